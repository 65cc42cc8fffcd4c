"""A day off is said plainly: which holiday, the next working day, and no empty sheets or maps."""

from __future__ import annotations

import json

from tests.helpers import read_rows, run_plan


def test_a_holiday_is_named_with_the_next_working_day_and_nothing_empty_is_written(small_dir, tmp_path):
    result = run_plan(small_dir, tmp_path, "2026-12-25")
    assert result.exit_code == 0, result.output
    assert "2026-12-25 е неработен ден (Рождество Христово)" in result.output
    assert "Следващ работен ден: 2026-12-29" in result.output
    assert "100.0 %" not in result.output
    folder = tmp_path / "2026-12-25"
    # (hidden: .source, the data folder the night was made from)
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "index.html", "ledger.csv", "plan.xlsx", "problems.csv", "summary.json", "unserved.csv", "violations.csv",
    ]  # fmt: skip
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "неработен ден (Рождество Христово)" in page and "2026-12-29" in page
    assert "production/" not in page and "maps/" not in page
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["served_pct"] is None and summary["next_working_day"] == "2026-12-29"
    assert summary["day_off"] == {"day": "holiday", "holiday": "Рождество Христово"}
    ledger = read_rows(folder / "ledger.csv")
    assert ledger and {r["status"] for r in ledger} <= {"not_due", "invalid"}


def test_a_sunday_is_named_as_the_weekend_in_english_too(small_dir, tmp_path):
    result = run_plan(small_dir, tmp_path, "2026-11-29", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "2026-11-29 is not a working day (weekend)" in result.output
    assert "Next working day: 2026-11-30" in result.output


def test_the_holiday_name_does_not_depend_on_the_machines_locale(monkeypatch):
    """Under LANG=C the holidays package would say "Christmas Day"; the service's country speaks its own language."""
    import datetime as dt

    from mealplan import calendar

    monkeypatch.setenv("LANG", "C")
    calendar._holidays.cache_clear()
    assert calendar.holiday_name(dt.date(2026, 12, 25), "BG") == "Рождество Христово"
