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

import datetime as dt
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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
    sa.Column("plan_date", sa.Date, nullable=False),
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
    outcomes: list[dict]  # client_id, status, reason, kitchen_id, van_id, trip, stop, arrival_s
    routes: list[dict]  # van_id, trip, kitchen_id, departure_s, return_s, distance_m, stops, portions


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
            migrate(self.engine)
        except (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.ArgumentError, ValueError) as error:
            detail = mask_secrets(_first_line(error))
            raise HistoryError("history_unreachable", url=shown_url(url), detail=detail) from error
        except ModuleNotFoundError as error:
            raise HistoryError("history_driver", url=shown_url(url), detail=str(error)) from error

    def close(self) -> None:
        self.engine.dispose()

    # ---------------------------------------------------------------- claims

    @contextmanager
    def claim(self, plan_date: dt.date, holder: str | None = None) -> Iterator[None]:
        """Hold ``plan_date`` while planning it; another claim on it meanwhile is refused."""
        holder = holder or f"{socket.gethostname()}:{os.getpid()}"
        now = dt.datetime.now(dt.UTC)
        try:
            with self.engine.begin() as conn:
                conn.execute(claims.insert().values(plan_date=plan_date, holder=holder, started_at=now))
        except sa.exc.IntegrityError:
            self._take_over_or_refuse(plan_date, holder, now)
        try:
            yield
        finally:
            with self.engine.begin() as conn:
                conn.execute(claims.delete().where(claims.c.plan_date == plan_date, claims.c.holder == holder))

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
            has_published = conn.execute(
                sa.select(published.c.run_id).where(published.c.plan_date == run.plan_date)
            ).first()
            now_published = bool(publish) or (publish is None and has_published is None)
            if now_published:
                _set_published(conn, run.plan_date, run_id)
        return int(run_id), now_published

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

    def forget(self, client_id: str) -> int:
        """Delete every outcome of ``client_id`` from every run; returns how many were deleted."""
        with self.engine.begin() as conn:
            return int(conn.execute(outcomes.delete().where(outcomes.c.client_id == client_id)).rowcount or 0)

    # ---------------------------------------------------------------- reading

    def previous_deliveries(
        self, before: dt.date, client_ids: list[str] | None = None, lookback_days: int = 60
    ) -> dict[str, tuple[PreviousDelivery, ...]]:
        """Each client's newest delivery from each kitchen in the published plans of the
        ``lookback_days`` before ``before``, newest first: what stable routes start from and the
        change report compares with."""
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
                published.c.plan_date < before,
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

    def past(self, before: dt.date, lookback_days: int = 60) -> PastPlans:
        """Everything a night of ``before`` reads from the history (stable routes, change report)."""
        last = self.last_published_before(before)
        return PastPlans(
            previous=self.previous_deliveries(before, lookback_days=lookback_days),
            last_vans=self.van_clients(last[1]) if last else {},
            last_date=last[0] if last else None,
        )

    def published_run(self, plan_date: dt.date) -> int | None:
        """The run published for ``plan_date``, if any."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(published.c.run_id).where(published.c.plan_date == plan_date)).first()
        return int(row.run_id) if row else None

    def last_published_before(self, before: dt.date) -> tuple[dt.date, int] | None:
        """The newest published plan before ``before``: (date, run id)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(published.c.plan_date, published.c.run_id)
                .where(published.c.plan_date < before)
                .order_by(published.c.plan_date.desc())
            ).first()
        return (row.plan_date, int(row.run_id)) if row else None

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


def _require_existing(url: str) -> None:
    parsed = sa.make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() == "sqlite" and database and database != ":memory:" and not Path(database).is_file():
        raise HistoryError("no_history", file=database)


def _engine(url: str) -> Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
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
