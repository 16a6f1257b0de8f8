"""A revision number per athlete, raised by every write that changes what their pages show, so
the web app can keep rendered pages and know, from the row it reads anyway, when one is stale.

Revision ID: 0009
Revises: 0008

A NOT NULL ADD COLUMN with a default: in place on SQLite and PostgreSQL, no row rewritten.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add athletes.revision, 0 for every athlete already there."""
    op.add_column("athletes", sa.Column("revision", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    """Drop athletes.revision."""
    with op.batch_alter_table("athletes") as batch:
        batch.drop_column("revision")
