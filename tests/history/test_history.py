"""The history database, on SQLite and on PostgreSQL: what it records, what is published, what it
forgets, and that concurrent or killed runs never corrupt it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
import sqlalchemy as sa

from mealplan.errors import HistoryError
from mealplan.io.store.history import History, RunRecord, claims, outcomes, runs

MON, TUE, WED = dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 25)


def night(day: dt.date, vans: dict[str, str], arrival_s: int = 40_000, kitchen: str = "K1") -> RunRecord:
    """A run of ``day`` that routed each client to the van given (client id -> van id) from ``kitchen``."""
    return RunRecord(
        plan_date=day,
        started_at=dt.datetime.now(dt.UTC),
        register_sha256="0" * 64,
        engine="pyvrp",
        seed=0,
        time_limit_s=50.0,
        stable=True,
        settings={"move_allowance_min": 10},
        summary={"served": len(vans), "due": len(vans)},
        mealplan_version="test",
        outcomes=[
            {
                "register_row": i + 2,
                "client_id": c,
                "status": "routed",
                "reason": "",
                "kitchen_id": kitchen,
                "van_id": v,
                "trip": 1,
                "stop": i + 1,
                "arrival_s": arrival_s + 300 * i,
            }
            for i, (c, v) in enumerate(sorted(vans.items()))
        ],
        routes=[
            {
                "van_id": v,
                "trip": 1,
                "kitchen_id": "K1",
                "departure_s": 39_000,
                "return_s": 45_000,
                "distance_m": 12_000.0,
                "stops": 1,
                "portions": 1,
            }
            for v in sorted(set(vans.values()))
        ],
    )


def test_a_new_history_is_created_on_first_use_at_the_newest_schema(db_url):
    history = History(db_url)
    with history.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0003"
    History(db_url)  # opening again migrates nothing and fails on nothing


def test_the_first_run_of_a_date_is_published_and_a_replan_stays_a_draft_until_published(db_url):
    history = History(db_url)
    first, published = history.record(night(MON, {"C1": "V1"}))
    assert published and history.published_run(MON) == first
    second, published = history.record(night(MON, {"C1": "V2"}))
    assert not published and history.published_run(MON) == first
    assert history.previous_deliveries(TUE)["C1"][0].van_id == "V1"  # drafts are not what clients were told
    assert history.publish(MON) == second
    assert history.previous_deliveries(TUE)["C1"][0].van_id == "V2"
    assert history.publish(MON, first) == first


def test_publishing_a_date_or_run_the_history_does_not_have_is_a_mistake_of_the_command(db_url):
    history = History(db_url)
    run_id, _ = history.record(night(MON, {"C1": "V1"}))
    with pytest.raises(HistoryError) as caught:
        history.publish(TUE)
    assert caught.value.code == "no_run" and caught.value.exit_code == 2
    with pytest.raises(HistoryError) as caught:
        history.publish(TUE, run_id)
    assert caught.value.code == "run_other_date"


def test_previous_deliveries_are_the_newest_per_kitchen_from_published_plans_before_the_date(db_url):
    history = History(db_url)
    history.record(night(MON - dt.timedelta(days=7), {"C1": "V9"}, kitchen="K2"))
    history.record(night(MON, {"C1": "V1", "C2": "V1"}, kitchen="K2"))
    history.record(night(TUE, {"C1": "V2"}))
    history.record(night(WED, {"C1": "V3"}))
    found = history.previous_deliveries(WED)
    assert [(d.kitchen_id, d.van_id) for d in found["C1"]] == [("K1", "V2"), ("K2", "V1")]
    assert [d.plan_date for d in found["C2"]] == [MON]
    assert history.last_published_before(WED)[:2] == (TUE, 3)
    assert history.van_clients(3) == {"V2": [("C1", 40_000)]}


def test_a_replan_of_a_published_date_starts_from_that_dates_published_plan(db_url):
    history = History(db_url)
    history.record(night(MON, {"C1": "V1", "C2": "V1"}))
    first, _ = history.record(night(TUE, {"C1": "V2", "C2": "V3"}))
    history.record(night(TUE, {"C1": "V4", "C2": "V4"}))  # a draft: handed out to nobody
    past = history.past(TUE)
    assert past.replan and past.last_date == TUE and past.last_run_id == first
    assert past.last_published_at is not None and past.last_published_at.tzinfo is not None
    assert [(d.plan_date, d.van_id) for d in past.previous["C1"]] == [(TUE, "V2")]
    assert past.last_vans == {"V2": [("C1", 40_000)], "V3": [("C2", 40_300)]}
    assert not history.past(WED).replan and history.past(WED).last_run_id == first


def test_a_history_with_nothing_published_before_a_date_is_empty_for_it(db_url):
    history = History(db_url)
    history.record(night(TUE, {"C1": "V2"}))
    assert history.past(MON).is_empty and not history.past(TUE).is_empty


def test_forget_deletes_every_record_of_a_client_and_nothing_else(db_url):
    history = History(db_url)
    history.record(night(MON, {"C1": "V1", "C2": "V1"}))
    history.record(night(TUE, {"C1": "V1", "C2": "V2"}))
    assert history.forget("C1") == 2
    assert history.deliveries(client_id="C1") == []
    assert len(history.deliveries(client_id="C2")) == 2
    assert history.forget("C1") == 0


def test_recording_a_run_never_deletes_another_whatever_its_date(db_url):
    """A plan dated 2062 by a typo is one more run: the eleven before it stay."""
    history = History(db_url)
    for days in range(11):
        history.record(night(MON - dt.timedelta(days=days), {"C1": "V1"}))
    history.record(night(dt.date(2062, 11, 23), {"C1": "V1"}))
    assert len(history.runs_of()) == 12


def test_prune_counts_back_from_today_and_says_how_many_it_deleted(db_url):
    history = History(db_url)
    history.record(night(MON - dt.timedelta(days=30), {"C1": "V1"}))
    history.record(night(MON - dt.timedelta(days=8), {"C1": "V1"}))
    history.record(night(MON, {"C1": "V1"}))
    assert history.prune(7, today=MON, dry_run=True) == (2, MON - dt.timedelta(days=7))
    assert len(history.runs_of()) == 3  # a dry run deletes nothing
    assert history.prune(7, today=MON) == (2, MON - dt.timedelta(days=7))
    assert [r["plan_date"] for r in history.runs_of()] == [MON]
    with history.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(outcomes)).scalar() == 1


def test_prune_never_deletes_the_newest_date_even_when_the_clock_is_decades_ahead(db_url):
    history = History(db_url)
    history.record(night(MON - dt.timedelta(days=1), {"C1": "V1"}))
    history.record(night(MON, {"C1": "V1"}))
    history.record(night(MON, {"C1": "V2"}))
    removed, cutoff = history.prune(400, today=dt.date(2099, 1, 1))
    assert (removed, cutoff) == (1, MON)
    assert {r["plan_date"] for r in history.runs_of()} == {MON} and len(history.runs_of()) == 2
    assert history.published_run(MON) is not None


def test_a_run_that_fails_while_recording_leaves_the_history_as_it_was(db_url, monkeypatch):
    history = History(db_url)
    history.record(night(MON, {"C1": "V1"}))
    broken = night(TUE, {"C1": "V2"})
    broken.routes.append(dict(broken.routes[0]))  # a second route V2/1: the insert fails half-way
    with pytest.raises(sa.exc.IntegrityError):
        history.record(broken)
    with history.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(runs)).scalar() == 1
        assert conn.execute(sa.select(sa.func.count()).select_from(outcomes)).scalar() == 1
    assert history.published_run(TUE) is None


def test_a_date_being_planned_is_refused_to_a_second_run_with_who_holds_it(db_url):
    history, other = History(db_url), History(db_url)
    with history.claim(MON, holder="office-1:4242"):
        with pytest.raises(HistoryError) as caught, other.claim(MON, holder="office-2:77"):
            pass
        assert caught.value.code == "date_busy" and caught.value.exit_code == 3
        assert "office-1:4242" in str(caught.value)
        with other.claim(TUE, holder="office-2:77"):  # another date is free
            pass
    with other.claim(MON, holder="office-2:77"):  # released when the first run ended
        pass


def test_a_claim_left_by_a_killed_run_is_taken_over(db_url):
    """The claim of a process that no longer exists on this machine does not block the next night."""
    history = History(db_url)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    import socket

    with history.engine.begin() as conn:
        conn.execute(
            claims.insert().values(
                plan_date=MON,
                holder=f"{socket.gethostname()}:{dead.stdout.strip()}",
                started_at=dt.datetime.now(dt.UTC),
            )
        )
    with history.claim(MON):
        pass


def test_an_unreachable_history_is_named_without_its_password():
    with pytest.raises(HistoryError) as caught:
        History("postgresql://planner:secret@127.0.0.1:1/nowhere")
    assert caught.value.code == "history_unreachable" and "secret" not in str(caught.value)
    assert "***" in str(caught.value)


def test_two_processes_recording_the_same_date_at_once_both_land_whole(db_url):
    """Concurrent writers: each run is one transaction, so both are there, each with all its rows."""
    History(db_url)  # create the schema first, as the first night does
    code = (
        "import sys, datetime as dt; sys.path.insert(0, 'tests/history');"
        "from test_history import night; from mealplan.io.store.history import History;"
        f"History({db_url!r}).record(night(dt.date(2026, 11, 23), {{f'C{{i}}': 'V1' for i in range(300)}}))"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    history = History(db_url)
    assert len(history.runs_of(MON)) == 2
    with history.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(outcomes)).scalar() == 600
    assert history.published_run(MON) is not None


def _visit(day, occurrence, worker, client, office="S1", start=600):
    return {"visit_date": day, "occurrence_id": occurrence, "worker_id": worker, "client_id": client,
            "office_id": office, "service_code": "cleaning", "start_min": start, "end_min": start + 60}  # fmt: skip


def test_a_weeks_visits_replace_what_its_offices_had_on_its_dates_and_keep_the_others(db_url):
    """A re-plan of the week after a phone call leaves one plan: the office's visits on the
    week's dates are replaced; another office's, and other weeks', stay."""
    history = History(db_url)
    week = tuple(MON + dt.timedelta(days=i) for i in range(7))
    history.record_visits(week, {"S1", "S2"}, [_visit(MON, "L1@a", "W1", "C1"), _visit(TUE, "L2@a", "W2", "C2", "S2")])
    history.record_visits(
        (MON - dt.timedelta(days=7),), {"S1"}, [_visit(MON - dt.timedelta(days=7), "L1@0", "W9", "C1")]
    )
    history.record_visits(week, {"S1"}, [_visit(TUE, "L1@b", "W3", "C1")])
    assert [(v["visit_date"], v["worker_id"]) for v in history.visits_of("C1")] == [
        (MON - dt.timedelta(days=7), "W9"),
        (TUE, "W3"),
    ]
    assert [v["worker_id"] for v in history.visits_of("C2")] == ["W2"]


def test_continuity_reads_each_clients_worker_of_their_latest_visit_before_the_period(db_url):
    history = History(db_url)
    history.record_visits(
        (MON,), {"S1"}, [_visit(MON, "a", "W1", "C1", start=540), _visit(MON, "b", "W2", "C1", start=700)]
    )
    history.record_visits((TUE,), {"S1"}, [_visit(TUE, "c", "W3", "C2")])
    assert history.visit_homes(TUE) == {"C1": "W2"}
    assert history.visit_homes(TUE + dt.timedelta(days=1)) == {"C1": "W2", "C2": "W3"}


def test_forget_deletes_a_clients_visits_too(db_url):
    history = History(db_url)
    history.record_visits((MON,), {"S1"}, [_visit(MON, "a", "W1", "C1"), _visit(MON, "b", "W1", "C2")])
    assert history.forget("C1") == 1
    assert history.visits_of("C1") == [] and len(history.visits_of("C2")) == 1


def test_a_history_of_the_first_schema_is_upgraded_in_place_with_its_runs_kept(tmp_path):
    """A history made before home visits (schema 0001) opens at the newest schema with its runs as they were."""
    from alembic import command
    from alembic.config import Config

    from mealplan.io.store.history import MIGRATIONS, _engine

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = _engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        now = dt.datetime.now(dt.UTC)
        conn.execute(
            runs.insert(),
            {"run_id": 7, "plan_date": MON, "started_at": now, "finished_at": now, "register_sha256": "0" * 64,
             "engine": "pyvrp", "seed": 0, "time_limit_s": 50.0, "stable": True, "settings_json": "{}",
             "summary_json": "{}", "mealplan_version": "0.old", "host": "office"},
        )  # fmt: skip
    engine.dispose()
    upgraded = History(url)  # opening upgrades
    with upgraded.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0003"
    assert [r["run_id"] for r in upgraded.runs_of(MON)] == [7]
    upgraded.record_visits((MON,), {"S1"}, [_visit(MON, "a", "W1", "C1")])
    assert len(upgraded.visits_of("C1")) == 1


def _door(client_id, outcome, key, day=MON):
    return {"service": "meal", "plan_date": day, "client_id": client_id, "stop_ref": "V1/1", "outcome": outcome,
            "note": "", "minutes_spent": None, "tapped_at": None, "source": "phone", "request_key": key}  # fmt: skip


def test_a_door_outcome_retried_is_one_row_and_a_correction_is_a_new_version(db_url):
    """Exactly once by request key; the same words again change nothing; a correction is kept
    beside what it corrects and is the one the day reads."""
    history = History(db_url)
    assert history.record_door_outcomes([_door("C1", "delivered", "k1")]) == (1, 0)
    assert history.record_door_outcomes([_door("C1", "delivered", "k1")]) == (0, 1)  # a retry
    assert history.record_door_outcomes([_door("C1", "delivered", "k2")]) == (0, 1)  # the same again
    assert history.record_door_outcomes([_door("C1", "not_home", "k3")]) == (1, 0)  # a correction
    assert history.door_outcomes_on(MON)["C1"]["outcome"] == "not_home"
    assert history.door_outcomes_on(MON)["C1"]["version"] == 2
    history.record_door_outcomes([_door("C1", "refused", "k4", TUE - dt.timedelta(days=8))])
    assert history.earlier_outcomes(TUE, ["C1"]) == {("meal", "C1"): ["not_home", "refused"]}


def test_forget_deletes_a_clients_door_outcomes_checks_and_proposals(db_url):
    history = History(db_url)
    history.record_door_outcomes([_door("C1", "not_home", "k1"), _door("C2", "delivered", "k2")])
    history.raise_escalations([{"service": "meal", "plan_date": MON, "client_id": "C1", "office_id": "S1",
                                "outcome": "not_home", "in_a_row": 1, "steps": "call_client"}])  # fmt: skip
    history.propose([{"client_id": "C1", "kind": "pause", "from_date": TUE, "until_date": None,
                      "outcome": "hospital"}])  # fmt: skip
    assert history.forget("C1") == 3
    assert list(history.door_outcomes_on(MON)) == ["C2"]
    assert history.open_escalations() == [] and history.proposals_in() == []


def test_a_wellness_check_is_raised_once_a_day_and_closed_once_with_who_and_how(db_url):
    history = History(db_url)
    check = {"service": "meal", "plan_date": MON, "client_id": "C1", "office_id": "S1", "outcome": "not_home",
             "in_a_row": 1, "steps": "call_client"}  # fmt: skip
    assert history.raise_escalations([check]) == 1 and history.raise_escalations([check]) == 0
    (opened,) = history.open_escalations("S1")
    assert history.close_escalation(opened["escalation_id"], "ivanova", "дъщеря ѝ: в болница е")
    assert not history.close_escalation(opened["escalation_id"], "petrov", "again")
    assert history.open_escalations() == []
