"""The month's report, checked against a count made by hand from the same facts: a delivery is
billed when delivered, a stop without an outcome is counted as such, a two-worker visit is one
visit, a client's own tariff wins over everyone's."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mealplan.door_models import COUNTS, MealOutcome, Tariff
from mealplan.models import Client
from mealplan.planning.report import month_days, monthly_report

D1, D2, D3 = dt.date(2026, 12, 1), dt.date(2026, 12, 2), dt.date(2026, 12, 3)


def client(client_id: str, office: str) -> Client:
    return Client(client_id=client_id, row=1, name=f"Име {client_id}", office_id=office, address="ул. 1",
                  diet_id="D1", portions=1, delivery_weekdays=frozenset(range(5)), window_start_min=660,
                  window_end_min=780, start_date=dt.date(2026, 1, 1))  # fmt: skip


def delivery(day, client_id, kitchen="K1", diet="D1", portions=1, status="routed"):
    return {"plan_date": day, "client_id": client_id, "status": status, "kitchen_id": kitchen, "diet_id": diet,
            "portions": portions}  # fmt: skip


def door(day, client_id, outcome, service="meal", stop_ref="V1/1"):
    return {"plan_date": day, "client_id": client_id, "outcome": outcome, "service": service, "stop_ref": stop_ref}


def test_counts_amounts_and_totals_match_a_count_by_hand():
    facts = {
        "deliveries": [delivery(D1, "A", portions=2), delivery(D2, "A", portions=2), delivery(D3, "A", portions=2),
                       delivery(D1, "B", kitchen="K2", diet="D2"), delivery(D2, "B", kitchen="K2", diet="D2"),
                       delivery(D3, "B", status="unserved")],
        "door": [door(D1, "A", "delivered"), door(D2, "A", "not_home"), door(D1, "B", "delivered"),
                 door(D2, "B", "hospital"), door(D1, "A", "done", service="visit", stop_ref="o1")],
        "visits": [{"visit_date": D1, "occurrence_id": "o1", "client_id": "A", "worker_id": "W1", "office_id": "S1"},
                   {"visit_date": D1, "occurrence_id": "o1", "client_id": "A", "worker_id": "W2", "office_id": "S1"},
                   {"visit_date": D2, "occurrence_id": "o2", "client_id": "A", "worker_id": "W1", "office_id": "S1"}],
    }  # fmt: skip
    tariffs = [Tariff(meal_price=3.5, visit_price=10.0), Tariff(client_id="B", meal_price=0.0, visit_price=0.0)]
    report = monthly_report("2026-12", facts, [client("A", "S1"), client("B", "S2")], tariffs)
    a, b = report.clients
    assert a.counts == {"meals_planned": 3, "meals_delivered": 1, "meals_not_home": 1, "meals_refused": 0,
                        "meals_hospital": 0, "meals_deceased": 0, "meals_other": 0, "meals_no_outcome": 1,
                        "portions_delivered": 2, "visits_planned": 2, "visits_made": 1, "visits_not_made": 0,
                        "visits_no_outcome": 1}  # fmt: skip
    assert (a.amount_meals, a.amount_visits, a.amount) == (3.5, 10.0, 13.5)
    assert b.counts["meals_planned"] == 2 and b.counts["meals_hospital"] == 1 and b.amount == 0.0  # exempt
    assert [(o.key, o.counts["meals_delivered"], o.amount) for o in report.offices] == [("S1", 1, 13.5), ("S2", 1, 0.0)]
    assert [(k.key, k.counts["meals_planned"]) for k in report.kitchens] == [("K1", 3), ("K2", 2)]
    assert {(d.office_id, d.diet_id, d.portions_planned, d.portions_delivered) for d in report.diets} == {
        ("S1", "D1", 6, 2), ("S2", "D2", 2, 1)}  # fmt: skip


def test_without_tariffs_there_are_no_amounts_and_a_client_gone_from_the_register_is_still_counted():
    facts = {"deliveries": [delivery(D1, "GONE")], "door": [door(D1, "GONE", "delivered")], "visits": []}
    (row,) = monthly_report("2026-12", facts, [], []).clients
    assert row.key == "GONE" and row.office_id == "" and row.counts["meals_delivered"] == 1 and row.amount is None


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6))
def test_every_planned_meal_is_counted_once_as_delivered_or_by_its_reason(seed):
    rng = random.Random(seed)
    clients = [client(f"C{k}", f"S{k % 3}") for k in range(12)]
    days = [D1 + dt.timedelta(days=k) for k in range(10)]
    deliveries, answers = [], []
    for day in days:
        for c in clients:
            if rng.random() < 0.7:
                deliveries.append(delivery(day, c.client_id, portions=rng.randint(1, 3)))
                if rng.random() < 0.8:
                    answers.append(door(day, c.client_id, rng.choice(list(MealOutcome)).value))
    report = monthly_report("2026-12", {"deliveries": deliveries, "door": answers, "visits": []}, clients)
    by_hand: dict[str, dict[str, int]] = {}
    answer_of = {(d["plan_date"], d["client_id"]): d["outcome"] for d in answers}
    for d in deliveries:
        mine = by_hand.setdefault(d["client_id"], dict.fromkeys(COUNTS, 0))
        mine["meals_planned"] += 1
        outcome = answer_of.get((d["plan_date"], d["client_id"]), "no_outcome")
        mine["meals_delivered" if outcome == "delivered" else f"meals_{outcome}"] += 1
        mine["portions_delivered"] += d["portions"] if outcome == "delivered" else 0
    assert {r.key: r.counts for r in report.clients} == by_hand
    planned = sum(r.counts["meals_planned"] for r in report.offices)
    assert planned == len(deliveries) == sum(sum(v for k, v in r.counts.items() if k.startswith("meals_")
                                                 and k != "meals_planned") for r in report.clients)  # fmt: skip


MONTHS = [("2026-12", D1, dt.date(2026, 12, 31)), ("2027-02", dt.date(2027, 2, 1), dt.date(2027, 2, 28))]


@pytest.mark.parametrize(("month", "first", "last"), MONTHS)
def test_a_month_is_its_first_to_its_last_day(month, first, last):
    assert month_days(month) == (first, last)


@pytest.mark.parametrize("typo", ["2026-13", "12.2026", "2026", "2026-12-01"])
def test_anything_but_year_and_month_is_not_a_month(typo):
    with pytest.raises(ValueError):
        month_days(typo)
