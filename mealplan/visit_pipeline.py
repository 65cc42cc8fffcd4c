"""A period of home visits: the data folder in, every office planned, the plan checked.

``plan_visits(VisitConfig)`` reads the register and the visits' files, expands the care plan
and the appointments into the period's occurrences, plans each office on its own core (offices
share no workers), and judges the result with the independent checker. Every occurrence ends
planned or unplanned with a reason: the ledger's promise, for visits.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from mealplan.io.readers.dataset import read_dataset
from mealplan.io.readers.visits import read_visits
from mealplan.models import Dataset, Settings
from mealplan.planning.visit_demand import visit_demand
from mealplan.processes import worker_pool
from mealplan.routing.lanes import plan_lanes
from mealplan.routing.travel import RoadNetwork, StraightLineTravel, TransitTravel, TravelTimeSource
from mealplan.routing.visit_check import check_visits
from mealplan.routing.visits import OfficeResult, OfficeWeek, VisitRules, solve_office_week
from mealplan.visit_models import LunchTime, TravelMode, VisitData, VisitOccurrence, VisitPlan, WorkerDay

DEFAULT_VISITS_TIME_LIMIT_S = 60.0


@dataclass(frozen=True)
class VisitConfig:
    data_dir: Path
    period: tuple[dt.date, ...]
    time_limit_s: float = DEFAULT_VISITS_TIME_LIMIT_S
    workers: int | None = None  # processes; default: the CPU count
    seed: int = 0
    # From the history: each client's worker (continuity), and the minute each client's lunch
    # arrives on a date of the period in its published meal plan.
    homes: dict[str, str] = field(default_factory=dict)
    lunch_arrivals: dict[tuple[str, dt.date], int] = field(default_factory=dict)
    roads: Path | None = None  # an OpenStreetMap extract: walking and driving on its roads


def visit_rules(settings: Settings) -> VisitRules:
    """The settings' working-time rules in the solver's minutes."""
    return VisitRules(
        day_max_min=round(settings.visit_day_max_h * 60),
        lunch_after_min=round(settings.lunch_after_h * 60),
        break_min=settings.lunch_break_min,
        lunch_from_min=settings.lunch_from,
        lunch_until_min=settings.lunch_until,
        continuity_min=round(settings.continuity_min),
    )


def travel_by_mode(settings: Settings) -> dict[TravelMode, TravelTimeSource]:
    """How each worker moves on straight lines: walking and transit by the settings' speeds,
    cars as the vans' straight-line model."""
    walk = StraightLineTravel(settings.walk_kmh, settings.walk_detour)
    return {
        TravelMode.FOOT: walk,
        TravelMode.TRANSIT: TransitTravel(settings.transit_kmh, settings.transit_wait_min, walk, settings.circuity),
        TravelMode.CAR: StraightLineTravel(settings.speed_kmh, settings.circuity),
    }


# A published plan's arrival is a forecast: the client is home this long either side of it.
LUNCH_MARGIN_MIN = 20


def lunch_times(
    dataset: Dataset, period: tuple[dt.date, ...], arrivals: dict[tuple[str, dt.date], int] | None = None
) -> dict[tuple[str, dt.date], tuple[int, int]]:
    """When each client's lunch may come, per day: around its arrival in the date's published
    meal plan when there is one, else the client's delivery window on a weekday they get meals."""
    arrivals = arrivals or {}
    found = {}
    for client in dataset.clients:
        for day in period:
            arrival = arrivals.get((client.client_id, day))
            if arrival is not None:
                found[(client.client_id, day)] = (arrival - LUNCH_MARGIN_MIN, arrival + LUNCH_MARGIN_MIN)
            elif day.weekday() in client.delivery_weekdays:
                found[(client.client_id, day)] = (client.window_start_min, client.window_end_min)
    return found


def plan_visits(
    config: VisitConfig,
    progress: Callable[[str], None] = lambda step: None,
    dataset: Dataset | None = None,
    data: VisitData | None = None,
) -> tuple[VisitPlan, Dataset, VisitData]:
    """Plan the period's visits office by office; returns the checked plan and what it was made from."""
    started = time.perf_counter()
    if dataset is None:
        progress("read")
        dataset = read_dataset(config.data_dir)
    if data is None:
        data = read_visits(config.data_dir, dataset.clients, dataset.offices, dataset.area)
    settings = dataset.settings
    demand = visit_demand(data, dataset.clients, settings, config.period)
    rules = visit_rules(settings)
    travel = travel_by_mode(settings)
    networks: dict[TravelMode, RoadNetwork] = {}
    if config.roads is None and settings.roads:
        config = replace(config, roads=config.data_dir / settings.roads)  # settings.csv's extract, as the meals
    if config.roads is not None:
        progress("roads")
        travel, networks = _road_travel(config, dataset, data, demand.occurrences, travel, progress)
    lunch = lunch_times(dataset, config.period, config.lunch_arrivals)
    left_out = {u.occurrence_id for u in demand.unplanned}
    offices = sorted({o.office_id for o in demand.occurrences} | {w.office_id for w in data.workers})
    weeks = [
        OfficeWeek(
            office_id=office_id,
            period=config.period,
            workers=tuple(w for w in data.workers if w.office_id == office_id),
            absences=data.absences,
            occurrences=tuple(
                o for o in demand.occurrences if o.office_id == office_id and o.occurrence_id not in left_out
            ),
            travel=travel,
            rules=rules,
            lunch=lunch,
            homes=config.homes,
            time_limit_s=config.time_limit_s,
            seed=config.seed,
        )
        for office_id in offices
    ]
    weeks = [w for w in weeks if w.occurrences]
    progress("route")
    results = _solve_all(weeks, config.workers)
    days = tuple(day for result in results for day in result.days)
    unplanned = demand.unplanned + tuple(u for result in results for u in result.unplanned)
    progress("check")
    violations = check_visits(days, demand.occurrences, data.workers, data.absences, travel, rules, lunch)
    if networks:
        days = _with_paths(days, data, networks)
    visited = {(o.client_id, d) for o in demand.occurrences for d in o.days}
    plan = VisitPlan(
        lunch=tuple(
            LunchTime(client_id=c, date=d, from_min=a, until_min=b)
            for (c, d), (a, b) in sorted(lunch.items())
            if (c, d) in visited
        ),
        period=config.period,
        occurrences=demand.occurrences,
        days=days,
        unplanned=unplanned,
        violations=tuple(violations),
        solve_s=round(time.perf_counter() - started, 1),
    )
    return plan, dataset, data


def _road_travel(
    config: VisitConfig,
    dataset: Dataset,
    data: VisitData,
    occurrences: tuple[VisitOccurrence, ...],
    straight: dict[TravelMode, TravelTimeSource],
    progress: Callable[[str], None],
) -> tuple[dict[TravelMode, TravelTimeSource], dict[TravelMode, RoadNetwork]]:
    """Travel on the extract's roads: OSRM's foot profile for walkers (scaled to the settings'
    walking speed), its car profile for drivers, one block of matrices per office; transit
    stays the documented approximation."""
    from mealplan.io.adapters.osrm import FOOT_KMH, open_roads
    from mealplan.io.safe import real_folder
    from mealplan.pipeline import ROAD_CACHE
    from mealplan.routing.roads import group_travel

    assert config.roads is not None
    cache = real_folder(config.data_dir, *ROAD_CACHE.parts)
    settings = dataset.settings
    foot = open_roads(config.roads, cache, progress, curb=False, profile="foot")
    car = open_roads(config.roads, cache, progress, curb=False, driving_side=settings.driving_side)
    groups: dict[str, list[tuple[float, float]]] = {}
    for worker in data.workers:
        group = groups.setdefault(worker.office_id, [])
        for lat, lon in ((worker.start_lat, worker.start_lon), (worker.end_lat, worker.end_lon)):
            if lat is not None and lon is not None:
                group.append((lat, lon))
    for occurrence in occurrences:
        if occurrence.lat is not None and occurrence.lon is not None and occurrence.office_id in groups:
            groups[occurrence.office_id].append((occurrence.lat, occurrence.lon))
    ordered = [groups[o] for o in sorted(groups) if groups[o]]
    travel = dict(straight)
    travel[TravelMode.FOOT] = group_travel(ordered, foot, settings.walk_kmh / FOOT_KMH, straight[TravelMode.FOOT])
    travel[TravelMode.CAR] = group_travel(ordered, car, 1.0, straight[TravelMode.CAR])
    return travel, {TravelMode.FOOT: foot, TravelMode.CAR: car}


def _with_paths(
    days: tuple[WorkerDay, ...], data: VisitData, networks: dict[TravelMode, RoadNetwork]
) -> tuple[WorkerDay, ...]:
    """Each walked or driven day with its way on the roads, for the map."""
    import numpy as np

    workers = {w.worker_id: w for w in data.workers}
    found = []
    for day in days:
        worker = workers[day.worker_id]
        network = networks.get(worker.travel_mode)
        if network is None or not day.visits:
            found.append(day)
            continue
        points = [(v.lat, v.lon) for v in day.visits]
        if worker.start_lat is not None and worker.start_lon is not None:
            points.insert(0, (worker.start_lat, worker.start_lon))
        if worker.end_lat is not None and worker.end_lon is not None:
            points.append((worker.end_lat, worker.end_lon))
        if len(points) < 2:
            found.append(day)
            continue
        line, _, _ = network.path(np.array([p[0] for p in points]), np.array([p[1] for p in points]))
        found.append(day.model_copy(update={"path": tuple(line)}))
    return tuple(found)


def _solve_all(weeks: list[OfficeWeek], workers: int | None) -> list[OfficeResult]:
    """Offices dealt to the cores (largest first, each to the least loaded), each searching for
    its share of its core's time in proportion to its visits: equal shares left the largest
    office of the sample (540 visits) without a plan while small ones had time to spare."""
    lanes = plan_lanes([len(week.occurrences) for week in weeks], max(1, workers or os.cpu_count() or 1))
    timed: list[OfficeWeek] = []
    for lane in lanes:
        total = sum(len(weeks[j].occurrences) for j in lane) or 1
        timed += [
            replace(weeks[j], time_limit_s=weeks[j].time_limit_s * len(weeks[j].occurrences) / total) for j in lane
        ]
    if len(lanes) <= 1:
        return [solve_office_week(week) for week in timed]
    # Largest first: the pool hands the next office to whichever core is free, which is the
    # lanes' plan when their budgets are in proportion to their sizes.
    timed.sort(key=lambda week: -len(week.occurrences))
    with worker_pool(len(lanes)) as pool:
        return list(pool.map(solve_office_week, timed))
