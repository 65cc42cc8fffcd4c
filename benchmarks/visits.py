"""Home visits at scale and against a longer search (issue 24, item 8).

    python benchmarks/visits.py city --repeat 3            # 9 offices, ~300 workers, ~8,000 visits
    python benchmarks/visits.py quality --factor 10        # the sample's week: default vs 10x

``city`` generates a city (the sample generator at ``--clients`` clients: 9 offices, a worker per
ten clients with visits) and raises the care plans to about ``--visits`` a week by giving clients
one more weekly line of a common service, then runs the whole ``mealplan visits plan`` command
(reading, planning, checking, writing every sheet, PDF, grid and map) and takes its wall time
and the peak of the memory it and its workers hold together (PSS summed, as ``nightly.py``).

``quality`` plans the sample's week W51 with the default budget and with ``--factor`` times it,
one after the other, and compares what they plan: visits (penalty-weighted by priority, as the
search ranks them), then travel.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nightly import tree_memory_kb

ROOT = Path(__file__).resolve().parents[1]
WEEK = "2026-W51"
EXTRA_SERVICES = ("cleaning", "shopping", "medicines", "bills")


def generate_city(folder: Path, clients: int, visits: int, seed: int = 2026) -> dict:
    """The sample generator's city at ``clients`` clients, its care plans raised to ~``visits``
    requested visits a week; returns the counts."""
    subprocess.run(
        [sys.executable, "-m", "mealplan", "generate-sample", "--clients", str(clients), "--out", str(folder),
         "--seed", str(seed), "--force"],
        check=True, cwd=ROOT, capture_output=True,
    )  # fmt: skip
    care = folder / "care_plan.csv"
    with care.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    requested = sum(int(r["times_per_week"]) if r["times_per_week"] else len(r["days"].split(",")) for r in rows)
    rng = random.Random(seed)
    clients_with_visits = sorted({r["client_id"] for r in rows})
    added = 0
    while requested < visits:
        client = rng.choice(clients_with_visits)
        service = rng.choice(EXTRA_SERVICES)
        added += 1
        rows.append(
            {**dict.fromkeys(rows[0], ""), "line_id": f"{client}-extra{added}", "client_id": client, "service": service,
             "times_per_week": "1", "window_start": "08:30", "window_end": "15:30", "priority": "2"}
        )  # fmt: skip
        requested += 1
    with care.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with (folder / "staff.csv").open(encoding="utf-8-sig") as handle:
        workers = sum(1 for _ in handle) - 1
    return {"clients_with_visits": len(clients_with_visits), "workers": workers, "care_lines": len(rows),
            "visits_asked": requested}  # fmt: skip


def run_plan(data: Path, time_limit: float | None, out: Path) -> dict:
    """One ``mealplan visits plan`` process: wall time, peak PSS over its tree, what it planned."""
    command = [sys.executable, "-m", "mealplan", "visits", "plan", "--data", str(data), "--week", WEEK,
               "--out", str(out), "--no-history", "--lang", "en"]  # fmt: skip
    if time_limit is not None:
        command += ["--time-limit", str(time_limit)]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_pss_kb = 0
    while proc.poll() is None:
        peak_pss_kb = max(peak_pss_kb, tree_memory_kb(proc.pid)[0])
        time.sleep(0.25)
    stdout, stderr = proc.communicate()
    wall_s = time.perf_counter() - started
    if proc.returncode not in (0, 5):
        raise SystemExit(f"visits plan failed:\n{stderr[-2000:]}")
    with (out / "visits" / WEEK / "ledger.csv").open(encoding="utf-8-sig") as handle:
        ledger = list(csv.DictReader(handle))
    with (out / "visits" / WEEK / "days.csv").open(encoding="utf-8-sig") as handle:
        days = list(csv.DictReader(handle))
    return {
        "wall_s": wall_s,
        "peak_mib": peak_pss_kb / 1024,
        "requested": len(ledger),
        "planned": sum(r["status"] == "planned" for r in ledger),
        "travel_h": sum(int(d["travel_min"]) for d in days) / 60,
        "violations": proc.returncode == 5,
        "line": stdout.strip().splitlines()[0] if stdout.strip() else "",
    }


def city(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "city"
        counts = generate_city(data, args.clients, args.visits)
        print(f"city: {counts}", flush=True)
        runs = []
        for k in range(args.repeat):
            out = Path(tmp) / f"out{k}"
            found = run_plan(data, args.time_limit, out)
            runs.append(found)
            print(
                f"run {k + 1}: {found['wall_s']:.1f} s, peak {found['peak_mib']:.0f} MiB PSS, planned "
                f"{found['planned']} of {found['requested']}, travel {found['travel_h']:.0f} h, "
                f"violations {found['violations']}",
                flush=True,
            )
        print(
            f"median: {statistics.median(r['wall_s'] for r in runs):.1f} s, "
            f"peak {statistics.median(r['peak_mib'] for r in runs):.0f} MiB, "
            f"planned {statistics.median(r['planned'] for r in runs):.0f} of {runs[0]['requested']}"
        )


def quality(args: argparse.Namespace) -> None:
    data = ROOT / "data" / "sofia"
    with tempfile.TemporaryDirectory() as tmp:
        default = run_plan(data, None, Path(tmp) / "default")
        print(f"default: {default}", flush=True)
        longer = run_plan(data, 60.0 * args.factor, Path(tmp) / "longer")
        print(f"{args.factor}x: {longer}", flush=True)
    share = 100 * default["planned"] / longer["planned"]
    print(
        f"default plans {default['planned']} of {default['requested']}, {args.factor}x {longer['planned']}: "
        f"{share:.2f} % of the longer run's visits; "
        f"travel {default['travel_h']:.0f} h against {longer['travel_h']:.0f} h"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("city")
    one.add_argument("--clients", type=int, default=4400)
    one.add_argument("--visits", type=int, default=8000)
    one.add_argument("--repeat", type=int, default=1)
    one.add_argument("--time-limit", type=float, default=None, help="default: the command's own")
    two = sub.add_parser("quality")
    two.add_argument("--factor", type=float, default=10.0)
    args = parser.parse_args()
    city(args) if args.what == "city" else quality(args)


if __name__ == "__main__":
    main()
