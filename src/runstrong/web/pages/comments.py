"""Comments on a session, both ways: the runner's under gym mode (`/sessions/{sid}`), the coach's
on a page of an athlete's sessions with what was said on each and a form to answer. Forms work
without JavaScript and carry the CSRF token; anything not the viewer's is 404 (app/comments.py
decides)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from runstrong.errors import InputError
from runstrong.web import deps, render

router = APIRouter()

LABELS = {"body": "Comment"}
WINDOW_BEFORE = dt.timedelta(days=28)
WINDOW_AFTER = dt.timedelta(days=14)
"""The coach's page lists the sessions of the last four weeks and the next two (a block's
review and what comes next), and any older session among the newest comments."""


def who(comment: Any, user_id: int) -> str:
    """The author as the viewer reads them: "You", "Coach EMAIL", or the runner's name."""
    if comment.author_id == user_id:
        return "You"
    if comment.role == "coach":
        return f"Coach {comment.author}"
    return str(comment.author)


def shown(comments: list[Any], user_id: int) -> list[dict[str, Any]]:
    """Comments as a page lists them: who, when, the text, and whether the viewer wrote it."""
    return [
        {"id": c.id, "who": who(c, user_id), "mine": c.author_id == user_id, "comment": c}
        for c in comments
    ]


def session_part(
    request: Request,
    viewer: deps.Viewer | None,
    sid: str,
    *,
    errors: dict[str, str] | None = None,
    value: str = "",
) -> dict[str, Any]:
    """The gym-mode page's Comments section: the session's comments and the form's state."""
    from runstrong.app import comments

    if viewer is None:  # gym mode is for signed-in runners only; nothing to show anyone else
        return {"comments": [], "comment_errors": {}, "comment_value": ""}
    found = comments.thread(deps.context(request), viewer.user, sid)
    return {
        "comments": shown(found, viewer.user.id),
        "comment_errors": errors or {},
        "comment_value": value,
    }


def _back(request: Request, path: str) -> Response:
    return RedirectResponse(render.href(request, path), status_code=303)


# --- the runner's side ---------------------------------------------------------------------------


@router.post("/sessions/{sid}/comments")
def comment(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    today: deps.Today,
    sid: str,
    csrf: Annotated[str, Form()] = "",
    body: Annotated[str, Form()] = "",
) -> Response:
    """Add the runner's comment to their session; a bad one is shown beside the field."""
    from runstrong.app import comments
    from runstrong.web.pages import sessions

    deps.check_csrf(viewer, csrf, request)
    try:
        comments.add(deps.context(request), viewer.user, sid, body, now=at)
    except InputError as exc:
        if exc.field != "body":
            raise
        found, lightened = sessions.as_today(
            request, viewer, sessions.planned(request, viewer, sid), today
        )
        part = {"errors": render.field_errors(exc, LABELS), "value": body[:4000]}
        return sessions._page(request, sid, found, lightened=lightened, comment=part, status=422)
    return _back(request, f"/sessions/{sid}#comments")


@router.post("/sessions/{sid}/comments/{comment_id}/delete")
def delete(
    request: Request,
    viewer: deps.PageViewer,
    sid: str,
    comment_id: int,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Delete one of the runner's own comments (anyone else's is not found)."""
    from runstrong.app import comments

    deps.check_csrf(viewer, csrf, request)
    comments.delete(deps.context(request), viewer.user, sid, comment_id)
    return _back(request, f"/sessions/{sid}#comments")


# --- the coach's side ----------------------------------------------------------------------------


def _coach_page(
    request: Request,
    viewer: deps.Viewer,
    athlete_id: int,
    today: dt.date,
    *,
    failed: tuple[str, dict[str, str], str, str] | None = None,
    status: int = 200,
) -> Response:
    from runstrong.app import coaching, comments

    ctx = deps.context(request)
    link = coaching.coached_athlete(ctx, viewer.user, athlete_id)
    found = comments.threads(
        ctx, viewer.user, athlete_id, first=today - WINDOW_BEFORE, last=today + WINDOW_AFTER
    )
    threads = [
        {"thread": t, "comments": shown(t.comments, viewer.user.id), "today": t.day == today}
        for t in found
    ]
    values = {
        "link": link,
        "threads": threads,
        "failed": failed,
        "stray": failed if failed and all(t.sid != failed[0] for t in found) else None,
        "first": today - WINDOW_BEFORE,
        "last": today + WINDOW_AFTER,
    }
    return render.page(request, "pages/coach_comments.html", values, status=status)


@router.get("/coach/athletes/{athlete_id}/comments")
def coach_comments(
    request: Request, viewer: deps.PageViewer, today: deps.Today, athlete_id: int
) -> Response:
    """An athlete's sessions with what was said on each, newest first, and a form to answer."""
    return _coach_page(request, viewer, athlete_id, today)


def _coach_path(athlete_id: int, sid: str) -> str:
    return f"/coach/athletes/{athlete_id}/comments#s-{sid}"


@router.post("/coach/athletes/{athlete_id}/sessions/{sid}/comments")
def coach_comment(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    today: deps.Today,
    athlete_id: int,
    sid: str,
    csrf: Annotated[str, Form()] = "",
    body: Annotated[str, Form()] = "",
) -> Response:
    """The coach's comment on a coached athlete's session."""
    from runstrong.app import comments

    deps.check_csrf(viewer, csrf, request)
    try:
        comments.add(deps.context(request), viewer.user, sid, body, now=at, athlete_id=athlete_id)
    except InputError as exc:
        if exc.field != "body":
            raise
        errors = render.field_errors(exc, LABELS)
        failed = (sid, errors, body[:4000], render.message(exc, LABELS))
        return _coach_page(request, viewer, athlete_id, today, failed=failed, status=422)
    return _back(request, _coach_path(athlete_id, sid))


@router.post("/coach/athletes/{athlete_id}/sessions/{sid}/comments/{comment_id}/delete")
def coach_delete(
    request: Request,
    viewer: deps.PageViewer,
    athlete_id: int,
    sid: str,
    comment_id: int,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Delete one of the coach's own comments on a coached athlete's session."""
    from runstrong.app import comments

    deps.check_csrf(viewer, csrf, request)
    comments.delete(deps.context(request), viewer.user, sid, comment_id, athlete_id=athlete_id)
    return _back(request, _coach_path(athlete_id, sid))
