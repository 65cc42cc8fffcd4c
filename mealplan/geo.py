"""Great-circle distances, vectorised: the basis of the network-free travel model."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_M = 6_371_008.8

# Generous envelope of Stolichna municipality with its villages; used to flag coordinates that
# are clearly elsewhere (or have lat and lon swapped).
SOFIA_BBOX = (42.45, 22.95, 42.90, 23.70)  # lat_min, lon_min, lat_max, lon_max


def haversine_m(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in metres; arguments broadcast like numpy arrays."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(a, dtype=float)) for a in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def distance_matrix_m(lats, lons) -> np.ndarray:
    """Square matrix of great-circle distances between all points, in metres."""
    lats = np.asarray(lats, dtype=float)
    lons = np.asarray(lons, dtype=float)
    return haversine_m(lats[:, None], lons[:, None], lats[None, :], lons[None, :])


def in_bbox(lat: float, lon: float, bbox: tuple[float, float, float, float] = SOFIA_BBOX) -> bool:
    lat_min, lon_min, lat_max, lon_max = bbox
    return lat_min <= lat <= lat_max and lon_min <= lon <= lon_max
