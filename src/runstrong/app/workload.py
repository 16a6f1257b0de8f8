"""Running and strength load in one view: the logbook's lifts and the imported activities as load
items, the weekly series with its ratios and cautions, and the saved plan's deloads and race."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from runstrong.app.schedule import planned_days
from runstrong.core import inputs
from runstrong.core import workload as wl
from runstrong.errors import InputError
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.records import PlanRecord, SessionRecord

MAX_WEEKS = 104
"""The longest series shown: two years of weeks."""
LEAD_DAYS = 56
"""Days read before the first week shown, so its chronic window and EWMA have their history."""
AHEAD_WEEKS = 16
"""With a race ahead in a saved plan, the weeks to it (at most these) are shown too: the deloads
to come and the race, with no load yet."""


class ActivityLike(Protocol):
    """What the load needs of an imported activity (storage's activity record, issue 14 part 1)."""

    @property
    def date(self) -> dt.date: ...
    @property
    def sport(self) -> str: ...
    @property
    def is_run(self) -> bool: ...
    @property
    def duration_s(self) -> float: ...
    @property
    def avg_hr(self) -> float | None: ...
    @property
    def rpe(self) -> float | None: ...


def activity_item(record: ActivityLike, hr: wl.HeartRate | None) -> wl.LoadItem:
    """An activity as a load item: a run, or cross-training for any other sport; its RPE as
    recorded (a CR-10 session rating), its TRIMP when it has an average heart rate and the runner
    gave their resting and maximal rates."""
    minutes = record.duration_s / 60
    kind = wl.Kind.RUN if record.is_run else wl.Kind.CROSS
    trimp = (
        None
        if record.avg_hr is None or hr is None
        else round(wl.trimp(minutes, record.avg_hr, hr), 1)
    )
    return wl.LoadItem(
        record.date,
        kind,
        round(minutes, 2),
        record.rpe,
        trimp,
        f"activity {record.date} {record.sport}",
    )


def strength_item(record: SessionRecord, planned_minutes: int | None) -> wl.LoadItem:
    """A logged strength session as a load item: the logged session RPE, else the mean of its
    sets' RPE (10 - RIR where only RIR was logged); the plan's minutes for a planned session the
    log answered, else minutes estimated from the logged sets (the logbook stores no duration)."""
    rpe, rpe_from = record.rpe, wl.RpeFrom.SESSION
    if rpe is None:
        rpe = wl.mean_set_rpe((e.rpe, e.rir) for e in record.entries)
        rpe_from = wl.RpeFrom.SETS
    if planned_minutes is not None:
        minutes, minutes_from = float(planned_minutes), "plan"
    else:
        rows = ((e.sets, e.reps, e.seconds) for e in record.entries)
        minutes, minutes_from = float(wl.logged_minutes(rows)), "estimate"
    return wl.LoadItem(
        record.date,
        wl.Kind.STRENGTH,
        minutes,
        None if rpe is None else round(rpe, 2),
        None,
        f"log #{record.id}",
        rpe_from,
        minutes_from,
    )


def _planned_minutes(
    found: Sequence[tuple[PlanRecord, dict[str, Any]]],
) -> dict[tuple[int, dt.date], int]:
    """Each planned session's minutes by (plan id, day)."""
    out = {}
    for record, session in found:
        minutes = session.get("minutes")
        if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes > 0:
            out[record.id, dt.date.fromisoformat(session["date"])] = minutes
    return out


@dataclass(frozen=True)
class Markers:
    """What the saved plans say about the weeks shown: deload weeks (Mondays) and race days,
    and the next race after today, shown or not."""

    deloads: tuple[dt.date, ...]
    races: tuple[dt.date, ...]
    next_race: dt.date | None = None


def next_race(plans: Iterable[PlanRecord], today: dt.date) -> dt.date | None:
    """The first race after today in the saved plans."""
    days = [dt.date.fromisoformat(p.plan["race"]) for p in plans if p.plan.get("race")]
    return min((d for d in days if d > today), default=None)


def plan_markers(
    plans: Sequence[PlanRecord], first: dt.date, last: dt.date, today: dt.date
) -> Markers:
    """Deload weeks and races of the saved plans on [first, last]; a week two plans cover is
    read from the newest, as the schedule does."""
    weeks: dict[dt.date, bool] = {}
    races: set[dt.date] = set()
    for record in sorted(plans, key=lambda p: p.id, reverse=True):
        mine: dict[dt.date, bool] = {}
        for week in record.plan.get("weeks", []):
            if not week.get("start"):
                continue
            monday = wl.monday_of(dt.date.fromisoformat(week["start"]))
            if first <= monday <= last and monday not in weeks:
                mine[monday] = bool(week.get("deload"))
        weeks.update(mine)
        race = record.plan.get("race")
        if race and first <= dt.date.fromisoformat(race) <= last:
            races.add(dt.date.fromisoformat(race))
    deloads = tuple(sorted(d for d, deload in weeks.items() if deload))
    return Markers(deloads, tuple(sorted(races)), next_race(plans, today))


@dataclass(frozen=True)
class LoadView:
    """The load of the weeks shown, with the plan's markers and how each number was found."""

    athlete: str
    load: wl.Workload
    markers: Markers
    heart_rate: wl.HeartRate | None
    assumed_rpe: float | None


def check_weeks(weeks: object) -> int:
    """The number of weeks to show: 1-104."""
    return inputs.whole(weeks, "weeks", 1, MAX_WEEKS)


def check_assumed_rpe(value: object) -> float | None:
    """The RPE to assume for sessions without one: None (leave their load unknown) or 1-10."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text == "unknown":
        return None
    rpe = inputs.decimal(text, "missing_rpe")
    if not 1 <= rpe <= 10:
        raise InputError("missing_rpe", f"must be 1-10 or 'unknown'; got {rpe:g}")
    return rpe


def workload(
    ctx: Context,
    athlete: str,
    weeks: object = 12,
    today: dt.date | None = None,
    *,
    hr: wl.HeartRate | None = None,
    missing_rpe: object = None,
) -> LoadView:
    """The last `weeks` weeks to `today` (the week holding it last): strength from the logbook,
    runs and cross-training from the imported activities, and the plan's deloads and race; with
    a race ahead in a saved plan, the weeks to it follow (AHEAD_WEEKS at most)."""
    count = check_weeks(weeks)
    assumed = check_assumed_rpe(missing_rpe)
    day = today or dt.date.today()
    first_monday = wl.monday_of(day) - dt.timedelta(days=7 * (count - 1))
    horizon = wl.monday_of(day) + dt.timedelta(days=7 * AHEAD_WEEKS + 6)
    start = first_monday - dt.timedelta(days=LEAD_DAYS)
    with ctx.db.read() as s:
        person = repo.athlete(s, athlete)
        logged = repo.sessions(s, person.id, start, day)
        covering = repo.plans_covering(s, person.id, start, horizon)
        done = repo.activities(s, person.id, start, day)
    race = next_race(covering, day)
    ahead = (
        0 if race is None else min(AHEAD_WEEKS, (wl.monday_of(race) - wl.monday_of(day)).days // 7)
    )
    last_sunday = wl.monday_of(day) + dt.timedelta(days=7 * ahead + 6)
    minutes = _planned_minutes(planned_days(covering, start, day))
    items = [
        strength_item(x, minutes.get((x.plan_id, x.date)) if x.plan_id is not None else None)
        for x in logged
    ]
    items += [activity_item(a, hr) for a in done]
    found = wl.summarise(items, first_monday, count + ahead, day, assumed)
    markers = plan_markers(covering, first_monday, last_sunday, day)
    return LoadView(person.name, found, markers, hr, assumed)
