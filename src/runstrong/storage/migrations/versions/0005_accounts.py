"""Accounts for the web app: users, browser sessions, API tokens, sign-in failures, reset links,
calendar feeds; and a client-made id on logged sessions, so a retried log never doubles.

Revision ID: 0005
Revises: 0004

Only CREATE TABLE, CREATE INDEX and a nullable ADD COLUMN: it runs in place on SQLite, no table
is rebuilt and no row is touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _user_id() -> sa.Column[int]:
    return sa.Column(
        "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    """Add the account tables and logged_sessions.client_id."""
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athletes.id", ondelete="SET NULL"),
            nullable=True,
            unique=True,
        ),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        _user_id(),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("last_seen", sa.DateTime, nullable=False),
        sa.Column("expires", sa.DateTime, nullable=False),
    )
    op.create_index("ix_web_sessions_user", "web_sessions", ["user_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        _user_id(),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("scopes", sa.String(40), nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("last_used", sa.DateTime, nullable=True),
        sa.Column("revoked", sa.DateTime, nullable=True),
    )
    op.create_index("ix_api_tokens_user", "api_tokens", ["user_id"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_login_failures_key_at", "login_failures", ["key", "at"])
    op.create_table(
        "reset_links",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _user_id(),
        sa.Column("expires", sa.DateTime, nullable=False),
        sa.Column("used", sa.DateTime, nullable=True),
    )
    op.create_index("ix_reset_links_user", "reset_links", ["user_id"])
    op.create_table(
        "calendar_feeds",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athletes.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("revoked", sa.DateTime, nullable=True),
    )
    op.create_index("ix_calendar_feeds_athlete", "calendar_feeds", ["athlete_id"])
    op.add_column("logged_sessions", sa.Column("client_id", sa.String(64), nullable=True))
    op.create_index(
        "ux_logged_sessions_client", "logged_sessions", ["athlete_id", "client_id"], unique=True
    )


def downgrade() -> None:
    """Remove what upgrade added."""
    op.drop_index("ux_logged_sessions_client", "logged_sessions")
    op.drop_column("logged_sessions", "client_id")
    for table in ("calendar_feeds", "reset_links", "login_failures", "api_tokens"):
        op.drop_table(table)
    op.drop_table("web_sessions")
    op.drop_table("users")
