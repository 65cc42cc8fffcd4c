"""What-if scenarios: files checked with clear messages, changes applied, sweeps on a real Dask LocalCluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from mealplan.cli import cli
from mealplan.errors import InputError
from mealplan.io.readers.dataset import read_dataset
from mealplan.io.readers.scenarios import load_scenario
from mealplan.planning.scenarios import apply_changes, variants
from mealplan.scenario import Changes, NewVans, Scenario

ROOT = Path(__file__).resolve().parents[2]
HELSINKI = ROOT / "data" / "helsinki"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_example_scenario_loads(tmp_path):
    names = [load_scenario(p).name for p in sorted((ROOT / "scenarios").glob("*.yaml"))]
    assert len(names) >= 5


def test_a_misspelt_key_is_named_with_the_file_and_what_was_expected(tmp_path):
    path = write(tmp_path / "bad.yaml", "name: x\nbase: d\ndates: [2026-11-25]\nchanges:\n  close_kitchen: [K2]\n")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert caught.value.code == "bad_scenario" and "bad.yaml" in str(caught.value)
    problem = caught.value.problems[0]
    assert problem.column == "changes.close_kitchen" and "Extra inputs" in problem.args["detail"]


def test_a_wrong_value_names_its_key_and_value(tmp_path):
    path = write(tmp_path / "bad.yaml", "name: x\nbase: d\ndates: [2026-11-25]\nchanges:\n  clients_scale: -1\n")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    problem = caught.value.problems[0]
    assert problem.column == "changes.clients_scale" and problem.value == "-1"


def test_broken_yaml_names_the_line(tmp_path):
    path = write(tmp_path / "bad.yaml", "name: x\ndates: [2026-11-25\n")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert caught.value.code == "scenario_yaml" and "line" in str(caught.value)


def test_changes_close_a_kitchen_add_vans_scale_clients_and_set_limits():
    base = read_dataset(HELSINKI)
    changed = apply_changes(
        base,
        Changes(
            close_kitchens=["K2"],
            add_vans=[NewVans(kitchen_id="K1", count=2, capacity_portions=40)],
            clients_scale=1.5,
            max_hold_min=60,
            window={"start": "11:00", "end": "13:00"},
            settings={"speed_kmh": 18},
        ),
        seed=1,
    )
    assert [k.kitchen_id for k in changed.kitchens] == ["K1"]
    assert all(v.kitchen_id == "K1" and v.max_hold_min == 60 for v in changed.vans)
    assert sum(v.van_id.startswith("K1-N") for v in changed.vans) == 2
    assert len(changed.clients) == round(1.5 * len(base.clients))
    assert len(changed.register_rows) == len(base.register_rows) + len(changed.clients) - len(base.clients)
    assert {(c.window_start_min, c.window_end_min) for c in changed.clients} == {(660, 780)}
    assert changed.settings.speed_kmh == 18


def test_a_kitchen_or_setting_the_data_does_not_have_is_an_error_naming_it():
    base = read_dataset(HELSINKI)
    with pytest.raises(KeyError, match="K9"):
        apply_changes(base, Changes(close_kitchens=["K9"]))
    with pytest.raises(ValueError, match="sped_kmh"):  # settings are checked when the file is read
        Changes(settings={"sped_kmh": 3})


def test_a_scenario_naming_what_its_base_does_not_have_is_refused_when_read_with_each_key(tmp_path):
    """K9, V99 and vans for K8 are named with their key paths, exit 2, before any plan starts."""
    path = tmp_path / "wrong.yaml"
    path.write_text(
        f"name: x\nbase: {HELSINKI}\ndates: [2026-11-25]\ntime_limit_s: 1\nchanges:\n  close_kitchens: [K9]\n"
        "  remove_vans: [V99]\n  add_vans: [{kitchen_id: K8, capacity_portions: 60}]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["scenario", "run", str(path), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 2, result.output
    for where, value in (("changes.close_kitchens.0", "K9"), ("changes.remove_vans.0", "V99"),
                         ("changes.add_vans.0.kitchen_id", "K8")):  # fmt: skip
        assert f"[{where}] '{value}' – the base does not have it" in result.output
    assert not out.exists()


def test_a_bug_in_the_planner_is_not_reported_as_the_users_mistake(tmp_path, monkeypatch):
    """A KeyError inside planning is an internal error (exit 1, a log), never "the scenario names
    something the data does not have" (exit 2)."""
    import mealplan.sweep as sweep

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(sweep, "run_sweep", broken)
    path = tmp_path / "fine.yaml"
    path.write_text(f"name: x\nbase: {HELSINKI}\ndates: [2026-11-25]\ntime_limit_s: 1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scenario", "run", str(path), "--out", str(tmp_path / "out"), "--lang", "en"])
    assert result.exit_code == 1 and "internal error" in result.output.lower(), result.output
    assert "Traceback" not in result.output


def test_a_site_question_plans_one_variant_per_candidate():
    scenario = Scenario(
        name="site",
        base="../data/helsinki",
        kind="kitchen_site",
        dates=["2026-11-25"],
        candidates=[
            {"name": "A", "lat": 60.17, "lon": 24.94, "capacity_portions": 50},
            {"name": "B", "lat": 60.16, "lon": 24.93, "capacity_portions": 50},
        ],
    )
    found = variants(scenario)
    assert [name for name, _ in found] == ["site: A", "site: B"]
    assert all(len(changes.add_kitchens) == 1 for _, changes in found)


def test_a_sweep_runs_on_a_local_dask_cluster_compares_and_a_rerun_skips_what_is_done(tmp_path):
    """Two scenarios x two dates (and the base) on a real two-worker LocalCluster, then the comparison."""
    write(
        tmp_path / "closed.yaml",
        f"name: Без K2\nbase: {HELSINKI}\ndates: [2026-11-24, 2026-11-25]\ntime_limit_s: 1\n"
        "changes:\n  close_kitchens: [K2]\n",
    )
    write(
        tmp_path / "tight.yaml",
        f"name: Лимит 30 мин\nbase: {HELSINKI}\ndates: [2026-11-24, 2026-11-25]\ntime_limit_s: 1\n"
        "changes:\n  max_hold_min: 30\n",
    )
    out = tmp_path / "out"
    args = ["scenario", "run", str(tmp_path / "closed.yaml"), str(tmp_path / "tight.yaml"), "--out", str(out)]
    result = CliRunner().invoke(cli, [*args, "--workers", "2", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "6 plans made, 0 already done, 6 in all" in result.output
    plans = sorted((out / "results").glob("*/*.json"))
    assert len(plans) == 6
    closed = json.loads(next(p for p in plans if "K2" in p.parent.name).read_text(encoding="utf-8"))
    assert all(k["kitchen_id"] != "K2" or k["orders"] == 0 for k in closed["kitchens"])
    page = (out / "comparison.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 6 and "Без K2" in page and "Лимит 30 мин" in page
    sheet = load_workbook(out / "comparison.xlsx").worksheets[0]
    assert sheet.max_row == 4  # header + base + two scenarios
    again = CliRunner().invoke(cli, [*args, "--workers", "2", "--lang", "en"])
    assert "0 plans made, 6 already done" in again.output


def test_a_sweep_goes_to_an_existing_cluster_given_by_its_address(tmp_path):
    """--scheduler sends the plans to a cluster that is already running (here a LocalCluster started apart)."""
    from distributed import LocalCluster

    write(
        tmp_path / "closed.yaml",
        f"name: Без K2\nbase: {HELSINKI}\ndates: [2026-11-25]\ntime_limit_s: 1\nchanges:\n  close_kitchens: [K2]\n",
    )
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        out = tmp_path / "out"
        result = CliRunner().invoke(
            cli,
            ["scenario", "run", str(tmp_path / "closed.yaml"), "--out", str(out), "--scheduler",
             cluster.scheduler_address, "--lang", "en"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "2 plans made" in result.output
        assert cluster.scheduler.status.name == "running"  # the sweep leaves someone else's cluster running


def result(variant, date, kind, base, group=None, served=99.5, unserved=None, hours=100.0):
    """One plan's summary as a sweep writes it, with only what the comparison reads."""
    unserved = unserved or {"fleet_capacity": 2}
    return {
        "variant": variant,
        "date": date,
        "kind": kind,
        "group": group or variant,
        "base_variant": base,
        "served_pct": served,
        "unserved_by_reason": unserved,
        "vans_used": 30,
        "trips": 40,
        "total_km": 900.0,
        "route_hours": hours,
        "longest_food_ride_min": 80.0,
        "vans_missing": 0,
        "kitchens": [{"kitchen_id": "K1", "portions": 400, "utilisation_pct": 80.0}],
    }


def test_the_comparison_names_the_base_in_the_readers_language_and_says_why_a_scenario_serves_fewer(tmp_path):
    from mealplan.io.writers.comparison import save_result, write_comparison

    base = "base (sofia)"
    for day in ("2026-11-24", "2026-11-25"):
        save_result(tmp_path, base, day, result(base, day, "base", base))
        closed = result("Без K2", day, "compare", base, served=95.0, unserved={"kitchen_capacity": 40}, hours=90.0)
        save_result(tmp_path, "Без K2", day, closed)
    write_comparison(tmp_path, "bg")
    frame = __import__("pandas").read_csv(tmp_path / "comparison.csv")
    closed_row = frame[frame["variant"] == "Без K2"].iloc[0]
    assert list(frame["variant"]) == ["Основа (sofia)", "Без K2"]
    assert closed_row["served_pct_vs_base"] == -4.5 and closed_row["main_unserved_reason"] == "kitchen_capacity"
    assert closed_row["route_hours_vs_base_pct"] == -10.0
    page = (tmp_path / "comparison.html").read_text(encoding="utf-8")
    assert "base (" not in page and "Основа (sofia)" in page
    assert "<tr class='worse'><td>Без K2</td>" in page and "кухните нямат капацитет" in page
    assert "-4.5 pp" in page


def test_a_site_question_ranks_its_candidates_most_served_first_then_fewest_van_hours(tmp_path):
    from mealplan.io.writers.comparison import comparison_table, site_ranking

    base = "base (sofia)"
    rows = [result(base, "2026-11-25", "base", base)]
    for name, served, hours in (("A", 99.0, 90.0), ("B", 99.8, 95.0), ("C", 99.8, 92.0)):
        rows.append(result(f"Шеста: {name}", "2026-11-25", "kitchen_site", base, "Шеста", served, hours=hours))
    _, summary = comparison_table(rows)
    ranked = site_ranking(summary)
    assert list(ranked["variant"]) == ["Шеста: C", "Шеста: B", "Шеста: A"]
    assert list(ranked["rank"]) == [1, 2, 3]


def test_sweep_progress_says_plans_done_time_so_far_and_an_estimate_of_what_is_left():
    from mealplan.cli import sweep_progress_line

    assert sweep_progress_line(3, 12, 30.0, "en") == "plans 3/12 · 30 s · ~1:30 left"
    assert sweep_progress_line(12, 12, 95.0, "bg") == "планове 12/12 · 1:35 · остават ~0 s"


def test_a_sweep_killed_midway_keeps_the_plans_it_finished_and_a_rerun_makes_only_the_rest(tmp_path):
    """The sweep is killed (SIGKILL to its process group, workers included) after its first plan."""
    import os
    import signal
    import subprocess
    import sys
    import time

    dates = ", ".join(f"2026-11-{d}" for d in (23, 24, 25, 26, 27))
    scenario = write(
        tmp_path / "closed.yaml",
        f"name: Без K2\nbase: {HELSINKI}\ndates: [{dates}]\ntime_limit_s: 1\nchanges:\n  close_kitchens: [K2]\n",
    )
    out = tmp_path / "out"
    command = [sys.executable, "-m", "mealplan", "scenario", "run", str(scenario), "--out", str(out)]
    sweep = subprocess.Popen(
        [*command, "--workers", "1"], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while not list(out.glob("results/*/*.json")) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        os.killpg(sweep.pid, signal.SIGKILL)
        sweep.wait()
    kept = list(out.glob("results/*/*.json"))
    assert 1 <= len(kept) < 10
    assert all(json.loads(p.read_text(encoding="utf-8"))["date"] for p in kept)  # whole files, never half-written
    again = subprocess.run([*command, "--workers", "2", "--lang", "en"], capture_output=True, text=True, check=True)
    assert f"{10 - len(kept)} plans made, {len(kept)} already done, 10 in all" in again.stdout
    assert len(list(out.glob("results/*/*.json"))) == 10
