"""A Sofia-sized service placed on Malta's real roads: the benchmark night on a real city-scale network.

The people, diets, menu, kitchens' sizes and fleet are the Sofia sample's (``generate_sofia``,
same seed, same clients); only the places change. Clients stand on Malta's buildings and
residential road nodes, chosen with a seeded generator; the kitchens on the road nodes nearest
the centres of five seeded k-means clusters of those places, so each kitchen has a district.

    python benchmarks/malta_sample.py OUT_DIR [--clients 2000] [--seed 2026]

Map data © OpenStreetMap contributors, ODbL 1.0 (../shared/osm/malta.osm.pbf).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MALTA = ROOT.parent / "shared" / "osm" / "malta.osm.pbf"
HOMES = {"residential", "living_street", "unclassified", "tertiary", "service"}


def places(extract: Path) -> tuple[np.ndarray, np.ndarray]:
    """(lat, lon) of every building's centre, and of every node on a residential street."""
    import osmium

    buildings: list[tuple[float, float]] = []
    street_nodes: dict[int, tuple[float, float]] = {}
    for obj in osmium.FileProcessor(str(extract)).with_locations():
        if not isinstance(obj, osmium.osm.Way):
            continue
        points = [(n.location.lat, n.location.lon) for n in obj.nodes if n.location.valid()]
        if not points:
            continue
        if "building" in obj.tags:
            buildings.append((sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)))
        elif obj.tags.get("highway") in HOMES:
            for node, point in zip(obj.nodes, points, strict=False):
                street_nodes[node.ref] = point
    return np.array(buildings), np.array(list(street_nodes.values()))


def kmeans(points: np.ndarray, k: int, rng: np.random.Generator, rounds: int = 30) -> np.ndarray:
    centres = points[rng.choice(len(points), k, replace=False)]
    for _ in range(rounds):
        nearest = np.argmin(((points[:, None, :] - centres[None, :, :]) ** 2).sum(-1), axis=1)
        centres = np.array(
            [points[nearest == j].mean(axis=0) if (nearest == j).any() else centres[j] for j in range(k)]
        )
    return centres


def write_malta(folder: Path, n_clients: int = 2000, seed: int = 2026, extract: Path = MALTA) -> Path:
    """Write the data folder; returns it. Same arguments, same files."""
    from mealplan.io.writers.sample_data import write_sample
    from mealplan.sample import generate_sofia

    tables = generate_sofia(seed=seed, n_clients=n_clients)
    buildings, street_nodes = places(extract)
    pool = np.concatenate([buildings, street_nodes])
    rng = np.random.default_rng(seed)
    homes = pool[rng.choice(len(pool), n_clients, replace=n_clients > len(pool))]
    columns, rows = tables.tables["clients.csv"]
    lat_at, lon_at = columns.index("lat"), columns.index("lon")
    for row, (lat, lon) in zip(rows, homes, strict=True):
        if row[lat_at] != "":  # the sample's clients without coordinates stay without
            row[lat_at], row[lon_at] = f"{lat:.6f}", f"{lon:.6f}"
    columns, rows = tables.tables["kitchens.csv"]
    centres = kmeans(buildings, len(rows), rng)
    lat_at, lon_at = columns.index("lat"), columns.index("lon")
    for row, centre in zip(rows, centres, strict=True):
        nearest = street_nodes[np.argmin(((street_nodes - centre) ** 2).sum(-1))]
        row[lat_at], row[lon_at] = f"{nearest[0]:.6f}", f"{nearest[1]:.6f}"
    columns, rows = tables.tables["settings.csv"]
    keep = [r for r in rows if not str(r[0]).startswith("area_") and r[0] not in ("country", "city")]
    tables.tables["settings.csv"] = (
        columns,
        [*keep, ["country", "MT"], ["city", "Valletta"], ["area_radius_km", "30"]],
    )
    write_sample(tables, folder)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    print(write_malta(args.out, args.clients, args.seed))


if __name__ == "__main__":
    main()
