"""Learning from logs: the 1RM each logged session teaches, written as new lift entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from runstrong.core.learning import (
    RISE_MAX,
    Decision,
    SetRecord,
    next_one_rm,
    records_from_log,
    session_estimate,
)
from runstrong.core.model import Units
from runstrong.logbook.entries import logged_sets
from runstrong.logbook.lifts import current_lifts, one_rm_exercises
from runstrong.storage import repository as repo
from runstrong.storage.records import AthleteRecord, LiftRecord, SetEntry


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
    for exercise_id in one_rm_exercises(rows):
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
    return learnt
