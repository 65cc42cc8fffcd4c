"""Margins: how much time each stop has to spare before the food-safety limit and its window, and
the night's tightest, measured from the routes as printed."""

from mealplan.models import Route, Stop
from mealplan.planning.margins import plan_margins


def stop(sequence: int, hold_s: int, arrival_s: int, window_end_s: int | None) -> Stop:
    return Stop(
        sequence=sequence,
        client_id=f"C{sequence}",
        portions=1,
        diet_id="general",
        lat=42.7,
        lon=23.3,
        arrival_s=arrival_s,
        departure_s=arrival_s + 120,
        hold_s=hold_s,
        window_end_s=window_end_s,
    )


def route(van: str, trip: int, stops: list[Stop], max_hold_min: int = 120) -> Route:
    return Route(
        van_id=van, trip=trip, kitchen_id="K1", departure_s=36_000, return_s=45_000, stops=tuple(stops),
        distance_m=10_000.0, capacity_portions=40, max_hold_min=max_hold_min,
    )  # fmt: skip


def test_the_tightest_stop_of_each_limit_is_named_with_its_seconds_to_spare():
    routes = [
        route("V1", 1, [stop(1, 600, 36_600, 46_800), stop(2, 7_190, 43_190, 43_400)]),  # 10 s to spare on food
        route("V2", 2, [stop(1, 3_000, 39_000, 39_060)], max_hold_min=90),  # 60 s to spare on the window
    ]
    margins = plan_margins(routes, 600, 300)
    assert margins.tightest_hold is not None and margins.tightest_window is not None
    assert (margins.tightest_hold.van_id, margins.tightest_hold.stop, margins.tightest_hold.margin_s) == ("V1", 2, 10)
    assert (margins.tightest_window.van_id, margins.tightest_window.trip, margins.tightest_window.margin_s) == (
        "V2",
        2,
        60,
    )
    assert (margins.stops, margins.hold_under, margins.window_under) == (3, 1, 2)  # V1/2 has 210 s of window


def test_a_stop_over_its_limit_has_a_negative_margin_and_unknown_windows_are_left_out():
    margins = plan_margins([route("V1", 1, [stop(1, 7_500, 43_500, None)])], 600, 300)
    assert margins.tightest_hold is not None and margins.tightest_hold.margin_s == -300
    assert margins.tightest_window is None and margins.window_under == 0


def test_a_night_without_routes_has_no_tightest_stop():
    margins = plan_margins([], 600, 300)
    assert margins.tightest_hold is None and margins.stops == 0
