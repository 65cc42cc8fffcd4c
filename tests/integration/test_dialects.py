"""Whatever the spreadsheet dialect, the same data gives the same plan."""

import hashlib

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from mealplan.cli import cli
from mealplan.io.readers.dataset import read_dataset
from tests.helpers import copy_data, read_rows, write_rows

DATE = "2026-11-25"
DECIMAL_COLUMNS = ("lat", "lon")


def as_excel_bulgarian(rows):
    """Bulgarian Excel habits: decimal commas and Bulgarian headers."""
    headers = {
        "client_id": "Номер",
        "name": "Име",
        "diet": "Диета",
        "portions": "Порции",
        "floor": "Етаж",
        "address": "Адрес",
        "phone": "Телефон",
    }
    out = []
    for row in rows:
        new = {}
        for key, value in row.items():
            new[headers.get(key, key)] = value.replace(".", ",") if key in DECIMAL_COLUMNS else value
        out.append(new)
    return out


def write_dialect(data, dialect):
    rows = read_rows(data / "clients.csv")
    path = data / "clients.csv"
    if dialect == "cp1251-semicolon-decimal-comma":
        write_rows(path, as_excel_bulgarian(rows), delimiter=";", encoding="cp1251")
    elif dialect == "utf8-tab":
        write_rows(path, rows, delimiter="\t", encoding="utf-8")
    elif dialect == "xlsx":
        path.unlink()
        workbook = Workbook()
        sheet = workbook.active
        header = list(as_excel_bulgarian(rows)[0])
        sheet.append(header)
        for row in as_excel_bulgarian(rows):
            sheet.append([row[h] for h in header])
        workbook.save(data / "clients.xlsx")


def digests(folder):
    """Every file of the night but .history/ (the run as the history records it: it holds when the
    run started, which no rerun repeats) and .source (the data folder's path, which differs here
    by design): they are for `history --record`, `publish` and the replace guard, not for people."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).as_posix().startswith((".history/", ".source"))
    }


@pytest.mark.parametrize("dialect", ["cp1251-semicolon-decimal-comma", "utf8-tab", "xlsx"])
def test_the_same_register_in_another_dialect_reads_to_the_same_clients(small_dir, small_dataset, tmp_path, dialect):
    """Windows-1251 with ';' and decimal commas, tab-separated, or XLSX: identical clients."""
    data = copy_data(small_dir, tmp_path / "data")
    write_dialect(data, dialect)
    dataset = read_dataset(data)
    assert [p for p in dataset.problems if p.severity.value == "error"] == []
    assert dataset.clients == tuple(c for c in small_dataset.clients)


def test_the_same_register_in_another_dialect_gives_the_same_plan_files(small_dir, tmp_path):
    """A reproducible plan from the cp1251 ';' file equals the one from the UTF-8 file, file by file."""
    data = copy_data(small_dir, tmp_path / "data")
    write_dialect(data, "cp1251-semicolon-decimal-comma")
    results = []
    for name, folder in (("utf8", small_dir), ("cp1251", data)):
        out = tmp_path / name
        result = CliRunner().invoke(
            cli,
            [
                "plan",
                "--date",
                DATE,
                "--data",
                str(folder),
                "--out",
                str(out),
                "--seed",
                "1",
                "--solution-limit",
                "100",
                "--time-limit",
                "60",
                # Each run with a history of its own: the same inputs and the same (empty) history.
                "--db",
                f"sqlite:///{tmp_path / name}.sqlite",
                "--workers",
                "1",
            ],
        )
        assert result.exit_code == 0, result.output
        results.append(digests(out / DATE))
    assert results[0] == results[1]
