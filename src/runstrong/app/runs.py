"""Runs: activities imported from watch files and a Strava export, read week by week, and the
running week they show (docs/runs.md)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from runstrong.app.requests import RunsImportRequest
from runstrong.core import inputs
from runstrong.core.activities import MATCH_SECONDS, Activity, Lap
from runstrong.core.model import WEEKDAYS, RunType
from runstrong.core.runweek import (
    MIN_WEEKS,
    WINDOW_WEEKS,
    Move,
    RunRead,
    TypicalWeek,
    read_runs,
    strength_move,
    typical_week,
)
from runstrong.errors import InputError
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.records import ActivityRecord

MAX_WEEKS = 104
"""`runs --weeks`: two years at most on one screen."""


@dataclass(frozen=True)
class RunsImported:
    """What an import read and wrote."""

    files: int  # files read (a Strava zip counts once)
    read: int  # activities in them
    added: int  # new activities stored
    runs: int  # of which runs
    duplicates: int  # already stored, or twice in this import
    sources: tuple[str, ...] = ()  # the files of the new activities


def _record(a: Activity) -> ActivityRecord:
    """An activity as storage takes it."""
    return ActivityRecord(
        id=0,
        date=a.date,
        sport=a.sport,
        duration_s=a.duration_s,
        distance_m=a.distance_m,
        avg_hr=a.avg_hr,
        max_hr=a.max_hr,
        rpe=a.rpe,
        start=a.start,
        fingerprint=a.fingerprint,
        name=a.name,
        elevation_gain_m=a.elevation_gain_m,
        workout_type=a.workout_type,
        source="".join(ch if ch.isprintable() else "?" for ch in a.source),
        local_start=a.local_start,
        laps=tuple((lap.duration_s, lap.distance_m, lap.avg_hr) for lap in a.laps),
    )


def activity(record: ActivityRecord) -> Activity:
    """A stored activity as the core reads it."""
    return Activity(
        sport=record.sport,
        start=record.start,
        duration_s=record.duration_s,
        source=record.source,
        distance_m=record.distance_m,
        elevation_gain_m=record.elevation_gain_m,
        avg_hr=record.avg_hr,
        max_hr=record.max_hr,
        rpe=record.rpe,
        name=record.name,
        local_start=record.local_start,
        workout_type=record.workout_type,
        laps=tuple(Lap(s, m, h) for s, m, h in record.laps),
    )


def _merge(kept: Activity, other: Activity) -> Activity:
    """One activity seen twice (a watch file and the Strava export): the first read keeps its
    measurements and gains the name, RPE and Strava flag it lacked."""
    from dataclasses import replace

    return replace(
        kept,
        name=kept.name or other.name,
        rpe=kept.rpe if kept.rpe is not None else other.rpe,
        workout_type=kept.workout_type or other.workout_type,
    )


_NEAR = 16
"""Activities read just before one that may start within a minute of it (sorted by start)."""


def _twin(recent: Sequence[tuple[str, dt.datetime]], a: Activity) -> int | None:
    """The index in `recent` of the activity `a` repeats, if any."""
    for i in range(len(recent) - 1, -1, -1):
        sport, start = recent[i]
        if (a.start - start).total_seconds() > MATCH_SECONDS:
            return None
        if sport == a.sport:
            return i
    return None


def _stored_twin(stored: Sequence[tuple[dt.datetime, str]], a: Activity) -> bool:
    """True when a stored activity (sorted by start) is `a`: same sport, start within a minute."""
    window = dt.timedelta(seconds=MATCH_SECONDS)
    i = bisect.bisect_left(stored, (a.start - window, ""))
    while i < len(stored) and stored[i][0] <= a.start + window:
        if stored[i][1] == a.sport:
            return True
        i += 1
    return False


def decode_files(files: Sequence[tuple[str, bytes]]) -> list[Activity]:
    """Every activity of the files, or the first file's error (name and reason)."""
    from runstrong.core.activities import decode

    found: list[Activity] = []
    for name, data in files:
        found.extend(decode(name, data))
    return found


def import_runs(ctx: Context, request: RunsImportRequest) -> RunsImported:
    """Store the activities of the files that are not stored yet, all in one transaction: a bad
    file stores nothing of the import. An activity is stored once: the same sport starting
    within a minute of a stored one (or of one earlier in the import) is a duplicate."""
    if not request.files:
        raise InputError("FILES", "give at least one file")
    return _store(ctx, request.athlete, decode_files(request.files), len(request.files))


@dataclass(frozen=True)
class Refused:
    """A file an upload could not read: its name and why."""

    file: str
    reason: str


@dataclass(frozen=True)
class RunsUpload:
    """What an upload of several files did: the import of the files that could be read, and
    the files refused, each with its reason."""

    imported: RunsImported
    refused: tuple[Refused, ...]


def import_each(ctx: Context, request: RunsImportRequest, field: str = "files") -> RunsUpload:
    """Each file on its own (an upload from the web): a file that cannot be read is refused
    with its name and reason, and the activities of the others are stored in one transaction,
    as `import_runs` stores them. When no file can be read, nothing is stored and the error
    names every file (on `field`)."""
    if not request.files:
        raise InputError(field, "give at least one file")
    found: list[Activity] = []
    refused: list[Refused] = []
    for name, data in request.files:
        try:
            found.extend(decode_files([(name, data)]))
        except InputError as exc:
            refused.append(Refused(name, exc.problem.removeprefix(f"{name}: ")))
    if len(refused) == len(request.files):
        why = "; ".join(f"{r.file}: {r.reason}" for r in refused)
        raise InputError(field, f"no file could be read ({why})")
    read = len(request.files) - len(refused)
    return RunsUpload(_store(ctx, request.athlete, found, read), tuple(refused))


def _store(ctx: Context, athlete: str, found: list[Activity], files: int) -> RunsImported:
    """Store the activities of `found` not stored yet (nor twice in it), in one transaction."""
    unique: list[Activity] = []
    for a in sorted(found, key=lambda x: (x.start, x.source)):
        twin = _twin([(u.sport, u.start) for u in unique[-_NEAR:]], a)
        if twin is None:
            unique.append(a)
        else:
            at = len(unique) - min(len(unique), _NEAR) + twin
            unique[at] = _merge(unique[at], a)
    new: list[Activity] = []
    with ctx.db.write() as s:
        person = repo.athlete(s, athlete)
        if unique:
            day = dt.timedelta(days=1)
            first = min(a.date for a in unique) - day
            last = max(a.date for a in unique) + day
            stored = sorted((x.start, x.sport) for x in repo.activities(s, person.id, first, last))
            new = [a for a in unique if not _stored_twin(stored, a)]
            repo.add_activities(s, person.id, [_record(a) for a in new])
    if len(new) > 50:
        repo.analyze(ctx.db, ("activities",))
    return RunsImported(
        files=files,
        read=len(found),
        added=len(new),
        runs=sum(1 for a in new if a.is_run),
        duplicates=len(found) - len(new),
        sources=tuple(a.source for a in new),
    )


@dataclass(frozen=True)
class RunWeekReport:
    """One week (Monday to Sunday) of what was run, each run read, and the cross-training."""

    start: dt.date
    runs: tuple[RunRead, ...]
    other: tuple[Activity, ...]

    @property
    def distance_m(self) -> float:
        return sum(r.run.distance_m or 0.0 for r in self.runs)

    @property
    def duration_s(self) -> float:
        return sum(r.run.duration_s for r in self.runs)


@dataclass(frozen=True)
class RunsReport:
    """`runs --weeks N`: the weeks, and the running week they show (None: fewer than
    MIN_WEEKS weeks with runs in the last WINDOW_WEEKS full weeks)."""

    athlete: str
    units: str  # the athlete's: kg shows km, lb shows miles
    weeks: tuple[RunWeekReport, ...]
    typical: TypicalWeek | None
    typical_weeks: TypicalWeek  # what the window shows even when too short to use


def _window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The WINDOW_WEEKS full weeks before today's week: first Monday, last Sunday."""
    monday = today - dt.timedelta(days=today.weekday())
    return monday - dt.timedelta(weeks=WINDOW_WEEKS), monday - dt.timedelta(days=1)


def runs_report(ctx: Context, name: str, weeks: int, today: dt.date | None = None) -> RunsReport:
    """What was run over the last `weeks` weeks (this one included), week by week, each run
    with its type and why, and the typical week of the last full weeks."""
    count = inputs.whole(weeks, "weeks", 1, MAX_WEEKS)
    today = today or dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    first = monday - dt.timedelta(weeks=count - 1)
    window_first, _window_last = _window(today)
    start = min(first, window_first)
    with ctx.db.read() as s:
        person = repo.athlete(s, name)
        stored = repo.activities(s, person.id, start, monday + dt.timedelta(days=6))
    done = [activity(x) for x in stored]
    reads = read_runs([a for a in done if a.is_run])
    out = []
    for i in range(count):
        week = first + dt.timedelta(weeks=i)
        end = week + dt.timedelta(days=6)
        out.append(
            RunWeekReport(
                week,
                tuple(r for r in reads if week <= r.run.date <= end),
                tuple(a for a in done if not a.is_run and week <= a.date <= end),
            )
        )
    typical = typical_week(reads, window_first, WINDOW_WEEKS)
    return RunsReport(
        person.name,
        person.units,
        tuple(out),
        typical if typical.weeks >= MIN_WEEKS else None,
        typical,
    )


def derived_week(ctx: Context, name: str, today: dt.date | None = None) -> TypicalWeek | None:
    """The running week read from the athlete's runs of the last WINDOW_WEEKS full weeks, or
    None when fewer than MIN_WEEKS of them had a run."""
    window_first, window_last = _window(today or dt.date.today())
    with ctx.db.read() as s:
        person = repo.athlete(s, name)
        stored = repo.activities(s, person.id, window_first, window_last)
    return typical_of(stored, window_first)


def recent_activities_among(
    s: Any, athlete_ids: Sequence[int], today: dt.date
) -> dict[int, list[ActivityRecord]]:
    """The activities `derived_week` reads, of several athletes in one query, in a caller's read
    (a squad's block reads 200 running weeks at once)."""
    window_first, window_last = _window(today)
    return repo.activities_among(s, athlete_ids, window_first, window_last)


def typical_of(stored: Sequence[ActivityRecord], window_first: dt.date) -> TypicalWeek | None:
    """`derived_week` of activities already read (from `window_first`, a Monday)."""
    runs = [activity(x) for x in stored if x.is_run]
    if not runs:
        return None
    found = typical_week(read_runs(runs), window_first, WINDOW_WEEKS)
    if found.weeks < MIN_WEEKS or all(t is RunType.REST for t in found.week.days):
        return None
    return found


def window_start(today: dt.date) -> dt.date:
    """The first Monday of the weeks `derived_week` reads."""
    return _window(today)[0]


def session_move(ctx: Context, name: str, day: dt.date) -> Move | None:
    """Whether the strength session planned on `day` moves because of what was run that day or
    the day before (a long run or race that day, a key run the day before, unplanned), and
    where to (docs/runs.md)."""
    from runstrong.app.schedule import planned_days

    window_first, _ = _window(day)
    first, last = day - dt.timedelta(days=7), day + dt.timedelta(days=13)
    with ctx.db.read() as s:
        person = repo.athlete(s, name)
        covering = repo.plans_covering(s, person.id, first, last)
        if not covering:
            return None
        stored = repo.activities(s, person.id, window_first, day)
    found = planned_days(covering, first, last)
    sessions = [dt.date.fromisoformat(session["date"]) for _, session in found]
    if day not in sessions:
        return None
    planned: dict[dt.date, RunType] = {}
    per_week = 0
    for record in sorted(covering, key=lambda p: p.id):  # the newest plan wins a day
        for week in record.plan.get("weeks", []):
            monday = dt.date.fromisoformat(week["start"])
            for i, weekday in enumerate(WEEKDAYS):
                value = (week.get("runs") or {}).get(weekday, "rest")
                planned[monday + dt.timedelta(days=i)] = RunType(value)
            if monday <= day <= monday + dt.timedelta(days=6):
                per_week = len(week.get("sessions", []))
    reads = read_runs([activity(x) for x in stored if x.is_run])
    return strength_move(day, sessions, planned, reads, per_week)
