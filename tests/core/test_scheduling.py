"""Placement of sessions around the running week."""

from __future__ import annotations

import pytest

from runstrong.core import inputs
from runstrong.core.model import RunType
from runstrong.core.scheduling import allowed_days, choose_days
from runstrong.errors import RuleViolation

ISSUE_WEEK = "mon=easy,tue=intervals,thu=tempo,sat=long,sun=easy"


def days(runs: str, sessions: int) -> list[str]:
    week = inputs.runs(runs)
    return [
        ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[s.weekday]
        for s in choose_days(week, sessions)
    ]


def test_day_before_a_key_run_is_never_allowed() -> None:
    week = inputs.runs(ISSUE_WEEK)
    # wed is before thu's tempo, fri before sat's long run, mon before tue's intervals.
    assert allowed_days(week, week.on(0)) == [1, 3, 5, 6]


def test_sunday_looks_at_next_weeks_monday() -> None:
    week = inputs.runs("sat=long")
    assert 6 not in allowed_days(week, RunType.INTERVALS)
    assert 6 in allowed_days(week, RunType.EASY)


def test_three_sessions_are_spread_and_prefer_hard_days() -> None:
    # After the intervals, the tempo and the long run: hard days hard; the Sunday after the
    # long run loses (after-long-run).
    assert days(ISSUE_WEEK, 3) == ["tue", "thu", "sat"]


def test_two_sessions_leave_at_least_a_day_between() -> None:
    chosen = choose_days(inputs.runs(ISSUE_WEEK), 2)
    assert chosen[1].weekday - chosen[0].weekday >= 2


def test_no_running_week_spreads_sessions() -> None:
    assert days("", 3) == ["mon", "wed", "fri"]
    assert days("", 2) in (["mon", "thu"], ["tue", "fri"], ["mon", "fri"])


def test_race_day_is_never_used() -> None:
    assert "sat" not in days("sat=race", 2)


def test_four_sessions_may_touch_but_never_three_in_a_row() -> None:
    chosen = choose_days(inputs.runs(ISSUE_WEEK), 4)
    weekdays = [s.weekday for s in chosen]
    assert weekdays == [1, 3, 5, 6]


def test_too_few_free_days_names_the_rule() -> None:
    with pytest.raises(RuleViolation) as err:
        choose_days(
            inputs.runs("mon=long,tue=tempo,wed=intervals,thu=long,fri=tempo,sat=hills,sun=long"), 1
        )
    assert err.value.rule == "day-before-key-run"


def test_spacing_refusal_names_the_rule() -> None:
    # Only tue, wed and thu are free: three sessions would run back to back.
    runs = "mon=race,sat=race"
    with pytest.raises(RuleViolation) as err:
        choose_days(inputs.runs(runs), 3)
    assert err.value.rule == "spacing"


def test_placement_says_why() -> None:
    slots = choose_days(inputs.runs(ISSUE_WEEK), 3)
    assert "after the intervals run" in slots[0].placement
    assert "after the tempo run" in slots[1].placement
    assert "after the long run" in slots[2].placement
    four = choose_days(inputs.runs(ISSUE_WEEK), 4)
    assert "the day after the long run" in four[3].placement
    assert "legs dosed lighter, no jumps" in four[3].placement
