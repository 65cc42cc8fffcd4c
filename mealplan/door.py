"""What a door's outcomes set off, wherever they come from (paper through `mealplan outcomes`, a
phone through `mealplan serve`): the wellness checks and the register proposals, raised in the
history. Wiring over the stages in ``planning/outcomes.py`` and the history's store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mealplan.door_models import DoorOutcome, Escalation, Proposal, WellnessRules
from mealplan.models import Client, Settings
from mealplan.planning.outcomes import register_proposals, wellness_checks

if TYPE_CHECKING:
    from mealplan.io.store.history import History


def wellness_rules(settings: Settings) -> WellnessRules:
    """The thresholds the data folder's settings give (docs/serve.md)."""
    return WellnessRules(
        not_home_in_a_row=settings.wellness_not_home_in_a_row,
        refused_in_a_row=settings.wellness_refused_in_a_row,
        pause_days_after_hospital=settings.pause_days_after_hospital,
    )


def door_outcome(row: Mapping) -> DoorOutcome:
    """A ``door_outcomes`` row of the history as the model."""
    return DoorOutcome(**{k: row[k] for k in DoorOutcome.model_fields})


def raise_consequences(
    history: History, outcomes: Sequence[DoorOutcome], clients: Mapping[str, Client], rules: WellnessRules
) -> tuple[list[Escalation], list[Proposal]]:
    """The checks and proposals ``outcomes`` (each stop's newest) raise, recorded in the history
    (each once: a second import or a retry raises nothing new); returns them all."""
    if not outcomes:
        return [], []
    day = min(o.plan_date for o in outcomes)
    earlier = history.earlier_outcomes(day, sorted({o.client_id for o in outcomes}))
    checks = wellness_checks(
        outcomes,
        earlier,
        {cid: c.office_id for cid, c in clients.items()},
        {cid: bool(c.emergency_phone) for cid, c in clients.items()},
        rules,
    )
    history.raise_escalations(
        [e.model_dump(exclude={"steps"}) | {"service": e.service.value, "steps": ",".join(e.steps)} for e in checks]
    )
    proposed = register_proposals(outcomes, rules)
    history.propose([p.model_dump() for p in proposed])
    return checks, proposed


def day_checks(history: History, plan_date: dt.date) -> list[Escalation]:
    """Every wellness check of a day, from the history (whoever recorded the outcome)."""
    return [
        Escalation(
            service=row["service"],
            plan_date=row["plan_date"],
            client_id=row["client_id"],
            office_id=row["office_id"],
            outcome=row["outcome"],
            in_a_row=row["in_a_row"],
            steps=tuple(step for step in row["steps"].split(",") if step),
        )
        for row in history.escalations_on(plan_date)
    ]
