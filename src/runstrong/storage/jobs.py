"""The job queue in the database: enqueue, claim with a lease, run, retry, fail.

A job is run in two transactions, so that it is never done twice and never lost:

1. **claim** (short): pick one due job no live worker holds, count the attempt, and write a
   lease (`locked_by`, `locked_until`). On PostgreSQL the pick is `SELECT ... FOR UPDATE SKIP
   LOCKED`, so workers on any number of servers each take a different row without waiting; on
   SQLite the write transaction (`BEGIN IMMEDIATE`) already lets one process pick at a time.
2. **run**: re-lock the row (PostgreSQL `FOR UPDATE`; SQLite's write lock), check the lease is
   still this worker's, let the handler write its effect through the same session, and mark the
   job done: the effect and the `done` commit together or not at all.

A worker killed in between (or in the middle of step 2) leaves the job `running` with its lease:
its transaction dies with its connection, the effect with it. Once the lease has run out, another
worker claims the job again (a counted attempt). While the worker lives, its run transaction
holds the row (PostgreSQL) or the write lock (SQLite), so a handler outlasting its lease is
still never run twice. A handler that raises is rolled back and the job goes back to the queue
after a backoff, until `max_attempts`, then it is `failed` with its error kept.

Nothing here holds state between transactions on the connection (no LISTEN, no session-level
advisory lock, no temporary table), so a transaction-pooling PgBouncer in front is fine. Times
are naive UTC from the caller's clock (the servers' clocks should agree: NTP).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from runstrong.errors import InputError
from runstrong.storage.db import Database, Reader

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUSES = (QUEUED, RUNNING, DONE, FAILED)
MAX_KIND = 80
MAX_KEY = 200
MAX_WORKER = 200
MAX_ERROR = 2000
"""Characters of an error kept on the row: its first line, cut."""
MAX_ATTEMPTS = 100
STOPPED = "the worker stopped before finishing (its lease ran out)"


@dataclass(frozen=True)
class Job:
    """One job as stored."""

    id: int
    kind: str
    key: str | None
    payload: dict[str, Any]
    status: str
    attempts: int
    max_attempts: int
    run_after: dt.datetime
    locked_until: dt.datetime | None
    locked_by: str | None
    error: str | None
    result: dict[str, Any] | None
    created: dt.datetime
    started: dt.datetime | None
    finished: dt.datetime | None


Handler = Callable[["Session", Job], "dict[str, Any] | None"]
"""Runs one job: writes its effect through the session it is given (never a transaction of its
own) and returns what to keep as the job's result, or None."""


def _table() -> Any:
    from runstrong.storage.tables import JobRow

    return JobRow.__table__


def _json(value: Any) -> Any:
    """A JSON column as read: psycopg parses it, sqlite3 hands back the text."""
    if isinstance(value, str | bytes):
        return json.loads(value)
    return value


def _moment(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _maybe(value: Any) -> dt.datetime | None:
    return None if value is None else _moment(value)


COLUMNS = (
    "id, kind, key, payload, status, attempts, max_attempts, run_after, locked_until, locked_by, "
    "error, result, created, started, finished"
)


def _job(row: Any) -> Job:
    x = tuple(row)
    return Job(
        id=int(x[0]),
        kind=x[1],
        key=x[2],
        payload=_json(x[3]) or {},
        status=x[4],
        attempts=int(x[5]),
        max_attempts=int(x[6]),
        run_after=_moment(x[7]),
        locked_until=_maybe(x[8]),
        locked_by=x[9],
        error=x[10],
        result=_json(x[11]),
        created=_moment(x[12]),
        started=_maybe(x[13]),
        finished=_maybe(x[14]),
    )


def _checked(kind: str, key: str | None, max_attempts: int) -> None:
    if not kind or len(kind) > MAX_KIND or not kind.isascii() or not kind.isprintable():
        raise InputError("kind", f"must be 1-{MAX_KIND} printable ASCII characters; got {kind!r}")
    if key is not None and not 1 <= len(key) <= MAX_KEY:
        raise InputError("key", f"must be 1-{MAX_KEY} characters; got {len(key)}")
    if not 1 <= max_attempts <= MAX_ATTEMPTS:
        raise InputError("max_attempts", f"must be 1-{MAX_ATTEMPTS}; got {max_attempts}")


def enqueue(
    session: Session,
    kind: str,
    payload: Mapping[str, Any],
    *,
    now: dt.datetime,
    key: str | None = None,
    max_attempts: int = 5,
    run_after: dt.datetime | None = None,
) -> tuple[int, bool]:
    """Add a job in the caller's transaction (so it commits with whatever asked for it); with a
    `key` the kind already has, nothing is added. The job's id, and whether it is new."""
    from sqlalchemy import select

    _checked(kind, key, max_attempts)
    table = _table()
    values = {
        "kind": kind,
        "key": key,
        "payload": dict(payload),
        "status": QUEUED,
        "attempts": 0,
        "max_attempts": max_attempts,
        "run_after": run_after or now,
        "created": now,
    }
    if key is None:
        found = session.execute(table.insert().values(**values).returning(table.c.id)).scalar_one()
        return int(found), True
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    added = session.execute(
        dialect.insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["kind", "key"])
        .returning(table.c.id)
    ).scalar()
    if added is not None:
        return int(added), True
    existing = session.execute(
        select(table.c.id).where(table.c.kind == kind, table.c.key == key)
    ).scalar_one()
    return int(existing), False


def claim(
    db: Database,
    worker: str,
    *,
    now: dt.datetime,
    lease: dt.timedelta,
    kinds: Collection[str],
) -> Job | None:
    """Take one due job of `kinds` for `worker` (transaction 1): its attempt counted, its lease
    set. A job whose lease ran out with no attempt left is marked failed on the way. None when
    nothing is due."""
    from sqlalchemy import select

    if not kinds:
        return None
    table = _table()
    free = (table.c.locked_until.is_(None)) | (table.c.locked_until <= now)
    due = (
        select(table.c.id, table.c.attempts, table.c.max_attempts)
        .where(
            table.c.status.in_((QUEUED, RUNNING)),
            table.c.run_after <= now,
            free,
            table.c.kind.in_(sorted(kinds)),
        )
        .order_by(table.c.run_after, table.c.id)
        .limit(1)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite's BEGIN IMMEDIATE serializes
    )
    if not _any_due(db, now, kinds):  # a look without a write lock: most looks find nothing
        return None
    with db.write() as s:
        while True:
            row = s.execute(due).first()
            if row is None:
                return None
            job_id, attempts, most = row
            if attempts >= most:  # its last attempt's worker stopped before finishing
                s.execute(
                    table.update()
                    .where(table.c.id == job_id)
                    .values(
                        status=FAILED,
                        error=STOPPED,
                        locked_by=None,
                        locked_until=None,
                        finished=now,
                    )
                )
                continue
            s.execute(
                table.update()
                .where(table.c.id == job_id)
                .values(
                    status=RUNNING,
                    attempts=attempts + 1,
                    locked_by=worker[:MAX_WORKER],
                    locked_until=now + lease,
                    started=now,
                )
            )
            return _one(s, job_id)


def _any_due(db: Database, now: dt.datetime, kinds: Collection[str]) -> bool:
    """Whether some job of `kinds` may be claimable: one statement, no lock taken."""
    names = {f"k{i}": k for i, k in enumerate(sorted(kinds))}
    query = (
        "SELECT 1 FROM jobs WHERE status IN ('queued', 'running') AND run_after <= :now"
        " AND (locked_until IS NULL OR locked_until <= :now)"
        f" AND kind IN ({', '.join(':' + n for n in names)}) LIMIT 1"
    )
    with db.read(single=True) as r:
        # On SQLite the text SQLAlchemy stores (microseconds always written), so the text
        # comparison orders as the times do.
        moment: object = now.strftime("%Y-%m-%d %H:%M:%S.%f") if r.dialect == "sqlite" else now
        return bool(r.rows(query, {"now": moment, **names}))


def _one(s: Session, job_id: int) -> Job:
    from sqlalchemy import text

    return _job(s.execute(text(f"SELECT {COLUMNS} FROM jobs WHERE id = :id"), {"id": job_id}).one())


def run(
    db: Database, job: Job, worker: str, handler: Handler, *, clock: Callable[[], dt.datetime]
) -> Job | None:
    """Run a claimed job (transaction 2): re-lock its row, let `handler` write its effect and
    mark it done, all in one transaction. None when the job is no longer this worker's (its lease
    ran out and another worker took it): nothing was done. A handler's error rolls everything
    back and propagates (the caller records it with `failed`)."""
    from sqlalchemy import select

    table = _table()
    with db.write() as s:
        held = s.execute(
            select(table.c.id)
            .where(
                table.c.id == job.id,
                table.c.status == RUNNING,
                table.c.locked_by == worker[:MAX_WORKER],
                table.c.attempts == job.attempts,
            )
            .with_for_update()
        ).first()
        if held is None:
            return None
        result = handler(s, job)
        s.execute(
            table.update()
            .where(table.c.id == job.id)
            .values(status=DONE, result=result, locked_until=None, finished=clock())
        )
        return _one(s, job.id)


def failed(
    db: Database, job: Job, worker: str, error: str, *, now: dt.datetime, retry_at: dt.datetime
) -> Job | None:
    """Record a failed attempt: back in the queue at `retry_at`, or failed for good when it was
    the last attempt. None when the job is no longer this worker's."""
    table = _table()
    last = job.attempts >= job.max_attempts
    with db.write() as s:
        done = s.execute(
            table.update()
            .where(
                table.c.id == job.id,
                table.c.status == RUNNING,
                table.c.locked_by == worker[:MAX_WORKER],
                table.c.attempts == job.attempts,
            )
            .values(
                status=FAILED if last else QUEUED,
                error=error[:MAX_ERROR],
                locked_by=None,
                locked_until=None,
                run_after=job.run_after if last else retry_at,
                finished=now if last else None,
            )
        )
        if not getattr(done, "rowcount", 1):
            return None
        return _one(s, job.id)


def give_up(db: Database, job: Job, worker: str, error: str, *, now: dt.datetime) -> Job | None:
    """Fail a claimed job at once, whatever attempts are left (its input cannot succeed)."""
    final = replace(job, max_attempts=job.attempts)
    return failed(db, final, worker, error, now=now, retry_at=now)


def prune(session: Session, before: dt.datetime) -> int:
    """Delete the jobs done or failed before `before`; how many. Their keys are free again."""
    table = _table()
    gone = session.execute(
        table.delete().where(table.c.status.in_((DONE, FAILED)), table.c.finished < before)
    )
    return int(getattr(gone, "rowcount", 0) or 0)


# --- reads ----------------------------------------------------------------------------------------


def job(reader: Reader, job_id: int) -> Job | None:
    """One job by id, or None."""
    found = reader.rows(f"SELECT {COLUMNS} FROM jobs WHERE id = :id", {"id": job_id})
    return _job(found[0]) if found else None


def jobs(
    reader: Reader, *, status: str | None = None, kind: str | None = None, limit: int = 100
) -> list[Job]:
    """Jobs, newest first, of a status and kind when given."""
    where, params = [], {"limit": limit}
    if status is not None:
        where.append("status = :status")
        params["status"] = status  # type: ignore[assignment]
    if kind is not None:
        where.append("kind = :kind")
        params["kind"] = kind  # type: ignore[assignment]
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    query = f"SELECT {COLUMNS} FROM jobs{clause} ORDER BY id DESC LIMIT :limit"
    return [_job(r) for r in reader.rows(query, params)]


def counts(reader: Reader) -> dict[tuple[str, str], int]:
    """How many jobs of each (kind, status)."""
    rows = reader.rows("SELECT kind, status, count(*) FROM jobs GROUP BY kind, status")
    return {(str(k), str(s)): int(n) for k, s, n in rows}
