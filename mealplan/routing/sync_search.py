"""Ruin-and-recreate search over caregivers' orders of visits, for routing with synchronised pairs.

The routing library's local search moves one visit at a time, and a pair that must start
together (or the second within a gap of the first) refuses nearly every such move: a plan with
late pairs stays near its first solution (measured on the Mankowska benchmark, docs/benchmarks.md).
Published heuristics for this problem search the *orders* instead and let a schedule decoder
give the times; so does this module:

- a solution is each caregiver's order of visits; its times are the **earliest schedule** the
  rules allow (travel, the window's start, the partner's start), the least fixed point of a
  monotone system, which for given orders minimises every start, hence the tardiness;
- inserting a visit only adds constraints, so the schedule after an insertion is found from the
  one before by pushing starts forward along the route and across pairs (a worklist), and the
  tardiness and its maximum change only where starts moved: an insertion is priced in time
  proportional to what it delays, not to the plan;
- each iteration ruins part of the plan (visits related in place and time, strings of a route,
  the latest visits or random ones) and recreates it by cheapest insertion with blinks (Christiaens
  and Vanden Berghe's SISR), accepted by simulated annealing.

Orders where the routes and the pairs' gaps wait on each other in a cycle have no schedule; an
insertion that would make one is refused. The kernels are compiled by Numba (the loops are
millions of small steps; in Python a 75-patient instance would get a hundredth of the search).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from numba import njit

EPS = 1e-9
INF = 1e18
HORIZON = 1e7  # a start later than this is a cycle growing without end
# Tuned on the benchmark's instances *_1 and *_2 of each size (docs/benchmarks.md):
HOT_SHARE, COLD_SHARE = 0.1, 0.001  # annealing temperatures, of the first plan's cost per visit
MAX_RUIN = 30  # visits a ruin takes out at most (and at most a quarter of them)
MAX_STRING = 10  # visits of one route a string ruin takes at most
BLINK = 0.01  # chance that recreate skips a place (Christiaens and Vanden Berghe)
NEIGHBOURS = 60  # places tried beside this many of a visit's nearest able others


@dataclass(frozen=True)
class SyncProblem:
    """A day of visits with synchronised pairs, as arrays (visit ``v``, vehicle ``k``).

    ``travel[a, b]`` between nodes (node 0 the depot every vehicle starts and ends at);
    ``partner[v]`` the other visit of ``v``'s pair or -1; ``is_first[v]`` whether ``v`` is its pair's
    first; ``gap_min``/``gap_max`` bound the second's start after the first's (0, 0: together).
    Tardiness ``max(0, start - late)`` is priced by ``late_weight`` (the sum) and ``max_late_weight``
    (the largest), travel by ``travel_weight``.
    """

    travel: np.ndarray  # float64[N, N]
    node: np.ndarray  # int64[V]
    duration: np.ndarray  # float64[V]
    early: np.ndarray  # float64[V], the window's start (a caregiver waits)
    late: np.ndarray  # float64[V], the window's end (soft)
    able: np.ndarray  # bool[K, V]
    partner: np.ndarray  # int64[V]
    is_first: np.ndarray  # bool[V]
    gap_min: np.ndarray  # float64[V], the same on both visits of a pair
    gap_max: np.ndarray  # float64[V]
    travel_weight: float = 1.0
    late_weight: float = 1.0
    max_late_weight: float = 1.0


@njit(cache=True)
def _pair_bound(v, start, route_of, partner, is_first, gap_min, gap_max):  # pragma: no cover - compiled
    p = partner[v]
    if p < 0 or route_of[p] < 0:
        return -INF
    if is_first[v]:
        return start[p] - gap_max[v]
    return start[p] + gap_min[v]


@njit(cache=True)
def _schedule(
    routes, lens, node, duration, early, partner, is_first, gap_min, gap_max, travel, route_of, start
):  # pragma: no cover
    """Earliest starts from scratch (passes to a fixed point); False when the orders cycle."""
    n_visits = node.shape[0]
    bound = early.copy()
    for _ in range(2 * n_visits + 10):
        for r in range(lens.shape[0]):
            clock, at = 0.0, 0
            for i in range(lens[r]):
                v = routes[r, i]
                arrive = clock + travel[at, node[v]]
                begin = arrive if arrive > bound[v] else bound[v]
                start[v] = begin
                clock, at = begin + duration[v], node[v]
        changed = False
        for v in range(n_visits):
            p = partner[v]
            if p < 0 or not is_first[v] or route_of[v] < 0 or route_of[p] < 0:
                continue
            need = start[v] + gap_min[v]
            if start[p] < need - EPS:
                bound[p] = max(bound[p], need)
                changed = True
            need = start[p] - gap_max[v]
            if start[v] < need - EPS:
                bound[v] = max(bound[v], need)
                changed = True
        if not changed:
            return True
        if start.max() > HORIZON:
            return False
    return False


@njit(cache=True)
def _totals(routes, lens, node, late, travel, start):  # pragma: no cover - compiled
    distance, total, worst = 0.0, 0.0, 0.0
    for r in range(lens.shape[0]):
        at = 0
        for i in range(lens[r]):
            v = routes[r, i]
            distance += travel[at, node[v]]
            at = node[v]
            t = start[v] - late[v]
            if t > 0:
                total += t
                if t > worst:
                    worst = t
        distance += travel[at, 0]
    return distance, total, worst


@njit(cache=True)
def _insert_at(v, r, j, routes, lens, route_of, pos_of):  # pragma: no cover - compiled
    for i in range(lens[r], j, -1):
        w = routes[r, i - 1]
        routes[r, i] = w
        pos_of[w] = i
    routes[r, j] = v
    lens[r] += 1
    route_of[v], pos_of[v] = r, j


@njit(cache=True)
def _remove(v, routes, lens, route_of, pos_of):  # pragma: no cover - compiled
    r, j = route_of[v], pos_of[v]
    for i in range(j, lens[r] - 1):
        w = routes[r, i + 1]
        routes[r, i] = w
        pos_of[w] = i
    lens[r] -= 1
    route_of[v], pos_of[v] = -1, -1


@njit(cache=True)
def _push(
    v,
    r,
    j,
    routes,
    lens,
    node,
    duration,
    early,
    late,
    partner,
    is_first,
    gap_min,
    gap_max,
    travel,
    route_of,
    pos_of,
    start,
    undo_v,
    undo_s,
    stack_r,
    stack_i,
    limit,
    cut,
    w_late,
    w_max,
    worst,
):  # pragma: no cover - compiled
    """Insert ``v`` at ``routes[r, j]`` and push the starts it delays; ``v`` must be unassigned.

    Returns (number of undo records, change of total tardiness, the largest new tardiness), or
    a negative count when the orders cycle or when the lateness the push adds (priced by
    ``w_late`` and ``w_max`` over the largest tardiness ``worst`` before) reaches ``cut``: starts
    only grow, so the price only grows, and a place already dearer than the best is dropped
    half-pushed (the starts are then left as pushed: undo them).
    """
    _insert_at(v, r, j, routes, lens, route_of, pos_of)
    n_undo = 0
    total_change, worst_new = 0.0, 0.0
    # v itself: its start was meaningless while unassigned; record it to restore
    undo_v[0], undo_s[0] = v, start[v]
    n_undo = 1
    if j == 0:
        clock, at = 0.0, 0
    else:
        u = routes[r, j - 1]
        clock, at = start[u] + duration[u], node[u]
    begin = clock + travel[at, node[v]]
    if begin < early[v]:
        begin = early[v]
    b = _pair_bound(v, start, route_of, partner, is_first, gap_min, gap_max)
    if begin < b:
        begin = b
    start[v] = begin
    t = begin - late[v]
    if t > 0:
        total_change += t
        worst_new = t
    depth = 0
    stack_r[0], stack_i[0] = r, j + 1
    depth = 1
    p = partner[v]
    if (
        p >= 0
        and route_of[p] >= 0
        and _pair_bound(p, start, route_of, partner, is_first, gap_min, gap_max) > start[p] + EPS
    ):
        stack_r[depth], stack_i[depth] = route_of[p], pos_of[p]
        depth += 1
    updates = 0
    while depth > 0:
        depth -= 1
        rr, i = stack_r[depth], stack_i[depth]
        while i < lens[rr]:
            w = routes[rr, i]
            if i == 0:
                clock, at = 0.0, 0
            else:
                u = routes[rr, i - 1]
                clock, at = start[u] + duration[u], node[u]
            begin = clock + travel[at, node[w]]
            if begin < early[w]:
                begin = early[w]
            b = _pair_bound(w, start, route_of, partner, is_first, gap_min, gap_max)
            if begin < b:
                begin = b
            if begin <= start[w] + EPS:
                break
            updates += 1
            if updates > limit or begin > HORIZON:
                return -n_undo, 0.0, 0.0
            undo_v[n_undo], undo_s[n_undo] = w, start[w]
            n_undo += 1
            before = start[w] - late[w]
            after = begin - late[w]
            total_change += (after if after > 0 else 0.0) - (before if before > 0 else 0.0)
            if after > worst_new:
                worst_new = after
            start[w] = begin
            if w_late * total_change + w_max * max(0.0, worst_new - worst) >= cut:
                return -n_undo, 0.0, 0.0
            q = partner[w]
            if (
                q >= 0
                and route_of[q] >= 0
                and _pair_bound(q, start, route_of, partner, is_first, gap_min, gap_max) > start[q] + EPS
            ):
                if depth + 1 >= stack_r.shape[0]:
                    return -n_undo, 0.0, 0.0
                stack_r[depth], stack_i[depth] = route_of[q], pos_of[q]
                depth += 1
            i += 1
    return n_undo, total_change, worst_new


@njit(cache=True)
def _undo(n_undo, undo_v, undo_s, start):  # pragma: no cover - compiled
    for k in range(n_undo - 1, -1, -1):
        start[undo_v[k]] = undo_s[k]


@njit(cache=True)
def _recreate(
    order,
    routes,
    lens,
    node,
    duration,
    early,
    late,
    able,
    partner,
    is_first,
    gap_min,
    gap_max,
    travel,
    route_of,
    pos_of,
    start,
    weights,
    worst,
    blink,
    undo_v,
    undo_s,
    stack_r,
    stack_i,
    related,
    neighbours,
):  # pragma: no cover - compiled
    """Insert each visit of ``order`` where it costs least (positions skipped with ``blink``).

    With ``neighbours`` > 0 only the places beside that many of the visit's nearest others are
    tried, and the empty routes (a big instance's every place is too many); 0 tries all.
    Returns the largest tardiness after, or -1 when a visit found no place (the orders cycle)."""
    w_travel, w_late, w_max = weights[0], weights[1], weights[2]
    limit = 10 * node.shape[0] + 100
    n_vehicles = lens.shape[0]
    n_visits = node.shape[0]
    cand_r = np.empty(2 * n_visits + n_vehicles * 2 + 2, dtype=np.int64)
    cand_j = np.empty(cand_r.shape[0], dtype=np.int64)
    for v in order:
        best, best_r, best_j = INF, -1, -1
        p = partner[v]
        for attempt in range(3):
            n_cand = 0
            if neighbours > 0 and attempt == 0:
                found = 0
                for k in range(n_visits):
                    w = related[v, k]
                    r = route_of[w]
                    if r < 0 or not able[r, v] or (p >= 0 and route_of[p] == r):
                        continue
                    found += 1
                    if found > neighbours:
                        break
                    cand_r[n_cand], cand_j[n_cand] = r, pos_of[w]
                    cand_r[n_cand + 1], cand_j[n_cand + 1] = r, pos_of[w] + 1
                    n_cand += 2
                for r in range(n_vehicles):
                    if able[r, v] and (lens[r] == 0 or np.random.random() < 0.1) and not (p >= 0 and route_of[p] == r):
                        cand_r[n_cand], cand_j[n_cand] = r, lens[r]
                        n_cand += 1
            else:
                for r in range(n_vehicles):
                    if not able[r, v] or (p >= 0 and route_of[p] == r):
                        continue
                    for j in range(lens[r] + 1):
                        if n_cand >= cand_r.shape[0]:
                            break
                        cand_r[n_cand], cand_j[n_cand] = r, j
                        n_cand += 1
            for c in range(n_cand):
                r, j = cand_r[c], cand_j[c]
                if attempt < 2 and blink > 0 and np.random.random() < blink:
                    continue
                prev = 0 if j == 0 else node[routes[r, j - 1]]
                nxt = 0 if j == lens[r] else node[routes[r, j]]
                extra = travel[prev, node[v]] + travel[node[v], nxt] - travel[prev, nxt]
                if w_travel * extra >= best:
                    continue
                n_undo, total_change, worst_new = _push(
                    v,
                    r,
                    j,
                    routes,
                    lens,
                    node,
                    duration,
                    early,
                    late,
                    partner,
                    is_first,
                    gap_min,
                    gap_max,
                    travel,
                    route_of,
                    pos_of,
                    start,
                    undo_v,
                    undo_s,
                    stack_r,
                    stack_i,
                    limit,
                    best - w_travel * extra,
                    w_late,
                    w_max,
                    worst,
                )
                if n_undo > 0:
                    cost = w_travel * extra + w_late * total_change + w_max * max(0.0, worst_new - worst)
                    if cost < best:
                        best, best_r, best_j = cost, r, j
                _undo(abs(n_undo), undo_v, undo_s, start)
                _remove(v, routes, lens, route_of, pos_of)
            if best_r >= 0:
                break
        if best_r < 0:
            return -1.0
        n_undo, total_change, worst_new = _push(
            v,
            best_r,
            best_j,
            routes,
            lens,
            node,
            duration,
            early,
            late,
            partner,
            is_first,
            gap_min,
            gap_max,
            travel,
            route_of,
            pos_of,
            start,
            undo_v,
            undo_s,
            stack_r,
            stack_i,
            limit,
            INF,
            w_late,
            w_max,
            worst,
        )
        if worst_new > worst:
            worst = worst_new
    return worst


@njit(cache=True)
def _ruin(
    method, size, seed_visit, routes, lens, route_of, pos_of, related, start, late, max_string
):  # pragma: no cover
    """Take ``size`` visits out by ``method`` (0 related, 1 strings, 2 latest, 3 random, 4 a
    whole route, however long)."""
    n_visits = route_of.shape[0]
    removed = np.empty(max(size, n_visits), dtype=np.int64)
    count = 0
    if method == 0:
        for k in range(n_visits):
            v = related[seed_visit, k]
            if route_of[v] >= 0 and np.random.random() < 0.9:
                removed[count] = v
                count += 1
                _remove(v, routes, lens, route_of, pos_of)
                if count == size:
                    break
    elif method == 1:
        touched = np.zeros(lens.shape[0], dtype=np.bool_)
        for k in range(n_visits):
            if count >= size:
                break
            v = related[seed_visit, k]
            r = route_of[v]
            if r < 0 or touched[r]:
                continue
            touched[r] = True
            length = min(1 + np.random.randint(max_string), lens[r], size - count)
            first = max(0, min(pos_of[v] - np.random.randint(length), lens[r] - length))
            for _ in range(length):
                w = routes[r, first]
                removed[count] = w
                count += 1
                _remove(w, routes, lens, route_of, pos_of)
    elif method == 2:
        lateness = np.empty(n_visits)
        for v in range(n_visits):
            lateness[v] = (start[v] - late[v]) * (0.5 + np.random.random()) if route_of[v] >= 0 else -INF
        for v in np.argsort(-lateness):
            if count == size or route_of[v] < 0:
                break
            removed[count] = v
            count += 1
            _remove(v, routes, lens, route_of, pos_of)
    elif method == 4:
        # A whole day, the shorter of two: emptying a caregiver takes every visit out at once.
        a, b = np.random.randint(lens.shape[0]), np.random.randint(lens.shape[0])
        r = a if (lens[a] > 0 and (lens[b] == 0 or lens[a] <= lens[b])) else b
        while lens[r] > 0 and count < removed.shape[0]:
            w = routes[r, lens[r] - 1]
            removed[count] = w
            count += 1
            _remove(w, routes, lens, route_of, pos_of)
    else:
        for v in np.random.permutation(n_visits):
            if count == size:
                break
            if route_of[v] >= 0:
                removed[count] = v
                count += 1
                _remove(v, routes, lens, route_of, pos_of)
    return removed[:count]


@njit(cache=True)
def _iterate(
    n_iterations,
    temperature_from,
    temperature_to,
    seed,
    routes,
    lens,
    route_of,
    pos_of,
    start,
    best_routes,
    best_lens,
    best_cost,
    current_cost,
    node,
    duration,
    early,
    late,
    able,
    partner,
    is_first,
    gap_min,
    gap_max,
    travel,
    related,
    weights,
    max_ruin,
    max_string,
    blink,
    neighbours,
):  # pragma: no cover - compiled
    """``n_iterations`` of ruin, recreate and annealed acceptance from the current solution;
    the best found is kept in ``best_*``. Returns (current cost, best cost)."""
    np.random.seed(seed)
    n_visits = node.shape[0]
    undo_v = np.empty(4 * (10 * n_visits + 110), dtype=np.int64)
    undo_s = np.empty(undo_v.shape[0])
    stack_r = np.empty(4 * n_visits + 16, dtype=np.int64)
    stack_i = np.empty(4 * n_visits + 16, dtype=np.int64)
    trial_routes, trial_lens = routes.copy(), lens.copy()
    trial_route_of, trial_pos_of, trial_start = route_of.copy(), pos_of.copy(), start.copy()
    for it in range(n_iterations):
        fraction = it / max(1, n_iterations)
        temperature = temperature_from * (temperature_to / temperature_from) ** fraction
        trial_routes[:, :] = routes
        trial_lens[:] = lens
        trial_route_of[:] = route_of
        trial_pos_of[:] = pos_of
        trial_start[:] = start
        size = 1 + np.random.randint(max_ruin)
        method = np.random.randint(5)
        if method == 2 and np.random.random() < 0.5:
            method = 0
        if method == 4 and np.random.random() < 0.75:
            method = 1
        removed = _ruin(
            method,
            size,
            np.random.randint(n_visits),
            trial_routes,
            trial_lens,
            trial_route_of,
            trial_pos_of,
            related,
            trial_start,
            late,
            max_string,
        )
        if not _schedule(
            trial_routes,
            trial_lens,
            node,
            duration,
            early,
            partner,
            is_first,
            gap_min,
            gap_max,
            travel,
            trial_route_of,
            trial_start,
        ):
            continue
        how = np.random.randint(4)
        if how == 0:
            order = removed[np.random.permutation(removed.shape[0])]
        elif how == 1:
            order = removed[np.argsort(early[removed] + np.random.random(removed.shape[0]))]
        elif how == 2:
            order = removed[np.argsort(late[removed] + np.random.random(removed.shape[0]))]
        else:
            choices = np.empty(removed.shape[0])
            for k in range(removed.shape[0]):
                choices[k] = able[:, removed[k]].sum() + np.random.random()
            order = removed[np.argsort(choices)]
        _, _, worst = _totals(trial_routes, trial_lens, node, late, travel, trial_start)
        if (
            _recreate(
                order,
                trial_routes,
                trial_lens,
                node,
                duration,
                early,
                late,
                able,
                partner,
                is_first,
                gap_min,
                gap_max,
                travel,
                trial_route_of,
                trial_pos_of,
                trial_start,
                weights,
                worst,
                blink,
                undo_v,
                undo_s,
                stack_r,
                stack_i,
                related,
                neighbours,
            )
            < 0
        ):
            continue
        distance, total, worst = _totals(trial_routes, trial_lens, node, late, travel, trial_start)
        cost = weights[0] * distance + weights[1] * total + weights[2] * worst
        if cost < current_cost - temperature * math.log(np.random.random()):
            routes[:, :] = trial_routes
            lens[:] = trial_lens
            route_of[:] = trial_route_of
            pos_of[:] = trial_pos_of
            start[:] = trial_start
            current_cost = cost
            if cost < best_cost[0] - EPS:
                best_cost[0] = cost
                best_routes[:, :] = routes
                best_lens[:] = lens
    return current_cost


def _related(problem: SyncProblem) -> np.ndarray:
    """Each visit's others, nearest first by place and by window (minutes of either)."""
    where = problem.node
    apart = problem.travel[np.ix_(where, where)]
    apart = apart + 0.5 * np.abs(problem.early[:, None] - problem.early[None, :])
    np.fill_diagonal(apart, -1.0)
    return np.argsort(apart, axis=1, kind="stable").astype(np.int64)


def _arrays(problem: SyncProblem) -> tuple[np.ndarray, ...]:
    return (
        problem.node,
        problem.duration,
        problem.early,
        problem.late,
        problem.able,
        problem.partner,
        problem.is_first,
        problem.gap_min,
        problem.gap_max,
        problem.travel,
    )


def _fresh(problem: SyncProblem) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n_vehicles, n_visits = problem.able.shape
    routes = np.full((n_vehicles, n_visits + 1), -1, dtype=np.int64)
    lens = np.zeros(n_vehicles, dtype=np.int64)
    route_of = np.full(n_visits, -1, dtype=np.int64)
    pos_of = np.full(n_visits, -1, dtype=np.int64)
    start = np.zeros(n_visits)
    return routes, lens, route_of, pos_of, start


def earliest_starts(problem: SyncProblem, orders: list[list[int]]) -> np.ndarray | None:
    """Each visit's start in the orders' earliest schedule (``None`` when the orders cycle)."""
    routes, lens, route_of, pos_of, start = _fresh(problem)
    for r, order in enumerate(orders):
        for v in order:
            _insert_at(v, r, lens[r], routes, lens, route_of, pos_of)
    node, duration, early, _, _, partner, is_first, gap_min, gap_max, travel = _arrays(problem)
    if not _schedule(routes, lens, node, duration, early, partner, is_first, gap_min, gap_max, travel, route_of, start):
        return None
    return start


def cost_of(problem: SyncProblem, orders: list[list[int]]) -> float:
    """The weighted cost of the orders' earliest schedule (``inf`` when they cycle)."""
    start = earliest_starts(problem, orders)
    if start is None:
        return math.inf
    routes, lens, route_of, pos_of, _ = _fresh(problem)
    for r, order in enumerate(orders):
        for v in order:
            _insert_at(v, r, lens[r], routes, lens, route_of, pos_of)
    distance, total, worst = _totals(routes, lens, problem.node, problem.late, problem.travel, start)
    return problem.travel_weight * distance + problem.late_weight * total + problem.max_late_weight * worst


def search(problem: SyncProblem, time_limit_s: float, seed: int = 0) -> list[list[int]]:
    """Each vehicle's order of visits, the best found in ``time_limit_s`` (every visit placed).

    Raises ``ValueError`` when a visit has no able vehicle."""
    until = time.monotonic() + time_limit_s
    n_vehicles, n_visits = problem.able.shape
    if n_visits and not problem.able.any(axis=0).all():
        raise ValueError("a visit no vehicle can make")
    node, duration, early, late, able, partner, is_first, gap_min, gap_max, travel = _arrays(problem)
    weights = np.array([problem.travel_weight, problem.late_weight, problem.max_late_weight])
    routes, lens, route_of, pos_of, start = _fresh(problem)
    undo_v = np.empty(4 * (10 * n_visits + 110), dtype=np.int64)
    undo_s = np.empty(undo_v.shape[0])
    stack_r = np.empty(4 * n_visits + 16, dtype=np.int64)
    stack_i = np.empty(4 * n_visits + 16, dtype=np.int64)
    # The first plan: by window start, the pairs' firsts first, no blinks.
    order = np.lexsort((~is_first, early)).astype(np.int64)
    worst = _recreate(
        order,
        routes,
        lens,
        node,
        duration,
        early,
        late,
        able,
        partner,
        is_first,
        gap_min,
        gap_max,
        travel,
        route_of,
        pos_of,
        start,
        weights,
        0.0,
        0.0,
        undo_v,
        undo_s,
        stack_r,
        stack_i,
        np.zeros((1, 1), np.int64),
        0,
    )
    if worst < 0:
        raise ValueError("no first plan: the pairs' gaps cycle in every order tried")
    distance, total, worst = _totals(routes, lens, node, late, travel, start)
    current = float(weights @ np.array([distance, total, worst]))
    best_routes, best_lens = routes.copy(), lens.copy()
    best_cost = np.array([current])
    related = _related(problem)
    # Temperatures as shares of the first plan's cost per visit: early on a move that loses a
    # few minutes is taken often, at the end hardly ever.
    scale = current / max(1, n_visits)
    hot, cold = HOT_SHARE * scale, COLD_SHARE * scale
    max_ruin = max(2, min(MAX_RUIN, n_visits // 4))
    started = time.monotonic()
    chunk, rng = 50, np.random.default_rng(seed)
    while True:
        now = time.monotonic()
        if now >= until:
            break
        span = max(until - started, 1e-9)
        done_share = (now - started) / span
        tick = time.monotonic()
        t_from = hot * (cold / hot) ** done_share
        current = _iterate(
            chunk,
            t_from,
            t_from,
            int(rng.integers(2**31)),
            routes,
            lens,
            route_of,
            pos_of,
            start,
            best_routes,
            best_lens,
            best_cost,
            current,
            node,
            duration,
            early,
            late,
            able,
            partner,
            is_first,
            gap_min,
            gap_max,
            travel,
            related,
            weights,
            max_ruin,
            MAX_STRING,
            BLINK,
            NEIGHBOURS,
        )
        took = time.monotonic() - tick
        # Chunks of about a twentieth of a second: the clock is read often enough to stop on time.
        chunk = int(min(max(1, chunk * 0.05 / max(took, 1e-4)), 10**6))
        if time.monotonic() + took > until:
            chunk = max(1, int(chunk * (until - time.monotonic()) / max(took, 1e-4)))
    return [[int(v) for v in best_routes[r, : best_lens[r]]] for r in range(n_vehicles)]
