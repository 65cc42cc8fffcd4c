"""One nightly run for date D, stage by stage: read -> demand -> assign -> route -> produce -> ledger.

No printing and no exit codes here; the CLI does that. ``progress`` is told the name of each
step as it starts, so a terminal can show where a long night is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from mealplan.addresses import AddressIndex
from mealplan.calendar import is_working_day, next_working_day
from mealplan.errors import InputError
from mealplan.io.readers.dataset import read_dataset
from mealplan.models import (
    Dataset,
    GeocodeResult,
    KitchenAssignment,
    KitchenSummary,
    LedgerStatus,
    MarginAt,
    Margins,
    MarginsSummary,
    NightSummary,
    NoiseSummary,
    OfficeVisits,
    Order,
    PastPlans,
    Plan,
    Problem,
    ProblemCounts,
    Robustness,
    RobustnessSummary,
    Route,
    Settings,
    Severity,
    StopMargin,
    StopsUnder,
    Unserved,
    UnservedReason,
    Violation,
)
from mealplan.planning.demand import daily_demand, non_working_day_args
from mealplan.planning.geocode import geocode_client, geocode_dataset
from mealplan.planning.ledger import build_ledger
from mealplan.planning.margins import plan_margins
from mealplan.planning.production import plan_production
from mealplan.planning.robustness import street_robustness
from mealplan.planning.stability import change_report, home_kitchens, home_vans
from mealplan.routing.assignment import assign_kitchens
from mealplan.routing.engines import DEFAULT_ENGINE, DEFAULT_TIME_LIMIT_S
from mealplan.routing.kitchen import Stability
from mealplan.routing.lanes import Part, plan_parts, route_all, screen_all
from mealplan.routing.problem import StreetRules
from mealplan.routing.roads import drive_routes, kitchens_cut_off, locate_on_roads, road_travel
from mealplan.routing.travel import RoadNetwork, StraightLineTravel, TravelTimeSource
from mealplan.units import MINUTE_S, hours, km, metres_per_s, s_to_min

if TYPE_CHECKING:
    from mealplan.io.store.history import RunRecord

ROAD_CACHE = Path(".mealplan-cache") / "roads"  # inside the data folder: prepared graphs


class RunConfig(BaseModel):
    model_config = ConfigDict(frozen=True)

    data_dir: Path
    date: dt.date | None = None  # default: the next working day after today
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    seed: int = 0
    solution_limit: int | None = None
    workers: int | None = None
    engine: str = DEFAULT_ENGINE
    geocoder: str | None = None  # an online geocoder, only when named
    roads: Path | None = None  # an .osm.pbf; overrides settings.csv's ``roads``
    # The whole night's budget (the CLI's --time-limit): a time.monotonic() moment by which the
    # plan should be written and recorded. Routing then gets what is left after the stages
    # before it and an estimate of those after it; None: time_limit_s is routing's alone.
    deadline: float | None = None


# After routing: the checks, production, the ledger, the summary, every writer and the history
# record. Measured on the Sofia night (1,777 orders: 4.0 s after routing, docs/benchmarks.md,
# "The night's budget") with room for a slower disk; on roads each trip's street path is asked for.
AFTER_ROUTING_FIXED_S = 1.0
AFTER_ROUTING_PER_ORDER_S = 0.0025
AFTER_ROUTING_PER_ORDER_ON_ROADS_S = 0.001
MIN_ROUTING_S = 1.0
# Routing keeps at least this share of the night when the estimate of the stages after it
# would leave less (a city of 100,000 clients, whose writers take minutes: issue 23): a plan
# searched for half the budget and written late beats one searched for a second.
MIN_ROUTING_SHARE = 0.5


def routing_budget_s(config: RunConfig, orders: int, on_roads: bool, now: float | None = None) -> float:
    """Seconds routing may take: ``time_limit_s``, or with a deadline what is left of the night
    after the stages still to come, but never less than half the budget (or a second): a budget
    too small for the night is overrun, not answered with a plan searched for no time."""
    if config.deadline is None:
        return config.time_limit_s
    after_s = AFTER_ROUTING_FIXED_S + orders * (
        AFTER_ROUTING_PER_ORDER_S + (AFTER_ROUTING_PER_ORDER_ON_ROADS_S if on_roads else 0.0)
    )
    left_s = config.deadline - (time.monotonic() if now is None else now) - after_s
    return max(MIN_ROUTING_S, MIN_ROUTING_SHARE * config.time_limit_s, left_s)


TODAY_ENV = "MEALPLAN_TODAY"


def today() -> dt.date:
    """The date the program takes as today: the wall clock's, or $MEALPLAN_TODAY (YYYY-MM-DD) to
    re-run a past evening as it was (the next working day, the far-date guard, retention)."""
    given = os.environ.get(TODAY_ENV, "").strip()
    if not given:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(given)
    except ValueError:
        raise InputError("bad_today", value=given, variable=TODAY_ENV) from None


def resolve_date(config: RunConfig, dataset: Dataset, today_: dt.date | None = None) -> dt.date:
    if config.date is not None:
        return config.date
    settings = dataset.settings
    return next_working_day(today_ or today(), settings.extra_days_off, settings.extra_working_days, settings.country)


def check_far_date(day: dt.date, settings: Settings, far_date_allowed: bool, today_: dt.date | None = None) -> None:
    """Refuse a date further than the settings' ``far_date_days`` from today unless the user said so.

    2062-11-23 typed for 2026-11-23 is a typo: planning it would publish a plan nobody asked for
    and make it the newest date of the history.
    """
    today_ = today_ or today()
    if not far_date_allowed and abs((day - today_).days) > settings.far_date_days:
        raise InputError("far_date", date=day.isoformat(), today=today_.isoformat(), days=settings.far_date_days)


def run_day(
    config: RunConfig,
    progress: Callable[[str], None] = lambda step: None,
    dataset: Dataset | None = None,
    past: PastPlans | None = None,
) -> tuple[Plan, Dataset]:
    """Plan one day. Returns the plan and the dataset it was made from (writers need both).

    With ``past`` (from the history) routes are stable: returning clients keep their van unless
    moving them saves more than the settings' ``move_allowance_min``, and the plan carries the
    change report against the published plans before it. A re-plan of a date with a published
    plan starts from that plan (``past`` then holds it as everyone's newest delivery).
    """
    if dataset is None:
        progress("read")
        dataset = read_dataset(config.data_dir)
    dataset = geocode_missing(config, dataset, progress)
    day = resolve_date(config, dataset)
    settings = dataset.settings
    if not is_working_day(day, settings.extra_days_off, settings.extra_working_days, settings.country):
        return day_off_plan(dataset, day), dataset
    network = open_network(config, dataset, progress)
    progress("demand")
    demand = daily_demand(dataset, day)
    kitchens_kept = home_kitchens(past, day) if past is not None and settings.move_allowance_min > 0 else None
    day_travel = travel_for_day(dataset, list(demand.orders), network, progress, kitchens_kept)
    assignment, lost = day_travel.assignment, day_travel.lost
    progress("route")
    started = time.perf_counter()
    stability = None
    if past is not None and settings.move_allowance_min > 0:
        homes = home_vans(past.previous, assignment.orders_by_kitchen, list(dataset.vans))
        stability = Stability(homes, round(settings.move_allowance_min * MINUTE_S))
    results = route_all(
        assignment.orders_by_kitchen,
        list(dataset.kitchens),
        list(dataset.vans),
        travel=day_travel.travel,
        time_limit_s=routing_budget_s(config, len(demand.orders), network is not None),
        seed=config.seed,
        solution_limit=config.solution_limit,
        workers=config.workers,
        engine=config.engine,
        stability=stability,
        street=street_rules(settings),
        parts=day_travel.parts,
    )
    solve_s = time.perf_counter() - started
    routes: list[Route] = [r for result in results for r in result.routes]
    driven: list[Violation] = []
    if network is not None:
        progress("trace")
        routes, driven = drive_routes(
            routes,
            list(dataset.kitchens),
            list(dataset.vans),
            network,
            settings.van_speed_factor,
            settings.speed_by_hour,
        )
    unserved = lost + [u for result in results for u in result.unserved]
    progress("produce")
    production = plan_production(dataset, day, assignment.orders_by_kitchen, {u.client_id for u in unserved}, routes)
    progress("ledger")
    ledger = build_ledger(dataset, demand, routes, unserved)
    plan = Plan(
        date=day,
        routes=tuple(routes),
        unserved=tuple(unserved),
        production=production,
        ledger=ledger,
        violations=tuple(v for result in results for v in result.violations) + tuple(driven),
        problems=dataset.problems + tuple(day_travel.notes) + production.problems,
        kitchen_stats=tuple(result.stats for result in results),
        solve_s=solve_s,
    )
    if past is not None and not past.is_empty:
        progress("changes")
        # With nothing published before, every client would be "new": a mark on every stop of
        # every sheet tells a driver nothing, so the first night has no change report at all.
        changes = change_report(plan, past.previous, past.last_vans, settings.change_shift_min)
        plan = plan.model_copy(update={"changes": changes})
    return plan, dataset


def history_facts(past: PastPlans, published: bool, stable: bool) -> dict:
    """What the outputs say of the night's place in the history: whether it is published, and
    which published plan the change report compares with (a re-plan: the date's own plan, named
    by run and the local time it was published; else the last date before it)."""
    at = past.last_published_at.astimezone() if past.last_published_at else None
    return {
        "published": published,
        "stable": stable,
        "previous_date": past.last_date.isoformat() if past.last_date else "",
        "since_run": past.last_run_id or 0,
        "since_published_at": at.strftime("%Y-%m-%d %H:%M") if at else "",
        "replan": past.replan,
    }


def visits_today(visits: list[dict], plan: Plan) -> dict:
    """The day's home visits beside its meals (the history's visits of the date), as the plan's
    ``visits_week`` and ``visits_today``: per office how many visits, how many workers out, and
    how many visited clients also get lunch that day."""
    if not visits:
        return {}
    lunch = {stop.client_id for route in plan.routes for stop in route.stops}
    seen: dict[str, tuple[set[str], set[str], set[str]]] = {}
    for visit in visits:
        found, workers, clients = seen.setdefault(visit["office_id"], (set(), set(), set()))
        found.add(visit["occurrence_id"])
        workers.add(visit["worker_id"])
        clients.add(visit["client_id"])
    year, week, _ = plan.date.isocalendar()
    offices = tuple(
        OfficeVisits(office_id=office, visits=len(found), workers=len(workers), with_lunch=len(clients & lunch))
        for office, (found, workers, clients) in sorted(seen.items())
    )
    return {"visits_week": f"{year}-W{week:02d}", "visits_today": offices}


def register_fingerprint(dataset: Dataset) -> str:
    """SHA-256 of the register as read (every row, valid or not): which register a run planned from."""
    rows = json.dumps([row.model_dump(mode="json") for row in dataset.register_rows], sort_keys=True)
    return hashlib.sha256(rows.encode("utf-8")).hexdigest()


def run_record(
    plan: Plan, dataset: Dataset, config: RunConfig, summary: NightSummary, started_at: dt.datetime
) -> RunRecord:
    """What the history keeps of a night: each client's outcome from the ledger, route totals,
    the settings and summary; no names, addresses or phones."""
    from mealplan import __version__
    from mealplan.io.store.history import RunRecord

    carried = {stop.client_id: (stop.diet_id, stop.portions) for route in plan.routes for stop in route.stops}
    outcomes = [
        {
            "register_row": entry.row,
            "client_id": entry.client_id,
            "status": entry.status.value,
            "reason": entry.reason_code,
            "kitchen_id": entry.kitchen_id,
            "van_id": entry.van_id,
            "trip": entry.trip,
            "stop": entry.stop,
            "arrival_s": entry.arrival_s,
            "diet_id": carried.get(entry.client_id, (None, None))[0] if entry.arrival_s is not None else None,
            "portions": carried.get(entry.client_id, (None, None))[1] if entry.arrival_s is not None else None,
        }
        for entry in plan.ledger
    ]
    routes = [
        {
            "van_id": r.van_id,
            "trip": r.trip,
            "kitchen_id": r.kitchen_id,
            "departure_s": r.departure_s,
            "return_s": r.return_s,
            "distance_m": round(r.distance_m, 1),
            "stops": len(r.stops),
            "portions": r.portions,
        }
        for r in plan.routes
    ]
    return RunRecord(
        plan_date=plan.date,
        started_at=started_at,
        register_sha256=register_fingerprint(dataset),
        engine=config.engine,
        seed=config.seed,
        time_limit_s=config.time_limit_s,
        stable=dataset.settings.move_allowance_min > 0,
        settings=dataset.settings.model_dump(mode="json"),
        summary=summary.without_timings().model_copy(update={"wall_s": summary.wall_s}).as_json(),
        mealplan_version=__version__,
        outcomes=outcomes,
        routes=routes,
    )


def day_off_plan(dataset: Dataset, day: dt.date) -> Plan:
    """The plan of a day off: every client not due with the reason, nothing cooked or routed."""
    settings = dataset.settings
    demand = daily_demand(dataset, day)
    return Plan(
        date=day,
        routes=(),
        unserved=(),
        production=plan_production(dataset, day, {}, set(), []),
        ledger=build_ledger(dataset, demand, [], []),
        violations=(),
        problems=dataset.problems,
        kitchen_stats=(),
        solve_s=0.0,
        day_off=non_working_day_args(day, settings.country),
        next_working_day=next_working_day(day, settings.extra_days_off, settings.extra_working_days, settings.country),
    )


class DayCheck(BaseModel):
    """What ``mealplan validate`` reports: the plan's data checks for a date, without routing."""

    model_config = ConfigDict(frozen=True)

    date: dt.date
    dataset: Dataset
    problems: tuple[Problem, ...]
    unserved: tuple[Unserved, ...]  # who the plan would leave unserved for data reasons


def check_day(config: RunConfig) -> DayCheck:
    """Every check ``run_day`` makes on the data for the date, short of solving the routes."""
    dataset = geocode_missing(config, read_dataset(config.data_dir))
    day = resolve_date(config, dataset)
    network = open_network(config, dataset)
    demand = daily_demand(dataset, day)
    day_travel = travel_for_day(dataset, list(demand.orders), network)
    screened = screen_all(day_travel.parts, day_travel.travel, street_rules(dataset.settings))
    unserved = day_travel.lost + screened
    orders_by_kitchen = day_travel.assignment.orders_by_kitchen
    production = plan_production(dataset, day, orders_by_kitchen, {u.client_id for u in unserved}, [])
    return DayCheck(
        date=day,
        dataset=dataset,
        problems=dataset.problems + tuple(day_travel.notes) + production.problems,
        unserved=tuple(unserved),
    )


def roads_extract(config: RunConfig, dataset: Dataset) -> Path | None:
    """The OSM extract the night plans on: ``--roads``, else settings' ``roads`` (relative to the data folder)."""
    if config.roads is not None:
        return config.roads
    if dataset.settings.roads:
        return config.data_dir / dataset.settings.roads
    return None


def geocode_missing(
    config: RunConfig, dataset: Dataset, progress: Callable[[str], None] = lambda step: None
) -> Dataset:
    """Coordinates for clients without them: from the extract on this machine, then (only if the
    user named one) from an online geocoder for what the extract did not know."""
    extract = roads_extract(config, dataset)
    if extract is not None and any(not c.has_coordinates for c in dataset.clients):
        progress("geocode_offline")
        dataset, _ = geocode_offline(dataset, extract)
    if config.geocoder and any(not c.has_coordinates for c in dataset.clients):
        progress("geocode")
        from mealplan.io.adapters.geocoder import fill_coordinates

        dataset = fill_coordinates(dataset, config.geocoder, config.data_dir)
    return dataset


def geocode_offline(dataset: Dataset, extract: Path, everyone: bool = False) -> tuple[Dataset, list[GeocodeResult]]:
    """Match register addresses against ``extract``'s address data; nothing leaves the machine.

    ``everyone`` also re-checks clients that have coordinates (their answers say how far the
    register's point is from the map's), without changing them.
    """
    from mealplan.io.readers.osm_addresses import read_addresses

    index = AddressIndex.build(read_addresses(extract))
    dataset, results = geocode_dataset(dataset, index)
    if everyone:
        done = {r.client_id for r in results}
        results += [geocode_client(c, index, dataset.area) for c in dataset.clients if c.client_id not in done]
        results.sort(key=lambda r: r.row)
    return dataset, results


def street_rules(settings: Settings) -> StreetRules:
    """The settings' margins and speeds by the hour, as the routing stage takes them."""
    return StreetRules(
        hold_s=round(settings.hold_margin_min * MINUTE_S),
        window_s=round(settings.window_margin_min * MINUTE_S),
        speed_by_hour=settings.speed_by_hour,
        margin_floor=settings.margin_floor_pct / 100,
    )


def open_network(
    config: RunConfig, dataset: Dataset, progress: Callable[[str], None] = lambda step: None
) -> RoadNetwork | None:
    """The road engine over the configured extract, prepared once and cached; None on straight lines."""
    extract = roads_extract(config, dataset)
    if extract is None:
        return None
    progress("roads")
    from mealplan.io.adapters.osrm import open_roads
    from mealplan.io.safe import real_folder

    settings = dataset.settings
    cache = real_folder(config.data_dir, *ROAD_CACHE.parts)
    return open_roads(extract, cache, progress, curb=settings.curb_approach, driving_side=settings.driving_side)


@dataclass(frozen=True)
class DayTravel:
    """What routing starts from: kitchens for the orders, the problems to solve (``parts``) and
    their travel times, who was lost on the way and what the coordinator must hear before."""

    assignment: KitchenAssignment
    lost: list[Unserved]
    travel: TravelTimeSource
    notes: list[Problem]
    parts: list[Part]


def travel_for_day(
    dataset: Dataset,
    orders: list[Order],
    network: RoadNetwork | None,
    progress: Callable[[str], None] = lambda step: None,
    homes: Mapping[str, str] | None = None,
) -> DayTravel:
    """Kitchens for the orders, the night's problems and the travel times routing uses.

    On roads, doors are first put on the network (off-road and unreachable doors are unserved
    with that reason), kitchens are chosen by road time (a kitchen no door reaches is named),
    and the matrices of the problems the router will solve (each kitchen, or each sector of a big
    one) are computed once here; on straight lines, by distance.
    """
    settings = dataset.settings
    lost: list[Unserved] = []
    road_costs = None
    notes: list[Problem] = []
    if network is not None:
        progress("locate")
        orders, lost, road_costs = locate_on_roads(
            orders, list(dataset.kitchens), network, settings.max_snap_m, settings.van_speed_factor
        )
        notes = [
            Problem(
                file="kitchens.csv",
                column="kitchen_id",
                value=kitchen_id,
                code="kitchen_no_road",
                expected="kitchen_on_roads",
                severity=Severity.WARNING,
            )
            for kitchen_id in kitchens_cut_off(orders, list(dataset.kitchens), road_costs)
        ]
    progress("assign")
    # What keeping a client's kitchen may cost, in the assignment's unit (road seconds out, or
    # straight-line metres at the settings' speed): the same allowance as keeping their van.
    allowance_s = settings.move_allowance_min * MINUTE_S
    move_cost = (
        allowance_s if network is not None else allowance_s * metres_per_s(settings.speed_kmh) / settings.circuity
    )
    assignment = assign_kitchens(orders, list(dataset.kitchens), list(dataset.vans), road_costs, homes, move_cost)
    lost = lost + list(assignment.unserved)
    parts = plan_parts(assignment.orders_by_kitchen, list(dataset.kitchens), list(dataset.vans))
    travel: TravelTimeSource = StraightLineTravel(settings.speed_kmh, settings.circuity)
    if network is not None:
        progress("matrices")
        matrices = road_travel([(p.kitchen, p.orders) for p in parts], network, settings.van_speed_factor)
        travel = matrices.travel
        if matrices.no_curb_link:
            assignment, parts = _without(assignment, parts, {order.client_id for _, order in matrices.no_curb_link})
            lost += [
                Unserved.of(order, UnservedReason.NO_ROAD_LINK, {}, kitchen_id)
                for kitchen_id, order in matrices.no_curb_link
            ]
    return DayTravel(assignment=assignment, lost=lost, travel=travel, notes=notes, parts=parts)


def _without(
    assignment: KitchenAssignment, parts: list[Part], client_ids: set[str]
) -> tuple[KitchenAssignment, list[Part]]:
    """The assignment and the problems less some clients: the problems keep their cut, so each
    still lies within the matrix block computed for it."""
    orders_by_kitchen = {
        kitchen_id: tuple(o for o in orders if o.client_id not in client_ids)
        for kitchen_id, orders in assignment.orders_by_kitchen.items()
    }
    kept = [replace(p, orders=[o for o in p.orders if o.client_id not in client_ids]) for p in parts]
    return assignment.model_copy(update={"orders_by_kitchen": orders_by_kitchen}), [p for p in kept if p.orders]


def margins_summary(margins: Margins) -> MarginsSummary:
    """The tightest stops against the hold limit and the window, in minutes with where they are."""

    def at(found: MarginAt | None) -> StopMargin | None:
        if found is None:
            return None
        return StopMargin(
            minutes=s_to_min(found.margin_s, 1),
            van_id=found.van_id,
            trip=found.trip,
            stop=found.stop,
            client_id=found.client_id,
        )

    return MarginsSummary(
        tightest_hold=at(margins.tightest_hold),
        tightest_window=at(margins.tightest_window),
        stops=margins.stops,
        hold_under_min=StopsUnder(minutes=s_to_min(margins.hold_threshold_s, 1), stops=margins.hold_under),
        window_under_min=StopsUnder(minutes=s_to_min(margins.window_threshold_s, 1), stops=margins.window_under),
    )


def robustness_summary(robustness: Robustness) -> RobustnessSummary:
    """Per noise level: the share of stops (%) and the stops per night expected over each limit."""
    return RobustnessSummary(
        samples=robustness.samples,
        levels=tuple(
            NoiseSummary(
                noise=level.noise,
                hold_breaks_pct=round(level.hold_breaks_pct, 3),
                hold_breaks_per_night=round(level.hold_breaks_per_night, 2),
                window_breaks_pct=round(level.window_breaks_pct, 3),
                window_breaks_per_night=round(level.window_breaks_per_night, 2),
                nights_with_a_hold_break_pct=round(100 * level.nights_with_a_hold_break, 1),
            )
            for level in robustness.levels
        ),
    )


def summarize(plan: Plan, settings: Settings | None = None, wall_s: float | None = None) -> NightSummary:
    """The figures a coordinator reads first. Stops are counted as tight against the settings'
    margins (the defaults without settings)."""
    settings = settings or Settings()
    status = Counter(entry.status.value for entry in plan.ledger)
    due = status[LedgerStatus.ROUTED.value] + status[LedgerStatus.UNSERVED.value]
    served = status[LedgerStatus.ROUTED.value]
    longest_s = max((r.longest_hold_s for r in plan.routes), default=0)
    return NightSummary(
        date=plan.date,
        register_rows=len(plan.ledger),
        status={s.value: status[s.value] for s in LedgerStatus},
        due=due,
        served=served,
        served_pct=None if plan.day_off else (round(100 * served / due, 2) if due else 100.0),
        day_off=dict(plan.day_off),
        next_working_day=plan.next_working_day,
        portions_served=sum(r.portions for r in plan.routes),
        unserved_by_reason=dict(sorted(Counter(u.reason.value for u in plan.unserved).items())),
        vans_used=len({r.van_id for r in plan.routes}),
        trips=len(plan.routes),
        total_km=km(sum(r.distance_m for r in plan.routes)),
        route_hours=hours(sum(r.return_s - r.departure_s for r in plan.routes)),
        longest_food_ride_min=s_to_min(longest_s, 1),
        margins=margins_summary(
            plan_margins(
                plan.routes, round(settings.hold_margin_min * MINUTE_S), round(settings.window_margin_min * MINUTE_S)
            )
        ),
        robustness=robustness_summary(street_robustness(plan.routes)),
        violations=len(plan.violations),
        violations_by_cause=dict(sorted(Counter(v.cause.value for v in plan.violations).items())),
        problems=ProblemCounts(
            errors=sum(1 for p in plan.problems if p.severity.value == "error"),
            warnings=sum(1 for p in plan.problems if p.severity.value == "warning"),
        ),
        solve_s=round(plan.solve_s, 1),
        kitchens=tuple(
            KitchenSummary(**(s.model_dump() | {"distance_m": round(s.distance_m), "solve_s": round(s.solve_s, 1)}))
            for s in plan.kitchen_stats
        ),
        wall_s=wall_s,
    )
