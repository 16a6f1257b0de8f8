"""The logbook's objects as shells show them: one JSON shape each (athlete, 1RM, hold, set,
planned session, logged session, saved plan, history row, progress, import report) and their
short texts, so the terminal, the API and the web pages say the same thing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runstrong.core.serialize import is_hold_test
from runstrong.present import prescription as rx

if TYPE_CHECKING:
    from typing_extensions import TypeIs

if TYPE_CHECKING:  # types only: present depends on no layer below the app at run time
    from runstrong.app.imports import ImportSummary
    from runstrong.app.schedule import PlannedSession
    from runstrong.app.sessions import LogResult
    from runstrong.app.trends import Progress
    from runstrong.storage.records import (
        AthleteRecord,
        HistoryRow,
        HoldRecord,
        LiftRecord,
        PlanRecord,
        SetEntry,
    )


def athlete_dict(
    person: AthleteRecord,
    lifts: dict[str, LiftRecord] | None = None,
    holds: dict[str, HoldRecord] | None = None,
) -> dict[str, Any]:
    """An athlete as JSON (with the current 1RMs and hold tests when given)."""
    found: dict[str, Any] = {
        "name": person.name,
        "units": person.units,
        "setup": person.setup,
        "equipment": list(person.equipment),
        "runs": person.runs,
        "avoid": list(person.avoid),
        "experience": person.experience,
        "created": person.created.isoformat(timespec="seconds"),
    }
    if lifts is not None:
        found["lifts"] = {i: lift_dict(x) for i, x in sorted(lifts.items())}
    if holds is not None:
        found["holds"] = {i: hold_dict(x) for i, x in sorted(holds.items())}
    return found


def lift_dict(lift: LiftRecord) -> dict[str, Any]:
    """A 1RM entry as JSON."""
    return {
        "exercise": lift.exercise_id,
        "one_rm": lift.one_rm,
        "date": lift.date.isoformat(),
        "source": lift.source,
        "weight": lift.weight,
        "reps": lift.reps,
        "formula": lift.formula,
    }


def lift_text(lift: LiftRecord, units: str) -> str:
    """`back-squat: 100 kg (tested, 2027-01-04)`."""
    how = lift.source
    if lift.weight is not None and lift.reps and lift.reps > 1:
        how += f" from {lift.reps} x {lift.weight:g}"
    if lift.formula:
        how += f", {lift.formula}"
    return f"{lift.exercise_id}: {lift.one_rm:g} {units} ({how}, {lift.date})"


def hold_dict(hold: HoldRecord) -> dict[str, Any]:
    """A hold-test result as JSON."""
    return {
        "exercise": hold.exercise_id,
        "seconds": hold.seconds,
        "per_side": hold.per_side,
        "date": hold.date.isoformat(),
        "source": hold.source,
    }


def hold_text(hold: HoldRecord) -> str:
    """`side-plank: 75 s per side (retest, 2027-01-06)`."""
    side = " per side" if hold.per_side else ""
    return f"{hold.exercise_id}: {hold.seconds} s{side} ({hold.source}, {hold.date})"


def entry_text(e: SetEntry) -> str:
    """One stored row in the notation: `back-squat 3x5@85kg@rpe8`."""
    work = f"{e.reps}" if e.reps is not None else f"{e.seconds}s"
    load = "" if e.load is None else f"@{e.load:g}{e.units}"
    rpe = "" if e.rpe is None else f"@rpe{e.rpe:g}"
    return f"{e.exercise_id} {e.sets}x{work}{load}{rpe}"


def planned_notation(item: dict[str, Any], units: str) -> str:
    """What the plan asks of one exercise, in the log notation (the interactive default)."""
    sets = int(item.get("sets") or 1)
    if is_hold_test(item):
        return f"{sets}x?s"
    if item.get("seconds"):
        return f"{sets}x{item['seconds']}s"
    reps = item.get("reps") or 1
    load = item.get("load")
    return f"{sets}x{reps}" + ("" if load is None else f"@{float(load):g}{units}")


def exercise_line(item: dict[str, Any], units: str) -> str:
    if is_hold_test(item):
        side = ", each side" if item.get("per_side") else ""
        sets = int(item.get("sets") or 1)
        return f"  {item.get('name', item.get('id'))}: {sets} x hold as long as you can{side}"
    dose = planned_notation(item, units)
    if item.get("reps_max") and item.get("reps") and item["reps_max"] != item["reps"]:
        dose += f" (up to {item['reps_max']} reps)"
    if item.get("load") is None and item.get("percent_1rm") is not None:
        dose += f", {rx.load(item, units)}"  # no 1RM known: the weight by effort
    if item.get("load") is None and item.get("rir") is not None:
        dose += f", stop {item['rir']} reps short of failure"
    if item.get("per_side"):
        dose += " per side"
    return f"  {item.get('name', item.get('id'))}: {dose}"


def planned_text(found: PlannedSession) -> str:
    session = found.session
    kind = session.get("kind", "strength")
    head = f"{found.date} ({found.date.strftime('%a').lower()})"
    extra = f" · {kind}" if kind != "strength" else ""
    lines = [f"{head} · plan #{found.plan_id}{extra} · about {session.get('minutes', '?')} min"]
    planned_ids = []
    for item in session.get("exercises", []):
        line = exercise_line(item, found.units)
        planned_ids.append(item.get("id"))
        if found.logged:  # as planned, then what was lifted
            sets = [sets_text(e) for e in found.lifted if e.exercise_id == item.get("id")]
            line += f" -> lifted {' '.join(sets)}" if sets else " -> not logged"
        lines.append(line)
    if found.logged:
        unplanned = [e for e in found.lifted if e.exercise_id not in planned_ids]
        lines.append(f"  logged: session #{', #'.join(str(i) for i in found.logged)}")
        lines += [f"  also lifted: {entry_text(e)}" for e in unplanned]
    return "\n".join(lines)


def sets_text(e: SetEntry) -> str:
    """One stored row's sets without the exercise: `3x5@85kg@rpe8`."""
    return entry_text(e).split(" ", 1)[1]


def planned_dict(found: PlannedSession) -> dict[str, Any]:
    return {
        "plan_id": found.plan_id,
        "date": found.date.isoformat(),
        "units": found.units,
        "logged": list(found.logged),
        "lifted": [e.as_json() for e in found.lifted],
        "session": found.session,
    }


def _is_hold(found: LiftRecord | HoldRecord) -> TypeIs[HoldRecord]:
    """A hold time (seconds) rather than a 1RM: the two records a re-test writes."""
    return getattr(found, "seconds", None) is not None


def retest_dict(found: LiftRecord | HoldRecord) -> dict[str, Any]:
    """What a re-test recorded, as JSON: `{"one_rm": 116.67}` or `{"seconds": 75, ...}`."""
    if _is_hold(found):
        return {"seconds": found.seconds, "per_side": found.per_side}
    return {"one_rm": found.one_rm}


def retest_text(found: LiftRecord | HoldRecord, units: str) -> str:
    """`1RM 116.67kg` or `hold 75s per side` (a 1RM is in the athlete's `units`)."""
    if _is_hold(found):
        return f"hold {found.seconds}s" + (" per side" if found.per_side else "")
    return f"1RM {found.one_rm:g}{units}"


def log_result_dict(result: LogResult) -> dict[str, Any]:
    """What logging a session saved, learnt and held, as JSON."""
    return {
        "session_id": result.session_id,
        "date": result.date.isoformat(),
        "plan_id": result.plan_id,
        "entries": [e.as_json() for e in result.entries],
        "learnt": [{**lift_dict(x), "why": x.note} for x in result.learnt],
        "held": [
            {"exercise": x.exercise_id, "one_rm": x.one_rm, "why": x.reason} for x in result.held
        ],
        "holds": [hold_dict(x) for x in result.holds],
        "merged": result.merged,
    }


def plan_record_dict(p: PlanRecord) -> dict[str, Any]:
    """A saved plan's summary as JSON."""
    weeks = p.plan.get("weeks", [])
    return {
        "id": p.id,
        "created": p.created.isoformat(timespec="seconds"),
        "start": None if p.start is None else p.start.isoformat(),
        "end": None if p.end is None else p.end.isoformat(),
        "goal": p.goal,
        "phase": p.phase,
        "weeks": len(weeks),
        "sessions": sum(len(w.get("sessions", [])) for w in weeks),
    }


def history_row_dict(r: HistoryRow) -> dict[str, Any]:
    """One logged row of the history, as JSON."""
    return {
        "session_id": r.session_id,
        "date": r.date.isoformat(),
        "planned": r.planned,
        **r.entry.as_json(),
        "retest": None if r.retest is None else retest_dict(r.retest),
    }


def progress_dict(found: Progress) -> dict[str, Any]:
    """The progress series (e1RM, holds, weekly volume, sessions done/planned), as JSON."""
    return {
        "exercise": found.exercise_id,
        "units": found.units,
        "one_rm": [[d.isoformat(), v] for d, v in found.one_rm],
        "held": [[d.isoformat(), v] for d, v in found.held],
        "weekly_volume": [[d.isoformat(), v] for d, v in found.weekly_volume],
        "sessions": [[d.isoformat(), done, planned] for d, done, planned in found.sessions],
    }


def import_report_dict(found: ImportSummary) -> dict[str, Any]:
    """What an import read, added, skipped and learnt, as JSON."""
    return {
        "app": found.app,
        "layout": found.layout,
        "sessions": found.sessions,
        "sets": found.sets,
        "duplicates": found.duplicates,
        "warmups": found.warmups,
        "drop_sets": found.drop_sets,
        "bodyweight": found.bodyweight,
        "unknown": found.unknown,
        "set_types": found.set_types or {},
        "warnings": list(found.warnings),
        "lifts": [lift_dict(x) for x in found.lifts],
    }
