"""Writes the generated sample tables into a data folder."""

from __future__ import annotations

import csv
from pathlib import Path

from mealplan.io.safe import replacing
from mealplan.sample import SampleTables


def write_sample(tables: SampleTables, folder: Path) -> list[Path]:
    """Write every table as UTF-8 CSV with BOM (Excel-friendly); returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (columns, rows) in sorted(tables.tables.items()):
        path = folder / name
        with replacing(path) as staging, staging.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(rows)
        written.append(path)
    return written
