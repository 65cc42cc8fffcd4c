"""Per-kitchen routing: screen -> build -> engine -> timetable -> check -> Route / Unserved.

Orders that no van could serve even alone (too far for the food-safety limit, window closed
before the earliest arrival, shift too short, larger than any van) are explained before the
solver runs and are not given to it. Kitchens are solved in parallel worker processes, each
with a share of the time budget; a failure in one kitchen turns its orders into "unserved:
solver failed" and leaves the others' routes intact.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from mealplan.models import (
    Args,
    Kitchen,
    KitchenRoutingStats,
    Order,
    Route,
    Stop,
    Unserved,
    UnservedReason,
    Van,
    Violation,
)
from mealplan.processes import worker_pool
from mealplan.routing.check import check_routes
from mealplan.routing.engines import DEFAULT_ENGINE, DEFAULT_TIME_LIMIT_S, get_engine
from mealplan.routing.engines.base import EXPECTED_SOLVER_ERRORS, RawSolution, SolveLimits
from mealplan.routing.give_way import give_way, real_limits
from mealplan.routing.keep_order import keep_handed_out_order
from mealplan.routing.problem import AS_MODELLED, RoutingProblem, StreetRules, build_problem, subproblem, tour_length
from mealplan.routing.schedule import timetable
from mealplan.routing.travel import StraightLineTravel, TravelTimeSource
from mealplan.units import MINUTE_S, hhmm


@dataclass(frozen=True)
class KitchenResult:
    routes: tuple[Route, ...]
    unserved: tuple[Unserved, ...]
    violations: tuple[Violation, ...]
    stats: KitchenRoutingStats


def screen(problem: RoutingProblem) -> tuple[list[int], dict[int, tuple[UnservedReason, Args]]]:
    """Split order nodes into those some van could serve alone and those no van can, with why."""
    if not problem.vehicles:
        return [], {node: (UnservedReason.NO_VANS, {"kitchen": problem.name}) for node in range(1, problem.n_nodes)}
    first_trips = [v for v in problem.vehicles if v.trip == 1]
    start = min(v.earliest_start_s for v in first_trips)
    # Judged against the real limits: a safety margin is for the plan, never a reason to leave a client out.
    hold = max(v.food_limit_s for v in problem.vehicles)
    end = max(v.latest_end_s for v in problem.vehicles)
    capacity = max(v.capacity for v in problem.vehicles)
    feasible: list[int] = []
    reasons: dict[int, tuple[UnservedReason, Args]] = {}
    for node in range(1, problem.n_nodes):
        out = int(problem.travel_s[0, node])
        arrive = start + out
        begin = max(arrive, int(problem.window_start_s[node]))
        back = begin + int(problem.service_s[node]) + int(problem.travel_s[node, 0])
        if int(problem.demand[node]) > capacity:
            reasons[node] = (
                UnservedReason.ORDER_EXCEEDS_VAN,
                {"portions": int(problem.demand[node]), "capacity": capacity},
            )
        elif out > hold:
            reasons[node] = (
                UnservedReason.TOO_FAR_FOR_HOLD_LIMIT,
                {"ride": math.ceil(out / MINUTE_S), "limit": hold // MINUTE_S},
            )
        elif arrive > int(problem.window_limits[node]):
            reasons[node] = (
                UnservedReason.WINDOW_UNREACHABLE,
                {"earliest": hhmm(arrive), "window_end": hhmm(int(problem.window_limits[node]))},
            )
        elif back > end:
            reasons[node] = (UnservedReason.SHIFT_TOO_SHORT, {"back": hhmm(back), "shift_end": hhmm(end)})
        else:
            feasible.append(node)
    return feasible, reasons


def screen_all(
    orders_by_kitchen: dict[str, tuple[Order, ...]],
    kitchens: list[Kitchen],
    vans: list[Van],
    travel: TravelTimeSource,
    street: StreetRules = AS_MODELLED,
) -> list[Unserved]:
    """Every order that no van of its kitchen could serve even alone, with why, without solving.

    ``mealplan validate`` uses it to report before the night what the plan would leave unserved.
    """
    lost: list[Unserved] = []
    for kitchen in sorted(kitchens, key=lambda k: k.kitchen_id):
        orders = list(orders_by_kitchen.get(kitchen.kitchen_id, ()))
        if not orders:
            continue
        vans_here = [v for v in vans if v.kitchen_id == kitchen.kitchen_id]
        problem = build_problem(kitchen, vans_here, orders, travel, street=street)
        _, reasons = screen(problem)
        for node, (reason, args) in sorted(reasons.items()):
            order = orders[node - 1]
            lost.append(Unserved.of(order, reason, args, kitchen.kitchen_id))
    return lost


def _to_routes(
    problem: RoutingProblem,
    solution: RawSolution,
    kitchen_id: str,
    relaxed: frozenset[int] = frozenset(),
    margin_floor: float = 1.0,
) -> list[Route]:
    """Routes with their timetables; the trips of ``relaxed`` vehicles (where a margin gave way to
    serve a client) are timed against the limits less ``margin_floor`` of each margin."""
    real = real_limits(problem, margin_floor) if relaxed else problem
    by_van: dict[str, list] = {}
    for raw in solution.routes:
        by_van.setdefault(problem.vehicles[raw.vehicle].van_id, []).append(raw)
    routes: list[Route] = []
    for van_id in sorted(by_van):
        trips = sorted(by_van[van_id], key=lambda r: r.start_s)
        ready_at = None
        for raw in trips:
            vehicle = problem.vehicles[raw.vehicle]
            earliest = vehicle.earliest_start_s if ready_at is None else max(vehicle.earliest_start_s, ready_at)
            table = timetable(real if raw.vehicle in relaxed else problem, raw.nodes, earliest, raw.end_s)
            reload = next((l.reload_s for l in problem.links if l.after == raw.vehicle), 0)
            next_reload = next((l.reload_s for l in problem.links if l.before == raw.vehicle), reload)
            ready_at = table.return_s + next_reload
            stops = []
            for seq, (node, arrival, drive) in enumerate(
                zip(raw.nodes, table.arrival_s, table.drive_s, strict=True), 1
            ):
                stops.append(
                    Stop(
                        sequence=seq,
                        client_id=problem.client_ids[node - 1],
                        portions=int(problem.demand[node]),
                        diet_id="",
                        lat=float(problem.lat[node]),
                        lon=float(problem.lon[node]),
                        arrival_s=arrival,
                        departure_s=arrival + int(problem.service_s[node]),
                        hold_s=arrival - table.departure_s,
                        window_end_s=int(problem.window_limits[node]),
                        window_start_s=int(problem.window_start_s[node]),
                        drive_s=drive,
                    )
                )
            distance = tour_length(problem.distance_m, raw.nodes)
            routes.append(
                Route(
                    van_id=van_id,
                    trip=vehicle.trip,
                    kitchen_id=kitchen_id,
                    departure_s=table.departure_s,
                    return_s=table.return_s,
                    stops=tuple(stops),
                    distance_m=distance,
                    capacity_portions=vehicle.capacity,
                    max_hold_min=vehicle.food_limit_s // 60,
                )
            )
    return routes


def number_trips_as_driven(routes: list[Route], violations: list[Violation]) -> tuple[list[Route], list[Violation]]:
    """Each van's trips numbered 1, 2, ... in the order it drives them.

    The solver's trips are dispatch waves: a van that drives only in the second wave would get a
    sheet titled "trip 2" without a "trip 1". Checked first (the checker knows the waves), then
    renumbered together with the checker's findings.
    """
    number: dict[tuple[str, int], int] = {}
    for van_id in sorted({r.van_id for r in routes}):
        trips = sorted((r for r in routes if r.van_id == van_id), key=lambda r: (r.departure_s, r.trip))
        for k, route in enumerate(trips, 1):
            number[(van_id, route.trip)] = k
    renumbered = [r.model_copy(update={"trip": number[(r.van_id, r.trip)]}) for r in routes]
    moved = [
        v.model_copy(update={"trip": number[(v.van_id, v.trip)]}) if (v.van_id, v.trip) in number else v
        for v in violations
    ]
    return renumbered, moved


@dataclass(frozen=True)
class Stability:
    """Stable routes: each returning client's van and planned arrival last time, and what moving
    a client to another van must save (seconds of route time) before the solver does it."""

    homes: Mapping[str, tuple[str, int]]
    move_cost_s: int

    def only(self, orders: list[Order]) -> Stability:
        """The part of it a problem of ``orders`` needs (workers are sent no more)."""
        return Stability(
            {o.client_id: self.homes[o.client_id] for o in orders if o.client_id in self.homes}, self.move_cost_s
        )


def route_kitchen(
    kitchen: Kitchen,
    vans: list[Van],
    orders: list[Order],
    travel: TravelTimeSource,
    limits: SolveLimits,
    engine: str = DEFAULT_ENGINE,
    stability: Stability | None = None,
    street: StreetRules = AS_MODELLED,
) -> KitchenResult:
    """Routes for one kitchen; every order ends on a route or unserved with a reason."""
    started = time.perf_counter()
    diet_of = {o.client_id: o.diet_id for o in orders}
    portions_of = {o.client_id: o.portions for o in orders}
    order_of = {o.client_id: o for o in orders}

    def unserved(client_id: str, reason: UnservedReason, args: Args) -> Unserved:
        return Unserved.of(order_of[client_id], reason, args, kitchen.kitchen_id)

    if not orders:
        return KitchenResult(
            (),
            (),
            (),
            KitchenRoutingStats(
                kitchen_id=kitchen.kitchen_id,
                orders=0,
                routed=0,
                vans_used=0,
                routes=0,
                distance_m=0.0,
                solve_s=0.0,
                status="no_orders",
            ),
        )
    try:
        problem = build_problem(
            kitchen,
            vans,
            orders,
            travel,
            homes=stability.homes if stability else None,
            move_cost_s=stability.move_cost_s if stability else 0,
            street=street,
        )
        feasible, reasons = screen(problem)
        sub = subproblem(problem, feasible)
        # The kitchen's budget is a deadline: time spent building the problem comes off the search.
        remaining_s = max(MIN_SEARCH_S, limits.time_limit_s - (time.perf_counter() - started))
        solution = get_engine(engine)(sub, replace(limits, time_limit_s=remaining_s))
        solution, relaxed = give_way(sub, solution, street.margin_floor)
        solution = keep_handed_out_order(sub, solution, relaxed)
        routes = _to_routes(sub, solution, kitchen.kitchen_id, relaxed, street.margin_floor)
        routes = [
            r.model_copy(
                update={"stops": tuple(s.model_copy(update={"diet_id": diet_of[s.client_id]}) for s in r.stops)}
            )
            for r in routes
        ]
        lost = [unserved(problem.client_ids[n - 1], reason, args) for n, (reason, args) in sorted(reasons.items())]
        dropped_ids = [sub.client_ids[n - 1] for n in solution.dropped]
        if dropped_ids:
            if solution.found:
                dropped_portions = sum(portions_of[c] for c in dropped_ids)
                avg_capacity = float(np.mean([v.capacity for v in problem.vehicles])) if problem.vehicles else 60.0
                used = max(1, len(routes))
                per_route = max(1.0, sum(len(r.stops) for r in routes) / used)
                trips = max(v.trip for v in problem.vehicles) if problem.vehicles else 1
                more = max(
                    math.ceil(len(dropped_ids) / per_route / trips),
                    math.ceil(dropped_portions / (avg_capacity * trips)),
                )
                fleet: Args = {"vans": more, "kitchen": kitchen.kitchen_id}
                lost += [unserved(c, UnservedReason.FLEET_CAPACITY, fleet) for c in dropped_ids]
            else:
                lost += [unserved(c, UnservedReason.SOLVER_TIME_LIMIT, {}) for c in dropped_ids]
        violations = check_routes(problem, routes, [u.client_id for u in lost])
        routes, violations = number_trips_as_driven(routes, violations)
        status = "ok" if solution.found else "no_solution"
    except EXPECTED_SOLVER_ERRORS as error:  # one kitchen's failure must not lose the others' plans
        routes = []
        lost = [
            unserved(o.client_id, UnservedReason.SOLVER_FAILED, {"error": f"{type(error).__name__}: {error}"})
            for o in orders
        ]
        violations = []
        status = f"failed: {type(error).__name__}: {error}"
    return KitchenResult(
        routes=tuple(routes),
        unserved=tuple(lost),
        violations=tuple(violations),
        stats=KitchenRoutingStats(
            kitchen_id=kitchen.kitchen_id,
            orders=len(orders),
            routed=sum(len(r.stops) for r in routes),
            vans_used=len({r.van_id for r in routes}),
            routes=len(routes),
            distance_m=sum(r.distance_m for r in routes),
            solve_s=time.perf_counter() - started,
            status=status,
        ),
    )


# The least search a problem gets even when its lane is at the deadline. Budgets are shares of
# the time left, so a lane ends at the deadline plus at most this (and the model building) for
# each problem still queued; a floor of 1 s made 180 sectors of a 100,000-client city take
# 112 s of a 50 s limit. PyVRP finds a complete first solution for 500 clients well within it.
MIN_SEARCH_S = 0.1


def plan_lanes(sizes: list[int], lanes: int) -> list[list[int]]:
    """Job indices per lane: largest job first, each to the lane with the least work so far.

    Longest-processing-time-first keeps lanes within a job of each other, so with budgets
    scaled per lane (see ``_run_lane``) every core searches until the deadline instead of
    idling while another core finishes a queue that ``pool.map`` happened to make longer.
    """
    load = [0] * max(1, lanes)
    plan: list[list[int]] = [[] for _ in load]
    for job in sorted(range(len(sizes)), key=lambda j: (-sizes[j], j)):
        lane = load.index(min(load))
        plan[lane].append(job)
        load[lane] += sizes[job]
    return [jobs for jobs in plan if jobs]


# Share of the time limit the lanes search for; the rest covers starting the workers and
# merging. Lanes end on their deadline (they set aside the time after each search), so this
# is no longer a guess at their overrun: 0.95 left 1.5 s of a 50 s night unused.
SOLVE_SHARE = 0.98
# Handing routes back from the workers and merging them, per order: measured 2.0 s for 90,538
# orders on 2 cores (about 1.4 s of it unpickling the routes' models). Set aside before the
# deadline so the whole routing step, not only the search, ends within the limit.
RESULTS_S_PER_ORDER = 2.5e-5


@dataclass(frozen=True)
class Part:
    """One problem of the night: a kitchen, or a sector of a big one, with its vans and orders."""

    kitchen: Kitchen
    vans: list[Van]
    orders: list[Order]


@dataclass(frozen=True)
class KitchenJob:
    """A part as a lane's worker solves it: with its slice of the matrices and its settings."""

    part: Part
    travel: TravelTimeSource
    limits: SolveLimits
    engine: str
    stability: Stability | None
    street: StreetRules


def _run_lane(jobs: list[KitchenJob], deadline: float) -> list[KitchenResult]:
    """Solve ``jobs`` one after another, each with its share of the time left to ``deadline``.

    ``deadline`` is on the ``time.monotonic`` clock, which Linux shares between processes, so
    the time a worker took to start comes off the search, not on top of the limit.
    """
    results = []
    orders_left = sum(len(job.part.orders) for job in jobs) or 1
    # A problem also takes time after its search (timetables, the checker): measured on the
    # problems done so far and set aside for those still queued, so the lane ends on time
    # whether it has 1 problem or 90 (a 100,000-client city ended 4.9 s late without it).
    overruns: list[float] = []
    for index, job in enumerate(jobs):
        part = job.part
        after_search_s = (sum(overruns) / len(overruns)) if overruns else 0.0
        left_s = deadline - time.monotonic() - after_search_s * (len(jobs) - index)
        budget_s = max(MIN_SEARCH_S, left_s * len(part.orders) / orders_left)
        orders_left = max(1, orders_left - len(part.orders))
        started = time.monotonic()
        limits = replace(job.limits, time_limit_s=budget_s)
        results.append(
            route_kitchen(
                part.kitchen, part.vans, part.orders, job.travel, limits, job.engine, job.stability, job.street
            )
        )
        overruns.append(max(0.0, time.monotonic() - started - budget_s))
    return results


MAX_ORDERS_PER_PROBLEM = 500


def split_kitchen(
    kitchen: Kitchen, vans: list[Van], orders: list[Order], max_orders: int = MAX_ORDERS_PER_PROBLEM
) -> list[tuple[list[Van], list[Order]]]:
    """Cut a big kitchen into angular sectors around it, each with its share of the vans.

    OR-Tools' search degrades fast beyond a few hundred stops (at ~2,000 stops and 24 s it
    served under half the clients that it serves when the same kitchen is cut into sectors).
    Orders are swept by bearing from the kitchen, starting at the widest empty gap so no dense
    neighbourhood is cut in two, and split into equal runs; vans go to sectors in proportion to
    their portions, at least one each. Orders without coordinates stay with the first sector
    (they are screened out there anyway).
    """
    located = [o for o in orders if o.lat is not None and o.lon is not None]
    parts = min(math.ceil(len(located) / max_orders), max(1, len(vans)))
    if parts <= 1:
        return [(vans, orders)]
    bearing = np.arctan2(
        np.array([o.lat for o in located]) - kitchen.lat,
        (np.array([o.lon for o in located]) - kitchen.lon) * math.cos(math.radians(kitchen.lat)),
    )
    order_idx = np.argsort(bearing, kind="stable")
    sorted_bearing = bearing[order_idx]
    gaps = np.diff(np.concatenate([sorted_bearing, sorted_bearing[:1] + 2 * math.pi]))
    start = (int(np.argmax(gaps)) + 1) % len(located)
    ring = np.roll(order_idx, -start)
    chunks = np.array_split(ring, parts)
    sectors = [[located[i] for i in chunk] for chunk in chunks]
    sectors[0] = sectors[0] + [o for o in orders if o.lat is None or o.lon is None]
    portions = [sum(o.portions for o in sector) for sector in sectors]
    # Largest remainder, at least one van per sector.
    ordered_vans = sorted(vans, key=lambda v: v.van_id)
    quotas = [max(1.0, len(vans) * p / max(1, sum(portions))) for p in portions]
    counts = [int(q) for q in quotas]
    for i in sorted(range(parts), key=lambda i: -(quotas[i] - counts[i]))[: max(0, len(vans) - sum(counts))]:
        counts[i] += 1
    while sum(counts) > len(vans):
        counts[counts.index(max(counts))] -= 1
    result, cursor = [], 0
    for sector, count in zip(sectors, counts, strict=True):
        result.append((ordered_vans[cursor : cursor + count], sector))
        cursor += count
    return result


def _merge(kitchen_id: str, results: list[KitchenResult]) -> KitchenResult:
    if len(results) == 1:
        return results[0]
    statuses = [r.stats.status for r in results]
    return KitchenResult(
        routes=tuple(route for r in results for route in r.routes),
        unserved=tuple(u for r in results for u in r.unserved),
        violations=tuple(v for r in results for v in r.violations),
        stats=KitchenRoutingStats(
            kitchen_id=kitchen_id,
            orders=sum(r.stats.orders for r in results),
            routed=sum(r.stats.routed for r in results),
            vans_used=sum(r.stats.vans_used for r in results),
            routes=sum(r.stats.routes for r in results),
            distance_m=sum(r.stats.distance_m for r in results),
            solve_s=max(r.stats.solve_s for r in results),
            status=next((s for s in statuses if s != "ok"), "ok") + f" ({len(results)} sectors)",
        ),
    )


def _slice(travel: TravelTimeSource, kitchen: Kitchen, orders: list[Order]) -> TravelTimeSource:
    located = [o for o in orders if o.lat is not None and o.lon is not None]
    lats = np.array([kitchen.lat, *[o.lat for o in located]], dtype=float)
    lons = np.array([kitchen.lon, *[o.lon for o in located]], dtype=float)
    return travel.restrict(lats, lons)


def route_all(
    orders_by_kitchen: dict[str, tuple[Order, ...]],
    kitchens: list[Kitchen],
    vans: list[Van],
    travel: TravelTimeSource | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    seed: int = 0,
    solution_limit: int | None = None,
    workers: int | None = None,
    engine: str = DEFAULT_ENGINE,
    stability: Stability | None = None,
    street: StreetRules = AS_MODELLED,
) -> list[KitchenResult]:
    """Route every kitchen within ``time_limit_s`` of wall time in total.

    Kitchens (or their sectors) are dealt to up to ``workers`` lanes (default: the CPU count),
    each a worker process that solves its share one after another; within a lane each problem
    gets the time left in proportion to its orders, so every lane ends at the deadline and big
    kitchens get more search.
    """
    travel = travel or StraightLineTravel()
    workers = max(1, workers or os.cpu_count() or 1)
    kitchens_with_orders = [
        k for k in sorted(kitchens, key=lambda k: k.kitchen_id) if orders_by_kitchen.get(k.kitchen_id)
    ]
    parts: list[Part] = []
    for kitchen in kitchens_with_orders:
        kitchen_vans = [v for v in vans if v.kitchen_id == kitchen.kitchen_id]
        for part_vans, part_orders in split_kitchen(kitchen, kitchen_vans, list(orders_by_kitchen[kitchen.kitchen_id])):
            parts.append(Part(kitchen, part_vans, part_orders))
    lanes = plan_lanes([len(p.orders) for p in parts], min(workers, len(parts)))
    # Fewer problems than cores (a small city, one kitchen): each problem's engine gets the spare
    # cores for parallel seeds instead of leaving them idle.
    per_part_workers = max(1, workers // max(1, len(parts)))
    limits = SolveLimits(time_limit_s=time_limit_s, seed=seed, solution_limit=solution_limit, workers=per_part_workers)
    # Each job carries only its own slice of the night's matrices: road blocks are computed once
    # in the parent, and a worker is sent the rows of its sector, not the city.
    jobs = [
        [
            KitchenJob(
                part=parts[j],
                travel=_slice(travel, parts[j].kitchen, parts[j].orders),
                limits=limits,
                engine=engine,
                stability=stability.only(parts[j].orders) if stability else None,
                street=street,
            )
            for j in lane
        ]
        for lane in lanes
    ]
    n_orders = sum(len(p.orders) for p in parts)
    deadline = time.monotonic() + time_limit_s * SOLVE_SHARE - n_orders * RESULTS_S_PER_ORDER
    if len(jobs) <= 1:
        results = [r for lane_jobs in jobs for r in _run_lane(lane_jobs, deadline)]
    else:
        with worker_pool(len(jobs)) as pool:
            futures = [pool.submit(_run_lane, lane_jobs, deadline) for lane_jobs in jobs]
            results = [r for future in futures for r in future.result()]
    by_kitchen: dict[str, list[KitchenResult]] = {}
    for result in results:
        by_kitchen.setdefault(result.stats.kitchen_id, []).append(result)
    merged = [_merge(kitchen_id, rs) for kitchen_id, rs in by_kitchen.items()]
    empty = [
        route_kitchen(k, [], [], travel, SolveLimits(0.0)) for k in kitchens if not orders_by_kitchen.get(k.kitchen_id)
    ]
    return sorted(merged + empty, key=lambda r: r.stats.kitchen_id)
