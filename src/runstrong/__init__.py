"""runstrong: strength sessions for runners, built from a coach's rules.

The public API; everything the CLI does is here (docs/python-api.md).
"""

from __future__ import annotations

from typing import Any

from runstrong.api import build_plan, load_catalogue, make_athlete, plan_json
from runstrong.core.loads import estimate_all, load_for, one_rm, percent_for_reps
from runstrong.core.model import Athlete, Exercise, Goal, Lift, Phase, Plan, Units
from runstrong.errors import InputError, NotFound, RuleViolation, RunstrongError
from runstrong.version import __version__

estimate_one_rm = one_rm


def check(plan: Any) -> list[Any]:
    """Re-check every rule on a plan (a `runstrong.plan/1` dict or a Plan); [] when it is clean."""
    from runstrong.validation import check_plan

    return check_plan(plan_json(plan) if isinstance(plan, Plan) else plan)


__all__ = [
    "Athlete",
    "Exercise",
    "Goal",
    "InputError",
    "Lift",
    "NotFound",
    "Phase",
    "Plan",
    "RuleViolation",
    "RunstrongError",
    "Units",
    "__version__",
    "build_plan",
    "check",
    "estimate_all",
    "estimate_one_rm",
    "load_catalogue",
    "load_for",
    "make_athlete",
    "percent_for_reps",
    "plan_json",
]
