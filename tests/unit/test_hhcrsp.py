"""The home-care benchmark (HHCRSP): the instance reader, the judge by the benchmark's rules, and
`mealplan bench` on JSON instances writing the benchmark's own solution format."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from mealplan.cli import cli
from mealplan.errors import InputError
from mealplan.io.readers.hhcrsp import read_hhcrsp
from mealplan.routing.hhcrsp import judge_hhcrsp, solve_hhcrsp
from mealplan.visit_models import HhcRoute, HhcStop

OFFICE = (0.0, 0.0)
PATIENTS = [
    {"id": "p1", "location": [3.0, 4.0], "time_window": [10.0, 60.0],
     "required_caregivers": [{"service": "s1", "duration": 10.0}]},
    {"id": "p2", "location": [6.0, 8.0], "time_window": [20.0, 80.0],
     "required_caregivers": [{"service": "s1", "duration": 5.0}, {"service": "s2", "duration": 5.0}],
     "synchronization": {"type": "simultaneous"}},
    {"id": "p3", "location": [0.0, 10.0], "time_window": [0.0, 40.0],
     "required_caregivers": [{"service": "s2", "duration": 10.0}, {"service": "s1", "duration": 10.0}],
     "synchronization": {"type": "sequential", "distance": [15, 30]}},
]  # fmt: skip


def instance_file(tmp_path, patients=PATIENTS):
    points = [OFFICE] + [tuple(p["location"]) for p in patients]
    document = {
        "patients": patients,
        "services": [{"id": "s1", "default_duration": 10}, {"id": "s2", "default_duration": 10}],
        "caregivers": [{"id": "c1", "abilities": ["s1", "s2"]}, {"id": "c2", "abilities": ["s1", "s2"]},
                       {"id": "c3", "abilities": ["s2"]}],
        "central_offices": [{"id": "d", "location": list(OFFICE)}],
        "distances": [[math.dist(a, b) for b in points] for a in points],
    }  # fmt: skip
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_the_judge_recomputes_the_earliest_starts_and_prices_as_published(tmp_path):
    """Starts come from the routes alone: travel, the window's opening, a simultaneous partner;
    cost = (distance + total tardiness + max tardiness) / 3."""
    instance = read_hhcrsp(instance_file(tmp_path, PATIENTS[:2]))
    routes = (
        HhcRoute(caregiver_id="c1", stops=(HhcStop(patient_id="p1", service="s1", start=0, end=0),
                                           HhcStop(patient_id="p2", service="s1", start=0, end=0))),
        HhcRoute(caregiver_id="c3", stops=(HhcStop(patient_id="p2", service="s2", start=0, end=0),)),
    )  # fmt: skip
    judged = judge_hhcrsp(instance, routes)
    assert judged.feasible, judged.problems
    p1 = judged.routes[0].stops[0]
    assert p1.start == 10.0  # arrives at 5, waits for the window
    # c1 leaves p1 at 20, walks 5 to p2 (25); c3 came straight (10) and waits for c1: both at 25.
    assert judged.routes[0].stops[1].start == pytest.approx(25.0) == judged.routes[1].stops[0].start
    distance = 5 + 5 + 10 + 10 + 10
    assert judged.distance == pytest.approx(distance) and judged.total_tardiness == 0
    assert judged.cost == pytest.approx(distance / 3)


@pytest.mark.parametrize(
    ("routes", "problem"),
    [
        ((("c3", "p1", "s1"),), "cannot give"),
        ((("c1", "p1", "s1"), ("c1", "p1", "s1")), "served 2 times"),
        ((("c1", "p2", "s1"), ("c1", "p2", "s2")), "one caregiver gives both"),
    ],
)
def test_the_judge_names_a_broken_rule(tmp_path, routes, problem):
    instance = read_hhcrsp(instance_file(tmp_path, PATIENTS[:2]))
    by_giver: dict[str, list[HhcStop]] = {}
    for giver, patient, service in routes:
        by_giver.setdefault(giver, []).append(HhcStop(patient_id=patient, service=service, start=0, end=0))
    judged = judge_hhcrsp(instance, tuple(HhcRoute(caregiver_id=g, stops=tuple(s)) for g, s in by_giver.items()))
    assert not judged.feasible and any(problem in p for p in judged.problems) and judged.cost == math.inf


def test_a_sequential_pair_waits_for_its_minimum_gap_and_a_late_second_holds_back_the_first(tmp_path):
    instance = read_hhcrsp(instance_file(tmp_path, PATIENTS[2:]))
    routes = (
        HhcRoute(caregiver_id="c3", stops=(HhcStop(patient_id="p3", service="s2", start=0, end=0),)),
        HhcRoute(caregiver_id="c1", stops=(HhcStop(patient_id="p3", service="s1", start=0, end=0),)),
    )
    judged = judge_hhcrsp(instance, routes)
    first, second = judged.routes[0].stops[0].start, judged.routes[1].stops[0].start
    assert judged.feasible and second - first == pytest.approx(15.0)


def test_the_solver_serves_every_service_with_the_pairs_kept(tmp_path):
    instance = read_hhcrsp(instance_file(tmp_path))
    judged = judge_hhcrsp(instance, solve_hhcrsp(instance, 1.0))
    assert judged.feasible, judged.problems


def test_bench_on_json_writes_the_benchmarks_solution_format_that_judges_the_same(tmp_path):
    path = instance_file(tmp_path)
    bks = tmp_path / "bks.csv"
    bks.write_text("instance,best_cost\ntiny,20.0\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["bench", str(path), "--time-limit", "1", "--bks", str(bks), "--solutions",
                                    str(tmp_path / "sol"), "--out", str(tmp_path / "r.csv")])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "1 instances, 1 feasible, mean gap" in done.output
    written = json.loads((tmp_path / "sol" / "tiny.solution.json").read_text(encoding="utf-8"))
    stops = [(r["caregiver_id"], s["patient"], s["service"]) for r in written["routes"] for s in r["locations"]]
    assert sorted((p, s) for _, p, s in stops) == [("p1", "s1"), ("p2", "s1"), ("p2", "s2"), ("p3", "s1"), ("p3", "s2")]
    assert all({"arrival_time", "departure_time", "patient", "service"} <= set(s) for r in written["routes"]
               for s in r["locations"])  # fmt: skip
    again = judge_hhcrsp(
        read_hhcrsp(path),
        tuple(HhcRoute(caregiver_id=r["caregiver_id"], stops=tuple(
            HhcStop(patient_id=s["patient"], service=s["service"], start=s["arrival_time"], end=s["departure_time"])
            for s in r["locations"])) for r in written["routes"]),
    )  # fmt: skip
    row = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()[1].split(",")
    assert again.feasible and float(row[4]) == pytest.approx(again.cost, abs=1e-3)


def test_an_instance_that_is_not_one_names_the_file_and_the_place(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"patients": [{"id": "p1"}], "central_offices": [{"location": [0, 0]}]}))
    with pytest.raises(InputError) as error:
        read_hhcrsp(broken)
    assert error.value.args_["file"] == "broken.json" and "patients[0]" in error.value.args_["detail"]
