"""A period's visits into ``OUT/visits/<period>/``, atomically: the ledger, the workers' days,
the violations and a page that lists them.

``ledger.csv`` has one row per requested occurrence (planned with worker, day and time, or
unplanned with a reason and a hint): every visit the care plan and the appointments asked for
is accounted for. Words in the user's language; codes stay codes in the CSVs' code columns.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from pathlib import Path

from mealplan.i18n import MESSAGES, tr
from mealplan.io.tabular import write_csv
from mealplan.io.writers.atomic import atomic_folder
from mealplan.models import Dataset
from mealplan.units import hhmm
from mealplan.visit_models import PlannedVisit, VisitData, VisitPlan, WorkerDay

LEDGER_COLUMNS = (
    "occurrence_id",
    "date",
    "client_id",
    "name",
    "office_id",
    "service",
    "status",
    "worker_id",
    "partner",
    "start",
    "end",
    "reason_code",
    "reason",
    "hint",
    "source_file",
    "source_row",
)
DAY_COLUMNS = ("worker_id", "name", "office_id", "date", "leave", "back", "break", "work_min", "travel_min", "visits")
VIOLATION_COLUMNS = ("cause", "worker_id", "date", "occurrence_id", "limit", "actual")


def _clock(minutes: int | None) -> str:
    return "" if minutes is None else hhmm(minutes * 60)


def _break_within(day: WorkerDay) -> bool:
    """A break taken out in the field (one after the worker is back is not on the sheet)."""
    return day.break_start_min is not None and day.leave_min <= day.break_start_min < day.back_min


def period_name(plan: VisitPlan) -> str:
    """The folder of a period: its ISO week (``2026-W51``) when it is one, else first_last."""
    first, last = plan.period[0], plan.period[-1]
    year, week, weekday = first.isocalendar()
    if weekday == 1 and len(plan.period) == 7 and last.isocalendar()[:2] == (year, week):
        return f"{year}-W{week:02d}"
    return f"{first.isoformat()}_{last.isoformat()}"


def ledger_rows(plan: VisitPlan, dataset: Dataset, data: VisitData, lang: str) -> list[list[object]]:
    """One row per occurrence, in the order the care plan and the appointments ask for them."""
    names = {c.client_id: c.name for c in dataset.clients}
    services = {s.code: (s.name_bg if lang == "bg" else s.name_en) for s in data.services}
    done: dict[str, list[tuple[str, dt.date, PlannedVisit]]] = defaultdict(list)
    for day in plan.days:
        for visit in day.visits:
            done[visit.occurrence_id].append((day.worker_id, day.date, visit))
    why = {u.occurrence_id: u for u in plan.unplanned}
    rows: list[list[object]] = []
    for occurrence in plan.occurrences:
        base = [
            occurrence.occurrence_id,
            "",
            occurrence.client_id,
            names.get(occurrence.client_id, ""),
            occurrence.office_id,
            services.get(occurrence.service_code, occurrence.service_code),
        ]
        visits = done.get(occurrence.occurrence_id)
        if visits:
            worker_id, when, visit = visits[0]
            partner = visits[1][0] if len(visits) > 1 else ""
            base[1] = when.isoformat()
            start, end = _clock(visit.start_min), _clock(visit.end_min)
            rows.append(
                [*base, "planned", worker_id, partner, start, end, "", "", "", occurrence.source_file,
                 occurrence.source_row]
            )  # fmt: skip
            continue
        unplanned = why.get(occurrence.occurrence_id)
        code = unplanned.reason.value if unplanned else "solver_time_limit"
        base[1] = occurrence.days[0].isoformat() if len(occurrence.days) == 1 else ""
        rows.append(
            [*base, "unplanned", "", "", "", "", code, tr(f"visit_reason.{code}", lang),
             tr(f"visit_hint.{code}", lang) if f"visit_hint.{code}" in MESSAGES else "",
             occurrence.source_file, occurrence.source_row]
        )  # fmt: skip
    return rows


def write_visits(plan: VisitPlan, dataset: Dataset, data: VisitData, out_root: Path, lang: str = "bg") -> Path:
    """Write the period's folder atomically; returns it."""
    target = out_root / "visits" / period_name(plan)
    workers = {w.worker_id: w for w in data.workers}
    with atomic_folder(target) as folder:
        ledger = ledger_rows(plan, dataset, data, lang)
        write_csv(folder / "ledger.csv", LEDGER_COLUMNS, ledger)
        day_rows = [
            [
                day.worker_id,
                workers[day.worker_id].name if day.worker_id in workers else "",
                workers[day.worker_id].office_id if day.worker_id in workers else "",
                day.date.isoformat(),
                _clock(day.leave_min),
                _clock(day.back_min),
                _clock(day.break_start_min if _break_within(day) else None),
                day.work_min,
                day.travel_min,
                len(day.visits),
            ]
            for day in sorted(plan.days, key=lambda d: (d.worker_id, d.date))
        ]
        write_csv(folder / "days.csv", DAY_COLUMNS, day_rows)
        write_csv(
            folder / "violations.csv",
            VIOLATION_COLUMNS,
            [
                [v.cause.value, v.worker_id, v.date.isoformat() if v.date else "", v.occurrence_id, v.limit, v.actual]
                for v in plan.violations
            ],
        )
        (folder / "index.html").write_text(_index(plan, ledger, day_rows, lang), encoding="utf-8")
    return target


def _index(plan: VisitPlan, ledger: list[list[object]], days: list[list[object]], lang: str) -> str:
    """A plain page of the period: the counts, the unplanned with why, each worker's days."""
    planned = sum(1 for row in ledger if row[6] == "planned")
    title = tr("visits.title", lang, period=period_name(plan))
    e = html.escape
    unplanned = [row for row in ledger if row[6] == "unplanned"]
    parts = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>body{{font-family:'DejaVu Sans',Arial,sans-serif;margin:20px}}"
        "table{border-collapse:collapse;margin-bottom:16px}th,td{border:1px solid #999;padding:3px 8px}"
        "th{background:#eee}.bad{color:#c00;font-weight:bold}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f"<p>{e(tr('visits.counts', lang, planned=planned, total=len(ledger), days=len(days)))}</p>",
    ]
    if plan.violations:
        parts.append(f'<p class="bad">{e(tr("visits.violations", lang, count=len(plan.violations)))}</p>')
    if unplanned:
        parts.append(f"<h2>{e(tr('visits.unplanned', lang, count=len(unplanned)))}</h2><table>")
        parts.append("".join(f"<th>{e(tr('col.' + c, lang))}</th>" for c in ("client", "name", "office")))
        parts.append(f"<th>{e(tr('visits.service', lang))}</th><th>{e(tr('col.reason', lang))}</th></tr>")
        for row in unplanned:
            parts.append("<tr>" + "".join(f"<td>{e(str(row[i]))}</td>" for i in (2, 3, 4, 5, 12)) + "</tr>")
        parts.append("</table>")
    parts.append(f"<h2>{e(tr('visits.days', lang))}</h2><table><tr>")
    parts.append("".join(f"<th>{e(tr(f'visits.col.{c}', lang))}</th>" for c in DAY_COLUMNS) + "</tr>")
    for row in days:
        parts.append("<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row) + "</tr>")
    parts.append("</table><p>ledger.csv · days.csv · violations.csv</p></body></html>")
    return "\n".join(parts)
