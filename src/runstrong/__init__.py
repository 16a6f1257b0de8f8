"""runstrong: strength sessions for runners, built from a coach's rules.

The public API; everything the CLI does is here (docs/python-api.md). The names load lazily
(PEP 562), so `import runstrong.validation` or `runstrong --help` pulls in no planner.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_NAMES: dict[str, tuple[str, str]] = {
    "Athlete": ("runstrong.core.model", "Athlete"),
    "Exercise": ("runstrong.core.model", "Exercise"),
    "Goal": ("runstrong.core.model", "Goal"),
    "Lift": ("runstrong.core.model", "Lift"),
    "Phase": ("runstrong.core.model", "Phase"),
    "Plan": ("runstrong.core.model", "Plan"),
    "Units": ("runstrong.core.model", "Units"),
    "InputError": ("runstrong.errors", "InputError"),
    "NotFound": ("runstrong.errors", "NotFound"),
    "RuleViolation": ("runstrong.errors", "RuleViolation"),
    "RunstrongError": ("runstrong.errors", "RunstrongError"),
    "__version__": ("runstrong.version", "__version__"),
    "build_plan": ("runstrong.api", "build_plan"),
    "make_athlete": ("runstrong.api", "make_athlete"),
    "plan_json": ("runstrong.api", "plan_json"),
    "estimate_all": ("runstrong.core.loads", "estimate_all"),
    "estimate_one_rm": ("runstrong.core.loads", "one_rm"),
    "load_for": ("runstrong.core.loads", "load_for"),
    "percent_for_reps": ("runstrong.core.loads", "percent_for_reps"),
    "load_catalogue": ("runstrong.api", "load_catalogue"),
}
"""Each public name and where it lives: (module, attribute)."""

if TYPE_CHECKING:
    from runstrong.api import build_plan, load_catalogue, make_athlete, plan_json
    from runstrong.core.loads import estimate_all, load_for, percent_for_reps
    from runstrong.core.loads import one_rm as estimate_one_rm
    from runstrong.core.model import Athlete, Exercise, Goal, Lift, Phase, Plan, Units
    from runstrong.errors import InputError, NotFound, RuleViolation, RunstrongError
    from runstrong.version import __version__


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use, then keep the name here."""
    where = _NAMES.get(name)
    if where is None:
        raise AttributeError(f"module 'runstrong' has no attribute '{name}'")
    value = getattr(importlib.import_module(where[0]), where[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names too, though not loaded yet (for completion and help())."""
    return sorted({*globals(), *_NAMES})


def check(plan: Any) -> list[Any]:
    """Re-check every rule on a plan (a `runstrong.plan/1` dict or a Plan); [] when it is clean."""
    from runstrong.api import plan_json
    from runstrong.core.model import Plan
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
