"""Hold tests: the seconds a timed hold (the side plank) lasted in a scheduled re-test.

Revision ID: 0003
Revises: 0002

Only CREATE TABLE and CREATE INDEX: no existing table is rebuilt and no row is touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the holds table and its per-athlete index."""
    op.create_table(
        "holds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athletes.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("exercise_id", sa.String(80), nullable=False),
        sa.Column("seconds", sa.Integer, nullable=False),
        sa.Column("per_side", sa.Boolean, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("logged_sessions.id", ondelete="CASCADE"),
            nullable=True,
        ),
    )
    op.create_index("ix_holds_athlete_exercise", "holds", ["athlete_id", "exercise_id", "date"])


def downgrade() -> None:
    """Remove what upgrade added."""
    op.drop_index("ix_holds_athlete_exercise", "holds")
    op.drop_table("holds")
