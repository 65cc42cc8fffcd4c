"""The visits' files of a data folder -> ``VisitData``: staff, services, care plan, appointments.

All optional: a folder without staff.csv and care_plan.csv plans meals only, exactly as before.
They configure many visits at once, like kitchens and vans: an error in any of them stops the
run (exit 2) naming the file, row, column and value, before anything is planned; warnings
(a long note, an unknown column) are kept for the outputs. Headers may be Bulgarian; each file
has its own words where the register's would mean something else ("дни", "бележка").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from mealplan.geo import WORLD, BBox
from mealplan.io.readers.dataset import (
    RowParser,
    _coordinates,
    _fail_on_errors,
    _find,
    parse_weekdays,
    require_columns,
    split_list,
)
from mealplan.io.tabular import Table, read_table
from mealplan.models import Client, Office, Problem, Severity
from mealplan.units import DAY_MIN, parse_hhmm
from mealplan.visit_defaults import DEFAULT_SERVICES
from mealplan.visit_models import (
    Absence,
    Appointment,
    CarePlanLine,
    Service,
    Shift,
    TravelMode,
    VisitData,
    Worker,
)

STAFF_ALIASES = {
    "служител": "worker_id",
    "работник": "worker_id",
    "социален работник": "worker_id",
    "код на служител": "worker_id",
    "умения": "skills",
    "квалификации": "skills",
    "часове седмично": "contract_hours",
    "часове по договор": "contract_hours",
    "работни дни": "workdays",
    "дни": "workdays",
    "придвижване": "travel_mode",
    "транспорт": "travel_mode",
}
SERVICE_ALIASES = {
    "код": "code",
    "услуга": "code",
    "наименование": "name",
    "име": "name",
    "наименование en": "name_en",
    "продължителност": "duration_min",
    "минути": "duration_min",
    "умение": "skill",
    "придружаване": "escort",
    "извън дома": "escort",
    "работници": "workers",
    "брой работници": "workers",
    "да носи": "bring",
    "необходимо": "bring",
}
CARE_PLAN_ALIASES = {
    "ред": "line_id",
    "код на реда": "line_id",
    "услуга": "service",
    "продължителност": "duration_min",
    "минути": "duration_min",
    "дни": "days",
    "дни за посещение": "days",
    "пъти седмично": "times_per_week",
    "дни между": "min_gap_days",
    "минимум дни между": "min_gap_days",
    "предпочитан работник": "preferred_worker",
    "работник": "preferred_worker",
    "отказани работници": "refused_workers",
    "отказан работник": "refused_workers",
    "приоритет": "priority",
    "след": "follows",
    "след реда": "follows",
    "минути след от": "gap_min",
    "минути след до": "gap_max",
    "бележка": "note",
    "бележки": "note",
}
APPOINTMENT_ALIASES = {
    "код": "appointment_id",
    "услуга": "service",
    "дата": "date",
    "час": "time",
    "начален час": "time",
    "продължителност": "duration_min",
    "минути": "duration_min",
    "работник": "worker_id",
    "служител": "worker_id",
    "бележка": "note",
    "бележки": "note",
}
ABSENCE_ALIASES = {
    "служител": "worker_id",
    "работник": "worker_id",
    "от": "start_date",
    "до": "end_date",
    "дата": "date",
}

TRAVEL_MODES = {
    "foot": TravelMode.FOOT,
    "walk": TravelMode.FOOT,
    "пеша": TravelMode.FOOT,
    "пеш": TravelMode.FOOT,
    "transit": TravelMode.TRANSIT,
    "градски транспорт": TravelMode.TRANSIT,
    "транспорт": TravelMode.TRANSIT,
    "car": TravelMode.CAR,
    "кола": TravelMode.CAR,
    "автомобил": TravelMode.CAR,
}
WEEKDAY_COLUMNS = ("shift_mon", "shift_tue", "shift_wed", "shift_thu", "shift_fri", "shift_sat", "shift_sun")
OFF_WORDS = {"-", "–", "—", "почивен", "не", "off", "no"}


def parse_shift(value: str) -> Shift | None:
    """``08:00-16:30`` -> a shift; ``-`` or ``почивен`` -> not worked that day."""
    text = value.strip().lower()
    if text in OFF_WORDS:
        return None
    parts = re.split(r"\s*[-–—]\s*", text)
    if len(parts) != 2:
        raise ValueError(value)
    start, end = parse_hhmm(parts[0]), parse_hhmm(parts[1])
    if end <= start:
        raise ValueError(value)
    return Shift(start_min=start, end_min=end)


def read_visits(folder: Path, clients: Sequence[Client], offices: Sequence[Office], area: BBox = WORLD) -> VisitData:
    """The folder's visits data; ``InputError`` on any error in these files."""
    problems: list[Problem] = []
    files: list[str] = []
    services_path = _find(folder, "services", required=False)
    if services_path:
        files.append(services_path.name)
        services = _read_services(read_table(services_path, SERVICE_ALIASES), problems)
    else:
        services = list(DEFAULT_SERVICES)
    staff_path = _find(folder, "staff", required=False)
    workers: list[Worker] = []
    if staff_path:
        files.append(staff_path.name)
        workers = _read_staff(read_table(staff_path, STAFF_ALIASES), offices, problems, area)
    absences: list[Absence] = []
    absences_path = _find(folder, "staff_absences", required=False)
    if absences_path:
        files.append(absences_path.name)
        absences = _read_absences(read_table(absences_path, ABSENCE_ALIASES), workers, problems)
    care_plan: list[CarePlanLine] = []
    care_path = _find(folder, "care_plan", required=False)
    by_code = {s.code.casefold(): s for s in services}
    if care_path:
        files.append(care_path.name)
        care_plan = _read_care_plan(read_table(care_path, CARE_PLAN_ALIASES), clients, by_code, workers, problems)
    appointments: list[Appointment] = []
    appointments_path = _find(folder, "appointments", required=False)
    if appointments_path:
        files.append(appointments_path.name)
        appointments = _read_appointments(
            read_table(appointments_path, APPOINTMENT_ALIASES), clients, by_code, workers, problems
        )
    return VisitData(
        services=tuple(services),
        workers=tuple(workers),
        absences=tuple(absences),
        care_plan=tuple(care_plan),
        appointments=tuple(appointments),
        problems=tuple(problems),
        files=tuple(files),
    )


def _read_services(table: Table, problems: list[Problem]) -> list[Service]:
    require_columns(table, ("code", "name", "duration_min", "skill"))
    first = len(problems)
    services: list[Service] = []
    seen: dict[str, int] = {}
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        code = p.text("code", required=True, max_len=64)
        p.unique("code", code, seen)
        name = p.text("name", required=True)
        duration = p.integer("duration_min", 5, 720)
        skill = p.text("skill", required=True, max_len=64)
        escort = p.boolean("escort", default=False)
        workers = p.integer("workers", 1, 2, required=False, default=1)
        if p.ok:
            services.append(
                Service(
                    code=code,
                    name_bg=name,
                    name_en=p.text("name_en") or name,
                    duration_min=duration,
                    skill=skill,
                    escort=escort,
                    workers=workers,
                    bring=p.text("bring"),
                )
            )
    _fail_on_errors(table.file, problems, first)
    return services


def _read_staff(table: Table, offices: Sequence[Office], problems: list[Problem], area: BBox) -> list[Worker]:
    require_columns(table, ("worker_id", "name", "office_id", "skills", "contract_hours"))
    first = len(problems)
    office_of = {o.office_id: o for o in offices}
    workers: list[Worker] = []
    seen: dict[str, int] = {}
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        worker_id = p.text("worker_id", required=True, max_len=64)
        p.unique("worker_id", worker_id, seen)
        office_id = p.text("office_id", required=True)
        office = office_of.get(office_id)
        if office_id and office is None:
            p.report("office_id", office_id, "choice", "unknown_reference", choices=", ".join(sorted(office_of)))
        skills = frozenset(s.casefold() for s in split_list(p.raw("skills")))
        if not skills:
            p.report("skills", p.raw("skills"), "required", "missing")
        hours = p.number("contract_hours", required=True, low=0, high=60, above=True)
        shifts = _shifts(p)
        mode = p.choice("travel_mode", TRAVEL_MODES, required=False, shown="foot, transit, car") or TravelMode.FOOT
        start = _coordinates(p, area, lat_column="start_lat", lon_column="start_lon")
        end = _coordinates(p, area, lat_column="end_lat", lon_column="end_lon")
        if start == (None, None) and office is not None and office.lat is None:
            # Nowhere to start the day from: the office has no coordinates and none are given.
            p.report("start_lat", p.raw("start_lat"), "start_point", "missing", office=office_id)
        if p.ok and office is not None:
            start_lat, start_lon = start if start != (None, None) else (office.lat, office.lon)
            end_lat, end_lon = end if end != (None, None) else (start_lat, start_lon)
            workers.append(
                Worker(
                    worker_id=worker_id,
                    row=p.row,
                    name=p.text("name", required=True),
                    office_id=office_id,
                    skills=skills,
                    contract_h_week=hours,
                    shifts=shifts,
                    travel_mode=mode,
                    start_lat=start_lat,
                    start_lon=start_lon,
                    end_lat=end_lat,
                    end_lon=end_lon,
                    phone=p.text("phone"),
                )
            )
    _fail_on_errors(table.file, problems, first)
    return workers


def _shifts(p: RowParser) -> dict[int, Shift]:
    """A worker's shift per weekday: ``workdays`` with ``shift_start``-``shift_end``, each day
    overridable by its own column (``shift_mon`` ... ``shift_sun``: ``08:00-12:00`` or ``-``)."""
    shifts: dict[int, Shift] = {}
    days = p.weekdays("workdays") if p.raw("workdays") else frozenset(range(5))
    start = p.time_min("shift_start", required=False, default=8 * 60)
    end = p.time_min("shift_end", required=False, default=16 * 60 + 30)
    if start is not None and end is not None:
        if end <= start:
            p.report("shift_end", p.raw("shift_end"), "after_start", start=p.raw("shift_start"))
        else:
            shifts = {day: Shift(start_min=start, end_min=end) for day in days or ()}
    for day, column in enumerate(WEEKDAY_COLUMNS):
        if p.raw(column):
            given = p.parsed(column, parse_shift, "shift")
            if given is None and p.raw(column).strip().lower() in OFF_WORDS:
                shifts.pop(day, None)
            elif given is not None:
                shifts[day] = given
    if not shifts and p.ok:
        p.report("workdays", p.raw("workdays"), "some_shift", "missing")
    return shifts


def _read_absences(table: Table, workers: Sequence[Worker], problems: list[Problem]) -> list[Absence]:
    require_columns(table, ("worker_id",))
    first = len(problems)
    known = {w.worker_id for w in workers}
    absences: list[Absence] = []
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        worker_id = p.text("worker_id", required=True)
        if worker_id and worker_id not in known:
            p.report("worker_id", worker_id, "choice", "unknown_reference", choices="staff.csv")
        if p.raw("date"):
            start = end = p.date("date", required=True)
        else:
            start, end = p.date("start_date", required=True), p.date("end_date", required=True)
        if start is not None and end is not None and end < start:
            p.report("end_date", p.raw("end_date"), "after_start", start=p.raw("start_date"))
        if p.ok and start is not None and end is not None:
            absences.append(Absence(worker_id=worker_id, row=p.row, start=start, end=end, reason=p.text("reason")))
    _fail_on_errors(table.file, problems, first)
    return absences


def _window(p: RowParser) -> tuple[int | None, int | None]:
    start = p.time_min("window_start", required=False, default=8 * 60)
    end = p.time_min("window_end", required=False, default=16 * 60)
    if start is not None and end is not None and end < start:
        p.report("window_end", p.raw("window_end"), "after_start", start=p.raw("window_start"))
    return start, end


def _client_and_service(p: RowParser, client_ids: set[str], services: dict[str, Service]) -> tuple[str, Service | None]:
    client_id = p.text("client_id", required=True)
    if client_id and client_id not in client_ids:
        p.report("client_id", client_id, "known_client", "unknown_reference")
    code = p.text("service", required=True)
    service = services.get(code.casefold())
    if code and service is None:
        p.report("service", code, "choice", "unknown_reference", choices=", ".join(sorted(services)))
    return client_id, service


def _workers_named(p: RowParser, column: str, known: set[str]) -> frozenset[str]:
    named = frozenset(split_list(p.raw(column)))
    for worker_id in sorted(named - known):
        p.report(column, worker_id, "choice", "unknown_reference", Severity.WARNING, choices="staff.csv")
    return named


def _read_care_plan(
    table: Table,
    clients: Sequence[Client],
    services: dict[str, Service],
    workers: Sequence[Worker],
    problems: list[Problem],
) -> list[CarePlanLine]:
    require_columns(table, ("client_id", "service"))
    first = len(problems)
    client_ids = {c.client_id for c in clients}
    known = {w.worker_id for w in workers}
    lines: list[CarePlanLine] = []
    seen: dict[str, int] = {}
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        client_id, service = _client_and_service(p, client_ids, services)
        line_id = p.text("line_id", max_len=64) or f"{client_id}/{p.row}"
        p.unique("line_id", line_id, seen)
        duration = p.integer("duration_min", 5, 720, required=False)
        days = p.weekdays("days") if p.raw("days") else frozenset()
        times = p.integer("times_per_week", 1, 7, required=False, default=0) or 0
        if not days and not times:
            p.report("days", p.raw("days"), "days_or_times", "missing")
        if days and times:
            p.report("times_per_week", p.raw("times_per_week"), "days_or_times", "both_given")
        gap_days = p.integer("min_gap_days", 0, 6, required=False, default=0) or 0
        if times and gap_days and times + (times - 1) * (gap_days - 1) > 7:
            p.report("min_gap_days", p.raw("min_gap_days"), "gap_fits_week", times=times)
        window_start, window_end = _window(p)
        start, end = p.date("start_date"), p.date("end_date")
        if start is not None and end is not None and end < start:
            p.report("end_date", p.raw("end_date"), "after_start", start=p.raw("start_date"))
        preferred = p.text("preferred_worker")
        if preferred and preferred not in known:
            p.report(
                "preferred_worker", preferred, "choice", "unknown_reference", Severity.WARNING, choices="staff.csv"
            )
        refused = _workers_named(p, "refused_workers", known)
        if preferred and preferred in refused:
            p.report("preferred_worker", preferred, "not_refused", "contradiction")
        gap_min = p.integer("gap_min", 0, 720, required=False, default=0) or 0
        gap_max = p.integer("gap_max", 0, 720, required=False, default=0) or 0
        follows = p.text("follows")
        if follows and gap_max < gap_min:
            p.report("gap_max", p.raw("gap_max"), "after_start", start=p.raw("gap_min"))
        priority = p.integer("priority", 1, 3, required=False, default=2)
        if p.ok and service is not None and window_start is not None and window_end is not None:
            lines.append(
                CarePlanLine(
                    line_id=line_id,
                    row=p.row,
                    client_id=client_id,
                    service_code=service.code,
                    duration_min=duration or service.duration_min,
                    weekdays=days or frozenset(),
                    times_per_week=times,
                    min_gap_days=gap_days,
                    window_start_min=window_start,
                    window_end_min=window_end,
                    preferred_worker=preferred,
                    refused_workers=refused,
                    start_date=start,
                    end_date=end,
                    priority=priority or 2,
                    follows=follows,
                    gap_min_min=gap_min,
                    gap_max_min=gap_max,
                    note=p.text("note"),
                )
            )
    _check_follows(table.file, lines, problems)
    _fail_on_errors(table.file, problems, first)
    return lines


def _check_follows(file: str, lines: list[CarePlanLine], problems: list[Problem]) -> None:
    """``follows`` names a line of the same client, and no chain runs in a circle."""
    by_id = {line.line_id: line for line in lines}
    for line in lines:
        if not line.follows:
            continue
        first = by_id.get(line.follows)
        if first is None or first.client_id != line.client_id:
            problems.append(
                Problem(file=file, row=line.row, column="follows", value=line.follows, code="unknown_reference",
                        expected="same_client_line")
            )  # fmt: skip
        elif first.follows:
            problems.append(
                Problem(file=file, row=line.row, column="follows", value=line.follows, code="invalid",
                        expected="one_step_chain")
            )  # fmt: skip


def _read_appointments(
    table: Table,
    clients: Sequence[Client],
    services: dict[str, Service],
    workers: Sequence[Worker],
    problems: list[Problem],
) -> list[Appointment]:
    require_columns(table, ("client_id", "service", "date", "time"))
    first = len(problems)
    client_ids = {c.client_id for c in clients}
    known = {w.worker_id for w in workers}
    appointments: list[Appointment] = []
    seen: dict[str, int] = {}
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        client_id, service = _client_and_service(p, client_ids, services)
        appointment_id = p.text("appointment_id", max_len=64) or f"{client_id}/{p.row}"
        p.unique("appointment_id", appointment_id, seen)
        day = p.date("date", required=True)
        start = p.time_min("time")
        duration = p.integer("duration_min", 5, 720, required=False)
        worker_id = p.text("worker_id")
        if worker_id and worker_id not in known:
            p.report("worker_id", worker_id, "choice", "unknown_reference", choices="staff.csv")
        length = duration or (service.duration_min if service else 0)
        if start is not None and start + length > DAY_MIN:
            p.report("duration_min", p.raw("duration_min"), "within_day")
        if p.ok and service is not None and day is not None and start is not None:
            appointments.append(
                Appointment(
                    appointment_id=appointment_id,
                    row=p.row,
                    client_id=client_id,
                    service_code=service.code,
                    date=day,
                    start_min=start,
                    duration_min=length,
                    worker_id=worker_id,
                    note=p.text("note"),
                )
            )
    _fail_on_errors(table.file, problems, first)
    return appointments


__all__ = ["parse_shift", "parse_weekdays", "read_visits"]
