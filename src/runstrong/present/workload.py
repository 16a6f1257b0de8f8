"""The load view's one JSON shape and its wording for people: the weekly table's cells, the
stacked bars in text, the cautions. Plain data in, plain data out."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runstrong.app.workload import LoadView
    from runstrong.core.workload import Metrics, SessionLoad, WeekLoad

SCHEMA = "runstrong.workload/1"
BARS = {"run": "█", "strength": "▓", "cross": "░"}
"""One character per kind in the text chart, distinct without colour."""
KINDS = ("run", "strength", "cross")


def _load(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def metrics_dict(m: Metrics) -> dict[str, Any]:
    """One scale's numbers for a week."""
    return {
        "total": _load(m.total),
        "monotony": _ratio(m.monotony),
        "strain": _load(m.strain),
        "acwr": _ratio(m.acwr),
        "acwr_ewma": _ratio(m.acwr_ewma),
        "note": m.note,
    }


def week_dict(w: WeekLoad, deloads: set[str], races: list[str]) -> dict[str, Any]:
    """A week: session-RPE load by kind and its numbers, TRIMP apart, the plan's marks."""
    monday = w.monday.isoformat()
    last = (w.monday + dt.timedelta(days=6)).isoformat()
    return {
        "monday": monday,
        "run": _load(w.run),
        "strength": _load(w.strength),
        "cross": _load(w.cross),
        **metrics_dict(w.srpe),
        "sessions": w.sessions,
        "unknown_sessions": w.unknown,
        "unknown_minutes": _load(w.unknown_minutes),
        "partial": w.partial,
        "deload": monday in deloads,
        "race": next((r for r in races if monday <= r <= last), None),
        "trimp": metrics_dict(w.trimp),
    }


def session_dict(x: SessionLoad) -> dict[str, Any]:
    """A session, its load and the method that found it."""
    i = x.item
    return {
        "date": i.day.isoformat(),
        "kind": i.kind.value,
        "minutes": round(i.minutes, 1),
        "rpe": i.rpe,
        "rpe_from": None if i.rpe is None else i.rpe_from.value,
        "minutes_from": i.minutes_from,
        "method": x.method.value,
        "load": _load(x.load),
        "trimp": _load(i.trimp),
        "source": i.source,
    }


def workload_dict(view: LoadView) -> dict[str, Any]:
    """The whole view as `--format json` prints it (schema runstrong.workload/1)."""
    from runstrong.core.workload import ACWR_CAUTION

    load, marks = view.load, view.markers
    deloads = {d.isoformat() for d in marks.deloads}
    races = [r.isoformat() for r in marks.races]
    hr = view.heart_rate
    return {
        "schema": SCHEMA,
        "athlete": view.athlete,
        "today": load.today.isoformat(),
        "units": {
            "load": "AU: session RPE (0-10) x minutes (Foster et al. 2001)",
            "trimp": "AU: Banister TRIMP from average heart rate (Morton et al. 1990)",
        },
        "heart_rate": None
        if hr is None
        else {"rest": hr.rest, "max": hr.max, "weighting": hr.weighting.value},
        "missing_rpe": view.assumed_rpe,
        "first_day": None if load.first_day is None else load.first_day.isoformat(),
        "acwr": {
            "rolling": _ratio(load.acwr),
            "ewma": _ratio(load.acwr_ewma),
            "trimp_rolling": _ratio(load.trimp_acwr),
            "trimp_ewma": _ratio(load.trimp_acwr_ewma),
            "caution": ACWR_CAUTION,
        },
        "deloads": sorted(deloads),
        "races": races,
        "next_race": None if marks.next_race is None else marks.next_race.isoformat(),
        "cautions": list(load.cautions),
        "weeks": [week_dict(w, deloads, races) for w in load.weeks],
        "sessions": [session_dict(x) for x in load.sessions],
    }


def number(value: float | None, places: int = 0) -> str:
    """A cell: the number, or '-' where it has no value."""
    return "-" if value is None else f"{value:.{places}f}"


def marks(week: dict[str, Any]) -> str:
    """The week's marks in words: deload, race, unfinished, sessions without a load."""
    out = []
    if week["deload"]:
        out.append("deload")
    if week["race"]:
        out.append(f"race {week['race']}")
    if week["note"] == "week to come":
        out.append("to come")
    elif week["partial"]:
        out.append("so far")
    if week["unknown_sessions"]:
        out.append(f"{week['unknown_sessions']} without RPE")
    return ", ".join(out)


def stacked_bars(data: dict[str, Any], width: int = 40) -> str:
    """A text chart: one line a week, run, strength and cross-training stacked in proportion to
    the heaviest week, the total and the marks; a legend first."""
    weeks = data["weeks"]
    top = max((sum(w[k] or 0 for k in KINDS) for w in weeks), default=0) or 1
    legend = "  ".join(f"{BARS[k]} {k}" for k in KINDS)
    lines = [f"session-RPE load a week (AU)   {legend}"]
    for w in weeks:
        bar = ""
        done = 0.0
        for k in KINDS:  # cumulative rounding: the bar's length is the week's total
            end = done + (w[k] or 0)
            bar += BARS[k] * (round(end / top * width) - round(done / top * width))
            done = end
        note = marks(w)
        lines.append(f"{w['monday']}  {bar:<{width}}  {done:>6.0f}" + (f"  {note}" if note else ""))
    return "\n".join(lines) + "\n"
