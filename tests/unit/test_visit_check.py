"""The visits' checker judges a plan from the plan alone: a clean day passes, and a day that
breaks one rule is reported for exactly that rule."""

from __future__ import annotations

import datetime as dt

import pytest

from mealplan.routing.travel import StraightLineTravel
from mealplan.routing.visit_check import check_visits
from mealplan.routing.visits import VisitRules
from mealplan.visit_models import (
    Absence,
    PlannedVisit,
    Shift,
    TravelMode,
    VisitOccurrence,
    Worker,
    WorkerDay,
)
from mealplan.visit_models import (
    VisitViolationCause as Cause,
)

DAY = dt.date(2026, 12, 14)  # a Monday
HOME = (42.700, 23.300)
DOOR = (42.702, 23.300)  # 222 m north: 4 min on foot at 4.5 km/h x 1.3
TRAVEL = {TravelMode.FOOT: StraightLineTravel(4.5, 1.3)}
RULES = VisitRules()


def worker(**change):
    fields = dict(  # noqa: C408 - keyword arguments read like the model
        worker_id="W1", row=2, name="Мария", office_id="S1", skills=frozenset({"care"}), contract_h_week=40,
        shifts={d: Shift(start_min=480, end_min=990) for d in range(5)}, start_lat=HOME[0], start_lon=HOME[1],
        end_lat=HOME[0], end_lon=HOME[1],
    )  # fmt: skip
    return Worker(**(fields | change))


def occurrence(**change):
    fields = dict(  # noqa: C408 - keyword arguments read like the model
        occurrence_id="L1@2026-12-14", source_file="care_plan.csv", source_row=2, line_id="L1", client_id="C1",
        office_id="S1", service_code="hygiene", duration_min=45, days=(DAY,), window_start_min=540,
        window_end_min=660, skill="care", lat=DOOR[0], lon=DOOR[1],
    )  # fmt: skip
    return VisitOccurrence(**(fields | change))


def visit(start=600, occurrence_id="L1@2026-12-14", duration=45, partner=""):
    return PlannedVisit(
        occurrence_id=occurrence_id, client_id="C1", service_code="hygiene", sequence=1, arrival_min=start,
        start_min=start, end_min=start + duration, travel_min=4, lat=DOOR[0], lon=DOOR[1], partner=partner,
    )  # fmt: skip


def day(visits=None, leave=480, back=700, break_start=None, worker_id="W1", date=DAY):
    return WorkerDay(
        worker_id=worker_id, date=date, leave_min=leave, back_min=back, break_start_min=break_start,
        break_min=30 if break_start is not None else 0, visits=tuple(visits if visits is not None else [visit()]),
    )  # fmt: skip


def causes(days, occurrences=None, workers=None, absences=(), lunch=None):
    found = check_visits(days, occurrences or [occurrence()], workers or [worker()], absences, TRAVEL, RULES, lunch)
    return sorted(v.cause for v in found)


def test_a_day_that_keeps_every_rule_passes():
    assert causes([day()]) == []


@pytest.mark.parametrize(
    ("days", "kwargs", "expected"),
    [
        ([day(visits=[visit(start=482)])], {}, [Cause.TRAVEL, Cause.WINDOW]),  # too soon after leaving, before 9:00
        ([day(visits=[visit(start=670)], back=800)], {}, [Cause.WINDOW]),  # after the latest start
        ([day()], {"occurrences": [occurrence(skill="escort")]}, [Cause.SKILL]),
        ([day()], {"occurrences": [occurrence(refused_workers=frozenset({"W1"}))]}, [Cause.REFUSED]),
        ([day(leave=420)], {}, [Cause.SHIFT]),
        ([day(back=750)], {"workers": [worker(shifts={0: Shift(start_min=480, end_min=720)})]}, [Cause.SHIFT]),
        ([day()], {"absences": [Absence(worker_id="W1", row=2, start=DAY, end=DAY)]}, [Cause.ABSENT]),
        ([day(back=647)], {}, [Cause.TRAVEL]),  # back before the visit's end and the walk home
        ([day(back=900)], {}, [Cause.BREAK]),  # a long day with no lunch break
        ([day(back=990, break_start=600)], {}, [Cause.BREAK, Cause.BREAK]),  # during the visit, and too early
        ([day()], {"occurrences": [occurrence(escort=True)], "lunch": {("C1", DAY): (630, 700)}}, [Cause.LUNCH]),
        ([day()], {"occurrences": [occurrence(fixed_start_min=610)]}, [Cause.WINDOW]),
        ([day()], {"occurrences": [occurrence(days=(DAY + dt.timedelta(days=1),))]}, [Cause.WRONG_DAY]),
        ([day()], {"occurrences": [occurrence(workers_needed=2)]}, [Cause.TOGETHER]),
    ],
)
def test_a_day_that_breaks_one_rule_is_reported_for_it(days, kwargs, expected):
    assert causes(days, **kwargs) == sorted(expected)


def test_the_day_and_the_week_limits_are_the_labour_codes():
    long_day = day(leave=480, back=1020, break_start=720)  # 9 h out, 8.5 h worked
    w = worker(shifts={d: Shift(start_min=480, end_min=1080) for d in range(5)})
    assert causes([long_day], workers=[w]) == [Cause.DAY_HOURS]
    five = [day(date=DAY + dt.timedelta(days=k), back=990, break_start=720, visits=[]) for k in range(5)]
    assert causes(five, workers=[worker(contract_h_week=30)], occurrences=[]) == [Cause.WEEK_HOURS]


def test_two_workers_of_a_shared_visit_must_start_together():
    shared = occurrence(workers_needed=2)
    w2 = worker(worker_id="W2")
    together = [day(visits=[visit(partner="W2")]), day(worker_id="W2", visits=[visit(partner="W1")])]
    assert causes(together, occurrences=[shared], workers=[worker(), w2]) == []
    apart = [day(visits=[visit(start=600)]), day(worker_id="W2", visits=[visit(start=610)])]
    assert causes(apart, occurrences=[shared], workers=[worker(), w2]) == [Cause.TOGETHER]


def test_an_ordered_pair_keeps_its_gap_and_a_flexible_line_its_days_apart():
    first = occurrence(occurrence_id="A@2026-12-14", window_end_min=720)
    second = occurrence(occurrence_id="B@2026-12-14", follows="A@2026-12-14", gap_min_min=60, gap_max_min=90,
                        window_end_min=800)  # fmt: skip
    plan = [day(back=800, visits=[visit(start=540, occurrence_id=first.occurrence_id),
                                  visit(start=700, occurrence_id=second.occurrence_id)])]  # fmt: skip
    assert Cause.ORDER in causes(plan, occurrences=[first, second])
    monday = occurrence(occurrence_id="H#1", group="H", min_gap_days=2, days=(DAY, DAY + dt.timedelta(days=1)))
    tuesday = monday.model_copy(update={"occurrence_id": "H#2"})
    days = [day(visits=[visit(occurrence_id="H#1")]),
            day(date=DAY + dt.timedelta(days=1), visits=[visit(occurrence_id="H#2")])]  # fmt: skip
    assert causes(days, occurrences=[monday, tuesday]) == [Cause.DAYS_APART]
