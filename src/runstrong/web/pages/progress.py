"""History and progress: the logged sets newest first, and per lift the e1RM, the weekly volume
and the sessions done against planned, each as a chart (app.js draws the JSON with uPlot) and as a
table with the same numbers (no JavaScript, screen readers)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from runstrong.errors import InputError, NotFound
from runstrong.web import deps, render

router = APIRouter()

PAGE_SIZE = 50
"""History rows a page: issue 12's history page brief (task H4) sets 50, about three weeks of
three sessions of five exercises: one phone scroll."""
ALL = "all"
"""The progress select's value for every exercise at once (volume only: no 1RM line)."""
LABELS = {"exercise": "Exercise", "page": "Page"}
SOURCES = {
    "tested": "tested",
    "estimated-set": "estimated from a set",
    "estimated-logs": "learnt from your logs",
    "retest": "re-test",
    "import": "imported",
}
"""Where a 1RM came from (storage.records.LIFT_SOURCES), in a runner's words."""


def names(ctx: Any, ids: Iterable[str]) -> dict[str, str]:
    """Each exercise id with its catalogue name (an id no longer in the catalogue as itself)."""
    cat = ctx.catalogue
    return {i: cat.get(i).name if i in cat else i for i in ids}


def _options(ctx: Any, ids: Iterable[str]) -> list[tuple[str, str]]:
    """The select's (id, name) pairs, by name."""
    return sorted(names(ctx, set(ids)).items(), key=lambda item: (item[1].lower(), item[0]))


def _chosen(ctx: Any, exercise: str) -> str:
    """The id of an exercise named by id or alias (an unknown one: NotFound on `exercise`)."""
    resolved: str = ctx.catalogue.resolve(exercise)
    return resolved


@router.get("/history")
def history_page(
    request: Request,
    viewer: deps.PageViewer,
    exercise: str = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    """The logged sets, newest first, one exercise or all, 50 a page."""
    from runstrong.app import athletes, trends
    from runstrong.present.logbook import retest_text

    ctx = deps.athlete_context(request, viewer.athlete)
    values: dict[str, Any] = {
        "exercise": "",
        "options": [],
        "rows": [],
        "total": 0,
        "page": 1,
        "pages": 1,
        "errors": {},
    }
    if viewer.athlete is None:
        return render.page(request, "pages/history.html", values)
    every = trends.history(ctx, viewer.athlete)
    values["options"] = _options(ctx, (r.entry.exercise_id for r in every))
    rows = every
    if exercise:
        try:
            chosen = _chosen(ctx, exercise)
        except (InputError, NotFound) as exc:
            values.update(exercise=exercise, errors=render.field_errors(exc, LABELS))
            return render.page(request, "pages/history.html", values, status=422, block="rows")
        values["exercise"] = chosen
        rows = [r for r in every if r.entry.exercise_id == chosen]
    # newest session first, each session's rows in the order they were logged (a stable sort)
    rows = sorted(rows, key=lambda r: (r.date, r.session_id), reverse=True)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    if page > pages:
        raise NotFound("page", str(page))
    units = athletes.athlete(ctx, viewer.athlete).units
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    titles = names(ctx, {r.entry.exercise_id for r in shown})
    values.update(
        total=len(rows),
        page=page,
        pages=pages,
        rows=[
            {
                "row": r,
                "name": titles[r.entry.exercise_id],
                "retest": "" if r.retest is None else retest_text(r.retest, units),
            }
            for r in shown
        ],
    )
    return render.page(request, "pages/history.html", values, block="rows")


def unix(day: dt.date) -> int:
    """A day as uPlot's x value: seconds since 1970 at that day's midnight UTC."""
    return calendar.timegm(day.timetuple())


def chart(
    title: str, days: Sequence[dt.date], series: Sequence[tuple[str, str, Sequence[Any]]]
) -> dict[str, Any]:
    """The JSON app.js draws: {"title", "x": [unix seconds], "series": [{"label", "unit",
    "values"}]}, each series' values one a day of `days` (null where it has none)."""
    return {
        "title": title,
        "x": [unix(d) for d in days],
        "series": [
            {"label": label, "unit": unit, "values": list(values)} for label, unit, values in series
        ],
    }


def _default(lift_ids: Sequence[str], logged_ids: Sequence[str]) -> str:
    """The lift with the most 1RM entries (then the most logged rows; then the name)."""
    entries, logged = Counter(lift_ids), Counter(logged_ids)
    return min(set(entries) | set(logged), key=lambda i: (-entries[i], -logged[i], i))


@router.get("/progress")
def progress_page(
    request: Request,
    viewer: deps.PageViewer,
    today: deps.Today,
    exercise: str = "",
) -> Response:
    """Per exercise: e1RM over time (re-tests and held sessions marked), weekly volume, and the
    sessions done against the sessions planned each week."""
    from runstrong.app import lifts, trends

    ctx = deps.athlete_context(request, viewer.athlete)
    values: dict[str, Any] = {"empty": True, "errors": {}, "exercise": "", "options": []}
    if viewer.athlete is None:
        return render.page(request, "pages/progress.html", values)
    name = viewer.athlete
    logged = trends.history(ctx, name)
    recorded = lifts.lift_history(ctx, name)
    if not logged:
        return render.page(request, "pages/progress.html", values)
    logged_ids = [r.entry.exercise_id for r in logged]
    lift_ids = [x.exercise_id for x in recorded]
    values.update(empty=False, options=_options(ctx, [*logged_ids, *lift_ids]))
    try:
        asked = exercise or _default(lift_ids, logged_ids)
        chosen = ALL if asked == ALL else _chosen(ctx, asked)
        found = trends.progress(ctx, name, None if chosen == ALL else chosen)
    except (InputError, NotFound) as exc:
        values.update(exercise=exercise, errors=render.field_errors(exc, LABELS), found=None)
        return render.page(request, "pages/progress.html", values, status=422)
    values.update(exercise=chosen, **_charts(ctx, found, recorded, today))
    return render.page(request, "pages/progress.html", values)


def _charts(ctx: Any, found: Any, recorded: Sequence[Any], today: dt.date) -> dict[str, Any]:
    """The three charts with their tables' rows, from one Progress."""
    units = found.units
    one_rm: list[dict[str, Any]] = []
    title = "All exercises"
    if found.exercise_id is not None:
        title = names(ctx, [found.exercise_id])[found.exercise_id]
        # the day's last entry is the one the line shows (trends.progress), so its source too
        source = {x.date: x.source for x in recorded if x.exercise_id == found.exercise_id}
        held = dict(found.held)
        for day, value in found.one_rm_sessions():
            mark = source.get(day) or ("held" if day in held else "")
            one_rm.append({"date": day, "value": value, "mark": mark})
    days = [p["date"] for p in one_rm]
    e1rm = chart(
        f"{title}: estimated 1RM ({units})",
        days,
        [
            ("e1RM", units, [p["value"] for p in one_rm]),
            ("Re-test", units, [p["value"] if p["mark"] == "retest" else None for p in one_rm]),
            ("Held", units, [p["value"] if p["mark"] == "held" else None for p in one_rm]),
        ],
    )
    holds = [{"date": d, "value": v, "mark": how} for d, v, how in found.holds]
    hold_chart = chart(
        f"{title}: best hold (s)",
        [h["date"] for h in holds],
        [
            ("Best hold", "s", [h["value"] for h in holds]),
            ("Re-test", "s", [h["value"] if h["mark"] == "retest" else None for h in holds]),
        ],
    )
    weeks = [w for w, _ in found.weekly_volume]
    volume = chart(
        f"{title}: weekly volume ({units})",
        weeks,
        [("Volume", units, [v for _, v in found.weekly_volume])],
    )
    sessions = chart(
        "Sessions a week: done and planned",
        [w for w, _, _ in found.sessions],
        [
            ("Done", "sessions", [n for _, n, _ in found.sessions]),
            ("Planned", "sessions", [p for _, _, p in found.sessions]),
        ],
    )
    done, due, through, planned = found.done_of_due(today)
    return {
        "found": found,
        "sources": SOURCES,
        "title": title,
        "units": units,
        "one_rm": one_rm,
        "e1rm": e1rm,
        "holds": holds,
        "hold_chart": hold_chart,
        "volume": volume,
        "sessions": sessions,
        "adherence": {"done": done, "due": due, "through": through, "planned": planned},
    }
