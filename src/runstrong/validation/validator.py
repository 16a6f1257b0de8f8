"""The independent validator: re-checks every rule of docs/rules.md on a plan's JSON.

It never imports the planner or its rules (an import-linter contract enforces that): the rule
values below are a second, deliberate reading of docs/rules.md, so a mistake in one reading shows
up as a disagreement with the other. Errors are values: `check_plan` collects every violation
and never raises, whatever JSON value it is given.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from runstrong.errors import InputError

SCHEMA = "runstrong.plan/1"


@dataclass(frozen=True)
class Violation:
    """One broken rule: its id in docs/rules.md, where it is in the plan and what is wrong."""

    rule: str
    where: str
    message: str


# --- Closed lists (docs/plan-json.md, SPEC "Contracts") ------------------------------------------

GOALS = ("strength", "hypertrophy", "endurance")
UNITS = ("kg", "lb")
PHASES = ("off-season", "pre-season", "in-season", "taper", "recovery")
CATEGORIES = ("weights", "bodyweight", "plyometric", "run-specific")
PATTERNS = (
    "hinge",
    "squat",
    "lunge",
    "single-leg",
    "push",
    "pull",
    "core",
    "hip-stability",
    "plyometric",
    "conditioning",
)
LOADINGS = ("1rm", "bodyweight", "band", "time", "contacts")
EQUIPMENT = (
    "barbell",
    "dumbbell",
    "kettlebell",
    "trx",
    "band",
    "stability-ball",
    "box",
    "bench",
    "jump-rope",
    "wobble-board",
    "pull-up-bar",
    "battle-ropes",
    "sled",
    "hill",
    "none",
)
RUN_TYPES = ("rest", "easy", "recovery", "long", "tempo", "intervals", "hills", "race")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
KEY_RUNS = frozenset({"long", "tempo", "intervals", "hills", "race"})

LOWER_BODY = frozenset({"hinge", "squat", "lunge", "single-leg"})
KNEE_DOMINANT = frozenset({"squat", "lunge", "single-leg"})
TRUNK = frozenset({"core", "hip-stability"})


# --- The rule values: our own reading of docs/rules.md -------------------------------------------


@dataclass(frozen=True)
class Span:
    """An allowed closed range lo..hi; `below` makes it 'under hi' (0 < x < hi) instead."""

    lo: float
    hi: float
    below: bool = False

    def __contains__(self, value: float) -> bool:
        if self.below:
            return 0 < value < self.hi
        return self.lo <= value <= self.hi

    def text(self, unit: str = "") -> str:
        """The range as people write it: '120-300 s', '30 s or less', 'under 67% 1RM'."""
        if self.below:
            return f"under {_fmt(self.hi)}{unit}"
        if self.lo == 0:
            return f"{_fmt(self.hi)}{unit} or less"
        return f"{_fmt(self.lo)}-{_fmt(self.hi)}{unit}"


@dataclass(frozen=True)
class LiftDose:
    """Sets, reps, %1RM and rest (s) for 1RM lifts of one goal ([A]; rest [NSCA])."""

    sets: Span
    reps: Span
    percent: Span
    rest: Span


LIFT_DOSE = {
    "strength": LiftDose(Span(3, 5), Span(3, 6), Span(80, 90), Span(120, 300)),
    "hypertrophy": LiftDose(Span(3, 5), Span(6, 12), Span(65, 85), Span(30, 90)),
    "endurance": LiftDose(Span(2, 5), Span(12, 20), Span(0, 67, below=True), Span(0, 30)),
}

# Bodyweight and band work: sets as the goal, reps and rest by goal (docs/rules.md).
EFFORT_REPS = {"strength": Span(6, 12), "hypertrophy": Span(6, 12), "endurance": Span(12, 20)}
EFFORT_REST = {"strength": Span(30, 90), "hypertrophy": Span(30, 90), "endurance": Span(0, 30)}
# Activation work (bodyweight or band, complexity 1) is muscular-endurance work whatever the goal:
# 2-3 sets of 12-20 with 30 s or less between sets (NSCA).
ACTIVATION_SETS, ACTIVATION_REPS, ACTIVATION_REST = Span(2, 3), Span(12, 20), Span(0, 30)

# Timed work: holds 20-45 s rest 30-90 s; run-specific efforts 8-15 s with 90-180 s walk-back.
HOLD_SECONDS, HOLD_REST = Span(20, 45), Span(30, 90)
EFFORT_SECONDS, EFFORT_REST_RUN = Span(8, 15), Span(90, 180)
# docs/rules.md gives no set range for timed work or plyometrics; this reading allows 1-6 sets.
OTHER_SETS = Span(1, 6)
PLYO_REST = Span(60, 120)

# Plyometric ground contacts per session by the week's phase. docs/rules.md: "only in pre-season
# and in-season", so off-season, taper and recovery weeks allow none (our reading for the last two).
PLYO_CAP = {"pre-season": 80, "in-season": 40, "off-season": 0, "taper": 0, "recovery": 0}

# Sessions a week by the week's phase. docs/rules.md names only the three season phases; for taper
# and recovery weeks (the planner's own phases) we allow at most 2, and 0 is fine there.
SESSIONS = {
    "off-season": Span(1, 4),
    "pre-season": Span(1, 4),
    "in-season": Span(1, 2),
    "taper": Span(0, 2),
    "recovery": Span(0, 2),
}

EXERCISES = Span(3, 5)
ASSISTANCE_PATTERNS = ("pull", "push")
SESSION_KINDS = ("strength", "activation", "retest")
BLOCK_GROWTH = 1.025
COMPLEXITY_BUDGET = 10
# A barbell load may miss its target by at most this much when the plates are coarse.
BARBELL_MIN_TOLERANCE = {"kg": 2.5, "lb": 5.0}
LIMIT = 10**9  # numbers beyond this are not plausible in a plan (and keep float maths safe)
_EPS = 1e-6


# --- Public API ----------------------------------------------------------------------------------


def parse_plan_text(text: str) -> object:
    """Parse a plan's JSON text; bad JSON raises InputError("PLAN", ...)."""

    def no_constant(name: str) -> object:
        raise ValueError(f"{name} is not a JSON number")

    try:
        return json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise InputError("PLAN", f"not valid JSON: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise InputError("PLAN", f"not valid JSON: {exc or 'nested too deeply'}") from None


def check_plan(plan: object) -> list[Violation]:
    """Every violation of docs/rules.md in a parsed plan; malformed parts are `schema` ones."""
    try:
        return _check(plan)
    except Exception as exc:  # pragma: no cover - a safety net; the property tests call _check
        return [Violation("schema", "plan", f"the plan could not be checked ({exc!r})")]


def format_violations(violations: Sequence[Violation]) -> str:
    """One line per violation, `[rule] where: message`, then a summary line."""
    lines = [f"[{v.rule}] {v.where}: {v.message}" for v in violations]
    if not violations:
        lines.append("no violations: the plan follows every rule")
    else:
        rules = sorted({v.rule for v in violations})
        noun = "violation" if len(violations) == 1 else "violations"
        lines.append(f"{len(violations)} {noun} of {len(rules)} rule(s): {', '.join(rules)}")
    return "\n".join(lines)


# --- Reading the document ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Implements:
    bar: float | None
    plates: tuple[float, ...] | None
    dumbbells: tuple[float, ...] | None
    kettlebells: tuple[float, ...] | None


@dataclass(frozen=True)
class _Plan:
    goal: str | None
    units: str | None
    equipment: frozenset[str] | None
    avoid: frozenset[str] | None
    minutes: float | None
    minutes_ok: bool
    one_rms: dict[str, float] | None
    implements: _Implements | None


@dataclass(frozen=True)
class _Exercise:
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


@dataclass(frozen=True)
class _Session:
    where: str
    date: dt.date | None
    minutes: float | None
    contacts: int | None
    exercise_count: int
    exercises: tuple[_Exercise, ...]
    complete: bool  # every exercise was readable
    kind: str = "strength"


@dataclass(frozen=True)
class _Week:
    where: str
    start: dt.date | None
    phase: str | None
    light: bool  # a deload, taper or recovery week: fewer sets are the point
    block: int
    runs: dict[str, str] | None
    session_count: int
    sessions: tuple[_Session, ...]
    complete: bool  # every session and exercise was readable


_MISSING = object()
_Add = Callable[[str, str], None]  # reports one violation of an exercise: add(rule, message)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _fmt(value: object) -> str:
    """A number as people write it: 82.5, 80 (not 80.0)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < LIMIT:
        return str(int(value))
    if isinstance(value, int) and abs(value) >= LIMIT:
        return "a huge number"
    return str(value) if isinstance(value, int | float) else repr(value)[:60]


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


def _day_name(day: dt.date) -> str:
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
        return _fmt(value)
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


def _read_plan(doc: dict[str, object], out: list[Violation]) -> _Plan:
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

    one_rms: dict[str, float] | None = None
    raw = fields.get("one_rms")
    if isinstance(raw, dict) and all(_is_num(v) and v > 0 for v in raw.values()):
        one_rms = {str(k): float(v) for k, v in raw.items()}
    else:
        fields.bad("one_rms", "an object of exercise id -> positive 1RM")

    implements: _Implements | None = None
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
            implements = _Implements(bar, lists[0] or None, lists[1] or None, lists[2] or None)
    else:
        fields.bad("implements", "an object (bar, plates, dumbbells, kettlebells)")
    return _Plan(
        goal=goal,
        units=units,
        equipment=frozenset(equipment) | {"none"} if equipment_ok else None,
        avoid=frozenset(avoid) if avoid_ok else None,
        minutes=minutes,
        minutes_ok=minutes_ok,
        one_rms=one_rms,
        implements=implements,
    )


def _read_exercise(raw: object, where: str, out: list[Violation]) -> _Exercise | None:
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
    exercise = _Exercise(
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
    )
    return exercise if f.ok else None


def _read_session(
    raw: object, week_label: str, position: int, out: list[Violation]
) -> _Session | None:
    fallback = f"{week_label}, session {position}"
    obj = _object(raw, fallback, "a session", out)
    if obj is None:
        return None
    date = _date(obj.get("date"))
    where = f"{week_label}, {date.isoformat()} ({_day_name(date)})" if date else fallback
    f = _Fields(obj, where, out)
    if date is None:
        f.bad("date", "a date YYYY-MM-DD")
    day = f.string("day", WEEKDAYS)
    if date is not None and day and day != _day_name(date):
        f.bad("day", f"the weekday of its date ({_day_name(date)})")
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
    exercises: list[_Exercise] = []
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
    return _Session(
        where=where,
        date=date,
        minutes=minutes,
        contacts=contacts,
        exercise_count=len(raw_exercises),
        exercises=tuple(exercises),
        complete=f.ok,
        kind=kind,
    )


def _read_week(raw: object, position: int, out: list[Violation]) -> _Week | None:
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
        f.bad("start", f"a Monday (the week's first day), not a {_day_name(start)}")
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
    return _Week(
        where=label,
        start=start,
        phase=phase,
        light=deload or phase in ("taper", "recovery"),
        block=int(str(obj["block"])) if _is_int(obj.get("block")) else 1,
        runs=runs,
        session_count=len(raw_sessions),
        sessions=tuple(sessions),
        complete=complete,
    )


# --- The rules -----------------------------------------------------------------------------------


def _check(plan: object) -> list[Violation]:
    out: list[Violation] = []
    doc = _object(plan, "plan", "the plan", out)
    if doc is None:
        return out
    if doc.get("schema") != SCHEMA:
        got = _show(doc.get("schema")) if "schema" in doc else "missing"
        out.append(Violation("schema", "plan", f"`schema` must be {SCHEMA!r}; got {got}"))
        return out  # another format: checking it against these rules would only add noise
    info = _read_plan(doc, out)
    raw_weeks = _list(doc.get("weeks", _MISSING), "plan", "weeks", out)
    weeks: list[_Week] = []
    for position, raw_week in enumerate(raw_weeks or [], start=1):
        week = _read_week(raw_week, position, out)
        if week is not None:
            weeks.append(week)

    for week in weeks:
        _check_week(week, out)
        for session in week.sessions:
            _check_session(session, week, info, out)
            for exercise in session.exercises:
                _check_exercise(exercise, week, info, out, retest=session.kind == "retest")
    _check_placement(weeks, out)
    from runstrong.validation.season import check_season  # it builds on Violation, defined here

    out.extend(check_season(doc))
    return out


def _check_week(week: _Week, out: list[Violation]) -> None:
    allowed = SESSIONS.get(week.phase or "")
    if allowed is not None and week.session_count not in allowed:
        out.append(
            Violation(
                "sessions-per-week",
                week.where,
                f"{week.session_count} sessions; {week.phase} weeks have {allowed.text()}",
            )
        )
    if week.complete and week.sessions:
        patterns = {ex.pattern for s in week.sessions for ex in s.exercises}
        missing = [
            name
            for name, wanted in (
                ("hinge", {"hinge"}),
                ("knee-dominant pattern (squat, lunge or single-leg)", KNEE_DOMINANT),
                ("trunk work (core or hip-stability)", TRUNK),
            )
            if not patterns & wanted
        ]
        if missing:
            out.append(
                Violation(
                    "week-balance",
                    week.where,
                    f"no {' and no '.join(missing)}; every week covers a hinge, a knee-dominant "
                    "pattern and trunk work",
                )
            )


def _check_session(session: _Session, week: _Week, plan: _Plan, out: list[Violation]) -> None:
    where = session.where
    count = session.exercise_count
    if count not in EXERCISES:
        out.append(
            Violation(
                "exercises-per-session",
                where,
                f"{count} exercises; a session has {EXERCISES.text()}",
            )
        )
    if (
        plan.minutes_ok
        and plan.minutes is not None
        and session.minutes is not None
        and session.minutes > plan.minutes + _EPS
    ):
        out.append(
            Violation(
                "time-budget",
                where,
                f"estimated {_fmt(session.minutes)} min; the budget is {_fmt(plan.minutes)} min",
            )
        )
    seen: set[str] = set()
    for ex in session.exercises:
        if ex.id in seen:
            out.append(
                Violation(
                    "no-repeat-in-session",
                    ex.where,
                    "appears twice; an exercise appears once a session",
                )
            )
        seen.add(ex.id)
    if not session.complete:
        return  # the totals below need every exercise
    total = sum(ex.complexity for ex in session.exercises)
    if count > 3 and total > COMPLEXITY_BUDGET:
        out.append(
            Violation(
                "complexity-budget",
                where,
                f"complexity adds up to {total} over {count} exercises; at most "
                f"{COMPLEXITY_BUDGET} unless the session has only 3 exercises",
            )
        )
    if not any(ex.pattern in LOWER_BODY for ex in session.exercises):
        out.append(
            Violation(
                "lower-body-each-session",
                where,
                "no lower-body exercise; every session has a hinge, squat, lunge or single-leg one",
            )
        )
    contacts = sum(ex.contacts or 0 for ex in session.exercises if ex.loading == "contacts")
    if session.contacts is not None and session.contacts != contacts:
        out.append(
            Violation(
                "plyo-contacts",
                where,
                f"session contacts {session.contacts}, but its exercises add up to {contacts}",
            )
        )
    cap = PLYO_CAP.get(week.phase or "")
    if cap and contacts > cap:
        out.append(
            Violation(
                "plyo-contacts",
                where,
                f"{contacts} ground contacts; {week.phase} sessions allow at most {cap}",
            )
        )


def _check_exercise(
    ex: _Exercise, week: _Week, plan: _Plan, out: list[Violation], *, retest: bool = False
) -> None:
    def add(rule: str, message: str) -> None:
        out.append(Violation(rule, ex.where, message))

    if plan.equipment is not None:
        lacking = [item for item in ex.equipment if item not in plan.equipment]
        if lacking:
            add(
                "equipment",
                f"needs {', '.join(lacking)}; the plan has {', '.join(sorted(plan.equipment))}",
            )
    if plan.avoid is not None:
        clash = sorted(set(ex.avoid_for) & plan.avoid)
        if clash:
            add("avoid", f"ruled out for {', '.join(clash)}; the plan protects {', '.join(clash)}")
    if ex.why is None or not ex.why.strip():
        add("why", "no `why`; every exercise says why it is there")
    if ex.unilateral and (ex.reps is not None or ex.seconds is not None) and not ex.per_side:
        add("per-side", "unilateral work must be written per side (`per_side` true)")
    if retest and ex.loading in ("1rm", "time"):
        _check_retest(ex, add)
    else:
        _check_dose(ex, plan.goal, add, light=week.light)
    _check_contacts(ex, week.phase, add)
    _check_load(ex, plan, add, week.block)


def _check_retest(ex: _Exercise, add: _Add) -> None:
    """retest: one all-out set, a 3-5RM for lifts (then a new 1RM), a longest hold for holds."""
    if ex.sets != 1:
        add("retest", f"{ex.sets} sets; a re-test is one set")
    if ex.loading == "1rm":
        if ex.reps is None or ex.reps_max is None or not 3 <= ex.reps <= ex.reps_max <= 5:
            add("retest", "a lift is re-tested with a 3-5RM set (reps 3, reps_max 5)")
    elif ex.seconds is not None:
        add("retest", "a hold is re-tested for as long as it lasts (`seconds` null)")


_Spans = tuple[Span | None, Span | None, Span | None, str]  # sets, reps, rest, what the work is


def _dose_spans(ex: _Exercise, goal: str | None) -> _Spans:
    """The allowed sets, reps and rest for the exercise's loading, and how to name that work."""
    dose = LIFT_DOSE.get(goal or "")
    if dose is None:  # an unknown goal is a schema violation already
        return (None, None, None, "lifts") if ex.loading == "1rm" else _other_spans(ex)
    if ex.loading == "1rm":
        return dose.sets, dose.reps, dose.rest, f"{goal} lifts"
    if ex.loading in ("bodyweight", "band") and ex.complexity == 1:
        return ACTIVATION_SETS, ACTIVATION_REPS, ACTIVATION_REST, "activation work"
    if ex.loading in ("bodyweight", "band"):
        reps, rest = EFFORT_REPS[goal or ""], EFFORT_REST[goal or ""]
        return dose.sets, reps, rest, f"{goal} bodyweight and band work"
    return _other_spans(ex)


def _other_spans(ex: _Exercise) -> _Spans:
    """Timed work and plyometrics, whatever the goal (and effort work when the goal is unknown)."""
    if ex.loading in ("bodyweight", "band"):
        return None, None, None, "bodyweight and band work"
    if ex.loading == "time":
        if ex.category == "run-specific":
            return OTHER_SETS, None, EFFORT_REST_RUN, "run-specific efforts"
        return OTHER_SETS, None, HOLD_REST, "timed holds"
    return OTHER_SETS, None, PLYO_REST, "plyometrics"


def _check_dose(ex: _Exercise, goal: str | None, add: _Add, *, light: bool = False) -> None:
    """dose-sets, dose-reps, dose-rest, dose-seconds and dose-intensity."""
    if goal == "strength" and ex.loading == "1rm" and ex.pattern in ASSISTANCE_PATTERNS:
        goal = "hypertrophy"  # upper-body assistance lifts: 6-12 reps at moderate loads (NSCA)
    sets, reps, rest, kind = _dose_spans(ex, goal)
    if light and sets is not None:
        # Deload, taper and recovery weeks cut sets (Murach & Bagley 2015: volume -40-60%).
        sets, kind = Span(1, sets.hi), f"{kind} in a lighter week"
    if sets is not None and ex.sets not in sets:
        add("dose-sets", f"{ex.sets} sets; {kind} take {sets.text()} sets")
    if rest is not None and ex.rest_seconds not in rest:
        add("dose-rest", f"rest {ex.rest_seconds} s; {kind} rest {rest.text(' s')}")

    if ex.loading == "time":
        if ex.reps is not None or ex.reps_max is not None:
            add("dose-reps", "timed work has `reps` and `reps_max` null")
    elif ex.reps is None or ex.reps_max is None:
        add("dose-reps", f"`reps` and `reps_max` are needed for {kind}")
    elif ex.reps > ex.reps_max:
        add("dose-reps", f"reps {ex.reps} above reps_max {ex.reps_max}")
    elif ex.loading == "contacts" and ex.reps < 1:
        add("dose-reps", f"{ex.reps} reps; plyometrics take at least 1 rep")
    elif reps is not None and (ex.reps not in reps or ex.reps_max not in reps):
        add("dose-reps", f"{_range(ex.reps, ex.reps_max)} reps; {kind} take {reps.text()} reps")

    _check_seconds(ex, kind, add)
    _check_intensity(ex, goal, kind, add)


def _check_seconds(ex: _Exercise, kind: str, add: _Add) -> None:
    if ex.loading != "time":
        if ex.seconds is not None:
            add("dose-seconds", f"{ex.seconds} s given; only timed work has `seconds`")
        return
    span = EFFORT_SECONDS if ex.category == "run-specific" else HOLD_SECONDS
    if ex.seconds is None:
        add("dose-seconds", f"no `seconds`; {kind} last {span.text(' s')}")
    elif ex.seconds not in span:
        add("dose-seconds", f"{ex.seconds} s; {kind} last {span.text(' s')}")


def _check_intensity(ex: _Exercise, goal: str | None, kind: str, add: _Add) -> None:
    if ex.loading != "1rm":
        if ex.percent_1rm is not None:
            add("dose-intensity", f"percent_1rm on {ex.loading} work; only 1RM lifts have one")
        return
    dose = LIFT_DOSE.get(goal or "")
    if ex.percent_1rm is None:
        add("dose-intensity", "no `percent_1rm`; a 1RM lift always states its target intensity")
    elif dose is not None and ex.percent_1rm not in dose.percent:
        allowed = dose.percent.text("% 1RM")
        add("dose-intensity", f"{_fmt(ex.percent_1rm)}% 1RM; {kind} use {allowed}")
    if ex.load is None and ex.rir is None:
        add("dose-intensity", "no `load` and no `rir`; a lift without a known 1RM stops at a RIR")


def _range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"


def _check_contacts(ex: _Exercise, phase: str | None, add: _Add) -> None:
    if ex.loading != "contacts":
        if ex.contacts:
            add("plyo-contacts", f"{ex.contacts} contacts on {ex.loading} work; only plyometrics")
        return
    if phase is not None and not PLYO_CAP.get(phase):
        add(
            "plyo-contacts",
            f"plyometrics in a {phase} week; only pre-season and in-season weeks have them",
        )
    if ex.contacts is None or ex.contacts <= 0:
        add("plyo-contacts", "plyometrics need a positive `contacts` count")
    elif ex.reps is not None and ex.reps_max is not None and ex.reps <= ex.reps_max:
        legs = 2 if ex.per_side else 1
        low, high = ex.sets * ex.reps * legs, ex.sets * ex.reps_max * legs
        if not low <= ex.contacts <= high:
            each = " per side" if ex.per_side else ""
            add(
                "plyo-contacts",
                f"{ex.contacts} contacts, but {ex.sets} x {_range(ex.reps, ex.reps_max)}{each} "
                f"is {_range(low, high)}",
            )


def _check_load(ex: _Exercise, plan: _Plan, add: _Add, block: int = 1) -> None:
    units = plan.units or ""
    if ex.loading != "1rm" or ex.load is None:
        if ex.load is not None:
            add("load-math", f"load {_fmt(ex.load)} {units} on {ex.loading} work; only 1RM lifts")
        if ex.plates is not None:
            add("load-math", "plates listed without a barbell load")
        if ex.loading == "1rm" and plan.one_rms and ex.id in plan.one_rms:
            add("load-math", f"no load although one_rms has a 1RM for {ex.id}")
        return
    if plan.one_rms is None or ex.percent_1rm is None or plan.units is None:
        return  # reported as schema or dose-intensity already
    one_rm = plan.one_rms.get(ex.id)
    if one_rm is None:
        add("load-math", f"load {_fmt(ex.load)} {units}, but one_rms has no 1RM for {ex.id}")
        return
    if ex.one_rm is not None:
        # A season may plan from a 1RM grown by at most 2.5% a block (NSCA: 2-10% increments).
        cap = one_rm * BLOCK_GROWTH ** max(0, block - 1)
        # JSON numbers carry 2 decimals and the growth factor 4: allow that much rounding.
        if not one_rm - 0.01 <= ex.one_rm <= cap * 1.0001 + 0.01:
            add(
                "load-math",
                f"planned from a 1RM of {_fmt(ex.one_rm)} {units}; block {block} allows "
                f"{_fmt(one_rm)}-{_fmt(round(cap, 2))} {units}",
            )
            return
        one_rm = ex.one_rm
    target = one_rm * ex.percent_1rm / 100
    about = f"{_fmt(ex.percent_1rm)}% of {_fmt(one_rm)} {units} is {_fmt(round(target, 2))} {units}"
    if "barbell" in ex.equipment:
        tolerance, wanted = _check_barbell(ex, ex.load, target, plan, add)
    else:
        if ex.plates is not None:
            add("load-math", "plates listed for a lift that is not a barbell lift")
        impl = plan.implements
        sizes, name = None, ""
        if impl is not None and "dumbbell" in ex.equipment:
            sizes, name = impl.dumbbells, "dumbbells"
        elif impl is not None and "kettlebell" in ex.equipment:
            sizes, name = impl.kettlebells, "kettlebells"
        if sizes:
            if not _among(ex.load, sizes):
                add("load-math", f"load {_fmt(ex.load)} {units} is not one of the plan's {name}")
                return
            tolerance = _neighbour_gap(sizes, target) / 2
            wanted = min(max(target, sizes[0]), sizes[-1])
        else:
            tolerance, wanted = 0.05 * target + 1, target  # 5% plus one unit (kg or lb)
    if abs(ex.load - wanted) > tolerance + _EPS:
        add(
            "load-math",
            f"load {_fmt(ex.load)} {units}; {about}, so within {_fmt(round(tolerance, 2))} "
            f"{units} of {_fmt(round(wanted, 2))}",
        )


def _check_barbell(
    ex: _Exercise, load: float, target: float, plan: _Plan, add: _Add
) -> tuple[float, float]:
    """Checks the plates; returns the tolerance and the load the target rounds to."""
    units = plan.units or "kg"
    bar = plan.implements.bar if plan.implements else None
    plates = plan.implements.plates if plan.implements else None
    tolerance = BARBELL_MIN_TOLERANCE.get(units, 2.5)
    if plates:
        tolerance = max(tolerance, 2 * plates[0])  # one pair of the smallest plate
    if ex.plates is None:
        add("load-math", "a barbell load lists its `plates` per side")
    elif bar is None:
        add("load-math", "plates cannot be checked: `implements` has no `bar`")
    else:
        unknown = sorted({p for p in ex.plates if plates is not None and not _among(p, plates)})
        if unknown:
            add("load-math", f"plates {', '.join(map(_fmt, unknown))} are not in the plan's plates")
        total = bar + 2 * sum(ex.plates)
        if abs(total - load) > _EPS:
            add(
                "load-math",
                f"bar {_fmt(bar)} + 2 x {_fmt(round(sum(ex.plates), 3))} = "
                f"{_fmt(round(total, 3))} {units}, not the load {_fmt(load)}",
            )
    return tolerance, max(target, bar or 0.0)  # below the bar's weight, the bar alone


def _among(value: float, sizes: Iterable[float]) -> bool:
    return any(abs(value - size) <= _EPS for size in sizes)


def _neighbour_gap(sizes: Sequence[float], target: float) -> float:
    """The biggest gap between neighbouring sizes around the target (the rounding step there)."""
    gaps = [high - low for low, high in itertools.pairwise(sizes)]
    if not gaps:
        return 0.0
    # index of the first size at or above the target: the gaps just below and above it count
    above = next((i for i, size in enumerate(sizes) if size >= target - _EPS), len(sizes) - 1)
    near = gaps[max(0, above - 2) : above + 1]
    return max(near or gaps[-1:])


def _check_placement(weeks: Sequence[_Week], out: list[Violation]) -> None:
    """one-per-day, no-race-day, day-before-key-run and spacing."""
    by_date: dict[dt.date, tuple[_Week, _Session]] = {}
    for week in weeks:
        for session in week.sessions:
            day = session.date
            if day is None:
                continue
            if day in by_date:
                out.append(
                    Violation(
                        "one-per-day", session.where, "a second session that day; at most one"
                    )
                )
                continue
            by_date[day] = (week, session)
            if week.start is not None and not 0 <= (day - week.start).days <= 6:
                end = week.start + dt.timedelta(days=6)
                out.append(
                    Violation(
                        "one-per-day",
                        session.where,
                        f"outside its week ({week.start.isoformat()} to {end.isoformat()})",
                    )
                )
            if week.runs is None:
                continue
            if week.runs[_day_name(day)] == "race":
                out.append(
                    Violation("no-race-day", session.where, "a strength session on race day")
                )
            next_run = _run_on(day + dt.timedelta(days=1), week, weeks)
            if next_run in KEY_RUNS:
                out.append(
                    Violation(
                        "day-before-key-run",
                        session.where,
                        f"the next day is a {next_run} run; no strength the day before a key run",
                    )
                )

    dates = sorted(by_date)
    one = dt.timedelta(days=1)
    reported: set[dt.date] = set()
    for day in dates:
        if day + one not in by_date:
            continue
        weeks_pair = (by_date[day][0], by_date[day + one][0])
        if all(w.session_count <= 3 for w in weeks_pair):
            reported.add(day)
            out.append(
                Violation(
                    "spacing",
                    by_date[day + one][1].where,
                    f"the day after the session on {day.isoformat()}; with 3 or fewer sessions a "
                    "week, never on consecutive days",
                )
            )
    for day in dates:
        if day + one not in by_date or day + 2 * one not in by_date:
            continue
        if day in reported or day + one in reported:
            continue  # already a consecutive-days violation
        out.append(
            Violation(
                "spacing",
                by_date[day + 2 * one][1].where,
                "the third day in a row; with 4 sessions a week, never three days in a row",
            )
        )


def _run_on(day: dt.date, own: _Week, weeks: Sequence[_Week]) -> str:
    """The run planned on a day: from the week that holds it, else the own week's pattern."""
    for week in weeks:
        if week.start is not None and week.runs is not None and 0 <= (day - week.start).days <= 6:
            return week.runs[_day_name(day)]
    assert own.runs is not None
    return own.runs[_day_name(day)]
