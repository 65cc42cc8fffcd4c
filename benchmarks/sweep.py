"""Scenario sweep: a local two-worker Dask cluster against the same plans one after another.

    python benchmarks/sweep.py [--dates 10] [--time-limit 5] [--solution-limit 300]

Writes the five shipped scenarios with the first N working days from 2026-11-23 and a fixed
budget per plan (one core, --time-limit, and --solution-limit so every plan is reproducible
whatever the load), then times: (1) every plan one after another in this process, (2) the same
plans on a LocalCluster with two single-threaded workers. Reports wall times and their ratio,
the largest difference in route hours between a plan in the sweep and the same plan alone, the
scheduler's overhead per plan (sweep wall x workers - sum of the plans' own times, per plan),
peak memory, and the projected wall time for N workers from those figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def working_days(start: dt.date, count: int) -> list[dt.date]:
    from mealplan.calendar import is_working_day

    days, day = [], start
    while len(days) < count:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dates", type=int, default=10)
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--solution-limit", type=int, default=300)
    args = parser.parse_args()

    from mealplan.io.readers.scenarios import load_scenario
    from mealplan.sweep import plan_task, run_sweep, tasks_for

    dates = [d.isoformat() for d in working_days(dt.date(2026, 11, 23), args.dates)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scenarios = []
        for source in sorted((ROOT / "scenarios").glob("*.yaml")):
            raw = yaml.safe_load(source.read_text(encoding="utf-8"))
            raw |= {
                "base": str(ROOT / "data" / "sofia"),
                "dates": dates,
                "time_limit_s": args.time_limit,
                "solution_limit": args.solution_limit,
            }
            target = folder / source.name
            target.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
            scenarios.append((target, load_scenario(target)))
        tasks = tasks_for(scenarios)
        print(f"{len(scenarios)} scenarios x {len(dates)} dates: {len(tasks)} plans (bases included)")

        alone, own_s = {}, []
        started = time.perf_counter()
        for task in tasks:
            t0 = time.perf_counter()
            alone[(task.variant, task.date)] = plan_task(task)["route_hours"]
            own_s.append(time.perf_counter() - t0)
        sequential = time.perf_counter() - started

        out = folder / "out"
        started = time.perf_counter()
        run_sweep(tasks, out, workers=2)
        swept = time.perf_counter() - started
        from mealplan.io.writers.comparison import load_results

        diffs = [
            abs(r["route_hours"] - alone[(r["variant"], dt.date.fromisoformat(r["date"]))])
            / max(1e-9, alone[(r["variant"], dt.date.fromisoformat(r["date"]))])
            for r in load_results(out)
        ]
        overhead = (swept * 2 - sum(own_s)) / len(tasks)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        print(f"one after another: {sequential:.1f} s (median plan {statistics.median(own_s):.2f} s)")
        print(f"LocalCluster, 2 workers: {swept:.1f} s; speed-up {sequential / swept:.2f}x")
        print(f"route hours, sweep vs alone: largest difference {max(diffs) * 100:.2f} %")
        print(f"scheduler overhead per plan (2 x wall - sum of plan times) / plans: {overhead:.2f} s")
        print(f"peak memory: this process (the plans alone ran here) {peak} MiB, largest worker {workers_peak} MiB")
        for n in (2, 4, 8, 16):
            projected = len(tasks) * (statistics.mean(own_s) + max(0.0, overhead)) / n
            print(f"projected wall for {n} workers: {projected:.0f} s")


if __name__ == "__main__":
    main()
