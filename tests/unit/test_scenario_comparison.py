"""The scenario comparison compares like with like: each question with its base on the same dates,
reasons a scenario can change named first, and a site ranking that says when its order is within
the spread over the dates."""

from __future__ import annotations

from mealplan.io.writers.comparison import comparison_table, site_ranking

BASE = "base (sofia)"


def result(variant, date, served_pct, route_hours, unserved=None, kind="compare", group=""):
    return {
        "variant": variant,
        "date": date,
        "group": group or variant,
        "kind": kind,
        "base_variant": BASE,
        "served_pct": served_pct,
        "unserved_by_reason": unserved or {},
        "vans_used": 30,
        "trips": 60,
        "total_km": 900.0,
        "route_hours": route_hours,
        "longest_food_ride_min": 100.0,
        "kitchens": [],
    }


def base(date, hours, served=99.0, unserved=None):
    return result(BASE, date, served, hours, unserved, kind="base", group="base")


DATES = ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11"]


def test_a_question_of_three_dates_is_compared_with_its_base_on_those_three_dates():
    # The base's last two dates are long days: against all five the question would look 10 % cheaper.
    bases = [base(d, h) for d, h in zip(DATES, [100, 100, 100, 150, 150], strict=True)]
    question = [result("fewer vans", d, 99.0, 101.0) for d in DATES[:3]]
    _, summary = comparison_table(bases + question)
    row = summary.set_index("variant").loc["fewer vans"]
    assert row["route_hours_vs_base_pct"] == 1.0
    assert row["served_pct_vs_base"] == 0.0


def test_the_main_reason_is_one_a_scenario_can_change_before_one_it_cannot():
    bases = [base(d, 100, unserved={"no_coordinates": 3, "fleet_capacity": 1}) for d in DATES[:2]]
    question = [
        result("closed K2", d, 98.0, 100, unserved={"no_coordinates": 8, "fleet_capacity": 3}) for d in DATES[:2]
    ]
    _, summary = comparison_table(bases + question)
    assert summary.set_index("variant").loc["closed K2", "main_unserved_reason"] == "fleet_capacity"


def test_a_site_ranking_says_whether_each_place_is_clear_on_every_date_or_within_the_spread():
    site = "where to build"
    rows = [base(d, 100) for d in DATES[:3]]
    # A serves more than B on every date; B and C swap from date to date (C ahead on the mean).
    for name, served in (("A", [99.5, 99.6, 99.4]), ("B", [99.1, 98.9, 99.0]), ("C", [99.0, 99.2, 98.95])):
        rows += [
            result(f"{site}: {name}", d, s, 100, kind="kitchen_site", group=site)
            for d, s in zip(DATES[:3], served, strict=True)
        ]
    frame, summary = comparison_table(rows)
    ranked = site_ranking(summary, frame)
    order = [v.removeprefix(f"{site}: ") for v in ranked["variant"]]
    assert order == ["A", "C", "B"]
    assert list(ranked["clear"]) == [None, True, False]
