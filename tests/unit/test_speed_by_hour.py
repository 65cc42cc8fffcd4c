"""Speed by the hour of the day: drives are timed by the hours they happen in, the solver plans
with the slowest hour the vans can meet, and the timetable and the checker use the clock."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mealplan.errors import InputError
from mealplan.io.readers.dataset import parse_speed_by_hour, read_dataset
from mealplan.models import Route, Stop
from mealplan.routing.check import check_routes
from mealplan.routing.engines.base import SolveLimits
from mealplan.routing.kitchen import route_kitchen
from mealplan.routing.problem import StreetRules, build_problem
from mealplan.routing.travel import StraightLineTravel, clock_leg_s
from tests.helpers import copy_data
from tests.unit.test_routing import KITCHEN, ring, van
from tests.unit.test_settings_and_calendar import GOLDEN

FLAT = (1.0,) * 24
HALF_AT_TEN = tuple(0.5 if hour == 10 else 1.0 for hour in range(24))


def test_a_leg_at_an_hour_of_full_speed_takes_its_model_time():
    assert clock_leg_s(600, 11 * 3600, FLAT) == 600
    assert clock_leg_s(600, 11 * 3600, ()) == 600


def test_a_leg_that_runs_into_a_slower_hour_is_slowed_only_for_the_part_driven_in_it():
    """Ten minutes of driving leaving at 9:55: five at full speed, the other five take ten."""
    assert clock_leg_s(600, 9 * 3600 + 55 * 60, HALF_AT_TEN) == 15 * 60
    # Leaving at 10:55: five slow minutes cover 150 s of the model's drive, 450 s remain after 11:00.
    assert clock_leg_s(600, 10 * 3600 + 55 * 60, HALF_AT_TEN) == 300 + 450


@given(
    base_s=st.integers(0, 4 * 3600),
    start_s=st.integers(6 * 3600, 18 * 3600),
    later_s=st.integers(0, 3600),
    factors=st.lists(st.floats(0.2, 2.0), min_size=24, max_size=24),
)
def test_leaving_later_never_means_arriving_sooner(base_s, start_s, later_s, factors):
    """First in, first out: the property that lets a timetable push a departure safely."""
    hourly = tuple(factors)
    first = start_s + clock_leg_s(base_s, start_s, hourly)
    second = start_s + later_s + clock_leg_s(base_s, start_s + later_s, hourly)
    assert second >= first - 1  # whole seconds, rounded up once per leg


def test_the_solver_plans_with_the_slowest_hour_the_vans_can_drive_in():
    """Vans 9:00-15:00: a slow 17:00 does not touch the plan; a slow 10:00 makes every leg of
    the solver's matrix twice as long and leaves the clock to the timetable."""
    orders = ring(6)
    plain = build_problem(KITCHEN, [van()], orders, StraightLineTravel())
    evening = build_problem(
        KITCHEN, [van()], orders, StraightLineTravel(), street=StreetRules(speed_by_hour=(1.0,) * 17 + (0.5,) * 7)
    )
    assert (evening.travel_s == plain.travel_s).all() and evening.speed_by_hour == ()
    slow_ten = StreetRules(speed_by_hour=HALF_AT_TEN)
    morning = build_problem(KITCHEN, [van()], orders, StraightLineTravel(), street=slow_ten)
    assert (morning.travel_s == np.ceil(plain.travel_s / 0.5)).all()
    assert morning.speed_by_hour == HALF_AT_TEN and (morning.base_travel_s == plain.travel_s).all()
    assert morning.leg_s(0, 1, 11 * 3600) == plain.travel_s[0, 1]
    assert morning.leg_s(0, 1, 10 * 3600) == 2 * plain.travel_s[0, 1]


@pytest.mark.parametrize("engine", ["pyvrp", "ortools"])
def test_routes_planned_through_a_slow_hour_are_timed_by_the_clock_and_hold(engine):
    """Traffic at half speed from 10:00 to 11:00: arrivals printed are the clock's, so the first
    door is reached later than at a constant speed, and the checker finds nothing broken."""
    slow = tuple(0.5 if hour == 10 else 1.0 for hour in range(24))
    orders = ring(8)
    vans = [van("V1", capacity=20, hold=120)]
    limits = SolveLimits(time_limit_s=1)
    steady = route_kitchen(KITCHEN, vans, orders, StraightLineTravel(), limits, engine)
    rules = StreetRules(speed_by_hour=slow)
    timed = route_kitchen(KITCHEN, vans, orders, StraightLineTravel(), limits, engine, street=rules)
    assert timed.violations == () and steady.violations == ()
    routed = [s for r in timed.routes for s in r.stops]
    assert len(routed) == 8
    problem = build_problem(KITCHEN, vans, orders, StraightLineTravel(), street=rules)
    for route in timed.routes:
        first = route.stops[0]
        node = problem.node_of(first.client_id)
        reach = route.departure_s + problem.leg_s(0, node, route.departure_s)
        assert first.arrival_s == max(reach, 10 * 3600)


def test_the_checker_times_a_route_by_the_clock():
    """A route that claims a constant-speed arrival inside the slow hour is caught as too early."""
    slow = StreetRules(speed_by_hour=HALF_AT_TEN)
    orders = ring(1)
    problem = build_problem(KITCHEN, [van()], orders, StraightLineTravel(), street=slow)
    departure = 10 * 3600
    constant = departure + int(problem.base_travel_s[0, 1])
    clock = departure + problem.leg_s(0, 1, departure)
    assert clock > constant

    def route(arrival_s: int) -> Route:
        stop = Stop(
            sequence=1,
            client_id="C0",
            portions=1,
            diet_id="general",
            lat=orders[0].lat,
            lon=orders[0].lon,
            arrival_s=arrival_s,
            departure_s=arrival_s + 120,
            hold_s=arrival_s - departure,
        )
        back = clock + 120 + problem.leg_s(1, 0, clock + 120)
        return Route(
            van_id="V1",
            trip=1,
            kitchen_id="K",
            departure_s=departure,
            return_s=back,
            stops=(stop,),
            distance_m=1.0,
            capacity_portions=10,
            max_hold_min=90,
        )

    assert [(v.cause, v.stop) for v in check_routes(problem, [route(constant)], [])] == [("travel", 1)]
    assert check_routes(problem, [route(clock)], []) == []


def test_speed_by_hour_reads_hours_ranges_and_decimal_commas():
    factors = parse_speed_by_hour("8:0,8 16-18:0.85; 23:1.1")
    assert factors[8] == 0.8 and factors[16] == factors[17] == 0.85 and factors[18] == 1.0 and factors[23] == 1.1
    assert factors[:8] == (1.0,) * 8


@pytest.mark.parametrize("value", ["8:0", "25:1", "8-8:0.9", "8:0.8 8:0.9", "eight:1", "8:3", "8-10:nan"])
def test_a_bad_speed_by_hour_is_refused(value):
    with pytest.raises(ValueError):
        parse_speed_by_hour(value)


def test_settings_read_the_speeds_by_hour_the_curb_and_the_driving_side(tmp_path):
    data = copy_data(GOLDEN, tmp_path / "data")
    (data / "settings.csv").write_text(
        "key,value\nspeed_by_hour,12-14:0.9\ncurb_approach,не\ndriving_side,ляво\n", encoding="utf-8"
    )
    settings = read_dataset(data).settings
    assert settings.speed_by_hour[12:15] == (0.9, 0.9, 1.0)
    assert settings.curb_approach is False and settings.driving_side == "left"
    defaults = read_dataset(copy_data(GOLDEN, tmp_path / "again")).settings
    assert defaults.curb_approach is True and defaults.driving_side == "auto"
    assert defaults.speed_by_hour[8] == defaults.speed_by_hour[17] == 0.8 and defaults.speed_by_hour[12] == 1.0


def test_a_bad_speed_by_hour_in_settings_names_the_file_row_column_and_value(tmp_path):
    data = copy_data(GOLDEN, tmp_path / "data")
    (data / "settings.csv").write_text("key,value\nspeed_kmh,24\nspeed_by_hour,8:0.8 8:0.9\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_dataset(data)
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == ("settings.csv", 3, "value", "8:0.8 8:0.9")
    assert problem.expected == "speed_by_hour"
