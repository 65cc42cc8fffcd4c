"""Scenario sweeps: every (variant, date) plan is an independent task on a Dask cluster.

Default: a ``LocalCluster`` with one single-threaded worker process per core here; with
``scheduler`` an existing cluster (``tcp://host:8786``). Each task reads the base data folder
itself (workers must reach it by the same path; a city IT department mounts it on every
worker), applies the scenario's changes, plans one date with its own time limit on one core,
and returns the summary, which is written as soon as it comes back: a killed sweep keeps what
finished, and a rerun skips it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mealplan.errors import InputError, ServiceError
from mealplan.io.safe import safe_filename
from mealplan.io.writers.comparison import result_done, result_path, save_result
from mealplan.planning.scenarios import apply_changes, variants
from mealplan.scenario import Changes, Scenario

BASE = "base"
SCHEDULER_TIMEOUT_S = 10  # a cluster on the city's network answers in well under a second


@dataclass(frozen=True)
class PlanTask:
    variant: str
    base: str  # data folder, absolute
    date: dt.date
    changes: Changes | None  # None: the base itself
    time_limit_s: float
    seed: int
    solution_limit: int | None = None
    group: str = ""  # the scenario a variant belongs to; a site question's candidates share it
    kind: str = "compare"  # "base", "compare" or "kitchen_site"
    base_variant: str = ""  # the plan this one is compared against


def tasks_for(scenarios: list[tuple[Path, Scenario]]) -> list[PlanTask]:
    """Every plan the scenarios ask for, the base of each data folder once per date included.

    Two variants of one name from different places, or two names that would share a result file,
    are an input error naming both: one plan must never silently overwrite another.
    """
    tasks: dict[tuple[str, str], PlanTask] = {}
    owners: dict[str, str] = {}  # variant -> where it comes from (a scenario file, a base folder)
    files: dict[str, str] = {}  # result folder (case-folded) -> variant
    for path, scenario in scenarios:
        base = str((path.parent / scenario.base).resolve())
        base_variant = f"{BASE} ({Path(base).name})"
        _claim(base_variant, base, owners, files)
        names = [name for name, _ in variants(scenario)]
        for i, name in enumerate(names):
            if name in names[:i]:  # two candidate sites of one name
                raise InputError("scenario_duplicate", name=name, first=str(path), second=str(path))
            _claim(name, f"{path}: {name}", owners, files)
        for day in scenario.dates:
            budget = (scenario.time_limit_s, scenario.seed, scenario.solution_limit)
            tasks.setdefault(
                (base_variant, day.isoformat()),
                PlanTask(base_variant, base, day, None, *budget, BASE, BASE, base_variant),
            )
            for name, changes in variants(scenario):
                tasks[(name, day.isoformat())] = PlanTask(
                    name, base, day, changes, *budget, scenario.name, scenario.kind, base_variant
                )
    return list(tasks.values())


def _claim(variant: str, owner: str, owners: dict[str, str], files: dict[str, str]) -> None:
    if owners.setdefault(variant, owner) != owner:
        raise InputError("scenario_duplicate", name=variant, first=owners[variant], second=owner)
    folder = safe_filename(variant).casefold()
    if files.setdefault(folder, variant) != variant:
        raise InputError("scenario_duplicate", name=variant, first=files[folder], second=variant)


def plan_task(task: PlanTask) -> dict:
    """One plan of a sweep, run where the task lands: its summary plus what a comparison needs."""
    from mealplan.io.readers.dataset import read_dataset
    from mealplan.night import NightConfig, plan_night
    from mealplan.pipeline import RunConfig

    dataset = read_dataset(Path(task.base))
    if task.changes is not None:
        dataset = apply_changes(dataset, task.changes, task.seed)
    config = RunConfig(
        data_dir=Path(task.base),
        date=task.date,
        time_limit_s=task.time_limit_s,
        seed=task.seed,
        solution_limit=task.solution_limit,
        workers=1,
    )
    # The same night as `mealplan plan`, planned and summarised only: a what-if writes no sheets
    # and records nothing.
    night = plan_night(NightConfig(run=config, write=False), dataset=dataset)
    plan, dataset, summary = night.plan, night.dataset, night.summary.as_json()
    capacity = {k.kitchen_id: k.capacity_portions for k in dataset.kitchens}
    for kitchen in summary["kitchens"]:
        portions = sum(r.portions for r in plan.routes if r.kitchen_id == kitchen["kitchen_id"])
        kitchen["portions"] = portions
        total = capacity.get(kitchen["kitchen_id"], 0)
        kitchen["utilisation_pct"] = round(100 * portions / total, 1) if total else 0.0
    missing: dict[str, int] = {}
    for u in plan.unserved:
        if u.reason.value == "fleet_capacity" and u.kitchen_id:
            missing[u.kitchen_id] = max(missing.get(u.kitchen_id, 0), int(u.args.get("vans", 0)))
    summary["vans_missing"] = sum(missing.values())
    return summary


def run_sweep(
    tasks: list[PlanTask],
    out: Path,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int, float], None] = lambda done, total, elapsed: None,
) -> tuple[int, int]:
    """Run the tasks not yet done; returns (run now, skipped as already done)."""
    from distributed import Client, LocalCluster, as_completed

    todo = [t for t in tasks if not result_done(result_path(out, t.variant, t.date.isoformat()))]
    skipped = len(tasks) - len(todo)
    if not todo:
        return 0, skipped
    started = time.perf_counter()
    cluster = None
    if scheduler is None:
        import os

        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
    try:
        client = Client(scheduler or cluster, timeout=SCHEDULER_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as error:
        if cluster is not None:
            cluster.close()
        detail = (str(error).splitlines() or [type(error).__name__])[0]
        raise ServiceError("scheduler_unreachable", address=scheduler or "", detail=detail) from None
    try:
        futures = {client.submit(plan_task, task, pure=False): task for task in todo}
        for done, future in enumerate(as_completed(futures), 1):
            task = futures[future]
            found = future.result() | {"group": task.group, "kind": task.kind, "base_variant": task.base_variant}
            save_result(out, task.variant, task.date.isoformat(), found)
            progress(done, len(todo), time.perf_counter() - started)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return len(todo), skipped


def check_references(path: Path, scenario: Scenario) -> None:
    """Refuse a scenario that names a kitchen or van its base data does not have, each with its
    key path and value, before a cluster starts (and not as a KeyError halfway)."""
    from mealplan.io.readers.dataset import read_dataset
    from mealplan.models import Problem
    from mealplan.planning.scenarios import unknown_references

    base = read_dataset((path.parent / scenario.base).resolve())
    found: dict[tuple[str, str], None] = {}
    for _, changes in variants(scenario):
        found |= dict.fromkeys(unknown_references(changes, base))
    if found:
        problems = tuple(
            Problem(file=path.name, column=where, value=value, code="scenario_unknown", expected="scenario_known")
            for where, value in found
        )
        raise InputError("bad_scenario", problems=problems, file=str(path))
