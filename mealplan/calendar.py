"""Working days for delivery: Monday to Friday minus Bulgaria's public holidays.

Holidays come from the ``holidays`` package (Orthodox Easter, the Labour Code rule that moves
a weekend holiday to the next working day, one-off government decisions it knows of). The
government may add bridge days or working Saturdays each year; those come in as overrides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays


@lru_cache(maxsize=16)
def _bulgarian_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("BG", years=year, language="bg"))


def holiday_name(day: dt.date) -> str | None:
    """Bulgarian name of the public holiday on ``day``, or None."""
    return _bulgarian_holidays(day.year).get(day)


def is_working_day(
    day: dt.date,
    extra_days_off: Iterable[dt.date] = (),
    extra_working_days: Iterable[dt.date] = (),
) -> bool:
    """Whether meals are cooked and delivered on ``day``."""
    if day in set(extra_working_days):
        return True
    if day in set(extra_days_off):
        return False
    return day.weekday() < 5 and holiday_name(day) is None


def next_working_day(
    after: dt.date,
    extra_days_off: Iterable[dt.date] = (),
    extra_working_days: Iterable[dt.date] = (),
) -> dt.date:
    """The first working day strictly after ``after``."""
    off, extra = tuple(extra_days_off), tuple(extra_working_days)
    day = after + dt.timedelta(days=1)
    while not is_working_day(day, off, extra):
        day += dt.timedelta(days=1)
    return day


def menu_week(day: dt.date, cycle_weeks: int) -> int:
    """Week of the menu cycle (1-based) that ``day`` falls in, counted by ISO week."""
    return (day.isocalendar().week - 1) % cycle_weeks + 1
