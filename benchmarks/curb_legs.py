"""Which table legs does a continuous drive reproduce? Three ways of asking OSRM for a table,
each against one continuous route through the same points (no turning round at a stop).

Random tours of 25 places within ~2 km of a random centre of the extract, 40 tours, fixed seed:

- ``plain``: a table without approaches (what mealplan did before issue 20);
- ``curb``: every point reached with the curb approach;
- ``curb+heading``: curb, and a bearing on each point: the heading a van pulls up in, read off
  its own approach route (what mealplan does).

For each: the sum of the table's legs against the continuous route's duration and distance, and
how far single legs are off.

    python benchmarks/curb_legs.py [--extract ../shared/osm/malta.osm.pbf] [--tours 40]   # 3.12+
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.malta_sample import MALTA, places  # noqa: E402


def heading(line: list[tuple[float, float]]) -> int | None:
    end = line[-1]
    start = next((p for p in reversed(line[:-1]) if p != end), None)
    if start is None:  # the point and its approach's origin snap to one place
        return None
    east = math.radians(end[0] - start[0]) * math.cos(math.radians(end[1]))
    north = math.radians(end[1] - start[1])
    return round(math.degrees(math.atan2(east, north))) % 360


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--extract", type=Path, default=MALTA)
    parser.add_argument("--tours", type=int, default=40)
    parser.add_argument("--stops", type=int, default=25)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    import osrm

    from mealplan.io.adapters.osrm import prepare_roads

    prepared = prepare_roads(args.extract, Path(tempfile.gettempdir()) / "mealplan-curb-legs-cache")
    engine = osrm.OSRM(storage_config=str(prepared), algorithm="CH", use_shared_memory=False)
    buildings, street_nodes = places(args.extract)
    pool = np.concatenate([buildings, street_nodes])
    print("table | legs h | continuous h | time | legs km | continuous km | km | legs off > 30 s | worst leg s")
    for mode in ("plain", "curb", "curb+heading"):
        rng = np.random.default_rng(args.seed)
        legs_s = route_s = legs_m = route_m = 0.0
        off: list[float] = []
        for _ in range(args.tours):
            centre = pool[rng.integers(len(pool))]
            near = pool[((pool - centre) ** 2).sum(1) < 0.02**2]
            chosen = near[rng.choice(len(near), min(args.stops, len(near)), replace=False)]
            coords = [(float(lon), float(lat)) for lat, lon in chosen]
            extra: dict = {}
            if mode != "plain":
                extra["approaches"] = ["curb"] * len(coords)
            if mode == "curb+heading":
                bearings = []
                for point in coords:
                    origin = coords[1] if point == coords[0] else coords[0]
                    answer = engine.Route(
                        osrm.RouteParameters(
                            coordinates=[origin, point],
                            approaches=[None, "curb"],
                            geometries="geojson",
                            overview="full",
                        )
                    )
                    line = [(float(p[0]), float(p[1])) for p in answer["routes"][0]["geometry"]["coordinates"]]
                    facing = heading(line)
                    bearings.append(None if facing is None else (facing, 20))
                extra["bearings"] = bearings
            table = engine.Table(
                osrm.TableParameters(coordinates=coords, annotations=["duration", "distance"], **extra)
            )
            durations = np.array(table["durations"], dtype=float)
            distances = np.array(table["distances"], dtype=float)
            route = engine.Route(
                osrm.RouteParameters(coordinates=coords, continue_straight=True, overview="false", **extra)
            )["routes"][0]
            table_legs = np.array([durations[i, i + 1] for i in range(len(coords) - 1)])
            route_legs = np.array([leg["duration"] for leg in route["legs"]])
            legs_s += table_legs.sum()
            legs_m += sum(distances[i, i + 1] for i in range(len(coords) - 1))
            route_s += route["duration"]
            route_m += route["distance"]
            off.extend(route_legs - table_legs)
        deltas = np.array(off)
        print(
            f"{mode} | {legs_s / 3600:.2f} | {route_s / 3600:.2f} | {100 * (route_s / legs_s - 1):+.2f} % | "
            f"{legs_m / 1000:.1f} | {route_m / 1000:.1f} | {100 * (route_m / legs_m - 1):+.2f} % | "
            f"{100 * float((deltas > 30).mean()):.1f} % | {float(deltas.max()):.0f}"
        )


if __name__ == "__main__":
    main()
