"""The runner's settings: API tokens, the calendar subscription, coaches and coaching (their
forms: pages/coach.py), and deleting the account."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from runstrong.errors import InputError, NotFound, RateLimited, RunstrongError
from runstrong.web import deps, render

router = APIRouter()

LABELS = {"name": "Token name", "scope": "Scopes", "password": "Password"}
DONE = {
    "token-revoked": "The token is revoked: it no longer opens the API.",
    "feed-revoked": "The calendar link is revoked: calendars subscribed to it get nothing more.",
    "coach-accepted": "You accepted your coach: they see what the invitation said until you leave.",
    "coach-declined": "Invitation declined: the coach gets nothing.",
    "coach-left": "You left your coach: they no longer see anything of yours.",
    "coaching-off": "Coaching is off for this login.",
}
"""What a finished action says on the settings page it redirects to (`?done=KEY`)."""
NO_STORE = {"Cache-Control": "no-store"}
"""A page showing a secret once is kept by no cache (OWASP Session Management Cheat Sheet,
"Web Content Caching")."""


def _page(
    request: Request,
    viewer: deps.Viewer,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    feed: dict[str, str] | None = None,
    done: str = "",
    status: int = 200,
) -> Response:
    from runstrong.app import accounts, coaching

    ctx = deps.context(request)
    response = render.page(
        request,
        "pages/settings.html",
        {
            "coaches": coaching.coaches(ctx, viewer.user),
            "coaching": coaching.is_coach(ctx, viewer.user),
            "coach_account": viewer.user.role == "coach",
            "tokens": accounts.tokens(ctx, viewer.user.id),
            "scopes": accounts.SCOPES,
            "values": values or {"scope": ["read"]},
            "errors": errors or {},
            "feed": feed,
            "done": done,
            "has_athlete": viewer.user.athlete_id is not None,
        },
        status=status,
    )
    if feed is not None:
        response.headers.update(NO_STORE)
    return response


def _back(request: Request, done: str) -> Response:
    return RedirectResponse(render.href(request, f"/settings?done={done}"), status_code=303)


@router.get("/settings")
def settings_page(request: Request, viewer: deps.PageViewer, done: str = "") -> Response:
    """Tokens, the calendar link and the account's deletion."""
    return _page(request, viewer, done=DONE.get(done, ""))


def with_errors(
    request: Request, viewer: deps.Viewer, errors: dict[str, str], status: int
) -> Response:
    """The settings page with an error of a form posted elsewhere (pages/coach.py)."""
    return _page(request, viewer, errors=errors, status=status)


@router.post("/settings/tokens")
async def create_token(request: Request, viewer: deps.PageViewer, at: deps.Now) -> Response:
    """A new API token: its secret is shown on the answer page once, then only its hash is kept."""
    from runstrong.app import accounts

    form = await request.form(max_files=0, max_fields=10)
    sent = form.get("csrf")
    deps.check_csrf(viewer, sent if isinstance(sent, str) else None, request)
    sent_name = form.get("name")
    name = sent_name if isinstance(sent_name, str) else ""
    scopes = [s for s in form.getlist("scope") if isinstance(s, str)]
    values: dict[str, Any] = {"name": name, "scope": scopes}
    try:
        if not scopes:
            raise InputError("scope", f"tick at least one of {', '.join(accounts.SCOPES)}")
        raw, token = accounts.create_token(
            deps.context(request),
            user_id=viewer.user.id,
            name=name,
            scopes=",".join(scopes),
            now=at,
        )
    except RunstrongError as exc:
        errors = render.field_errors(exc, LABELS)
        return _page(request, viewer, values=values, errors=errors, status=422)
    response = render.page(request, "pages/token.html", {"raw": raw, "token": token})
    response.headers.update(NO_STORE)
    return response


@router.post("/settings/tokens/{token_id}/revoke")
def revoke_token(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    token_id: int,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Revoke one of the runner's tokens (another runner's id is not found)."""
    from runstrong.app import accounts

    deps.check_csrf(viewer, csrf, request)
    accounts.revoke_token(deps.context(request), viewer.user.id, token_id, now=at)
    return _back(request, "token-revoked")


def _athlete_id(viewer: deps.Viewer) -> int:
    if viewer.user.athlete_id is None:
        raise NotFound("athlete", viewer.user.email)
    return viewer.user.athlete_id


@router.post("/settings/calendar")
def create_feed(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """A new secret calendar link (the previous one stops working), shown this once."""
    from runstrong.app import accounts

    deps.check_csrf(viewer, csrf, request)
    raw = accounts.calendar_feed(deps.context(request), _athlete_id(viewer), now=at)
    # The host the runner reached us by (behind a proxy: its Host, with --proxy-headers).
    address = f"{request.url.netloc}{request.scope.get('root_path', '')}/calendar/{raw}.ics"
    feed = {"webcal": f"webcal://{address}", "url": f"{request.url.scheme}://{address}"}
    return _page(request, viewer, feed=feed)


@router.post("/settings/calendar/revoke")
def revoke_feed(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Stop the calendar link (a new one can be made after)."""
    from runstrong.app import accounts

    deps.check_csrf(viewer, csrf, request)
    accounts.revoke_feed(deps.context(request), _athlete_id(viewer), now=at)
    return _back(request, "feed-revoked")


@router.post("/settings/delete")
def delete_account(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    csrf: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    """Delete the login, its athlete and every plan, log, token and link, once the password is
    typed again; the browser is signed out and lands on the sign-up page."""
    from runstrong.app import accounts

    deps.check_csrf(viewer, csrf, request)
    ctx = deps.context(request)
    address = request.client.host if request.client else "unknown"
    try:
        accounts.authenticate(
            ctx, email=viewer.user.email, password=password, address=address, now=at
        )
    except RateLimited as exc:
        response = _page(request, viewer, errors=render.field_errors(exc, LABELS), status=429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except InputError:
        errors = {"password": "wrong password; type the one you sign in with"}
        return _page(request, viewer, errors=errors, status=422)
    accounts.delete_account(ctx, viewer.user.id)
    response = RedirectResponse(render.href(request, "/signup?deleted=1"), status_code=303)
    response.delete_cookie(deps.SESSION_COOKIE, path=request.scope.get("root_path") or "/")
    return response
