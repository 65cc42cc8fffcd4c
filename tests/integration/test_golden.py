"""The golden night: outputs of a tiny fixed scenario, byte for byte (tests/golden/night.py).

A change to routing, production, the ledger or any writer that alters what the coordinator,
a kitchen chief or a script reads turns this red; `python -m tests.golden.night --update`
rewrites the expected files deliberately.
"""

from __future__ import annotations

from tests.golden.night import EXPECTED, compared, differences, run_night


def test_the_golden_night_matches_its_checked_in_outputs(tmp_path):
    """Ledger, unserved, problems, violations, summary, route and production CSVs are unchanged."""
    folder = run_night(tmp_path)
    diffs = differences(folder)
    assert diffs == {}, "\n".join(diffs.values())


def test_the_golden_night_covers_every_fate_of_a_register_row(tmp_path):
    """The scenario is worth its name: routed, not due, invalid and unserved rows all occur."""
    from tests.helpers import read_rows

    statuses = {row["status"] for row in read_rows(EXPECTED / "ledger.csv")}
    assert statuses == {"routed", "not_due", "invalid", "unserved"}
    assert {"ledger.csv", "summary.json", "routes/all_routes.csv", "production/K1_production.csv"} <= compared(EXPECTED)
