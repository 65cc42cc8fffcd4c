"""Numbers on the command line that no run can use are refused as input (exit 2) before anything
starts: an infinite or NaN budget would never finish, a seed or run id beyond a C int overflows."""

from __future__ import annotations

import pytest

from tests.faults.conftest import invoke, plan_args


@pytest.mark.parametrize(
    ("option", "value"),
    [("--time-limit", "inf"), ("--time-limit", "nan"), ("--time-limit", "-inf"), ("--time-limit", "1e300"),
     ("--seed", "12345678901234567890123"), ("--seed", "-1"), ("--solution-limit", "99999999999999999999")],
)  # fmt: skip
def test_plan_refuses_numbers_no_run_can_use(data, tmp_path, option, value):
    args = plan_args(data, tmp_path / "out")
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    answer = invoke(*args)
    assert answer.exit_code == 2 and option in answer.output
    assert not (tmp_path / "out").exists()


def test_publish_refuses_a_run_number_beyond_what_the_history_can_hold(data):
    answer = invoke("publish", "2026-11-25", "--run", "12345678901234567890123", "--data", data)
    assert answer.exit_code == 2 and "--run" in answer.output


def test_bench_refuses_an_infinite_budget(tmp_path):
    answer = invoke("bench", tmp_path / "x.vrp", "--time-limit", "inf")
    assert answer.exit_code == 2 and "--time-limit" in answer.output


def test_a_today_that_is_not_a_date_is_named(data, tmp_path, monkeypatch):
    monkeypatch.setenv("MEALPLAN_TODAY", "2026-13-01")
    answer = invoke("plan", "--data", data, "--out", tmp_path / "out", "--lang", "en")
    assert answer.exit_code == 2 and "MEALPLAN_TODAY=2026-13-01" in answer.output
