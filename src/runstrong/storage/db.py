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

import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runstrong.errors import DatabaseError, InputError

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy import Connection
    from sqlalchemy.engine import URL, Engine
    from sqlalchemy.orm import Session

WRITING = "runstrong_write"
"""Set in `Session.info` by `Database.write()`: the repository then locks what it looks up."""

ENV_TIMEOUT = "RUNSTRONG_DATABASE_TIMEOUT"
"""Named in the message of a wait that ran out (settings.py reads it)."""
HEAD = "0013"
"""The newest migration; a test checks it is Alembic's head."""

BUSY_TIMEOUT_S = 30
"""How long a statement may wait for a lock (or run) before it gives up, by default."""
CONNECT_TIMEOUT_S = 10
"""How long connecting to a database server may take, by default."""
MAX_TIMEOUT_S = 3600
POOL_SIZE = 16
"""Server connections kept open per process: the web app runs at most this many requests on
the database at once (web/app.py caps its threads to match), so none waits for a connection
and none is opened and closed per request (a new PostgreSQL connection forks a backend)."""
POOL_OVERFLOW = 4
_MIGRATION_LOCK = 0x52554E53  # "RUNS": the PostgreSQL advisory lock key for migrations
_IMMEDIATE = "runstrong_immediate"
_WAL = "runstrong_wal"
_NAMED = re.compile(r"(?<![:\w]):(\w+)")
# Tables a bulk load fills: ANALYZE gives PostgreSQL's planner their sizes (autovacuum may be off).
LOGBOOK_TABLES = (
    "athletes",
    "athlete_equipment",
    "athlete_limitations",
    "athlete_runs",
    "plans",
    "logged_sessions",
    "logged_sets",
    "lifts",
    "holds",
)

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
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

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


def database_errors() -> tuple[type[BaseException], ...]:
    """The error classes of SQLAlchemy and of the drivers loaded so far (a read on SQLite loads
    only sqlite3), for an `except` that must not import what the command did not use."""
    found: list[type[BaseException]] = []
    for module, name in (
        ("sqlalchemy.exc", "SQLAlchemyError"),
        ("sqlite3", "Error"),
        ("psycopg", "Error"),
        ("psycopg2", "Error"),
    ):
        loaded = sys.modules.get(module)
        if loaded is not None:
            found.append(getattr(loaded, name))
    return tuple(found)


@lru_cache(maxsize=512)
def _pyformat(sql: str) -> str:
    """`:name` parameters as psycopg's `%(name)s`; kept, as the queries are a fixed few."""
    return _NAMED.sub(r"%(\1)s", sql)


class Reader:
    """The DBAPI connection of one transaction, for repository.py's queries: text SQL with
    `:name` parameters, rows as plain tuples. Reads need neither the ORM nor, on a SQLite
    file, SQLAlchemy at all: a read command starts in a fraction of the time."""

    def __init__(self, connection: Any, dialect: str, *, writing: bool = False) -> None:
        self.connection = connection  # None: a database without the schema, read as empty
        self.dialect = dialect
        self.writing = writing

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Every row `sql` returns ([] on a database without the schema)."""
        if self.connection is None:
            return []
        if self.dialect != "sqlite":  # psycopg's paramstyle; no query here holds a `%`
            sql = _pyformat(sql)
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql, dict(params or {}))
            return [tuple(r) for r in cursor.fetchall()] if cursor.description else []
        finally:
            cursor.close()


class Database:
    """An open database: `write()` hands out a Session, `read()` a Reader, each inside one
    transaction. The engine (SQLAlchemy) is made on first need: a read of a SQLite file goes
    through the sqlite3 driver alone."""

    def __init__(
        self,
        url: str,
        state: str = CURRENT,
        limits: Timeouts | None = None,
        *,
        engine: Engine | None = None,
        sqlite_file: Path | None = None,
    ):
        self._url = url
        self.limits = limits or Timeouts()
        self._state = state
        self._file = sqlite_file  # set: reads open the file with sqlite3 directly
        if engine is not None:
            self.engine = engine

    @cached_property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made on first use."""
        return make_engine(self._url, self.limits)

    @cached_property
    def _writer(self) -> Engine:
        return self.engine.execution_options(**{_IMMEDIATE: True})

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return "sqlite" if self._file is not None else self.engine.dialect.name

    @property
    def url(self) -> str:
        """The URL without its password."""
        if self._file is not None:
            return self._url  # a plain SQLite file URL holds no password
        return self.engine.url.render_as_string(hide_password=True)

    def failure(self, exc: BaseException) -> DatabaseError:
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
        except database_errors() as exc:
            raise self.failure(exc) from None

    def probe(self) -> str:
        """What the database holds now (CURRENT, OLDER, EMPTY or MISSING); foreign is refused.

        One query of alembic_version answers for a current logbook; anything else (no such
        table, an older or newer revision, another application's tables) gets the full look.
        """
        path = self._file if self._file is not None else _sqlite_file(self.engine.url)
        if path is not None and not path.exists():
            return MISSING
        if self._file is not None:
            direct = self._open()
            try:
                if _is_current(direct, "sqlite"):
                    return CURRENT
            finally:
                direct.close()
        else:
            with self.engine.connect() as conn:
                if _is_current(conn.connection.dbapi_connection, self.dialect):
                    return CURRENT
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

    def exists(self) -> bool:
        """Whether there is a logbook (a write to a missing one would create it)."""
        return self._ready()

    def _ready(self) -> bool:
        """Whether the logbook's schema is there to read (an older one is migrated first)."""
        if self._state in (EMPTY, MISSING):
            with self._guard():
                self._state = self.probe()
        if self._state == OLDER:
            self.prepare_write()
        return self._state not in (EMPTY, MISSING)

    def _open(self) -> sqlite3.Connection:
        """The SQLite file opened by the driver, without creating it: one connection per read,
        so no connection is shared between threads."""
        import sqlite3
        from urllib.parse import quote

        assert self._file is not None
        uri = f"file:{quote(str(self._file.absolute()))}?mode=rw"
        conn = sqlite3.connect(uri, uri=True, timeout=self.limits.lock, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout={self.limits.lock * 1000}")
        return conn

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        from sqlalchemy.orm import Session

        self.prepare_write()
        with (
            self._guard(),
            Session(self._writer, expire_on_commit=False, info={WRITING: True}) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def read(self, *, single: bool = False) -> Iterator[Reader]:
        """One read-only transaction (a consistent snapshot); it never creates the schema.
        `single`: the block runs one statement, which needs no transaction: on a server that
        saves the BEGIN and COMMIT round trips (a page checks its session on every request)."""
        with self._guard():
            if not self._ready():
                yield Reader(None, self.dialect)
            elif self._file is not None:
                direct = self._open()
                try:
                    direct.execute("BEGIN")
                    yield Reader(direct, "sqlite")
                finally:
                    direct.close()  # ends the read transaction: nothing to keep
            elif single:
                with self.engine.connect() as conn:
                    alone = conn.execution_options(isolation_level="AUTOCOMMIT")
                    yield Reader(alone.connection.dbapi_connection, self.dialect)
            else:
                with self.engine.connect() as conn, conn.begin():
                    yield Reader(conn.connection.dbapi_connection, self.dialect)

    def check(self) -> None:
        """Read the schema's revision row, a page of the database itself (on SQLite `SELECT 1`
        opens no page of the file): a deleted, unreadable or corrupt database, or one without
        runstrong's schema, raises DatabaseError."""
        with self.read() as reader:
            found = reader.rows("SELECT version_num FROM alembic_version")
        if not found:
            raise DatabaseError(self.url, "holds no runstrong logbook")

    def analyze(self, tables: tuple[str, ...] = LOGBOOK_TABLES) -> None:
        """Refresh PostgreSQL's statistics of `tables` after a bulk load (a restore, an import):
        with autovacuum off, as on many small hosted servers, the planner would otherwise take
        a table of 500k rows for an empty one. SQLite plans from its indexes: nothing to do."""
        if self.dialect != "postgresql":
            return
        from sqlalchemy import text

        try:
            with self.engine.begin() as conn:
                conn.execute(text(f"ANALYZE {', '.join(tables)}"))
        except database_errors():
            pass  # the load is committed; statistics only speed up later reads

    def close(self) -> None:
        """Release every pooled connection."""
        if "engine" in self.__dict__:
            self.engine.dispose()


def _is_current(dbapi_connection: Any, dialect: str) -> bool:
    """Whether the database holds runstrong's schema at HEAD, in one query; False when in
    doubt (no alembic_version table, another revision), for the full look to decide."""
    athletes = (
        "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'athletes')"
        if dialect == "sqlite"
        else "(SELECT count(*) FROM (SELECT to_regclass('athletes') AS t) AS f WHERE t IS NOT NULL)"
    )
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"SELECT version_num, {athletes} FROM alembic_version")
        found = [tuple(r) for r in cursor.fetchall()]
    except database_errors():
        return False
    finally:
        cursor.close()
        dbapi_connection.rollback()
    return found == [(HEAD, 1)]


def _plain_sqlite(url: str) -> Path | None:
    """The file of a plain `sqlite:///path` URL, which reads need no SQLAlchemy to open; None
    for anything else (a server, memory, a `file:` URI, options or escapes in the URL)."""
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if url.startswith(prefix):
            rest = url[len(prefix) :]
            if not rest or rest == ":memory:" or rest.startswith("file:"):
                return None
            if any(c in rest for c in "?#%"):
                return None
            return Path(rest)
    return None


def _sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL, or None (a server, memory, or a `file:` URI)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:"):
        return None
    return Path(url.database)


def make_engine(url: str, limits: Timeouts | None = None) -> Engine:
    """An engine for `url`, with SQLite's pragmas, write locking and the timeouts set up."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

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
    if parsed.get_driver_name() == "psycopg" and "prepare_threshold" in parsed.query:
        connect_args["prepare_threshold"] = _prepare_threshold(parsed.query["prepare_threshold"])
        parsed = parsed.difference_update_query(["prepare_threshold"])
    try:
        engine = create_engine(
            parsed,
            pool_pre_ping=False,
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
            connect_args=connect_args,
        )
    except (NoSuchModuleError, ImportError) as exc:
        raise InputError(
            "database",
            f"no driver for '{parsed.drivername}': {exc}",
            "for PostgreSQL install runstrong[postgres] and use postgresql+psycopg://",
        ) from None
    if psycopg:
        event.listen(engine, "connect", _postgres_timeouts(limits.lock * 1000))
    return engine


def _prepare_threshold(value: str | tuple[str, ...]) -> int | None:
    """psycopg's `prepare_threshold` from a URL (`?prepare_threshold=none` turns prepared
    statements off, for a PgBouncer older than 1.21 in transaction pooling: docs/deploy.md)."""
    text_ = value if isinstance(value, str) else value[-1]
    if text_.lower() == "none":
        return None
    if text_.isascii() and text_.isdigit():
        return int(text_)
    raise InputError("database", f"prepare_threshold must be none or a whole number; got '{text_}'")


def current_revision(conn: Connection) -> str | None:
    """The schema revision recorded in the database, or None for an empty one."""
    from sqlalchemy import inspect, text

    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def schema_state(conn: Connection, shown: str) -> str:
    """CURRENT, OLDER or EMPTY; another application's tables or a newer schema are refused."""
    from sqlalchemy import inspect

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
    from sqlalchemy import text

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
    limits = limits or Timeouts()
    path = _plain_sqlite(url)
    if path is not None:
        db = Database(url, MISSING, limits, sqlite_file=path)
    else:
        db = Database(url, MISSING, limits, engine=make_engine(url, limits))
    try:
        if create:
            db.prepare_write()
        else:
            db._state = db.probe()
    except database_errors() as exc:
        db.close()
        raise InputError("database", f"cannot open {_redact(url)}: {reason(exc)}") from None
    except DatabaseError as exc:
        db.close()
        raise InputError("database", f"cannot open {_redact(url)}: {exc.problem}") from None
    except InputError:
        db.close()
        raise
    return db
