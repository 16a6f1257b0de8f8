"""Writes: the ORM side of the repository (re-exported by repository.py, loaded on the first
write), so a read never imports sqlalchemy.orm."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from runstrong.errors import InputError, NotFound, action
from runstrong.storage import limits
from runstrong.storage.db import WRITING
from runstrong.storage.records import (
    HOLD_SOURCES,
    LIFT_SOURCES,
    ROLES,
    SESSION_SOURCES,
    ActivityRecord,
    AlreadyLogged,
    AthleteLinks,
    AthleteRecord,
    SessionRecord,
    SetEntry,
)
from runstrong.storage.repository import (
    WEEKDAYS,
    athlete_key,
    check_entry,
    lock_name,
    now,
    session_id_checked,
    source_checked,
)
from runstrong.storage.tables import (
    ActivityRow,
    AthleteRow,
    CalendarFeedRow,
    EquipmentRow,
    HoldRow,
    LiftRow,
    LimitationRow,
    LoginFailureRow,
    OwnExerciseRow,
    PlanRow,
    ReadinessRow,
    ResetLinkRow,
    RunDayRow,
    SessionRow,
    SetRow,
    TokenRow,
    UserRow,
    WebSessionRow,
)


def _profile_values(
    name: str | None,
    units: str | None,
    setup: str | None,
    equipment: Sequence[str] | None,
    avoid: Sequence[str] | None,
    runs: dict[int, str] | None,
) -> str | None:
    """Check a profile's values as they will be stored; returns the tidied name."""
    tidy = None
    if name is not None:
        tidy = limits.tidy_name(name)
        if not tidy:
            raise InputError("name", "must not be empty (invisible characters do not count)")
        limits.text(tidy, "name", limits.NAME_LENGTH)
        if len(athlete_key(tidy)) > limits.NAME_LENGTH:  # NFKC can lengthen a name
            raise InputError("name", f"at most {limits.NAME_LENGTH} characters once normalised")
    if units is not None and units not in ("kg", "lb"):
        raise InputError("units", f"'{units}' is not allowed; allowed: kg, lb")
    if setup is not None:
        limits.text(setup, "setup", limits.SETUP_LENGTH)
    for item in equipment or ():
        limits.text(item, "equipment", limits.SETUP_LENGTH)
    for item in avoid or ():
        limits.text(item, "avoid", limits.SETUP_LENGTH)
    for weekday, run_type in (runs or {}).items():
        limits.whole(weekday, "runs", 0, 6)
        limits.text(run_type, "runs", limits.WORD_LENGTH)
    return tidy


# --- athletes -------------------------------------------------------------------------------------


def _runs_text(rows: Iterable[RunDayRow]) -> str:
    return ",".join(
        f"{WEEKDAYS[r.weekday]}={r.run_type}" for r in sorted(rows, key=lambda r: r.weekday)
    )


def _athlete(row: AthleteRow) -> AthleteRecord:
    return AthleteRecord(
        id=row.id,
        name=row.name,
        units=row.units,
        setup=row.setup,
        equipment=tuple(sorted(e.equipment for e in row.equipment)),
        avoid=tuple(sorted(lim.limitation for lim in row.limitations)),
        runs=_runs_text(row.runs),
        created=row.created,
        experience=row.experience,
    )


def _row(session: Session, name: str) -> AthleteRow:
    key = athlete_key(name)
    if not key or len(key) > limits.NAME_LENGTH or "\x00" in key:  # no athlete has that name
        raise NotFound("athlete", name, hint=f"see `{action('athlete list')}`")
    query = select(AthleteRow).where(AthleteRow.key == key)
    if session.info.get(WRITING):
        # One writer per athlete at a time: a log, an edit of a session and the 1RMs learnt from
        # it never interleave with another process's (SELECT ... FOR UPDATE; SQLite: no-op, its
        # BEGIN IMMEDIATE already serializes writers).
        lock_name(session, athlete_key(name))
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None:
        raise NotFound("athlete", name, hint=f"see `{action('athlete list')}`")
    return row


_RAISE_REVISION = text("UPDATE athletes SET revision = revision + 1 WHERE id = :id")
_COUNTED = "runstrong_changed"
"""`Session.info` key: the athletes whose revision this transaction has raised already."""


def changed(session: Session, athlete_id: int) -> None:
    """Count a change to what an athlete's pages show, in the same transaction: a cache keyed
    by the revision (the web app's rendered pages) then never serves what was true before.
    Once per transaction and athlete is enough: the count differs after the commit."""
    counted: set[int] = session.info.setdefault(_COUNTED, set())
    if athlete_id in counted:
        return
    counted.add(athlete_id)
    # Plain SQL on the transaction's connection: the ORM's bulk-update path costs about a
    # millisecond of CPU a call, and a log makes this call on every request.
    session.connection().execute(_RAISE_REVISION, {"id": athlete_id})


def _set_profile(
    row: AthleteRow,
    equipment: Sequence[str] | None,
    avoid: Sequence[str] | None,
    runs: dict[int, str] | None,
) -> None:
    if equipment is not None:
        row.equipment = [EquipmentRow(equipment=e) for e in sorted(set(equipment))]
    if avoid is not None:
        row.limitations = [LimitationRow(limitation=a) for a in sorted(set(avoid))]
    if runs is not None:
        row.runs = [RunDayRow(weekday=d, run_type=t) for d, t in sorted(runs.items())]


def create_athlete(
    session: Session,
    *,
    name: str,
    units: str,
    setup: str | None,
    equipment: Sequence[str] = (),
    avoid: Sequence[str] = (),
    runs: dict[int, str] | None = None,
    created: dt.datetime | None = None,
    experience: str = "intermediate",
) -> AthleteRecord:
    """A new athlete; a name already taken (in any case) is refused."""
    tidy = _profile_values(name, units, setup, equipment, avoid, runs)
    key = athlete_key(name)
    lock_name(session, key)
    if session.scalar(select(AthleteRow.id).where(AthleteRow.key == key)) is not None:
        raise InputError("name", f"an athlete named '{name}' exists", "pick another name")
    row = AthleteRow(key=key, name=tidy, units=units, setup=setup)
    row.experience = experience
    row.created = limits.moment(created, "created") if created else now()
    _set_profile(row, equipment, avoid, runs or {})
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        # Another process took the name between the check and the insert.
        taken = InputError("name", f"an athlete named '{name}' exists", "pick another name")
        raise taken from None
    return _athlete(row)


def update_athlete(
    session: Session,
    current: str,
    *,
    name: str | None = None,
    units: str | None = None,
    setup: str | None = None,
    clear_setup: bool = False,
    equipment: Sequence[str] | None = None,
    avoid: Sequence[str] | None = None,
    runs: dict[int, str] | None = None,
    experience: str | None = None,
) -> AthleteRecord:
    """Change the given fields of an athlete's profile."""
    tidy = _profile_values(name, units, setup, equipment, avoid, runs)
    row = _row(session, current)
    if name is not None and tidy is not None and athlete_key(name) != row.key:
        lock_name(session, athlete_key(name))
        taken = session.scalar(select(AthleteRow.id).where(AthleteRow.key == athlete_key(name)))
        if taken is not None:
            raise InputError("name", f"an athlete named '{name}' exists", "pick another name")
        row.key, row.name = athlete_key(name), tidy
    elif tidy is not None:
        row.name = tidy  # the same athlete, written another way
    if units is not None:
        row.units = units
    if setup is not None or clear_setup:
        row.setup = setup
    if experience is not None:
        row.experience = experience
    _set_profile(row, equipment, avoid, runs)
    session.flush()
    changed(session, row.id)
    return _athlete(row)


def delete_athlete(session: Session, name: str) -> None:
    """Remove an athlete and everything logged for them."""
    row = _row(session, name)
    session.execute(delete(AthleteRow).where(AthleteRow.id == row.id))


def detach_athlete(session: Session, name: str) -> AthleteLinks:
    """Remove an athlete to re-create it (a restore's replace), returning its logins and
    calendar feeds, which the delete unlinks and drops, for `relink_athlete`."""
    row = _row(session, name)
    users = session.scalars(
        select(UserRow.id).where(UserRow.athlete_id == row.id).order_by(UserRow.id)
    )
    feeds = session.execute(
        select(CalendarFeedRow.token_hash, CalendarFeedRow.created, CalendarFeedRow.revoked)
        .where(CalendarFeedRow.athlete_id == row.id)
        .order_by(CalendarFeedRow.created)
    )
    links = AthleteLinks(tuple(users), tuple((h, c, r) for h, c, r in feeds))
    session.execute(delete(AthleteRow).where(AthleteRow.id == row.id))
    session.flush()
    return links


def relink_athlete(session: Session, athlete_id: int, links: AthleteLinks) -> None:
    """Point the logins and calendar feeds `detach_athlete` kept at the re-created athlete."""
    if links.user_ids:
        session.execute(
            update(UserRow).where(UserRow.id.in_(links.user_ids)).values(athlete_id=athlete_id)
        )
    changed(session, athlete_id)
    for token_hash, created, revoked in links.feeds:
        session.add(
            CalendarFeedRow(
                token_hash=token_hash, athlete_id=athlete_id, created=created, revoked=revoked
            )
        )
    session.flush()


# --- lifts ----------------------------------------------------------------------------------------


def add_lift(
    session: Session,
    athlete_id: int,
    *,
    exercise_id: str,
    one_rm: float,
    date: dt.date,
    source: str,
    weight: float | None = None,
    reps: int | None = None,
    formula: str | None = None,
    session_id: int | None = None,
) -> int:
    """Record a 1RM (tested or estimated); the latest one per exercise is the current one."""
    limits.slug(exercise_id, "exercise")
    limits.one_rm(one_rm, "one_rm")
    limits.day(date, "date")
    source_checked(source, LIFT_SOURCES)
    limits.load(weight, "weight")
    limits.reps(reps, "reps")
    if formula is not None:
        limits.text(formula, "formula", limits.WORD_LENGTH)
    values = {
        "athlete_id": athlete_id,
        "exercise_id": exercise_id,
        "one_rm": one_rm,
        "date": date,
        "source": source,
        "weight": weight,
        "reps": reps,
        "formula": formula,
        "session_id": session_id,
    }
    return _insert(session, LiftRow, values)


# --- holds ----------------------------------------------------------------------------------------


def add_hold(
    session: Session,
    athlete_id: int,
    *,
    exercise_id: str,
    seconds: int,
    date: dt.date,
    source: str,
    per_side: bool = False,
    session_id: int | None = None,
) -> int:
    """Record a hold test's seconds; the latest one per exercise is the current one."""
    limits.slug(exercise_id, "exercise")
    limits.seconds(seconds, "seconds")
    limits.day(date, "date")
    source_checked(source, HOLD_SOURCES)
    values = {
        "athlete_id": athlete_id,
        "exercise_id": exercise_id,
        "seconds": seconds,
        "per_side": per_side,
        "source": source,
        "date": date,
        "session_id": session_id,
    }
    return _insert(session, HoldRow, values)


def _insert(
    session: Session, row: type[LiftRow | HoldRow | PlanRow], values: dict[str, Any]
) -> int:
    """Insert one row of an athlete's (a Core insert: a log writes these on every request, a
    squad's block two hundred plans, and the ORM's unit of work costs about a millisecond
    each); returns its id."""
    table = _table(row)
    found = session.execute(insert(table).values(values).returning(table.c.id)).scalar()
    assert found is not None
    changed(session, int(values["athlete_id"]))
    return int(found)


# --- plans ----------------------------------------------------------------------------------------


def save_plan(
    session: Session,
    athlete_id: int,
    *,
    plan: dict[str, Any],
    inputs: dict[str, Any],
    start: dt.date | None,
    end: dt.date | None,
    goal: str,
    phase: str,
    created: dt.datetime | None = None,
) -> int:
    """Store a plan's JSON with the inputs it was built from."""
    for value, field in ((plan, "plan"), (inputs, "inputs")):
        if not isinstance(value, dict):
            raise InputError(field, "must be a JSON object")
        limits.depth(value, field)
    for edge, field in ((start, "start"), (end, "end")):
        if edge is not None:
            limits.day(edge, field)
    limits.text(goal, "goal", limits.WORD_LENGTH)
    limits.text(phase, "phase", limits.WORD_LENGTH)
    values = {
        "athlete_id": athlete_id,
        "created": limits.moment(created, "created") if created else now(),
        "start": start,
        "end": end,
        "goal": goal,
        "phase": phase,
        "inputs": inputs,
        "plan": plan,
    }
    return _insert(session, PlanRow, values)


def update_plan(
    session: Session,
    athlete_id: int,
    plan_id: int,
    *,
    plan: dict[str, Any],
    start: dt.date | None,
    end: dt.date | None,
) -> None:
    """Replace a saved plan's JSON and dates in place (a coach's change to one session): the
    plan keeps its id, so logs and links naming it still do. Its `created` becomes now (later
    than before, by a microsecond at least), as a new plan's is: every process's parsed-plan
    cache is keyed by it, so none serves the plan as it was."""
    limits.depth(plan, "plan")
    for edge, field in ((start, "start"), (end, "end")):
        if edge is not None:
            limits.day(edge, field)
    table = _table(PlanRow)
    mine = (table.c.id == plan_id, table.c.athlete_id == athlete_id)
    before = session.execute(select(table.c.created).where(*mine)).scalar()
    if before is None:
        raise NotFound("plan", str(plan_id))
    created = now()
    if created <= before:
        created = before + dt.timedelta(microseconds=1)
    session.execute(
        update(table).where(*mine).values(plan=plan, start=start, end=end, created=created)
    )
    changed(session, athlete_id)


# --- logged sessions ------------------------------------------------------------------------------


def _check_session(
    date: dt.date | None, rpe: float | None, notes: str | None, entries: Sequence[SetEntry] | None
) -> None:
    if date is not None:
        limits.day(date, "date")
    limits.optional(rpe, "rpe", 1, limits.MAX_RPE)
    if notes is not None:
        limits.text(notes, "notes", limits.MAX_NOTES, free=True)
    for e in entries or ():
        check_entry(e)


def _set_rows(entries: Sequence[SetEntry]) -> list[SetRow]:
    return [
        SetRow(
            position=i,
            exercise_id=e.exercise_id,
            sets=e.sets,
            reps=e.reps,
            seconds=e.seconds,
            load=e.load,
            units=e.units,
            rpe=e.rpe,
            rir=e.rir,
            notes=e.notes,
        )
        for i, e in enumerate(entries)
    ]


def _entry(r: SetRow) -> SetEntry:
    return SetEntry(
        exercise_id=r.exercise_id,
        sets=r.sets,
        reps=r.reps,
        seconds=r.seconds,
        load=r.load,
        units=r.units,
        rpe=r.rpe,
        rir=r.rir,
        notes=r.notes,
    )


def _session(row: SessionRow) -> SessionRecord:
    return SessionRecord(
        id=row.id,
        date=row.date,
        plan_id=row.plan_id,
        rpe=row.rpe,
        notes=row.notes,
        source=row.source,
        created=row.created,
        entries=tuple(_entry(r) for r in row.sets),
    )


def add_session(
    session: Session,
    athlete_id: int,
    *,
    date: dt.date,
    entries: Sequence[SetEntry],
    plan_id: int | None = None,
    rpe: float | None = None,
    notes: str = "",
    source: str = "log",
    created: dt.datetime | None = None,
    client_id: str | None = None,
) -> int:
    """Store a logged session with its exercises; returns its id. A `client_id` (the id a client
    made, so a retry never doubles) already stored for this athlete raises AlreadyLogged."""
    _check_session(date, rpe, notes, entries)
    source_checked(source, SESSION_SOURCES)
    if client_id is not None:
        limits.text(client_id, "client_id", limits.CLIENT_ID_LENGTH)
    values = {
        "athlete_id": athlete_id,
        "date": date,
        "plan_id": plan_id,
        "rpe": rpe,
        "notes": notes,
        "source": source,
        "created": limits.moment(created, "created") if created else now(),
        "client_id": client_id,
    }
    # Core inserts, not the ORM's unit of work: a log is the web app's most frequent write, and
    # the unit of work cost it about 2 ms of CPU. A client id stored already (by a writer that
    # committed first: the unique index waits for it) inserts nothing, and the transaction
    # goes on: no savepoint needed (both databases know ON CONFLICT DO NOTHING).
    table = _table(SessionRow)
    if client_id is None:
        stored = session.execute(insert(table).values(values).returning(table.c.id)).scalar()
    else:
        upsert = _dialect_insert(session)(table).values(values)
        stored = session.execute(
            upsert.on_conflict_do_nothing(index_elements=["athlete_id", "client_id"]).returning(
                table.c.id
            )
        ).scalar()
        if stored is None:
            found = session.scalar(
                select(SessionRow.id).where(
                    SessionRow.athlete_id == athlete_id, SessionRow.client_id == client_id
                )
            )
            assert found is not None  # the conflict was this row's
            raise AlreadyLogged(found)
    assert stored is not None
    if entries:
        session.execute(insert(_table(SetRow)), _set_values(stored, entries))
    changed(session, athlete_id)
    return int(stored)


def _table(row: type[Any]) -> Table:
    """A mapped class's table, for Core statements (no ORM bookkeeping on the way)."""
    return cast(Table, row.__table__)


def _dialect_insert(session: Session) -> Any:
    """The INSERT construct of the session's database, which knows ON CONFLICT."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert
    from sqlalchemy.dialects import sqlite

    return sqlite.insert


def _set_values(session_id: int, entries: Sequence[SetEntry]) -> list[dict[str, Any]]:
    return [
        {
            "session_id": session_id,
            "position": i,
            "exercise_id": e.exercise_id,
            "sets": e.sets,
            "reps": e.reps,
            "seconds": e.seconds,
            "load": e.load,
            "units": e.units,
            "rpe": e.rpe,
            "rir": e.rir,
            "notes": e.notes,
        }
        for i, e in enumerate(entries)
    ]


def _session_row(session: Session, athlete_id: int, session_id: int) -> SessionRow:
    row = session.get(SessionRow, session_id_checked(session_id))
    if row is None or row.athlete_id != athlete_id:
        raise NotFound("edit/delete", str(session_id), hint=f"see `{action('history')}`")
    return row


def replace_session(
    session: Session,
    athlete_id: int,
    session_id: int,
    *,
    entries: Sequence[SetEntry] | None = None,
    date: dt.date | None = None,
    rpe: float | None = None,
    notes: str | None = None,
    client_id: str | None = None,
) -> SessionRecord:
    """Edit a logged session: new entries replace the old ones; other fields change if given (a
    `client_id` only when the session has none: a log merged into it is found again by it)."""
    _check_session(date, rpe, notes, entries)
    row = _session_row(session, athlete_id, session_id)
    if client_id is not None and row.client_id is None:
        row.client_id = limits.text(client_id, "client_id", limits.CLIENT_ID_LENGTH)
    if entries is not None:
        row.sets = _set_rows(entries)
    if date is not None:
        row.date = date
    if rpe is not None:
        row.rpe = rpe
    if notes is not None:
        row.notes = notes
    session.flush()
    changed(session, athlete_id)
    return _session(row)


def drop_learnt(session: Session, session_id: int) -> None:
    """Forget the 1RMs and hold times learnt from one logged session (before it is edited)."""
    session.execute(delete(LiftRow).where(LiftRow.session_id == session_id))
    session.execute(delete(HoldRow).where(HoldRow.session_id == session_id))


def delete_session(session: Session, athlete_id: int, session_id: int) -> None:
    """Remove a logged session and its sets."""
    row = _session_row(session, athlete_id, session_id)
    session.execute(delete(SessionRow).where(SessionRow.id == row.id))
    changed(session, athlete_id)


# --- accounts -------------------------------------------------------------------------------------

_USERS_LOCK = 0x55534552  # "USER": the PostgreSQL advisory lock of creating a user


def create_user(
    session: Session,
    *,
    email: str,
    password_hash: str,
    athlete_id: int | None,
    role: str,
    created: dt.datetime,
) -> int:
    """A new user; the first of the database is the owner whatever `role` asks. An email or an
    athlete that already has an account is refused."""
    if role not in ROLES:
        raise InputError("role", f"'{role}' is not allowed; allowed: {', '.join(ROLES)}")
    if session.get_bind().dialect.name == "postgresql":
        # Two first sign-ups at once make one owner (SQLite's writes already queue).
        session.execute(select(func.pg_advisory_xact_lock(_USERS_LOCK)))
    if session.scalar(select(UserRow.id).where(UserRow.email == email)) is not None:
        raise InputError("email", "already has an account")
    if athlete_id is not None:
        linked = session.scalar(select(UserRow.id).where(UserRow.athlete_id == athlete_id))
        if linked is not None:
            raise InputError("athlete", "already has an account (one login per athlete)")
    first = session.scalar(select(func.count()).select_from(UserRow)) == 0
    row = UserRow(
        email=email,
        password_hash=password_hash,
        athlete_id=athlete_id,
        role="owner" if first else role,
        created=limits.moment(created, "created"),
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        # Another process took the email or the athlete between the check and the insert.
        raise InputError("email", "already has an account") from None
    return row.id


def set_password(session: Session, user_id: int, password_hash: str) -> None:
    """Replace a user's password hash."""
    session.execute(
        update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash)
    )


def delete_user(session: Session, user_id: int) -> bool:
    """Remove a user with their athlete and everything of both; False when there is no such
    user. Sessions, tokens and reset links go with the user, feeds and logs with the athlete."""
    row = session.get(UserRow, user_id)
    if row is None:
        return False
    athlete_id = row.athlete_id
    session.execute(delete(UserRow).where(UserRow.id == user_id))
    if athlete_id is not None:
        session.execute(delete(AthleteRow).where(AthleteRow.id == athlete_id))
    session.expunge_all()
    return True


def link_user(session: Session, user_id: int, athlete_id: int) -> None:
    """Make `athlete_id` the user's athlete (a restore re-creates the athlete under a new id)."""
    session.execute(update(UserRow).where(UserRow.id == user_id).values(athlete_id=athlete_id))


def add_web_session(
    session: Session,
    *,
    id_hash: str,
    user_id: int,
    csrf: str,
    created: dt.datetime,
    expires: dt.datetime,
    idle_since: dt.datetime,
) -> None:
    """Store a signed-in browser; sessions past their end or idle since `idle_since` go."""
    session.execute(
        delete(WebSessionRow).where(
            (WebSessionRow.expires <= created) | (WebSessionRow.last_seen < idle_since)
        )
    )
    row = WebSessionRow(
        id_hash=id_hash,
        user_id=user_id,
        csrf=csrf,
        created=created,
        last_seen=created,
        expires=expires,
    )
    session.add(row)
    session.flush()


def touch_web_session(session: Session, id_hash: str, at: dt.datetime) -> None:
    """Record that a browser session was seen at `at`."""
    session.execute(
        update(WebSessionRow).where(WebSessionRow.id_hash == id_hash).values(last_seen=at)
    )


def delete_web_session(session: Session, id_hash: str) -> None:
    """Sign one browser out."""
    session.execute(delete(WebSessionRow).where(WebSessionRow.id_hash == id_hash))


def delete_web_sessions(session: Session, user_id: int) -> None:
    """Sign a user out everywhere."""
    session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user_id))


def add_login_failure(
    session: Session, keys: Sequence[str], at: dt.datetime, forget_before: dt.datetime
) -> None:
    """Count a failed sign-in under each key; failures older than `forget_before` go."""
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < forget_before))
    session.add_all(LoginFailureRow(key=key, at=at) for key in keys)
    session.flush()


def clear_login_failures(session: Session, key: str) -> None:
    """Forget the failed sign-ins under `key` (after a success)."""
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.key == key))


def add_reset_link(
    session: Session, *, token_hash: str, user_id: int, expires: dt.datetime
) -> None:
    """Store a password-reset link by its token's hash."""
    session.add(ResetLinkRow(token_hash=token_hash, user_id=user_id, expires=expires))
    session.flush()


def use_reset_link(session: Session, token_hash: str, at: dt.datetime) -> int | None:
    """Mark a reset link used and hand back its user's id; None when it is unknown, used or
    expired. The row is locked, so two uses at once find it once."""
    row = session.scalar(
        select(ResetLinkRow).where(ResetLinkRow.token_hash == token_hash).with_for_update()
    )
    if row is None or row.used is not None or row.expires <= at:
        return None
    row.used = at
    session.flush()
    return row.user_id


def add_token(
    session: Session,
    *,
    user_id: int,
    name: str,
    token_hash: str,
    scopes: Sequence[str],
    created: dt.datetime,
) -> int:
    """Store an API token by its hash; returns its id."""
    row = TokenRow(
        user_id=user_id,
        name=name,
        token_hash=token_hash,
        scopes=",".join(scopes),
        created=created,
    )
    session.add(row)
    session.flush()
    return row.id


def touch_token(session: Session, token_id: int, at: dt.datetime) -> None:
    """Record that a token was used at `at`."""
    session.execute(update(TokenRow).where(TokenRow.id == token_id).values(last_used=at))


def revoke_token(session: Session, user_id: int, token_id: int, at: dt.datetime) -> bool:
    """Revoke one of the user's tokens (kept listed); False when the user has no such token."""
    row = session.get(TokenRow, token_id)
    if row is None or row.user_id != user_id:
        return False
    if row.revoked is None:
        row.revoked = at
    session.flush()
    return True


def add_calendar_feed(
    session: Session, *, athlete_id: int, token_hash: str, created: dt.datetime
) -> None:
    """Store an athlete's new calendar feed, revoking the ones before it."""
    revoke_feeds(session, athlete_id, created)
    session.add(CalendarFeedRow(token_hash=token_hash, athlete_id=athlete_id, created=created))
    session.flush()


def revoke_feeds(session: Session, athlete_id: int, at: dt.datetime) -> None:
    """Revoke every live calendar feed of an athlete."""
    session.execute(
        update(CalendarFeedRow)
        .where(CalendarFeedRow.athlete_id == athlete_id, CalendarFeedRow.revoked.is_(None))
        .values(revoked=at)
    )


# --- activities (revision 0007) -------------------------------------------------------------------


def add_activities(session: Session, athlete_id: int, found: Sequence[ActivityRecord]) -> int:
    """Store activities (their `id` is ignored); returns how many. The caller leaves out those
    already stored: a fingerprint stored twice for one athlete fails the unique index."""
    at = now()
    for a in found:
        limits.text(a.name, "name", 200)
        limits.moment(a.start, "start")
        limits.day(a.date, "date")
        limits.number(a.duration_s, "duration_s", 0, 30 * 24 * 3600, above=True)
        session.add(
            ActivityRow(
                athlete_id=athlete_id,
                fingerprint=a.fingerprint,
                sport=a.sport,
                start=a.start,
                local_start=a.local_start,
                date=a.date,
                duration_s=a.duration_s,
                distance_m=a.distance_m,
                elevation_gain_m=a.elevation_gain_m,
                avg_hr=a.avg_hr,
                max_hr=a.max_hr,
                rpe=a.rpe,
                name=a.name,
                workout_type=a.workout_type,
                source=a.source[:300],
                laps=[list(lap) for lap in a.laps] or None,
                created=at,
            )
        )
    session.flush()
    if found:
        changed(session, athlete_id)
    return len(found)


# --- readiness check-ins (revision 0008) ----------------------------------------------------------


def save_checkin(
    session: Session,
    athlete_id: int,
    *,
    date: dt.date,
    sleep: int,
    soreness: int,
    stress: int,
    motivation: int,
    resting_hr: int | None = None,
    hrv: float | None = None,
    created: dt.datetime | None = None,
) -> int:
    """Store the day's check-in; a second one the same day replaces the first (one row a day)."""
    limits.day(date, "date")
    for name, value in (
        ("sleep", sleep),
        ("soreness", soreness),
        ("stress", stress),
        ("motivation", motivation),
    ):
        limits.whole(value, name, 1, 10)
    if resting_hr is not None:
        limits.whole(resting_hr, "rhr", 1, 300)
    if hrv is not None:
        limits.number(hrv, "hrv", 0, 1000, above=True)
    if session.get_bind().dialect.name == "postgresql":  # two check-ins at once: one row a day
        lock_name(session, f"readiness:{athlete_id}:{date.isoformat()}")
    row = session.scalars(
        select(ReadinessRow).where(ReadinessRow.athlete_id == athlete_id, ReadinessRow.date == date)
    ).first()
    if row is None:
        row = ReadinessRow(athlete_id=athlete_id, date=date)
        session.add(row)
    row.sleep, row.soreness, row.stress, row.motivation = sleep, soreness, stress, motivation
    row.resting_hr, row.hrv = resting_hr, hrv
    row.created = created or now()
    session.flush()
    changed(session, athlete_id)  # today's session, as the check-in leaves it, shows it
    return row.id


def put_own_exercise(
    session: Session, athlete_id: int, exercise_id: str, entry: dict[str, Any], at: dt.datetime
) -> bool:
    """Store an athlete's own exercise under its id, adding it or replacing its fields;
    True when it was new."""
    row = session.get(OwnExerciseRow, (athlete_id, exercise_id), with_for_update=True)
    if row is None:
        session.add(
            OwnExerciseRow(
                athlete_id=athlete_id, exercise_id=exercise_id, entry=entry, created=at, updated=at
            )
        )
    else:
        row.entry = entry
        row.updated = at
    session.flush()
    changed(session, athlete_id)  # its name and cues show on the athlete's pages
    return row is None


def delete_own_exercise(session: Session, athlete_id: int, exercise_id: str) -> bool:
    """Remove an athlete's own exercise; False when they have none by that id."""
    found = session.execute(
        delete(OwnExerciseRow).where(
            OwnExerciseRow.athlete_id == athlete_id, OwnExerciseRow.exercise_id == exercise_id
        )
    )
    gone = bool(getattr(found, "rowcount", 0))
    if gone:
        changed(session, athlete_id)
    return gone
