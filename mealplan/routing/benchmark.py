"""Standard VRPTW instances through the nightly plan's own problem, engine and checker.

Convention (DIMACS 2021 VRPTW, as in shared/benchmarks/vrptw/bks.csv): distance between two
nodes is the Euclidean distance truncated to one decimal, travel time equals distance, service
must start inside the window, routes leave and return inside the depot's window, at most
VEHICLES routes, objective total distance. We work in integer tenths, so truncation is exact.
"""

from __future__ import annotations

import math
import time

import numpy as np

from mealplan.models import BenchResult, VrptwInstance
from mealplan.routing.check import check_routes
from mealplan.routing.engines.base import RawSolution, SolveLimits
from mealplan.routing.kitchen import _to_routes
from mealplan.routing.problem import RoutingProblem, Vehicle, tour_length

SCALE = 10  # tenths
NO_HOLD_LIMIT_S = 10**8


def dimacs_matrix(instance: VrptwInstance) -> np.ndarray:
    """Integer tenths: floor(10 x Euclidean distance)."""
    x = np.asarray(instance.x)
    y = np.asarray(instance.y)
    euclid = np.sqrt((x[:, None] - x[None, :]) ** 2 + (y[:, None] - y[None, :]) ** 2)
    return np.floor(euclid * SCALE + 1e-9).astype(np.int64)


def problem_from_instance(instance: VrptwInstance) -> RoutingProblem:
    """The same RoutingProblem the nightly plan builds, filled from a benchmark instance."""
    tenths = dimacs_matrix(instance)
    n = len(instance.x)
    depot_start, depot_end = instance.ready[0] * SCALE, instance.due[0] * SCALE
    vehicles = tuple(
        Vehicle(
            van_id=f"R{v + 1:03d}",
            trip=1,
            capacity=instance.capacity,
            earliest_start_s=depot_start,
            latest_end_s=depot_end,
            max_hold_s=NO_HOLD_LIMIT_S,
        )
        for v in range(instance.vehicles)
    )
    demand = np.asarray(instance.demand, dtype=np.int64)
    return RoutingProblem(
        name=instance.name,
        client_ids=tuple(str(i) for i in range(1, n)),
        demand=demand,
        service_s=np.asarray(instance.service, dtype=np.int64) * SCALE,
        window_start_s=np.asarray(instance.ready, dtype=np.int64) * SCALE,
        window_end_s=np.asarray(instance.due, dtype=np.int64) * SCALE,
        lat=np.asarray(instance.y, dtype=float),
        lon=np.asarray(instance.x, dtype=float),
        distance_m=tenths.astype(float),
        travel_s=tenths,
        vehicles=vehicles,
        # Serving every customer comes before distance: a drop costs more than any route.
        drop_penalty=np.full(n, int(tenths.max()) * 4 * n, dtype=np.int64),
        cost_is_distance=True,
    )


def solve_instance(
    instance: VrptwInstance,
    time_limit_s: float,
    engine: str = "pyvrp",
    seed: int = 0,
    bks: float | None = None,
    workers: int = 1,
) -> BenchResult:
    """Solve with our engine, judge with our checker, report distance and gap in the DIMACS convention."""
    from mealplan.routing.engines import get_engine

    solver = get_engine(engine)
    problem = problem_from_instance(instance)
    started = time.perf_counter()
    solution = solver(problem, SolveLimits(time_limit_s=time_limit_s, seed=seed, workers=workers))
    wall = time.perf_counter() - started
    return judge(instance, problem, solution, engine, wall, bks)


def judge(
    instance: VrptwInstance,
    problem: RoutingProblem,
    solution: RawSolution,
    engine: str,
    wall_s: float,
    bks: float | None,
) -> BenchResult:
    """Any engine's solution judged by our checker: DIMACS distance, feasibility, gap to best known.

    Used for our engine and for the peers in benchmarks/peers.py, so every row means the same.
    """
    routes = _to_routes(problem, solution, instance.name)
    violations = check_routes(problem, routes, [problem.client_ids[n - 1] for n in solution.dropped])
    tenths = int(sum(tour_length(problem.travel_s, raw.nodes) for raw in solution.routes))
    distance = tenths / SCALE
    feasible = solution.found and not solution.dropped and not violations and len(routes) <= instance.vehicles
    return BenchResult(
        instance=instance.name,
        engine=engine,
        distance=distance,
        vehicles=len(routes),
        feasible=feasible,
        wall_s=round(wall_s, 2),
        gap_pct=100 * (distance - bks) / bks if bks and feasible else None,
        violations=len(violations),
        unrouted=len(solution.dropped),
    )


def mean_gap(results: list[BenchResult]) -> float:
    gaps = [r.gap_pct for r in results if r.gap_pct is not None]
    return sum(gaps) / len(gaps) if gaps else math.nan
