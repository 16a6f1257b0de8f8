"""The independent validator: re-checks every rule of docs/rules.md on a plan's JSON.

It never imports the planner or its rules (an import-linter contract enforces that): the rule
values (values.py) are a second, deliberate reading of docs/rules.md, so a mistake in one reading
shows up as a disagreement with the other. Errors are values: `check_plan` collects every
violation and never raises, whatever JSON value it is given.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

from runstrong.errors import InputError
from runstrong.validation.checks import check_exercise, check_session, check_week
from runstrong.validation.coaching import (
    bridge_weeks,
    check_coaching,
    eased,
    familiar_weeks,
    heavy_legs,
    run_calendar,
)
from runstrong.validation.placement import check_placement
from runstrong.validation.race import race_ahead, race_days
from runstrong.validation.reading import read_document
from runstrong.validation.season import check_season
from runstrong.validation.values import LOWER_BODY, TAPER_VOLUME_DAYS
from runstrong.validation.violation import Violation

__all__ = ["Violation", "check_plan", "format_violations", "parse_plan_text"]


def parse_plan_text(text: str) -> object:
    """Parse a plan's JSON text; bad JSON raises InputError("PLAN", ...)."""

    def no_constant(name: str) -> object:
        raise ValueError(f"{name} is not a JSON number")

    try:
        return json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise InputError("PLAN", f"not valid JSON: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise InputError("PLAN", f"not valid JSON: {exc or 'nested too deeply'}") from None


def check_plan(plan: object) -> list[Violation]:
    """Every violation of docs/rules.md in a parsed plan; malformed parts are `schema` ones."""
    try:
        return _check(plan)
    except Exception as exc:  # pragma: no cover - a safety net; the property tests call _check
        return [Violation("schema", "plan", f"the plan could not be checked ({exc!r})")]


def format_violations(violations: Sequence[Violation]) -> str:
    """One line per violation, `[rule] where: message`, then a summary line."""
    lines = [f"[{v.rule}] {v.where}: {v.message}" for v in violations]
    if not violations:
        lines.append("no violations: the plan follows every rule")
    else:
        rules = sorted({v.rule for v in violations})
        noun = "violation" if len(violations) == 1 else "violations"
        lines.append(f"{len(violations)} {noun} of {len(rules)} rule(s): {', '.join(rules)}")
    return "\n".join(lines)


def _check(plan: object) -> list[Violation]:
    """Every violation: the `schema` ones from reading, then each week's, placement and season."""
    out: list[Violation] = []
    document = read_document(plan, out)
    if document is None:
        return out
    info = document.plan
    runs_on = run_calendar(document.weeks)
    familiar = familiar_weeks(info, document.weeks)
    bridge = bridge_weeks(info, document.weeks)
    heavy = {
        s.date for w in document.weeks for s in w.sessions if s.date is not None and heavy_legs(s)
    } | {d for w in document.weeks for d in w.own_strength}  # the runner's own: maybe heavy
    races = race_days(document.weeks, info.race)
    for week in document.weeks:
        check_week(week, out)
        near_race = (
            info.race is not None
            and week.start is not None
            and ((info.race - week.start).days < TAPER_VOLUME_DAYS)
        )
        for session in week.sessions:
            check_session(session, info, out)
            primer = race_ahead(session, races) is not None
            for exercise in session.exercises:
                check_exercise(
                    exercise,
                    replace(week, light=True) if near_race or primer else week,
                    info,
                    out,
                    retest=session.kind == "retest",
                    familiar=week.index in familiar,
                    bridge=week.index in bridge,
                    eased=eased(exercise, session, info, runs_on, heavy)
                    or (primer and exercise.pattern in LOWER_BODY),
                )
    check_placement(document.weeks, out, info.start)
    out.extend(check_season(document.raw))
    check_coaching(document, out)
    return out
