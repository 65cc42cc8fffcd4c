"""Slack by design: the solver plans to the limits less a margin, the checker judges the real
limits, and a margin never leaves a client out that the real limits allow."""

from __future__ import annotations

import numpy as np
import pytest

from mealplan.routing.engines.base import SolveLimits
from mealplan.routing.kitchen import route_kitchen
from mealplan.routing.problem import StreetRules, build_problem
from mealplan.routing.travel import StraightLineTravel
from tests.unit.test_routing import ENGINES, KITCHEN, order, ring, van

TEN_MIN, FIVE_MIN = 600, 300
MARGINS = StreetRules(TEN_MIN, FIVE_MIN)


def test_the_solver_is_given_the_limits_less_the_margins_and_the_checker_the_real_ones():
    problem = build_problem(KITCHEN, [van(hold=90)], ring(6), StraightLineTravel(), street=MARGINS)
    vehicle = problem.vehicles[0]
    assert (vehicle.max_hold_s, vehicle.food_limit_s) == (80 * 60, 90 * 60)
    assert (problem.window_limits[1:] == 14 * 3600).all()
    assert (problem.window_end_s[1:] == 14 * 3600 - FIVE_MIN).all()


def test_a_margin_gives_way_where_keeping_it_would_leave_a_client_out():
    """A door 23 minutes' drive away with a 25-minute limit keeps its place, and its window, which
    closes two minutes after the first van can be there, is not cut to before that moment."""
    far = order(1, 42.70, 23.32 + 0.085, window=(9 * 60 + 40, 9 * 60 + 55))  # 7 km as the crow flies: ~23 min
    problem = build_problem(KITCHEN, [van(hold=25)], [far], StraightLineTravel(), street=MARGINS)
    out_s = int(problem.travel_s[0, 1])
    assert 20 * 60 < out_s < 25 * 60
    assert problem.vehicles[0].max_hold_s == out_s  # not 15 minutes: that would leave the client out
    earliest = problem.vehicles[0].earliest_start_s + out_s  # 9:30 + 23 min
    assert 9 * 3600 + 50 * 60 < earliest < 9 * 3600 + 55 * 60
    assert problem.window_end_s[1] == earliest  # not 9:50, which no van can make
    result = route_kitchen(
        KITCHEN,
        [van(hold=25)],
        [far],
        StraightLineTravel(),
        SolveLimits(time_limit_s=1),
        street=MARGINS,
    )
    assert [s.client_id for r in result.routes for s in r.stops] == ["C1"] and result.violations == ()


@pytest.mark.parametrize("engine", ENGINES)
def test_planned_routes_keep_the_margins_and_hold_the_real_limits(engine):
    """Forty doors, one van of 40 portions and a 45-minute limit: with margins every stop has at
    least 10 minutes of food time and 5 minutes of window to spare, and nothing is broken."""
    rng = np.random.default_rng(3)
    orders = [
        order(i, 42.70 + rng.uniform(-0.03, 0.03), 23.32 + rng.uniform(-0.03, 0.03), window=(10 * 60, 12 * 60))
        for i in range(40)
    ]
    vans = [van("V1", capacity=20, hold=45), van("V2", capacity=20, hold=45)]
    result = route_kitchen(
        KITCHEN, vans, orders, StraightLineTravel(), SolveLimits(time_limit_s=2), engine, street=MARGINS
    )
    stops = [(r, s) for r in result.routes for s in r.stops]
    assert result.violations == ()
    assert len(stops) + len(result.unserved) == 40
    assert all(r.max_hold_min == 45 for r, _ in stops)  # the sheets print the van's own limit
    assert all(r.hold_margin_s(s) >= TEN_MIN for r, s in stops)
    assert all(s.window_margin_s is not None and s.window_margin_s >= FIVE_MIN for _, s in stops)


def _line_of_doors(count: int) -> list:
    """Doors in a row going away from the kitchen: the first 13.5 minutes' drive out, then one
    minute between doors and two at each: the last reached at 13.5 + 3 x (count - 1) minutes."""
    first = 0.03595  # degrees of latitude: 810 s at the straight-line model's 24 km/h x 1.35
    step = 0.00263  # 60 s
    return [order(i, 42.70 + first + i * step, 23.32) for i in range(count)]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_margin_gives_way_halfway_before_a_client_is_left_without_a_van(engine):
    """One van, a 35-minute limit, six doors in a row, the last at 28.5 minutes. A 10-minute margin
    (25 planned) leaves two doors out for want of a van; with the margin allowed to shrink to
    half (30) all six are served, and the real limit holds at every door."""
    doors = _line_of_doors(6)
    vans = [van("V1", capacity=20, hold=35)]
    limits = SolveLimits(time_limit_s=1)
    strict = route_kitchen(KITCHEN, vans, doors, StraightLineTravel(), limits, engine, street=StreetRules(600, 0))
    assert len(strict.unserved) >= 1 and {u.reason for u in strict.unserved} == {"fleet_capacity"}
    half = StreetRules(600, 0, margin_floor=0.5)
    given = route_kitchen(KITCHEN, vans, doors, StraightLineTravel(), limits, engine, street=half)
    assert given.unserved == () and given.violations == ()
    stops = [(r, s) for r in given.routes for s in r.stops]
    assert len(stops) == 6
    assert min(r.hold_margin_s(s) for r, s in stops) >= 5 * 60  # half of the margin kept
