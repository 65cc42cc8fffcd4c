"""The history under mistakes: a typo in a date, a folder or a URL never deletes, creates or
hides anything. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from mealplan.io.store.history import History
from tests.faults.conftest import invoke, plan_args
from tests.history.test_history import night

MON = dt.date(2026, 11, 23)


def test_a_far_date_is_refused_and_the_history_keeps_every_run(data, tmp_path, db_url):
    """`--date 2062-11-23` (a typo for 2026) plans nothing and deletes nothing: exit 2, one sentence."""
    history = History(db_url)
    for days in range(11):
        history.record(night(MON - dt.timedelta(days=days), {"C1": "V1"}))
    typo = invoke(*plan_args(data, tmp_path / "out", "2062-11-23", "--db", db_url))
    assert typo.exit_code == 2, typo.output
    assert "2062-11-23 is more than 60 days from today" in typo.output and "--far-date" in typo.output
    assert len(history.runs_of()) == 11
    assert not (tmp_path / "out" / "2062-11-23").exists()


def test_a_far_date_asked_for_on_purpose_is_planned_and_deletes_nothing(data, tmp_path, db_url):
    history = History(db_url)
    for days in range(3):
        history.record(night(MON - dt.timedelta(days=days + 500), {"C1": "V1"}))
    done = invoke(*plan_args(data, tmp_path / "out", "2062-11-23", "--db", db_url, "--far-date"))
    assert done.exit_code == 0, done.output
    assert len(history.runs_of()) == 4


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "2026-02-30"])
def test_dates_no_service_can_have_are_refused_as_input(data, tmp_path, date):
    refused = invoke(*plan_args(data, tmp_path / "out", date, "--far-date"))
    assert refused.exit_code == 2 and date in refused.output
    assert not (tmp_path / "out").exists()


def test_prune_deletes_only_runs_older_than_the_retention_counted_from_today(data, db_url, monkeypatch):
    history = History(db_url)
    history.record(night(MON - dt.timedelta(days=500), {"C1": "V1"}))
    history.record(night(MON - dt.timedelta(days=401), {"C1": "V1"}))
    history.record(night(MON, {"C1": "V1"}))
    monkeypatch.setenv("MEALPLAN_TODAY", MON.isoformat())
    dry = invoke("history", "--prune", "--dry-run", "--data", data, "--db", db_url, "--lang", "en")
    assert dry.exit_code == 0 and "2 runs of dates before 2025-10-19 would be deleted" in dry.output
    assert len(history.runs_of()) == 3
    pruned = invoke("history", "--prune", "--data", data, "--db", db_url, "--lang", "en")
    assert pruned.exit_code == 0 and "Deleted 2 runs of dates before 2025-10-19" in pruned.output
    assert [r["plan_date"] for r in history.runs_of()] == [MON]


@pytest.mark.parametrize(
    "command",
    [["history"], ["history", "--date", "2026-11-25"], ["forget", "C00001", "--yes"], ["publish", "2026-11-25"],
     ["history", "--prune"]],
)  # fmt: skip
def test_a_mistyped_data_folder_creates_nothing_and_says_so(tmp_path, monkeypatch, command):
    monkeypatch.delenv("MEALPLAN_DB")
    typo = tmp_path / "typo" / "dir"
    answer = invoke(*command, "--data", typo, "--lang", "en")
    assert answer.exit_code == 2, answer.output
    assert str(typo) in answer.output and "not found" in answer.output
    assert not (tmp_path / "typo").exists()


def test_a_sqlite_history_that_does_not_exist_is_named_not_created(tmp_path, data):
    missing = tmp_path / "elsewhere" / "history.sqlite"
    answer = invoke("history", "--db", f"sqlite:///{missing}", "--data", data, "--lang", "en")
    assert answer.exit_code == 2 and str(missing) in answer.output and "no plan history" in answer.output
    assert not missing.parent.exists()


def test_an_unknown_client_or_date_is_a_mistake_of_the_command_not_a_bug(db_url, data):
    History(db_url).record(night(MON, {"C1": "V1"}))
    for asked in (["--client", "C-NOBODY"], ["--date", "2026-11-20"]):
        answer = invoke("history", *asked, "--db", db_url, "--data", data, "--lang", "en")
        assert answer.exit_code == 2 and "nothing for" in answer.output
