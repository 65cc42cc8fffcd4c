"""The road stage against a stand-in road network: it runs on every Python, without OSRM.

The stand-in drives at 10 m/s along 1.5 x the straight line, knows one-way traps (pairs with no
road) and puts the sea north of 42.80: exactly what the stage must handle from a real engine.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from mealplan.errors import InputError
from mealplan.geo import haversine_m
from mealplan.models import Kitchen, Order, Route, Stop, UnservedReason
from mealplan.routing.assignment import assign_kitchens
from mealplan.routing.lanes import plan_parts, route_all, screen_all
from mealplan.routing.roads import drive_routes, locate_on_roads, road_travel
from mealplan.routing.travel import point_key
from tests.unit.test_assignment import order, vans_for

SEA_LAT = 42.80


class StandInRoads:
    def __init__(
        self,
        no_road: set[tuple[tuple[float, float], tuple[float, float]]] = frozenset(),
        no_curb: set[tuple[float, float]] = frozenset(),
    ) -> None:
        self.no_road = no_road
        self.no_curb = no_curb  # doors no van pulls up to at the curb (a one-way street's far side)
        self.tables = 0

    def table(self, lats, lons, sources, destinations, doors=None):
        self.tables += 1
        a_lat, a_lon = lats[sources][:, None], lons[sources][:, None]
        b_lat, b_lon = lats[destinations][None, :], lons[destinations][None, :]
        distance = (haversine_m(a_lat, a_lon, b_lat, b_lon) * 1.5).astype(np.float32)
        travel = distance / np.float32(10.0)
        for i, s in enumerate(sources):
            for j, d in enumerate(destinations):
                if (point_key(lats[s], lons[s]), point_key(lats[d], lons[d])) in self.no_road:
                    distance[i, j] = travel[i, j] = np.nan
                if doors is not None and doors[d] and s != d and point_key(lats[d], lons[d]) in self.no_curb:
                    distance[i, j] = travel[i, j] = np.nan
        return distance, travel

    def snap_m(self, lats, lons):
        return np.where(np.asarray(lats) > SEA_LAT, 2000.0, 10.0)

    def path(self, lats, lons, doors=None):
        line = list(zip(lats, lons, strict=True))
        legs_m = [float(haversine_m(*a, *b)) * 1.5 for a, b in itertools.pairwise(line)]
        return line, sum(legs_m), [m / 10.0 for m in legs_m]


def kitchen(kid, lat, diets=("general", "diabetic")):
    return Kitchen(
        kitchen_id=kid, name=kid, lat=lat, lon=23.3, capacity_portions=100, diet_ids=frozenset(diets), ready_min=570
    )


def test_a_door_far_from_any_road_is_unserved_off_road_with_the_distance():
    doors = [order(0, 42.70), order(1, 42.85)]
    kept, lost, _ = locate_on_roads(doors, [kitchen("K1", 42.69)], StandInRoads(), 300, 0.8)
    assert [o.client_id for o in kept] == ["C0"]
    assert lost[0].client_id == "C1" and lost[0].reason == UnservedReason.OFF_ROAD
    assert lost[0].args == {"distance": 2000, "limit": 300}


def test_a_door_no_road_leads_to_and_back_is_unserved_no_road_link():
    k1 = kitchen("K1", 42.69)
    trapped = order(1, 42.71)
    trap = {(point_key(trapped.lat, trapped.lon), point_key(k1.lat, k1.lon))}  # no way back
    kept, lost, _ = locate_on_roads([order(0, 42.70), trapped], [k1], StandInRoads(trap), 300, 0.8)
    assert [o.client_id for o in kept] == ["C0"]
    assert lost[0].client_id == "C1" and lost[0].reason == UnservedReason.NO_ROAD_LINK


def test_a_door_cut_off_from_its_nearest_kitchen_goes_to_one_that_reaches_it():
    """Kitchens are chosen by road time, and a kitchen with no road to the door is never chosen."""
    near, far = kitchen("K1", 42.700), kitchen("K2", 42.740)
    door = order(0, 42.701)
    trap = {(point_key(near.lat, near.lon), point_key(door.lat, door.lon))}
    kept, lost, costs = locate_on_roads([door], [near, far], StandInRoads(trap), 300, 0.8)
    assert not lost and ("C0", "K1") not in costs and ("C0", "K2") in costs
    assignment = assign_kitchens(kept, [near, far], vans_for("K1", "K2"), costs)
    assert [o.client_id for o in assignment.orders_by_kitchen["K2"]] == ["C0"]
    assert not assignment.orders_by_kitchen["K1"]


def test_a_kitchen_off_the_road_network_stops_the_run():
    with pytest.raises(InputError) as caught:
        locate_on_roads([order(0, 42.70)], [kitchen("K1", 42.85)], StandInRoads(), 300, 0.8)
    assert caught.value.code == "kitchen_off_road" and caught.value.args_["kitchen"] == "K1"


def test_orders_without_coordinates_pass_through_for_the_assignment_to_explain():
    blank = Order(
        client_id="C9", row=11, diet_id="general", portions=1, lat=None, lon=None,
        window_start_min=600, window_end_min=780, service_s=120,
    )  # fmt: skip
    kept, lost, _ = locate_on_roads([blank], [kitchen("K1", 42.69)], StandInRoads(), 300, 0.8)
    assert kept == [blank] and not lost


def test_road_matrices_are_computed_once_per_problem_and_scaled_to_the_van():
    """One table per problem over its doors; times are the road's seconds / van_speed_factor, rounded up."""
    roads = StandInRoads()
    k1, k2 = kitchen("K1", 42.69), kitchen("K2", 42.75)
    travel = road_travel([(k1, (order(0, 42.70), order(1, 42.71))), (k2, (order(2, 42.76),))], roads, 0.8).travel
    assert roads.tables == 2
    lats = np.array([k1.lat, 42.70, 42.71])
    lons = np.array([23.3, 23.3, 23.3])
    distance_m, travel_s = travel.matrices(lats, lons)
    expected_m, expected_s = roads.table(lats, lons, np.arange(3), np.arange(3))
    assert np.allclose(distance_m, expected_m)
    assert (travel_s == np.ceil(expected_s.astype(np.float64) / np.float32(0.8))).all()


def test_a_worker_is_sent_only_its_sectors_slice_with_the_same_figures():
    roads = StandInRoads()
    k1 = kitchen("K1", 42.69)
    doors = tuple(order(i, 42.70 + i * 0.001) for i in range(6))
    travel = road_travel([(k1, doors)], roads, 1.0).travel
    lats = np.array([k1.lat, doors[4].lat, doors[1].lat])
    lons = np.full(3, 23.3)
    part = travel.restrict(lats, lons)
    assert part.blocks[0].travel_s.shape == (3, 3)
    for a, b in zip(part.matrices(lats, lons), travel.matrices(lats, lons), strict=True):
        assert (a == b).all()
    with pytest.raises(KeyError):
        part.matrices(np.array([k1.lat, doors[2].lat]), np.full(2, 23.3))


def _city_kitchen(n_doors):
    """A kitchen with ``n_doors`` doors around it and a van per 50: big enough to be cut into sectors."""
    k1 = kitchen("K1", 42.69)
    rng = np.random.default_rng(3)
    doors = tuple(
        order(i, 42.69 + float(d_lat)).model_copy(update={"lon": 23.3 + float(d_lon)})
        for i, (d_lat, d_lon) in enumerate(rng.uniform(-0.03, 0.03, size=(n_doors, 2)))
    )
    vans = [v.model_copy(update={"van_id": f"V{i:02d}"}) for i in range(n_doors // 50) for v in vans_for("K1")]
    return k1, doors, vans


def test_a_big_kitchens_road_matrices_are_its_sectors_blocks_not_its_full_square():
    """Sectors never ask for pairs across sectors, so only the diagonal blocks are computed, and
    every sector's problem finds all its pairs in its own block."""
    k1, doors, vans = _city_kitchen(1_200)
    parts = plan_parts({"K1": doors}, [k1], vans)
    assert len(parts) == 3
    roads = StandInRoads()
    travel = road_travel([(p.kitchen, p.orders) for p in parts], roads, 1.0).travel
    assert roads.tables == 3
    assert sum(b.travel_s.size for b in travel.blocks) == sum((len(p.orders) + 1) ** 2 for p in parts)
    for part in parts:
        lats = np.array([k1.lat, *[o.lat for o in part.orders]])
        lons = np.array([k1.lon, *[o.lon for o in part.orders]])
        _, travel_s = travel.matrices(lats, lons)
        _, expected_s = roads.table(lats, lons, np.arange(len(lats)), np.arange(len(lats)))
        assert (travel_s == np.ceil(expected_s.astype(np.float64))).all()


def test_every_sector_of_a_big_kitchen_is_routed_and_screened_on_its_own_block():
    """The router and validate's screening ask for the same problems the blocks were made for."""
    k1, doors, vans = _city_kitchen(1_100)
    far = order(9_999, 43.40)  # 78 km north: beyond the 120 min food-safety limit at 10 m/s x 1.5
    by_kitchen = {"K1": (*doors, far)}
    parts = plan_parts(by_kitchen, [k1], vans)
    travel = road_travel([(p.kitchen, p.orders) for p in parts], StandInRoads(), 1.0).travel
    lost = screen_all(parts, travel)
    assert [(u.client_id, u.reason) for u in lost] == [("C9999", UnservedReason.TOO_FAR_FOR_HOLD_LIMIT)]
    results = route_all(by_kitchen, [k1], vans, travel, time_limit_s=3, workers=1, parts=parts)
    routed = {s.client_id for r in results for route in r.routes for s in route.stops}
    unserved = {u.client_id for r in results for u in r.unserved}
    assert routed | unserved == {o.client_id for o in by_kitchen["K1"]} and not routed & unserved
    assert "C9999" in unserved


def test_a_door_reached_only_against_the_curb_is_unserved_no_road_link_and_left_out_of_its_problem():
    """Reach is judged without the curb (cheap), the legs with it: a door whose own kitchen's van
    cannot pull up at its curb is named by the matrices, never routed with a made-up leg."""
    k1 = kitchen("K1", 42.69)
    doors = (order(0, 42.70), order(1, 42.71), order(2, 42.72))
    roads = StandInRoads(no_curb={point_key(doors[1].lat, doors[1].lon)})
    kept, lost, _ = locate_on_roads(list(doors), [k1], roads, 300, 1.0)
    assert not lost and len(kept) == 3
    matrices = road_travel([(k1, doors)], roads, 1.0)
    assert [(k, o.client_id) for k, o in matrices.no_curb_link] == [("K1", "C1")]


def _trip(van_id, trip, departure_s, doors, max_hold_min=120, window_end_s=None):
    stops = tuple(
        Stop(
            sequence=i, client_id=f"C{trip}{i}", portions=1, diet_id="general", lat=lat, lon=23.3,
            arrival_s=departure_s + 60 * i, departure_s=departure_s + 60 * i + 120, hold_s=60 * i,
            window_end_s=window_end_s, window_start_s=0,
        )
        for i, lat in enumerate(doors, 1)
    )  # fmt: skip
    return Route(
        van_id=van_id, trip=trip, kitchen_id="K1", departure_s=departure_s, return_s=departure_s + 900, stops=stops,
        distance_m=1.0, capacity_portions=40, max_hold_min=max_hold_min,
    )  # fmt: skip


def test_a_trip_is_re_timed_from_its_continuous_drive_with_its_path_and_kilometres():
    """The stand-in drives 10 m/s along 1.5 x the straight line; the van makes 0.8 of that."""
    k1 = kitchen("K1", 42.69)
    planned = _trip("V1", 1, 36_000, [42.70, 42.71])
    [driven], violations = drive_routes([planned], [k1], vans_for("K1"), StandInRoads(), 0.8)
    _, metres, legs_s = StandInRoads().path(
        np.array([42.69, 42.70, 42.71, 42.69]), np.full(4, 23.3), np.array([False, True, True, False])
    )
    first = 36_000 + round(legs_s[0] / 0.8)
    assert driven.stops[0].arrival_s == first and driven.stops[0].drive_s == round(legs_s[0] / 0.8)
    assert driven.stops[1].arrival_s == first + 120 + round(legs_s[1] / 0.8)
    assert driven.stops[1].hold_s == driven.stops[1].arrival_s - 36_000
    assert driven.distance_m == metres and len(driven.path) == 4
    assert driven.return_s == driven.stops[1].departure_s + round(legs_s[2] / 0.8)
    assert violations == []


def test_a_drive_that_breaks_the_food_limit_or_a_window_is_reported_not_hidden():
    k1 = kitchen("K1", 42.69)
    planned = _trip("V1", 1, 36_000, [42.75], max_hold_min=5, window_end_s=36_000 + 60)
    _, violations = drive_routes([planned], [k1], vans_for("K1"), StandInRoads(), 0.8)
    assert {v.cause for v in violations} == {"hold", "time_window"}
    assert all(v.van_id == "V1" and v.stop == 1 for v in violations)


def test_a_van_back_later_than_planned_leaves_for_its_next_trip_after_the_reload():
    k1 = kitchen("K1", 42.69)
    first = _trip("V1", 1, 36_000, [42.75])
    second = _trip("V1", 2, 36_000 + 600, [42.70])
    driven, _ = drive_routes([second, first], [k1], vans_for("K1"), StandInRoads(), 0.8)
    back = next(r for r in driven if r.trip == 1).return_s
    assert back > 36_000 + 600
    assert next(r for r in driven if r.trip == 2).departure_s == back + k1.reload_min * 60


def test_a_night_on_roads_leaves_a_door_it_cannot_reach_at_the_curb_unserved_and_routes_the_rest(
    small_dir, small_dataset, monkeypatch
):
    """The whole day on a stand-in network: the stranded door is in the ledger as unserved with
    no road link, on no route; every other due client is routed or unserved once."""
    import datetime as dt

    import mealplan.pipeline as pipeline
    from mealplan.models import LedgerStatus

    due = pipeline.daily_demand(small_dataset, dt.date(2026, 11, 25)).orders
    stranded = next(o for o in due if o.lat is not None)
    roads = StandInRoads(no_curb={point_key(stranded.lat, stranded.lon)})
    monkeypatch.setattr(pipeline, "open_network", lambda config, dataset, progress=None: roads)
    config = pipeline.RunConfig(data_dir=small_dir, date=dt.date(2026, 11, 25), time_limit_s=2, workers=1)
    plan, _ = pipeline.run_day(config, dataset=small_dataset)
    assert stranded.client_id not in {s.client_id for r in plan.routes for s in r.stops}
    lost = [u for u in plan.unserved if u.client_id == stranded.client_id]
    assert [u.reason for u in lost] == [UnservedReason.NO_ROAD_LINK]
    entries = [e for e in plan.ledger if e.status in (LedgerStatus.ROUTED, LedgerStatus.UNSERVED)]
    assert sorted(e.client_id for e in entries) == sorted(o.client_id for o in due)
