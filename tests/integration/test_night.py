"""The night as a library call: what `mealplan plan` does, returned as data to any caller."""

from __future__ import annotations

import datetime as dt

from mealplan.models import NightSummary, RunState
from mealplan.night import NightConfig, plan_night
from mealplan.pipeline import RunConfig

DAY = dt.date(2026, 11, 25)


def test_plan_night_writes_records_and_publishes_the_first_run_of_a_date(small_dir, tmp_path):
    config = RunConfig(data_dir=small_dir, date=DAY, time_limit_s=2, workers=1)
    night = NightConfig(run=config, out_dir=tmp_path / "out", db=f"sqlite:///{tmp_path / 'h.sqlite'}")
    done = plan_night(night)
    assert done.folder == tmp_path / "out" / DAY.isoformat() and (done.folder / "index.html").is_file()
    assert done.recorded == (1, True) and done.not_recorded is None and done.kept is None
    assert done.summary.served == len({s.client_id for r in done.plan.routes for s in r.stops})
    again = plan_night(night)
    assert again.recorded == (2, False) and again.kept is not None  # a re-plan: a draft, the first kept
    assert again.plan.history["replan"] and again.plan.history["since_run"] == 1


def test_summary_json_is_the_typed_summary_with_the_run_and_no_unmeasured_fields(small_dir, tmp_path):
    config = RunConfig(data_dir=small_dir, date=DAY, time_limit_s=2, workers=1, solution_limit=20)
    night = NightConfig(run=config, out_dir=tmp_path / "out", db=f"sqlite:///{tmp_path / 'h.sqlite'}")
    done = plan_night(night)
    assert done.folder is not None
    written = (done.folder / "summary.json").read_text(encoding="utf-8")
    summary = NightSummary.model_validate_json(written)
    assert summary.run == RunState(id=1, state="published")
    # A reproducible run writes no clock readings: not as nulls, not at all.
    assert summary.solve_s is None and summary.wall_s is None and '"wall_s"' not in written
    assert '"solve_s"' not in written
    assert summary.model_copy(update={"run": None}) == done.summary.without_timings()


def test_a_what_if_night_plans_and_summarises_but_writes_and_records_nothing(small_dataset, small_dir, tmp_path):
    config = RunConfig(data_dir=small_dir, date=DAY, time_limit_s=2, workers=1)
    done = plan_night(NightConfig(run=config, out_dir=tmp_path / "out", write=False), dataset=small_dataset)
    assert done.folder is None and done.recorded is None and not (tmp_path / "out").exists()
    assert done.summary.date == DAY and done.plan.routes


def test_a_nights_summary_says_where_its_time_went_stage_by_stage(small_dir, tmp_path):
    """Every stage of the night, the writers' included, has its seconds in summary.json; they add
    up to no more than the whole night."""
    config = RunConfig(data_dir=small_dir, date=DAY, time_limit_s=2, workers=1)
    done = plan_night(NightConfig(run=config, out_dir=tmp_path / "out", no_history=True))
    assert done.folder is not None
    written = NightSummary.model_validate_json((done.folder / "summary.json").read_text(encoding="utf-8"))
    assert written.stages_s is not None and written.wall_s is not None
    planning = {"read", "demand", "assign", "route", "produce", "ledger", "summary"}  # "matrices": on roads
    writing = {"write_views", "write_tables", "write_production", "write_route_tables", "write_workbook",
               "write_overview_map", "write_index", "write_kitchens"}  # fmt: skip
    assert planning | writing <= set(written.stages_s)
    assert all(seconds >= 0 for seconds in written.stages_s.values())
    # The routing stage holds the search: at least the solver's own seconds.
    assert written.stages_s["route"] >= (written.solve_s or 0) - 0.1
    before_writing = sum(s for stage, s in written.stages_s.items() if not stage.startswith("write_"))
    assert before_writing <= written.wall_s + 0.5
