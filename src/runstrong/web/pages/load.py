"""Load: running and strength load week by week in one view (docs/load.md), as a chart app.js
draws with uPlot and as a table with the same numbers (no JavaScript, screen readers), with the
plan's deloads and race marked and the acute:chronic ratio's limits in words."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from runstrong.errors import InputError
from runstrong.web import deps, render

router = APIRouter()

WEEKS = 12
"""Weeks shown by default: a training block and the four weeks the ratio looks back on."""
LABELS = {"weeks": "Weeks"}


def load_data(ctx: Any, name: str, weeks: object, today: dt.date, **options: Any) -> dict[str, Any]:
    """app.workload's view of the weeks to `today`, as `runstrong workload --format json`
    prints it (runstrong.workload/1)."""
    from runstrong.app import workload
    from runstrong.present.workload import workload_dict

    return workload_dict(workload.workload(ctx, name, weeks, today, **options))


def load_chart(data: dict[str, Any]) -> dict[str, Any]:
    """The chart app.js draws: each kind's weekly load (AU) and the rolling ratio on its own
    axis, one point a week (its Monday)."""
    from runstrong.web.pages.progress import chart

    weeks = data["weeks"]
    days = [dt.date.fromisoformat(w["monday"]) for w in weeks]
    return chart(
        f"{data['athlete']}: training load a week",
        days,
        [
            ("Runs", "AU", [w["run"] for w in weeks]),
            ("Strength", "AU", [w["strength"] for w in weeks]),
            ("Cross-training", "AU", [w["cross"] for w in weeks]),
            ("Acute:chronic", "ratio", [w["acwr"] for w in weeks]),
        ],
    )


@router.get("/load")
def load_page(
    request: Request,
    viewer: deps.PageViewer,
    today: deps.Today,
    weeks: Annotated[str, Query(max_length=10)] = str(WEEKS),
) -> Response:
    """The weekly load of runs and lifts, the ratio with its caveat, the deloads and the race."""
    from runstrong.app.workload import check_weeks
    from runstrong.present import workload as show

    values: dict[str, Any] = {"errors": {}, "weeks": weeks, "data": None, "show": show}
    if viewer.athlete is None:
        return render.page(request, "pages/load.html", values)
    status = 200
    try:
        count = check_weeks(weeks)
    except InputError as exc:
        values["errors"] = render.field_errors(exc, LABELS)
        count, status = WEEKS, 422
    data = load_data(deps.context(request), viewer.athlete, count, today)
    # the ratio's caution is worded once on the page, beside the ratio
    others = [c for c in data["cautions"] if data["acwr"]["caution"] not in c]
    values.update(data=data, chart=load_chart(data), other_cautions=others)
    return render.page(request, "pages/load.html", values, status=status)
