"""What a route needs from the request: the Context, the clock, who is asking, and proof that a
form was sent by our own page (CSRF)."""

from __future__ import annotations

import asyncio
import datetime as dt
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import Depends, Request

from runstrong.web import security

if TYPE_CHECKING:
    from runstrong.app.accounts import User
    from runstrong.settings import Context

T = TypeVar("T")
SESSION_COOKIE = "runstrong_session"
FORM_COOKIE = "runstrong_form"


class SignInNeeded(Exception):
    """A page that needs a signed-in runner was asked for without one: go to the sign-in page."""


class Unauthorized(Exception):
    """An API call without a valid token or session (401)."""


class Forbidden(Exception):
    """A form or call that fails its CSRF check, or a token without the scope it needs (403)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Viewer:
    """The signed-in user of this request and what guards their forms."""

    user: User
    csrf: str  # the session's token; empty for a bearer token (no cookie, no CSRF to fear)
    scopes: tuple[str, ...] = ("read", "write")
    revision: int = 0  # of the athlete's data, read with the session (web/cache.py)

    @property
    def athlete(self) -> str | None:
        """The athlete's name the user's pages show, if they have one."""
        return self.user.athlete


def context(request: Request) -> Context:
    """The app's one Context, built in the lifespan."""
    ctx: Context = request.app.state.context
    return ctx


def athlete_context(request: Request, athlete: str | None) -> Context:
    """The Context as this athlete sees it: their own exercises in its catalogue (read once a
    request); the app's Context for nobody."""
    if athlete is None:
        return context(request)
    cached: dict[str, Context] = getattr(request.state, "athlete_contexts", None) or {}
    if athlete not in cached:
        from runstrong.app.exercises import scoped

        cached[athlete] = scoped(context(request), athlete)
        request.state.athlete_contexts = cached
    return cached[athlete]


async def now() -> dt.datetime:
    """The clock, naive UTC as the database stores it (a dependency: tests move it). The
    trivial dependencies are `async`: FastAPI then calls them without a hop to a thread."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


async def today(request: Request) -> dt.date:
    """The runner's today: the server's local date (self-hosted: the runner's own clock)."""
    override = getattr(request.app.state, "today", None)
    return override() if override is not None else dt.date.today()


def _session_viewer(request: Request, at: dt.datetime) -> Viewer | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    from runstrong.app import accounts

    found = accounts.session_for(context(request), raw, now=at)
    if found is None:
        return None
    return Viewer(found.user, found.csrf, revision=found.revision)


async def optional_viewer(
    request: Request, at: Annotated[dt.datetime, Depends(now)]
) -> Viewer | None:
    """The signed-in user, or None; kept on request.state for the templates."""
    viewer = await in_lane(_session_viewer, request, at)
    request.state.viewer = viewer
    return viewer


SESSION_LANE = 1
"""Threads a worker gives to checking who asks (one indexed read a request). Apart from the
request threads, so a kept page is served while slow requests (an export, a plan build) hold
those; one, because more threads contending for the GIL made the slowest 1% of kept pages
wait 150-850 ms where one kept them under 30 ms (benchmarks/bench_web.py, 2 workers)."""
_lanes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


async def in_lane(func: Callable[..., T], *args: Any) -> T:
    """Run `func(*args)` in a thread of this worker's lane for checking who asks."""
    loop = asyncio.get_running_loop()
    lane = _lanes.get(loop)
    if lane is None:
        lane = _lanes[loop] = CapacityLimiter(SESSION_LANE)
    return await to_thread.run_sync(func, *args, limiter=lane)


async def page_viewer(viewer: Annotated[Viewer | None, Depends(optional_viewer)]) -> Viewer:
    """A page for signed-in runners: anyone else goes to the sign-in page."""
    if viewer is None:
        raise SignInNeeded
    return viewer


async def api_viewer(request: Request, at: Annotated[dt.datetime, Depends(now)]) -> Viewer:
    """An API caller: a bearer token, or a browser's session (then CSRF applies to writes)."""
    viewer = await in_lane(_api_viewer, request, at)
    request.state.viewer = viewer
    return viewer


def _api_viewer(request: Request, at: dt.datetime) -> Viewer:
    header = request.headers.get("authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() == "bearer" and raw.strip():
        from runstrong.app import accounts

        found = accounts.token_user(context(request), raw.strip(), now=at)
        if found is None:
            raise Unauthorized
        user, scopes = found
        return Viewer(user, "", tuple(scopes))
    session = _session_viewer(request, at)
    if session is None:
        raise Unauthorized
    return session


async def api_writer(request: Request, viewer: Annotated[Viewer, Depends(api_viewer)]) -> Viewer:
    """An API caller allowed to change things: a token with the write scope, or a session
    sending its CSRF token in X-CSRF-Token."""
    if "write" not in viewer.scopes:
        raise Forbidden("this token has no write scope")
    if viewer.csrf and not security.same(viewer.csrf, request.headers.get("x-csrf-token")):
        raise Forbidden("missing or wrong CSRF token")
    return viewer


def check_csrf(viewer: Viewer, sent: str | None, request: Request) -> None:
    """A signed-in form must carry its session's token (field `csrf` or X-CSRF-Token)."""
    token = sent or request.headers.get("x-csrf-token")
    if not security.same(viewer.csrf, token):
        raise Forbidden("this form has expired or did not come from runstrong; reload the page")


Now = Annotated[dt.datetime, Depends(now)]
Today = Annotated[dt.date, Depends(today)]
OptionalViewer = Annotated[Viewer | None, Depends(optional_viewer)]
PageViewer = Annotated[Viewer, Depends(page_viewer)]
ApiViewer = Annotated[Viewer, Depends(api_viewer)]
ApiWriter = Annotated[Viewer, Depends(api_writer)]
