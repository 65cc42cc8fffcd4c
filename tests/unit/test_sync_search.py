"""The order search for synchronised visits (``routing.sync_search``): its schedule decoder agrees
with the benchmark's judge, an insertion's pushed schedule is the one computed afresh, and the
search finds the best plan of instances small enough to enumerate."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mealplan.routing import sync_search
from mealplan.routing.hhcrsp import judge_hhcrsp, solve_hhcrsp, sync_problem
from mealplan.visit_models import HhcInstance, HhcPatient, HhcRoute, HhcStop


def random_instance(seed: int, patients: int = 6, caregivers: int = 3) -> HhcInstance:
    """A small instance: places on a 60 x 60 square, windows of 30-90 min, a third of the
    patients with two services (simultaneous or sequential), caregivers with one or two skills."""
    rng = np.random.default_rng(seed)
    points = [(30.0, 30.0)] + [tuple(float(x) for x in rng.uniform(0, 60, 2)) for _ in range(patients)]
    found = []
    for k in range(patients):
        opens = float(rng.uniform(0, 120))
        services: tuple[tuple[str, float], ...] = ((f"s{rng.integers(1, 3)}", float(rng.integers(5, 20))),)
        sync, low, high = "", 0.0, 0.0
        if rng.random() < 0.35:
            services = (("s1", float(rng.integers(5, 15))), ("s2", float(rng.integers(5, 15))))
            if rng.random() < 0.5:
                sync = "simultaneous"
            else:
                sync, low = "sequential", float(rng.integers(0, 20))
                high = low + float(rng.integers(0, 30))
        found.append(
            HhcPatient(
                patient_id=f"p{k + 1}",
                location=k + 1,
                window_start=opens,
                window_end=opens + float(rng.uniform(30, 90)),
                services=services,
                sync=sync,
                gap_min=low,
                gap_max=high,
            )
        )
    skills = [frozenset({"s1", "s2"})] + [frozenset({f"s{1 + k % 2}"}) for k in range(1, caregivers)]
    return HhcInstance(
        name=f"random_{seed}",
        caregivers=tuple((f"c{k + 1}", skills[k]) for k in range(caregivers)),
        patients=tuple(found),
        points=tuple(points),
        distances=tuple(tuple(math.dist(a, b) for b in points) for a in points),
    )


def random_orders(instance: HhcInstance, rng: np.random.Generator) -> list[list[int]]:
    """Each visit dealt to a random able caregiver, a pair's two to two of them, in random order."""
    problem, _ = sync_problem(instance)
    orders: list[list[int]] = [[] for _ in instance.caregivers]
    for v in rng.permutation(len(problem.node)):
        able = [k for k in range(len(orders)) if problem.able[k, v]]
        partner = problem.partner[v]
        able = [k for k in able if partner < 0 or partner not in orders[k]]
        chosen = orders[int(rng.choice(able))]
        chosen.insert(int(rng.integers(0, 1 + len(chosen))), int(v))
    return orders


def routes_of(instance: HhcInstance, orders: list[list[int]]) -> tuple[HhcRoute, ...]:
    _, visits = sync_problem(instance)
    return tuple(
        HhcRoute(
            caregiver_id=caregiver_id,
            stops=tuple(HhcStop(patient_id=visits[v][0], service=visits[v][1], start=0, end=0) for v in order),
        )
        for (caregiver_id, _), order in zip(instance.caregivers, orders, strict=True)
    )


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6))
def test_the_decoder_gives_the_judges_starts_and_cost_for_any_orders(seed):
    """For any orders the search's earliest schedule is the judge's, start by start, and so is
    the price; orders whose pairs wait on each other in a cycle have no schedule for either."""
    instance = random_instance(seed)
    problem, _ = sync_problem(instance)
    orders = random_orders(instance, np.random.default_rng(seed))
    judged = judge_hhcrsp(instance, routes_of(instance, orders))
    starts = sync_search.earliest_starts(problem, orders)
    if starts is None:
        assert not judged.feasible and any("cycle" in p for p in judged.problems)
        assert sync_search.cost_of(problem, orders) == math.inf
        return
    assert judged.feasible, judged.problems
    for route, order in zip(judged.routes, orders, strict=True):
        assert [stop.start for stop in route.stops] == pytest.approx([starts[v] for v in order])
    assert sync_search.cost_of(problem, orders) / 3 == pytest.approx(judged.cost)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6))
def test_an_insertion_pushes_the_schedule_to_the_one_computed_afresh(seed):
    """The search prices an insertion by pushing starts forward from the schedule before it; the
    result must be the earliest schedule of the new orders, and undoing must restore the old."""
    instance = random_instance(seed, patients=8)
    problem, _ = sync_problem(instance)
    rng = np.random.default_rng(seed)
    orders = random_orders(instance, rng)
    if sync_search.earliest_starts(problem, orders) is None:
        return
    v = int(rng.choice([v for order in orders for v in order]))
    for order in orders:
        if v in order:
            order.remove(v)
    before = sync_search.earliest_starts(problem, orders)
    assert before is not None  # fewer constraints never cycle where more did not
    routes, lens, route_of, pos_of, start = sync_search._fresh(problem)
    for r, order in enumerate(orders):
        for w in order:
            sync_search._insert_at(w, r, lens[r], routes, lens, route_of, pos_of)
    start[:] = before
    r = int(rng.choice([k for k in range(len(orders)) if problem.able[k, v] and problem.partner[v] not in orders[k]]))
    j = int(rng.integers(0, len(orders[r]) + 1))
    undo_v, undo_s = np.empty(10_000, dtype=np.int64), np.empty(10_000)
    stack_r, stack_i = np.empty(1_000, dtype=np.int64), np.empty(1_000, dtype=np.int64)
    n_undo, total_change, _ = sync_search._push(
        v, r, j, routes, lens, problem.node, problem.duration, problem.early, problem.late, problem.partner,
        problem.is_first, problem.gap_min, problem.gap_max, problem.travel, route_of, pos_of, start, undo_v, undo_s,
        stack_r, stack_i, 10_000, math.inf, 1.0, 1.0, 0.0,
    )  # fmt: skip
    orders[r].insert(j, v)
    afresh = sync_search.earliest_starts(problem, orders)
    if n_undo < 0:
        assert afresh is None
    else:
        assert afresh is not None
        placed = [w for order in orders for w in order]
        assert start[placed] == pytest.approx(afresh[placed])
        late_before = sum(max(0.0, before[w] - problem.late[w]) for w in placed if w != v)
        late_after = sum(max(0.0, afresh[w] - problem.late[w]) for w in placed)
        assert total_change == pytest.approx(late_after - late_before)
    sync_search._undo(abs(n_undo), undo_v, undo_s, start)
    kept = [w for w in range(len(problem.node)) if w != v]
    assert start[kept] == pytest.approx(before[kept])


def best_by_enumeration(instance: HhcInstance) -> float:
    problem, _ = sync_problem(instance)
    n_visits, n_givers = len(problem.node), len(instance.caregivers)
    best = math.inf
    for dealt in itertools.product(range(n_givers), repeat=n_visits):
        if any(not problem.able[k, v] for v, k in enumerate(dealt)):
            continue
        if any(p >= 0 and dealt[v] == dealt[p] for v, p in enumerate(problem.partner)):
            continue
        groups = [[v for v in range(n_visits) if dealt[v] == k] for k in range(n_givers)]
        for orders in itertools.product(*(itertools.permutations(g) for g in groups)):
            best = min(best, sync_search.cost_of(problem, [list(o) for o in orders]))
    return best / 3


@pytest.mark.parametrize("seed", [3, 11, 12])
def test_the_search_finds_the_best_plan_of_an_instance_small_enough_to_enumerate(seed):
    instance = random_instance(seed, patients=4, caregivers=2)
    judged = judge_hhcrsp(instance, solve_hhcrsp(instance, 1.0, seed=seed))
    assert judged.feasible, judged.problems
    assert judged.cost == pytest.approx(best_by_enumeration(instance))


def test_more_workers_search_from_other_seeds_and_keep_the_cheapest(tmp_path):
    instance = random_instance(5, patients=12, caregivers=3)
    judged = judge_hhcrsp(instance, solve_hhcrsp(instance, 2.0, workers=2))
    assert judged.feasible, judged.problems


def test_both_engines_serve_every_service_and_an_unknown_engine_is_refused():
    instance = random_instance(7)
    for engine in ("orders", "visits"):
        assert judge_hhcrsp(instance, solve_hhcrsp(instance, 1.0, engine=engine)).feasible
    with pytest.raises(ValueError, match="unknown engine"):
        solve_hhcrsp(instance, 1.0, engine="magic")


def test_a_service_no_caregiver_gives_is_refused_before_searching():
    instance = random_instance(7)
    nobody = instance.model_copy(update={"caregivers": tuple((c, frozenset({"s9"})) for c, _ in instance.caregivers)})
    with pytest.raises(ValueError, match="no vehicle can make"):
        solve_hhcrsp(nobody, 1.0)
