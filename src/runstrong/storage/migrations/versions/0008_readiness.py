"""Daily readiness check-ins (issue 14): one row per athlete and day.

Revision ID: 0008
Revises: 0007

Only CREATE TABLE and CREATE INDEX: it runs in place on SQLite and touches no row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the readiness table."""
    op.create_table(
        "readiness",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athletes.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("sleep", sa.Integer, nullable=False),
        sa.Column("soreness", sa.Integer, nullable=False),
        sa.Column("stress", sa.Integer, nullable=False),
        sa.Column("motivation", sa.Integer, nullable=False),
        sa.Column("resting_hr", sa.Integer, nullable=True),
        sa.Column("hrv", sa.Float, nullable=True),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index("ux_readiness_athlete_date", "readiness", ["athlete_id", "date"], unique=True)


def downgrade() -> None:
    """Remove what upgrade added."""
    op.drop_index("ux_readiness_athlete_date", "readiness")
    op.drop_table("readiness")
