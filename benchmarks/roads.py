"""Road benchmarks on a real OSM extract (Malta by default). Needs Python 3.12+ with mealplan[roads].

python benchmarks/roads.py engine [--points 500 2000 5000]
    Graph preparation (extract + contract) time; for each size, table time and peak memory
    of a process that asks for an n x n table of seeded random building positions; the
    ratio of road time to the straight-line model (x1.35 at 24 km/h), in percentiles.
python benchmarks/roads.py night [--clients 2000] [--repeat 3]
    The benchmark night (benchmarks/malta_sample.py) with `mealplan plan --roads`, graph
    preparation cached first: wall time and peak memory of the whole command.
python benchmarks/roads.py cost [--clients 2000]
    Plans the same night on straight lines, re-times those routes on the road matrices and
    counts the stops whose food-safety limit or window would really break.
python benchmarks/roads.py geocode [--extract FILE]
    Leave-one-out on the extract's real addresses: each held back from the index, then looked
    up; share by quality, median and 95th percentile error in metres, queries per second.
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

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from malta_sample import MALTA, places, write_malta

DATE = "2026-11-25"


def child_peak_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def engine(args: argparse.Namespace) -> None:
    from mealplan.io.adapters.osrm import prepare_roads

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        prepared = prepare_roads(args.extract, Path(tmp))
        print(f"prepare (osrm extract + contract) {args.extract.name}: {time.perf_counter() - started:.1f} s")
        for n in args.points:
            code = (
                "import sys, time, numpy as np; from pathlib import Path;"
                "from mealplan.io.adapters.osrm import OsrmRoads;"
                f"p = np.load('{tmp}/pts.npy'); r = OsrmRoads(Path('{prepared}'));"
                f"t = time.perf_counter(); d, s = r.table(p[:{n}, 0], p[:{n}, 1], np.arange({n}), np.arange({n}));"
                "print(time.perf_counter() - t); np.save(sys.argv[1], s)"
            )
            buildings, _ = places(args.extract)
            rng = np.random.default_rng(7)
            np.save(f"{tmp}/pts.npy", buildings[rng.choice(len(buildings), max(args.points), replace=False)])
            seconds = []
            for _ in range(args.repeat):
                out = subprocess.run(
                    [sys.executable, "-c", code, f"{tmp}/s.npy"], capture_output=True, text=True, check=True
                )
                seconds.append(float(out.stdout.strip()))
            travel_s = np.load(f"{tmp}/s.npy")
            pts = np.load(f"{tmp}/pts.npy")[:n]
            from mealplan.routing.travel import StraightLineTravel

            _, straight_s = StraightLineTravel().matrices(pts[:, 0], pts[:, 1])
            mask = ~np.eye(n, dtype=bool) & np.isfinite(travel_s) & (straight_s > 0)
            ratio = travel_s[mask] / straight_s[mask]
            pct = np.percentile(ratio, [5, 25, 50, 75, 95])
            print(
                f"{n} x {n}: table median {statistics.median(seconds):.2f} s (of {args.repeat}), "
                f"peak {child_peak_mib()} MiB (max so far); unreachable pairs {np.isnan(travel_s).mean() * 100:.2f} %; "
                f"road/straight-line time p5/p25/p50/p75/p95 {' / '.join(f'{v:.2f}' for v in pct)}"
            )


def night(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = write_malta(Path(tmp) / "malta", args.clients)
        command = [sys.executable, "-m", "mealplan", "plan", "--data", str(data), "--date", DATE]
        command += ["--roads", str(args.extract), "--time-limit", str(args.time_limit)]
        # Prepare the graph once (cached in the data folder), as a service does on its first night.
        subprocess.run([*command, "--out", f"{tmp}/warm", "--time-limit", "1"], capture_output=True, check=False)
        walls = []
        for k in range(args.repeat):
            started = time.perf_counter()
            proc = subprocess.run([*command, "--out", f"{tmp}/out{k}"], capture_output=True, text=True)
            walls.append(time.perf_counter() - started)
            if proc.returncode not in (0, 5):
                raise SystemExit(proc.stdout + proc.stderr)
            summary = json.loads((Path(tmp) / f"out{k}" / DATE / "summary.json").read_text(encoding="utf-8"))
            print(
                f"run {k + 1}: wall {walls[-1]:.1f} s, routing {summary['solve_s']} s; due {summary['due']}, served "
                f"{summary['served']} ({summary['served_pct']} %), {summary['total_km']} km, "
                f"{summary['route_hours']} route-hours, violations {summary['violations']}; "
                f"unserved {summary['unserved_by_reason']}"
            )
            stages = summary.get("stages_s") or {}
            print("  stages s: " + ", ".join(f"{name} {seconds}" for name, seconds in stages.items()))
        print(
            f"{args.clients} clients on {args.extract.name}: wall median {statistics.median(walls):.1f} s "
            f"(--time-limit {args.time_limit:g}), peak {child_peak_mib()} MiB (max of all runs)"
        )


def cost(args: argparse.Namespace) -> None:
    from mealplan.io.adapters.osrm import open_roads
    from mealplan.pipeline import RunConfig, run_day
    from mealplan.routing.roads import road_travel

    with tempfile.TemporaryDirectory() as tmp:
        data = write_malta(Path(tmp) / "malta", args.clients)
        config = RunConfig(data_dir=data, date=dt.date.fromisoformat(DATE), time_limit_s=args.time_limit)
        plan, dataset = run_day(config)
        network = open_roads(args.extract, Path(tmp) / "cache")
        by_kitchen: dict[str, list] = {}
        orders = {c.client_id: c for c in dataset.clients}
        for route in plan.routes:
            by_kitchen.setdefault(route.kitchen_id, []).append(route)
        from mealplan.models import Order

        orders_by_kitchen = {
            k: tuple(
                Order(
                    client_id=s.client_id,
                    row=orders[s.client_id].row,
                    diet_id=s.diet_id,
                    portions=s.portions,
                    lat=s.lat,
                    lon=s.lon,
                    window_start_min=orders[s.client_id].window_start_min,
                    window_end_min=orders[s.client_id].window_end_min,
                    service_s=s.departure_s - s.arrival_s,
                )
                for r in routes
                for s in r.stops
            )
            for k, routes in by_kitchen.items()
        }
        kitchens = {k.kitchen_id: k for k in dataset.kitchens}
        groups = [(kitchens[k], orders) for k, orders in orders_by_kitchen.items()]
        travel = road_travel(groups, network, dataset.settings.van_speed_factor)
        stops = hold_broken = window_broken = either = 0
        late_min: list[float] = []
        for route in plan.routes:
            kitchen = kitchens[route.kitchen_id]
            lats = np.array([kitchen.lat, *[s.lat for s in route.stops]])
            lons = np.array([kitchen.lon, *[s.lon for s in route.stops]])
            _, travel_s = travel.matrices(lats, lons)
            clock, previous = route.departure_s, 0
            for i, stop in enumerate(route.stops, 1):
                arrive = clock + int(travel_s[previous, i])
                client = orders[stop.client_id]
                begin = max(arrive, client.window_start_min * 60)
                hold = arrive - route.departure_s > route.max_hold_min * 60
                window = arrive > client.window_end_min * 60
                stops += 1
                hold_broken += hold
                window_broken += window
                either += hold or window
                late_min.append((arrive - stop.arrival_s) / 60)
                clock, previous = begin + (stop.departure_s - stop.arrival_s), i
        print(
            f"straight-line plan of {args.clients} clients re-timed on {args.extract.name}: {stops} stops; "
            f"food-safety limit broken at {hold_broken}, window broken at {window_broken}, either at {either} "
            f"({either / max(1, stops) * 100:.1f} %); arrival later than the plan says: median "
            f"{np.median(late_min):.1f} min, p95 {np.percentile(late_min, 95):.1f} min"
        )


def geocode(args: argparse.Namespace) -> None:
    from mealplan.addresses import AddressIndex, Quality
    from mealplan.geo import haversine_m
    from mealplan.io.readers.osm_addresses import read_addresses

    started = time.perf_counter()
    data = read_addresses(args.extract)
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    index = AddressIndex.build(data)
    index_s = time.perf_counter() - started
    asked = [i for i, a in enumerate(data.addresses) if a.street]
    counts = dict.fromkeys(Quality, 0)
    errors = []
    started = time.perf_counter()
    for i in asked:
        a = data.addresses[i]
        match = index.match(f"{a.street} {a.housenumber}", exclude=i)
        counts[match.quality] += 1
        if match.lat is not None and match.lon is not None:
            errors.append(float(haversine_m(match.lat, match.lon, a.lat, a.lon)))
    query_s = time.perf_counter() - started
    shares = ", ".join(f"{q.value} {counts[q] / len(asked) * 100:.1f} %" for q in Quality)
    print(
        f"{args.extract.name}: {len(data.addresses)} addresses, {len(data.streets)} named streets; "
        f"read {read_s:.2f} s, "
        f"index {index_s:.3f} s; leave-one-out of {len(asked)}: {shares}; error median {np.median(errors):.1f} m, "
        f"p95 {np.percentile(errors, 95):.1f} m; {len(asked) / query_s:.0f} queries/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["engine", "night", "cost", "geocode"])
    parser.add_argument("--extract", type=Path, default=MALTA)
    parser.add_argument("--points", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--time-limit", type=float, default=50.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    {"engine": engine, "night": night, "cost": cost, "geocode": geocode}[args.what](args)


if __name__ == "__main__":
    main()
