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


def count_working_days_in(country: str, year: int, extra_working_days=()) -> int:
    day, total = dt.date(year, 1, 1), 0
    while day.year == year:
        total += is_working_day(day, (), extra_working_days, country)
        day += dt.timedelta(days=1)
    return total


def test_belarus_2026_moves_the_monday_before_radunitsa_to_saturday_25_april():
    """Resolution No. 397 of 22 Jul 2025: Mon 20 Apr off (18-21 Apr four days off in a row),
    Sat 25 Apr a working day; Radunitsa (Tue 21 Apr) a holiday."""
    off = [dt.date(2026, 4, d) for d in (18, 19, 20, 21)]
    assert [is_working_day(d, country="BY") for d in off] == [False, False, False, False]
    assert is_working_day(dt.date(2026, 4, 25), country="BY")
    assert not is_working_day(dt.date(2026, 4, 25))  # a Saturday in Bulgaria stays a Saturday
    assert holiday_name(dt.date(2026, 4, 21), "BY")


def test_belarus_2025_transfers_match_the_published_resolution():
    """Resolution No. 839 of 14 Nov 2024: Mon 6 Jan → Sat 11 Jan, Mon 28 Apr → Sat 26 Apr,
    Fri 4 Jul → Sat 12 Jul, Fri 26 Dec → Sat 20 Dec."""
    pairs = [((1, 6), (1, 11)), ((4, 28), (4, 26)), ((7, 4), (7, 12)), ((12, 26), (12, 20))]
    for (off_month, off_day), (month, day) in pairs:
        off, worked = dt.date(2025, off_month, off_day), dt.date(2025, month, day)
        assert not is_working_day(off, country="BY") and is_working_day(worked, country="BY")


def test_every_shipped_working_saturday_pays_back_a_day_off_the_holidays_package_moves():
    """Each Saturday we ship has its moved day off in the package (named "from <that Saturday>")
    and the year's working days stay the weekdays' count: nothing is invented."""
    import holidays

    from mealplan.calendar import WORKING_SATURDAYS

    for saturday in WORKING_SATURDAYS["BY"]:
        assert saturday.weekday() == 5
        moved = holidays.country_holidays("BY", years=saturday.year, language="en_US")
        assert any(saturday.strftime("%m/%d/%Y") in name for name in moved.values()), saturday


def test_a_year_belarus_has_not_published_gets_its_transfers_from_calendar_csv():
    """2027's transfers are not shipped: a working Saturday from calendar.csv counts all the same."""
    without = count_working_days_in("BY", 2027)
    with_one = count_working_days_in("BY", 2027, (dt.date(2027, 5, 15),))
    assert with_one == without + 1
