"""Comments on sessions, share links to a plan and the plan's change log (issue 13).

Revision ID: 0012
Revises: 0011

Only CREATE TABLE and CREATE INDEX: it runs in place on SQLite and touches no row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _athlete() -> sa.Column[int]:
    return sa.Column(
        "athlete_id", sa.Integer, sa.ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False
    )


def _user(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"))


def upgrade() -> None:
    """Add session_comments, share_links and plan_changes."""
    op.create_table(
        "session_comments",
        sa.Column("id", sa.Integer, primary_key=True),
        _athlete(),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("day", sa.Date, nullable=False),
        _user("author_id"),
        sa.Column("author", sa.String(254), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index("ix_session_comments_athlete_day", "session_comments", ["athlete_id", "day"])
    op.create_table(
        "share_links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _athlete(),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        _user("created_by"),
        sa.Column("label", sa.String(80), nullable=False, server_default=""),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("expires", sa.DateTime, nullable=True),
        sa.Column("revoked", sa.DateTime, nullable=True),
    )
    op.create_index("ix_share_links_athlete", "share_links", ["athlete_id"])
    op.create_table(
        "plan_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        _athlete(),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="SET NULL")),
        _user("user_id"),
        sa.Column("who", sa.String(254), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False, server_default="[]"),
        sa.Column("reason", sa.Text, nullable=True),
    )
    op.create_index("ix_plan_changes_athlete_at", "plan_changes", ["athlete_id", "at"])


def downgrade() -> None:
    """Remove what upgrade added."""
    op.drop_index("ix_plan_changes_athlete_at", "plan_changes")
    op.drop_table("plan_changes")
    op.drop_index("ix_share_links_athlete", "share_links")
    op.drop_table("share_links")
    op.drop_index("ix_session_comments_athlete_day", "session_comments")
    op.drop_table("session_comments")
