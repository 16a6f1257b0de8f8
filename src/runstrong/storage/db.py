"""Opening a database: the URL, SQLite's pragmas, one transaction per unit of work, migrations.

SQLite files get WAL (readers never block the writer), foreign keys on, a 30 s busy timeout and
`BEGIN IMMEDIATE` for writes, so two processes logging at once queue instead of failing. A new or
older database is brought to the head revision on first use, under a lock (SQLite's write lock,
a PostgreSQL advisory lock) so two first uses at once migrate it once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session

from runstrong.errors import InputError

ENV_URL = "RUNSTRONG_DATABASE_URL"
ENV_DIR = "RUNSTRONG_DATA_DIR"
FILE_NAME = "runstrong.db"
HEAD = "0004"
"""The newest migration; a test checks it is Alembic's head."""

BUSY_TIMEOUT_S = 30
_MIGRATION_LOCK = 0x52554E53  # "RUNS": the PostgreSQL advisory lock key for migrations
_IMMEDIATE = "runstrong_immediate"


def data_dir() -> Path:
    """Where the default SQLite file lives (platformdirs; RUNSTRONG_DATA_DIR overrides it)."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("runstrong"))


def resolve_url(url: str | None = None) -> str:
    """`--database`, else RUNSTRONG_DATABASE_URL, else the SQLite file in the data folder."""
    if url:
        return url
    env = os.environ.get(ENV_URL)
    if env:
        return env
    return f"sqlite:///{data_dir() / FILE_NAME}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Autocommit at the driver level: SQLAlchemy's "begin" hook below issues BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(_IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


class Database:
    """An open database: `write()` and `read()` hand out a Session inside one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._writer = engine.execution_options(**{_IMMEDIATE: True})

    @property
    def url(self) -> str:
        """The URL without its password."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read-only transaction (a consistent snapshot)."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def make_engine(url: str) -> Engine:
    """An engine for `url`, with SQLite's pragmas and write locking set up."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(
            "--database",
            f"'{url}' is not a database URL",
            "e.g. sqlite:///runstrong.db or postgresql+psycopg://localhost/runstrong",
        ) from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError("--database", f"cannot create '{folder}': {exc}") from None
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=False)
    except (NoSuchModuleError, ImportError) as exc:
        raise InputError(
            "--database",
            f"no driver for '{parsed.drivername}': {exc}",
            "for PostgreSQL install runstrong[postgres] and use postgresql+psycopg://",
        ) from None


def current_revision(conn: Connection) -> str | None:
    """The schema revision recorded in the database, or None for an empty one."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Run Alembic's migrations up to `revision` inside the caller's transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


def migrate(db: Database) -> None:
    """Bring the schema to HEAD, once, even when several processes start together."""
    with db.engine.connect() as conn:
        if current_revision(conn) == HEAD:
            return
    with db._writer.begin() as conn:
        if db.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        found = current_revision(conn)
        if found == HEAD:
            return
        if found is not None and (not found.isdigit() or found > HEAD):
            raise InputError(
                "--database",
                f"the schema is at revision {found}, newer than this runstrong knows ({HEAD})",
                "upgrade runstrong",
            )
        upgrade(conn)


def connect(url: str | None = None) -> Database:
    """Open (creating and migrating as needed) the database at `url` or the default."""
    resolved = resolve_url(url)
    db = Database(make_engine(resolved))
    try:
        migrate(db)
    except SQLAlchemyError as exc:
        db.close()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise InputError("--database", f"cannot open {_redact(resolved)}: {reason}") from None
    return db
