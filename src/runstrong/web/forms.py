"""Plan requests from the plan builder's form and from the API's JSON, in the CLI's names.

Both end as the application layer's `PlanRequest`: the checks, the defaults and the messages are
the CLI's own, only the wording of a field differs (a form's label, the API's key).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from runstrong.app.requests import PlanRequest
from runstrong.core.model import (
    Distance,
    Equipment,
    Experience,
    Goal,
    Limitation,
    Phase,
    RunType,
)
from runstrong.errors import InputError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The form's choices come from the domain's own enums: a new value shows up here by itself.
RUN_TYPES = tuple(r.value for r in RunType)
GOALS = tuple(g.value for g in Goal)
PHASES = tuple(p.value for p in (Phase.OFF_SEASON, Phase.PRE_SEASON, Phase.IN_SEASON))
DISTANCES = tuple(d.value for d in Distance)
EXPERIENCE = tuple(x.value for x in Experience)
LIMITATIONS = tuple(x.value for x in Limitation)
EQUIPMENT = tuple(e.value for e in Equipment if e is not Equipment.NONE)

PLAN_LABELS = {
    "goal": "Goal",
    "phase": "Phase",
    "race": "Race date",
    "race_distance": "Race distance",
    "weeks": "Weeks",
    "start": "First day",
    "sessions": "Sessions a week",
    "experience": "Experience",
    "setup": "Set-up",
    "equipment": "Equipment",
    "lifts": "Lifts",
    "runs": "Running week",
    "runs_ics": "Running calendar (.ics)",
    "minutes": "Most minutes a session",
    "avoid": "Protect",
    "units": "Units",
    "seed": "Seed",
    "run_types": "Run types",
}


def _text(value: object) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def lift_lines(text: str | None) -> tuple[str, ...]:
    """`back-squat=100` items, one a line or comma-separated, blanks left out."""
    if not text:
        return ()
    return tuple(item.strip() for item in text.replace(",", "\n").splitlines() if item.strip())


def runs_text(days: Mapping[str, object]) -> str | None:
    """`mon=easy,tue=intervals` from one value a day; rest days left out."""
    found = [f"{d}={v}" for d in DAYS if (v := _text(days.get(d))) and v != "rest"]
    return ",".join(found) or None


def from_form(
    form: Mapping[str, Any], many: Mapping[str, Sequence[str]], ics: bytes | None
) -> PlanRequest:
    """The plan builder's fields (names as PlanRequest's; a day's run as `runs.mon`)."""
    setup = _text(form.get("setup"))
    equipment = ",".join(many.get("equipment", ())) or "none"
    runs = runs_text({d: form.get(f"runs.{d}") for d in DAYS})
    race = _text(form.get("race"))
    return PlanRequest(
        goal=_text(form.get("goal")) or "strength",
        phase=None if race else _text(form.get("phase")),
        race=race,
        race_distance=_text(form.get("race_distance")) if race else None,
        weeks=_text(form.get("weeks")),
        start=_text(form.get("start")),
        sessions=_text(form.get("sessions")),
        experience=_text(form.get("experience")),
        setup=setup,
        equipment=None if setup else equipment,
        lifts=lift_lines(_text(form.get("lifts"))),
        runs=None if ics else runs,
        runs_ics=ics,
        minutes=_text(form.get("minutes")),
        avoid=tuple(many.get("avoid", ())),
        units=_text(form.get("units")),
        retests=form.get("retests") in ("on", "true", "1"),
    )


def from_json(data: Mapping[str, Any]) -> PlanRequest:
    """The API's plan request (SPEC.md: the CLI's names; lifts and runs as objects)."""
    lifts = data.get("lifts") or {}
    if not isinstance(lifts, Mapping):
        raise InputError("lifts", 'must be an object like {"back-squat": "100"}')
    runs = data.get("runs")
    if runs is not None and not isinstance(runs, Mapping):
        raise InputError("runs", 'must be an object like {"tue": "intervals"}')
    equipment = data.get("equipment")
    if equipment is not None and not (
        isinstance(equipment, list) and all(isinstance(e, str) for e in equipment)
    ):
        raise InputError("equipment", 'must be a list of names like ["barbell", "band"]')
    avoid = data.get("avoid") or []
    if not (isinstance(avoid, list) and all(isinstance(a, str) for a in avoid)):
        raise InputError("avoid", 'must be a list of names like ["knee"]')
    unknown_days = sorted(set(runs or {}) - set(DAYS))
    if unknown_days:
        raise InputError(f"runs.{unknown_days[0]}", f"not a day; allowed: {', '.join(DAYS)}")
    return PlanRequest(
        goal=str(data.get("goal") or "strength"),
        phase=_text(data.get("phase")),
        race=_text(data.get("race")),
        race_distance=_text(data.get("race_distance")),
        weeks=_text(data.get("weeks")),
        start=_text(data.get("start")),
        sessions=_text(data.get("sessions")),
        experience=_text(data.get("experience")),
        setup=_text(data.get("setup")),
        equipment=None if equipment is None else ",".join(equipment) or "none",
        lifts=tuple(f"{k}={v}" for k, v in lifts.items()),
        runs=None if runs is None else (runs_text(runs) or ""),
        minutes=_text(data.get("minutes")),
        avoid=tuple(avoid),
        units=_text(data.get("units")),
        seed=_text(data.get("seed")) or 0,
    )
