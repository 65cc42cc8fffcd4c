"""Travel times: straight lines by default, or road matrices computed once for the night.

The straight-line model (research notes, shared/research/sofia-data.md §1.3-1.4): circuity
1.35, 24 km/h door to door between the morning and evening peaks; both come from
``settings.csv``. With an OpenStreetMap extract, ``MatrixTravel`` holds road matrices computed
in the parent process, one block per kitchen, that sectors and workers only slice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from mealplan.geo import distance_matrix_m
from mealplan.units import HOUR_S, metres_per_s


class TravelTimeSource(Protocol):
    def matrices(self, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Road distance in metres (float) and travel time in whole seconds (int64)."""

    def restrict(self, lats: np.ndarray, lons: np.ndarray) -> TravelTimeSource:
        """A source that knows at least these points: what a worker process is sent."""


class RoadNetwork(Protocol):
    """What the routing stage asks of a road engine (``mealplan.io.adapters.osrm.OsrmRoads``)."""

    def table(
        self,
        lats: np.ndarray,
        lons: np.ndarray,
        sources: np.ndarray,
        destinations: np.ndarray,
        doors: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Metres and seconds (float32, NaN where unreachable) from sources to destinations.

        ``doors`` marks the points served at the curb (the others are kitchens' yards)."""

    def snap_m(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """Metres from each point to the nearest drivable road."""

    def path(
        self, lats: np.ndarray, lons: np.ndarray, doors: np.ndarray | None = None
    ) -> tuple[list[tuple[float, float]], float, list[float]]:
        """One continuous drive through the points in order: (lat, lon) along the streets, its
        metres, and the engine's seconds of each leg."""


@dataclass(frozen=True)
class StraightLineTravel:
    speed_kmh: float = 24.0
    circuity: float = 1.35

    def matrices(self, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        distance_m = distance_matrix_m(lats, lons) * self.circuity
        travel_s = np.ceil(distance_m / metres_per_s(self.speed_kmh)).astype(np.int64)
        return distance_m, travel_s

    def restrict(self, lats: np.ndarray, lons: np.ndarray) -> StraightLineTravel:
        return self


@dataclass(frozen=True)
class TransitTravel:
    """Public transport as an approximation: a wait, then the straight line with a detour at an
    effective door-to-door speed; a short hop is walked when walking is sooner."""

    speed_kmh: float = 15.0
    wait_min: float = 8.0
    walk: StraightLineTravel = StraightLineTravel(4.5, 1.3)
    circuity: float = 1.35

    def matrices(self, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        walk_m, walk_s = self.walk.matrices(lats, lons)
        ride_m = distance_matrix_m(lats, lons) * self.circuity
        ride_s = np.ceil(self.wait_min * 60 + ride_m / metres_per_s(self.speed_kmh)).astype(np.int64)
        ride_s[ride_m == 0] = 0
        return np.where(ride_s < walk_s, ride_m, walk_m), np.minimum(ride_s, walk_s)

    def restrict(self, lats: np.ndarray, lons: np.ndarray) -> TransitTravel:
        return self


Point = tuple[float, float]


@dataclass(frozen=True)
class MatrixBlock:
    """Road matrices among one group of points (a kitchen and the orders it cooks for)."""

    index: dict[Point, int]
    distance_m: np.ndarray  # float32
    travel_s: np.ndarray  # float32, already scaled to the van's speed


@dataclass(frozen=True)
class MatrixTravel:
    """Precomputed road matrices, one block per kitchen; the first point asked for picks the block.

    Routing problems always put their kitchen first and ask only for that kitchen's orders, so a
    lookup never needs a pair across blocks. A point no block knows is a bug in the wiring, not
    a travel time to make up: it raises.
    """

    blocks: tuple[MatrixBlock, ...]

    def _block_and_positions(self, lats: np.ndarray, lons: np.ndarray) -> tuple[MatrixBlock, np.ndarray]:
        points = [(float(a), float(b)) for a, b in zip(lats, lons, strict=True)]
        for block in self.blocks:
            if points and points[0] in block.index and all(p in block.index for p in points):
                return block, np.array([block.index[p] for p in points], dtype=np.int64)
        raise KeyError(f"no road matrix holds all of {len(points)} points starting at {points[:1]}")

    def matrices(self, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        block, at = self._block_and_positions(lats, lons)
        pairs = np.ix_(at, at)
        distance_m = block.distance_m[pairs].astype(np.float64)
        travel_s = np.ceil(block.travel_s[pairs].astype(np.float64)).astype(np.int64)
        return distance_m, travel_s

    def restrict(self, lats: np.ndarray, lons: np.ndarray) -> MatrixTravel:
        block, at = self._block_and_positions(lats, lons)
        unique = np.unique(at)
        keep = set(unique.tolist())
        remap = {p: int(np.searchsorted(unique, i)) for p, i in block.index.items() if i in keep}
        pairs = np.ix_(unique, unique)
        return MatrixTravel((MatrixBlock(remap, block.distance_m[pairs], block.travel_s[pairs]),))


def point_key(lat: float, lon: float) -> Point:
    """The key a point has in ``MatrixBlock.index``."""
    return (float(lat), float(lon))


def clock_leg_s(base_s: int, start_s: int, speed_by_hour: tuple[float, ...]) -> int:
    """Whole seconds a leg of ``base_s`` (at the model's speed) takes leaving at ``start_s``.

    Each hour of the day drives at its share of the model's speed (``speed_by_hour``, 24 values):
    the leg is integrated across hour boundaries (Ichoua, Gendreau and Potvin, 2003), so leaving
    later never means arriving sooner, which a factor per departure hour would break. Empty
    factors: the leg as given.
    """
    if not speed_by_hour or base_s <= 0:
        return int(base_s)
    remaining = float(base_s)
    clock = float(start_s)
    while remaining > 1e-9:
        factor = speed_by_hour[int(clock // HOUR_S) % 24]
        hour_end = float((math.floor(clock / HOUR_S) + 1) * HOUR_S)
        reach = (hour_end - clock) * factor
        if reach >= remaining:
            clock += remaining / factor
            remaining = 0.0
        else:
            remaining -= reach
            clock = hour_end
    return math.ceil(clock - start_s - 1e-6)
