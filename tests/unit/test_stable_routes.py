"""Stable routes: returning clients keep their van unless a move saves more than the allowance,
and stability never overrides capacity, windows or the food-safety limit."""

from __future__ import annotations

import datetime as dt

import pytest

from mealplan.models import (
    ChangeKind,
    LedgerEntry,
    LedgerStatus,
    Plan,
    PreviousDelivery,
    ProductionPlan,
    Route,
    Stop,
)
from mealplan.planning.stability import change_report, home_vans
from mealplan.routing.engines import ENGINES
from mealplan.routing.engines.base import SolveLimits
from mealplan.routing.kitchen import Stability, route_kitchen
from mealplan.routing.travel import StraightLineTravel
from tests.unit.test_routing import KITCHEN, ring, van


@pytest.fixture(params=ENGINES)
def engine(request):
    """Every engine the nightly plan can use keeps routes stable."""
    return request.param


def solve(orders, vans, stability, engine):
    return route_kitchen(
        KITCHEN, vans, orders, StraightLineTravel(), SolveLimits(time_limit_s=2.0), engine=engine, stability=stability
    )


def van_of(result) -> dict[str, str]:
    return {s.client_id: r.van_id for r in result.routes for s in r.stops}


def test_returning_clients_keep_their_van_when_a_move_saves_little(engine):
    """Two equal vans, a ring split in halves; last time V2 had the first half. It keeps it."""
    orders = ring(12)
    homes = {o.client_id: ("V2" if i < 6 else "V1", 40_000 + 60 * i) for i, o in enumerate(orders)}
    result = solve(orders, [van("V1"), van("V2")], Stability(homes, 600), engine)
    assert van_of(result) == {c: v for c, (v, _) in homes.items()}
    assert not result.unserved and not result.violations


def test_a_move_that_saves_more_than_the_allowance_is_made(engine):
    """Homes alternate around the ring, so keeping them costs two criss-crossing routes: with a
    one-second allowance the solver moves clients for compact routes, with an hour it keeps them."""
    orders = ring(12, radius_deg=0.03)
    homes = {o.client_id: ("V1" if i % 2 else "V2", 40_000) for i, o in enumerate(orders)}
    kept = solve(orders, [van("V1"), van("V2")], Stability(homes, 3600), engine)
    moved = solve(orders, [van("V1"), van("V2")], Stability(homes, 1), engine)
    assert van_of(kept) == {c: v for c, (v, _) in homes.items()}
    assert van_of(moved) != van_of(kept)
    assert sum(r.distance_m for r in moved.routes) < sum(r.distance_m for r in kept.routes)


def test_stability_never_overrides_capacity(engine):
    """All twelve were on V1 last time, but V1 now carries six: six move and nobody is left out."""
    orders = ring(12)
    homes = {o.client_id: ("V1", 40_000) for o in orders}
    result = solve(orders, [van("V1", capacity=6), van("V2", capacity=10)], Stability(homes, 3600), engine)
    assert not result.unserved and not result.violations
    assert sum(v == "V1" for v in van_of(result).values()) == 6


def delivery(client_id, day, van_id, arrival_s=40_000, kitchen_id="K"):
    return PreviousDelivery(
        client_id=client_id, plan_date=day, kitchen_id=kitchen_id, van_id=van_id, trip=1, stop=1, arrival_s=arrival_s
    )


def test_after_a_day_at_another_kitchen_a_client_goes_back_to_their_own_van():
    """The newest delivery was from K2's van (K closed that day); tonight K cooks again: V1."""
    mon, tue = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
    previous = {"C0": (delivery("C0", tue, "K2-V1", kitchen_id="K2"), delivery("C0", mon, "V1", 41_000))}
    orders = ring(2)
    homes = home_vans(previous, {"K": tuple(orders)}, [van("V1"), van("V2")])
    assert homes == {"C0": ("V1", 41_000)}


def plan_with(routes, ledger) -> Plan:
    return Plan(
        date=dt.date(2026, 11, 25),
        routes=tuple(routes),
        unserved=(),
        production=ProductionPlan(lines=(), ingredients=(), boxes=()),
        ledger=tuple(ledger),
        violations=(),
        problems=(),
        kitchen_stats=(),
        solve_s=0.0,
    )


def stop(sequence, client_id, arrival_s):
    return Stop(
        sequence=sequence,
        client_id=client_id,
        portions=1,
        diet_id="general",
        lat=42.7,
        lon=23.3,
        arrival_s=arrival_s,
        departure_s=arrival_s + 60,
        hold_s=arrival_s - 39_000,
    )


def route(van_id, stops):
    return Route(
        van_id=van_id,
        trip=1,
        kitchen_id="K",
        departure_s=39_000,
        return_s=46_000,
        stops=tuple(stop(i + 1, client_id, arrival_s) for i, (client_id, arrival_s) in enumerate(stops)),
        distance_m=1000.0,
        capacity_portions=10,
        max_hold_min=90,
    )


def test_the_change_report_lists_who_joined_moved_in_time_or_left_each_van():
    tue = dt.date(2026, 11, 24)
    previous = {
        "KEEP": (delivery("KEEP", tue, "V1", 40_000),),
        "LATE": (delivery("LATE", tue, "V1", 40_000),),
        "MOVED": (delivery("MOVED", tue, "V2", 40_000),),
        "ENDED": (delivery("ENDED", tue, "V1", 40_000),),
        "PAUSED": (delivery("PAUSED", tue, "V2", 40_000),),
        "OFFDAY": (delivery("OFFDAY", tue, "V2", 40_000),),
    }
    routes = [route("V1", [("KEEP", 40_600), ("LATE", 42_000), ("MOVED", 42_100), ("NEW", 42_200)])]
    ledger = [
        LedgerEntry(row=1, client_id="ENDED", status=LedgerStatus.NOT_DUE, reason_code="after_end"),
        LedgerEntry(row=2, client_id="PAUSED", status=LedgerStatus.NOT_DUE, reason_code="paused"),
        LedgerEntry(row=3, client_id="OFFDAY", status=LedgerStatus.NOT_DUE, reason_code="not_delivery_day"),
    ]
    last_vans = {"V1": [("KEEP", 40_000), ("LATE", 40_000), ("ENDED", 40_000)],
                 "V2": [("MOVED", 40_000), ("PAUSED", 40_000), ("OFFDAY", 40_000)]}  # fmt: skip
    changes = change_report(plan_with(routes, ledger), previous, last_vans, shift_min=20)
    found = {(c.van_id, c.client_id): c.kind for c in changes}
    assert found == {
        ("V1", "NEW"): ChangeKind.NEW_CLIENT,
        ("V1", "MOVED"): ChangeKind.VAN_CHANGED,
        ("V1", "LATE"): ChangeKind.TIME_MOVED,  # 2,000 s later: more than 20 minutes
        ("V1", "ENDED"): ChangeKind.LEFT_ENDED,
        ("V2", "MOVED"): ChangeKind.LEFT_MOVED,
        ("V2", "PAUSED"): ChangeKind.LEFT_PAUSED,
    }  # KEEP moved 10 minutes: not reported; OFFDAY is simply not due today
    late = next(c for c in changes if c.client_id == "LATE")
    assert late.shift_min == 33 and late.previous_van_id == "V1"


def stop_order(result) -> list[str]:
    return [s.client_id for r in result.routes for s in sorted(r.stops, key=lambda s: s.sequence)]


def test_a_trip_keeps_last_times_order_when_another_saves_only_metres(engine):
    """Two doors 25 m apart were visited in the "wrong" order last time: the search swaps
    them to save 50 m, but the trip keeps last time's order (clients keep their hour, drivers
    their round) since that costs far less than the allowance."""
    from tests.unit.test_routing import order

    # A street leading away from the kitchen, a door every ~220 m; C9 is 25 m past C4.
    orders = [order(k, 42.70 + 0.002 * (k + 1), 23.33) for k in range(9)]
    orders.append(order(9, 42.70 + 0.002 * 5 + 0.000225, 23.33))
    last_time = ["C0", "C1", "C2", "C3", "C9", "C4", "C5", "C6", "C7", "C8"]
    homes = {c: ("V1", 40_000 + 300 * k) for k, c in enumerate(last_time)}
    result = solve(orders, [van("V1", capacity=20)], Stability(homes, 600), engine)
    assert stop_order(result) == last_time


def test_an_order_that_costs_more_than_the_allowance_is_not_kept(engine):
    """Last time's order criss-crossed the ring (a hand-made order nobody would keep): the search's
    shorter trip stands, and the van drives less than that order would make it."""
    orders = ring(10, radius_deg=0.03)
    zigzag = [orders[k].client_id for k in (0, 5, 1, 6, 2, 7, 3, 8, 4, 9)]
    homes = {c: ("V1", 40_000 + 300 * k) for k, c in enumerate(zigzag)}
    result = solve(orders, [van("V1", capacity=20, hold=240)], Stability(homes, 600), engine)
    assert not result.unserved
    assert stop_order(result) != zigzag
