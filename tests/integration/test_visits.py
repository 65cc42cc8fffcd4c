"""A week of home visits end to end: every requested visit in the ledger once, the independent
check clean, and each rule of the week holding where it bites — two workers together, an escort
that would meet the client's lunch, a worker on leave, a refused worker, contract hours that
leave a visit out with the right reason."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from click.testing import CliRunner

from mealplan.cli import cli
from mealplan.io.readers.dataset import read_dataset
from mealplan.planning.visit_demand import iso_week_days
from mealplan.visit_models import UnplannedReason
from mealplan.visit_pipeline import VisitConfig, plan_visits
from tests.helpers import read_rows
from tests.visits_helpers import (
    CARE_HEADER,
    MONDAY,
    STAFF_HEADER,
    WEEK,
    first_client,
    meals_only,
    visits_folder,
    write,
)


def run(data, time_limit=3.0):
    return plan_visits(VisitConfig(data_dir=data, period=iso_week_days(WEEK), time_limit_s=time_limit, workers=1))


@pytest.fixture(scope="module")
def week(small_dir, tmp_path_factory):
    data = visits_folder(small_dir, tmp_path_factory.mktemp("visits") / "data")
    plan, dataset, visit_data = run(data)
    return data, plan, dataset, visit_data


def test_every_requested_visit_is_planned_or_unplanned_once_and_the_check_is_clean(week):
    _, plan, _, _ = week
    planned = Counter(v.occurrence_id for d in plan.days for v in d.visits)
    unplanned = Counter(u.occurrence_id for u in plan.unplanned)
    every = {o.occurrence_id for o in plan.occurrences}
    assert set(planned) | set(unplanned) == every and not set(planned) & set(unplanned)
    assert all(n == 1 for n in unplanned.values())
    assert plan.violations == ()
    # Three workers an office have room for this care plan: only the register keeps a visit out.
    register = {UnplannedReason.CLIENT_PAUSED, UnplannedReason.CLIENT_NOT_ACTIVE}
    assert {u.reason for u in plan.unplanned} <= register


def test_a_two_worker_visit_has_two_workers_starting_together(week):
    _, plan, _, _ = week
    bathing = {o.occurrence_id for o in plan.occurrences if o.workers_needed == 2}
    starts = [(d.worker_id, d.date, v.start_min) for d in plan.days for v in d.visits if v.occurrence_id in bathing]
    assert bathing and len(starts) == 2 * len({v.occurrence_id for d in plan.days for v in d.visits} & bathing)
    by_visit = {}
    for d in plan.days:
        for v in d.visits:
            if v.occurrence_id in bathing:
                by_visit.setdefault(v.occurrence_id, []).append((d.worker_id, d.date, v.start_min, v.partner))
    for (w1, d1, s1, p1), (w2, d2, s2, p2) in by_visit.values():
        assert w1 != w2 and (d1, s1) == (d2, s2) and (p1, p2) == (w2, w1)


def test_a_flexible_line_goes_on_days_at_least_its_gap_apart(week):
    _, plan, _, _ = week
    hygiene = {o.occurrence_id: o.group for o in plan.occurrences if o.group.endswith("-H")}
    dates: dict[str, list] = {}
    for d in plan.days:
        for v in d.visits:
            if v.occurrence_id in hygiene:
                dates.setdefault(hygiene[v.occurrence_id], []).append(d.date)
    assert dates
    for days in dates.values():
        days.sort()
        assert all((b - a).days >= 2 for a, b in itertools.pairwise(days))


def test_the_ledger_csv_accounts_for_every_occurrence_with_words_for_the_unplanned(week, tmp_path):
    from mealplan.io.writers.visits_folder import write_visits

    _, plan, dataset, visit_data = week
    folder = write_visits(plan, dataset, visit_data, tmp_path, "en")
    assert folder.name == WEEK
    rows = read_rows(folder / "ledger.csv")
    assert sorted(r["occurrence_id"] for r in rows) == sorted(o.occurrence_id for o in plan.occurrences)
    for row in rows:
        if row["status"] == "planned":
            assert row["worker_id"] and row["date"] and row["start"]
        else:
            assert row["reason_code"] in {r.value for r in UnplannedReason} and row["reason"]


def test_an_escort_at_the_clients_lunch_time_is_left_out_as_a_clash(small_dir, tmp_path):
    data = visits_folder(small_dir, tmp_path / "data")
    client = next(r for r in read_rows(data / "clients.csv") if r["status"] == "active" and r["lat"]
                  and "вт" in r["delivery_days"])  # fmt: skip
    lunch = client["window_start"]  # the client's meal may come from this minute on
    appointment = f"{client['client_id']},doctor,2026-12-15,{lunch}"
    write(data / "appointments.csv", "client_id,service,date,time", [appointment])
    plan, _, _ = run(data, time_limit=1.0)
    clash = [u for u in plan.unplanned if u.occurrence_id.startswith(client["client_id"] + "/")]
    assert [u.reason for u in clash] == [UnplannedReason.APPOINTMENT_CLASH]


def test_a_worker_on_leave_has_no_day_and_a_refused_worker_never_comes(small_dir, tmp_path):
    data = visits_folder(small_dir, tmp_path / "data")
    write(data / "staff_absences.csv", "worker_id,start_date,end_date,reason", ["S1-W1,2026-12-14,2026-12-16,отпуск"])
    client = first_client(data, "S1", 2)
    care = (data / "care_plan.csv").read_text(encoding="utf-8").splitlines()
    care.append(f"S1-R,{client['client_id']},shopping,пн вт ср чт пт,,,08:00,15:00,S1-W1 S1-W3")
    write(data / "care_plan.csv", CARE_HEADER, care[1:])
    plan, _, _ = run(data, time_limit=2.0)
    assert not [d for d in plan.days if d.worker_id == "S1-W1" and d.date <= MONDAY.replace(day=16)]
    refused = {d.worker_id for d in plan.days for v in d.visits if v.occurrence_id.startswith("S1-R@")}
    assert refused and refused.isdisjoint({"S1-W1", "S1-W3"})
    assert plan.violations == ()


def test_contract_hours_that_cannot_hold_the_care_plan_leave_visits_out_as_hours_exhausted(small_dir, tmp_path):
    data = visits_folder(small_dir, tmp_path / "data")
    staff = ["S1-W1,Мария Петрова,S1,home care errands escort,2,foot"]
    write(data / "staff.csv", STAFF_HEADER, staff)
    lines = (data / "care_plan.csv").read_text(encoding="utf-8").splitlines()[1:]
    care = [line for line in lines if line.startswith("S1-")]
    write(data / "care_plan.csv", CARE_HEADER, [line for line in care if "bathing" not in line])
    plan, _, _ = run(data, time_limit=2.0)
    worked = sum(d.work_min for d in plan.days)
    assert 0 < worked <= 120
    reasons = Counter(u.reason for u in plan.unplanned)
    assert reasons[UnplannedReason.WORKER_HOURS_EXHAUSTED] >= 1
    assert plan.violations == ()


def test_the_command_writes_the_week_and_a_typo_in_the_week_is_named(small_dir, tmp_path):
    data = visits_folder(small_dir, tmp_path / "data")
    runner = CliRunner()
    done = runner.invoke(cli, ["visits", "plan", "--data", str(data), "--week", WEEK, "--out", str(tmp_path / "out"),
                               "--time-limit", "2", "--workers", "1", "--lang", "en"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "Visits:" in done.output and (tmp_path / "out" / "visits" / WEEK / "ledger.csv").exists()
    typo = runner.invoke(cli, ["visits", "plan", "--data", str(data), "--week", "2026-W5l", "--lang", "en"])
    assert typo.exit_code == 2 and "2026-W5l" in typo.output and "Traceback" not in typo.output


def test_the_week_folder_has_each_workers_sheets_phone_pages_and_each_offices_pdf_grid_and_map(week, tmp_path):
    """What people read: every worker-day is on its worker's A4 sheet (time, client, address,
    phone, service, lunch, a column for what was done and a signature), has a phone page with
    tap-to-call, and is in its office's PDF, week grid and map; the index links them all."""
    import openpyxl

    from mealplan.io.writers.visits_folder import write_visits

    _, plan, dataset, visit_data = week
    folder = write_visits(plan, dataset, visit_data, tmp_path, lang="bg")
    clients = {c.client_id: c for c in dataset.clients}
    workers = {w.worker_id: w for w in visit_data.workers}
    index = (folder / "index.html").read_text(encoding="utf-8")
    for day in plan.days:
        office = workers[day.worker_id].office_id
        sheet = (folder / "sheets" / office / f"{day.worker_id}.html").read_text(encoding="utf-8")
        phone = (folder / "phone" / f"{day.worker_id}_{day.date.isoformat()}.html").read_text(encoding="utf-8")
        assert day.date.isoformat() in sheet and "Подпис на клиента" in sheet and "Извършено" in sheet
        for visit in day.visits:
            client = clients[visit.client_id]
            assert client.name in sheet and client.name in phone
            if client.phone:
                assert client.phone in sheet and 'href="tel:' in phone
        assert f"sheets/{office}/{day.worker_id}.html" in index
        assert f"phone/{day.worker_id}_{day.date.isoformat()}.html" in index
    for office in {workers[d.worker_id].office_id for d in plan.days}:
        assert (folder / "sheets" / f"{office}.pdf").read_bytes().startswith(b"%PDF")
        grid = openpyxl.load_workbook(folder / "grid" / f"{office}.xlsx")
        week_sheet = grid.worksheets[0]
        ids = [row[0].value for row in week_sheet.iter_rows(min_row=2) if row[0].value]
        assert set(ids) >= {d.worker_id for d in plan.days if workers[d.worker_id].office_id == office}
        assert "Баланс" in " ".join(str(c.value) for c in week_sheet[1])
        page = (folder / "maps" / f"{office}.html").read_text(encoding="utf-8")
        assert "L.map" in page and "unpkg" not in page  # Leaflet inside the file: works offline
        assert f"grid/{office}.xlsx" in index and f"maps/{office}.html" in index


def test_a_lunch_on_the_day_of_a_visit_is_on_the_workers_sheet(week, tmp_path):
    """A client who gets lunch that day: the sheet says when it comes, so the worker is not in
    the bath with the client when the van rings."""
    from mealplan.io.writers.visits_folder import write_visits

    _, plan, dataset, visit_data = week
    lunched = {(t.client_id, t.date) for t in plan.lunch}
    visit = next((d, v) for d in plan.days for v in d.visits if (v.client_id, d.date) in lunched)
    folder = write_visits(plan, dataset, visit_data, tmp_path, lang="en")
    office = next(w.office_id for w in visit_data.workers if w.worker_id == visit[0].worker_id)
    sheet = (folder / "sheets" / office / f"{visit[0].worker_id}.html").read_text(encoding="utf-8")
    assert "lunch comes" in sheet


def test_a_second_plan_of_visits_into_a_folder_being_written_stops_at_once_naming_the_first(small_dir, tmp_path):
    """Two coordinators planning visits into one folder at once: the second run neither plans
    nor records nor writes; it names the folder and the process that holds it."""
    import os

    from mealplan.io.writers.atomic import output_lock

    data = visits_folder(small_dir, tmp_path / "data")
    out = tmp_path / "out"
    with output_lock(out, ".mealplan-visits.lock"):
        second = CliRunner().invoke(cli, ["visits", "plan", "--data", str(data), "--week", WEEK, "--out", str(out),
                                          "--time-limit", "2", "--workers", "1", "--lang", "en"])  # fmt: skip
    assert second.exit_code not in (0, 1) and "Traceback" not in second.output
    assert "another mealplan run" in second.output and str(os.getpid()) in second.output
    assert not (out / "visits" / WEEK).exists()
    assert not (data / "history.sqlite").exists()


def test_a_meals_only_folder_plans_no_visits_and_says_so(small_dir, tmp_path):
    data = meals_only(small_dir, tmp_path / "meals")
    plan, _, _ = run(data, time_limit=1.0)
    assert plan.occurrences == () and plan.days == ()
    assert read_dataset(data).clients


def test_the_samples_own_week_plans_with_every_visit_in_the_ledger_and_a_clean_check(small_dir):
    """The generated staff, care plan, leave and appointments of the sample slice plan as they are."""
    plan, _, data = run(small_dir, time_limit=3.0)
    assert data.workers and data.care_plan and plan.violations == ()
    planned = {v.occurrence_id for d in plan.days for v in d.visits}
    assert planned | {u.occurrence_id for u in plan.unplanned} == {o.occurrence_id for o in plan.occurrences}


@pytest.mark.parametrize(
    ("file", "header", "line", "value"),
    [
        ("staff.csv", STAFF_HEADER, "S1-W9,Ана,S1,care,сорок,foot", "сорок"),
        ("care_plan.csv", CARE_HEADER, "S1-X,C99999,cleaning,пн,,,08:00,15:00,", "C99999"),
        ("appointments.csv", "client_id,service,date,time", "{client},doctor,2026-12-15,25:70", "25:70"),
    ],
)
def test_a_hostile_visits_file_exits_2_naming_file_row_and_value_and_writes_nothing(
    small_dir, tmp_path, file, header, line, value
):
    data = visits_folder(small_dir, tmp_path / "data")
    path = data / file
    kept = path.read_text(encoding="utf-8").splitlines()[1:] if path.exists() else []
    write(path, header, [*kept, line.format(client=first_client(data)["client_id"])])
    done = CliRunner().invoke(cli, ["visits", "plan", "--data", str(data), "--week", WEEK,
                                    "--out", str(tmp_path / "out"), "--lang", "en"])  # fmt: skip
    assert done.exit_code == 2, done.output
    assert file in done.output and str(len(kept) + 2) in done.output and value in done.output
    assert "Traceback" not in done.output and not (tmp_path / "out" / "visits").exists()


def test_the_weeks_visits_go_into_the_history_once_and_history_client_shows_them(small_dir, tmp_path):
    """Who visited whom, when: recorded by the plan (a re-plan of the week replaces it), shown by
    history --client, erased by forget."""
    data = visits_folder(small_dir, tmp_path / "data")
    db = f"sqlite:///{tmp_path / 'h.sqlite'}"
    runner = CliRunner()
    command = ["visits", "plan", "--data", str(data), "--week", WEEK, "--out", str(tmp_path / "out"),
               "--time-limit", "2", "--workers", "1", "--lang", "en", "--db", db]  # fmt: skip
    first = runner.invoke(cli, command)
    assert first.exit_code == 0, first.output
    again = runner.invoke(cli, command)
    assert again.exit_code == 0 and "In the history:" in again.output
    ledger = read_rows(tmp_path / "out" / "visits" / WEEK / "ledger.csv")
    planned = [row for row in ledger if row["status"] == "planned"]
    client = planned[0]["client_id"]
    from mealplan.io.store.history import History

    history = History(db)
    mine = history.visits_of(client)
    assert len(mine) == sum(1 + bool(row["partner"]) for row in planned if row["client_id"] == client)
    shown = runner.invoke(cli, ["history", "--client", client, "--data", str(data), "--db", db, "--lang", "en"])
    assert shown.exit_code == 0 and "Home visits" in shown.output and mine[0]["worker_id"] in shown.output
    gone = runner.invoke(cli, ["forget", client, "--yes", "--data", str(data), "--db", db, "--lang", "en"])
    assert gone.exit_code == 0 and history.visits_of(client) == []


def test_a_clients_worker_in_the_history_keeps_them_when_another_could_come_as_well(small_dir, tmp_path):
    """Continuity: of two equally able workers, the one the history says visited the client last
    gets the visit — whichever of the two it is."""
    from mealplan.routing.visits import OfficeWeek, VisitRules, solve_office_week
    from mealplan.visit_pipeline import travel_by_mode

    plan, dataset, data = run(visits_folder(small_dir, tmp_path / "data"), time_limit=2.0)
    occurrence = next(o for o in plan.occurrences if o.workers_needed == 1 and o.days and o.office_id == "S1"
                      and o.occurrence_id not in {u.occurrence_id for u in plan.unplanned})  # fmt: skip
    able = [w for w in data.workers if w.office_id == "S1" and occurrence.skill in w.skills][:2]
    assert len(able) == 2
    for home in able:
        week = OfficeWeek(office_id="S1", period=plan.period, workers=tuple(able), absences=(),
                          occurrences=(occurrence,), travel=travel_by_mode(dataset.settings), rules=VisitRules(),
                          homes={occurrence.client_id: home.worker_id}, time_limit_s=1.0)  # fmt: skip
        result = solve_office_week(week)
        assert [d.worker_id for d in result.days] == [home.worker_id]


def test_the_nights_index_shows_the_days_visits_beside_the_meals_with_a_link_to_the_week(small_dir, tmp_path):
    """Meals and visits are one service: the night's page of a date in a planned week says how
    many visits each office makes that day and how many of those clients also get lunch."""
    data = visits_folder(small_dir, tmp_path / "data")
    db = f"sqlite:///{tmp_path / 'h.sqlite'}"
    out = tmp_path / "out"
    runner = CliRunner()
    planned = runner.invoke(cli, ["visits", "plan", "--data", str(data), "--week", WEEK, "--out", str(out),
                                  "--time-limit", "2", "--workers", "1", "--db", db])  # fmt: skip
    assert planned.exit_code == 0, planned.output
    day = MONDAY.isoformat()
    night = runner.invoke(cli, ["plan", "--date", day, "--data", str(data), "--out", str(out), "--time-limit", "2",
                                "--workers", "1", "--db", db, "--lang", "en"])  # fmt: skip
    assert night.exit_code == 0, night.output
    page = (out / day / "index.html").read_text(encoding="utf-8")
    ledger = read_rows(out / "visits" / WEEK / "ledger.csv")
    today = sum(1 for row in ledger if row["status"] == "planned" and row["date"] == day)
    assert f"Home visits ({today})" in page and f'href="../visits/{WEEK}/index.html"' in page
