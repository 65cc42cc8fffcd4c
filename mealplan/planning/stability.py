"""Stable routes and the change report: tonight's plan read against the published plans before it.

Nothing here reads the history: the CLI hands over each client's earlier deliveries (newest
first) and the last published plan's vans, and gets plain data back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from mealplan.models import (
    Change,
    ChangeKind,
    LedgerStatus,
    NotDueReason,
    Order,
    PastPlans,
    Plan,
    PreviousDelivery,
    Van,
)
from mealplan.units import min_to_s, whole_min

Deliveries = Mapping[str, tuple[PreviousDelivery, ...]]
ENDED = {NotDueReason.CLOSED.value, NotDueReason.AFTER_END.value}
PAUSED = {NotDueReason.PAUSED.value, NotDueReason.SUSPENDED.value}


def home_kitchens(past: PastPlans, day: dt.date) -> dict[str, str]:
    """A re-plan's kitchens: each client's kitchen in the date's published plan (none otherwise).

    From one day to the next the nearest kitchen with room is chosen afresh (a client back from a
    day at another kitchen goes home); within one date the published plan was handed out."""
    if not past.replan:
        return {}
    return {
        client_id: delivery.kitchen_id
        for client_id, deliveries in past.previous.items()
        for delivery in deliveries[:1]
        if delivery.plan_date == day
    }


def home_vans(
    previous: Deliveries, orders_by_kitchen: Mapping[str, tuple[Order, ...]], vans: list[Van]
) -> dict[str, tuple[str, int]]:
    """Each returning client's van and planned arrival last time they were served by tonight's
    kitchen: after a day at another kitchen (theirs was closed) they go back to their own van."""
    kitchen_of_van = {v.van_id: v.kitchen_id for v in vans}
    homes: dict[str, tuple[str, int]] = {}
    for kitchen_id, orders in orders_by_kitchen.items():
        for order in orders:
            for delivery in previous.get(order.client_id, ()):
                if kitchen_of_van.get(delivery.van_id) == kitchen_id:
                    homes[order.client_id] = (delivery.van_id, delivery.arrival_s)
                    break
    return homes


def change_report(
    plan: Plan,
    previous: Deliveries,
    last_vans: Mapping[str, list[tuple[str, int | None]]],
    shift_min: int,
) -> tuple[Change, ...]:
    """Who the office phones: clients new to a van (new clients among them), clients whose
    planned arrival moved by more than ``shift_min`` minutes, and clients who left a van since
    its last published plan (moved to another, unserved, or no longer in the register).

    ``previous``: each client's earlier deliveries, newest first; ``last_vans``: per van of the
    last published plan, its clients in driving order.
    """
    changes: list[Change] = []
    on_van: dict[str, str] = {}
    for route in plan.routes:
        for stop in route.stops:
            on_van[stop.client_id] = route.van_id
            before = previous.get(stop.client_id, ())
            last = before[0] if before else None
            if last is None:
                changes.append(
                    Change(client_id=stop.client_id, van_id=route.van_id, kind=ChangeKind.NEW_CLIENT,
                           trip=route.trip, stop=stop.sequence, arrival_s=stop.arrival_s)
                )  # fmt: skip
                continue
            shift_s = stop.arrival_s - last.arrival_s
            common = {
                "client_id": stop.client_id,
                "van_id": route.van_id,
                "trip": route.trip,
                "stop": stop.sequence,
                "arrival_s": stop.arrival_s,
                "previous_van_id": last.van_id,
                "previous_date": last.plan_date,
                "previous_arrival_s": last.arrival_s,
                "shift_min": whole_min(shift_s),
            }
            if last.van_id != route.van_id:
                changes.append(Change(kind=ChangeKind.VAN_CHANGED, **common))
            elif abs(shift_s) > min_to_s(shift_min):
                changes.append(Change(kind=ChangeKind.TIME_MOVED, **common))
    entries = {entry.client_id: entry for entry in plan.ledger}
    for van_id, clients in sorted(last_vans.items()):
        for client_id, arrival_s in clients:
            now = on_van.get(client_id)
            entry = entries.get(client_id)
            if now == van_id:
                continue
            if now is not None:
                kind = ChangeKind.LEFT_MOVED
            elif entry is None or entry.reason_code in ENDED:
                kind = ChangeKind.LEFT_ENDED
            elif entry.status == LedgerStatus.UNSERVED:
                kind = ChangeKind.LEFT_UNSERVED
            elif entry.reason_code in PAUSED:
                kind = ChangeKind.LEFT_PAUSED
            else:
                continue  # not a delivery day for them, or their row is invalid (listed elsewhere)
            changes.append(
                Change(client_id=client_id, van_id=van_id, kind=kind, previous_van_id=van_id,
                       previous_arrival_s=arrival_s, moved_to=now or "")
            )  # fmt: skip
    return tuple(sorted(changes, key=lambda c: (c.van_id, c.kind.order, c.trip or 0, c.stop or 0, c.client_id)))
