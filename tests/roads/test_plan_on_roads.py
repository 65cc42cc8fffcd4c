"""A night planned on real roads: every stage uses the road times, nobody is routed on a made-up time."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from mealplan.models import LedgerStatus, UnservedReason
from mealplan.pipeline import RunConfig, check_day, run_day
from tests.helpers import edit_cell, read_rows, run_plan
from tests.roads.conftest import EXTRACT

pytestmark = pytest.mark.roads

DATE = "2026-11-25"
HARBOUR = ("60.1590", "24.9600")


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    """data/helsinki planned on its extract, in process, so the plan's figures can be re-derived."""
    import shutil

    from tests.roads.conftest import HELSINKI

    data = tmp_path_factory.mktemp("night") / "helsinki"
    shutil.copytree(HELSINKI, data, ignore=shutil.ignore_patterns(".mealplan-cache"))
    config = RunConfig(data_dir=data, date=dt.date.fromisoformat(DATE), roads=EXTRACT, time_limit_s=3, workers=1)
    plan, dataset = run_day(config)
    return plan, dataset, data


def test_every_register_row_ends_in_the_ledger_and_no_limit_is_broken(night):
    plan, dataset, _ = night
    assert len(plan.ledger) == len(dataset.register_rows) == 120
    assert plan.routes and not plan.violations
    assert {e.status for e in plan.ledger} <= {LedgerStatus.ROUTED, LedgerStatus.UNSERVED}


def test_doors_no_road_leads_to_are_unserved_with_that_reason(night):
    """The tiny extract cuts one-way streets at its edge: those doors are explained, not routed."""
    plan, _, _ = night
    reasons = {u.reason for u in plan.unserved}
    assert UnservedReason.NO_ROAD_LINK in reasons
    routed = {s.client_id for r in plan.routes for s in r.stops}
    assert routed.isdisjoint(u.client_id for u in plan.unserved)


def test_arrival_times_are_the_road_times_at_the_vans_speed(night, helsinki_roads):
    """Kitchen -> first door on every trip takes the road engine's seconds / van_speed_factor, rounded up."""
    plan, dataset, _ = night
    factor = dataset.settings.van_speed_factor
    kitchens = {k.kitchen_id: k for k in dataset.kitchens}
    for route in plan.routes:
        kitchen, first = kitchens[route.kitchen_id], route.stops[0]
        _, travel_s = helsinki_roads.table(
            np.array([kitchen.lat, first.lat]), np.array([kitchen.lon, first.lon]), np.array([0]), np.array([1])
        )
        road_s = math.ceil(float(travel_s[0, 0]) / factor)
        # The van may wait at the door for its window; it can never be there sooner than the road allows.
        assert first.arrival_s >= route.departure_s + road_s - 1
        if first.arrival_s > route.departure_s + road_s + 1:
            client = next(c for c in dataset.clients if c.client_id == first.client_id)
            assert first.arrival_s == client.window_start_min * 60


def test_routes_carry_their_street_geometry_from_the_kitchen_and_back(night):
    plan, dataset, _ = night
    kitchens = {k.kitchen_id: k for k in dataset.kitchens}
    for route in plan.routes:
        assert len(route.path) > len(route.stops) + 2
        kitchen = kitchens[route.kitchen_id]
        for end in (route.path[0], route.path[-1]):
            assert abs(end[0] - kitchen.lat) < 0.001 and abs(end[1] - kitchen.lon) < 0.002


def test_validate_reports_the_unreachable_doors_before_the_night(night):
    """validate --roads runs the same road checks: the same clients are named, without routing."""
    plan, _, data = night
    check = check_day(RunConfig(data_dir=data, date=plan.date, roads=EXTRACT))
    unreachable = {u.client_id for u in check.unserved if u.reason == UnservedReason.NO_ROAD_LINK}
    assert unreachable == {u.client_id for u in plan.unserved if u.reason == UnservedReason.NO_ROAD_LINK}


def test_plan_on_roads_from_settings_writes_maps_along_the_streets(helsinki_copy, tmp_path):
    """settings.csv's roads key (relative to the data folder) is enough; the map draws the streets."""
    with (helsinki_copy / "settings.csv").open("a", encoding="utf-8") as handle:
        handle.write("roads,roads.osm.pbf\n")
    edit_cell(helsinki_copy / "clients.csv", 0, "lat", HARBOUR[0])
    edit_cell(helsinki_copy / "clients.csv", 0, "lon", HARBOUR[1])
    result = run_plan(helsinki_copy, tmp_path / "out", DATE, "--lang", "en")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / DATE
    ledger = {row["client_id"]: row for row in read_rows(folder / "ledger.csv")}
    assert len(ledger) == 120
    assert ledger["H0001"]["status"] == "unserved" and "far from any road" in ledger["H0001"]["reason"]
    unserved = {row["client_id"]: row for row in read_rows(folder / "unserved.csv")}
    assert "max_snap_m" in unserved["H0001"]["hint"]
    assert (helsinki_copy / ".mealplan-cache" / "roads").is_dir()
    routes = read_rows(folder / "routes" / "all_routes.csv")
    page = (folder / "maps" / "K1.html").read_text(encoding="utf-8")
    # A map along the streets holds many more line points than stops.
    assert page.count("[60.1") > 3 * len(routes)


def test_a_kitchen_off_the_road_network_stops_the_run_naming_it(helsinki_copy, tmp_path):
    edit_cell(helsinki_copy / "kitchens.csv", 0, "lat", HARBOUR[0])
    edit_cell(helsinki_copy / "kitchens.csv", 0, "lon", HARBOUR[1])
    result = run_plan(helsinki_copy, tmp_path / "out", DATE, "--lang", "en", "--roads", str(EXTRACT))
    assert result.exit_code == 2
    assert "kitchen K1" in result.output and "nearest road" in result.output


def test_addresses_without_coordinates_and_a_map_plan_the_night_with_no_network(helsinki_copy, monkeypatch):
    """A register of addresses only, plus the extract, is a complete plan; not one socket is opened."""
    import socket

    rows = read_rows(helsinki_copy / "clients.csv")
    for row in rows:
        row["lat"] = row["lon"] = ""
    from tests.helpers import write_rows

    write_rows(helsinki_copy / "clients.csv", rows)

    def no_network(*args, **kwargs):
        raise AssertionError(f"network used: {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    config = RunConfig(
        data_dir=helsinki_copy, date=dt.date.fromisoformat(DATE), roads=EXTRACT, time_limit_s=2, workers=1
    )
    plan, dataset = run_day(config)
    assert len(plan.ledger) == 120
    located = [c for c in dataset.clients if c.has_coordinates]
    assert len(located) >= 115  # found on the map, on this machine
    assert sum(len(r.stops) for r in plan.routes) >= 60
    no_coordinates = [u for u in plan.unserved if u.reason == UnservedReason.NO_COORDINATES]
    assert len(no_coordinates) == 120 - len(located)


def test_a_kitchen_no_door_reaches_on_the_roads_is_named_before_routing(night):
    """data/helsinki's K2 stands 8 m inside the extract's edge: no client's door reaches it both
    ways, so it gets no orders, and the plan says why (problems.csv, the index, validate)."""
    plan, _, data = night
    named = [p for p in plan.problems if p.code == "kitchen_no_road"]
    assert [(p.file, p.column, p.value, p.severity) for p in named] == [("kitchens.csv", "kitchen_id", "K2", "warning")]
    assert not any(r.kitchen_id == "K2" for r in plan.routes)
    check = check_day(RunConfig(data_dir=data, date=plan.date, roads=EXTRACT))
    assert any(p.code == "kitchen_no_road" and p.value == "K2" for p in check.problems)
