"""Files are opened as files: a symbolic link planted at any path the program writes is never
followed. Each test plants one, runs the command, and checks the link's target is untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mealplan.errors import OutputError
from mealplan.io.safe import real_folder, replacing, write_new_file
from tests.faults.conftest import invoke, plan_args

DATE = "2026-11-25"


@pytest.fixture
def victim(tmp_path) -> Path:
    """A file outside every folder the program was given, that nothing may change."""
    path = tmp_path / "elsewhere" / "precious.txt"
    path.parent.mkdir()
    path.write_text("precious", encoding="utf-8")
    return path


def untouched(victim: Path) -> bool:
    return victim.read_text(encoding="utf-8") == "precious" and [p.name for p in victim.parent.iterdir()] == [
        "precious.txt"
    ]


def test_a_link_at_the_lock_file_stops_the_run_and_its_target_keeps_its_contents(data, tmp_path, victim):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".mealplan.lock").symlink_to(victim)
    answer = invoke(*plan_args(data, out))
    assert answer.exit_code == 3 and "symbolic link" in answer.output and str(victim) in answer.output
    assert untouched(victim)


def test_a_link_at_the_nights_folder_is_named_not_replaced_or_written_through(data, tmp_path, victim):
    out = tmp_path / "out"
    out.mkdir()
    (out / DATE).symlink_to(victim.parent, target_is_directory=True)
    answer = invoke(*plan_args(data, out))
    assert answer.exit_code == 3 and "symbolic link" in answer.output
    assert untouched(victim) and (out / DATE).is_symlink()


def test_a_file_where_the_nights_folder_goes_is_named_before_planning(data, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / DATE).write_text("someone's notes", encoding="utf-8")
    answer = invoke(*plan_args(data, out))
    assert answer.exit_code == 3 and "is a file, not a plan folder" in answer.output
    assert (out / DATE).read_text(encoding="utf-8") == "someone's notes"
    assert sorted(p.name for p in out.iterdir()) == [".mealplan.lock", DATE]


def test_an_out_folder_that_is_a_file_is_refused_before_planning(data, tmp_path):
    out = tmp_path / "out"
    out.write_text("x", encoding="utf-8")
    answer = invoke(*plan_args(data, out))
    assert answer.exit_code == 3 and "not a folder" in answer.output
    assert out.read_text(encoding="utf-8") == "x"


def test_leftover_links_beside_the_nights_folder_are_removed_without_following_them(data, tmp_path, victim):
    out = tmp_path / "out"
    out.mkdir()
    (out / f".{DATE}.tmp-planted").symlink_to(victim.parent, target_is_directory=True)
    (out / f".{DATE}.previous").symlink_to(victim.parent, target_is_directory=True)
    answer = invoke(*plan_args(data, out))
    assert answer.exit_code == 0, answer.output
    assert untouched(victim)
    assert (out / DATE / "ledger.csv").is_file() and not (out / DATE).is_symlink()
    assert not os.path.lexists(out / f".{DATE}.tmp-planted") and not os.path.lexists(out / f".{DATE}.previous")


def test_a_link_at_the_default_history_file_is_refused(data, tmp_path, victim, monkeypatch):
    monkeypatch.delenv("MEALPLAN_DB")
    (data / "history.sqlite").symlink_to(victim)
    answer = invoke(*plan_args(data, tmp_path / "out"))
    assert answer.exit_code == 3 and "symbolic link" in answer.output
    assert untouched(victim) and not (tmp_path / "out" / DATE).exists()


def test_a_dangling_link_at_the_default_history_file_creates_nothing_at_its_target(data, tmp_path, monkeypatch):
    monkeypatch.delenv("MEALPLAN_DB")
    target = tmp_path / "elsewhere" / "created.sqlite"
    (data / "history.sqlite").symlink_to(target)
    answer = invoke("history", "--data", data)
    assert answer.exit_code == 3 and not target.exists() and not target.parent.exists()


def test_generating_a_sample_over_planted_links_replaces_the_links_not_their_targets(tmp_path, victim):
    folder = tmp_path / "sample"
    folder.mkdir()
    (folder / "clients.csv").symlink_to(victim)
    answer = invoke("generate-sample", "--out", folder, "--clients", "20", "--force")
    assert answer.exit_code == 0, answer.output
    assert untouched(victim) and not (folder / "clients.csv").is_symlink()


def test_files_written_beside_the_data_replace_a_planted_link_and_never_write_through_it(tmp_path, victim):
    link = tmp_path / "geocode_review.csv"
    link.symlink_to(victim)
    with replacing(link) as staging:
        staging.write_text("new", encoding="utf-8")
    assert untouched(victim) and not link.is_symlink() and link.read_text(encoding="utf-8") == "new"
    assert oct(link.stat().st_mode & 0o777) != oct(0o600)  # an ordinary file's mode, not a temp file's


def test_a_new_file_is_never_opened_through_a_link(tmp_path, victim):
    log = tmp_path / "mealplan-error-1.log"
    log.symlink_to(victim)
    with pytest.raises(FileExistsError):
        write_new_file(log, "traceback")
    assert untouched(victim)


def test_folders_made_below_a_root_refuse_a_planted_link(tmp_path, victim):
    (tmp_path / ".mealplan-cache").symlink_to(victim.parent, target_is_directory=True)
    with pytest.raises(OutputError) as caught:
        real_folder(tmp_path, ".mealplan-cache", "roads")
    assert caught.value.code == "planted_link" and untouched(victim)


def test_scenario_results_are_never_written_through_a_planted_link(tmp_path, victim):
    from mealplan.io.writers.comparison import result_path, save_result

    out = tmp_path / "sweep"
    path = result_path(out, "closed K1", DATE)
    path.parent.mkdir(parents=True)
    path.symlink_to(victim)
    save_result(out, "closed K1", DATE, {"served": 1})
    assert untouched(victim) and not path.is_symlink()
    (out / "results" / "other").symlink_to(victim.parent, target_is_directory=True)
    with pytest.raises(OutputError):
        save_result(out, "other", DATE, {"served": 1})
    assert untouched(victim)
