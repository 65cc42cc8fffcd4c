"""Do the printed times hold when the van drives the trip? A road night re-timed independently.

Plans a data folder on roads with the nightly command (``curb_approach`` yes and no), then drives
each printed trip as ONE continuous OSRM route through its stops, with the road engine called
directly (not the planner's code), and compares every printed arrival with the re-timed one.
Two drives are re-timed:

- ``profile``: the car profile's own continuous route through the stops, as a user would ask OSRM
  for it (no approaches: the van may stop on either side; no turning round at a stop);
- ``curb``: the door on the van's side of the street (curb approach) and the van driving on
  ahead the way it came (a bearing read off its own approach), no turning round at a stop.

Arrivals: the printed departure, each leg at ``van_speed_factor`` of the engine's seconds, the
documented minutes at each door, waiting for windows not yet open. Also: the sheet's km against
the map's drawn path (from the plan's own route sheets' data) and the plan's figures.

    python benchmarks/street_drive.py MALTA_FOLDER --roads ../shared/osm/malta.osm.pbf \\
        [--date 2026-11-25] [--time-limit 50]       # Python 3.12+ with mealplan[roads]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NO_LIFT = {"no", "не", "false", "0", "нет"}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def seconds(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")[:2]
    return int(hours) * 3600 + int(minutes) * 60


def heading(line: list[tuple[float, float]]) -> int:
    end = line[-1]
    start = next(p for p in reversed(line[:-1]) if p != end)
    east = math.radians(end[0] - start[0]) * math.cos(math.radians(end[1]))
    north = math.radians(end[1] - start[1])
    return round(math.degrees(math.atan2(east, north))) % 360


def drive(osrm, roads, kitchen, doors, curb: bool) -> list[float] | None:
    """Seconds of each leg of one continuous route kitchen -> doors -> kitchen (None: no route)."""
    params: dict = {"coordinates": [kitchen, *doors, kitchen], "continue_straight": True, "overview": "false"}
    if curb:
        bearings = []
        for door in doors:
            answer = roads.Route(
                osrm.RouteParameters(
                    coordinates=[kitchen, door], approaches=[None, "curb"], geometries="geojson", overview="full"
                )
            )
            line = [(float(p[0]), float(p[1])) for p in answer["routes"][0]["geometry"]["coordinates"]]
            bearings.append((heading(line), 20))
        params["approaches"] = [None] + ["curb"] * len(doors) + [None]
        params["bearings"] = [None, *bearings, None]
    try:
        answer = roads.Route(osrm.RouteParameters(**params))
    except RuntimeError:
        return None
    return [float(leg["duration"]) for leg in answer["routes"][0]["legs"]]


def retime(folder: Path, plan_rows: list[dict[str, str]], extract: Path, settings: dict[str, float]) -> dict:
    import osrm

    from mealplan.io.adapters.osrm import prepare_roads

    prepared = prepare_roads(extract, Path(tempfile.gettempdir()) / "mealplan-street-drive-cache")
    roads = osrm.OSRM(storage_config=str(prepared), algorithm="CH", use_shared_memory=False)
    clients = {c["client_id"]: c for c in rows(folder / "clients.csv")}
    vans = {v["van_id"]: v for v in rows(folder / "vans.csv")}
    kitchens = {k["kitchen_id"]: (float(k["lon"]), float(k["lat"])) for k in rows(folder / "kitchens.csv")}
    trips: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in plan_rows:
        trips.setdefault((row["van_id"], row["trip"]), []).append(row)
    out = {}
    for mode in ("profile", "curb"):
        late, deltas, hold_breaks, window_breaks, no_route = [], [], 0, 0, 0
        for (van_id, _), stops in trips.items():
            stops.sort(key=lambda r: int(r["stop"]))
            van = vans[van_id]
            doors = [(float(s["lon"]), float(s["lat"])) for s in stops]
            legs = drive(osrm, roads, kitchens[van["kitchen_id"]], doors, mode == "curb")
            if legs is None:
                no_route += 1
                continue
            departure = seconds(stops[0]["trip_departure"])
            clock = float(departure)
            for stop, leg in zip(stops, legs, strict=False):
                client = clients[stop["client_id"]]
                arrival = max(clock + leg / settings["van_speed_factor"], seconds(client["window_start"]))
                delta = arrival - seconds(stop["arrival"])
                deltas.append(delta)
                late.append(delta > 60)
                hold_breaks += arrival - departure > int(van["max_hold_min"]) * 60
                window_breaks += arrival > seconds(client["window_end"])
                floor = int(client["floor"] or 0) if client["has_lift"].strip().lower() in NO_LIFT else 0
                minutes = settings["service_base_min"] + settings["service_per_floor_no_lift_min"] * max(floor, 0)
                minutes += settings["service_per_extra_portion_min"] * (int(stop["portions"]) - 1)
                clock = arrival + math.ceil(minutes * 60)
        absolute = sorted(abs(d) for d in deltas)
        out[mode] = {
            "stops": len(deltas),
            "trips_without_a_route": no_route,
            "median_delta_min": round(statistics.median(deltas) / 60, 2) if deltas else None,
            "p95_abs_delta_min": round(absolute[int(0.95 * (len(absolute) - 1))] / 60, 2) if absolute else None,
            "max_abs_delta_min": round(absolute[-1] / 60, 2) if absolute else None,
            "later_than_printed_by_over_1_min": sum(late),
            "hold_breaks": hold_breaks,
            "window_breaks": window_breaks,
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--roads", type=Path, required=True)
    parser.add_argument("--date", default="2026-11-25")
    parser.add_argument("--time-limit", default="50")
    parser.add_argument("--modes", nargs="+", default=["yes", "no"], help="curb_approach values to plan with")
    args = parser.parse_args()
    defaults = {
        "van_speed_factor": 0.8,
        "service_base_min": 2.0,
        "service_per_floor_no_lift_min": 0.4,
        "service_per_extra_portion_min": 0.5,
    }
    given = (
        {r["key"]: r["value"] for r in rows(args.data / "settings.csv")}
        if (args.data / "settings.csv").exists()
        else {}
    )
    settings = {k: float(given.get(k, v)) for k, v in defaults.items()}
    with tempfile.TemporaryDirectory() as tmp:
        for curb in args.modes:
            folder = Path(tmp) / f"data-{curb}"
            shutil.copytree(args.data, folder, ignore=shutil.ignore_patterns(".mealplan-cache", "history.sqlite*"))
            with (folder / "settings.csv").open("a", encoding="utf-8") as handle:
                handle.write(f"curb_approach,{curb}\n")
            out = Path(tmp) / f"out-{curb}"
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "mealplan", "plan", "--data", str(folder), "--out", str(out),
                 "--date", args.date, "--roads", str(args.roads.resolve()), "--time-limit", args.time_limit,
                 "--no-history", "--lang", "en"],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            wall = time.perf_counter() - started
            if done.returncode != 0:
                print(done.stdout, done.stderr)
                raise SystemExit(done.returncode)
            summary = json.loads((out / args.date / "summary.json").read_text(encoding="utf-8"))
            plan_rows = rows(out / args.date / "routes" / "all_routes.csv")
            result = {
                "curb_approach": curb,
                "wall_s": round(wall, 1),
                "served_pct": summary["served_pct"],
                "route_hours": summary["route_hours"],
                "total_km": summary["total_km"],
                "violations": summary["violations"],
                "tightest_hold_min": (summary["margins"]["tightest_hold"] or {}).get("minutes"),
                "robustness": summary["robustness"]["levels"],
                "retimed": retime(folder, plan_rows, args.roads.resolve(), settings),
            }
            print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
