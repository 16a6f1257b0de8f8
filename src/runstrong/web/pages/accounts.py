"""Sign up, sign in, sign out and password reset: the forms a runner meets before any plan."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from runstrong.errors import RateLimited, RunstrongError
from runstrong.web import deps, render, security

router = APIRouter()

SESSION_DAYS = 30
"""The cookie lives as long as the server-side session's absolute expiry (app/accounts.py)."""
LABELS = {"email": "Email", "password": "Password", "name": "Your name", "units": "Units"}


def _form_page(
    request: Request,
    name: str,
    values: Mapping[str, object],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """A pre-sign-in form, with a fresh signed token in its cookie and its hidden field."""
    token = security.form_token(request.app.state.secret)
    request.state.form_token = token
    response = render.page(request, name, {"values": values, "errors": errors or {}}, status=status)
    response.set_cookie(
        deps.FORM_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path=request.scope.get("root_path") or "/",
    )
    return response


def _check_form(request: Request, sent: str) -> None:
    if not security.form_token_ok(
        request.app.state.secret, request.cookies.get(deps.FORM_COOKIE), sent
    ):
        raise deps.Forbidden("this form has expired; reload the page and send it again")


def signed_in(request: Request, raw: str, target: str) -> Response:
    """Go to `target` with the new session's cookie set."""
    response = RedirectResponse(render.href(request, target), status_code=303)
    response.set_cookie(
        deps.SESSION_COOKIE,
        raw,
        max_age=SESSION_DAYS * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path=request.scope.get("root_path") or "/",
    )
    response.delete_cookie(deps.FORM_COOKIE, path=request.scope.get("root_path") or "/")
    return response


def _next(target: str | None) -> str:
    """Only a path of this site: never another host (an open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _failed(
    request: Request, name: str, exc: RunstrongError, values: Mapping[str, object]
) -> Response:
    status = 429 if isinstance(exc, RateLimited) else 422
    response = _form_page(request, name, values, render.field_errors(exc, LABELS), status)
    if isinstance(exc, RateLimited):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


@router.get("/signup")
def signup_form(
    request: Request, _v: deps.OptionalViewer, deleted: bool = False, next: str = "/"
) -> Response:
    """The sign-up form (the first account on a new database becomes its owner); after an
    account's deletion (Settings), it says so. `next`: where to go once signed up (a coach's
    invitation), instead of the plan builder."""
    notice = "Your account and all its data are deleted." if deleted else ""
    values = {"units": "kg", "notice": notice, "next": _next(next)}
    return _form_page(request, "pages/signup.html", values)


@router.post("/signup")
def signup(
    request: Request,
    at: deps.Now,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    units: Annotated[str, Form()] = "kg",
    form_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Make the account and its athlete, then sign in (to the plan builder, or to `next`)."""
    from runstrong.app import accounts

    request.state.viewer = None
    _check_form(request, form_token)
    ctx = deps.context(request)
    target = _next(next)
    values = {"email": email, "name": name, "units": units, "next": target}
    try:
        user = accounts.sign_up(ctx, email=email, password=password, name=name, units=units, now=at)
    except RunstrongError as exc:
        return _failed(request, "pages/signup.html", exc, values)
    raw, _session = accounts.start_session(ctx, user, now=at)
    return signed_in(request, raw, "/plans/new" if target == "/" else target)


@router.get("/login")
def login_form(
    request: Request,
    _v: deps.OptionalViewer,
    next: str = "/",
) -> Response:
    """The sign-in form."""
    return _form_page(request, "pages/login.html", {"next": _next(next)})


@router.post("/login")
def login(
    request: Request,
    at: deps.Now,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
    form_token: Annotated[str, Form()] = "",
) -> Response:
    """Check the password (rate-limited per account and per address), then sign in."""
    from runstrong.app import accounts

    request.state.viewer = None
    _check_form(request, form_token)
    ctx = deps.context(request)
    address = request.client.host if request.client else "unknown"
    values = {"email": email, "next": _next(next)}
    try:
        user = accounts.authenticate(ctx, email=email, password=password, address=address, now=at)
    except RunstrongError as exc:
        return _failed(request, "pages/login.html", exc, values)
    raw, _session = accounts.start_session(ctx, user, now=at)
    return signed_in(request, raw, _next(next))


@router.post("/logout")
def logout(
    request: Request,
    viewer: deps.PageViewer,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """End this session (the server forgets it; the cookie goes too)."""
    from runstrong.app import accounts

    deps.check_csrf(viewer, csrf, request)
    raw = request.cookies.get(deps.SESSION_COOKIE, "")
    accounts.end_session(deps.context(request), raw)
    response = RedirectResponse(render.href(request, "/login"), status_code=303)
    response.delete_cookie(deps.SESSION_COOKIE, path=request.scope.get("root_path") or "/")
    return response


@router.get("/reset/{token}")
def reset_form(request: Request, token: str, _v: deps.OptionalViewer) -> Response:
    """Choose a new password from a one-time link (`runstrong user reset-link`)."""
    return _form_page(request, "pages/reset.html", {"token": token})


@router.post("/reset/{token}")
def reset(
    request: Request,
    at: deps.Now,
    token: str,
    password: Annotated[str, Form()] = "",
    form_token: Annotated[str, Form()] = "",
) -> Response:
    """Set the new password, end every other session, and sign in."""
    from runstrong.app import accounts

    request.state.viewer = None
    _check_form(request, form_token)
    ctx = deps.context(request)
    try:
        user = accounts.reset_password(ctx, token, password, now=at)
    except RunstrongError as exc:
        return _failed(request, "pages/reset.html", exc, {"token": token})
    raw, _session = accounts.start_session(ctx, user, now=at)
    return signed_in(request, raw, "/")
