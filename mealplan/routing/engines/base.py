"""What every engine returns: plain node sequences and times, never solver objects."""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Protocol

from mealplan.routing.problem import RoutingProblem


@dataclass(frozen=True)
class RawRoute:
    vehicle: int
    nodes: tuple[int, ...]  # visited order nodes, depot excluded
    start_s: int  # leaves the kitchen
    end_s: int  # back at the kitchen
    arrival_s: tuple[int, ...] = ()  # service start per node, if the engine provides it


@dataclass(frozen=True)
class RawSolution:
    routes: tuple[RawRoute, ...]
    dropped: tuple[int, ...]
    found: bool  # False: no solution at all (every node is then in dropped)
    objective: float = 0.0
    wall_s: float = 0.0
    stats: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class SolveLimits:
    time_limit_s: float
    seed: int = 0
    solution_limit: int | None = None  # with a seed: byte-identical reruns
    workers: int = 1  # processes one problem may use (the nightly plan runs kitchens side by side instead)


class EngineError(Exception):
    """A solver failed in a way we know of (it refused the model, or lost a worker process)."""


# What one kitchen's solve may raise without stopping the night: a solver's known failure, a
# worker process killed under it (out of memory), or memory running out in this process. Any
# other exception is a bug and must stop the run loudly.
EXPECTED_SOLVER_ERRORS: tuple[type[BaseException], ...] = (EngineError, MemoryError, BrokenProcessPool)


class Engine(Protocol):
    def __call__(self, problem: RoutingProblem, limits: SolveLimits) -> RawSolution: ...
