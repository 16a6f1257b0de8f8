"""The coach's JSON API (under /api/v1): athletes, squads and their members, invitations; and
the runner's side: an invitation's answer, their coaches, leaving one. The same use-cases and
access rule as the pages (app/coaching.py): another coach's or runner's id is 404."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from runstrong.web import deps

router = APIRouter()


class SquadBody(BaseModel):
    """A new squad."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=200)


class SquadChange(BaseModel):
    """A squad's new name, or archived true (archive) or false (bring back)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=200)
    archived: bool | None = None


class InvitationBody(BaseModel):
    """An invitation: for anyone holding it, or only `email`; `athlete_id` (a managed
    athlete) makes it a hand-over."""

    model_config = ConfigDict(extra="forbid")

    email: str | None = Field(default=None, max_length=300)
    athlete_id: int | None = None


class ManagedBody(BaseModel):
    """An athlete without a login, in the profile's names (`runstrong athlete create`)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=200)
    units: str | None = None
    experience: str | None = None
    setup: str | None = None
    equipment: list[str] | None = None
    runs: dict[str, str] | None = None
    avoid: list[str] | None = None


def _at(moment: dt.datetime | None) -> str | None:
    """A UTC time as ISO 8601, to the second."""
    return None if moment is None else moment.isoformat(timespec="seconds")


def _link(found: Any) -> dict[str, Any]:
    return {
        "id": found.id,
        "athlete": {"id": found.athlete_id, "name": found.athlete},
        "coach": {"email": found.coach_email},
        "managed": found.managed,
        "login": found.login,
        "since": _at(found.since),
    }


def _squad(found: Any) -> dict[str, Any]:
    return {
        "id": found.id,
        "name": found.name,
        "created": _at(found.created),
        "archived_at": _at(found.archived_at),
        "size": found.size,
    }


def _invitation(found: Any) -> dict[str, Any]:
    return {
        "id": found.id,
        "coach": {"email": found.coach_email},
        "email": found.email,
        "athlete": None
        if found.athlete_id is None
        else {"id": found.athlete_id, "name": found.athlete},
        "created": _at(found.created),
        "expires": _at(found.expires),
        "used": _at(found.used),
        "outcome": found.outcome,
    }


# --- the coach's side ----------------------------------------------------------------------------


@router.get("/coach/athletes")
def athletes(request: Request, viewer: deps.ApiViewer) -> list[dict[str, Any]]:
    """The athletes the caller coaches or manages now."""
    from runstrong.app import coaching

    return [_link(a) for a in coaching.overview(deps.context(request), viewer.user).athletes]


@router.post("/coach/athletes", status_code=201)
def create_athlete(
    request: Request, viewer: deps.ApiWriter, at: deps.Now, body: ManagedBody
) -> dict[str, Any]:
    """Add an athlete without a login, managed by the caller."""
    from runstrong.app import coaching
    from runstrong.app.requests import AthleteRequest
    from runstrong.web.forms import runs_text

    asked = AthleteRequest(
        name=body.name,
        units=body.units,
        experience=body.experience,
        setup=body.setup,
        equipment=None if body.equipment is None else tuple(body.equipment),
        runs=None if body.runs is None else (runs_text(body.runs) or ""),
        avoid=None if body.avoid is None else tuple(body.avoid),
    )
    return _link(coaching.create_managed(deps.context(request), viewer.user, asked, now=at))


@router.get("/coach/athletes/{athlete_id}")
def athlete(request: Request, viewer: deps.ApiViewer, athlete_id: int) -> dict[str, Any]:
    """One athlete as their coach sees them: profile, current 1RMs, saved plans (no plan JSON),
    the caller's squads they are in."""
    from runstrong.app import coaching
    from runstrong.present.logbook import athlete_dict, plan_record_dict

    found = coaching.athlete_view(deps.context(request), viewer.user, athlete_id)
    return {
        **_link(found.link),
        "profile": athlete_dict(found.athlete, found.one_rms),
        "plans": [plan_record_dict(p) for p in found.plans],
        "squads": [_squad(q) for q in found.squads],
    }


@router.get("/coach/squads")
def squads(request: Request, viewer: deps.ApiViewer) -> list[dict[str, Any]]:
    """The caller's squads, archived ones too."""
    from runstrong.app import coaching

    return [_squad(q) for q in coaching.overview(deps.context(request), viewer.user).squads]


@router.post("/coach/squads", status_code=201)
def create_squad(
    request: Request, viewer: deps.ApiWriter, at: deps.Now, body: SquadBody
) -> dict[str, Any]:
    """A new, empty squad."""
    from runstrong.app import coaching

    return _squad(coaching.create_squad(deps.context(request), viewer.user, body.name, now=at))


def _squad_view(request: Request, viewer: deps.Viewer, squad_id: int) -> dict[str, Any]:
    from runstrong.app import coaching

    found = coaching.squad_view(deps.context(request), viewer.user, squad_id)
    return {**_squad(found.squad), "members": [_link(a) for a in found.members]}


@router.get("/coach/squads/{squad_id}")
def squad(request: Request, viewer: deps.ApiViewer, squad_id: int) -> dict[str, Any]:
    """One squad with its athletes."""
    return _squad_view(request, viewer, squad_id)


@router.patch("/coach/squads/{squad_id}")
def change_squad(
    request: Request, viewer: deps.ApiWriter, at: deps.Now, squad_id: int, body: SquadChange
) -> dict[str, Any]:
    """Rename, archive (`"archived": true`) or bring back (`false`) a squad."""
    from runstrong.app import coaching
    from runstrong.app.requests import SquadEdit

    edit = SquadEdit(squad_id=squad_id, name=body.name, archived=body.archived)
    coaching.edit_squad(deps.context(request), viewer.user, edit, now=at)
    return _squad_view(request, viewer, squad_id)


@router.put("/coach/squads/{squad_id}/members/{athlete_id}")
def add_member(
    request: Request, viewer: deps.ApiWriter, at: deps.Now, squad_id: int, athlete_id: int
) -> dict[str, Any]:
    """Put one of the caller's athletes in the squad (already in: no change); the squad."""
    from runstrong.app import coaching

    coaching.add_member(deps.context(request), viewer.user, squad_id, athlete_id, now=at)
    return _squad_view(request, viewer, squad_id)


@router.delete("/coach/squads/{squad_id}/members/{athlete_id}", status_code=204)
def remove_member(
    request: Request, viewer: deps.ApiWriter, squad_id: int, athlete_id: int
) -> Response:
    """Take an athlete out of the squad."""
    from runstrong.app import coaching

    coaching.remove_member(deps.context(request), viewer.user, squad_id, athlete_id)
    return Response(status_code=204)


@router.get("/coach/invitations")
def invitations(request: Request, viewer: deps.ApiViewer) -> list[dict[str, Any]]:
    """The caller's invitations, newest first, used ones with their outcome."""
    from runstrong.app import coaching

    return [_invitation(i) for i in coaching.invitations(deps.context(request), viewer.user)]


@router.post("/coach/invitations", status_code=201)
def invite(
    request: Request, viewer: deps.ApiWriter, at: deps.Now, body: InvitationBody
) -> Response:
    """A single-use invitation for a week: its token (the link's last part) and its code, shown
    this once."""
    import json

    from runstrong.app import coaching
    from runstrong.app.requests import InvitationRequest

    asked = InvitationRequest(email=body.email, athlete_id=body.athlete_id)
    made = coaching.invite(deps.context(request), viewer.user, asked, now=at)
    root = f"{request.url.scheme}://{request.url.netloc}"
    site = str(request.scope.get("root_path", "")).removesuffix("/api/v1")
    found = {
        **_invitation(made.invitation),
        "token": made.token,
        "code": made.code,
        "link": f"{root}{site}/invite/{made.token}",
    }
    return Response(
        json.dumps(found, separators=(",", ":")),
        status_code=201,
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


@router.delete("/coach/invitations/{invitation_id}", status_code=204)
def revoke_invitation(
    request: Request, viewer: deps.ApiWriter, at: deps.Now, invitation_id: int
) -> Response:
    """Withdraw an unused invitation."""
    from runstrong.app import coaching

    coaching.revoke_invitation(deps.context(request), viewer.user, invitation_id, now=at)
    return Response(status_code=204)


# --- the runner's side ---------------------------------------------------------------------------


@router.get("/invitations/{secret}")
def invitation(
    request: Request, viewer: deps.ApiViewer, at: deps.Now, secret: str
) -> dict[str, Any]:
    """An invitation the caller may answer (by its token or code), with what the coach would
    see and change."""
    from runstrong.app import coaching

    found = coaching.invitation(deps.context(request), viewer.user, secret, now=at)
    return {
        **_invitation(found),
        "can_see": list(coaching.CAN_SEE),
        "can_change": list(coaching.CAN_CHANGE),
        "cannot": list(coaching.CANNOT),
    }


@router.post("/invitations/{secret}/accept", status_code=201)
def accept(request: Request, viewer: deps.ApiWriter, at: deps.Now, secret: str) -> dict[str, Any]:
    """Accept: the coach's link, which the caller may end at any time."""
    from runstrong.app import coaching

    made = coaching.answer(deps.context(request), viewer.user, secret, accept=True, now=at)
    assert made is not None
    return _link(made)


@router.post("/invitations/{secret}/decline", status_code=204)
def decline(request: Request, viewer: deps.ApiWriter, at: deps.Now, secret: str) -> Response:
    """Decline: the invitation is used up."""
    from runstrong.app import coaching

    coaching.answer(deps.context(request), viewer.user, secret, accept=False, now=at)
    return Response(status_code=204)


@router.get("/coaches")
def coaches(request: Request, viewer: deps.ApiViewer) -> list[dict[str, Any]]:
    """Who coaches the caller now."""
    from runstrong.app import coaching

    return [_link(c) for c in coaching.coaches(deps.context(request), viewer.user)]


@router.delete("/coach/athletes/{athlete_id}", status_code=204)
def release(
    request: Request,
    viewer: deps.ApiWriter,
    at: deps.Now,
    athlete_id: int,
    confirm: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """Take an athlete off your list. A runner who accepted you: your access ends at once and
    their data stays theirs. An athlete you manage (no login): deleted with everything logged
    for them, once `confirm` gives their name (422 on `confirm` otherwise)."""
    from runstrong.app import coaching

    ctx = deps.context(request)
    if coaching.coached_athlete(ctx, viewer.user, athlete_id).managed:
        coaching.delete_managed_athlete(ctx, viewer.user, athlete_id, confirm or "")
    else:
        coaching.release(ctx, viewer.user, athlete_id, now=at)
    return Response(status_code=204)


@router.delete("/coaches/{link_id}", status_code=204)
def leave(request: Request, viewer: deps.ApiWriter, at: deps.Now, link_id: int) -> Response:
    """Leave a coach: their access ends at once."""
    from runstrong.app import coaching

    coaching.leave(deps.context(request), viewer.user, link_id, now=at)
    return Response(status_code=204)


# --- a block for a squad --------------------------------------------------------------------------


class BlockBody(BaseModel):
    """A block for a squad, in the plan request's names (SPEC.md); each runner's profile gives
    the rest. `client_id` (made by the client) makes a repeated publish one job."""

    model_config = ConfigDict(extra="forbid")

    goal: str = Field(max_length=40)
    phase: str | None = Field(default=None, max_length=40)
    race: str | None = Field(default=None, max_length=40)
    race_distance: str | None = Field(default=None, max_length=40)
    weeks: int | None = None
    sessions: int | None = None
    start: str | None = Field(default=None, max_length=40)
    client_id: str | None = Field(default=None, min_length=1, max_length=64)

    def request(self) -> Any:
        from runstrong.app.requests import PlanRequest

        return PlanRequest(
            goal=self.goal,
            phase=self.phase,
            race=self.race,
            race_distance=self.race_distance,
            weeks=self.weeks,
            sessions=self.sessions,
            start=self.start,
        )


def _row(row: Any) -> dict[str, Any]:
    from runstrong.app import blocks

    week = None
    if row.plan is not None:
        week = [
            {
                "date": day["date"].isoformat(),
                "run": day["run"],
                "sessions": [
                    {"kind": s.kind.value, "minutes": s.minutes, "focus": s.focus}
                    for s in day["sessions"]
                ],
            }
            for day in blocks.week_grid(row.plan)
        ]
    return {
        "athlete": row.athlete,
        "error": row.error,
        "sessions_asked": row.sessions_asked,
        "sessions": row.sessions,
        "sessions_rule": row.sessions_rule,
        "by_feel": list(row.by_feel),
        "estimated": list(row.estimated),
        "limited": list(row.limited),
        "avoid": list(row.avoid),
        "notes": list(row.notes),
        "flagged": row.flagged,
        "week_1": week,
    }


def _job(squad_id: int, found: Any) -> dict[str, Any]:
    return {
        "id": found.id,
        "squad": squad_id,
        "status": found.status,
        "attempts": found.attempts,
        "error": found.error,
        "result": found.result,
        "created": _at(found.created),
        "finished": _at(found.finished),
    }


@router.post("/coach/squads/{squad_id}/block/preview")
def block_preview(
    request: Request, viewer: deps.ApiViewer, today: deps.Today, squad_id: int, body: BlockBody
) -> dict[str, Any]:
    """Each runner's plan of the block, built and not saved: their week 1 and what to check."""
    from runstrong.app import blocks

    found, rows = blocks.squad_preview(
        deps.context(request), viewer.user, squad_id, body.request(), today
    )
    return {"squad": _squad(found), "rows": [_row(r) for r in rows]}


@router.post("/coach/squads/{squad_id}/block", status_code=202)
def block_publish(
    request: Request, viewer: deps.ApiWriter, at: deps.Now, squad_id: int, body: BlockBody
) -> dict[str, Any]:
    """Queue publishing the block (one job; the same `client_id` again is the same job)."""
    import uuid

    from runstrong.app import blocks

    ctx = deps.context(request)
    client_id = body.client_id or str(uuid.uuid4())
    job_id = blocks.queue_squad_publish(
        ctx, viewer.user, squad_id, body.request(), now=at, client_id=client_id
    )
    _squad_found, found = blocks.squad_job(ctx, viewer.user, squad_id, job_id)
    return _job(squad_id, found)


@router.get("/coach/squads/{squad_id}/block/{job_id:int}")
def block_job(
    request: Request, viewer: deps.ApiViewer, squad_id: int, job_id: int
) -> dict[str, Any]:
    """How the publishing stands; when done, each runner's plan id or why none."""
    from runstrong.app import blocks

    _found, job = blocks.squad_job(deps.context(request), viewer.user, squad_id, job_id)
    return _job(squad_id, job)


# --- who did what ---------------------------------------------------------------------------------


@router.get("/coach/squads/{squad_id}/dashboard")
def squad_dashboard(
    request: Request,
    viewer: deps.ApiViewer,
    today: deps.Today,
    squad_id: int,
    week: str = "",
    view: str = "",
    sort: str = "",
    order: str = "",
) -> dict[str, Any]:
    """Who did what in the squad for a week (`week`: any day of it, default this week) or, with
    `view=block`, each athlete's whole block in force that week: one row per athlete, sorted by
    `sort` (a column's name) in `order` (`asc` or `desc`)."""
    from runstrong.app import dashboard
    from runstrong.present.dashboard import dashboard_dict

    query = dashboard.checked_query(today, week, view, sort, order)
    found = dashboard.dashboard(deps.context(request), viewer.user, squad_id, query, today)
    return dashboard_dict(found)


@router.get("/coach/athletes/{athlete_id}/sessions")
def athlete_sessions(
    request: Request, viewer: deps.ApiViewer, today: deps.Today, athlete_id: int, weeks: str = ""
) -> dict[str, Any]:
    """The athlete's logged sessions of the last `weeks` weeks (1-52, default 4; this week
    included), newest first, with their sets, loads, RPE and notes."""
    from runstrong.app import dashboard
    from runstrong.present.dashboard import logged_dict

    count = dashboard.checked_weeks(weeks)
    link, found = dashboard.athlete_sessions(
        deps.context(request), viewer.user, athlete_id, today, count
    )
    return {
        "athlete": {"id": link.athlete_id, "name": link.athlete},
        "weeks": count,
        "sessions": [logged_dict(x) for x in found],
    }
