"""The independent validator: re-checks a plan's JSON against docs/rules.md (never the planner)."""

from runstrong.validation.validator import Violation, check_plan, format_violations, parse_plan_text

__all__ = ["Violation", "check_plan", "format_violations", "parse_plan_text"]
