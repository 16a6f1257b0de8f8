"""Parsing the runner's words into domain values."""

from __future__ import annotations

import datetime as dt

import pytest

from runstrong.core import inputs
from runstrong.core.model import Equipment, Goal, Limitation, RunType
from runstrong.errors import InputError


def test_runs_names_days_and_leaves_the_rest_as_rest_days() -> None:
    week = inputs.runs("mon=easy, Tuesday=intervals,sat=LONG")
    assert week.days == (
        RunType.EASY,
        RunType.INTERVALS,
        RunType.REST,
        RunType.REST,
        RunType.REST,
        RunType.LONG,
        RunType.REST,
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("mon", "expected DAY=TYPE"),
        ("funday=easy", "expected DAY=TYPE"),
        ("mon=jog", "'jog' is not allowed"),
        ("mon=easy,mon=long", "named twice"),
    ],
)
def test_bad_runs_name_the_flag(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        inputs.runs(text)
    assert str(err.value).startswith("runs")
    assert fragment in str(err.value)


def test_equipment_none_means_bodyweight_only() -> None:
    assert inputs.equipment("none") == frozenset()
    assert inputs.equipment("barbell, band") == {Equipment.BARBELL, Equipment.BAND}


def test_choice_lists_allowed_values() -> None:
    with pytest.raises(InputError, match="allowed: strength, hypertrophy, endurance"):
        inputs.choice(Goal, "power", "goal")


def test_avoid_accepts_repeats_and_commas() -> None:
    assert inputs.avoid(["back", "knee,ankle"]) == {
        Limitation.BACK,
        Limitation.KNEE,
        Limitation.ANKLE,
    }


def test_whole_numbers_and_dates() -> None:
    assert inputs.whole("3", "sessions", 1, 7) == 3
    with pytest.raises(InputError, match=r"^sessions: must be 1-7; got 9$"):
        inputs.whole("9", "sessions", 1, 7)
    with pytest.raises(InputError, match="expected a whole number"):
        inputs.whole("two", "sessions", 1, 7)
    assert inputs.date("2027-01-04", "start") == dt.date(2027, 1, 4)
    with pytest.raises(InputError, match=r"^start: expected a date"):
        inputs.date("4/1/2027", "start")


def test_next_monday() -> None:
    assert inputs.next_monday(dt.date(2026, 11, 25)) == dt.date(2026, 11, 30)
    assert inputs.next_monday(dt.date(2026, 11, 30)) == dt.date(2026, 11, 30)
