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

from mealplan.models import Frozen, Problem


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
