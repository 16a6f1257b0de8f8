"""Runs as shells show them: the weeks of `runs`, each run with how it was read, and an
import's report; one JSON shape and one text each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: present depends on no layer below the app at run time
    from runstrong.app.runs import RunsImported, RunsReport, RunsUpload, RunWeekReport
    from runstrong.core.activities import Activity
    from runstrong.core.runweek import RunRead, TypicalWeek

KM_PER_MILE = 1.609344


def distance(metres: float | None, units: str) -> str:
    """'10.2 km' (or '6.3 mi' for an athlete in pounds); '-' without a distance."""
    if metres is None:
        return "-"
    if units == "lb":
        return f"{metres / 1000 / KM_PER_MILE:.1f} mi"
    return f"{metres / 1000:.1f} km"


def clock(seconds: float) -> str:
    """'0:52' (hours:minutes)."""
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def run_dict(read: RunRead) -> dict[str, Any]:
    """One run, its type and why."""
    a = read.run
    return {
        "date": a.date.isoformat(),
        "weekday": f"{a.date:%a}".lower(),
        "type": read.type.value,
        "why": read.reason,
        "name": a.name,
        "duration_s": round(a.duration_s),
        "distance_m": None if a.distance_m is None else round(a.distance_m),
        "elevation_gain_m": None if a.elevation_gain_m is None else round(a.elevation_gain_m),
        "avg_hr": a.avg_hr,
        "max_hr": a.max_hr,
        "rpe": a.rpe,
        "source": a.source,
    }


def _other_dict(a: Activity) -> dict[str, Any]:
    return {
        "date": a.date.isoformat(),
        "sport": a.sport,
        "name": a.name,
        "duration_s": round(a.duration_s),
        "distance_m": None if a.distance_m is None else round(a.distance_m),
        "rpe": a.rpe,
    }


def typical_dict(week: TypicalWeek | None) -> dict[str, Any] | None:
    """The running week read from the runs, as --runs writes it, with each day's reason."""
    if week is None:
        return None
    return {
        "runs": week.text(),
        "weeks_with_runs": week.weeks,
        "from": week.first.isoformat(),
        "to": week.last.isoformat(),
        "days": list(week.days),
    }


def report_dict(report: RunsReport) -> dict[str, Any]:
    """`runs --format json`."""
    return {
        "athlete": report.athlete,
        "weeks": [
            {
                "start": w.start.isoformat(),
                "runs": [run_dict(r) for r in w.runs],
                "distance_m": round(w.distance_m),
                "duration_s": round(w.duration_s),
                "cross_training": [_other_dict(a) for a in w.other],
            }
            for w in report.weeks
        ],
        "running_week": typical_dict(report.typical),
        "window": typical_dict(report.typical_weeks),
    }


def _week_text(week: RunWeekReport, units: str) -> list[str]:
    count = len(week.runs)
    lines = [
        f"week of {week.start}: {count} run{'' if count == 1 else 's'}, "
        f"{distance(week.distance_m, units)}, {clock(week.duration_s)}"
    ]
    for r in week.runs:
        a = r.run
        name = f"  '{a.name}'" if a.name else ""
        lines.append(
            f"  {a.date:%a %d}  {r.type.value:<9}  {distance(a.distance_m, units):>8}  "
            f"{clock(a.duration_s):>5}  {r.reason}{name}"
        )
    for a in week.other:
        name = f"  '{a.name}'" if a.name else ""
        lines.append(
            f"  {a.date:%a %d}  {'(' + a.sport + ')':<9}  {distance(a.distance_m, units):>8}  "
            f"{clock(a.duration_s):>5}  cross-training{name}"
        )
    return lines


def report_text(report: RunsReport, explain: bool = False) -> str:
    """`runs`: week by week, each run with its type and why, then the running week they show."""
    lines = [f"{report.athlete}: what was run, {len(report.weeks)} weeks"]
    for week in report.weeks:
        lines += _week_text(week, report.units)
    window = report.typical_weeks
    span = f"{window.first} to {window.last}"
    if report.typical is not None:
        lines.append(
            f"running week read from {window.weeks} weeks with runs ({span}): "
            f"{report.typical.text()} (the athlete's plans use it unless given a running week)"
        )
    else:
        lines.append(
            f"running week: only {window.weeks} weeks with runs in {span}; plans use the "
            "saved running week until 4 weeks have runs"
        )
    if explain:
        lines += [f"  {line}" for line in window.days]
    return "\n".join(lines) + "\n"


def imported_dict(found: RunsImported) -> dict[str, Any]:
    """`runs import --format json`."""
    return {
        "files": found.files,
        "read": found.read,
        "added": found.added,
        "runs": found.runs,
        "duplicates": found.duplicates,
    }


def imported_text(found: RunsImported) -> str:
    """`runs import`: what was read and added."""
    return (
        f"read {found.read} activities from {found.files} file{'' if found.files == 1 else 's'}\n"
        f"  new: {found.added} ({found.runs} runs, {found.added - found.runs} cross-training)\n"
        f"  skipped as already imported: {found.duplicates}\n"
    )


def upload_dict(found: RunsUpload) -> dict[str, Any]:
    """An upload's report (the web and the API): `imported_dict`, and the files refused with
    their reasons."""
    return {
        **imported_dict(found.imported),
        "refused": [{"file": r.file, "reason": r.reason} for r in found.refused],
    }
