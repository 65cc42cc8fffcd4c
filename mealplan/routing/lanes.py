"""The night's kitchens on the cores: big kitchens cut into sectors, parts packed into lanes.

Each lane is a worker process that solves its parts one after another (``routing/kitchen.py``),
each with its share of the time left to one shared deadline. A failure in one kitchen turns its
orders into "unserved: solver failed" and leaves the others' routes intact.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, replace

import numpy as np

from mealplan.models import (
    Kitchen,
    KitchenRoutingStats,
    Order,
    Unserved,
    Van,
)
from mealplan.processes import worker_pool
from mealplan.routing.engines import DEFAULT_ENGINE, DEFAULT_TIME_LIMIT_S
from mealplan.routing.engines.base import SolveLimits
from mealplan.routing.kitchen import MIN_SEARCH_S, KitchenResult, Stability, route_kitchen, screen
from mealplan.routing.problem import AS_MODELLED, StreetRules, build_problem
from mealplan.routing.travel import StraightLineTravel, TravelTimeSource


def plan_lanes(sizes: list[int], lanes: int) -> list[list[int]]:
    """Job indices per lane: largest job first, each to the lane with the least work so far.

    Longest-processing-time-first keeps lanes within a job of each other, so with budgets
    scaled per lane (see ``_run_lane``) every core searches until the deadline instead of
    idling while another core finishes a queue that ``pool.map`` happened to make longer.
    """
    load = [0] * max(1, lanes)
    plan: list[list[int]] = [[] for _ in load]
    for job in sorted(range(len(sizes)), key=lambda j: (-sizes[j], j)):
        lane = load.index(min(load))
        plan[lane].append(job)
        load[lane] += sizes[job]
    return [jobs for jobs in plan if jobs]


# Share of the time limit the lanes search for; the rest covers starting the workers and
# merging. Lanes end on their deadline (they set aside the time after each search), so this
# is no longer a guess at their overrun: 0.95 left 1.5 s of a 50 s night unused.
SOLVE_SHARE = 0.98
# Handing routes back from the workers and merging them, per order: measured 2.0 s for 90,538
# orders on 2 cores (about 1.4 s of it unpickling the routes' models). Set aside before the
# deadline so the whole routing step, not only the search, ends within the limit.
RESULTS_S_PER_ORDER = 2.5e-5


@dataclass(frozen=True)
class Part:
    """One problem of the night: a kitchen, or a sector of a big one, with its vans and orders."""

    kitchen: Kitchen
    vans: list[Van]
    orders: list[Order]


@dataclass(frozen=True)
class KitchenJob:
    """A part as a lane's worker solves it: with its slice of the matrices and its settings."""

    part: Part
    travel: TravelTimeSource
    limits: SolveLimits
    engine: str
    stability: Stability | None
    street: StreetRules


def _run_lane(jobs: list[KitchenJob], deadline: float) -> list[KitchenResult]:
    """Solve ``jobs`` one after another, each with its share of the time left to ``deadline``.

    ``deadline`` is on the ``time.monotonic`` clock, which Linux shares between processes, so
    the time a worker took to start comes off the search, not on top of the limit.
    """
    results = []
    orders_left = sum(len(job.part.orders) for job in jobs) or 1
    # A problem also takes time after its search (timetables, the checker): measured on the
    # problems done so far and set aside for those still queued, so the lane ends on time
    # whether it has 1 problem or 90 (a 100,000-client city ended 4.9 s late without it).
    overruns: list[float] = []
    for index, job in enumerate(jobs):
        part = job.part
        after_search_s = (sum(overruns) / len(overruns)) if overruns else 0.0
        left_s = deadline - time.monotonic() - after_search_s * (len(jobs) - index)
        budget_s = max(MIN_SEARCH_S, left_s * len(part.orders) / orders_left)
        orders_left = max(1, orders_left - len(part.orders))
        started = time.monotonic()
        limits = replace(job.limits, time_limit_s=budget_s)
        results.append(
            route_kitchen(
                part.kitchen, part.vans, part.orders, job.travel, limits, job.engine, job.stability, job.street
            )
        )
        overruns.append(max(0.0, time.monotonic() - started - budget_s))
    return results


MAX_ORDERS_PER_PROBLEM = 500


def split_kitchen(
    kitchen: Kitchen, vans: list[Van], orders: list[Order], max_orders: int = MAX_ORDERS_PER_PROBLEM
) -> list[tuple[list[Van], list[Order]]]:
    """Cut a big kitchen into angular sectors around it, each with its share of the vans.

    OR-Tools' search degrades fast beyond a few hundred stops (at ~2,000 stops and 24 s it
    served under half the clients that it serves when the same kitchen is cut into sectors).
    Orders are swept by bearing from the kitchen, starting at the widest empty gap so no dense
    neighbourhood is cut in two, and split into equal runs; vans go to sectors in proportion to
    their portions, at least one each. Orders without coordinates stay with the first sector
    (they are screened out there anyway).
    """
    located = [o for o in orders if o.lat is not None and o.lon is not None]
    parts = min(math.ceil(len(located) / max_orders), max(1, len(vans)))
    if parts <= 1:
        return [(vans, orders)]
    bearing = np.arctan2(
        np.array([o.lat for o in located]) - kitchen.lat,
        (np.array([o.lon for o in located]) - kitchen.lon) * math.cos(math.radians(kitchen.lat)),
    )
    order_idx = np.argsort(bearing, kind="stable")
    sorted_bearing = bearing[order_idx]
    gaps = np.diff(np.concatenate([sorted_bearing, sorted_bearing[:1] + 2 * math.pi]))
    start = (int(np.argmax(gaps)) + 1) % len(located)
    ring = np.roll(order_idx, -start)
    chunks = np.array_split(ring, parts)
    sectors = [[located[i] for i in chunk] for chunk in chunks]
    sectors[0] = sectors[0] + [o for o in orders if o.lat is None or o.lon is None]
    portions = [sum(o.portions for o in sector) for sector in sectors]
    # Largest remainder, at least one van per sector.
    ordered_vans = sorted(vans, key=lambda v: v.van_id)
    quotas = [max(1.0, len(vans) * p / max(1, sum(portions))) for p in portions]
    counts = [int(q) for q in quotas]
    for i in sorted(range(parts), key=lambda i: -(quotas[i] - counts[i]))[: max(0, len(vans) - sum(counts))]:
        counts[i] += 1
    while sum(counts) > len(vans):
        counts[counts.index(max(counts))] -= 1
    result, cursor = [], 0
    for sector, count in zip(sectors, counts, strict=True):
        result.append((ordered_vans[cursor : cursor + count], sector))
        cursor += count
    return result


def plan_parts(orders_by_kitchen: dict[str, tuple[Order, ...]], kitchens: list[Kitchen], vans: list[Van]) -> list[Part]:
    """The night's routing problems: each kitchen with orders, big ones cut into sectors.

    Deterministic in its inputs, so the road matrices can be computed for exactly the problems
    ``route_all`` will solve (``routing.roads.road_travel``).
    """
    parts: list[Part] = []
    for kitchen in sorted(kitchens, key=lambda k: k.kitchen_id):
        orders = list(orders_by_kitchen.get(kitchen.kitchen_id, ()))
        if not orders:
            continue
        kitchen_vans = [v for v in vans if v.kitchen_id == kitchen.kitchen_id]
        for part_vans, part_orders in split_kitchen(kitchen, kitchen_vans, orders):
            parts.append(Part(kitchen, part_vans, part_orders))
    return parts


def screen_all(parts: list[Part], travel: TravelTimeSource, street: StreetRules = AS_MODELLED) -> list[Unserved]:
    """Every order that no van of its kitchen could serve even alone, with why, without solving.

    ``mealplan validate`` uses it to report before the night what the plan would leave unserved,
    on the night's own problems (``plan_parts``): on roads, those are the blocks computed.
    """
    lost: list[Unserved] = []
    for part in parts:
        problem = build_problem(part.kitchen, part.vans, part.orders, travel, street=street)
        _, reasons = screen(problem)
        for node, (reason, args) in reasons.items():
            lost.append(Unserved.of(part.orders[node - 1], reason, args, part.kitchen.kitchen_id))
    return sorted(lost, key=lambda u: u.row)


def _merge(kitchen_id: str, results: list[KitchenResult]) -> KitchenResult:
    if len(results) == 1:
        return results[0]
    statuses = [r.stats.status for r in results]
    return KitchenResult(
        routes=tuple(route for r in results for route in r.routes),
        unserved=tuple(u for r in results for u in r.unserved),
        violations=tuple(v for r in results for v in r.violations),
        stats=KitchenRoutingStats(
            kitchen_id=kitchen_id,
            orders=sum(r.stats.orders for r in results),
            routed=sum(r.stats.routed for r in results),
            vans_used=sum(r.stats.vans_used for r in results),
            routes=sum(r.stats.routes for r in results),
            distance_m=sum(r.stats.distance_m for r in results),
            solve_s=max(r.stats.solve_s for r in results),
            status=next((s for s in statuses if s != "ok"), "ok") + f" ({len(results)} sectors)",
        ),
    )


def _slice(travel: TravelTimeSource, kitchen: Kitchen, orders: list[Order]) -> TravelTimeSource:
    located = [o for o in orders if o.lat is not None and o.lon is not None]
    lats = np.array([kitchen.lat, *[o.lat for o in located]], dtype=float)
    lons = np.array([kitchen.lon, *[o.lon for o in located]], dtype=float)
    return travel.restrict(lats, lons)


def route_all(
    orders_by_kitchen: dict[str, tuple[Order, ...]],
    kitchens: list[Kitchen],
    vans: list[Van],
    travel: TravelTimeSource | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    seed: int = 0,
    solution_limit: int | None = None,
    workers: int | None = None,
    engine: str = DEFAULT_ENGINE,
    stability: Stability | None = None,
    street: StreetRules = AS_MODELLED,
    parts: list[Part] | None = None,
) -> list[KitchenResult]:
    """Route every kitchen within ``time_limit_s`` of wall time in total.

    Kitchens (or their sectors) are dealt to up to ``workers`` lanes (default: the CPU count),
    each a worker process that solves its share one after another; within a lane each problem
    gets the time left in proportion to its orders, so every lane ends at the deadline and big
    kitchens get more search. ``parts`` are the problems when the caller made them already
    (the road matrices were computed for them); else ``plan_parts`` makes them.
    """
    travel = travel or StraightLineTravel()
    workers = max(1, workers or os.cpu_count() or 1)
    if parts is None:
        parts = plan_parts(orders_by_kitchen, kitchens, vans)
    lanes = plan_lanes([len(p.orders) for p in parts], min(workers, len(parts)))
    # Fewer problems than cores (a small city, one kitchen): each problem's engine gets the spare
    # cores for parallel seeds instead of leaving them idle.
    per_part_workers = max(1, workers // max(1, len(parts)))
    limits = SolveLimits(time_limit_s=time_limit_s, seed=seed, solution_limit=solution_limit, workers=per_part_workers)
    # Each job carries only its own slice of the night's matrices: road blocks are computed once
    # in the parent, and a worker is sent the rows of its sector, not the city.
    jobs = [
        [
            KitchenJob(
                part=parts[j],
                travel=_slice(travel, parts[j].kitchen, parts[j].orders),
                limits=limits,
                engine=engine,
                stability=stability.only(parts[j].orders) if stability else None,
                street=street,
            )
            for j in lane
        ]
        for lane in lanes
    ]
    n_orders = sum(len(p.orders) for p in parts)
    deadline = time.monotonic() + time_limit_s * SOLVE_SHARE - n_orders * RESULTS_S_PER_ORDER
    if len(jobs) <= 1:
        results = [r for lane_jobs in jobs for r in _run_lane(lane_jobs, deadline)]
    else:
        with worker_pool(len(jobs)) as pool:
            futures = [pool.submit(_run_lane, lane_jobs, deadline) for lane_jobs in jobs]
            results = [r for future in futures for r in future.result()]
    by_kitchen: dict[str, list[KitchenResult]] = {}
    for result in results:
        by_kitchen.setdefault(result.stats.kitchen_id, []).append(result)
    merged = [_merge(kitchen_id, rs) for kitchen_id, rs in by_kitchen.items()]
    empty = [route_kitchen(k, [], [], travel, SolveLimits(0.0)) for k in kitchens if k.kitchen_id not in by_kitchen]
    return sorted(merged + empty, key=lambda r: r.stats.kitchen_id)
