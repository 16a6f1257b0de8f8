"""Coach mode's pages: the coach's athletes, squads and invitations; an athlete's read-only
page; the runner's side of an invitation (accept or decline); coaching on or off and leaving a
coach (from the settings page). Every form works without JavaScript and carries the CSRF token;
every id another coach or runner owns answers 404 (app/coaching.py decides)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from runstrong.errors import InputError, NotFound, RunstrongError
from runstrong.web import deps, forms, render

router = APIRouter()

LABELS = {
    "squad_name": "Squad name",
    "name": "Name",
    "email": "Runner's email",
    "units": "Units",
    "experience": "Experience",
    "athlete": "Athlete",
    "squad": "Squad",
    "coaching": "Coaching",
    "invitation": "Invitation",
    "confirm": "Their name",
}
DONE = {
    "renamed": "Squad renamed.",
    "archived": "Squad archived: it is kept, out of the way.",
    "unarchived": "Squad brought back.",
    "added": "Athlete added to the squad.",
    "removed": "Athlete taken out of the squad.",
    "revoked": "Invitation withdrawn: its link and code no longer work.",
    "released": "You no longer coach them: their plans, logs and comments stay theirs.",
    "deleted": "Athlete deleted, with their plans and logs.",
}
NO_STORE = {"Cache-Control": "no-store"}
"""A page showing an invitation's secrets is kept by no cache (as settings' token page)."""
UNITS = ("kg", "lb")


def _back(request: Request, path: str, done: str = "") -> Response:
    target = f"{path}?done={done}" if done else path
    return RedirectResponse(render.href(request, target), status_code=303)


def _errors(exc: RunstrongError, rename: dict[str, str]) -> dict[str, str]:
    """An error as the page shows it, beside the field (the use-case's name renamed to the
    form's: one page holds several forms) it came from."""
    found = render.field_errors(exc, LABELS)
    return {rename.get(k, k): v for k, v in found.items()}


async def _form(request: Request, viewer: deps.Viewer) -> dict[str, str]:
    """A posted form's text fields, once its CSRF token is checked."""
    form = await request.form(max_files=0, max_fields=20)
    sent = form.get("csrf")
    deps.check_csrf(viewer, sent if isinstance(sent, str) else None, request)
    return {k: v for k, v in form.items() if isinstance(v, str)}


async def _run(work: Callable[..., Response], *args: Any) -> Response:
    """A form's work, once its fields are read: in a worker thread (it reads and writes the
    database), as every synchronous route runs."""
    return await run_in_threadpool(work, *args)


# --- the coach's front page ----------------------------------------------------------------------


def _home(
    request: Request,
    viewer: deps.Viewer,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    from runstrong.app import coaching

    ctx = deps.context(request)
    shown: dict[str, Any] = {
        "coaching": coaching.is_coach(ctx, viewer.user),
        "values": values or {"units": "kg", "experience": "intermediate"},
        "errors": errors or {},
        "done": DONE.get(request.query_params.get("done", ""), ""),
        "unit_options": [(u, u) for u in UNITS],
        "experience_options": [(x, x) for x in forms.EXPERIENCE],
        "can_see": coaching.CAN_SEE,
        "can_change": coaching.CAN_CHANGE,
    }
    if shown["coaching"]:
        found = coaching.overview(ctx, viewer.user)
        shown.update(
            athletes=found.athletes,
            squads=[q for q in found.squads if q.archived_at is None],
            archived=[q for q in found.squads if q.archived_at is not None],
            invitations=[i for i in found.invitations if i.used is None],
        )
    return render.page(request, "pages/coach.html", shown, status=status)


@router.get("/coach")
def coach_page(request: Request, viewer: deps.PageViewer) -> Response:
    """The coach's athletes, squads and open invitations, and the forms that add them."""
    return _home(request, viewer)


@router.post("/coach/squads")
async def create_squad(request: Request, viewer: deps.PageViewer, at: deps.Now) -> Response:
    """A new squad: its page is next."""
    return await _run(_create_squad, request, viewer, at, await _form(request, viewer))


def _create_squad(
    request: Request, viewer: deps.Viewer, at: dt.datetime, form: dict[str, str]
) -> Response:
    from runstrong.app import coaching

    try:
        made = coaching.create_squad(
            deps.context(request), viewer.user, form.get("squad_name", ""), now=at
        )
    except RunstrongError as exc:
        if exc.field not in ("name", None):
            raise
        errors = _errors(exc, {"name": "squad_name"})
        return _home(request, viewer, values=form, errors=errors, status=422)
    return _back(request, f"/coach/squads/{made.id}")


@router.post("/coach/athletes")
async def create_athlete(request: Request, viewer: deps.PageViewer, at: deps.Now) -> Response:
    """An athlete without a login, managed by the coach (a junior, say)."""
    return await _run(_create_athlete, request, viewer, at, await _form(request, viewer))


def _create_athlete(
    request: Request, viewer: deps.Viewer, at: dt.datetime, form: dict[str, str]
) -> Response:
    from runstrong.app import coaching
    from runstrong.app.requests import AthleteRequest

    asked = AthleteRequest(
        name=form.get("athlete_name", ""),
        units=form.get("athlete_units") or None,
        experience=form.get("athlete_experience") or None,
    )
    try:
        link = coaching.create_managed(deps.context(request), viewer.user, asked, now=at)
    except RunstrongError as exc:
        if exc.field not in ("name", "units", "experience", None):
            raise
        rename = {"name": "athlete_name", "units": "athlete_units"}
        rename["experience"] = "athlete_experience"
        return _home(request, viewer, values=form, errors=_errors(exc, rename), status=422)
    return _back(request, f"/coach/athletes/{link.athlete_id}")


@router.post("/coach/invitations")
async def create_invitation(request: Request, viewer: deps.PageViewer, at: deps.Now) -> Response:
    """An invitation: its link and code are shown on the answer page, this once."""
    return await _run(_create_invitation, request, viewer, at, await _form(request, viewer))


def _create_invitation(
    request: Request, viewer: deps.Viewer, at: dt.datetime, form: dict[str, str]
) -> Response:
    from runstrong.app import coaching
    from runstrong.app.requests import InvitationRequest

    athlete = form.get("athlete_id", "").strip()
    if athlete and not athlete.isdigit():
        raise NotFound("athlete", athlete)
    asked = InvitationRequest(
        email=form.get("invite_email", "").strip() or None,
        athlete_id=int(athlete) if athlete else None,
    )
    try:
        made = coaching.invite(deps.context(request), viewer.user, asked, now=at)
    except RunstrongError as exc:
        if exc.field != "email":
            raise
        errors = _errors(exc, {"email": "invite_email"})
        return _home(request, viewer, values=form, errors=errors, status=422)
    link = f"{request.url.scheme}://{request.url.netloc}{render.href(request, '/invite/')}"
    response = render.page(
        request,
        "pages/coach_invitation.html",
        {"made": made, "link": link + made.token, "invite_page": link.removesuffix("/")},
    )
    response.headers.update(NO_STORE)
    return response


@router.post("/coach/invitations/{invitation_id}/revoke")
def revoke_invitation(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    invitation_id: int,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Withdraw an unused invitation (another coach's id is not found)."""
    from runstrong.app import coaching

    deps.check_csrf(viewer, csrf, request)
    coaching.revoke_invitation(deps.context(request), viewer.user, invitation_id, now=at)
    return _back(request, "/coach", "revoked")


# --- one athlete ---------------------------------------------------------------------------------


@router.get("/coach/athletes/{athlete_id}")
async def athlete_page(
    request: Request, viewer: deps.PageViewer, today: deps.Today, athlete_id: int
) -> Response:
    """What the coach sees of one athlete: profile, current 1RMs, saved plans, squads, this
    week's and next week's sessions, the recent log and 1RM charts (pages/dashboard.py)."""
    from runstrong.web.pages import dashboard

    return await dashboard.athlete_page(request, viewer, today, athlete_id)


# --- squads --------------------------------------------------------------------------------------


@router.get("/coach/squads/{squad_id}")
def squad_page(request: Request, viewer: deps.PageViewer, squad_id: int) -> Response:
    """One squad: its athletes, and the forms to rename, archive and change it."""
    return _squad(request, viewer, squad_id)


def _squad(
    request: Request,
    viewer: deps.Viewer,
    squad_id: int,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    from runstrong.app import coaching

    found = coaching.squad_view(deps.context(request), viewer.user, squad_id)
    values = {
        "view": found,
        "options": [(str(a.athlete_id), a.athlete) for a in found.others],
        "errors": errors or {},
        "done": DONE.get(request.query_params.get("done", ""), ""),
    }
    return render.page(request, "pages/coach_squad.html", values, status=status)


def _squad_path(squad_id: int) -> str:
    return f"/coach/squads/{squad_id}"


def _squad_failed(
    request: Request, viewer: deps.Viewer, squad_id: int, exc: RunstrongError
) -> Response:
    if exc.field not in ("name", "squad", None):
        raise exc
    errors = _errors(exc, {"name": "squad_name"})
    return _squad(request, viewer, squad_id, errors, 422)


@router.post("/coach/squads/{squad_id}/rename")
def rename_squad(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    squad_id: int,
    csrf: Annotated[str, Form()] = "",
    squad_name: Annotated[str, Form()] = "",
) -> Response:
    """Rename one of the coach's squads."""
    from runstrong.app import coaching
    from runstrong.app.requests import SquadEdit

    deps.check_csrf(viewer, csrf, request)
    edit = SquadEdit(squad_id=squad_id, name=squad_name)
    try:
        coaching.edit_squad(deps.context(request), viewer.user, edit, now=at)
    except RunstrongError as exc:
        return _squad_failed(request, viewer, squad_id, exc)
    return _back(request, _squad_path(squad_id), "renamed")


def _archive(
    request: Request, viewer: deps.Viewer, at: dt.datetime, squad_id: int, csrf: str, archived: bool
) -> Response:
    from runstrong.app import coaching
    from runstrong.app.requests import SquadEdit

    deps.check_csrf(viewer, csrf, request)
    edit = SquadEdit(squad_id=squad_id, archived=archived)
    coaching.edit_squad(deps.context(request), viewer.user, edit, now=at)
    return _back(request, _squad_path(squad_id), "archived" if archived else "unarchived")


@router.post("/coach/squads/{squad_id}/archive")
def archive_squad(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    squad_id: int,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Archive a squad (kept, listed apart, closed to changes of its athletes)."""
    return _archive(request, viewer, at, squad_id, csrf, archived=True)


@router.post("/coach/squads/{squad_id}/unarchive")
def unarchive_squad(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    squad_id: int,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Bring an archived squad back."""
    return _archive(request, viewer, at, squad_id, csrf, archived=False)


@router.post("/coach/squads/{squad_id}/members")
def add_member(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    squad_id: int,
    csrf: Annotated[str, Form()] = "",
    athlete_id: Annotated[str, Form()] = "",
) -> Response:
    """Put one of the coach's athletes in the squad."""
    from runstrong.app import coaching

    deps.check_csrf(viewer, csrf, request)
    if not athlete_id.strip().isdigit():
        raise NotFound("athlete", athlete_id)
    try:
        coaching.add_member(deps.context(request), viewer.user, squad_id, int(athlete_id), now=at)
    except RunstrongError as exc:
        if exc.field != "squad":
            raise
        return _squad_failed(request, viewer, squad_id, exc)
    return _back(request, _squad_path(squad_id), "added")


@router.post("/coach/squads/{squad_id}/members/{athlete_id}/remove")
def remove_member(
    request: Request,
    viewer: deps.PageViewer,
    squad_id: int,
    athlete_id: int,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Take an athlete out of the squad (they stay the coach's athlete)."""
    from runstrong.app import coaching

    deps.check_csrf(viewer, csrf, request)
    try:
        coaching.remove_member(deps.context(request), viewer.user, squad_id, athlete_id)
    except RunstrongError as exc:
        if exc.field != "squad":
            raise
        return _squad_failed(request, viewer, squad_id, exc)
    return _back(request, _squad_path(squad_id), "removed")


# --- the runner's side ---------------------------------------------------------------------------


@router.get("/invite")
def invite_code(request: Request, _viewer: deps.PageViewer, code: str = "") -> Response:
    """Type a coach's code (a GET form: no JavaScript, nothing changes until Accept)."""
    if code.strip():
        from urllib.parse import quote

        return _back(request, f"/invite/{quote(code.strip(), safe='')}")
    return render.page(request, "pages/invite.html", {"found": None, "secret": ""})


@router.get("/invite/{secret}")
def invitation_page(
    request: Request, viewer: deps.PageViewer, at: deps.Now, secret: str
) -> Response:
    """Who invites the runner, exactly what that coach would see and change, and the answer."""
    from runstrong.app import coaching

    found = coaching.invitation(deps.context(request), viewer.user, secret, now=at)
    values = {
        "found": found,
        "secret": secret,
        "can_see": coaching.CAN_SEE,
        "can_change": coaching.CAN_CHANGE,
        "cannot": coaching.CANNOT,
        "has_athlete": viewer.user.athlete_id is not None,
    }
    response = render.page(request, "pages/invite.html", values)
    response.headers.update(NO_STORE)
    return response


def _answer(
    request: Request, viewer: deps.Viewer, at: dt.datetime, secret: str, csrf: str, *, accept: bool
) -> Response:
    from runstrong.app import coaching

    deps.check_csrf(viewer, csrf, request)
    coaching.answer(deps.context(request), viewer.user, secret, accept=accept, now=at)
    return _back(request, "/settings", "coach-accepted" if accept else "coach-declined")


@router.post("/invite/{secret}/accept")
def accept(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    secret: str,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Accept: the coach sees what the invitation said, until the runner leaves them."""
    return _answer(request, viewer, at, secret, csrf, accept=True)


@router.post("/invite/{secret}/decline")
def decline(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    secret: str,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Decline: the invitation is used up; the coach gets nothing."""
    return _answer(request, viewer, at, secret, csrf, accept=False)


@router.post("/settings/coaching")
def set_coaching(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    csrf: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
) -> Response:
    """Turn coaching on (to /coach) or off (only while coaching nobody)."""
    from runstrong.app import coaching
    from runstrong.web.pages.settings import with_errors

    deps.check_csrf(viewer, csrf, request)
    turned_on = on == "1"
    try:
        coaching.set_coaching(deps.context(request), viewer.user, turned_on, now=at)
    except InputError as exc:
        return with_errors(request, viewer, _errors(exc, {"coaching": ""}), 422)
    return _back(request, "/coach") if turned_on else _back(request, "/settings", "coaching-off")


@router.post("/coach/athletes/{athlete_id}/release")
def release(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    athlete_id: int,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Stop coaching a runner who accepted you: your access ends now (a managed athlete is
    refused; another coach's athlete is not found)."""
    from runstrong.app import coaching

    deps.check_csrf(viewer, csrf, request)
    coaching.release(deps.context(request), viewer.user, athlete_id, now=at)
    return _back(request, "/coach", "released")


@router.post("/coach/athletes/{athlete_id}/delete")
def delete_managed(
    request: Request,
    viewer: deps.PageViewer,
    today: deps.Today,
    athlete_id: int,
    csrf: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Delete an athlete you manage, once their name is typed: a wrong name shows their page
    again with the message beside the box (a runner with a login, or another coach's athlete,
    is refused)."""
    from runstrong.app import coaching
    from runstrong.web.pages import dashboard

    deps.check_csrf(viewer, csrf, request)
    try:
        coaching.delete_managed_athlete(deps.context(request), viewer.user, athlete_id, confirm)
    except InputError as exc:
        if exc.field != "confirm":
            raise
        errors = _errors(exc, {})
        return dashboard.athlete_html(request, viewer, athlete_id, today, errors)
    return _back(request, "/coach", "deleted")


@router.post("/settings/coaches/{link_id}/leave")
def leave(
    request: Request,
    viewer: deps.PageViewer,
    at: deps.Now,
    link_id: int,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Leave a coach: their access ends now (another runner's link id is not found)."""
    from runstrong.app import coaching

    deps.check_csrf(viewer, csrf, request)
    coaching.leave(deps.context(request), viewer.user, link_id, now=at)
    return _back(request, "/settings", "coach-left")


# --- a block for a squad --------------------------------------------------------------------------

BLOCK_FIELDS = ("goal", "phase", "race", "race_distance", "weeks", "sessions", "start")
BLOCK_DEFAULTS = {"goal": "strength", "phase": "off-season", "weeks": "8", "sessions": "2"}


def _block_request(values: dict[str, str]) -> Any:
    """The squad's block from the form: a race date makes the phases follow from it."""
    from runstrong.app.requests import PlanRequest

    def text(name: str) -> str | None:
        return values.get(name, "").strip() or None

    race = text("race")
    return PlanRequest(
        goal=text("goal") or "strength",
        phase=None if race else text("phase"),
        race=race,
        race_distance=text("race_distance") if race else None,
        weeks=text("weeks"),
        sessions=text("sessions"),
        start=text("start"),
    )


def _block(
    request: Request,
    viewer: deps.Viewer,
    squad_id: int,
    values: dict[str, str],
    *,
    rows: list[Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    import uuid

    from runstrong.app import blocks

    squad, names = blocks.squad_members(deps.context(request), viewer.user, squad_id)
    shown = {
        "squad": squad,
        "names": names,
        "values": {**values, "client_id": values.get("client_id") or str(uuid.uuid4())},
        "rows": rows,
        "grid": [
            (row, None if row.plan is None else blocks.week_grid(row.plan)) for row in rows or []
        ],
        "errors": errors or {},
        "goal_options": [(g, g) for g in forms.GOALS],
        "phase_options": [(p, p) for p in forms.PHASES],
        "distance_options": [("", "-"), *[(d, d) for d in forms.DISTANCES]],
        "days": forms.DAYS,
    }
    return render.page(request, "pages/coach_block.html", shown, status=status)


@router.get("/coach/squads/{squad_id}/block")
def block_form(request: Request, viewer: deps.PageViewer, squad_id: int) -> Response:
    """The block for a squad: the same fields as a plan's, each runner's profile the rest."""
    return _block(request, viewer, squad_id, dict(BLOCK_DEFAULTS))


@router.post("/coach/squads/{squad_id}/block")
async def block_post(
    request: Request, viewer: deps.PageViewer, at: deps.Now, today: deps.Today, squad_id: int
) -> Response:
    """Preview the squad's grid (each runner's week 1, who gets fewer sessions and why, whose
    loads are by feel or from estimates, whose limitations changed an exercise), or queue the
    publishing of every runner's plan."""
    form = await _form(request, viewer)
    return await _run(_block_work, request, viewer, squad_id, form, at, today)


def _block_work(
    request: Request,
    viewer: deps.Viewer,
    squad_id: int,
    form: dict[str, str],
    at: dt.datetime,
    today: dt.date,
) -> Response:
    from runstrong.app import blocks

    ctx = deps.context(request)
    values = {k: form.get(k, "") for k in (*BLOCK_FIELDS, "client_id")}
    block = _block_request(values)
    try:
        if form.get("action") == "publish":
            job_id = blocks.queue_squad_publish(
                ctx, viewer.user, squad_id, block, now=at, client_id=values["client_id"]
            )
            return _back(request, f"{_squad_path(squad_id)}/block/{job_id}")
        _squad, rows = blocks.squad_preview(ctx, viewer.user, squad_id, block, today)
    except NotFound:
        raise  # another coach's squad, or a runner gone: the 404 page
    except RunstrongError as exc:
        errors = render.field_errors(exc, forms.PLAN_LABELS)
        return _block(request, viewer, squad_id, values, errors=errors, status=422)
    return _block(request, viewer, squad_id, values, rows=rows)


@router.get("/coach/squads/{squad_id}/block/{job_id}")
def block_job(request: Request, viewer: deps.PageViewer, squad_id: int, job_id: int) -> Response:
    """How the publishing of a squad's block stands: waiting, then each runner's plan saved
    (or why not). The page looks again by itself until it is done."""
    from runstrong.app import blocks

    squad, job = blocks.squad_job(deps.context(request), viewer.user, squad_id, job_id)
    return render.page(request, "pages/coach_block_job.html", {"squad": squad, "job": job})
