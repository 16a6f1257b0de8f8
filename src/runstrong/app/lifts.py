"""An athlete's 1RMs: recorded lifts, the current 1RM per exercise and its history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TypeVar

from runstrong.app.requests import LiftRequest
from runstrong.core import inputs, loads
from runstrong.core.catalogue import Catalogue
from runstrong.core.model import Exercise, Loading
from runstrong.errors import InputError
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.records import HoldRecord, LiftRecord, SetEntry


def _day(value: str | dt.date | None) -> dt.date:
    """The day lifted: the date given (YYYY-MM-DD text or a date), else today."""
    if value is None:
        return dt.date.today()
    return value if isinstance(value, dt.date) else inputs.date(value, "date")


def _lift_exercise(cat: Catalogue, name: str, field: str) -> Exercise:
    exercise = cat.get(name)
    if exercise.loading is not Loading.ONE_RM:
        raise InputError(
            field,
            f"'{exercise.id}' is not loaded from a 1RM ({exercise.loading.value})",
            "give lifts of barbell, dumbbell or kettlebell exercises",
        )
    return exercise


def record_lifts(ctx: Context, request: LiftRequest) -> list[LiftRecord]:
    """`back-squat=100` (a tested 1RM) or `rdl=80x6` (a set; 1RM by Epley), in one transaction."""
    day = _day(request.date)
    if not request.lifts:
        raise InputError("LIFT", "give at least one lift, e.g. back-squat=100 or rdl=80x6")
    from runstrong.app.exercises import scoped

    cat = scoped(ctx, request.athlete).catalogue  # their own exercises may have a 1RM too
    parsed = []
    for i, item in enumerate(request.lifts):
        exercise_name, weight, reps = loads.parse_lift(item, f"lifts[{i}]")
        exercise = _lift_exercise(cat, exercise_name, f"lifts[{i}]")
        one_rm = loads.one_rm(weight, reps)
        parsed.append((exercise.id, weight, reps, one_rm))
    with ctx.db.write() as s:
        person = repo.athlete(s, request.athlete)
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


R = TypeVar("R", LiftRecord, HoldRecord)


def latest(records: Iterable[R]) -> dict[str, R]:
    """The current entry per exercise: the latest (by date, then by entry order)."""
    found: dict[str, R] = {}
    for record in sorted(records, key=lambda x: (x.date, x.id)):
        found[record.exercise_id] = record
    return found


def current_lifts(lifts: Iterable[LiftRecord]) -> dict[str, LiftRecord]:
    """The current 1RM per exercise."""
    return latest(lifts)


def one_rms(ctx: Context, name: str) -> dict[str, LiftRecord]:
    """The athlete's current 1RM per exercise."""
    with ctx.db.read() as s:
        person = repo.athlete(s, name)
        return repo.current_lifts(s, person.id)


def lift_history(ctx: Context, name: str, exercise: str | None = None) -> list[LiftRecord]:
    """The 1RM history, oldest first, for one exercise or all."""
    exercise_id = None if exercise is None else resolve_for(ctx, name, exercise)
    with ctx.db.read() as s:
        person = repo.athlete(s, name)
        return repo.lifts(s, person.id, exercise_id)


def resolve_for(ctx: Context, name: str, exercise: str) -> str:
    """An exercise's id as this athlete names it (their own exercises too)."""
    from runstrong.app.exercises import scoped

    return scoped(ctx, name).catalogue.resolve(exercise)


def one_rm_exercises(rows: Sequence[SetEntry], cat: Catalogue) -> list[str]:
    """Exercises of `rows` loaded from a 1RM, in first-seen order."""
    found: list[str] = []
    for row in rows:
        if row.exercise_id in found or row.exercise_id not in cat:
            continue
        if cat.get(row.exercise_id).loading is Loading.ONE_RM:
            found.append(row.exercise_id)
    return found
