"""Robustness: the night's plan re-driven with travel-time noise and service overruns, counting
the stops that would break the food-safety limit or the window (a figure in every summary)."""

from __future__ import annotations

import numpy as np

from mealplan.models import Route, Stop
from mealplan.planning.robustness import retime_breaks, street_robustness

DEPART_S = 36_000


def trip(drives_s: list[int], max_hold_min: int = 120, window_end_s: int | None = None) -> Route:
    stops = []
    clock = DEPART_S
    for i, drive in enumerate(drives_s, 1):
        arrival = clock + drive
        stops.append(
            Stop(
                sequence=i, client_id=f"C{i}", portions=1, diet_id="general", lat=42.7, lon=23.3,
                arrival_s=arrival, departure_s=arrival + 120, hold_s=arrival - DEPART_S,
                window_end_s=window_end_s, window_start_s=0, drive_s=drive,
            )
        )  # fmt: skip
        clock = arrival + 120
    return Route(
        van_id="V1", trip=1, kitchen_id="K1", departure_s=DEPART_S, return_s=clock + 600, stops=tuple(stops),
        distance_m=1.0, capacity_portions=40, max_hold_min=max_hold_min,
    )  # fmt: skip


def test_a_trip_with_an_hour_to_spare_breaks_nothing_on_an_ordinary_day():
    level = street_robustness([trip([600] * 5)]).levels[0]
    assert level.noise == 0.15 and level.stops == 5
    assert level.hold_breaks_per_night == 0 and level.window_breaks_per_night == 0


def test_a_stop_planned_to_the_second_of_its_limit_breaks_it_about_every_other_night():
    """The last stop reaches the door exactly at 30 minutes: noise either way, so about half."""
    planned = trip([1200, 480], max_hold_min=30)  # 1,200 + 120 + 480 = 1,800 s
    _, hold, _ = retime_breaks([planned], 0.15, 2000, np.random.default_rng(1))
    assert 0.35 < hold.mean() < 0.75


def test_more_noise_breaks_more_and_the_figures_are_reproducible():
    routes = [trip([900] * 6, max_hold_min=100, window_end_s=DEPART_S + 100 * 60)]
    first, again = street_robustness(routes), street_robustness(routes)
    assert first == again
    calm, storm = first.levels
    assert storm.noise == 0.30 and storm.hold_breaks_per_night > calm.hold_breaks_per_night > 0
    assert 0 < calm.hold_breaks_pct <= 100 / 6 * 6


def test_a_van_that_waited_for_the_window_is_re_driven_from_its_drive_not_its_wait():
    """Ten minutes' drive, then twenty minutes' wait for the window: the meal reaches the door at
    30 minutes of a 31-minute limit. Noise on the ten minutes' drive cannot make it late; noise on
    thirty minutes counted as driving would, about every other night."""
    planned = trip([600], max_hold_min=31)
    door = planned.stops[0].model_copy(
        update={"arrival_s": DEPART_S + 1800, "departure_s": DEPART_S + 1920, "hold_s": 1800}
    )
    door = door.model_copy(update={"window_start_s": door.arrival_s})
    waited = planned.model_copy(update={"stops": (door,)})
    _, hold, _ = retime_breaks([waited], 0.3, 500, np.random.default_rng(2))
    assert hold.sum() == 0
    unknown = waited.model_copy(update={"stops": (door.model_copy(update={"drive_s": None, "window_start_s": None}),)})
    _, hold, _ = retime_breaks([unknown], 0.3, 500, np.random.default_rng(2))
    assert hold.mean() > 0.2  # the fallback for plans made before drives were kept is cautious
