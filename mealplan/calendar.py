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

DEFAULT_COUNTRY = "BG"


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> dict[dt.date, str]:
    # In the country's own language (Bulgarian for BG): without asking for it, the package names
    # holidays in the language of the machine's locale ("Christmas Day" under LANG=C).
    language = getattr(holidays.country_holidays(country), "default_language", None)
    return dict(holidays.country_holidays(country, years=year, language=language))


def holiday_name(day: dt.date, country: str = DEFAULT_COUNTRY) -> str | None:
    """Name of the public holiday on ``day`` in ``country`` (ISO 3166 code), or None."""
    return _holidays(country, day.year).get(day)


def is_working_day(
    day: dt.date,
    extra_days_off: Iterable[dt.date] = (),
    extra_working_days: Iterable[dt.date] = (),
    country: str = DEFAULT_COUNTRY,
) -> bool:
    """Whether meals are cooked and delivered on ``day``."""
    if day in set(extra_working_days):
        return True
    if day in set(extra_days_off):
        return False
    return day.weekday() < 5 and holiday_name(day, country) is None


def next_working_day(
    after: dt.date,
    extra_days_off: Iterable[dt.date] = (),
    extra_working_days: Iterable[dt.date] = (),
    country: str = DEFAULT_COUNTRY,
) -> dt.date:
    """The first working day strictly after ``after``."""
    off, extra = tuple(extra_days_off), tuple(extra_working_days)
    day = after + dt.timedelta(days=1)
    while not is_working_day(day, off, extra, country):
        day += dt.timedelta(days=1)
    return day


def is_country(code: str) -> bool:
    """Whether the holidays package knows ``code`` as a country."""
    return code in holidays.list_supported_countries()


def menu_week(day: dt.date, cycle_weeks: int) -> int:
    """Week of the menu cycle (1-based) that ``day`` falls in, counted by ISO week."""
    return (day.isocalendar().week - 1) % cycle_weeks + 1
