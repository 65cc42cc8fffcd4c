"""Use every core on one routing problem: parallel seeds, then decomposition for large ones.

A single PyVRP search is single-threaded. On a machine with W cores we:

1. small problems: run W searches with different seeds on the whole problem and keep the
   best (independent local searches differ by more than the noise, so the best of two is
   reliably better than one);
2. large problems: one worker searches the whole problem for the whole budget (trying one
   long route fewer on the way, see ``_whole_track``); the others
   search it for a share of the budget and then run decomposition rounds (the
   route-based decomposition of Vidal et al. and of the DIMACS 2021 HGS entries): group the
   current routes by the angle of their centre around the depot into parts of about
   ``part_clients`` clients, re-optimise every part as its own problem warm-started from its
   routes, W parts at a time, and put the parts back together. A part only replaces its
   routes if it found something cheaper, so a round never makes the solution worse. Each
   round turns the cut by half a part so clients near a cut meet their neighbours next round.

Small parts converge much faster than the whole, which is what pays on 1,000-client instances
with short routes within a minute; on long routes (few routes of many clients) a part holds
too few routes and the whole search wins, hence both tracks. Parts keep their own vehicles plus
a share of the unused ones, so the fleet limit holds for the whole.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

import numpy as np

from mealplan.processes import worker_pool
from mealplan.routing.engines.base import RawRoute, RawSolution, SolveLimits
from mealplan.routing.problem import RoutingProblem, moved_cost, subproblem, tour_length

PART_CLIENTS = 200
# Decomposition pays on 1,000-client instances within a minute but not on a few hundred clients
# with long routes: the nightly plan's sectors (<= 500 orders, ~30 stops a trip) are searched whole.
LARGE_CLIENTS = 500
WHOLE_SHARE = 0.3  # of the budget spent on the whole problem before decomposing


def objective(problem: RoutingProblem, solution: RawSolution) -> float:
    """The engines' common objective: arc costs, fixed costs of used vehicles, drop penalties."""
    cost = problem.cost_matrix()
    total = 0
    for route in solution.routes:
        total += int(tour_length(cost, route.nodes))
        total += int(problem.vehicles[route.vehicle].fixed_cost)
    if len(problem.drop_penalty) == problem.n_nodes:
        total += int(sum(int(problem.drop_penalty[node]) for node in solution.dropped))
    else:
        total += 10**12 * len(solution.dropped)
    return float(total + moved_cost(problem, solution.routes))


def _rank(problem: RoutingProblem, solution: RawSolution) -> tuple[int, int, float]:
    return (0 if solution.found else 1, len(solution.dropped), objective(problem, solution))


def _solve_job(args: tuple) -> RawSolution:
    from mealplan.routing.engines.pyvrp_engine import solve_pyvrp

    problem, limits, initial = args
    return solve_pyvrp(problem, limits, initial=initial)


# The whole-problem track of a large problem first searches freely for SQUEEZE_AFTER of its
# budget; if its routes are long, it then tries the fleet it used minus its smallest route.
# That search must beat the free one within SQUEEZE_PROOF of the budget (on C2_10_1 it does in
# under 4 s of 60) or it is dropped and the free search resumes from where it was.
SQUEEZE_AFTER = 1 / 3
SQUEEZE_PROOF = 1 / 12
SQUEEZE_MIN_STOPS = 15  # average clients per route


def _whole_track(args: tuple) -> RawSolution:
    """The whole problem for the whole budget, with one attempt at a route fewer.

    A local search rarely empties a long route: on Gehring-Homberger C2_10_1 PyVRP stays at 31
    routes, 0.8 % above the best known, while a search capped at 30 vehicles from the same
    start reaches it. Short routes (tight windows or capacity) are emptied by the search
    itself and are not squeezed; where fewer long routes cost more distance (R2, RC2) the
    capped search cannot beat the free one in time, is abandoned, and the free search resumes.
    """
    from mealplan.routing.engines.pyvrp_engine import solve_pyvrp

    problem, limits = args
    started = time.perf_counter()
    deadline = started + limits.time_limit_s
    best = solve_pyvrp(problem, replace(limits, time_limit_s=limits.time_limit_s * SQUEEZE_AFTER))
    stops = sum(len(r.nodes) for r in best.routes)
    if best.found and len(best.routes) > 1 and stops >= SQUEEZE_MIN_STOPS * len(best.routes):
        smallest = min(best.routes, key=lambda r: (len(r.nodes), r.vehicle))
        kept = [r for r in best.routes if r is not smallest]
        fewer = subproblem(problem, list(range(1, problem.n_nodes)), vehicles=[r.vehicle for r in kept])
        squeezed = solve_pyvrp(
            fewer,
            replace(limits, time_limit_s=max(0.1, deadline - time.perf_counter())),
            initial={j: r.nodes for j, r in enumerate(kept)},
            beat=(limits.time_limit_s * SQUEEZE_PROOF, best.objective),
        )
        if squeezed.found:
            squeezed = replace(
                squeezed, routes=tuple(replace(r, vehicle=kept[r.vehicle].vehicle) for r in squeezed.routes)
            )
            if _rank(problem, squeezed) < _rank(problem, best):
                best = squeezed
    remaining_s = deadline - time.perf_counter()
    if remaining_s > 1.0 and best.found:
        resumed = solve_pyvrp(
            problem, replace(limits, time_limit_s=remaining_s), initial={r.vehicle: r.nodes for r in best.routes}
        )
        if _rank(problem, resumed) < _rank(problem, best):
            best = resumed
    return best


def _parts(problem: RoutingProblem, routes: tuple[RawRoute, ...], part_clients: int, offset: float) -> list[list[int]]:
    """Route indices grouped by their centre's angle around the depot, ``offset`` parts turned."""
    if not routes:
        return []
    angles = []
    for route in routes:
        nodes = np.array(route.nodes)
        angles.append(
            math.atan2(
                float(problem.lat[nodes].mean() - problem.lat[0]), float(problem.lon[nodes].mean() - problem.lon[0])
            )
        )
    order = list(np.argsort(angles, kind="stable"))
    total = sum(len(r.nodes) for r in routes)
    n_parts = max(1, round(total / part_clients))
    if n_parts == 1:
        return [order]
    per_part = total / n_parts
    # Rotate the ring so the cuts move by ``offset`` of a part between rounds.
    shift = 0
    counted = 0
    while shift < len(order) and counted < offset * per_part:
        counted += len(routes[order[shift]].nodes)
        shift += 1
    ring = order[shift:] + order[:shift]
    parts: list[list[int]] = []
    current: list[int] = []
    size = 0
    for index in ring:
        current.append(int(index))
        size += len(routes[index].nodes)
        if size >= per_part and len(parts) < n_parts - 1:
            parts.append(current)
            current, size = [], 0
    if current:
        parts.append(current)
    return parts


class _Serial:
    """The ``map`` of an executor without processes, for one worker (which runs one track only)."""

    def map(self, fn, items):
        return [fn(item) for item in items]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def solve_parallel(
    problem: RoutingProblem, limits: SolveLimits, part_clients: int = PART_CLIENTS, large_clients: int = LARGE_CLIENTS
) -> RawSolution:
    """The best of several PyVRP searches on ``limits.workers`` cores within the time limit.

    Small problems: one whole-problem search per worker, different seeds. Large problems with
    two or more workers: one worker searches the whole problem for the full time while the
    others run the decomposition track (whole problem for a share of the time, then
    decomposition rounds); which of the two pays differs by instance (decomposition wins on
    short-route instances, the whole search on long routes), so the portfolio keeps the better.
    Large problems with one worker: the decomposition track alone.
    """
    started = time.perf_counter()
    deadline = started + limits.time_limit_s
    workers = max(1, limits.workers)
    n_clients = problem.n_nodes - 1
    large = n_clients > max(large_clients, 2 * part_clients) and not limits.solution_limit
    if workers == 1 and not large:
        return _solve_job((problem, limits, None))
    rounds = 0
    with worker_pool(workers) if workers > 1 else _Serial() as pool:
        if not large:
            jobs = [
                (
                    problem,
                    replace(limits, time_limit_s=max(0.1, deadline - time.perf_counter()), seed=limits.seed + k),
                    None,
                )
                for k in range(workers)
            ]
            candidates = list(pool.map(_solve_job, jobs))
        else:
            whole = None
            if workers > 1:
                whole = pool.submit(
                    _whole_track, (problem, replace(limits, time_limit_s=max(0.1, deadline - time.perf_counter())))
                )
            lanes = max(1, workers - 1)
            start_s = limits.time_limit_s * WHOLE_SHARE - (time.perf_counter() - started)
            jobs = [
                (problem, replace(limits, time_limit_s=max(0.1, start_s), seed=limits.seed + 1 + k), None)
                for k in range(lanes)
            ]
            track = min(pool.map(_solve_job, jobs), key=lambda s: _rank(problem, s))
            while track.found and time.perf_counter() < deadline - 1.0:
                track = _decomposition_round(pool, problem, track, limits, deadline, lanes, part_clients, rounds)
                rounds += 1
            candidates = [track] + ([whole.result()] if whole is not None else [])
        best = min(candidates, key=lambda s: _rank(problem, s))
    stats = {**best.stats, "rounds": float(rounds)}
    return replace(best, wall_s=time.perf_counter() - started, objective=objective(problem, best), stats=stats)


def _decomposition_round(
    pool,
    problem: RoutingProblem,
    current: RawSolution,
    limits: SolveLimits,
    deadline: float,
    workers: int,
    part_clients: int,
    round_index: int,
) -> RawSolution:
    parts = _parts(problem, current.routes, part_clients, offset=(round_index % 2) * 0.5)
    used = {route.vehicle for route in current.routes}
    spare = [v for v in range(len(problem.vehicles)) if v not in used]
    waves = math.ceil(len(parts) / workers)
    remaining_s = deadline - time.perf_counter()
    # Aim for at least a few rounds: a round is a wave of parts per worker.
    # Halve the remaining time each round: early rounds long enough to restructure, later ones
    # many and short so the moving cuts let every boundary be repaired.
    slice_s = max(0.5, min(remaining_s / waves, max(2.0, remaining_s / waves / 2)))
    jobs, keys = [], []
    for k, part in enumerate(parts):
        routes = [current.routes[i] for i in part]
        nodes = [node for route in routes for node in route.nodes]
        vehicles = [route.vehicle for route in routes] + spare[k :: len(parts)]
        sub = subproblem(problem, nodes, vehicles=vehicles)
        local = {node: i + 1 for i, node in enumerate(nodes)}
        initial = {j: tuple(local[node] for node in route.nodes) for j, route in enumerate(routes)}
        budget = min(slice_s, max(0.1, deadline - time.perf_counter() - 0.2))
        jobs.append((sub, replace(limits, time_limit_s=budget, seed=limits.seed + 100 + round_index * 31 + k), initial))
        keys.append((routes, nodes, vehicles, sub))
    results = list(pool.map(_solve_job, jobs))
    new_routes: list[RawRoute] = []
    dropped = list(current.dropped)
    for (routes, nodes, vehicles, sub), result in zip(keys, results, strict=True):
        local = {node: i + 1 for i, node in enumerate(nodes)}
        old = RawSolution(
            routes=tuple(
                replace(r, vehicle=j, nodes=tuple(local[node] for node in r.nodes)) for j, r in enumerate(routes)
            ),
            dropped=(),
            found=True,
        )
        if result.found and _rank(sub, result) < _rank(sub, old):
            for route in result.routes:
                new_routes.append(
                    replace(
                        route, vehicle=vehicles[route.vehicle], nodes=tuple(nodes[node - 1] for node in route.nodes)
                    )
                )
            dropped += [nodes[node - 1] for node in result.dropped]
        else:
            new_routes.extend(routes)
    return RawSolution(
        routes=tuple(new_routes), dropped=tuple(sorted(dropped)), found=True, objective=0.0, stats=current.stats
    )
