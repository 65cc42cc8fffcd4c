"""How often would tonight's plan break a promise on the street? Each planned trip is re-driven
many times with random travel-time noise and service overruns, and the stops that would break
the food-safety limit or the window are counted.

Noise model (docs/benchmarks.md, "Robustness"; the same in the benchmark and in every night's
summary, drawn with a fixed seed so a night's figure is reproducible):

- each leg's planned drive is multiplied by a lognormal factor of mean 1 and spread ``noise``
  (``exp(N(-s^2/2, s))``: 0.15 is an ordinary city day, 0.30 a bad one);
- each stop's time at the door is multiplied by a lognormal factor of mean 1 and spread 0.3, and
  with probability 0.05 takes 5 minutes more (a door not opened at once, a lift out of order);
- the van leaves at its planned departure and waits at a door reached before the window opens;
  lateness carries along the trip.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from mealplan.models import Robustness, Route, StreetNoise
from mealplan.units import min_to_s

SERVICE_SPREAD = 0.3
OVERRUN_PROBABILITY = 0.05
OVERRUN_S = 300
NIGHT_NOISE = (0.15, 0.30)
NIGHT_SAMPLES = 200
SEED = 12345


def retime_breaks(
    routes: Iterable[Route], noise: float, samples: int, rng: np.random.Generator
) -> tuple[int, np.ndarray, np.ndarray]:
    """Stops re-driven, and per sample how many broke the hold limit and how many the window."""
    hold_breaks = np.zeros(samples, dtype=np.int64)
    window_breaks = np.zeros(samples, dtype=np.int64)
    stops = 0
    for route in routes:
        if not route.stops:
            continue
        count = len(route.stops)
        stops += count
        drives = np.array([_drive_s(route, i) for i in range(count)], dtype=float)
        service = np.array([s.departure_s - s.arrival_s for s in route.stops], dtype=float)
        starts = np.array([s.window_start_s or 0 for s in route.stops], dtype=float)
        ends = np.array([np.inf if s.window_end_s is None else s.window_end_s for s in route.stops], dtype=float)
        limit = min_to_s(route.max_hold_min)
        drive_factor = np.exp(rng.normal(-(noise**2) / 2, noise, size=(samples, count)))
        service_factor = np.exp(rng.normal(-(SERVICE_SPREAD**2) / 2, SERVICE_SPREAD, size=(samples, count)))
        overrun = (rng.random((samples, count)) < OVERRUN_PROBABILITY) * OVERRUN_S
        clock = np.full(samples, float(route.departure_s))
        for i in range(count):
            arrival = np.maximum(clock + drives[i] * drive_factor[:, i], starts[i])
            hold_breaks += arrival - route.departure_s > limit
            window_breaks += arrival > ends[i]
            clock = arrival + service[i] * service_factor[:, i] + overrun[:, i]
    return stops, hold_breaks, window_breaks


def _drive_s(route: Route, index: int) -> int:
    """The planned drive into stop ``index``: the timetable's, or (plans made before it was kept)
    the time from leaving the previous point to the arrival, which counts any wait as driving."""
    stop = route.stops[index]
    if stop.drive_s is not None:
        return stop.drive_s
    left = route.departure_s if index == 0 else route.stops[index - 1].departure_s
    return max(0, stop.arrival_s - left)


def street_robustness(
    routes: Sequence[Route], noise_levels: tuple[float, ...] = NIGHT_NOISE, samples: int = NIGHT_SAMPLES
) -> Robustness:
    """The night's plan re-driven ``samples`` times at each noise level: the share of stops that
    would break each limit and the number expected per night."""
    levels = []
    for noise in noise_levels:
        stops, hold, window = retime_breaks(routes, noise, samples, np.random.default_rng(SEED))
        levels.append(
            StreetNoise(
                noise=noise,
                stops=stops,
                hold_breaks_per_night=float(hold.mean()),
                window_breaks_per_night=float(window.mean()),
                nights_with_a_hold_break=float((hold > 0).mean()),
            )
        )
    return Robustness(samples=samples, levels=tuple(levels))
