"""Who did what: a squad's dashboard (a table sortable by links, no JavaScript needed), its
adherence CSV, and the coach's page of one athlete (their plan, log and 1RM charts). Kept pages
are keyed by the revisions of the athletes they show (web/cache.py), read in one query, so
several workers stay correct; another coach's squad or athlete is 404 (app/coaching.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from runstrong.web import cache, deps, render

router = APIRouter()

HEADINGS = (
    ("athlete", "Athlete"),
    ("planned", "Planned"),
    ("done", "Done"),
    ("moved", "Moved"),
    ("missed", "Missed"),
    ("adherence", "Adherence"),
    ("rpe_high", "Harder than planned"),
    ("lowered", "1RMs lowered"),
    ("retests", "Re-tests"),
    ("comments", "Comments"),
    ("last_logged", "Last logged"),
)
"""The table's columns, each a sort link (app.dashboard.COLUMNS)."""
ARIA_SORT = {"asc": "ascending", "desc": "descending"}


def _link(request: Request, squad_id: int, query: Any, **changes: Any) -> str:
    """The dashboard's address with the query as it is, but for `changes`."""
    values = {
        "week": query.week.isoformat(),
        "view": query.view,
        "sort": query.sort,
        "order": query.order,
        **{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in changes.items()},
    }
    return render.href(request, f"/coach/squads/{squad_id}/dashboard?{urlencode(values)}")


def _headings(request: Request, squad_id: int, query: Any) -> list[dict[str, Any]]:
    """Each column's heading: its sort link (the other order when it is the sorted one) and
    its aria-sort."""
    out = []
    for column, label in HEADINGS:
        current = query.sort == column
        order = "desc" if current and query.order == "asc" else "asc"
        out.append(
            {
                "column": column,
                "label": label,
                "href": _link(request, squad_id, query, sort=column, order=order),
                "aria_sort": ARIA_SORT[query.order] if current else None,
            }
        )
    return out


def _names(request: Request, rows: Any) -> dict[str, str]:
    from runstrong.web.pages.progress import names

    ids = {x.exercise_id for r in rows for x in (*r.lowered, *r.retests)}
    return names(deps.context(request), ids)


def _dashboard_html(request: Request, found: Any) -> Response:
    from runstrong.app.dashboard import FIRST_DAY, LAST_DAY
    from runstrong.present.dashboard import adherence_text, marked_text

    q = found.query
    names = _names(request, found.rows)
    earlier = q.week - dt.timedelta(weeks=1)
    later = q.week + dt.timedelta(weeks=1)
    values = {
        "found": found,
        "query": q,
        "headings": _headings(request, found.squad_id, q),
        "rows": [
            {
                "row": r,
                "adherence": adherence_text(r.adherence),
                "lowered": [marked_text(x, r.units, names) for x in r.lowered],
                "retests": [marked_text(x, r.units, names) for x in r.retests],
            }
            for r in found.rows
        ],
        "earlier": _link(request, found.squad_id, q, week=earlier)
        if earlier >= FIRST_DAY
        else None,
        "later": _link(request, found.squad_id, q, week=later) if later <= LAST_DAY else None,
        "this_week": _link(request, found.squad_id, q, week=""),
        "other_view": _link(
            request, found.squad_id, q, view="block" if q.view == "week" else "week"
        ),
        "csv": render.href(
            request,
            f"/coach/squads/{found.squad_id}/adherence.csv?"
            + urlencode({"week": q.week.isoformat(), "view": q.view}),
        ),
    }
    return render.page(request, "pages/coach_dashboard.html", values)


@router.get("/coach/squads/{squad_id}/dashboard")
async def dashboard_page(
    request: Request,
    viewer: deps.PageViewer,
    today: deps.Today,
    squad_id: int,
    week: str = "",
    view: str = "",
    sort: str = "",
    order: str = "",
) -> Response:
    """Who did what in the squad this week (or another, or the block): one row per athlete,
    sorted by any column. Kept while no member's data changes."""
    from runstrong.app import dashboard

    ctx = deps.context(request)
    query = dashboard.checked_query(today, week, view, sort, order)
    key = await run_in_threadpool(dashboard.squad_key, ctx, viewer.user, squad_id)

    def build() -> Response:
        found = dashboard.dashboard(ctx, viewer.user, squad_id, query, today)
        return _dashboard_html(request, found)

    return await cache.page(request, viewer, today, build, extra=key)


@router.get("/coach/squads/{squad_id}/adherence.csv")
def adherence_csv(
    request: Request,
    viewer: deps.PageViewer,
    today: deps.Today,
    squad_id: int,
    week: str = "",
    view: str = "",
) -> Response:
    """The dashboard's rows as CSV (one header row), for a spreadsheet or the club's records."""
    from runstrong.app import dashboard
    from runstrong.export.tabular import BOM, table_csv
    from runstrong.present.dashboard import CSV_COLUMNS, csv_cells

    query = dashboard.checked_query(today, week, view)
    found = dashboard.dashboard(deps.context(request), viewer.user, squad_id, query, today)
    names = _names(request, found.rows)
    text = table_csv(CSV_COLUMNS, (csv_cells(r, names) for r in found.rows))
    filename = f"squad-{found.squad_id}-{query.view}-{query.week.isoformat()}.csv"
    return Response(
        (BOM + text).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# --- one athlete ---------------------------------------------------------------------------------

MAX_CHARTS = 6
"""1RM charts on an athlete's page: the exercises with the most entries (a page, not a report)."""


def _lift_charts(ctx: Any, lifts: Any, units: str) -> list[dict[str, Any]]:
    """One chart and table per exercise with 1RM entries, most entries first: the 1RM over
    time, re-tests marked (as /progress draws them)."""
    from collections import Counter

    from runstrong.web.pages.progress import SOURCES, chart, names

    counted = Counter(x.exercise_id for x in lifts)
    chosen = [i for i, _n in counted.most_common(MAX_CHARTS)]
    titles = names(ctx, chosen)
    out: list[dict[str, Any]] = []
    for exercise_id in sorted(chosen, key=lambda i: titles[i].lower()):
        by_day = {x.date: x for x in lifts if x.exercise_id == exercise_id}  # a day's last
        points = [by_day[d] for d in sorted(by_day)]
        title = f"{titles[exercise_id]}: 1RM ({units})"
        out.append(
            {
                "id": f"chart-1rm-{len(out)}",
                "exercise_id": exercise_id,
                "title": title,
                "points": points,
                "sources": SOURCES,
                "chart": chart(
                    title,
                    [p.date for p in points],
                    [
                        ("1RM", units, [p.one_rm for p in points]),
                        (
                            "Re-test",
                            units,
                            [p.one_rm if p.source == "retest" else None for p in points],
                        ),
                    ],
                ),
            }
        )
    return out


def athlete_html(
    request: Request,
    viewer: deps.Viewer,
    athlete_id: int,
    today: dt.date,
    errors: dict[str, str] | None = None,
) -> Response:
    """What the coach sees of one athlete: profile, 1RMs, saved plans, squads, this week's and
    next week's sessions, the recent log and 1RM charts; with `errors`, a form of it refused
    (422, each message beside its field)."""
    from runstrong.app import coaching, dashboard
    from runstrong.present.logbook import entry_text, exercise_line, hold_text
    from runstrong.web import forms
    from runstrong.web.pages.athlete import profile_values
    from runstrong.web.pages.progress import names

    ctx = deps.context(request)
    found = coaching.athlete_view(ctx, viewer.user, athlete_id)
    detail = dashboard.athlete_detail(ctx, viewer.user, athlete_id, today)
    scoped = deps.athlete_context(request, found.athlete.name)
    titles = names(scoped, found.one_rms)
    lifts = sorted(((titles[i], x) for i, x in found.one_rms.items()), key=lambda t: t[0].lower())
    logged_ids = {e.exercise_id for x in detail.log for e in x.entries}
    log_names = names(scoped, logged_ids)
    values = {
        "view": found,
        "person": found.athlete,
        "saved": profile_values(found.athlete),
        "lifts": lifts,
        "f": forms,
        "detail": detail,
        "next_week": detail.week + dt.timedelta(weeks=1),
        "planned": [
            {
                "p": p,
                "this_week": p.date < detail.week + dt.timedelta(weeks=1),
                "lines": [exercise_line(i, p.units).strip() for i in p.session["exercises"]],
            }
            for p in detail.planned
        ],
        "log": [
            {
                "session": x,
                "rows": [
                    (log_names.get(e.exercise_id, e.exercise_id), entry_text(e), e)
                    for e in x.entries
                ],
            }
            for x in detail.log
        ],
        "charts": _lift_charts(scoped, detail.lifts, found.athlete.units),
        "holds": [hold_text(h) for h in detail.holds if h.source == "retest"][-5:],
        "today": today,
        "later_from": detail.week + dt.timedelta(weeks=2),
        "errors": errors or {},
    }
    from runstrong.web.pages.edits import athlete_sections
    from runstrong.web.pages.shares import coach_part

    values.update(athlete_sections(request, viewer, athlete_id))  # upcoming, changes
    values.update(coach_part(request, viewer, found, today))  # share links the coach made
    return render.page(request, "pages/coach_athlete.html", values, status=422 if errors else 200)


async def athlete_page(
    request: Request, viewer: deps.Viewer, today: dt.date, athlete_id: int
) -> Response:
    """The coach's page of one athlete, kept while their data's revision stays."""
    from runstrong.app import dashboard

    ctx = deps.context(request)
    key = await run_in_threadpool(dashboard.athlete_key, ctx, viewer.user, athlete_id)
    return await cache.page(
        request, viewer, today, lambda: athlete_html(request, viewer, athlete_id, today), key
    )
