"""Food safety, capacity, windows and shifts hold for any fleet shape, on every engine.

A kitchen's vans differ in food-safety limit, trips, shift and capacity, and the kitchen's reload
time varies: the shapes under which the OR-Tools engine once returned a trip whose last meal was
140 minutes on the road against a 120-minute limit. The independent checker judges every route;
the assertions re-derive the hold limit from the routes themselves too.
"""

from __future__ import annotations

import random

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mealplan.models import Kitchen, Order, Van
from mealplan.routing.engines.base import SolveLimits
from mealplan.routing.kitchen import route_kitchen
from mealplan.routing.travel import StraightLineTravel


def random_fleet_case(seed: int) -> tuple[Kitchen, list[Van], list[Order]]:
    """A kitchen, 1-4 unlike vans and 5-60 orders with mixed windows and service times, all from ``seed``."""
    rnd = random.Random(seed)
    kitchen = Kitchen(
        kitchen_id="K",
        name="K",
        lat=42.7,
        lon=23.3,
        capacity_portions=10_000,
        diet_ids=frozenset({"d"}),
        ready_min=rnd.choice([600, 630, 660]),
        reload_min=rnd.choice([0, 10, 20, 45]),
    )
    vans = []
    for i in range(rnd.randint(1, 4)):
        start = rnd.choice([540, 600, 660])
        end = start + rnd.choice([120, 180, 240, 300])
        vans.append(
            Van(
                van_id=f"V{i}",
                kitchen_id="K",
                capacity_portions=rnd.choice([10, 20, 40]),
                shift_start_min=start,
                shift_end_min=end,
                max_hold_min=rnd.choice([45, 60, 90, 120]),
                trips=rnd.randint(1, 3),
            )
        )
    orders = []
    for j in range(rnd.randint(5, 60)):
        window_start = rnd.choice([600, 660, 690, 720])
        window_end = window_start + rnd.choice([30, 60, 120, 240])
        orders.append(
            Order(
                client_id=f"C{j}",
                row=j + 2,
                diet_id="d",
                portions=rnd.randint(1, 3),
                lat=42.7 + rnd.uniform(-0.08, 0.08),
                lon=23.3 + rnd.uniform(-0.1, 0.1),
                window_start_min=window_start,
                window_end_min=window_end,
                service_s=rnd.choice([60, 120, 300]),
            )
        )
    return kitchen, vans, orders


def _assert_plan_holds(seed: int, engine: str) -> None:
    kitchen, vans, orders = random_fleet_case(seed)
    result = route_kitchen(kitchen, vans, orders, StraightLineTravel(), SolveLimits(time_limit_s=0.5), engine=engine)
    assert result.violations == ()
    by_van = {v.van_id: v for v in vans}
    for route in result.routes:
        van = by_van[route.van_id]
        assert route.portions <= van.capacity_portions
        assert all(stop.arrival_s - route.departure_s <= van.max_hold_min * 60 for stop in route.stops)
        assert route.return_s <= van.shift_end_min * 60
    served = [s.client_id for r in result.routes for s in r.stops]
    assert sorted(served + [u.client_id for u in result.unserved]) == sorted(o.client_id for o in orders)


# Seed 21 is the fleet on which OR-Tools' slack-tied hold dimension let a meal ride 8,411 s
# against a 7,200 s limit (V2: limit 120 min, first wave from 10:00, windows opening at 12:00).
@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10**6))
@example(seed=21)
def test_ortools_routes_hold_every_limit_for_any_fleet(seed):
    """OR-Tools: no route breaks the hold limit, capacity or shift, whatever the fleet mix."""
    _assert_plan_holds(seed, "ortools")


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10**6))
@example(seed=21)
def test_pyvrp_routes_hold_every_limit_for_any_fleet(seed):
    """PyVRP: the same promise on the same random fleets."""
    _assert_plan_holds(seed, "pyvrp")
