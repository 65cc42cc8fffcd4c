"""Routing: the engine's routes always pass the independent checker, and the checker catches breaks."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mealplan.models import Kitchen, Order, UnservedReason, Van
from mealplan.routing.engines import ENGINES
from mealplan.routing.engines.base import SolveLimits
from mealplan.routing.kitchen import route_kitchen
from mealplan.routing.problem import AS_MODELLED, build_problem
from mealplan.routing.schedule import timetable
from mealplan.routing.travel import StraightLineTravel

KITCHEN = Kitchen(
    kitchen_id="K",
    name="Кухня",
    lat=42.70,
    lon=23.32,
    capacity_portions=1000,
    diet_ids=frozenset({"general"}),
    ready_min=9 * 60 + 30,
    reload_min=15,
)


def van(van_id="V1", capacity=10, hold=90, trips=1, shift=(9 * 60, 15 * 60)):
    return Van(
        van_id=van_id,
        kitchen_id="K",
        capacity_portions=capacity,
        shift_start_min=shift[0],
        shift_end_min=shift[1],
        max_hold_min=hold,
        trips=trips,
    )


def order(i, lat, lon, portions=1, window=(10 * 60, 14 * 60), service_s=120):
    return Order(
        client_id=f"C{i}",
        row=i + 1,
        diet_id="general",
        portions=portions,
        lat=lat,
        lon=lon,
        window_start_min=window[0],
        window_end_min=window[1],
        service_s=service_s,
    )


def ring(n, radius_deg=0.01):
    return [
        order(i, 42.70 + radius_deg * np.cos(2 * np.pi * i / n), 23.32 + radius_deg * np.sin(2 * np.pi * i / n))
        for i in range(n)
    ]


def solve(orders, vans, seconds=2.0, engine="pyvrp"):
    return route_kitchen(KITCHEN, vans, orders, StraightLineTravel(), SolveLimits(time_limit_s=seconds), engine=engine)


@pytest.fixture(params=ENGINES)
def engine(request):
    """Every behaviour below holds for each engine the nightly plan can use."""
    return request.param


def test_all_orders_served_when_fleet_suffices_and_checker_agrees(engine):
    """Twelve close clients, two vans of ten: everyone is served, and the checker finds nothing."""
    result = solve(ring(12), [van("V1"), van("V2")], engine=engine)
    assert result.unserved == ()
    assert sum(len(r.stops) for r in result.routes) == 12
    assert result.violations == ()


def test_capacity_is_never_exceeded_and_the_excess_gets_a_fleet_reason(engine):
    """Fifteen portions, one van of ten and one trip: ten are routed, five unserved for fleet capacity."""
    result = solve(ring(15), [van("V1", capacity=10)], engine=engine)
    assert all(r.portions <= 10 for r in result.routes)
    assert len(result.unserved) == 5
    assert {u.reason for u in result.unserved} == {UnservedReason.FLEET_CAPACITY}
    assert result.unserved[0].args["kitchen"] == "K"  # names the kitchen that needs more vans


def test_second_trip_starts_after_first_returns_and_reloads(engine):
    """A van with two trips carries twenty portions in two loads that do not overlap in time."""
    result = solve(ring(20), [van("V1", capacity=10, trips=2)], seconds=3.0, engine=engine)
    assert result.unserved == ()
    first, second = sorted(result.routes, key=lambda r: r.trip)
    assert second.departure_s >= first.return_s + KITCHEN.reload_min * 60
    assert result.violations == ()


def test_client_beyond_the_food_safety_limit_is_explained_before_solving():
    """A village 25 km away with a 30-minute hold limit is unserved 'too far', with the drive time."""
    far = order(0, 42.92, 23.32)
    result = solve([far], [van(hold=30)])
    assert result.unserved[0].reason is UnservedReason.TOO_FAR_FOR_HOLD_LIMIT
    assert result.unserved[0].args["limit"] == 30


def test_window_closing_before_the_meals_can_arrive_is_explained():
    """A window that ends before the earliest possible arrival gets that arrival in the hint."""
    early = order(0, 42.71, 23.33, window=(9 * 60, 9 * 60 + 31))
    result = solve([early], [van()])
    assert result.unserved[0].reason is UnservedReason.WINDOW_UNREACHABLE
    assert str(result.unserved[0].args["earliest"]).startswith("09:3")


def test_hold_limit_holds_on_every_stop_even_when_windows_invite_waiting(engine):
    """Clients with late windows: meals never ride longer than the van's limit."""
    orders = [order(i, o.lat, o.lon, window=(12 * 60, 13 * 60)) for i, o in enumerate(ring(8))]
    result = solve(orders, [van(hold=45)], engine=engine)
    for route in result.routes:
        assert route.longest_hold_s <= 45 * 60
    assert result.violations == ()


def test_timetable_leaves_later_instead_of_waiting_at_the_door():
    """When every window opens at noon the van leaves later rather than let food wait."""
    orders = [order(i, o.lat, o.lon, window=(12 * 60, 13 * 60)) for i, o in enumerate(ring(3))]
    problem = build_problem(KITCHEN, [van()], orders, StraightLineTravel())
    table = timetable(problem, (1, 2, 3), 9 * 3600 + 1800, 15 * 3600)
    assert table.arrival_s[0] == 12 * 3600
    assert table.arrival_s[0] - table.departure_s == int(problem.travel_s[0, 1])


def test_a_kitchen_without_vans_reports_no_vans():
    """Orders at a kitchen with no vans are unserved with that reason."""
    result = solve(ring(2), [])
    assert {u.reason for u in result.unserved} == {UnservedReason.NO_VANS}


def test_a_big_kitchen_is_split_into_sectors_that_partition_orders_and_vans():
    """1,200 orders with a 500 cap: 3 sectors, every order and van in exactly one, one van at least each."""
    from mealplan.routing.lanes import split_kitchen

    orders = ring(1200, radius_deg=0.03)
    vans = [van(f"V{i:02d}") for i in range(10)]
    parts = split_kitchen(KITCHEN, vans, orders, max_orders=500)
    assert len(parts) == 3
    assert sorted(o.client_id for _, part in parts for o in part) == sorted(o.client_id for o in orders)
    assert sorted(v.van_id for part_vans, _ in parts for v in part_vans) == sorted(v.van_id for v in vans)
    assert all(part_vans and len(part) <= 500 for part_vans, part in parts)


def test_a_kitchen_under_the_cap_is_solved_whole():
    """Below the cap there is one problem with all vans."""
    from mealplan.routing.lanes import split_kitchen

    orders, vans = ring(40), [van("V1"), van("V2")]
    assert split_kitchen(KITCHEN, vans, orders, max_orders=500) == [(vans, orders)]


def test_lanes_take_every_problem_once_largest_first_to_the_least_loaded_lane():
    """Sofia's five kitchens on two cores: lanes of 978 and 799 orders, not 1,160 and 617 as dealt in turn."""
    from mealplan.routing.lanes import plan_lanes

    sizes = [281, 257, 440, 362, 437]
    lanes = plan_lanes(sizes, 2)
    assert sorted(j for lane in lanes for j in lane) == list(range(5))
    assert sorted(sum(sizes[j] for j in lane) for lane in lanes) == [799, 978]
    assert plan_lanes(sizes, 1) == [[2, 4, 3, 0, 1]]
    assert plan_lanes([10], 4) == [[0]]


@pytest.mark.parametrize(
    ("clock", "budgets"),
    [
        # Problem 1 reads 100 s: 2/3 of the 90 s left. It ends on its budget, so problem 2 gets all
        # of the 30 s left.
        ([100.0, 100.0, 160.0, 160.0, 160.0, 190.0], [60.0, 30.0]),
        # Problem 1 runs 10 s past its search (timetables, checker): that much is set aside for
        # problem 2 too, which gets 20 - 10 = 10 s, so the lane still ends at 190.
        ([100.0, 100.0, 170.0, 170.0, 170.0, 180.0], [60.0, 10.0]),
    ],
)
def test_a_lane_shares_the_time_left_to_its_deadline_by_orders(monkeypatch, clock, budgets):
    """Two problems of 20 and 10 orders in one lane with the deadline at 190 s on the lane's clock."""
    import mealplan.routing.lanes as solve

    given = []
    ticks = iter(clock)  # the lane reads the clock before each problem, and when it starts and ends

    def fake_route_kitchen(kitchen, vans, orders, travel, limits, engine, stability, street):
        given.append(limits.time_limit_s)
        return len(orders)

    monkeypatch.setattr(solve, "route_kitchen", fake_route_kitchen)
    monkeypatch.setattr(solve.time, "monotonic", lambda: next(ticks))
    jobs = [
        solve.KitchenJob(
            part=solve.Part(KITCHEN, [van("V1", capacity=50)], ring(n)),
            travel=StraightLineTravel(),
            limits=SolveLimits(time_limit_s=0),
            engine="pyvrp",
            stability=None,
            street=AS_MODELLED,
        )
        for n in (20, 10)
    ]
    assert solve._run_lane(jobs, deadline=190.0) == [20, 10]
    assert given == [pytest.approx(b) for b in budgets]


def test_the_hold_limit_binds_exactly_not_the_drive_back(engine):
    """A van whose hold limit is just long enough for the deliveries (not the drive back) serves them all.

    Eight clients 3 km out in a line: the last delivery starts about 28 minutes after leaving,
    the van is back after about 40. A 30-minute hold limit must allow the trip; the return leg
    carries no meals and must not count against it.
    """
    orders = [order(i, 42.70 + 0.027 + 0.0008 * i, 23.32, window=(9 * 60, 15 * 60)) for i in range(8)]
    result = solve(orders, [van(capacity=10, hold=30)], engine=engine)
    assert result.unserved == ()
    route = result.routes[0]
    assert route.longest_hold_s <= 30 * 60 < route.return_s - route.departure_s
    assert result.violations == ()


@settings(max_examples=200, deadline=None)
@given(
    start=st.integers(0, 20 * 60),
    length=st.integers(1, 10 * 60),
    ready=st.integers(0, 20 * 60),
    reload=st.integers(0, 240),
    trips=st.integers(1, 10),
)
def test_dispatch_waves_of_one_van_never_overlap(start, length, ready, reload, trips):
    """Trip k+1's wave opens no earlier than trip k's wave closes plus the reload, for any van shape.

    This is why no engine links trips: the waves alone keep a van's trips apart.
    """
    from mealplan.routing.problem import dispatch_waves

    kitchen = KITCHEN.model_copy(update={"ready_min": ready, "reload_min": reload})
    shape = Van(
        van_id="V",
        kitchen_id="K",
        capacity_portions=10,
        shift_start_min=start,
        shift_end_min=start + length,
        max_hold_min=90,
        trips=trips,
    )
    waves = dispatch_waves(kitchen, shape)
    assert all(a_end + reload * 60 <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(waves))
    assert all(a_start <= a_end for a_start, a_end in waves) or len(waves) == 1


def test_a_shift_too_short_for_its_trips_plans_them_as_one_trip(engine):
    """Two trips that cannot both fit in a 15-minute shift (the reload alone) become one wave."""
    short = van("V1", capacity=4, trips=2, shift=(9 * 60 + 55, 10 * 60 + 10))
    result = solve(ring(3, radius_deg=0.001), [short], engine=engine)
    assert result.violations == ()
    assert [(r.trip, len(r.stops)) for r in result.routes] == [(1, 3)]


def test_pyvrp_model_keeps_the_return_leg_out_of_the_hold_and_in_the_cost():
    """Arcs into the end depot take no time but cost the drive back; service sits on outgoing arcs."""
    from mealplan.routing.engines.pyvrp_engine import GHOST, to_problem_data
    from mealplan.routing.engines.pyvrp_engine import KITCHEN as START

    problem = build_problem(KITCHEN, [van()], ring(3), StraightLineTravel())
    data = to_problem_data(problem).data
    duration, distance = data.duration_matrix(0), data.distance_matrix(0)
    assert duration[2, GHOST] == 0 and distance[2, GHOST] == problem.travel_s[1, 0]
    assert duration[2, 3] == problem.service_s[1] + problem.travel_s[1, 2]
    assert duration[START, 2] == problem.travel_s[0, 1]
    assert data.vehicle_type(0).shift_duration == 90 * 60


def test_multi_wave_problems_search_a_wider_neighbourhood_than_single_wave_ones():
    """One dispatch keeps PyVRP's 50 neighbours (benchmarks); two waves of copies get 100."""
    from mealplan.routing.engines.pyvrp_engine import solve_params, to_problem_data

    def neighbours(trips):
        problem = build_problem(KITCHEN, [van(trips=trips)], ring(4), StraightLineTravel())
        return solve_params(to_problem_data(problem)).neighbourhood.num_neighbours

    assert (neighbours(1), neighbours(2), neighbours(3)) == (50, 100, 100)


def test_an_early_wave_may_run_to_its_own_end_when_the_drive_back_is_short(engine):
    """The shift end binds per trip, by that trip's own drive back, not the kitchen's longest.

    One van, two waves (09:30-12:07 and 12:22-15:00). A neighbour wants lunch between 11:40 and
    12:00, only the first wave can bring it; a client 40 minutes away wants it after 12:30. A
    model that made every first-wave trip leave room for the longest drive back of the kitchen
    (40 minutes) would have to drop the neighbour.
    """
    near = order(0, 42.703, 23.32, window=(11 * 60 + 40, 12 * 60))
    far = order(1, 42.807, 23.32, window=(12 * 60 + 30, 14 * 60))
    result = solve([near, far], [van(capacity=10, hold=90, trips=2)], engine=engine)
    assert result.unserved == ()
    assert sorted((r.trip, r.stops[0].client_id) for r in result.routes) == [(1, "C0"), (2, "C1")]
    assert result.violations == ()


def test_a_kitchen_whose_vans_have_different_shifts_keeps_each_van_in_its_own(engine):
    """V1 works 09:00-12:00, V2 11:30-15:00: early clients go with V1, late ones with V2, no trip outside its shift."""
    early = [order(i, o.lat, o.lon, window=(10 * 60, 11 * 60)) for i, o in enumerate(ring(4))]
    late = [order(10 + i, o.lat, o.lon, window=(13 * 60, 14 * 60)) for i, o in enumerate(ring(4, 0.012))]
    vans = [van("V1", shift=(9 * 60, 12 * 60)), van("V2", shift=(11 * 60 + 30, 15 * 60))]
    result = solve(early + late, vans, engine=engine)
    assert result.unserved == () and result.violations == ()
    by_van = {r.van_id: {s.client_id for s in r.stops} for r in result.routes}
    assert by_van == {"V1": {o.client_id for o in early}, "V2": {o.client_id for o in late}}
    shifts = {v.van_id: (v.shift_start_min * 60, v.shift_end_min * 60) for v in vans}
    assert all(shifts[r.van_id][0] <= r.departure_s and r.return_s <= shifts[r.van_id][1] for r in result.routes)
