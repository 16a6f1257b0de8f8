"""Running weeks that differ by week: a runs file, or a calendar read and classified."""

from __future__ import annotations

import datetime as dt

import pytest

from runstrong.core import runplan
from runstrong.core.model import RunType
from runstrong.errors import InputError

START = dt.date(2027, 1, 4)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Easy 8 km", RunType.EASY),
        ("Long run 28 km", RunType.LONG),
        ("Tempo 3 x 10 min", RunType.TEMPO),
        ("Threshold intervals", RunType.INTERVALS),  # intervals are checked first
        ("6 x 800 m track", RunType.INTERVALS),
        ("Hill repeats 8 x 60 s", RunType.HILLS),
        ("Recovery jog", RunType.RECOVERY),
        ("Rest day", RunType.REST),
        ("Berlin Marathon", RunType.RACE),
        ("Parkrun", RunType.RACE),
        ("Long run with marathon pace finish", RunType.TEMPO),
        ("Shakeout", RunType.RECOVERY),
        ("Swim", RunType.EASY),
    ],
)
def test_titles_are_classified(title: str, expected: RunType) -> None:
    assert runplan.classify(title)[0] is expected


def test_an_override_wins_and_says_so() -> None:
    run, reason = runplan.classify("Tuesday club", {"tuesday club": RunType.INTERVALS})
    assert run is RunType.INTERVALS and "--run-type" in reason


def test_events_become_weeks_and_the_harder_run_of_a_day_wins() -> None:
    events = [
        (dt.date(2027, 1, 5), "Easy 6 km"),
        (dt.date(2027, 1, 5), "Track 10 x 400"),
        (dt.date(2027, 1, 9), "Long run"),
        (dt.date(2027, 1, 16), "Half marathon race"),
        (dt.date(2026, 12, 1), "Before the plan"),
    ]
    weeks, classified = runplan.events_to_weeks(events, START, 2)
    assert weeks[0].on(1) is RunType.INTERVALS
    assert weeks[0].on(5) is RunType.LONG
    assert weeks[1].on(5) is RunType.RACE
    assert weeks[1].on(0) is RunType.REST
    assert len(classified) == 4


def test_a_runs_file_sets_weeks_by_number_or_monday() -> None:
    data = {
        "default": "tue=intervals,sat=long",
        "weeks": {"2": "mon=easy", "2027-01-18": "sun=race"},
    }
    weeks = runplan.table_to_weeks(data, START, 4, "runs.toml")
    assert weeks[0].on(1) is RunType.INTERVALS
    assert weeks[1].on(0) is RunType.EASY and weeks[1].on(1) is RunType.REST
    assert weeks[2].on(6) is RunType.RACE
    assert weeks[3] == weeks[0]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"defualt": "tue=easy"}, "runs.toml: defualt"),
        ({"default": 3}, "runs.toml: default"),
        ({"weeks": {"9": "tue=easy"}}, "runs.toml: weeks.9"),
        ({"weeks": {"2027-01-19": "tue=easy"}}, "Tuesday"),
        ({"weeks": {"next": "tue=easy"}}, "runs.toml: weeks.next"),
        ({"weeks": {"1": "tue=jog"}}, "'jog' is not allowed"),
        ({"weeks": "tue=easy"}, "[weeks]"),
    ],
)
def test_bad_runs_files_name_the_key(data: dict[str, object], fragment: str) -> None:
    with pytest.raises(InputError) as err:
        runplan.table_to_weeks(data, START, 4, "runs.toml")
    assert fragment in str(err.value)


def test_bad_overrides() -> None:
    assert runplan.parse_overrides(["Club run=tempo"]) == {"Club run": RunType.TEMPO}
    for bad in ("tempo", "=tempo", "Club=fast"):
        with pytest.raises(InputError, match="--run-type"):
            runplan.parse_overrides([bad])
