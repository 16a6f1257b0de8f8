"""The job queue: claim, complete, retry and fail on SQLite and PostgreSQL; two worker processes
draining one queue; a worker killed while it holds a job (retried once, never lost, never twice).

Each job's effect is a row in a table of the test's own, written by the handler through the
session it is handed: counting those rows shows what committed. Times are given to the queue,
so leases and backoffs run out without sleeping; the processes wait on each other by polling
with a deadline, never by a fixed sleep.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from runstrong.errors import DatabaseError
from runstrong.storage import db
from runstrong.storage import jobs as store

T0 = dt.datetime(2027, 1, 4, 7, 0)
LEASE = dt.timedelta(seconds=30)
KINDS = ("test.effect",)


@pytest.fixture
def database(database_url: str) -> Iterator[db.Database]:
    database = db.connect(database_url)
    with database.engine.begin() as conn:
        conn.execute(text("CREATE TABLE effects (job_id INTEGER NOT NULL, worker VARCHAR(200))"))
    yield database
    database.close()


def _effects(database: db.Database) -> list[tuple[Any, ...]]:
    with database.engine.connect() as conn:
        rows = conn.execute(text("SELECT job_id, worker FROM effects ORDER BY job_id, worker"))
        return [tuple(r) for r in rows]


def _effect(worker: str, *, fail: str | None = None) -> store.Handler:
    def handler(session: Any, job: store.Job) -> dict[str, Any]:
        session.execute(
            text("INSERT INTO effects (job_id, worker) VALUES (:j, :w)"), {"j": job.id, "w": worker}
        )
        if fail is not None:
            raise RuntimeError(fail)
        return {"by": worker, "n": job.payload["n"]}

    return handler


def _enqueue(database: db.Database, n: int = 1, now: dt.datetime = T0, **options: Any) -> int:
    with database.write() as s:
        found, new = store.enqueue(s, "test.effect", {"n": n}, now=now, **options)
    assert new
    return found


def _read(database: db.Database, job_id: int) -> store.Job:
    with database.read() as r:
        found = store.job(r, job_id)
    assert found is not None
    return found


def test_the_same_key_twice_gives_one_job(database: db.Database) -> None:
    with database.write() as s:
        first = store.enqueue(s, "test.effect", {"n": 1}, now=T0, key="athlete-7")
        again = store.enqueue(s, "test.effect", {"n": 2}, now=T0, key="athlete-7")
        other_kind = store.enqueue(s, "test.other", {"n": 3}, now=T0, key="athlete-7")
        no_key = [store.enqueue(s, "test.effect", {"n": 4}, now=T0) for _ in range(2)]
    assert first[1] and not again[1] and again[0] == first[0]
    assert other_kind[1] and other_kind[0] != first[0]
    assert no_key[0][0] != no_key[1][0] and all(new for _, new in no_key)
    with database.write() as s:  # in a later transaction too
        assert store.enqueue(s, "test.effect", {"n": 5}, now=T0, key="athlete-7") == (
            first[0],
            False,
        )
    with database.read() as r:
        assert store.counts(r) == {("test.effect", "queued"): 3, ("test.other", "queued"): 1}
        assert _read(database, first[0]).payload == {"n": 1}


def test_a_claimed_job_runs_once_and_is_done_with_its_effect(database: db.Database) -> None:
    job_id = _enqueue(database, 7)
    claimed = store.claim(database, "w1", now=T0, lease=LEASE, kinds=KINDS)
    assert claimed is not None and claimed.id == job_id
    assert (claimed.status, claimed.attempts, claimed.locked_by) == ("running", 1, "w1")
    assert claimed.locked_until == T0 + LEASE
    # Held: nobody else gets it while the lease lasts.
    assert store.claim(database, "w2", now=T0 + LEASE / 2, lease=LEASE, kinds=KINDS) is None
    done = store.run(database, claimed, "w1", _effect("w1"), clock=lambda: T0 + dt.timedelta(1))
    assert done is not None
    assert (done.status, done.attempts, done.result) == ("done", 1, {"by": "w1", "n": 7})
    assert done.finished == T0 + dt.timedelta(1) and done.locked_until is None
    assert _effects(database) == [(job_id, "w1")]
    # Done is done: never claimed again, whatever the clock says.
    assert store.claim(database, "w2", now=T0 + 10 * LEASE, lease=LEASE, kinds=KINDS) is None


def test_only_due_jobs_of_known_kinds_are_claimed(database: db.Database) -> None:
    later = _enqueue(database, 1, run_after=T0 + dt.timedelta(minutes=5))
    with database.write() as s:
        store.enqueue(s, "test.unknown", {}, now=T0)
    assert store.claim(database, "w1", now=T0, lease=LEASE, kinds=KINDS) is None
    assert store.claim(database, "w1", now=T0, lease=LEASE, kinds=()) is None
    claimed = store.claim(
        database, "w1", now=T0 + dt.timedelta(minutes=5), lease=LEASE, kinds=KINDS
    )
    assert claimed is not None and claimed.id == later


def test_a_failing_job_is_rolled_back_retried_after_its_backoff_then_failed(
    database: db.Database,
) -> None:
    job_id = _enqueue(database, 1, max_attempts=2)
    claimed = store.claim(database, "w1", now=T0, lease=LEASE, kinds=KINDS)
    assert claimed is not None
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.run(database, claimed, "w1", _effect("w1", fail="disk on fire"), clock=lambda: T0)
    assert _effects(database) == []  # the handler's write went with its transaction
    retry_at = T0 + dt.timedelta(seconds=20)
    back = store.failed(
        database, claimed, "w1", "RuntimeError: disk on fire", now=T0, retry_at=retry_at
    )
    assert back is not None
    assert (back.status, back.attempts, back.error, back.run_after) == (
        "queued",
        1,
        "RuntimeError: disk on fire",
        retry_at,
    )
    assert back.locked_by is None and back.finished is None
    assert (
        store.claim(
            database, "w2", now=retry_at - dt.timedelta(seconds=1), lease=LEASE, kinds=KINDS
        )
        is None
    )
    second = store.claim(database, "w2", now=retry_at, lease=LEASE, kinds=KINDS)
    assert second is not None and (second.id, second.attempts) == (job_id, 2)
    with pytest.raises(RuntimeError):
        store.run(database, second, "w2", _effect("w2", fail="still on fire"), clock=lambda: T0)
    last = store.failed(
        database, second, "w2", "RuntimeError: still on fire", now=retry_at, retry_at=retry_at
    )
    assert last is not None
    assert (last.status, last.attempts, last.error, last.finished) == (
        "failed",
        2,
        "RuntimeError: still on fire",
        retry_at,
    )
    assert (
        store.claim(database, "w3", now=T0 + dt.timedelta(days=1), lease=LEASE, kinds=KINDS) is None
    )
    assert _effects(database) == []
    with database.read() as r:
        assert [j.id for j in store.jobs(r, status="failed")] == [job_id]


def test_an_expired_lease_passes_the_job_on_and_the_old_holder_does_nothing(
    database: db.Database,
) -> None:
    job_id = _enqueue(database, 3)
    first = store.claim(database, "w1", now=T0, lease=LEASE, kinds=KINDS)
    assert first is not None  # ...and w1 stops here, as if killed
    second = store.claim(database, "w2", now=T0 + LEASE, lease=LEASE, kinds=KINDS)
    assert second is not None and (second.id, second.attempts, second.locked_by) == (
        job_id,
        2,
        "w2",
    )
    # w1 comes back: the job is no longer its own, so its handler never runs.
    assert store.run(database, first, "w1", _effect("w1"), clock=lambda: T0) is None
    assert store.failed(database, first, "w1", "late", now=T0, retry_at=T0) is None
    done = store.run(database, second, "w2", _effect("w2"), clock=lambda: T0 + LEASE)
    assert done is not None and done.status == "done"
    assert _effects(database) == [(job_id, "w2")]


def test_a_job_whose_last_worker_died_fails_with_the_reason(database: db.Database) -> None:
    job_id = _enqueue(database, 1, max_attempts=1)
    assert store.claim(database, "w1", now=T0, lease=LEASE, kinds=KINDS) is not None
    assert store.claim(database, "w2", now=T0 + LEASE, lease=LEASE, kinds=KINDS) is None
    gone = _read(database, job_id)
    assert (gone.status, gone.attempts, gone.error) == ("failed", 1, store.STOPPED)


def test_bad_enqueues_are_refused_naming_the_field(database: db.Database) -> None:
    from runstrong.errors import InputError

    with database.write() as s:
        with pytest.raises(InputError, match="max_attempts"):
            store.enqueue(s, "test.effect", {}, now=T0, max_attempts=0)
        with pytest.raises(InputError, match="kind"):
            store.enqueue(s, "", {}, now=T0)
        with pytest.raises(InputError, match="key"):
            store.enqueue(s, "test.effect", {}, now=T0, key="x" * 201)


# --- worker processes -----------------------------------------------------------------------------

# A worker process: runs the test.effect kind through app.jobs.Runner. Its handler writes an
# effect row; with "hang" equal to the attempt it says "holding" and sleeps (to be killed); in
# "pair" mode its first job waits (deadline 10 s) until another worker has claimed a job, so
# both workers are seen at work.
CHILD = """
import json, sys, time
from sqlalchemy import text
from runstrong.app import jobs
from runstrong.settings import Context

url, name, mode, lease = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
first = [True]

def effect(ctx, s, job):
    insert = "INSERT INTO effects (job_id, worker) VALUES (:j, :w)"
    s.execute(text(insert), {"j": job.id, "w": name})
    if job.payload.get("hang") == job.attempts:
        print("holding", job.id, flush=True)
        time.sleep(120)
    if mode == "pair" and first[0]:
        first[0] = False
        deadline = time.monotonic() + 10
        seen = "SELECT count(DISTINCT locked_by) FROM jobs WHERE locked_by IS NOT NULL"
        while s.execute(text(seen)).scalar() < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
    return {"by": name}

kinds = {"test.effect": jobs.Kind("test.effect", effect, "a test", 3)}
timing = jobs.Timing(lease=lease, poll=0.05, backoff=0.05)
runner = jobs.Runner(Context.from_environment(url), timing=timing, kinds=kinds, name=name)
if mode == "until-one":
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        ran = runner.once()
        if ran is not None and ran.status == "done":
            break
        time.sleep(0.05)
    print(json.dumps({"done": 1}), flush=True)
else:
    print(json.dumps({"done": len(runner.drain())}), flush=True)
"""


def _worker(url: str, name: str, mode: str, lease: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, url, name, mode, str(lease)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _line(child: subprocess.Popen[str], deadline_s: float) -> str:
    """The child's next line of output, waited for until the deadline."""
    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], deadline_s)
    assert ready, "the worker said nothing in time"
    return child.stdout.readline().strip()


def _finish(child: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = child.communicate(timeout=30)
    assert child.returncode == 0, err
    return dict(json.loads(out.splitlines()[-1]))


def test_two_worker_processes_drain_the_queue_each_job_done_once(postgres_url: str) -> None:
    database = db.connect(postgres_url)
    with database.engine.begin() as conn:
        conn.execute(text("CREATE TABLE effects (job_id INTEGER NOT NULL, worker VARCHAR(200))"))
    ids = [_enqueue(database, n, db_now()) for n in range(50)]
    workers = [_worker(postgres_url, name, "pair", 30) for name in ("a", "b")]
    done = [_finish(w)["done"] for w in workers]
    assert sum(done) == 50
    effects = _effects(database)
    assert sorted(j for j, _ in effects) == ids  # each job's effect once, none twice
    assert {w for _, w in effects} == {"a", "b"}  # both took a share
    with database.read() as r:
        finished = store.jobs(r, limit=100)
    assert {(j.status, j.attempts) for j in finished} == {("done", 1)}
    assert {j.id: j.result for j in finished} == {j: {"by": w} for j, w in effects}
    database.close()


def test_a_killed_worker_s_job_is_retried_once_by_the_other(
    database: db.Database, database_url: str
) -> None:
    url = database_url
    with database.write() as s:
        job_id, _ = store.enqueue(s, "test.effect", {"hang": 1}, now=db_now(), max_attempts=3)
    holder = _worker(url, "killed", "until-one", 1.0)
    try:
        assert _line(holder, 20) == f"holding {job_id}"
        assert _effects(database) == []  # written, not committed
        held = _read(database, job_id)
        assert (held.status, held.attempts, held.locked_by) == ("running", 1, "killed")
        # Even past its lease, a live holder keeps the job: its transaction holds the row
        # (PostgreSQL: skipped) or the write lock (SQLite: the claim cannot start).
        assert held.locked_until is not None
        later = held.locked_until + dt.timedelta(seconds=1)
        impatient = db.connect(url, limits=db.Timeouts(lock=1))
        try:
            if impatient.dialect == "postgresql":
                assert store.claim(impatient, "x", now=later, lease=LEASE, kinds=KINDS) is None
            else:
                with pytest.raises(DatabaseError, match="busy"):
                    store.claim(impatient, "x", now=later, lease=LEASE, kinds=KINDS)
        finally:
            impatient.close()
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.communicate(timeout=10)
    assert holder.returncode == -signal.SIGKILL
    rescuer = _worker(url, "rescuer", "until-one", 1.0)
    _finish(rescuer)
    after = _read(database, job_id)
    assert (after.status, after.attempts, after.locked_by, after.result) == (
        "done",
        2,
        "rescuer",
        {"by": "rescuer"},
    )
    assert _effects(database) == [(job_id, "rescuer")]  # the killed attempt left nothing


def db_now() -> dt.datetime:
    """Now as the workers' clock reads it (naive UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=1)


# --- PgBouncer ------------------------------------------------------------------------------------


def _prepared_after_repeats(url: str) -> list[str]:
    """The statements the server holds prepared on a connection after one query ran 8 times."""
    database = db.connect(url)
    try:
        with database.engine.connect() as conn:
            for _ in range(8):
                conn.execute(text("SELECT count(*) FROM jobs WHERE status = :s"), {"s": "queued"})
            return [
                str(r[0]) for r in conn.execute(text("SELECT name FROM pg_prepared_statements"))
            ]
    finally:
        database.close()


def test_prepared_statements_can_be_turned_off_for_an_old_pgbouncer(postgres_url: str) -> None:
    assert _prepared_after_repeats(postgres_url) != []  # psycopg prepares what it runs often
    assert _prepared_after_repeats(f"{postgres_url}&prepare_threshold=none") == []
    from runstrong.errors import InputError

    with pytest.raises(InputError, match="prepare_threshold must be none or a whole number"):
        db.connect(f"{postgres_url}&prepare_threshold=sometimes")
