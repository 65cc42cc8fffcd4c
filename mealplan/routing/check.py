"""Independent checker: judges finished routes against the problem, not the solver's word.

It recomputes, from the problem's matrices, whether every stop can be reached at its stated
time, lies in its window, stays within the van's food-safety limit and capacity, whether each
trip leaves after the meals are ready and returns within the shift, whether a van's trips do not
overlap, and whether every order is routed or reported exactly once. Each finding is a
``Violation`` with the rule broken, where, the limit and the actual value; writers word it.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Any

from mealplan.models import Measure, Route, Stop, Violation, ViolationCause
from mealplan.routing.problem import RoutingProblem, Vehicle


def check_routes(problem: RoutingProblem, routes: list[Route], unrouted_client_ids: list[str]) -> list[Violation]:
    """Every violation of ``routes`` against ``problem``; an empty list means the plan holds."""
    violations: list[Violation] = []
    node_of = {cid: i + 1 for i, cid in enumerate(problem.client_ids)}
    vehicle_of = {(v.van_id, v.trip): v for v in problem.vehicles}
    reload_s = {
        (problem.vehicles[link.after].van_id, problem.vehicles[link.after].trip): link.reload_s
        for link in problem.links
    }

    seen = Counter(stop.client_id for route in routes for stop in route.stops)
    seen.update(unrouted_client_ids)
    for client_id in problem.client_ids:
        if seen[client_id] == 0:
            violations.append(
                Violation(cause=ViolationCause.MISSING, client_id=client_id, measure=Measure.COUNT, limit=1, actual=0)
            )
        elif seen[client_id] > 1:
            violations.append(
                Violation(
                    cause=ViolationCause.DUPLICATE,
                    client_id=client_id,
                    measure=Measure.COUNT,
                    limit=1,
                    actual=seen[client_id],
                )
            )
    for client_id in seen:
        if client_id not in node_of:
            violations.append(Violation(cause=ViolationCause.UNKNOWN_CLIENT, client_id=client_id))

    by_van: dict[str, list[Route]] = {}
    for route in routes:
        by_van.setdefault(route.van_id, []).append(route)
        vehicle = vehicle_of.get((route.van_id, route.trip))
        if vehicle is None:
            violations.append(Violation(cause=ViolationCause.UNKNOWN_TRIP, van_id=route.van_id, trip=route.trip))
            continue
        violations.extend(_check_trip(problem, route, vehicle, node_of))
    for van_id, trips in by_van.items():
        trips.sort(key=lambda r: r.departure_s)
        for before, after in pairwise(trips):
            ready_s = before.return_s + reload_s.get((van_id, after.trip), 0)
            if after.departure_s < ready_s:
                violations.append(
                    Violation(
                        cause=ViolationCause.TRIP_OVERLAP,
                        van_id=van_id,
                        trip=after.trip,
                        measure=Measure.TIME_OF_DAY_S,
                        limit=ready_s,
                        actual=after.departure_s,
                    )
                )
    return violations


def _check_trip(problem: RoutingProblem, route: Route, vehicle: Vehicle, node_of: dict[str, int]) -> list[Violation]:
    out: list[Violation] = []

    def add(
        cause: ViolationCause, measure: Measure, limit: int, actual: int, stop: int | None = None, client_id: str = ""
    ) -> None:
        out.append(
            Violation(
                cause=cause,
                van_id=route.van_id,
                trip=route.trip,
                stop=stop,
                client_id=client_id,
                measure=measure,
                limit=limit,
                actual=actual,
            )
        )

    if route.departure_s < vehicle.earliest_start_s:
        add(ViolationCause.EARLY_DEPARTURE, Measure.TIME_OF_DAY_S, vehicle.earliest_start_s, route.departure_s)
    load = sum(stop.portions for stop in route.stops)
    if load > vehicle.capacity:
        add(ViolationCause.CAPACITY, Measure.PORTIONS, vehicle.capacity, load)
    clock = route.departure_s
    previous = 0
    for stop in route.stops:
        node = node_of.get(stop.client_id)
        if node is None:
            continue
        at: dict[str, Any] = {"stop": stop.sequence, "client_id": stop.client_id}
        ordered = int(problem.demand[node])
        if stop.portions != ordered:
            add(ViolationCause.LOAD, Measure.PORTIONS, ordered, stop.portions, **at)
        earliest = clock + problem.leg_s(previous, node, clock)
        if stop.arrival_s < earliest:
            add(ViolationCause.TRAVEL, Measure.TIME_OF_DAY_S, earliest, stop.arrival_s, **at)
        window_start, window_end = int(problem.window_start_s[node]), int(problem.window_limits[node])
        if stop.arrival_s < window_start:
            add(ViolationCause.TIME_WINDOW, Measure.TIME_OF_DAY_S, window_start, stop.arrival_s, **at)
        hold = stop.arrival_s - route.departure_s
        out.extend(street_promises_broken(route, stop, hold, vehicle.food_limit_s, window_end))
        if stop.hold_s != hold:
            add(ViolationCause.HOLD_MISREPORTED, Measure.DURATION_S, hold, stop.hold_s, **at)
        clock = max(stop.arrival_s, earliest) + int(problem.service_s[node])
        previous = node
    back = clock + problem.leg_s(previous, 0, clock)
    if route.return_s < back:
        add(ViolationCause.TRAVEL, Measure.TIME_OF_DAY_S, back, route.return_s)
    out.extend(shift_broken(route, vehicle.latest_end_s))
    return out


# The promises a plan makes on the street, judged here against the problem and in
# routing/roads.py against the trip as the road engine drives it: one rule, two judges.


def street_promises_broken(
    route: Route, stop: Stop, hold_s: int, hold_limit_s: int, window_end_s: int | None
) -> list[Violation]:
    """A stop reached after its window closes, a meal longer on the road than the food-safety limit."""
    at = {"van_id": route.van_id, "trip": route.trip, "stop": stop.sequence, "client_id": stop.client_id}
    found = []
    if window_end_s is not None and stop.arrival_s > window_end_s:
        found.append(
            Violation(
                cause=ViolationCause.TIME_WINDOW,
                measure=Measure.TIME_OF_DAY_S,
                limit=window_end_s,
                actual=stop.arrival_s,
                **at,
            )
        )
    if hold_s > hold_limit_s:
        found.append(
            Violation(cause=ViolationCause.HOLD, measure=Measure.DURATION_S, limit=hold_limit_s, actual=hold_s, **at)
        )
    return found


def shift_broken(route: Route, shift_end_s: int | None) -> list[Violation]:
    """A trip back after the van's shift ends."""
    if shift_end_s is None or route.return_s <= shift_end_s:
        return []
    return [
        Violation(
            cause=ViolationCause.SHIFT_END,
            van_id=route.van_id,
            trip=route.trip,
            measure=Measure.TIME_OF_DAY_S,
            limit=shift_end_s,
            actual=route.return_s,
        )
    ]
