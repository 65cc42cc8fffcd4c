"""The night's pages in a real browser: what a coordinator or driver would see, offline."""

import re
from collections import Counter

import pytest

from tests.helpers import read_rows, run_plan

DATE = "2026-11-25"
# Rendered markers only: the element Leaflet created carries both its class and ours (the same
# class name also appears in the inline script, which must not be counted).
STOP = r'class="(?=[^"]*leaflet-marker-icon)(?=[^"]*mealplan-stop-icon)[^"]*"'
KITCHEN = r'class="(?=[^"]*leaflet-marker-icon)(?=[^"]*mealplan-kitchen-icon)[^"]*"'
ROUTE_LINE = r'<path class="leaflet-interactive"'


@pytest.fixture(scope="module")
def night(small_dir, tmp_path_factory):
    """The 150-client slice planned for one Wednesday."""
    out = tmp_path_factory.mktemp("night")
    result = run_plan(small_dir, out, time_limit="2")
    assert result.exit_code == 0, result.output
    folder = out / DATE
    return folder, read_rows(folder / "routes" / "all_routes.csv")


def local_only(page) -> bool:
    """No script, style or image came from the internet (map tiles may be attempted; none can load here)."""
    return all(
        not name.startswith(("http://", "https://")) or "tile.openstreetmap.org" in name for name in page.resources
    )


def test_each_kitchen_map_shows_every_stop_and_route_offline(night, open_page):
    """Numbered markers = routed stops of the kitchen; one line per trip; kitchen marker and legend."""
    folder, stops = night
    per_kitchen = Counter()
    trips = {}
    ledger = {r["client_id"]: r for r in read_rows(folder / "ledger.csv")}
    for stop in stops:
        kitchen = ledger[stop["client_id"]]["kitchen_id"]
        per_kitchen[kitchen] += 1
        trips.setdefault(kitchen, set()).add((stop["van_id"], stop["trip"]))
    assert per_kitchen
    for kitchen, count in per_kitchen.items():
        page = open_page(folder / "maps" / f"{kitchen}.html", shot_name=f"map_{kitchen}.png")
        assert page.count(STOP) == count, kitchen
        assert page.count(ROUTE_LINE) == len(trips[kitchen])
        assert page.count(KITCHEN) == 1
        assert "mealplan-legend" in page.dom
        assert local_only(page), page.resources


def test_overview_map_shows_all_routed_stops(night, open_page):
    """The overview carries every stop of the night and all five kitchens."""
    folder, stops = night
    page = open_page(folder / "maps" / "overview.html", shot_name="map_overview.png")
    assert page.count(STOP) == len(stops)
    assert page.count(KITCHEN) == 5
    assert local_only(page)


def test_route_sheet_has_one_row_per_stop_and_loads_nothing_remote(night, open_page):
    """A van's printable sheet lists each of its stops once, in Bulgarian, with nothing fetched."""
    folder, stops = night
    van = stops[0]["van_id"]
    page = open_page(folder / "routes" / f"{van}.html", shot_name=f"route_{van}.png", size="1123,794")
    expected = sum(1 for s in stops if s["van_id"] == van)
    assert page.count(r'<td class="sign">') == expected
    assert "Маршрутен лист" in page.dom
    assert page.resources == [] or local_only(page)


def test_index_links_every_sheet_and_map(night, open_page):
    """The index page links each van's sheet, each kitchen's production files and map."""
    folder, stops = night
    page = open_page(folder / "index.html", shot_name="index.png")
    vans = {s["van_id"] for s in stops}
    for van in vans:
        assert f'href="routes/{van}.html"' in page.dom
    for kitchen in ("K1", "K2", "K3", "K4", "K5"):
        assert f'href="maps/{kitchen}.html"' in page.dom
        assert f'href="production/{kitchen}.xlsx"' in page.dom
    assert local_only(page)


def test_screenshots_are_saved(night, open_page):
    """Screenshots of a map, a route sheet and the index exist and are real images."""
    folder, _ = night
    open_page(folder / "index.html", shot_name="index_check.png")
    shot = open_page.screenshots / "index_check.png"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5000


def test_the_overview_toggles_kitchens_and_its_legend_lists_trips_under_each(night, open_page):
    """One layer per kitchen in the overview's control; the legend groups trips under kitchen names and scrolls."""
    folder, stops = night
    page = open_page(folder / "maps" / "overview.html", shot_name="map_overview_layers.png")
    control = page.dom.split("leaflet-control-layers-overlays")[1].split("</section>")[0]
    assert control.count('type="checkbox"') == 5 and control.count("Кухня") == 5
    legend = page.dom.split("mealplan-legend")[1]
    assert "overflow-y:auto" in legend.split(">")[0]
    assert legend.count("<b>") >= 1 + len({s["van_id"][:0] for s in stops})


def test_without_internet_the_map_says_why_the_background_is_grey(night, open_page):
    """Tiles cannot load here (all traffic goes to a dead proxy): the notice shows, the routes still draw."""
    folder, _ = night
    page = open_page(folder / "maps" / "K1.html", shot_name="map_offline.png")
    notice = page.dom.split('id="mealplan-offline"')[1].split(">")[0]
    assert "display: block" in notice or "display:block" in notice
    assert page.count(ROUTE_LINE) >= 1


def test_popups_carry_the_door_the_phone_and_the_diets_name(night):
    """A stop's popup has block/entrance/floor/flat, the phone and the diet in words, not its code."""
    import json

    folder, _ = night
    html = (folder / "maps" / "K1.html").read_text(encoding="utf-8")
    popups = [json.loads(f'"{text}"') for text in re.findall(r'"popup": "((?:[^"\\]|\\.)*)"', html)]
    stops = [p for p in popups if "☎" in p]
    assert stops and all("порц." in p for p in stops)
    assert any("ет.\u00a0" in p or "партер" in p for p in stops)
    assert any("Обща" in p for p in stops) and not any("· general<" in p for p in stops)
    assert "#111" in html  # the kitchen marker is black, a colour no trip has


def test_the_index_is_the_dashboard_of_the_night(night, open_page):
    """A card per kitchen, a timeline bar and a vans-table row per trip, unserved with address and phone."""
    folder, stops = night
    page = open_page(folder / "index.html", shot_name="index_dashboard.png", size="1300,2400")
    trips = {(s["van_id"], s["trip"]) for s in stops}
    assert page.count(r'<div class="card">') == 5
    timeline = page.dom.split('class="timeline"')[1].split("</svg>")[0]
    assert timeline.count("<rect") == len(trips)
    # The last hour's label (centred on the axis's end, ~28 px wide) fits inside the picture.
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', timeline).group(1))
    last_label_x = max(float(x) for x in re.findall(r'<text x="([\d.]+)" y="10"', timeline))
    assert width - last_label_x >= 15
    vans_table = page.dom.split("Тръгва–връща се")[1].split("</table>")[0]
    assert vans_table.count("<tr>") == len(trips)
    assert "Без доставка днес" in page.dom and "Невалидни редове" in page.dom
    unserved_head = page.dom.split("Необслужени (")[1].split("</tr>")[0]
    for column in ("Адрес", "Телефон", "Служба", "Какво да се направи"):
        assert column in unserved_head
    assert local_only(page)


LAYOUT_PROBE = """<script>
window.addEventListener("load", function () {
  // Headless Chromium's window is never narrower than 500 px: a narrower screen is the page laid
  // out at that width (the phone's CSS applies from 640 px down either way).
  var width = WIDTH;
  if (width < window.innerWidth) { document.documentElement.style.width = width + "px"; }
  var seen = {};
  ["state", "margins", "unserved", "files"].forEach(function (id) {
    var box = document.getElementById(id).getBoundingClientRect();
    seen[id] = [Math.round(box.top), Math.round(box.bottom)];
  });
  var widest = 0;
  document.querySelectorAll("body *").forEach(function (e) {
    // What sits inside a box of its own that scrolls sideways does not widen the page.
    if (!e.closest(".scroll")) { widest = Math.max(widest, e.getBoundingClientRect().right); }
  });
  seen.page_width = Math.round(widest);
  seen.menu_position = getComputedStyle(document.querySelector("nav.menu")).position;
  document.documentElement.setAttribute("data-layout", JSON.stringify(seen));
});
</script>"""


def layout(chromium, index, size, tmp_path):
    """Where the index's parts stand in a window of ``size`` (before any scrolling)."""
    import json
    import subprocess

    from tests.browser.conftest import FLAGS

    probe = index.with_name(".layout-index.html")
    script = LAYOUT_PROBE.replace("WIDTH", size.split(",")[0])
    probe.write_text(index.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    dom = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path}", f"--window-size={size}", "--dump-dom", probe.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    probe.unlink()
    found = re.search(r'data-layout="([^"]*)"', dom)
    assert found, dom[:500]
    return json.loads(found.group(1).replace("&quot;", '"'))


def test_the_first_screen_shows_the_runs_state_the_margins_and_the_unserved(night, chromium, open_page, tmp_path):
    """At 1400 x 900 what needs action is on the first screen: the run's state, the tightest
    margins, the unserved clients and the file links; the menu stays at the top when scrolling."""
    folder, _ = night
    seen = layout(chromium, folder / "index.html", "1400,900", tmp_path / "wide")
    for part in ("state", "files", "margins", "unserved"):
        assert 0 <= seen[part][0] < 900, (part, seen)
    assert seen["menu_position"] == "sticky"
    open_page(folder / "index.html", shot_name="index_first_screen.png", size="1400,900")


def test_on_a_phone_the_index_fits_the_screens_width(night, chromium, open_page, tmp_path):
    """At a phone's 390 px nothing makes the page wider than the screen (wide tables scroll in
    their own box), and the run's state and the margins are still on the first screen."""
    folder, _ = night
    seen = layout(chromium, folder / "index.html", "390,844", tmp_path / "phone")
    assert seen["page_width"] <= 390, seen
    assert seen["state"][0] < 844 and seen["margins"][0] < 844, seen
    open_page(folder / "index.html", shot_name="index_phone.png", size="390,844")
