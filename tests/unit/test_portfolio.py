"""Decomposition parts: every route in exactly one part, parts of about the asked size, cuts that move."""

import itertools
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
        name="star",
        client_ids=tuple(str(i) for i in range(1, n)),
        demand=zeros,
        service_s=zeros,
        window_start_s=zeros,
        window_end_s=zeros + 10**6,
        lat=np.array(lat),
        lon=np.array(lon),
        distance_m=np.ones((n, n)),
        travel_s=np.ones((n, n), dtype=np.int64),
        vehicles=tuple(
            Vehicle(
                van_id=f"V{r}",
                trip=1,
                capacity=100,
                earliest_start_s=0,
                latest_end_s=10**6,
                max_hold_s=10**6,
                fixed_cost=5,
            )
            for r in range(n_routes)
        ),
    )
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
        steps = {(b - a) % 20 for a, b in itertools.pairwise(part)}
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


def test_beat_or_stop_gives_up_at_its_time_only_if_nothing_cheaper_was_found():
    """After ``after_s`` the search stops while its best costs at least the target, and runs on below it."""
    from mealplan.routing.engines.pyvrp_engine import _BeatOrStop

    stop = _BeatOrStop(lambda cost: False, after_s=0.0, target=100.0)
    assert stop(100.0) and stop(2**62)
    assert not stop(99.0)
    assert not _BeatOrStop(lambda cost: False, after_s=3600.0, target=100.0)(2**62)
    assert _BeatOrStop(lambda cost: True, after_s=3600.0, target=100.0)(1.0)


def _fake_engine(monkeypatch, answers):
    """Replace PyVRP by ``answers`` (one per call, in order); returns the calls' (vehicles, beat, initial)."""
    calls = []

    def fake(problem, limits, initial=None, beat=None):
        calls.append((len(problem.vehicles), beat, initial))
        return answers[len(calls) - 1]

    monkeypatch.setattr("mealplan.routing.engines.pyvrp_engine.solve_pyvrp", fake)
    return calls


def test_the_whole_track_keeps_one_route_fewer_when_that_is_cheaper(monkeypatch):
    """Three long spokes, then two vans carry them all: the merged plan wins, on the kept vans' indices."""
    from mealplan.routing.engines.base import SolveLimits
    from mealplan.routing.engines.portfolio import _whole_track

    problem, routes = star_problem(3, 20)
    free = RawSolution(routes=routes, dropped=(), found=True, objective=78.0)
    # The capped problem has the vans of spokes 1 and 2 as its vehicles 0 and 1.
    merged = RawSolution(
        routes=(
            RawRoute(vehicle=0, nodes=routes[0].nodes + routes[1].nodes, start_s=0, end_s=0),
            RawRoute(vehicle=1, nodes=routes[2].nodes, start_s=0, end_s=0),
        ),
        dropped=(),
        found=True,
        objective=72.0,
    )
    calls = _fake_engine(monkeypatch, [free, merged])
    best = _whole_track((problem, SolveLimits(time_limit_s=0.3)))
    assert [(vehicles, beat is not None) for vehicles, beat, _ in calls] == [(3, False), (2, True)]
    assert calls[1][1][1] == 78.0  # the capped search must beat the free one's cost
    assert sorted(r.vehicle for r in best.routes) == [1, 2]
    assert sorted(n for r in best.routes for n in r.nodes) == list(range(1, 61))
    assert objective(problem, best) < objective(problem, free)


def test_an_abandoned_squeeze_hands_the_time_back_to_the_free_search(monkeypatch):
    """No feasible plan with a van fewer: the free search resumes from its own routes."""
    from mealplan.routing.engines.base import SolveLimits
    from mealplan.routing.engines.portfolio import _whole_track

    problem, routes = star_problem(3, 20)
    free = RawSolution(routes=routes, dropped=(), found=True, objective=78.0)
    failed = RawSolution(routes=(), dropped=tuple(range(1, 61)), found=False)
    calls = _fake_engine(monkeypatch, [free, failed, free])
    best = _whole_track((problem, SolveLimits(time_limit_s=3.0)))
    assert [(vehicles, beat is not None) for vehicles, beat, _ in calls] == [(3, False), (2, True), (3, False)]
    assert calls[2][2] == {r.vehicle: r.nodes for r in routes}
    assert best == free


def test_short_routes_are_not_squeezed(monkeypatch):
    """Routes of 5 clients: the local search empties those itself; no capped search is tried."""
    from mealplan.routing.engines.base import SolveLimits
    from mealplan.routing.engines.portfolio import _whole_track

    problem, routes = star_problem(3, 5)
    calls = _fake_engine(monkeypatch, [RawSolution(routes=routes, dropped=(), found=True, objective=1.0)])
    _whole_track((problem, SolveLimits(time_limit_s=0.3)))
    assert len(calls) == 1
