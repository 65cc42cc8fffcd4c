"""Units and their conversions, written once: times of day, durations, distances.

The register speaks minutes after midnight (``*_min``), routing speaks seconds (``*_s``),
people read ``HH:MM``. Nothing here imports anything of ours.
"""

from __future__ import annotations

import re

MINUTE_S = 60
HOUR_S = 3600
DAY_S = 24 * HOUR_S
DAY_MIN = 24 * 60
MS_PER_S = 1000
M_PER_KM = 1000
G_PER_KG = 1000


def min_to_s(minutes: float) -> int:
    """Whole seconds in ``minutes``."""
    return round(minutes * MINUTE_S)


def whole_min(seconds: float) -> int:
    """``seconds`` as whole minutes, rounded to the nearest: what a sheet prints."""
    return round(seconds / MINUTE_S)


def s_to_ms(seconds: float) -> int:
    """Whole milliseconds in ``seconds`` (cut, not rounded): what solver clocks take."""
    return int(seconds * MS_PER_S)


def s_to_min(seconds: float, digits: int = 0) -> float:
    """Minutes in ``seconds``, rounded to ``digits`` decimals (whole minutes by default)."""
    return round(seconds / MINUTE_S, digits) if digits else float(round(seconds / MINUTE_S))


def hhmm(seconds: int | None) -> str:
    """Seconds after midnight as ``HH:MM`` (rounded to the nearest minute); '' for None."""
    if seconds is None:
        return ""
    minutes = round(seconds / MINUTE_S)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def hhmmss(seconds: int) -> str:
    """Seconds after midnight as ``HH:MM:SS``: for checks where one second matters."""
    return f"{seconds // HOUR_S:02d}:{seconds % HOUR_S // MINUTE_S:02d}:{seconds % MINUTE_S:02d}"


def parse_hhmm(value: str) -> int:
    """``H:MM``, ``HH.MM`` or ``HH:MM:SS`` -> minutes after midnight; ``ValueError`` otherwise."""
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::\d{2})?", value.strip())
    if not match:
        raise ValueError(value)
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise ValueError(value)
    return hours * 60 + minutes


def km(distance_m: float, digits: int = 1) -> float:
    """Kilometres in ``distance_m``, rounded for people."""
    return round(distance_m / M_PER_KM, digits)


def hours(seconds: float, digits: int = 2) -> float:
    """Hours in ``seconds``, rounded for people."""
    return round(seconds / HOUR_S, digits)


def metres_per_s(speed_kmh: float) -> float:
    """A speed in km/h as metres per second."""
    return speed_kmh / 3.6


def g_to_kg(grams: float, digits: int = 3) -> float:
    """Kilograms in ``grams``, rounded to the gram by default."""
    return round(grams / G_PER_KG, digits)
