"""Learning from logs: the 1RM each logged session teaches, written as new lift entries."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from runstrong.app.entries import logged_sets
from runstrong.app.lifts import current_lifts, one_rm_exercises
from runstrong.app.schedule import in_force, refresh_loads
from runstrong.core import loads
from runstrong.core.learning import (
    RISE_MAX,
    Decision,
    SetRecord,
    Target,
    next_one_rm,
    records_from_log,
    session_estimate,
)
from runstrong.core.model import Units
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.records import AthleteRecord, LiftRecord, SetEntry


@dataclass(frozen=True)
class Held:
    """An exercise whose 1RM a logged session left where it was, and why (nothing is written)."""

    exercise_id: str
    one_rm: float
    reason: str


@dataclass(frozen=True)
class Lessons:
    """What one logged session taught: the 1RM entries written and the 1RMs held."""

    learnt: list[LiftRecord]
    held: list[Held]


def _planned_item(planned: dict[str, Any] | None, exercise_id: str) -> dict[str, Any] | None:
    for item in (planned or {}).get("exercises", []):
        if item.get("id") == exercise_id:
            return dict(item)
    return None


def _whole(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def target(item: dict[str, Any], plan_units: Units, units: Units) -> Target:
    """What a planned exercise asked for, its load in the athlete's `units`."""
    raw = item.get("load")
    load = float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else 0.0
    loaded = load > 0 and math.isfinite(load)
    rir = _whole(item.get("rir"))
    return Target(
        reps=_whole(item.get("reps")),
        rir=2 if rir is None else rir,
        load=round(loads.to_units(load, plan_units, units), 2) if loaded else None,
        sets=_whole(item.get("sets")) if loaded else None,
    )


def _records(day: dt.date, rows: Sequence[SetEntry], units: Units) -> tuple[SetRecord, ...]:
    return records_from_log(day, logged_sets(rows), units)


def decide(
    current: LiftRecord | None,
    previous: Sequence[SetRecord],
    latest: Sequence[SetRecord],
    item: dict[str, Any] | None,
    *,
    aim: Target | None = None,
    previous_aim: Target | None = None,
) -> Decision | None:
    """The rule of docs/logbook.md for one exercise of a logged session.

    Planned (the exercise was in the plan of that day): learning.next_one_rm judges the session
    against what its plan asked (`aim`: reps, reps in reserve, load and sets; from `item` when
    not given) and the previous planned session against its own plan (`previous_aim`):
    progress, hold (reps missed once, RPE over target, lighter than planned) or lower.
    Not planned: the session can only raise the 1RM (at most +5%), never lower it, since
    nothing says how hard it was meant to be.
    """
    value = None if current is None else current.one_rm
    if item is not None:
        if aim is None:  # the item's load taken as in the athlete's units
            aim = target(item, Units.KG, Units.KG)
        sessions = [list(previous), list(latest)] if previous else [list(latest)]
        aims = [previous_aim or Target(rir=aim.rir), aim] if previous else [aim]
        return next_one_rm(value, sessions, targets=aims)
    found = session_estimate(latest)
    if found is None:
        return None
    if value is None:
        return Decision("start", round(found.one_rm, 2), "first estimate from a logged set", found)
    if found.one_rm > value:
        raised = round(min(found.one_rm, value * (1 + RISE_MAX)), 2)
        return Decision("progress", raised, "an unplanned set showed more", found)
    return Decision("hold", value, "an unplanned session does not lower the 1RM", found)


def _previous_aim(
    s: Any, person: AthleteRecord, session_id: int, exercise_id: str, units: Units
) -> Target | None:
    """What the plan asked of `exercise_id` in an earlier logged session (its own plan's reps
    and reps in reserve: the season ladder changes them week to week)."""
    record = repo.logged_session(s, person.id, session_id)
    if record.plan_id is None:
        return None
    for plan in repo.plans_covering(s, person.id, record.date, record.date):
        if plan.id != record.plan_id:
            continue
        for week in plan.plan.get("weeks", []):
            for session in week.get("sessions", []):
                if session.get("date") == record.date.isoformat():
                    item = _planned_item(session, exercise_id)
                    plan_units = Units(plan.plan.get("units", units.value))
                    return None if item is None else target(item, plan_units, units)
    return None


def lessons(
    ctx: Context,
    s: Any,
    person: AthleteRecord,
    session_id: int,
    day: dt.date,
    rows: Sequence[SetEntry],
    planned: dict[str, Any] | None,
    plan_units: str | None = None,
) -> Lessons:
    """Update the 1RM of each loaded exercise of a logged session (see `decide`).

    The planned session is judged with the loads it had that day: brought up to the 1RMs in
    force that day (`schedule.in_force`, what `today` showed), in `plan_units` (default the
    athlete's).
    A scheduled re-test (`"kind": "retest"`) records its best set's estimate as the new 1RM.
    A hold writes nothing, so a missed session (nothing logged) leaves the 1RM where it was;
    it is returned in `held` with its reason.
    """
    units = Units(person.units)
    all_lifts = [x for x in repo.lifts(s, person.id) if x.date <= day]
    current = current_lifts(x for x in all_lifts if x.session_id != session_id)
    retest = (planned or {}).get("kind") == "retest"
    of_plan = Units(plan_units or person.units)
    if planned is not None and not retest:
        planned = refresh_loads(planned, in_force(all_lifts, day), ctx.implements(of_plan))
    learnt: list[LiftRecord] = []
    held: list[Held] = []
    for exercise_id in one_rm_exercises(rows, ctx.catalogue):
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
            item = _planned_item(planned, exercise_id)
            found_decision = decide(
                current.get(exercise_id),
                previous,
                latest,
                item,
                aim=None if item is None else target(item, of_plan, units),
                previous_aim=(
                    None
                    if last_id is None
                    else _previous_aim(s, person, last_id, exercise_id, units)
                ),
            )
            if found_decision is None:
                continue
            if found_decision.action == "hold":
                held.append(Held(exercise_id, found_decision.one_rm, found_decision.reason))
                continue
            decision, source = found_decision, "estimated-logs"
        estimate = decision.estimate
        fields: dict[str, Any] = {
            "exercise_id": exercise_id,
            "one_rm": decision.one_rm,
            "date": day,
            "source": source,
            "weight": None if estimate is None else estimate.source_load,
            "reps": None if estimate is None else estimate.source_reps,
            "formula": None if estimate is None else estimate.formula,
            "session_id": session_id,
        }
        lift_id = repo.add_lift(s, person.id, **fields)
        learnt.append(
            LiftRecord(id=lift_id, **fields, note=f"{decision.action}: {decision.reason}")
        )
    return Lessons(learnt, held)
