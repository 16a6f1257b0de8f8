"""Data in and out: import a Strong or Hevy CSV, download the latest plan and a backup of one's
own athlete, and restore that athlete from a backup."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from runstrong.errors import InputError, NotFound, RunstrongError
from runstrong.web import deps, render

router = APIRouter()

MAX_CSV_BYTES = 20_000_000
"""Ten years of logging every day in Strong's layout (about 150 bytes a set, 30 sets a day) is
16 MB: a real export fits; more is refused unread."""
MAX_BACKUP_BYTES = 50_000_000
"""Ten years of daily sets as backup JSON (about 250 bytes a set row, 30 a day: 27 MB) plus a
few dozen saved plans (each well under 500 KB): a real backup fits; more is refused unread."""
FORM_SLACK = 100_000
"""The multipart framing and the small fields around a file: a body longer than its file's cap
by more than this is refused before it is read."""
LABELS = {
    "file": "CSV export",
    "import": "CSV export",
    "source_units": "Weights in the file",
    "backup": "Backup file",
    "replace": "Replace",
}
UNITS = (("", "as the file says (else my units)"), ("kg", "kilograms (kg)"), ("lb", "pounds (lb)"))
FORMATS = (
    ("ics", "Calendar (.ics)"),
    ("fit", "Garmin workouts (.zip of FIT)"),
    ("pdf", "PDF"),
    ("csv", "Spreadsheet (CSV)"),
    ("md", "Markdown"),
)


def _name(viewer: deps.Viewer) -> str:
    """The runner's own athlete: a login without one has nothing to import into or save."""
    if viewer.athlete is None:
        raise NotFound("athlete", viewer.user.email)
    return viewer.athlete


def _page(
    request: Request,
    viewer: deps.Viewer,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    report: dict[str, Any] | None = None,
    done: str = "",
    status: int = 200,
) -> Response:
    from runstrong.app import schedule

    plans = [] if viewer.athlete is None else schedule.plans(deps.context(request), viewer.athlete)
    return render.page(
        request,
        "pages/import.html",
        {
            "values": values or {},
            "errors": errors or {},
            "report": report,
            "done": done,
            "latest": plans[-1] if plans else None,
            "formats": FORMATS,
            "units": UNITS,
            "has_athlete": viewer.athlete is not None,
        },
        status=status,
    )


@router.get("/import")
def import_page(request: Request, viewer: deps.PageViewer) -> Response:
    """The import form, the downloads and the restore form."""
    return _page(request, viewer)


async def _upload(request: Request, viewer: deps.Viewer, field: str, cap: int) -> FormData:
    """The checked form of an upload: not longer than `cap` (refused unread), CSRF checked."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > cap + FORM_SLACK:
        raise InputError(field, f"at most {cap // 1_000_000} MB")
    form = await request.form(max_files=1, max_fields=10)
    sent = form.get("csrf")
    deps.check_csrf(viewer, sent if isinstance(sent, str) else None, request)
    return form


async def _text(form: FormData, field: str, cap: int) -> str:
    """The uploaded file's text (UTF-8, a byte-order mark dropped), at most `cap` bytes."""
    upload = form.get(field)
    if upload is None or isinstance(upload, str) or not upload.filename:
        raise InputError(field, "choose a file to upload")
    data = await upload.read(cap + 1)
    if len(data) > cap:
        raise InputError(field, f"at most {cap // 1_000_000} MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(field, "is not UTF-8 text; export it again from the app") from None


def _inline(exc: RunstrongError, field: str) -> dict[str, str]:
    """The error next to the form's field: its own field when shown, else next to the file."""
    where = (exc.field or "").split("[")[0].split(".")[0]
    shown = where if where in ("source_units", "replace") else field
    label = LABELS.get(exc.field or "", exc.field or "")
    return {shown: render.message(exc, LABELS).removeprefix(f"{label}: ")}


@router.post("/import")
async def import_csv(request: Request, viewer: deps.PageViewer) -> Response:
    """Import an app's CSV export (one transaction; a bad file stores nothing) and report it."""
    values: dict[str, Any] = {}
    name = _name(viewer)
    try:
        form = await _upload(request, viewer, "file", MAX_CSV_BYTES)
        units = form.get("source_units")
        values["source_units"] = units if isinstance(units, str) else ""
        text = await _text(form, "file", MAX_CSV_BYTES)
        report = await run_in_threadpool(
            _import, deps.context(request), name, text, values["source_units"]
        )
    except RunstrongError as exc:
        errors = _inline(exc, "file")
        return _page(request, viewer, values=values, errors=errors, status=422)
    return _page(request, viewer, values=values, report=report)


def _import(ctx: Any, name: str, text: str, units: str) -> dict[str, Any]:
    """app.imports over the file's text, its report as the presenter shapes it."""
    from runstrong.app import imports
    from runstrong.app.requests import ImportRequest
    from runstrong.core import inputs
    from runstrong.core.model import Units
    from runstrong.present.logbook import import_report_dict

    source = inputs.choice(Units, units, "source_units") if units else None
    request = ImportRequest(athlete=name, text=text, source_units=source)
    return import_report_dict(imports.import_export(ctx, request))


@router.get("/import/backup.json")
def backup_file(request: Request, viewer: deps.PageViewer, today: deps.Today) -> Response:
    """The runner's own athlete as a runstrong.backup/1 file."""
    from runstrong.app import backups

    data = backups.backup(deps.context(request), _name(viewer))
    name = f"runstrong-backup-{today.isoformat()}.json"
    return Response(
        json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/import/restore")
async def restore(request: Request, viewer: deps.PageViewer) -> Response:
    """Replace the runner's own athlete with a backup of it, all or nothing."""
    _name(viewer)
    try:
        form = await _upload(request, viewer, "backup", MAX_BACKUP_BYTES)
        if form.get("replace") != "on":
            raise InputError("replace", "tick it to confirm: your logbook becomes the backup's")
        text = await _text(form, "backup", MAX_BACKUP_BYTES)
        ctx = deps.context(request)
        restored = await run_in_threadpool(_restore, ctx, viewer.user.id, text)
    except RunstrongError as exc:
        return _page(request, viewer, errors=_inline(exc, "backup"), status=422)
    # The athlete was re-created; its login and calendar feed follow it (backups.restore_own).
    return _page(request, viewer, done=f"Restored {restored} from the backup.")


def _restore(ctx: Any, user_id: int, text: str) -> str:
    from runstrong.app import backups

    return backups.restore_own(ctx, user_id, backups.parse_backup(text, "backup"))
