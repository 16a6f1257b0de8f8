"""The FastAPI app: one object serving the pages and the JSON API over the application layer,
with one error mapping for both (datasette's habit): a page for a browser, JSON under /api/."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from runstrong.errors import (
    DatabaseError,
    InputError,
    NotFound,
    RuleViolation,
    RunstrongError,
)
from runstrong.settings import Context, Settings
from runstrong.web import cache, deps, render, security

STATIC = Path(__file__).parent / "static"
THREADS = 4
"""Requests a worker runs at once in its threads, by default (who asks is checked in a lane of
its own, deps.SESSION_LANE). Few, because the work is Python holding the GIL: on 2 cores at 32
clients, 4 threads served the today page at 738 req/s with p99 84 ms where 16 gave 739 req/s
and p99 268 ms (benchmarks/bench_web.py, 2 workers). More threads pay off only when requests
wait on the database."""
log = logging.getLogger("runstrong.web")


def create_app(
    context: Context | None = None,
    *,
    secret: bytes | None = None,
    root_path: str = "",
    threads: int = THREADS,
    jobs: bool = False,
) -> FastAPI:
    """The web app over `context` (built from the environment when None, in the lifespan),
    running at most `threads` requests at once (each holds one pooled connection at most);
    with `jobs`, a thread of its own runs background jobs (app/jobs.py) while it serves."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ctx = context if context is not None else Context.from_environment()
        ctx.catalogue  # noqa: B018 - parsed once here, not in the first request's thread
        ctx.db  # noqa: B018 - opened once; every request shares its pool
        # No more request threads than pooled connections: none opens a connection of its own
        # (the lane that checks who asks, deps.SESSION_LANE, takes one of the pool's overflow
        # connections only when every request thread holds one).
        from anyio import to_thread

        from runstrong.storage.db import POOL_SIZE

        to_thread.current_default_thread_limiter().total_tokens = min(threads, POOL_SIZE)
        app.state.context = ctx
        app.state.secret = secret or ctx.settings.secret()
        runner = None
        if jobs:
            from runstrong.app.jobs import Runner

            runner = Runner(ctx)
            runner.start()
        try:
            yield
        finally:
            if runner is not None:
                runner.stop()  # after the job in hand; a killed one is retried after its lease
            if context is None:
                ctx.close()

    app = FastAPI(
        title="runstrong",
        version=_version(),
        lifespan=lifespan,
        root_path=root_path,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.pages = cache.Pages()  # rendered pages, checked against the database (cache.py)
    if context is not None:  # a test's app works without running the lifespan, too
        app.state.context = context
        app.state.secret = secret or context.settings.secret()
    handle_errors(app, api=False)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz(request: Request) -> JSONResponse:
        """Up when the database answers with a row of its own (a load balancer's check)."""
        try:
            deps.context(request).db.check()
        except RunstrongError as exc:
            log.warning("health check failed: %s", exc)
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    @app.get("/sw.js", include_in_schema=False)
    def service_worker() -> Response:
        """The service worker, served from the root so it may control every page."""
        return FileResponse(
            STATIC / "sw.js",
            media_type="text/javascript",
            headers={"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"},
        )

    from runstrong.web.api import v1
    from runstrong.web.pages import ROUTERS

    for router in ROUTERS:
        app.include_router(router)
    api = v1.create_api()
    api.state = app.state  # one Context, one secret for the pages and the API
    api.dependency_overrides = app.dependency_overrides  # and one clock, in tests
    app.mount("/api/v1", api)
    app.add_middleware(security.HeadAsGet)
    app.add_middleware(security.Guard)  # outermost: it logs the method asked (HEAD)
    return app


def from_environment() -> FastAPI:
    """The app for `runstrong serve`'s workers: settings from the environment it set."""
    import os

    settings = Settings.from_environment()
    from runstrong.settings import ENV_JOBS, ENV_WEB_THREADS

    threads = checked_threads(os.environ.get(ENV_WEB_THREADS, str(THREADS)))
    jobs = checked_switch(os.environ.get(ENV_JOBS, "on"), ENV_JOBS)
    return create_app(Context(settings), root_path="", threads=threads, jobs=jobs)


def checked_switch(value: str, name: str) -> bool:
    """`on` or `off` (also 1/0, true/false, yes/no), as a variable's value."""
    found = value.strip().lower()
    if found in ("on", "1", "true", "yes"):
        return True
    if found in ("off", "0", "false", "no"):
        return False
    raise InputError(name, f"must be on or off; got '{value}'")


def checked_threads(value: str) -> int:
    """A worker's request threads: a whole number 1 up to the connection pool's size."""
    from runstrong.storage.db import POOL_SIZE

    if not value.strip().isdigit() or not 1 <= int(value) <= POOL_SIZE:
        raise InputError("threads", f"must be a whole number 1-{POOL_SIZE}; got '{value}'")
    return int(value)


def _version() -> str:
    from runstrong.version import __version__

    return __version__


def error_body(field: str | None, text: str, rule: str | None = None) -> dict[str, Any]:
    """The API's one error shape (SPEC.md): field, message, rule."""
    return {"error": {"field": field, "message": text, "rule": rule}}


def _error(
    request: Request, status: int, title: str, text: str, *, api: bool, **extra: Any
) -> Response:
    path = request.scope.get("path", "").removeprefix(request.scope.get("root_path", ""))
    if api or path.startswith("/api/"):  # an API path no route took (a newline in it) too
        return JSONResponse(
            error_body(extra.get("field"), text, extra.get("rule")), status_code=status
        )
    return render.page(
        request,
        "pages/error.html",
        {"status": status, "title": title, "message": text},
        status=status,
    )


def flat_routes(routes: Any) -> Iterator[Any]:
    """The routes one by one: FastAPI 0.165 keeps each included router as one entry of
    `app.routes` (its `iter_route_contexts` unfolds them); older versions list every route."""
    from fastapi import routing

    unfold = getattr(routing, "iter_route_contexts", None)
    yield from (unfold(routes) if unfold is not None else routes)


def _methods(request: Request) -> list[str]:
    """The methods some route of this app answers at the request's path."""
    from starlette.routing import Match

    found: set[str] = set()
    for route in flat_routes(request.app.router.routes):
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match is not Match.NONE:
            found |= set(getattr(route, "methods", None) or ())
    if "GET" in found:
        found.add("HEAD")  # security.HeadAsGet answers it
    return sorted(found)


def _not_json(request: Request, exc: RequestValidationError) -> str | None:
    """Why the body is not JSON (a 400), or None for JSON with the wrong fields (a 422)."""
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return "the body is not valid JSON"
    whole = [e for e in errors if tuple(e.get("loc", ())) == ("body",)]
    if not whole:
        return None
    if whole[0].get("type") == "missing":
        return "the body is empty; send a JSON object"
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json" and not kind.endswith("+json"):
        return "the body is not JSON; send a JSON object with Content-Type: application/json"
    return None


def handle_errors(app: FastAPI, *, api: bool) -> None:
    """Map every error once: as a page (the site) or as JSON (the API, `api`)."""

    def handles(kind: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            app.add_exception_handler(kind, fn)
            return fn

        return register

    @handles(deps.SignInNeeded)
    async def sign_in(request: Request, _exc: Exception) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(
            render.href(request, f"/login?next={quote(target, safe='/')}"), status_code=303
        )

    @handles(deps.Unauthorized)
    async def unauthorized(request: Request, _exc: Exception) -> Response:
        response = _error(request, 401, "Sign in", "a valid token or session is needed", api=api)
        response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @handles(deps.Forbidden)
    async def forbidden(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, deps.Forbidden)
        return _error(request, 403, "Not allowed", exc.reason, api=api)

    @handles(NotFound)
    async def not_found(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, NotFound)
        return _error(request, 404, "Not found", str(exc), field=exc.field, api=api)

    @handles(InputError)
    async def bad_input(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, InputError)
        return _error(request, 422, "Cannot do that", str(exc), field=exc.field, api=api)

    @handles(RuleViolation)
    async def rule(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RuleViolation)
        return _error(request, 422, "Against the coach's rules", str(exc), rule=exc.rule, api=api)

    @handles(DatabaseError)
    async def database(request: Request, exc: Exception) -> Response:
        log.error("database error: %s", exc)
        return _error(
            request, 503, "Busy", "the database is busy or down; try again shortly", api=api
        )

    @handles(RunstrongError)
    async def other(request: Request, exc: Exception) -> Response:
        return _error(request, 422, "Cannot do that", str(exc), api=api)

    @handles(RequestValidationError)
    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        not_json = _not_json(request, exc)
        if not_json is not None:  # malformed, not JSON at all, or empty: 400, not 422
            return _error(request, 400, "Bad request", not_json, api=api)
        first = exc.errors()[0] if exc.errors() else {}
        loc = tuple(first.get("loc", ()))
        if loc and loc[0] in ("body", "query", "path"):  # where it came from, not a field
            loc = loc[1:]  # (a field may be named `body`: a comment's is)
        where = [str(p) for p in loc]
        field = ".".join(where) or None
        text = (f"{field}: {first.get('msg', 'invalid')}" if field else "invalid request").lower()
        if not field and tuple(first.get("loc", ())) == ("body",):
            text = "the body must be a JSON object"
        return _error(request, 422, "Cannot do that", text, field=field, api=api)

    @handles(HTTPException)
    async def http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        titles = {404: "Not found", 405: "Not allowed", 401: "Sign in", 403: "Not allowed"}
        text = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404:
            text = "no such page"
        response = _error(
            request, exc.status_code, titles.get(exc.status_code, "Error"), text.lower(), api=api
        )
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:  # every method of the path, not only one route's (RFC 9110)
            response.headers["Allow"] = ", ".join(_methods(request))
        return response

    @handles(Exception)
    async def crash(request: Request, _exc: Exception) -> Response:
        log.exception("unhandled error on %s", security.shown_path(request.url.path))
        response = _error(
            request,
            500,
            "Something broke",
            "runstrong hit an error; nothing was half-saved",
            api=api,
        )
        # Outside the middleware stack (Starlette's ServerErrorMiddleware): add the headers here.
        for key, value in security.HEADERS:
            response.headers[key.decode()] = value.decode()
        return response
