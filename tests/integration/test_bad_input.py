"""Issue 3's bad inputs, all in one register: each is reported precisely, and every other row is planned.

Each case edits one data row of the 150-client slice (spreadsheet row = index + 2). The whole
register is then validated and planned once.
"""

import datetime as dt

import pytest
from click.testing import CliRunner

from mealplan.cli import cli
from mealplan.errors import InputError
from mealplan.io.readers.dataset import read_dataset
from mealplan.io.wording import ledger_reason, problem_expected, problem_message, register_errors_by_row
from mealplan.models import LedgerStatus
from mealplan.pipeline import RunConfig, run_day
from tests.helpers import copy_data, read_rows, run_plan, write_rows

DAY = dt.date(2026, 11, 25)
LONG_NOTE = "Много дълга бележка. " * 500

# index: (edits, column reported, value reported, code, row excluded?)
CASES = {
    3: ({"client_id": "@DUP"}, "client_id", "@DUP", "duplicate", True),  # same id as index 2
    5: ({"diet": "vegan"}, "diet", "vegan", "invalid", True),
    7: ({"office_id": "S99"}, "office_id", "S99", "unknown_reference", False),
    9: ({"delivery_days": "пн,xx"}, "delivery_days", "пн,xx", "invalid", True),
    11: ({"lat": "48.8566", "lon": "2.3522"}, "lat", "48.8566", "invalid", True),
    13: ({"lat": "23.3200", "lon": "42.6900"}, "lat", "23.3200", "swapped", True),
    15: ({"portions": "0"}, "portions", "0", "invalid", True),
    17: ({"portions": "500"}, "portions", "500", "invalid", True),
    19: ({"start_date": "2026-13-01"}, "start_date", "2026-13-01", "invalid", True),
    21: ({"window_start": "25:00"}, "window_start", "25:00", "invalid", True),
    23: ({"start_date": "2026-05-01", "end_date": "2026-04-01"}, "end_date", "2026-04-01", "invalid", True),
    25: ({"window_start": "13:00", "window_end": "11:00"}, "window_end", "11:00", "invalid", True),
    27: ({"name": ""}, "name", "", "missing", True),
    29: ({"access_notes": LONG_NOTE}, "access_notes", None, "too_long", False),
    31: ({"lat": "42.70", "lon": ""}, "lon", "", "missing", False),
    33: ({"status": "unknown"}, "status", "unknown", "invalid", True),
    35: ({"floor": "ten"}, "floor", "ten", "invalid", True),
}


@pytest.fixture(scope="module")
def bad_run(small_dir, tmp_path_factory):
    """The slice with every bad row of CASES, read and planned once (plus the edited rows)."""
    data = copy_data(small_dir, tmp_path_factory.mktemp("bad") / "data")
    rows = read_rows(data / "clients.csv")
    rows[2]["client_id"] = "@DUP"
    for index, (edits, *_rest) in CASES.items():
        rows[index].update(edits)
        # Keep every case due on the day so that its row could only be lost by being invalid.
        if "start_date" not in edits:
            rows[index]["start_date"] = "2020-01-01"
            rows[index]["end_date"] = ""
            rows[index]["status"] = rows[index]["status"] if "status" in edits else "active"
    write_rows(data / "clients.csv", rows)
    dataset = read_dataset(data)
    plan, _ = run_day(RunConfig(data_dir=data, date=DAY, time_limit_s=2, workers=1), dataset=dataset)
    return data, rows, dataset, plan


@pytest.mark.parametrize("index", sorted(CASES))
def test_each_bad_cell_is_reported_with_file_row_column_value_and_expectation(bad_run, index):
    """The problem names clients.csv, the spreadsheet row, the column, the value and what was expected."""
    _, _rows, dataset, plan = bad_run
    _edits, column, value, code, excluded = CASES[index]
    row = index + 2
    found = [p for p in dataset.problems if p.row == row and p.column == column]
    assert found, [p for p in dataset.problems if p.row == row]
    problem = found[0]
    assert problem.file == "clients.csv" and problem.code == code
    assert problem.expected and problem_message(problem, "bg") and problem_expected(problem, "bg")
    if value is not None:
        assert problem.value == value
    entry = next(e for e in plan.ledger if e.row == row)
    if excluded:
        assert entry.status is LedgerStatus.INVALID
        assert column in ledger_reason(entry, register_errors_by_row(dataset.problems, dataset.register_file), "bg")
    else:
        assert entry.status is not LedgerStatus.INVALID


def test_every_other_row_is_still_planned(bad_run):
    """Rows without an error are never invalid, and the day is served as usual."""
    _, rows, _dataset, plan = bad_run
    bad_rows = {i + 2 for i, case in CASES.items() if case[4]}
    for entry in plan.ledger:
        if entry.row not in bad_rows:
            assert entry.status is not LedgerStatus.INVALID, entry
    assert len(plan.ledger) == len(rows)
    routed = sum(e.status is LedgerStatus.ROUTED for e in plan.ledger)
    due = sum(e.status in (LedgerStatus.ROUTED, LedgerStatus.UNSERVED) for e in plan.ledger)
    assert routed >= 0.9 * due


def test_long_cells_are_kept_whole(bad_run):
    """A 10,000-character note is warned about but reaches the plan intact: nothing is lost."""
    _, rows, dataset, _ = bad_run
    client = next(c for c in dataset.clients if c.client_id == rows[29]["client_id"])
    assert client.access_notes == LONG_NOTE.strip()  # cells are trimmed of surrounding spaces, nothing else


def test_half_coordinates_mean_no_coordinates_and_the_client_is_unserved_with_that_reason(bad_run):
    """lat without lon: warned, then unserved 'no coordinates' rather than guessed."""
    _, _rows, _, plan = bad_run
    entry = next(e for e in plan.ledger if e.row == 33)
    assert entry.status is LedgerStatus.UNSERVED and entry.reason_code == "no_coordinates"


def test_problems_csv_lists_every_problem(bad_run, tmp_path):
    """plan writes problems.csv with one line per problem, the same ones validate prints."""
    data, _, dataset, _ = bad_run
    result = run_plan(data, tmp_path, DAY.isoformat())
    assert result.exit_code == 0, result.output
    lines = read_rows(tmp_path / DAY.isoformat() / "problems.csv")
    assert len(lines) == len(dataset.problems)
    assert {"file", "row", "column", "value", "expected", "message"} <= set(lines[0])
    validate = CliRunner().invoke(cli, ["validate", "--data", str(data)])
    assert validate.exit_code == 2 and "clients.csv:7 [diet] „vegan“" in validate.output


def test_damaged_utf8_bytes_are_reported_in_their_cell_and_the_rest_of_the_file_reads(small_dir, tmp_path):
    """One broken byte in a name: a warning for that cell; every other Cyrillic cell reads correctly."""
    data = copy_data(small_dir, tmp_path / "data")
    raw = (data / "clients.csv").read_bytes()
    rows = read_rows(data / "clients.csv")
    name = rows[4]["name"].encode("utf-8")
    (data / "clients.csv").write_bytes(raw.replace(name, name[:3] + b"\xff" + name[3:], 1))
    dataset = read_dataset(data)
    assert any(p.row == 6 and p.column == "name" and p.code == "damaged_bytes" for p in dataset.problems)
    assert dataset.clients[0].name == rows[0]["name"]
    assert len(dataset.register_rows) == len(rows)


def test_unknown_and_extra_columns_are_warned_not_fatal(small_dir, tmp_path):
    """A column we do not know is named in a warning; cells beyond the header are warned per row."""
    data = copy_data(small_dir, tmp_path / "data")
    rows = read_rows(data / "clients.csv")
    for row in rows:
        row["Любим цвят"] = "син"
    write_rows(data / "clients.csv", rows)
    text = (data / "clients.csv").read_text(encoding="utf-8-sig").splitlines()
    text[1] += ",лишна клетка"
    (data / "clients.csv").write_text("\n".join(text) + "\n", encoding="utf-8-sig")
    dataset = read_dataset(data)
    assert any(p.code == "unknown_column" and p.column == "любим_цвят" for p in dataset.problems)
    assert any(p.row == 2 and p.column == "__extra__" for p in dataset.problems)
    assert len(dataset.register_rows) == len(rows)
    assert not [p for p in dataset.problems if p.severity.value == "error"]


def test_header_only_register_plans_an_empty_day(small_dir, tmp_path):
    """A register with a header and no rows is valid: an empty plan, an empty ledger, exit 0."""
    data = copy_data(small_dir, tmp_path / "data")
    header = (data / "clients.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    (data / "clients.csv").write_text(header + "\n", encoding="utf-8")
    result = run_plan(data, tmp_path / "out", DAY.isoformat())
    assert result.exit_code == 0, result.output
    assert read_rows(tmp_path / "out" / DAY.isoformat() / "ledger.csv") == []


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "empty"),
        (b"\x00\x01\x02\xff\xfe" * 200, "not a text file"),
        (b"\x01\x02\x03\x80\x81\x82" * 200, "neither UTF-8 nor Windows-1251"),
    ],
    ids=["empty", "binary", "control-bytes"],
)
def test_unusable_register_files_stop_with_a_message_naming_the_file(small_dir, tmp_path, content, message):
    """An empty or binary clients.csv gives exit code 2 and a message, not a traceback."""
    data = copy_data(small_dir, tmp_path / "data")
    (data / "clients.csv").write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_dataset(data)
    result = CliRunner().invoke(cli, ["validate", "--data", str(data)])
    assert result.exit_code == 2 and "clients.csv" in result.output


def test_pause_with_inverted_dates_is_reported_and_a_van_of_unknown_kitchen_stops_the_run(small_dir, tmp_path):
    """Supporting files are validated the same way: file, row, column, value. A pause row is the
    register's (excluded alone); a van row is configuration (the run stops with the problem)."""
    data = copy_data(small_dir, tmp_path / "data")
    client_id = read_rows(data / "clients.csv")[0]["client_id"]
    (data / "pauses.csv").write_text(
        f"client_id,start_date,end_date,reason\n{client_id},2026-05-10,2026-05-01,x\n", encoding="utf-8"
    )
    dataset = read_dataset(data)
    assert any(p.file == "pauses.csv" and p.row == 2 and p.column == "end_date" for p in dataset.problems)
    vans = read_rows(data / "vans.csv")
    vans[0]["kitchen_id"] = "K99"
    write_rows(data / "vans.csv", vans)
    with pytest.raises(InputError) as caught:
        read_dataset(data)
    assert [(p.file, p.row, p.column, p.value) for p in caught.value.problems] == [("vans.csv", 2, "kitchen_id", "K99")]
