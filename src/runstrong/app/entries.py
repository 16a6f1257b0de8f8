"""Set entries: logbook notation as stored rows, and stored rows back as notation."""

from __future__ import annotations

from collections.abc import Sequence

from runstrong.core.model import Units
from runstrong.core.notation import LoggedExercise, LoggedSet, parse_log
from runstrong.settings import Context
from runstrong.storage.records import SetEntry


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


def parse_entries(
    ctx: Context, tokens: Sequence[str], units: str, rpe: float | None
) -> list[SetEntry]:
    """`back-squat 3x5@85 rdl 3x6@70` as rows to store; bad notation is an InputError."""
    cat = ctx.catalogue
    return entries_from(parse_log(tokens, cat.resolve, Units(units), rpe))
