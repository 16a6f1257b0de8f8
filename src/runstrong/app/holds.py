"""Hold re-tests: the longest timed hold per exercise (side plank, ...) and its history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from runstrong.app.lifts import latest
from runstrong.app.lifts import resolve_for as resolve
from runstrong.core.serialize import is_hold_test
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.records import AthleteRecord, HoldRecord, SetEntry


def current_holds(holds: Iterable[HoldRecord]) -> dict[str, HoldRecord]:
    """The current hold time per exercise: the latest test."""
    return latest(holds)


def hold_times(ctx: Context, name: str) -> dict[str, HoldRecord]:
    """The athlete's current hold-test result per exercise (side plank, ...)."""
    with ctx.db.read() as s:
        person = repo.athlete(s, name)
        return current_holds(repo.holds(s, person.id))


def hold_history(ctx: Context, name: str, exercise: str | None = None) -> list[HoldRecord]:
    """The hold-test history, oldest first, for one exercise or all."""
    exercise_id = None if exercise is None else resolve(ctx, name, exercise)
    with ctx.db.read() as s:
        person = repo.athlete(s, name)
        return repo.holds(s, person.id, exercise_id)


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
    ctx: Context,
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
    cat = ctx.catalogue
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
