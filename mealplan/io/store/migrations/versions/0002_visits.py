"""Home visits: who visits whom, when (issue 24). A period's plan replaces the visits its offices
had on its dates; continuity reads each client's last worker from here.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visits",
        sa.Column("visit_date", sa.Date, primary_key=True),
        sa.Column("occurrence_id", sa.String(160), primary_key=True),
        sa.Column("worker_id", sa.String(64), primary_key=True),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("office_id", sa.String(64), nullable=False),
        sa.Column("service_code", sa.String(64), nullable=False),
        sa.Column("start_min", sa.Integer, nullable=False),
        sa.Column("end_min", sa.Integer, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_visits_client", "visits", ["client_id"])


def downgrade() -> None:
    op.drop_index("ix_visits_client", "visits")
    op.drop_table("visits")
