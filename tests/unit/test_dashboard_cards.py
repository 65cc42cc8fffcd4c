"""The index's kitchen cards judge the longest food ride against the limit of the van that drove it."""

import datetime as dt
from pathlib import Path

from mealplan.io.writers.dashboard import kitchen_cards
from mealplan.pipeline import RunConfig, run_day

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "data"


def test_a_ride_within_its_own_vans_limit_is_not_flagged_against_a_stricter_van_of_the_kitchen():
    """K1's V1 may ride 60 minutes, V2 90: V2's 63-minute ride is fine and the card says limit 90."""
    config = RunConfig(data_dir=GOLDEN, date=dt.date(2026, 11, 25), seed=1, solution_limit=300, workers=1)
    plan, dataset = run_day(config)
    card = next(c for c in kitchen_cards(plan, dataset) if c["kitchen"].kitchen_id == "K1")
    assert {v.max_hold_min for v in dataset.vans if v.kitchen_id == "K1"} == {60, 90}
    assert (card["longest_min"], card["limit_min"], card["near_limit"]) == (63, 90, False)
