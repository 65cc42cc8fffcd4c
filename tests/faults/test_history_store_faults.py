"""The history database under faults: corrupt, foreign, newer, refusing writes or gone mid-run.
Each is named in one sentence with exit 3 and left exactly as it was; a plan whose recording fails
after it was written says so (exit 6) and is recorded later from its folder."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from mealplan.errors import HistoryError
from mealplan.io.store.history import History, runs
from tests.faults.conftest import invoke, plan_args
from tests.history.test_history import night

DATE = "2026-11-25"


def test_a_corrupt_history_file_is_named_and_left_untouched(data, tmp_path):
    path = tmp_path / "history.sqlite"
    garbage = b"SQLite format 3\x00" + bytes(range(256)) * 16
    path.write_bytes(garbage)
    answer = invoke(*plan_args(data, tmp_path / "out", DATE, "--db", f"sqlite:///{path}"))
    assert answer.exit_code == 3 and "is not a database" in answer.output and str(path) in answer.output
    assert path.read_bytes() == garbage
    assert not (tmp_path / "out" / DATE).exists()


def test_another_programs_sqlite_database_is_never_migrated_into(data, tmp_path):
    path = tmp_path / "crm.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO customers (name) VALUES ('someone')")
    before = path.read_bytes()
    answer = invoke(*plan_args(data, tmp_path / "out", DATE, "--db", f"sqlite:///{path}"))
    assert answer.exit_code == 3 and "another program's database" in answer.output and "customers" in answer.output
    assert path.read_bytes() == before


def test_a_history_from_a_newer_version_says_which_version_wrote_it(db_url, data, tmp_path):
    history = History(db_url)
    record = night(dt.date(2026, 11, 24), {"C1": "V1"})
    history.record(record.__class__(**{**record.__dict__, "mealplan_version": "9.9.9"}))
    with history.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    answer = invoke(*plan_args(data, tmp_path / "out", DATE, "--db", db_url))
    assert answer.exit_code == 3 and "newer mealplan (9.9.9" in answer.output
    with history.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0099"
        assert conn.execute(sa.select(sa.func.count()).select_from(runs)).scalar() == 1


def test_a_history_that_refuses_writes_stops_the_plan_before_planning(data, tmp_path):
    path = tmp_path / "history.sqlite"
    History(f"sqlite:///{path}").close()
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    answer = invoke(*plan_args(data, tmp_path / "out", DATE, "--db", read_only))
    assert answer.exit_code == 3 and "refused to write" in answer.output
    assert not (tmp_path / "out" / DATE).exists()


def test_a_database_gone_while_a_date_is_claimed_does_not_hide_how_the_run_ended(db_url):
    """PostgreSQL stopping mid-run: releasing the claim fails quietly; the run's own error stands."""
    history = History(db_url)
    url = sa.make_url(db_url)
    with pytest.raises(RuntimeError, match="the run's own failure"), history.claim(dt.date(2026, 11, 25)):
        if url.get_backend_name() == "postgresql":
            admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE "{url.database}" WITH (FORCE)'))
            admin.dispose()
        else:
            history.engine.dispose()
            Path(str(url.database)).unlink()
        raise RuntimeError("the run's own failure")
    with pytest.raises(HistoryError) as caught:
        history.runs_of()
    assert caught.value.code == "history_lost" and caught.value.exit_code == 3


def refuse_recording(db_url: str) -> None:
    """Make the database itself refuse the night's record while claims and reads still work."""
    url = sa.make_url(db_url)
    engine = sa.create_engine(url.set(drivername="postgresql+psycopg") if url.drivername == "postgresql" else url)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("CREATE ROLE mealplan_limited LOGIN"))
            conn.execute(sa.text("GRANT SELECT ON ALL TABLES IN SCHEMA public TO mealplan_limited"))
            conn.execute(sa.text("GRANT INSERT, DELETE ON claims TO mealplan_limited"))
        else:  # SQLite has no users: a trigger makes the write fail with an OperationalError, as a full disk does
            conn.execute(
                sa.text("CREATE TRIGGER full_disk BEFORE INSERT ON runs BEGIN INSERT INTO disk_is_full VALUES (1); END")
            )
    engine.dispose()


def test_a_plan_whose_recording_fails_says_so_and_is_recorded_later(db_url, data, tmp_path):
    History(db_url).close()
    refuse_recording(db_url)
    url = sa.make_url(db_url)
    planner_url = db_url
    if url.get_backend_name() == "postgresql":
        planner_url = url.set(username="mealplan_limited", password=None).render_as_string(hide_password=False)
    try:
        out = tmp_path / "out"
        answer = invoke(*plan_args(data, out, DATE, "--db", planner_url))
        assert answer.exit_code == 6, answer.output
        assert f"The plan was written to {out / DATE} but NOT recorded in the history" in answer.output
        assert f"mealplan history --record {DATE} --out {out}" in answer.output
        assert (out / DATE / "ledger.csv").is_file() and (out / DATE / "index.html").is_file()
        assert History(db_url).runs_of() == []
        # The history works again: the night is recorded from its folder, once.
        with sa.create_engine(_admin(db_url)).begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("DROP OWNED BY mealplan_limited"))
                conn.execute(sa.text("DROP ROLE mealplan_limited"))
            else:
                conn.execute(sa.text("DROP TRIGGER full_disk"))
        later = invoke("history", "--record", DATE, "--out", out, "--db", db_url, "--lang", "en")
        assert later.exit_code == 0 and "recorded in the history as run 1" in later.output
        again = invoke("history", "--record", DATE, "--out", out, "--db", db_url, "--lang", "en")
        assert again.exit_code == 0 and "already in the history as run 1" in again.output
        runs_now = History(db_url).runs_of()
        assert len(runs_now) == 1 and runs_now[0]["published"]
    finally:
        _drop_role(db_url)


def _admin(db_url: str) -> sa.URL:
    url = sa.make_url(db_url)
    return url.set(drivername="postgresql+psycopg") if url.drivername == "postgresql" else url


def _drop_role(db_url: str) -> None:
    if sa.make_url(db_url).get_backend_name() != "postgresql":
        return
    engine = sa.create_engine(_admin(db_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = 'mealplan_limited'")).first():
            conn.execute(sa.text("DROP OWNED BY mealplan_limited"))
            conn.execute(sa.text("DROP ROLE mealplan_limited"))
    engine.dispose()


def test_a_folder_without_a_pending_record_is_a_mistake_of_the_command(tmp_path, db_url):
    (tmp_path / "out" / DATE).mkdir(parents=True)
    answer = invoke("history", "--record", DATE, "--out", tmp_path / "out", "--db", db_url, "--lang", "en")
    assert answer.exit_code == 2 and "no plan to record" in answer.output
