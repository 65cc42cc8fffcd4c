"""VRPLIB files of VRPTW benchmark instances in, benchmark result tables out."""

from __future__ import annotations

import csv
from pathlib import Path

from mealplan.errors import InputError
from mealplan.io.tabular import write_csv
from mealplan.models import BenchResult, VrptwInstance

SECTIONS = {"NODE_COORD_SECTION", "DEMAND_SECTION", "TIME_WINDOW_SECTION", "SERVICE_TIME_SECTION", "DEPOT_SECTION"}


def read_vrptw(path: Path) -> VrptwInstance:
    """Read a VRPLIB CVRPTW file (Solomon / Gehring-Homberger as in shared/benchmarks/vrptw)."""
    if not path.is_file():
        raise InputError("instance_not_found", file=str(path))
    header: dict[str, str] = {}
    sections: dict[str, list[list[str]]] = {}
    current = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if not text or text == "EOF":
            continue
        if text in SECTIONS:
            current = text
            sections[current] = []
        elif ":" in text and current is None:
            key, value = text.split(":", 1)
            header[key.strip().upper()] = value.strip()
        elif current:
            sections[current].append(text.split())
        else:
            raise InputError("bad_instance", file=path.name, detail=f"line {number}: '{text[:40]}'")
    try:
        n = int(header["DIMENSION"])
        coords = {int(r[0]): (float(r[1]), float(r[2])) for r in sections["NODE_COORD_SECTION"]}
        demand = {int(r[0]): int(r[1]) for r in sections["DEMAND_SECTION"]}
        windows = {int(r[0]): (int(float(r[1])), int(float(r[2]))) for r in sections["TIME_WINDOW_SECTION"]}
        service_rows = {int(r[0]): int(float(r[1])) for r in sections.get("SERVICE_TIME_SECTION", [])}
        depot = int(sections.get("DEPOT_SECTION", [["1"]])[0][0])
        default_service = int(float(header.get("SERVICE_TIME", "0")))
        ids = [depot] + [i for i in sorted(coords) if i != depot]
        if len(ids) != n:
            raise InputError("bad_instance", file=path.name, detail=f"DIMENSION {n} but {len(ids)} nodes")
        return VrptwInstance(
            name=header.get("NAME", path.stem),
            x=tuple(coords[i][0] for i in ids),
            y=tuple(coords[i][1] for i in ids),
            demand=tuple(demand.get(i, 0) for i in ids),
            ready=tuple(windows[i][0] for i in ids),
            due=tuple(windows[i][1] for i in ids),
            service=tuple(0 if i == depot else service_rows.get(i, default_service) for i in ids),
            capacity=int(header["CAPACITY"]),
            vehicles=int(header.get("VEHICLES", n - 1)),
        )
    except (KeyError, ValueError, IndexError) as error:
        raise InputError("bad_instance", file=path.name, detail=f"{type(error).__name__}: {error}") from error


def read_bks(path: Path) -> dict[str, float]:
    """Best-known distances by instance name from bks.csv."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["instance"]: float(row["bks_distance"]) for row in csv.DictReader(handle)}


def write_bench_results(path: Path, results: list[BenchResult]) -> None:
    write_csv(
        path,
        ["instance", "engine", "distance", "vehicles", "feasible", "wall_s", "gap_pct"],
        (
            [
                r.instance,
                r.engine,
                f"{r.distance:.1f}",
                r.vehicles,
                str(r.feasible).lower(),
                f"{r.wall_s:.2f}",
                "" if r.gap_pct is None else f"{r.gap_pct:.3f}",
            ]
            for r in results
        ),
    )
