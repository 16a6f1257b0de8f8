"""Runs: upload watch files or a Strava export (each file read on its own, a bad one refused
with its reason), and what was run week by week, each run with how it was read and why."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException

from runstrong.errors import InputError, NotFound, RunstrongError
from runstrong.web import deps, render

router = APIRouter()

MAX_UPLOAD_BYTES = 50_000_000
"""All the files of one upload. A year of runs as watch files is about 300 files of 50-150 kB
(15-45 MB), and a Strava export of a year without its photos about as much; a bigger export
goes in parts, or through `runstrong runs import` on the server. The same cap as a restore,
so a proxy sized for that (docs/web.md) lets it through."""
MAX_FILES = 500
"""Files in one upload: a year and a half of daily runs."""
FORM_SLACK = 200_000
"""The multipart framing of MAX_FILES files: a body longer than the cap by more than this is
refused before it is read."""
WEEKS = 8
"""Weeks shown by default: the window the running week is read from, and this one."""
LABELS = {"files": "Activity files", "weeks": "Weeks"}
ACCEPT = ".fit,.gpx,.tcx,.gz,.zip"


def athlete_of(viewer: deps.Viewer) -> str:
    """The runner's own athlete: a login without one has no runs (404)."""
    if viewer.athlete is None:
        raise NotFound("athlete", viewer.user.email)
    return viewer.athlete


async def upload_form(request: Request) -> FormData:
    """A multipart upload's form: the body refused unread past MAX_UPLOAD_BYTES, at most
    MAX_FILES files."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_UPLOAD_BYTES + FORM_SLACK:
        raise InputError("files", f"at most {MAX_UPLOAD_BYTES // 1_000_000} MB in one upload")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raise InputError("files", "send the files as multipart/form-data")
    try:
        return await request.form(max_files=MAX_FILES, max_fields=10)
    except (HTTPException, MultiPartException) as exc:  # too many files, a malformed body
        why = exc.detail if isinstance(exc, HTTPException) else exc.message
        raise InputError("files", f"the upload could not be read: {str(why).lower()}") from None


async def uploaded(form: FormData) -> tuple[tuple[str, bytes], ...]:
    """The files of the form's `files` field, each as (its name, its bytes), MAX_UPLOAD_BYTES
    in all; the form is closed."""
    out: list[tuple[str, bytes]] = []
    left = MAX_UPLOAD_BYTES
    try:
        for item in form.getlist("files"):
            if not isinstance(item, UploadFile) or not item.filename:
                continue
            data = await item.read(left + 1)
            left -= len(data)
            if left < 0:
                cap = MAX_UPLOAD_BYTES // 1_000_000
                raise InputError("files", f"at most {cap} MB in one upload")
            out.append((_base(item.filename), data))
    finally:
        await form.close()  # the spooled files (on disk past 1 MB) go now, not at collection
    if not out:
        raise InputError("files", "choose one or more files: .fit, .gpx, .tcx (or .gz), or .zip")
    return tuple(out)


def _base(name: str) -> str:
    """The file's own name, without the folders a browser may send."""
    return name.replace("\\", "/").rsplit("/", 1)[-1][:200] or "file"


def import_files(ctx: Any, name: str, files: tuple[tuple[str, bytes], ...]) -> dict[str, Any]:
    """app.runs.import_each over the files, its report as JSON."""
    from runstrong.app import runs
    from runstrong.app.requests import RunsImportRequest
    from runstrong.present.runs import upload_dict

    return upload_dict(runs.import_each(ctx, RunsImportRequest(athlete=name, files=files)))


def runs_view(ctx: Any, name: str, weeks: int, today: dt.date) -> dict[str, Any]:
    """The weeks of runs, newest first, as the page shows them."""
    from runstrong.app import runs
    from runstrong.core.runweek import MIN_WEEKS, WINDOW_WEEKS
    from runstrong.present import runs as show

    report = runs.runs_report(ctx, name, weeks, today)
    data = show.report_dict(report)
    return {
        "weeks": list(reversed(data["weeks"])),
        "running_week": data["running_week"],
        "window": data["window"],
        "units": report.units,
        "distance": lambda metres: show.distance(metres, report.units),
        "clock": show.clock,
        "window_weeks": WINDOW_WEEKS,
        "min_weeks": MIN_WEEKS,
    }


def _page(
    request: Request,
    viewer: deps.Viewer,
    today: dt.date,
    weeks: int = WEEKS,
    *,
    report: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    values: dict[str, Any] = {
        "report": report,
        "errors": errors or {},
        "accept": ACCEPT,
        "max_mb": MAX_UPLOAD_BYTES // 1_000_000,
        "shown_weeks": weeks,
        "has_athlete": viewer.athlete is not None,
    }
    if viewer.athlete is not None:
        values.update(runs_view(deps.context(request), viewer.athlete, weeks, today))
    return render.page(request, "pages/runs.html", values, status=status)


@router.get("/runs")
def runs_page(
    request: Request,
    viewer: deps.PageViewer,
    today: deps.Today,
    weeks: Annotated[str, Query(max_length=10)] = str(WEEKS),
) -> Response:
    """The upload form and the runs of the last weeks, each with how it was read."""
    from runstrong.app.runs import MAX_WEEKS
    from runstrong.core import inputs

    try:
        count = inputs.whole(weeks, "weeks", 1, MAX_WEEKS)
    except InputError as exc:
        errors = render.field_errors(exc, LABELS)
        return _page(request, viewer, today, errors=errors, status=422)
    return _page(request, viewer, today, count)


@router.post("/runs")
async def upload(request: Request, viewer: deps.PageViewer, today: deps.Today) -> Response:
    """Import the uploaded files and show the report above the runs; a file that cannot be
    read is named with its reason, the others are imported."""
    name = athlete_of(viewer)
    ctx = deps.context(request)
    try:
        form = await upload_form(request)
        sent = form.get("csrf")
        deps.check_csrf(viewer, sent if isinstance(sent, str) else None, request)
        files = await uploaded(form)
        report = await run_in_threadpool(import_files, ctx, name, files)
    except RunstrongError as exc:
        errors = render.field_errors(exc, LABELS)
        return await run_in_threadpool(_page, request, viewer, today, errors=errors, status=422)
    return await run_in_threadpool(_page, request, viewer, today, report=report)
