"""Home-health-care routing benchmark instances (Mankowska et al., iolab-uniud JSON) in; their
solutions out in the same repository's solution format, so that any checker can judge them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from mealplan.errors import InputError
from mealplan.io.tabular import write_csv
from mealplan.visit_models import HhcInstance, HhcPatient, HhcRoute


def read_hhcrsp(path: Path) -> HhcInstance:
    """Read one instance; a file that is not one names the file and the place in it."""
    if not path.is_file():
        raise InputError("instance_not_found", file=str(path))
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError("bad_instance", file=path.name, detail=str(error)) from error
    where = "?"
    try:
        where = "central_offices[0].location"
        points = [tuple(float(v) for v in raw["central_offices"][0]["location"])]
        patients = []
        for k, patient in enumerate(raw["patients"]):
            where = f"patients[{k}]"
            points.append(tuple(float(v) for v in patient["location"]))
            sync = patient.get("synchronization") or {}
            gap = sync.get("distance") or [0, 0]
            services = tuple((str(s["service"]), float(s["duration"])) for s in patient["required_caregivers"])
            if not 1 <= len(services) <= 2 or (len(services) == 2) != bool(sync):
                raise ValueError("one service, or two with a synchronization")
            patients.append(
                HhcPatient(
                    patient_id=str(patient["id"]),
                    location=k + 1,
                    window_start=float(patient["time_window"][0]),
                    window_end=float(patient["time_window"][1]),
                    services=services,
                    sync=str(sync.get("type", "")),
                    gap_min=float(gap[0]),
                    gap_max=float(gap[1]),
                )
            )
        where = "caregivers"
        caregivers = tuple((str(c["id"]), frozenset(str(a) for a in c["abilities"])) for c in raw["caregivers"])
        where = "distances"
        distances = tuple(tuple(float(v) for v in row) for row in raw["distances"])
        if len(distances) != len(points) or any(len(row) != len(points) for row in distances):
            raise ValueError(f"a {len(points)} x {len(points)} matrix (office, then each patient)")
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise InputError("bad_instance", file=path.name, detail=f"{where}: {error}") from error
    return HhcInstance(
        name=path.name.removesuffix(".json"),
        caregivers=caregivers,
        patients=tuple(patients),
        points=tuple(points),
        distances=distances,
    )


def read_hhcrsp_bks(path: Path) -> dict[str, float]:
    """bks.csv of the benchmark: instance -> best known cost."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["instance"]: float(row["best_cost"]) for row in csv.DictReader(handle)}


def write_hhcrsp_solution(path: Path, routes: tuple[HhcRoute, ...]) -> None:
    """The benchmark's own solution format: per caregiver the visits in order, each with patient,
    service, arrival_time (the service's start) and departure_time."""
    document = {
        "routes": [
            {
                "caregiver_id": route.caregiver_id,
                "locations": [
                    {
                        "arrival_time": round(stop.start, 3),
                        "departure_time": round(stop.end, 3),
                        "patient": stop.patient_id,
                        "service": stop.service,
                    }
                    for stop in route.stops
                ],
            }
            for route in routes
        ]
    }
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")


HHCRSP_RESULT_COLUMNS = (
    "instance", "patients", "caregivers", "feasible", "cost", "distance", "total_tardiness", "max_tardiness",
    "best_cost", "gap_pct", "wall_s", "problems",
)  # fmt: skip


def write_hhcrsp_results(path: Path, rows: list[dict]) -> None:
    """The benchmark's table: one row per instance, judged by the benchmark's rules."""
    write_csv(path, HHCRSP_RESULT_COLUMNS, ([row.get(c, "") for c in HHCRSP_RESULT_COLUMNS] for row in rows))
