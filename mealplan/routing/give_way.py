"""A margin gives way before a client is left without lunch.

The solver plans to the limits less the street's margins. On a night the fleet can barely carry
(Malta's roads: 94.5 % served without margins, 88.6 % with 15 and 10 minutes), that costs clients,
not just minutes. So the clients the margin plan left out are put back, one at a time, at the
cheapest place where the limits less a share of each margin (``margin_floor_pct``) still hold (the
van's food-safety limit, the client's window, the van's capacity and the trip's wave): the
cheapest insertion by added drive, checked with the timetable itself. Those trips keep less than
the margin at some stops; the margins report counts them, and every other trip keeps its margins.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np

from mealplan.routing.engines.base import RawRoute, RawSolution
from mealplan.routing.problem import RoutingProblem
from mealplan.routing.schedule import timetable

# Vehicles whose stops include one of a client's nearest doors (by drive), or with no stops:
# the places worth trying. Farther trips would not take a client as cheaply.
NEAREST_DOORS = 12
# Places (cheapest first) where a client that does not fit as the trip is ordered is tried with
# the trip re-ordered around them.
REORDER_TRIES = 3
TWO_OPT_PASSES = 30


def real_limits(problem: RoutingProblem, keep: float = 0.0) -> RoutingProblem:
    """The problem with the real limits in place of the planned ones, less ``keep`` of each margin."""
    planned_end = problem.window_end_s
    window_end_s = problem.window_limits - np.rint(keep * (problem.window_limits - planned_end)).astype(np.int64)
    vehicles = tuple(
        replace(v, max_hold_s=v.food_limit_s - round(keep * (v.food_limit_s - v.max_hold_s)), hold_limit_s=None)
        for v in problem.vehicles
    )
    return replace(problem, window_end_s=window_end_s, vehicles=vehicles)


def has_margins(problem: RoutingProblem) -> bool:
    return problem.window_limit_s is not None or any(v.hold_limit_s is not None for v in problem.vehicles)


def give_way(problem: RoutingProblem, solution: RawSolution, keep: float) -> tuple[RawSolution, frozenset[int]]:
    """The solution with the clients it dropped put back: first where the full margins hold (the
    engine's search may have missed a place), then where the limits less ``keep`` of each margin
    hold. Returns it and the vehicles of the second kind, to be timed against those limits."""
    if not solution.dropped or not solution.found or not has_margins(problem):
        return solution, frozenset()
    trips: dict[int, list[int]] = {v: [] for v in range(len(problem.vehicles))}
    for raw in solution.routes:
        trips[raw.vehicle] = list(raw.nodes)
    kept, left = _insert(problem, problem, trips, list(solution.dropped))
    relaxed: set[int] = set()
    if left and keep < 1:
        relaxed, left = _insert(problem, real_limits(problem, keep), trips, left)
    changed = kept | relaxed
    if not changed:
        return solution, frozenset()
    routes = []
    for v, nodes in trips.items():
        if not nodes:
            continue
        vehicle = problem.vehicles[v]
        old = next((r for r in solution.routes if r.vehicle == v), None)
        if v not in changed and old is not None:
            routes.append(old)
            continue
        routes.append(
            RawRoute(vehicle=v, nodes=tuple(nodes), start_s=vehicle.earliest_start_s, end_s=vehicle.latest_end_s)
        )
    return replace(solution, routes=tuple(routes), dropped=tuple(sorted(left))), frozenset(relaxed)


def _insert(
    problem: RoutingProblem, limits: RoutingProblem, trips: dict[int, list[int]], dropped: list[int]
) -> tuple[set[int], list[int]]:
    """Each of ``dropped`` (nearest the kitchen first) into ``trips`` (changed in place) at the
    cheapest place that keeps ``limits``; returns the vehicles changed and the clients left."""
    vehicle_of = {node: v for v, nodes in trips.items() for node in nodes}
    load = {v: int(problem.demand[nodes].sum()) if nodes else 0 for v, nodes in trips.items()}
    travel = problem.travel_s
    drive = travel.tolist()  # plain lists: the re-ordering reads single cells many times
    changed: set[int] = set()
    left: list[int] = []
    for node in sorted(dropped, key=lambda n: int(travel[0, n])):
        near = np.argsort(travel[node, 1:] + travel[1:, node])[:NEAREST_DOORS] + 1
        candidates = {vehicle_of[n] for n in near.tolist() if n in vehicle_of}
        candidates |= {v for v, nodes in trips.items() if not nodes}
        options = []
        for v in candidates:
            if load[v] + int(problem.demand[node]) > problem.vehicles[v].capacity:
                continue
            stops = [0, *trips[v], 0]
            for position in range(len(stops) - 1):
                before, after = stops[position], stops[position + 1]
                added = int(travel[before, node] + travel[node, after] - travel[before, after])
                options.append((added, v, position))
        for tried, (_, v, position) in enumerate(sorted(options)):
            candidate = [*trips[v][:position], node, *trips[v][position:]]
            if not _holds(limits, v, candidate):
                if tried >= REORDER_TRIES:
                    continue
                # The engine's order was built without this client: shortened, it may take them.
                candidate = _two_opt(drive, candidate)
                if not _holds(limits, v, candidate):
                    continue
            trips[v] = candidate
            vehicle_of[node] = v
            load[v] += int(problem.demand[node])
            changed.add(v)
            break
        else:
            left.append(node)
    return changed, left


def _two_opt(drive: list[list[int]], nodes: list[int]) -> list[int]:
    """The trip's order improved by reversing stretches while that shortens the drive from the
    kitchen to the last door (2-opt on the open path): the food's time on the road, which the
    limit bounds, not the drive back, which it does not. Road matrices are not symmetric: a
    reversed stretch is costed both ways (prefix sums), and a few passes do for tens of doors."""
    order = [0, *nodes]
    for _ in range(TWO_OPT_PASSES):
        ahead = [0]  # ahead[k]: drive along order[0..k]; back[k]: the same stretch driven backwards
        back = [0]
        for a, b in itertools.pairwise(order):
            ahead.append(ahead[-1] + drive[a][b])
            back.append(back[-1] + drive[b][a])
        best_gain, best_move = 0, None
        for i in range(1, len(order) - 1):
            a, b = order[i - 1], order[i]
            for j in range(i + 1, len(order)):
                c = order[j]
                now = drive[a][b] + ahead[j] - ahead[i]
                then = drive[a][c] + back[j] - back[i]
                if j + 1 < len(order):
                    d = order[j + 1]
                    now += drive[c][d]
                    then += drive[b][d]
                if now - then > best_gain:
                    best_gain, best_move = now - then, (i, j)
        if best_move is None:
            break
        i, j = best_move
        order[i : j + 1] = order[i : j + 1][::-1]
    return order[1:]


def _holds(real: RoutingProblem, v: int, nodes: list[int]) -> bool:
    """Whether a trip of vehicle ``v`` visiting ``nodes`` keeps every real limit."""
    vehicle = real.vehicles[v]
    table = timetable(real, tuple(nodes), vehicle.earliest_start_s, vehicle.latest_end_s)
    if table.return_s > vehicle.latest_end_s:
        return False
    for node, arrival in zip(nodes, table.arrival_s, strict=True):
        if arrival > int(real.window_end_s[node]) or arrival - table.departure_s > vehicle.max_hold_s:
            return False
    return True
