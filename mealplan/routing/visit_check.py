"""The independent check of a visits plan: every time recomputed, every rule judged again.

It reads only the plan's days (who, when, in what order), the occurrences, the workers and the
travel times; nothing of the solver's model. Each worker-day is walked from the office: arrival
is the previous departure plus the travel, a visit starts no sooner than that, inside its
window (at an appointment's time), within the shift, around a lunch break in its window on a
long day; the day's and the week's working time are summed from the walk. Across days: two
workers start a shared visit together, an ordered pair keeps its gap, a flexible line's visits
keep their days apart, an escort never meets the client's lunch, nobody works on leave.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from mealplan.routing.travel import TravelTimeSource
from mealplan.routing.visits import VisitRules
from mealplan.units import hhmm
from mealplan.visit_models import (
    Absence,
    TravelMode,
    VisitOccurrence,
    VisitViolation,
    VisitViolationCause,
    Worker,
    WorkerDay,
)


def _clock(minutes: int) -> str:
    return hhmm(minutes * 60)


def check_visits(
    days: Sequence[WorkerDay],
    occurrences: Sequence[VisitOccurrence],
    workers: Sequence[Worker],
    absences: Sequence[Absence],
    travel: Mapping[TravelMode, TravelTimeSource],
    rules: VisitRules,
    lunch: Mapping[tuple[str, dt.date], tuple[int, int]] | None = None,
) -> list[VisitViolation]:
    """Every rule the plan breaks, judged from the plan alone."""
    lunch = lunch or {}
    worker_of = {w.worker_id: w for w in workers}
    occurrence_of = {o.occurrence_id: o for o in occurrences}
    found: list[VisitViolation] = []
    week_work: dict[str, int] = defaultdict(int)
    starts: dict[str, list[tuple[str, dt.date, int]]] = defaultdict(list)
    for day in days:
        worker = worker_of[day.worker_id]
        found += _check_day(day, worker, absences, occurrence_of, travel[worker.travel_mode], rules, lunch)
        week_work[worker.worker_id] += day.work_min
        for visit in day.visits:
            starts[visit.occurrence_id].append((worker.worker_id, day.date, visit.start_min))
    for worker_id, minutes in sorted(week_work.items()):
        limit = round(worker_of[worker_id].contract_h_week * 60)
        if minutes > limit:
            found.append(
                VisitViolation(
                    cause=VisitViolationCause.WEEK_HOURS,
                    worker_id=worker_id,
                    limit=f"{limit / 60:g} h",
                    actual=f"{minutes / 60:.2f} h",
                )
            )
    found += _check_across_days(starts, occurrences, occurrence_of)
    return found


def _check_day(
    day: WorkerDay,
    worker: Worker,
    absences: Sequence[Absence],
    occurrence_of: Mapping[str, VisitOccurrence],
    travel: TravelTimeSource,
    rules: VisitRules,
    lunch: Mapping[tuple[str, dt.date], tuple[int, int]],
) -> list[VisitViolation]:
    found: list[VisitViolation] = []

    def broken(cause: VisitViolationCause, occurrence_id: str = "", limit: str = "", actual: str = "") -> None:
        found.append(
            VisitViolation(
                cause=cause,
                worker_id=worker.worker_id,
                date=day.date,
                occurrence_id=occurrence_id,
                limit=limit,
                actual=actual,
            )
        )

    if any(a.worker_id == worker.worker_id and a.start <= day.date <= a.end for a in absences):
        broken(VisitViolationCause.ABSENT)
    shift = worker.shifts.get(day.date.weekday())
    if shift is None:
        broken(VisitViolationCause.SHIFT, limit="-", actual=_clock(day.leave_min))
    else:
        if day.leave_min < shift.start_min:
            broken(VisitViolationCause.SHIFT, limit=_clock(shift.start_min), actual=_clock(day.leave_min))
        if day.back_min > shift.end_min:
            broken(VisitViolationCause.SHIFT, limit=_clock(shift.end_min), actual=_clock(day.back_min))
    lats = [worker.start_lat or 0.0, *[v.lat for v in day.visits], worker.end_lat or 0.0]
    lons = [worker.start_lon or 0.0, *[v.lon for v in day.visits], worker.end_lon or 0.0]
    _, travel_s = travel.matrices(np.array(lats), np.array(lons))
    legs = [math.ceil(int(travel_s[i, i + 1]) / 60) for i in range(len(lats) - 1)]
    free_from = day.leave_min
    busy: list[tuple[int, int]] = []
    for visit, leg in zip(day.visits, legs, strict=False):
        occurrence = occurrence_of[visit.occurrence_id]
        earliest = free_from + leg
        if day.break_start_min is not None and free_from <= day.break_start_min < earliest:
            earliest += day.break_min  # the break taken on the way
        if visit.start_min < earliest:
            broken(VisitViolationCause.TRAVEL, visit.occurrence_id, _clock(earliest), _clock(visit.start_min))
        if day.date not in occurrence.days:
            broken(VisitViolationCause.WRONG_DAY, visit.occurrence_id, "", day.date.isoformat())
        if occurrence.skill not in worker.skills:
            broken(VisitViolationCause.SKILL, visit.occurrence_id, occurrence.skill, ", ".join(sorted(worker.skills)))
        if worker.worker_id in occurrence.refused_workers or (
            occurrence.fixed_worker and occurrence.fixed_worker != worker.worker_id
        ):
            broken(VisitViolationCause.REFUSED, visit.occurrence_id, occurrence.fixed_worker, worker.worker_id)
        if occurrence.fixed_start_min is not None:
            if visit.start_min != occurrence.fixed_start_min:
                limit = _clock(occurrence.fixed_start_min)
                broken(VisitViolationCause.WINDOW, visit.occurrence_id, limit, _clock(visit.start_min))
        elif not occurrence.window_start_min <= visit.start_min <= occurrence.window_end_min:
            window = f"{_clock(occurrence.window_start_min)}–{_clock(occurrence.window_end_min)}"
            broken(VisitViolationCause.WINDOW, visit.occurrence_id, window, _clock(visit.start_min))
        meal = lunch.get((occurrence.client_id, day.date)) if occurrence.escort else None
        if meal is not None and visit.start_min < meal[1] and meal[0] < visit.start_min + occurrence.duration_min:
            span = f"{_clock(visit.start_min)}–{_clock(visit.start_min + occurrence.duration_min)}"
            broken(VisitViolationCause.LUNCH, visit.occurrence_id, f"{_clock(meal[0])}–{_clock(meal[1])}", span)
        if visit.end_min != visit.start_min + occurrence.duration_min:
            broken(VisitViolationCause.OVERLAP, visit.occurrence_id, str(occurrence.duration_min), str(visit.end_min))
        busy.append((visit.start_min, visit.start_min + occurrence.duration_min))
        free_from = max(free_from, visit.start_min + occurrence.duration_min)
    back_earliest = free_from + (legs[-1] if legs else 0)
    if day.back_min < back_earliest:
        broken(VisitViolationCause.TRAVEL, "", _clock(back_earliest), _clock(day.back_min))
    if day.break_start_min is not None:
        brk = (day.break_start_min, day.break_start_min + day.break_min)
        if any(a < brk[1] and brk[0] < b for a, b in busy):
            broken(VisitViolationCause.BREAK, "", "", _clock(day.break_start_min))
    long_day = day.back_min - day.leave_min > rules.lunch_after_min
    in_window = (
        day.break_start_min is not None
        and day.break_min >= rules.break_min
        and rules.lunch_from_min <= day.break_start_min
        and day.break_start_min + day.break_min <= rules.lunch_until_min
    )
    if long_day and rules.break_min and not in_window:
        window = f"{rules.break_min} min {_clock(rules.lunch_from_min)}–{_clock(rules.lunch_until_min)}"
        actual = "-" if day.break_start_min is None else _clock(day.break_start_min)
        broken(VisitViolationCause.BREAK, "", window, actual)
    if day.work_min > rules.day_max_min:
        broken(VisitViolationCause.DAY_HOURS, "", f"{rules.day_max_min / 60:g} h", f"{day.work_min / 60:.2f} h")
    for (_, a1), (b0, _) in itertools.pairwise(sorted(busy)):
        if b0 < a1:
            broken(VisitViolationCause.OVERLAP, "", _clock(a1), _clock(b0))
    return found


def _check_across_days(
    starts: Mapping[str, list[tuple[str, dt.date, int]]],
    occurrences: Sequence[VisitOccurrence],
    occurrence_of: Mapping[str, VisitOccurrence],
) -> list[VisitViolation]:
    found: list[VisitViolation] = []
    for occurrence_id, done in starts.items():
        occurrence = occurrence_of[occurrence_id]
        if len(done) != occurrence.workers_needed or (
            len(done) == 2 and (done[0][0] == done[1][0] or done[0][1:] != done[1][1:])
        ):
            found.append(
                VisitViolation(
                    cause=VisitViolationCause.TOGETHER,
                    occurrence_id=occurrence_id,
                    date=done[0][1],
                    limit=str(occurrence.workers_needed),
                    actual="; ".join(f"{w} {d} {_clock(m)}" for w, d, m in done),
                )
            )
        if occurrence.follows and occurrence.follows in starts:
            first = starts[occurrence.follows][0]
            second = done[0]
            gap = (second[1] - first[1]).days * 1440 + second[2] - first[2]
            if not occurrence.gap_min_min <= gap <= occurrence.gap_max_min:
                found.append(
                    VisitViolation(
                        cause=VisitViolationCause.ORDER,
                        occurrence_id=occurrence_id,
                        date=second[1],
                        limit=f"{occurrence.gap_min_min}–{occurrence.gap_max_min} min",
                        actual=f"{gap} min",
                    )
                )
        elif occurrence.follows and occurrence.follows not in starts:
            found.append(
                VisitViolation(
                    cause=VisitViolationCause.ORDER, occurrence_id=occurrence_id, date=done[0][1], actual="-"
                )
            )
    by_group: dict[str, list[VisitOccurrence]] = defaultdict(list)
    for occurrence in occurrences:
        if occurrence.group and occurrence.occurrence_id in starts:
            by_group[occurrence.group].append(occurrence)
    for members in by_group.values():
        dates = sorted(starts[o.occurrence_id][0][1] for o in members)
        gap = max(1, members[0].min_gap_days)
        for a, b in itertools.pairwise(dates):
            if (b - a).days < gap:
                found.append(
                    VisitViolation(
                        cause=VisitViolationCause.DAYS_APART,
                        occurrence_id=members[0].group,
                        date=b,
                        limit=f"{gap}",
                        actual=f"{(b - a).days}",
                    )
                )
    return found
