"""OR-Tools routing: the only module that imports OR-Tools' routing library.

Model:
- arc cost: travel seconds (or metres for distance-objective benchmarks), plus a fixed cost
  per used vehicle;
- "Time" dimension: service + travel, waiting allowed, client windows and van shifts hard;
- "Load" dimension: portions up to the van's capacity;
- the food-safety hold limit: for every order node, its service start is at most the van's
  departure plus the van's ``max_hold_s``, i.e. ``Time(node) <= Time(Start(v)) + hold[v]`` for
  the vehicle ``v`` that serves it (an element constraint on the node's vehicle variable). With
  the vehicle fixed this is a difference constraint, which OR-Tools' bound propagation decides
  exactly, so an accepted solution cannot break it. (A second "Hold" dimension whose slack was
  tied to Time's slack looked equivalent but is not: the tie makes three-variable equations
  that bound propagation does not close, and OR-Tools accepted routes 40 minutes over the limit
  when vans differed in limits and shifts.);
- trips of one van are vehicles, each in its dispatch wave; the waves keep a van's trips apart
  (``problem.dispatch_waves``), so no side constraint links them;
- every order is optional with a penalty far above any route cost, so the solver serves as
  many as it can and drops the rest instead of failing.
The solution is copied into plain ``RawRoute`` objects right away.
"""

from __future__ import annotations

import time

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from mealplan.routing.engines.base import RawRoute, RawSolution, SolveLimits
from mealplan.routing.problem import RoutingProblem, home_routes, move_penalties
from mealplan.units import DAY_S, HOUR_S, s_to_ms

HORIZON_S = DAY_S + HOUR_S


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
    cost_matrix = problem.cost_matrix()

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
        # latest_service[0] serves unperformed nodes (vehicle var -1); [v + 1] is vehicle v's bound.
        latest_service = [solver.IntConst(2 * HORIZON_S)] + [
            (time_dim.CumulVar(routing.Start(v)) + int(min(vehicle.max_hold_s, HORIZON_S))).Var()
            for v, vehicle in enumerate(problem.vehicles)
        ]

    for node in range(1, n):
        index = manager.NodeToIndex(node)
        time_dim.CumulVar(index).SetRange(int(problem.window_start_s[node]), int(problem.window_end_s[node]))
        routing.AddDisjunction([index], int(problem.drop_penalty[node]) if len(problem.drop_penalty) else 10**9)
        if hold_limited:
            slot = (routing.VehicleVar(index) + 1).Var()
            solver.Add(time_dim.CumulVar(index) <= solver.Element(latest_service, slot))
    for v, vehicle in enumerate(problem.vehicles):
        start, end = routing.Start(v), routing.End(v)
        time_dim.CumulVar(start).SetRange(int(vehicle.earliest_start_s), int(vehicle.latest_end_s))
        time_dim.CumulVar(end).SetRange(int(vehicle.earliest_start_s), int(vehicle.latest_end_s))
        routing.AddVariableMinimizedByFinalizer(time_dim.CumulVar(end))
        routing.AddVariableMaximizedByFinalizer(time_dim.CumulVar(start))
    if problem.is_stable:
        # Stable routes: a "Moved" dimension whose transit on vehicle v is the move allowance for
        # each client whose home is another vehicle (van and wave); its span is the price.
        callbacks = [routing.RegisterUnaryTransitVector(p.tolist()) for p in move_penalties(problem)]
        most = int(problem.move_cost) * n + 1
        routing.AddDimensionWithVehicleTransits(callbacks, 0, most, True, "Moved")
        routing.GetDimensionOrDie("Moved").SetSpanCostCoefficientForAllVehicles(1)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, first_solution)
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    # The limit is a deadline for the whole call: building the model counts against it.
    remaining_s = limits.time_limit_s - (time.perf_counter() - started)
    params.time_limit.FromMilliseconds(max(100, s_to_ms(remaining_s)))
    if limits.solution_limit:
        params.solution_limit = limits.solution_limit
    assignment = None
    if problem.is_stable:
        # Warm start from last time's routes; a start the model rejects is simply not used.
        routing.CloseModelWithParameters(params)
        home = home_routes(problem)
        initial = _warm_start(routing, manager, home, n_vehicles) if home else None
        if initial is not None:
            deadline = time.perf_counter() + remaining_s
            params.time_limit.FromMilliseconds(max(100, s_to_ms(remaining_s * WARM_SHARE)))
            assignment = routing.SolveFromAssignmentWithParameters(initial, params)
            # Stability must never cost a client: a start that leaves clients out (a van is out,
            # its clients found no room near their old trips) gets a search of its own as well,
            # and the plan that serves more is kept.
            if assignment is not None and _dropped(routing, assignment):
                params.time_limit.FromMilliseconds(max(100, s_to_ms(deadline - time.perf_counter())))
                fresh = routing.SolveWithParameters(params)
                if fresh is not None and _dropped(routing, fresh) < _dropped(routing, assignment):
                    assignment = fresh
    if assignment is None:
        assignment = routing.SolveWithParameters(params)
    if assignment is None:
        return RawSolution(routes=(), dropped=tuple(range(1, n)), found=False, wall_s=time.perf_counter() - started)

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
            routes.append(
                RawRoute(
                    vehicle=v,
                    nodes=tuple(nodes),
                    start_s=int(start_s),
                    end_s=int(assignment.Min(time_dim.CumulVar(index))),
                    arrival_s=tuple(int(a) for a in arrivals),
                )
            )
    dropped = tuple(node for node in range(1, n) if node not in visited)
    return RawSolution(
        routes=tuple(routes),
        dropped=dropped,
        found=True,
        objective=float(assignment.ObjectiveValue()),
        wall_s=time.perf_counter() - started,
    )


# Share of a stable search that starts from last time's routes; the rest is kept for a search of
# its own when that start leaves clients out.
WARM_SHARE = 0.6


def _warm_start(routing, manager, home: dict[int, tuple[int, ...]], n_vehicles: int):
    """Last time's routes as a first solution OR-Tools accepts, repaired where they no longer fit.

    A route of the published plan can be out of the model's bounds tonight: a door moved, more
    portions, a client given way at a reduced margin. OR-Tools refuses a whole start for one bad
    route, which would throw every good one away; so each route is checked alone and, while it
    does not fit, loses the client whose removal makes it fit (else its last). Those left out are
    inserted by the search like new clients."""
    routes = [[manager.NodeToIndex(node) for node in home.get(v, ())] for v in range(n_vehicles)]
    whole = routing.ReadAssignmentFromRoutes(routes, True)
    if whole is not None:
        return whole

    def fits(v: int, route: list[int]) -> bool:
        alone: list[list[int]] = [[] for _ in range(n_vehicles)]
        alone[v] = route
        return routing.ReadAssignmentFromRoutes(alone, True) is not None

    for v in range(n_vehicles):
        route = routes[v]
        while route and not fits(v, route):
            fixed = next(
                (route[:k] + route[k + 1 :] for k in range(len(route)) if fits(v, route[:k] + route[k + 1 :])), None
            )
            route = fixed if fixed is not None else route[:-1]
        routes[v] = route
    return routing.ReadAssignmentFromRoutes(routes, True)


def _dropped(routing, assignment) -> int:
    """How many clients ``assignment`` leaves out (their node is its own successor)."""
    return sum(
        1
        for index in range(routing.Size())
        if not routing.IsStart(index) and assignment.Value(routing.NextVar(index)) == index
    )
