"""Coaching: users who coach, a coach's links to athletes (accepted or managed), invitations
(hashed link tokens and codes, single use, expiring), squads and their members.

Revision ID: 0010
Revises: 0009

Only CREATE TABLE and CREATE INDEX: it runs in place on SQLite and PostgreSQL, no row touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _fk(name: str, target: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey(target, ondelete="CASCADE"), nullable=nullable)


def upgrade() -> None:
    """Add the coaching tables."""
    op.create_table(
        "coaches",
        sa.Column(
            "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("since", sa.DateTime, nullable=False),
    )
    op.create_table(
        "coach_links",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("coach_id", "users.id"),
        _fk("athlete_id", "athletes.id"),
        sa.Column("managed", sa.Boolean, nullable=False),
        sa.Column("since", sa.DateTime, nullable=False),
        sa.Column("ended", sa.DateTime, nullable=True),
    )
    op.create_index("ix_coach_links_coach", "coach_links", ["coach_id", "athlete_id"])
    op.create_index("ix_coach_links_athlete", "coach_links", ["athlete_id"])
    op.create_table(
        "coach_invitations",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("coach_id", "users.id"),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("email", sa.String(254), nullable=True),
        _fk("athlete_id", "athletes.id", nullable=True),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("expires", sa.DateTime, nullable=False),
        sa.Column("used", sa.DateTime, nullable=True),
        sa.Column("outcome", sa.String(10), nullable=True),
    )
    op.create_index("ix_coach_invitations_coach", "coach_invitations", ["coach_id"])
    op.create_table(
        "squads",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("coach_id", "users.id"),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("archived_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_squads_coach", "squads", ["coach_id"])
    op.create_table(
        "squad_members",
        sa.Column(
            "squad_id", sa.Integer, sa.ForeignKey("squads.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athletes.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("added", sa.DateTime, nullable=False),
    )
    op.create_index("ix_squad_members_athlete", "squad_members", ["athlete_id"])


def downgrade() -> None:
    """Drop the coaching tables."""
    for table in ("squad_members", "squads", "coach_invitations", "coach_links", "coaches"):
        op.drop_table(table)
