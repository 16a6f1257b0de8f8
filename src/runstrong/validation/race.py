"""race-window: the 2 days before a race hold at most a short, light primer (docs/rules.md).

Independent of the planner: the race days come from the plan's running weeks and its `race`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from runstrong.validation.reading import Exercise, Session, Week, day_name
from runstrong.validation.values import (
    LOWER_BODY,
    PRIMER_EFFORT_REPS,
    PRIMER_MAX_PERCENT,
    PRIMER_SETS,
    RACE_WINDOW_DAYS,
    SOFT_MIN_RIR,
    fmt,
)
from runstrong.validation.violation import Violation

RULE = "race-window"


def race_days(weeks: Sequence[Week], race: dt.date | None) -> frozenset[dt.date]:
    """Every race day the plan shows: its weeks' runs, the last week repeating after the plan (as
    a single week's running repeats), and its `race` date."""
    days = {race} if race is not None else set()
    last = len(weeks) - 1
    for i, week in enumerate(weeks):
        if week.start is None or week.runs is None:
            continue
        for offset in range(14 if i == last else 7):
            day = week.start + dt.timedelta(days=offset)
            if week.runs[day_name(day)] == "race":
                days.add(day)
    return frozenset(days)


def race_ahead(session: Session, races: frozenset[dt.date]) -> int | None:
    """Days from the session to a race within the window (1-2), or None."""
    if session.date is None:
        return None
    for ahead in range(1, RACE_WINDOW_DAYS + 1):
        if session.date + dt.timedelta(days=ahead) in races:
            return ahead
    return None


def _problems(ex: Exercise) -> list[str]:
    """What in one exercise does not belong in a pre-race primer."""
    found = []
    if ex.loading == "contacts":
        found.append("jumps")
    if ex.category == "run-specific":
        found.append("a run-specific effort (sled, hill sprints)")
    if ex.eccentric:
        found.append("Nordic curls (eccentric soreness peaks 1-3 days later)")
    if ex.sets > PRIMER_SETS:
        found.append(f"{ex.sets} sets (a primer takes at most {PRIMER_SETS})")
    if ex.loading == "1rm" and ex.pattern in LOWER_BODY:
        if ex.percent_1rm is not None and ex.percent_1rm > PRIMER_MAX_PERCENT:
            found.append(f"{fmt(ex.percent_1rm)}% 1RM (at most {fmt(PRIMER_MAX_PERCENT)}%)")
        if ex.rir is None or ex.rir < SOFT_MIN_RIR:
            found.append(f"RIR {ex.rir} (at least {SOFT_MIN_RIR})")
        elif ex.load is None and (ex.reps or 0) + ex.rir < PRIMER_EFFORT_REPS:
            found.append(
                f"a weight you could lift {(ex.reps or 0) + ex.rir} times (at least "
                f"{PRIMER_EFFORT_REPS}: no more than {fmt(PRIMER_MAX_PERCENT)}% 1RM)"
            )
    return found


def check_race_window(weeks: Sequence[Week], race: dt.date | None, out: list[Violation]) -> None:
    """race-window on every session dated in the 2 days before a race."""
    races = race_days(weeks, race)
    for week in weeks:
        for session in week.sessions:
            ahead = race_ahead(session, races)
            if ahead is None:
                continue
            when = "the day before a race" if ahead == 1 else f"{ahead} days before a race"
            for ex in session.exercises:
                found = _problems(ex)
                if found:
                    message = f"{when}: " + ", ".join(found) + "; a primer is short and light"
                    out.append(Violation(RULE, ex.where, message))
