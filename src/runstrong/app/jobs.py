"""Background jobs: the kinds a worker knows how to run, enqueueing them, and the runner that
claims and runs them (a thread in each web worker, or `runstrong jobs work`).

A kind is a name and a function `(ctx, session, job) -> result | None` that writes its effect
through the session it is handed: that session's transaction also marks the job done, so the
effect is written once or not at all (storage/jobs.py). Register one with `@kind(...)` in a
module named in `MODULES`; a runner claims only the kinds it knows, so during a rolling upgrade
an older server leaves a newer server's kinds alone.

The kinds today:
- `plan.check`: re-check a saved plan with the independent validator and keep the verdict as the
  job's result (`runstrong jobs check-plans` queues one per saved plan, once per runstrong
  version: after an upgrade whose validator learnt a rule, every saved plan is re-checked).
- `block.publish`: build and save a squad's block, one plan per runner (app/blocks.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from runstrong.errors import InputError, NotFound, RunstrongError
from runstrong.settings import Context
from runstrong.storage import jobs as store
from runstrong.storage.jobs import DONE, FAILED, QUEUED, RUNNING, STATUSES, Job

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = [
    "DONE",
    "FAILED",
    "KINDS",
    "QUEUED",
    "RUNNING",
    "STATUSES",
    "Job",
    "Kind",
    "Runner",
    "Timing",
    "check_plans",
    "counts",
    "enqueue",
    "enqueue_in",
    "job",
    "kind",
    "known",
    "listed",
    "prune",
    "utc_now",
]

log = logging.getLogger("runstrong.jobs")

Run = Callable[[Context, "Session", Job], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Kind:
    """A kind of job: its name, what runs it, and how often it may be tried."""

    name: str
    run: Run
    about: str
    max_attempts: int = 5


KINDS: dict[str, Kind] = {}
"""Every kind this process has registered, by name (`known()` loads them all first)."""

MODULES = ("runstrong.app.jobs", "runstrong.app.blocks")
"""The modules that register kinds: a runner imports them all before its first claim, so a kind
defined next to its use-case (e.g. a squad's publishing) is known without that module having
been imported for anything else. Add a module here when it registers a kind."""


def known() -> dict[str, Kind]:
    """Every kind, each module of `MODULES` imported first."""
    import importlib

    for module in MODULES:
        importlib.import_module(module)
    return KINDS


def kind(name: str, *, about: str, max_attempts: int = 5) -> Callable[[Run], Run]:
    """Register a function as the kind `name` (a decorator)."""

    def register(run: Run) -> Run:
        KINDS[name] = Kind(name, run, about, max_attempts)
        return run

    return register


def utc_now() -> dt.datetime:
    """Now in UTC without a time zone, as the database keeps times."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _known(name: str, kinds: Mapping[str, Kind]) -> Kind:
    if name not in kinds:
        raise InputError("kind", f"'{name}' is not a job kind; allowed: {', '.join(sorted(kinds))}")
    return kinds[name]


def enqueue_in(
    session: Session,
    name: str,
    payload: Mapping[str, Any],
    *,
    now: dt.datetime,
    key: str | None = None,
    run_after: dt.datetime | None = None,
) -> tuple[int, bool]:
    """Queue a job inside the caller's write transaction (it commits with what asked for it);
    the job's id and whether it is new (a `key` already queued for the kind adds nothing)."""
    found = _known(name, known())
    return store.enqueue(
        session,
        name,
        payload,
        now=now,
        key=key,
        max_attempts=found.max_attempts,
        run_after=run_after,
    )


def enqueue(
    ctx: Context,
    name: str,
    payload: Mapping[str, Any],
    *,
    now: dt.datetime,
    key: str | None = None,
    run_after: dt.datetime | None = None,
) -> tuple[int, bool]:
    """Queue a job in a transaction of its own; see `enqueue_in`."""
    with ctx.db.write() as s:
        return enqueue_in(s, name, payload, now=now, key=key, run_after=run_after)


def job(ctx: Context, job_id: int) -> Job:
    """One job by id (an id past 64 bits names no job: it is not sent to the database)."""
    from runstrong.storage.limits import MAX_ID

    if isinstance(job_id, bool) or not 1 <= job_id <= MAX_ID:
        raise NotFound("job", str(job_id))
    with ctx.db.read() as r:
        found = store.job(r, job_id)
    if found is None:
        raise NotFound("job", str(job_id))
    return found


def listed(
    ctx: Context, *, status: str | None = None, kind_name: str | None = None, limit: int = 100
) -> list[Job]:
    """Jobs, newest first, of a status and a kind when given."""
    if status is not None and status not in STATUSES:
        raise InputError("status", f"'{status}' is not allowed; allowed: {', '.join(STATUSES)}")
    with ctx.db.read() as r:
        return store.jobs(r, status=status, kind=kind_name, limit=limit)


def counts(ctx: Context) -> dict[str, dict[str, int]]:
    """How many jobs of each kind are in each status: {kind: {status: n}}, every status named."""
    with ctx.db.read() as r:
        found = store.counts(r)
    table: dict[str, dict[str, int]] = {}
    for (name, status), n in sorted(found.items()):
        table.setdefault(name, dict.fromkeys(STATUSES, 0))[status] = n
    return table


MAX_KEEP_DAYS = 3650


def prune(ctx: Context, days: int, *, now: dt.datetime) -> int:
    """Delete the jobs that ended (done or failed) more than `days` days ago; how many."""
    if not 1 <= days <= MAX_KEEP_DAYS:
        raise InputError("days", f"must be 1-{MAX_KEEP_DAYS}; got {days}")
    with ctx.db.write() as s:
        return store.prune(s, now - dt.timedelta(days=days))


# --- the runner -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """How a runner paces itself, in seconds."""

    lease: float = 300.0
    """How long a claimed job is held before another worker may take it again: longer than any
    kind's run (a live worker keeps its job beyond the lease anyway; this only bounds how soon a
    killed worker's job is retried)."""
    poll: float = 2.0
    """The wait between looks at an empty queue."""
    backoff: float = 10.0
    """The wait before the first retry; it doubles with each failed attempt."""
    max_backoff: float = 3600.0

    def retry_after(self, attempts: int) -> dt.timedelta:
        """The wait before the next try after `attempts` failed ones."""
        return dt.timedelta(seconds=min(self.backoff * 2 ** max(attempts - 1, 0), self.max_backoff))


def _why(exc: BaseException) -> str:
    """One line saying why a job failed: never a traceback, SQL or its parameters (the database
    errors come from storage already reduced to their first line)."""
    text = str(exc) if isinstance(exc, RunstrongError) else f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())[: store.MAX_ERROR]


def worker_name() -> str:
    """A name unique to this runner: the host, the process and a random tag."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass
class Runner:
    """Claims and runs jobs of the `kinds` it knows, one at a time."""

    ctx: Context
    timing: Timing = field(default_factory=Timing)
    kinds: Mapping[str, Kind] = field(default_factory=known)
    name: str = field(default_factory=worker_name)
    clock: Callable[[], dt.datetime] = utc_now
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def once(self) -> Job | None:
        """Claim and run one due job; the job as it ended this attempt (done, queued again or
        failed; as claimed when another worker took it over), or None when nothing was due."""
        db = self.ctx.db
        lease = dt.timedelta(seconds=self.timing.lease)
        claimed = store.claim(db, self.name, now=self.clock(), lease=lease, kinds=list(self.kinds))
        if claimed is None:
            return None
        found = self.kinds[claimed.kind]

        def handler(session: Session, j: Job) -> dict[str, Any] | None:
            return found.run(self.ctx, session, j)

        try:
            done = store.run(db, claimed, self.name, handler, clock=self.clock)
            if done is None:  # its lease ran out and another worker has it: not ours to run
                log.warning(
                    "job %s (%s) was taken over by another worker", claimed.id, claimed.kind
                )
                return claimed
            return done
        except (InputError, NotFound) as exc:  # its input cannot succeed: no retry
            log.warning("job %s (%s) failed for good: %s", claimed.id, claimed.kind, _why(exc))
            return store.give_up(db, claimed, self.name, _why(exc), now=self.clock())
        except Exception as exc:
            now = self.clock()
            log.warning(
                "job %s (%s) attempt %s failed: %s",
                claimed.id,
                claimed.kind,
                claimed.attempts,
                _why(exc),
            )
            retry = now + self.timing.retry_after(claimed.attempts)
            return store.failed(db, claimed, self.name, _why(exc), now=now, retry_at=retry)

    def drain(self) -> list[Job]:
        """Run due jobs until none is left; the jobs as each attempt ended."""
        ran = []
        while (done := self.once()) is not None:
            ran.append(done)
        return ran

    def serve(self) -> None:
        """Run jobs until `stop()`, looking again every `timing.poll` seconds when idle; an
        unreachable database is logged and tried again, never the end of the loop."""
        while not self._stop.is_set():
            try:
                busy = self.once() is not None
            except Exception as exc:
                log.error("job runner %s: %s", self.name, _why(exc))
                busy = False
            if not busy:
                self._stop.wait(self.timing.poll)

    def start(self) -> threading.Thread:
        """Run `serve` in a daemon thread (a web worker's)."""
        self._stop.clear()
        thread = threading.Thread(target=self.serve, name=f"runstrong-jobs-{self.name}")
        thread.daemon = True
        thread.start()
        self._thread = thread
        return thread

    def stop(self, wait: float = 10.0) -> None:
        """Ask the loop to end after the job in hand, and wait up to `wait` seconds for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(wait)
            self._thread = None


# --- the kinds ------------------------------------------------------------------------------------

PLAN_CHECK = "plan.check"


@kind(PLAN_CHECK, about="Re-check a saved plan with the independent validator", max_attempts=3)
def _check_plan(_ctx: Context, session: Session, j: Job) -> dict[str, Any]:
    from runstrong.storage import repository as repo
    from runstrong.validation import check_plan

    athlete, plan_id = j.payload.get("athlete"), j.payload.get("plan_id")
    if not isinstance(athlete, str) or not isinstance(plan_id, int):
        raise InputError("payload", "needs 'athlete' (a name) and 'plan_id' (a number)")
    person = repo.athlete(session, athlete)
    saved = [p for p in repo.plans(session, person.id) if p.id == plan_id]
    if not saved:
        raise NotFound("plan", str(plan_id))
    violations = check_plan(saved[0].plan)
    return {
        "athlete": person.name,
        "plan_id": plan_id,
        "ok": not violations,
        "violations": [
            {"rule": v.rule, "where": v.where, "message": v.message} for v in violations
        ],
    }


def check_plans(
    ctx: Context, athlete: str | None = None, *, now: dt.datetime
) -> list[tuple[int, bool]]:
    """Queue a `plan.check` of every saved plan (of one athlete when named), once per plan and
    runstrong version: the ids of the jobs and whether each is new."""
    from runstrong.storage import repository as repo
    from runstrong.version import __version__

    queued = []
    with ctx.db.write() as s:
        people = [repo.athlete(s, athlete)] if athlete is not None else repo.athletes(s)
        for person in people:
            for p in repo.plans(s, person.id):
                payload = {"athlete": person.name, "plan_id": p.id}
                key = f"{p.id}@{__version__}"
                queued.append(enqueue_in(s, PLAN_CHECK, payload, now=now, key=key))
    return queued
