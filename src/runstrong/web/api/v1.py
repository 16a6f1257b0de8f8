"""The JSON API, version 1 (SPEC.md "The web app and the API"): the same use-cases and access
rules as the pages, bearer tokens or the browser's session, errors as
`{"error": {"field", "message", "rule"}}`."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from runstrong.errors import InputError, NotFound
from runstrong.web import deps, forms, render

MAX_PAGE = 200
"""The most items a list returns at once; `offset` pages through the rest."""


class ErrorDetail(BaseModel):
    """What went wrong: the request's field (its key), a message, and the rule when one."""

    field: str | None
    message: str
    rule: str | None


class ErrorBody(BaseModel):
    """Every 4xx and 5xx answer."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The body is not JSON"},
    401: {"model": ErrorBody, "description": "No valid token or session"},
    403: {"model": ErrorBody, "description": "The token lacks the scope, or a CSRF token is wrong"},
    404: {"model": ErrorBody, "description": "No such object of yours"},
    422: {"model": ErrorBody, "description": "Bad input: the field and what is allowed"},
}


class PlanBody(BaseModel):
    """A plan request in the CLI's names (`runstrong plan`'s flags)."""

    model_config = ConfigDict(extra="forbid")

    goal: str = "strength"
    phase: str | None = None
    weeks: int | str | None = None
    sessions: int | str | None = None
    start: str | None = None
    race: str | None = None
    race_distance: str | None = None
    setup: str | None = None
    equipment: list[str] | None = None
    lifts: dict[str, str | float] = Field(default_factory=dict)
    runs: dict[str, str] | None = None
    minutes: int | str | None = None
    avoid: list[str] = Field(default_factory=list)
    units: str | None = None
    experience: str | None = None
    seed: int | str = 0


class SetBody(BaseModel):
    """One set: reps or seconds, and a load in the athlete's units (none: bodyweight)."""

    model_config = ConfigDict(extra="forbid")

    reps: int | None = None
    seconds: int | None = None
    load: float | None = None


class EntryBody(BaseModel):
    """One exercise of a logged session."""

    model_config = ConfigDict(extra="forbid")

    exercise: str
    sets: list[SetBody]


class LogBody(BaseModel):
    """A logged session; `client_id` (made by the client) makes a retry harmless."""

    model_config = ConfigDict(extra="forbid")

    client_id: str = Field(min_length=1, max_length=64)
    date: str | None = None
    rpe: float | None = None
    notes: str = Field(default="", max_length=2000)
    entries: list[EntryBody]


class ExerciseFields(BaseModel):
    """An own exercise's fields: a catalogue entry's (docs/api.md), checked as the
    catalogue's are; an unknown key is 422."""

    model_config = ConfigDict(extra="forbid")

    name: str
    category: str
    pattern: str
    equipment: list[str]
    unilateral: bool
    complexity: int
    loading: str
    cues: list[str]
    aliases: list[str] | None = None
    priority: bool | None = None
    skill: bool | None = None
    eccentric: bool | None = None
    why: str | None = None
    variations: list[dict[str, Any]] | None = None
    cautions: list[dict[str, Any]] | None = None


class NewExercise(ExerciseFields):
    """A new own exercise: its id (kebab-case, not a catalogue id) and its fields."""

    id: str


class User(BaseModel):
    """Who the token or session belongs to."""

    email: str


class Me(BaseModel):
    """The caller and their athlete profile."""

    user: User
    athlete: dict[str, Any] | None


class Saved(BaseModel):
    """A saved plan: its id and the runstrong.plan/1 JSON."""

    id: int
    plan: dict[str, Any]


router = APIRouter()


def create_api() -> FastAPI:
    """The API app, mounted at /api/v1 (its schema at /api/v1/openapi.json)."""
    from runstrong.web.app import handle_errors

    api = FastAPI(
        title="runstrong API",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        responses=ERRORS,
    )
    handle_errors(api, api=True)
    api.include_router(router)
    from runstrong.web.api import runs  # issue 14: activities, check-ins, today, load

    api.include_router(runs.router)
    from runstrong.web.api import coach

    api.include_router(coach.router)  # coach mode (docs/coach.md)
    from runstrong.web.api import edits

    api.include_router(edits.router)  # a coach's change to a session; the change log
    from runstrong.web.api import social

    api.include_router(social.router)  # coach mode: comments on sessions, share links
    return api


@router.get("/me", response_model=Me)
def me(request: Request, viewer: deps.ApiViewer) -> dict[str, Any]:
    """The caller and their athlete profile (null when the account has none)."""
    from runstrong.app import athletes, lifts
    from runstrong.present.logbook import athlete_dict

    found = None
    if viewer.athlete is not None:
        ctx = deps.context(request)
        person = athletes.athlete(ctx, viewer.athlete)
        found = athlete_dict(person, lifts.one_rms(ctx, person.name))
    return {"user": {"email": viewer.user.email}, "athlete": found}


@router.get("/exercises", response_model=list[dict[str, Any]])
def exercises(
    request: Request,
    _viewer: deps.ApiViewer,
    response: Response,
    category: str | None = None,
    equipment: str | None = None,
    pattern: str | None = None,
    search: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = MAX_PAGE,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[dict[str, Any]]:
    """The catalogue, filtered as `runstrong exercises` filters it; a page at a time."""
    from runstrong.app.exercises import is_own
    from runstrong.core import serialize
    from runstrong.web.pages.exercises import search as find

    kit = [e for e in (equipment or "").split(",") if e.strip()] or None
    found = find(request, category, kit, pattern, search)
    _paginate(request, response, len(found), limit, offset)
    return [
        {**serialize.exercise_dict(e), "own": is_own(e)} for e in found[offset : offset + limit]
    ]


@router.get("/exercises/{exercise_id}")
def exercise(request: Request, viewer: deps.ApiViewer, exercise_id: str) -> dict[str, Any]:
    """One exercise (the catalogue's or your own) with all its fields."""
    from runstrong.app.exercises import entry_fields, is_own

    found = deps.athlete_context(request, viewer.athlete).catalogue.get(exercise_id)
    return {"id": found.id, "own": is_own(found), **entry_fields(found)}


@router.post("/exercises", status_code=201)
def add_exercise(request: Request, viewer: deps.ApiWriter, body: NewExercise) -> dict[str, Any]:
    """Add an exercise of your own: the catalogue's fields, checked the same way."""
    fields = body.model_dump(exclude_none=True)
    return _save_exercise(request, viewer, str(fields.pop("id")), fields, new=True)


@router.put("/exercises/{exercise_id}")
def change_exercise(
    request: Request, viewer: deps.ApiWriter, exercise_id: str, body: ExerciseFields
) -> dict[str, Any]:
    """Replace the fields of one of your own exercises (its id stays)."""
    fields = body.model_dump(exclude_none=True)
    return _save_exercise(request, viewer, exercise_id, fields, new=False)


@router.delete("/exercises/{exercise_id}", status_code=204)
def delete_exercise(request: Request, viewer: deps.ApiWriter, exercise_id: str) -> Response:
    """Delete one of your own exercises (logs and plans naming it keep its id)."""
    from runstrong.app import exercises

    exercises.delete(deps.context(request), _athlete(viewer, "exercise", exercise_id), exercise_id)
    return Response(status_code=204)


def _save_exercise(
    request: Request, viewer: deps.Viewer, exercise_id: str, fields: dict[str, Any], *, new: bool
) -> dict[str, Any]:
    from runstrong.app import exercises
    from runstrong.app.requests import ExerciseRequest

    name = _athlete(viewer, "exercise", exercise_id)
    saved = exercises.save(
        deps.context(request),
        ExerciseRequest(athlete=name, exercise_id=exercise_id, entry=fields, new=new),
    )
    return {"id": saved.id, "own": True, **exercises.entry_fields(saved)}


@router.post("/plans/preview")
def preview(request: Request, body: PlanBody, viewer: deps.ApiViewer) -> dict[str, Any]:
    """The plan this request builds (over the caller's profile), not saved."""
    from dataclasses import replace

    from runstrong.app import planning

    asked = replace(forms.from_json(body.model_dump()), athlete=viewer.athlete)
    return planning.plan_json(planning.plan(deps.context(request), asked).plan)


@router.post("/plans", status_code=201, response_model=Saved)
def save(request: Request, body: PlanBody, viewer: deps.ApiWriter) -> dict[str, Any]:
    """Build the plan over the caller's profile and save it to their logbook."""
    from dataclasses import replace

    from runstrong.app import planning, schedule

    name = _athlete(viewer)
    ctx = deps.context(request)
    asked = replace(forms.from_json(body.model_dump()), athlete=name, save=True)
    planned = planning.plan(ctx, asked)
    assert planned.plan_id is not None
    return {"id": planned.plan_id, "plan": schedule.saved_plan(ctx, name, planned.plan_id).plan}


@router.get("/plans", response_model=list[dict[str, Any]])
def plan_list(
    request: Request,
    viewer: deps.ApiViewer,
    response: Response,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = MAX_PAGE,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[dict[str, Any]]:
    """The caller's saved plans, oldest first (no plan JSON: fetch one by id)."""
    from runstrong.app import schedule
    from runstrong.present.logbook import plan_record_dict

    found = schedule.plans(deps.context(request), _athlete(viewer))
    _paginate(request, response, len(found), limit, offset)
    return [plan_record_dict(p) for p in found[offset : offset + limit]]


@router.get(
    "/plans/{plan_id:int}",
    responses={
        200: {
            "content": {
                "application/json": {},
                "text/calendar": {},
                "text/csv": {},
                "text/markdown": {},
            },
            "description": "The plan (JSON by default)",
        },
        304: {"description": "Not modified (If-None-Match)"},
    },
)
def plan(
    request: Request,
    viewer: deps.ApiViewer,
    plan_id: int,
    format: Annotated[str, Query(pattern="^(json|ics|csv|md)$")] = "json",
) -> Response:
    """One saved plan as runstrong.plan/1 JSON, or as ics, csv or md; with an ETag."""
    from runstrong.app import schedule
    from runstrong.web.pages.plans import plan_file

    name = _athlete(viewer, "plan", str(plan_id))
    record = schedule.saved_plan(deps.context(request), name, plan_id)
    if format != "json":
        return plan_file(request, record, format, name)
    body = json.dumps({"id": record.id, "plan": record.plan}, separators=(",", ":")).encode()
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers={"ETag": tag})
    return Response(body, media_type="application/json", headers={"ETag": tag})


@router.post("/logs", status_code=201)
def log(
    request: Request,
    viewer: deps.ApiWriter,
    body: LogBody,
    response: Response,
) -> dict[str, Any]:
    """Log a session; the same client_id again answers 200 with the same log, nothing doubled."""
    from runstrong.app import sessions
    from runstrong.app.requests import LogRequest
    from runstrong.present.logbook import log_result_dict

    name = _athlete(viewer)
    result = sessions.log(
        deps.context(request),
        LogRequest(
            athlete=name,
            entries=log_tokens(body),
            date=body.date,
            rpe=body.rpe,
            notes=body.notes,
            client_id=body.client_id,
        ),
    )
    if result.replayed:
        response.status_code = 200
    return {**log_result_dict(result), "client_id": body.client_id}


@router.get("/history", response_model=list[dict[str, Any]])
def history(
    request: Request,
    viewer: deps.ApiViewer,
    response: Response,
    exercise: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = MAX_PAGE,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[dict[str, Any]]:
    """The logged sets, newest first; `exercise` narrows to one lift."""
    from runstrong.app import trends
    from runstrong.present.logbook import history_row_dict

    rows = trends.history(deps.context(request), _athlete(viewer), exercise or None)
    rows.reverse()
    _paginate(request, response, len(rows), limit, offset)
    return [history_row_dict(r) for r in rows[offset : offset + limit]]


@router.get("/docs", include_in_schema=False)
def docs(request: Request, _v: deps.OptionalViewer) -> Response:
    """The API's routes on one page, from its own schema (no script: a strict CSP), in the
    site's layout: its links start at the site's root, not the API's mount."""
    root = str(request.scope.get("root_path", "")).removesuffix("/api/v1")
    values = {"schema": request.app.openapi(), "root": root}
    return render.page(request, "pages/api_docs.html", values)


def _athlete(viewer: deps.Viewer, field: str = "athlete", name: str = "") -> str:
    """The caller's athlete; an account without one finds nothing (404)."""
    if viewer.athlete is None:
        raise NotFound(field, name or viewer.user.email)
    return viewer.athlete


def _paginate(request: Request, response: Response, total: int, limit: int, offset: int) -> None:
    """RFC 8288 Link headers and X-Total-Count: the body stays a plain list."""
    response.headers["X-Total-Count"] = str(total)
    links = []
    if offset + limit < total:
        links.append(f'<{request.url.include_query_params(offset=offset + limit)}>; rel="next"')
    if offset > 0:
        prev = max(0, offset - limit)
        links.append(f'<{request.url.include_query_params(offset=prev)}>; rel="prev"')
    if links:
        response.headers["Link"] = ", ".join(links)


def log_tokens(body: LogBody) -> tuple[str, ...]:
    """The API's sets in the log notation the logbook parses (one group a set; a load without
    units is in the athlete's)."""
    out: list[str] = []
    for i, entry in enumerate(body.entries):
        if not entry.sets:
            raise InputError(f"entries[{i}].sets", "needs at least one set")
        out.append(entry.exercise)
        for j, s in enumerate(entry.sets):
            if (s.reps is None) == (s.seconds is None):
                raise InputError(f"entries[{i}].sets[{j}]", "give reps or seconds (one of them)")
            work = f"{s.reps}" if s.reps is not None else f"{s.seconds}s"
            load = "" if s.load is None else f"@{s.load:g}"
            out.append(f"1x{work}{load}")
    if not out:
        raise InputError("entries", "needs at least one exercise")
    return tuple(out)
