"""Alembic environment: runs on the connection runstrong hands over (never reads alembic.ini)."""

from __future__ import annotations

from alembic import context

from runstrong.storage.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
