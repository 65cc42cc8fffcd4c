"""The plan's memory: every run, each client's outcome, each route, and the published plan per date.

One code path for both engines through SQLAlchemy Core: an SQLite file in the data folder by
default (created on first use, no server), or PostgreSQL by URL where several offices share
one history. The schema is versioned by Alembic migrations (``mealplan/io/migrations``), which
run on opening, so a newer mealplan upgrades an older history in place.

Only what the service needs later is stored: client ids (never names, addresses or phones),
each client's outcome and planned arrival, route totals, the settings and summary of the run,
and a fingerprint of the register. ``forget`` deletes a client everywhere. Old runs are deleted
only by ``prune``, an explicit step counted back from the wall clock: a date typed into a plan
(2062 for 2026) can never make the history forget its past.

Every write is one transaction: a run killed while recording leaves the history as it was.
Two plans of the same date at once: the first claims the date, the second is refused with
who holds it and since when (a claim left by a killed run is taken over when its process is
gone, or after ``STALE_CLAIM``).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import hashlib
import hmac
import json
import os
import secrets
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from mealplan.errors import HistoryError
from mealplan.io.safe import refuse_link
from mealplan.models import PastPlans, PreviousDelivery
from mealplan.redact import mask_secrets

HISTORY_FILE = "history.sqlite"
DB_ENV = "MEALPLAN_DB"
STALE_CLAIM = dt.timedelta(hours=2)

metadata = sa.MetaData()
runs = sa.Table(
    "runs",
    metadata,
    sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("plan_date", sa.Date, nullable=False, index=True),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("register_sha256", sa.String(64), nullable=False),
    sa.Column("engine", sa.String(32), nullable=False),
    sa.Column("seed", sa.Integer, nullable=False),
    sa.Column("time_limit_s", sa.Float, nullable=False),
    sa.Column("stable", sa.Boolean, nullable=False),
    sa.Column("settings_json", sa.Text, nullable=False),
    sa.Column("summary_json", sa.Text, nullable=False),
    sa.Column("mealplan_version", sa.String(32), nullable=False),
    sa.Column("host", sa.String(255), nullable=False),
)
outcomes = sa.Table(
    "outcomes",
    metadata,
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.run_id", ondelete="CASCADE"), primary_key=True),
    # The register's row: a client id can stand on two rows (one of them invalid).
    sa.Column("register_row", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("client_id", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("reason", sa.String(64), nullable=False),
    sa.Column("kitchen_id", sa.String(64), nullable=False),
    sa.Column("van_id", sa.String(64), nullable=False),
    sa.Column("trip", sa.Integer),
    sa.Column("stop", sa.Integer),
    sa.Column("arrival_s", sa.Integer),
    sa.Column("diet_id", sa.String(64)),  # what a routed delivery carried (schema 0003 on)
    sa.Column("portions", sa.Integer),
    # A client's deliveries (stable routes, `history --client`) are read by client.
    sa.Index("ix_outcomes_client", "client_id"),
)
routes = sa.Table(
    "routes",
    metadata,
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.run_id", ondelete="CASCADE"), primary_key=True),
    sa.Column("van_id", sa.String(64), primary_key=True),
    sa.Column("trip", sa.Integer, primary_key=True),
    sa.Column("kitchen_id", sa.String(64), nullable=False),
    sa.Column("departure_s", sa.Integer, nullable=False),
    sa.Column("return_s", sa.Integer, nullable=False),
    sa.Column("distance_m", sa.Float, nullable=False),
    sa.Column("stops", sa.Integer, nullable=False),
    sa.Column("portions", sa.Integer, nullable=False),
)
published = sa.Table(
    "published",
    metadata,
    sa.Column("plan_date", sa.Date, primary_key=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.run_id", ondelete="CASCADE"), nullable=False),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
)
claims = sa.Table(
    "claims",
    metadata,
    sa.Column("plan_date", sa.Date, primary_key=True),
    sa.Column("holder", sa.String(255), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
)

# Home visits as planned: no name, address or phone, as for the meals' outcomes.
visits = sa.Table(
    "visits",
    metadata,
    sa.Column("visit_date", sa.Date, primary_key=True),
    sa.Column("occurrence_id", sa.String(160), primary_key=True),
    sa.Column("worker_id", sa.String(64), primary_key=True),
    sa.Column("client_id", sa.String(64), nullable=False),
    sa.Column("office_id", sa.String(64), nullable=False),
    sa.Column("service_code", sa.String(64), nullable=False),
    sa.Column("start_min", sa.Integer, nullable=False),
    sa.Column("end_min", sa.Integer, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_visits_client", "client_id"),
)


# What came back from the door. A stop's outcome is kept in versions: a correction is a new
# version and the old one stays; ``request_key`` makes a retry or a double tap one row.
# ``stop_ref``: a meal's van and trip ("V01/1"), a visit's occurrence id.
door_outcomes = sa.Table(
    "door_outcomes",
    metadata,
    sa.Column("outcome_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("service", sa.String(8), nullable=False),  # meal | visit
    sa.Column("plan_date", sa.Date, nullable=False),
    sa.Column("client_id", sa.String(64), nullable=False),
    sa.Column("stop_ref", sa.String(160), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("minutes_spent", sa.Integer),
    sa.Column("tapped_at", sa.DateTime(timezone=True)),  # the phone's time of the tap; paper: none
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("source", sa.String(16), nullable=False),  # phone | paper
    sa.Column("request_key", sa.String(64), nullable=False),
    sa.UniqueConstraint("request_key", name="uq_door_outcomes_request"),
    sa.UniqueConstraint("service", "plan_date", "client_id", "stop_ref", "version", name="uq_door_outcomes_version"),
    sa.Index("ix_door_outcomes_date", "plan_date"),
    sa.Index("ix_door_outcomes_client", "client_id"),
)
# A wellness check a door's outcome raised, open until the office closes it (who, how).
escalations = sa.Table(
    "escalations",
    metadata,
    sa.Column("escalation_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("service", sa.String(8), nullable=False),
    sa.Column("plan_date", sa.Date, nullable=False),
    sa.Column("client_id", sa.String(64), nullable=False),
    sa.Column("office_id", sa.String(64), nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("in_a_row", sa.Integer, nullable=False),
    sa.Column("steps", sa.String(200), nullable=False),
    sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("closed_at", sa.DateTime(timezone=True)),
    sa.Column("closed_by", sa.String(64), nullable=False),
    sa.Column("closed_how", sa.Text, nullable=False),
    sa.UniqueConstraint("service", "plan_date", "client_id", name="uq_escalations_day"),
    sa.Index("ix_escalations_open", "closed_at", "office_id"),
)
# A change to the register an outcome suggests (a pause after "hospital", closing after
# "deceased"), applied only when the coordinator accepts it.
proposals = sa.Table(
    "proposals",
    metadata,
    sa.Column("proposal_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("client_id", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),  # pause | close
    sa.Column("from_date", sa.Date, nullable=False),
    sa.Column("until_date", sa.Date),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("state", sa.String(10), nullable=False),  # open | accepted | rejected
    sa.Column("decided_at", sa.DateTime(timezone=True)),
    sa.Column("decided_by", sa.String(64), nullable=False),
    sa.UniqueConstraint("client_id", "kind", "from_date", name="uq_proposals_day"),
)

# A phone page's link: one per trip (a meal van's trip, a worker's day: ``holder`` and ``trip``),
# derived from the history's own key so every machine prints the same link for the same trip;
# only its hash is kept. Revoking bumps the generation: the old link is dead, a new one printed.
trip_tokens = sa.Table(
    "trip_tokens",
    metadata,
    sa.Column("plan_date", sa.Date, primary_key=True),
    sa.Column("service", sa.String(8), primary_key=True),
    sa.Column("holder", sa.String(64), primary_key=True),  # the van, or the worker
    sa.Column("trip", sa.Integer, primary_key=True, autoincrement=False),  # a worker's day: 1
    sa.Column("generation", sa.Integer, nullable=False),
    sa.Column("token_sha256", sa.String(64), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("token_sha256", name="uq_trip_tokens_hash"),
)
revoked_links = sa.Table(
    "revoked_links",
    metadata,
    sa.Column("token_sha256", sa.String(64), primary_key=True),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
)
# Secrets of the office server: the key links are derived from, the coordinators' password hash.
server_keys = sa.Table(
    "server_keys",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


@dataclass(frozen=True)
class RunRecord:
    """One finished plan, as the history keeps it."""

    plan_date: dt.date
    started_at: dt.datetime
    register_sha256: str
    engine: str
    seed: int
    time_limit_s: float
    stable: bool
    settings: dict
    summary: dict
    mealplan_version: str
    outcomes: list[dict]  # client_id, status, reason, kitchen_id, van_id, trip, stop, arrival_s, diet_id, portions
    routes: list[dict]  # van_id, trip, kitchen_id, departure_s, return_s, distance_m, stops, portions


def record_json(run: RunRecord) -> str:
    """A run as JSON, kept in the night's folder so a run that could not be recorded can be later."""
    fields = dataclasses.asdict(run)
    fields["plan_date"] = run.plan_date.isoformat()
    fields["started_at"] = run.started_at.isoformat()
    return json.dumps(fields, ensure_ascii=False, default=str)


def record_from_json(text: str) -> RunRecord:
    """The run :func:`record_json` wrote."""
    fields = json.loads(text)
    fields["plan_date"] = dt.date.fromisoformat(fields["plan_date"])
    fields["started_at"] = dt.datetime.fromisoformat(fields["started_at"])
    return RunRecord(**fields)


def pending_record(night_folder: Path, relative: Path) -> RunRecord:
    """The run kept in a night's folder (``write_plan``'s ``record``), to record it after the fact."""
    path = night_folder / relative
    try:
        return record_from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise HistoryError("no_pending_record", folder=str(night_folder)) from error


def history_url(data_dir: Path, url: str | None = None) -> str:
    """The history to use: ``url`` (``--db``), else $MEALPLAN_DB, else an SQLite file in the data folder."""
    chosen = url or os.environ.get(DB_ENV, "")
    if chosen:
        return chosen
    # The default file is opened only as itself: SQLite would create a link's target.
    refuse_link(data_dir / HISTORY_FILE)
    return f"sqlite:///{(data_dir / HISTORY_FILE).resolve()}"


def shown_url(url: str) -> str:
    """The URL without its password, for messages, however malformed it is."""
    try:
        return mask_secrets(sa.make_url(url).render_as_string(hide_password=True))
    except (sa.exc.ArgumentError, ValueError):
        return mask_secrets(url)


_P = ParamSpec("_P")
_T = TypeVar("_T")


def _database_call(method: Callable[_P, _T]) -> Callable[_P, _T]:
    """A database that goes away or refuses writes in the middle of a run is a HistoryError
    (exit 3) naming it; an integrity error stays what it is, a bug."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        try:
            return method(*args, **kwargs)
        except sa.exc.IntegrityError:
            raise
        except (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.DatabaseError) as error:
            history = args[0]
            url = shown_url(history.url) if isinstance(history, History) else "?"
            raise HistoryError("history_lost", url=url, detail=mask_secrets(_first_line(error))) from error

    return wrapper


class History:
    """A history database, migrated to the newest schema on opening.

    ``create`` False (commands that only read or edit a history): an SQLite file that does not
    exist is an error naming it, not a new empty history in a mistyped folder.
    """

    def __init__(self, url: str, create: bool = True) -> None:
        self.url = url
        try:
            if not create:
                _require_existing(url)
            self.engine = _engine(url)
            _refuse_other_schemas(self.engine, url)
            migrate(self.engine)
        except HistoryError:
            raise
        except (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.ArgumentError, ValueError) as error:
            detail = mask_secrets(_first_line(error))
            raise HistoryError("history_unreachable", url=shown_url(url), detail=detail) from error
        except sa.exc.DatabaseError as error:  # SQLite: "file is not a database"
            raise HistoryError("history_corrupt", url=shown_url(url), detail=_first_line(error)) from error
        except ModuleNotFoundError as error:
            raise HistoryError("history_driver", url=shown_url(url), detail=str(error)) from error

    def close(self) -> None:
        self.engine.dispose()

    # ---------------------------------------------------------------- claims

    @contextmanager
    def claim(self, plan_date: dt.date, holder: str | None = None) -> Iterator[None]:
        """Hold ``plan_date`` while planning it; another claim on it meanwhile is refused."""
        holder = holder or f"{socket.gethostname()}:{os.getpid()}"
        self._take(plan_date, holder)
        try:
            yield
        finally:
            self._release(plan_date, holder)

    @_database_call
    def _take(self, plan_date: dt.date, holder: str) -> None:
        now = dt.datetime.now(dt.UTC)
        try:
            with self.engine.begin() as conn:
                conn.execute(claims.insert().values(plan_date=plan_date, holder=holder, started_at=now))
        except sa.exc.IntegrityError:
            self._take_over_or_refuse(plan_date, holder, now)

    def _release(self, plan_date: dt.date, holder: str) -> None:
        """Give the date back. A database gone meanwhile keeps the claim; the next run takes it
        over (its process is gone), so nothing here may hide how the run itself ended."""
        try:
            with self.engine.begin() as conn:
                conn.execute(claims.delete().where(claims.c.plan_date == plan_date, claims.c.holder == holder))
        except sa.exc.SQLAlchemyError:
            pass

    def _take_over_or_refuse(self, plan_date: dt.date, holder: str, now: dt.datetime) -> None:
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(claims).where(claims.c.plan_date == plan_date)).one_or_none()
            if row is not None and not _stale(row.holder, _aware(row.started_at), now):
                raise HistoryError(
                    "date_busy",
                    date=plan_date.isoformat(),
                    holder=row.holder,
                    since=_aware(row.started_at).astimezone().strftime("%H:%M:%S"),
                )
            # The holder is gone: replace its claim, unless someone else just did.
            where = [claims.c.plan_date == plan_date]
            if row is not None:
                where.append(claims.c.holder == row.holder)
            conn.execute(claims.delete().where(*where))
            try:
                conn.execute(claims.insert().values(plan_date=plan_date, holder=holder, started_at=now))
            except sa.exc.IntegrityError as error:
                raise HistoryError("date_busy", date=plan_date.isoformat(), holder="?", since="?") from error

    # ---------------------------------------------------------------- writing

    @_database_call
    def record(self, run: RunRecord, publish: bool | None = None) -> tuple[int, bool]:
        """Store ``run`` in one transaction; returns its id and whether it is now the published plan.

        ``publish`` None: published when the date has no published plan yet (the night's first
        run), else kept as a draft until ``publish``. Recording never deletes anything.
        """
        with self.engine.begin() as conn:
            run_id = conn.execute(
                runs.insert().values(
                    plan_date=run.plan_date,
                    started_at=run.started_at,
                    finished_at=dt.datetime.now(dt.UTC),
                    register_sha256=run.register_sha256,
                    engine=run.engine,
                    seed=run.seed,
                    time_limit_s=run.time_limit_s,
                    stable=run.stable,
                    settings_json=json.dumps(run.settings, ensure_ascii=False, sort_keys=True, default=str),
                    summary_json=json.dumps(run.summary, ensure_ascii=False, default=str),
                    mealplan_version=run.mealplan_version,
                    host=socket.gethostname(),
                )
            ).inserted_primary_key[0]  # type: ignore[index]  # always set after an insert
            if run.outcomes:
                conn.execute(outcomes.insert(), [o | {"run_id": run_id} for o in run.outcomes])
            if run.routes:
                conn.execute(routes.insert(), [r | {"run_id": run_id} for r in run.routes])
            if publish:
                _set_published(conn, run.plan_date, run_id)
                now_published = True
            elif publish is None:
                # The date's first run is published; two first runs at once: the first to commit
                # wins and the other is a draft (an upsert, not a look then an insert).
                now_published = _publish_if_none(conn, run.plan_date, run_id)
            else:
                now_published = False
        return int(run_id), now_published

    @_database_call
    def prune(self, keep_days: int, today: dt.date | None = None, dry_run: bool = False) -> tuple[int, dt.date]:
        """Delete the runs of dates more than ``keep_days`` before ``today`` (the wall clock's date).

        Returns how many runs went (or would go, with ``dry_run``) and the first date kept. The
        runs of the newest planned date are never deleted, whatever the clock says: a machine
        whose clock jumped decades ahead cannot empty the history, and every deleted run is
        older than every kept one.
        """
        today = today or dt.date.today()
        with self.engine.begin() as conn:
            newest = conn.execute(sa.select(sa.func.max(runs.c.plan_date))).scalar()
            cutoff = today - dt.timedelta(days=keep_days)
            if newest is not None:
                cutoff = min(cutoff, newest)
            count = conn.execute(sa.select(sa.func.count()).select_from(runs).where(runs.c.plan_date < cutoff)).scalar()
            if count and not dry_run:
                _purge(conn, cutoff)
        return int(count or 0), cutoff

    @_database_call
    def find_run(self, run: RunRecord) -> int | None:
        """The id under which ``run`` is already recorded (same date, start and register), if it is."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(runs.c.run_id, runs.c.started_at).where(
                    runs.c.plan_date == run.plan_date, runs.c.register_sha256 == run.register_sha256
                )
            ).all()
        started = _aware(run.started_at)
        return next((int(r.run_id) for r in rows if _aware(r.started_at) == started), None)

    @_database_call
    def publish(self, plan_date: dt.date, run_id: int | None = None) -> int:
        """Make ``run_id`` (default: the newest run of ``plan_date``) the published plan of that date."""
        with self.engine.begin() as conn:
            query = sa.select(runs.c.run_id, runs.c.plan_date).where(runs.c.plan_date == plan_date)
            if run_id is not None:
                query = sa.select(runs.c.run_id, runs.c.plan_date).where(runs.c.run_id == run_id)
            row = conn.execute(query.order_by(runs.c.run_id.desc())).first()
            if row is None:
                raise HistoryError("no_run", date=plan_date.isoformat(), run=run_id or "")
            if row.plan_date != plan_date:
                raise HistoryError("run_other_date", run=row.run_id, date=row.plan_date.isoformat())
            _set_published(conn, plan_date, row.run_id)
            return int(row.run_id)

    @_database_call
    def discard(self, run_id: int) -> None:
        """Delete a draft run whose outputs were never written (the writing failed): a run the
        history holds is a plan somebody can open. A published run is never discarded."""
        with self.engine.begin() as conn:
            if conn.execute(sa.select(published.c.run_id).where(published.c.run_id == run_id)).first():
                return
            for table in (outcomes, routes):
                conn.execute(table.delete().where(table.c.run_id == run_id))
            conn.execute(runs.delete().where(runs.c.run_id == run_id))

    @_database_call
    def forget(self, client_id: str) -> int:
        """Delete every planned delivery, visit, door outcome, wellness check and proposal of
        ``client_id``; returns how many rows went."""
        with self.engine.begin() as conn:
            gone = 0
            for table in (outcomes, visits, door_outcomes, escalations, proposals):
                gone += int(conn.execute(table.delete().where(table.c.client_id == client_id)).rowcount or 0)
            return gone

    @_database_call
    def record_visits(self, period: tuple[dt.date, ...], offices: set[str], rows: list[dict]) -> int:
        """A period's planned visits, in one transaction: what the ``offices`` had on its dates
        is replaced (a re-plan of the week after a phone call leaves one plan, not two).
        Each row: visit_date, occurrence_id, worker_id, client_id, office_id, service_code,
        start_min, end_min. Returns how many were recorded."""
        now = dt.datetime.now(dt.UTC)
        with self.engine.begin() as conn:
            if offices:
                conn.execute(
                    visits.delete().where(
                        visits.c.visit_date.between(min(period), max(period)), visits.c.office_id.in_(sorted(offices))
                    )
                )
            if rows:
                conn.execute(visits.insert(), [row | {"recorded_at": now} for row in rows])
        return len(rows)

    @_database_call
    def visit_homes(self, before: dt.date, lookback_days: int = 120) -> dict[str, str]:
        """Each client's worker: the one of their latest visit before ``before`` (of a two-worker
        visit, the first by id), within ``lookback_days``. Continuity keeps them."""
        query = (
            sa.select(visits.c.client_id, visits.c.worker_id, visits.c.visit_date, visits.c.start_min)
            .where(visits.c.visit_date < before, visits.c.visit_date >= before - dt.timedelta(days=lookback_days))
            .order_by(visits.c.client_id, visits.c.visit_date, visits.c.start_min, sa.desc(visits.c.worker_id))
        )
        homes: dict[str, str] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                homes[row.client_id] = row.worker_id
        return homes

    @_database_call
    def visits_on(self, day: dt.date) -> list[dict]:
        """The visits planned for ``day``, by office, worker and time."""
        query = (
            sa.select(visits)
            .where(visits.c.visit_date == day)
            .order_by(visits.c.office_id, visits.c.worker_id, visits.c.start_min)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    @_database_call
    def visits_of(self, client_id: str) -> list[dict]:
        """A client's visits, date by date."""
        query = (
            sa.select(visits)
            .where(visits.c.client_id == client_id)
            .order_by(visits.c.visit_date, visits.c.start_min, visits.c.worker_id)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    # ---------------------------------------------------------------- back from the door

    @_database_call
    def record_door_outcomes(self, found: list[dict]) -> tuple[int, int]:
        """Outcomes (``door_outcomes`` rows without ids, versions or times) in one transaction:
        each becomes the next version of its stop unless its ``request_key`` is already there (a
        retry, a double tap) or it says what the stop's newest version says. Two writers at once
        on one stop: the version's uniqueness makes the later one retry. Returns (recorded,
        unchanged)."""
        for attempt in range(5):
            try:
                with self.engine.connect() as conn:
                    if conn.dialect.name == "sqlite":
                        # Take the write lock first: a read that later wants to write would be
                        # refused at once when another writer went first (no waiting, an error).
                        conn.exec_driver_sql("BEGIN IMMEDIATE")
                    recorded = _record_door_outcomes(conn, found)
                    conn.commit()
                    return recorded
            except sa.exc.IntegrityError:
                if attempt == 4:
                    raise
        raise AssertionError("unreachable")

    @_database_call
    def door_outcomes_on(self, plan_date: dt.date, service: str = "meal") -> dict[str, dict]:
        """Each client's newest outcome of ``plan_date`` (a correction replaces what it corrects)."""
        query = (
            sa.select(door_outcomes)
            .where(door_outcomes.c.plan_date == plan_date, door_outcomes.c.service == service)
            .order_by(door_outcomes.c.client_id, door_outcomes.c.version)
        )
        with self.engine.connect() as conn:
            return {row.client_id: dict(row._mapping) for row in conn.execute(query)}

    @_database_call
    def trip_stops(
        self, plan_date: dt.date, service: str, holder: str, trip: int
    ) -> tuple[list[dict], dict[tuple[str, str], dict]]:
        """One phone page's stops — a van's trip in the date's published plan, or a worker's
        visits of the day — and the newest outcome of each, by (client, stop_ref)."""
        with self.engine.connect() as conn:
            if service == "meal":
                query = (
                    sa.select(outcomes)
                    .join(published, published.c.run_id == outcomes.c.run_id)
                    .where(published.c.plan_date == plan_date, outcomes.c.van_id == holder, outcomes.c.trip == trip,
                           outcomes.c.status == "routed")
                )  # fmt: skip
                refs = [f"{holder}/{trip}"]
            else:
                query = sa.select(visits).where(visits.c.visit_date == plan_date, visits.c.worker_id == holder)
            rows = [dict(row._mapping) for row in conn.execute(query)]
            if service != "meal":
                refs = [row["occurrence_id"] for row in rows]
            answers: dict[tuple[str, str], dict] = {}
            if refs:
                found = conn.execute(
                    sa.select(door_outcomes)
                    .where(door_outcomes.c.plan_date == plan_date, door_outcomes.c.service == service,
                           door_outcomes.c.stop_ref.in_(refs))
                    .order_by(door_outcomes.c.version)
                )  # fmt: skip
                for row in found:
                    answers[(row.client_id, row.stop_ref)] = dict(row._mapping)
        return rows, answers

    @_database_call
    def earlier_outcomes(self, before: dt.date, client_ids: list[str], lookback_days: int = 60) -> dict:
        """Each (service, client)'s newest outcome of each day before ``before``, newest first."""
        if not client_ids:
            return {}
        query = (
            sa.select(door_outcomes.c.service, door_outcomes.c.client_id, door_outcomes.c.plan_date,
                      door_outcomes.c.stop_ref, door_outcomes.c.version, door_outcomes.c.outcome)
            .where(door_outcomes.c.plan_date < before,
                   door_outcomes.c.plan_date >= before - dt.timedelta(days=lookback_days),
                   door_outcomes.c.client_id.in_(sorted(set(client_ids))))
            .order_by(door_outcomes.c.plan_date, door_outcomes.c.version)
        )  # fmt: skip
        newest: dict[tuple[str, str, dt.date], str] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                newest[(row.service, row.client_id, row.plan_date)] = row.outcome
        found: dict[tuple[str, str], list[str]] = {}
        for (service, client_id, _), outcome in sorted(newest.items(), key=lambda item: item[0][2], reverse=True):
            found.setdefault((service, client_id), []).append(outcome)
        return found

    @_database_call
    def raise_escalations(self, found: list[dict]) -> int:
        """Wellness checks, one per client, service and day (a second import raises none again);
        returns how many are new."""
        now = dt.datetime.now(dt.UTC)
        added = 0
        with self.engine.begin() as conn:
            for row in found:
                key = (
                    (escalations.c.service == row["service"])
                    & (escalations.c.plan_date == row["plan_date"])
                    & (escalations.c.client_id == row["client_id"])
                )
                if conn.execute(sa.select(escalations.c.escalation_id).where(key)).first():
                    continue
                conn.execute(escalations.insert(), row | {"raised_at": now, "closed_by": "", "closed_how": ""})
                added += 1
        return added

    @_database_call
    def open_escalations(self, office_id: str | None = None) -> list[dict]:
        """Wellness checks not yet closed, oldest first."""
        query = sa.select(escalations).where(escalations.c.closed_at.is_(None))
        if office_id is not None:
            query = query.where(escalations.c.office_id == office_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(escalations.c.plan_date, escalations.c.client_id))
            return [dict(row._mapping) for row in rows]

    @_database_call
    def escalations_on(self, plan_date: dt.date) -> list[dict]:
        """The wellness checks a day's outcomes raised, open or closed."""
        query = sa.select(escalations).where(escalations.c.plan_date == plan_date)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(escalations.c.office_id, escalations.c.client_id))
            return [dict(row._mapping) for row in rows]

    @_database_call
    def close_escalation(self, escalation_id: int, closed_by: str, closed_how: str) -> bool:
        """Close a wellness check, saying who and how; False when it is unknown or closed already."""
        with self.engine.begin() as conn:
            done = conn.execute(
                escalations.update()
                .where(escalations.c.escalation_id == escalation_id, escalations.c.closed_at.is_(None))
                .values(closed_at=dt.datetime.now(dt.UTC), closed_by=closed_by, closed_how=closed_how)
            )
            return bool(done.rowcount)

    @_database_call
    def propose(self, found: list[dict]) -> int:
        """Register proposals, each once (client, kind, from date); returns how many are new."""
        now = dt.datetime.now(dt.UTC)
        added = 0
        with self.engine.begin() as conn:
            for row in found:
                key = (
                    (proposals.c.client_id == row["client_id"])
                    & (proposals.c.kind == row["kind"])
                    & (proposals.c.from_date == row["from_date"])
                )
                if conn.execute(sa.select(proposals.c.proposal_id).where(key)).first():
                    continue
                conn.execute(proposals.insert(), row | {"raised_at": now, "state": "open", "decided_by": ""})
                added += 1
        return added

    @_database_call
    def proposals_in(self, state: str | None = None) -> list[dict]:
        """Register proposals (all, or those in ``state``), oldest first."""
        query = sa.select(proposals).order_by(proposals.c.from_date, proposals.c.client_id)
        if state is not None:
            query = query.where(proposals.c.state == state)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    @_database_call
    def decide(self, proposal_id: int, accepted: bool, decided_by: str) -> bool:
        """Accept or reject an open proposal; False when it is unknown or decided already."""
        with self.engine.begin() as conn:
            done = conn.execute(
                proposals.update()
                .where(proposals.c.proposal_id == proposal_id, proposals.c.state == "open")
                .values(state="accepted" if accepted else "rejected", decided_at=dt.datetime.now(dt.UTC),
                        decided_by=decided_by)
            )  # fmt: skip
            return bool(done.rowcount)

    @_database_call
    def month_facts(self, first: dt.date, last: dt.date) -> dict[str, list[dict]]:
        """What a month's report counts, ``first`` to ``last`` inclusive: the published plans'
        deliveries (``deliveries``), the planned visits (``visits``) and each stop's newest door
        outcome (``door``)."""
        with self.engine.connect() as conn:
            delivered = conn.execute(
                sa.select(published.c.plan_date, outcomes)
                .join(published, published.c.run_id == outcomes.c.run_id)
                .where(published.c.plan_date.between(first, last))
            )
            found = {"deliveries": [dict(row._mapping) for row in delivered]}
            planned = conn.execute(sa.select(visits).where(visits.c.visit_date.between(first, last)))
            found["visits"] = [dict(row._mapping) for row in planned]
            newest: dict[tuple, dict] = {}
            door = conn.execute(
                sa.select(door_outcomes)
                .where(door_outcomes.c.plan_date.between(first, last))
                .order_by(door_outcomes.c.version)
            )
            for row in door:
                newest[(row.service, row.plan_date, row.client_id, row.stop_ref)] = dict(row._mapping)
            found["door"] = list(newest.values())
        return found

    # ---------------------------------------------------------------- links and secrets

    @_database_call
    def secret(self, name: str, make: Callable[[], str] | None = None) -> str | None:
        """A server secret by name; made by ``make`` and kept when there is none yet (two
        processes at once keep the first)."""
        with self.engine.begin() as conn:
            found = conn.execute(sa.select(server_keys.c.value).where(server_keys.c.name == name)).scalar()
            if found is not None or make is None:
                return found
        try:
            with self.engine.begin() as conn:
                conn.execute(server_keys.insert(), {"name": name, "value": make()})
        except sa.exc.IntegrityError:
            pass
        with self.engine.connect() as conn:
            return conn.execute(sa.select(server_keys.c.value).where(server_keys.c.name == name)).scalar()

    @_database_call
    def set_secret(self, name: str, value: str) -> None:
        """Replace a server secret (the coordinators' password hash)."""
        with self.engine.begin() as conn:
            conn.execute(server_keys.delete().where(server_keys.c.name == name))
            conn.execute(server_keys.insert(), {"name": name, "value": value})

    @_database_call
    def trip_link(self, plan_date: dt.date, service: str, holder: str, trip: int, expires_at: dt.datetime) -> str:
        """The token of a trip's phone page: the same for the same trip until it is revoked."""
        key = bytes.fromhex(self.secret("link_key", lambda: secrets.token_hex(32)) or "")
        where = (
            (trip_tokens.c.plan_date == plan_date)
            & (trip_tokens.c.service == service)
            & (trip_tokens.c.holder == holder)
            & (trip_tokens.c.trip == trip)
        )
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(trip_tokens).where(where)).first()
            generation = 0 if row is None else row.generation
            token = _derive_token(key, plan_date, service, holder, trip, generation)
            if row is None:
                conn.execute(trip_tokens.insert(), {"plan_date": plan_date, "service": service, "holder": holder,
                                                    "trip": trip, "generation": 0, "token_sha256": token_hash(token),
                                                    "expires_at": expires_at})  # fmt: skip
        return token

    @_database_call
    def find_link(self, token: str) -> dict | None:
        """The trip a live token opens (with its expiry), ``{"revoked_at": ...}`` for a revoked
        one, or None for a token that never was."""
        hashed = token_hash(token)
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(trip_tokens).where(trip_tokens.c.token_sha256 == hashed)).first()
            if row is not None:
                return dict(row._mapping) | {"revoked_at": None}
            gone = conn.execute(sa.select(revoked_links).where(revoked_links.c.token_sha256 == hashed)).first()
            return None if gone is None else {"revoked_at": gone.revoked_at}

    @_database_call
    def revoke_link(self, plan_date: dt.date, service: str, holder: str, trip: int) -> bool:
        """Kill a trip's link; the next ``trip_link`` makes a new one. False when there is none."""
        key = bytes.fromhex(self.secret("link_key", lambda: secrets.token_hex(32)) or "")
        where = (
            (trip_tokens.c.plan_date == plan_date)
            & (trip_tokens.c.service == service)
            & (trip_tokens.c.holder == holder)
            & (trip_tokens.c.trip == trip)
        )
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(trip_tokens).where(where)).first()
            if row is None:
                return False
            generation = row.generation + 1
            fresh = _derive_token(key, plan_date, service, holder, trip, generation)
            # The revoked link is kept by its hash, so that it is told apart from one that never was.
            conn.execute(
                trip_tokens.update().where(where).values(generation=generation, token_sha256=token_hash(fresh))
            )
            conn.execute(
                revoked_links.insert(), {"token_sha256": row.token_sha256, "revoked_at": dt.datetime.now(dt.UTC)}
            )
            return True

    @_database_call
    def links_on(self, plan_date: dt.date) -> list[dict]:
        """The day's live links (their trips), for the office's page."""
        query = (
            sa.select(trip_tokens)
            .where(trip_tokens.c.plan_date == plan_date)
            .order_by(trip_tokens.c.service, trip_tokens.c.holder, trip_tokens.c.trip)
        )
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    # ---------------------------------------------------------------- reading

    @_database_call
    def previous_deliveries(
        self,
        before: dt.date,
        client_ids: list[str] | None = None,
        lookback_days: int = 60,
        same_date: bool = False,
    ) -> dict[str, tuple[PreviousDelivery, ...]]:
        """Each client's newest delivery from each kitchen in the published plans of the
        ``lookback_days`` before ``before``, newest first: what stable routes start from and the
        change report compares with. With ``same_date`` the published plan of ``before`` itself
        counts too, as the newest (a re-plan starts from what was handed out)."""
        query = (
            sa.select(
                outcomes.c.client_id,
                published.c.plan_date,
                outcomes.c.kitchen_id,
                outcomes.c.van_id,
                outcomes.c.trip,
                outcomes.c.stop,
                outcomes.c.arrival_s,
                outcomes.c.run_id,
            )
            .join(published, published.c.run_id == outcomes.c.run_id)
            .where(
                published.c.plan_date <= before if same_date else published.c.plan_date < before,
                published.c.plan_date >= before - dt.timedelta(days=lookback_days),
                outcomes.c.status == "routed",
            )
            .order_by(outcomes.c.client_id, published.c.plan_date.desc())
        )
        wanted = set(client_ids) if client_ids is not None else None
        found: dict[str, list[PreviousDelivery]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                if wanted is not None and row.client_id not in wanted:
                    continue
                # Newest first: an older delivery from a kitchen already seen adds nothing (stable
                # routes read the newest per kitchen, the change report the newest of all).
                earlier = found.get(row.client_id, [])
                if any(d.kitchen_id == row.kitchen_id for d in earlier):
                    continue
                found.setdefault(row.client_id, []).append(
                    PreviousDelivery(
                        client_id=row.client_id,
                        plan_date=row.plan_date,
                        kitchen_id=row.kitchen_id,
                        van_id=row.van_id,
                        trip=row.trip or 1,
                        stop=row.stop or 0,
                        arrival_s=row.arrival_s or 0,
                        run_id=row.run_id,
                    )
                )
        return {client: tuple(rows) for client, rows in found.items()}

    @_database_call
    def past(self, day: dt.date, lookback_days: int = 60) -> PastPlans:
        """Everything a night of ``day`` reads from the history (stable routes, change report).

        A re-plan of a date that has a published plan starts from that plan: its vans are every
        client's home and the change report compares with it (drivers and clients were told its
        times). Otherwise the night starts from the published plans before it."""
        with self.engine.connect() as conn:
            same = conn.execute(
                sa.select(published.c.run_id, published.c.published_at).where(published.c.plan_date == day)
            ).first()
        last = (day, int(same.run_id), _aware(same.published_at)) if same else self.last_published_before(day)
        return PastPlans(
            previous=self.previous_deliveries(day, lookback_days=lookback_days, same_date=same is not None),
            last_vans=self.van_clients(last[1]) if last else {},
            last_date=last[0] if last else None,
            last_run_id=last[1] if last else None,
            last_published_at=last[2] if last else None,
            replan=same is not None,
        )

    @_database_call
    def published_run(self, plan_date: dt.date) -> int | None:
        """The run published for ``plan_date``, if any."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(published.c.run_id).where(published.c.plan_date == plan_date)).first()
        return int(row.run_id) if row else None

    @_database_call
    def last_published_before(self, before: dt.date) -> tuple[dt.date, int, dt.datetime] | None:
        """The newest published plan before ``before``: (date, run id, when it was published)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(published.c.plan_date, published.c.run_id, published.c.published_at)
                .where(published.c.plan_date < before)
                .order_by(published.c.plan_date.desc())
            ).first()
        return (row.plan_date, int(row.run_id), _aware(row.published_at)) if row else None

    @_database_call
    def van_clients(self, run_id: int) -> dict[str, list[tuple[str, int | None]]]:
        """Per van of run ``run_id``: its clients with their planned arrival, in driving order."""
        query = (
            sa.select(outcomes.c.van_id, outcomes.c.client_id, outcomes.c.arrival_s)
            .where(outcomes.c.run_id == run_id, outcomes.c.status == "routed")
            .order_by(outcomes.c.van_id, outcomes.c.trip, outcomes.c.stop)
        )
        found: dict[str, list[tuple[str, int | None]]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                found.setdefault(row.van_id, []).append((row.client_id, row.arrival_s))
        return found

    @_database_call
    def runs_of(self, plan_date: dt.date | None = None) -> list[dict]:
        """Runs (of one date, or all), newest first, each with whether it is the published one."""
        query = sa.select(
            runs.c.run_id,
            runs.c.plan_date,
            runs.c.finished_at,
            runs.c.engine,
            runs.c.stable,
            runs.c.summary_json,
            runs.c.host,
            published.c.run_id.label("published_run"),
        ).outerjoin(published, published.c.plan_date == runs.c.plan_date)
        if plan_date is not None:
            query = query.where(runs.c.plan_date == plan_date)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(runs.c.plan_date.desc(), runs.c.run_id.desc())).all()
        return [
            {
                "run_id": row.run_id,
                "plan_date": row.plan_date,
                "finished_at": _aware(row.finished_at),
                "engine": row.engine,
                "stable": row.stable,
                "summary": json.loads(row.summary_json),
                "host": row.host,
                "published": row.published_run == row.run_id,
            }
            for row in rows
        ]

    @_database_call
    def deliveries(self, plan_date: dt.date | None = None, client_id: str | None = None) -> list[dict]:
        """Outcomes of the published plans, by date and/or client, in date and driving order."""
        query = (
            sa.select(published.c.plan_date, outcomes)
            .join(published, published.c.run_id == outcomes.c.run_id)
            .order_by(published.c.plan_date, outcomes.c.van_id, outcomes.c.trip, outcomes.c.stop, outcomes.c.client_id)
        )
        if plan_date is not None:
            query = query.where(published.c.plan_date == plan_date)
        if client_id is not None:
            query = query.where(outcomes.c.client_id == client_id)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]


def _record_door_outcomes(conn: Connection, found: list[dict]) -> tuple[int, int]:
    now = dt.datetime.now(dt.UTC)
    recorded = unchanged = 0
    for row in found:
        if conn.execute(
            sa.select(door_outcomes.c.outcome_id).where(door_outcomes.c.request_key == row["request_key"])
        ).first():
            unchanged += 1
            continue
        stop = (
            (door_outcomes.c.service == row["service"])
            & (door_outcomes.c.plan_date == row["plan_date"])
            & (door_outcomes.c.client_id == row["client_id"])
            & (door_outcomes.c.stop_ref == row["stop_ref"])
        )
        newest = conn.execute(sa.select(door_outcomes).where(stop).order_by(sa.desc(door_outcomes.c.version))).first()
        if newest is not None and (newest.outcome, newest.note, newest.minutes_spent) == (
            row["outcome"],
            row.get("note", ""),
            row.get("minutes_spent"),
        ):
            unchanged += 1
            continue
        version = 1 if newest is None else newest.version + 1
        conn.execute(door_outcomes.insert(), row | {"version": version, "recorded_at": now})
        recorded += 1
    return recorded, unchanged


def token_hash(token: str) -> str:
    """What the history keeps of a link's token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _derive_token(key: bytes, plan_date: dt.date, service: str, holder: str, trip: int, generation: int) -> str:
    message = "\x1f".join((plan_date.isoformat(), service, holder, str(trip), str(generation))).encode("utf-8")
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode("ascii")  # 144 bits, 24 characters


def _revisions() -> set[str]:
    """The schema revisions this version of mealplan knows (its migration files)."""
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py")}


def _refuse_other_schemas(engine: Engine, url: str) -> None:
    """A database that holds someone else's tables, or a schema newer than this mealplan, is named
    and left exactly as it is: never migrated into, never "repaired"."""
    with engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        if not tables:
            return
        if "alembic_version" not in tables:
            raise HistoryError("history_foreign", url=shown_url(url), tables=", ".join(sorted(tables)[:5]))
        found = {row[0] for row in conn.execute(sa.text("SELECT version_num FROM alembic_version"))}
        unknown = found - _revisions()
        if unknown:
            writer = "?"
            if "runs" in tables:
                newest = conn.execute(sa.text("SELECT mealplan_version FROM runs ORDER BY run_id DESC")).first()
                writer = newest[0] if newest else "?"
            raise HistoryError("history_newer", url=shown_url(url), schema=", ".join(sorted(unknown)), version=writer)


def _require_existing(url: str) -> None:
    parsed = sa.make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() == "sqlite" and database and database != ":memory:" and not Path(database).is_file():
        raise HistoryError("no_history", file=database)


def _engine(url: str) -> Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        # A URI (file:...?mode=ro, with uri=true) names a file SQLite opens itself: no folder of that
        # name is made (it would appear in the current folder as "file:").
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # Another process writing waits up to 30 s instead of failing at once.
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _foreign_keys(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    if parsed.drivername == "postgresql":  # psycopg 3 is the driver we ship
        parsed = parsed.set(drivername="postgresql+psycopg")
    return sa.create_engine(parsed, pool_pre_ping=True)


MIGRATIONS = Path(__file__).parent / "migrations"


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (creating it in an empty database)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    for attempt in (1, 2):
        try:
            with engine.begin() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
            return
        except (sa.exc.IntegrityError, sa.exc.ProgrammingError, sa.exc.OperationalError):
            # Two first runs at once both try to create the tables; the second sees them next time.
            if attempt == 2:
                raise


def _publish_if_none(conn: Connection, plan_date: dt.date, run_id: int) -> bool:
    """Publish ``run_id`` unless ``plan_date`` has a published run; whether it did."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    statement = (
        insert(published)
        .values(plan_date=plan_date, run_id=run_id, published_at=dt.datetime.now(dt.UTC))
        .on_conflict_do_nothing(index_elements=["plan_date"])
    )
    conn.execute(statement)
    # Read back rather than trust rowcount, which drivers report differently for a skipped insert.
    winner = conn.execute(sa.select(published.c.run_id).where(published.c.plan_date == plan_date)).scalar()
    return winner == run_id


def _set_published(conn: Connection, plan_date: dt.date, run_id: int) -> None:
    conn.execute(published.delete().where(published.c.plan_date == plan_date))
    conn.execute(published.insert().values(plan_date=plan_date, run_id=run_id, published_at=dt.datetime.now(dt.UTC)))


def _purge(conn: Connection, before: dt.date) -> None:
    old = sa.select(runs.c.run_id).where(runs.c.plan_date < before).scalar_subquery()
    for table in (published, outcomes, routes):
        conn.execute(table.delete().where(table.c.run_id.in_(old)))
    conn.execute(runs.delete().where(runs.c.plan_date < before))


def _stale(holder: str, started_at: dt.datetime, now: dt.datetime) -> bool:
    """A claim whose process is gone (same machine) or that is older than any plan takes."""
    if now - started_at > STALE_CLAIM:
        return True
    host, _, pid = holder.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive times; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _first_line(error: Exception) -> str:
    return str(getattr(error, "orig", error)).strip().splitlines()[0]
