"""race-window: the validator's own check of the 2 days before a race, on real plan JSON."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import runstrong
from runstrong.validation import check_plan, format_violations

Plan = dict[str, Any]
RACE_SATURDAY = "tue=intervals,thu=easy,sat=race,sun=long"


def _plan(runs: str, **args: Any) -> Plan:
    base = {"goal": "strength", "phase": "in-season", "start": "2027-01-04", "setup": "gym"}
    return runstrong.plan_json(runstrong.build_plan(**{**base, "runs": runs, **args}))


def _rules(plan: Plan) -> set[str]:
    return {v.rule for v in check_plan(plan)}


def _thursday(plan: Plan) -> dict[str, Any]:
    return next(s for s in plan["weeks"][0]["sessions"] if s["day"] == "thu")


def _failing() -> Plan:
    """The plan the coach crossed out: planned for a Saturday tempo run (jumps, a sled and a heavy
    deadlift on Thursday), then a race written over the tempo run."""
    plan = _plan("tue=intervals,thu=easy,sat=tempo,sun=long")
    plan["weeks"][0]["runs"]["sat"] = "race"
    plan["runs"]["sat"] = "race"
    return plan


def test_the_plan_with_a_saturday_race_passes_and_thursday_is_a_primer() -> None:
    plan = _plan(RACE_SATURDAY)
    assert check_plan(plan) == [], format_violations(check_plan(plan))
    thursday = _thursday(plan)
    kinds = {e["loading"] for e in thursday["exercises"]}
    assert "contacts" not in kinds
    assert all(e["category"] != "run-specific" for e in thursday["exercises"])
    assert all(e["sets"] <= 2 for e in thursday["exercises"])
    legs = [e for e in thursday["exercises"] if e["loading"] == "1rm" and e["pattern"] == "hinge"]
    assert legs and all(e["percent_1rm"] <= 70 and e["reps"] + e["rir"] >= 11 for e in legs)


def test_the_crossed_out_plan_fails_with_race_window_only() -> None:
    plan = _failing()
    violations = check_plan(plan)
    assert {v.rule for v in violations} == {"race-window"}, format_violations(violations)
    text = format_violations(violations)
    assert "thu" in text and "jumps" in text and "run-specific" in text and "% 1RM" in text


@pytest.mark.parametrize(
    ("field", "value", "found"),
    [
        ("percent_1rm", 80.0, "80% 1RM"),
        ("rir", 2, "RIR 2"),
        ("sets", 3, "3 sets"),
    ],
)
def test_one_heavy_lift_in_the_primer_is_enough(field: str, value: object, found: str) -> None:
    plan = _plan(RACE_SATURDAY)
    lift = next(e for e in _thursday(plan)["exercises"] if e["pattern"] == "hinge")
    lift[field] = value
    violations = [v for v in check_plan(plan) if v.rule == "race-window"]
    assert len(violations) == 1 and found in violations[0].message, format_violations(violations)


def test_an_effort_lift_must_read_light() -> None:
    plan = _plan(RACE_SATURDAY)
    lift = next(e for e in _thursday(plan)["exercises"] if e["pattern"] == "hinge")
    assert lift["load"] is None  # no 1RM known: prescribed by effort
    lift["rir"] = 3  # 5 reps, 3 spare: a weight you could lift 8 times, about 80% 1RM
    messages = [v.message for v in check_plan(plan) if v.rule == "race-window"]
    assert messages and "could lift 8 times" in messages[0]


def test_the_day_before_counts_and_three_days_before_does_not() -> None:
    plan = _failing()
    friday = copy.deepcopy(plan)
    friday["weeks"][0]["runs"].update(sat="rest", fri="race")
    assert "race-window" in _rules(friday)  # Thursday is now the day before
    sunday = copy.deepcopy(plan)
    sunday["weeks"][0]["runs"].update(sat="rest", sun="race")  # three days after Thursday
    assert "race-window" not in _rules(sunday)


def test_the_plan_race_date_counts_even_when_the_runs_do_not_name_it() -> None:
    plan = _plan("tue=intervals,thu=easy,sat=tempo,sun=long")
    plan["race"] = "2027-01-09"  # that Saturday
    assert "race-window" in _rules(plan)


def test_a_race_past_the_plan_is_seen_in_the_repeating_week() -> None:
    plan = _plan("mon=race,wed=intervals,fri=easy")  # a Monday race, every week
    sessions = plan["weeks"][0]["sessions"]
    assert check_plan(plan) == [], format_violations(check_plan(plan))
    late = [s for s in sessions if s["day"] in ("sat", "sun")]
    assert all(all(e["sets"] <= 2 for e in s["exercises"]) for s in late)
