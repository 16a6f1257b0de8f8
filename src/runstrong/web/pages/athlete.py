"""The athlete profile: what the plans are built from (units, experience, set-up or equipment,
running week, limitations), the current 1RMs with their source and history, the hold tests, and
the forms that change them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from runstrong.errors import InputError, NotFound
from runstrong.web import deps, forms, render
from runstrong.web.pages.progress import SOURCES, names

router = APIRouter()

UNITS = ("kg", "lb")
PROFILE_LABELS = {
    "units": "Units",
    "experience": "Experience",
    "setup": "Set-up",
    "equipment": "Equipment",
    "runs": "Running week",
    "avoid": "Protect",
    **{f"runs.{d}": d.capitalize() for d in forms.DAYS},
}
LIFT_LABELS = {"lifts": "Lifts", "LIFT": "Lifts", "exercise": "Exercise", "date": "Date"}
SAVED = {"profile": "Profile saved.", "lifts": "Lifts recorded."}


def _name(viewer: deps.Viewer) -> str:
    """The viewer's athlete; an account without one has no profile to change (404)."""
    if viewer.athlete is None:
        raise NotFound("athlete", viewer.user.email)
    return viewer.athlete


def profile_values(person: Any) -> dict[str, Any]:
    """The edit form's fields as the saved profile fills them (neither a set-up nor equipment
    saved: the gym, as the planner reads it)."""
    values: dict[str, Any] = {
        "units": person.units,
        "experience": person.experience,
        "setup": person.setup or ("" if person.equipment else "gym"),
        "equipment": list(person.equipment),
        "avoid": list(person.avoid),
    }
    for item in person.runs.split(","):
        day, _, kind = item.partition("=")
        if day:
            values[f"runs.{day}"] = kind
    return values


def _page(
    request: Request,
    viewer: deps.Viewer,
    today: dt.date,
    *,
    managed: Any = None,
    values: Mapping[str, Any] | None = None,
    lift_values: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
    lift_errors: Mapping[str, str] | None = None,
    status: int = 200,
) -> Response:
    from runstrong.app import athletes, holds, lifts

    name = viewer.athlete if managed is None else managed.athlete
    ctx = deps.athlete_context(request, name)
    shown: dict[str, Any] = {
        "person": None,
        "today": today,
        "errors": errors or {},
        "lift_errors": lift_errors or {},
        "lift_values": lift_values or {"date": today.isoformat()},
        "notice": SAVED.get(request.query_params.get("saved", ""), ""),
        "f": forms,
        "sources": SOURCES,
        "units_options": [(u, u) for u in UNITS],
        "experience_options": [(x, x) for x in forms.EXPERIENCE],
        "setups": sorted(ctx.setups.values(), key=lambda s: s.name),
        "base": "/athlete" if managed is None else _managed_base(managed.athlete_id),
        "managed": managed,
    }
    if name is not None:
        person = athletes.athlete(ctx, name)
        lift_history = lifts.lift_history(ctx, person.name)
        hold_history = holds.hold_history(ctx, person.name)
        current = lifts.current_lifts(lift_history)
        held = holds.current_holds(hold_history)
        titles = names(ctx, {*current, *held})
        saved = profile_values(person)
        shown.update(
            person=person,
            saved=saved,
            values=values if values is not None else saved,
            lifts=[(titles[i], current[i], _newest_first(lift_history, i)) for i in current],
            holds=[(titles[i], held[i], _newest_first(hold_history, i)) for i in held],
        )
        shown["lifts"].sort(key=lambda item: item[0].lower())
        shown["holds"].sort(key=lambda item: item[0].lower())
    return render.page(request, "pages/athlete.html", shown, status=status)


def _newest_first(records: Sequence[Any], exercise_id: str) -> list[Any]:
    return [x for x in reversed(records) if x.exercise_id == exercise_id]


@router.get("/athlete")
def profile(request: Request, viewer: deps.PageViewer, today: deps.Today) -> Response:
    """The profile, the current 1RMs with their history and source, the hold tests."""
    return _page(request, viewer, today)


async def _form(request: Request) -> tuple[dict[str, str], dict[str, list[str]]]:
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    many = {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in ("equipment", "avoid")}
    return values, many


@router.post("/athlete")
async def edit_profile(request: Request, viewer: deps.PageViewer, today: deps.Today) -> Response:
    """Save the edit form (units, experience, set-up or equipment, running week, limitations)."""
    from starlette.concurrency import run_in_threadpool

    values, many = await _form(request)
    deps.check_csrf(viewer, values.get("csrf"), request)
    return await run_in_threadpool(_edit, request, viewer, today, values, many)


def _edit(
    request: Request,
    viewer: deps.Viewer,
    today: dt.date,
    values: dict[str, str],
    many: dict[str, list[str]],
    managed: Any = None,
) -> Response:
    name = _name(viewer) if managed is None else managed.athlete
    try:
        save_profile(deps.context(request), name, values, many)
    except (InputError, NotFound) as exc:
        shown = {**values, **many}
        errors = profile_errors(exc)
        return _page(
            request, viewer, today, managed=managed, values=shown, errors=errors, status=422
        )
    base = "/athlete" if managed is None else _managed_base(managed.athlete_id)
    return RedirectResponse(render.href(request, f"{base}?saved=profile"), status_code=303)


def save_profile(
    ctx: Any, name: str, values: Mapping[str, str], many: Mapping[str, Sequence[str]]
) -> None:
    """The form's fields to app.athletes.edit_athlete: a set-up, or the ticked equipment
    (none ticked: bodyweight only); a field the form did not send stays as it is."""
    from runstrong.app import athletes
    from runstrong.app.requests import AthleteEdit

    setup = values.get("setup") or None
    equipment = None if setup else ",".join(many.get("equipment", ())) or "none"
    athletes.edit_athlete(
        ctx,
        AthleteEdit(
            athlete=name,
            units=values.get("units"),
            experience=values.get("experience"),
            setup=setup,
            equipment=equipment,
            runs=forms.runs_text({d: values.get(f"runs.{d}") for d in forms.DAYS}) or "",
            avoid=tuple(many.get("avoid", ())),
        ),
    )


def profile_errors(exc: InputError | NotFound) -> dict[str, str]:
    """The error next to its field; a day of the running week next to that day's select."""
    field = exc.field or ""
    if field in PROFILE_LABELS and field.startswith("runs."):
        text = render.message(exc, PROFILE_LABELS)
        return {field: text.removeprefix(f"{PROFILE_LABELS[field]}: ")}
    return render.field_errors(exc, PROFILE_LABELS)


@router.post("/athlete/lifts")
async def record(request: Request, viewer: deps.PageViewer, today: deps.Today) -> Response:
    """Record 1RMs or sets (`back-squat=100`, `romanian-deadlift=80x6`), one a line."""
    from starlette.concurrency import run_in_threadpool

    values, _many = await _form(request)
    deps.check_csrf(viewer, values.get("csrf"), request)
    return await run_in_threadpool(_record, request, viewer, today, values)


def _record(
    request: Request,
    viewer: deps.Viewer,
    today: dt.date,
    values: dict[str, str],
    managed: Any = None,
) -> Response:
    from runstrong.app import lifts
    from runstrong.app.requests import LiftRequest

    name = _name(viewer) if managed is None else managed.athlete
    items = forms.lift_lines(values.get("lifts"))
    try:
        day = lift_day(values.get("date"), today)
        lifts.record_lifts(deps.context(request), LiftRequest(athlete=name, lifts=items, date=day))
    except (InputError, NotFound) as exc:
        shown = {"lifts": values.get("lifts", ""), "date": values.get("date", "")}
        return _page(
            request,
            viewer,
            today,
            managed=managed,
            lift_values=shown,
            lift_errors=lift_errors(exc, len(items)),
            status=422,
        )
    base = "/athlete" if managed is None else _managed_base(managed.athlete_id)
    return RedirectResponse(render.href(request, f"{base}?saved=lifts#lifts"), status_code=303)


# --- a coach's managed athlete -------------------------------------------------------------------


def _managed_base(athlete_id: int) -> str:
    return f"/coach/athletes/{athlete_id}/profile"


def _managed(request: Request, viewer: deps.Viewer, athlete_id: int) -> Any:
    from runstrong.app import coaching

    return coaching.managed_athlete(deps.context(request), viewer.user, athlete_id)


@router.get("/coach/athletes/{athlete_id}/profile")
def managed_profile(
    request: Request, viewer: deps.PageViewer, today: deps.Today, athlete_id: int
) -> Response:
    """A managed athlete's profile and 1RMs, for the coach who manages them (they have no
    login to change their own); any other athlete is 404."""
    return _page(request, viewer, today, managed=_managed(request, viewer, athlete_id))


@router.post("/coach/athletes/{athlete_id}/profile")
async def edit_managed(
    request: Request, viewer: deps.PageViewer, today: deps.Today, athlete_id: int
) -> Response:
    """Save a managed athlete's profile, as the runner's own form does."""
    from starlette.concurrency import run_in_threadpool

    values, many = await _form(request)
    deps.check_csrf(viewer, values.get("csrf"), request)
    managed = await run_in_threadpool(_managed, request, viewer, athlete_id)
    return await run_in_threadpool(_edit, request, viewer, today, values, many, managed)


@router.post("/coach/athletes/{athlete_id}/profile/lifts")
async def record_managed(
    request: Request, viewer: deps.PageViewer, today: deps.Today, athlete_id: int
) -> Response:
    """Record a managed athlete's 1RMs or sets, as the runner's own form does."""
    from starlette.concurrency import run_in_threadpool

    values, _many = await _form(request)
    deps.check_csrf(viewer, values.get("csrf"), request)
    managed = await run_in_threadpool(_managed, request, viewer, athlete_id)
    return await run_in_threadpool(_record, request, viewer, today, values, managed)


def lift_day(text: str | None, today: dt.date) -> dt.date:
    """The day the lifts were done: today when left empty; never a day still to come."""
    if not text or not text.strip():
        return today
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError("date", f"a day as YYYY-MM-DD; got {text.strip()[:20]!r}") from None
    if day > today:
        raise InputError("date", f"must not be after today ({today.isoformat()})")
    return day


def lift_errors(exc: InputError | NotFound, lines: int) -> dict[str, str]:
    """Every error of the lifts form next to the lifts box (a bad line named by its number),
    except the date's."""
    if exc.field == "date":
        return render.field_errors(exc, LIFT_LABELS, frozenset({"date"}))
    labels = {**LIFT_LABELS, **{f"lifts[{i}]": f"line {i + 1}" for i in range(lines)}}
    return {"lifts": render.message(exc, labels).removeprefix("Lifts: ")}
