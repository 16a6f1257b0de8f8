"""Where a logged session came from (log or import), and the indexes history and progress need.

Revision ID: 0002
Revises: 0001

Only ADD COLUMN (with a server default, so existing rows get `log`) and CREATE INDEX: both run in
place on SQLite, no table is rebuilt and no row is touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add logged_sessions.source and the per-athlete indexes."""
    op.add_column(
        "logged_sessions",
        sa.Column("source", sa.String(10), nullable=False, server_default="log"),
    )
    op.create_index("ix_logged_sessions_athlete_date", "logged_sessions", ["athlete_id", "date"])
    op.create_index("ix_logged_sets_session", "logged_sets", ["session_id", "exercise_id"])
    op.create_index("ix_lifts_athlete_exercise", "lifts", ["athlete_id", "exercise_id", "date"])
    op.create_index("ix_plans_athlete_start", "plans", ["athlete_id", "start"])


def downgrade() -> None:
    """Remove what upgrade added."""
    op.drop_index("ix_plans_athlete_start", "plans")
    op.drop_index("ix_lifts_athlete_exercise", "lifts")
    op.drop_index("ix_logged_sets_session", "logged_sets")
    op.drop_index("ix_logged_sessions_athlete_date", "logged_sessions")
    op.drop_column("logged_sessions", "source")
