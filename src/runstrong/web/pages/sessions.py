"""Gym mode: one planned session on the phone, with loads, plates, warm-ups, cues and a rest
timer, and its log form, pre-filled with the plan, that works offline (app.js queues it)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from runstrong.errors import InputError, NotFound, RunstrongError
from runstrong.web import deps, render

router = APIRouter()

_ID = re.compile(r"^(\d{1,12})-(\d{4}-\d{2}-\d{2})$")
LOG_LABELS = {"rpe": "Session RPE", "notes": "Notes", "date": "Date", "SETS": "Sets"}
INLINE = frozenset({"rpe", "notes"})


def planned(request: Request, viewer: deps.Viewer, sid: str) -> Any:
    """The planned session `PLAN-DATE` of the viewer's own plans, or NotFound."""
    from runstrong.app import schedule

    found = _ID.match(sid)
    if found is None or viewer.athlete is None:
        raise NotFound("session", sid)
    plan_id = int(found[1])
    try:
        day = dt.date.fromisoformat(found[2])
    except ValueError:
        raise NotFound("session", sid) from None
    ctx = deps.context(request)
    for item in schedule.planned_sessions(ctx, viewer.athlete, day, day):
        if item.plan_id == plan_id:
            return item
    raise NotFound("session", sid)


def set_rows(item: dict[str, Any]) -> list[dict[str, Any]]:
    """One row a set, pre-filled with what the plan asks."""
    from runstrong.core.serialize import is_hold_test

    hold = is_hold_test(item)
    return [
        {
            "reps": None if (hold or item.get("seconds")) else item.get("reps"),
            "seconds": None if hold else item.get("seconds"),
            "load": item.get("load"),
            "timed": bool(hold or item.get("seconds")),
        }
        for _ in range(int(item.get("sets") or 1))
    ]


def _page(
    request: Request,
    sid: str,
    found: Any,
    *,
    errors: dict[str, str] | None = None,
    result: Any = None,
    values: dict[str, str] | None = None,
    status: int = 200,
    lightened: dict[str, Any] | None = None,
    comment: dict[str, Any] | None = None,
) -> Response:
    from runstrong.web.pages.comments import session_part

    viewer = getattr(request.state, "viewer", None)
    cat = deps.athlete_context(request, viewer.athlete if viewer else None).catalogue
    done = {e.exercise_id for e in found.lifted}
    exercises = []
    for item in found.session.get("exercises", []):
        try:
            cues = list(cat.get(item["id"]).cues)
        except RunstrongError:
            cues = []
        exercises.append(
            {"item": item, "cues": cues, "rows": set_rows(item), "logged": item["id"] in done}
        )
    return render.page(
        request,
        "pages/session.html",
        {
            "sid": sid,
            "found": found,
            "session": found.session,
            "units": found.units,
            "exercises": exercises,
            "client_id": (values or {}).get("client_id") or str(uuid.uuid4()),
            "errors": errors or {},
            "result": result,
            "values": values or {},
            "lightened": lightened,
            **session_part(request, viewer, sid, **(comment or {})),
        },
        status=status,
    )


@router.get("/sessions/{sid}")
def gym_mode(request: Request, sid: str, viewer: deps.PageViewer, today: deps.Today) -> Response:
    """The session as the runner does it today (lightened by this morning's check-in, with the
    reasons), and the form to log it."""
    found, lightened = as_today(request, viewer, planned(request, viewer, sid), today)
    return _page(request, sid, found, lightened=lightened)


def as_today(
    request: Request, viewer: deps.Viewer, found: Any, today: dt.date
) -> tuple[Any, dict[str, Any] | None]:
    """Today's session as the check-in leaves it (docs/readiness.md): the lightened session in
    place of the planned one, and what to say of it; other days' sessions as planned."""
    if found.date != today or viewer.athlete is None:
        return found, None
    from runstrong.web.pages.readiness import readiness_view

    view = readiness_view(deps.context(request), viewer.athlete, today, [found])["readiness"]
    ready = view["sessions"][0] if view["sessions"] else None
    if ready is None or not ready["changes"] or ready["violations"]:
        return found, None
    notice = {"findings": view["findings"], "changes": ready["change_texts"]}
    return replace(found, session=ready["session"]), notice


def tokens(form: dict[str, str], units: str) -> tuple[str, ...]:
    """The log notation of the ticked sets: `back-squat 1x5@80kg 1x5@80kg ...`."""
    out: list[str] = []
    for i in range(100):
        exercise = form.get(f"ex.{i}.id")
        if exercise is None:
            break
        sets: list[str] = []
        for j in range(50):
            if f"ex.{i}.set.{j}.work" not in form:
                break
            if form.get(f"ex.{i}.set.{j}.done") != "on":
                continue
            work = form.get(f"ex.{i}.set.{j}.work", "").strip()
            timed = form.get(f"ex.{i}.set.{j}.timed") == "1"
            load = form.get(f"ex.{i}.set.{j}.load", "").strip()
            if not work:
                raise InputError("SETS", f"{exercise} set {j + 1}: say how many reps or seconds")
            # The form's own numbers, checked in its words before they become log notation.
            if not (work.isascii() and work.isdigit()):
                what = "seconds" if timed else "reps"
                raise InputError(
                    "SETS", f"{exercise} set {j + 1}: {what} must be a whole number; got '{work}'"
                )
            if load and not _number(load):
                raise InputError(
                    "SETS",
                    f"{exercise} set {j + 1}: load must be a number like 80 or 82.5; got '{load}'",
                )
            token = f"1x{work}{'s' if timed else ''}"
            if load:
                token += f"@{load}{units}"
            sets.append(token)
        if sets:
            out += [exercise, *sets]
    return tuple(out)


def _number(text: str) -> bool:
    """A load as the form takes it: digits with at most one decimal point."""
    whole, _, part = text.partition(".")
    return (whole + part).isascii() and (whole + part).isdigit() and bool(whole or part)


@router.post("/sessions/{sid}/log")
async def log(request: Request, sid: str, viewer: deps.PageViewer, today: deps.Today) -> Response:
    """Save the ticked sets (a retry with the same client_id saves nothing twice) and show what
    the logbook learnt: a 1RM raised, held or lowered, and why."""
    from starlette.concurrency import run_in_threadpool

    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    deps.check_csrf(viewer, form.get("csrf"), request)
    return await run_in_threadpool(_log, request, viewer, sid, form, today)


def _log(
    request: Request, viewer: deps.Viewer, sid: str, form: dict[str, str], today: dt.date
) -> Response:
    from runstrong.app import sessions
    from runstrong.app.requests import LogRequest

    found = planned(request, viewer, sid)
    try:
        entries = tokens(form, found.units)
        if not entries:
            raise InputError("SETS", "tick at least one set as done; nothing saved")
        result = sessions.log(
            deps.context(request),
            LogRequest(
                athlete=str(viewer.athlete),
                entries=entries,
                date=found.date,
                rpe=form.get("rpe") or None,
                notes=form.get("notes", "")[:2000],
                client_id=form.get("client_id") or None,
            ),
        )
    except RunstrongError as exc:
        errors = render.field_errors(exc, LOG_LABELS, INLINE)
        shown, lightened = as_today(request, viewer, found, today)
        return _page(
            request, sid, shown, errors=errors, values=form, status=422, lightened=lightened
        )
    shown, lightened = as_today(request, viewer, planned(request, viewer, sid), today)
    return _page(request, sid, shown, result=result, lightened=lightened)
