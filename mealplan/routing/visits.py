"""One office's week of home visits as routing problems (OR-Tools), solved and read back.

The week is planned a day at a time. A visit that may go on several days is dealt one first
(where its able workers have the most room for their contracts); each day is a routing problem
whose vehicles are the workers on shift and not on leave; what a day could not take is offered
to the visit's other days, searched again from their plans. Time is absolute minutes from the
period's first midnight. What the model holds hard: skills, refused workers, an appointment's
worker and time, windows, shifts, a lunch break in its window on a long day, the day's and the
week's working time (Labour Code: each day capped by what the contract leaves), two workers
starting a visit together, an ordered pair's gap, and an escort never while the client's lunch
is delivered; a flexible line's visits come with days apart already (``planning.visit_demand``).
Soft, below the priority of what is left out: travel, the worker the client had before
(continuity), and a worker's day past their share of the contract (balance).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from mealplan.routing.travel import TravelTimeSource
from mealplan.units import DAY_MIN
from mealplan.visit_models import (
    Absence,
    PlannedVisit,
    TravelMode,
    UnplannedReason,
    UnplannedVisit,
    VisitOccurrence,
    Worker,
    WorkerDay,
)

# The first pass over the days gets this share of an office's time; what a day could not take
# is offered to the visit's other days this many times.
FIRST_PASS_SHARE = 0.65
REPAIR_ROUNDS = 2
MIN_DAY_S = 0.3
BALANCE_MIN_S = 0.5  # the least time a day's balancing search is worth
# What a visit costs a worker for each skill they have beyond one: a visit any worker can do
# goes to the one who can do least else, and the scarce skills stay free for the visits that
# need them. Measured on the sample's week W51 at the offices' shares of the default time: the
# largest office (536 visits) planned 531 with it, 507 without; S4 408 against 397.
SKILL_COST_MIN = 3
# How long a day's first plan may take (it is not cut by the day's share), and the least
# share worth improving it with.
FIRST_PLAN_MAX_S = 60
IMPROVE_MIN_MS = 50
# A visit's travel before its day is routed, for dealing the days (minutes).
TRAVEL_ESTIMATE_MIN = 15

# What leaving a visit out costs, by priority, in the objective's minutes: far above any route.
DROP_PENALTY = {1: 1_000_000, 2: 200_000, 3: 50_000}


@dataclass(frozen=True)
class VisitRules:
    """The settings' working-time rules and costs, in minutes."""

    day_max_min: int = 480
    lunch_after_min: int = 360
    break_min: int = 30
    lunch_from_min: int = 690
    lunch_until_min: int = 840
    continuity_min: int = 30


@dataclass(frozen=True)
class OfficeWeek:
    """Everything one office's solve needs: its workers and visits, the days, travel by mode."""

    office_id: str
    period: tuple[dt.date, ...]
    workers: tuple[Worker, ...]
    absences: tuple[Absence, ...]
    occurrences: tuple[VisitOccurrence, ...]  # those to plan (not already unplanned)
    travel: Mapping[TravelMode, TravelTimeSource]
    rules: VisitRules
    # The worker each client had last (the history), and when each client's lunch comes per day.
    homes: Mapping[str, str] = field(default_factory=dict)
    lunch: Mapping[tuple[str, dt.date], tuple[int, int]] = field(default_factory=dict)
    time_limit_s: float = 10.0
    seed: int = 0


@dataclass(frozen=True)
class OfficeResult:
    days: tuple[WorkerDay, ...]
    unplanned: tuple[UnplannedVisit, ...]
    solve_s: float


@dataclass(frozen=True)
class WorkerDayVehicle:
    """A worker's day as a vehicle of the day's routing model: its shift on the week's clock."""

    worker: Worker
    day_index: int
    date: dt.date
    start_min: int  # absolute
    end_min: int
    has_break: bool


def _vehicles(week: OfficeWeek) -> list[WorkerDayVehicle]:
    away = defaultdict(set)
    for absence in week.absences:
        for day in week.period:
            if absence.start <= day <= absence.end:
                away[absence.worker_id].add(day)
    vehicles = []
    for worker in sorted(week.workers, key=lambda w: w.worker_id):
        for k, day in enumerate(week.period):
            shift = worker.shifts.get(day.weekday())
            if shift is None or day in away[worker.worker_id]:
                continue
            length = shift.end_min - shift.start_min
            vehicles.append(
                WorkerDayVehicle(
                    worker=worker,
                    day_index=k,
                    date=day,
                    start_min=k * DAY_MIN + shift.start_min,
                    end_min=k * DAY_MIN + shift.end_min,
                    has_break=week.rules.break_min > 0 and length > week.rules.lunch_after_min,
                )
            )
    return vehicles


def _allowed_starts(
    occurrence: VisitOccurrence, week: OfficeWeek, day_index: dict[dt.date, int]
) -> list[tuple[int, int]]:
    """Absolute start intervals of the visit: its window on each of its days, less the times an
    escort would keep the client out while their lunch is delivered."""
    intervals = []
    for day in occurrence.days:
        if day not in day_index:
            continue
        base = day_index[day] * DAY_MIN
        if occurrence.fixed_start_min is not None:
            low = high = occurrence.fixed_start_min
        else:
            low, high = occurrence.window_start_min, occurrence.window_end_min
        parts = [(low, high)]
        lunch = week.lunch.get((occurrence.client_id, day)) if occurrence.escort else None
        if lunch is not None:
            # Out from t to t + duration must not meet the lunch's [from, until].
            clash_from, clash_until = lunch[0] - occurrence.duration_min + 1, lunch[1] - 1
            parts = [(a, min(b, clash_from - 1)) for a, b in parts] + [(max(a, clash_until + 1), b) for a, b in parts]
        intervals += [(base + a, base + b) for a, b in parts if a <= b]
    return intervals


def solve_office_week(week: OfficeWeek) -> OfficeResult:
    """Plan one office's visits for the period; occurrences left out come back with a reason.

    The week is planned a day at a time: each visit that may go on several days is first dealt
    the day where its able workers have the most room (``_choose_days``), each day is then its
    own routing problem (the day's workers, the day's visits), and what a day could not take is
    offered to the visit's other days, which are searched again from their plans. One model for
    the whole week (a vehicle per worker-day, a window per day) searched so slowly that the
    sample's largest office (540 visits) planned 296.
    """
    started = time.perf_counter()
    deadline = time.monotonic() + week.time_limit_s
    vehicles = _vehicles(week)
    day_index = {d: k for k, d in enumerate(week.period)}
    unplanned: list[UnplannedVisit] = []
    options: dict[str, dict[int, DayOption]] = {}  # occurrence -> day -> who and when
    for occurrence in week.occurrences:
        starts = _allowed_starts(occurrence, week, day_index)
        allowed = [
            v
            for v, vehicle in enumerate(vehicles)
            if occurrence.skill in vehicle.worker.skills
            and vehicle.worker.worker_id not in occurrence.refused_workers
            and (not occurrence.fixed_worker or occurrence.fixed_worker == vehicle.worker.worker_id)
            and any(vehicle.start_min <= b and a <= vehicle.end_min for a, b in starts)
        ]
        reason = _screen(occurrence, week, vehicles, starts, allowed)
        if reason is None:
            options[occurrence.occurrence_id] = _options_by_day(occurrence, vehicles, starts, allowed)
            if not options[occurrence.occurrence_id]:
                reason = UnplannedReason.NO_SECOND_WORKER
        if reason is not None:
            options.pop(occurrence.occurrence_id, None)
            unplanned.append(UnplannedVisit(occurrence_id=occurrence.occurrence_id, reason=reason))
    if not options or not vehicles:
        return OfficeResult((), tuple(unplanned), time.perf_counter() - started)

    rules = week.rules
    occurrence_of = {o.occurrence_id: o for o in week.occurrences}
    contract = {v.worker.worker_id: round(v.worker.contract_h_week * 60) for v in vehicles}
    caps = _day_caps(vehicles, contract, rules)
    chosen = _choose_days(options, occurrence_of, vehicles, caps, week.homes)
    plans: dict[int, list[WorkerDay]] = {}
    tried: dict[str, set[int]] = {o: {k} for o, k in chosen.items()}

    def search(
        day: int, wanted: list[str], until: float, earlier: list[WorkerDay] | None, even_min: int | None = None
    ) -> list[WorkerDay]:
        on_day = [v for v, vehicle in enumerate(vehicles) if vehicle.day_index == day]
        worked: dict[str, int] = defaultdict(int)
        for plan in plans.values():
            for worker_day in plan:
                if worker_day.date != week.period[day]:
                    worked[worker_day.worker_id] += worker_day.work_min
        # The day's cap: what the contract leaves after the worker's other days, never more than
        # the day's law; the first pass's even shares keep room for the days still to come.
        day_caps = [
            min(
                caps[v] if earlier is None else rules.day_max_min,
                contract[vehicles[v].worker.worker_id] - worked[vehicles[v].worker.worker_id],
            )
            for v in on_day
        ]
        problem = DayProblem(
            vehicle_ids=on_day,
            vehicles=[vehicles[v] for v in on_day],
            caps=day_caps,
            visits=[(occurrence_of[o], options[o][day]) for o in wanted],
            earlier=earlier,
            shares=None if earlier is None else [min(caps[v], even_min or caps[v]) for v in on_day],
        )
        found = solve_day(problem, week, until)
        if found is None:
            return earlier or []
        return _whole_pairs(found, {o for o in wanted if occurrence_of[o].workers_needed == 2}, vehicles, week.travel)

    # The first pass: every day with the visits dealt to it, time in proportion to its visits.
    by_day: dict[int, list[str]] = defaultdict(list)
    for occurrence_id, day in chosen.items():
        by_day[day].append(occurrence_id)
    first_until = time.monotonic() + FIRST_PASS_SHARE * max(0.0, deadline - time.monotonic())
    left_visits = sum(len(v) for v in by_day.values())
    for day in sorted(by_day):
        share_s = (first_until - time.monotonic()) * len(by_day[day]) / max(1, left_visits)
        plans[day] = search(day, by_day[day], time.monotonic() + max(MIN_DAY_S, share_s), None)
        left_visits -= len(by_day[day])

    # Repair: a visit its day could not take goes to another of its days with room, and that
    # day is searched again from its plan; a day's visits it could not take stay its own.
    for _ in range(REPAIR_ROUNDS):
        planned = {visit.occurrence_id for plan in plans.values() for day in plan for visit in day.visits}
        moves: dict[int, list[str]] = defaultdict(list)
        room = _room_by_day(plans, vehicles, caps, contract, rules)
        for occurrence_id in sorted(options):
            if occurrence_id in planned:
                continue
            other = [k for k in options[occurrence_id] if k not in tried[occurrence_id]]
            occurrence = occurrence_of[occurrence_id]
            need = occurrence.duration_min * occurrence.workers_needed
            fits = [k for k in other if room.get(k, 0) >= need]
            if not fits:
                continue
            day = max(fits, key=lambda k: (room[k], -k))
            room[day] -= need
            tried[occurrence_id].add(day)
            moves[day].append(occurrence_id)
        if not moves or time.monotonic() > deadline - MIN_DAY_S:
            break
        left_visits = sum(len(v) for v in moves.values())
        for day in sorted(moves, key=lambda k: -len(moves[k])):
            on_day = [visit.occurrence_id for worker_day in plans.get(day, []) for visit in worker_day.visits]
            wanted = sorted(set(on_day)) + moves[day]
            share_s = (deadline - time.monotonic()) * len(moves[day]) / max(1, left_visits) / REPAIR_ROUNDS
            # Balance: a day past the day's mean work (the moved visits' included) costs a minute a
            # minute: the plan of least travel left a worker idle while the others walked full days.
            on_shift = sum(1 for vehicle in vehicles if vehicle.day_index == day)
            load = sum(d.work_min for d in plans.get(day, [])) + sum(
                (occurrence_of[o].duration_min + TRAVEL_ESTIMATE_MIN) * occurrence_of[o].workers_needed
                for o in moves[day]
            )
            even_min = math.ceil(load / max(1, on_shift))
            plans[day] = search(day, wanted, time.monotonic() + max(MIN_DAY_S, share_s), plans.get(day, []), even_min)
            left_visits -= len(moves[day])

    # Balance: time the placing did not need evens each day's work out over its workers (a day
    # past the day's mean costs a minute a minute); a worker idle while the others walk their
    # full day was the cheapest plan in travel. A day that would plan fewer visits keeps its plan.
    days_left = [k for k in sorted(plans) if plans[k]]
    for day in days_left:
        left_s = (deadline - time.monotonic()) / max(1, len(days_left) - days_left.index(day))
        if left_s < BALANCE_MIN_S:
            break
        placed = [visit.occurrence_id for worker_day in plans[day] for visit in worker_day.visits]
        on_shift = sum(1 for vehicle in vehicles if vehicle.day_index == day)
        even_min = math.ceil(sum(d.work_min for d in plans[day]) / max(1, on_shift))
        evened = search(day, sorted(set(placed)), time.monotonic() + left_s, plans[day], even_min)
        if len({v.occurrence_id for d in evened for v in d.visits}) >= len(set(placed)):
            plans[day] = evened

    days = sorted((d for plan in plans.values() for d in plan), key=lambda d: (d.date, d.worker_id))
    days = _trim_to_contract(days, contract, vehicles, week.travel)
    planned = {visit.occurrence_id for day in days for visit in day.visits}
    # Hours left per worker: a visit some able worker still had the hours for was not left out
    # for want of hours but for want of search (or of a place in their days' windows).
    left_min = dict(contract)
    for worker_day in days:
        left_min[worker_day.worker_id] -= worker_day.work_min
    for occurrence_id in sorted(options):
        if occurrence_id in planned:
            continue
        occurrence = occurrence_of[occurrence_id]
        able = {vehicles[v].worker.worker_id for option in options[occurrence_id].values() for v in option.allowed}
        with_hours = [w for w in sorted(able) if left_min.get(w, 0) >= occurrence.duration_min]
        if occurrence.workers_needed == 2 and len(with_hours) < 2:
            reason = UnplannedReason.NO_SECOND_WORKER
        elif not with_hours:
            reason = UnplannedReason.WORKER_HOURS_EXHAUSTED
        else:
            reason = UnplannedReason.NO_PLACE_FOUND
        unplanned.append(UnplannedVisit(occurrence_id=occurrence_id, reason=reason))
    return OfficeResult(tuple(days), tuple(unplanned), time.perf_counter() - started)


@dataclass(frozen=True)
class DayOption:
    """A visit on one day: the vehicles able to take it and its start intervals (absolute)."""

    allowed: tuple[int, ...]
    starts: tuple[tuple[int, int], ...]


@dataclass
class DayProblem:
    """One day of an office as a routing problem: its workers' days, their caps, its visits."""

    vehicle_ids: list[int]  # the week's vehicles of the day
    vehicles: list[WorkerDayVehicle]
    caps: list[int]  # minutes of work per vehicle
    visits: list[tuple[VisitOccurrence, DayOption]]  # option's vehicles index the week's vehicles
    earlier: list[WorkerDay] | None  # the day's plan to start the search from
    shares: list[int] | None = None  # each vehicle's share of its contract, soft (the repair pass)
    first_solution: str = "SAVINGS"  # the routing library's first-solution strategy
    skill_cost_min: int = SKILL_COST_MIN


def _options_by_day(
    occurrence: VisitOccurrence, vehicles: Sequence[WorkerDayVehicle], starts: list[tuple[int, int]], allowed: list[int]
) -> dict[int, DayOption]:
    """The days the visit can go on, each with its able vehicles and start intervals; a
    two-worker visit only on days with two able workers."""
    found = {}
    for day in sorted({vehicles[v].day_index for v in allowed}):
        low, high = day * DAY_MIN, (day + 1) * DAY_MIN - 1
        on_day = tuple(v for v in allowed if vehicles[v].day_index == day)
        day_starts = tuple((a, b) for a, b in starts if low <= a <= high)
        if len(on_day) >= occurrence.workers_needed and day_starts:
            found[day] = DayOption(on_day, day_starts)
    return found


def _day_caps(vehicles: Sequence[WorkerDayVehicle], contract: Mapping[str, int], rules: VisitRules) -> list[int]:
    """Each worker-day's share of the contract, in proportion to the shift's length and never
    more than the day's law: the days of a week together never exceed the contract."""
    shift_total: dict[str, int] = defaultdict(int)
    for vehicle in vehicles:
        shift_total[vehicle.worker.worker_id] += vehicle.end_min - vehicle.start_min
    caps = []
    for vehicle in vehicles:
        length = vehicle.end_min - vehicle.start_min
        share = contract[vehicle.worker.worker_id] * length // max(1, shift_total[vehicle.worker.worker_id])
        caps.append(min(rules.day_max_min, share))
    return caps


def _choose_days(
    options: Mapping[str, Mapping[int, DayOption]],
    occurrence_of: Mapping[str, VisitOccurrence],
    vehicles: Sequence[WorkerDayVehicle],
    caps: Sequence[int],
    homes: Mapping[str, str],
) -> dict[str, int]:
    """A day for each visit: the fewest choices first, each to the day where its able workers
    are least loaded for their caps (a visit's minutes spread over them, travel included), a day
    its own worker works preferred (continuity)."""
    load = [0.0] * len(vehicles)
    chosen = {}
    order = sorted(
        options,
        key=lambda o: (len(options[o]), -occurrence_of[o].duration_min * occurrence_of[o].workers_needed, o),
    )
    for occurrence_id in order:
        occurrence = occurrence_of[occurrence_id]
        home = occurrence.preferred_worker or homes.get(occurrence.client_id, "")
        need = (occurrence.duration_min + TRAVEL_ESTIMATE_MIN) * occurrence.workers_needed

        day = min(
            options[occurrence_id],
            key=lambda k: (*_pressure(options[occurrence_id][k].allowed, need, home, load, caps, vehicles), k),
        )
        chosen[occurrence_id] = day
        allowed = options[occurrence_id][day].allowed
        for v in allowed:
            load[v] += need / len(allowed)
    return chosen


def _pressure(
    allowed: Sequence[int],
    need: float,
    home: str,
    load: Sequence[float],
    caps: Sequence[int],
    vehicles: Sequence[WorkerDayVehicle],
) -> tuple[int, float]:
    """How a day suits a visit: not its own worker's day last, then how full its able workers'
    days would be with it (the mean of load over cap)."""
    share = need / len(allowed)
    fill = sum((load[v] + share) / max(1, caps[v]) for v in allowed) / len(allowed)
    own = any(vehicles[v].worker.worker_id == home for v in allowed)
    return (0 if own or not home else 1, fill)


def _room_by_day(
    plans: Mapping[int, list[WorkerDay]],
    vehicles: Sequence[WorkerDayVehicle],
    caps: Sequence[int],
    contract: Mapping[str, int],
    rules: VisitRules,
) -> dict[int, int]:
    """Minutes each day's workers could still work: the day's law less what they work that
    day, within what their contract leaves for the week."""
    worked_day: dict[tuple[str, int], int] = defaultdict(int)
    worked_week: dict[str, int] = defaultdict(int)
    for day, plan in plans.items():
        for worker_day in plan:
            worked_day[(worker_day.worker_id, day)] += worker_day.work_min
            worked_week[worker_day.worker_id] += worker_day.work_min
    room: dict[int, int] = defaultdict(int)
    for vehicle in vehicles:
        worker_id = vehicle.worker.worker_id
        today = worked_day[(worker_id, vehicle.day_index)]
        day_room = min(rules.day_max_min, vehicle.end_min - vehicle.start_min) - today
        room[vehicle.day_index] += max(0, min(day_room, contract[worker_id] - worked_week[worker_id]))
    return dict(room)


def solve_day(problem: DayProblem, week: OfficeWeek, until: float) -> list[WorkerDay] | None:
    """One day's routing problem: the day's workers as vehicles, its visits as nodes (twice for
    a two-worker visit); None when the search found no plan."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    rules = week.rules
    vehicles = problem.vehicles
    local_of = {v: k for k, v in enumerate(problem.vehicle_ids)}
    worker_ids = sorted({v.worker.worker_id for v in vehicles})
    worker_of = {v.worker.worker_id: v.worker for v in vehicles}
    points: list[tuple[float, float]] = []
    node_occurrence: list[VisitOccurrence | None] = []
    for worker_id in worker_ids:
        worker = worker_of[worker_id]
        points += [(worker.start_lat or 0.0, worker.start_lon or 0.0), (worker.end_lat or 0.0, worker.end_lon or 0.0)]
        node_occurrence += [None, None]
    depot = {w: (2 * i, 2 * i + 1) for i, w in enumerate(worker_ids)}
    nodes_of: dict[str, list[int]] = {}
    node_option: dict[int, DayOption] = {}
    for occurrence, option in problem.visits:
        nodes_of[occurrence.occurrence_id] = []
        for _ in range(occurrence.workers_needed):
            nodes_of[occurrence.occurrence_id].append(len(points))
            node_option[len(points)] = option
            points.append((float(occurrence.lat or 0.0), float(occurrence.lon or 0.0)))
            node_occurrence.append(occurrence)
    if not nodes_of:
        return []
    lats = np.array([p[0] for p in points])
    lons = np.array([p[1] for p in points])
    minutes_by_mode: dict[TravelMode, np.ndarray] = {}
    for mode in {v.worker.travel_mode for v in vehicles}:
        _, travel_s = week.travel[mode].matrices(lats, lons)
        minutes_by_mode[mode] = np.ceil(travel_s / 60.0).astype(np.int64)

    service = [0 if o is None else o.duration_min for o in node_occurrence]
    n = len(points)
    manager = pywrapcp.RoutingIndexManager(
        n,
        len(vehicles),
        [depot[v.worker.worker_id][0] for v in vehicles],
        [depot[v.worker.worker_id][1] for v in vehicles],
    )
    routing = pywrapcp.RoutingModel(manager)
    solver = routing.solver()
    transit_by_mode = {}
    for mode, minutes in minutes_by_mode.items():
        # A matrix the library reads itself: a Python callback per arc made the search crawl.
        transit_by_mode[mode] = routing.RegisterTransitMatrix(
            (minutes + np.array(service, dtype=np.int64)[:, None]).tolist()
        )
    horizon = max(len(week.period) * DAY_MIN, max(v.end_min for v in vehicles) + 1)
    routing.AddDimensionWithVehicleTransits(
        [transit_by_mode[v.worker.travel_mode] for v in vehicles], horizon, horizon, False, "time"
    )
    clock = routing.GetDimensionOrDie("time")

    # Costs: travel, and a visit given to another worker than the client's own.
    cost_by_worker = {}
    for worker_id in worker_ids:
        minutes = minutes_by_mode[worker_of[worker_id].travel_mode]
        extra = np.zeros(n, dtype=np.int64)
        for node, at_node in enumerate(node_occurrence):
            if at_node is None:
                continue
            home = at_node.preferred_worker or week.homes.get(at_node.client_id, "")
            if home and home != worker_id:
                extra[node] = rules.continuity_min
            extra[node] += problem.skill_cost_min * (len(worker_of[worker_id].skills) - 1)
        cost_by_worker[worker_id] = routing.RegisterTransitMatrix((minutes + extra[None, :]).tolist())
    for v, vehicle in enumerate(vehicles):
        routing.SetArcCostEvaluatorOfVehicle(cost_by_worker[vehicle.worker.worker_id], v)

    # Shifts, the day's work (capped), lunch breaks: the routing library's own span and breaks.
    node_visit_transits = [service[manager.IndexToNode(i)] for i in range(routing.Size())]
    lunches = {}
    for v, vehicle in enumerate(vehicles):
        start, end = routing.Start(v), routing.End(v)
        clock.CumulVar(start).SetRange(vehicle.start_min, vehicle.end_min)
        clock.CumulVar(end).SetRange(vehicle.start_min, vehicle.end_min)
        work_min = max(0, problem.caps[v])
        base = vehicle.day_index * DAY_MIN
        earliest = max(vehicle.start_min, base + rules.lunch_from_min)
        latest = min(vehicle.end_min, base + rules.lunch_until_min) - rules.break_min
        if vehicle.has_break and earliest <= latest and work_min > rules.lunch_after_min:
            lunch = solver.FixedDurationIntervalVar(
                earliest, latest, rules.break_min, False, f"lunch {vehicle.worker.worker_id} {vehicle.date}"
            )
            clock.SetBreakIntervalsOfVehicle([lunch], v, node_visit_transits)
            # A day out longer than lunch_after takes its break within it, so a day of the cap
            # plus the break works the cap.
            clock.SetBreakDistanceDurationOfVehicle(rules.lunch_after_min, rules.break_min, v)
            routing.AddIntervalToAssignment(lunch)
            lunches[v] = lunch
            span_min = work_min + rules.break_min
        else:
            span_min = min(work_min, rules.lunch_after_min)  # no break possible: never a long day
        clock.SetSpanUpperBoundForVehicle(span_min, v)
        routing.AddVariableMinimizedByFinalizer(clock.CumulVar(end))
        routing.AddVariableMaximizedByFinalizer(clock.CumulVar(start))

    # Balance, in the repair pass: a day past the worker's share of the contract costs a minute a
    # minute (the first pass holds the share hard). A soft bound at the day's mean load, tried
    # first, cost the sample's largest office 41 of its 536 visits at its share of the default time.
    for v, vehicle in enumerate(vehicles):
        if problem.shares is not None and problem.shares[v] < problem.caps[v]:
            clock.SetCumulVarSoftUpperBound(routing.End(v), vehicle.start_min + problem.shares[v], 1)

    # Each visit node: its windows that day, who may do it, what leaving it out costs.
    for node, wanted in enumerate(node_occurrence):
        if wanted is None:
            continue
        index = manager.NodeToIndex(node)
        option = node_option[node]
        starts = sorted(option.starts)
        cumul = clock.CumulVar(index)
        cumul.SetRange(starts[0][0], max(b for _, b in starts))
        if wanted.late_per_min:
            clock.SetCumulVarSoftUpperBound(index, wanted.window_end_min, wanted.late_per_min)
        for (_, b), (a, _) in itertools.pairwise(starts):
            if a > b + 1:
                cumul.RemoveInterval(b + 1, a - 1)
        allowed = [local_of[v] for v in option.allowed if v in local_of]
        # -1: left out. (SetAllowedVehiclesForIndex does not take a Python list in OR-Tools 9.15.)
        routing.VehicleVar(index).SetValues([-1, *allowed])
        routing.AddDisjunction([index], DROP_PENALTY.get(wanted.priority, DROP_PENALTY[2]))

    # Two workers together; ordered pairs (the same day: a fixed-day line's).
    for occurrence, _ in problem.visits:
        nodes = nodes_of[occurrence.occurrence_id]
        if len(nodes) == 2:
            a, b = (manager.NodeToIndex(x) for x in nodes)
            # Both or neither is settled after the search (a half left alone is taken off):
            # ActiveVar(a) == ActiveVar(b) stops the insertion heuristics inserting anything.
            solver.Add(clock.CumulVar(a) == clock.CumulVar(b))
            solver.Add(
                solver.IsDifferentVar(routing.VehicleVar(a), routing.VehicleVar(b)) + (1 - routing.ActiveVar(a)) >= 1
            )
        first = nodes_of.get(occurrence.follows) if occurrence.follows else None
        if first:
            a, b = manager.NodeToIndex(first[0]), manager.NodeToIndex(nodes[0])
            solver.Add(routing.ActiveVar(b) <= routing.ActiveVar(a))
            gap = clock.CumulVar(b) - clock.CumulVar(a)
            solver.Add(gap >= occurrence.gap_min_min - horizon * (1 - routing.ActiveVar(b)))
            solver.Add(gap <= occurrence.gap_max_min + horizon * (1 - routing.ActiveVar(b)))
            if occurrence.follows_other_worker:
                solver.Add(
                    solver.IsDifferentVar(routing.VehicleVar(a), routing.VehicleVar(b)) + (1 - routing.ActiveVar(b))
                    >= 1
                )

    parameters = pywrapcp.DefaultRoutingSearchParameters()
    # Measured on the sample's offices S2, S4, S6, S9 at their shares of the default time (week
    # W51): savings planned 1,494 of 1,575 visits, automatic 1,486, parallel savings 1,487, local
    # cheapest insertion 1,453 (tabu search and simulated annealing did no better than guided).
    parameters.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, problem.first_solution)
    parameters.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    parameters.time_limit.FromMilliseconds(max(IMPROVE_MIN_MS, int((until - time.monotonic()) * 1000)))
    routing.CloseModelWithParameters(parameters)
    # The first plan is always complete: a first-solution heuristic stopped by the clock leaves
    # the rest of the day's visits out (a short budget on a busy machine planned none of an
    # office's 536 visits). The day's share is for improving it.
    initial = None
    if problem.earlier:
        initial = routing.ReadAssignmentFromRoutes(_routes_of(problem.earlier, vehicles, nodes_of, manager), True)
    if initial is None:
        first = pywrapcp.DefaultRoutingSearchParameters()
        first.CopyFrom(parameters)
        first.solution_limit = 1
        first.time_limit.FromSeconds(FIRST_PLAN_MAX_S)
        initial = routing.SolveWithParameters(first)
    if initial is None:
        return None
    left_ms = int((until - time.monotonic()) * 1000)
    if left_ms < IMPROVE_MIN_MS:
        solution = initial
    else:
        parameters.time_limit.FromMilliseconds(left_ms)
        solution = routing.SolveFromAssignmentWithParameters(initial, parameters) or initial
    partner_of = {}
    for nodes in nodes_of.values():
        if len(nodes) == 2:
            vehicles_of = [solution.Value(routing.VehicleVar(manager.NodeToIndex(x))) for x in nodes]
            workers = [vehicles[v].worker.worker_id if v >= 0 else "" for v in vehicles_of]
            partner_of[nodes[0]], partner_of[nodes[1]] = workers[1], workers[0]
    days: list[WorkerDay] = []
    for v, vehicle in enumerate(vehicles):
        day = _read_day(solution, routing, manager, clock, v, vehicle, node_occurrence, minutes_by_mode, partner_of)
        if day is not None and v in lunches:
            lunch_start = solution.StartValue(lunches[v]) - vehicle.day_index * DAY_MIN
            day = day.model_copy(update={"break_start_min": lunch_start, "break_min": rules.break_min})
        if day is not None:
            days.append(day)
    return days


def _routes_of(
    earlier: Sequence[WorkerDay], vehicles: Sequence[WorkerDayVehicle], nodes_of: Mapping[str, list[int]], manager
) -> list[list[int]]:
    """A day's plan as the routing model's routes (variable indices per vehicle), the start of a
    search that adds visits to it; a two-worker visit's nodes dealt in the order met."""
    unused = {o: list(nodes) for o, nodes in nodes_of.items()}
    by_worker = {day.worker_id: day for day in earlier}
    routes = []
    for vehicle in vehicles:
        route = []
        day = by_worker.get(vehicle.worker.worker_id)
        for visit in day.visits if day is not None else ():
            if unused.get(visit.occurrence_id):
                route.append(manager.NodeToIndex(unused[visit.occurrence_id].pop(0)))
        routes.append(route)
    return routes


def _over_contract(days: Sequence[WorkerDay], contract: Mapping[str, int]) -> dict[str, int]:
    """Workers whose week works more than their contract, with the minutes they work."""
    worked: dict[str, int] = defaultdict(int)
    for day in days:
        worked[day.worker_id] += day.work_min
    return {w: m for w, m in worked.items() if m > contract[w]}


def _whole_pairs(
    days: list[WorkerDay],
    pairs: set[str],
    vehicles: Sequence[WorkerDayVehicle],
    travel: Mapping[TravelMode, TravelTimeSource],
) -> list[WorkerDay]:
    """Days without half a two-worker visit: one worker alone cannot do it."""
    counts: dict[str, int] = defaultdict(int)
    for day in days:
        for visit in day.visits:
            counts[visit.occurrence_id] += 1
    halves = [o for o in pairs if counts.get(o) == 1]
    worker_of = {v.worker.worker_id: v.worker for v in vehicles}
    for occurrence_id in halves:
        days = [
            _without_visit(d, occurrence_id, travel[worker_of[d.worker_id].travel_mode], worker_of[d.worker_id])
            for d in days
        ]
    return [d for d in days if d.visits]


def _trim_to_contract(
    days: list[WorkerDay],
    contract: Mapping[str, int],
    vehicles: Sequence[WorkerDayVehicle],
    travel: Mapping[TravelMode, TravelTimeSource],
) -> list[WorkerDay]:
    """Days whose week fits the contract: a worker still over it loses the last visit of their
    longest day (a shared visit leaves its partner's day too) until it fits. The last resort of
    the week's rounds; the visits taken off are unplanned, worker hours exhausted."""
    worker_of = {v.worker.worker_id: v.worker for v in vehicles}
    days = list(days)
    while over := _over_contract(days, contract):
        worker_id = min(over)
        mine = [d for d in days if d.worker_id == worker_id and d.visits]
        if not mine:
            break
        dropped = max(mine, key=lambda d: d.work_min).visits[-1].occurrence_id
        days = [
            _without_visit(d, dropped, travel[worker_of[d.worker_id].travel_mode], worker_of[d.worker_id]) for d in days
        ]
        days = [d for d in days if d.visits]
    return days


def _without_visit(day: WorkerDay, occurrence_id: str, travel: TravelTimeSource, worker: Worker) -> WorkerDay:
    """The day less one visit. Taken from the middle, the day keeps its times (the walk past the
    gap is no longer than the walk through it); taken from the end, the worker goes home from
    the visit before, after the break when the break was still to come."""
    kept = tuple(v for v in day.visits if v.occurrence_id != occurrence_id)
    if len(kept) == len(day.visits) or not kept:
        return day.model_copy(update={"visits": kept})
    if day.visits[-1].occurrence_id != occurrence_id:
        return day.model_copy(update={"visits": kept})
    last = kept[-1]
    lats = np.array([last.lat, worker.end_lat if worker.end_lat is not None else last.lat])
    lons = np.array([last.lon, worker.end_lon if worker.end_lon is not None else last.lon])
    home_min = math.ceil(int(travel.matrices(lats, lons)[1][0, 1]) / 60)
    leaves_at = last.end_min
    if day.break_start_min is not None and day.break_start_min >= last.end_min:
        leaves_at = day.break_start_min + day.break_min
    return day.model_copy(update={"visits": kept, "back_min": leaves_at + home_min})


def _screen(
    occurrence: VisitOccurrence,
    week: OfficeWeek,
    vehicles: Sequence[WorkerDayVehicle],
    starts: list[tuple[int, int]],
    allowed: list[int],
) -> UnplannedReason | None:
    """Why no vehicle could take the visit even alone, or None."""
    skilled = [w for w in week.workers if occurrence.skill in w.skills]
    if not skilled:
        return UnplannedReason.NO_SKILLED_WORKER
    if all(w.worker_id in occurrence.refused_workers for w in skilled):
        return UnplannedReason.REFUSED_ALL
    if not starts:
        lunch_days = [d for d in occurrence.days if (occurrence.client_id, d) in week.lunch]
        return UnplannedReason.APPOINTMENT_CLASH if occurrence.escort and lunch_days else UnplannedReason.NO_DAY_LEFT
    on_day = [
        v
        for v, vehicle in enumerate(vehicles)
        if occurrence.skill in vehicle.worker.skills and vehicle.date in occurrence.days
    ]
    if not on_day:
        return UnplannedReason.NO_WORKER_ON_DAY
    if not allowed:
        return UnplannedReason.WINDOW_TOO_NARROW
    if occurrence.workers_needed == 2 and len({vehicles[v].worker.worker_id for v in allowed}) < 2:
        return UnplannedReason.NO_SECOND_WORKER
    return None


def _read_day(
    solution, routing, manager, clock, v: int, vehicle: WorkerDayVehicle, node_occurrence, minutes_by_mode, partner_of
) -> WorkerDay | None:
    index = routing.Start(v)
    base = vehicle.day_index * DAY_MIN
    minutes = minutes_by_mode[vehicle.worker.travel_mode]
    visits: list[PlannedVisit] = []
    leave = solution.Value(clock.CumulVar(index))
    previous = manager.IndexToNode(index)
    clock_min = leave
    travel_total = 0
    index = solution.Value(routing.NextVar(index))
    while not routing.IsEnd(index):
        node = manager.IndexToNode(index)
        occurrence = node_occurrence[node]
        start = solution.Value(clock.CumulVar(index))
        travel = int(minutes[previous, node])
        travel_total += travel
        visits.append(
            PlannedVisit(
                occurrence_id=occurrence.occurrence_id,
                client_id=occurrence.client_id,
                service_code=occurrence.service_code,
                sequence=len(visits) + 1,
                arrival_min=clock_min + travel - base,
                start_min=start - base,
                end_min=start + occurrence.duration_min - base,
                travel_min=travel,
                lat=float(occurrence.lat or 0.0),
                lon=float(occurrence.lon or 0.0),
                partner=partner_of.get(node, ""),
            )
        )
        clock_min = start + occurrence.duration_min
        previous = node
        index = solution.Value(routing.NextVar(index))
    if not visits:
        return None
    back_travel = int(minutes[previous, manager.IndexToNode(index)])
    travel_total += back_travel
    back = solution.Value(clock.CumulVar(index))
    return WorkerDay(
        worker_id=vehicle.worker.worker_id,
        date=vehicle.date,
        leave_min=leave - base,
        back_min=back - base,
        visits=tuple(visits),
        travel_min=travel_total,
    )
