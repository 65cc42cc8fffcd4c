"""Care plan + appointments + register + calendar + period -> the visits requested, each once.

Every occurrence of the period is listed, the ones that cannot be planned with why (a client
paused or not yet a client, a fixed day that is a holiday, fewer open days than visits asked
for), so the visits ledger can account for each. What the register says of a client applies
to visits as to meals: status, start and end dates, pauses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mealplan.calendar import is_working_day
from mealplan.models import Client, ClientStatus, Settings
from mealplan.visit_models import (
    Appointment,
    CarePlanLine,
    Service,
    UnplannedReason,
    UnplannedVisit,
    VisitData,
    VisitDemand,
    VisitOccurrence,
)


def iso_week_days(week: str) -> tuple[dt.date, ...]:
    """``2026-W51`` -> its seven dates, Monday first; ``ValueError`` for anything else."""
    year_text, _, number_text = week.strip().upper().partition("-W")
    if not year_text.isdigit() or not number_text.isdigit():
        raise ValueError(week)
    monday = dt.date.fromisocalendar(int(year_text), int(number_text), 1)
    return tuple(monday + dt.timedelta(days=i) for i in range(7))


def client_absent(client: Client, day: dt.date) -> UnplannedReason | None:
    """Why the register says no visit on ``day``, or None when the client is there."""
    if client.status in (ClientStatus.CLOSED, ClientStatus.SUSPENDED):
        return UnplannedReason.CLIENT_PAUSED
    if day < client.start_date or (client.end_date is not None and day > client.end_date):
        return UnplannedReason.CLIENT_NOT_ACTIVE
    if any(p.start <= day <= p.end for p in client.pauses):
        return UnplannedReason.CLIENT_PAUSED
    return None


def _line_active(line: CarePlanLine, day: dt.date) -> bool:
    return (line.start_date is None or day >= line.start_date) and (line.end_date is None or day <= line.end_date)


def visit_demand(
    data: VisitData, clients: Sequence[Client], settings: Settings, period: Sequence[dt.date]
) -> VisitDemand:
    """The visits the care plan and the appointments ask for on the dates of ``period``."""
    working = tuple(
        d for d in period if is_working_day(d, settings.extra_days_off, settings.extra_working_days, settings.country)
    )
    client_of = {c.client_id: c for c in clients}
    service_of = {s.code: s for s in data.services}
    occurrences: list[VisitOccurrence] = []
    unplanned: list[UnplannedVisit] = []
    line_ids = {line.line_id for line in data.care_plan}
    for line in data.care_plan:
        client = client_of[line.client_id]
        service = service_of[line.service_code]
        base = _base(line, client, service)
        follows_base = line.follows if line.follows in line_ids else ""
        if line.weekdays:
            for day in period:
                if day.weekday() not in line.weekdays or not _line_active(line, day):
                    continue
                occurrence = base | {
                    "occurrence_id": f"{line.line_id}@{day.isoformat()}",
                    "days": (day,),
                    "follows": f"{follows_base}@{day.isoformat()}" if follows_base else "",
                }
                occurrences.append(VisitOccurrence(**occurrence))
                reason = client_absent(client, day) or (None if day in working else UnplannedReason.NOT_WORKING_DAY)
                if reason is not None:
                    unplanned.append(UnplannedVisit(occurrence_id=occurrence["occurrence_id"], reason=reason))
            continue
        open_days = tuple(d for d in working if _line_active(line, d) and client_absent(client, d) is None)
        span = [d for d in period if _line_active(line, d)]
        if not span:
            continue  # the line does not run in this period at all
        blocks = day_blocks(open_days, line.times_per_week, max(1, line.min_gap_days))
        for k in range(line.times_per_week):
            occurrence_id = f"{line.line_id}#{k + 1}@{period[0].isoformat()}"
            days = blocks[k] if k < len(blocks) else ()
            occurrences.append(
                VisitOccurrence(
                    **base
                    | {
                        "occurrence_id": occurrence_id,
                        "days": days,
                        "group": line.line_id,
                        "min_gap_days": line.min_gap_days,
                    }
                )
            )
            if not days:
                reason = _why_no_day(client, span, working)
                unplanned.append(UnplannedVisit(occurrence_id=occurrence_id, reason=reason))
    for appointment in data.appointments:
        if appointment.date not in period:
            continue
        client = client_of[appointment.client_id]
        fixed = _appointment(appointment, client, service_of[appointment.service_code])
        occurrences.append(fixed)
        day = appointment.date
        reason = client_absent(client, day) or (None if day in working else UnplannedReason.NOT_WORKING_DAY)
        if reason is not None:
            unplanned.append(UnplannedVisit(occurrence_id=fixed.occurrence_id, reason=reason))
    no_point = {o.occurrence_id for o in occurrences if o.lat is None or o.lon is None}
    already = {u.occurrence_id for u in unplanned}
    unplanned += [
        UnplannedVisit(occurrence_id=o, reason=UnplannedReason.NO_COORDINATES) for o in sorted(no_point - already)
    ]
    return VisitDemand(days=working, occurrences=tuple(occurrences), unplanned=tuple(unplanned))


def day_blocks(days: Sequence[dt.date], count: int, gap_days: int) -> list[tuple[dt.date, ...]]:
    """The open ``days`` cut into ``count`` runs, in order, the last day of each at least
    ``gap_days`` before the first of the next: a visit chooses its day within its run, and the
    visits of a line are days apart whatever they choose (no constraint between them left for
    the solver, whose search such constraints slowed to a crawl). Fewer runs when the days do
    not allow ``count``: the visits without one are not planned, with why.
    """
    ordered = sorted(days)
    while count > 0:
        chunks = [list(c) for c in _split(ordered, count)]
        for i in range(count - 1):
            # Trim the earlier run's end, then the later run's start, until they are far enough apart.
            while chunks[i] and chunks[i + 1] and (chunks[i + 1][0] - chunks[i][-1]).days < gap_days:
                if len(chunks[i]) >= len(chunks[i + 1]):
                    chunks[i].pop()
                else:
                    chunks[i + 1].pop(0)
        if all(chunks):
            return [tuple(c) for c in chunks]
        count -= 1
    return []


def _split(days: list[dt.date], count: int) -> list[list[dt.date]]:
    """``days`` in ``count`` consecutive runs of sizes as equal as they come."""
    size, extra = divmod(len(days), count)
    runs, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        runs.append(days[start:end])
        start = end
    return runs


def _why_no_day(client: Client, span: list[dt.date], working: tuple[dt.date, ...]) -> UnplannedReason:
    """The reason a flexible visit found no day: the client away, else the calendar."""
    reasons = {client_absent(client, d) for d in span if d in working}
    if reasons and None not in reasons:
        return next(r for r in (UnplannedReason.CLIENT_PAUSED, UnplannedReason.CLIENT_NOT_ACTIVE) if r in reasons)
    return UnplannedReason.NO_DAY_LEFT


def _base(line: CarePlanLine, client: Client, service: Service) -> dict:
    return {
        "source_file": "care_plan.csv",
        "source_row": line.row,
        "line_id": line.line_id,
        "client_id": line.client_id,
        "office_id": client.office_id,
        "service_code": service.code,
        "duration_min": line.duration_min,
        "window_start_min": line.window_start_min,
        "window_end_min": line.window_end_min,
        "workers_needed": service.workers,
        "escort": service.escort,
        "skill": service.skill.casefold(),
        "preferred_worker": line.preferred_worker,
        "refused_workers": line.refused_workers,
        "priority": line.priority,
        "gap_min_min": line.gap_min_min,
        "gap_max_min": line.gap_max_min,
        "lat": client.lat,
        "lon": client.lon,
        "note": line.note,
    }


def _appointment(appointment: Appointment, client: Client, service: Service) -> VisitOccurrence:
    return VisitOccurrence(
        occurrence_id=f"{appointment.appointment_id}@{appointment.date.isoformat()}",
        source_file="appointments.csv",
        source_row=appointment.row,
        line_id=appointment.appointment_id,
        client_id=appointment.client_id,
        office_id=client.office_id,
        service_code=service.code,
        duration_min=appointment.duration_min,
        days=(appointment.date,),
        window_start_min=appointment.start_min,
        window_end_min=appointment.start_min,
        fixed_start_min=appointment.start_min,
        workers_needed=service.workers,
        escort=service.escort,
        skill=service.skill.casefold(),
        fixed_worker=appointment.worker_id,
        priority=1,
        lat=client.lat,
        lon=client.lon,
        note=appointment.note,
    )
