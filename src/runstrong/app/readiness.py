"""Readiness: store the morning check-in, list past ones, and today's planned session lightened
by the readiness rules, re-checked by the independent validator (docs/readiness.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from runstrong.app.requests import CheckInRequest
from runstrong.app.schedule import PlannedSession, planned_sessions, saved_plan
from runstrong.core import inputs
from runstrong.core import readiness as rules
from runstrong.core.kit import Equipment, Units
from runstrong.core.model import Experience, Goal, Limitation
from runstrong.errors import InputError
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.records import ActivityRecord, ReadinessRecord
from runstrong.validation.lighter import check_lightened
from runstrong.validation.violation import Violation

MAX_WEEKS = 520


def _day(value: str | dt.date | None) -> dt.date:
    if value is None:
        return dt.date.today()
    return value if isinstance(value, dt.date) else inputs.date(value, "date")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def parse_check_in(request: CheckInRequest) -> rules.CheckIn:
    """The request's answers checked, as a CheckIn; an error names the item (or `readiness`
    for typed text) and the range it allows. Nothing is stored."""
    day = _day(request.date)
    if request.text is not None:
        return rules.parse_readiness(request.text, day)
    items = {
        "sleep": request.sleep,
        "soreness": request.soreness,
        "stress": request.stress,
        "motivation": request.motivation,
        "rhr": request.rhr,
        "hrv": request.hrv,
    }
    return rules.from_items({k: v for k, v in ((k, _text(v)) for k, v in items.items()) if v}, day)


def as_check_in(record: ReadinessRecord) -> rules.CheckIn:
    """A stored check-in as the rules read it."""
    return rules.CheckIn(
        day=record.date,
        sleep=record.sleep,
        soreness=record.soreness,
        stress=record.stress,
        motivation=record.motivation,
        resting_hr=record.resting_hr,
        hrv=record.hrv,
    )


def check_in(ctx: Context, request: CheckInRequest) -> ReadinessRecord:
    """Store the day's check-in (a second one that day replaces the first); returns it."""
    return record_check_in(ctx, request).record


@dataclass(frozen=True)
class CheckedIn:
    """A stored check-in, and the one of the same day it replaced (None when it was the first)."""

    record: ReadinessRecord
    replaced: ReadinessRecord | None


def record_check_in(ctx: Context, request: CheckInRequest) -> CheckedIn:
    """Store the day's check-in, replacing (and returning) one already stored that day."""
    found = rules.checked(parse_check_in(request))
    with ctx.db.write() as s:
        person = repo.athlete(s, request.athlete)
        before = repo.checkins(s, person.id, found.day, found.day)
        repo.save_checkin(
            s,
            person.id,
            date=found.day,
            sleep=found.sleep,
            soreness=found.soreness,
            stress=found.stress,
            motivation=found.motivation,
            resting_hr=found.resting_hr,
            hrv=found.hrv,
        )
        stored = repo.checkins(s, person.id, found.day, found.day)[0]
    return CheckedIn(stored, before[0] if before else None)


def checkins(
    ctx: Context, name: str, weeks: int | str = 4, today: dt.date | None = None
) -> list[ReadinessRecord]:
    """The athlete's check-ins of the last `weeks` weeks to `today`, oldest first."""
    count = inputs.whole(weeks, "weeks", 1, MAX_WEEKS)
    return recent_checkins(ctx, name, 7 * count, today)


def recent_checkins(
    ctx: Context, name: str, days: int | str = 28, today: dt.date | None = None
) -> list[ReadinessRecord]:
    """The athlete's check-ins of the last `days` days to `today` (it included), oldest first."""
    count = inputs.whole(days, "days", 1, 7 * MAX_WEEKS)
    last = today or dt.date.today()
    first = last - dt.timedelta(days=count - 1)
    with ctx.db.read() as s:
        return repo.checkins(s, repo.athlete(s, name).id, first, last)


@dataclass(frozen=True)
class ReadySession:
    """A planned session of the day, as the runner's readiness leaves it."""

    planned: PlannedSession
    session: dict[str, Any]  # what to do today: lightened, or as planned
    changes: tuple[rules.Change, ...]
    violations: tuple[Violation, ...]  # the validator's disagreements (none expected)


@dataclass(frozen=True)
class Readiness:
    """A day: its check-in (None when there is none), the findings, and its sessions."""

    day: dt.date
    checkin: ReadinessRecord | None
    verdict: rules.Verdict
    sessions: tuple[ReadySession, ...]


def _activation(
    ctx: Context, name: str, planned: PlannedSession
) -> tuple[list[dict[str, Any]], int]:
    """The activation session the saved plan's runner can do: their equipment, limitations and
    familiar exercises (the plan's), dosed light."""
    from runstrong.core import dosing
    from runstrong.core.serialize import prescription_dict

    plan = saved_plan(ctx, name, planned.plan_id).plan
    familiar = {
        str(e.get("id"))
        for w in plan.get("weeks", [])
        for s in w.get("sessions", [])
        for e in s.get("exercises", [])
    }
    try:
        goal = Goal(plan.get("goal", "strength"))
        equipment = [Equipment(x) for x in plan.get("equipment") or ["none"]]
        avoid = [Limitation(x) for x in plan.get("avoid") or []]
        experience = Experience(plan.get("experience", "intermediate"))
    except ValueError:  # a plan saved by another version: its own swap is not possible
        return [], 0
    picks = rules.activation_session(
        ctx.catalogue,
        goal=goal,
        equipment=equipment,
        avoid=avoid,
        familiar=familiar,
        kit=ctx.implements(Units(planned.units)),
        experience=experience,
    )
    return [prescription_dict(p) for p in picks], dosing.minutes(picks, goal)


def ready(
    ctx: Context,
    name: str,
    day: dt.date | None = None,
    load_ratio: float | None = None,
    day_sessions: Sequence[PlannedSession] | None = None,
) -> Readiness:
    """The day's planned sessions lightened by the day's check-in, the check-ins of the week
    before it (resting HR and HRV baselines) and the running load's acute:chronic ratio (the
    caller's, else from the imported runs: `running_ratio`); each lightened session re-checked
    by the validator (a disagreement keeps the session as planned and is reported).
    `day_sessions`: the day's planned sessions, when the caller has read them (the dashboard)."""
    when = day or dt.date.today()
    with ctx.db.read() as s:
        person = repo.athlete(s, name)
        first = when - dt.timedelta(days=rules.BASELINE_DAYS)
        stored = repo.checkins(s, person.id, first, when)
        if load_ratio is None:
            load_ratio = running_ratio(repo.activities(s, person.id, None, when), when)
    today = next((c for c in stored if c.date == when), None)
    found = planned_sessions(ctx, name, when, when) if day_sessions is None else list(day_sessions)
    if today is None:
        if load_ratio is None:
            verdict = rules.Verdict()
        else:  # no check-in: only the load's own rule can speak
            neutral = rules.CheckIn(when, 10, 1, 1, 10)
            verdict = rules.assess(neutral, (), load_ratio)
    else:
        history = [as_check_in(c) for c in stored if c.date < when]
        verdict = rules.assess(as_check_in(today), history, load_ratio)
    out = []
    for planned in found:
        kit = ctx.implements(Units(planned.units))
        swap, minutes = _activation(ctx, name, planned) if verdict.swap else (None, 0)
        done = rules.lighten(planned.session, verdict, kit, swap, minutes)
        problems = tuple(check_lightened(planned.session, done.session))
        if problems:
            out.append(ReadySession(planned, planned.session, (), problems))
        else:
            out.append(ReadySession(planned, done.session, done.changes, ()))
    return Readiness(when, today, verdict, tuple(out))


def running_ratio(done: Sequence[ActivityRecord], day: dt.date) -> float | None:
    """The running load's acute:chronic ratio on `day` for `readiness-load-spike` when the caller
    gives none: minutes run in the 7 days to `day` against the 28 days to it (the rolling ratio,
    Gabbett 2016). Minutes, not session RPE: watch files seldom carry an RPE, and a ratio of
    known and unknown loads would mislead. None before 28 days of imported runs."""
    from runstrong.core import workload as wl

    runs = [a for a in done if a.is_run]
    first = day - dt.timedelta(days=wl.CHRONIC_DAYS - 1)
    if not runs or min(a.date for a in runs) > first:
        return None
    minutes = [0.0] * wl.CHRONIC_DAYS
    for a in runs:
        if first <= a.date <= day:
            minutes[(a.date - first).days] += a.duration_s / 60
    return wl.rolling_acwr(minutes, wl.CHRONIC_DAYS - 1)


def check_in_today(
    ctx: Context, request: CheckInRequest, load_ratio: float | None = None
) -> Readiness:
    """Store the check-in, then the day's sessions as it leaves them."""
    stored = check_in(ctx, request)
    return ready(ctx, request.athlete, stored.date, load_ratio)


def load_ratio_checked(value: object) -> float | None:
    """An acute:chronic ratio given as text or a number (None when not given)."""
    if value is None:
        return None
    found = inputs.decimal(value, "load_ratio")
    if found > 100:
        raise InputError("load_ratio", f"must be 0-100; got {found:g}")
    return found
