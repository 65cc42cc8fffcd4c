"""Peers side by side with our engine, on the same instances and budget, one solver at a time.

Usage (from the project root):

    python -m pip install ".[bench]"
    python benchmarks/peers.py ../shared/benchmarks/vrptw/solomon/*.vrp --time-limit 10 \
        --bks ../shared/benchmarks/vrptw/bks.csv --out docs/results/solomon_peers_10s.csv

Peers: plain OR-Tools (path cheapest arc + guided local search, no optional visits, as a user
would write it from the samples), PyVRP (iterated local search, MaxRuntime, one core: it has no
parallel mode), VROOM (pyvroom, exploration level 5, cut at the time limit, one thread per
core), and ours (`mealplan.routing.benchmark`, default engine: PyVRP searches in parallel
processes, then route-based decomposition on large instances).
Every solution is converted into our Route objects and judged by our independent checker in the
DIMACS convention (integer tenths of truncated Euclidean distance), so "feasible" and
"distance" mean the same for everyone. Output columns match `mealplan bench`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from pathlib import Path

import numpy as np

from mealplan.io.readers.vrplib import read_bks, read_vrptw, write_bench_results
from mealplan.models import BenchResult, VrptwInstance
from mealplan.routing.benchmark import SCALE, judge, problem_from_instance, solve_instance
from mealplan.routing.engines.base import RawRoute, RawSolution


def judged(
    instance: VrptwInstance, engine: str, sequences: list[list[int]] | None, wall: float, bks: float | None
) -> BenchResult:
    """Distance and feasibility of node sequences (1..n, depot excluded) by our checker."""
    problem = problem_from_instance(instance)
    if sequences is None:
        return BenchResult(
            instance=instance.name,
            engine=engine,
            distance=float("nan"),
            vehicles=0,
            feasible=False,
            wall_s=round(wall, 2),
        )
    sequences = [s for s in sequences if s]
    raw = RawSolution(
        routes=tuple(
            RawRoute(
                vehicle=v,
                nodes=tuple(s),
                start_s=problem.vehicles[0].earliest_start_s,
                end_s=problem.vehicles[0].latest_end_s,
            )
            for v, s in enumerate(sequences)
            if v < len(problem.vehicles)
        ),
        dropped=tuple(sorted(set(range(1, len(instance.x))) - {n for s in sequences for n in s})),
        found=True,
    )
    return judge(instance, problem, raw, engine, wall, bks)


def plain_ortools(instance: VrptwInstance, seconds: float) -> list[list[int]] | None:
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    problem = problem_from_instance(instance)
    n, k = len(instance.x), instance.vehicles
    manager = pywrapcp.RoutingIndexManager(n, k, 0)
    routing = pywrapcp.RoutingModel(manager)
    travel = problem.travel_s
    transit = routing.RegisterTransitMatrix((travel + problem.service_s[:, None]).tolist())
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(travel.tolist()))
    horizon = int(problem.window_end_s[0])
    routing.AddDimension(transit, horizon, horizon, False, "Time")
    time_dim = routing.GetDimensionOrDie("Time")
    for node in range(1, n):
        time_dim.CumulVar(manager.NodeToIndex(node)).SetRange(
            int(problem.window_start_s[node]), int(problem.window_end_s[node])
        )
    demand = routing.RegisterUnaryTransitVector([int(d) for d in problem.demand])
    routing.AddDimensionWithVehicleCapacity(demand, 0, [instance.capacity] * k, True, "Load")
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = routing.SolveWithParameters(params)
    if solution is None:
        return None
    sequences = []
    for v in range(k):
        index = solution.Value(routing.NextVar(routing.Start(v)))
        route = []
        while not routing.IsEnd(index):
            route.append(manager.IndexToNode(index))
            index = solution.Value(routing.NextVar(index))
        sequences.append(route)
    return sequences


def pyvrp_solver(instance: VrptwInstance, seconds: float, seed: int) -> list[list[int]] | None:
    import pyvrp
    from pyvrp.stop import MaxRuntime

    problem = problem_from_instance(instance)
    model = pyvrp.Model()
    locations = [
        model.add_location(x=int(x * SCALE), y=int(y * SCALE)) for x, y in zip(instance.x, instance.y, strict=True)
    ]
    depot = model.add_depot(locations[0], tw_early=int(problem.window_start_s[0]), tw_late=int(problem.window_end_s[0]))
    for node in range(1, len(instance.x)):
        model.add_client(
            locations[node],
            delivery=[int(problem.demand[node])],
            service_duration=int(problem.service_s[node]),
            tw_early=int(problem.window_start_s[node]),
            tw_late=int(problem.window_end_s[node]),
        )
    model.add_vehicle_type(
        num_available=instance.vehicles,
        capacity=[instance.capacity],
        start_depot=depot,
        end_depot=depot,
        tw_early=int(problem.window_start_s[0]),
        tw_late=int(problem.window_end_s[0]),
    )
    travel = problem.travel_s
    for i, frm in enumerate(locations):
        for j, to in enumerate(locations):
            model.add_edge(frm, to, distance=int(travel[i, j]), duration=int(travel[i, j]))
    result = model.solve(stop=MaxRuntime(seconds), seed=seed, display=False)
    if not result.best.is_feasible():
        return None
    # A client activity's idx is the client's index in the order added: node idx + 1 here.
    return [[int(a.idx) + 1 for a in route.schedule() if a.is_client()] for route in result.best.routes()]


def vroom_solver(instance: VrptwInstance, seconds: float, threads: int) -> list[list[int]] | None:
    import vroom

    problem = problem_from_instance(instance)
    problem_input = vroom.Input()
    problem_input.set_durations_matrix(profile="car", matrix_input=problem.travel_s.astype(np.uint32))
    for v in range(instance.vehicles):
        problem_input.add_vehicle(
            vroom.Vehicle(
                id=v + 1,
                start=0,
                end=0,
                capacity=[instance.capacity],
                time_window=vroom.TimeWindow(int(problem.window_start_s[0]), int(problem.window_end_s[0])),
            )
        )
    for node in range(1, len(instance.x)):
        problem_input.add_job(
            vroom.Job(
                id=node,
                location=node,
                default_service=int(problem.service_s[node]),
                delivery=[int(problem.demand[node])],
                time_windows=[vroom.TimeWindow(int(problem.window_start_s[node]), int(problem.window_end_s[node]))],
            )
        )
    # VROOM can use threads: give it the same cores our portfolio uses.
    solution = problem_input.solve(exploration_level=5, nb_threads=threads, timeout=dt.timedelta(seconds=seconds))
    routes: dict[int, list[int]] = {}
    frame = solution.routes
    for vehicle_id, step_type, job_id in zip(frame["vehicle_id"], frame["type"], frame["id"], strict=True):
        if step_type == "job":
            routes.setdefault(int(vehicle_id), []).append(int(job_id))
    return list(routes.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("instances", nargs="+", type=Path)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--bks", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="cores for our portfolio and VROOM's threads (PyVRP and OR-Tools use one)",
    )
    parser.add_argument("--engines", default="ours,ortools-plain,pyvrp,vroom")
    parser.add_argument("--out", type=Path, default=Path("peers.csv"))
    args = parser.parse_args()
    bks = read_bks(args.bks) if args.bks else {}
    engines = args.engines.split(",")
    results: list[BenchResult] = []
    for path in args.instances:
        instance = read_vrptw(path)
        best = bks.get(instance.name)
        for engine in engines:
            started = time.perf_counter()
            if engine == "ours":
                result = solve_instance(instance, args.time_limit, seed=args.seed, bks=best, workers=args.workers)
                result = result.model_copy(update={"engine": "ours"})
            else:
                if engine == "ortools-plain":
                    sequences = plain_ortools(instance, args.time_limit)
                elif engine == "pyvrp":
                    sequences = pyvrp_solver(instance, args.time_limit, args.seed)
                else:
                    sequences = vroom_solver(instance, args.time_limit, args.workers)
                result = judged(instance, engine, sequences, time.perf_counter() - started, best)
            results.append(result)
            gap = "" if result.gap_pct is None else f"{result.gap_pct:6.2f} %"
            print(
                f"{instance.name:10s} {engine:14s} {result.distance:10.1f} {result.vehicles:3d} "
                f"{'ok ' if result.feasible else 'NO '} {result.wall_s:6.1f} s {gap}",
                flush=True,
            )
            write_bench_results(args.out, results)


if __name__ == "__main__":
    main()
