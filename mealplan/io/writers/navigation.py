"""Links that open a trip in the driver's phone navigation, and QR codes for the printed sheet.

Google Maps direction links accept only a handful of waypoints (nine on phones), so a trip
becomes consecutive legs: kitchen -> ... -> stop 9, stop 9 -> ... -> stop 18, ... The links carry
coordinates only, no names; they reach Google only when the driver opens them.
"""

from __future__ import annotations

import io
import itertools
import math
from functools import lru_cache
from urllib.parse import urlencode

import segno

MAX_WAYPOINTS = 9


def _point(latlon: tuple[float, float]) -> str:
    return f"{latlon[0]:.6f},{latlon[1]:.6f}"


def navigation_legs(
    kitchen: tuple[float, float], stops: list[tuple[float, float]], max_waypoints: int = MAX_WAYPOINTS
) -> list[tuple[str, int, int]]:
    """Direction links covering all ``stops`` in order from the kitchen: (url, first stop, last stop).

    As few legs as the waypoint limit allows, of equal length: 41 stops are 5 legs of 8-9, not
    four of 10 and one of a single stop.
    """
    n = len(stops)
    if n == 0:
        return []
    legs = math.ceil(n / (max_waypoints + 1))
    bounds = [round(k * n / legs) for k in range(legs + 1)]
    result = []
    origin = kitchen
    for first, last in itertools.pairwise(bounds):
        leg = stops[first:last]
        params = {"api": "1", "origin": _point(origin), "destination": _point(leg[-1]), "travelmode": "driving"}
        if len(leg) > 1:
            params["waypoints"] = "|".join(_point(p) for p in leg[:-1])
        result.append(("https://www.google.com/maps/dir/?" + urlencode(params, safe=",|"), first + 1, last))
        origin = leg[-1]
    return result


def navigation_urls(
    kitchen: tuple[float, float], stops: list[tuple[float, float]], max_waypoints: int = MAX_WAYPOINTS
) -> list[str]:
    """Direction links covering all ``stops`` in order, starting from the kitchen."""
    return [url for url, _, _ in navigation_legs(kitchen, stops, max_waypoints)]


def geo_url(lat: float, lon: float) -> str:
    """A link the phone's own map app opens for one door: coordinates only, no name or address."""
    return f"geo:{lat:.6f},{lon:.6f}?q={lat:.6f},{lon:.6f}"


@lru_cache(maxsize=4096)
def _qr(url: str) -> segno.QRCode:
    # A fixed mask skips segno's evaluation of all eight masks (about 8x faster; any mask scans),
    # and neither micro codes nor a boosted error level are tried; the HTML sheet and the PDF
    # share one encoding per link.
    return segno.make(url, error="m", mask=2, micro=False, boost_error=False)


def qr_svg(url: str) -> str:
    """An inline SVG QR code for ``url`` (no external image, prints sharp)."""
    return _qr(url).svg_inline(scale=2, border=2)


def qr_png_bytes(url: str) -> bytes:
    """A PNG of one pixel per module: the PDF scales it up without smoothing, so it prints sharp at
    a sixteenth of the pixels (and of the time) of a 4-pixel rendering."""
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=1, border=2)
    return buffer.getvalue()
