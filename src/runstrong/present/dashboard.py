"""A squad dashboard's rows as the API, the CSV export and the page show them: one shape per
row, exercise ids with their names, numbers as a runner writes them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runstrong.app.dashboard import Dashboard, Row
    from runstrong.storage.coaching import Marked
    from runstrong.storage.records import SessionRecord

CSV_COLUMNS = (
    "athlete_id",
    "athlete",
    "first_day",
    "last_day",
    "planned",
    "done",
    "moved",
    "missed",
    "due",
    "adherence",
    "rpe_high",
    "lowered",
    "retests",
    "last_logged",
    "comments",
)
"""The adherence CSV's header (docs/coach.md); more columns may be added at the end."""


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def adherence_text(value: float | None) -> str:
    """Adherence as a percentage, or a dash while nothing is due."""
    return "-" if value is None else f"{round(value * 100)}%"


def marked_text(x: Marked, units: str, names: Mapping[str, str]) -> str:
    """`Back squat 102 -> 95 kg`, `Back squat 110 kg (re-test)` or `Side plank 75 s`."""
    name = names.get(x.exercise_id, x.exercise_id)
    if x.hold:
        return f"{name} {_number(x.value)} s{' a side' if x.per_side else ''}"
    if x.source != "retest" and x.before is not None:
        return f"{name} {_number(x.before)} -> {_number(x.value)} {units}"
    return f"{name} {_number(x.value)} {units}"


def _marked(x: Marked) -> dict[str, Any]:
    found: dict[str, Any] = {"exercise": x.exercise_id, "date": x.date.isoformat()}
    if x.hold:
        return {**found, "seconds": int(x.value), "per_side": x.per_side}
    return {**found, "one_rm": x.value, "before": x.before}


def row_dict(row: Row) -> dict[str, Any]:
    """One athlete's line (the API's shape)."""
    return {
        "athlete": {"id": row.athlete_id, "name": row.athlete},
        "first_day": row.first.isoformat(),
        "last_day": row.last.isoformat(),
        "plan_id": row.plan_id,
        "planned": row.planned,
        "done": row.done,
        "moved": row.moved,
        "missed": row.missed,
        "due": row.due,
        "adherence": None if row.adherence is None else round(row.adherence, 3),
        "rpe_high": row.rpe_high,
        "harder_than_planned": [
            {
                "session_id": o.session_id,
                "date": o.date.isoformat(),
                "exercise": o.exercise_id,
                "what": o.what,
                "logged": o.logged,
                "target": o.target,
            }
            for o in row.counts.overshoots
        ],
        "units": row.units,
        "lowered": [_marked(x) for x in row.lowered],
        "retests": [_marked(x) for x in row.retests],
        "last_logged": None if row.last_logged is None else row.last_logged.isoformat(),
        "comments": row.comments,
        "newest_comment": None if row.newest_comment is None else _comment(row.newest_comment),
    }


def _comment(x: Any) -> dict[str, Any]:
    return {
        "id": x.id,
        "session": f"{x.plan_id}-{x.day.isoformat()}",
        "author": x.author,
        "role": x.role,
        "body": x.body,
        "created": x.created.isoformat(),
    }


def dashboard_dict(found: Dashboard) -> dict[str, Any]:
    """The whole dashboard (the API's shape)."""
    q = found.query
    return {
        "squad": {"id": found.squad_id, "name": found.squad},
        "week": q.week.isoformat(),
        "view": q.view,
        "sort": q.sort,
        "order": q.order,
        "today": found.today.isoformat(),
        "rows": [row_dict(r) for r in found.rows],
    }


def csv_cells(row: Row, names: Mapping[str, str]) -> list[object]:
    """One athlete's CSV row, in CSV_COLUMNS' order: counts as numbers, adherence 0-1,
    lowered 1RMs and re-tests as `name value` texts joined by `; `."""
    return [
        row.athlete_id,
        row.athlete,
        row.first.isoformat(),
        row.last.isoformat(),
        row.planned,
        row.done,
        row.moved,
        row.missed,
        row.due,
        None if row.adherence is None else round(row.adherence, 3),
        row.rpe_high,
        "; ".join(marked_text(x, row.units, names) for x in row.lowered),
        "; ".join(marked_text(x, row.units, names) for x in row.retests),
        None if row.last_logged is None else row.last_logged.isoformat(),
        row.comments,
    ]


def logged_dict(x: SessionRecord) -> dict[str, Any]:
    """A logged session with its rows (the coach API's shape)."""
    return {
        "id": x.id,
        "date": x.date.isoformat(),
        "plan_id": x.plan_id,
        "rpe": x.rpe,
        "notes": x.notes,
        "source": x.source,
        "entries": [e.as_json() for e in x.entries],
    }
