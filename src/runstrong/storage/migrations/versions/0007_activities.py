"""Runs and other activities read from watch files and exports (issue 14).

Revision ID: 0007
Revises: 0006

A placeholder reserved for this change: it changes nothing yet.
"""

from __future__ import annotations

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
