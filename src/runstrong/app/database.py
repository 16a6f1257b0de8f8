"""Opening the logbook's database, the first argument of every other logbook function."""

from __future__ import annotations

from runstrong.storage.db import Database, connect


def open_database(url: str | None = None) -> Database:
    """The logbook database: `--database`, else RUNSTRONG_DATABASE_URL, else the SQLite file in
    the runstrong data folder (platformdirs; RUNSTRONG_DATA_DIR overrides it). The schema is
    created or migrated by the first write; a read never writes."""
    return connect(url, create=False)
