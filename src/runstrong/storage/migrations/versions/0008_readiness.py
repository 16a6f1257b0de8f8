"""Daily readiness check-ins (issue 14).

Revision ID: 0008
Revises: 0007

A placeholder reserved for this change: it changes nothing yet.
"""

from __future__ import annotations

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
