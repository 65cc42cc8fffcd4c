"""How often would a night's plan break a promise on the street? Re-time every planned trip many
times with random travel-time noise and service overruns, and count the stops that would break
the food-safety limit or the window; side by side for several safety margins.

Usage (from the project root):

    python benchmarks/robustness.py --margins 0:0 5:3 10:5 15:5 --noise 0.15 0.30 --samples 300

Noise model (the same for every margin, drawn with a fixed seed):
- each leg's travel time is multiplied by a lognormal factor of mean 1 and spread ``noise``
  (``exp(N(-s^2/2, s))``: 0.15 is an ordinary city day, 0.30 a bad one);
- each stop's service time is multiplied by a lognormal factor of mean 1 and spread 0.3, and with
  probability 0.05 takes 5 minutes more (a door not opened at once, a lift out of order);
- the van leaves the kitchen at its planned departure and waits at a door reached before the
  window opens (as the plan does); lateness carries along the trip.

A stop breaks the hold limit when the meal reaches the door later than the van's limit after the
departure, and the window when the van arrives after the window's end. Reported per margin:
served, route hours, and at each noise level the share of stops that break each limit (mean over
samples) and the expected number of such stops per night.
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

SERVICE_SPREAD = 0.3
OVERRUN_PROBABILITY = 0.05
OVERRUN_S = 300


def with_margins(source: Path, target: Path, hold_min: float, window_min: float) -> Path:
    """A copy of the data folder whose settings.csv sets the two margins."""
    shutil.copytree(source, target)
    settings = target / "settings.csv"
    rows = []
    if settings.exists():
        with settings.open(encoding="utf-8-sig", newline="") as handle:
            rows = [r for r in csv.reader(handle) if r and r[0] not in ("hold_margin_min", "window_margin_min")]
    rows = rows or [["key", "value"]]
    rows += [["hold_margin_min", str(hold_min)], ["window_margin_min", str(window_min)]]
    with settings.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return target


def retime(plan, dataset, noise: float, samples: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Per sample: how many stops broke the hold limit, and how many the window."""
    from mealplan.routing.travel import StraightLineTravel

    settings = dataset.settings
    travel = StraightLineTravel(settings.speed_kmh, settings.circuity)
    window_start = {c.client_id: c.window_start_min * 60 for c in dataset.clients}
    kitchens = {k.kitchen_id: k for k in dataset.kitchens}
    hold_breaks = np.zeros(samples, dtype=np.int64)
    window_breaks = np.zeros(samples, dtype=np.int64)
    for route in plan.routes:
        kitchen = kitchens[route.kitchen_id]
        lats = np.array([kitchen.lat] + [s.lat for s in route.stops])
        lons = np.array([kitchen.lon] + [s.lon for s in route.stops])
        _, travel_s = travel.matrices(lats, lons)
        legs = np.array([travel_s[i, i + 1] for i in range(len(route.stops))], dtype=float)
        service = np.array([s.departure_s - s.arrival_s for s in route.stops], dtype=float)
        starts = np.array([window_start.get(s.client_id, 0) for s in route.stops], dtype=float)
        ends = np.array([s.window_end_s if s.window_end_s is not None else 10**9 for s in route.stops], dtype=float)
        limit = route.max_hold_min * 60
        leg_factor = np.exp(rng.normal(-(noise**2) / 2, noise, size=(samples, len(legs))))
        service_factor = np.exp(rng.normal(-(SERVICE_SPREAD**2) / 2, SERVICE_SPREAD, size=(samples, len(legs))))
        overrun = (rng.random((samples, len(legs))) < OVERRUN_PROBABILITY) * OVERRUN_S
        clock = np.full(samples, float(route.departure_s))
        for i in range(len(legs)):
            arrival = np.maximum(clock + legs[i] * leg_factor[:, i], starts[i])
            hold_breaks += arrival - route.departure_s > limit
            window_breaks += arrival > ends[i]
            clock = arrival + service[i] * service_factor[:, i] + overrun[:, i]
    return hold_breaks, window_breaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "sofia")
    parser.add_argument("--date", default="2026-11-25")
    parser.add_argument("--margins", nargs="+", default=["0:0", "5:3", "10:5", "15:5"], help="HOLD_MIN:WINDOW_MIN")
    parser.add_argument("--noise", nargs="+", type=float, default=[0.15, 0.30])
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--time-limit", type=float, default=50.0)
    parser.add_argument("--solution-limit", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="Write the rows as JSON lines here too.")
    args = parser.parse_args()

    from mealplan.pipeline import RunConfig, run_day

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for pair in args.margins:
            hold_min, window_min = (float(x) for x in pair.split(":"))
            folder = with_margins(args.data, Path(tmp) / pair.replace(":", "-"), hold_min, window_min)
            config = RunConfig(
                data_dir=folder,
                date=dt.date.fromisoformat(args.date),
                time_limit_s=args.time_limit,
                seed=args.seed,
                solution_limit=args.solution_limit,
                workers=args.workers,
            )
            plan, dataset = run_day(config)
            stops = sum(len(r.stops) for r in plan.routes)
            due = stops + len(plan.unserved)
            row = {
                "hold_margin_min": hold_min,
                "window_margin_min": window_min,
                "stops": stops,
                "served_pct": round(100 * stops / due, 2) if due else 100.0,
                "route_hours": round(sum(r.return_s - r.departure_s for r in plan.routes) / 3600, 2),
                "violations": len(plan.violations),
                "tightest_hold_min": round(min(r.hold_margin_s(s) for r in plan.routes for s in r.stops) / 60, 1),
            }
            for noise in args.noise:
                rng = np.random.default_rng(12345)
                hold, window = retime(plan, dataset, noise, args.samples, rng)
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
            f"{row['hold_margin_min']:g}:{row['window_margin_min']:g} | {row['served_pct']} | "
            f"{row['route_hours']} ({extra:+.2f} %) | " + " | ".join(cells)
        )
    if args.out:
        args.out.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
