"""Great-circle distances, vectorised: the basis of the network-free travel model."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_M = 6_371_008.8

# A service area: (lat_min, lon_min, lat_max, lon_max). It comes from settings.csv (a box, or
# a radius around the kitchens); no city is written into the code.
BBox = tuple[float, float, float, float]
WORLD: BBox = (-90.0, -180.0, 90.0, 180.0)
KM_PER_DEGREE_LAT = 111.32


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


def in_bbox(lat: float, lon: float, bbox: BBox) -> bool:
    """Whether (lat, lon) lies in ``bbox``."""
    lat_min, lon_min, lat_max, lon_max = bbox
    return lat_min <= lat <= lat_max and lon_min <= lon <= lon_max


def around(points: list[tuple[float, float]], radius_km: float) -> BBox:
    """The box holding every point with ``radius_km`` to spare on each side."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    d_lat = radius_km / KM_PER_DEGREE_LAT
    widest = max(abs(min(lats)), abs(max(lats)))
    d_lon = radius_km / (KM_PER_DEGREE_LAT * max(0.01, float(np.cos(np.radians(min(89.0, widest + d_lat))))))
    return (
        max(-90.0, min(lats) - d_lat),
        max(-180.0, min(lons) - d_lon),
        min(90.0, max(lats) + d_lat),
        min(180.0, max(lons) + d_lon),
    )
