"""Today: this week's sessions with their days and runs, the next session, and how many of the
last four weeks' sessions were done."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from runstrong.errors import NotFound
from runstrong.web import cache, deps, forms, render

router = APIRouter()

LOOK_BACK_DAYS = 28
"""Adherence is counted over the last four weeks: long enough to mean something, short enough
to show the current habit."""
LOOK_AHEAD_DAYS = 28


def session_id(plan_id: int, day: dt.date) -> str:
    """A planned session's id in URLs: its plan and its date (one session a day per plan)."""
    return f"{plan_id}-{day.isoformat()}"


@router.get("/")
async def dashboard(
    request: Request,
    viewer: deps.PageViewer,
    today: deps.Today,
) -> Response:
    """The runner's week at a glance, with a one-tap start of the next session and the morning
    check-in (today's session as it leaves it)."""
    return await cache.page(request, viewer, today, lambda: dashboard_page(request, viewer, today))


def dashboard_page(
    request: Request,
    viewer: deps.Viewer,
    today: dt.date,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    """The dashboard, with `extra` values over the read ones (a check-in form sent back with its
    errors)."""
    from runstrong.web.pages.readiness import check_in_form, readiness_view

    values: dict[str, Any] = {"today": today, "athlete": None, "errors": {}, **check_in_form()}
    if viewer.athlete is not None:
        values.update(week_view(request, viewer.athlete, today))
        ctx, planned = deps.context(request), values["today_sessions"]
        values.update(readiness_view(ctx, viewer.athlete, today, planned))
    values.update(extra or {})
    return render.page(request, "pages/home.html", values, status=status)


def owned(viewer: deps.Viewer) -> str:
    """The runner's own athlete: a login without one has nothing to save (404)."""
    if viewer.athlete is None:
        raise NotFound("athlete", viewer.user.email)
    return viewer.athlete


def week_view(request: Request, name: str, today: dt.date) -> dict[str, Any]:
    """This week's days, the next session and the adherence, from one read of the logbook."""
    from runstrong.app import schedule

    monday = today - dt.timedelta(days=today.weekday())
    first = min(monday, today - dt.timedelta(days=LOOK_BACK_DAYS - 1))
    last = today + dt.timedelta(days=LOOK_AHEAD_DAYS)
    person, found = schedule.overview(deps.context(request), name, first, last)
    by_day = {s.date: s for s in found}
    saved_runs = dict(item.split("=", 1) for item in person.runs.split(",") if "=" in item)
    days = []
    for i, key in enumerate(forms.DAYS):
        day = monday + dt.timedelta(days=i)
        planned = by_day.get(day)
        days.append(
            {
                "date": day,
                "run": saved_runs.get(key, "rest"),
                "planned": planned,
                "id": session_id(planned.plan_id, day) if planned else None,
                "state": _state(planned, day, today),
            }
        )
    upcoming = [s for s in found if s.date >= today and not s.logged]
    due = [s for s in found if today - dt.timedelta(days=LOOK_BACK_DAYS) < s.date <= today]
    return {
        "athlete": person,
        "days": days,
        "next": upcoming[0] if upcoming else None,
        "next_id": session_id(upcoming[0].plan_id, upcoming[0].date) if upcoming else None,
        "due": len(due),
        "done": sum(1 for s in due if s.logged),
        "has_plan": bool(found),
        "today_sessions": [s for s in found if s.date == today],
    }


def _state(planned: Any, day: dt.date, today: dt.date) -> str:
    if planned is None:
        return ""
    if planned.logged:
        return "done"
    if day < today:
        return "missed"
    return "today" if day == today else "planned"
