"""The logbook: athletes with their equipment, limitations and running week; lifts; saved plans;
logged sessions and sets.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _athlete_fk() -> sa.Column[int]:
    return sa.Column(
        "athlete_id",
        sa.Integer,
        sa.ForeignKey("athletes.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    """Create every table of the first schema."""
    op.create_table(
        "athletes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(80), nullable=False, unique=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("units", sa.String(2), nullable=False),
        sa.Column("setup", sa.String(40), nullable=True),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_table(
        "athlete_equipment",
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athletes.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("equipment", sa.String(40), primary_key=True),
    )
    op.create_table(
        "athlete_limitations",
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athletes.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("limitation", sa.String(40), primary_key=True),
    )
    op.create_table(
        "athlete_runs",
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athletes.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("weekday", sa.Integer, primary_key=True),
        sa.Column("run_type", sa.String(20), nullable=False),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        _athlete_fk(),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("start", sa.Date, nullable=True),
        sa.Column("end", sa.Date, nullable=True),
        sa.Column("goal", sa.String(20), nullable=False),
        sa.Column("phase", sa.String(20), nullable=False),
        sa.Column("inputs", sa.JSON, nullable=False),
        sa.Column("plan", sa.JSON, nullable=False),
    )
    op.create_table(
        "logged_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        _athlete_fk(),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("rpe", sa.Float, nullable=True),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_table(
        "logged_sets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("logged_sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("exercise_id", sa.String(80), nullable=False),
        sa.Column("sets", sa.Integer, nullable=False),
        sa.Column("reps", sa.Integer, nullable=True),
        sa.Column("seconds", sa.Integer, nullable=True),
        sa.Column("load", sa.Float, nullable=True),
        sa.Column("units", sa.String(2), nullable=False),
        sa.Column("rpe", sa.Float, nullable=True),
        sa.Column("rir", sa.Float, nullable=True),
        sa.Column("notes", sa.Text, nullable=False),
    )
    op.create_table(
        "lifts",
        sa.Column("id", sa.Integer, primary_key=True),
        _athlete_fk(),
        sa.Column("exercise_id", sa.String(80), nullable=False),
        sa.Column("one_rm", sa.Float, nullable=False),
        sa.Column("weight", sa.Float, nullable=True),
        sa.Column("reps", sa.Integer, nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("formula", sa.String(20), nullable=True),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("logged_sessions.id", ondelete="CASCADE"),
            nullable=True,
        ),
    )


def downgrade() -> None:
    """Drop every table, children first."""
    for table in (
        "lifts",
        "logged_sets",
        "logged_sessions",
        "plans",
        "athlete_runs",
        "athlete_limitations",
        "athlete_equipment",
        "athletes",
    ):
        op.drop_table(table)
