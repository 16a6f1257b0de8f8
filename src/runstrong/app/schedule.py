"""Saved plans: storing a built plan and what the saved plans ask for on given days."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from runstrong.app.lifts import current_lifts
from runstrong.core import loads
from runstrong.core.model import Equipment, Implements, Units
from runstrong.errors import InputError, NotFound
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.records import AthleteRecord, LiftRecord, PlanRecord, SetEntry


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def athlete_plan_inputs(ctx: Context, name: str) -> dict[str, object]:
    """Keyword arguments for services.make_athlete / build_plan from the saved profile.

    `lifts` holds the CURRENT 1RM per exercise: the latest tested, estimated or learnt entry;
    `experience` the saved strength-training age (an experience given to `plan` wins over it).
    """
    with ctx.db.read() as s:
        person = repo.athlete(s, name)
        current = repo.current_lifts(s, person.id)
    return plan_inputs_of(person, current)


def plan_inputs_of(person: AthleteRecord, current: dict[str, LiftRecord]) -> dict[str, object]:
    """`athlete_plan_inputs` of records already read (a squad's, in one read)."""
    found: dict[str, object] = {"units": person.units, "runs": person.runs}
    if person.setup is not None:
        found["setup"] = person.setup
    elif person.equipment:
        found["equipment"] = ",".join(person.equipment)
    found["lifts"] = [f"{i}={_number(x.one_rm)}" for i, x in sorted(current.items())]
    found["avoid"] = list(person.avoid)
    found["experience"] = person.experience
    return found


def plan_dates(plan: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """First and last day a plan covers: its weeks' Mondays to the last week's Sunday."""
    starts = [dt.date.fromisoformat(w["start"]) for w in plan.get("weeks", []) if w.get("start")]
    days = [
        dt.date.fromisoformat(s["date"])
        for w in plan.get("weeks", [])
        for s in w.get("sessions", [])
    ]
    first = min(starts + days, default=None)
    last = max([d + dt.timedelta(days=6) for d in starts] + days, default=None)
    return first, last


def save_plan(ctx: Context, name: str, plan: dict[str, Any], inputs: dict[str, Any]) -> int:
    """Store a built plan (runstrong.plan/1 dict) and its inputs; returns the plan's id."""
    if plan.get("schema") != "runstrong.plan/1":
        raise InputError("plan", "expected a runstrong.plan/1 dict (services.plan_json)")
    first, last = plan_dates(plan)
    # JSON round trip: the stored inputs are exactly what a backup will show.
    stored_inputs = json.loads(json.dumps(inputs, default=str))
    with ctx.db.write() as s:
        person = repo.athlete(s, name)
        return repo.save_plan(
            s,
            person.id,
            plan=plan,
            inputs=stored_inputs,
            start=first,
            end=last,
            goal=str(plan.get("goal", "")),
            phase=str(plan.get("phase", "")),
        )


def plans(ctx: Context, name: str) -> list[PlanRecord]:
    """The athlete's saved plans, oldest first."""
    with ctx.db.read() as s:
        return repo.plans(s, repo.athlete(s, name).id)


@dataclass(frozen=True)
class PlannedSession:
    """A session of a saved plan, with the loads of its day, and what was logged against it."""

    plan_id: int
    date: dt.date
    session: dict[str, Any]
    units: str
    logged: tuple[int, ...] = ()  # ids of sessions logged against it
    lifted: tuple[SetEntry, ...] = ()  # what those sessions logged


def in_force(lifts: Iterable[LiftRecord], day: dt.date) -> dict[str, LiftRecord]:
    """The 1RM per exercise a session on `day` was planned with: entries dated before it, and
    entries of that day not learnt from a session (a test that morning), never what the day's
    own sessions taught. For today and later days, the current 1RMs."""
    return current_lifts(
        x for x in lifts if x.date < day or (x.date == day and x.session_id is None)
    )


def _implement(exercise: dict[str, Any]) -> Equipment:
    kit = [str(e) for e in exercise.get("equipment") or []]
    for kind in (Equipment.BARBELL, Equipment.DUMBBELL, Equipment.KETTLEBELL):
        if kind.value in kit:
            return kind
    return Equipment(kit[0]) if kit else Equipment.NONE


def refresh_loads(
    session: dict[str, Any], current: dict[str, LiftRecord], kit: Implements
) -> dict[str, Any]:
    """The session with each %1RM load recomputed from the current 1RM, rounded to the kit."""
    exercises = []
    for item in session.get("exercises", []):
        lift = current.get(item.get("id", ""))
        percent = item.get("percent_1rm")
        if lift is not None and percent and item.get("loading", "1rm") == "1rm":
            rounded = loads.load_for(lift.one_rm, float(percent), _implement(item), kit)
            plates = None if rounded.plates is None else list(rounded.plates)
            exercises.append({**item, "load": rounded.load, "plates": plates})
        else:
            exercises.append(item)
    return {**session, "exercises": exercises}


def planned_days(
    plan_rows: Sequence[PlanRecord], first: dt.date, last: dt.date
) -> list[tuple[PlanRecord, dict[str, Any]]]:
    """Sessions of the saved plans on [first, last]; on a day two plans cover, the newest wins."""
    taken: dict[dt.date, tuple[PlanRecord, dict[str, Any]]] = {}
    for record in sorted(plan_rows, key=lambda p: p.id, reverse=True):
        days_of_plan: dict[dt.date, tuple[PlanRecord, dict[str, Any]]] = {}
        for week in record.plan.get("weeks", []):
            for session in week.get("sessions", []):
                day = dt.date.fromisoformat(session["date"])
                if first <= day <= last and day not in taken:
                    days_of_plan[day] = (record, session)
        taken.update(days_of_plan)
    return [taken[d] for d in sorted(taken)]


def planned_sessions(
    ctx: Context, name: str, first: dt.date, last: dt.date
) -> list[PlannedSession]:
    """What the saved plans ask for on [first, last] and what was logged against it.

    Each session's loads are those of its day (`in_force`): a past session shows what was
    planned then, not loads brought up to 1RMs learnt since; today's and later sessions follow
    the current 1RMs.
    """
    return overview(ctx, name, first, last)[1]


def overview(
    ctx: Context, name: str, first: dt.date, last: dt.date
) -> tuple[AthleteRecord, list[PlannedSession]]:
    """The athlete and their planned sessions on [first, last], read in one transaction (a
    page that shows both pays for one round of queries)."""
    with ctx.db.read() as s:
        person = repo.athlete(s, name)
        lifts = repo.lifts(s, person.id)
        found = planned_days(repo.plans_covering(s, person.id, first, last), first, last)
        logged = repo.sessions(s, person.id, first, last)
    out = []
    for record, session in found:
        units = Units(record.plan.get("units", person.units))
        day = dt.date.fromisoformat(session["date"])
        done = [x for x in logged if x.date == day and x.plan_id == record.id]
        out.append(
            PlannedSession(
                record.id,
                day,
                refresh_loads(session, in_force(lifts, day), ctx.implements(units)),
                units.value,
                tuple(x.id for x in done),
                tuple(e for x in done for e in x.entries),
            )
        )
    return person, out


def saved_plan(ctx: Context, name: str, plan_id: int) -> PlanRecord:
    """One of the athlete's saved plans; another athlete's id is NotFound, like a missing one."""
    for record in plans(ctx, name):
        if record.id == plan_id:
            return record
    raise NotFound("plan", str(plan_id))
