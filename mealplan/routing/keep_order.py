"""Stable times: a trip keeps the order its clients were handed out in, when that costs little.

Stable routes keep each returning client on their van and wave (``move_cost``), but within a trip
the search is free to reorder: two near-equal orders swap the times of clients a street apart, and
a client told 10:40 hears 11:25. Drivers learn their order and clients their hour, so after the
search each trip is tried in the order of last time's arrivals, with clients new to it inserted
where they add the least drive; it is taken if it keeps every planned limit and costs at most
``MAX_EXTRA_SHARE`` of the trip's time (and never more than the move allowance).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from mealplan.routing.engines.base import RawRoute, RawSolution
from mealplan.routing.problem import RoutingProblem, home_vehicles
from mealplan.routing.schedule import timetable

MAX_EXTRA_SHARE = 0.02


def keep_handed_out_order(problem: RoutingProblem, solution: RawSolution, relaxed: frozenset[int]) -> RawSolution:
    """The solution with each trip in last time's order where that holds and costs little.

    Trips whose margins gave way (``relaxed``) are left as they are: their order is what lets
    them carry a client the margins would have left out.
    """
    if not problem.is_stable or not solution.found:
        return solution
    home = home_vehicles(problem)
    routes = []
    for raw in solution.routes:
        if raw.vehicle in relaxed:
            routes.append(raw)
            continue
        nodes = _handed_out_order(problem, raw, home)
        routes.append(replace(raw, nodes=nodes) if nodes is not None else raw)
    return replace(solution, routes=tuple(routes))


def _handed_out_order(problem: RoutingProblem, raw: RawRoute, home: np.ndarray) -> tuple[int, ...] | None:
    """``raw``'s clients in last time's order (newcomers at their cheapest place), or None when
    that order is what the search found already, breaks a limit, or costs too much."""
    v = raw.vehicle
    returning = [n for n in raw.nodes if home[n] == v]
    if len(returning) < 2:
        return None
    ordered = sorted(returning, key=lambda n: (int(problem.previous_arrival_s[n]), n))
    newcomers = [n for n in raw.nodes if home[n] != v]
    if ordered == returning and not newcomers:
        return None
    travel = problem.travel_s
    candidate = list(ordered)
    for node in newcomers:
        stops = [0, *candidate, 0]
        position = min(
            range(len(stops) - 1),
            key=lambda k: int(travel[stops[k], node] + travel[node, stops[k + 1]] - travel[stops[k], stops[k + 1]]),
        )
        candidate.insert(position, node)
    if candidate == list(raw.nodes):
        return None
    vehicle = problem.vehicles[v]
    found = timetable(problem, raw.nodes, vehicle.earliest_start_s, vehicle.latest_end_s)
    kept = timetable(problem, tuple(candidate), vehicle.earliest_start_s, vehicle.latest_end_s)
    extra_s = (kept.return_s - kept.departure_s) - (found.return_s - found.departure_s)
    if extra_s > min(problem.move_cost, MAX_EXTRA_SHARE * (found.return_s - found.departure_s)):
        return None
    if kept.return_s > vehicle.latest_end_s:
        return None
    for node, arrival in zip(candidate, kept.arrival_s, strict=True):
        if arrival > int(problem.window_end_s[node]) or arrival - kept.departure_s > vehicle.max_hold_s:
            return None
    return tuple(candidate)
