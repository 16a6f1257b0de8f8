"""An athlete's strength-training age (novice, intermediate, advanced), for `plan --athlete`.

Revision ID: 0004
Revises: 0003

Only ADD COLUMN with a server default, so every existing athlete becomes `intermediate` (the
default of `plan --experience`): it runs in place on SQLite, no table is rebuilt and no row is
touched otherwise.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add athletes.experience."""
    op.add_column(
        "athletes",
        sa.Column("experience", sa.String(20), nullable=False, server_default="intermediate"),
    )


def downgrade() -> None:
    """Remove what upgrade added."""
    op.drop_column("athletes", "experience")
