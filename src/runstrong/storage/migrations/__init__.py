"""Alembic migrations, run programmatically by `runstrong.storage.db` on first use."""
