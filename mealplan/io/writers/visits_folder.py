"""A period's visits into ``OUT/visits/<period>/``, atomically: the ledger, the workers' days,
the violations, the workers' sheets and phone pages, the offices' grids and maps, and a page
that leads to them all.

``ledger.csv`` has one row per requested occurrence (planned with worker, day and time, or
unplanned with a reason and a hint): every visit the care plan and the appointments asked for
is accounted for. Words in the user's language; codes stay codes in the CSVs' code columns.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from mealplan.i18n import MESSAGES, tr
from mealplan.io.safe import safe_filename
from mealplan.io.tabular import write_csv
from mealplan.io.writers.atomic import atomic_folder
from mealplan.io.writers.pdf import write_visits_pdf
from mealplan.io.writers.visit_sheets import (
    VisitViews,
    break_within,
    environment,
    hours_text,
    phone_file,
    sheet_file,
    visit_views,
    write_grid,
    write_office_map,
    write_sheets,
)
from mealplan.models import Dataset
from mealplan.units import hhmm
from mealplan.visit_models import PlannedVisit, VisitData, VisitPlan

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
    views = visit_views(plan, dataset, data, lang)
    offices = {o.office_id: o for o in dataset.offices}
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
                _clock(day.break_start_min if break_within(day) else None),
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
        period = period_name(plan)
        write_sheets(views, period, folder, lang)
        (folder / "grid").mkdir()
        (folder / "maps").mkdir()
        for office_id, worker_ids in views.offices.items():
            name = views.office_names.get(office_id, office_id)
            write_visits_pdf(
                folder / "sheets" / f"{safe_filename(office_id)}.pdf",
                name,
                period,
                [views.days[w] for w in worker_ids],
                lang,
            )
            write_grid(views, plan, office_id, folder / "grid" / f"{safe_filename(office_id)}.xlsx", lang)
            map_path = folder / "maps" / f"{safe_filename(office_id)}.html"
            write_office_map(views, offices.get(office_id), office_id, map_path, lang)
        (folder / "index.html").write_text(_index(plan, ledger, views, lang), encoding="utf-8")
    return target


def _index(plan: VisitPlan, ledger: list[list[object]], views: VisitViews, lang: str) -> str:
    """The period's page: the counts, each office with its sheets, grid and map, every
    unplanned visit with why, each worker's days with their phone pages."""
    env = environment(lang)
    requested: dict[str, int] = defaultdict(int)
    planned: dict[str, int] = defaultdict(int)
    for row in ledger:
        requested[str(row[4])] += 1
        planned[str(row[4])] += row[6] == "planned"
    offices = []
    for office_id in sorted(set(requested) | set(views.offices)):
        worker_ids = views.offices.get(office_id, [])
        offices.append(
            {
                "office_id": office_id,
                "name": views.office_names.get(office_id, office_id),
                "requested": requested[office_id],
                "planned": planned[office_id],
                "workers": [
                    {
                        "worker_id": w,
                        "name": views.workers[w].name,
                        "sheet": sheet_file(office_id, w),
                        "hours": hours_text(sum(d["work_min"] for d in views.days[w]), lang),
                        "contract": views.workers[w].contract_h_week,
                        "days": [
                            {"date": d["date"], "weekday": d["weekday"], "visits": len(d["visits"]),
                             "phone": phone_file(w, d["date"])}
                            for d in views.days[w]
                        ],
                    }
                    for w in worker_ids
                ],
                "pdf": f"sheets/{safe_filename(office_id)}.pdf" if worker_ids else "",
                "grid": f"grid/{safe_filename(office_id)}.xlsx" if worker_ids else "",
                "map": f"maps/{safe_filename(office_id)}.html" if worker_ids else "",
            }
        )  # fmt: skip
    unplanned = [
        {"client": row[2], "name": row[3], "office": row[4], "service": row[5], "date": row[1], "reason": row[12],
         "hint": row[13]}
        for row in ledger
        if row[6] == "unplanned"
    ]  # fmt: skip
    return env.get_template("visits_index.html").render(
        lang=lang,
        title=tr("visits.title", lang, period=period_name(plan)),
        counts=tr("visits.counts", lang, planned=sum(planned.values()), total=len(ledger), days=len(plan.days)),
        violations=len(plan.violations),
        offices=offices,
        unplanned=unplanned,
    )
