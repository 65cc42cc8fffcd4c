"""The plan on roads is a drive a van can keep: re-timed independently, by the road engine's own
continuous routes through every stop of each trip, not by the planner's matrices or code.

The re-timing here is written from the documented rules alone (docs/settings.md): a van pulls up
on the door's side of the street and drives on, legs at ``van_speed_factor`` of the engine's car
speed, minutes at the door ``service_base_min + service_per_floor_no_lift_min x floor (no lift)
+ service_per_extra_portion_min x (portions - 1)``, waiting at a door whose window has not
opened. It reads what the coordinator reads: routes/all_routes.csv and the data folder.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import shutil

import numpy as np
import pytest

from mealplan.geo import haversine_m
from mealplan.io.adapters.osrm import prepare_roads
from mealplan.pipeline import RunConfig, run_day
from tests.helpers import read_rows, run_plan
from tests.roads.conftest import EXTRACT, HELSINKI

pytestmark = pytest.mark.roads

DATE = "2026-11-25"
VAN_SPEED_FACTOR = 0.8  # the settings' default; data/helsinki does not change it
SERVICE = {"base": 2.0, "floor": 0.4, "portion": 0.5}  # minutes, the settings' defaults


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """data/helsinki planned on its extract by the command a coordinator runs."""
    data = tmp_path_factory.mktemp("drive") / "helsinki"
    shutil.copytree(HELSINKI, data, ignore=shutil.ignore_patterns(".mealplan-cache"))
    out = data.parent / "out"
    result = run_plan(data, out, DATE, "--roads", str(EXTRACT), "--time-limit", "5", "--no-history")
    assert result.exit_code == 0, result.output
    return data, read_rows(out / DATE / "routes" / "all_routes.csv")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """The road engine opened directly on its own preparation of the same extract."""
    import osrm

    prepared = prepare_roads(EXTRACT, tmp_path_factory.mktemp("own-cache"))
    return osrm, osrm.OSRM(storage_config=str(prepared), algorithm="CH", use_shared_memory=False)


def _seconds(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 3600 + int(minutes) * 60


def _heading(line: list[tuple[float, float]]) -> int:
    """Compass heading of the last stretch of a (lon, lat) line: how the van faces at the door."""
    end = line[-1]
    start = next(p for p in reversed(line[:-1]) if p != end)
    east = math.radians(end[0] - start[0]) * math.cos(math.radians(end[1]))
    north = math.radians(end[1] - start[1])
    return round(math.degrees(math.atan2(east, north))) % 360


def _continuous_legs(engine, kitchen: tuple[float, float], doors: list[tuple[float, float]]) -> list[float]:
    """Seconds of each leg of one Route call kitchen -> doors -> kitchen, the car profile's own
    drive: the door on the curb side, leaving ahead the way the van came in, no turning at a stop."""
    osrm, roads = engine
    headings = []
    for door in doors:
        approach = roads.Route(
            osrm.RouteParameters(
                coordinates=[kitchen, door], approaches=[None, "curb"], geometries="geojson", overview="full"
            )
        )
        line = [(float(p[0]), float(p[1])) for p in approach["routes"][0]["geometry"]["coordinates"]]
        headings.append((_heading(line), 20))
    answer = roads.Route(
        osrm.RouteParameters(
            coordinates=[kitchen, *doors, kitchen],
            approaches=[None] + ["curb"] * len(doors) + [None],
            bearings=[None, *headings, None],
            continue_straight=True,
            overview="false",
        )
    )
    return [float(leg["duration"]) for leg in answer["routes"][0]["legs"]]


def test_printed_arrivals_hold_when_each_trip_is_driven_as_one_continuous_route(printed, engine):
    """Every stop re-timed from the printed departure within a minute of its printed arrival, and
    no re-timed arrival over the van's food-safety limit or after the client's window."""
    data, rows = printed
    clients = {c["client_id"]: c for c in read_rows(data / "clients.csv")}
    vans = {v["van_id"]: v for v in read_rows(data / "vans.csv")}
    kitchens = {k["kitchen_id"]: (float(k["lon"]), float(k["lat"])) for k in read_rows(data / "kitchens.csv")}
    trips: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        trips.setdefault((row["van_id"], row["trip"]), []).append(row)
    assert len(rows) > 50 and len(trips) >= 3
    worst_s = 0.0
    for (van_id, _), stops in trips.items():
        van = vans[van_id]
        stops.sort(key=lambda r: int(r["stop"]))
        doors = [(float(s["lon"]), float(s["lat"])) for s in stops]
        legs_s = _continuous_legs(engine, kitchens[van["kitchen_id"]], doors)
        departure_s = _seconds(stops[0]["trip_departure"])
        # Speeds by the hour are 1 between 9:00 and 17:00 (settings' default): the clock is plain.
        assert 9 * 3600 <= departure_s < 16 * 3600
        clock_s = float(departure_s)
        for stop, leg_s in zip(stops, legs_s, strict=False):
            client = clients[stop["client_id"]]
            reach_s = clock_s + leg_s / VAN_SPEED_FACTOR
            arrival_s = max(reach_s, _seconds(client["window_start"]))
            printed_s = _seconds(stop["arrival"])
            worst_s = max(worst_s, abs(arrival_s - printed_s))
            # Within a minute of the printed HH:MM: the printed departure and arrival are each
            # rounded to the minute (30 s each at most), the legs to the second.
            assert abs(arrival_s - printed_s) <= 60 + 5, (van_id, stop["stop"], arrival_s, printed_s)
            assert arrival_s - departure_s <= int(van["max_hold_min"]) * 60, (van_id, stop["stop"])
            assert arrival_s <= _seconds(client["window_end"]), (van_id, stop["stop"])
            floors = int(client["floor"] or 0) if client["has_lift"].lower() in ("no", "не", "false", "0") else 0
            minutes = SERVICE["base"] + SERVICE["floor"] * max(floors, 0)
            minutes += SERVICE["portion"] * (int(stop["portions"]) - 1)
            clock_s = arrival_s + math.ceil(minutes * 60)
    assert worst_s <= 65


def test_the_map_draws_the_kilometres_the_sheet_prints(tmp_path):
    """Each trip's street path, measured point to point, is within 1 % of its route's km."""
    data = tmp_path / "helsinki"
    shutil.copytree(HELSINKI, data, ignore=shutil.ignore_patterns(".mealplan-cache"))
    config = RunConfig(data_dir=data, date=dt.date.fromisoformat(DATE), roads=EXTRACT, time_limit_s=3, workers=1)
    plan, _ = run_day(config)
    assert plan.routes
    for route in plan.routes:
        path = np.array(route.path)
        drawn_m = float(haversine_m(path[:-1, 0], path[:-1, 1], path[1:, 0], path[1:, 1]).sum())
        assert abs(drawn_m - route.distance_m) <= 0.01 * route.distance_m, (route.van_id, route.trip)


def test_vans_pull_up_with_the_door_on_the_side_of_the_road_traffic_drives_on(tmp_path, helsinki_roads):
    """Finland drives on the right: the doors are on the van's right as it stops. A graph built
    with driving_side=left puts those of two-way streets on its left: the side is a setting."""
    from mealplan.io.adapters.osrm import open_roads

    kitchen = next(iter(read_rows(HELSINKI / "kitchens.csv")))
    doors = [c for c in read_rows(HELSINKI / "clients.csv") if c["lat"]][:40]
    left = open_roads(EXTRACT, tmp_path / "cache", driving_side="left")

    def sides(roads) -> list[str]:
        found = []
        for door in doors:
            lats = np.array([float(kitchen["lat"]), float(door["lat"])])
            lons = np.array([float(kitchen["lon"]), float(door["lon"])])
            try:
                line, _, _ = roads.path(lats, lons, np.array([False, True]))
            except RuntimeError:
                continue  # no road from the kitchen to this door in the tiny extract
            (lat1, lon1), (lat2, lon2) = line[-2], line[-1]
            facing = (lon2 - lon1, lat2 - lat1)
            towards = (float(door["lon"]) - lon2, float(door["lat"]) - lat2)
            if math.hypot(*towards) < 1e-6:
                continue
            found.append("left" if facing[0] * towards[1] - facing[1] * towards[0] > 0 else "right")
        return found

    auto, forced = sides(helsinki_roads), sides(left)
    assert len(auto) >= 15 and len(forced) >= 15
    assert auto.count("right") >= 0.9 * len(auto)  # 27 of 28 when written
    # One-way streets (many in central Helsinki) have one way in, whatever the side: 18 of 28.
    assert forced.count("left") >= 0.6 * len(forced)


def test_a_leg_with_no_way_ahead_is_drawn_through_the_kitchen_as_the_matrices_time_it(helsinki_roads, monkeypatch):
    """Where the engine finds no way from one door to the next leaving ahead (a cut extract, a
    closed street), the matrices time that leg through the kitchen; the map draws that detour
    rather than failing the night. The engine is made to refuse one leg, as a cut extract does."""
    kitchen = next(iter(read_rows(HELSINKI / "kitchens.csv")))
    clients = [c for c in read_rows(HELSINKI / "clients.csv") if c["lat"]]
    lats = np.array([float(kitchen["lat"])] + [float(c["lat"]) for c in clients])
    lons = np.array([float(kitchen["lon"])] + [float(c["lon"]) for c in clients])
    every = np.arange(len(lats))
    doors = every > 0
    distance_m, _ = helsinki_roads.table(lats, lons, every, every, doors)
    a, b = [i for i in every[1:] if np.isfinite(distance_m[0, i]) and np.isfinite(distance_m[i, 0])][:2]
    seq = [0, a, b, 0]
    door_a, door_b = (float(lons[a]), float(lats[a])), (float(lons[b]), float(lats[b]))
    real_route = helsinki_roads._route

    def refusing(coordinates, approaches, bearings):
        if any(x == door_a and y == door_b for x, y in itertools.pairwise(coordinates)):
            raise RuntimeError("NoRoute - Impossible route between points")
        return real_route(coordinates, approaches, bearings)

    monkeypatch.setattr(helsinki_roads, "_route", refusing)
    line, drawn_m, _ = helsinki_roads.path(lats[seq], lons[seq], doors[seq])
    via_m = distance_m[0, a] + distance_m[a, 0] + distance_m[0, b] + distance_m[b, 0]
    assert abs(drawn_m - via_m) <= 0.01 * via_m
    assert line[0] == line[-1] or haversine_m(*line[0], *line[-1]) < 50
