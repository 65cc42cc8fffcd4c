"""Outcomes from the door, checked against the published plan; the wellness checks and register
proposals they raise (issue 25). Plain functions over plain data: the store and the readers are
the caller's."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence

from mealplan.door_models import (
    DoorOutcome,
    Escalation,
    MealOutcome,
    MissingOutcome,
    OutcomeProblem,
    PaperRow,
    Proposal,
    PublishedStop,
    Service,
    WellnessRules,
    meal_stop_ref,
)
from mealplan.models import Client, Pause


def paper_key(plan_date: dt.date, client_id: str, stop_ref: str, outcome: str, note: str) -> str:
    """A typed-in outcome's key: the same row imported twice is one outcome, a changed one is new."""
    text = "\x1f".join(("paper", plan_date.isoformat(), client_id, stop_ref, outcome, note))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def check_paper(
    rows: Sequence[PaperRow], plan_date: dt.date, published: Mapping[str, PublishedStop]
) -> tuple[list[DoorOutcome], list[OutcomeProblem]]:
    """The rows that carry an outcome, as outcomes of ``plan_date``'s published stops, and every
    problem: a client not on the plan, on another van or trip, or twice. A row without an
    outcome is not a problem: its stop stays missing."""
    found: list[DoorOutcome] = []
    problems: list[OutcomeProblem] = []
    first_row: dict[str, PaperRow] = {}
    for row in rows:
        if not row.outcome:
            continue
        stop = published.get(row.client_id)
        if stop is None:
            problems.append(OutcomeProblem(code="unknown_client", file=row.file, row=row.row, column="client_id",
                                           value=row.client_id))  # fmt: skip
            continue
        if row.van_id and row.van_id != stop.van_id:
            problems.append(OutcomeProblem(code="not_on_van", file=row.file, row=row.row, column="van_id",
                                           value=row.van_id, expected=stop.van_id))  # fmt: skip
            continue
        if row.trip is not None and row.trip != stop.trip:
            problems.append(OutcomeProblem(code="not_on_van", file=row.file, row=row.row, column="trip",
                                           value=str(row.trip), expected=str(stop.trip)))  # fmt: skip
            continue
        if row.client_id in first_row:
            earlier = first_row[row.client_id]
            problems.append(OutcomeProblem(code="duplicate", file=row.file, row=row.row, column="client_id",
                                           value=row.client_id, expected=f"{earlier.file}:{earlier.row}"))  # fmt: skip
            continue
        first_row[row.client_id] = row
        stop_ref = meal_stop_ref(stop.van_id, stop.trip)
        found.append(
            DoorOutcome(
                service=Service.MEAL,
                plan_date=plan_date,
                client_id=row.client_id,
                stop_ref=stop_ref,
                outcome=row.outcome,
                note=row.note,
                source="paper",
                request_key=paper_key(plan_date, row.client_id, stop_ref, row.outcome, row.note),
            )
        )
    return found, problems


def missing_outcomes(published: Mapping[str, PublishedStop], answered: set[str]) -> list[MissingOutcome]:
    """The published stops no outcome answers yet, in driving order."""
    return [
        MissingOutcome(client_id=s.client_id, van_id=s.van_id, trip=s.trip, stop=s.stop)
        for s in sorted(published.values(), key=lambda s: (s.van_id, s.trip, s.stop, s.client_id))
        if s.client_id not in answered
    ]


def in_a_row(outcome: str, earlier: Sequence[str]) -> int:
    """How many times in a row, this one included: ``earlier`` is the client's outcomes of the
    same service on the days before, newest first."""
    count = 1
    for previous in earlier:
        if previous != outcome:
            break
        count += 1
    return count


# What the office does, in order; the contact is called only when the register names one.
NOT_HOME_STEPS: tuple[str, ...] = ("call_client", "call_contact", "office_visit", "emergency_112")
REFUSED_STEPS: tuple[str, ...] = ("call_client", "call_contact", "social_worker_visit")


def wellness_checks(
    today: Sequence[DoorOutcome],
    earlier: Mapping[tuple[Service, str], Sequence[str]],
    office_of: Mapping[str, str],
    has_contact: Mapping[str, bool],
    rules: WellnessRules,
) -> list[Escalation]:
    """A wellness check for each silent door (and each refusal that repeats) of the day.

    ``today``: the day's current outcomes; ``earlier``: each (service, client)'s outcomes of the
    days before, newest first. A client not at home is an alarm the same day: an elderly person
    living alone who does not answer may have fallen."""
    found = []
    for outcome in today:
        times = in_a_row(outcome.outcome, earlier.get((outcome.service, outcome.client_id), ()))
        if outcome.outcome == MealOutcome.NOT_HOME and times >= rules.not_home_in_a_row:
            steps = NOT_HOME_STEPS
        elif outcome.outcome == MealOutcome.REFUSED and times >= rules.refused_in_a_row:
            steps = REFUSED_STEPS
        else:
            continue
        if not has_contact.get(outcome.client_id, False):
            steps = tuple("find_contact" if s == "call_contact" else s for s in steps)
        found.append(
            Escalation(
                service=outcome.service,
                plan_date=outcome.plan_date,
                client_id=outcome.client_id,
                office_id=office_of.get(outcome.client_id, ""),
                outcome=outcome.outcome,
                in_a_row=times,
                steps=steps,
            )
        )
    return sorted(found, key=lambda e: (e.office_id, -e.in_a_row, e.client_id))


def register_proposals(today: Sequence[DoorOutcome], rules: WellnessRules) -> list[Proposal]:
    """``hospital`` proposes a pause from the day after, ``deceased`` closing the client from the
    day after; the coordinator accepts or rejects each (the register is never edited silently)."""
    found = []
    for outcome in today:
        start = outcome.plan_date + dt.timedelta(days=1)
        if outcome.outcome == MealOutcome.HOSPITAL:
            until = start + dt.timedelta(days=rules.pause_days_after_hospital - 1)
            found.append(Proposal(client_id=outcome.client_id, kind="pause", from_date=start, until_date=until,
                                  outcome=outcome.outcome))  # fmt: skip
        elif outcome.outcome == MealOutcome.DECEASED:
            found.append(Proposal(client_id=outcome.client_id, kind="close", from_date=start,
                                  outcome=outcome.outcome))  # fmt: skip
    return found


def with_accepted(
    clients: Sequence[Client], accepted: Sequence[Proposal], reasons: Mapping[str, str] | None = None
) -> tuple[Client, ...]:
    """The register as the accepted proposals change it: a pause added (the ledger then says
    "paused", with ``reasons``' text for the outcome), a closing as the end date before its day
    (the ledger says "after the end date"). The register file is not touched: the coordinator's
    change lives in the history."""
    by_client: dict[str, list[Proposal]] = {}
    for proposal in accepted:
        by_client.setdefault(proposal.client_id, []).append(proposal)
    changed = []
    for client in clients:
        mine = by_client.get(client.client_id)
        if not mine:
            changed.append(client)
            continue
        pauses = list(client.pauses)
        end = client.end_date
        for proposal in mine:
            if proposal.kind == "pause":
                pauses.append(Pause(start=proposal.from_date, end=proposal.until_date or proposal.from_date,
                                    reason=(reasons or {}).get(proposal.outcome, proposal.outcome)))  # fmt: skip
            elif proposal.kind == "close":
                last = proposal.from_date - dt.timedelta(days=1)
                end = last if end is None else min(end, last)
        changed.append(client.model_copy(update={"pauses": tuple(pauses), "end_date": end}))
    return tuple(changed)
