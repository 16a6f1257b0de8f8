"""Reading a plan's JSON into typed records; every structural problem is a `schema` violation.

What cannot be read is left out of the records (and marked incomplete where totals need it), so
the rule checks only ever see well-typed values.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from runstrong.validation.values import (
    CATEGORIES,
    EQUIPMENT,
    EXPERIENCE,
    GOALS,
    LIMIT,
    LOADINGS,
    PATTERNS,
    PHASES,
    RUN_TYPES,
    SCHEMA,
    SESSION_KINDS,
    UNITS,
    WEEKDAYS,
    fmt,
)
from runstrong.validation.violation import Violation


@dataclass(frozen=True)
class Implements:
    """The plan's bar, plates and weights, sorted; None where the plan lists none."""

    bar: float | None
    plates: tuple[float, ...] | None
    dumbbells: tuple[float, ...] | None
    kettlebells: tuple[float, ...] | None


@dataclass(frozen=True)
class Plan:
    """The plan-wide fields the rules need; None where a field could not be read."""

    goal: str | None
    units: str | None
    equipment: frozenset[str] | None
    avoid: frozenset[str] | None
    minutes: float | None
    minutes_ok: bool
    one_rms: dict[str, float] | None
    implements: Implements | None
    experience: str = "intermediate"
    race: dt.date | None = None
    easier: dict[str, frozenset[str]] | None = None  # id -> its easier variations (catalogue)
    start: dt.date | None = None  # the plan's first day (any weekday); no session before it


@dataclass(frozen=True)
class Exercise:
    """One exercise of a session, every field well-typed."""

    where: str
    id: str
    category: str
    pattern: str
    equipment: tuple[str, ...]
    unilateral: bool
    complexity: int
    loading: str
    sets: int
    reps: int | None
    reps_max: int | None
    seconds: int | None
    per_side: bool
    percent_1rm: float | None
    load: float | None
    plates: tuple[float, ...] | None
    rir: int | None
    one_rm: float | None  # the 1RM this load was planned from, when the plan says
    contacts: int | None
    rest_seconds: int
    why: str | None
    avoid_for: tuple[str, ...]
    skill: bool = False
    soften_for: tuple[str, ...] = ()
    eccentric: bool = False


@dataclass(frozen=True)
class Session:
    """One session and its readable exercises."""

    where: str
    date: dt.date | None
    minutes: float | None
    contacts: int | None
    exercise_count: int
    exercises: tuple[Exercise, ...]
    complete: bool  # every exercise was readable
    kind: str = "strength"


@dataclass(frozen=True)
class Week:
    """One week and its readable sessions."""

    where: str
    start: dt.date | None
    phase: str | None
    light: bool  # a deload, taper or recovery week: fewer sets are the point
    block: int
    runs: dict[str, str] | None
    session_count: int
    sessions: tuple[Session, ...]
    complete: bool  # every session and exercise was readable
    deload: bool = False
    index: int = 0
    own_strength: tuple[dt.date, ...] = ()  # strength the runner already does, from their calendar


@dataclass(frozen=True)
class Document:
    """A plan read into records, with its raw object for the season rules."""

    raw: dict[str, object]
    plan: Plan
    weeks: tuple[Week, ...]


_MISSING = object()
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_document(value: object, out: list[Violation]) -> Document | None:
    """The plan's records, each problem a `schema` violation; None when it is not a plan at all."""
    doc = _object(value, "plan", "the plan", out)
    if doc is None:
        return None
    if doc.get("schema") != SCHEMA:
        got = _show(doc.get("schema")) if "schema" in doc else "missing"
        out.append(Violation("schema", "plan", f"`schema` must be {SCHEMA!r}; got {got}"))
        return None  # another format: checking it against these rules would only add noise
    plan = _read_plan(doc, out)
    raw_weeks = _list(doc.get("weeks", _MISSING), "plan", "weeks", out)
    weeks: list[Week] = []
    for position, raw_week in enumerate(raw_weeks or [], start=1):
        week = _read_week(raw_week, position, out)
        if week is not None:
            weeks.append(week)
    return Document(doc, plan, tuple(weeks))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < LIMIT


def _is_num(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return (
        math.isfinite(value) and abs(value) < LIMIT if isinstance(value, float) else _is_int(value)
    )


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if dt.date(1, 1, 8) <= day <= dt.date(9999, 12, 24) else None  # room for +-7 days


def day_name(day: dt.date) -> str:
    return WEEKDAYS[day.weekday()]


class _Fields:
    """Reads typed fields of one JSON object, reporting each problem as a `schema` violation."""

    def __init__(self, obj: Mapping[str, object], where: str, out: list[Violation]) -> None:
        self.obj = obj
        self.where = where
        self.out = out
        self.ok = True

    def bad(self, key: str, allowed: str) -> None:
        value = self.obj.get(key, _MISSING)
        got = "missing" if value is _MISSING else f"got {_show(value)}"
        self.out.append(Violation("schema", self.where, f"`{key}` must be {allowed}; {got}"))
        self.ok = False

    def get(self, key: str) -> object:
        return self.obj.get(key, _MISSING)

    def string(self, key: str, choices: Sequence[str] | None = None, *, null: bool = False) -> str:
        value = self.get(key)
        if null and value is None:
            return ""
        if isinstance(value, str) and (choices is None or value in choices):
            return value
        allowed = f"one of {', '.join(choices)}" if choices else "a string"
        self.bad(key, allowed + (" or null" if null else ""))
        return ""

    def integer(self, key: str, *, null: bool = False) -> int | None:
        value = self.get(key)
        if null and value is None:
            return None
        if _is_int(value):
            assert isinstance(value, int)
            return value
        self.bad(key, "an integer" + (" or null" if null else ""))
        return None

    def number(self, key: str, *, null: bool = False) -> float | None:
        value = self.get(key)
        if null and value is None:
            return None
        if _is_num(value):
            assert isinstance(value, int | float)
            return float(value)
        self.bad(key, "a number" + (" or null" if null else ""))
        return None

    def boolean(self, key: str) -> bool:
        value = self.get(key)
        if isinstance(value, bool):
            return value
        self.bad(key, "true or false")
        return False

    def strings(self, key: str, choices: Sequence[str] | None = None) -> tuple[str, ...]:
        value = self.get(key)
        if isinstance(value, list) and all(
            isinstance(item, str) and (choices is None or item in choices) for item in value
        ):
            return tuple(str(item) for item in value)
        self.bad(key, f"a list of {'known names' if choices else 'strings'}")
        return ()

    def numbers(self, key: str, *, null: bool = False) -> tuple[float, ...]:
        value = self.get(key)
        if null and value is None:
            return ()
        if isinstance(value, list):
            numbers = [float(item) for item in value if _is_num(item)]
            if len(numbers) == len(value) and all(n >= 0 for n in numbers):
                return tuple(numbers)
        self.bad(key, "a list of non-negative numbers" + (" or null" if null else ""))
        return ()


def _show(value: object) -> str:
    if isinstance(value, str):
        return repr(value[:40] + ("..." if len(value) > 40 else ""))
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return fmt(value)
    return f"a {'list' if isinstance(value, list) else type(value).__name__}"


def _object(value: object, where: str, what: str, out: list[Violation]) -> dict[str, object] | None:
    if isinstance(value, dict):
        return value
    out.append(Violation("schema", where, f"{what} must be a JSON object; got {_show(value)}"))
    return None


def _list(value: object, where: str, what: str, out: list[Violation]) -> list[object] | None:
    if isinstance(value, list):
        return value
    got = "missing" if value is _MISSING else f"got {_show(value)}"
    out.append(Violation("schema", where, f"`{what}` must be a list; {got}"))
    return None


def _runs(value: object, where: str, key: str, out: list[Violation]) -> dict[str, str] | None:
    """A running week: weekday -> run type; a day not named is a rest day."""
    if isinstance(value, dict) and all(
        k in WEEKDAYS and isinstance(v, str) and v in RUN_TYPES for k, v in value.items()
    ):
        return {day: str(value.get(day, "rest")) for day in WEEKDAYS}
    got = "missing" if value is _MISSING else f"got {_show(value)}"
    out.append(
        Violation(
            "schema",
            where,
            f"`{key}` must map mon..sun to a run type ({', '.join(RUN_TYPES)}); {got}",
        )
    )
    return None


def _read_plan(doc: dict[str, object], out: list[Violation]) -> Plan:
    fields = _Fields(doc, "plan", out)

    def read_ok(before: int) -> bool:
        return len(out) == before

    goal = fields.string("goal", GOALS) or None
    units = fields.string("units", UNITS) or None
    fields.string("phase", PHASES)
    before = len(out)
    equipment = fields.strings("equipment", EQUIPMENT)
    equipment_ok = read_ok(before)
    before = len(out)
    avoid = fields.strings("avoid")
    avoid_ok = read_ok(before)
    before = len(out)
    minutes = fields.number("minutes", null=True)
    if minutes is not None and minutes <= 0:
        fields.bad("minutes", "a positive number of minutes or null")
    minutes_ok = read_ok(before)
    _runs(fields.get("runs"), "plan", "runs", out)
    for key in ("generator", "setup"):
        value = fields.get(key)
        nullable = key == "setup" and value is None
        if value is not _MISSING and not isinstance(value, str) and not nullable:
            fields.bad(key, "a string" + (" or null" if key == "setup" else ""))
    for key in ("sessions_per_week", "seed"):
        if fields.get(key) is not _MISSING:
            fields.integer(key, null=key == "seed")
    start = _date(fields.get("start"))
    if fields.get("start") is not _MISSING and start is None:
        fields.bad("start", "a date YYYY-MM-DD")
    if fields.get("warnings") is not _MISSING:
        fields.strings("warnings")

    one_rms: dict[str, float] | None = None
    raw = fields.get("one_rms")
    if isinstance(raw, dict) and all(_is_num(v) and v > 0 for v in raw.values()):
        one_rms = {str(k): float(v) for k, v in raw.items()}
    else:
        fields.bad("one_rms", "an object of exercise id -> positive 1RM")

    implements: Implements | None = None
    raw = fields.get("implements")
    if isinstance(raw, dict):
        sub = _Fields(raw, "plan, implements", out)
        bar = sub.number("bar") if "bar" in raw else None
        if bar is not None and bar < 0:
            sub.bad("bar", "a non-negative number")
        lists = [
            tuple(sorted(sub.numbers(key))) if key in raw else None
            for key in ("plates", "dumbbells", "kettlebells")
        ]
        if sub.ok:
            implements = Implements(bar, lists[0] or None, lists[1] or None, lists[2] or None)
    else:
        fields.bad("implements", "an object (bar, plates, dumbbells, kettlebells)")
    experience, easier = _read_coaching(fields)
    return Plan(
        experience=experience,
        race=_date(doc.get("race")),
        easier=easier,
        goal=goal,
        units=units,
        equipment=frozenset(equipment) | {"none"} if equipment_ok else None,
        avoid=frozenset(avoid) if avoid_ok else None,
        minutes=minutes,
        minutes_ok=minutes_ok,
        one_rms=one_rms,
        implements=implements,
        start=start,
    )


def _read_coaching(fields: _Fields) -> tuple[str, dict[str, frozenset[str]] | None]:
    """The plan's `experience` and `easier` map (plans written before them read as defaults)."""
    experience = "intermediate"
    if fields.get("experience") is not _MISSING:
        experience = fields.string("experience", EXPERIENCE) or "intermediate"
    raw = fields.get("easier")
    if raw is _MISSING:
        return experience, {}
    if isinstance(raw, dict) and all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in raw.values()
    ):
        return experience, {str(k): frozenset(v) for k, v in raw.items()}
    fields.bad("easier", "an object of exercise id -> list of easier exercise ids")
    return experience, None


def _read_exercise(raw: object, where: str, out: list[Violation]) -> Exercise | None:
    obj = _object(raw, where, "an exercise", out)
    if obj is None:
        return None
    f = _Fields(obj, where, out)
    ex_id = f.string("id")
    if f.ok and not ex_id:
        f.bad("id", "a non-empty exercise id")
    f.string("name")
    complexity = f.integer("complexity")
    if complexity is not None and not 1 <= complexity <= 3:
        f.bad("complexity", "an integer 1-3")
    why = f.get("why")
    if why is not None and not isinstance(why, str):
        f.bad("why", "a string")
    notes = f.get("notes")
    if notes is not _MISSING and not (
        isinstance(notes, list) and all(isinstance(n, str) for n in notes)
    ):
        f.bad("notes", "a list of strings")
    plates_raw = f.get("plates")
    plates = f.numbers("plates", null=True)
    exercise = Exercise(
        where=where,
        id=ex_id,
        category=f.string("category", CATEGORIES),
        pattern=f.string("pattern", PATTERNS),
        equipment=f.strings("equipment", EQUIPMENT),
        unilateral=f.boolean("unilateral"),
        complexity=complexity or 0,
        loading=f.string("loading", LOADINGS),
        sets=f.integer("sets") or 0,
        reps=f.integer("reps", null=True),
        reps_max=f.integer("reps_max", null=True),
        seconds=f.integer("seconds", null=True),
        per_side=f.boolean("per_side"),
        percent_1rm=f.number("percent_1rm", null=True),
        load=f.number("load", null=True),
        plates=None if plates_raw is None else plates,
        rir=f.integer("rir", null=True),
        one_rm=f.number("one_rm", null=True) if "one_rm" in obj else None,
        contacts=f.integer("contacts", null=True),
        rest_seconds=f.integer("rest_seconds") or 0,
        why=why if isinstance(why, str) else None,
        avoid_for=f.strings("avoid_for"),
        skill=f.boolean("skill") if "skill" in obj else False,
        eccentric=f.boolean("eccentric") if "eccentric" in obj else False,
        soften_for=f.strings("soften_for") if "soften_for" in obj else (),
    )
    return exercise if f.ok else None


def _read_session(
    raw: object, week_label: str, position: int, out: list[Violation]
) -> Session | None:
    fallback = f"{week_label}, session {position}"
    obj = _object(raw, fallback, "a session", out)
    if obj is None:
        return None
    date = _date(obj.get("date"))
    where = f"{week_label}, {date.isoformat()} ({day_name(date)})" if date else fallback
    f = _Fields(obj, where, out)
    if date is None:
        f.bad("date", "a date YYYY-MM-DD")
    day = f.string("day", WEEKDAYS)
    if date is not None and day and day != day_name(date):
        f.bad("day", f"the weekday of its date ({day_name(date)})")
    minutes = f.number("minutes")
    contacts = f.integer("contacts")
    for key in ("focus", "placement"):
        if f.get(key) is not _MISSING:
            f.string(key)
    kind = "strength"
    if f.get("kind") is not _MISSING:
        kind = f.string("kind", SESSION_KINDS) or "strength"
    raw_exercises = _list(f.get("exercises"), where, "exercises", out)
    if raw_exercises is None:
        f.ok = False
    exercises: list[Exercise] = []
    for number, raw_ex in enumerate(raw_exercises or [], start=1):
        ex_id = raw_ex.get("id") if isinstance(raw_ex, dict) else None
        label = ex_id if isinstance(ex_id, str) and ex_id else f"exercise {number}"
        exercise = _read_exercise(raw_ex, f"{where}, {label}", out)
        if exercise is None:
            f.ok = False
        else:
            exercises.append(exercise)
    if raw_exercises is None:
        return None
    return Session(
        where=where,
        date=date,
        minutes=minutes,
        contacts=contacts,
        exercise_count=len(raw_exercises),
        exercises=tuple(exercises),
        complete=f.ok,
        kind=kind,
    )


def _read_week(raw: object, position: int, out: list[Violation]) -> Week | None:
    fallback = f"week {position}"
    obj = _object(raw, fallback, "a week", out)
    if obj is None:
        return None
    index = obj.get("index")
    label = f"week {index}" if _is_int(index) else fallback
    f = _Fields(obj, label, out)
    f.integer("index")
    start = _date(obj.get("start"))
    if start is None:
        f.bad("start", "a date YYYY-MM-DD")
    elif start.weekday() != 0:
        f.bad("start", f"a Monday (the week's first day), not a {day_name(start)}")
        start = None
    phase = f.string("phase", PHASES) or None
    deload = f.boolean("deload")
    runs = _runs(f.get("runs"), label, "runs", out)
    if runs is None:
        f.ok = False
    raw_sessions = _list(f.get("sessions"), label, "sessions", out)
    if raw_sessions is None:
        return None
    sessions = []
    complete = f.ok
    for number, raw_session in enumerate(raw_sessions, start=1):
        session = _read_session(raw_session, label, number, out)
        if session is None:
            complete = False
        else:
            sessions.append(session)
            complete = complete and session.complete
    return Week(
        where=label,
        start=start,
        phase=phase,
        light=deload or phase in ("taper", "recovery"),
        block=int(str(obj["block"])) if _is_int(obj.get("block")) else 1,
        runs=runs,
        session_count=len(raw_sessions),
        sessions=tuple(sessions),
        complete=complete,
        deload=deload,
        index=int(str(obj["index"])) if _is_int(obj.get("index")) else position,
        own_strength=_own_strength(f),
    )


def _own_strength(f: _Fields) -> tuple[dt.date, ...]:
    """The week's `own_strength` dates (plans written before the key have none)."""
    value = f.get("own_strength")
    if value is _MISSING:
        return ()
    days = [_date(v) for v in value] if isinstance(value, list) else [None]
    if any(d is None for d in days):
        f.bad("own_strength", "a list of dates YYYY-MM-DD")
        return ()
    return tuple(d for d in days if d is not None)
