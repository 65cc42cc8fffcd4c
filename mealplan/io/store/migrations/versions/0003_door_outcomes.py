"""What came back from the door (issue 25): each stop's outcome as the driver or the worker
recorded it, in versions (a correction is a new version, the old kept); the wellness checks
the outcomes raised; the register changes they propose.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # What a planned delivery carried, for the month's bill (portions by diet); older rows: none.
    with op.batch_alter_table("outcomes") as table:
        table.add_column(sa.Column("diet_id", sa.String(64)))
        table.add_column(sa.Column("portions", sa.Integer))
    op.create_table(
        "door_outcomes",
        sa.Column("outcome_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("service", sa.String(8), nullable=False),
        sa.Column("plan_date", sa.Date, nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("stop_ref", sa.String(160), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("minutes_spent", sa.Integer),
        sa.Column("tapped_at", sa.DateTime(timezone=True)),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("request_key", sa.String(64), nullable=False),
        sa.UniqueConstraint("request_key", name="uq_door_outcomes_request"),
        sa.UniqueConstraint(
            "service", "plan_date", "client_id", "stop_ref", "version", name="uq_door_outcomes_version"
        ),
    )
    op.create_index("ix_door_outcomes_date", "door_outcomes", ["plan_date"])
    op.create_index("ix_door_outcomes_client", "door_outcomes", ["client_id"])
    op.create_table(
        "escalations",
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
    )
    op.create_index("ix_escalations_open", "escalations", ["closed_at", "office_id"])
    op.create_table(
        "proposals",
        sa.Column("proposal_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("from_date", sa.Date, nullable=False),
        sa.Column("until_date", sa.Date),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("decided_by", sa.String(64), nullable=False),
        sa.UniqueConstraint("client_id", "kind", "from_date", name="uq_proposals_day"),
    )
    op.create_table(
        "trip_tokens",
        sa.Column("plan_date", sa.Date, primary_key=True),
        sa.Column("service", sa.String(8), primary_key=True),
        sa.Column("holder", sa.String(64), primary_key=True),
        sa.Column("trip", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("generation", sa.Integer, nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("token_sha256", name="uq_trip_tokens_hash"),
    )
    op.create_table(
        "revoked_links",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "server_keys",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("server_keys")
    op.drop_table("revoked_links")
    op.drop_table("trip_tokens")
    with op.batch_alter_table("outcomes") as table:
        table.drop_column("portions")
        table.drop_column("diet_id")
    op.drop_table("proposals")
    op.drop_index("ix_escalations_open", "escalations")
    op.drop_table("escalations")
    op.drop_index("ix_door_outcomes_client", "door_outcomes")
    op.drop_index("ix_door_outcomes_date", "door_outcomes")
    op.drop_table("door_outcomes")
