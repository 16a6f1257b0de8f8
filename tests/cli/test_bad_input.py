"""Bad input through the real entry point: exit 2, one line naming the field, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from runstrong.cli.main import run

PLAN = ["plan", "--goal", "strength", "--phase", "off-season"]

# (arguments, text the one-line message must contain: the field it names)
CASES = [
    (["plan", "--phase", "off-season"], "--goal"),
    (["plan", "--goal", "strength"], "--phase"),
    (["plan", "--goal", "power", "--phase", "off-season"], "--goal"),
    (["plan", "--goal", "strength", "--phase", "winter"], "--phase"),
    (["plan", "--goal", "strength", "--phase", "taper"], "--phase"),
    (["plan", "--goal", "strength", "--phase", "in-season", "--sessions", "3"], "--sessions"),
    ([*PLAN, "--sessions", "5"], "--sessions"),
    ([*PLAN, "--sessions", "0"], "--sessions"),
    ([*PLAN, "--sessions", "two"], "--sessions"),
    ([*PLAN, "--equipment", "barbel"], "--equipment"),
    ([*PLAN, "--equipment", ""], "--equipment"),
    ([*PLAN, "--equipment", "barbell", "--setup", "gym"], "--equipment"),
    ([*PLAN, "--setup", "castle"], "--setup"),
    ([*PLAN, "--lift", "back-squat"], "--lift"),
    ([*PLAN, "--lift", "back-squat=heavy"], "--lift"),
    ([*PLAN, "--lift", "back-squat=-5"], "--lift"),
    ([*PLAN, "--lift", "back-squat=100x0"], "--lift"),
    ([*PLAN, "--lift", "back-squat=100x31"], "--lift"),
    ([*PLAN, "--lift", "moon-squat=100"], "exercise"),
    ([*PLAN, "--lift", "plank=60"], "--lift"),
    ([*PLAN, "--units", "stone"], "--units"),
    ([*PLAN, "--runs", "mon"], "--runs"),
    ([*PLAN, "--runs", "mon=jog"], "--runs"),
    ([*PLAN, "--runs", "mon=easy,mon=long"], "--runs"),
    (
        [*PLAN, "--runs", "mon=long,tue=tempo,wed=long,thu=tempo,fri=long,sat=tempo,sun=long"],
        "--sessions",
    ),
    ([*PLAN, "--minutes", "5"], "--minutes"),
    ([*PLAN, "--minutes", "ten"], "--minutes"),
    ([*PLAN, "--minutes", "12"], "--minutes"),
    ([*PLAN, "--avoid", "elbow"], "--avoid"),
    ([*PLAN, "--seed", "-1"], "--seed"),
    ([*PLAN, "--start", "2026-13-01"], "--start"),
    ([*PLAN, "--start", "2026-02-30"], "--start"),
    ([*PLAN, "--lift", "back-squat=100x30"], "--lift"),
    ([*PLAN, "--lift", "back-squat=100x11"], "--lift"),
    ([*PLAN, "--weeks", "0"], "--weeks"),
    ([*PLAN, "--weeks", "60"], "--weeks"),
    (["plan", "--goal", "strength", "--race", "2026-01-01", "--start", "2027-01-04"], "--race"),
    (["plan", "--goal", "strength", "--race", "2029-01-01", "--start", "2027-01-04"], "--race"),
    (["plan", "--goal", "strength", "--race", "soon"], "--race"),
    (
        ["plan", "--goal", "strength", "--race", "2027-04-25", "--race-distance", "parkrun"],
        "--race-distance",
    ),
    ([*PLAN, "--race-distance", "10k"], "--race-distance"),
    ([*PLAN, "--race", "2027-04-25", "--start", "2027-01-04"], "--phase"),
    (
        [
            "plan",
            "--goal",
            "strength",
            "--start",
            "2027-01-04",
            "--race",
            "2027-04-25",
            "--weeks",
            "3",
        ],
        "--weeks",
    ),
    ([*PLAN, "--runs-file", "no-such-file.toml"], "--runs-file"),
    ([*PLAN, "--runs-ics", "no-such-file.ics"], "--runs-ics"),
    ([*PLAN, "--run-type", "club=fast"], "--run-type"),
    ([*PLAN, "--week", "2"], "--week"),
    ([*PLAN, "--week", "1", "--format", "md"], "--format md"),
    ([*PLAN, "--format", "docx"], "--format"),
    ([*PLAN, "--lift", "back-squat=100", "--lift", "back-squat=90x3"], "--lift"),
    (["exercises", "--category", "cardio"], "--category"),
    (["exercises", "--pattern", "twist"], "--pattern"),
    (["exercises", "--equipment", "rowing-machine"], "--equipment"),
    (["exercise", "moon-squat"], "exercise"),
    (["estimate", "--weight", "100"], "--reps"),
    (["estimate", "--weight", "heavy", "--reps", "5"], "--weight"),
    (["estimate", "--weight", "١٠٠", "--reps", "5"], "--weight"),  # Arabic-Indic digits
    (["estimate", "--weight", "1e3", "--reps", "5"], "--weight"),
    (["load", "--one-rm", "nan", "--percent", "80"], "--one-rm"),
    (["load", "--one-rm", "100", "--percent", "８０"], "--percent"),  # full-width digits
    ([*PLAN, "--experience", "pro"], "--experience"),
    ([*PLAN, "--experience", "novice", "--sessions", "4"], "--sessions"),
    (["estimate", "--weight", "100", "--reps", "0"], "--reps"),
    (["estimate", "--weight", "100", "--reps", "31"], "--reps"),
    (["estimate", "--weight", "100", "--reps", "5", "--formula", "magic"], "--formula"),
    (["estimate", "--weight", "nan", "--reps", "5"], "--weight"),
    (["load", "--one-rm", "120"], "--percent"),
    (["load", "--one-rm", "120", "--percent", "85", "--reps", "5"], "--percent"),
    (["load", "--one-rm", "120", "--percent", "150"], "--percent"),
    (["load", "--one-rm", "0", "--percent", "80"], "--one-rm"),
    (["load", "--one-rm", "120", "--percent", "80", "--equipment", "band"], "--equipment"),
    (["load", "--one-rm", "120", "--percent", "80", "--units", "st"], "--units"),
    (["check", "does-not-exist.json"], "PLAN"),
    (["frobnicate"], "frobnicate"),
]


@pytest.mark.parametrize(("argv", "field"), CASES, ids=[" ".join(a[:1] + a[-2:]) for a, _ in CASES])
def test_bad_input_exits_2_with_one_line(
    argv: list[str], field: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(argv)
    captured = capsys.readouterr()
    assert code == 2, captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("runstrong: error: ")
    assert field in lines[0]
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def test_check_refuses_text_that_is_not_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "plan.json"
    bad.write_text("{not json")
    assert run(["check", str(bad)]) == 2
    assert "PLAN" in capsys.readouterr().err


def test_the_installed_entry_point_never_prints_a_traceback() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "runstrong",
            "plan",
            "--goal",
            "strength",
            "--phase",
            "in-season",
            "--sessions",
            "3",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "runstrong: error: --sessions: in-season allows at most 2; got 3 [rule: sessions-per-week]"
    )
    assert json.loads(json.dumps(done.stdout)) == ""
