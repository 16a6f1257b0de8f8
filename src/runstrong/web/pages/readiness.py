"""The morning check-in on the dashboard: four answers (and optionally the resting heart rate
and HRV), saved for the day, and today's session as they leave it, each change with its rule
and reason (docs/readiness.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from runstrong.errors import InputError, RunstrongError
from runstrong.web import deps, render

router = APIRouter()

ITEMS = (
    ("sleep", "Sleep quality", "1-10, 10 = slept very well"),
    ("soreness", "Muscle soreness", "1-10, 10 = very sore"),
    ("stress", "Stress", "1-10, 10 = very stressed"),
    ("motivation", "Motivation", "1-10, 10 = very keen to train"),
)
"""The form's four answers: name, label, hint (the scales of core/readiness.py's ITEMS)."""
OPTIONAL = (
    ("rhr", "Resting heart rate (optional)", "beats a minute, this morning"),
    ("hrv", "HRV (optional)", "rMSSD in ms, as your watch or strap shows it"),
)
LABELS = {name: label for name, label, _ in (*ITEMS, *OPTIONAL)} | {"date": "Date"}


def readiness_view(
    ctx: Any, name: str, today: dt.date, planned: Sequence[Any] | None = None
) -> dict[str, Any]:
    """Today's check-in (or None), the findings and today's sessions (`planned`, when read
    already) as the check-in leaves them, with the names of the exercises a change speaks of."""
    from runstrong.app import readiness
    from runstrong.present import readiness as shown

    found = readiness.ready(ctx, name, today, day_sessions=planned)
    data = shown.ready_dict(found)
    for session, ready in zip(data["sessions"], found.sessions, strict=True):
        names = {
            str(e.get("id")): str(e.get("name", e.get("id")))
            for e in ready.planned.session.get("exercises", [])
        }
        session["change_texts"] = [shown.change_text(c, names) for c in ready.changes]
    return {
        "readiness": data,
        "checkin_values": {} if data["checkin"] is None else dict(data["checkin"]),
    }


def check_in_form() -> dict[str, Any]:
    """What the dashboard's form needs besides the values: its fields."""
    return {"checkin_items": ITEMS, "checkin_optional": OPTIONAL}


@router.post("/checkin")
async def check_in(request: Request, viewer: deps.PageViewer, today: deps.Today) -> Response:
    """Save today's check-in (a second one today replaces the first), then back to the
    dashboard, which shows today's session as it leaves it."""
    from runstrong.web.pages.home import dashboard_page, owned

    name = owned(viewer)
    form = await request.form(max_fields=20)
    sent = form.get("csrf")
    deps.check_csrf(viewer, sent if isinstance(sent, str) else None, request)
    values = {k: v.strip() for k in LABELS if isinstance(v := form.get(k), str)}
    try:
        await run_in_threadpool(_save, deps.context(request), name, today, values)
    except RunstrongError as exc:
        sent_back = {"checkin_values": values, "errors": render.field_errors(exc, LABELS)}
        return await run_in_threadpool(dashboard_page, request, viewer, today, sent_back, 422)
    return RedirectResponse(render.href(request, "/#checkin"), status_code=303)


def _save(ctx: Any, name: str, today: dt.date, values: dict[str, str]) -> None:
    from runstrong.app import readiness
    from runstrong.app.requests import CheckInRequest

    missing = [label for key, label, _ in ITEMS if not values.get(key)]
    if missing:
        key = next(k for k, label, _ in ITEMS if label == missing[0])
        raise InputError(key, "answer it: a whole number 1-10")
    readiness.check_in(
        ctx,
        CheckInRequest(
            athlete=name,
            date=today,
            sleep=values["sleep"],
            soreness=values["soreness"],
            stress=values["stress"],
            motivation=values["motivation"],
            rhr=values.get("rhr") or None,
            hrv=values.get("hrv") or None,
        ),
    )
