"""What-if scenarios as data: a base data folder plus changes, planned over a set of dates.

Pydantic models only (scenario files are validated against them); applying a scenario lives in
``mealplan.planning.scenarios``, reading and writing its files in ``mealplan.io.writers.comparison``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from mealplan.models import Settings
from mealplan.units import parse_hhmm

# Bounds of what a plan can be asked for, on the command line and in scenario files alike: a day
# of search (inf or NaN would never end), a seed the solvers take (a C int), and the dates a
# service can have (outside them date arithmetic overflows, and no register has them).
MAX_TIME_LIMIT_S = 86_400.0
MAX_SEED = 2**31 - 1
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2199, 12, 31)


def _clock(value: str) -> str:
    try:
        parse_hhmm(value)
    except ValueError:
        raise PydanticCustomError("time_of_day", "expected a time of day, HH:MM") from None
    return value


Clock = Annotated[str, AfterValidator(_clock)]


def _plannable(value: dt.date) -> dt.date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise PydanticCustomError(
            "date_range", "expected a date from {first} to {last}", {"first": str(FIRST_DATE), "last": str(LAST_DATE)}
        )
    return value


PlanDate = Annotated[dt.date, AfterValidator(_plannable)]


class Strict(BaseModel):
    # A misspelt key in a scenario file is an error, not a silently ignored change; infinity and
    # NaN are never a number a scenario means.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class NewKitchen(Strict):
    kitchen_id: str
    name: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    capacity_portions: int = Field(gt=0)
    diets: list[str]
    ready_time: Clock = "09:30"
    reload_min: int = Field(default=15, ge=0)
    portions_per_box: int = Field(default=6, ge=1)


class NewVans(Strict):
    kitchen_id: str
    count: int = Field(default=1, ge=1, le=200)
    capacity_portions: int = Field(gt=0)
    shift_start: Clock = "09:00"
    shift_end: Clock = "15:00"
    max_hold_min: int = Field(default=120, gt=0)
    trips: int = Field(default=2, ge=1)


class Window(Strict):
    start: Clock
    end: Clock

    @model_validator(mode="after")
    def _end_after_start(self) -> Window:
        if parse_hhmm(self.end) <= parse_hhmm(self.start):
            raise PydanticCustomError(
                "window_order",
                "the window's end ({end}) must be after its start ({start})",
                {"start": self.start, "end": self.end},
            )
        return self


class Changes(Strict):
    close_kitchens: list[str] = []
    add_kitchens: list[NewKitchen] = []
    remove_vans: list[str] = []
    add_vans: list[NewVans] = []
    # More (or fewer) clients: 1.2 = 20 % more, drawn from the register's own active rows.
    clients_scale: float = Field(default=1.0, gt=0, le=10)
    max_hold_min: int | None = Field(default=None, gt=0)  # every van's food-safety limit
    window: Window | None = None  # every client's delivery window
    settings: dict[str, float | int | str] = {}

    @model_validator(mode="after")
    def _settings_are_settings(self) -> Changes:
        """Settings are checked where the file is read, with the planner's own bounds."""
        unknown = sorted(set(self.settings) - set(Settings.model_fields))
        if unknown:
            known = ", ".join(Settings.model_fields)
            raise PydanticCustomError(
                "unknown_settings",
                "unknown settings: {names}; expected some of {known}",
                {"names": ", ".join(unknown), "known": known},
            )
        try:
            Settings(**self.settings)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise PydanticCustomError(
                "setting_value",
                "settings.{where}: {detail} (given {given})",
                {"where": where, "detail": first["msg"], "given": repr(first.get("input")), "inner": first["type"]}
                | {k: str(v) for k, v in first.get("ctx", {}).items()},
            ) from None
        return self


class Candidate(Strict):
    """A possible kitchen site for a site question: each is planned as the scenario plus this kitchen."""

    name: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    capacity_portions: int = Field(gt=0)
    vans: int = Field(default=6, ge=0)


class Scenario(Strict):
    name: str
    description: str = ""
    kind: Literal["compare", "kitchen_site"] = "compare"
    base: str  # a data folder, relative to the scenario file
    dates: list[PlanDate] = Field(min_length=1, max_length=400)
    time_limit_s: float = Field(default=10.0, gt=0, le=MAX_TIME_LIMIT_S)
    seed: int = Field(default=0, ge=0, le=MAX_SEED)
    # With a seed, a solution limit makes every plan reproducible whatever the machine's load.
    solution_limit: int | None = Field(default=None, ge=1, le=10**9)
    changes: Changes = Changes()
    candidates: list[Candidate] = []  # kind: kitchen_site
