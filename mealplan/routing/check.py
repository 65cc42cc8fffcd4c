"""Independent checker: judges finished routes against the problem, not the solver's word.

It recomputes, from the problem's matrices, whether every stop can be reached at its stated
time, lies in its window, stays within the van's food-safety limit and capacity, whether each
trip leaves after the meals are ready and returns within the shift, whether a van's trips do not
overlap, and whether every order is routed or reported exactly once.
"""

from __future__ import annotations

from collections import Counter

from mealplan.models import Route, Violation
from mealplan.routing.problem import RoutingProblem


def check_routes(problem: RoutingProblem, routes: list[Route], unrouted_client_ids: list[str]) -> list[Violation]:
    """Every violation of ``routes`` against ``problem``; an empty list means the plan holds."""
    violations: list[Violation] = []
    node_of = {cid: i + 1 for i, cid in enumerate(problem.client_ids)}
    vehicle_of = {(v.van_id, v.trip): v for v in problem.vehicles}
    reload_s = {(problem.vehicles[l.after].van_id, problem.vehicles[l.after].trip): l.reload_s for l in problem.links}

    seen = Counter(stop.client_id for route in routes for stop in route.stops)
    seen.update(unrouted_client_ids)
    for client_id in problem.client_ids:
        if seen[client_id] == 0:
            violations.append(Violation(cause="missing", client_id=client_id, detail="neither routed nor unserved"))
        elif seen[client_id] > 1:
            violations.append(Violation(cause="duplicate", client_id=client_id, detail=f"appears {seen[client_id]} times"))
    for client_id in seen:
        if client_id not in node_of:
            violations.append(Violation(cause="unknown", client_id=client_id, detail="not an order of this kitchen"))

    by_van: dict[str, list[Route]] = {}
    for route in routes:
        by_van.setdefault(route.van_id, []).append(route)
        vehicle = vehicle_of.get((route.van_id, route.trip))
        if vehicle is None:
            violations.append(Violation(cause="unknown", van_id=route.van_id, trip=route.trip, detail="no such van trip"))
            continue
        violations.extend(_check_trip(problem, route, vehicle, node_of))
    for van_id, trips in by_van.items():
        trips.sort(key=lambda r: r.departure_s)
        for before, after in zip(trips, trips[1:]):
            gap = reload_s.get((van_id, after.trip), 0)
            if after.departure_s < before.return_s + gap:
                violations.append(Violation(
                    cause="shift", van_id=van_id, trip=after.trip,
                    detail=f"trip leaves at {after.departure_s}s before trip {before.trip} is back and reloaded "
                           f"({before.return_s}s + {gap}s)"))
    return violations


def _check_trip(problem, route: Route, vehicle, node_of) -> list[Violation]:
    out: list[Violation] = []

    def add(cause: str, detail: str, client_id: str = "") -> None:
        out.append(Violation(cause=cause, van_id=route.van_id, trip=route.trip, client_id=client_id, detail=detail))

    if route.departure_s < vehicle.earliest_start_s:
        add("shift", f"leaves at {route.departure_s}s, before the meals are ready or the shift starts "
                     f"({vehicle.earliest_start_s}s)")
    load = sum(stop.portions for stop in route.stops)
    if load > vehicle.capacity:
        add("capacity", f"carries {load} portions, capacity {vehicle.capacity}")
    clock = route.departure_s
    previous = 0
    for stop in route.stops:
        node = node_of.get(stop.client_id)
        if node is None:
            continue
        if stop.portions != int(problem.demand[node]):
            add("load", f"{stop.portions} portions on the sheet, {int(problem.demand[node])} ordered", stop.client_id)
        earliest = clock + int(problem.travel_s[previous, node])
        if stop.arrival_s < earliest:
            add("travel", f"arrives at {stop.arrival_s}s but cannot be there before {earliest}s", stop.client_id)
        if not problem.window_start_s[node] <= stop.arrival_s <= problem.window_end_s[node]:
            add("time_window", f"arrives at {stop.arrival_s}s, window {int(problem.window_start_s[node])}"
                               f"-{int(problem.window_end_s[node])}s", stop.client_id)
        hold = stop.arrival_s - route.departure_s
        if hold > vehicle.max_hold_s:
            add("hold", f"meal {hold}s on the road, limit {vehicle.max_hold_s}s", stop.client_id)
        if stop.hold_s != hold:
            add("hold", f"sheet says {stop.hold_s}s on the road, times say {hold}s", stop.client_id)
        clock = max(stop.arrival_s, earliest) + int(problem.service_s[node])
        previous = node
    back = clock + int(problem.travel_s[previous, 0])
    if route.return_s < back:
        add("travel", f"back at {route.return_s}s but cannot be back before {back}s")
    if route.return_s > vehicle.latest_end_s:
        add("shift", f"back at {route.return_s}s, shift ends {vehicle.latest_end_s}s")
    return out
