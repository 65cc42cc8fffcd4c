"""The home-health-care routing benchmark (Mankowska et al.): solved, and judged by its own rules.

Two engines solve an instance (``solve_hhcrsp``):

- ``orders`` (the default): the ruin-and-recreate search over caregivers' orders with the
  earliest-schedule decoder (``routing.sync_search``), the benchmark's cost as its objective.
  Chosen by measurement (docs/benchmarks.md, "Home visits"): the routing library's local search
  moves one visit at a time and synchronised pairs refuse most such moves, so on tardy instances
  it stayed near its first solution (75_4: 313 % above the best known).
- ``visits``: the home visits' own day model (``routing.visits.solve_day``, OR-Tools): each
  caregiver a worker whose skills are their abilities, each patient's service a visit, a
  simultaneous pair an ordered pair with no gap and a sequential pair one with its gap; window
  ends soft. Times are hundredths of the benchmark's minutes, so its fractional distances hold
  to 0.01 an arc. Kept to measure the office model against the benchmark.

``judge_hhcrsp`` is independent of both: from the routes alone (who serves what, in which
order) and the instance's own matrix it recomputes each start as early as the rules allow
(travel, the window's start, the partner's start), checks every rule and prices the solution
as published: (distance + total tardiness + maximum tardiness) / 3.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import defaultdict

import numpy as np

from mealplan.processes import worker_pool
from mealplan.routing.sync_search import SyncProblem, cost_of, earliest_starts, search
from mealplan.routing.visits import DayOption, DayProblem, OfficeWeek, VisitRules, WorkerDayVehicle, solve_day
from mealplan.visit_models import (
    HhcInstance,
    HhcJudgement,
    HhcRoute,
    HhcStop,
    TravelMode,
    VisitOccurrence,
    Worker,
)

SCALE = 100  # model minutes a benchmark minute
HARD_SHARE = 0.5  # of the time, searched with the windows' ends hard
DAY = dt.date(2000, 1, 3)  # a Monday: the instances have no date
EPSILON = 1e-6


class MatrixTravel:
    """The instance's own matrix as a travel source: a point is known by its coordinates."""

    def __init__(self, instance: HhcInstance) -> None:
        self._index = {point: k for k, point in enumerate(instance.points)}
        self._minutes = np.asarray(instance.distances, dtype=float)

    def matrices(self, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        nodes = np.array([self._index[(float(a), float(b))] for a, b in zip(lats, lons, strict=True)])
        minutes = self._minutes[np.ix_(nodes, nodes)]
        return minutes, np.round(minutes * SCALE * 60).astype(np.int64)

    def restrict(self, lats: np.ndarray, lons: np.ndarray) -> MatrixTravel:
        return self


def occurrences_of(instance: HhcInstance) -> list[VisitOccurrence]:
    """Each patient's services as visits: the second of a pair follows the first."""
    found = []
    for row, patient in enumerate(instance.patients, start=1):
        x, y = instance.points[patient.location]
        first = ""
        for k, (service, duration) in enumerate(patient.services):
            occurrence_id = f"{patient.patient_id}#{k}"
            gap = (0.0, 0.0) if patient.sync == "simultaneous" else (patient.gap_min, patient.gap_max)
            found.append(
                VisitOccurrence(
                    occurrence_id=occurrence_id,
                    source_file=instance.name,
                    source_row=row,
                    line_id=patient.patient_id,
                    client_id=patient.patient_id,
                    office_id="office",
                    service_code=service,
                    duration_min=round(duration * SCALE),
                    days=(DAY,),
                    window_start_min=round(patient.window_start * SCALE),
                    window_end_min=round(patient.window_end * SCALE),
                    skill=service,
                    priority=1,
                    follows=first if k else "",
                    follows_other_worker=bool(k),  # a pair needs two caregivers
                    gap_min_min=math.ceil(gap[0] * SCALE - EPSILON) if k else 0,
                    gap_max_min=math.floor(gap[1] * SCALE + EPSILON) if k else 0,
                    lat=x,
                    lon=y,
                    late_per_min=1,
                )
            )
            first = occurrence_id
    return found


ENGINES = ("orders", "visits")


def sync_problem(instance: HhcInstance) -> tuple[SyncProblem, list[tuple[str, str]]]:
    """The instance as arrays for the order search, and each visit's (patient, service)."""
    visits = [(p, k, service, duration) for p in instance.patients for k, (service, duration) in enumerate(p.services)]
    n_visits = len(visits)
    partner = np.full(n_visits, -1, dtype=np.int64)
    is_first = np.zeros(n_visits, dtype=bool)
    gap_min, gap_max = np.zeros(n_visits), np.zeros(n_visits)
    for v, (patient, k, _, _) in enumerate(visits):
        if len(patient.services) == 2:  # the reader allows one or two; the two are adjacent here
            partner[v], is_first[v] = (v + 1, True) if k == 0 else (v - 1, False)
            if patient.sync != "simultaneous":
                gap_min[v], gap_max[v] = patient.gap_min, patient.gap_max
    problem = SyncProblem(
        travel=np.asarray(instance.distances, dtype=float),
        node=np.array([p.location for p, _, _, _ in visits], dtype=np.int64),
        duration=np.array([d for _, _, _, d in visits], dtype=float),
        early=np.array([p.window_start for p, _, _, _ in visits], dtype=float),
        late=np.array([p.window_end for p, _, _, _ in visits], dtype=float),
        able=np.array([[s in abilities for _, _, s, _ in visits] for _, abilities in instance.caregivers], dtype=bool),
        partner=partner,
        is_first=is_first,
        gap_min=gap_min,
        gap_max=gap_max,
    )
    return problem, [(p.patient_id, s) for p, _, s, _ in visits]


def _search_one(problem: SyncProblem, time_limit_s: float, seed: int) -> tuple[float, list[list[int]]]:
    orders = search(problem, time_limit_s, seed=seed)
    return cost_of(problem, orders), orders


def solve_hhcrsp(
    instance: HhcInstance, time_limit_s: float, *, engine: str = "orders", seed: int = 0, workers: int = 1
) -> tuple[HhcRoute, ...]:
    """Routes for every caregiver, searched for ``time_limit_s`` by ``engine`` (see the module).

    With ``workers`` > 1 the order search runs that many times at once from other seeds, one
    process each, and the cheapest plan is kept (each process has the whole time limit).
    Raises ``ValueError`` for an unknown engine or a service no caregiver can give."""
    if engine == "visits":
        return _solve_by_visits(instance, time_limit_s)
    if engine != "orders":
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    problem, visits = sync_problem(instance)
    if workers > 1:
        # Starting the processes and loading the compiled search takes about a second.
        with worker_pool(workers) as pool:
            runs = [pool.submit(_search_one, problem, max(0.1, time_limit_s - 1.5), seed + k) for k in range(workers)]
            _, orders = min((run.result() for run in runs), key=lambda found: found[0])
    else:
        orders = search(problem, time_limit_s, seed=seed)
    start = earliest_starts(problem, orders)
    if start is None:  # the search keeps only orders with a schedule
        raise AssertionError("the search returned orders without a schedule")
    return tuple(
        HhcRoute(
            caregiver_id=caregiver_id,
            stops=tuple(
                HhcStop(
                    patient_id=visits[v][0],
                    service=visits[v][1],
                    start=float(start[v]),
                    end=float(start[v] + problem.duration[v]),
                )
                for v in order
            ),
        )
        for (caregiver_id, _), order in zip(instance.caregivers, orders, strict=True)
    )


def _solve_by_visits(
    instance: HhcInstance, time_limit_s: float, first_solution: str = "SAVINGS"
) -> tuple[HhcRoute, ...]:
    """Routes for every caregiver, from the visits' model searched for ``time_limit_s``."""
    until = time.monotonic() + time_limit_s
    office = instance.points[0]
    latest = max(p.window_end for p in instance.patients)
    longest = max(max(row) for row in instance.distances)
    work = sum(d for p in instance.patients for _, d in p.services)
    # No shift in the benchmark: a day long enough for every visit late, one after the other.
    end_min = math.ceil((latest + work + 2 * longest * (len(instance.patients) + 1)) * SCALE)
    vehicles = [
        WorkerDayVehicle(
            worker=Worker(
                worker_id=caregiver_id,
                row=k + 1,
                name=caregiver_id,
                office_id="office",
                skills=abilities,
                contract_h_week=40,
                shifts={},
                travel_mode=TravelMode.CAR,
                start_lat=office[0],
                start_lon=office[1],
                end_lat=office[0],
                end_lon=office[1],
            ),
            day_index=0,
            date=DAY,
            start_min=0,
            end_min=end_min,
            has_break=False,
        )
        for k, (caregiver_id, abilities) in enumerate(instance.caregivers)
    ]
    week = OfficeWeek(
        office_id="office",
        period=(DAY,),
        workers=tuple(v.worker for v in vehicles),
        absences=(),
        occurrences=(),
        travel={TravelMode.CAR: MatrixTravel(instance)},
        rules=VisitRules(day_max_min=end_min, lunch_after_min=end_min, break_min=0, continuity_min=0),
    )
    visits = [
        (
            o,
            DayOption(
                tuple(v for v, vehicle in enumerate(vehicles) if o.skill in vehicle.worker.skills),
                ((o.window_start_min, end_min),),
            ),
        )
        for o in occurrences_of(instance)
    ]
    # First the windows held hard, as a care plan's are (the search finds its way among them;
    # with the ends soft from the start, savings built long late routes that the search never
    # undid), then every visit, late where it must be, from that plan.
    hard = [
        (o.model_copy(update={"late_per_min": 0}), DayOption(option.allowed, ((o.window_start_min, o.window_end_min),)))
        for o, option in visits
    ]
    problem = DayProblem(
        vehicle_ids=list(range(len(vehicles))),
        vehicles=vehicles,
        caps=[end_min] * len(vehicles),
        visits=hard,
        earlier=None,
        first_solution=first_solution,
        skill_cost_min=0,  # the benchmark prices travel and tardiness only
    )
    on_time = solve_day(problem, week, time.monotonic() + HARD_SHARE * time_limit_s) or []
    problem.visits, problem.earlier = visits, on_time
    days = solve_day(problem, week, until) or on_time
    by_worker = {day.worker_id: day for day in days}
    service_of = {o.occurrence_id: o.service_code for o, _ in visits}
    return tuple(
        HhcRoute(
            caregiver_id=caregiver_id,
            stops=tuple(
                HhcStop(
                    patient_id=v.client_id,
                    service=service_of[v.occurrence_id],
                    start=v.start_min / SCALE,
                    end=v.end_min / SCALE,
                )
                for v in (by_worker[caregiver_id].visits if caregiver_id in by_worker else ())
            ),
        )
        for caregiver_id, _ in instance.caregivers
    )


def judge_hhcrsp(instance: HhcInstance, routes: tuple[HhcRoute, ...]) -> HhcJudgement:
    """The routes judged by the benchmark's rules alone (see the module's docstring)."""
    problems: list[str] = []
    patients = {p.patient_id: p for p in instance.patients}
    abilities = dict(instance.caregivers)
    distance_of = instance.distances
    served: dict[tuple[str, str], list[tuple[str, int, int]]] = defaultdict(list)
    for r, route in enumerate(routes):
        if route.caregiver_id not in abilities:
            problems.append(f"unknown caregiver {route.caregiver_id}")
            continue
        for s, stop in enumerate(route.stops):
            if stop.patient_id not in patients:
                problems.append(f"unknown patient {stop.patient_id}")
                continue
            served[(stop.patient_id, stop.service)].append((route.caregiver_id, r, s))
            if stop.service not in abilities[route.caregiver_id]:
                problems.append(f"{route.caregiver_id} cannot give {stop.service} ({stop.patient_id})")
    for patient in instance.patients:
        wanted = [service for service, _ in patient.services]
        for service in set(wanted):
            count = len(served.get((patient.patient_id, service), []))
            if count != wanted.count(service):
                problems.append(f"{patient.patient_id} {service}: served {count} times, wanted {wanted.count(service)}")
        if len(wanted) == 2:
            givers = [c for service in set(wanted) for c, _, _ in served.get((patient.patient_id, service), [])]
            if len(givers) == 2 and givers[0] == givers[1]:
                problems.append(f"{patient.patient_id}: one caregiver gives both services")
    if problems:
        return HhcJudgement(feasible=False, problems=tuple(problems), distance=math.inf, total_tardiness=math.inf,
                            max_tardiness=math.inf, cost=math.inf, routes=routes)  # fmt: skip

    duration = {(p.patient_id, s): d for p in instance.patients for s, d in p.services}
    # Earliest starts by the rules, to a fixed point: each stop after the previous one's end and
    # the travel, not before its window; a pair's second not before the first plus its minimum
    # gap, the first not before the second less its maximum gap (a simultaneous pair: both at
    # the later of the two). Starts only grow, so they settle on the least schedule that keeps
    # every rule, or grow without end when the orders and the gaps wait on each other.
    start = {(r, s): 0.0 for r, route in enumerate(routes) for s in range(len(route.stops))}
    pair_of = {}
    for patient in instance.patients:
        if len(patient.services) == 2:
            a = served[(patient.patient_id, patient.services[0][0])][0][1:]
            b = served[(patient.patient_id, patient.services[1][0])][-1][1:]
            pair_of[patient.patient_id] = (a, b, patient)
    for _ in range(4 * (len(start) + 1)):
        changed = False
        for r, route in enumerate(routes):
            at, free = 0, 0.0
            for s, stop in enumerate(route.stops):
                where = patients[stop.patient_id].location
                earliest = max(free + distance_of[at][where], patients[stop.patient_id].window_start)
                if earliest > start[(r, s)] + EPSILON:
                    start[(r, s)], changed = earliest, True
                at, free = where, start[(r, s)] + duration[(stop.patient_id, stop.service)]
        for a, b, patient in pair_of.values():
            low = 0.0 if patient.sync == "simultaneous" else patient.gap_min
            if start[b] < start[a] + low - EPSILON:
                start[b], changed = start[a] + low, True
            high = 0.0 if patient.sync == "simultaneous" else patient.gap_max
            if start[a] < start[b] - high - EPSILON:  # the first waits for a second that must come late
                start[a], changed = start[b] - high, True
        if not changed:
            break
    else:
        problems.append("the routes' orders and the pairs' gaps wait on each other in a cycle")
    for a, b, patient in pair_of.values():
        gap = start[b] - start[a]
        high = 0.0 if patient.sync == "simultaneous" else patient.gap_max
        if gap > high + 1e-3:
            problems.append(f"{patient.patient_id}: second service {gap:.3f} after the first, at most {high:g}")

    distance, tardiness = 0.0, []
    judged = []
    for r, route in enumerate(routes):
        at = 0
        stops = []
        for s, stop in enumerate(route.stops):
            patient = patients[stop.patient_id]
            distance += distance_of[at][patient.location]
            at = patient.location
            tardiness.append(max(0.0, start[(r, s)] - patient.window_end))
            begin = start[(r, s)]
            stops.append(
                stop.model_copy(update={"start": begin, "end": begin + duration[(stop.patient_id, stop.service)]})
            )
        distance += distance_of[at][0]
        judged.append(route.model_copy(update={"stops": tuple(stops)}))
    total, worst = sum(tardiness), max(tardiness, default=0.0)
    return HhcJudgement(
        feasible=not problems,
        problems=tuple(problems),
        distance=distance,
        total_tardiness=total,
        max_tardiness=worst,
        cost=(distance + total + worst) / 3,
        routes=tuple(judged),
    )
