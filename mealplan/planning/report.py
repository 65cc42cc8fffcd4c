"""The month's counts for the accountant and the municipality (issue 25): per client the meals
planned, delivered and not (by reason), portions by diet, the visits planned and made, and the
amounts where a tariff is given; totals per office and per kitchen.

Counted from the history alone: the published plans' deliveries, the planned visits and each
stop's newest door outcome (a correction counts, what it corrected does not). A meal is billed
when it was delivered; a stop without an outcome is counted as such, never as delivered. A
visit is made when it was done or partly done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from mealplan.door_models import COUNTS, DietRow, MealOutcome, MonthlyReport, MonthRow, Tariff
from mealplan.models import Client


def month_days(month: str) -> tuple[dt.date, dt.date]:
    """First and last day of ``YYYY-MM``; ValueError for anything else."""
    first = dt.datetime.strptime(month, "%Y-%m").date()
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def _meals(deliveries: Sequence[Mapping], door: Sequence[Mapping]) -> pd.DataFrame:
    planned = pd.DataFrame(
        [d for d in deliveries if d["status"] == "routed"],
        columns=["plan_date", "client_id", "kitchen_id", "diet_id", "portions", "status"],
    )
    answers = pd.DataFrame(
        [(d["plan_date"], d["client_id"], d["outcome"]) for d in door if d["service"] == "meal"],
        columns=["plan_date", "client_id", "outcome"],
    ).drop_duplicates(["plan_date", "client_id"], keep="last")
    meals = planned.merge(answers, on=["plan_date", "client_id"], how="left")
    meals["outcome"] = meals["outcome"].fillna("no_outcome")
    meals["portions"] = meals["portions"].fillna(0).astype(int)
    meals["diet_id"] = meals["diet_id"].fillna("")
    return meals


def _visits(planned_visits: Sequence[Mapping], door: Sequence[Mapping]) -> pd.DataFrame:
    # A two-worker visit is two rows of the plan and one visit to the client.
    planned = pd.DataFrame(
        planned_visits, columns=["visit_date", "occurrence_id", "client_id", "worker_id", "office_id"]
    ).drop_duplicates(["visit_date", "occurrence_id"])
    answers = pd.DataFrame(
        [(d["plan_date"], d["stop_ref"], d["outcome"]) for d in door if d["service"] == "visit"],
        columns=["visit_date", "occurrence_id", "outcome"],
    ).drop_duplicates(["visit_date", "occurrence_id"], keep="last")
    visits = planned.merge(answers, on=["visit_date", "occurrence_id"], how="left")
    visits["outcome"] = visits["outcome"].fillna("no_outcome")
    return visits


def _counts(meals: pd.DataFrame, visits: pd.DataFrame, by: str) -> pd.DataFrame:
    """Counts per value of ``by`` (client_id, office_id or kitchen_id)."""
    table = pd.DataFrame(index=pd.Index(sorted(set(meals[by]) | set(visits.get(by, []))), name=by))
    table["meals_planned"] = meals.groupby(by).size()
    for outcome in (*(o.value for o in MealOutcome), "no_outcome"):
        name = "meals_delivered" if outcome == "delivered" else f"meals_{outcome}"
        table[name] = meals[meals["outcome"] == outcome].groupby(by).size()
    table["portions_delivered"] = meals[meals["outcome"] == "delivered"].groupby(by)["portions"].sum()
    if by in visits:
        made = visits["outcome"].isin(["done", "partly"])
        table["visits_planned"] = visits.groupby(by).size()
        table["visits_made"] = visits[made].groupby(by).size()
        table["visits_no_outcome"] = visits[visits["outcome"] == "no_outcome"].groupby(by).size()
        table["visits_not_made"] = visits[~made & (visits["outcome"] != "no_outcome")].groupby(by).size()
    for column in COUNTS:
        if column not in table:
            table[column] = 0
    return table[list(COUNTS)].fillna(0).astype(int)


def _rows(
    table: pd.DataFrame,
    names: Mapping[str, str],
    offices: Mapping[str, str],
    prices: Callable[[str], tuple[float, float]] | None = None,
) -> list[MonthRow]:
    rows = []
    for key, counts in zip(table.index, table.to_dict("records"), strict=True):
        meal_amount = visit_amount = None
        if prices is not None:
            meal_price, visit_price = prices(key)
            meal_amount = round(counts["meals_delivered"] * meal_price, 2)
            visit_amount = round(counts["visits_made"] * visit_price, 2)
        rows.append(
            MonthRow(
                key=str(key),
                name=names.get(key, ""),
                office_id=offices.get(key, ""),
                counts={k: int(v) for k, v in counts.items()},
                amount_meals=meal_amount,
                amount_visits=visit_amount,
            )
        )
    return rows


def monthly_report(
    month: str,
    facts: Mapping[str, Sequence[Mapping]],
    clients: Sequence[Client],
    tariffs: Sequence[Tariff] = (),
) -> MonthlyReport:
    """The month's report from the history's ``facts`` (``History.month_facts``): deliveries,
    visits and door outcomes of the month. Clients no longer in the register keep their rows
    (by id, office unknown): what was delivered is billed all the same."""
    first, last = month_days(month)
    office_of = {c.client_id: c.office_id for c in clients}
    names = {c.client_id: c.name for c in clients}
    meals = _meals(facts["deliveries"], facts["door"])
    meals["office_id"] = [office_of.get(c, "") for c in meals["client_id"]]
    visits = _visits(facts["visits"], facts["door"])
    visits["office_id"] = [office_of.get(c, o) for c, o in zip(visits["client_id"], visits["office_id"], strict=True)]
    everyone = next((t for t in tariffs if not t.client_id), None)
    own = {t.client_id: t for t in tariffs if t.client_id}

    def prices(client_id: str) -> tuple[float, float]:
        tariff = own.get(client_id, everyone)
        return (tariff.meal_price, tariff.visit_price) if tariff else (0.0, 0.0)

    priced = bool(tariffs)
    by_client = _rows(_counts(meals, visits, "client_id"), names, office_of, prices if priced else None)
    offices: dict[str, list[MonthRow]] = {}
    for row in by_client:
        offices.setdefault(row.office_id, []).append(row)
    office_rows = [
        MonthRow(
            key=office,
            counts={c: sum(r.counts[c] for r in rows) for c in COUNTS},
            amount_meals=round(sum(r.amount_meals or 0.0 for r in rows), 2) if priced else None,
            amount_visits=round(sum(r.amount_visits or 0.0 for r in rows), 2) if priced else None,
        )
        for office, rows in sorted(offices.items())
    ]
    kitchen_rows = _rows(_counts(meals, visits, "kitchen_id"), {}, {})
    meals["delivered"] = meals["portions"].where(meals["outcome"] == "delivered", 0)
    diets = (
        meals.groupby(["office_id", "diet_id"])
        .agg(planned=("portions", "sum"), delivered=("delivered", "sum"))
        .reset_index()
    )
    return MonthlyReport(
        month=month,
        first=first,
        last=last,
        clients=tuple(sorted(by_client, key=lambda r: (r.office_id, r.key))),
        offices=tuple(office_rows),
        kitchens=tuple(kitchen_rows),
        diets=tuple(
            DietRow(
                office_id=r.office_id,
                diet_id=r.diet_id,
                portions_planned=int(r.planned),
                portions_delivered=int(r.delivered),
            )
            for r in diets.itertuples()
        ),
        priced=priced,
    )
