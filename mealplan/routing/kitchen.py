"""One kitchen's routing: screen -> build -> engine -> timetable -> check -> Route / Unserved.

Orders that no van could serve even alone (too far for the food-safety limit, window closed
before the earliest arrival, shift too short, larger than any van) are explained before the
solver runs and are not given to it. How the night's kitchens share the cores and the clock is
``routing/lanes.py``.
"""

from __future__ import annotations

import math
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
from mealplan.routing.check import check_routes
from mealplan.routing.engines import DEFAULT_ENGINE, get_engine
from mealplan.routing.engines.base import EXPECTED_SOLVER_ERRORS, RawSolution, SolveLimits
from mealplan.routing.give_way import give_way, real_limits
from mealplan.routing.keep_order import keep_handed_out_order
from mealplan.routing.problem import AS_MODELLED, RoutingProblem, StreetRules, build_problem, subproblem, tour_length
from mealplan.routing.schedule import timetable
from mealplan.routing.travel import TravelTimeSource
from mealplan.units import MINUTE_S, hhmm

# The least search a problem gets even when its lane is at the deadline. Budgets are shares of
# the time left, so a lane ends at the deadline plus at most this (and the model building) for
# each problem still queued; a floor of 1 s made 180 sectors of a 100,000-client city take
# 112 s of a 50 s limit. PyVRP finds a complete first solution for 500 clients well within it.
MIN_SEARCH_S = 0.1


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
                    max_hold_min=vehicle.food_limit_s // MINUTE_S,
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
