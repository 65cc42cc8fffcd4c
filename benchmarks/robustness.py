"""How often would a night's plan break a promise on the street? Re-time every planned trip many
times with random travel-time noise and service overruns, and count the stops that would break
the food-safety limit or the window; side by side for several safety margins.

Usage (from the project root):

    python benchmarks/robustness.py --margins 0:0 5:3 10:5 15:10 --noise 0.15 0.30 --samples 300
    python benchmarks/robustness.py --data MALTA_FOLDER --roads ../shared/osm/malta.osm.pbf   # 3.12+

The noise model is the product's own (mealplan/planning/robustness.py, also reported in every
night's summary.json): a lognormal factor of mean 1 and spread ``noise`` on each leg's planned
drive (0.15 an ordinary city day, 0.30 a bad one), a lognormal factor of spread 0.3 on each
stop's time at the door plus 5 minutes with probability 0.05; the van leaves at its planned
departure, waits for windows not yet open, and lateness carries along the trip. The legs are the
plan's own (road or straight line, by the clock), so a road night is re-timed on its roads.

Reported per margin: served, route hours, and at each noise level the share of stops that break
each limit (mean over samples) and the expected number of such stops per night.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def with_margins(
    source: Path, target: Path, hold_min: float, window_min: float, floor_pct: float | None = None
) -> Path:
    """A copy of the data folder whose settings.csv sets the two margins (and the floor they give way to)."""
    shutil.copytree(source, target)
    settings = target / "settings.csv"
    rows = []
    if settings.exists():
        with settings.open(encoding="utf-8-sig", newline="") as handle:
            keys = ("hold_margin_min", "window_margin_min", "margin_floor_pct")
            rows = [r for r in csv.reader(handle) if r and r[0] not in keys]
    rows = rows or [["key", "value"]]
    rows += [["hold_margin_min", str(hold_min)], ["window_margin_min", str(window_min)]]
    if floor_pct is not None:
        rows.append(["margin_floor_pct", str(floor_pct)])
    with settings.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "sofia")
    parser.add_argument("--date", default="2026-11-25")
    parser.add_argument(
        "--margins", nargs="+", default=["0:0", "5:3", "10:5", "15:10"], help="HOLD_MIN:WINDOW_MIN[:FLOOR_PCT]"
    )
    parser.add_argument("--noise", nargs="+", type=float, default=[0.15, 0.30])
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--time-limit", type=float, default=50.0)
    parser.add_argument("--solution-limit", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="Write the rows as JSON lines here too.")
    parser.add_argument("--roads", type=Path, default=None, help="Plan on this .osm.pbf (Python 3.12+).")
    args = parser.parse_args()

    from mealplan.pipeline import RunConfig, run_day
    from mealplan.planning.robustness import SEED, retime_breaks

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for pair in args.margins:
            numbers = [float(x) for x in pair.split(":")]
            hold_min, window_min = numbers[:2]
            floor_pct = numbers[2] if len(numbers) > 2 else None
            folder = with_margins(args.data, Path(tmp) / pair.replace(":", "-"), hold_min, window_min, floor_pct)
            config = RunConfig(
                data_dir=folder,
                date=dt.date.fromisoformat(args.date),
                time_limit_s=args.time_limit,
                seed=args.seed,
                solution_limit=args.solution_limit,
                workers=args.workers,
                roads=args.roads.resolve() if args.roads else None,
            )
            plan, _ = run_day(config)
            stops = sum(len(r.stops) for r in plan.routes)
            due = stops + len(plan.unserved)
            row = {
                "hold_margin_min": hold_min,
                "window_margin_min": window_min,
                "margin_floor_pct": floor_pct,
                "stops": stops,
                "served_pct": round(100 * stops / due, 2) if due else 100.0,
                "route_hours": round(sum(r.return_s - r.departure_s for r in plan.routes) / 3600, 2),
                "violations": len(plan.violations),
                "tightest_hold_min": round(min(r.hold_margin_s(s) for r in plan.routes for s in r.stops) / 60, 1),
            }
            for noise in args.noise:
                _, hold, window = retime_breaks(plan.routes, noise, args.samples, np.random.default_rng(SEED))
                row[f"hold_breaks_pct@{noise}"] = round(100 * float(hold.mean()) / stops, 3)
                row[f"hold_breaks_per_night@{noise}"] = round(float(hold.mean()), 2)
                row[f"window_breaks_pct@{noise}"] = round(100 * float(window.mean()) / stops, 3)
                row[f"window_breaks_per_night@{noise}"] = round(float(window.mean()), 2)
                row[f"nights_with_a_hold_break_pct@{noise}"] = round(100 * float((hold > 0).mean()), 1)
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    base = rows[0]["route_hours"]
    print(
        "\nmargin (food:window) | served % | route h (vs first) | "
        + " | ".join(f"hold breaks % @{n} | window breaks % @{n}" for n in args.noise)
    )
    for row in rows:
        extra = 100 * (row["route_hours"] - base) / base if base else 0.0
        cells = [f"{row[f'hold_breaks_pct@{n}']} | {row[f'window_breaks_pct@{n}']}" for n in args.noise]
        print(
            f"{row['hold_margin_min']:g}:{row['window_margin_min']:g}:{row['margin_floor_pct']} | "
            f"{row['served_pct']} | "
            f"{row['route_hours']} ({extra:+.2f} %) | " + " | ".join(cells)
        )
    if args.out:
        args.out.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
