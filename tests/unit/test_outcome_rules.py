"""The rules that turn door outcomes into wellness checks and register proposals, and the check
of typed outcomes against the published plan."""

from __future__ import annotations

import datetime as dt

from mealplan.door_models import DoorOutcome, PaperRow, PublishedStop, Service, WellnessRules
from mealplan.planning.outcomes import (
    check_paper,
    in_a_row,
    missing_outcomes,
    paper_key,
    register_proposals,
    wellness_checks,
)

DAY = dt.date(2026, 11, 25)


def outcome(client_id: str, what: str, day: dt.date = DAY) -> DoorOutcome:
    return DoorOutcome(service=Service.MEAL, plan_date=day, client_id=client_id, stop_ref="V1/1", outcome=what,
                       source="phone", request_key=f"{client_id}-{what}")  # fmt: skip


def checks(today, earlier=None, contact=True, rules=None):
    rules = rules or WellnessRules()
    clients = {o.client_id for o in today}
    return wellness_checks(today, earlier or {}, dict.fromkeys(clients, "S1"), dict.fromkeys(clients, contact), rules)


def test_in_a_row_counts_todays_outcome_and_the_same_before_it_until_another():
    assert in_a_row("refused", []) == 1
    assert in_a_row("refused", ["refused", "refused", "delivered", "refused"]) == 3
    assert in_a_row("not_home", ["delivered"]) == 1


def test_every_silent_door_is_a_wellness_check_the_same_day():
    found = checks([outcome("C1", "not_home"), outcome("C2", "delivered")])
    assert [(e.client_id, e.in_a_row, e.steps[0]) for e in found] == [("C1", 1, "call_client")]
    assert found[0].steps[-1] == "emergency_112"


def test_a_refusal_is_a_check_only_when_it_repeats_and_the_count_says_how_often():
    assert checks([outcome("C1", "refused")]) == []
    again = checks([outcome("C1", "refused")], {(Service.MEAL, "C1"): ["refused", "refused", "delivered"]})
    assert [(e.client_id, e.in_a_row) for e in again] == [("C1", 3)]


def test_the_thresholds_are_settings():
    strict = WellnessRules(refused_in_a_row=1)
    assert [e.client_id for e in checks([outcome("C1", "refused")], rules=strict)] == ["C1"]
    lenient = WellnessRules(not_home_in_a_row=2)
    assert checks([outcome("C1", "not_home")], rules=lenient) == []


def test_a_client_without_an_emergency_contact_gets_a_step_to_find_one():
    steps = checks([outcome("C1", "not_home")], contact=False)[0].steps
    assert "find_contact" in steps and "call_contact" not in steps


def test_hospital_proposes_a_pause_from_the_next_day_and_deceased_proposes_closing():
    found = register_proposals([outcome("C1", "hospital"), outcome("C2", "deceased"), outcome("C3", "refused")],
                               WellnessRules(pause_days_after_hospital=14))  # fmt: skip
    pause, close = found
    assert (pause.kind, pause.from_date, pause.until_date) == ("pause", dt.date(2026, 11, 26), dt.date(2026, 12, 9))
    assert (close.client_id, close.kind, close.from_date) == ("C2", "close", dt.date(2026, 11, 26))


def test_a_typed_row_must_name_a_published_stop_once_on_its_van_and_trip():
    published = {"C1": PublishedStop(client_id="C1", van_id="V1", trip=1, stop=1),
                 "C2": PublishedStop(client_id="C2", van_id="V1", trip=2, stop=1)}  # fmt: skip

    def row(n, client, van="V1", trip=None, what="delivered"):
        return PaperRow(file="f.csv", row=n, client_id=client, van_id=van, trip=trip, outcome=what)

    found, problems = check_paper(
        [row(2, "C1"), row(3, "C2", trip=1), row(4, "C2", van="V2"), row(5, "C1"), row(6, "C9"), row(7, "C2", what="")],
        DAY,
        published,
    )
    assert [o.client_id for o in found] == ["C1"]
    assert [(p.code, p.row, p.column) for p in problems] == [
        ("not_on_van", 3, "trip"), ("not_on_van", 4, "van_id"), ("duplicate", 5, "client_id"),
        ("unknown_client", 6, "client_id"),
    ]  # fmt: skip
    assert found[0].stop_ref == "V1/1" and found[0].source == "paper"
    assert [m.client_id for m in missing_outcomes(published, {"C1"})] == ["C2"]


def test_a_paper_rows_key_is_the_same_for_the_same_row_and_new_for_a_changed_one():
    same = paper_key(DAY, "C1", "V1/1", "delivered", "")
    assert same == paper_key(DAY, "C1", "V1/1", "delivered", "")
    assert same != paper_key(DAY, "C1", "V1/1", "not_home", "")
