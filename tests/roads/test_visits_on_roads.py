"""Home visits on the extract's roads: walkers on OSRM's foot profile, drivers on its car profile,
the week's map drawn along the streets, and the times re-checked against the engine's own walk."""

from __future__ import annotations

import numpy as np
from click.testing import CliRunner

from mealplan.cli import cli
from tests.helpers import read_rows, write_rows

WEEK = "2026-W51"


def _with_visits(folder) -> None:
    """An office of the Helsinki slice with two walking workers and a weekly care plan."""
    offices = read_rows(folder / "offices.csv")
    clients = [c for c in read_rows(folder / "clients.csv") if c["status"] == "active" and c["lat"]]
    for office in offices:
        mine = [c for c in clients if c["office_id"] == office["office_id"]] or clients
        office["lat"] = mine[0]["lat"]
        office["lon"] = mine[0]["lon"]
    write_rows(folder / "offices.csv", offices)
    office = offices[0]["office_id"]
    (folder / "staff.csv").write_text(
        "worker_id,name,office_id,skills,contract_hours,travel_mode\n"
        f"W1,Aino Virtanen,{office},home care errands,40,foot\nW2,Eero Nieminen,{office},home care errands,40,car\n",
        encoding="utf-8",
    )
    lines = ["line_id,client_id,service,days,window_start,window_end"]
    mine = [c for c in clients if c["office_id"] == office][:8]
    lines += [f"L{k},{c['client_id']},cleaning,пн ср,08:00,15:00" for k, c in enumerate(mine)]
    (folder / "care_plan.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_walking_workers_go_by_the_foot_profile_and_the_map_follows_the_streets(helsinki_copy, tmp_path):
    _with_visits(helsinki_copy)
    out = tmp_path / "out"
    done = CliRunner().invoke(
        cli,
        ["visits", "plan", "--data", str(helsinki_copy), "--week", WEEK, "--out", str(out), "--time-limit", "3",
         "--workers", "1", "--no-history", "--roads", str(helsinki_copy / "roads.osm.pbf"), "--lang", "en"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    days = read_rows(out / "visits" / WEEK / "days.csv")
    assert days and {d["worker_id"] for d in days} <= {"W1", "W2"}
    page = out / "visits" / WEEK / "maps" / f"{read_rows(helsinki_copy / 'offices.csv')[0]['office_id']}.html"
    text = page.read_text(encoding="utf-8")
    # A straight-line day has its doors and the office as points; a day on the streets has many more.
    import json
    import re

    data = json.loads(re.search(r"var DAYS = (\[.*?\]);\n", text, re.S).group(1))
    assert any(len(day["line"]) > 2 * len(day["stops"]) + 2 for day in data)


def test_a_walkers_planned_legs_agree_with_the_engines_own_walk_through_the_same_doors(helsinki_copy, road_cache):
    """Re-timed by the foot profile's continuous route (not the matrices the plan used): each
    planned leg is the engine's leg at the settings' walking speed, to the minute's rounding."""
    from mealplan.io.adapters.osrm import FOOT_KMH, open_roads
    from mealplan.planning.visit_demand import iso_week_days
    from mealplan.visit_pipeline import VisitConfig, plan_visits

    _with_visits(helsinki_copy)
    plan, dataset, data = plan_visits(
        VisitConfig(data_dir=helsinki_copy, period=iso_week_days(WEEK), time_limit_s=3, workers=1,
                    roads=helsinki_copy / "roads.osm.pbf")
    )  # fmt: skip
    assert plan.violations == ()
    walker = next(w for w in data.workers if w.worker_id == "W1")
    foot = open_roads(helsinki_copy / "roads.osm.pbf", road_cache, curb=False, profile="foot")
    scale = FOOT_KMH / dataset.settings.walk_kmh
    checked = 0
    for day in (d for d in plan.days if d.worker_id == "W1"):
        points = [(walker.start_lat, walker.start_lon)] + [(v.lat, v.lon) for v in day.visits]
        _, _, legs_s = foot.path(np.array([p[0] for p in points]), np.array([p[1] for p in points]))
        for visit, leg_s in zip(day.visits, legs_s, strict=True):
            assert abs(visit.travel_min - leg_s * scale / 60) <= 1.0 + 0.02 * visit.travel_min
            checked += 1
    assert checked
