"""Outcomes typed back into the route tables the plan wrote (``routes/<van>.csv``,
``all_routes.csv`` or an XLSX of them), in any dialect the register reader accepts.

The office adds a column ``outcome`` (``резултат``) and, if it likes, ``note`` (``бележка``):
the codes (``delivered``, ``not_home``, ``refused``, ``hospital``, ``deceased``, ``other``) or
the Bulgarian words below. A blank outcome is a stop not answered yet, never a delivery.
"""

from __future__ import annotations

from pathlib import Path

from mealplan.door_models import MealOutcome, OutcomeProblem, PaperRow
from mealplan.io.readers.dataset import require_columns
from mealplan.io.tabular import read_table

OUTCOME_ALIASES = {
    "резултат": "outcome",
    "изход": "outcome",
    "доставка": "outcome",
    "бележка": "note",
    "бележки": "note",
    "забележка": "note",
    "курс": "trip",
    "бус": "van_id",
    "клиент": "client_id",
    "номер": "client_id",
}

# What offices write in the outcome column, lower case.
OUTCOME_WORDS: dict[str, MealOutcome] = {
    "доставено": MealOutcome.DELIVERED,
    "доставен": MealOutcome.DELIVERED,
    "доставена": MealOutcome.DELIVERED,
    "предадено": MealOutcome.DELIVERED,
    "не е вкъщи": MealOutcome.NOT_HOME,
    "не е у дома": MealOutcome.NOT_HOME,
    "няма никой": MealOutcome.NOT_HOME,
    "не отваря": MealOutcome.NOT_HOME,
    "не отговаря": MealOutcome.NOT_HOME,
    "not home": MealOutcome.NOT_HOME,
    "отказ": MealOutcome.REFUSED,
    "отказа": MealOutcome.REFUSED,
    "отказал": MealOutcome.REFUSED,
    "отказала": MealOutcome.REFUSED,
    "болница": MealOutcome.HOSPITAL,
    "в болница": MealOutcome.HOSPITAL,
    "хоспитализиран": MealOutcome.HOSPITAL,
    "хоспитализирана": MealOutcome.HOSPITAL,
    "починал": MealOutcome.DECEASED,
    "починала": MealOutcome.DECEASED,
    "друго": MealOutcome.OTHER,
} | {code.value: code for code in MealOutcome}


def outcome_code(text: str) -> MealOutcome | None:
    """The outcome a cell means, or None when it means none we know."""
    return OUTCOME_WORDS.get(" ".join(text.strip().lower().split()))


def read_paper_outcomes(path: Path) -> tuple[list[PaperRow], list[OutcomeProblem]]:
    """The file's rows with their outcome codes, and each cell that cannot be read (file, row,
    column, value). ``InputError`` for a file that is not a table or lacks client_id/outcome."""
    table = read_table(path, OUTCOME_ALIASES)
    require_columns(table, ("client_id", "outcome"))
    rows: list[PaperRow] = []
    problems: list[OutcomeProblem] = []
    for number, raw in zip(table.row_numbers, table.rows, strict=True):
        client_id = raw.get("client_id", "").strip()
        text = raw.get("outcome", "").strip()
        if not client_id and not text:
            continue  # a blank line, or a total a spreadsheet added
        code = outcome_code(text) if text else None
        if text and code is None:
            problems.append(OutcomeProblem(code="bad_outcome", file=table.file, row=number, column="outcome",
                                           value=text))  # fmt: skip
            continue
        trip_text = raw.get("trip", "").strip()
        trip = None
        if trip_text:
            try:
                trip = int(float(trip_text))
            except ValueError:
                problems.append(OutcomeProblem(code="bad_trip", file=table.file, row=number, column="trip",
                                               value=trip_text))  # fmt: skip
                continue
        if not client_id:
            problems.append(OutcomeProblem(code="unknown_client", file=table.file, row=number, column="client_id",
                                           value=""))  # fmt: skip
            continue
        rows.append(
            PaperRow(
                file=table.file,
                row=number,
                client_id=client_id,
                van_id=raw.get("van_id", "").strip(),
                trip=trip,
                outcome=code.value if code else "",
                note=raw.get("note", "").strip(),
            )
        )
    return rows, problems
