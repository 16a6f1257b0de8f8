"""Runs and other activities read from watch files and exports (issue 14).

Revision ID: 0007
Revises: 0006

Only CREATE TABLE and CREATE INDEX: it runs in place on SQLite and touches no row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the activities table."""
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athletes.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("sport", sa.String(20), nullable=False),
        sa.Column("start", sa.DateTime, nullable=False),
        sa.Column("local_start", sa.DateTime, nullable=True),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("duration_s", sa.Float, nullable=False),
        sa.Column("distance_m", sa.Float, nullable=True),
        sa.Column("elevation_gain_m", sa.Float, nullable=True),
        sa.Column("avg_hr", sa.Integer, nullable=True),
        sa.Column("max_hr", sa.Integer, nullable=True),
        sa.Column("rpe", sa.Float, nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("workout_type", sa.String(10), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("laps", sa.JSON, nullable=True),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index(
        "ux_activities_athlete_fingerprint",
        "activities",
        ["athlete_id", "fingerprint"],
        unique=True,
    )
    op.create_index("ix_activities_athlete_date", "activities", ["athlete_id", "date"])


def downgrade() -> None:
    """Drop the activities table."""
    op.drop_index("ix_activities_athlete_date", table_name="activities")
    op.drop_index("ux_activities_athlete_fingerprint", table_name="activities")
    op.drop_table("activities")
