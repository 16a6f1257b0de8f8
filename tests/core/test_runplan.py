"""Running weeks that differ by week: a runs file, or a calendar read and classified."""

from __future__ import annotations

import datetime as dt

import pytest

from runstrong.core import runplan
from runstrong.core.model import RunType
from runstrong.errors import InputError, worded

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
        ("Swim", RunType.REST),  # cross-training: not a run
        ("Club night", RunType.EASY),  # no keyword: taken as easy
    ],
)
def test_titles_are_classified(title: str, expected: RunType) -> None:
    assert runplan.classify(title)[0] is expected


def test_an_override_wins_and_says_so() -> None:
    run, reason = runplan.classify("Tuesday club", {"tuesday club": RunType.INTERVALS})
    assert run is RunType.INTERVALS and worded(reason) == "run_types 'tuesday club'"


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
        with pytest.raises(InputError, match=r"^run_types: "):
            runplan.parse_overrides([bad])


@pytest.mark.parametrize(
    ("title", "expected", "why"),
    [
        ("Easy Run 4.5km", RunType.EASY, "'easy'"),  # the 5k inside 4.5km is not a race
        ("Run - 15 miles", RunType.EASY, "distance only: 24.1 km"),
        ("Run", RunType.EASY, "'run'"),
        ("10K", RunType.EASY, "distance only: 10 km"),  # a distance, not a race
        ("5K parkrun", RunType.RACE, "'parkrun'"),
        ("10K race", RunType.RACE, "'race'"),
        ("Half Marathon Race Simulation", RunType.TEMPO, "'race simulation'"),
        ("Pre-race shakeout 3 km", RunType.RECOVERY, "'shakeout'"),
        ("Pre-race jog", RunType.RECOVERY, "'pre-race'"),
        ("Race pace 3 x 2 mi", RunType.TEMPO, "'race pace'"),
        ("\U0001f3c3 Fartlek 8 km", RunType.INTERVALS, "'fartlek'"),
        ("Threshold 20 min", RunType.TEMPO, "'threshold'"),
        ("\U0001f3d4\ufe0f Hills 10 x 60s", RunType.HILLS, "'hills'"),
        ("Recovery 5k", RunType.RECOVERY, "'recovery'"),
        ("Long Run 18 mi \U0001f3c3\u200d\u2640\ufe0f", RunType.LONG, "'long'"),
        ("12 x 400m", RunType.INTERVALS, "repeats"),
        ("\U0001f3c3", RunType.EASY, "'run'"),
        ("\U0001f3c3 6 km", RunType.EASY, "distance only: 6 km"),
        ("Marathon \U0001f3c1", RunType.RACE, "'race'"),
        ("Off-road long run 20 km", RunType.LONG, "'long'"),
        ("Day off", RunType.REST, "'day off'"),
        ("Forest trail run", RunType.EASY, "'run'"),
    ],
)
def test_titles_as_runners_write_them(title: str, expected: RunType, why: str) -> None:
    run, reason = runplan.classify(title)
    assert run is expected
    assert why in reason


@pytest.mark.parametrize(
    ("title", "activity"),
    [
        ("Strength", "strength"),
        ("\U0001f3cb\ufe0f Gym: legs", "strength"),
        ("S&C circuits", "strength"),
        ("Mobility 20'", "mobility"),
        ("Yoga \U0001f9d8", "yoga"),
        ("Cross-training 45 min", "cross-training"),
        ("Bike 40 km", "cross-training"),  # a distance does not make a ride a run
        ("Swim 1500m", "cross-training"),
    ],
)
def test_events_that_are_not_runs(title: str, activity: str) -> None:
    run, reason, found = runplan.read_event(title)
    assert (run, found) == (RunType.REST, activity)
    assert reason == f"not a run: {activity}"


def test_a_run_with_core_after_it_is_still_a_run() -> None:
    assert runplan.read_event("Easy run + core")[0] is RunType.EASY


def test_distances_are_read_in_km() -> None:
    assert runplan.distance_km("Run - 15 miles") == pytest.approx(24.14, abs=0.01)
    assert runplan.distance_km("Easy Run 4.5km") == 4.5
    assert runplan.distance_km("10K") == 10
    assert runplan.distance_km("Run 5000m") == 5
    assert runplan.distance_km("6 x 800m") is None  # repeats are not the run's distance
    assert runplan.distance_km("Easy 30m") is None  # likely minutes
    assert runplan.distance_km("Easy 8,5 km") == 8.5


def test_distances_alone_give_long_and_key_runs() -> None:
    monday = START
    events = [
        (monday + dt.timedelta(days=1), "Run 8 km"),
        (monday + dt.timedelta(days=2), "Run 6 km"),
        (monday + dt.timedelta(days=3), "Run 13 km"),
        (monday + dt.timedelta(days=4), "Run 5 km"),
        (monday + dt.timedelta(days=6), "Run 20 km"),
    ]
    weeks, classified = runplan.events_to_weeks(events, START, 1)
    median = 8.0  # of 5, 6, 8, 13, 20
    by_title = {e.title: e for e in classified}
    assert by_title["Run 20 km"].type is RunType.LONG
    assert by_title["Run 20 km"].reason == "longest of the week: 20 km"
    assert runplan.KEY_RUN_RATIO * median <= 13
    assert by_title["Run 13 km"].type is RunType.TEMPO
    assert by_title["Run 13 km"].reason.startswith("key run: 13 km")
    assert {by_title[t].type for t in ("Run 8 km", "Run 6 km", "Run 5 km")} == {RunType.EASY}
    assert weeks[0].on(6) is RunType.LONG and weeks[0].on(3) is RunType.TEMPO


def test_a_typed_long_run_is_kept_and_typed_runs_are_not_reread() -> None:
    events = [
        (START + dt.timedelta(days=1), "Tempo 10 km"),
        (START + dt.timedelta(days=3), "Run 30 km"),
        (START + dt.timedelta(days=5), "Long run 25 km"),
        (START + dt.timedelta(days=6), "Run 5 km"),
    ]
    _, classified = runplan.events_to_weeks(events, START, 1)
    types = [e.type for e in classified]
    # A long run is named, so the 30 km run is not read as one; it is 1.7x the week's median
    # (17.5 km): a key run. Runs with a type in their title keep it.
    assert types == [RunType.TEMPO, RunType.TEMPO, RunType.LONG, RunType.EASY]
    assert classified[1].reason == "key run: 30 km, 1.7x the week's median 17.5"


def test_not_runs_are_listed_and_leave_their_day_as_it_is() -> None:
    events = [
        (START + dt.timedelta(days=1), "Intervals 6 x 1k"),
        (START + dt.timedelta(days=1), "Strength \U0001f4aa"),
        (START + dt.timedelta(days=3), "Yoga"),
    ]
    weeks, classified = runplan.events_to_weeks(events, START, 1)
    assert weeks[0].on(1) is RunType.INTERVALS and weeks[0].on(3) is RunType.REST
    assert [e.activity for e in classified] == ["", "strength", "yoga"]


def test_a_description_helps_a_title_without_a_type() -> None:
    events = [
        (START + dt.timedelta(days=2), "Week 1 Day 3", "Tempo: 3 x 10 min at threshold"),
        (START + dt.timedelta(days=3), "Run 8 km", "Hill repeats: 8 x 60 s"),
        (START + dt.timedelta(days=4), "Easy 5 km", "Strides at the end"),
        (START + dt.timedelta(days=5), "Week 1 Day 6", "Enjoy it"),
    ]
    _, classified = runplan.events_to_weeks(events, START, 1)
    assert [e.type for e in classified] == [
        RunType.TEMPO, RunType.HILLS, RunType.EASY, RunType.EASY
    ]  # fmt: skip
    assert classified[0].reason == "'tempo' in the title (description)"
    assert classified[2].reason == "'easy' in the title"  # a typed title keeps its type
    assert classified[3].reason == "no keyword: taken as easy"


def test_a_calendar_without_runs_in_the_plan_says_which_dates_it_covers() -> None:
    events = [(dt.date(2026, 3, 2), "Easy 5 km"), (dt.date(2026, 5, 31), "Marathon")]
    with pytest.raises(InputError) as caught:
        runplan.events_to_weeks(events, START, 4)
    assert caught.value.field == "runs_ics"
    assert caught.value.problem == (
        "no runs in the plan's weeks (2027-01-04 to 2027-01-31); "
        "the calendar's events cover 2026-03-02 to 2026-05-31"
    )
    only_gym = [(START, "Strength"), (START + dt.timedelta(days=2), "Yoga")]
    with pytest.raises(InputError, match="no runs in the plan's weeks"):
        runplan.events_to_weeks(only_gym, START, 1)


def test_run_type_overrides_can_say_not_a_run() -> None:
    found = runplan.parse_overrides(["Club circuits=strength", "Tuesday club=intervals"])
    assert found == {"Club circuits": "strength", "Tuesday club": RunType.INTERVALS}
    run, reason, activity = runplan.read_event("Club circuits 7pm", found)
    assert (run, activity) == (RunType.REST, "strength")
    assert worded(reason) == "run_types 'Club circuits': not a run"
    with pytest.raises(InputError, match="allowed: rest, easy"):
        runplan.parse_overrides(["Club=hard"])


def test_strength_events_are_kept_as_strength_days_for_the_planner() -> None:
    events = [
        (START + dt.timedelta(days=1), "Easy 5 km"),
        (START + dt.timedelta(days=2), "Gym \U0001f3cb\ufe0f"),
        (START + dt.timedelta(days=9), "Strength"),
        (START + dt.timedelta(days=10), "Yoga"),
    ]
    _, classified = runplan.events_to_weeks(events, START, 2)
    assert runplan.strength_days(classified, START, 2) == [frozenset({2}), frozenset({2})]
