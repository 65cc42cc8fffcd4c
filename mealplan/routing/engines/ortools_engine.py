"""OR-Tools routing: the only module that imports OR-Tools' routing library.

Model:
- arc cost: travel seconds (or metres for distance-objective benchmarks), plus a fixed cost
  per used vehicle;
- "Time" dimension: service + travel, waiting allowed, client windows and van shifts hard;
- "Load" dimension: portions up to the van's capacity;
- "Hold" dimension: the same transit as Time but starting at 0 when the van leaves and with
  its slack tied to Time's slack, so its cumul is exactly "minutes since leaving the kitchen";
  its capacity is the van's food-safety limit. The leg back to the kitchen counts nothing,
  because no meal is on board then;
- trips of one van are vehicles, each in its dispatch wave; a link start(trip k+1) >=
  end(trip k) + reload is added only where the waves do not already imply it;
- every order is optional with a penalty far above any route cost, so the solver serves as
  many as it can and drops the rest instead of failing.
The solution is copied into plain ``RawRoute`` objects right away.
"""

from __future__ import annotations

import time

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from mealplan.routing.engines.base import RawRoute, RawSolution, SolveLimits
from mealplan.routing.problem import RoutingProblem

HORIZON_S = 24 * 3600 + 3600


def solve_ortools(problem: RoutingProblem, limits: SolveLimits, first_solution: str = "SAVINGS") -> RawSolution:
    """Solve ``problem`` with OR-Tools within ``limits``; never raises for infeasibility."""
    started = time.perf_counter()
    n = problem.n_nodes
    if n <= 1 or not problem.vehicles:
        return RawSolution(routes=(), dropped=tuple(range(1, n)), found=n <= 1, wall_s=0.0)
    n_vehicles = len(problem.vehicles)
    manager = pywrapcp.RoutingIndexManager(n, n_vehicles, 0)
    routing = pywrapcp.RoutingModel(manager)
    solver = routing.solver()

    travel = problem.travel_s.astype(np.int64)
    service = problem.service_s.astype(np.int64)
    time_matrix = travel + service[:, None]
    np.fill_diagonal(time_matrix, 0)
    hold_matrix = time_matrix.copy()
    hold_matrix[:, 0] = 0
    cost_matrix = np.rint(problem.distance_m).astype(np.int64) if problem.cost_is_distance else travel

    cost_cb = routing.RegisterTransitMatrix(cost_matrix.tolist())
    routing.SetArcCostEvaluatorOfAllVehicles(cost_cb)
    for v, vehicle in enumerate(problem.vehicles):
        if vehicle.fixed_cost:
            routing.SetFixedCostOfVehicle(int(vehicle.fixed_cost), v)

    time_cb = routing.RegisterTransitMatrix(time_matrix.tolist())
    routing.AddDimension(time_cb, HORIZON_S, HORIZON_S, False, "Time")
    time_dim = routing.GetDimensionOrDie("Time")

    load_cb = routing.RegisterUnaryTransitVector([int(d) for d in problem.demand])
    routing.AddDimensionWithVehicleCapacity(load_cb, 0, [int(v.capacity) for v in problem.vehicles], True, "Load")

    hold_limited = any(v.max_hold_s < HORIZON_S for v in problem.vehicles)
    if hold_limited:
        hold_cb = routing.RegisterTransitMatrix(hold_matrix.tolist())
        routing.AddDimensionWithVehicleCapacity(
            hold_cb, HORIZON_S, [int(min(v.max_hold_s, HORIZON_S)) for v in problem.vehicles], True, "Hold")
        hold_dim = routing.GetDimensionOrDie("Hold")

    for node in range(1, n):
        index = manager.NodeToIndex(node)
        time_dim.CumulVar(index).SetRange(int(problem.window_start_s[node]), int(problem.window_end_s[node]))
        routing.AddDisjunction([index], int(problem.drop_penalty[node]) if len(problem.drop_penalty) else 10**9)
        if hold_limited:
            solver.Add(time_dim.SlackVar(index) == hold_dim.SlackVar(index))
    for v, vehicle in enumerate(problem.vehicles):
        start, end = routing.Start(v), routing.End(v)
        time_dim.CumulVar(start).SetRange(int(vehicle.earliest_start_s), int(vehicle.latest_end_s))
        time_dim.CumulVar(end).SetRange(int(vehicle.earliest_start_s), int(vehicle.latest_end_s))
        if hold_limited:
            solver.Add(time_dim.SlackVar(start) == hold_dim.SlackVar(start))
        routing.AddVariableMinimizedByFinalizer(time_dim.CumulVar(end))
        routing.AddVariableMaximizedByFinalizer(time_dim.CumulVar(start))
    for link in problem.links:
        before, after = problem.vehicles[link.before], problem.vehicles[link.after]
        if before.latest_end_s + link.reload_s <= after.earliest_start_s:
            continue  # implied by the trips' dispatch waves; as a side constraint it only slows the search
        solver.Add(time_dim.CumulVar(routing.Start(link.after))
                   >= time_dim.CumulVar(routing.End(link.before)) + int(link.reload_s))

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, first_solution)
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    # The limit is a deadline for the whole call: building the model counts against it.
    remaining_s = limits.time_limit_s - (time.perf_counter() - started)
    params.time_limit.FromMilliseconds(max(100, int(remaining_s * 1000)))
    if limits.solution_limit:
        params.solution_limit = limits.solution_limit
    assignment = routing.SolveWithParameters(params)
    if assignment is None:
        return RawSolution(routes=(), dropped=tuple(range(1, n)), found=False,
                           wall_s=time.perf_counter() - started)

    routes = []
    visited: set[int] = set()
    for v in range(n_vehicles):
        index = routing.Start(v)
        start_s = assignment.Min(time_dim.CumulVar(index))
        nodes, arrivals = [], []
        index = assignment.Value(routing.NextVar(index))
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            nodes.append(node)
            arrivals.append(assignment.Min(time_dim.CumulVar(index)))
            index = assignment.Value(routing.NextVar(index))
        if nodes:
            visited.update(nodes)
            routes.append(RawRoute(vehicle=v, nodes=tuple(nodes), start_s=int(start_s),
                                   end_s=int(assignment.Min(time_dim.CumulVar(index))),
                                   arrival_s=tuple(int(a) for a in arrivals)))
    dropped = tuple(node for node in range(1, n) if node not in visited)
    return RawSolution(routes=tuple(routes), dropped=dropped, found=True, objective=float(assignment.ObjectiveValue()),
                       wall_s=time.perf_counter() - started)
