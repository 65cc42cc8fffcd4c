"""One office's week of home visits as a routing problem (OR-Tools), solved and read back.

A vehicle is a worker's day (a worker with a shift that day and not on leave); time is absolute
minutes from the period's first midnight, so a visit that may go on several days has one time
window per day and the day falls out of which vehicle serves it. What the model holds hard:
skills, refused workers, an appointment's worker and time, windows, shifts, a lunch break in its
window on a long day, the day's and the week's working time (Labour Code), two workers starting
a visit together, an ordered pair's gap, and an escort never while the client's lunch is
delivered; a flexible line's visits come with days apart already (``planning.visit_demand``).
Soft: the worker the client had before (continuity), days no longer than the office's fair
share (balance), and the priority of what is left out.
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

# Searches per office: the first with each day capped by the contract, then with the caps of
# workers over their week shrunk; the first gets this share of the time.
WEEK_ROUNDS = 3
FIRST_ROUND_SHARE = 0.6
MIN_ROUND_S = 1.0

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
class _Vehicle:
    worker: Worker
    day_index: int
    date: dt.date
    start_min: int  # absolute
    end_min: int
    has_break: bool


def _vehicles(week: OfficeWeek) -> list[_Vehicle]:
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
                _Vehicle(
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
    """Plan one office's visits for the period; occurrences left out come back with a reason."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    started = time.perf_counter()
    vehicles = _vehicles(week)
    day_index = {d: k for k, d in enumerate(week.period)}
    unplanned: list[UnplannedVisit] = []
    # Visits no vehicle could ever take are explained before the solver sees them.
    nodes_of: dict[str, list[int]] = {}
    node_occurrence: list[VisitOccurrence | None] = []
    node_allowed: list[list[int]] = []
    node_starts: list[list[tuple[int, int]]] = []
    points: list[tuple[float, float]] = []
    worker_ids = sorted({v.worker.worker_id for v in vehicles})
    for worker_id in worker_ids:  # each worker's start and end point
        worker = next(v.worker for v in vehicles if v.worker.worker_id == worker_id)
        points += [(worker.start_lat or 0.0, worker.start_lon or 0.0), (worker.end_lat or 0.0, worker.end_lon or 0.0)]
        node_occurrence += [None, None]
        node_allowed += [[], []]
        node_starts += [[], []]
    depot = {w: (2 * i, 2 * i + 1) for i, w in enumerate(worker_ids)}
    plannable = {o.occurrence_id for o in week.occurrences}
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
        if reason is not None:
            unplanned.append(UnplannedVisit(occurrence_id=occurrence.occurrence_id, reason=reason))
            continue
        nodes_of[occurrence.occurrence_id] = []
        for _ in range(occurrence.workers_needed):
            nodes_of[occurrence.occurrence_id].append(len(points))
            points.append((float(occurrence.lat or 0.0), float(occurrence.lon or 0.0)))
            node_occurrence.append(occurrence)
            node_allowed.append(allowed)
            node_starts.append(starts)
    if not nodes_of or not vehicles:
        return OfficeResult((), tuple(unplanned), time.perf_counter() - started)

    lats = np.array([p[0] for p in points])
    lons = np.array([p[1] for p in points])
    minutes_by_mode: dict[TravelMode, np.ndarray] = {}
    for mode in {v.worker.travel_mode for v in vehicles}:
        _, travel_s = week.travel[mode].matrices(lats, lons)
        minutes_by_mode[mode] = np.ceil(travel_s / 60.0).astype(np.int64)

    def solve(caps: dict[int, int], search_until: float) -> list[WorkerDay] | None:
        """One search with each vehicle's work capped (minutes); None when no plan was found."""
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
        horizon = len(week.period) * DAY_MIN
        routing.AddDimensionWithVehicleTransits(
            [transit_by_mode[v.worker.travel_mode] for v in vehicles], horizon, horizon, False, "time"
        )
        clock = routing.GetDimensionOrDie("time")

        # Costs: travel, and a visit given to another worker than the client's own.
        home_of = {
            node: (o.preferred_worker or week.homes.get(o.client_id, ""))
            for node, o in enumerate(node_occurrence)
            if o is not None
        }
        cost_callbacks: dict[str, int] = {}
        for worker_id in worker_ids:
            worker = next(v.worker for v in vehicles if v.worker.worker_id == worker_id)
            minutes = minutes_by_mode[worker.travel_mode]
            extra = np.zeros(n, dtype=np.int64)
            for node, home in home_of.items():
                if home and home != worker_id:
                    extra[node] = week.rules.continuity_min
            cost_callbacks[worker_id] = routing.RegisterTransitMatrix((minutes + extra[None, :]).tolist())
        for v, vehicle in enumerate(vehicles):
            routing.SetArcCostEvaluatorOfVehicle(cost_callbacks[vehicle.worker.worker_id], v)

        # Shifts, the day's work (capped by ``caps``), lunch breaks: the routing library's own span
        # and break constraints.
        node_visit_transits = [service[manager.IndexToNode(i)] for i in range(routing.Size())]
        lunches = {}
        for v, vehicle in enumerate(vehicles):
            start, end = routing.Start(v), routing.End(v)
            clock.CumulVar(start).SetRange(vehicle.start_min, vehicle.end_min)
            clock.CumulVar(end).SetRange(vehicle.start_min, vehicle.end_min)
            work_min = caps[v]
            base = vehicle.day_index * DAY_MIN
            earliest = max(vehicle.start_min, base + rules.lunch_from_min)
            latest = min(vehicle.end_min, base + rules.lunch_until_min) - rules.break_min
            if vehicle.has_break and earliest <= latest:
                lunch = solver.FixedDurationIntervalVar(
                    earliest, latest, rules.break_min, False, f"lunch {vehicle.worker.worker_id} {vehicle.date}"
                )
                clock.SetBreakIntervalsOfVehicle([lunch], v, node_visit_transits)
                # A day out longer than lunch_after takes its break within it, so a day of the cap
                # plus the break works the cap.
                clock.SetBreakDistanceDurationOfVehicle(rules.lunch_after_min, rules.break_min, v)
                routing.AddIntervalToAssignment(lunch)
                lunches[v] = lunch
                span_min = work_min + rules.break_min if work_min > rules.lunch_after_min else work_min
            else:
                span_min = min(work_min, rules.lunch_after_min)  # no break possible: never a long day
            clock.SetSpanUpperBoundForVehicle(span_min, v)
            routing.AddVariableMinimizedByFinalizer(clock.CumulVar(end))
            routing.AddVariableMaximizedByFinalizer(clock.CumulVar(start))

        # Balance: a day past the office's fair share of the work costs a little per minute.
        demand = sum(o.duration_min * o.workers_needed for o in week.occurrences if o.occurrence_id in nodes_of)
        fair = min(week.rules.day_max_min, math.ceil(1.4 * demand / max(1, len(vehicles))) + 60)
        for v, vehicle in enumerate(vehicles):
            clock.SetCumulVarSoftUpperBound(routing.End(v), min(vehicle.end_min, vehicle.start_min + fair), 1)

        # Each visit node: its days' windows, who may do it, what leaving it out costs.
        for node, wanted in enumerate(node_occurrence):
            if wanted is None:
                continue
            index = manager.NodeToIndex(node)
            starts = node_starts[node]
            cumul = clock.CumulVar(index)
            cumul.SetRange(min(a for a, _ in starts), max(b for _, b in starts))
            for (_, b), (a, _) in itertools.pairwise(sorted(starts)):
                if a > b + 1:
                    cumul.RemoveInterval(b + 1, a - 1)
            # -1: left out. (SetAllowedVehiclesForIndex does not take a Python list in OR-Tools 9.15.)
            routing.VehicleVar(index).SetValues([-1, *node_allowed[node]])
            routing.AddDisjunction([index], DROP_PENALTY.get(wanted.priority, DROP_PENALTY[2]))

        # Two workers together; ordered pairs.
        for occurrence in week.occurrences:
            nodes = nodes_of.get(occurrence.occurrence_id)
            if not nodes:
                continue
            if len(nodes) == 2:
                a, b = (manager.NodeToIndex(x) for x in nodes)
                # Both or neither is settled after the search (a half left alone is taken off):
                # ActiveVar(a) == ActiveVar(b) stops the insertion heuristics inserting anything.
                solver.Add(clock.CumulVar(a) == clock.CumulVar(b))
                solver.Add(
                    solver.IsDifferentVar(routing.VehicleVar(a), routing.VehicleVar(b)) + (1 - routing.ActiveVar(a))
                    >= 1
                )
            first = nodes_of.get(occurrence.follows) if occurrence.follows in plannable else None
            if occurrence.follows and first:
                a, b = manager.NodeToIndex(first[0]), manager.NodeToIndex(nodes[0])
                big = horizon
                solver.Add(routing.ActiveVar(b) <= routing.ActiveVar(a))
                gap = clock.CumulVar(b) - clock.CumulVar(a)
                solver.Add(gap >= occurrence.gap_min_min - big * (1 - routing.ActiveVar(b)))
                solver.Add(gap <= occurrence.gap_max_min + big * (1 - routing.ActiveVar(b)))

        parameters = pywrapcp.DefaultRoutingSearchParameters()
        # Measured on the sample's largest office (292 visits, 12 workers, 10 s): local cheapest
        # insertion planned 238, parallel 184, sequential 196, path cheapest arc none.
        parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.LOCAL_CHEAPEST_INSERTION
        parameters.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        parameters.time_limit.FromMilliseconds(max(100, int((search_until - time.monotonic()) * 1000)))
        routing.CloseModelWithParameters(parameters)  # building the model comes off the search's time
        parameters.time_limit.FromMilliseconds(max(100, int((search_until - time.monotonic()) * 1000)))
        solution = routing.SolveWithParameters(parameters)
        if solution is None:
            return None
        days: list[WorkerDay] = []
        partner_of = {}
        for nodes in nodes_of.values():
            if len(nodes) == 2:
                vehicles_of = [solution.Value(routing.VehicleVar(manager.NodeToIndex(x))) for x in nodes]
                workers = [vehicles[v].worker.worker_id if v >= 0 else "" for v in vehicles_of]
                partner_of[nodes[0]], partner_of[nodes[1]] = workers[1], workers[0]
        for v, vehicle in enumerate(vehicles):
            day = _read_day(solution, routing, manager, clock, v, vehicle, node_occurrence, minutes_by_mode, partner_of)
            if day is not None and v in lunches:
                lunch_start = solution.StartValue(lunches[v]) - vehicle.day_index * DAY_MIN
                day = day.model_copy(update={"break_start_min": lunch_start, "break_min": week.rules.break_min})
            if day is not None:
                days.append(day)

        return days

    rules = week.rules
    worker_of = {v.worker.worker_id: v.worker for v in vehicles}
    contract = {v.worker.worker_id: round(v.worker.contract_h_week * 60) for v in vehicles}
    caps = {v: min(rules.day_max_min, contract[vehicle.worker.worker_id]) for v, vehicle in enumerate(vehicles)}
    # The week's hours: the routing library searches badly with a sum over several routes, so the
    # days are capped instead and the caps of a worker over their contract shrink in proportion
    # to what each day worked; what is still over after the last round is trimmed, last visits
    # first. The contract holds by construction, the checker judges it again.
    deadline = time.monotonic() + week.time_limit_s
    found: list[WorkerDay] | None = None
    pairs = {o.occurrence_id for o in week.occurrences if o.workers_needed == 2}
    priority_of = {o.occurrence_id: o.priority for o in week.occurrences}
    best: list[WorkerDay] | None = None
    for round_ in range(WEEK_ROUNDS):
        left_s = deadline - time.monotonic()
        if round_ and left_s < MIN_ROUND_S:
            break  # no time for another round: the trim below keeps the contract
        share_s = left_s if round_ == WEEK_ROUNDS - 1 else left_s * FIRST_ROUND_SHARE
        attempt = solve(caps, time.monotonic() + max(0.2, share_s))
        if attempt is None:
            break
        found = _whole_pairs(attempt, pairs, vehicles, week.travel)
        over = _over_contract(found, contract)
        # Each round's plan, trimmed to the contracts, is a candidate: a later round with less
        # time can do worse than the trimmed earlier one.
        trimmed = _trim_to_contract(found, contract, vehicles, week.travel)
        if best is None or _worth(trimmed, priority_of) > _worth(best, priority_of):
            best = trimmed
        if not over:
            break
        for worker_id in over:
            # The contract goes to the worker's fullest days first: spread thin, no visit fits.
            worked = {d.date: d.work_min for d in found if d.worker_id == worker_id}
            mine = sorted(
                (v for v, vehicle in enumerate(vehicles) if vehicle.worker.worker_id == worker_id),
                key=lambda v: (-worked.get(vehicles[v].date, 0), v),
            )
            left = contract[worker_id]
            for v in mine:
                caps[v] = min(worked.get(vehicles[v].date, 0), left)
                left -= caps[v]
    days = best or []
    planned = {visit.occurrence_id for day in days for visit in day.visits}
    # Hours left per worker: a visit some able worker still had the hours for was not left out
    # for want of hours but for want of search (or of a place in their days' windows).
    left_min = dict(contract)
    for day in days:
        left_min[day.worker_id] -= day.work_min
    for occurrence in week.occurrences:
        if occurrence.occurrence_id in nodes_of and occurrence.occurrence_id not in planned:
            reason = UnplannedReason.SOLVER_TIME_LIMIT
            if found is not None:
                able = [
                    w
                    for w in worker_of
                    if occurrence.skill in worker_of[w].skills and w not in occurrence.refused_workers
                ]
                room = [w for w in able if left_min.get(w, 0) >= occurrence.duration_min]
                if occurrence.workers_needed == 2 and len(room) < 2:
                    reason = UnplannedReason.NO_SECOND_WORKER
                elif not room:
                    reason = UnplannedReason.WORKER_HOURS_EXHAUSTED
                else:
                    reason = UnplannedReason.NO_PLACE_FOUND
            unplanned.append(UnplannedVisit(occurrence_id=occurrence.occurrence_id, reason=reason))
    return OfficeResult(tuple(days), tuple(unplanned), time.perf_counter() - started)


def _over_contract(days: Sequence[WorkerDay], contract: Mapping[str, int]) -> dict[str, int]:
    """Workers whose week works more than their contract, with the minutes they work."""
    worked: dict[str, int] = defaultdict(int)
    for day in days:
        worked[day.worker_id] += day.work_min
    return {w: m for w, m in worked.items() if m > contract[w]}


def _worth(days: Sequence[WorkerDay], priority_of: Mapping[str, int]) -> tuple[int, int]:
    """How much of the care plan a plan serves: the drop penalties it avoids, then its visits."""
    done = {visit.occurrence_id for day in days for visit in day.visits}
    return sum(DROP_PENALTY.get(priority_of[o], DROP_PENALTY[2]) for o in done), len(done)


def _whole_pairs(
    days: list[WorkerDay],
    pairs: set[str],
    vehicles: Sequence[_Vehicle],
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
    vehicles: Sequence[_Vehicle],
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
    vehicles: Sequence[_Vehicle],
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
    solution, routing, manager, clock, v: int, vehicle: _Vehicle, node_occurrence, minutes_by_mode, partner_of
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
