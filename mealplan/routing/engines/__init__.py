"""Routing engines behind one interface: ``RoutingProblem`` + ``SolveLimits`` in, ``RawSolution`` out."""

from __future__ import annotations

from mealplan.routing.engines.base import Engine

ENGINES = ("pyvrp", "ortools")
DEFAULT_ENGINE = "pyvrp"
# Seconds of wall time for routing a whole night, all kitchens together, when a caller gives
# routing its own budget (benchmarks, scenarios); the nightly command's budget is the whole
# night (NIGHT_BUDGET_S, mealplan.pipeline.routing_budget_s).
DEFAULT_TIME_LIMIT_S = 50.0
# The nightly command's --time-limit: the whole command, reading to the history record. 50 s
# keeps the bundled Sofia night under 55 s of wall time on 2 cores (docs/benchmarks.md).
NIGHT_BUDGET_S = 50.0


def get_engine(name: str) -> Engine:
    """The solve function of engine ``name``; imported lazily so a worker loads only what it uses."""
    if name == "pyvrp":
        from mealplan.routing.engines.portfolio import solve_parallel

        return solve_parallel
    if name == "ortools":
        from mealplan.routing.engines.ortools_engine import solve_ortools

        return solve_ortools
    raise ValueError(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")
