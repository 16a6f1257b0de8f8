"""A runner's own exercises, kept per account (issue 12).

Revision ID: 0006
Revises: 0005

A placeholder reserved for this change: it changes nothing yet.
"""

from __future__ import annotations

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
