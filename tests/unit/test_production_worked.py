"""Production on a hand-worked kitchen: the figures below were computed on paper, not by the code.

The golden night's data (tests/golden/data): spare 10 % with at least 1 portion per diet, boxes
of 4 at K1, recipes S01 = 60 g lentils + 20 g carrot, M01 = 150 g chicken + 70 g rice,
M01D = 150 g chicken + 60 g brown rice, B01/B02 = 80 g bread.
Orders at K1: general 1 + 2 + 1 portions (one of the 1s could not be routed), diabetic 1.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mealplan.io.readers.dataset import read_dataset
from mealplan.models import Order, Route, Stop
from mealplan.planning.production import plan_production

DATA = Path(__file__).resolve().parents[1] / "golden" / "data"
DAY = dt.date(2026, 11, 25)


def order(client_id: str, diet: str, portions: int) -> Order:
    return Order(
        client_id=client_id,
        row=2,
        diet_id=diet,
        portions=portions,
        lat=42.7,
        lon=23.3,
        window_start_min=600,
        window_end_min=840,
        service_s=120,
    )


def stop(seq: int, o: Order) -> Stop:
    return Stop(
        sequence=seq,
        client_id=o.client_id,
        portions=o.portions,
        diet_id=o.diet_id,
        lat=42.7,
        lon=23.3,
        arrival_s=36000 + seq,
        departure_s=36100 + seq,
        hold_s=seq,
    )


@pytest.fixture(scope="module")
def production():
    orders = (order("A", "general", 1), order("B", "general", 2), order("C", "general", 1), order("D", "diabetic", 1))
    route = Route(
        van_id="V1",
        trip=1,
        kitchen_id="K1",
        departure_s=36000,
        return_s=39600,
        stops=(stop(1, orders[0]), stop(2, orders[1]), stop(3, orders[3])),
        distance_m=1000.0,
        capacity_portions=6,
        max_hold_min=60,
    )
    return plan_production(read_dataset(DATA), DAY, {"K1": orders, "K2": ()}, {"C"}, [route])


def test_portions_spare_and_unrouted_per_dish_and_diet(production):
    """General: 4 ordered, 1 spare (10 % of 4 rounds up to 1), 5 to cook, 1 not routed; diabetic: 1 + 1."""
    table = {
        (l.diet_id, l.dish_id): (l.portions, l.portions_spare, l.portions_to_cook, l.portions_unrouted)
        for l in production.lines
    }
    assert table == {
        ("general", "S01"): (4, 1, 5, 1),
        ("general", "M01"): (4, 1, 5, 1),
        ("general", "B01"): (4, 1, 5, 1),
        ("diabetic", "S01"): (1, 1, 2, 0),
        ("diabetic", "M01D"): (1, 1, 2, 0),
        ("diabetic", "B02"): (1, 1, 2, 0),
    }


def test_ingredients_in_kg_for_everything_cooked(production):
    """Lentils 60 g x 7 = 0.42 kg; chicken 150 g x (5 + 2) = 1.05 kg; rice 70 g x 5 = 0.35 kg; ..."""
    assert {i.ingredient: i.kg for i in production.ingredients} == {
        "леща": 0.42,
        "морков": 0.14,
        "пилешко месо": 1.05,
        "ориз": 0.35,
        "кафяв ориз": 0.12,
        "хляб бял": 0.4,
        "хляб пълнозърнест": 0.16,
    }


def test_boxes_per_trip_and_diet(production):
    """V1's trip carries 3 general portions (one box of 4) and 1 diabetic (one box)."""
    assert [(b.van_id, b.trip, b.diet_id, b.portions, b.boxes) for b in production.boxes] == [
        ("V1", 1, "diabetic", 1, 1),
        ("V1", 1, "general", 3, 1),
    ]
    assert production.problems == ()
