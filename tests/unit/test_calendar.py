import datetime as dt

from mealplan.calendar import holiday_name, is_working_day, menu_week, next_working_day


def count_working_days(year: int) -> int:
    day = dt.date(year, 1, 1)
    total = 0
    while day.year == year:
        total += is_working_day(day)
        day += dt.timedelta(days=1)
    return total


def test_bulgarian_working_days_match_the_published_totals():
    """2026 has 248 working days and 2027 has 249 (Labour Code holidays, moved weekend holidays)."""
    assert count_working_days(2026) == 248
    assert count_working_days(2027) == 249


def test_orthodox_easter_monday_and_moved_holidays_are_days_off():
    """Easter Monday 2026 (13 Apr) and Mon 28 Dec 2026 (26 Dec was a Saturday) are off."""
    assert holiday_name(dt.date(2026, 4, 13))
    assert not is_working_day(dt.date(2026, 4, 13))
    assert not is_working_day(dt.date(2026, 12, 28))
    assert is_working_day(dt.date(2026, 11, 2))  # 1 Nov is a school holiday only


def test_next_working_day_skips_christmas_and_weekends():
    """From Wed 23 Dec 2026 the next working day is Tue 29 Dec."""
    assert next_working_day(dt.date(2026, 12, 23)) == dt.date(2026, 12, 29)


def test_overrides_add_days_off_and_working_saturdays():
    """A declared bridge day is off; a declared working Saturday is on."""
    friday, saturday = dt.date(2026, 11, 27), dt.date(2026, 11, 28)
    assert not is_working_day(friday, extra_days_off=[friday])
    assert is_working_day(saturday, extra_working_days=[saturday])


def test_menu_week_cycles_through_iso_weeks():
    """Consecutive ISO weeks walk the 4-week cycle and wrap around."""
    weeks = [menu_week(dt.date(2026, 1, 5) + dt.timedelta(weeks=i), 4) for i in range(8)]
    assert weeks == [2, 3, 4, 1, 2, 3, 4, 1]
