"""How much time each stop of a plan has to spare before a limit: the van's food-safety hold
(minutes from the kitchen to the door) and the client's window. A plan that holds with eight
seconds to spare holds only on paper; these figures tell the coordinator how close it is.
"""

from __future__ import annotations

from collections.abc import Iterable

from mealplan.models import MarginAt, Margins, Route


def plan_margins(routes: Iterable[Route], hold_threshold_s: int, window_threshold_s: int) -> Margins:
    """The tightest stop against each limit, and how many stops are closer than the thresholds
    (the night's planned margins: those are the stops where a margin gave way to serve a client)."""
    tightest_hold: MarginAt | None = None
    tightest_window: MarginAt | None = None
    stops = hold_under = window_under = 0
    for route in routes:
        for stop in route.stops:
            stops += 1
            hold = route.hold_margin_s(stop)
            hold_under += hold < hold_threshold_s
            if tightest_hold is None or hold < tightest_hold.margin_s:
                tightest_hold = MarginAt(
                    van_id=route.van_id, trip=route.trip, stop=stop.sequence, client_id=stop.client_id, margin_s=hold
                )
            window = stop.window_margin_s
            if window is None:
                continue
            window_under += window < window_threshold_s
            if tightest_window is None or window < tightest_window.margin_s:
                tightest_window = MarginAt(
                    van_id=route.van_id, trip=route.trip, stop=stop.sequence, client_id=stop.client_id, margin_s=window
                )
    return Margins(
        tightest_hold=tightest_hold,
        tightest_window=tightest_window,
        stops=stops,
        hold_under=hold_under,
        window_under=window_under,
        hold_threshold_s=hold_threshold_s,
        window_threshold_s=window_threshold_s,
    )
