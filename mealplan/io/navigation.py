"""Links that open a trip in the driver's phone navigation, and QR codes for the printed sheet.

Google Maps direction links accept only a handful of waypoints (nine on phones), so a trip
becomes consecutive legs: kitchen -> ... -> stop 9, stop 9 -> ... -> stop 18, ... The links carry
coordinates only, no names; they reach Google only when the driver opens them.
"""

from __future__ import annotations

from urllib.parse import urlencode

import segno

MAX_WAYPOINTS = 9


def _point(latlon: tuple[float, float]) -> str:
    return f"{latlon[0]:.6f},{latlon[1]:.6f}"


def navigation_urls(kitchen: tuple[float, float], stops: list[tuple[float, float]],
                    max_waypoints: int = MAX_WAYPOINTS) -> list[str]:
    """Direction links covering all ``stops`` in order, starting from the kitchen."""
    urls = []
    origin = kitchen
    remaining = list(stops)
    while remaining:
        leg, remaining = remaining[: max_waypoints + 1], remaining[max_waypoints + 1:]
        params = {"api": "1", "origin": _point(origin), "destination": _point(leg[-1]), "travelmode": "driving"}
        if len(leg) > 1:
            params["waypoints"] = "|".join(_point(p) for p in leg[:-1])
        urls.append("https://www.google.com/maps/dir/?" + urlencode(params, safe=",|"))
        origin = leg[-1]
    return urls


def qr_svg(url: str) -> str:
    """An inline SVG QR code for ``url`` (no external image, prints sharp)."""
    return segno.make(url, error="m").svg_inline(scale=2, border=2)


def qr_png_bytes(url: str) -> bytes:
    import io

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()
