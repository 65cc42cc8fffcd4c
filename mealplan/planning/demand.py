"""Register + calendar + date -> who gets a meal on that date, and why not for everyone else."""

from __future__ import annotations

import datetime as dt
import math

from mealplan.calendar import holiday_name, is_working_day
from mealplan.models import (
    Args,
    Client,
    ClientStatus,
    DailyDemand,
    Dataset,
    NotDue,
    NotDueReason,
    Order,
    Settings,
)
from mealplan.units import MINUTE_S


def service_time_s(client: Client, settings: Settings) -> int:
    """Minutes at the door, in seconds: a base, stairs when there is no lift, extra portions."""
    minutes = settings.service_base_min
    if not client.has_lift and client.floor and client.floor > 0:
        minutes += settings.service_per_floor_no_lift_min * client.floor
    minutes += settings.service_per_extra_portion_min * (client.portions - 1)
    return math.ceil(minutes * MINUTE_S)


def _not_due_reason(client: Client, day: dt.date) -> tuple[NotDueReason, Args] | None:
    if client.status is ClientStatus.CLOSED:
        return NotDueReason.CLOSED, {}
    if client.status is ClientStatus.SUSPENDED:
        return NotDueReason.SUSPENDED, {}
    if day < client.start_date:
        return NotDueReason.BEFORE_START, {"date": client.start_date.isoformat()}
    if client.end_date is not None and day > client.end_date:
        return NotDueReason.AFTER_END, {"date": client.end_date.isoformat()}
    if day.weekday() not in client.delivery_weekdays and not (day.weekday() >= 5 and 4 in client.delivery_weekdays):
        return NotDueReason.NOT_DELIVERY_DAY, {}
    for pause in client.pauses:
        if pause.start <= day <= pause.end:
            return NotDueReason.PAUSED, {
                "reason": pause.reason,
                "start": pause.start.isoformat(),
                "end": pause.end.isoformat(),
            }
    return None


def non_working_day_args(day: dt.date, country: str) -> Args:
    """Why ``day`` is off: {"day": "holiday", "holiday": its name}, {"day": "weekend"} or {"day": "declared_off"}."""
    name = holiday_name(day, country)
    if name:
        return {"day": "holiday", "holiday": name}
    return {"day": "weekend" if day.weekday() >= 5 else "declared_off"}


def daily_demand(dataset: Dataset, day: dt.date) -> DailyDemand:
    """Orders for ``day`` and a not-due reason for every other valid client.

    On a day off nobody is due. A working Saturday (a government override) is served like a
    Friday: clients with Friday delivery get their meal.
    """
    settings = dataset.settings
    working = is_working_day(day, settings.extra_days_off, settings.extra_working_days, settings.country)
    orders: list[Order] = []
    not_due: list[NotDue] = []
    off_args = non_working_day_args(day, settings.country) if not working else {}
    for client in dataset.clients:
        if not working:
            not_due.append(
                NotDue(client_id=client.client_id, row=client.row, reason=NotDueReason.NOT_WORKING_DAY, args=off_args)
            )
            continue
        reason = _not_due_reason(client, day)
        if reason is not None:
            not_due.append(NotDue(client_id=client.client_id, row=client.row, reason=reason[0], args=reason[1]))
            continue
        orders.append(
            Order(
                client_id=client.client_id,
                row=client.row,
                diet_id=client.diet_id,
                portions=client.portions,
                lat=client.lat,
                lon=client.lon,
                window_start_min=client.window_start_min,
                window_end_min=client.window_end_min,
                service_s=service_time_s(client, settings),
            )
        )
    return DailyDemand(date=day, orders=tuple(orders), not_due=tuple(not_due))
