"""Every register row, exactly once: routed, not due, invalid or unserved, with the reason."""

from __future__ import annotations

from collections import Counter

from mealplan.errors import PlanIntegrityError
from mealplan.models import (
    DailyDemand,
    Dataset,
    LedgerEntry,
    LedgerStatus,
    Route,
    Unserved,
)


def build_ledger(
    dataset: Dataset, demand: DailyDemand, routes: list[Route], unserved: list[Unserved]
) -> tuple[LedgerEntry, ...]:
    """One entry per register row; raises ``PlanIntegrityError`` if any row lands twice or never.

    Rows are keyed by spreadsheet row number, not client id, so duplicate ids are still
    accounted for one by one.
    """
    by_row: dict[int, list[LedgerEntry]] = {}

    def put(entry: LedgerEntry) -> None:
        by_row.setdefault(entry.row, []).append(entry)

    row_of_client = {c.client_id: c.row for c in dataset.clients}
    for route in routes:
        for stop in route.stops:
            put(
                LedgerEntry(
                    row=row_of_client[stop.client_id],
                    client_id=stop.client_id,
                    status=LedgerStatus.ROUTED,
                    kitchen_id=route.kitchen_id,
                    van_id=route.van_id,
                    trip=route.trip,
                    stop=stop.sequence,
                    arrival_s=stop.arrival_s,
                )
            )
    for item in unserved:
        put(
            LedgerEntry(
                row=item.row,
                client_id=item.client_id,
                status=LedgerStatus.UNSERVED,
                reason_code=item.reason.value,
                args=item.args,
                kitchen_id=item.kitchen_id or "",
            )
        )
    for not_due in demand.not_due:
        put(
            LedgerEntry(
                row=not_due.row,
                client_id=not_due.client_id,
                status=LedgerStatus.NOT_DUE,
                reason_code=not_due.reason.value,
                args=not_due.args,
            )
        )
    valid_rows = {c.row for c in dataset.clients}
    for row in dataset.register_rows:
        if row.row not in valid_rows:
            # The reason is the row's error problems (dataset.problems); writers word them.
            put(LedgerEntry(row=row.row, client_id=row.client_id, status=LedgerStatus.INVALID, reason_code="invalid"))

    expected_rows = [r.row for r in dataset.register_rows]
    counts = Counter({row: len(entries) for row, entries in by_row.items()})
    missing = [r for r in expected_rows if counts[r] == 0]
    doubled = [r for r in expected_rows if counts[r] > 1]
    strays = sorted(set(counts) - set(expected_rows))
    if missing or doubled or strays:
        raise PlanIntegrityError(
            "ledger_unbalanced", missing=str(missing[:10]), doubled=str(doubled[:10]), strays=str(strays[:10])
        )
    return tuple(by_row[r][0] for r in sorted(expected_rows))
