"""Home visits as data: the service catalogue, the social workers, the care plan, appointments.

The same conventions as ``models.py``: frozen pydantic models, times of day in whole minutes
after midnight (``*_min``), dates as ``datetime.date``, weekdays 0 = Monday. A visit occurrence
is one requested visit on one day of the period (a care-plan line "twice a week" is two of
them); every occurrence ends in the visits ledger, planned or not.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from mealplan.models import Args, Frozen, Problem


class TravelMode(StrEnum):
    FOOT = "foot"
    TRANSIT = "transit"  # an effective door-to-door speed plus a fixed wait: an approximation
    CAR = "car"


class Service(Frozen):
    """One line of the catalogue: what a visit is, how long it takes and who may do it."""

    code: str
    name_bg: str
    name_en: str
    duration_min: int = Field(ge=5, le=720)
    skill: str  # a worker must have it in their skills
    escort: bool = False  # the client leaves home with the worker (a doctor, the commission)
    workers: int = Field(default=1, ge=1, le=2)  # two workers start the visit together
    bring: str = ""  # what the worker takes along, printed on the day sheet


class Shift(Frozen):
    start_min: int = Field(ge=0, le=1440)
    end_min: int = Field(ge=0, le=1440)


class Worker(Frozen):
    """A social worker of an office (staff.csv)."""

    worker_id: str
    row: int
    name: str
    office_id: str
    skills: frozenset[str]
    contract_h_week: float = Field(gt=0, le=60)
    shifts: dict[int, Shift]  # weekday -> shift; a weekday not here is not worked
    travel_mode: TravelMode = TravelMode.FOOT
    # Where the day starts and ends: the office's point unless given.
    start_lat: float | None = None
    start_lon: float | None = None
    end_lat: float | None = None
    end_lon: float | None = None
    phone: str = ""


class Absence(Frozen):
    """Days a worker does not work (leave, sickness, training), both dates inclusive."""

    worker_id: str
    row: int
    start: dt.date
    end: dt.date
    reason: str = ""


class CarePlanLine(Frozen):
    """A standing order for one client (care_plan.csv): a service, how often and when.

    ``weekdays`` fixes the days; else ``times_per_week`` visits go on days the plan chooses, at
    least ``min_gap_days`` apart. ``follows`` names another line of the same client whose visit
    this one comes after, ``gap_min_min`` to ``gap_max_min`` minutes after its start, the same day.
    """

    line_id: str
    row: int
    client_id: str
    service_code: str
    duration_min: int = Field(ge=5, le=720)
    weekdays: frozenset[int] = frozenset()
    times_per_week: int = Field(default=0, ge=0, le=7)
    min_gap_days: int = Field(default=0, ge=0, le=6)
    window_start_min: int = Field(ge=0, le=1440)
    window_end_min: int = Field(ge=0, le=1440)  # the latest start
    preferred_worker: str = ""
    refused_workers: frozenset[str] = frozenset()
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    priority: int = Field(default=2, ge=1, le=3)  # 1 first when not everything fits
    follows: str = ""
    gap_min_min: int = Field(default=0, ge=0, le=720)
    gap_max_min: int = Field(default=0, ge=0, le=720)
    note: str = ""


class Appointment(Frozen):
    """A one-off visit at a fixed time (appointments.csv): an escort to the GP at 10:30."""

    appointment_id: str
    row: int
    client_id: str
    service_code: str
    date: dt.date
    start_min: int = Field(ge=0, le=1440)
    duration_min: int = Field(ge=5, le=720)
    worker_id: str = ""  # a worker the appointment was made for, when it was
    note: str = ""


class VisitData(Frozen):
    """Everything about visits read from a data folder, with every problem found reading it."""

    services: tuple[Service, ...]
    workers: tuple[Worker, ...] = ()
    absences: tuple[Absence, ...] = ()
    care_plan: tuple[CarePlanLine, ...] = ()
    appointments: tuple[Appointment, ...] = ()
    problems: tuple[Problem, ...] = ()
    # The files as they were found: a folder without staff.csv plans no visits at all.
    files: tuple[str, ...] = ()


class UnplannedReason(StrEnum):
    """Why a requested visit occurrence is not in the plan (catalogue ``visit_reason.<code>``)."""

    CLIENT_PAUSED = "client_paused"  # paused, suspended or closed in the register that day
    CLIENT_NOT_ACTIVE = "client_not_active"  # before the client's start or after their end date
    NOT_WORKING_DAY = "not_working_day"  # a fixed day that is a public holiday or a day off
    NO_DAY_LEFT = "no_day_left"  # fewer open days in the period than visits asked for
    NO_SKILLED_WORKER = "no_skilled_worker"  # no worker of the office has the skill
    NO_WORKER_ON_DAY = "no_worker_on_day"  # nobody with the skill works that day (shifts, leave)
    WINDOW_TOO_NARROW = "window_too_narrow"  # no worker can arrive within the window and be back
    NO_SECOND_WORKER = "no_second_worker"  # a two-worker visit with one worker to spare
    APPOINTMENT_CLASH = "appointment_clash"  # an escort would take the client out when lunch comes
    WORKER_HOURS_EXHAUSTED = "worker_hours_exhausted"  # the office's hours (day or week) are used up
    REFUSED_ALL = "refused_all"  # every worker who could go was refused by the client
    NO_COORDINATES = "no_coordinates"  # the client's address has no point to walk to
    NO_PLACE_FOUND = "no_place_found"  # workers had the hours, the search found no place in their days
    SOLVER_TIME_LIMIT = "solver_time_limit"  # the search found no plan at all in its time


class VisitOccurrence(Frozen):
    """One requested visit of the period: a care-plan line's visit in a week, or an appointment.

    ``days`` are the dates it may take (one for a fixed day or an appointment); occurrences of
    one flexible line share ``group`` and go on days at least ``min_gap_days`` apart, in order.
    """

    occurrence_id: str
    source_file: str
    source_row: int
    line_id: str
    client_id: str
    office_id: str
    service_code: str
    duration_min: int
    days: tuple[dt.date, ...]
    window_start_min: int
    window_end_min: int  # the latest start
    fixed_start_min: int | None = None  # an appointment's time
    workers_needed: int = 1
    escort: bool = False
    skill: str
    preferred_worker: str = ""
    refused_workers: frozenset[str] = frozenset()
    fixed_worker: str = ""  # an appointment made for one worker
    priority: int = 2
    group: str = ""
    min_gap_days: int = 0
    follows: str = ""  # occurrence id this one comes after, the same day
    gap_min_min: int = 0
    gap_max_min: int = 0
    follows_other_worker: bool = False  # the worker of the visit it follows may not do this one
    # 0: the window's end is hard. Above: a later start is allowed at this cost a minute (the
    # benchmark's soft window ends; a real care plan keeps them hard).
    late_per_min: int = 0
    lat: float | None = None
    lon: float | None = None
    note: str = ""


class UnplannedVisit(Frozen):
    occurrence_id: str
    reason: UnplannedReason
    args: Args = Field(default_factory=dict)


class VisitDemand(Frozen):
    """The period's requested visits: those to plan, and those that cannot be, with why."""

    days: tuple[dt.date, ...]  # the working days of the period
    occurrences: tuple[VisitOccurrence, ...]
    unplanned: tuple[UnplannedVisit, ...]  # each names one of ``occurrences``


class PlannedVisit(Frozen):
    """A visit on a worker's day: when the worker arrives, starts and leaves."""

    occurrence_id: str
    client_id: str
    service_code: str
    sequence: int  # 1-based within the worker's day
    arrival_min: int
    start_min: int
    end_min: int
    travel_min: int  # from the previous place
    lat: float
    lon: float
    partner: str = ""  # the other worker of a two-worker visit


class WorkerDay(Frozen):
    """One worker's field day: out of the office, the visits in order, back; the lunch break."""

    worker_id: str
    date: dt.date
    leave_min: int
    back_min: int
    break_start_min: int | None = None
    break_min: int = 0
    visits: tuple[PlannedVisit, ...] = ()
    travel_min: int = 0
    # The way on the map, (lat, lon), when planned on roads: the streets walked or driven.
    path: tuple[tuple[float, float], ...] = ()

    @property
    def work_min(self) -> int:
        """Minutes worked: out to back, less the break when it falls within the day."""
        inside = self.break_start_min is not None and self.leave_min <= self.break_start_min <= self.back_min
        return self.back_min - self.leave_min - (self.break_min if inside else 0)


class VisitViolationCause(StrEnum):
    SKILL = "skill"
    REFUSED = "refused"
    WINDOW = "window"  # started outside the window, or not at an appointment's time
    SHIFT = "shift"  # out before the shift starts or back after it ends
    ABSENT = "absent"  # a worker on leave that day
    TRAVEL = "travel"  # a start sooner than the travel from the previous place allows
    OVERLAP = "overlap"
    BREAK = "break"  # a long day without its lunch break in the window
    DAY_HOURS = "day_hours"
    WEEK_HOURS = "week_hours"
    TOGETHER = "together"  # a two-worker visit whose workers do not start together
    ORDER = "order"  # an ordered pair outside its gap
    DAYS_APART = "days_apart"
    LUNCH = "lunch"  # an escort while the client's lunch is delivered
    WRONG_DAY = "wrong_day"


class VisitViolation(Frozen):
    cause: VisitViolationCause
    worker_id: str = ""
    date: dt.date | None = None
    occurrence_id: str = ""
    limit: str = ""
    actual: str = ""


class LunchTime(Frozen):
    """When a client's lunch may come on a day: printed on the worker's sheet beside the visit."""

    client_id: str
    date: dt.date
    from_min: int
    until_min: int


class VisitPlan(Frozen):
    """The period's visits: every worker's days, every occurrence planned or not, what the
    independent check found."""

    period: tuple[dt.date, ...]
    occurrences: tuple[VisitOccurrence, ...]
    days: tuple[WorkerDay, ...]
    unplanned: tuple[UnplannedVisit, ...]
    violations: tuple[VisitViolation, ...] = ()
    solve_s: float = 0.0
    lunch: tuple[LunchTime, ...] = ()  # the visited clients' lunches on the days of their visits
    # With `serve_url` and a history: each worker-day's phone page for outcomes ("W01/2026-12-14").
    phone_links: dict[str, str] = Field(default_factory=dict)


class HhcPatient(Frozen):
    """A patient of a home-health-care benchmark instance (Mankowska et al.): one or two
    services in a window; two are simultaneous or sequential (``gap_min``..``gap_max``)."""

    patient_id: str
    location: int  # index into the instance's distance matrix (0 = the office)
    window_start: float
    window_end: float  # soft: a later start is tardiness
    services: tuple[tuple[str, float], ...]  # (service, duration), one per caregiver needed
    sync: str = ""  # "", "simultaneous" or "sequential"
    gap_min: float = 0.0
    gap_max: float = 0.0


class HhcInstance(Frozen):
    """A home-health-care routing instance in the iolab-uniud JSON format (travel = distance)."""

    name: str
    caregivers: tuple[tuple[str, frozenset[str]], ...]  # (id, abilities)
    patients: tuple[HhcPatient, ...]
    points: tuple[tuple[float, float], ...]  # office first, then each patient, as the matrix
    distances: tuple[tuple[float, ...], ...]


class HhcStop(Frozen):
    """One service on a caregiver's route: who, which service, when it starts and ends."""

    patient_id: str
    service: str
    start: float
    end: float


class HhcRoute(Frozen):
    caregiver_id: str
    stops: tuple[HhcStop, ...]


class HhcJudgement(Frozen):
    """A solution judged by the benchmark's rules from its routes and the instance's matrix."""

    feasible: bool
    problems: tuple[str, ...]
    distance: float
    total_tardiness: float
    max_tardiness: float
    cost: float  # (distance + total tardiness + max tardiness) / 3, as published
    routes: tuple[HhcRoute, ...]  # with the starts recomputed (earliest, by the rules)
