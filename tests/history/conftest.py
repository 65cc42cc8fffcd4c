"""The history's tests run against both engines it supports, each a real database.

SQLite: a file in the test's folder. PostgreSQL: the server named by $MEALPLAN_TEST_POSTGRES_URL
(``.ci/run`` installs Debian's PostgreSQL, starts one and sets it); each test gets a database
of its own, dropped afterwards. Without the variable the PostgreSQL cases are skipped, and with
MEALPLAN_REQUIRE_POSTGRES=1 (as in .ci/run) a skip is a failure.
"""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

POSTGRES_ENV = "MEALPLAN_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty history database URL on each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'history.sqlite'}"
        return
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        if os.environ.get("MEALPLAN_REQUIRE_POSTGRES"):
            pytest.fail(f"MEALPLAN_REQUIRE_POSTGRES is set but {POSTGRES_ENV} is not")
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV} (bash .ci/run starts one)")
    name = f"mealplan_{uuid.uuid4().hex[:12]}"
    admin_url = sa.make_url(server).set(drivername="postgresql+psycopg")
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
