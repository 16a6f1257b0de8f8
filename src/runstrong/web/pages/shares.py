"""Read-only share links: the Share section of a saved plan's page (make a link, list and revoke
them) and the shared plan itself at `/share/{token}`, which anyone holding the link opens
without signing in.

The shared page is never kept: not in the worker's page cache (it is rendered afresh, so a
revoked link is 404 at once), not by the browser or a proxy (`Cache-Control: no-store`), nor by
the service worker (sw.js leaves `/share/` to the network). It reads no session at all, so it is
the same page for everyone, and it shows the plan only: weeks, sessions, exercises, loads and
why, never the athlete's name, email, 1RMs, limitations or logs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from runstrong.errors import InputError, NotFound
from runstrong.web import deps, forms, render

router = APIRouter()

LABELS = {"label": "Label", "days": "Lasts"}
PRIVATE = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the token is in the address: never sent on to others
    "X-Robots-Tag": "noindex, nofollow",
}
"""The shared page's headers (OWASP: a URL holding a secret is kept by no cache and leaks
through no Referer); the same on its 404, so the answer for a dead link reads like any other."""
NO_STORE = {"Cache-Control": "no-store"}
GONE = (
    "This link opens no plan: it was revoked, it expired, or it is not complete. Ask whoever"
    " sent it for a new one."
)
"""What a dead link says, whichever way it died."""


def expiry_options() -> list[tuple[str, str]]:
    """The form's choices of how long a link lasts."""
    from runstrong.app.shares import EXPIRY_DAYS

    return [("", "Until I revoke it"), *((str(d), f"{d} days") for d in EXPIRY_DAYS)]


def who_made(share: Any, user_id: int) -> str:
    """Who made a link, as the viewer reads it."""
    if share.created_by == user_id:
        return "you"
    if share.creator is None:
        return "a deleted login"
    return f"coach {share.creator}"


def plan_part(
    request: Request, viewer: deps.Viewer, plan_id: int, today: dt.date
) -> dict[str, Any]:
    """The plan page's Share section: the links the runner sees, and the form's choices. The
    page is kept by the data's revision and the day (web/cache.py), so a link is marked expired
    from the day after its expiry; on the day itself the page gives the time it stops."""
    from runstrong.app import shares

    found = shares.plan_shares(deps.context(request), viewer.user, plan_id)
    return {
        "shares": [
            {
                "share": x,
                "by": who_made(x, viewer.user.id),
                "expired": x.expires is not None and x.expires.date() < today,
            }
            for x in found
        ],
        "expiry_options": expiry_options(),
    }


@router.post("/plans/{plan_id}/shares")
def create(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    plan_id: int,
    csrf: Annotated[str, Form()] = "",
    label: Annotated[str, Form()] = "",
    days: Annotated[str, Form()] = "",
) -> Response:
    """Make a link to the plan; its address is shown on the page that answers, this once."""
    deps.check_csrf(viewer, csrf, request)
    return _made(request, viewer, at, plan_id, label, days)


@router.post("/coach/athletes/{athlete_id}/plans/{plan_id}/shares")
def create_for_athlete(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    athlete_id: int,
    plan_id: int,
    csrf: Annotated[str, Form()] = "",
    label: Annotated[str, Form()] = "",
    days: Annotated[str, Form()] = "",
) -> Response:
    """A coach's link to a coached athlete's plan: for a junior without a login, or their
    physio; shown this once, and listed on the athlete's page and the runner's plan page."""
    deps.check_csrf(viewer, csrf, request)
    return _made(request, viewer, at, plan_id, label, days, athlete_id)


def _made(
    request: Request,
    viewer: deps.Viewer,
    at: dt.datetime,
    plan_id: int,
    label: str,
    days: str,
    athlete_id: int | None = None,
) -> Response:
    from runstrong.app import shares

    values = {"label": label[:200], "days": days[:20]}
    where: dict[str, Any] = {"plan_id": plan_id, "coach": athlete_id is not None}
    if athlete_id is not None:
        where["back"] = f"/coach/athletes/{athlete_id}#plans"
        where["action"] = f"/coach/athletes/{athlete_id}/plans/{plan_id}/shares"
    try:
        made = shares.create(
            deps.context(request),
            viewer.user,
            plan_id,
            label=label,
            days=days or None,
            now=at,
            athlete_id=athlete_id,
        )
    except InputError as exc:
        if exc.field not in LABELS:
            raise
        shown: dict[str, Any] = {
            **where,
            "made": None,
            "errors": render.field_errors(exc, LABELS),
            "values": values,
            "expiry_options": expiry_options(),
        }
        return render.page(request, "pages/share_made.html", shown, status=422)
    address = f"{request.url.scheme}://{request.url.netloc}{render.href(request, '/share/')}"
    shown = {**where, "made": made, "address": address + made.token}
    response = render.page(request, "pages/share_made.html", shown)
    response.headers.update(NO_STORE)
    return response


@router.post("/plans/{plan_id}/shares/{share_id}/revoke")
def revoke(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    plan_id: int,
    share_id: int,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """End a link to the plan (the runner's own, or one their coach made)."""
    from runstrong.app import shares

    deps.check_csrf(viewer, csrf, request)
    shares.revoke(deps.context(request), viewer.user, plan_id, share_id, now=at)
    return RedirectResponse(render.href(request, f"/plans/{plan_id}#share"), status_code=303)


@router.post("/coach/athletes/{athlete_id}/plans/{plan_id}/shares/{share_id}/revoke")
def revoke_for_athlete(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    athlete_id: int,
    plan_id: int,
    share_id: int,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """End a link the coach made to a coached athlete's plan."""
    from runstrong.app import shares

    deps.check_csrf(viewer, csrf, request)
    ctx = deps.context(request)
    shares.revoke(ctx, viewer.user, plan_id, share_id, now=at, athlete_id=athlete_id)
    return RedirectResponse(render.href(request, f"/coach/athletes/{athlete_id}#plans"), 303)


def coach_part(request: Request, viewer: deps.Viewer, found: Any, today: dt.date) -> dict[str, Any]:
    """The coach's athlete page: each saved plan's links the coach made, and the form's
    choices."""
    from runstrong.app import shares

    ctx = deps.context(request)
    athlete_id = found.athlete.id
    made = {
        p.id: [
            {"share": x, "expired": x.expires is not None and x.expires.date() < today}
            for x in shares.plan_shares(ctx, viewer.user, p.id, athlete_id=athlete_id)
        ]
        for p in found.plans
    }
    return {"plan_shares": made, "expiry_options": expiry_options()}


@router.get("/share/{token}", include_in_schema=False)
def shared(request: Request, token: str, at: deps.Now) -> Response:
    """The plan behind a live link, read only; a revoked, expired or unknown link is the same
    404."""
    from runstrong.app import shares
    from runstrong.web.pages.plans import calendar

    try:
        record = shares.shared_plan(deps.context(request), token, now=at)
    except NotFound:
        values = {"status": 404, "title": "Not found", "message": GONE}
        response: Response = render.page(request, "pages/error.html", values, status=404)
    else:
        plan = record.plan
        values = {"record": record, "plan": plan, "calendar": calendar(plan), "days": forms.DAYS}
        response = render.page(request, "pages/share.html", values)
    response.headers.update(PRIVATE)
    return response
