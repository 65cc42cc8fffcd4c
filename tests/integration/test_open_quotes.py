"""Every physical row of the register is accounted for, even when a cell opens a quote and never closes it.

Bulgarian Excel exports are ``;``-separated; a note typed as ``"Звънец 2 пъти`` used to swallow
every following line into one cell, and 1,990 of 2,000 clients vanished from the ledger without
a word. The reader now reads such rows line by line, keeps the quote as text and reports the row.
"""

from __future__ import annotations

import csv

import pytest

from mealplan.io.readers.dataset import read_dataset
from tests.helpers import copy_data, read_rows, run_plan

DIALECTS = {
    "semicolon-utf8": (";", "utf-8-sig"),
    "comma-utf8": (",", "utf-8"),
    "tab-utf8": ("\t", "utf-8"),
    "semicolon-cp1251": (";", "cp1251"),
    "comma-cp1251": (",", "cp1251"),
}
STRAY = '"Звънец 2 пъти'


def write_with_open_quote(path, rows, delimiter, encoding, index):
    """Write ``rows`` as an office would, then put an unclosed quote at the start of row ``index``'s notes."""
    columns = list(rows[0])
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(columns)
        for i, row in enumerate(rows):
            cells = [row[c] for c in columns]
            line = delimiter.join(
                c if c.count(delimiter) == 0 and '"' not in c else '"' + c.replace('"', '""') + '"' for c in cells
            )
            if i == index:
                notes = columns.index("access_notes")
                cells_out = line.split(delimiter) if all(delimiter not in c and '"' not in c for c in cells) else None
                assert cells_out is not None, "the test row must be plain"
                cells_out[notes] = STRAY
                line = delimiter.join(cells_out)
            handle.write(line + "\r\n")


def plain_rows(small_dir):
    """The small sample's clients with every cell free of quotes and separators (so one stray quote is the only one)."""
    rows = read_rows(small_dir / "clients.csv")
    for row in rows:
        for key, value in row.items():
            row[key] = value.replace('"', "").replace("„", "").replace("“", "").replace(",", " ").replace(";", " ")
    return rows


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_an_unclosed_quote_never_shortens_the_register(small_dir, tmp_path, dialect, where):
    """Register rows == physical data lines, the stray row is kept whole and reported, others untouched."""
    delimiter, encoding = DIALECTS[dialect]
    data = copy_data(small_dir, tmp_path / "data")
    rows = plain_rows(small_dir)
    index = {"start": 0, "middle": len(rows) // 2, "end": len(rows) - 1}[where]
    write_with_open_quote(data / "clients.csv", rows, delimiter, encoding, index)

    dataset = read_dataset(data)
    assert len(dataset.register_rows) == len(rows)
    assert [r.client_id for r in dataset.register_rows] == [r["client_id"] for r in rows]
    stray = next(c for c in dataset.clients if c.client_id == rows[index]["client_id"])
    assert stray.access_notes == STRAY
    reported = [p for p in dataset.problems if p.code == "unclosed_quote"]
    assert [(p.row, p.column, p.value) for p in reported] == [(index + 2, "access_notes", STRAY)]
    assert len(dataset.clients) == len(rows)


def test_the_ledger_of_a_register_with_an_open_quote_has_one_line_per_physical_row(small_dir, tmp_path):
    """Through the whole night: the ledger accounts for every line of the file, not the 10 the csv module saw."""
    data = copy_data(small_dir, tmp_path / "data")
    rows = plain_rows(small_dir)
    write_with_open_quote(data / "clients.csv", rows, ";", "utf-8-sig", 9)
    result = run_plan(data, tmp_path / "out")
    assert result.exit_code == 0, result.output
    ledger = read_rows(tmp_path / "out" / "2026-11-25" / "ledger.csv")
    assert len(ledger) == len(rows)
    assert sorted(int(r["row"]) for r in ledger) == list(range(2, len(rows) + 2))


def test_a_legitimate_multi_line_note_stays_one_cell(small_dir, tmp_path):
    """A properly quoted note with a line break (Alt+Enter in Excel) is one cell, not two rows."""
    data = copy_data(small_dir, tmp_path / "data")
    rows = plain_rows(small_dir)
    rows[3]["access_notes"] = "Звънец 2 пъти\nкуче в двора"
    with (data / "clients.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    dataset = read_dataset(data)
    assert len(dataset.register_rows) == len(rows)
    assert (
        next(c for c in dataset.clients if c.client_id == rows[3]["client_id"]).access_notes
        == "Звънец 2 пъти\nкуче в двора"
    )
    assert not [p for p in dataset.problems if p.code == "unclosed_quote"]
