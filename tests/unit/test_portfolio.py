"""Decomposition parts: every route in exactly one part, parts of about the asked size, cuts that move."""

import math

import numpy as np

from mealplan.routing.engines.base import RawRoute, RawSolution
from mealplan.routing.engines.portfolio import _parts, objective
from mealplan.routing.problem import RoutingProblem, Vehicle


def star_problem(n_routes: int, per_route: int) -> tuple[RoutingProblem, tuple[RawRoute, ...]]:
    """Routes as spokes around a depot at (0, 0), one spoke every 360/n degrees."""
    lat, lon, routes = [0.0], [0.0], []
    for r in range(n_routes):
        angle = 2 * math.pi * r / n_routes
        nodes = []
        for k in range(per_route):
            lat.append((k + 1) * math.sin(angle))
            lon.append((k + 1) * math.cos(angle))
            nodes.append(len(lat) - 1)
        routes.append(RawRoute(vehicle=r, nodes=tuple(nodes), start_s=0, end_s=0))
    n = len(lat)
    zeros = np.zeros(n, dtype=np.int64)
    problem = RoutingProblem(
        name="star", client_ids=tuple(str(i) for i in range(1, n)), demand=zeros, service_s=zeros,
        window_start_s=zeros, window_end_s=zeros + 10**6, lat=np.array(lat), lon=np.array(lon),
        distance_m=np.ones((n, n)), travel_s=np.ones((n, n), dtype=np.int64),
        vehicles=tuple(Vehicle(van_id=f"V{r}", trip=1, capacity=100, earliest_start_s=0, latest_end_s=10**6,
                               max_hold_s=10**6, fixed_cost=5) for r in range(n_routes)))
    return problem, tuple(routes)


def test_parts_cover_every_route_once_with_about_the_asked_number_of_clients():
    """20 routes of 10 clients in parts of ~50: 4 parts of 5 neighbouring routes each."""
    problem, routes = star_problem(20, 10)
    parts = _parts(problem, routes, part_clients=50, offset=0.0)
    assert sorted(i for part in parts for i in part) == list(range(20))
    assert [len(part) for part in parts] == [5, 5, 5, 5]


def test_parts_hold_neighbouring_routes_and_the_cuts_move_with_the_offset():
    """A part is a run of consecutive angles; half a part of offset moves every cut."""
    problem, routes = star_problem(20, 10)
    first = _parts(problem, routes, part_clients=50, offset=0.0)
    turned = _parts(problem, routes, part_clients=50, offset=0.5)
    for part in first:
        steps = {(b - a) % 20 for a, b in zip(part, part[1:])}
        assert steps == {1}
    assert {frozenset(p) for p in first}.isdisjoint({frozenset(p) for p in turned})


def test_a_problem_smaller_than_a_part_is_one_part():
    """30 clients with parts of 200: nothing to cut."""
    problem, routes = star_problem(3, 10)
    parts = _parts(problem, routes, part_clients=200, offset=0.5)
    assert len(parts) == 1 and sorted(parts[0]) == [0, 1, 2]


def test_objective_counts_arcs_fixed_costs_and_drops():
    """Two routes of 10 clients over unit arcs: 2 x 11 arcs + 2 x 5 fixed."""
    problem, routes = star_problem(2, 10)
    solution = RawSolution(routes=routes, dropped=(), found=True)
    assert objective(problem, solution) == 2 * 11 + 2 * 5
