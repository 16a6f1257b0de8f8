"""Importing from workout apps: a Strong or Hevy CSV export as logged sessions and 1RMs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from runstrong.app.lifts import one_rm_exercises
from runstrong.app.requests import ImportRequest
from runstrong.core import inputs
from runstrong.core.learning import Estimate, SetRecord, e1rm_history
from runstrong.core.model import Units
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.records import LiftRecord, SetEntry

IMPORT_SOURCE = "import"
DROP_SET_NOTE = "drop set"


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote and what it left out, set by set."""

    app: str
    sessions: int  # sessions written (one a day with new sets)
    sets: int  # new sets written
    unknown: dict[str, int]
    warmups: int
    lifts: tuple[LiftRecord, ...]
    duplicates: int = 0  # sets already in the logbook from an earlier import
    layout: str = ""
    set_types: dict[str, int] | None = None  # unknown set types -> sets left out
    bodyweight: int = 0  # new bodyweight sets whose weight (the body's mass) was dropped
    drop_sets: int = 0  # new drop sets
    warnings: tuple[str, ...] = ()


def _stored_counts(
    ctx: Context, athlete_id: int, first: dt.date, last: dt.date
) -> Counter[tuple[dt.date, str]]:
    """Sets already imported, by (day, exercise): the file's first N of those are not new."""
    counts: Counter[tuple[dt.date, str]] = Counter()
    with ctx.db.read() as s:
        for stored in repo.sessions(s, athlete_id, first, last):
            if stored.source != IMPORT_SOURCE:
                continue
            for entry in stored.entries:
                counts[(stored.date, entry.exercise_id)] += entry.sets
    return counts


def _rows(sets: Sequence[tuple[SetRecord, str]], units: Units) -> list[SetEntry]:
    """A day's new sets as stored rows: runs of identical sets of one kind become one row."""
    rows: list[SetEntry] = []
    for record, kind in sets:
        entry = SetEntry(
            exercise_id=record.exercise_id,
            sets=1,
            reps=record.reps,
            seconds=record.seconds,
            load=record.load or None,
            units=units.value,
            rpe=record.rpe,
            rir=None if record.rpe is None else 10 - record.rpe,
            notes=DROP_SET_NOTE if kind == "drop" else "",
        )
        last = rows[-1] if rows else None
        if last is not None and last == SetEntry(**{**entry.__dict__, "sets": last.sets}):
            rows[-1] = SetEntry(**{**last.__dict__, "sets": last.sets + 1})
        else:
            rows.append(entry)
    return rows


def _with_singles(last: Estimate, records: Sequence[SetRecord]) -> Estimate:
    """The imported 1RM, never below a weight lifted for a single: history is not capped.

    e1rm_history caps rises at +5% a session for planning; a logged single is a 1RM the
    runner has shown, so the import records at least that (issue 9, part 7).
    """
    singles = [r for r in records if r.reps == 1 and r.load and r.day <= last.day]
    if not singles:
        return last
    best = max(singles, key=lambda r: r.load or 0.0)
    load = float(best.load or 0.0)
    if load <= last.one_rm:
        return last
    return Estimate(load, "single", last.day, 1, load)


def import_export(ctx: Context, request: ImportRequest) -> ImportSummary:
    """A Strong or Hevy CSV export as logged sessions (one a day), with the e1RM each exercise's
    history shows recorded as its 1RM (source `import`). One transaction.

    Sets already imported (same day, exercise and place among that day's sets of the exercise)
    are skipped and counted: importing the same file twice adds nothing.
    """
    from runstrong.core.importing import ImportedSet, parse_export

    source_units = (
        None
        if request.source_units is None
        else inputs.choice(Units, request.source_units, "source_units")
    )
    with ctx.db.read() as s:
        person = repo.athlete(s, request.athlete)
    units = Units(person.units)
    result = parse_export(request.text, ctx.catalogue, units, source_units=source_units)
    days = [x.record.day for x in result.sets]
    stored = _stored_counts(ctx, person.id, min(days), max(days)) if days else Counter()
    fresh: dict[dt.date, list[tuple[SetRecord, str]]] = {}
    new: list[ImportedSet] = []
    for one in result.sets:
        if one.index > stored[(one.record.day, one.record.exercise_id)]:
            new.append(one)
            fresh.setdefault(one.record.day, []).append((one.record, one.kind))
    learnt: list[LiftRecord] = []
    with ctx.db.write() as s:
        person = repo.athlete(s, request.athlete)
        for day in sorted(fresh):
            repo.add_session(
                s, person.id, date=day, entries=_rows(fresh[day], units), source=IMPORT_SOURCE
            )
        if fresh:
            learnt = _learn(ctx, s, person.id, result.records, units)
    if fresh:
        repo.analyze(ctx.db)  # a bulk load: PostgreSQL's planner needs the new row counts
    return ImportSummary(
        app=result.app,
        sessions=len(fresh),
        sets=sum(len(v) for v in fresh.values()),
        unknown=dict(result.unknown),
        warmups=result.warmups,
        lifts=tuple(learnt),
        duplicates=len(result.sets) - len(new),
        layout=result.layout,
        set_types=dict(result.set_types),
        bodyweight=sum(1 for x in new if x.bodyweight),
        drop_sets=sum(1 for x in new if x.kind == "drop"),
        warnings=tuple(map(ctx.words, result.warnings)),
    )


def _learn(
    ctx: Context, s: Any, athlete_id: int, records: Sequence[SetRecord], units: Units
) -> list[LiftRecord]:
    """The 1RM each lift's imported history shows, recorded once per lift."""
    by_day: dict[dt.date, list[SetRecord]] = {}
    for record in records:
        by_day.setdefault(record.day, []).append(record)
    learnt = []
    entries = [SetEntry(r.exercise_id, 1, r.reps, r.seconds, r.load, units.value) for r in records]
    for exercise_id in one_rm_exercises(entries, ctx.catalogue):
        mine = [r for r in records if r.exercise_id == exercise_id]
        sessions = [[r for r in by_day[d] if r.exercise_id == exercise_id] for d in sorted(by_day)]
        history_found = e1rm_history([x for x in sessions if x])
        if not history_found:
            continue
        last = _with_singles(history_found[-1], mine)
        value = round(last.one_rm, 2)
        formula = None if last.formula == "single" else last.formula
        lift_id = repo.add_lift(
            s,
            athlete_id,
            exercise_id=exercise_id,
            one_rm=value,
            date=last.day,
            source=IMPORT_SOURCE,
            weight=last.source_load,
            reps=last.source_reps,
            formula=formula,
        )
        learnt.append(
            LiftRecord(
                lift_id,
                exercise_id,
                value,
                last.day,
                IMPORT_SOURCE,
                last.source_load,
                last.source_reps,
                formula,
            )
        )
    return learnt
