"""benchmarks/nightly.py --check: a night's figures against the stored ones, per 1,000 clients due."""

from __future__ import annotations

from benchmarks.nightly import previous_working_day, ratios, regressions


def run(due=10_000, wall=80.0, solve=50.0, peak=1500, **stages):
    return {"due": due, "wall_s_measured": wall, "solve_s": solve, "peak_mib": peak, "stages_s": stages}


def test_figures_are_per_1000_clients_due_and_routing_leaves_out_the_solvers_search():
    figures = ratios([run(read=2.0, route=53.0), run(read=4.0, route=55.0), run(read=3.0, route=51.0)])
    assert figures["outside_s_per_1000"] == 3.0  # median of 30 s over 10,000 due
    assert figures["peak_mib_per_1000"] == 150.0
    assert figures["stages_s_per_1000"] == {"read": 0.3, "route": 0.3}


def test_a_stage_a_quarter_slower_than_stored_is_named_and_noise_below_the_floor_is_not():
    stored = ratios([run(read=2.0, write_workbook=0.2)])
    slower = ratios([run(read=3.0, write_workbook=0.4)])  # +50 % and +100 %; the workbook by 0.2 s, in the noise
    found = regressions(slower, stored)
    assert len(found) == 1 and found[0].startswith("stage read") and "+50 %" in found[0]
    assert regressions(stored, stored) == []


def test_more_memory_per_client_is_a_regression_too():
    assert regressions(ratios([run(peak=2000)]), ratios([run(peak=1500)])) == [
        "peak MiB per 1,000 due: 200 (stored 150, +33 %)"
    ]


def test_the_history_is_prepared_with_the_working_day_before():
    assert previous_working_day("2026-11-23") == "2026-11-20"  # a Monday: the Friday before
    assert previous_working_day("2026-11-25") == "2026-11-24"
