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
from mealplan.models import Kitchen, Order, UnservedReason
from mealplan.routing.assignment import assign_kitchens
from mealplan.routing.roads import locate_on_roads, road_travel
from mealplan.routing.travel import point_key
from tests.unit.test_assignment import order, vans_for

SEA_LAT = 42.80


class StandInRoads:
    def __init__(self, no_road: set[tuple[tuple[float, float], tuple[float, float]]] = frozenset()) -> None:
        self.no_road = no_road
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
        return distance, travel

    def snap_m(self, lats, lons):
        return np.where(np.asarray(lats) > SEA_LAT, 2000.0, 10.0)

    def path(self, lats, lons, doors=None):
        line = list(zip(lats, lons, strict=True))
        return line, float(sum(haversine_m(*a, *b) for a, b in itertools.pairwise(line)) * 1.5)


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


def test_road_matrices_are_computed_once_per_kitchen_and_scaled_to_the_van():
    """One table per kitchen over its doors; times are the road's seconds / van_speed_factor, rounded up."""
    roads = StandInRoads()
    k1, k2 = kitchen("K1", 42.69), kitchen("K2", 42.75)
    by_kitchen = {"K1": (order(0, 42.70), order(1, 42.71)), "K2": (order(2, 42.76),)}
    travel = road_travel(by_kitchen, [k1, k2], roads, 0.8)
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
    travel = road_travel({"K1": doors}, [k1], roads, 1.0)
    lats = np.array([k1.lat, doors[4].lat, doors[1].lat])
    lons = np.full(3, 23.3)
    part = travel.restrict(lats, lons)
    assert part.blocks[0].travel_s.shape == (3, 3)
    for a, b in zip(part.matrices(lats, lons), travel.matrices(lats, lons), strict=True):
        assert (a == b).all()
    with pytest.raises(KeyError):
        part.matrices(np.array([k1.lat, doors[2].lat]), np.full(2, 23.3))
