"""``tariffs.csv`` (optional): what a meal and a visit cost a client, for the month's report.
A row without a client id is everyone's price; a client's own row wins (fees depend on income)."""

from __future__ import annotations

from pathlib import Path

from mealplan.door_models import Tariff
from mealplan.errors import InputError
from mealplan.io.readers.dataset import require_columns
from mealplan.io.tabular import read_table

TARIFF_ALIASES = {
    "цена на обяд": "meal_price",
    "цена обяд": "meal_price",
    "обяд": "meal_price",
    "цена на посещение": "visit_price",
    "цена посещение": "visit_price",
    "посещение": "visit_price",
}


def read_tariffs(folder: Path) -> list[Tariff]:
    """The folder's tariffs, none when it has no tariffs file; ``InputError`` naming file, row,
    column and value for a price that is not a non-negative number or a client twice."""
    candidates = [folder / f"tariffs{suffix}" for suffix in (".csv", ".xlsx")]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        return []
    table = read_table(path, TARIFF_ALIASES)
    require_columns(table, ("meal_price", "visit_price"))
    found: dict[str, Tariff] = {}
    for number, raw in zip(table.row_numbers, table.rows, strict=True):
        client_id = raw.get("client_id", "").strip()
        prices = {}
        for column in ("meal_price", "visit_price"):
            text = raw.get(column, "").strip() or "0"
            try:
                value = float(text.replace(",", "."))
            except ValueError:
                value = -1.0
            if not value >= 0:  # also NaN
                raise InputError("bad_tariff", file=table.file, row=number, column=column, value=text)
            prices[column] = value
        if client_id in found:
            raise InputError(
                "bad_tariff", file=table.file, row=number, column="client_id", value=client_id or "(всички)"
            )
        found[client_id] = Tariff(client_id=client_id, **prices)
    return list(found.values())
