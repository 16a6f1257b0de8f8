"""Opening a database: the URL, bounded waits, SQLite's pragmas, one transaction per unit of work,
and the schema created or migrated on the first write only.

SQLite files get WAL (readers never block the writer), foreign keys on, a busy timeout and
`BEGIN IMMEDIATE` for writes, so two processes logging at once queue instead of failing.
PostgreSQL gets a connect timeout and lock and statement timeouts, so a stuck server or a held
lock ends in a one-line error instead of a wait without end (RUNSTRONG_CONNECT_TIMEOUT and
RUNSTRONG_DATABASE_TIMEOUT set them, in seconds).

Reads never write: a database without runstrong's schema reads as an empty logbook, a SQLite
file that does not exist is not created, and a database holding another application's tables
is refused. The first write creates or migrates the schema, under a lock (SQLite's write lock, a
PostgreSQL advisory lock) so two first writes at once migrate it once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, event, inspect, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session

from runstrong.errors import DatabaseError, InputError

WRITING = "runstrong_write"
"""Set in `Session.info` by `Database.write()`: the repository then locks what it looks up."""

ENV_TIMEOUT = "RUNSTRONG_DATABASE_TIMEOUT"
"""Named in the message of a wait that ran out (settings.py reads it)."""
HEAD = "0004"
"""The newest migration; a test checks it is Alembic's head."""

BUSY_TIMEOUT_S = 30
"""How long a statement may wait for a lock (or run) before it gives up, by default."""
CONNECT_TIMEOUT_S = 10
"""How long connecting to a database server may take, by default."""
MAX_TIMEOUT_S = 3600
_MIGRATION_LOCK = 0x52554E53  # "RUNS": the PostgreSQL advisory lock key for migrations
_IMMEDIATE = "runstrong_immediate"
_WAL = "runstrong_wal"

# What the schema of a database is: current, older (to migrate), empty, or not there at all.
CURRENT, OLDER, EMPTY, MISSING = "current", "older", "empty", "missing"


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait for a connection, and for a lock or a statement."""

    connect: int = CONNECT_TIMEOUT_S
    lock: int = BUSY_TIMEOUT_S


def _sqlite_pragmas(busy_ms: int) -> Any:
    def pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Autocommit at the driver level: SQLAlchemy's "begin" hook below issues BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    return pragmas


def _sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(_IMMEDIATE, False)
    if immediate and not conn.info.get(_WAL):
        # WAL is kept in the file: set on the write path only, so a read changes nothing.
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        conn.info[_WAL] = True
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _postgres_timeouts(lock_ms: int) -> Any:
    def settings(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"SET lock_timeout = {lock_ms}")
        cursor.execute(f"SET statement_timeout = {lock_ms}")
        cursor.close()
        dbapi_connection.commit()

    return settings


def _redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def reason(exc: BaseException) -> str:
    """The driver's first line of an error: never the SQL, its parameters or DETAIL lines."""
    found = getattr(exc, "orig", None) or exc
    lines = str(found).strip().splitlines()
    first = lines[0] if lines else type(found).__name__
    return first.split("[SQL:")[0].strip() or type(found).__name__


def _is_busy(exc: BaseException) -> bool:
    text_ = reason(exc).lower()
    return any(
        word in text_
        for word in ("database is locked", "lock timeout", "statement timeout", "database is busy")
    )


class Database:
    """An open database: `write()` and `read()` hand out a Session inside one transaction."""

    def __init__(self, engine: Engine, state: str = CURRENT, limits: Timeouts | None = None):
        self.engine = engine
        self.dialect = engine.dialect.name
        self.limits = limits or Timeouts()
        self._writer = engine.execution_options(**{_IMMEDIATE: True})
        self._state = state
        self._empty: Engine | None = None

    @property
    def url(self) -> str:
        """The URL without its password."""
        return self.engine.url.render_as_string(hide_password=True)

    def failure(self, exc: SQLAlchemyError) -> DatabaseError:
        """A database error as one line naming the database, without SQL or parameters."""
        if _is_busy(exc):
            return DatabaseError(
                self.url,
                f"busy: waited {self.limits.lock} s for a lock another process holds",
                f"try again; {ENV_TIMEOUT} sets the wait in seconds",
            )
        return DatabaseError(self.url, reason(exc))

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as exc:
            raise self.failure(exc) from None

    def probe(self) -> str:
        """What the database holds now (CURRENT, OLDER, EMPTY or MISSING); foreign is refused."""
        path = _sqlite_file(self.engine.url)
        if path is not None and not path.exists():
            return MISSING
        with self.engine.connect() as conn:
            return schema_state(conn, self.url)

    def prepare_write(self) -> None:
        """Create or migrate the schema before the first write (nothing when it is current)."""
        if self._state == CURRENT:
            return
        path = _sqlite_file(self.engine.url)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(
                    "database", f"cannot create '{path.parent}': {exc.strerror}"
                ) from None
        with self._guard():
            migrate(self)
        self._state = CURRENT

    def _reader(self) -> Engine:
        if self._state in (EMPTY, MISSING):
            with self._guard():
                self._state = self.probe()
        if self._state == OLDER:
            self.prepare_write()
        if self._state in (EMPTY, MISSING):
            return self._empty_logbook()
        return self.engine

    def _empty_logbook(self) -> Engine:
        """An empty schema in memory: what reading a database without a logbook finds."""
        if self._empty is None:
            from sqlalchemy.pool import StaticPool

            from runstrong.storage.tables import Base

            self._empty = create_engine("sqlite://", poolclass=StaticPool)
            Base.metadata.create_all(self._empty)
        return self._empty

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        self.prepare_write()
        with (
            self._guard(),
            Session(self._writer, expire_on_commit=False, info={WRITING: True}) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read-only transaction (a consistent snapshot); it never creates the schema."""
        engine = self._reader()
        with self._guard(), Session(engine, expire_on_commit=False) as session, session.begin():
            yield session

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()
        if self._empty is not None:
            self._empty.dispose()


def _sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL, or None (a server, memory, or a `file:` URI)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:"):
        return None
    return Path(url.database)


def make_engine(url: str, limits: Timeouts | None = None) -> Engine:
    """An engine for `url`, with SQLite's pragmas, write locking and the timeouts set up."""
    limits = limits or Timeouts()
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(
            "database",
            f"'{url}' is not a database URL",
            "e.g. sqlite:///runstrong.db or postgresql+psycopg://localhost/runstrong",
        ) from None
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": limits.lock})
        event.listen(engine, "connect", _sqlite_pragmas(limits.lock * 1000))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    connect_args: dict[str, Any] = {}
    psycopg = parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in (
        "psycopg",
        "psycopg2",
    )
    if psycopg and "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = limits.connect
    try:
        engine = create_engine(parsed, pool_pre_ping=False, connect_args=connect_args)
    except (NoSuchModuleError, ImportError) as exc:
        raise InputError(
            "database",
            f"no driver for '{parsed.drivername}': {exc}",
            "for PostgreSQL install runstrong[postgres] and use postgresql+psycopg://",
        ) from None
    if psycopg:
        event.listen(engine, "connect", _postgres_timeouts(limits.lock * 1000))
    return engine


def current_revision(conn: Connection) -> str | None:
    """The schema revision recorded in the database, or None for an empty one."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def schema_state(conn: Connection, shown: str) -> str:
    """CURRENT, OLDER or EMPTY; another application's tables or a newer schema are refused."""
    names = set(inspect(conn).get_table_names())
    revision = current_revision(conn) if "alembic_version" in names else None
    if not names - {"alembic_version"} and revision is None:
        return EMPTY
    ours = (
        "athletes" in names
        and revision is not None
        and len(revision) == 4
        and revision.isascii()
        and revision.isdigit()
    )
    if not ours:
        listed = ", ".join(sorted(names)[:3]) + (", ..." if len(names) > 3 else "")
        raise InputError(
            "database",
            f"{shown} holds another application's tables ({listed}) and no runstrong logbook",
            "give a new or empty database for runstrong",
        )
    assert revision is not None
    if revision > HEAD:
        raise InputError(
            "database",
            f"the schema is at revision {revision}, newer than this runstrong knows ({HEAD})",
            "upgrade runstrong",
        )
    return CURRENT if revision == HEAD else OLDER


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
            schema_state(conn, db.url)
            return
    with db._writer.begin() as conn:
        if db.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        if schema_state(conn, db.url) == CURRENT:
            return
        upgrade(conn)


def connect(url: str, *, create: bool = True, limits: Timeouts | None = None) -> Database:
    """Open the database at `url`; with `create`, create or migrate it now, else on the first
    write (reads of a database without the schema find an empty logbook)."""
    resolved = url
    limits = limits or Timeouts()
    db = Database(make_engine(resolved, limits), MISSING, limits)
    try:
        if create:
            db.prepare_write()
        else:
            db._state = db.probe()
    except SQLAlchemyError as exc:
        db.close()
        raise InputError("database", f"cannot open {_redact(resolved)}: {reason(exc)}") from None
    except DatabaseError as exc:
        db.close()
        raise InputError("database", f"cannot open {_redact(resolved)}: {exc.problem}") from None
    except InputError:
        db.close()
        raise
    return db
