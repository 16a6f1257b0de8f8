"""The JSON API's runs, readiness and load (issue 14; docs/api.md): upload activities, list the
runs as read, the morning check-in, today's session as it leaves it, and the weekly load. The
same use-cases as `runstrong runs`, `today --readiness` and `workload`; included by v1.py."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import AliasChoices, BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from runstrong.errors import InputError
from runstrong.web import deps

router = APIRouter()

MAX_DAYS = 3640
"""`checkins?days=`: ten years of mornings."""


def _scale(meaning: str) -> Any:
    """A 1-10 answer: the range in the schema, the check (and its message) the core's."""
    return Field(description=f"1-10, {meaning}", json_schema_extra={"minimum": 1, "maximum": 10})


class CheckInBody(BaseModel):
    """A morning check-in; the same date again replaces that day's."""

    model_config = ConfigDict(extra="forbid")

    date: str | None = Field(default=None, description="YYYY-MM-DD; today when left out")
    sleep: int = _scale("10 = slept very well")
    soreness: int = _scale("10 = very sore")
    stress: int = _scale("10 = very stressed")
    motivation: int = _scale("10 = very keen to train")
    resting_hr: int | None = Field(
        default=None,
        validation_alias=AliasChoices("resting_hr", "rhr"),
        description="resting heart rate this morning, bpm (25-150); `rhr` is taken too",
    )
    hrv: float | None = Field(default=None, description="HRV as rMSSD in ms (1-300)")


class Refused(BaseModel):
    """A file the upload could not read, and why."""

    file: str
    reason: str


class UploadReport(BaseModel):
    """What an upload did: files read, activities in them, new ones stored (and how many of
    them runs), those already stored, and the files refused."""

    files: int
    read: int
    added: int
    runs: int
    duplicates: int
    refused: list[Refused]


class CheckInSaved(BaseModel):
    """The stored check-in, and the one of that day it replaced (null when it was the first)."""

    checkin: dict[str, Any]
    replaced: dict[str, Any] | None


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "FIT, GPX or TCX files (or .gz of each), or a "
                            "Strava bulk export .zip; the name's extension says the format",
                        }
                    },
                }
            }
        },
    }
}


def _athlete(viewer: deps.Viewer) -> str:
    from runstrong.web.pages.runs import athlete_of

    return athlete_of(viewer)


@router.post(
    "/activities",
    status_code=201,
    response_model=UploadReport,
    openapi_extra=UPLOAD_BODY,
    responses={200: {"model": UploadReport, "description": "Nothing new: every activity known"}},
)
async def upload(request: Request, viewer: deps.ApiWriter, response: Response) -> dict[str, Any]:
    """Import activity files (multipart, field `files`, one or more): 201 when something was
    added, 200 when all was there already; a file that cannot be read is listed under `refused`
    with its reason while the others are imported; 422 when no file could be read."""
    from runstrong.web.pages import runs as page

    name = _athlete(viewer)
    form = await page.upload_form(request)
    files = await page.uploaded(form)
    report = await run_in_threadpool(page.import_files, deps.context(request), name, files)
    if not report["added"]:
        response.status_code = 200
    return report


@router.get("/activities")
def activities(
    request: Request,
    viewer: deps.ApiViewer,
    today: deps.Today,
    weeks: Annotated[int, Query(ge=1, le=104)] = 8,
) -> dict[str, Any]:
    """What was run over the last `weeks` weeks (this one included), week by week: each run
    with its type (easy, long, key...) and why, the cross-training, and the running week the
    runs show (null until four weeks have runs), as `runstrong runs --format json`."""
    from runstrong.app import runs
    from runstrong.present.runs import report_dict

    return report_dict(runs.runs_report(deps.context(request), _athlete(viewer), weeks, today))


@router.post(
    "/checkins",
    status_code=201,
    response_model=CheckInSaved,
    responses={200: {"model": CheckInSaved, "description": "That day's check-in replaced"}},
)
def check_in(
    request: Request, viewer: deps.ApiWriter, body: CheckInBody, response: Response
) -> dict[str, Any]:
    """Store a morning check-in: 201 for a new day; the same date again replaces that day's
    answers, 200, with the ones it replaced under `replaced`."""
    from runstrong.app import readiness
    from runstrong.app.requests import CheckInRequest
    from runstrong.present.readiness import checkin_dict

    name = _athlete(viewer)
    asked = CheckInRequest(
        athlete=name,
        date=body.date,
        sleep=body.sleep,
        soreness=body.soreness,
        stress=body.stress,
        motivation=body.motivation,
        rhr=body.resting_hr,
        hrv=body.hrv,
    )
    try:
        saved = readiness.record_check_in(deps.context(request), asked)
    except InputError as exc:
        if exc.field == "rhr":  # the core's name; the API's key is resting_hr
            raise InputError("resting_hr", exc.problem, exc.hint) from None
        raise
    if saved.replaced is not None:
        response.status_code = 200
    return {
        "checkin": checkin_dict(saved.record),
        "replaced": None if saved.replaced is None else checkin_dict(saved.replaced),
    }


@router.get("/checkins", response_model=list[dict[str, Any]])
def checkins(
    request: Request,
    viewer: deps.ApiViewer,
    today: deps.Today,
    days: Annotated[int, Query(ge=1, le=MAX_DAYS)] = 28,
) -> list[dict[str, Any]]:
    """The check-ins of the last `days` days (today included), oldest first."""
    from runstrong.app import readiness
    from runstrong.present.readiness import checkin_dict

    found = readiness.recent_checkins(deps.context(request), _athlete(viewer), days, today)
    return [checkin_dict(r) for r in found]


@router.get("/today")
def today_sessions(
    request: Request,
    viewer: deps.ApiViewer,
    today: deps.Today,
    date: str | None = None,
) -> dict[str, Any]:
    """A day's planned sessions (today unless `date`) as its check-in and the running load leave
    them: `findings` (rule id, level, reason, source), and per session the one to do under
    `session`, the plan's under `planned`, and each change with its rule; `lightened` says
    whether anything changed."""
    from runstrong.app import readiness
    from runstrong.core import inputs
    from runstrong.present.readiness import ready_dict

    day = today if date is None else inputs.date(date, "date")
    found = readiness.ready(deps.context(request), _athlete(viewer), day)
    data = ready_dict(found)
    return {**data, "lightened": any(s["changes"] for s in data["sessions"])}


@router.get("/load")
def load(
    request: Request,
    viewer: deps.ApiViewer,
    today: deps.Today,
    weeks: Annotated[int, Query(ge=1, le=104)] = 12,
    hr: Annotated[str | None, Query(max_length=100)] = None,
    missing_rpe: Annotated[str | None, Query(max_length=10)] = None,
) -> dict[str, Any]:
    """The weekly load to this week, as `runstrong workload --format json` (runstrong.workload/1):
    run, strength and cross-training load (session RPE x minutes), monotony, strain, the
    acute:chronic ratio with its caution, the plan's deloads and race, each session with the
    method that found its load; with `hr=rest=52,max=188,sex=female`, Banister's TRIMP too.
    `method` says which scales the numbers are on."""
    from runstrong.core import workload as wl
    from runstrong.web.pages.load import load_data

    profile = None if hr is None else wl.parse_heart_rate(hr)
    data = load_data(
        deps.context(request),
        _athlete(viewer),
        weeks,
        today,
        hr=profile,
        missing_rpe=missing_rpe,
    )
    method = ["srpe", "trimp"] if profile is not None else ["srpe"]
    return {**data, "method": method}
