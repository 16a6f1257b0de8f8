"""The exercise library: search and filters, and each exercise's page with cues, variations,
cautions and substitutes. Open to anyone: the catalogue holds nobody's data. A signed-in runner
also sees, adds, edits and deletes their own exercises here (nobody else sees them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from runstrong.core.model import Category, Exercise, Loading, Pattern
from runstrong.errors import InputError, NotFound
from runstrong.web import deps, forms, render

router = APIRouter()

CATEGORIES = tuple(c.value for c in Category)
PATTERNS = tuple(p.value for p in Pattern)
LOADINGS = tuple(x.value for x in Loading)
COMPLEXITY = ("1", "2", "3")
FLAGS = ("unilateral", "skill", "eccentric")
OWN_LABELS = {
    "id": "Id",
    "name": "Name",
    "aliases": "Other names",
    "category": "Category",
    "pattern": "Pattern",
    "equipment": "Equipment",
    "loading": "Loading",
    "complexity": "Complexity",
    "unilateral": "One side at a time",
    "skill": "Technical",
    "eccentric": "Slow lowering",
    "cues": "Cues",
    "why": "Why",
    "variations": "Variations",
    "cautions": "Cautions",
    "exercise": "Exercise",
}
"""The own-exercise form's labels, by the catalogue entry's field names."""


def search(
    request: Request,
    category: str | None,
    equipment: list[str] | None,
    pattern: str | None,
    text: str | None,
) -> list[Exercise]:
    """The catalogue filtered as the CLI's `exercises` does (equipment: what the runner has)."""
    from runstrong.core import inputs
    from runstrong.core.model import Category, Equipment, Pattern

    kit = None
    if equipment:
        kit = inputs.equipment(",".join(equipment)) | {Equipment.NONE}
    viewer = getattr(request.state, "viewer", None)
    ctx = deps.athlete_context(request, viewer.athlete if viewer is not None else None)
    return list(
        ctx.catalogue.filter(
            category=inputs.choice(Category, category, "category") if category else None,
            equipment=kit,
            pattern=inputs.choice(Pattern, pattern, "pattern") if pattern else None,
            search=text or None,
        )
    )


@router.get("/exercises")
def library(
    request: Request,
    _v: deps.OptionalViewer,
    category: str = "",
    pattern: str = "",
    search_text: str = "",
) -> Response:
    """Every exercise, filtered; htmx swaps only the results as the runner types."""
    from runstrong.app.exercises import is_own

    equipment = request.query_params.getlist("equipment")
    found = search(request, category, equipment, pattern, search_text)
    return render.page(
        request,
        "pages/exercises.html",
        {
            "found": found,
            "own": {x.id for x in found if is_own(x)},
            "can_add": _v is not None and _v.athlete is not None,
            "notice": SAVED.get(request.query_params.get("saved", ""), ""),
            "values": {
                "category": category,
                "pattern": pattern,
                "search_text": search_text,
                "equipment": equipment,
            },
            "categories": CATEGORIES,
            "patterns": PATTERNS,
            "all_equipment": forms.EQUIPMENT,
        },
        block="results",
    )


SAVED = {"deleted": "Exercise deleted."}


@router.get("/exercises/new")
def new_form(request: Request, viewer: deps.PageViewer) -> Response:
    """The form for a new exercise of the runner's own."""
    _athlete(viewer)
    return _form_page(request, None, _blank(), {})


@router.post("/exercises/new")
async def add(request: Request, viewer: deps.PageViewer) -> Response:
    """Add an own exercise; a bad field shows the form again with its message next to it."""
    from starlette.concurrency import run_in_threadpool

    values = await _posted(request, viewer)
    return await run_in_threadpool(_save, request, viewer, None, values)


@router.get("/exercises/{exercise_id}/edit")
def edit_form(request: Request, viewer: deps.PageViewer, exercise_id: str) -> Response:
    """The form of one of the runner's own exercises, filled in."""
    entry = _stored(request, viewer, exercise_id)
    return _form_page(request, exercise_id, _values(exercise_id, entry), {})


@router.post("/exercises/{exercise_id}/edit")
async def edit(request: Request, viewer: deps.PageViewer, exercise_id: str) -> Response:
    """Save the changes to one of the runner's own exercises."""
    from starlette.concurrency import run_in_threadpool

    values = await _posted(request, viewer)
    return await run_in_threadpool(_save, request, viewer, exercise_id, values)


@router.post("/exercises/{exercise_id}/delete")
async def delete(request: Request, viewer: deps.PageViewer, exercise_id: str) -> Response:
    """Delete one of the runner's own exercises (logs naming it keep its id)."""
    from starlette.concurrency import run_in_threadpool

    from runstrong.app import exercises

    values = await _posted(request, viewer)
    del values
    name = _athlete(viewer)
    await run_in_threadpool(exercises.delete, deps.context(request), name, exercise_id)
    return RedirectResponse(render.href(request, "/exercises?saved=deleted"), status_code=303)


@router.get("/exercises/{exercise_id}")
def exercise_page(
    request: Request,
    viewer: deps.OptionalViewer,
    exercise_id: str,
) -> Response:
    """One exercise in full, with the substitutes closest to it first."""
    from runstrong.app.exercises import is_own
    from runstrong.present.catalogue import exercise_detail

    cat = deps.athlete_context(request, viewer.athlete if viewer else None).catalogue
    exercise = cat.get(exercise_id)
    substitutes = cat.substitutes(exercise.id)
    return render.page(
        request,
        "pages/exercise.html",
        {
            "x": exercise_detail(exercise, substitutes),
            "own": is_own(exercise),
            "saved": request.query_params.get("saved") == "1",
            "substitutes": substitutes[:8],
        },
    )


# --- the own-exercise form ---------------------------------------------------------------------


def _athlete(viewer: deps.Viewer) -> str:
    """The viewer's athlete; an account without one keeps no exercises (404)."""
    if viewer.athlete is None:
        raise NotFound("athlete", viewer.user.email)
    return viewer.athlete


def _stored(request: Request, viewer: deps.Viewer, exercise_id: str) -> dict[str, Any]:
    """One own exercise's stored fields; anyone else's (or a catalogue id) is not found."""
    from runstrong.app import exercises

    for key, entry in exercises.stored(deps.context(request), _athlete(viewer)):
        if key == exercise_id:
            return entry
    raise NotFound("exercise", exercise_id)


async def _posted(request: Request, viewer: deps.Viewer) -> dict[str, Any]:
    """The form's fields (equipment as a list), after its CSRF check."""
    form = await request.form()
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    deps.check_csrf(viewer, values.get("csrf"), request)
    values["equipment"] = [v for v in form.getlist("equipment") if isinstance(v, str)]
    return values


def _blank() -> dict[str, Any]:
    return {"category": "weights", "pattern": "squat", "loading": "1rm", "complexity": "1"}


def _values(exercise_id: str, entry: Mapping[str, Any]) -> dict[str, Any]:
    """The form's fields from a stored entry."""
    values: dict[str, Any] = {
        "id": exercise_id,
        **{k: entry.get(k, "") for k in ("name", "category", "pattern", "loading", "why")},
        "complexity": str(entry.get("complexity", "1")),
        "equipment": [e for e in entry.get("equipment", []) if e != "none"],
        "cues": "\n".join(entry.get("cues", [])),
        "aliases": ", ".join(entry.get("aliases", [])),
    }
    values.update({flag: "on" if entry.get(flag) else "" for flag in FLAGS})
    return values


def entry_from_form(values: Mapping[str, Any], kept: Mapping[str, Any]) -> dict[str, Any]:
    """A catalogue entry from the form's fields: cues one a line, other names comma-separated,
    no equipment ticked: bodyweight; the variations and cautions (API only) kept as stored."""
    complexity: object = values.get("complexity", "")
    if isinstance(complexity, str) and complexity.strip().isdigit():
        complexity = int(complexity)
    entry: dict[str, Any] = {
        "name": values.get("name", ""),
        "category": values.get("category", ""),
        "pattern": values.get("pattern", ""),
        "equipment": list(values.get("equipment") or ["none"]),
        "loading": values.get("loading", ""),
        "complexity": complexity,
        "cues": [c.strip() for c in str(values.get("cues", "")).splitlines() if c.strip()],
        "aliases": [a.strip() for a in str(values.get("aliases", "")).split(",") if a.strip()],
        "why": values.get("why", ""),
        **{flag: bool(values.get(flag)) for flag in FLAGS},
    }
    for key in ("variations", "cautions", "priority"):
        if key in kept:
            entry[key] = kept[key]
    return entry


def _save(
    request: Request, viewer: deps.Viewer, exercise_id: str | None, values: dict[str, Any]
) -> Response:
    from runstrong.app import exercises
    from runstrong.app.requests import ExerciseRequest

    name = _athlete(viewer)
    kept = {} if exercise_id is None else _stored(request, viewer, exercise_id)
    wanted = exercise_id if exercise_id is not None else str(values.get("id", "")).strip()
    try:
        exercises.save(
            deps.context(request),
            ExerciseRequest(
                athlete=name,
                exercise_id=wanted,
                entry=entry_from_form(values, kept),
                new=exercise_id is None,
            ),
        )
    except InputError as exc:
        errors = render.field_errors(exc, OWN_LABELS)
        shown = {**values, "id": wanted}
        return _form_page(request, exercise_id, shown, errors, status=422)
    return RedirectResponse(render.href(request, f"/exercises/{wanted}?saved=1"), status_code=303)


def _form_page(
    request: Request,
    exercise_id: str | None,
    values: Mapping[str, Any],
    errors: Mapping[str, str],
    status: int = 200,
) -> Response:
    return render.page(
        request,
        "pages/exercise_form.html",
        {
            "editing": exercise_id,
            "values": values,
            "errors": errors,
            "categories": [(c, c) for c in CATEGORIES],
            "patterns": [(p, p) for p in PATTERNS],
            "loadings": [(x, x) for x in LOADINGS],
            "complexities": [(c, c) for c in COMPLEXITY],
            "all_equipment": forms.EQUIPMENT,
            "flags": [(f, OWN_LABELS[f]) for f in FLAGS],
        },
        status=status,
    )
