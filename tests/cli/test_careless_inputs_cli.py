"""Careless inputs through the real entry point (issue 8): a sane plan, a warning or a refusal."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from runstrong.cli.main import run
from runstrong.validation import check_plan

PLAN = ["plan", "--goal", "strength", "--phase", "off-season", "--start", "2027-01-04"]
RUNS = ["--runs", "tue=intervals,thu=tempo,sat=long,sun=easy"]


def call(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def test_a_set_of_thirty_reps_is_refused_naming_lift_and_the_range(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = call([*PLAN, "--setup", "gym", "--lift", "back-squat=100x30"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("runstrong: error: --lift: reps must be 1-10")
    assert "back-squat=100x30" in err


def test_a_set_of_ten_reps_plans_from_its_epley_estimate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = call([*PLAN, "--lift", "back-squat=60x10", "--format", "json"], capsys)
    assert code == 0 and err == ""
    assert json.loads(out)["one_rms"] == {"back-squat": 80.0}


def test_a_thursday_start_plans_from_thursday_and_warns_about_week_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [*PLAN[:-1], "2027-01-07", *RUNS, "--weeks", "3", "--format", "json"]
    code, out, err = call(argv, capsys)
    assert code == 0
    data = json.loads(out)
    assert data["start"] == "2027-01-07"
    assert data["weeks"][0]["start"] == "2027-01-04"
    dates = [s["date"] for w in data["weeks"] for s in w["sessions"]]
    assert min(dates) >= "2027-01-07"
    first = len(data["weeks"][0]["sessions"])
    assert first < 3 and all(len(w["sessions"]) == 3 for w in data["weeks"][1:])
    note = f"--start 2027-01-07 is a Thursday: week 1 has room for {first} of the 3 sessions"
    assert err.startswith(f"runstrong: warning: {note}")
    assert data["warnings"] == [err.strip().removeprefix("runstrong: warning: ")]
    assert check_plan(data) == []


def test_a_season_to_a_race_from_a_wednesday(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "plan",
        "--goal",
        "strength",
        "--start",
        "2027-01-06",
        "--race",
        "2027-04-18",
        "--runs",
        "mon=easy,tue=intervals,wed=easy,thu=tempo,sat=long,sun=easy",
        "--setup",
        "gym",
        "--format",
        "json",
    ]
    code, out, _ = call(argv, capsys)
    assert code == 0
    data = json.loads(out)
    assert data["start"] == "2027-01-06"
    assert all(
        dt.date.fromisoformat(s["date"]) >= dt.date(2027, 1, 6)
        for w in data["weeks"]
        for s in w["sessions"]
    )
    assert check_plan(data) == []


def test_a_start_with_no_day_left_that_week_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [*PLAN[:-1], "2027-01-10", "--runs", "mon=long,wed=tempo,sat=long"]
    code, out, err = call(argv, capsys)
    assert code == 2 and out == ""
    assert err.startswith("runstrong: error: --start: 2027-01-10 is a Sunday")
    assert "2027-01-11" in err


@pytest.mark.parametrize(
    "kit",
    [
        ["--setup", "gym"],
        ["--equipment", "none"],
        ["--equipment", "dumbbell", "--avoid", "knee", "--avoid", "back"],
        ["--equipment", "kettlebell,band,box"],
    ],
)
@pytest.mark.parametrize("goal", ["strength", "hypertrophy", "endurance"])
def test_the_minutes_a_refusal_names_are_accepted(
    kit: list[str], goal: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["plan", "--goal", goal, "--phase", "off-season", "--start", "2027-01-04", *RUNS, *kit]
    code, _, err = call([*argv, "--minutes", "15"], capsys)
    assert code == 2
    found = re.search(r"--minutes: the shortest session for this goal takes about (\d+)", err)
    assert found is not None, err
    named = found[1]
    code, out, err = call([*argv, "--minutes", named, "--format", "json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert all(s["minutes"] <= int(named) for w in data["weeks"] for s in w["sessions"])


def test_a_barbell_lift_with_dumbbells_only_is_warned_about(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [*PLAN, "--equipment", "dumbbell", "--lift", "romanian-deadlift=135x8"]
    code, out, err = call([*argv, "--format", "json"], capsys)
    assert code == 0
    warning = (
        "--lift romanian-deadlift: needs a barbell, which --equipment does not list; "
        "dumbbell-romanian-deadlift is prescribed by effort"
    )
    assert err == f"runstrong: warning: {warning}\n"
    data = json.loads(out)
    assert data["one_rms"] == {} and data["warnings"] == [warning]
    assert check_plan(data) == []
    code, out, _ = call(argv, capsys)
    assert code == 0 and "1RMs used" not in out  # no lift listed as used while unused


@pytest.mark.parametrize("distance", ["800m", "1500m", "mile", "3000m", "3000m-steeple"])
def test_track_distances_plan_a_one_week_taper(
    distance: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "plan",
        "--goal",
        "strength",
        "--start",
        "2027-04-05",
        "--race",
        "2027-06-12",
        "--race-distance",
        distance,
        *RUNS,
        "--setup",
        "gym",
        "--format",
        "json",
    ]
    code, out, err = call(argv, capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["race_distance"] == distance
    assert [w["phase"] for w in data["weeks"]].count("taper") == 1
    assert check_plan(data) == []


def test_a_runs_file_keys_its_weeks_by_monday_from_a_mid_week_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = tmp_path / "runs.toml"
    runs.write_text(
        'default = "tue=intervals,sat=long"\n[weeks]\n"2027-01-11" = "wed=tempo,sun=long"\n'
    )
    argv = [*PLAN[:-1], "2027-01-07", "--weeks", "2", "--runs-file", str(runs), "--format", "json"]
    code, out, err = call(argv, capsys)
    assert code == 0, err
    weeks = json.loads(out)["weeks"]
    assert weeks[0]["runs"]["tue"] == "intervals"
    assert weeks[1]["runs"]["wed"] == "tempo" and weeks[1]["runs"]["tue"] == "rest"
