"""Helpers for tests that need a data folder with one thing changed."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path


def copy_data(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]], delimiter: str = ",", encoding: str = "utf-8-sig") -> None:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)


def edit_cell(path: Path, index: int, column: str, value: str) -> dict[str, str]:
    """Set one cell of data row ``index`` (0-based); returns the edited row."""
    rows = read_rows(path)
    rows[index][column] = value
    write_rows(path, rows)
    return rows[index]


def portions_by_kitchen_and_diet(plan):
    """(routed, unrouted) portions keyed by (kitchen_id, diet_id), counted from routes and unserved."""
    from collections import Counter

    routed, unrouted = Counter(), Counter()
    for route in plan.routes:
        for stop in route.stops:
            routed[(route.kitchen_id, stop.diet_id)] += stop.portions
    for item in plan.unserved:
        if item.kitchen_id:
            unrouted[(item.kitchen_id, item.diet_id)] += item.portions
    return routed, unrouted


def run_plan(data: Path, out: Path, date: str = "2026-11-25", *extra: str, time_limit: str = "1"):
    """`mealplan plan` through click's runner on ``data`` into ``out``, one worker, a short budget."""
    from click.testing import CliRunner

    from mealplan.cli import cli

    return CliRunner().invoke(
        cli,
        [
            "plan",
            "--date",
            date,
            "--data",
            str(data),
            "--out",
            str(out),
            "--time-limit",
            time_limit,
            "--workers",
            "1",
            *extra,
        ],
    )
