"""A coach changes one planned session of a runner (docs/coach.md, "Changing a runner's
session"): a form per exercise (swap, sets, reps, load) and the day; "Check" shows the rules
the change would break, "Save" keeps it (with a reason the runner reads when it breaks one).
No JavaScript needed. Anything not the coach's is 404 (app/edits.py decides)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from runstrong.errors import InputError, NotFound, RunstrongError
from runstrong.web import deps, render

router = APIRouter()

LABELS = {
    "day": "Day",
    "reason": "Reason",
    "session": "Session",
    "exercises": "Exercises",
    "swap": "Exercise",
    "sets": "Sets",
    "reps": "Reps",
    "seconds": "Seconds",
    "load": "Load",
    "percent": "Load",
    "index": "Exercise",
}
MAX_FIELDS = 200
"""A session's form: five fields an exercise, a dozen exercises at most, with room to spare."""
_FIELD = re.compile(r"^exercises\[(\d{1,3})\]\.(\w+)$")


def _path(athlete_id: int, sid: str) -> str:
    return f"/coach/athletes/{athlete_id}/sessions/{sid}"


def _load_text(item: dict[str, Any]) -> str:
    """The load field as first shown: the load, else the %1RM ('80%'), else empty."""
    if item.get("load") is not None:
        return render.number(float(item["load"]))
    if item.get("percent_1rm") is not None:
        return f"{float(item['percent_1rm']):g}%"
    return ""


def _values(found: Any) -> dict[str, str]:
    """The form's fields as planned."""
    values = {"day": found.date.isoformat()}
    for x in found.items:
        item, i = x.planned, x.index
        values[f"ex.{i}.swap"] = str(item.get("id"))
        values[f"ex.{i}.sets"] = str(item.get("sets") or "")
        low, high = item.get("reps"), item.get("reps_max")
        values[f"ex.{i}.reps"] = (
            "" if low is None else (f"{low}-{high}" if high not in (None, low) else f"{low}")
        )
        values[f"ex.{i}.seconds"] = "" if item.get("seconds") is None else str(item["seconds"])
        values[f"ex.{i}.load"] = _load_text(item)
    return values


def edit_request(athlete_id: int, sid: str, form: dict[str, str]) -> Any:
    """The form as an edit request: a field per exercise, the load read as %1RM when it ends
    with '%'."""
    from runstrong.app.requests import ExerciseChange, SessionEdit

    changes = []
    for i in range(100):
        if f"ex.{i}.swap" not in form and f"ex.{i}.sets" not in form:
            break
        load = form.get(f"ex.{i}.load", "").strip()
        percent = load.removesuffix("%").strip() if load.endswith("%") else None
        changes.append(
            ExerciseChange(
                index=i,
                swap=form.get(f"ex.{i}.swap") or None,
                sets=form.get(f"ex.{i}.sets") or None,
                reps=form.get(f"ex.{i}.reps") or None,
                seconds=form.get(f"ex.{i}.seconds") or None,
                load=None if percent is not None else (load or None),
                percent=percent,
            )
        )
    return SessionEdit(
        athlete_id=athlete_id,
        sid=sid,
        exercises=tuple(changes),
        day=form.get("day") or None,
        reason=form.get("reason") or None,
    )


def _errors(exc: RunstrongError) -> dict[str, str]:
    """An error beside its field: `exercises[2].sets` is the form's `ex.2.sets`."""
    field = exc.field or ""
    found = _FIELD.match(field)
    text = render.message(exc, LABELS)
    if found is not None and found[2] in ("swap", "sets", "reps", "seconds", "load", "percent"):
        key = "load" if found[2] == "percent" else found[2]
        label = LABELS.get(field, field)
        return {f"ex.{found[1]}.{key}": text.removeprefix(f"{label}: ")}
    if field in ("day", "reason"):
        return {field: text.removeprefix(f"{LABELS[field]}: ")}
    return {"": text}


def _page(
    request: Request,
    found: Any,
    *,
    values: dict[str, str],
    checked: Any = None,
    errors: dict[str, str] | None = None,
    done: bool = False,
    status: int = 200,
) -> Response:
    return render.page(
        request,
        "pages/coach_session.html",
        {
            "found": found,
            "person": found.athlete,
            "session": found.session,
            "units": found.units,
            "values": values,
            "checked": checked,
            "errors": errors or {},
            "done": done,
            "action": _path(found.link.athlete_id, found.sid),
        },
        status=status,
    )


@router.get("/coach/athletes/{athlete_id}/sessions/{sid}")
def session_page(
    request: Request, viewer: deps.PageViewer, today: deps.Today, athlete_id: int, sid: str
) -> Response:
    """One planned session of a runner the viewer coaches, with a form to change it."""
    from runstrong.app import edits

    found = edits.planned(deps.context(request), viewer.user, athlete_id, sid, today=today)
    done = request.query_params.get("done") == "saved"
    return _page(request, found, values=_values(found), done=done)


@router.post("/coach/athletes/{athlete_id}/sessions/{sid}")
async def session_post(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    today: deps.Today,
    athlete_id: int,
    sid: str,
) -> Response:
    """`action=check`: the rules the change would break, the form as typed; `action=save`:
    keep it (a reason is needed when it breaks a rule), then the session as saved."""
    form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    sent = form.get("csrf")
    deps.check_csrf(viewer, sent if isinstance(sent, str) else None, request)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return await run_in_threadpool(_post, request, viewer, at, today, athlete_id, sid, fields)


def _post(
    request: Request,
    viewer: deps.Viewer,
    at: dt.datetime,
    today: dt.date,
    athlete_id: int,
    sid: str,
    form: dict[str, str],
) -> Response:
    from runstrong.app import edits

    ctx = deps.context(request)
    found = edits.planned(ctx, viewer.user, athlete_id, sid, today=today)
    asked = edit_request(athlete_id, sid, form)
    values = {k: v for k, v in form.items() if k != "csrf"}
    checked = None
    try:
        if form.get("action") == "save":
            saved = edits.save_edit(ctx, viewer.user, asked, now=at, today=today)
            target = f"{_path(athlete_id, saved.checked.sid)}?done=saved"
            return RedirectResponse(render.href(request, target), status_code=303)
        checked = edits.check_edit(ctx, viewer.user, asked, today=today)
    except NotFound:
        raise
    except RunstrongError as exc:
        if isinstance(exc, InputError) and exc.field == "reason":
            checked = edits.check_edit(ctx, viewer.user, asked, today=today)
        errors = _errors(exc)
        return _page(request, found, values=values, checked=checked, errors=errors, status=422)
    return _page(request, found, values=values, checked=checked)


# --- on the coach's athlete page ------------------------------------------------------------------


def athlete_sections(request: Request, viewer: deps.Viewer, athlete_id: int) -> dict[str, Any]:
    """What the coach's athlete page adds for edits: the runner's sessions of the next weeks
    (each a link to change it) and their change log."""
    from runstrong.app import audit, edits

    ctx = deps.context(request)
    override = getattr(request.app.state, "today", None)  # as deps.today reads it
    today = override() if override is not None else dt.date.today()
    return {
        "upcoming": edits.upcoming(ctx, viewer.user, athlete_id, today=today),
        "changes": audit.athlete_changes(ctx, viewer.user, athlete_id),
        "change_words": audit.ACTION_WORDS,
    }
