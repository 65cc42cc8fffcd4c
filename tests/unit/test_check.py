"""The independent checker: a valid trip passes, and each broken rule is reported alone, with its limit.

Every test starts from one hand-timed valid trip (two clients near the kitchen) and breaks one
thing, so a check that is deleted or weakened turns exactly its test red.
"""

from __future__ import annotations

import pytest

from mealplan.models import Kitchen, Measure, Order, Route, Stop, Van, ViolationCause
from mealplan.routing.check import check_routes
from mealplan.routing.problem import build_problem
from mealplan.routing.travel import StraightLineTravel

KITCHEN = Kitchen(
    kitchen_id="K",
    name="K",
    lat=42.70,
    lon=23.32,
    capacity_portions=100,
    diet_ids=frozenset({"d"}),
    ready_min=10 * 60,
    reload_min=15,
)
VAN = Van(
    van_id="V",
    kitchen_id="K",
    capacity_portions=5,
    shift_start_min=10 * 60,
    shift_end_min=14 * 60,
    max_hold_min=60,
    trips=2,
)
# About 1.1 km and 2.2 km north of the kitchen: 223 s and 446 s at 24 km/h x 1.35.
ORDERS = [
    Order(
        client_id="A",
        row=2,
        diet_id="d",
        portions=2,
        lat=42.71,
        lon=23.32,
        window_start_min=10 * 60,
        window_end_min=11 * 60,
        service_s=120,
    ),
    Order(
        client_id="B",
        row=3,
        diet_id="d",
        portions=1,
        lat=42.72,
        lon=23.32,
        window_start_min=10 * 60,
        window_end_min=11 * 60,
        service_s=120,
    ),
]
PROBLEM = build_problem(KITCHEN, [VAN], ORDERS, StraightLineTravel())
TRAVEL = PROBLEM.travel_s


def valid_trip(trip: int = 1, leave_s: int = 10 * 3600) -> Route:
    """Kitchen -> A -> B -> kitchen, leaving at ``leave_s``, timed exactly by the travel matrix."""
    a = leave_s + int(TRAVEL[0, 1])
    b = a + 120 + int(TRAVEL[1, 2])
    back = b + 120 + int(TRAVEL[2, 0])
    stops = (
        Stop(
            sequence=1,
            client_id="A",
            portions=2,
            diet_id="d",
            lat=42.71,
            lon=23.32,
            arrival_s=a,
            departure_s=a + 120,
            hold_s=a - leave_s,
        ),
        Stop(
            sequence=2,
            client_id="B",
            portions=1,
            diet_id="d",
            lat=42.72,
            lon=23.32,
            arrival_s=b,
            departure_s=b + 120,
            hold_s=b - leave_s,
        ),
    )
    return Route(
        van_id="V",
        trip=trip,
        kitchen_id="K",
        departure_s=leave_s,
        return_s=back,
        stops=stops,
        distance_m=0.0,
        capacity_portions=5,
        max_hold_min=60,
    )


def causes(routes: list[Route], unrouted: tuple[str, ...] = ()) -> list[ViolationCause]:
    return sorted(v.cause for v in check_routes(PROBLEM, routes, list(unrouted)))


def with_stop(route: Route, index: int, **changes) -> Route:
    stops = list(route.stops)
    stops[index] = stops[index].model_copy(update=changes)
    return route.model_copy(update={"stops": tuple(stops)})


def test_a_valid_trip_has_no_violation():
    """The hand-timed trip is within every limit: nothing to report."""
    assert causes([valid_trip()]) == []


def test_a_meal_longer_on_the_road_than_the_limit_is_a_hold_violation_with_limit_and_actual():
    """Leaving at 10:00 and reaching B at 11:01 holds its meal 61 min against 60: one hold breach."""
    trip = valid_trip()
    late_b = trip.departure_s + 61 * 60
    trip = with_stop(trip, 1, arrival_s=late_b, departure_s=late_b + 120, hold_s=61 * 60)
    trip = trip.model_copy(update={"return_s": late_b + 120 + int(TRAVEL[2, 0])})
    found = check_routes(PROBLEM, [trip], [])
    hold = [v for v in found if v.cause is ViolationCause.HOLD]
    assert len(hold) == 1
    assert (hold[0].van_id, hold[0].trip, hold[0].stop, hold[0].client_id) == ("V", 1, 2, "B")
    assert (hold[0].measure, hold[0].limit, hold[0].actual) == (Measure.DURATION_S, 3600, 3660)
    assert ViolationCause.TIME_WINDOW in {v.cause for v in found}  # 11:01 is also past B's window


def test_an_arrival_after_the_window_is_a_window_violation_and_nothing_else():
    """B's window closes at 11:00; a trip leaving at 10:40 reaches it after 11:00, within the hold limit."""
    trip = valid_trip(leave_s=10 * 3600 + 55 * 60)
    assert causes([trip]) == [ViolationCause.TIME_WINDOW]


def test_an_arrival_before_the_window_opens_is_a_window_violation():
    """A's window opens at 10:00: serving it at 09:59 (with a departure at 09:55) breaks it, and the early departure."""
    trip = valid_trip(leave_s=10 * 3600 - 5 * 60)
    found = causes([trip])
    assert ViolationCause.TIME_WINDOW in found and ViolationCause.EARLY_DEPARTURE in found


def test_more_portions_than_the_van_holds_is_a_capacity_violation():
    """Five portions fit; six (B's sheet says 4 instead of 1) do not, and the sheet no longer matches the order."""
    trip = with_stop(valid_trip(), 1, portions=4)
    assert causes([trip]) == sorted([ViolationCause.CAPACITY, ViolationCause.LOAD])


def test_a_stop_reached_faster_than_the_roads_allow_is_a_travel_violation():
    """Arriving at A one second after leaving the kitchen is impossible."""
    trip = valid_trip()
    trip = with_stop(trip, 0, arrival_s=trip.departure_s + 1, hold_s=1)
    assert ViolationCause.TRAVEL in causes([trip])


def test_a_trip_back_after_its_wave_ends_is_a_shift_violation():
    """The van's first wave ends before 12:00 (two waves in 10:00-14:00); a trip back at 12:30 breaks it."""
    trip = valid_trip().model_copy(update={"return_s": 12 * 3600 + 30 * 60})
    assert causes([trip]) == [ViolationCause.SHIFT_END]


def test_a_second_trip_leaving_before_the_first_is_back_and_reloaded_overlaps():
    """Trip 2 leaving the minute trip 1 returns, with a 15-minute reload, is a trip overlap (and an early start)."""
    first = valid_trip(1)
    second = valid_trip(2, leave_s=first.return_s + 60)
    found = causes([first, second])
    assert ViolationCause.TRIP_OVERLAP in found


def test_a_sheet_whose_minutes_on_the_road_disagree_with_its_times_is_reported():
    """The minutes printed for the driver must be the minutes the times imply."""
    trip = with_stop(valid_trip(), 1, hold_s=5)
    assert causes([trip]) == [ViolationCause.HOLD_MISREPORTED]


@pytest.mark.parametrize(
    ("routes", "unrouted", "expected"),
    [
        ("A only", (), [ViolationCause.MISSING]),
        ("both", ("B",), [ViolationCause.DUPLICATE]),
        ("both", ("Z",), [ViolationCause.UNKNOWN_CLIENT]),
    ],
)
def test_every_order_is_routed_or_reported_exactly_once(routes, unrouted, expected):
    """A client left out, counted twice, or unknown to the kitchen is reported."""
    trip = valid_trip()
    if routes == "A only":
        trip = trip.model_copy(
            update={"stops": trip.stops[:1], "return_s": trip.stops[0].departure_s + int(TRAVEL[1, 0])}
        )
    assert causes([trip], unrouted) == expected


def test_a_route_on_a_trip_the_van_does_not_have_is_reported():
    """Van V has two trips; a third is unknown."""
    assert causes([valid_trip(3, leave_s=13 * 3600)]) == [ViolationCause.UNKNOWN_TRIP]
