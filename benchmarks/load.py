"""Load benchmark: a big register validates and yields its demand fast; a 10,000-due plan stays in budget.

Usage (from the project root, after `pip install .`):

    python benchmarks/load.py --rows 20000 --plan-clients 11300 --time-limit 60 --repeat 3

1. Generates a register of ``--rows`` clients with the sample generator, then times, in one
   process, reading + validating it and computing the demand for a date (median of repeats),
   and the `mealplan validate` command as a separate process (wall, peak memory).
2. Generates ``--plan-clients`` clients (about 89 % are due on a Wednesday) and runs
   `mealplan plan --time-limit S`, reporting clients due, served, wall time, the routing time
   and everything else (overhead), and peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child_peak_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--plan-clients", type=int, default=11300)
    parser.add_argument("--date", default="2026-11-25")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from mealplan.io.readers.dataset import read_dataset
    from mealplan.io.writers.sample_data import write_sample
    from mealplan.planning.demand import daily_demand
    from mealplan.sample import generate_sofia

    day = dt.date.fromisoformat(args.date)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big"
        write_sample(generate_sofia(n_clients=args.rows), big)
        reads, demands = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            dataset = read_dataset(big)
            reads.append(time.perf_counter() - started)
            started = time.perf_counter()
            demand = daily_demand(dataset, day)
            demands.append(time.perf_counter() - started)
        walls = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "mealplan", "validate", "--data", str(big)], capture_output=True)
            walls.append(time.perf_counter() - started)
        print(f"register rows: {len(dataset.register_rows)}; due on {day}: {len(demand.orders)}")
        print(
            f"read + validate (in process): median {statistics.median(reads):.2f} s; "
            f"demand: median {statistics.median(demands) * 1000:.0f} ms"
        )
        print(
            f"`mealplan validate` (whole command): median {statistics.median(walls):.2f} s, peak {child_peak_mib()} MiB"
        )

        plan_data = Path(tmp) / "plan"
        write_sample(generate_sofia(n_clients=args.plan_clients), plan_data)
        out = Path(tmp) / "out"
        started = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "mealplan",
                "plan",
                "--data",
                str(plan_data),
                "--out",
                str(out),
                "--date",
                args.date,
                "--time-limit",
                str(args.time_limit),
            ],
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            raise SystemExit(proc.stderr)
        summary = json.loads((out / args.date / "summary.json").read_text(encoding="utf-8"))
        print(
            f"plan: {args.plan_clients} clients, {summary['due']} due, {summary['served']} served "
            f"({summary['served_pct']} %), unserved {summary['unserved_by_reason']}"
        )
        print(
            f"plan: wall {wall:.1f} s with --time-limit {args.time_limit:g}; routing {summary['solve_s']} s; "
            f"everything else {wall - summary['solve_s']:.1f} s; peak {child_peak_mib()} MiB (max of all children)"
        )


if __name__ == "__main__":
    main()
