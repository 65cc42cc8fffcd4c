"""PyVRP routing: the only module that imports PyVRP.

PyVRP's iterated local search is far stronger than OR-Tools' guided local search at equal
time (Solomon at 10 s: 0.2 % from best known against 2.5 %), but it has one time resource per
route, and the nightly plan needs two: the shift (which includes the drive back to the
kitchen) and the food-safety hold (which does not: no meal is on board on the way back).
The model below keeps the hold exact and the shift exact or on the safe side:

- every trip ends at a "ghost" copy of the kitchen reached in zero time, so a route's duration
  is the time from leaving the kitchen to the start of the last delivery, i.e. the longest
  hold on the trip (waiting included: PyVRP starts the route as late as the windows allow,
  as our timetable does). ``shift_duration`` is the van's hold limit;
- service times are moved onto the outgoing arcs (``service_i + travel_ij``), so the time a
  client "is reached" is the start of its service, which is what windows and holds bound;
- the shift end: a delivery must start early enough to finish and drive back before the end
  of its trip's wave. When the waves follow one another (every van of the kitchen dispatches
  in the same waves, the usual case), each order becomes one copy per wave, in a group of
  which at most one is served, with its window cut to ``[wave start, wave end - service -
  drive back]``: a van of another wave cannot reach a copy, so the shift is exact. When
  shifts differ and waves overlap, there is one copy cut by the last wave's end, and earlier
  waves must finish their last delivery by their end minus the longest drive back of the
  problem, which is on the safe side;
- the objective is the same as OR-Tools': travel seconds (or tenths of distance in
  benchmarks), drive back included, plus the fixed cost of each trip used;
- orders are optional with a prize above what serving them can cost, per portion, so the
  search serves as many as it can and leaves the rest, as OR-Tools does.

Everything the engine returns is then re-timed by ``schedule.timetable`` and judged by the
independent checker, so a modelling slip here shows up as a violation, never as a bad sheet.
"""

from __future__ import annotations

import itertools
import time
import warnings
from dataclasses import dataclass

import numpy as np
from pyvrp import Client, ClientGroup, Depot, Location, ProblemData, Route, Solution, SolveParams, VehicleType
from pyvrp import solve as pyvrp_solve
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.search import NeighbourhoodParams
from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria

from mealplan.routing.engines.base import RawRoute, RawSolution, SolveLimits
from mealplan.routing.problem import RoutingProblem, home_routes, move_penalties

KITCHEN, GHOST = 0, 1  # depot locations; order node k >= 1 is location k + 1
NEVER = 10**9  # duration of arcs no route uses (out of the ghost, into the start kitchen)


def vehicle_groups(problem: RoutingProblem) -> dict[tuple[int, int, int, int, int, str], list[int]]:
    """Interchangeable vehicles (same capacity, wave, hold limit, cost) as one PyVRP vehicle type.

    One type per trip with ``num_available=1`` works too, but the search then treats 60 equal
    vans as 60 kinds and slows down. Members are in vehicle order, i.e. by van id, so the first
    routes of a type go to the same vans wave after wave and fewer vans are used. With stable
    routes vans are no longer interchangeable (each prefers its own clients): a type each.
    """
    groups: dict[tuple[int, int, int, int, int, str], list[int]] = {}
    stable = problem.is_stable
    for index, v in enumerate(problem.vehicles):
        key = (
            int(v.capacity),
            int(v.earliest_start_s),
            int(v.latest_end_s),
            int(v.max_hold_s),
            int(v.fixed_cost),
            f"{v.van_id}#{index}" if stable else "",
        )
        groups.setdefault(key, []).append(index)
    return groups


@dataclass(frozen=True)
class PyvrpModel:
    data: ProblemData
    client_nodes: tuple[int, ...]  # PyVRP client index -> our node
    waves: tuple[tuple[int, int], ...]
    copy_of: dict[tuple[int, int], int]  # (node, wave index) -> PyVRP client index


def ordered_waves(problem: RoutingProblem) -> list[tuple[int, int]] | None:
    """The distinct trip waves in time order if each ends before the next begins, else None."""
    waves = sorted({(int(v.earliest_start_s), int(v.latest_end_s)) for v in problem.vehicles})
    if all(a_end < b_start for (_, a_end), (b_start, _) in itertools.pairwise(waves)):
        return waves
    return None


def to_problem_data(problem: RoutingProblem) -> PyvrpModel:
    """The PyVRP model of ``problem`` described in the module docstring."""
    n = problem.n_nodes
    size = n + 1
    travel = problem.travel_s.astype(np.int64)
    service = problem.service_s.astype(np.int64)
    cost = problem.cost_matrix()

    def location_matrix(node_matrix: np.ndarray, into_ghost: np.ndarray) -> np.ndarray:
        matrix = np.full((size, size), NEVER, dtype=np.int64)
        nodes = np.r_[0, np.arange(2, size)]  # location of node 0..n-1
        matrix[np.ix_(nodes, nodes)] = node_matrix
        matrix[nodes, GHOST] = into_ghost
        matrix[GHOST, GHOST] = 0
        matrix[:, KITCHEN] = NEVER
        matrix[KITCHEN, KITCHEN] = 0
        np.fill_diagonal(matrix, 0)
        return matrix

    duration = location_matrix(travel + service[:, None], np.zeros(n, dtype=np.int64))
    distance = location_matrix(cost, cost[:, 0])
    # Unreachable arcs (kitchen as a destination, leaving the ghost) must not look free.
    distance[:, KITCHEN] = NEVER
    distance[GHOST, :] = NEVER
    np.fill_diagonal(distance, 0)

    drive_back = service + travel[:, 0]
    optional = len(problem.drop_penalty) == n and not problem.cost_is_distance
    # A prize just above the most a client can cost to serve (a drive there and back, a new trip)
    # keeps "serve everyone you can" first. Prizes in the millions, like OR-Tools' drop penalty,
    # dwarf PyVRP's bounded infeasibility penalties: it then prefers overloaded vans to drops.
    # With stable routes, serving a client from another van also costs the move allowance: a prize
    # below it would leave the client out rather than move them (stability must never drop anyone).
    most_per_client = (
        2 * int(cost.max()) + max((int(v.fixed_cost) for v in problem.vehicles), default=0) + problem.move_cost + 1
    )
    waves = ordered_waves(problem)
    if waves is None:  # overlapping shifts: one copy per order, early waves cut on the safe side
        last_end = max(v.latest_end_s for v in problem.vehicles)
        waves = [(min(v.earliest_start_s for v in problem.vehicles), last_end)]
        longest_back = int(drive_back[1:].max()) if n > 1 else 0
        exact = False
    else:
        exact = True
    clients: list[Client] = []
    groups: list[ClientGroup] = []
    client_nodes: list[int] = []
    copy_of: dict[tuple[int, int], int] = {}
    for node in range(1, n):
        prize = most_per_client * max(1, int(problem.demand[node])) if optional else 0
        copies = []
        for k, (wave_start, wave_end) in enumerate(waves):
            early = max(int(problem.window_start_s[node]), wave_start if len(waves) > 1 else 0)
            late = min(int(problem.window_end_s[node]), wave_end - int(drive_back[node]))
            if late >= early:
                copies.append((k, early, late))
        if not copies:
            # No trip can serve it in time. It stays in the model (indices stay aligned) with
            # no prize and a window at midnight that no van can meet, so it is never visited.
            copies, prize = [(0, 0, 0)], 0
            grouped, required = False, False
        else:
            grouped, required = len(copies) > 1, not optional
        group = len(groups) if grouped else None
        members = []
        for k, early, late in copies:
            copy_of[(node, k)] = len(clients)
            members.append(len(clients))
            client_nodes.append(node)
            clients.append(
                Client(
                    location=node + 1,
                    delivery=[int(problem.demand[node])],
                    service_duration=0,
                    tw_early=early,
                    tw_late=late,
                    required=required and not grouped,
                    prize=prize,
                    group=group,
                )
            )
        if grouped:
            groups.append(ClientGroup(members, required=required))
    # Stable routes: one routing profile per vehicle (van and wave) whose arcs into clients whose
    # home is another vehicle cost the move allowance on top of the drive; durations are shared.
    profile_of: dict[int, int] = {}
    distances, durations = [distance], [duration]
    if problem.is_stable:
        distances, durations = [], []
        for vehicle, penalty in enumerate(move_penalties(problem)):
            into = np.zeros(size, dtype=np.int64)
            into[2:] = penalty[1:]  # order node k is location k + 1
            moved = distance + into[None, :]
            np.fill_diagonal(moved, 0)
            profile_of[vehicle] = len(distances)
            distances.append(moved)
            durations.append(duration)
    vehicle_types = []
    for key, members in vehicle_groups(problem).items():
        capacity, earliest_start_s, latest_end_s, max_hold_s, fixed_cost, _ = key
        last_start = latest_end_s if exact or latest_end_s >= waves[-1][1] else latest_end_s - longest_back
        vehicle_types.append(
            VehicleType(
                num_available=len(members),
                capacity=[capacity],
                start_depot=KITCHEN,
                end_depot=GHOST,
                fixed_cost=fixed_cost,
                tw_early=earliest_start_s,
                tw_late=max(earliest_start_s, last_start),
                shift_duration=min(max_hold_s, NEVER),
                profile=profile_of.get(members[0], 0),  # stable: one vehicle per type
            )
        )
    locations = [
        Location(float(problem.lon[0]), float(problem.lat[0])),
        Location(float(problem.lon[0]), float(problem.lat[0])),
    ]
    locations += [Location(float(problem.lon[node]), float(problem.lat[node])) for node in range(1, n)]
    data = ProblemData(
        locations=locations,
        clients=clients,
        depots=[Depot(KITCHEN), Depot(GHOST)],
        vehicle_types=vehicle_types,
        distance_matrices=distances,  # type: ignore[arg-type]  # numpy's shape typing vs PyVRP's stub
        duration_matrices=durations,  # type: ignore[arg-type]
        groups=groups,
    )
    return PyvrpModel(data=data, client_nodes=tuple(client_nodes), waves=tuple(waves), copy_of=copy_of)


# PyVRP's granular neighbourhood (50 nearest clients) is tuned on benchmark instances with one
# dispatch. The nightly plan's multi-wave problems (each order a copy per wave, trips of ~30
# stops) converge faster with a wider one: on Sofia's largest kitchens at 20 s, four seeds
# each, 100 neighbours gave 0.3-0.8 % less route time than 50 (80-120 alike, 200 worse).
# Single-wave problems, Solomon and Gehring-Homberger among them, keep PyVRP's default.
NEIGHBOURS_PER_WAVE = 50
MAX_NEIGHBOURS = 100


def solve_params(model: PyvrpModel) -> SolveParams:
    """Search parameters for ``model``: PyVRP's defaults with a neighbourhood sized to its waves."""
    neighbours = min(MAX_NEIGHBOURS, NEIGHBOURS_PER_WAVE * len(model.waves))
    return SolveParams(neighbourhood=NeighbourhoodParams(num_neighbours=neighbours))


def _stop(limits: SolveLimits, started: float):
    remaining_s = max(0.05, limits.time_limit_s - (time.perf_counter() - started))
    if limits.solution_limit:
        # Reproducible runs: a fixed number of iterations, the clock only as a safety net.
        return MultipleCriteria([MaxIterations(limits.solution_limit * 50), MaxRuntime(remaining_s * 3)])
    return MaxRuntime(remaining_s)


class _BeatOrStop:
    """Stop as ``inner`` does, or at ``after_s`` unless the best so far costs less than ``target``.

    PyVRP passes the best solution's cost, which is the largest integer while it is infeasible.
    """

    def __init__(self, inner, after_s: float, target: float) -> None:
        self.inner, self.after_s, self.target = inner, after_s, target
        self.started = time.perf_counter()

    def __call__(self, best_cost: float) -> bool:
        if self.inner(best_cost):
            return True
        return time.perf_counter() - self.started >= self.after_s and best_cost >= self.target


def solve_pyvrp(
    problem: RoutingProblem,
    limits: SolveLimits,
    initial: dict[int, tuple[int, ...]] | None = None,
    beat: tuple[float, float] | None = None,
) -> RawSolution:
    """Solve ``problem`` with PyVRP within ``limits``; never raises for infeasibility.

    ``initial`` is an optional warm start: node sequence (depot excluded) per vehicle index.
    ``beat`` = (seconds, cost): give up after that many seconds unless a solution cheaper than
    ``cost`` (PyVRP's objective, as in ``RawSolution.objective``) has been found by then.
    """
    started = time.perf_counter()
    n = problem.n_nodes
    if n <= 1 or not problem.vehicles:
        return RawSolution(routes=(), dropped=tuple(range(1, n)), found=n <= 1, wall_s=0.0)
    model = to_problem_data(problem)
    data = model.data
    warm = None
    if initial is None and problem.is_stable:
        initial = home_routes(problem)
    if initial:
        kind_of = {
            vehicle: kind for kind, members in enumerate(vehicle_groups(problem).values()) for vehicle in members
        }
        wave_of = {wave: k for k, wave in enumerate(model.waves)}

        def copy(node: int, vehicle: int) -> int:
            v = problem.vehicles[vehicle]
            k = wave_of.get((int(v.earliest_start_s), int(v.latest_end_s)), 0)
            return model.copy_of.get((node, k), model.copy_of.get((node, 0), 0))

        warm = Solution(
            data,
            [
                Route(data, [copy(node, vehicle) for node in nodes], kind_of[vehicle])
                for vehicle, nodes in sorted(initial.items())
                if nodes
            ],
        )
    stop = _stop(limits, started)
    if beat is not None:
        stop = _BeatOrStop(stop, *beat)
    with warnings.catch_warnings():
        # A capped fleet (``beat``) may have no feasible solution; PyVRP then warns that its
        # penalties hit their bound, which the caller expects and handles.
        if beat is not None:
            warnings.simplefilter("ignore", PenaltyBoundWarning)
        result = pyvrp_solve(
            data,
            stop=stop,
            seed=limits.seed,
            collect_stats=False,
            display=False,
            params=solve_params(model),
            initial_solution=warm,
        )
    best = result.best
    if not best.is_feasible():
        return RawSolution(routes=(), dropped=tuple(range(1, n)), found=False, wall_s=time.perf_counter() - started)
    members = list(vehicle_groups(problem).values())
    next_member = [0] * len(members)
    routes: list[RawRoute] = []
    visited: set[int] = set()
    for route in sorted(best.routes(), key=lambda r: (r.vehicle_type(), -r.num_clients(), r.start_time())):
        schedule = [a for a in route.schedule() if a.is_client()]
        nodes = tuple(model.client_nodes[int(a.idx)] for a in schedule)
        if not nodes:
            continue
        visited.update(nodes)
        last = nodes[-1]
        end_s = int(schedule[-1].start_time) + int(problem.service_s[last]) + int(problem.travel_s[last, 0])
        kind = int(route.vehicle_type())
        vehicle = members[kind][next_member[kind]]
        next_member[kind] += 1
        routes.append(
            RawRoute(
                vehicle=vehicle,
                nodes=nodes,
                start_s=int(route.start_time()),
                end_s=end_s,
                arrival_s=tuple(int(a.start_time) for a in schedule),
            )
        )
    dropped = tuple(node for node in range(1, n) if node not in visited)
    return RawSolution(
        routes=tuple(routes),
        dropped=dropped,
        found=True,
        objective=float(result.cost()),
        wall_s=time.perf_counter() - started,
    )
