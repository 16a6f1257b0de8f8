"""A runner's own exercises, kept per athlete (issue 12).

Revision ID: 0006
Revises: 0005

Only CREATE TABLE: it runs in place on SQLite, no table is rebuilt and no row is touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add own_exercises: one row per athlete and exercise id, the entry's fields as JSON."""
    op.create_table(
        "own_exercises",
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athletes.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("exercise_id", sa.String(80), primary_key=True),
        sa.Column("entry", sa.JSON, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("updated", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    """Drop own_exercises."""
    op.drop_table("own_exercises")
