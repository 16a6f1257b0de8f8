"""Comments on a session and read-only share links through the JSON API (under /api/v1), the
runner's and a coach's: the same use-cases and access rule as the pages (app/comments.py,
app/shares.py), so another runner's or coach's id is 404."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from runstrong.web import deps

router = APIRouter()


class CommentBody(BaseModel):
    """A comment: 1-2000 characters once trimmed (checked as the pages check it)."""

    model_config = ConfigDict(extra="forbid")

    body: str


class ShareBody(BaseModel):
    """A share link: who it is for (`label`, up to 80 characters) and how long it lasts
    (`days`: 7, 30 or 90; none: until revoked)."""

    model_config = ConfigDict(extra="forbid")

    label: str | None = None
    days: int | None = None


def _at(moment: dt.datetime | None) -> str | None:
    """A UTC time as ISO 8601, to the second."""
    return None if moment is None else moment.isoformat(timespec="seconds")


def _comment(found: Any, user_id: int) -> dict[str, Any]:
    from runstrong.app.comments import session_id

    return {
        "id": found.id,
        "session": session_id(found.plan_id, found.day),
        "plan_id": found.plan_id,
        "date": found.day.isoformat(),
        "author": found.author,
        "role": found.role,
        "mine": found.author_id == user_id,
        "body": found.body,
        "created": _at(found.created),
    }


def _share(found: Any, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": found.id,
        "plan_id": found.plan_id,
        "label": found.label,
        "created_by": None if found.creator is None else {"email": found.creator},
        "created": _at(found.created),
        "expires": _at(found.expires),
        "revoked": _at(found.revoked),
        "live": found.live(now),
    }


# --- comments ------------------------------------------------------------------------------------


@router.get("/sessions/{sid}/comments")
def comments(request: Request, viewer: deps.ApiViewer, sid: str) -> list[dict[str, Any]]:
    """The comments on one of the caller's planned sessions (`PLAN-DATE`), oldest first."""
    from runstrong.app import comments

    found = comments.thread(deps.context(request), viewer.user, sid)
    return [_comment(c, viewer.user.id) for c in found]


@router.post("/sessions/{sid}/comments", status_code=201)
def comment(
    request: Request, viewer: deps.ApiWriter, at: deps.Now, sid: str, body: CommentBody
) -> dict[str, Any]:
    """Comment on one of the caller's planned sessions."""
    from runstrong.app import comments

    made = comments.add(deps.context(request), viewer.user, sid, body.body, now=at)
    return _comment(made, viewer.user.id)


@router.delete("/sessions/{sid}/comments/{comment_id:int}", status_code=204)
def delete_comment(request: Request, viewer: deps.ApiWriter, sid: str, comment_id: int) -> Response:
    """Delete one of the caller's own comments on their session."""
    from runstrong.app import comments

    comments.delete(deps.context(request), viewer.user, sid, comment_id)
    return Response(status_code=204)


@router.get("/coach/athletes/{athlete_id}/sessions/{sid}/comments")
def coach_comments(
    request: Request, viewer: deps.ApiViewer, athlete_id: int, sid: str
) -> list[dict[str, Any]]:
    """The comments on a coached athlete's planned session, oldest first."""
    from runstrong.app import comments

    found = comments.thread(deps.context(request), viewer.user, sid, athlete_id=athlete_id)
    return [_comment(c, viewer.user.id) for c in found]


@router.post("/coach/athletes/{athlete_id}/sessions/{sid}/comments", status_code=201)
def coach_comment(
    request: Request,
    viewer: deps.ApiWriter,
    at: deps.Now,
    athlete_id: int,
    sid: str,
    body: CommentBody,
) -> dict[str, Any]:
    """Comment, as their coach, on a coached athlete's planned session."""
    from runstrong.app import comments

    ctx = deps.context(request)
    made = comments.add(ctx, viewer.user, sid, body.body, now=at, athlete_id=athlete_id)
    return _comment(made, viewer.user.id)


@router.delete(
    "/coach/athletes/{athlete_id}/sessions/{sid}/comments/{comment_id:int}", status_code=204
)
def coach_delete_comment(
    request: Request, viewer: deps.ApiWriter, athlete_id: int, sid: str, comment_id: int
) -> Response:
    """Delete one of the coach's own comments on a coached athlete's session."""
    from runstrong.app import comments

    ctx = deps.context(request)
    comments.delete(ctx, viewer.user, sid, comment_id, athlete_id=athlete_id)
    return Response(status_code=204)


# --- share links ---------------------------------------------------------------------------------


def _made(request: Request, made: Any, now: dt.datetime) -> Response:
    """A new link with its token and address: shown this once, kept by no cache."""
    root = f"{request.url.scheme}://{request.url.netloc}"
    site = str(request.scope.get("root_path", "")).removesuffix("/api/v1")
    found = {
        **_share(made.share, now),
        "token": made.token,
        "link": f"{root}{site}/share/{made.token}",
    }
    return Response(
        json.dumps(found, separators=(",", ":")),
        status_code=201,
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


@router.get("/plans/{plan_id}/shares")
def shares(
    request: Request, viewer: deps.ApiViewer, at: deps.Now, plan_id: int
) -> list[dict[str, Any]]:
    """The links to one of the caller's plans, newest first (revoked and expired ones too)."""
    from runstrong.app import shares

    found = shares.plan_shares(deps.context(request), viewer.user, plan_id)
    return [_share(x, at) for x in found]


@router.post("/plans/{plan_id}/shares", status_code=201)
def share(
    request: Request, viewer: deps.ApiWriter, at: deps.Now, plan_id: int, body: ShareBody
) -> Response:
    """A read-only link to one of the caller's plans: its token and link, this once."""
    from runstrong.app import shares

    made = shares.create(
        deps.context(request), viewer.user, plan_id, label=body.label, days=body.days, now=at
    )
    return _made(request, made, at)


@router.delete("/plans/{plan_id}/shares/{share_id:int}", status_code=204)
def revoke(
    request: Request, viewer: deps.ApiWriter, at: deps.Now, plan_id: int, share_id: int
) -> Response:
    """End a link to one of the caller's plans (their own or one their coach made)."""
    from runstrong.app import shares

    shares.revoke(deps.context(request), viewer.user, plan_id, share_id, now=at)
    return Response(status_code=204)


@router.get("/coach/athletes/{athlete_id}/plans/{plan_id}/shares")
def coach_shares(
    request: Request, viewer: deps.ApiViewer, at: deps.Now, athlete_id: int, plan_id: int
) -> list[dict[str, Any]]:
    """The links the coach made to a coached athlete's plan, newest first."""
    from runstrong.app import shares

    ctx = deps.context(request)
    found = shares.plan_shares(ctx, viewer.user, plan_id, athlete_id=athlete_id)
    return [_share(x, at) for x in found]


@router.post("/coach/athletes/{athlete_id}/plans/{plan_id}/shares", status_code=201)
def coach_share(
    request: Request,
    viewer: deps.ApiWriter,
    at: deps.Now,
    athlete_id: int,
    plan_id: int,
    body: ShareBody,
) -> Response:
    """A read-only link, made by their coach, to a coached athlete's plan."""
    from runstrong.app import shares

    made = shares.create(
        deps.context(request),
        viewer.user,
        plan_id,
        label=body.label,
        days=body.days,
        now=at,
        athlete_id=athlete_id,
    )
    return _made(request, made, at)


@router.delete(
    "/coach/athletes/{athlete_id}/plans/{plan_id}/shares/{share_id:int}", status_code=204
)
def coach_revoke(
    request: Request,
    viewer: deps.ApiWriter,
    at: deps.Now,
    athlete_id: int,
    plan_id: int,
    share_id: int,
) -> Response:
    """End a link the coach made to a coached athlete's plan."""
    from runstrong.app import shares

    ctx = deps.context(request)
    shares.revoke(ctx, viewer.user, plan_id, share_id, now=at, athlete_id=athlete_id)
    return Response(status_code=204)
