"""The night's budget is the whole command: routing gets what is left after the stages before it
and an estimate of those after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mealplan.pipeline import (
    AFTER_ROUTING_FIXED_S,
    AFTER_ROUTING_PER_ORDER_ON_ROADS_S,
    AFTER_ROUTING_PER_ORDER_S,
    MIN_ROUTING_S,
    RunConfig,
    routing_budget_s,
)
from tests.helpers import run_plan

DATA = Path("unused")


def test_without_a_deadline_the_time_limit_is_routings_alone():
    """Benchmarks, scenarios and library calls give routing its own budget."""
    assert routing_budget_s(RunConfig(data_dir=DATA, time_limit_s=30), 2000, on_roads=False, now=0.0) == 30


def test_with_a_deadline_routing_gets_what_is_left_after_the_stages_to_come():
    """50 s from the start, 1.2 s already spent reading: 2,000 orders leave 50 - 1.2 - (1 + 5) s."""
    config = RunConfig(data_dir=DATA, time_limit_s=50, deadline=100.0 + 50)
    after = AFTER_ROUTING_FIXED_S + 2000 * AFTER_ROUTING_PER_ORDER_S
    assert routing_budget_s(config, 2000, on_roads=False, now=101.2) == pytest.approx(50 - 1.2 - after)
    on_roads = routing_budget_s(config, 2000, on_roads=True, now=101.2)
    assert on_roads == pytest.approx(50 - 1.2 - after - 2000 * AFTER_ROUTING_PER_ORDER_ON_ROADS_S)


def test_a_budget_too_small_for_the_night_keeps_half_of_it_for_routing():
    """100,000 orders would need minutes of writing: routing still searches for half the budget
    (the command overruns and says how long it took), and never for less than a second."""
    config = RunConfig(data_dir=DATA, time_limit_s=50, deadline=60.0)
    assert routing_budget_s(config, 100_000, on_roads=True, now=11.0) == 25
    tiny = RunConfig(data_dir=DATA, time_limit_s=1, deadline=10.0)
    assert routing_budget_s(tiny, 100_000, on_roads=True, now=9.5) == MIN_ROUTING_S


def test_the_command_gives_routing_its_budget_less_what_the_night_needs_around_it(small_dir, tmp_path, monkeypatch):
    """`plan --time-limit 20` hands routing less than 20 s: the rest of the night is in the 20."""
    import mealplan.pipeline as pipeline

    given: list[float] = []
    real = pipeline.route_all

    def spy(*args, **kwargs):
        given.append(kwargs["time_limit_s"])
        return real(*args, **{**kwargs, "time_limit_s": 1.0})

    monkeypatch.setattr(pipeline, "route_all", spy)
    result = run_plan(small_dir, tmp_path / "out", "2026-11-25", "--no-history", time_limit="20")
    assert result.exit_code == 0, result.output
    assert len(given) == 1 and 10 < given[0] < 20 - AFTER_ROUTING_FIXED_S
