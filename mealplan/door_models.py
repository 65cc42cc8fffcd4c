"""What comes back from the door (issue 25): outcomes of stops, the wellness checks they raise and
the register changes they propose, as plain data for the stages in ``planning/outcomes.py``."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from mealplan.models import Frozen


class Service(StrEnum):
    MEAL = "meal"
    VISIT = "visit"


class MealOutcome(StrEnum):
    """What a driver records at a door."""

    DELIVERED = "delivered"
    NOT_HOME = "not_home"
    REFUSED = "refused"
    HOSPITAL = "hospital"
    DECEASED = "deceased"
    OTHER = "other"


class VisitOutcome(StrEnum):
    """What a social worker records after a visit."""

    DONE = "done"
    NOT_HOME = "not_home"
    REFUSED = "refused"
    PARTLY = "partly"


OUTCOMES: dict[Service, frozenset[str]] = {
    Service.MEAL: frozenset(MealOutcome),
    Service.VISIT: frozenset(VisitOutcome),
}


LINK_GRACE_H = 6  # a trip's link works until this hour of the next morning (late corrections)


def link_expiry(plan_date: dt.date, grace_h: int = LINK_GRACE_H) -> dt.datetime:
    """A phone page's link works through its day and ``grace_h`` hours after midnight, by the
    clock of the office's machine (its time zone is the service's)."""
    midnight = dt.datetime.combine(plan_date + dt.timedelta(days=1), dt.time()).astimezone()
    return midnight + dt.timedelta(hours=grace_h)


def meal_stop_ref(van_id: str, trip: int) -> str:
    """A meal's stop is known by its van and trip (a client is once on a night's plan)."""
    return f"{van_id}/{trip}"


class PublishedStop(Frozen):
    """A client's stop in the published plan of a date: the outcome must name this one."""

    client_id: str
    van_id: str
    trip: int
    stop: int


class DoorOutcome(Frozen):
    """One outcome of one stop, as recorded (a correction is a later one for the same stop)."""

    service: Service
    plan_date: dt.date
    client_id: str
    stop_ref: str
    outcome: str
    note: str = ""
    minutes_spent: int | None = Field(default=None, ge=0)
    tapped_at: dt.datetime | None = None  # the phone's clock at the tap; paper has none
    source: str  # phone | paper
    request_key: str  # the same key twice (a retry, a double tap) is one outcome


class PaperRow(Frozen):
    """A row of a route table typed back in by the office, its outcome read as a code."""

    file: str
    row: int
    client_id: str
    van_id: str
    trip: int | None
    outcome: str  # a MealOutcome value, or "" when the row has none yet
    note: str = ""


class OutcomeProblem(Frozen):
    """Why an outcome cannot be recorded: the place in the file and the value."""

    code: str  # unknown_client | not_on_van | duplicate | bad_outcome | other_date
    file: str
    row: int
    column: str
    value: str
    expected: str = ""  # e.g. the van the client is on


class MissingOutcome(Frozen):
    """A stop of the published plan with no outcome yet: listed, never assumed delivered."""

    client_id: str
    van_id: str
    trip: int
    stop: int


class WellnessRules(Frozen):
    """When a door's outcome becomes a wellness check (settings, documented defaults)."""

    not_home_in_a_row: int = Field(default=1, ge=1)  # every silent door, the same day
    refused_in_a_row: int = Field(default=2, ge=1)  # a second refusal in a row
    pause_days_after_hospital: int = Field(default=14, ge=1)


class Escalation(Frozen):
    """A wellness check for the client's office: what happened, how often in a row, what next."""

    service: Service
    plan_date: dt.date
    client_id: str
    office_id: str
    outcome: str
    in_a_row: int
    steps: tuple[str, ...]  # codes of what to do, in order (call_client, call_contact, ...)


class Proposal(Frozen):
    """A change to the register an outcome suggests; nothing changes until it is accepted."""

    client_id: str
    kind: str  # pause | close
    from_date: dt.date
    until_date: dt.date | None = None
    outcome: str


class Tariff(Frozen):
    """Prices for a client, or for everyone when ``client_id`` is empty (fees depend on income)."""

    client_id: str = ""
    meal_price: float = Field(default=0.0, ge=0)
    visit_price: float = Field(default=0.0, ge=0)


# The month's report (planning/report.py): the counts of each row, in the report's order.
MEAL_COUNTS = ("meals_planned", "meals_delivered", *(f"meals_{o.value}" for o in MealOutcome if o != "delivered"),
               "meals_no_outcome")  # fmt: skip
VISIT_COUNTS = ("visits_planned", "visits_made", "visits_not_made", "visits_no_outcome")
COUNTS = (*MEAL_COUNTS, "portions_delivered", *VISIT_COUNTS)


class MonthRow(Frozen):
    """One client's month, or the totals of an office or a kitchen (``key``)."""

    key: str
    name: str = ""
    office_id: str = ""
    counts: dict[str, int]
    amount_meals: float | None = None
    amount_visits: float | None = None

    @property
    def amount(self) -> float | None:
        if self.amount_meals is None and self.amount_visits is None:
            return None
        return round((self.amount_meals or 0.0) + (self.amount_visits or 0.0), 2)


class DietRow(Frozen):
    office_id: str
    diet_id: str
    portions_planned: int
    portions_delivered: int


class MonthlyReport(Frozen):
    month: str  # YYYY-MM
    first: dt.date
    last: dt.date
    clients: tuple[MonthRow, ...]
    offices: tuple[MonthRow, ...]
    kitchens: tuple[MonthRow, ...]  # meals only: visits have no kitchen
    diets: tuple[DietRow, ...]
    priced: bool
