"""The day's wellness checks and the stops still without an outcome, for the office to act on
(``OUT/<date>/escalations.csv``, ``OUT/<date>/outcomes_missing.csv``)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from mealplan.door_models import Escalation, MissingOutcome
from mealplan.i18n import tr
from mealplan.io.tabular import write_csv
from mealplan.models import Client

ESCALATION_COLUMNS = (
    "plan_date", "office_id", "client_id", "name", "address", "phone", "emergency_contact", "emergency_phone",
    "service", "outcome", "what_happened", "in_a_row", "next_steps",
)  # fmt: skip
MISSING_COLUMNS = ("van_id", "trip", "stop", "client_id", "name", "address", "phone")


def _door(client: Client | None) -> str:
    if client is None:
        return ""
    parts = [client.address]
    parts += [f"{label} {value}" for label, value in (("бл.", client.block), ("вх.", client.entrance)) if value]
    if client.floor is not None:
        parts.append(f"ет. {client.floor}")
    if client.apartment:
        parts.append(f"ап. {client.apartment}")
    return ", ".join(p for p in parts if p)


def _replace(path: Path, columns: Sequence[str], rows: list[list[object]]) -> Path:
    """Write beside the night's outputs without a half-written file ever standing there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    write_csv(partial, columns, rows)
    os.replace(partial, path)
    return path


def write_escalations(path: Path, found: Sequence[Escalation], clients: Mapping[str, Client], lang: str) -> Path:
    """One row per wellness check: who, where, how to reach them and their contact, what
    happened, how many times in a row, what to do next (in order)."""
    rows: list[list[object]] = []
    for e in found:
        client = clients.get(e.client_id)
        rows.append(
            [
                e.plan_date.isoformat(), e.office_id, e.client_id, client.name if client else "", _door(client),
                client.phone if client else "", client.emergency_contact if client else "",
                client.emergency_phone if client else "", e.service.value, e.outcome,
                tr(f"door_outcome.{e.outcome}", lang), e.in_a_row,
                " → ".join(tr(f"wellness_step.{step}", lang) for step in e.steps),
            ]
        )  # fmt: skip
    return _replace(path, ESCALATION_COLUMNS, rows)


def write_missing(path: Path, missing: Sequence[MissingOutcome], clients: Mapping[str, Client]) -> Path:
    """The published stops with no outcome yet, in driving order: asked for, never assumed."""
    rows: list[list[object]] = []
    for m in missing:
        client = clients.get(m.client_id)
        rows.append([m.van_id, m.trip, m.stop, m.client_id, client.name if client else "", _door(client),
                     client.phone if client else ""])  # fmt: skip
    return _replace(path, MISSING_COLUMNS, rows)
