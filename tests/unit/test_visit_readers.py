"""Reading the visits' files: staff, services, absences, care plan, appointments.

Optional files: a meals-only folder reads as before with the default catalogue. An error in a
visits file stops the run naming the file, row, column and value; Bulgarian headers work, and
a care plan's "дни" are visit days, not the register's delivery days."""

from __future__ import annotations

import datetime as dt

import pytest

from mealplan.errors import InputError
from mealplan.io.readers.dataset import read_dataset
from mealplan.io.readers.visits import parse_shift, read_visits
from mealplan.visit_defaults import DEFAULT_SERVICES
from mealplan.visit_models import Shift, TravelMode
from tests.helpers import read_rows, write_rows
from tests.visits_helpers import meals_only


@pytest.fixture
def folder(small_dir, tmp_path):
    """The small sample without its generated visits, with coordinates for its offices."""
    data = meals_only(small_dir, tmp_path / "data")
    offices = read_rows(data / "offices.csv")
    for i, office in enumerate(offices):
        office["lat"], office["lon"] = f"{42.65 + i * 0.01:.4f}", "23.3200"
    write_rows(data / "offices.csv", offices)
    return data


def visits(folder):
    dataset = read_dataset(folder)
    return read_visits(folder, dataset.clients, dataset.offices, dataset.area)


def client_ids(folder, n=3):
    return [r["client_id"] for r in read_rows(folder / "clients.csv")[:n]]


def office_ids(folder):
    return [r["office_id"] for r in read_rows(folder / "offices.csv")]


STAFF = "worker_id,name,office_id,skills,contract_hours"


def write(path, header, *rows):
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def failure(folder):
    with pytest.raises(InputError) as caught:
        visits(folder)
    problem = caught.value.problems[0]
    return problem.file, problem.row, problem.column, problem.value


def test_a_meals_only_folder_has_no_visits_and_the_default_catalogue(small_dir, tmp_path):
    data = visits(meals_only(small_dir, tmp_path / "meals"))
    assert data.workers == () and data.care_plan == () and data.files == ()
    assert {s.code for s in data.services} == {s.code for s in DEFAULT_SERVICES}
    assert any(s.workers == 2 for s in data.services) and any(s.escort for s in data.services)


def test_staff_with_bulgarian_headers_start_at_their_office_and_keep_each_days_shift(folder):
    s1 = office_ids(folder)[0]
    write(
        folder / "staff.csv",
        "служител,име,служба,умения,часове седмично,работни дни,смяна от,смяна до,shift_fri,придвижване",
        f"W1,Мария Иванова,{s1},care errands,40,пн-пт,08:00,16:30,08:00-12:00,пеша",
        f"W2,Петър Петров,{s1},escort,20,вт чт,09:00,13:00,,градски транспорт",
    )
    data = visits(folder)
    w1, w2 = data.workers
    office = next(o for o in read_dataset(folder).offices if o.office_id == s1)
    assert (w1.start_lat, w1.start_lon) == (office.lat, office.lon) == (w1.end_lat, w1.end_lon)
    assert w1.skills == {"care", "errands"} and w1.travel_mode is TravelMode.FOOT
    assert w1.shifts[0] == Shift(start_min=480, end_min=990) and w1.shifts[4] == Shift(start_min=480, end_min=720)
    assert set(w2.shifts) == {1, 3} and w2.contract_h_week == 20 and w2.travel_mode is TravelMode.TRANSIT
    assert data.files == ("staff.csv",)


def test_a_care_plans_days_are_visit_days_and_its_note_is_a_note(folder):
    c1, c2, _ = client_ids(folder)
    write(
        folder / "care_plan.csv",
        "клиент,услуга,дни,пъти седмично,дни между,от час,до час,бележка",
        f"{c1},shopping,пн чт,,,09:00,12:00,списъкът е на хладилника",
        f"{c2},cleaning,,2,2,08:00,15:00,",
    )
    first, second = visits(folder).care_plan
    assert first.weekdays == {0, 3} and first.duration_min == 60 and first.note == "списъкът е на хладилника"
    assert second.times_per_week == 2 and second.min_gap_days == 2 and second.weekdays == frozenset()
    assert (second.window_start_min, second.window_end_min) == (480, 900)


@pytest.mark.parametrize(
    ("file", "header", "row", "where"),
    [
        ("staff.csv", STAFF, "W1,Мария,S99,care,40", ("office_id", "S99")),
        ("staff.csv", STAFF, "W1,Мария,{office},care,0", ("contract_hours", "0")),
        ("staff.csv", STAFF + ",shift_mon", "W1,Мария,{office},care,40,16:00-08:00",
         ("shift_mon", "16:00-08:00")),
        ("care_plan.csv", "client_id,service,days", "{client},massage,пн", ("service", "massage")),
        ("care_plan.csv", "client_id,service,days", "NOBODY,cleaning,пн", ("client_id", "NOBODY")),
        ("care_plan.csv", "client_id,service,days,times_per_week", "{client},cleaning,пн,2", ("times_per_week", "2")),
        ("care_plan.csv", "client_id,service,times_per_week,min_gap_days", "{client},cleaning,4,3",
         ("min_gap_days", "3")),
        ("appointments.csv", "client_id,service,date,time", "{client},doctor,31.02.2026,10:30", ("date", "31.02.2026")),
        ("appointments.csv", "client_id,service,date,time,duration_min", "{client},doctor,2026-12-14,23:30,60",
         ("duration_min", "60")),
    ],
)  # fmt: skip
def test_a_bad_row_in_a_visits_file_stops_the_run_naming_file_row_column_and_value(folder, file, header, row, where):
    office, client = office_ids(folder)[0], client_ids(folder, 1)[0]
    if file != "staff.csv":
        write(folder / "staff.csv", STAFF, f"W1,Мария,{office},care,40")
    write(folder / file, header, row.format(office=office, client=client))
    assert failure(folder) == (file, 2, *where)


def test_an_absence_of_an_unknown_worker_is_named(folder):
    write(folder / "staff.csv", STAFF, f"W1,Мария,{office_ids(folder)[0]},care,40")
    write(folder / "staff_absences.csv", "worker_id,start_date,end_date,reason", "W1,2026-12-14,2026-12-18,отпуск",
          "W7,2026-12-14,2026-12-15,болничен")  # fmt: skip
    assert failure(folder) == ("staff_absences.csv", 3, "worker_id", "W7")


def test_an_absence_of_one_day_and_an_appointment_read_as_given(folder):
    c1 = client_ids(folder, 1)[0]
    write(folder / "staff.csv", STAFF, f"W1,Мария,{office_ids(folder)[0]},escort,40")
    write(folder / "staff_absences.csv", "работник,дата,причина", "W1,15.12.2026,обучение")
    write(folder / "appointments.csv", "клиент,услуга,дата,час,работник", f"{c1},telk,2026-12-16,09:00,W1")
    data = visits(folder)
    assert (data.absences[0].start, data.absences[0].end) == (dt.date(2026, 12, 15),) * 2
    appointment = data.appointments[0]
    assert (appointment.date, appointment.start_min, appointment.duration_min) == (dt.date(2026, 12, 16), 540, 120)


def test_a_line_that_follows_another_clients_line_is_named(folder):
    c1, c2, _ = client_ids(folder)
    write(folder / "care_plan.csv", "line_id,client_id,service,days,follows,gap_min,gap_max",
          f"A,{c1},hygiene,пн,,,", f"B,{c2},hygiene,пн,A,30,60")  # fmt: skip
    assert failure(folder) == ("care_plan.csv", 3, "follows", "A")


def test_shift_cells_read_as_people_write_them():
    assert parse_shift("8:00 – 12:30") == Shift(start_min=480, end_min=750)
    assert parse_shift("почивен") is None
    with pytest.raises(ValueError):
        parse_shift("08:00")


def test_the_lunch_window_is_written_as_times_in_settings(folder):
    settings = (folder / "settings.csv").read_text(encoding="utf-8-sig").rstrip("\n")
    (folder / "settings.csv").write_text(settings + "\nlunch_from,12:00\nlunch_until,14:30\n", encoding="utf-8")
    assert (read_dataset(folder).settings.lunch_from, read_dataset(folder).settings.lunch_until) == (720, 870)
    (folder / "settings.csv").write_text(settings + "\nlunch_from,12.75\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_dataset(folder)
    problem = caught.value.problems[0]
    assert (problem.file, problem.column, problem.value) == ("settings.csv", "value", "12.75")
