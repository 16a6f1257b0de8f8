"""Placement around the running week: one a day, no race day, no day before a key run, spacing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from runstrong.validation.reading import Session, Week, day_name
from runstrong.validation.values import KEY_RUNS
from runstrong.validation.violation import Violation


def check_placement(
    weeks: Sequence[Week], out: list[Violation], start: dt.date | None = None
) -> None:
    """before-start, one-per-day, no-race-day, day-before-key-run and spacing."""
    by_date: dict[dt.date, tuple[Week, Session]] = {}
    for week in weeks:
        for session in week.sessions:
            day = session.date
            if day is None:
                continue
            if start is not None and day < start:
                out.append(
                    Violation(
                        "before-start",
                        session.where,
                        f"before the plan's start ({start.isoformat()}); a plan begins on its "
                        "start day",
                    )
                )
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
            if week.runs[day_name(day)] == "race":
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

    # The runner's own strength days (from their calendar) are sessions for spacing; runstrong
    # plans none on them.
    spaced: dict[dt.date, tuple[Week, str, bool]] = {
        d: (w, s.where, False) for d, (w, s) in by_date.items()
    }
    for week in weeks:
        for day in week.own_strength:
            if day in by_date:
                out.append(
                    Violation(
                        "one-per-day",
                        by_date[day][1].where,
                        "on a day the runner's calendar already holds strength",
                    )
                )
            spaced.setdefault(day, (week, f"{week.where}, {day.isoformat()} (own strength)", True))
    _spacing(spaced, out)


def _spacing(spaced: dict[dt.date, tuple[Week, str, bool]], out: list[Violation]) -> None:
    """spacing: with 3 or fewer strength days a week never two in a row; never three in a row."""
    dates = sorted(spaced)
    one = dt.timedelta(days=1)
    reported: set[dt.date] = set()
    own = {d for d, (_, _, theirs) in spaced.items() if theirs}
    for day in dates:
        if day + one not in spaced or {day, day + one} <= own:
            continue  # two days of the runner's own strength are theirs to arrange
        weeks_pair = (spaced[day][0], spaced[day + one][0])
        if all(w.session_count + len(w.own_strength) <= 3 for w in weeks_pair):
            reported.add(day)
            out.append(
                Violation(
                    "spacing",
                    spaced[day + one][1],
                    f"the day after the session on {day.isoformat()}; with 3 or fewer sessions a "
                    "week, never on consecutive days",
                )
            )
    for day in dates:
        if day + one not in spaced or day + 2 * one not in spaced:
            continue
        if {day, day + one, day + 2 * one} <= own:
            continue
        if day in reported or day + one in reported:
            continue  # already a consecutive-days violation
        out.append(
            Violation(
                "spacing",
                spaced[day + 2 * one][1],
                "the third day in a row; with 4 sessions a week, never three days in a row",
            )
        )


def _run_on(day: dt.date, own: Week, weeks: Sequence[Week]) -> str:
    """The run planned on a day: from the week that holds it, else the own week's pattern."""
    for week in weeks:
        if week.start is not None and week.runs is not None and 0 <= (day - week.start).days <= 6:
            return week.runs[day_name(day)]
    assert own.runs is not None
    return own.runs[day_name(day)]
