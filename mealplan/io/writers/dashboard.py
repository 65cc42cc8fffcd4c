"""The coordinator's dashboard of the night (index.html): kitchens, vans, a timeline, who is left out.

Everything here is a view over the plan and the dataset; the template only lays it out. The
timeline is inline SVG, so the page works offline and prints.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from mealplan.i18n import tr
from mealplan.io.safe import safe_filename
from mealplan.io.wording import full_address
from mealplan.models import Dataset, LedgerStatus, Plan, Route
from mealplan.units import HOUR_S, hhmm, km, min_to_s, whole_min

# Timeline geometry, in SVG user units (the page scales it to its width).
LABEL_W = 70
ROW_H = 18
HOUR_W = 90


def kitchen_cards(plan: Plan, dataset: Dataset) -> list[dict]:
    """Per kitchen: clients and portions on routes, capacity used, vans out of vans owned, trips,
    km, and the longest food ride against the limit of the van that drove it (vans of one kitchen
    may have different limits: 63 minutes is fine in a van allowed 90)."""
    cards = []
    cut_off = {p.value for p in plan.problems if p.code == "kitchen_no_road"}
    for kitchen in sorted(dataset.kitchens, key=lambda k: k.kitchen_id):
        routes = [r for r in plan.routes if r.kitchen_id == kitchen.kitchen_id]
        vans = [v for v in dataset.vans if v.kitchen_id == kitchen.kitchen_id]
        portions = sum(r.portions for r in routes)
        longest_route = max(routes, key=lambda r: r.longest_hold_s, default=None)
        longest = longest_route.longest_hold_s if longest_route else 0
        limit = longest_route.max_hold_min if longest_route else min((v.max_hold_min for v in vans), default=0)
        # Close to a limit on any trip, each judged against its own van's limit.
        near = any(r.longest_hold_s > 0.9 * min_to_s(r.max_hold_min) for r in routes)
        cards.append(
            {
                "kitchen": kitchen,
                "clients": sum(len(r.stops) for r in routes),
                "portions": portions,
                "capacity": kitchen.capacity_portions,
                "used_pct": round(100 * portions / kitchen.capacity_portions) if kitchen.capacity_portions else 0,
                "vans_out": len({r.van_id for r in routes}),
                "vans": len(vans),
                "trips": len(routes),
                "km": km(sum(r.distance_m for r in routes)),
                "longest_min": whole_min(longest),
                "limit_min": limit,
                "near_limit": near,
                "unserved": sum(1 for u in plan.unserved if u.kitchen_id == kitchen.kitchen_id),
                "no_road": kitchen.kitchen_id in cut_off,
            }
        )
    return cards


def van_rows(plan: Plan, dataset: Dataset) -> tuple[list[dict], list[dict]]:
    """Vans that drive, grouped by kitchen with each trip's times, stops and load; and vans that stay."""
    by_van: dict[str, list[Route]] = defaultdict(list)
    for route in plan.routes:
        by_van[route.van_id].append(route)
    kitchens = {k.kitchen_id: k for k in dataset.kitchens}
    rows, idle = [], []
    for van in sorted(dataset.vans, key=lambda v: (v.kitchen_id, v.van_id)):
        kitchen = kitchens.get(van.kitchen_id)
        kitchen_name = kitchen.name if kitchen else van.kitchen_id
        trips = sorted(by_van.get(van.van_id, []), key=lambda r: r.trip)
        if not trips:
            idle.append({"van": van, "kitchen": kitchen_name})
            continue
        rows.append(
            {
                "van": van,
                "kitchen": kitchen_name,
                "trips": [
                    {
                        "trip": r.trip,
                        "departure": hhmm(r.departure_s),
                        "return": hhmm(r.return_s),
                        "stops": len(r.stops),
                        "portions": r.portions,
                        "load_pct": round(100 * r.portions / r.capacity_portions) if r.capacity_portions else 0,
                        "longest_min": whole_min(r.longest_hold_s),
                        "limit_min": r.max_hold_min,
                    }
                    for r in trips
                ],
                "longest_min": whole_min(max(r.longest_hold_s for r in trips)),
            }
        )
    return rows, idle


LAST_LABEL_ROOM = 24


def timeline_svg(plan: Plan, dataset: Dataset, lang: str) -> str:
    """Every van's trips as bars on one time axis (whole hours), vans grouped by kitchen."""
    by_van: dict[str, list[Route]] = defaultdict(list)
    for route in plan.routes:
        by_van[route.van_id].append(route)
    if not by_van:
        return ""
    start_h = min(r.departure_s for r in plan.routes) // HOUR_S
    end_h = -(-max(r.return_s for r in plan.routes) // HOUR_S)
    # The last hour's label is centred on the axis's end: half a label ("14:00", ~28 px) and a
    # margin beyond it, or the label is cut off.
    width = LABEL_W + (end_h - start_h) * HOUR_W + LAST_LABEL_ROOM
    vans = sorted(by_van, key=lambda v: (by_van[v][0].kitchen_id, v))
    height = (len(vans) + 1) * ROW_H + 10

    def x(seconds: int) -> float:
        return LABEL_W + (seconds / HOUR_S - start_h) * HOUR_W

    parts = [
        f'<svg class="timeline" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{tr("index.timeline", lang)}" xmlns="http://www.w3.org/2000/svg" font-size="10">'
    ]
    for hour in range(start_h, end_h + 1):
        px = x(hour * HOUR_S)
        parts.append(f'<line x1="{px:.1f}" y1="12" x2="{px:.1f}" y2="{height}" stroke="#ccc"/>')
        parts.append(f'<text x="{px:.1f}" y="10" text-anchor="middle">{hour:02d}:00</text>')
    shades = ["#4363d8", "#3cb44b", "#f58231", "#911eb4", "#469990", "#9a6324"]
    kitchen_shade = {k: shades[i % len(shades)] for i, k in enumerate(sorted({r.kitchen_id for r in plan.routes}))}
    for row, van_id in enumerate(vans, 1):
        y = 12 + (row - 1) * ROW_H + 3
        parts.append(f'<text x="2" y="{y + 11}">{_escape(van_id)}</text>')
        for route in sorted(by_van[van_id], key=lambda r: r.trip):
            x0, x1 = x(route.departure_s), x(route.return_s)
            title = tr(
                "index.timeline_bar",
                lang,
                van=van_id,
                trip=route.trip,
                departure=hhmm(route.departure_s),
                back=hhmm(route.return_s),
                stops=len(route.stops),
            )
            parts.append(
                f'<rect x="{x0:.1f}" y="{y}" width="{max(1.0, x1 - x0):.1f}" height="{ROW_H - 6}" rx="2" '
                f'fill="{kitchen_shade[route.kitchen_id]}"><title>{_escape(title)}</title></rect>'
            )
            parts.append(f'<text x="{x0 + 3:.1f}" y="{y + 10}" fill="#fff">{route.trip}</text>')
    parts.append("</svg>")
    return "".join(parts)


def status_counts(plan: Plan) -> dict[str, int]:
    counts = Counter(e.status.value for e in plan.ledger)
    return {s.value: counts[s.value] for s in LedgerStatus}


def unserved_rows(plan: Plan, dataset: Dataset, lang: str) -> list[dict]:
    """Who gets no meal, with what the coordinator needs to call or fix: address, phone, office."""
    from mealplan.io.wording import unserved_hint, unserved_reason

    clients = {c.client_id: c for c in dataset.clients}
    offices = {o.office_id: o.name for o in dataset.offices}
    names = {r.row: r.name for r in dataset.register_rows}
    rows = []
    for u in sorted(plan.unserved, key=lambda u: u.row):
        client = clients.get(u.client_id)
        rows.append(
            {
                "row": u.row,
                "client_id": u.client_id,
                "name": names.get(u.row, ""),
                "address": full_address(client, lang) if client else "",
                "phone": client.phone if client else "",
                "office": offices.get(client.office_id, client.office_id) if client else "",
                "office_id": client.office_id if client else "",
                "reason": unserved_reason(u.reason.value, u.args, lang),
                "hint": unserved_hint(u.reason.value, u.args, lang),
            }
        )
    return rows


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def change_rows(plan: Plan, dataset: Dataset, lang: str) -> list[dict]:
    """The change report as the office reads it: per van, who joined, who moved in time, who left,
    with the phone to call and the time then and now."""
    clients = {c.client_id: c for c in dataset.clients}
    names = {r.client_id: r.name for r in dataset.register_rows}
    rows = []
    for change in plan.changes:
        client = clients.get(change.client_id)
        rows.append(
            {
                "van_id": change.van_id,
                "kind": change.kind.value,
                "what": tr(f"change.{change.kind.value}", lang),
                "client_id": change.client_id,
                "name": names.get(change.client_id, ""),
                "address": full_address(client, lang) if client else "",
                "phone": client.phone if client else "",
                "office_id": client.office_id if client else "",
                "trip": change.trip or "",
                "stop": change.stop or "",
                "arrival": hhmm(change.arrival_s),
                "previous_van_id": change.previous_van_id,
                "previous_date": change.previous_date.isoformat() if change.previous_date else "",
                "previous_arrival": hhmm(change.previous_arrival_s),
                "shift_min": "" if change.shift_min is None else f"{change.shift_min:+d}",
                "moved_to": change.moved_to,
            }
        )
    return rows


# Above this many rows a client list of index.html is split into a page per office: a city's
# night has thousands of unserved or changed clients, which no one reads on one page, and each
# office calls its own.
INDEX_CLIENT_ROWS_MAX = 500


def office_pages(unserved: list[dict], changes: list[dict], dataset: Dataset, lang: str) -> list[dict]:
    """Each office's share of the night's client lists, in offices.csv's order; clients of an
    office the file does not name follow under its id, and clients of no office come last."""
    names = {o.office_id: o.name for o in dataset.offices}
    unserved_of: dict[str, list[dict]] = defaultdict(list)
    changes_of: dict[str, list[dict]] = defaultdict(list)
    for row in unserved:
        unserved_of[row["office_id"]].append(row)
    for row in changes:
        changes_of[row["office_id"]].append(row)
    seen = set(unserved_of) | set(changes_of)
    extra = sorted(seen - set(names) - {""})
    order = [o.office_id for o in dataset.offices if o.office_id in seen] + extra + ([""] if "" in seen else [])
    return [
        {
            "office_id": office_id,
            "name": names.get(office_id, office_id) or tr("index.no_office", lang),
            "stem": safe_filename(office_id),
            "unserved": unserved_of.get(office_id, []),
            "changes": changes_of.get(office_id, []),
        }
        for office_id in order
    ]
