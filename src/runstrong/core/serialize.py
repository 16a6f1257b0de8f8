"""The plan as plain JSON-ready data: the `runstrong.plan/1` contract (docs/plan-json.md)."""

from __future__ import annotations

from typing import Any

from runstrong.core.model import WEEKDAYS, Exercise, Limitation, Plan, Prescription, RunWeek, Week
from runstrong.version import __version__

SCHEMA = "runstrong.plan/1"


def runs_dict(runs: RunWeek) -> dict[str, str]:
    """A running week keyed by weekday name."""
    return {day: runs.on(i).value for i, day in enumerate(WEEKDAYS)}


def exercise_dict(exercise: Exercise) -> dict[str, Any]:
    """The catalogue fields every JSON exercise item carries (as `runstrong exercises` prints)."""
    return {
        "id": exercise.id,
        "name": exercise.name,
        "category": exercise.category.value,
        "pattern": exercise.pattern.value,
        "equipment": [e.value for e in exercise.equipment],
        "unilateral": exercise.unilateral,
        "complexity": exercise.complexity,
        "loading": exercise.loading.value,
        "skill": exercise.skill,
        "eccentric": exercise.eccentric,
    }


def _number(value: float | None) -> float | None:
    """Loads and percentages as floats with at most two decimals."""
    return None if value is None else round(float(value), 2)


def prescription_dict(p: Prescription) -> dict[str, Any]:
    """One exercise of a session."""
    avoid_for = sorted(c.limitation.value for c in p.exercise.cautions if c.effect == "avoid")
    soften_for = sorted(c.limitation.value for c in p.exercise.cautions if c.effect == "soften")
    return {
        **exercise_dict(p.exercise),
        "sets": p.sets,
        "reps": p.reps,
        "reps_max": p.reps_max,
        "seconds": p.seconds,
        "per_side": p.per_side,
        "percent_1rm": _number(p.percent_1rm),
        "load": _number(p.load),
        "one_rm": _number(p.one_rm),
        "plates": None if p.plates is None else [_number(x) for x in p.plates],
        "rir": p.rir,
        "contacts": p.contacts,
        "rest_seconds": p.rest_seconds,
        "why": p.why,
        "avoid_for": avoid_for,
        "soften_for": soften_for,
        "notes": list(p.notes),
        "warmup": [
            {"reps": w.reps, "percent_1rm": _number(w.percent_1rm), "load": _number(w.load)}
            for w in p.warmup
        ],
    }


def week_dict(week: Week) -> dict[str, Any]:
    """One week, its runs and its sessions."""
    return {
        "index": week.index,
        "start": week.start.isoformat(),
        "phase": week.phase.value,
        "deload": week.deload,
        "block": week.block,
        "label": week.label,
        "runs": runs_dict(week.runs),
        "own_strength": [d.isoformat() for d in week.own_strength],
        "sessions": [
            {
                "date": s.date.isoformat(),
                "day": WEEKDAYS[s.date.weekday()],
                "kind": s.kind.value,
                "minutes": s.minutes,
                "focus": s.focus,
                "placement": s.placement,
                "contacts": sum(p.contacts or 0 for p in s.exercises),
                "exercises": [prescription_dict(p) for p in s.exercises],
            }
            for s in week.sessions
        ],
    }


def _limitations(values: frozenset[Limitation]) -> list[str]:
    return sorted(v.value for v in values)


def plan_dict(plan: Plan) -> dict[str, Any]:
    """The whole plan, inputs first, then its weeks."""
    a = plan.athlete
    first = plan.weeks[0]
    return {
        "schema": SCHEMA,
        "generator": f"runstrong {__version__}",
        "goal": a.goal.value,
        "units": a.implements.units.value,
        "phase": (a.phase or first.phase).value,
        "sessions_per_week": max(len(w.sessions) for w in plan.weeks),
        "start": (plan.start or first.start).isoformat(),
        "race": None if plan.race is None else plan.race.isoformat(),
        "race_distance": None
        if plan.race is None or plan.distance is None
        else plan.distance.value,
        "setup": a.setup,
        "equipment": sorted({e.value for e in a.equipment} | {"none"}),
        "avoid": _limitations(a.avoid),
        "experience": a.experience.value,
        "minutes": a.minutes,
        "seed": plan.seed,
        "runs": runs_dict(a.runs),
        "one_rms": {k: _number(v) for k, v in plan.one_rms},
        "implements": {
            "bar": a.implements.bar,
            "plates": list(a.implements.plates),
            "dumbbells": list(a.implements.dumbbells),
            "kettlebells": list(a.implements.kettlebells),
        },
        "easier": {k: list(v) for k, v in plan.easier},
        "warnings": list(plan.warnings),
        "weeks": [week_dict(w) for w in plan.weeks],
    }


def is_hold_test(item: dict[str, Any]) -> bool:
    """A planned timed hold with no target time (a plan JSON exercise): hold as long as you can,
    a re-test whose result is the time held."""
    return item.get("loading") == "time" and item.get("seconds") is None
