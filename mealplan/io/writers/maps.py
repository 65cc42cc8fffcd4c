"""Folium maps: one per kitchen and an overview; one toggleable layer per van trip.

Popups and tooltips carry client text, so every piece is HTML-escaped before folium sees it.
"""

from __future__ import annotations

import contextlib
import html
import itertools
from collections.abc import Iterator
from pathlib import Path

import folium
from branca.element import Element, Figure
from folium.utilities import JsCode

from mealplan.i18n import tr
from mealplan.io.safe import safe_filename
from mealplan.io.wording import full_address
from mealplan.models import Dataset, Plan, Route
from mealplan.units import hhmm

PALETTE = [
    "#e6194b",
    "#3cb44b",
    "#4363d8",
    "#f58231",
    "#911eb4",
    "#42d4f4",
    "#f032e6",
    "#9a6324",
    "#469990",
    "#800000",
    "#808000",
    "#000075",
    "#e6beff",
    "#bfef45",
    "#fabed4",
    "#a9a9a9",
    "#dcbeff",
    "#ffd8b1",
    "#aaffc3",
    "#ffe119",
]


# One GeoJSON layer per route instead of a folium Marker + Popup + DivIcon per stop: folium
# compiles a template for every element, which took 40 s for 10,000 stops. Popup and tooltip
# text is HTML-escaped in Python; the JSON is embedded with jinja's tojson, which escapes <, >, &.
STOP_FEATURE_JS = JsCode("""
function(feature, layer) {
    var p = feature.properties;
    layer.setIcon(L.divIcon({
        className: "mealplan-stop-icon",
        html: '<div class="mealplan-stop" style="background:' + p.color + ';color:#fff;border-radius:9px;'
            + 'font:bold 10px sans-serif;text-align:center;width:18px;height:18px;line-height:18px;'
            + 'border:1px solid #333">' + p.seq + '</div>',
        iconSize: [18, 18], iconAnchor: [9, 9]}));
    layer.bindPopup(p.popup, {maxWidth: 280});
    layer.bindTooltip(p.tooltip);
}
""")


# Kitchens: a plain DivIcon, so no icon font or marker plugin has to come from the internet;
# popups are bound by Leaflet itself (folium's Popup needs jQuery).
KITCHEN_FEATURE_JS = JsCode("""
function(feature, layer) {
    var p = feature.properties;
    layer.setIcon(L.divIcon({
        className: "mealplan-kitchen-icon",
        html: '<div class="mealplan-kitchen" style="background:#111;color:#fff;font:bold 12px sans-serif;'
            + 'width:22px;height:22px;line-height:22px;text-align:center;border:2px solid #fff;'
            + 'box-shadow:0 0 3px #000">' + p.letter + '</div>',
        iconSize: [22, 22], iconAnchor: [11, 11]}));
    layer.bindPopup(p.popup, {maxWidth: 280});
    layer.bindTooltip(p.tooltip);
}
""")


def _route_layer(
    route: Route,
    color: str,
    dataset_clients: dict,
    kitchen_latlon: tuple[float, float],
    lang: str,
    diets: dict[str, str],
    into: folium.FeatureGroup | None = None,
    doors: bool = True,
) -> folium.FeatureGroup:
    """One trip's line and numbered stops (only its line without ``doors``), in a layer of its
    own or ``into`` a kitchen's layer."""
    layer = into or folium.FeatureGroup(
        name=html.escape(tr("map.layer", lang, van=route.van_id, trip=route.trip, stops=len(route.stops)))
    )
    # Along the streets when the night was planned on roads; else straight from stop to stop.
    points = [(round(lat, 6), round(lon, 6)) for lat, lon in route.path] or (
        [kitchen_latlon] + [(s.lat, s.lon) for s in route.stops] + [kitchen_latlon]
    )
    folium.PolyLine(points, color=color, weight=3, opacity=0.8).add_to(layer)
    if not doors:
        return layer
    features = []
    for stop in route.stops:
        client = dataset_clients.get(stop.client_id)
        name = client.name if client else stop.client_id
        address = full_address(client, lang) if client else ""
        phone = f"<br>☎ {html.escape(client.phone)}" if client and client.phone else ""
        popup = (
            f"<b>{stop.sequence}. {html.escape(name)}</b><br>{html.escape(address)}{phone}<br>"
            f"{hhmm(stop.arrival_s)} · {tr('map.portions', lang, portions=stop.portions)} · "
            f"{html.escape(diets.get(stop.diet_id, stop.diet_id))}<br>"
            f"{html.escape(route.van_id)}, {tr('map.trip', lang, trip=route.trip)}"
        )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [stop.lon, stop.lat]},
                "properties": {
                    "seq": stop.sequence,
                    "color": color,
                    "popup": popup,
                    "tooltip": html.escape(f"{stop.sequence}. {name}"),
                },
            }
        )
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, on_each_feature=STOP_FEATURE_JS, control=False
    ).add_to(layer)
    return layer


ASSETS = Path(__file__).parent / "assets"


def _figure(element: Element) -> Figure:
    """The page a map lives in (folium types ``get_root`` as a bare Element)."""
    root = element.get_root()
    assert isinstance(root, Figure)
    return root


class OfflineMap(folium.Map):
    """A folium map that carries Leaflet inside the file and fetches no script or style from a CDN.

    Our layers use Leaflet alone (GeoJSON, polylines, DivIcons, the layer control), so folium's
    default jQuery, Bootstrap and icon-font assets are dropped. Leaflet 1.9.4 (BSD-2-Clause,
    assets/LEAFLET-LICENSE) is inlined with its images as data URIs. Only map tiles come from the
    internet, when there is one; without it the routes and stops still show on a grey background.
    """

    default_js: list = []  # noqa: RUF012 - folium declares these per instance; we empty them for the class
    default_css: list = []  # noqa: RUF012

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        header = _figure(self).header
        header.add_child(
            Element(f"<style>{(ASSETS / 'leaflet.css').read_text(encoding='utf-8')}</style>"), name="leaflet_css_inline"
        )
        header.add_child(
            Element(f"<script>{(ASSETS / 'leaflet.js').read_text(encoding='utf-8')}</script>"), name="leaflet_js_inline"
        )


KITCHEN_COLOR = "#111"  # no trip colour is black: the kitchen never looks like a van


def _legend(
    routes: list[Route], colors: dict[tuple[str, int], str], lang: str, kitchen_names: dict[str, str]
) -> Element:
    """Trips listed under their kitchen; the box scrolls when a city has more trips than fit."""

    def swatch(color: str) -> str:
        return f'<span style="display:inline-block;width:12px;height:12px;background:{color};margin-right:4px"></span>'

    rows = []
    for kitchen_id in sorted({r.kitchen_id for r in routes}):
        rows.append(
            f'<div style="margin-top:4px"><b>{html.escape(kitchen_names.get(kitchen_id, kitchen_id))}</b></div>'
        )
        rows += [
            f"<div>{swatch(colors[(r.van_id, r.trip)])}{html.escape(r.van_id)} · {r.trip} · {len(r.stops)}</div>"
            for r in sorted((r for r in routes if r.kitchen_id == kitchen_id), key=lambda r: (r.van_id, r.trip))
        ]
    return Element(
        '<div class="mealplan-legend" style="position:fixed;bottom:24px;left:10px;z-index:1000;background:#fff;'
        'padding:6px 8px;border:1px solid #888;font:12px sans-serif;max-height:45%;overflow-y:auto">'
        f"<b>{html.escape(tr('map.legend', lang))}</b>"
        f"<div>{swatch(KITCHEN_COLOR)}{html.escape(tr('map.kitchen', lang))}</div>{''.join(rows)}</div>"
    )


def _offline_notice(fmap: folium.Map, lang: str) -> None:
    """A line that appears only when the background tiles cannot be fetched (no internet)."""
    _figure(fmap).html.add_child(
        Element(
            '<div id="mealplan-offline" style="display:none;position:fixed;top:10px;left:60px;z-index:1000;'
            'background:#fffbe6;border:1px solid #a80;padding:4px 8px;font:12px sans-serif">'
            f"{html.escape(tr('map.offline', lang))}</div>"
        )
    )
    _figure(fmap).html.add_child(
        Element(
            "<script>window.addEventListener('load', function () {"
            "  var note = document.getElementById('mealplan-offline');"
            "  function show() { note.style.display = 'block'; }"
            f"  {fmap.get_name()}.eachLayer(function (layer) {{"
            "    if (layer instanceof L.TileLayer) { layer.on('tileerror', show); }"
            "  });"
            # Tiles that failed before the page finished loading fired their errors already.
            "  setTimeout(function () {"
            "    if (!document.querySelector('img.leaflet-tile-loaded')) { show(); }"
            "  }, 3000);"
            "});</script>"
        )
    )


OVERVIEW_DOORS_MAX = 5_000


def _map(routes: list[Route], dataset: Dataset, kitchen_ids: list[str], lang: str) -> folium.Map:
    kitchens = {k.kitchen_id: k for k in dataset.kitchens if k.kitchen_id in kitchen_ids}
    lats = [k.lat for k in kitchens.values()] + [s.lat for r in routes for s in r.stops]
    lons = [k.lon for k in kitchens.values()] + [s.lon for r in routes for s in r.stops]
    fmap = OfflineMap(location=(sum(lats) / len(lats), sum(lons) / len(lons)), zoom_start=12, tiles="OpenStreetMap")
    clients = {c.client_id: c for c in dataset.clients}
    kitchen_features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [kitchen.lon, kitchen.lat]},
            "properties": {
                "popup": f"<b>{html.escape(kitchen.name)}</b><br>{html.escape(kitchen.address)}",
                "tooltip": html.escape(kitchen.name),
                "letter": html.escape(tr("map.kitchen_letter", lang)),
            },
        }
        for kitchen in kitchens.values()
    ]
    folium.GeoJson(
        {"type": "FeatureCollection", "features": kitchen_features},
        on_each_feature=KITCHEN_FEATURE_JS,
        name="kitchens",
        control=False,
    ).add_to(fmap)
    colors: dict[tuple[str, int], str] = {}
    diets = {d.diet_id: d.name for d in dataset.diets}
    overview = len(kitchens) > 1
    stops = sum(len(r.stops) for r in routes)
    # A city's overview with every door would be a file of tens of megabytes that no browser
    # can show (and the slowest writer of the night): above this it draws the trips, and each
    # kitchen's map keeps the doors.
    doors = not overview or stops <= OVERVIEW_DOORS_MAX
    # The overview groups trips by kitchen (one toggle a kitchen; its map has one per trip).
    # Colours run along each kitchen's trips, so neighbouring vans differ.
    groups: dict[str, folium.FeatureGroup] = {}
    for kitchen_id in sorted(kitchens) if overview else []:
        groups[kitchen_id] = folium.FeatureGroup(name=html.escape(kitchens[kitchen_id].name))
        groups[kitchen_id].add_to(fmap)
    for kitchen_id in sorted(kitchens):
        kitchen = kitchens[kitchen_id]
        trips = sorted((r for r in routes if r.kitchen_id == kitchen_id), key=lambda r: (r.van_id, r.trip))
        for i, route in enumerate(trips):
            colors[(route.van_id, route.trip)] = PALETTE[i % len(PALETTE)]
            layer = _route_layer(
                route, colors[(route.van_id, route.trip)], clients, (kitchen.lat, kitchen.lon), lang, diets,
                groups.get(kitchen_id), doors,
            )  # fmt: skip
            if not overview:
                layer.add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    _figure(fmap).html.add_child(_legend(routes, colors, lang, {k: v.name for k, v in kitchens.items()}))
    _offline_notice(fmap, lang)
    if not doors:
        _figure(fmap).html.add_child(
            Element(
                '<div id="mealplan-doors" style="position:fixed;top:40px;left:60px;z-index:1000;'
                'background:#fff;border:1px solid #888;padding:4px 8px;font:12px sans-serif">'
                f"{html.escape(tr('map.doors_elsewhere', lang, stops=stops))}</div>"
            )
        )
    if len(lats) > 1:
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    return fmap


@contextlib.contextmanager
def _sequential_element_ids() -> Iterator[None]:
    """Number folium/branca elements 0, 1, 2 ... instead of random ids while a map is built.

    branca names every element with a random hex id, so two identical plans would differ in
    every map file; reproducible runs must be byte-identical.
    """
    counter = itertools.count()
    original = Element.__dict__["_generate_id"]
    Element._generate_id = classmethod(lambda cls: f"{next(counter):012x}")  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Element._generate_id = original  # type: ignore[method-assign]


def map_file(kitchen_id: str) -> str:
    """The file name of a kitchen's map ('' is the overview)."""
    return f"{safe_filename(kitchen_id)}.html" if kitchen_id else "overview.html"


def write_kitchen_map(routes: list[Route], dataset: Dataset, kitchen_id: str, folder: Path, lang: str = "bg") -> str:
    """Write the map of one kitchen's trips; returns its file name.

    ``dataset`` needs only the clients on ``routes`` (a worker is handed just those).
    """
    with _sequential_element_ids():
        _map(routes, dataset, [kitchen_id], lang).save(str(folder / map_file(kitchen_id)))
    return map_file(kitchen_id)


def write_maps(
    plan: Plan, dataset: Dataset, folder: Path, lang: str = "bg", kitchens_done: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Write a map per kitchen (except ``kitchens_done``, written elsewhere) and ``overview.html``.

    Returns kitchen id -> file name ('' = overview).
    """
    written: dict[str, str] = {}
    kitchen_ids = sorted(k.kitchen_id for k in dataset.kitchens)
    if not kitchen_ids:
        return written
    for kitchen_id in kitchen_ids:
        if kitchen_id not in kitchens_done:
            write_kitchen_map([r for r in plan.routes if r.kitchen_id == kitchen_id], dataset, kitchen_id, folder, lang)
        written[kitchen_id] = map_file(kitchen_id)
    with _sequential_element_ids():
        _map(list(plan.routes), dataset, kitchen_ids, lang).save(str(folder / map_file("")))
    written[""] = map_file("")
    return written
