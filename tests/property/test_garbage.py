"""Properties over hostile registers: garbage in random cells never crashes a run or loses a row."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mealplan.io.readers.dataset import read_dataset
from mealplan.io.tabular import read_table, write_csv
from mealplan.io.writers.sample_data import write_sample
from mealplan.models import LedgerStatus
from mealplan.pipeline import RunConfig, run_day
from mealplan.sample import generate_sofia
from tests.helpers import read_rows, write_rows

COLUMNS = [
    "client_id",
    "name",
    "office_id",
    "floor",
    "has_lift",
    "lat",
    "lon",
    "diet",
    "portions",
    "delivery_days",
    "window_start",
    "window_end",
    "start_date",
    "end_date",
    "status",
    "access_notes",
]
GARBAGE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "999999",
            "1e308",
            "nan",
            "=1+1",
            "<b>x</b>",
            "25:61",
            "31.02.2026",
            "пн-вт-ср",
            "42,7",
            "23.3",
            "да",
            "закрит",
            "diabetic",
            "C00001",
            "\u202e",
            "x" * 3000,
        ]
    ),
)
EDITS = st.lists(st.tuples(st.integers(0, 39), st.sampled_from(COLUMNS), GARBAGE), max_size=25)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS, day_offset=st.integers(0, 400))
def test_garbage_cells_never_crash_and_every_row_lands_once(tmp_path_factory, edits, day_offset):
    """Any cell values: the plan is made, each register row has one ledger entry, routes pass the checker."""
    folder = tmp_path_factory.mktemp("garbage")
    write_sample(generate_sofia(seed=11, n_clients=40), folder)
    rows = read_rows(folder / "clients.csv")
    for index, column, value in edits:
        rows[index][column] = value
    write_rows(folder / "clients.csv", rows)
    dataset = read_dataset(folder)
    plan, _ = run_day(
        RunConfig(data_dir=folder, date=dt.date(2026, 1, 5) + dt.timedelta(days=day_offset), time_limit_s=1, workers=1),
        dataset=dataset,
    )
    assert sorted(e.row for e in plan.ledger) == list(range(2, len(rows) + 2))
    assert plan.violations == ()
    invalid_rows = {e.row for e in plan.ledger if e.status is LedgerStatus.INVALID}
    error_rows = {p.row for p in dataset.problems if p.file == "clients.csv" and p.severity.value == "error"}
    assert invalid_rows == error_rows - {1}


CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=8))
def test_csv_round_trip_keeps_every_cell(tmp_path_factory, rows):
    """What write_csv writes, read_table reads back (trimmed; formula cells carry their guard quote)."""
    path = tmp_path_factory.mktemp("rt") / "t.csv"
    write_csv(path, ["a", "b", "c"], rows)
    table = read_table(path)
    expected = [
        [("'" + c if c.startswith(("=", "+", "-", "@", "\t")) else c).strip() for c in row]
        for row in rows
        if any(("'" + c if c.startswith(("=", "+", "-", "@", "\t")) else c).strip() for c in row)
    ]
    assert [[r.get(k, "") for k in ("a", "b", "c")] for r in table.rows] == expected
