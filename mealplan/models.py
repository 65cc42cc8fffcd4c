"""Domain objects: the language every stage speaks.

All models are frozen pydantic models. Times of day are integer minutes after midnight
(``*_min``) in the register-facing models and integer seconds after midnight (``*_s``) in
the routing results, where one-minute rounding would accumulate over 30 stops. Distances
are metres (``*_m``), quantities are portions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from mealplan.units import min_to_s


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------- input problems


class Severity(StrEnum):
    ERROR = "error"  # the row is excluded from the plan
    WARNING = "warning"  # the row is planned, but something looks wrong


Args = dict[str, str | int | float]


class Problem(Frozen):
    """One thing wrong with the input, precise enough to find and fix it in a spreadsheet.

    ``code`` says what is wrong (catalogue ``problem.<code>``), ``expected`` what would be right
    (``expected.<expected>``), both filled with ``args``; writers put them into words.
    """

    file: str
    row: int | None = None  # spreadsheet row number: the header is row 1
    column: str | None = None
    value: str | None = None
    code: str = "invalid"
    expected: str = ""
    args: Args = {}
    severity: Severity = Severity.ERROR


# --------------------------------------------------------------------------- register


class ClientStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class Pause(Frozen):
    """A temporary stop of deliveries (hospital, with relatives), both dates inclusive."""

    start: dt.date
    end: dt.date
    reason: str = ""


class Client(Frozen):
    """One row of the client register."""

    client_id: str
    row: int
    name: str
    office_id: str = ""
    district: str = ""
    address: str
    # Which town the address is in, when the register says (a street and number that several
    # villages of the extract share is told apart by them); optional columns.
    town: str = ""
    postcode: str = ""
    block: str = ""
    entrance: str = ""
    floor: int | None = None
    apartment: str = ""
    has_lift: bool = False  # unknown means stairs: the safe side for the service time
    lat: float | None = None
    lon: float | None = None
    phone: str = ""
    diet_id: str
    portions: int = Field(ge=1)
    delivery_weekdays: frozenset[int]  # 0 = Monday
    window_start_min: int
    window_end_min: int
    access_notes: str = ""
    # Who to call when the client does not open: printed on the driver's sheet.
    emergency_contact: str = ""
    emergency_phone: str = ""
    start_date: dt.date
    end_date: dt.date | None = None
    status: ClientStatus = ClientStatus.ACTIVE
    pauses: tuple[Pause, ...] = ()

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


# The register's columns (clients.csv) in the order the sample generators write them; readers
# accept them in any order and under Bulgarian aliases (io/tabular.py).
REGISTER_COLUMNS = (
    "client_id",
    "name",
    "office_id",
    "district",
    "address",
    "block",
    "entrance",
    "floor",
    "apartment",
    "has_lift",
    "lat",
    "lon",
    "phone",
    "diet",
    "portions",
    "delivery_days",
    "window_start",
    "window_end",
    "access_notes",
    "start_date",
    "end_date",
    "status",
)


class RegisterRow(Frozen):
    """Any data row of the register file, valid or not: the unit the ledger accounts for."""

    row: int
    client_id: str
    name: str = ""


class Kitchen(Frozen):
    kitchen_id: str
    name: str
    address: str = ""
    lat: float
    lon: float
    capacity_portions: int = Field(ge=0)
    diet_ids: frozenset[str]
    ready_min: int  # first meals packed and ready to leave
    reload_min: int = 15  # van turnaround between two trips
    portions_per_box: int = Field(default=6, ge=1)


class Van(Frozen):
    van_id: str
    kitchen_id: str
    capacity_portions: int = Field(ge=1)
    shift_start_min: int
    shift_end_min: int
    max_hold_min: int = Field(ge=1)  # food safety: kitchen door to client door
    trips: int = Field(default=1, ge=1)
    plate: str = ""
    driver: str = ""


class Office(Frozen):
    office_id: str
    name: str
    districts: tuple[str, ...] = ()
    phone: str = ""
    # Where the office is: its social workers' days start and end there unless staff.csv says.
    lat: float | None = None
    lon: float | None = None


class Diet(Frozen):
    diet_id: str
    name: str


class Course(StrEnum):
    SOUP = "soup"
    MAIN = "main"
    DESSERT = "dessert"
    BREAD = "bread"


class Dish(Frozen):
    dish_id: str
    name: str
    course: Course


class MenuEntry(Frozen):
    """The dishes of one diet on one day of the menu cycle."""

    week: int = Field(ge=1)
    weekday: int = Field(ge=0, le=6)
    diet_id: str
    dish_ids: tuple[str, ...]


class RecipeLine(Frozen):
    dish_id: str
    ingredient: str
    grams_per_portion: float = Field(ge=0)


DEFAULT_SPEED_BY_HOUR: tuple[float, ...] = tuple(0.8 if hour in (8, 17) else 1.0 for hour in range(24))


class Settings(Frozen):
    """Planning defaults that belong to the service rather than to one client or van.

    Each number's bounds are written here once: settings.csv and scenario files are checked
    against them (a value outside would make every route wrong)."""

    speed_kmh: float = Field(default=24.0, gt=0, le=130)
    circuity: float = Field(default=1.35, ge=1, le=5)
    service_base_min: float = Field(default=2.0, ge=0, le=120)
    service_per_floor_no_lift_min: float = Field(default=0.4, ge=0, le=30)
    service_per_extra_portion_min: float = Field(default=0.5, ge=0, le=30)
    menu_cycle_weeks: int = Field(default=4, ge=1, le=12)
    # Spare portions per kitchen and diet: a few extra for a spilled box or a late addition.
    spare_pct: float = Field(default=2.0, ge=0, le=50)
    spare_min_portions: int = Field(default=1, ge=0, le=1000)
    extra_days_off: tuple[dt.date, ...] = ()
    extra_working_days: tuple[dt.date, ...] = ()
    # Where the service is: the country picks the public holidays and the geocoder's country;
    # the service area is an explicit box, or the kitchens' box with a radius to spare.
    country: str = "BG"
    city: str = ""
    area_radius_km: float = Field(default=30.0, gt=0, le=500)
    area_bbox: tuple[float, float, float, float] | None = None  # lat_min, lon_min, lat_max, lon_max
    # Road network: an .osm.pbf path relative to the data folder (empty: straight lines). A van
    # at midday makes this share of the engine's car speeds; a door farther than max_snap_m
    # from any drivable road is reported rather than routed with a made-up time.
    roads: str = ""
    # The office server's address as the drivers' phones reach it (`mealplan serve`): with it,
    # each trip's first sheet page carries a QR code and a short link to the trip's phone page.
    serve_url: str = ""
    # Wellness checks: a silent door (not_home) this many times in a row, a refusal this many
    # times in a row; a hospital outcome proposes a pause of this many days.
    wellness_not_home_in_a_row: int = Field(default=1, ge=1, le=30)
    wellness_refused_in_a_row: int = Field(default=2, ge=1, le=30)
    pause_days_after_hospital: int = Field(default=14, ge=1, le=365)
    van_speed_factor: float = Field(default=0.8, gt=0, le=2)
    max_snap_m: float = Field(default=300.0, gt=0, le=5000)
    # Stable routes (with a history): a client stays on the van of their last delivery unless
    # moving them saves more than this much route time (0: every night planned afresh). The
    # change report lists arrivals that moved by more than change_shift_min; `mealplan history
    # --prune` deletes runs of dates more than history_keep_days before today. A date more than
    # far_date_days from today is planned only with --far-date: 2062 typed for 2026 is a typo.
    move_allowance_min: float = Field(default=10.0, ge=0, le=240)
    change_shift_min: int = Field(default=20, ge=1, le=240)
    history_keep_days: int = Field(default=400, ge=1, le=36500)
    far_date_days: int = Field(default=60, ge=1, le=3650)
    # Slack by design (docs/benchmarks.md, "Robustness"): the solver plans to the food-safety limit
    # less hold_margin_min and to each window's end less window_margin_min, so a red light too many
    # does not break a promise; the independent check judges the real limits. A margin gives way
    # where keeping it would leave a client out.
    hold_margin_min: float = Field(default=15.0, ge=0, le=120)
    window_margin_min: float = Field(default=10.0, ge=0, le=120)
    # Where the margins would leave a client out for want of a van (a fleet at its limit), a
    # margin shrinks to this share of itself to serve them (100: never; docs/benchmarks.md).
    margin_floor_pct: float = Field(default=50.0, ge=0, le=100)
    # A drive the van can keep (docs/benchmarks.md, "A drive the van can keep"): on roads, vans
    # pull up on the door's side of the street and drive on, never turning round at a door;
    # the side is the map's (auto) unless stated. Travel at each hour of the day is at this
    # share of the model's speed: Sofia's worst hours are 8:00 and 17:00 (TomTom), the
    # midday the speeds were set for is 1.
    curb_approach: bool = True
    driving_side: Literal["auto", "right", "left"] = "auto"
    speed_by_hour: tuple[float, ...] = Field(default=DEFAULT_SPEED_BY_HOUR, min_length=24, max_length=24)
    # Home visits (docs/visits.md). Walking and transit are straight lines with a detour, as
    # the meals' model, at these speeds; transit adds a wait per leg and is an approximation.
    # A worker's field day (leaving the office to coming back, less the lunch break) is at most
    # visit_day_max_h (Labour Code art. 136: 8 h); a day longer than lunch_after_h has a break of
    # lunch_break_min (art. 151: at least 30 min) starting between lunch_from and lunch_until.
    walk_kmh: float = Field(default=4.5, gt=0, le=10)
    walk_detour: float = Field(default=1.3, ge=1, le=5)
    transit_kmh: float = Field(default=15.0, gt=0, le=80)
    transit_wait_min: float = Field(default=8.0, ge=0, le=60)
    visit_day_max_h: float = Field(default=8.0, gt=0, le=12)
    lunch_after_h: float = Field(default=6.0, ge=0, le=12)
    lunch_break_min: int = Field(default=30, ge=0, le=120)
    lunch_from: int = Field(default=11 * 60 + 30, ge=0, le=1440)  # minutes after midnight; HH:MM in settings.csv
    lunch_until: int = Field(default=14 * 60, ge=0, le=1440)
    # A visit tries to keep the worker who last came to the client: moving the client to another
    # worker costs this many minutes of travel in the plan's objective.
    continuity_min: float = Field(default=30.0, ge=0, le=600)


class Dataset(Frozen):
    """Everything read from a data folder, with every problem found while reading it."""

    clients: tuple[Client, ...]
    register_rows: tuple[RegisterRow, ...]
    kitchens: tuple[Kitchen, ...]
    vans: tuple[Van, ...]
    offices: tuple[Office, ...] = ()
    diets: tuple[Diet, ...]
    dishes: tuple[Dish, ...] = ()
    menu: tuple[MenuEntry, ...] = ()
    recipes: tuple[RecipeLine, ...] = ()
    settings: Settings = Settings()
    problems: tuple[Problem, ...] = ()
    register_file: str = "clients.csv"
    area: tuple[float, float, float, float] = (-90.0, -180.0, 90.0, 180.0)  # the service area used


class GeocodeResult(Frozen):
    """One register row's answer from the map, for the review file (``mealplan geocode``)."""

    client_id: str
    row: int
    address: str
    block: str = ""
    entrance: str = ""
    quality: str  # mealplan.addresses.Quality: exact, interpolated, street, not_found
    matched: str = ""  # what in the map the answer stands on
    lat: float | None = None
    lon: float | None = None
    moved_m: float | None = None  # from the register's own coordinates, when it had them


# --------------------------------------------------------------------------- daily demand


class NotDueReason(StrEnum):
    NOT_WORKING_DAY = "not_working_day"
    NOT_DELIVERY_DAY = "not_delivery_day"
    BEFORE_START = "before_start"
    AFTER_END = "after_end"
    SUSPENDED = "suspended"
    CLOSED = "closed"
    PAUSED = "paused"


class NotDue(Frozen):
    client_id: str
    row: int
    reason: NotDueReason
    args: Args = {}  # e.g. {"date": "2026-12-01"}, {"holiday": "Коледа"}, {"day": "weekend"}


class Order(Frozen):
    """One client's delivery on the plan date."""

    client_id: str
    row: int
    diet_id: str
    portions: int
    lat: float | None
    lon: float | None
    window_start_min: int
    window_end_min: int
    service_s: int


class DailyDemand(Frozen):
    date: dt.date
    orders: tuple[Order, ...]
    not_due: tuple[NotDue, ...]


# --------------------------------------------------------------------------- results


class UnservedReason(StrEnum):
    NO_COORDINATES = "no_coordinates"
    DIET_NOT_COOKED = "diet_not_cooked"
    KITCHEN_CAPACITY = "kitchen_capacity"
    NO_VANS = "no_vans"
    ORDER_EXCEEDS_VAN = "order_exceeds_van"
    TOO_FAR_FOR_HOLD_LIMIT = "too_far_for_hold_limit"
    WINDOW_UNREACHABLE = "window_unreachable"
    SHIFT_TOO_SHORT = "shift_too_short"
    FLEET_CAPACITY = "fleet_capacity"
    SOLVER_TIME_LIMIT = "solver_time_limit"
    SOLVER_FAILED = "solver_failed"
    OFF_ROAD = "off_road"  # farther from any drivable road than settings allow
    NO_ROAD_LINK = "no_road_link"  # no road leads from a kitchen that cooks the diet to the door and back


class Unserved(Frozen):
    client_id: str
    row: int
    reason: UnservedReason
    args: Args = {}  # the figures behind the reason and its hint, e.g. {"vans": 3, "kitchen": "K2"}
    kitchen_id: str | None = None
    portions: int = 0
    diet_id: str = ""

    @classmethod
    def of(
        cls,
        order: Order,
        reason: UnservedReason,
        args: Mapping[str, str | int | float] | None = None,
        kitchen_id: str | None = None,
    ) -> Unserved:
        """``order`` left without lunch for ``reason``: the one way an order becomes unserved."""
        return cls(
            client_id=order.client_id,
            row=order.row,
            reason=reason,
            args=dict(args or {}),
            kitchen_id=kitchen_id,
            portions=order.portions,
            diet_id=order.diet_id,
        )


class KitchenAssignment(Frozen):
    """Which kitchen cooks for which order; orders no kitchen can take are unserved."""

    orders_by_kitchen: dict[str, tuple[Order, ...]]
    unserved: tuple[Unserved, ...]


class Stop(Frozen):
    sequence: int  # 1-based within the route
    client_id: str
    portions: int
    diet_id: str
    lat: float
    lon: float
    arrival_s: int  # start of service at the door
    departure_s: int
    hold_s: int  # since the van left the kitchen
    window_end_s: int | None = None  # the latest arrival the client's window allows, when known
    window_start_s: int | None = None  # the earliest: a van there sooner waits
    drive_s: int | None = None  # the planned drive from the previous stop (or the kitchen) to here

    @property
    def window_margin_s(self) -> int | None:
        """Seconds the van could still be late before the window closes (None: window not known)."""
        return None if self.window_end_s is None else self.window_end_s - self.arrival_s


class Route(Frozen):
    van_id: str
    trip: int  # 1-based
    kitchen_id: str
    departure_s: int
    return_s: int
    stops: tuple[Stop, ...]
    distance_m: float
    capacity_portions: int
    max_hold_min: int
    # (lat, lon) along the streets from the kitchen through every stop and back, when the night
    # was planned on roads; empty on straight lines, where a map joins the stops directly.
    path: tuple[tuple[float, float], ...] = ()

    @property
    def portions(self) -> int:
        return sum(stop.portions for stop in self.stops)

    @property
    def longest_hold_s(self) -> int:
        return max((stop.hold_s for stop in self.stops), default=0)

    def hold_margin_s(self, stop: Stop) -> int:
        """Seconds ``stop``'s meal could still ride before this van's hold limit (negative: over it)."""
        return min_to_s(self.max_hold_min) - stop.hold_s


class MarginAt(Frozen):
    """How much time a stop has to spare before one of its limits: the food-safety hold or the window."""

    van_id: str
    trip: int
    stop: int
    client_id: str
    margin_s: int


class Margins(Frozen):
    """The night's tightest stops against the hold limit and the window (None: no stop), and how
    many stops have less than the thresholds to spare: how close the plan is to breaking a promise
    when a van meets one red light too many."""

    tightest_hold: MarginAt | None = None
    tightest_window: MarginAt | None = None
    stops: int = 0
    hold_under: int = 0  # stops with less than hold_threshold_s to spare
    window_under: int = 0
    hold_threshold_s: int = 0
    window_threshold_s: int = 0


class StreetNoise(Frozen):
    """The plan re-driven at one level of travel-time noise (mealplan.planning.robustness)."""

    noise: float  # the spread of the lognormal factor on each leg: 0.15 an ordinary day
    stops: int
    hold_breaks_per_night: float  # stops expected over the food-safety limit
    window_breaks_per_night: float  # stops expected after the window closes
    nights_with_a_hold_break: float  # share of re-driven nights with at least one

    @property
    def hold_breaks_pct(self) -> float:
        return 100 * self.hold_breaks_per_night / self.stops if self.stops else 0.0

    @property
    def window_breaks_pct(self) -> float:
        return 100 * self.window_breaks_per_night / self.stops if self.stops else 0.0


class Robustness(Frozen):
    """How the night's plan would fare on the street: one figure per noise level."""

    samples: int
    levels: tuple[StreetNoise, ...] = ()


class ViolationCause(StrEnum):
    CAPACITY = "capacity"  # more portions on the trip than the van holds
    LOAD = "load"  # the sheet's portions differ from the order
    TIME_WINDOW = "time_window"  # delivery outside the client's window
    HOLD = "hold"  # food-safety limit: a meal longer on the road than the van allows
    HOLD_MISREPORTED = "hold_misreported"  # the sheet's minutes on the road disagree with the times
    TRAVEL = "travel"  # a stop (or the kitchen) reached sooner than the travel time allows
    EARLY_DEPARTURE = "early_departure"  # leaves before the meals are ready or the shift starts
    SHIFT_END = "shift_end"  # back after the trip's shift (wave) ends
    TRIP_OVERLAP = "trip_overlap"  # a van's trip leaves before the previous one is back and reloaded
    DUPLICATE = "duplicate"  # a client routed or reported more than once
    MISSING = "missing"  # a client neither routed nor reported unserved
    UNKNOWN_CLIENT = "unknown_client"  # a stop for someone who is not an order of this kitchen
    UNKNOWN_TRIP = "unknown_trip"  # a route on a van trip the kitchen does not have


class Measure(StrEnum):
    """What ``Violation.limit`` and ``actual`` count, so writers can show them in the reader's units."""

    NONE = ""
    TIME_OF_DAY_S = "time_of_day_s"  # seconds after midnight
    DURATION_S = "duration_s"
    PORTIONS = "portions"
    COUNT = "count"


class Violation(Frozen):
    """A broken constraint found by the independent checker: where, which rule, the limit and the value."""

    cause: ViolationCause
    van_id: str = ""
    trip: int = 0
    stop: int | None = None  # 1-based stop on the trip
    client_id: str = ""
    measure: Measure = Measure.NONE
    limit: int | None = None
    actual: int | None = None


class ProductionLine(Frozen):
    kitchen_id: str
    diet_id: str
    course: Course
    dish_id: str
    dish_name: str
    portions: int  # ordered: every order assigned to the kitchen
    portions_unrouted: int  # of which could not be put on a van
    portions_spare: int = 0  # cooked on top, by the spare policy

    @property
    def portions_to_cook(self) -> int:
        return self.portions + self.portions_spare


class IngredientLine(Frozen):
    kitchen_id: str
    ingredient: str
    kg: float


class BoxLine(Frozen):
    kitchen_id: str
    van_id: str
    trip: int
    diet_id: str
    portions: int
    boxes: int


class ProductionPlan(Frozen):
    lines: tuple[ProductionLine, ...]
    ingredients: tuple[IngredientLine, ...]
    boxes: tuple[BoxLine, ...]
    problems: tuple[Problem, ...] = ()


class LedgerStatus(StrEnum):
    ROUTED = "routed"
    NOT_DUE = "not_due"
    INVALID = "invalid"
    UNSERVED = "unserved"


class LedgerEntry(Frozen):
    row: int
    client_id: str
    status: LedgerStatus
    reason_code: str = ""
    args: Args = {}  # fields of the reason and hint; invalid rows' reasons are their problems
    kitchen_id: str = ""
    van_id: str = ""
    trip: int | None = None
    stop: int | None = None
    arrival_s: int | None = None


class PreviousDelivery(Frozen):
    """A client's delivery in an earlier published plan (from the history): what stable routes
    keep and the change report compares with."""

    client_id: str
    plan_date: dt.date
    kitchen_id: str
    van_id: str
    trip: int
    stop: int
    arrival_s: int
    run_id: int = 0


class PastPlans(Frozen):
    """What the history knows before a night: each client's deliveries in the published plans
    (newest first), and the vans of the last published plan with their clients in driving order."""

    previous: dict[str, tuple[PreviousDelivery, ...]] = {}
    last_vans: dict[str, list[tuple[str, int | None]]] = {}
    last_date: dt.date | None = None
    last_run_id: int | None = None  # the published run the night is compared with
    last_published_at: dt.datetime | None = None
    replan: bool = False  # the night's own date has a published plan: this run re-plans it

    @property
    def is_empty(self) -> bool:
        """Nothing published before: no client is "new", there is nothing to compare with."""
        return self.last_date is None


class ChangeKind(StrEnum):
    """What changed for a client since the published plans before tonight (the change report)."""

    NEW_CLIENT = "new_client"  # first delivery in the history
    VAN_CHANGED = "van_changed"  # on this van tonight, on another last time
    TIME_MOVED = "time_moved"  # same van, planned arrival moved by more than change_shift_min
    LEFT_MOVED = "left_moved"  # on this van last time, on another tonight
    LEFT_UNSERVED = "left_unserved"  # on this van last time, unserved tonight
    LEFT_PAUSED = "left_paused"  # on this van last time, paused or suspended now
    LEFT_ENDED = "left_ended"  # on this van last time, service ended or not in the register

    @property
    def order(self) -> int:
        return list(ChangeKind).index(self)

    @property
    def joins_van(self) -> bool:
        """A client the driver has not brought lunch to before (the sheet marks them)."""
        return self in (ChangeKind.NEW_CLIENT, ChangeKind.VAN_CHANGED)


class Change(Frozen):
    client_id: str
    van_id: str  # the van the change is about: the one joined, or the one left
    kind: ChangeKind
    trip: int | None = None
    stop: int | None = None
    arrival_s: int | None = None  # tonight's planned arrival, when served tonight
    previous_van_id: str = ""
    previous_date: dt.date | None = None
    previous_arrival_s: int | None = None
    shift_min: int | None = None  # tonight's arrival minus last time's, same client
    moved_to: str = ""  # the van a client who left this one is on tonight


class KitchenRoutingStats(Frozen):
    kitchen_id: str
    orders: int
    routed: int
    vans_used: int
    routes: int
    distance_m: float
    solve_s: float
    status: str  # ok | failed | no_orders


class OpenCheck(Frozen):
    """A wellness check still open when the night is planned (outcomes, issue 25)."""

    client_id: str
    office_id: str
    plan_date: dt.date
    outcome: str
    in_a_row: int


class OfficeVisits(Frozen):
    """One office's home visits on the plan's date: how many, how many workers out, and how many
    of the visited clients also get lunch that day."""

    office_id: str
    visits: int
    workers: int
    with_lunch: int


class Plan(Frozen):
    date: dt.date
    routes: tuple[Route, ...]
    unserved: tuple[Unserved, ...]
    production: ProductionPlan
    ledger: tuple[LedgerEntry, ...]
    violations: tuple[Violation, ...]
    problems: tuple[Problem, ...]
    kitchen_stats: tuple[KitchenRoutingStats, ...]
    solve_s: float
    # On a day off nobody is due and nothing is cooked or driven: why (``{"day": "holiday",
    # "holiday": name}``, weekend, declared off) and the next working day, for the coordinator.
    day_off: Args = {}
    next_working_day: dt.date | None = None
    # With a history: what changed since the published plan it is compared with, and this run's
    # place in the history (pipeline.history_facts: "published", "stable", "previous_date",
    # "since_run", "since_published_at", "replan"; then "db" and, once recorded, "run").
    changes: tuple[Change, ...] = ()
    history: Args = {}
    # The date's home visits from the history (the latest visits' plan), shown beside the meals.
    visits_week: str = ""
    visits_today: tuple[OfficeVisits, ...] = ()
    # With `serve_url` and a history: each trip's phone page ("V01/1" -> its link), printed as a
    # QR code on the trip's first sheet page.
    phone_links: dict[str, str] = {}
    # Wellness checks the office has not closed yet, from the history: shown first on the index.
    open_checks: tuple[OpenCheck, ...] = ()


# --------------------------------------------------------------------------- summary


class StopMargin(Frozen):
    """The tightest stop against one limit, in minutes to spare, with where it is."""

    minutes: float
    van_id: str
    trip: int
    stop: int
    client_id: str


class StopsUnder(Frozen):
    """How many stops have less than ``minutes`` to spare."""

    minutes: float
    stops: int


class MarginsSummary(Frozen):
    tightest_hold: StopMargin | None
    tightest_window: StopMargin | None
    stops: int
    hold_under_min: StopsUnder
    window_under_min: StopsUnder


class NoiseSummary(Frozen):
    noise: float
    hold_breaks_pct: float
    hold_breaks_per_night: float
    window_breaks_pct: float
    window_breaks_per_night: float
    nights_with_a_hold_break_pct: float


class RobustnessSummary(Frozen):
    samples: int
    levels: tuple[NoiseSummary, ...]


class ProblemCounts(Frozen):
    errors: int
    warnings: int


class KitchenSummary(Frozen):
    kitchen_id: str
    orders: int
    routed: int
    vans_used: int
    routes: int
    distance_m: int
    solve_s: float | None = None  # None in reproducible runs: no clock readings in files
    status: str  # ok | failed | no_orders


class RunState(Frozen):
    """summary.json's ``run``: the run's number and whether it is the date's published plan."""

    id: int | None
    state: Literal["published", "draft", "not_recorded"]


class NightSummary(Frozen):
    """The figures a coordinator reads first (``summary.json``, the terminal, the history, a
    sweep's results): the contract between the planner and everything that reports on a night.

    Fields that are None are left out of the JSON where None means "not measured" (clock
    readings of a reproducible run, a run without a history); where None
    is a value (the share served on a day off, no next working day) it is written as null.
    """

    date: dt.date
    register_rows: int
    status: dict[str, int]  # ledger status -> clients
    due: int
    served: int
    served_pct: float | None  # None on a day off: 0 of 0 is not "100 %"
    day_off: Args
    next_working_day: dt.date | None
    portions_served: int
    unserved_by_reason: dict[str, int]
    vans_used: int
    trips: int
    total_km: float
    route_hours: float  # van time from leaving the kitchen to being back, all trips
    longest_food_ride_min: float
    margins: MarginsSummary
    robustness: RobustnessSummary
    violations: int
    violations_by_cause: dict[str, int]
    problems: ProblemCounts
    solve_s: float | None = None
    kitchens: tuple[KitchenSummary, ...]
    wall_s: float | None = None  # from start to the plan, before writing it
    # Seconds per stage of the night (reading, demand, matrices, routing, ..., each writer): where
    # a night's time went, so that a slower stage shows in the night's own figures.
    stages_s: dict[str, float] | None = None
    run: RunState | None = None

    ABSENT_WHEN_NONE: ClassVar[tuple[str, ...]] = ("solve_s", "wall_s", "stages_s", "run")

    def without_timings(self) -> NightSummary:
        """The summary minus wall-clock figures: what reproducible runs write, so reruns are byte-identical."""
        kitchens = tuple(k.model_copy(update={"solve_s": None}) for k in self.kitchens)
        return self.model_copy(update={"solve_s": None, "wall_s": None, "stages_s": None, "kitchens": kitchens})

    def as_json(self) -> dict:
        """JSON-ready data, fields that were not measured left out."""
        data = self.model_dump(mode="json")
        for key in self.ABSENT_WHEN_NONE:
            if data[key] is None:
                del data[key]
        for kitchen in data["kitchens"]:
            if kitchen["solve_s"] is None:
                del kitchen["solve_s"]
        return data


# --------------------------------------------------------------------------- benchmarks


class VrptwInstance(Frozen):
    """A standard VRPTW benchmark instance (Solomon, Gehring-Homberger); node 0 is the depot."""

    name: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    demand: tuple[int, ...]
    ready: tuple[int, ...]
    due: tuple[int, ...]
    service: tuple[int, ...]
    capacity: int
    vehicles: int


class BenchResult(Frozen):
    instance: str
    engine: str
    distance: float
    vehicles: int
    feasible: bool
    wall_s: float
    gap_pct: float | None = None
    violations: int = 0
    unrouted: int = 0
