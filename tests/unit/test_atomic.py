"""atomic_folder's paths beyond the Linux exchange: the two-rename fallback and the restore of a backup."""

from __future__ import annotations

import pytest

import mealplan.io.writers.atomic as atomic


def write_plan(target, text):
    with atomic.atomic_folder(target) as staging:
        (staging / "ledger.csv").write_text(text, encoding="utf-8")


def test_without_renameat2_the_plan_is_swapped_by_two_renames_and_no_backup_is_left(tmp_path, monkeypatch):
    """Where RENAME_EXCHANGE is missing (not Linux, old kernel), the new plan still replaces the old whole."""
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    target = tmp_path / "2026-11-25"
    write_plan(target, "old")
    write_plan(target, "new")
    assert (target / "ledger.csv").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-11-25"]


def test_a_backup_left_by_a_killed_swap_is_restored_before_the_next_run(tmp_path, monkeypatch):
    """Killed between the two renames, the plan exists only as .<date>.previous: the next run puts it back
    first, so a run that then fails leaves that plan, not nothing."""
    target = tmp_path / "2026-11-25"
    backup = tmp_path / ".2026-11-25.previous"
    backup.mkdir()
    (backup / "ledger.csv").write_text("yesterday's run", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic.atomic_folder(target):
        raise RuntimeError("the run fails while writing")
    assert (target / "ledger.csv").read_text(encoding="utf-8") == "yesterday's run"
    assert not backup.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-11-25"]


def test_a_stale_backup_beside_a_plan_is_removed(tmp_path):
    """Both the plan and a backup exist (the old run finished its second rename): the backup goes."""
    target = tmp_path / "2026-11-25"
    write_plan(target, "plan")
    (tmp_path / ".2026-11-25.previous").mkdir()
    write_plan(target, "new plan")
    assert (target / "ledger.csv").read_text(encoding="utf-8") == "new plan"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-11-25"]
