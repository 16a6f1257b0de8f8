"""History and progress: the rows of `history` and the data the progress charts draw."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, replace

from runstrong.app.lifts import resolve_for as resolve
from runstrong.app.schedule import planned_days
from runstrong.core import loads
from runstrong.core.model import Units
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.records import HistoryRow, HoldRecord, LiftRecord, SetEntry


def history(
    ctx: Context, name: str, exercise: str | None = None, since: dt.date | None = None
) -> list[HistoryRow]:
    """Logged exercises, oldest first, for one exercise or all."""
    exercise_id = None if exercise is None else resolve(ctx, name, exercise)
    with ctx.db.read() as s:
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
    one_rm: tuple[tuple[dt.date, float], ...]  # estimated 1RM over time (its entries)
    weekly_volume: tuple[tuple[dt.date, float], ...]  # week's Monday -> tonnage
    # week's Monday -> sessions logged that week (any exercise), sessions the saved plans had
    sessions: tuple[tuple[dt.date, int, int], ...]
    # days a logged session of the exercise kept its 1RM (a hold), with the 1RM it kept
    held: tuple[tuple[dt.date, float], ...] = ()
    # a timed exercise's best hold a day, in seconds: a re-test's result ("retest") on the day
    # of one, else the longest set logged ("logged")
    holds: tuple[tuple[dt.date, int, str], ...] = ()

    def done_of_due(self, today: dt.date) -> tuple[int, int, dt.date, int]:
        """(sessions done, sessions due, through which week, sessions in the saved plans):
        planned weeks still to come are not behind, so sessions are due up to this week or the
        last week logged, whichever is later."""
        through = max([monday(today), *(w for w, n, _ in self.sessions if n)])
        due = sum(p for w, _, p in self.sessions if w <= through)
        done = sum(n for _, n, _ in self.sessions)
        return done, due, through, sum(p for _, _, p in self.sessions)

    def one_rm_sessions(self) -> tuple[tuple[dt.date, float], ...]:
        """The 1RM line with a point for every session: its entries and the days it held."""
        return tuple(sorted({**dict(self.held), **dict(self.one_rm)}.items()))


def best_holds(
    rows: list[HistoryRow], tests: list[HoldRecord]
) -> tuple[tuple[dt.date, int, str], ...]:
    """One exercise's best hold a day: a re-test's result where there is one (it counts a
    per-side hold by its shorter side), else the longest timed set logged that day."""
    best: dict[dt.date, tuple[int, str]] = {}
    for row in rows:
        seconds = row.entry.seconds
        if seconds is not None and seconds > best.get(row.date, (0, ""))[0]:
            best[row.date] = (seconds, "logged")
    for test in tests:  # oldest first: the day's last test wins
        best[test.date] = (test.seconds, "retest")
    return tuple((day, seconds, how) for day, (seconds, how) in sorted(best.items()))


def progress(ctx: Context, name: str, exercise: str | None = None) -> Progress:
    """1RM over time (with the sessions that held it), weekly volume and sessions done vs planned.

    The 1RM line and the volume are of `exercise` (volume of every exercise without one); the
    sessions done and planned always count whole sessions, whatever `exercise` is.
    """
    exercise_id = None if exercise is None else resolve(ctx, name, exercise)
    with ctx.db.read() as s:
        person = repo.athlete(s, name)
        lift_rows = repo.lifts(s, person.id, exercise_id) if exercise_id is not None else []
        hold_rows = repo.holds(s, person.id, exercise_id) if exercise_id is not None else []
        done_rows = repo.history(s, person.id)  # read once: sessions done count every exercise
        plan_rows = repo.plans(s, person.id)
    rows = [r for r in done_rows if exercise_id in (None, r.entry.exercise_id)]
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
        for _record, session in planned_days(plan_rows, dt.date.min, dt.date.max):
            week = monday(dt.date.fromisoformat(session["date"]))
            planned[week] = planned.get(week, 0) + 1
    weeks = sorted(set(done) | set(planned))
    taught = {x.session_id for x in lift_rows if x.session_id is not None}
    held: dict[dt.date, float] = {}
    lift_days = [x.date for x in lift_rows]  # oldest first
    for row in rows if exercise_id is not None else []:
        if row.session_id in taught or row.date in one_rm or row.entry.reps is None:
            continue
        kept = bisect.bisect_right(lift_days, row.date)  # the entries on or before that day
        if kept:
            held[row.date] = lift_rows[kept - 1].one_rm
    return Progress(
        holds=best_holds(rows if exercise_id is not None else [], hold_rows),
        exercise_id=exercise_id,
        units=units.value,
        one_rm=tuple(sorted(one_rm.items())),
        weekly_volume=tuple(sorted((w, round(v, 2)) for w, v in weekly.items())),
        sessions=tuple((w, len(done.get(w, ())), planned.get(w, 0)) for w in weeks),
        held=tuple(sorted(held.items())),
    )
