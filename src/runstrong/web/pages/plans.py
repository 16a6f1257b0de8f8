"""The plan builder (with a live preview of week 1), a saved plan's season calendar, one week in
full, and its downloads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from runstrong.errors import RuleViolation, RunstrongError
from runstrong.web import cache, deps, forms, render

router = APIRouter()

MAX_ICS_BYTES = 2_000_000
"""A running calendar of a few years is well under this; more is refused, not read."""


def _profile_values(request: Request, viewer: deps.Viewer) -> dict[str, Any]:
    """The builder's fields filled from the saved profile, so the runner sees what is used."""
    from runstrong.app import athletes, lifts

    ctx = deps.context(request)
    values: dict[str, Any] = {"goal": "strength", "phase": "off-season", "weeks": "8"}
    if viewer.athlete is None:
        return values
    person = athletes.athlete(ctx, viewer.athlete)
    values.update(
        units=person.units,
        setup=person.setup or ("" if person.equipment else "gym"),
        equipment=list(person.equipment),
        avoid=list(person.avoid),
        experience=person.experience,
        lifts="\n".join(
            f"{k}={render.number(v.one_rm)}"
            for k, v in sorted(lifts.one_rms(ctx, person.name).items())
        ),
    )
    for item in person.runs.split(","):
        day, _, kind = item.partition("=")
        if day:
            values[f"runs.{day}"] = kind
    return values


def _builder(
    request: Request,
    values: dict[str, Any],
    *,
    preview: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    block: str | None = None,
) -> Response:
    ctx = deps.context(request)
    return render.page(
        request,
        "pages/plan_new.html",
        {
            "values": values,
            "errors": errors or {},
            "preview": preview,
            "setups": sorted(ctx.setups),
            "f": forms,
        },
        status=status,
        block=block,
    )


@router.get("/plans/new")
def new_plan(request: Request, viewer: deps.PageViewer) -> Response:
    """The builder, filled from the runner's profile."""
    return _builder(request, _profile_values(request, viewer))


async def _read_form(request: Request) -> tuple[dict[str, Any], dict[str, list[str]], bytes | None]:
    form = await request.form()
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    many = {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in ("equipment", "avoid")}
    values.update(many)
    upload = form.get("runs_ics")
    ics = None
    if upload is not None and not isinstance(upload, str) and upload.filename:
        ics = await upload.read(MAX_ICS_BYTES + 1)
        if len(ics) > MAX_ICS_BYTES:
            from runstrong.errors import InputError

            raise InputError("runs_ics", f"at most {MAX_ICS_BYTES // 1_000_000} MB")
    return values, many, ics


@router.post("/plans/new")
async def build_plan(request: Request, viewer: deps.PageViewer) -> Response:
    """Preview week 1 (the default, and every htmx change) or save the plan (`action=save`)."""
    from starlette.concurrency import run_in_threadpool

    values: dict[str, Any] = {}
    try:
        values, many, ics = await _read_form(request)
        deps.check_csrf(viewer, str(values.get("csrf", "")), request)
        plan_request = forms.from_form(values, many, ics)
        save = values.get("action") == "save"
        return await run_in_threadpool(_build, request, viewer, plan_request, values, save)
    except RunstrongError as exc:
        errors = render.field_errors(exc, forms.PLAN_LABELS)
        if isinstance(exc, RuleViolation):
            errors = {"": render.message(exc, forms.PLAN_LABELS)}
        return _builder(request, values, errors=errors, status=422, block="preview")


def _build(
    request: Request,
    viewer: deps.Viewer,
    plan_request: Any,
    values: dict[str, Any],
    save: bool,
) -> Response:
    from dataclasses import replace

    from runstrong.app import planning

    ctx = deps.context(request)
    asked = replace(plan_request, athlete=viewer.athlete, save=save and viewer.athlete is not None)
    planned = planning.plan(ctx, asked)
    if planned.plan_id is not None:
        return RedirectResponse(render.href(request, f"/plans/{planned.plan_id}"), status_code=303)
    preview = planning.plan_json(planned.plan)
    return _builder(request, values, preview=preview, block="preview")


def _plan(request: Request, viewer: deps.Viewer, plan_id: int) -> Any:
    from runstrong.app import schedule
    from runstrong.errors import NotFound

    if viewer.athlete is None:
        raise NotFound("plan", str(plan_id))
    return schedule.saved_plan(deps.context(request), viewer.athlete, plan_id)


@router.get("/plans")
def plan_list(request: Request, viewer: deps.PageViewer) -> Response:
    """The runner's saved plans, newest first."""
    from runstrong.app import schedule

    found = [] if viewer.athlete is None else schedule.plans(deps.context(request), viewer.athlete)
    return render.page(request, "pages/plans.html", {"plans": list(reversed(found))})


@router.get("/plans/{plan_id}")
async def show_plan(
    request: Request,
    viewer: deps.PageViewer,
    today: deps.Today,
    plan_id: int,
) -> Response:
    """The season calendar: weeks x days with phases, deloads, taper, race day and the runs."""
    from runstrong.web.pages.shares import plan_part

    def build() -> Response:
        record = _plan(request, viewer, plan_id)
        return render.page(
            request,
            "pages/plan.html",
            {
                "record": record,
                "plan": record.plan,
                "calendar": calendar(record.plan),
                "days": forms.DAYS,
                **plan_changes(request, viewer, plan_id),
                **plan_part(request, viewer, record.id, today),  # its share links
            },
        )

    return await cache.page(request, viewer, today, build)


def plan_changes(request: Request, viewer: deps.Viewer, plan_id: int) -> dict[str, Any]:
    """The plan's change log (who changed what, when and why), for its "Changes" section."""
    from runstrong.app import audit

    found = audit.own_changes(deps.context(request), str(viewer.athlete), plan_id)
    return {"changes": found, "change_words": audit.ACTION_WORDS}


@router.get("/plans/{plan_id}/weeks/{index}")
async def show_week(
    request: Request,
    viewer: deps.PageViewer,
    today: deps.Today,
    plan_id: int,
    index: int,
) -> Response:
    """One week of a saved plan in full: every session's exercises, doses, loads and cues."""
    from runstrong.errors import NotFound

    def build() -> Response:
        record = _plan(request, viewer, plan_id)
        weeks = record.plan.get("weeks", [])
        if not 1 <= index <= len(weeks):
            raise NotFound("week", str(index))
        return render.page(
            request,
            "pages/week.html",
            {"record": record, "plan": record.plan, "week": weeks[index - 1], "count": len(weeks)},
        )

    return await cache.page(request, viewer, today, build)


@router.get("/plans/{plan_id}/download.{fmt}")
def download(
    request: Request,
    viewer: deps.PageViewer,
    plan_id: int,
    fmt: str,
) -> Response:
    """The plan as a file: ics, fit (a zip of workouts), pdf, csv or md."""
    record = _plan(request, viewer, plan_id)
    return plan_file(request, record, fmt, str(viewer.athlete))


def plan_file(request: Request, record: Any, fmt: str, owner: str) -> Response:
    """A saved plan rendered by the exports, with a file name and a content type."""
    from runstrong.errors import NotFound

    types = {
        "ics": "text/calendar; charset=utf-8",
        "fit": "application/zip",
        "pdf": "application/pdf",
        "csv": "text/csv; charset=utf-8",
        "md": "text/markdown; charset=utf-8",
    }
    if fmt not in types:
        raise NotFound("format", fmt)
    ctx = deps.athlete_context(request, owner)  # their own exercises' cues too
    body = export_bytes(record.plan, fmt, ctx, owner, record.created)
    name = f"runstrong-plan-{record.id}.{'zip' if fmt == 'fit' else fmt}"
    return Response(
        body,
        media_type=types[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def export_bytes(plan: dict[str, Any], fmt: str, ctx: Any, owner: str, saved: dt.datetime) -> bytes:
    """One export's bytes; the FIT workouts (a file a session) zipped together. The calendar's
    stamp is when the plan was saved (naive UTC in the database): the same plan, the same bytes."""
    from runstrong.export import render as export

    stamp = saved.replace(tzinfo=dt.UTC)
    found = export(plan, fmt, owner=owner, stamp=stamp, catalogue=ctx.catalogue)
    return found if isinstance(found, bytes) else _zip(found)


def _zip(files: Any) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in dict(files).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def calendar(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Each week as a row of seven days: the run, the strength session, race day."""
    race = plan.get("race")
    rows = []
    for week in plan.get("weeks", []):
        start = dt.date.fromisoformat(week["start"])
        by_date = {s["date"]: s for s in week.get("sessions", [])}
        cells = []
        for i, day in enumerate(forms.DAYS):
            date = (start + dt.timedelta(days=i)).isoformat()
            cells.append(
                {
                    "date": date,
                    "run": week.get("runs", {}).get(day, "rest"),
                    "session": by_date.get(date),
                    "race": date == race,
                }
            )
        rows.append({"week": week, "cells": cells})
    return rows
