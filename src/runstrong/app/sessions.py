"""Logged sessions: logging one (matched to the plan of its day), replacing or deleting it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from runstrong.app.entries import parse_entries
from runstrong.app.holds import learn_holds
from runstrong.app.learning import Held, lessons
from runstrong.app.requests import LogRequest
from runstrong.app.schedule import planned_days
from runstrong.core import inputs
from runstrong.errors import InputError, NotFound, action, ref
from runstrong.settings import Context
from runstrong.storage import limits
from runstrong.storage import repository as repo
from runstrong.storage.records import (
    AlreadyLogged,
    AthleteRecord,
    HoldRecord,
    LiftRecord,
    SessionRecord,
    SetEntry,
)

SESSION_IDS = 2**63 - 1
"""Logged sessions are numbered within 64 bits (both databases' BIGINT)."""


@dataclass(frozen=True)
class LogValues:
    """A log request's values, checked: the day, the RPE, and the session to edit or delete."""

    day: dt.date
    rpe: float | None
    edit: int | None
    delete: int | None


def check_log(request: LogRequest) -> LogValues:
    """Check a log request's values before any set is asked for or read (a shell that prompts
    for the sets calls this first; `log` calls it again, the same checks)."""
    rpe = request.rpe
    if rpe is not None and not isinstance(rpe, float):
        rpe = inputs.decimal(rpe, "rpe")
    edit = None if request.edit is None else inputs.whole(request.edit, "edit", 1, SESSION_IDS)
    delete = (
        None if request.delete is None else inputs.whole(request.delete, "delete", 1, SESSION_IDS)
    )
    if delete is not None and (edit is not None or request.entries):
        raise InputError(
            "delete", f"give either {ref('delete')} ID or {ref('edit')} ID with sets, not both"
        )
    if isinstance(request.date, dt.date):
        day = request.date
    elif request.date is None or delete is not None:  # a deletion names its session, no day
        day = dt.date.today()
    else:
        day = inputs.date(request.date, "date")
    return LogValues(day, rpe, edit, delete)


def log(ctx: Context, request: LogRequest) -> LogResult:
    """Log (or, with `edit`, replace) a session from a request: see `log_session`."""
    v = check_log(request)
    return log_session(
        ctx,
        request.athlete,
        request.entries,
        date=v.day,
        rpe=v.rpe,
        notes=request.notes,
        edit=v.edit,
        client_id=request.client_id,
    )


@dataclass(frozen=True)
class LogResult:
    """What one `log` wrote: the session, the plan it answered, and the 1RMs it taught."""

    session_id: int
    date: dt.date
    plan_id: int | None
    entries: tuple[SetEntry, ...]
    learnt: tuple[LiftRecord, ...]
    holds: tuple[HoldRecord, ...] = ()  # hold times a re-test recorded
    held: tuple[Held, ...] = ()  # 1RMs the session judged and kept, with the reason
    merged: bool = False  # added to the session already logged for that day's plan
    replayed: bool = False  # its client_id was logged before: this is that log, nothing written


def _check_rpe(rpe: float | None) -> float | None:
    if rpe is None:
        return None
    if not 1 <= rpe <= 10 or (rpe * 2) % 1 != 0:
        raise InputError("rpe", f"must be 1-10 in half steps; got {rpe:g}")
    return float(rpe)


def _same_day(
    s: Any, person: AthleteRecord, day: dt.date, rows: Sequence[SetEntry], edit: int | None
) -> list[SessionRecord]:
    """The other sessions logged that day; one that logs an exercise of `rows` again is refused:
    counted twice, its lesson would move the 1RM twice."""
    others = [x for x in repo.sessions(s, person.id, day, day) if x.id != edit]
    wanted = {r.exercise_id for r in rows}
    for other in others:
        shared = sorted(wanted & {e.exercise_id for e in other.entries})
        if shared:
            raise InputError(
                "edit",
                f"session #{other.id} already logs {', '.join(shared)} on {day}; "
                "logging it again would count it twice",
                f"change that session with `{action('log')} {ref('athlete')} {person.name} "
                f"{ref('edit')} {other.id} EXERCISE SETS...`, which replaces its sets, or remove "
                f"it with {ref('delete')} {other.id}",
            )
    return others


def _checked_client_id(client_id: str | None, edit: int | None) -> str | None:
    """A client-made id (1-64 printable characters), for a new log only."""
    if client_id is None:
        return None
    limits.client_id(client_id)
    if edit is not None:
        raise InputError("client_id", f"names a new log; give it without {ref('edit')}")
    return client_id


def _replayed(s: Any, athlete_id: int, done: SessionRecord) -> LogResult:
    """The result of a log stored before under the same client id, read back."""
    return LogResult(
        done.id,
        done.date,
        done.plan_id,
        done.entries,
        tuple(x for x in repo.lifts(s, athlete_id) if x.session_id == done.id),
        tuple(x for x in repo.holds(s, athlete_id) if x.session_id == done.id),
        replayed=True,
    )


def log_session(
    ctx: Context,
    name: str,
    tokens: Sequence[str] | None = None,
    *,
    entries: Sequence[SetEntry] | None = None,
    date: dt.date | None = None,
    rpe: float | None = None,
    notes: str = "",
    edit: int | None = None,
    client_id: str | None = None,
) -> LogResult:
    """Log a session (or replace logged session `edit`): parsed, matched to the plan of that day,
    stored, and its lessons for the 1RMs learnt, all in one transaction.

    A day's planned session is logged once: an exercise logged again that day is refused
    (`--edit` changes it), and other exercises of the same planned session are added to the
    session already logged for it, whose lessons are then redone once. A `client_id` logged
    before for this athlete gives that log back (`replayed`), writing nothing.
    """
    rpe = _check_rpe(rpe)
    limits.text(notes, "notes", limits.MAX_NOTES, free=True)  # before any other refusal
    client_id = _checked_client_id(client_id, edit)
    day = date or dt.date.today()
    if entries is not None and not entries:
        raise InputError("SETS", "nothing to log; write an exercise and its sets")
    if not ctx.db.exists():  # no logbook, so no such athlete: refused without creating one
        with ctx.db.read() as s:
            repo.athlete(s, name)
    try:
        return _write_log(ctx, name, tokens or (), entries, day, rpe, notes, edit, client_id)
    except AlreadyLogged as first:  # another process stored this client_id a moment before
        with ctx.db.read() as s:
            athlete_id = repo.athlete(s, name).id
            return _replayed(s, athlete_id, repo.logged_session(s, athlete_id, first.session_id))


def _parsed(
    ctx: Context,
    s: Any,
    person: AthleteRecord,
    tokens: Sequence[str],
    entries: Sequence[SetEntry] | None,
    rpe: float | None,
) -> tuple[Context, list[SetEntry]]:
    """The rows to log and the Context that knows their exercises. The athlete's own exercises
    are read only when the catalogue's do not cover the log (the usual log names catalogue
    exercises only: one round trip less on the web app's most frequent write)."""
    from runstrong.app.exercises import scoped_by

    if entries is not None:
        if all(e.exercise_id in ctx.catalogue for e in entries):
            return ctx, list(entries)
        return scoped_by(ctx, repo.own_exercises(s, person.id)), list(entries)
    try:
        rows = parse_entries(ctx, tokens, person.units, rpe)
    except (InputError, NotFound):
        # An unknown exercise may be one of the athlete's own (their ids and aliases never
        # shadow the catalogue's, so a log that parses without them means the same with them).
        mine = scoped_by(ctx, repo.own_exercises(s, person.id))
        if mine is ctx:
            raise
        return mine, parse_entries(mine, tokens, person.units, rpe)
    return ctx, rows


def _write_log(
    ctx: Context,
    name: str,
    tokens: Sequence[str],
    entries: Sequence[SetEntry] | None,
    day: dt.date,
    rpe: float | None,
    notes: str,
    edit: int | None,
    client_id: str | None,
) -> LogResult:
    """log_session's one transaction: the notation is read under the athlete's write lock
    (it needs their units; parsing takes a fraction of a millisecond), so a log is one
    transaction and a retried client_id is answered as soon as the lock is free."""
    with ctx.db.write() as s:
        person = repo.athlete(s, name)  # locked: this athlete's logs queue from here
        if client_id is not None:
            done = repo.session_by_client(s, person.id, client_id)
            if done is not None:
                return _replayed(s, person.id, done)
        ctx, rows = _parsed(ctx, s, person, tokens, entries, rpe)
        if not rows:
            raise InputError("SETS", "nothing to log; write an exercise and its sets")
        found = planned_days(repo.plans_covering(s, person.id, day, day), day, day)
        plan_id = found[0][0].id if found else None
        planned = found[0][1] if found else None
        plan_units = str(found[0][0].plan.get("units", person.units)) if found else None
        others = _same_day(s, person, day, rows, edit)
        answered = [x for x in others if plan_id is not None and x.plan_id == plan_id]
        merged = edit is None and bool(answered)
        if merged:
            edit = answered[0].id
            old = repo.logged_session(s, person.id, edit)
            rows = [*old.entries, *rows]
            notes = "; ".join(n for n in (old.notes, notes) if n)
        if edit is None:
            session_id = repo.add_session(
                s,
                person.id,
                date=day,
                entries=rows,
                plan_id=plan_id,
                rpe=rpe,
                notes=notes,
                client_id=client_id,
            )
        else:
            repo.drop_learnt(s, repo.logged_session(s, person.id, edit).id)
            session_id = repo.replace_session(
                s,
                person.id,
                edit,
                entries=rows,
                date=day,
                rpe=rpe,
                notes=notes,
                client_id=client_id,
            ).id
        taught = lessons(ctx, s, person, session_id, day, rows, planned, plan_units)
        held = learn_holds(ctx, s, person, session_id, day, rows, planned)
    return LogResult(
        session_id,
        day,
        plan_id,
        tuple(rows),
        tuple(taught.learnt),
        tuple(held),
        tuple(taught.held),
        merged,
    )


def delete_logged(ctx: Context, name: str, session_id: int) -> SessionRecord:
    """Remove a logged session, its sets and the estimates learnt from it."""
    with ctx.db.write() as s:
        person = repo.athlete(s, name)
        record = repo.logged_session(s, person.id, session_id)
        repo.delete_session(s, person.id, session_id)
        return record


def logged_session(ctx: Context, name: str, session_id: int) -> SessionRecord:
    """One logged session of this athlete."""
    with ctx.db.read() as s:
        return repo.logged_session(s, repo.athlete(s, name).id, session_id)
