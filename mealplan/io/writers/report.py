"""The month's report for the accountant: an XLSX (a summary of the offices and kitchens, a sheet
per office with its clients and a totals row, the portions by diet; Bulgarian headings) and the
clients' rows as CSV (codes as headings, for other programs)."""

from __future__ import annotations

from pathlib import Path

from mealplan.door_models import COUNTS, MonthlyReport, MonthRow
from mealplan.i18n import tr
from mealplan.io.safe import safe_filename
from mealplan.io.tabular import Sheets, write_csv, write_workbook

AMOUNTS = ("amount_meals", "amount_visits", "amount")


def _values(row: MonthRow, priced: bool) -> list[object]:
    values: list[object] = [row.counts[c] for c in COUNTS]
    if priced:
        values += [row.amount_meals, row.amount_visits, row.amount]
    return values


def _total(rows: list[MonthRow], priced: bool, lead: int, lang: str) -> list[object]:
    total: list[object] = [tr("report.total", lang), *([""] * (lead - 1))]
    total += [sum(r.counts[c] for r in rows) for c in COUNTS]
    if priced:
        total += [round(sum(getattr(r, a) or 0.0 for r in rows), 2) for a in AMOUNTS]
    return total


def write_report(folder: Path, report: MonthlyReport, lang: str) -> tuple[Path, Path]:
    """``report_<month>.xlsx`` and ``report_<month>.csv`` in ``folder``; returns both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    priced = report.priced
    counts = [tr(f"report.col.{c}", lang) for c in COUNTS] + (
        [tr(f"report.col.{a}", lang) for a in AMOUNTS] if priced else []
    )
    summary = [[r.key, *_values(r, priced)] for r in report.offices]
    sheets: Sheets = {
        tr("report.sheet.summary", lang): (
            [tr("report.col.office", lang), *counts],
            summary,
            _total(list(report.offices), priced, 1, lang),
        ),
        tr("report.sheet.kitchens", lang): (
            [tr("report.col.kitchen", lang), *counts],
            [[r.key, *_values(r, priced)] for r in report.kitchens],
            _total(list(report.kitchens), priced, 1, lang),
        ),
    }
    for office in report.offices:
        mine = [r for r in report.clients if r.office_id == office.key]
        name = safe_filename(office.key or "-")[:31]
        sheets[name] = (
            [tr("report.col.key", lang), tr("report.col.name", lang), *counts],
            [[r.key, r.name, *_values(r, priced)] for r in mine],
            _total(mine, priced, 2, lang),
        )
    sheets[tr("report.sheet.diets", lang)] = (
        [tr("report.col.office", lang), tr("report.col.diet", lang), tr("report.col.portions_planned", lang),
         tr("report.col.portions_delivered", lang)],
        [[d.office_id, d.diet_id, d.portions_planned, d.portions_delivered] for d in report.diets],
        [tr("report.total", lang), "", sum(d.portions_planned for d in report.diets),
         sum(d.portions_delivered for d in report.diets)],
    )  # fmt: skip
    xlsx = folder / f"report_{report.month}.xlsx"
    write_workbook(xlsx, report.last, sheets, tr("report.title", lang, month=report.month))
    table = folder / f"report_{report.month}.csv"
    columns = ["client_id", "name", "office_id", *COUNTS, *(AMOUNTS if priced else ())]
    write_csv(table, columns, [[r.key, r.name, r.office_id, *_values(r, priced)] for r in report.clients])
    return xlsx, table
