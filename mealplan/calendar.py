"""Working days: Monday to Friday minus the country's public holidays, plus its working Saturdays.

Holidays come from the ``holidays`` package (Orthodox Easter, Bulgaria's Labour Code rule that
moves a weekend holiday to the next working day, Belarus's days off moved next to a holiday, the
one-off government decisions it knows of). Belarus gives those moved days off back on Saturdays
that the package does not list: they are shipped here for the years the Council of Ministers
has published, and ``calendar.csv`` adds later years (or an organisation's own transfers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays

DEFAULT_COUNTRY = "BG"

# Saturdays made working days in exchange for a moved day off: Belarus, Council of Ministers
# resolution No. 839 of 14 Nov 2024 (2025: Mon 6 Jan, Mon 28 Apr, Fri 4 Jul, Fri 26 Dec off) and
# No. 397 of 22 Jul 2025 (2026: Mon 20 Apr off). 2027 was not published in the material at hand
# (shared/research/home-visits-and-belarus.md): a centre adds it to calendar.csv as "working".
WORKING_SATURDAYS: dict[str, frozenset[dt.date]] = {
    "BY": frozenset(
        {
            dt.date(2025, 1, 11),
            dt.date(2025, 4, 26),
            dt.date(2025, 7, 12),
            dt.date(2025, 12, 20),
            dt.date(2026, 4, 25),
        }
    ),
}


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
    """Whether ``day`` is a working day (meals cooked and delivered, visits made): the folder's
    overrides first, then the country's working Saturdays, then weekdays without a holiday."""
    if day in set(extra_working_days):
        return True
    if day in set(extra_days_off):
        return False
    if day in WORKING_SATURDAYS.get(country, frozenset()):
        return True
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
