"""The logbook's use-cases, between the shells (CLI, web) and storage.

Athletes and their profile, 1RM history, saved plans, logged sessions and what the logs teach
about each exercise's 1RM. Every function that writes does it in one transaction. This module
imports SQLAlchemy through storage, so the CLI imports it inside its commands, never at start-up.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from runstrong import config
from runstrong.core import inputs, loads
from runstrong.core.catalogue import Catalogue
from runstrong.core.learning import (
    RISE_MAX,
    Decision,
    SetRecord,
    e1rm_history,
    next_one_rm,
    records_from_log,
    session_estimate,
)
from runstrong.core.model import Equipment, Exercise, Loading, RunType, Units
from runstrong.core.notation import LoggedExercise, LoggedSet, parse_log
from runstrong.errors import InputError, NotFound
from runstrong.storage import repository as repo
from runstrong.storage.db import Database, connect
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

MAX_NAME = 80
BACKUP_SCHEMA = "runstrong.backup/1"


def open_database(url: str | None = None) -> Database:
    """The logbook database: `--database`, else RUNSTRONG_DATABASE_URL, else the SQLite file in
    the runstrong data folder (platformdirs; RUNSTRONG_DATA_DIR overrides it). Created and
    migrated on first use."""
    return connect(url)


# --- athletes -------------------------------------------------------------------------------------


def _name(name: str, field: str = "--name") -> str:
    text = " ".join(name.split())
    if not text:
        raise InputError(field, "must not be empty")
    if len(text) > MAX_NAME:
        raise InputError(field, f"at most {MAX_NAME} characters; got {len(text)}")
    return text


def _runs(text: str) -> dict[int, str]:
    week = inputs.runs(text)
    return {i: run.value for i, run in enumerate(week.days) if run is not RunType.REST}


def _equipment(text: str) -> list[str]:
    return sorted(e.value for e in inputs.choices(Equipment, text, "--equipment"))


def _avoid(values: Sequence[str]) -> list[str]:
    return sorted(a.value for a in inputs.avoid(list(values)))


def create_athlete(
    db: Database,
    *,
    name: str,
    units: str = "kg",
    setup: str | None = None,
    equipment: str | None = None,
    runs: str | None = None,
    avoid: Sequence[str] = (),
) -> AthleteRecord:
    """A new athlete profile; every value checked with the flag it came from."""
    if setup is not None and equipment is not None:
        raise InputError("--equipment", "give either --equipment or --setup, not both")
    if setup is not None:
        config.setup(setup)
    record = {
        "name": _name(name),
        "units": inputs.choice(Units, units, "--units").value,
        "setup": setup,
        "equipment": _equipment(equipment) if equipment is not None else [],
        "avoid": _avoid(avoid),
        "runs": _runs(runs or ""),
    }
    with db.write() as s:
        return repo.create_athlete(s, **record)  # type: ignore[arg-type]


def edit_athlete(
    db: Database,
    name: str,
    *,
    new_name: str | None = None,
    units: str | None = None,
    setup: str | None = None,
    equipment: str | None = None,
    runs: str | None = None,
    avoid: Sequence[str] | None = None,
) -> AthleteRecord:
    """Change some of a profile; a new --setup replaces --equipment and the other way round."""
    if setup is not None and equipment is not None:
        raise InputError("--equipment", "give either --equipment or --setup, not both")
    if setup is not None:
        config.setup(setup)
    with db.write() as s:
        return repo.update_athlete(
            s,
            name,
            name=None if new_name is None else _name(new_name),
            units=None if units is None else inputs.choice(Units, units, "--units").value,
            setup=setup,
            clear_setup=equipment is not None,
            equipment=_equipment(equipment) if equipment is not None else ([] if setup else None),
            avoid=None if avoid is None else _avoid(avoid),
            runs=None if runs is None else _runs(runs),
        )


def athletes(db: Database) -> list[AthleteRecord]:
    """Every athlete, by name."""
    with db.read() as s:
        return repo.athletes(s)


def athlete(db: Database, name: str) -> AthleteRecord:
    """One athlete, or NotFound('--athlete')."""
    with db.read() as s:
        return repo.athlete(s, name)


def delete_athlete(db: Database, name: str) -> None:
    """Remove an athlete with every lift, plan and log."""
    with db.write() as s:
        repo.delete_athlete(s, name)


# --- lifts ----------------------------------------------------------------------------------------


def _lift_exercise(cat: Catalogue, name: str, field: str) -> Exercise:
    exercise = cat.get(name)
    if exercise.loading is not Loading.ONE_RM:
        raise InputError(
            field,
            f"'{exercise.id}' is not loaded from a 1RM ({exercise.loading.value})",
            "give lifts of barbell, dumbbell or kettlebell exercises",
        )
    return exercise


def record_lifts(
    db: Database, name: str, items: Sequence[str], date: dt.date | None = None
) -> list[LiftRecord]:
    """`back-squat=100` (a tested 1RM) or `rdl=80x6` (a set; 1RM by Epley), in one transaction."""
    if not items:
        raise InputError("LIFT", "give at least one lift, e.g. back-squat=100 or rdl=80x6")
    cat = config.catalogue()
    day = date or dt.date.today()
    parsed = []
    for item in items:
        exercise_name, weight, reps = loads.parse_lift(item)
        exercise = _lift_exercise(cat, exercise_name, "--lift")
        one_rm = loads.one_rm(weight, reps)
        parsed.append((exercise.id, weight, reps, one_rm))
    with db.write() as s:
        person = repo.athlete(s, name)
        for exercise_id, weight, reps, one_rm in parsed:
            repo.add_lift(
                s,
                person.id,
                exercise_id=exercise_id,
                one_rm=round(one_rm, 2),
                date=day,
                source="tested" if reps == 1 else "estimated-set",
                weight=weight,
                reps=reps,
                formula=None if reps == 1 else loads.DEFAULT_FORMULA,
            )
        return [x for x in repo.lifts(s, person.id) if x.date == day][-len(parsed) :]


def current_lifts(lifts: Iterable[LiftRecord]) -> dict[str, LiftRecord]:
    """The current 1RM per exercise: the latest entry (by date, then by entry order)."""
    found: dict[str, LiftRecord] = {}
    for lift in sorted(lifts, key=lambda x: (x.date, x.id)):
        found[lift.exercise_id] = lift
    return found


def one_rms(db: Database, name: str) -> dict[str, LiftRecord]:
    """The athlete's current 1RM per exercise."""
    with db.read() as s:
        person = repo.athlete(s, name)
        return current_lifts(repo.lifts(s, person.id))


def lift_history(db: Database, name: str, exercise: str | None = None) -> list[LiftRecord]:
    """The 1RM history, oldest first, for one exercise or all."""
    exercise_id = None if exercise is None else config.catalogue().resolve(exercise)
    with db.read() as s:
        person = repo.athlete(s, name)
        return repo.lifts(s, person.id, exercise_id)


def current_holds(holds: Iterable[HoldRecord]) -> dict[str, HoldRecord]:
    """The current hold time per exercise: the latest test (by date, then by entry order)."""
    found: dict[str, HoldRecord] = {}
    for hold in sorted(holds, key=lambda x: (x.date, x.id)):
        found[hold.exercise_id] = hold
    return found


def hold_times(db: Database, name: str) -> dict[str, HoldRecord]:
    """The athlete's current hold-test result per exercise (side plank, ...)."""
    with db.read() as s:
        person = repo.athlete(s, name)
        return current_holds(repo.holds(s, person.id))


def hold_history(db: Database, name: str, exercise: str | None = None) -> list[HoldRecord]:
    """The hold-test history, oldest first, for one exercise or all."""
    exercise_id = None if exercise is None else config.catalogue().resolve(exercise)
    with db.read() as s:
        person = repo.athlete(s, name)
        return repo.holds(s, person.id, exercise_id)


# --- plans ----------------------------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def athlete_plan_inputs(db: Database, name: str) -> dict[str, object]:
    """Keyword arguments for services.make_athlete / build_plan from the saved profile.

    `lifts` holds the CURRENT 1RM per exercise: the latest tested, estimated or learnt entry.
    """
    with db.read() as s:
        person = repo.athlete(s, name)
        current = current_lifts(repo.lifts(s, person.id))
    found: dict[str, object] = {"units": person.units, "runs": person.runs}
    if person.setup is not None:
        found["setup"] = person.setup
    elif person.equipment:
        found["equipment"] = ",".join(person.equipment)
    found["lifts"] = [f"{i}={_number(x.one_rm)}" for i, x in sorted(current.items())]
    found["avoid"] = list(person.avoid)
    return found


def _plan_dates(plan: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """First and last day a plan covers: its weeks' Mondays to the last week's Sunday."""
    starts = [dt.date.fromisoformat(w["start"]) for w in plan.get("weeks", []) if w.get("start")]
    days = [
        dt.date.fromisoformat(s["date"])
        for w in plan.get("weeks", [])
        for s in w.get("sessions", [])
    ]
    first = min(starts + days, default=None)
    last = max([d + dt.timedelta(days=6) for d in starts] + days, default=None)
    return first, last


def save_plan(db: Database, name: str, plan: dict[str, Any], inputs: dict[str, Any]) -> int:
    """Store a built plan (runstrong.plan/1 dict) and its inputs; returns the plan's id."""
    if plan.get("schema") != "runstrong.plan/1":
        raise InputError("plan", "expected a runstrong.plan/1 dict (services.plan_json)")
    first, last = _plan_dates(plan)
    # JSON round trip: the stored inputs are exactly what a backup will show.
    stored_inputs = json.loads(json.dumps(inputs, default=str))
    with db.write() as s:
        person = repo.athlete(s, name)
        return repo.save_plan(
            s,
            person.id,
            plan=plan,
            inputs=stored_inputs,
            start=first,
            end=last,
            goal=str(plan.get("goal", "")),
            phase=str(plan.get("phase", "")),
        )


def plans(db: Database, name: str) -> list[PlanRecord]:
    """The athlete's saved plans, oldest first."""
    with db.read() as s:
        return repo.plans(s, repo.athlete(s, name).id)


@dataclass(frozen=True)
class PlannedSession:
    """A session of a saved plan, with loads brought up to the athlete's current 1RMs."""

    plan_id: int
    date: dt.date
    session: dict[str, Any]
    units: str
    logged: tuple[int, ...] = ()  # ids of sessions logged against it


def _implement(exercise: dict[str, Any]) -> Equipment:
    kit = [str(e) for e in exercise.get("equipment") or []]
    for kind in (Equipment.BARBELL, Equipment.DUMBBELL, Equipment.KETTLEBELL):
        if kind.value in kit:
            return kind
    return Equipment(kit[0]) if kit else Equipment.NONE


def refresh_loads(
    session: dict[str, Any], current: dict[str, LiftRecord], units: Units
) -> dict[str, Any]:
    """The session with each %1RM load recomputed from the current 1RM, rounded to the kit."""
    kit = config.implements(units)
    exercises = []
    for item in session.get("exercises", []):
        lift = current.get(item.get("id", ""))
        percent = item.get("percent_1rm")
        if lift is not None and percent and item.get("loading", "1rm") == "1rm":
            rounded = loads.load_for(lift.one_rm, float(percent), _implement(item), kit)
            plates = None if rounded.plates is None else list(rounded.plates)
            exercises.append({**item, "load": rounded.load, "plates": plates})
        else:
            exercises.append(item)
    return {**session, "exercises": exercises}


def _planned(
    plan_rows: Sequence[PlanRecord], first: dt.date, last: dt.date
) -> list[tuple[PlanRecord, dict[str, Any]]]:
    """Sessions of the saved plans on [first, last]; on a day two plans cover, the newest wins."""
    taken: dict[dt.date, tuple[PlanRecord, dict[str, Any]]] = {}
    for record in sorted(plan_rows, key=lambda p: p.id, reverse=True):
        days_of_plan: dict[dt.date, tuple[PlanRecord, dict[str, Any]]] = {}
        for week in record.plan.get("weeks", []):
            for session in week.get("sessions", []):
                day = dt.date.fromisoformat(session["date"])
                if first <= day <= last and day not in taken:
                    days_of_plan[day] = (record, session)
        taken.update(days_of_plan)
    return [taken[d] for d in sorted(taken)]


def planned_sessions(
    db: Database, name: str, first: dt.date, last: dt.date
) -> list[PlannedSession]:
    """What the saved plans ask for on [first, last], with current loads and what was logged."""
    with db.read() as s:
        person = repo.athlete(s, name)
        current = current_lifts(repo.lifts(s, person.id))
        found = _planned(repo.plans_covering(s, person.id, first, last), first, last)
        logged = repo.sessions(s, person.id, first, last)
    out = []
    for record, session in found:
        units = Units(record.plan.get("units", person.units))
        day = dt.date.fromisoformat(session["date"])
        done = tuple(x.id for x in logged if x.date == day and x.plan_id == record.id)
        out.append(
            PlannedSession(
                record.id, day, refresh_loads(session, current, units), units.value, done
            )
        )
    return out


# --- logging --------------------------------------------------------------------------------------


def entries_from(logged: Sequence[LoggedExercise]) -> list[SetEntry]:
    """Parsed notation as stored rows: runs of identical sets become one row of N sets."""
    rows: list[SetEntry] = []
    for exercise in logged:
        groups: list[tuple[LoggedSet, int]] = []
        for one in exercise.sets:
            if groups and groups[-1][0] == one:
                groups[-1] = (one, groups[-1][1] + 1)
            else:
                groups.append((one, 1))
        rows.extend(
            SetEntry(
                exercise_id=exercise.exercise_id,
                sets=count,
                reps=one.reps,
                seconds=one.seconds,
                load=one.load,
                units=one.units.value,
                rpe=one.rpe,
                rir=None if one.rpe is None else 10 - one.rpe,
            )
            for one, count in groups
        )
    return rows


def logged_sets(entries: Sequence[SetEntry]) -> list[LoggedExercise]:
    """Stored rows back as parsed notation (consecutive rows of one exercise joined)."""
    out: list[LoggedExercise] = []
    for e in entries:
        sets = (LoggedSet(e.reps, e.seconds, e.load, Units(e.units), e.rpe),) * e.sets
        if out and out[-1].exercise_id == e.exercise_id:
            out[-1] = LoggedExercise(e.exercise_id, out[-1].sets + sets)
        else:
            out.append(LoggedExercise(e.exercise_id, sets))
    return out


@dataclass(frozen=True)
class LogResult:
    """What one `log` wrote: the session, the plan it answered, and the 1RMs it taught."""

    session_id: int
    date: dt.date
    plan_id: int | None
    entries: tuple[SetEntry, ...]
    learnt: tuple[LiftRecord, ...]
    holds: tuple[HoldRecord, ...] = ()  # hold times a re-test recorded


def parse_entries(tokens: Sequence[str], units: str, rpe: float | None) -> list[SetEntry]:
    """`back-squat 3x5@85 rdl 3x6@70` as rows to store; bad notation is an InputError."""
    cat = config.catalogue()
    return entries_from(parse_log(tokens, cat.resolve, Units(units), rpe))


def _check_rpe(rpe: float | None) -> float | None:
    if rpe is None:
        return None
    if not 1 <= rpe <= 10 or (rpe * 2) % 1 != 0:
        raise InputError("--rpe", f"must be 1-10 in half steps; got {rpe:g}")
    return float(rpe)


def log_session(
    db: Database,
    name: str,
    tokens: Sequence[str] | None = None,
    *,
    entries: Sequence[SetEntry] | None = None,
    date: dt.date | None = None,
    rpe: float | None = None,
    notes: str = "",
    edit: int | None = None,
) -> LogResult:
    """Log a session (or replace logged session `edit`): parsed, matched to the plan of that day,
    stored, and its lessons for the 1RMs learnt, all in one transaction."""
    rpe = _check_rpe(rpe)
    day = date or dt.date.today()
    with db.read() as s:
        units = repo.athlete(s, name).units
    rows = list(entries) if entries is not None else parse_entries(tokens or (), units, rpe)
    if not rows:
        raise InputError("SETS", "nothing to log; write an exercise and its sets")
    with db.write() as s:
        person = repo.athlete(s, name)
        found = _planned(repo.plans_covering(s, person.id, day, day), day, day)
        plan_id = found[0][0].id if found else None
        planned = found[0][1] if found else None
        if edit is None:
            session_id = repo.add_session(
                s, person.id, date=day, entries=rows, plan_id=plan_id, rpe=rpe, notes=notes
            )
        else:
            repo.drop_learnt(s, repo.logged_session(s, person.id, edit).id)
            session_id = repo.replace_session(
                s, person.id, edit, entries=rows, date=day, rpe=rpe, notes=notes
            ).id
        learnt = learn(s, person, session_id, day, rows, planned)
        held = learn_holds(s, person, session_id, day, rows, planned)
    return LogResult(session_id, day, plan_id, tuple(rows), tuple(learnt), tuple(held))


def delete_logged(db: Database, name: str, session_id: int) -> SessionRecord:
    """Remove a logged session, its sets and the estimates learnt from it."""
    with db.write() as s:
        person = repo.athlete(s, name)
        record = repo.logged_session(s, person.id, session_id)
        repo.delete_session(s, person.id, session_id)
        return record


def logged_session(db: Database, name: str, session_id: int) -> SessionRecord:
    """One logged session of this athlete."""
    with db.read() as s:
        return repo.logged_session(s, repo.athlete(s, name).id, session_id)


# --- learning from logs ---------------------------------------------------------------------------


def _one_rm_exercises(rows: Sequence[SetEntry]) -> list[str]:
    """Exercises of `rows` loaded from a 1RM, in first-seen order."""
    cat = config.catalogue()
    found: list[str] = []
    for row in rows:
        if row.exercise_id in found or row.exercise_id not in cat:
            continue
        if cat.get(row.exercise_id).loading is Loading.ONE_RM:
            found.append(row.exercise_id)
    return found


def _planned_item(planned: dict[str, Any] | None, exercise_id: str) -> dict[str, Any] | None:
    for item in (planned or {}).get("exercises", []):
        if item.get("id") == exercise_id:
            return dict(item)
    return None


def _records(day: dt.date, rows: Sequence[SetEntry], units: Units) -> tuple[SetRecord, ...]:
    return records_from_log(day, logged_sets(rows), units)


def decide(
    current: LiftRecord | None,
    previous: Sequence[SetRecord],
    latest: Sequence[SetRecord],
    item: dict[str, Any] | None,
) -> Decision | None:
    """The rule of docs/logbook.md for one exercise of a logged session.

    Planned (the exercise was in the plan of that day): learning.next_one_rm judges the session
    against the planned reps and reps in reserve: progress, hold (reps missed once, RPE over
    target) or lower. Not planned: the session can only raise the 1RM (at most +5%), never lower
    it, since nothing says how hard it was meant to be.
    """
    value = None if current is None else current.one_rm
    if item is not None:
        reps = item.get("reps")
        rir = item.get("rir")
        return next_one_rm(
            value,
            [list(previous), list(latest)] if previous else [list(latest)],
            planned_reps=reps if isinstance(reps, int) else None,
            target_rir=rir if isinstance(rir, int) else 2,
        )
    found = session_estimate(latest)
    if found is None:
        return None
    if value is None:
        return Decision("start", round(found.one_rm, 2), "first estimate from a logged set", found)
    if found.one_rm > value:
        raised = round(min(found.one_rm, value * (1 + RISE_MAX)), 2)
        return Decision("progress", raised, "an unplanned set showed more", found)
    return Decision("hold", value, "an unplanned session does not lower the 1RM", found)


def learn(
    s: Any,
    person: AthleteRecord,
    session_id: int,
    day: dt.date,
    rows: Sequence[SetEntry],
    planned: dict[str, Any] | None,
) -> list[LiftRecord]:
    """Update the 1RM of each loaded exercise of a logged session (see `decide`).

    A scheduled re-test (`"kind": "retest"`) records its best set's estimate as the new 1RM.
    A hold writes nothing, so a missed session (nothing logged) leaves the 1RM where it was.
    """
    units = Units(person.units)
    all_lifts = [x for x in repo.lifts(s, person.id) if x.date <= day]
    current = current_lifts(x for x in all_lifts if x.session_id != session_id)
    retest = (planned or {}).get("kind") == "retest"
    learnt: list[LiftRecord] = []
    for exercise_id in _one_rm_exercises(rows):
        latest = _records(day, [r for r in rows if r.exercise_id == exercise_id], units)
        if retest:
            found = session_estimate(latest)
            if found is None:
                continue
            decision = Decision("retest", round(found.one_rm, 2), "scheduled re-test", found)
            source = "retest"
        else:
            earlier = [
                h
                for h in repo.history(s, person.id, exercise_id)
                if h.planned and h.session_id != session_id and h.date <= day
            ]
            last_id = earlier[-1].session_id if earlier else None
            previous = _records(day, [h.entry for h in earlier if h.session_id == last_id], units)
            found_decision = decide(
                current.get(exercise_id), previous, latest, _planned_item(planned, exercise_id)
            )
            if found_decision is None or found_decision.action == "hold":
                continue
            decision, source = found_decision, "estimated-logs"
        estimate = decision.estimate
        lift_id = repo.add_lift(
            s,
            person.id,
            exercise_id=exercise_id,
            one_rm=decision.one_rm,
            date=day,
            source=source,
            weight=None if estimate is None else estimate.source_load,
            reps=None if estimate is None else estimate.source_reps,
            formula=None if estimate is None else estimate.formula,
            session_id=session_id,
        )
        learnt.append(
            LiftRecord(
                id=lift_id,
                exercise_id=exercise_id,
                one_rm=decision.one_rm,
                date=day,
                source=source,
                weight=None if estimate is None else estimate.source_load,
                reps=None if estimate is None else estimate.source_reps,
                formula=None if estimate is None else estimate.formula,
                session_id=session_id,
                note=f"{decision.action}: {decision.reason}",
            )
        )
    return learnt


def is_hold_test(item: dict[str, Any]) -> bool:
    """A planned timed hold with no target time: hold as long as you can (a re-test)."""
    return item.get("loading") == "time" and item.get("seconds") is None


def hold_result(seconds: Sequence[int], per_side: bool) -> int | None:
    """The result of a hold test from the holds logged, in order.

    The longest hold counts. Per side, the sets logged in pairs (`1x80s 1x70s`: one side, then
    the other) each count as their shorter side, since the weaker side is what the test finds;
    a single value (`1x75s`) is what each side held.
    """
    if not seconds:
        return None
    if per_side and len(seconds) % 2 == 0:
        return max(min(seconds[i], seconds[i + 1]) for i in range(0, len(seconds), 2))
    return max(seconds)


def learn_holds(
    s: Any,
    person: AthleteRecord,
    session_id: int,
    day: dt.date,
    rows: Sequence[SetEntry],
    planned: dict[str, Any] | None,
) -> list[HoldRecord]:
    """Record the hold tests of a scheduled re-test (`"kind": "retest"`): each planned timed hold
    without a target time (`"loading": "time", "seconds": null`) that was logged in seconds."""
    if planned is None or planned.get("kind") != "retest":
        return []
    cat = config.catalogue()
    found: list[HoldRecord] = []
    for item in planned.get("exercises", []):
        exercise_id = str(item.get("id", ""))
        if not is_hold_test(item) or any(h.exercise_id == exercise_id for h in found):
            continue
        held = [
            r.seconds
            for r in rows
            if r.exercise_id == exercise_id and r.seconds
            for _ in range(r.sets)
        ]
        default_side = exercise_id in cat and cat.get(exercise_id).unilateral
        per_side = bool(item.get("per_side", default_side))
        result = hold_result(held, per_side)
        if result is None:
            continue
        hold_id = repo.add_hold(
            s,
            person.id,
            exercise_id=exercise_id,
            seconds=result,
            date=day,
            source="retest",
            per_side=per_side,
            session_id=session_id,
        )
        found.append(HoldRecord(hold_id, exercise_id, result, day, "retest", per_side, session_id))
    return found


# --- importing from workout apps ------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote and what it left out."""

    app: str
    sessions: int
    sets: int
    unknown: dict[str, int]
    warmups: int
    lifts: tuple[LiftRecord, ...]


def import_export(db: Database, name: str, text: str) -> ImportSummary:
    """A Strong or Hevy CSV export as logged sessions (one a day), with the e1RM each exercise's
    history shows recorded as its 1RM (source `import`). One transaction."""
    from runstrong.core.importing import parse_export

    with db.read() as s:
        person = repo.athlete(s, name)
    units = Units(person.units)
    result = parse_export(text, config.catalogue(), units)
    by_day: dict[dt.date, list[SetRecord]] = {}
    for record in result.records:
        by_day.setdefault(record.day, []).append(record)
    learnt: list[LiftRecord] = []
    with db.write() as s:
        person = repo.athlete(s, name)
        for day in sorted(by_day):
            logged = [
                LoggedExercise(
                    r.exercise_id, (LoggedSet(r.reps, r.seconds, r.load or None, units, r.rpe),)
                )
                for r in by_day[day]
            ]
            repo.add_session(s, person.id, date=day, entries=entries_from(logged), source="import")
        for exercise_id in _one_rm_exercises(
            [
                SetEntry(r.exercise_id, 1, r.reps, r.seconds, r.load, units.value)
                for r in result.records
            ]
        ):
            sessions = [
                [r for r in by_day[d] if r.exercise_id == exercise_id] for d in sorted(by_day)
            ]
            history_found = e1rm_history([x for x in sessions if x])
            if not history_found:
                continue
            last = history_found[-1]
            value = round(last.one_rm, 2)
            lift_id = repo.add_lift(
                s,
                person.id,
                exercise_id=exercise_id,
                one_rm=value,
                date=last.day,
                source="import",
                weight=last.source_load,
                reps=last.source_reps,
                formula=last.formula,
            )
            learnt.append(
                LiftRecord(
                    lift_id,
                    exercise_id,
                    value,
                    last.day,
                    "import",
                    last.source_load,
                    last.source_reps,
                    last.formula,
                )
            )
    total = sum(len(v) for v in by_day.values())
    return ImportSummary(
        result.app, len(by_day), total, dict(result.unknown), result.warmups, tuple(learnt)
    )


# --- history and progress -------------------------------------------------------------------------


def history(
    db: Database, name: str, exercise: str | None = None, since: dt.date | None = None
) -> list[HistoryRow]:
    """Logged exercises, oldest first, for one exercise or all."""
    exercise_id = None if exercise is None else config.catalogue().resolve(exercise)
    with db.read() as s:
        person = repo.athlete(s, name)
        rows = repo.history(s, person.id, exercise_id, since)
        recorded: list[LiftRecord | HoldRecord] = [
            *repo.lifts(s, person.id, exercise_id),
            *repo.holds(s, person.id, exercise_id),
        ]
    tests = {
        (x.session_id, x.exercise_id): x
        for x in recorded
        if x.source == "retest" and x.session_id is not None
    }
    out = []
    for row in rows:  # the first row of a re-tested exercise carries what the test recorded
        found = tests.pop((row.session_id, row.entry.exercise_id), None)
        out.append(row if found is None else replace(row, retest=found))
    return out


def volume(entry: SetEntry, units: Units) -> float:
    """Tonnage of one row (sets x reps x load) in `units`; 0 for bodyweight or timed work."""
    if entry.load is None or entry.reps is None:
        return 0.0
    return entry.sets * entry.reps * loads.to_units(entry.load, Units(entry.units), units)


def monday(day: dt.date) -> dt.date:
    """The Monday of the week `day` is in."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Progress:
    """What the progress charts draw."""

    exercise_id: str | None
    units: str
    one_rm: tuple[tuple[dt.date, float], ...]  # estimated 1RM over time
    weekly_volume: tuple[tuple[dt.date, float], ...]  # week's Monday -> tonnage
    # week's Monday -> sessions logged that week (any exercise), sessions the saved plans had
    sessions: tuple[tuple[dt.date, int, int], ...]


def progress(db: Database, name: str, exercise: str | None = None) -> Progress:
    """1RM over time, weekly volume and sessions done vs planned.

    The 1RM line and the volume are of `exercise` (volume of every exercise without one); the
    sessions done and planned always count whole sessions, whatever `exercise` is.
    """
    exercise_id = None if exercise is None else config.catalogue().resolve(exercise)
    with db.read() as s:
        person = repo.athlete(s, name)
        lift_rows = repo.lifts(s, person.id, exercise_id) if exercise_id is not None else []
        rows = repo.history(s, person.id, exercise_id)
        plan_rows = repo.plans(s, person.id)
        done_rows = repo.history(s, person.id) if exercise_id is not None else rows
    units = Units(person.units)
    one_rm: dict[dt.date, float] = {}
    if exercise_id is not None:
        for lift in lift_rows:
            one_rm[lift.date] = lift.one_rm  # the day's last entry wins
    weekly: dict[dt.date, float] = {}
    for row in rows:
        week = monday(row.date)
        weekly[week] = weekly.get(week, 0.0) + volume(row.entry, units)
    done: dict[dt.date, set[int]] = {}
    for row in done_rows:
        done.setdefault(monday(row.date), set()).add(row.session_id)
    planned: dict[dt.date, int] = {}
    if plan_rows:
        for _record, session in _planned(plan_rows, dt.date.min, dt.date.max):
            week = monday(dt.date.fromisoformat(session["date"]))
            planned[week] = planned.get(week, 0) + 1
    weeks = sorted(set(done) | set(planned))
    return Progress(
        exercise_id=exercise_id,
        units=units.value,
        one_rm=tuple(sorted(one_rm.items())),
        weekly_volume=tuple(sorted((w, round(v, 2)) for w, v in weekly.items())),
        sessions=tuple((w, len(done.get(w, ())), planned.get(w, 0)) for w in weeks),
    )


# --- backup and restore ---------------------------------------------------------------------------


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _entry_dict(e: SetEntry) -> dict[str, Any]:
    return {
        "exercise": e.exercise_id,
        "sets": e.sets,
        "reps": e.reps,
        "seconds": e.seconds,
        "load": e.load,
        "units": e.units,
        "rpe": e.rpe,
        "rir": e.rir,
        "notes": e.notes,
    }


def _athlete_dump(s: Any, person: AthleteRecord) -> dict[str, Any]:
    plan_rows = repo.plans(s, person.id)
    session_rows = repo.sessions(s, person.id)
    plan_index = {p.id: i for i, p in enumerate(plan_rows)}
    session_index = {x.id: i for i, x in enumerate(session_rows)}
    return {
        "name": person.name,
        "units": person.units,
        "setup": person.setup,
        "equipment": list(person.equipment),
        "avoid": list(person.avoid),
        "runs": person.runs,
        "created": _iso(person.created),
        "lifts": [
            {
                "exercise": x.exercise_id,
                "one_rm": x.one_rm,
                "date": _iso(x.date),
                "source": x.source,
                "weight": x.weight,
                "reps": x.reps,
                "formula": x.formula,
                "session": None if x.session_id is None else session_index[x.session_id],
            }
            for x in repo.lifts(s, person.id)
        ],
        "holds": [
            {
                "exercise": x.exercise_id,
                "seconds": x.seconds,
                "per_side": x.per_side,
                "date": _iso(x.date),
                "source": x.source,
                "session": None if x.session_id is None else session_index[x.session_id],
            }
            for x in repo.holds(s, person.id)
        ],
        "plans": [
            {
                "created": _iso(p.created),
                "start": _iso(p.start),
                "end": _iso(p.end),
                "goal": p.goal,
                "phase": p.phase,
                "inputs": p.inputs,
                "plan": p.plan,
            }
            for p in plan_rows
        ],
        "sessions": [
            {
                "date": _iso(x.date),
                "plan": None if x.plan_id is None else plan_index[x.plan_id],
                "rpe": x.rpe,
                "notes": x.notes,
                "source": x.source,
                "created": _iso(x.created),
                "entries": [_entry_dict(e) for e in x.entries],
            }
            for x in session_rows
        ],
    }


def backup(db: Database, name: str | None = None) -> dict[str, Any]:
    """Everything for one athlete (or all) as a runstrong.backup/1 dict, in one snapshot."""
    from runstrong.version import __version__

    with db.read() as s:
        people = [repo.athlete(s, name)] if name is not None else repo.athletes(s)
        dumped = [_athlete_dump(s, p) for p in people]
    return {"schema": BACKUP_SCHEMA, "generator": f"runstrong {__version__}", "athletes": dumped}


class _Reader:
    """Checks a backup field by field; every error names the JSON path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> InputError:
        return InputError(self.source, f"{where}: {problem}")

    def table(
        self, value: object, where: str, keys: Iterable[str], optional: Iterable[str] = ()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be an object")
        wanted = set(keys)
        missing = sorted(wanted - set(value))
        extra = sorted(set(value) - wanted - set(optional))
        if missing:
            raise self.fail(where, f"missing key '{missing[0]}'")
        if extra:
            raise self.fail(where, f"unknown key '{extra[0]}'")
        return value

    def items(self, value: object, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, "must be a list")
        return value

    def text(self, value: object, where: str, *, null: bool = False) -> Any:
        if value is None and null:
            return None
        if not isinstance(value, str):
            raise self.fail(where, "must be a string")
        return value

    def number(self, value: object, where: str, *, null: bool = False) -> Any:
        if value is None and null:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, "must be a number")
        return float(value)

    def flag(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, "must be true or false")
        return value

    def whole(self, value: object, where: str, *, null: bool = False) -> Any:
        if value is None and null:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, "must be a whole number")
        return value

    def day(self, value: object, where: str, *, null: bool = False) -> Any:
        if value is None and null:
            return None
        try:
            return dt.date.fromisoformat(self.text(value, where))
        except ValueError:
            raise self.fail(where, "must be a date YYYY-MM-DD") from None

    def moment(self, value: object, where: str) -> dt.datetime:
        try:
            return dt.datetime.fromisoformat(self.text(value, where))
        except ValueError:
            raise self.fail(where, "must be a date-time YYYY-MM-DDTHH:MM:SS") from None

    def word(self, value: object, where: str, allowed: Iterable[str]) -> str:
        options = tuple(allowed)
        if value not in options:
            raise self.fail(where, f"{value!r} is not allowed; allowed: {', '.join(options)}")
        return str(value)

    def index(self, value: object, where: str, size: int) -> int | None:
        found = self.whole(value, where, null=True)
        if found is not None and not 0 <= found < size:
            raise self.fail(where, f"refers to entry {found}, which does not exist")
        return found  # type: ignore[no-any-return]


_ATHLETE_KEYS = ("name", "units", "setup", "equipment", "avoid", "runs", "created", "lifts",
                 "plans", "sessions")  # fmt: skip
_ATHLETE_OPTIONAL = ("holds",)  # added with revision 0003; older backups have none
_HOLD_KEYS = ("exercise", "seconds", "per_side", "date", "source", "session")
_LIFT_KEYS = ("exercise", "one_rm", "date", "source", "weight", "reps", "formula", "session")
_PLAN_KEYS = ("created", "start", "end", "goal", "phase", "inputs", "plan")
_SESSION_KEYS = ("date", "plan", "rpe", "notes", "source", "created", "entries")
_ENTRY_KEYS = ("exercise", "sets", "reps", "seconds", "load", "units", "rpe", "rir", "notes")


def _read_entry(r: _Reader, raw: object, at: str) -> SetEntry:
    e = r.table(raw, at, _ENTRY_KEYS)
    return SetEntry(
        exercise_id=r.text(e["exercise"], f"{at}.exercise"),
        sets=r.whole(e["sets"], f"{at}.sets"),
        reps=r.whole(e["reps"], f"{at}.reps", null=True),
        seconds=r.whole(e["seconds"], f"{at}.seconds", null=True),
        load=r.number(e["load"], f"{at}.load", null=True),
        units=r.word(e["units"], f"{at}.units", ("kg", "lb")),
        rpe=r.number(e["rpe"], f"{at}.rpe", null=True),
        rir=r.number(e["rir"], f"{at}.rir", null=True),
        notes=r.text(e["notes"], f"{at}.notes"),
    )


def _restore_athlete(s: Any, r: _Reader, raw: object, at: str, replace_existing: bool) -> str:
    a = r.table(raw, at, _ATHLETE_KEYS, _ATHLETE_OPTIONAL)
    name = _name(r.text(a["name"], f"{at}.name"), f"{at}.name")
    units = r.word(a["units"], f"{at}.units", ("kg", "lb"))
    equipment = [r.text(x, f"{at}.equipment") for x in r.items(a["equipment"], f"{at}.equipment")]
    avoid = [r.text(x, f"{at}.avoid") for x in r.items(a["avoid"], f"{at}.avoid")]
    runs = _runs(r.text(a["runs"], f"{at}.runs"))
    plan_items = r.items(a["plans"], f"{at}.plans")
    session_items = r.items(a["sessions"], f"{at}.sessions")
    lift_items = r.items(a["lifts"], f"{at}.lifts")
    hold_items = r.items(a.get("holds", []), f"{at}.holds")
    try:
        repo.athlete(s, name)
        exists = True
    except NotFound:
        exists = False
    if exists:
        if not replace_existing:
            raise InputError(r.source, f"athlete '{name}' exists", "add --replace to overwrite it")
        repo.delete_athlete(s, name)
        s.flush()
    person = repo.create_athlete(
        s,
        name=name,
        units=units,
        setup=r.text(a["setup"], f"{at}.setup", null=True),
        equipment=equipment,
        avoid=avoid,
        runs=runs,
        created=r.moment(a["created"], f"{at}.created"),
    )
    plan_ids = []
    for i, raw_plan in enumerate(plan_items):
        where = f"{at}.plans[{i}]"
        p = r.table(raw_plan, where, _PLAN_KEYS)
        if not isinstance(p["inputs"], dict) or not isinstance(p["plan"], dict):
            raise r.fail(where, "inputs and plan must be objects")
        plan_ids.append(
            repo.save_plan(
                s,
                person.id,
                plan=p["plan"],
                inputs=p["inputs"],
                start=r.day(p["start"], f"{where}.start", null=True),
                end=r.day(p["end"], f"{where}.end", null=True),
                goal=r.text(p["goal"], f"{where}.goal"),
                phase=r.text(p["phase"], f"{where}.phase"),
                created=r.moment(p["created"], f"{where}.created"),
            )
        )
    session_ids = []
    for i, raw_session in enumerate(session_items):
        where = f"{at}.sessions[{i}]"
        x = r.table(raw_session, where, _SESSION_KEYS)
        plan = r.index(x["plan"], f"{where}.plan", len(plan_ids))
        session_ids.append(
            repo.add_session(
                s,
                person.id,
                date=r.day(x["date"], f"{where}.date"),
                entries=[
                    _read_entry(r, e, f"{where}.entries[{j}]")
                    for j, e in enumerate(r.items(x["entries"], f"{where}.entries"))
                ],
                plan_id=None if plan is None else plan_ids[plan],
                rpe=r.number(x["rpe"], f"{where}.rpe", null=True),
                notes=r.text(x["notes"], f"{where}.notes"),
                source=r.word(x["source"], f"{where}.source", SESSION_SOURCES),
                created=r.moment(x["created"], f"{where}.created"),
            )
        )
    for i, raw_lift in enumerate(lift_items):
        where = f"{at}.lifts[{i}]"
        x = r.table(raw_lift, where, _LIFT_KEYS)
        session = r.index(x["session"], f"{where}.session", len(session_ids))
        repo.add_lift(
            s,
            person.id,
            exercise_id=r.text(x["exercise"], f"{where}.exercise"),
            one_rm=r.number(x["one_rm"], f"{where}.one_rm"),
            date=r.day(x["date"], f"{where}.date"),
            source=r.word(x["source"], f"{where}.source", LIFT_SOURCES),
            weight=r.number(x["weight"], f"{where}.weight", null=True),
            reps=r.whole(x["reps"], f"{where}.reps", null=True),
            formula=r.text(x["formula"], f"{where}.formula", null=True),
            session_id=None if session is None else session_ids[session],
        )
    for i, raw_hold in enumerate(hold_items):
        where = f"{at}.holds[{i}]"
        x = r.table(raw_hold, where, _HOLD_KEYS)
        session = r.index(x["session"], f"{where}.session", len(session_ids))
        seconds = r.whole(x["seconds"], f"{where}.seconds")
        if seconds < 1:
            raise r.fail(f"{where}.seconds", "must be at least 1")
        repo.add_hold(
            s,
            person.id,
            exercise_id=r.text(x["exercise"], f"{where}.exercise"),
            seconds=seconds,
            per_side=r.flag(x["per_side"], f"{where}.per_side"),
            date=r.day(x["date"], f"{where}.date"),
            source=r.word(x["source"], f"{where}.source", HOLD_SOURCES),
            session_id=None if session is None else session_ids[session],
        )
    return name


def restore(
    db: Database, data: object, *, source: str = "FILE", replace_existing: bool = False
) -> list[str]:
    """Load a runstrong.backup/1 dict, all or nothing; returns the athletes restored."""
    r = _Reader(source)
    if not isinstance(data, dict) or data.get("schema") != BACKUP_SCHEMA:
        raise InputError(source, f'not a runstrong backup (expected "schema": "{BACKUP_SCHEMA}")')
    top = r.table(data, "$", ("schema", "generator", "athletes"))
    people = r.items(top["athletes"], "$.athletes")
    names = [
        _name(
            r.text(r.table(p, f"$.athletes[{i}]", _ATHLETE_KEYS, _ATHLETE_OPTIONAL)["name"], "name")
        )
        for i, p in enumerate(people)
    ]
    keys = [repo.athlete_key(n) for n in names]
    if len(set(keys)) != len(keys):
        raise r.fail("$.athletes", "names the same athlete twice")
    with db.write() as s:
        return [
            _restore_athlete(s, r, p, f"$.athletes[{i}]", replace_existing)
            for i, p in enumerate(people)
        ]


def read_backup(path: str) -> object:
    """A backup file's JSON, or an InputError naming the file."""
    from pathlib import Path

    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("FILE", f"'{path}' does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("FILE", f"cannot read '{path}': {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError("FILE", f"'{path}' is not JSON: {exc}") from None


__all__ = [
    "BACKUP_SCHEMA",
    "LogResult",
    "PlannedSession",
    "Progress",
    "athlete",
    "athlete_plan_inputs",
    "athletes",
    "backup",
    "create_athlete",
    "delete_athlete",
    "delete_logged",
    "edit_athlete",
    "history",
    "hold_history",
    "hold_times",
    "log_session",
    "open_database",
    "planned_sessions",
    "plans",
    "progress",
    "record_lifts",
    "replace",
    "restore",
    "save_plan",
]
