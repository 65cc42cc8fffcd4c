import pytest

from mealplan.errors import InputError
from mealplan.io.readers.dataset import parse_weekdays, read_dataset
from tests.helpers import copy_data, edit_cell, read_rows, write_rows


def problems_at(dataset, row, column):
    return [p for p in dataset.problems if p.row == row and p.column == column]


def test_bundled_sample_reads_without_errors(sample_dataset):
    """The shipped sample is clean: 2,000 register rows, no error-level problems."""
    assert len(sample_dataset.register_rows) == 2000
    assert [p for p in sample_dataset.problems if p.severity.value == "error"] == []
    assert len(sample_dataset.kitchens) == 5 and len(sample_dataset.offices) == 9
    assert 30 <= len(sample_dataset.vans) <= 45


@pytest.mark.parametrize(
    "column,value,code",
    [
        ("diet", "vegan", "invalid"),
        ("portions", "0", "invalid"),
        ("portions", "abc", "invalid"),
        ("window_end", "09:00", "invalid"),
        ("start_date", "31.02.2026", "invalid"),
        ("delivery_days", "понеделник-xx", "invalid"),
        ("lat", "91", "invalid"),
    ],
)
def test_a_bad_cell_excludes_its_row_and_names_file_row_column_value(small_dir, tmp_path, column, value, code):
    """One bad cell: a problem with file, row, column and value; the row is excluded, the rest kept."""
    data = copy_data(small_dir, tmp_path / "data")
    edited = edit_cell(data / "clients.csv", 4, column, value)
    dataset = read_dataset(data)
    found = problems_at(dataset, 6, column)
    assert found, dataset.problems
    assert found[0].file == "clients.csv" and found[0].value == value and found[0].code == code
    assert found[0].expected
    assert edited["client_id"] not in {c.client_id for c in dataset.clients}
    assert len(dataset.clients) == len(dataset.register_rows) - 1


def test_swapped_coordinates_are_reported_as_swapped(small_dir, tmp_path):
    """lat/lon in the wrong columns are recognised and named, not silently misplaced."""
    data = copy_data(small_dir, tmp_path / "data")
    rows = read_rows(data / "clients.csv")
    rows[0]["lat"], rows[0]["lon"] = rows[0]["lon"], rows[0]["lat"]
    write_rows(data / "clients.csv", rows)
    dataset = read_dataset(data)
    assert problems_at(dataset, 2, "lat")[0].code == "swapped"


def test_duplicate_client_id_keeps_first_row_and_excludes_second(small_dir, tmp_path):
    """The second row with an id already seen is invalid; both stay in the register."""
    data = copy_data(small_dir, tmp_path / "data")
    rows = read_rows(data / "clients.csv")
    rows[3]["client_id"] = rows[2]["client_id"]
    write_rows(data / "clients.csv", rows)
    dataset = read_dataset(data)
    assert problems_at(dataset, 5, "client_id")[0].code == "duplicate"
    assert len(dataset.register_rows) == len(rows)


def test_missing_required_column_stops_with_a_message(small_dir, tmp_path):
    """Without a diet column the register cannot be read; the message names file and columns."""
    data = copy_data(small_dir, tmp_path / "data")
    rows = read_rows(data / "clients.csv")
    write_rows(data / "clients.csv", [{k: v for k, v in r.items() if k != "diet"} for r in rows])
    with pytest.raises(InputError, match=r"clients\.csv"):
        read_dataset(data)


def test_missing_data_folder_is_an_input_error(tmp_path):
    """A folder that does not exist is named in the error."""
    with pytest.raises(InputError, match="not found"):
        read_dataset(tmp_path / "nope")


def test_pause_for_unknown_client_is_reported(small_dir, tmp_path):
    """A pause naming a client not in the register is a problem in pauses.csv."""
    data = copy_data(small_dir, tmp_path / "data")
    (data / "pauses.csv").write_text(
        "client_id,start_date,end_date,reason\nX999,2026-01-01,2026-01-05,болница\n", encoding="utf-8"
    )
    dataset = read_dataset(data)
    assert any(p.file == "pauses.csv" and p.value == "X999" for p in dataset.problems)


def test_weekday_lists_accept_bulgarian_english_and_ranges():
    """'пн,ср,пт', 'Mon-Fri' and 'пн-пт' all parse."""
    assert parse_weekdays("пн,ср,пт") == {0, 2, 4}
    assert parse_weekdays("Mon-Fri") == {0, 1, 2, 3, 4}
    assert parse_weekdays("пн-пт") == {0, 1, 2, 3, 4}
