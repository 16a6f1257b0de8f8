"""Queries: every function takes the Session of one transaction and returns plain records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from runstrong.errors import InputError, NotFound, action
from runstrong.storage import limits
from runstrong.storage.db import WRITING
from runstrong.storage.records import (
    HOLD_SOURCES,
    LIFT_SOURCES,
    SESSION_SOURCES,
    AthleteRecord,
    HistoryRow,
    HoldRecord,
    LiftRecord,
    PlanRecord,
    SessionRecord,
    SetEntry,
)
from runstrong.storage.tables import (
    AthleteRow,
    EquipmentRow,
    HoldRow,
    LiftRow,
    LimitationRow,
    PlanRow,
    RunDayRow,
    SessionRow,
    SetRow,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def now() -> dt.datetime:
    """A UTC timestamp without time zone, to the microsecond (what both databases keep)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def athlete_key(name: str) -> str:
    """Names are unique regardless of case, spaces, Unicode forms and invisible characters:
    'Ana', 'ana', 'A\u200bna' and the full-width 'Ａna' are one."""
    return limits.name_key(name)


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


_NAME_LOCK = 0x5255  # the PostgreSQL advisory lock namespace for athlete names ("RU")


def lock_name(session: Session, key: str) -> None:
    """In a write on PostgreSQL, hold an athlete name until commit, so two processes creating,
    renaming or restoring one name queue instead of racing (SQLite's writes already queue)."""
    if session.info.get(WRITING) and session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:ns, hashtext(:key))"),
            {"ns": _NAME_LOCK, "key": key},
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


def athlete(session: Session, name: str) -> AthleteRecord:
    """One athlete by name (any case), or NotFound('athlete')."""
    return _athlete(_row(session, name))


def athletes(session: Session) -> list[AthleteRecord]:
    """Every athlete, by name."""
    return [_athlete(r) for r in session.scalars(select(AthleteRow).order_by(AthleteRow.key))]


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
    return _athlete(row)


def delete_athlete(session: Session, name: str) -> None:
    """Remove an athlete and everything logged for them."""
    row = _row(session, name)
    session.execute(delete(AthleteRow).where(AthleteRow.id == row.id))


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
    _source(source, LIFT_SOURCES)
    limits.load(weight, "weight")
    limits.reps(reps, "reps")
    if formula is not None:
        limits.text(formula, "formula", limits.WORD_LENGTH)
    row = LiftRow(
        athlete_id=athlete_id,
        exercise_id=exercise_id,
        one_rm=one_rm,
        date=date,
        source=source,
        weight=weight,
        reps=reps,
        formula=formula,
        session_id=session_id,
    )
    session.add(row)
    session.flush()
    return row.id


def lifts(session: Session, athlete_id: int, exercise_id: str | None = None) -> list[LiftRecord]:
    """An athlete's 1RM history, oldest first (ties in entry order)."""
    query = select(LiftRow).where(LiftRow.athlete_id == athlete_id)
    if exercise_id is not None:
        query = query.where(LiftRow.exercise_id == exercise_id)
    return [
        LiftRecord(
            id=r.id,
            exercise_id=r.exercise_id,
            one_rm=r.one_rm,
            date=r.date,
            source=r.source,
            weight=r.weight,
            reps=r.reps,
            formula=r.formula,
            session_id=r.session_id,
        )
        for r in session.scalars(query.order_by(LiftRow.date, LiftRow.id))
    ]


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
    _source(source, HOLD_SOURCES)
    row = HoldRow(
        athlete_id=athlete_id,
        exercise_id=exercise_id,
        seconds=seconds,
        per_side=per_side,
        source=source,
        date=date,
        session_id=session_id,
    )
    session.add(row)
    session.flush()
    return row.id


def holds(session: Session, athlete_id: int, exercise_id: str | None = None) -> list[HoldRecord]:
    """An athlete's hold-test history, oldest first (ties in entry order)."""
    query = select(HoldRow).where(HoldRow.athlete_id == athlete_id)
    if exercise_id is not None:
        query = query.where(HoldRow.exercise_id == exercise_id)
    return [
        HoldRecord(
            id=r.id,
            exercise_id=r.exercise_id,
            seconds=r.seconds,
            date=r.date,
            source=r.source,
            per_side=r.per_side,
            session_id=r.session_id,
        )
        for r in session.scalars(query.order_by(HoldRow.date, HoldRow.id))
    ]


# --- plans ----------------------------------------------------------------------------------------


def _plan(row: PlanRow) -> PlanRecord:
    return PlanRecord(
        id=row.id,
        created=row.created,
        start=row.start,
        end=row.end,
        goal=row.goal,
        phase=row.phase,
        inputs=row.inputs,
        plan=row.plan,
    )


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
    row = PlanRow(
        athlete_id=athlete_id,
        created=limits.moment(created, "created") if created else now(),
        start=start,
        end=end,
        goal=goal,
        phase=phase,
        inputs=inputs,
        plan=plan,
    )
    session.add(row)
    session.flush()
    return row.id


def plans(session: Session, athlete_id: int) -> list[PlanRecord]:
    """An athlete's saved plans, oldest first."""
    query = select(PlanRow).where(PlanRow.athlete_id == athlete_id).order_by(PlanRow.id)
    return [_plan(r) for r in session.scalars(query)]


def plans_covering(
    session: Session, athlete_id: int, first: dt.date, last: dt.date
) -> list[PlanRecord]:
    """Saved plans whose dates overlap [first, last], newest first (the newest one wins)."""
    query = (
        select(PlanRow)
        .where(PlanRow.athlete_id == athlete_id, PlanRow.start <= last, PlanRow.end >= first)
        .order_by(PlanRow.id.desc())
    )
    return [_plan(r) for r in session.scalars(query)]


# --- logged sessions ------------------------------------------------------------------------------


def _source(source: str, allowed: Sequence[str]) -> None:
    if source not in allowed:
        raise InputError("source", f"'{source}' is not allowed; allowed: {', '.join(allowed)}")


def check_entry(e: SetEntry, field: str = "SETS") -> SetEntry:
    """A logged row every command can read back: an id, sets, reps or seconds, a sane load."""
    limits.slug(e.exercise_id, f"{field}.exercise")
    limits.sets(e.sets, f"{field}.sets")
    if (e.reps is None) == (e.seconds is None):
        raise InputError(f"{field}.reps", "give reps or seconds, not both or neither")
    limits.reps(e.reps, f"{field}.reps")
    limits.seconds(e.seconds, f"{field}.seconds")
    limits.load(e.load, f"{field}.load")
    if e.units not in ("kg", "lb"):
        raise InputError(f"{field}.units", f"'{e.units}' is not allowed; allowed: kg, lb")
    limits.optional(e.rpe, f"{field}.rpe", 1, limits.MAX_RPE)
    limits.optional(e.rir, f"{field}.rir", 0, limits.MAX_RIR)
    limits.text(e.notes, f"{field}.notes", limits.MAX_NOTES, free=True)
    return e


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
) -> int:
    """Store a logged session with its exercises; returns its id."""
    _check_session(date, rpe, notes, entries)
    _source(source, SESSION_SOURCES)
    row = SessionRow(
        athlete_id=athlete_id,
        date=date,
        plan_id=plan_id,
        rpe=rpe,
        notes=notes,
        source=source,
        created=limits.moment(created, "created") if created else now(),
    )
    row.sets = _set_rows(entries)
    session.add(row)
    session.flush()
    return row.id


def _session_row(session: Session, athlete_id: int, session_id: int) -> SessionRow:
    if isinstance(session_id, bool) or not isinstance(session_id, int):
        raise InputError("edit/delete", f"must be a session id; got {session_id!r}")
    if not 1 <= session_id <= limits.MAX_ID:  # beyond what either database can hold
        raise NotFound("edit/delete", str(session_id)[:24], hint=f"see `{action('history')}`")
    row = session.get(SessionRow, session_id)
    if row is None or row.athlete_id != athlete_id:
        raise NotFound("edit/delete", str(session_id), hint=f"see `{action('history')}`")
    return row


def logged_session(session: Session, athlete_id: int, session_id: int) -> SessionRecord:
    """One logged session of this athlete, or NotFound."""
    return _session(_session_row(session, athlete_id, session_id))


def replace_session(
    session: Session,
    athlete_id: int,
    session_id: int,
    *,
    entries: Sequence[SetEntry] | None = None,
    date: dt.date | None = None,
    rpe: float | None = None,
    notes: str | None = None,
) -> SessionRecord:
    """Edit a logged session: new entries replace the old ones; other fields change if given."""
    _check_session(date, rpe, notes, entries)
    row = _session_row(session, athlete_id, session_id)
    if entries is not None:
        row.sets = _set_rows(entries)
    if date is not None:
        row.date = date
    if rpe is not None:
        row.rpe = rpe
    if notes is not None:
        row.notes = notes
    session.flush()
    return _session(row)


def drop_learnt(session: Session, session_id: int) -> None:
    """Forget the 1RMs and hold times learnt from one logged session (before it is edited)."""
    session.execute(delete(LiftRow).where(LiftRow.session_id == session_id))
    session.execute(delete(HoldRow).where(HoldRow.session_id == session_id))


def delete_session(session: Session, athlete_id: int, session_id: int) -> None:
    """Remove a logged session and its sets."""
    row = _session_row(session, athlete_id, session_id)
    session.execute(delete(SessionRow).where(SessionRow.id == row.id))


def sessions(
    session: Session,
    athlete_id: int,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> list[SessionRecord]:
    """Logged sessions, oldest first, with their entries."""
    query = select(SessionRow).where(SessionRow.athlete_id == athlete_id)
    if first is not None:
        query = query.where(SessionRow.date >= first)
    if last is not None:
        query = query.where(SessionRow.date <= last)
    rows = list(session.scalars(query.order_by(SessionRow.date, SessionRow.id)))
    if not rows:
        return []
    by_session: dict[int, list[SetEntry]] = {r.id: [] for r in rows}
    set_query = (
        select(SetRow)
        .join(SessionRow, SetRow.session_id == SessionRow.id)
        .where(SessionRow.athlete_id == athlete_id)
        .order_by(SetRow.session_id, SetRow.position)
    )
    if first is not None:
        set_query = set_query.where(SessionRow.date >= first)
    if last is not None:
        set_query = set_query.where(SessionRow.date <= last)
    for s in session.scalars(set_query):
        by_session[s.session_id].append(_entry(s))
    return [
        SessionRecord(
            id=r.id,
            date=r.date,
            plan_id=r.plan_id,
            rpe=r.rpe,
            notes=r.notes,
            source=r.source,
            created=r.created,
            entries=tuple(by_session[r.id]),
        )
        for r in rows
    ]


def history(
    session: Session,
    athlete_id: int,
    exercise_id: str | None = None,
    first: dt.date | None = None,
) -> list[HistoryRow]:
    """Logged exercises with their dates, oldest first: one query, plain columns."""
    query = (
        select(
            SessionRow.id,
            SessionRow.date,
            SessionRow.plan_id,
            SetRow.exercise_id,
            SetRow.sets,
            SetRow.reps,
            SetRow.seconds,
            SetRow.load,
            SetRow.units,
            SetRow.rpe,
            SetRow.rir,
            SetRow.notes,
        )
        .join(SetRow, SetRow.session_id == SessionRow.id)
        .where(SessionRow.athlete_id == athlete_id)
    )
    if exercise_id is not None:
        query = query.where(SetRow.exercise_id == exercise_id)
    if first is not None:
        query = query.where(SessionRow.date >= first)
    query = query.order_by(SessionRow.date, SessionRow.id, SetRow.position)
    return [
        HistoryRow(
            session_id=r[0],
            date=r[1],
            planned=r[2] is not None,
            entry=SetEntry(
                exercise_id=r[3],
                sets=r[4],
                reps=r[5],
                seconds=r[6],
                load=r[7],
                units=r[8],
                rpe=r[9],
                rir=r[10],
                notes=r[11],
            ),
        )
        for r in session.execute(query)
    ]


def counts(session: Session) -> dict[str, int]:
    """Rows per table (for checks and the benchmark)."""
    tables = {
        "athletes": AthleteRow,
        "lifts": LiftRow,
        "holds": HoldRow,
        "plans": PlanRow,
        "logged_sessions": SessionRow,
        "logged_sets": SetRow,
    }
    return {
        name: int(session.scalar(select(func.count()).select_from(model)) or 0)
        for name, model in tables.items()
    }
