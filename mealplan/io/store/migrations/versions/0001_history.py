"""The first history schema: runs, each client's outcome, routes, published plans, planning claims.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
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
    op.create_table(
        "outcomes",
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
    op.create_index("ix_outcomes_client", "outcomes", ["client_id"])
    op.create_table(
        "routes",
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
    op.create_table(
        "published",
        sa.Column("plan_date", sa.Date, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.run_id", ondelete="CASCADE"), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "claims",
        sa.Column("plan_date", sa.Date, primary_key=True),
        sa.Column("holder", sa.String(255), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("claims", "published", "routes", "outcomes", "runs"):
        op.drop_table(table)
