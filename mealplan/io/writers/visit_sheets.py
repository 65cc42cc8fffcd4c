"""What the workers and the office head read of a period's visits.

Per office: each worker's day sheets for the period (``sheets/<office>/<worker>.html``, A4, one
page a day, printed and signed), the same days as one PDF for the office's printer
(``sheets/<office>.pdf``), a phone page per worker-day (``phone/<worker>_<date>.html``: tap to
call, tap to walk there), the head's week grid (``grid/<office>.xlsx``: workers by days, hours,
travel, balance) and a map of every worker-day (``maps/<office>.html``, a day chosen in the page
or by the link's ``#worker_date``). Words in the user's language.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import xlsxwriter
from jinja2 import Environment, PackageLoader, select_autoescape

from mealplan.i18n import tr
from mealplan.io.safe import safe_filename
from mealplan.io.wording import full_address, stairs_warning, tel_href
from mealplan.io.writers.navigation import geo_url, qr_svg
from mealplan.models import Client, Dataset, Office
from mealplan.units import hhmm
from mealplan.visit_models import Service, TravelMode, VisitData, VisitPlan, Worker, WorkerDay

ASSETS = Path(__file__).parent / "assets"  # Leaflet, inlined: the page works on a phone without a CDN

# Google's directions take this many waypoints between origin and destination.
WALK_WAYPOINTS_MAX = 9


def clock(minutes: int | None) -> str:
    """Minutes after midnight as HH:MM; '' for None."""
    return "" if minutes is None else hhmm(minutes * 60)


def hours_text(minutes: int, lang: str) -> str:
    """``7:20 ч`` — hours and minutes of work as the office reads them."""
    return tr("visits.hours", lang, hours=f"{minutes // 60}:{minutes % 60:02d}")


def break_within(day: WorkerDay) -> bool:
    """A break taken out in the field (one after the worker is back is not on the sheet)."""
    return day.break_start_min is not None and day.leave_min <= day.break_start_min < day.back_min


@dataclass(frozen=True)
class VisitViews:
    """The period's days as the pages show them, grouped by office and worker."""

    offices: dict[str, list[str]]  # office -> its workers with days, in order
    days: dict[str, list[dict]]  # worker -> their day views, by date
    office_names: dict[str, str]
    workers: dict[str, Worker]


def _walk_link(start: tuple[float, float] | None, stops: Sequence[tuple[float, float]], mode: TravelMode) -> str:
    """Directions through the day's doors in order (the first ten), for the phone's map app."""
    if not stops:
        return ""
    origin = start or stops[0]
    leg = list(stops[: WALK_WAYPOINTS_MAX + 1])
    travel = {TravelMode.FOOT: "walking", TravelMode.TRANSIT: "transit", TravelMode.CAR: "driving"}[mode]
    params = {
        "api": "1",
        "origin": f"{origin[0]:.6f},{origin[1]:.6f}",
        "destination": f"{leg[-1][0]:.6f},{leg[-1][1]:.6f}",
        "travelmode": travel,
    }
    if len(leg) > 1 and mode != TravelMode.TRANSIT:  # transit directions take no waypoints
        params["waypoints"] = "|".join(f"{lat:.6f},{lon:.6f}" for lat, lon in leg[:-1])
    return "https://www.google.com/maps/dir/?" + urlencode(params, safe=",|")


def visit_views(plan: VisitPlan, dataset: Dataset, data: VisitData, lang: str) -> VisitViews:
    """Every worker-day of the plan as the sheets, the phone pages and the map show it."""
    clients = {c.client_id: c for c in dataset.clients}
    services = {s.code: s for s in data.services}
    workers = {w.worker_id: w for w in data.workers}
    occurrences = {o.occurrence_id: o for o in plan.occurrences}
    lunch = {(t.client_id, t.date): (t.from_min, t.until_min) for t in plan.lunch}
    office_names = {o.office_id: o.name for o in dataset.offices}
    by_worker: dict[str, list[WorkerDay]] = defaultdict(list)
    for day in plan.days:
        by_worker[day.worker_id].append(day)
    offices: dict[str, list[str]] = defaultdict(list)
    days: dict[str, list[dict]] = {}
    for worker_id in sorted(by_worker):
        worker = workers.get(worker_id)
        if worker is None:
            continue
        offices[worker.office_id].append(worker_id)
        days[worker_id] = [
            _day_view(day, worker, clients, services, workers, occurrences, lunch, lang)
            | {"outcome_link": plan.phone_links.get(f"{worker_id}/{day.date.isoformat()}", "")}
            for day in sorted(by_worker[worker_id], key=lambda d: d.date)
        ]
    return VisitViews(dict(sorted(offices.items())), days, office_names, workers)


def _day_view(
    day: WorkerDay,
    worker: Worker,
    clients: dict[str, Client],
    services: dict[str, Service],
    workers: dict[str, Worker],
    occurrences: dict,
    lunch: dict[tuple[str, dt.date], tuple[int, int]],
    lang: str,
) -> dict:
    visits = []
    for visit in day.visits:
        client = clients.get(visit.client_id)
        service = services.get(visit.service_code)
        occurrence = occurrences.get(visit.occurrence_id)
        lunch_at = lunch.get((visit.client_id, day.date))
        partner = workers.get(visit.partner)
        notes = [p for p in (occurrence.note if occurrence else "", client.access_notes if client else "") if p]
        visits.append(
            {
                "seq": visit.sequence,
                "start": clock(visit.start_min),
                "end": clock(visit.end_min),
                "arrival": clock(visit.arrival_min),
                "travel_min": visit.travel_min,
                "client_id": visit.client_id,
                "name": client.name if client else visit.client_id,
                "address": full_address(client, lang) if client else "",
                "stairs": stairs_warning(client, lang) if client else "",
                "phone": client.phone if client else "",
                "phone_href": tel_href(client.phone) if client else "",
                "contact": " ".join(p for p in (client.emergency_contact, client.emergency_phone) if p)
                if client
                else "",
                "geo": geo_url(visit.lat, visit.lon),
                "service": (service.name_bg if lang == "bg" else service.name_en) if service else visit.service_code,
                "bring": service.bring if service else "",
                "escort": bool(service and service.escort),
                "appointment": bool(occurrence and occurrence.fixed_start_min is not None),
                "window": f"{clock(occurrence.window_start_min)}–{clock(occurrence.window_end_min)}"
                if occurrence and occurrence.fixed_start_min is None
                else "",
                "lunch": f"{clock(lunch_at[0])}–{clock(lunch_at[1])}" if lunch_at else "",
                "partner": (partner.name if partner else visit.partner) if visit.partner else "",
                "notes": " · ".join(notes),
                "lat": visit.lat,
                "lon": visit.lon,
            }
        )
    start = (
        (worker.start_lat, worker.start_lon) if worker.start_lat is not None and worker.start_lon is not None else None
    )
    breaks = break_within(day)
    return {
        "worker_id": worker.worker_id,
        "worker": worker.name,
        "phone": worker.phone,
        "office_id": worker.office_id,
        "date": day.date.isoformat(),
        "weekday": tr(f"weekday.{day.date.weekday()}", lang),
        "leave": clock(day.leave_min),
        "back": clock(day.back_min),
        "break": f"{clock(day.break_start_min)}–{clock((day.break_start_min or 0) + day.break_min)}" if breaks else "",
        "work_min": day.work_min,
        "work": hours_text(day.work_min, lang),
        "travel_min": day.travel_min,
        "mode": tr(f"travel_mode.{worker.travel_mode.value}", lang),
        "visits": visits,
        "route_link": _walk_link(start, [(v.lat, v.lon) for v in day.visits], worker.travel_mode),
        "start": start,
        "end": (worker.end_lat, worker.end_lon) if worker.end_lat is not None else start,
        "anchor": f"{safe_filename(worker.worker_id)}_{day.date.isoformat()}",
        "path": [(round(lat, 6), round(lon, 6)) for lat, lon in day.path],
    }


def phone_file(worker_id: str, date: str) -> str:
    """The phone page of a worker-day, relative to the period's folder."""
    return f"phone/{safe_filename(worker_id)}_{date}.html"


def sheet_file(office_id: str, worker_id: str) -> str:
    """A worker's day sheets for the period, relative to the period's folder."""
    return f"sheets/{safe_filename(office_id)}/{safe_filename(worker_id)}.html"


def environment(lang: str) -> Environment:
    """The visits' pages' templates, speaking ``lang``."""
    env = Environment(
        loader=PackageLoader("mealplan.io.writers", "templates"), autoescape=select_autoescape(["html"], default=True)
    )
    env.globals["t"] = lambda key, **fields: tr(key, lang, **fields)
    env.globals["lang"] = lang
    env.globals["qr"] = qr_svg
    return env


def write_sheets(views: VisitViews, period: str, folder: Path, lang: str) -> None:
    """Each worker's A4 day sheets and each worker-day's phone page."""
    env = environment(lang)
    sheet = env.get_template("visit_sheet.html")
    phone = env.get_template("visit_phone.html")
    (folder / "phone").mkdir(exist_ok=True)
    for office_id, worker_ids in views.offices.items():
        office_folder = folder / "sheets" / safe_filename(office_id)
        office_folder.mkdir(parents=True, exist_ok=True)
        office = views.office_names.get(office_id, office_id)
        for worker_id in worker_ids:
            days = views.days[worker_id]
            (folder / sheet_file(office_id, worker_id)).write_text(
                sheet.render(days=days, office=office, period=period), encoding="utf-8"
            )
            for day in days:
                map_link = f"../maps/{safe_filename(office_id)}.html#{day['anchor']}"
                (folder / phone_file(worker_id, day["date"])).write_text(
                    phone.render(day=day, office=office, map_link=map_link), encoding="utf-8"
                )


def write_grid(views: VisitViews, plan: VisitPlan, office_id: str, path: Path, lang: str) -> None:
    """The office head's week: workers by days (visits and hours each day), the week's hours
    against the contract, travel, and each worker's balance against the office's mean."""
    t: Callable[..., str] = lambda key, **fields: tr(key, lang, **fields)  # noqa: E731
    workbook = xlsxwriter.Workbook(str(path), {"in_memory": True})
    bold = workbook.add_format({"bold": True, "bg_color": "#E8E8E8", "border": 1, "text_wrap": True, "valign": "top"})
    cell = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    number = workbook.add_format({"border": 1, "num_format": "0.0", "valign": "top"})
    over = workbook.add_format({"border": 1, "num_format": "+0.0;-0.0;0.0", "valign": "top"})
    sheet = workbook.add_worksheet(t("grid.sheet_week"))
    dates = list(plan.period)
    worked = {x["date"] for w in views.offices.get(office_id, []) for x in views.days[w]}
    shown = [d for d in dates if d.weekday() < 5 or d.isoformat() in worked]
    heads = [t("visits.col.worker_id"), t("visits.col.name"), t("grid.contract")]
    heads += [f"{tr(f'weekday.{d.weekday()}', lang)} {d.strftime('%d.%m')}" for d in shown]
    heads += [t("grid.week_hours"), t("grid.travel_hours"), t("grid.visits"), t("grid.use"), t("grid.balance")]
    sheet.write_row(0, 0, heads, bold)
    workers = views.offices.get(office_id, [])
    uses = []
    for worker_id in workers:
        worker = views.workers[worker_id]
        worked = sum(d["work_min"] for d in views.days[worker_id])
        uses.append(worked / 60 / worker.contract_h_week)
    mean_use = sum(uses) / len(uses) if uses else 0.0
    for row, worker_id in enumerate(workers, start=1):
        worker = views.workers[worker_id]
        by_date = {d["date"]: d for d in views.days[worker_id]}
        values: list[object] = [worker_id, worker.name, worker.contract_h_week]
        for day in shown:
            view = by_date.get(day.isoformat())
            values.append(
                t("grid.day", visits=len(view["visits"]), hours=view["work"], leave=view["leave"], back=view["back"])
                if view
                else ""
            )
        worked_h = sum(d["work_min"] for d in by_date.values()) / 60
        travel_h = sum(d["travel_min"] for d in by_date.values()) / 60
        visits = sum(len(d["visits"]) for d in by_date.values())
        use = worked_h / worker.contract_h_week
        sheet.set_row(row, 30)  # two lines a day: visits and hours, out and back
        sheet.write_row(row, 0, values[:2], cell)
        sheet.write_number(row, 2, worker.contract_h_week, number)
        sheet.write_row(row, 3, values[3:], cell)
        col = 3 + len(shown)
        sheet.write_number(row, col, worked_h, number)
        sheet.write_number(row, col + 1, travel_h, number)
        sheet.write_number(row, col + 2, visits, cell)
        sheet.write_string(row, col + 3, f"{round(100 * use)} %", cell)
        # Balance: hours above (+) or below (−) the office's mean use of the contract.
        sheet.write_number(row, col + 4, (use - mean_use) * worker.contract_h_week, over)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, 2, 9)
    sheet.set_column(3, 2 + len(shown), 17)
    sheet.set_column(3 + len(shown), 7 + len(shown), 11)
    sheet.freeze_panes(1, 2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    note_row = len(workers) + 2
    sheet.write(note_row, 0, t("grid.note"))
    visits_sheet = workbook.add_worksheet(t("grid.sheet_visits"))
    columns = ["date", "worker", "start", "end", "client", "address", "phone", "service", "partner", "lunch", "notes"]
    visits_sheet.write_row(0, 0, [t(f"grid.col.{c}") for c in columns], bold)
    row = 1
    for worker_id in workers:
        for view in views.days[worker_id]:
            for visit in view["visits"]:
                visits_sheet.write_row(
                    row,
                    0,
                    [
                        view["date"],
                        view["worker"],
                        visit["start"],
                        visit["end"],
                        visit["name"],
                        visit["address"],
                        visit["phone"],
                        visit["service"],
                        visit["partner"],
                        visit["lunch"],
                        visit["notes"],
                    ],
                    cell,
                )
                row += 1
    for col, width in enumerate((11, 22, 7, 7, 24, 40, 14, 22, 18, 12, 30)):
        visits_sheet.set_column(col, col, width)
    visits_sheet.freeze_panes(1, 0)
    visits_sheet.set_landscape()
    visits_sheet.set_paper(9)
    visits_sheet.fit_to_pages(1, 0)
    visits_sheet.repeat_rows(0)
    visits_sheet.autofilter(0, 0, max(1, row - 1), len(columns) - 1)
    workbook.close()


PALETTE = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#469990", "#9a6324", "#800000", "#000075")


def write_office_map(views: VisitViews, office: Office | None, office_id: str, path: Path, lang: str) -> None:
    """One page with every worker-day of the office: a day chosen from the list (or the link's
    ``#worker_date``) shows its doors in order and the way between them (straight lines)."""
    days = []
    for k, worker_id in enumerate(views.offices.get(office_id, [])):
        for day in views.days[worker_id]:
            points = [day["start"]] if day["start"] else []
            points += [(v["lat"], v["lon"]) for v in day["visits"]]
            if day["end"]:
                points.append(day["end"])
            if day["path"]:  # planned on roads: the streets themselves
                points = day["path"]
            days.append(
                {
                    "id": day["anchor"],
                    "label": f"{day['worker']} · {day['weekday']} {day['date']} · {len(day['visits'])}",
                    "color": PALETTE[k % len(PALETTE)],
                    "line": points,
                    "stops": [
                        {
                            "lat": v["lat"],
                            "lon": v["lon"],
                            "seq": v["seq"],
                            "tip": html.escape(f"{v['seq']}. {v['start']} {v['name']}"),
                            "popup": "<b>"
                            + html.escape(f"{v['seq']}. {v['start']}–{v['end']} {v['name']}")
                            + "</b><br>"
                            + html.escape(v["address"])
                            + "<br>"
                            + html.escape(v["service"]),
                        }
                        for v in day["visits"]
                    ],
                }
            )
    env = environment(lang)
    page = env.get_template("visit_map.html").render(
        title=tr("visits.map_title", lang, office=views.office_names.get(office_id, office_id)),
        days_json=json.dumps(days, ensure_ascii=False).replace("</", "<\\/"),
        office_point=json.dumps([office.lat, office.lon] if office and office.lat is not None else None),
        leaflet_css=(ASSETS / "leaflet.css").read_text(encoding="utf-8"),
        leaflet_js=(ASSETS / "leaflet.js").read_text(encoding="utf-8"),
    )
    path.write_text(page, encoding="utf-8")
