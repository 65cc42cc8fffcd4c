"""Plan -> the night's folder: production sheets, route sheets, maps, ledger, summary, index.

Everything is written into a staging folder and swapped into ``out/<date>/`` at the end
(``atomic_folder``). CSVs are UTF-8 with BOM for Excel; HTML is rendered by jinja2 with
autoescaping; ids become file names only through ``safe_filename``.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from mealplan.errors import HistoryError, InputError
from mealplan.i18n import MESSAGES, tr
from mealplan.io.safe import safe_filename
from mealplan.io.tabular import write_csv, write_workbook
from mealplan.io.wording import (
    NBSP,
    day_off_text,
    full_address,
    ledger_hint,
    ledger_reason,
    margins_text,
    measure_text,
    problem_expected,
    problem_message,
    register_errors_by_row,
    since_text,
    stairs_warning,
    tel_href,
    unserved_hint,
    unserved_reason,
    violation_rule,
    violation_text,
)
from mealplan.io.writers.atomic import atomic_folder
from mealplan.io.writers.dashboard import (
    INDEX_CLIENT_ROWS_MAX,
    change_rows,
    kitchen_cards,
    office_pages,
    status_counts,
    timeline_svg,
    unserved_rows,
    van_rows,
)
from mealplan.io.writers.maps import write_kitchen_map, write_maps
from mealplan.io.writers.navigation import geo_url, navigation_legs, qr_svg
from mealplan.io.writers.pdf import write_kitchen_pdf
from mealplan.models import ChangeKind, Client, Dataset, Kitchen, NightSummary, Plan, Route, RunState, Van, Violation
from mealplan.processes import worker_pool
from mealplan.units import MINUTE_S, hhmm, km, min_to_s, whole_min

CHANGE_COLUMNS = [
    "van_id", "kind", "what", "client_id", "name", "address", "phone", "trip", "stop", "arrival",
    "previous_van_id", "previous_date", "previous_arrival", "shift_min", "moved_to",
]  # fmt: skip
ROUTE_COLUMNS = [
    "van_id",
    "trip",
    "trip_departure",
    "stop",
    "arrival",
    "client_id",
    "name",
    "address",
    "block",
    "entrance",
    "floor",
    "apartment",
    "phone",
    "diet",
    "portions",
    "access_notes",
    "minutes_on_road",
    "hold_margin_min",
    "window_margin_min",
    "lat",
    "lon",
]


def _environment(lang: str, mark: dict | None = None) -> Environment:
    env = Environment(
        loader=PackageLoader("mealplan.io.writers", "templates"), autoescape=select_autoescape(["html"], default=True)
    )
    env.filters["hhmm"] = hhmm
    env.globals["t"] = lambda key, **fields: tr(key, lang, **fields)
    env.globals["lang"] = lang
    env.globals["run"] = mark or {"label": "", "draft": False}
    env.globals["tel"] = tel_href
    return env


PENDING_RECORD = Path(".history") / "run.json"  # the run as the history takes it, inside the night's folder
# Everything the outputs were made from, so that ``publish`` (and a run recorded later) can write
# them again with the run's number and state without planning again.
PLAN_SNAPSHOT = Path(".history") / "plan.json"


def run_mark(history: dict, lang: str) -> dict:
    """What every output says of the run: its number, and whether it is a draft (a visible mark
    on every sheet: drivers must not drive a draft) or not recorded in a history at all."""
    run_id = history.get("run")
    if not history:
        return {"label": "", "draft": False}
    if not run_id:
        return {"label": tr("run.unrecorded", lang), "draft": False}
    if history.get("published"):
        return {"label": tr("run.published", lang, run=run_id), "draft": False}
    return {
        "label": tr("run.draft", lang, run=run_id),
        "draft": True,
        "banner": tr("run.draft_banner", lang, run=run_id),
    }


def write_plan(
    plan: Plan,
    dataset: Dataset,
    summary: NightSummary,
    out_root: Path,
    lang: str = "bg",
    stamp: str = "",
    record: str | None = None,
    source: Path | None = None,
) -> tuple[Path, Path | None]:
    """Write every output for ``plan`` into ``out_root/<date>/`` atomically.

    ``record`` (the run as JSON, ids and outcomes only) is kept in ``.history/run.json`` so that a
    plan whose recording fails after this point can be recorded later from its folder.

    Returns that folder and, when it replaced a plan that had route sheets, where the old plan
    was kept (``<date>.replaced-<stamp>``): a second run of the same night finds different
    routes (the search stops on the clock), and sheets may already be printed from the first.
    """
    target = out_root / plan.date.isoformat()
    keep = None
    if stamp and (target / "routes").is_dir() and any((target / "routes").glob("*.html")):
        keep = out_root / f"{plan.date.isoformat()}.replaced-{stamp}"
    source = source or _source_of(target)
    with atomic_folder(target, keep) as folder:
        _write_all(plan, dataset, summary, folder, lang)
        if source is not None:
            (folder / SOURCE_FILE).write_text(str(source.resolve()), encoding="utf-8")
        if record is not None:
            (folder / PENDING_RECORD.parent).mkdir()
            (folder / PENDING_RECORD).write_text(record, encoding="utf-8")
            snapshot = {
                "lang": lang,
                "summary": summary.model_dump(mode="json"),
                "plan": plan.model_dump(mode="json"),
                "dataset": dataset.model_dump(mode="json"),
            }
            (folder / PLAN_SNAPSHOT).write_text(json.dumps(snapshot, ensure_ascii=False), encoding="utf-8")
    return target, keep


SOURCE_FILE = ".source"  # the data folder a night's plan was made from (absolute path)


def _source_of(folder: Path) -> Path | None:
    try:
        return Path((folder / SOURCE_FILE).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def check_same_source(target: Path, data_dir: Path) -> None:
    """Refuse to replace a night's plan made from another data folder: two services (or a test
    data set and the real register) writing to one ``--out`` would replace each other's sheets."""
    theirs = _source_of(target)
    if theirs is not None and theirs != data_dir.resolve():
        raise InputError("other_data_folder", folder=str(target), theirs=str(theirs), ours=str(data_dir.resolve()))


def planned_run(folder: Path) -> int | None:
    """The run number a night's folder was written for (None: not recorded, or no such folder)."""
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    run = summary.get("run") if isinstance(summary, dict) else None
    return run.get("id") if isinstance(run, dict) and isinstance(run.get("id"), int) else None


def restamp_plan(folder: Path, run_id: int, published: bool, stamp: str = "") -> Path:
    """Write a night's outputs again as run ``run_id``, published or draft: every notice, mark
    and number changes, nothing planned changes. Atomic like the first writing; the result is
    the date's folder (``folder`` may be a kept ``<date>.replaced-...`` one: publishing an older
    run puts it back, and with ``stamp`` the plan it replaces is kept in turn)."""
    try:
        snapshot = json.loads((folder / PLAN_SNAPSHOT).read_text(encoding="utf-8"))
        record = (folder / PENDING_RECORD).read_text(encoding="utf-8")
        plan = Plan.model_validate(snapshot["plan"])
        dataset = Dataset.model_validate(snapshot["dataset"])
        summary = NightSummary.model_validate(snapshot["summary"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise HistoryError("no_snapshot", folder=str(folder)) from error
    history = dict(plan.history) | {"run": run_id, "published": published}
    plan = plan.model_copy(update={"history": history})
    lang = snapshot.get("lang", "bg")
    target, _ = write_plan(plan, dataset, summary, folder.parent, lang, stamp, record, _source_of(folder))
    return target


def run_summary(history: dict) -> RunState | None:
    """summary.json's ``run``: the run's number and state, None without a history."""
    if not history:
        return None
    run_id = history.get("run")
    if not isinstance(run_id, int):
        return RunState(id=None, state="not_recorded")
    return RunState(id=run_id, state="published" if history.get("published") else "draft")


@dataclass(frozen=True)
class _NightViews:
    """What several outputs of a night show, looked up and computed once."""

    clients: dict[str, Client]
    names: dict[int, str]  # register row -> name
    diets: dict[str, str]
    kitchens: dict[str, Kitchen]
    vans: dict[str, Van]
    by_van: dict[str, list[Route]]  # each van's trips, in trip order
    trips: dict[str, list[dict]]  # each van's trip views: the HTML sheets and the PDFs
    production: dict[str, dict]  # each kitchen's production view: its sheet, workbook and PDF
    changes: list[dict]  # the change report's rows: changes.csv, the workbook and the index


def _night_views(plan: Plan, dataset: Dataset, lang: str) -> _NightViews:
    clients = {c.client_id: c for c in dataset.clients}
    diets = {d.diet_id: d.name for d in dataset.diets}
    kitchens = {k.kitchen_id: k for k in dataset.kitchens}
    by_van: dict[str, list[Route]] = defaultdict(list)
    for route in sorted(plan.routes, key=lambda r: (r.van_id, r.trip)):
        by_van[route.van_id].append(route)
    joined_by_van: dict[str, dict[str, ChangeKind]] = defaultdict(dict)
    for change in plan.changes:
        if change.kind.joins_van:
            joined_by_van[change.van_id][change.client_id] = change.kind
    broken: dict[tuple[str, int], list[Violation]] = defaultdict(list)
    for violation in plan.violations:
        broken[(violation.van_id, violation.trip)].append(violation)
    trips = {
        van_id: [
            _trip_view(
                route,
                clients,
                diets,
                (kitchens[route.kitchen_id].lat, kitchens[route.kitchen_id].lon),
                broken.get((route.van_id, route.trip), []),
                lang,
                joined_by_van.get(route.van_id),
                plan.phone_links.get(f"{route.van_id}/{route.trip}", ""),
            )
            for route in routes
        ]
        for van_id, routes in by_van.items()
    }
    production = {} if plan.day_off else {k: production_view(plan, k, diets, lang) for k in kitchens}
    return _NightViews(
        clients=clients,
        names={r.row: r.name for r in dataset.register_rows},
        diets=diets,
        kitchens=kitchens,
        vans={v.van_id: v for v in dataset.vans},
        by_van=dict(by_van),
        trips=trips,
        production=production,
        changes=change_rows(plan, dataset, lang),
    )


def _write_all(plan: Plan, dataset: Dataset, summary: NightSummary, folder: Path, lang: str) -> None:
    spent = _Stopwatch()
    views = _night_views(plan, dataset, lang)
    mark = run_mark(plan.history, lang)
    env = _environment(lang, mark)
    if plan.history:
        summary = summary.model_copy(update={"run": run_summary(plan.history)})
    # A day off gets the ledger, the summary and an index that says so: no empty sheets or maps.
    if not plan.day_off:
        for sub in ("pdf", "routes", "maps", "production"):
            (folder / sub).mkdir()
    # The slow writers (PDF layout, QR codes, folium maps) work per kitchen: each kitchen's PDF,
    # route sheets and map go to a worker process (largest kitchens first), one QR encoding
    # serving both the PDF and the HTML sheet, while this process writes the tables and the index.
    orders = Counter(route.kitchen_id for route in plan.routes for _ in route.stops)
    kitchen_order = [] if plan.day_off else sorted(views.kitchens, key=lambda k: (-orders[k], k))
    jobs = [_kitchen_job(plan, dataset, views, kitchen_id, folder, lang, mark) for kitchen_id in kitchen_order]
    spent("write_views")
    workers = min(len(jobs), os.cpu_count() or 1)
    pool = worker_pool(workers) if workers > 1 else None
    try:
        pending = [pool.submit(_write_kitchen_job, job) for job in jobs] if pool is not None else []
        tables = _write_tables(plan, dataset, views, folder, lang)
        spent("write_tables")
        _write_production(plan, views, env, folder / "production", lang)
        spent("write_production")
        tables["routes"] = (list(ROUTE_COLUMNS), _write_route_tables(plan, views, folder / "routes"))
        spent("write_route_tables")
        _write_workbook(plan, tables, folder / "plan.xlsx", lang)
        spent("write_workbook")
        map_files = (
            {}
            if plan.day_off
            else write_maps(plan, dataset, folder / "maps", lang, kitchens_done=frozenset(views.kitchens))
        )
        spent("write_overview_map")
        _write_index(plan, dataset, summary, views, map_files, env, folder / "index.html", lang)
        spent("write_index")
        if pool is None:
            for job in jobs:
                _write_kitchen_job(job)
        for future in pending:
            future.result()
        spent("write_kitchens")  # each kitchen's PDF, sheets and map: the wait beyond the rest
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if summary.stages_s is not None:  # a reproducible run's summary has no clock readings
        summary = summary.model_copy(update={"stages_s": summary.stages_s | spent.stages_s})
    (folder / "summary.json").write_text(json.dumps(summary.as_json(), ensure_ascii=False, indent=2), encoding="utf-8")


class _Stopwatch:
    """Seconds since the last call, kept under each call's name."""

    def __init__(self) -> None:
        self.stages_s: dict[str, float] = {}
        self._last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages_s[stage] = round(now - self._last, 1)
        self._last = now


def _kitchen_job(
    plan: Plan, dataset: Dataset, views: _NightViews, kitchen_id: str, folder: Path, lang: str, mark: dict
) -> dict:
    """What a worker needs to write one kitchen's PDF, route sheets and map."""
    kitchen_vans = [v for v in sorted(views.by_van) if views.by_van[v][0].kitchen_id == kitchen_id]
    kitchen_routes = [r for r in plan.routes if r.kitchen_id == kitchen_id]
    on_routes = {s.client_id for r in kitchen_routes for s in r.stops}
    return {
        "folder": folder,
        "date": plan.date.isoformat(),
        "kitchen": views.kitchens[kitchen_id],
        "production": [l for l in plan.production.lines if l.kitchen_id == kitchen_id],
        "production_view": views.production[kitchen_id],
        "diets": views.diets,
        "sheets": [(views.vans.get(v), v, views.trips[v]) for v in kitchen_vans],
        "lang": lang,
        "mark": mark,
        "routes": kitchen_routes,
        # Only the clients this kitchen's map shows: pickling 100,000 clients per job cost seconds.
        "dataset": dataset.model_copy(
            update={"clients": tuple(views.clients[c] for c in sorted(on_routes)), "register_rows": ()}
        ),
    }


Tables = dict[str, tuple[list[str], list[list]]]


def _write_tables(plan: Plan, dataset: Dataset, views: _NightViews, folder: Path, lang: str) -> Tables:
    """The night's account as CSVs: ledger, unserved, problems, changes, violations. Returns the
    tables the workbook repeats."""
    names, clients, diets = views.names, views.clients, views.diets
    invalid_by_row = register_errors_by_row(plan.problems, dataset.register_file)
    tables: Tables = {}
    # Ledger: the coordinator's full account of the night.
    tables["ledger"] = (
        [
            "row",
            "client_id",
            "name",
            "status",
            "reason_code",
            "reason",
            "hint",
            "kitchen_id",
            "van_id",
            "trip",
            "stop",
            "arrival",
        ],
        [
            [
                e.row,
                e.client_id,
                names.get(e.row, ""),
                e.status.value,
                e.reason_code,
                ledger_reason(e, invalid_by_row, lang),
                ledger_hint(e, lang),
                e.kitchen_id,
                e.van_id,
                e.trip or "",
                e.stop or "",
                hhmm(e.arrival_s),
            ]
            for e in plan.ledger
        ],
    )
    tables["unserved"] = (
        [
            "row",
            "client_id",
            "name",
            "address",
            "phone",
            "diet",
            "portions",
            "kitchen_id",
            "reason_code",
            "reason",
            "hint",
        ],
        [
            [
                u.row,
                u.client_id,
                names.get(u.row, ""),
                full_address(clients[u.client_id], lang).replace(NBSP, " ") if u.client_id in clients else "",
                clients[u.client_id].phone if u.client_id in clients else "",
                diets.get(u.diet_id, u.diet_id),
                u.portions,
                u.kitchen_id or "",
                u.reason.value,
                unserved_reason(u.reason.value, u.args, lang),
                unserved_hint(u.reason.value, u.args, lang),
            ]
            for u in plan.unserved
        ],
    )
    write_violations(folder / "violations.csv", plan.violations, names_by_client(dataset), lang)
    tables["problems"] = (
        ["file", "row", "column", "value", "expected", "message", "severity", "code"],
        [
            [
                p.file,
                p.row or "",
                p.column or "",
                p.value or "",
                problem_expected(p, lang),
                problem_message(p, lang),
                p.severity.value,
                p.code,
            ]
            for p in plan.problems
        ],
    )
    if plan.history:  # planned with a history: the list the office phones from, even when empty
        tables["changes"] = (
            CHANGE_COLUMNS,
            [[row[c] for c in CHANGE_COLUMNS] for row in views.changes],
        )
    for name, (header, rows) in tables.items():
        write_csv(folder / f"{name}.csv", header, rows)
    return tables


def _write_production(plan: Plan, views: _NightViews, env: Environment, production: Path, lang: str) -> None:
    """Each kitchen's production: CSVs for programs, the printable sheet and a workbook for the chief."""
    diets, kitchens = views.diets, views.kitchens
    for kitchen_id in sorted(views.production):
        stem = safe_filename(kitchen_id)
        lines = [l for l in plan.production.lines if l.kitchen_id == kitchen_id]
        view = views.production[kitchen_id]
        production_rows: list[list[Any]] = [
            [
                l.course.value,
                tr(f"course.{l.course.value}", lang),
                l.dish_id,
                l.dish_name,
                diets.get(l.diet_id, l.diet_id),
                l.portions,
                l.portions_spare,
                l.portions_to_cook,
                l.portions_unrouted,
            ]
            for l in lines
        ]
        ingredient_rows = [[i["ingredient"], f"{i['kg']:.2f}"] for i in view["ingredients"]]
        box_rows = [
            [b["van_id"], b["trip"], b["ready_by"], b["diet"], b["portions"], b["boxes"]] for b in view["boxes"]
        ]
        production_header = [
            "course", "course_name", "dish_id", "dish", "diet", "portions", "spare", "to_cook", "portions_unrouted",
        ]  # fmt: skip
        write_csv(production / f"{stem}_production.csv", production_header, production_rows)
        write_csv(production / f"{stem}_ingredients.csv", ["ingredient", "kg"], ingredient_rows)
        box_header = ["van_id", "trip", "ready_by", "diet", "portions", "boxes"]
        write_csv(production / f"{stem}_boxes.csv", box_header, box_rows)
        (production / f"{stem}.html").write_text(
            env.get_template("production_sheet.html").render(
                date=plan.date.isoformat(),
                kitchen=kitchens[kitchen_id],
                lines=lines,
                totals=view["totals"],
                ingredients=view["ingredients"],
                boxes=view["boxes"],
                diets=diets,
            ),
            encoding="utf-8",
        )

        # The workbook is read by people: headers in their language (the CSVs keep stable column codes),
        # each sheet titled with the kitchen and the date, and totals where a sum means something.
        def heads(*keys: str) -> list[str]:
            return [tr(f"col.{k}", lang) for k in keys]

        title = tr("production.title", lang, kitchen=kitchens[kitchen_id].name, date=plan.date.isoformat())
        xlsx_production = [row[1:] for row in production_rows]
        write_workbook(
            production / f"{stem}.xlsx",
            plan.date,
            {
                tr("production.sheet_production", lang): (
                    heads("course", "dish_id", "dish", "diet", "ordered", "spare", "to_cook", "unrouted"),
                    xlsx_production,
                    ["", "", tr("sheet.total", lang), "", *[sum(r[i] for r in xlsx_production) for i in (4, 5, 6, 7)]],
                ),
                tr("production.sheet_totals", lang): (
                    heads("course", "dish", "to_cook", "per_diet"),
                    [[t["course"], t["dish"], t["to_cook"], t["per_diet"]] for t in view["totals"]],
                    None,
                ),
                tr("production.sheet_ingredients", lang): (
                    heads("ingredient", "kg"),
                    [[i["ingredient"], i["kg"]] for i in view["ingredients"]],
                    [tr("sheet.total", lang), round(sum(i["kg"] for i in view["ingredients"]), 2)],
                ),
                tr("production.sheet_boxes", lang): (
                    heads("van", "trip", "ready_by", "diet", "portions", "boxes"),
                    box_rows,
                    [tr("sheet.total", lang), "", "", "", sum(r[4] for r in box_rows), sum(r[5] for r in box_rows)],
                ),
            },
            title,
        )


def _write_route_tables(plan: Plan, views: _NightViews, route_dir: Path) -> list[list]:
    """Each van's stops as a CSV, and all of them in all_routes.csv; returns all the rows."""
    clients, diets = views.clients, views.diets
    all_rows: list[list] = []
    for van_id in sorted(views.by_van):
        rows = []
        for route in views.by_van[van_id]:
            for stop in route.stops:
                c = clients[stop.client_id]
                rows.append(
                    [
                        van_id,
                        route.trip,
                        hhmm(route.departure_s),
                        stop.sequence,
                        hhmm(stop.arrival_s),
                        c.client_id,
                        c.name,
                        c.address,
                        c.block,
                        c.entrance,
                        "" if c.floor is None else c.floor,
                        c.apartment,
                        c.phone,
                        diets.get(stop.diet_id, stop.diet_id),
                        stop.portions,
                        c.access_notes,
                        whole_min(stop.hold_s),
                        _minutes(route.hold_margin_s(stop)),
                        _minutes(stop.window_margin_s),
                        f"{stop.lat:.6f}",
                        f"{stop.lon:.6f}",
                    ]
                )
        all_rows.extend(rows)
        stem = safe_filename(van_id)
        write_csv(route_dir / f"{stem}.csv", ROUTE_COLUMNS, rows)
    if not plan.day_off:
        write_csv(route_dir / "all_routes.csv", ROUTE_COLUMNS, all_rows)
    return all_rows


def _write_workbook(plan: Plan, tables: Tables, path: Path, lang: str) -> None:
    """plan.xlsx: every table of the night, headed in the reader's language."""
    # CSVs are for programs (comma, UTF-8, dot decimals, stable column codes); people open the
    # workbook, which Excel reads the same under any regional settings (docs/formats.md).
    write_workbook(
        path,
        plan.date,
        {
            tr(f"workbook.{name}", lang): ([people_heading(c, lang) for c in header], rows, None)
            for name, (header, rows) in tables.items()
        },
        " · ".join(
            p for p in (tr("index.title", lang, date=plan.date.isoformat()), run_mark(plan.history, lang)["label"]) if p
        ),
    )


def _write_index(
    plan: Plan,
    dataset: Dataset,
    summary: NightSummary,
    views: _NightViews,
    map_files: dict,
    env: Environment,
    path: Path,
    lang: str,
) -> None:
    """index.html: the coordinator's page of the night; with more clients to list than a page
    holds, its client lists link to a page per office (``offices/``) instead."""
    vans_at_work, idle_vans = van_rows(plan, dataset)
    unserved = unserved_rows(plan, dataset, lang)
    unserved_split = len(unserved) > INDEX_CLIENT_ROWS_MAX
    changes_split = len(views.changes) > INDEX_CLIENT_ROWS_MAX
    offices = office_pages(unserved, views.changes, dataset, lang) if unserved_split or changes_split else []
    since = since_text(plan.history, lang)
    if offices:
        (path.parent / "offices").mkdir(exist_ok=True)
        template = env.get_template("office.html")
        for office in offices:
            (path.parent / "offices" / f"{office['stem']}.html").write_text(
                template.render(office=office, date=plan.date.isoformat(), history=plan.history, since=since),
                encoding="utf-8",
            )
    path.write_text(
        env.get_template("index.html").render(
            summary=summary,
            margins=margins_text(summary.margins, lang),
            violations=[
                (
                    v,
                    violation_rule(v, lang),
                    measure_text(v.measure, v.limit, lang),
                    measure_text(v.measure, v.actual, lang),
                )
                for v in plan.violations
            ],
            date=plan.date.isoformat(),
            day_off=day_off_text(plan, lang),
            kitchens=[] if plan.day_off else [views.kitchens[k] for k in sorted(views.kitchens)],
            stem=safe_filename,
            vans=sorted(views.by_van),
            maps=map_files,
            unserved=unserved,
            unserved_split=unserved_split,
            changes_split=changes_split,
            offices=offices,
            cards=[] if plan.day_off else kitchen_cards(plan, dataset),
            van_rows=vans_at_work,
            idle_vans=[] if plan.day_off else idle_vans,
            timeline=timeline_svg(plan, dataset, lang),
            status=status_counts(plan),
            history=plan.history,
            since=since,
            changes=views.changes,
            office_names={o.office_id: o.name for o in dataset.offices},
            visits_today=plan.visits_today,
            visits_total=sum(o.visits for o in plan.visits_today),
            open_checks=[
                {
                    "check": c,
                    "name": views.clients[c.client_id].name if c.client_id in views.clients else "",
                    "phone": views.clients[c.client_id].phone if c.client_id in views.clients else "",
                    "what": tr(f"door_outcome.{c.outcome}", lang),
                }
                for c in plan.open_checks
            ],
            visits_link=_visits_link(plan, path.parent.parent),
        ),
        encoding="utf-8",
    )


def _visits_link(plan: Plan, out_root: Path) -> str:
    """The visits' week page beside the night's (OUT/visits/<week>/), when it was written."""
    week = plan.visits_week
    if week and (out_root / "visits" / week / "index.html").is_file():
        return f"../visits/{week}/index.html"
    return ""


def _write_kitchen_job(job: dict) -> None:
    """One kitchen's slow outputs: its PDF, its vans' HTML route sheets, its map."""
    folder, kitchen, lang = job["folder"], job["kitchen"], job["lang"]
    write_kitchen_pdf(
        folder / "pdf" / f"{safe_filename(kitchen.kitchen_id)}.pdf",
        job["date"],
        kitchen,
        job["production"],
        job["diets"],
        job["sheets"],
        lang,
        job["production_view"],
        job["mark"],
    )
    template = _environment(lang, job["mark"]).get_template("route_sheet.html")
    for van, van_id, trips in job["sheets"]:
        trips_with_qr = [
            trip
            | {"legs": [leg | {"qr": qr_svg(leg["url"])} for leg in trip["legs"]]}
            | ({"phone_qr": qr_svg(trip["phone_link"])} if trip["phone_link"] else {})
            for trip in trips
        ]
        (folder / "routes" / f"{safe_filename(van_id)}.html").write_text(
            template.render(date=job["date"], van=van, van_id=van_id, kitchen=kitchen, trips=trips_with_qr),
            encoding="utf-8",
        )
    write_kitchen_map(job["routes"], job["dataset"], kitchen.kitchen_id, folder / "maps", lang)


def names_by_client(dataset: Dataset) -> dict[str, str]:
    """Client id -> name from the register (the first row with that id)."""
    names: dict[str, str] = {}
    for row in dataset.register_rows:
        names.setdefault(row.client_id, row.name)
    return names


VIOLATION_COLUMNS = ["van_id", "trip", "stop", "client_id", "name", "cause", "rule", "limit", "actual"]


def write_violations(path: Path, violations: tuple[Violation, ...], names: dict[str, str], lang: str) -> None:
    """violations.csv: one row per broken limit, with the limit and the actual value in the reader's units."""
    write_csv(
        path,
        VIOLATION_COLUMNS,
        (
            [
                v.van_id,
                v.trip or "",
                v.stop or "",
                v.client_id,
                names.get(v.client_id, ""),
                v.cause.value,
                violation_rule(v, lang),
                measure_text(v.measure, v.limit, lang),
                measure_text(v.measure, v.actual, lang),
            ]
            for v in violations
        ),
    )


def _trip_view(
    route: Route,
    clients: dict[str, Client],
    diets: dict[str, str],
    kitchen_latlon: tuple[float, float],
    violations: list[Violation],
    lang: str,
    joined: dict[str, ChangeKind] | None = None,
    phone_link: str = "",
) -> dict:
    per_diet: dict[str, int] = defaultdict(int)
    joined = joined or {}
    broken_stops = {v.stop for v in violations if v.stop}
    stops = []
    for stop in route.stops:
        c = clients[stop.client_id]
        per_diet[diets.get(stop.diet_id, stop.diet_id)] += stop.portions
        contact = " ".join(part for part in (c.emergency_contact, c.emergency_phone) if part)
        stops.append(
            {
                "seq": stop.sequence,
                "arrival": hhmm(stop.arrival_s),
                "window": f"{hhmm(min_to_s(c.window_start_min))}–{hhmm(min_to_s(c.window_end_min))}",
                "name": c.name,
                "address": full_address(c, lang),
                "stairs": stairs_warning(c, lang),
                "phone": c.phone,
                "phone_href": tel_href(c.phone),
                "contact": contact,
                "contact_name": c.emergency_contact,
                "contact_phone": c.emergency_phone,
                "contact_href": tel_href(c.emergency_phone),
                "diet": diets.get(stop.diet_id, stop.diet_id),
                "portions": stop.portions,
                "notes": c.access_notes,
                "minutes": whole_min(stop.hold_s),
                "broken": stop.sequence in broken_stops,
                "geo": geo_url(stop.lat, stop.lon),
                # A client this driver has not brought lunch to before: find the door, ask the way in.
                "new": tr(f"sheet.{joined[stop.client_id].value}", lang) if stop.client_id in joined else "",
            }
        )
    legs = [
        {"url": url, "first": first, "last": last}
        for url, first, last in navigation_legs(kitchen_latlon, [(s.lat, s.lon) for s in route.stops])
    ]
    # Loaded last, handed over first: the loading list is the delivery order reversed.
    loading = [
        {"position": i, "seq": s["seq"], "name": s["name"], "diet": s["diet"], "portions": s["portions"]}
        for i, s in enumerate(reversed(stops), 1)
    ]
    return {
        "trip": route.trip,
        "departure": hhmm(route.departure_s),
        "return": hhmm(route.return_s),
        "stops": stops,
        "loading": loading,
        "legs": legs,
        "phone_link": phone_link,
        "portions": route.portions,
        "per_diet": dict(sorted(per_diet.items())),
        "km": km(route.distance_m),
        "longest": whole_min(route.longest_hold_s),
        "limit": route.max_hold_min,
        # The trip's least time to spare, rounded down: a sheet never promises more slack than there is.
        "hold_margin": _floor_minutes(min((route.hold_margin_s(s) for s in route.stops), default=None)),
        "window_margin": _floor_minutes(
            min((m for s in route.stops if (m := s.window_margin_s) is not None), default=None)
        ),
        "violations": [violation_text(v, lang) for v in violations],
    }


def _minutes(seconds: int | None) -> str:
    return "" if seconds is None else f"{seconds / MINUTE_S:.1f}"


def _floor_minutes(seconds: int | None) -> int | None:
    return None if seconds is None else seconds // MINUTE_S


def people_heading(code: str, lang: str) -> str:
    """A column's heading in the reader's language where the catalogue has one, else its code."""
    key = f"col.{code}"
    return tr(key, lang) if key in MESSAGES else code


def production_view(plan: Plan, kitchen_id: str, diets: dict[str, str], lang: str) -> dict:
    """What a kitchen chief reads besides the lines: each dish's total over all diets, ingredients
    in kg to two decimals, and boxes per van trip with the time they must be ready (its departure)."""
    lines = [l for l in plan.production.lines if l.kitchen_id == kitchen_id]
    totals: dict[tuple[str, str], dict] = {}
    for l in lines:
        entry = totals.setdefault(
            (l.course.value, l.dish_id),
            {"course": tr(f"course.{l.course.value}", lang), "dish": l.dish_name, "to_cook": 0, "diets": []},
        )
        entry["to_cook"] += l.portions_to_cook
        entry["diets"].append(f"{diets.get(l.diet_id, l.diet_id)} {l.portions_to_cook}")
    departures = {(r.van_id, r.trip): hhmm(r.departure_s) for r in plan.routes if r.kitchen_id == kitchen_id}
    return {
        "totals": [entry | {"per_diet": ", ".join(entry["diets"])} for entry in totals.values()],
        "ingredients": [
            {"ingredient": i.ingredient, "kg": round(i.kg, 2)}
            for i in plan.production.ingredients
            if i.kitchen_id == kitchen_id
        ],
        "boxes": [
            {
                "van_id": b.van_id,
                "trip": b.trip,
                "ready_by": departures.get((b.van_id, b.trip), ""),
                "diet": diets.get(b.diet_id, b.diet_id),
                "portions": b.portions,
                "boxes": b.boxes,
            }
            for b in plan.production.boxes
            if b.kitchen_id == kitchen_id
        ],
    }
