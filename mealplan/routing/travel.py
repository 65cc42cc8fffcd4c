"""Travel times without a road network: straight line x circuity at a midday city speed.

Defaults (research notes, shared/research/sofia-data.md §1.3-1.4): circuity 1.35, 24 km/h door
to door in Sofia between the morning and evening peaks. Both come from ``settings.csv`` and
can be overridden. A road-network source can replace this behind the same protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from mealplan.geo import distance_matrix_m


class TravelTimeSource(Protocol):
    def matrices(self, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Road distance in metres (float) and travel time in whole seconds (int64)."""


@dataclass(frozen=True)
class StraightLineTravel:
    speed_kmh: float = 24.0
    circuity: float = 1.35

    def matrices(self, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        distance_m = distance_matrix_m(lats, lons) * self.circuity
        travel_s = np.ceil(distance_m / (self.speed_kmh / 3.6)).astype(np.int64)
        return distance_m, travel_s
