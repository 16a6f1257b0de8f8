"""The API of a coach's change to a runner's planned session, and of the plan change log
(docs/api.md, "Changing a runner's session"): the same use-cases and access rule as the pages
(app/edits.py, app/audit.py); anything not the caller's is 404."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from runstrong.web import deps

router = APIRouter()


class ExerciseChangeBody(BaseModel):
    """One exercise's change, by its place in the session (`index`, 0 first); a field left
    out stays as planned. `load` is in the plan's units; `percent_1rm` instead sets a %1RM."""

    model_config = ConfigDict(extra="forbid")

    index: int
    swap: str | None = Field(default=None, max_length=80)
    sets: int | None = None
    reps: int | str | None = None
    seconds: int | None = None
    load: float | None = None
    percent_1rm: float | None = None


class SessionChangeBody(BaseModel):
    """A change to one planned session: its exercises, a `day` (YYYY-MM-DD, same week) to move
    it to, and a `reason` the runner reads (needed when the change breaks a rule)."""

    model_config = ConfigDict(extra="forbid")

    exercises: list[ExerciseChangeBody] = Field(default_factory=list, max_length=50)
    day: str | None = Field(default=None, max_length=10)
    reason: str | None = Field(default=None, max_length=500)


def _request(athlete_id: int, sid: str, body: SessionChangeBody) -> Any:
    from runstrong.app.requests import ExerciseChange, SessionEdit

    return SessionEdit(
        athlete_id=athlete_id,
        sid=sid,
        exercises=tuple(
            ExerciseChange(
                index=x.index,
                swap=x.swap,
                sets=x.sets,
                reps=x.reps,
                seconds=x.seconds,
                load=x.load,
                percent=x.percent_1rm,
            )
            for x in body.exercises
        ),
        day=body.day,
        reason=body.reason,
    )


def _violation(v: Any) -> dict[str, str]:
    return {"rule": v.rule, "where": v.where, "message": v.message}


def _planned(found: Any) -> dict[str, Any]:
    return {
        "sid": found.sid,
        "athlete": {"id": found.athlete.id, "name": found.athlete.name},
        "plan_id": found.plan_id,
        "date": found.date.isoformat(),
        "units": found.units,
        "logged": found.logged,
        "session": found.session,
        "exercises": [
            {
                "index": x.index,
                "id": x.planned.get("id"),
                "one_rm": x.one_rm,
                "candidates": [
                    {"id": c.id, "name": c.name, "substitute": c.substitute, "one_rm": c.one_rm}
                    for c in x.candidates
                ],
            }
            for x in found.items
        ],
        "days": [
            {"date": d.date.isoformat(), "run": d.run, "current": d.current, "free": d.free}
            for d in found.week
        ],
    }


def _checked(found: Any) -> dict[str, Any]:
    return {
        "sid": found.sid,
        "date": found.date.isoformat(),
        "changes": list(found.lines),
        "rules": list(found.rules),
        "violations": [_violation(v) for v in found.added],
        "session": found.session,
    }


def change_dict(c: Any) -> dict[str, Any]:
    """One change-log entry."""
    return {
        "id": c.id,
        "plan_id": c.plan_id,
        "action": c.action,
        "who": c.who,
        "at": c.at.isoformat(timespec="seconds"),
        "summary": c.summary,
        "detail": list(c.detail),
        "reason": c.reason,
    }


@router.get("/coach/athletes/{athlete_id}/planned/{sid}")
def planned(
    request: Request, viewer: deps.ApiViewer, today: deps.Today, athlete_id: int, sid: str
) -> dict[str, Any]:
    """One planned session of a runner you coach (`sid` is PLAN-DATE), loads from their
    current 1RMs, with each exercise's swap candidates (substitutes first) and its week's
    days."""
    from runstrong.app import edits

    ctx = deps.context(request)
    return _planned(edits.planned(ctx, viewer.user, athlete_id, sid, today=today))


@router.post("/coach/athletes/{athlete_id}/planned/{sid}/check")
def check(
    request: Request,
    viewer: deps.ApiViewer,
    today: deps.Today,
    athlete_id: int,
    sid: str,
    body: SessionChangeBody,
) -> dict[str, Any]:
    """What the change would do and the rules it would break that the plan did not (rule id,
    where, message); nothing is saved."""
    from runstrong.app import edits

    asked = _request(athlete_id, sid, body)
    return _checked(edits.check_edit(deps.context(request), viewer.user, asked, today=today))


@router.put("/coach/athletes/{athlete_id}/planned/{sid}")
def save(
    request: Request,
    viewer: deps.ApiWriter,
    at: deps.Now,
    today: deps.Today,
    athlete_id: int,
    sid: str,
    body: SessionChangeBody,
) -> dict[str, Any]:
    """Save the change: 200 with the session (its `sid` changes when it moves) and the
    change-log entry's id; 422 on `reason` when it breaks a rule and no reason is given."""
    from runstrong.app import edits

    asked = _request(athlete_id, sid, body)
    saved = edits.save_edit(deps.context(request), viewer.user, asked, now=at, today=today)
    return {**_checked(saved.checked), "reason": saved.reason, "change_id": saved.change_id}


@router.get("/coach/athletes/{athlete_id}/changes")
def athlete_changes(
    request: Request,
    viewer: deps.ApiViewer,
    athlete_id: int,
    plan: Annotated[int | None, Query(ge=1)] = None,
) -> list[dict[str, Any]]:
    """The change log of a runner you coach, newest first (`plan`: one plan's)."""
    from runstrong.app import audit

    found = audit.athlete_changes(deps.context(request), viewer.user, athlete_id, plan)
    return [change_dict(c) for c in found]


@router.get("/changes")
def changes(
    request: Request,
    viewer: deps.ApiViewer,
    plan: Annotated[int | None, Query(ge=1)] = None,
) -> list[dict[str, Any]]:
    """Your plans' change log, newest first: who changed what, when and why (`plan`: one
    plan's; another's plan is 404)."""
    from runstrong.app import audit
    from runstrong.errors import NotFound

    if viewer.athlete is None:
        raise NotFound("plan" if plan else "athlete", str(plan or viewer.user.email))
    found = audit.own_changes(deps.context(request), viewer.athlete, plan)
    return [change_dict(c) for c in found]
