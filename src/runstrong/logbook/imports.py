"""Importing from workout apps: a Strong or Hevy CSV export as logged sessions and 1RMs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runstrong import config
from runstrong.core.learning import SetRecord, e1rm_history
from runstrong.core.model import Units
from runstrong.core.notation import LoggedExercise, LoggedSet
from runstrong.logbook.entries import entries_from
from runstrong.logbook.lifts import one_rm_exercises
from runstrong.storage import repository as repo
from runstrong.storage.db import Database
from runstrong.storage.records import LiftRecord, SetEntry


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
        for exercise_id in one_rm_exercises(
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
