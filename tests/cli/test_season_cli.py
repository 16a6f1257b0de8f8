"""Season plans through the real entry point: a race, a runs file, a running calendar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runstrong.cli.main import run

SEASON = [
    "plan",
    "--goal",
    "strength",
    "--start",
    "2027-01-04",
    "--race",
    "2027-04-25",
    "--runs",
    "mon=easy,tue=intervals,thu=tempo,sat=long",
    "--lift",
    "back-squat=100",
    "--setup",
    "gym",
]


def out(argv: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> str:
    assert run(argv) == code, capsys.readouterr().err
    return capsys.readouterr().out


def test_the_issue_example_season(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(out([*SEASON, "--format", "json"], capsys))
    assert data["race"] == "2027-04-25" and data["race_distance"] == "marathon"
    phases = [w["phase"] for w in data["weeks"]]
    assert phases[0] == "off-season" and phases[-1] == "recovery"
    assert phases.index("pre-season") < phases.index("in-season") < phases.index("taper")
    assert any(w["deload"] for w in data["weeks"])
    squat = [
        e["load"]
        for w in data["weeks"][:3]
        for s in w["sessions"]
        for e in s["exercises"]
        if e["id"] == "back-squat"
    ]
    assert squat == sorted(squat) and squat[0] < squat[-1]
    text = out(SEASON, capsys)
    assert "17 weeks" in text and "marathon race on Sun 25 Apr 2027" in text
    week = out([*SEASON, "--week", "16"], capsys)
    assert "Week 16 · taper" in week and "activation" in week


def test_a_block_in_one_phase(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(
        out(
            [
                "plan",
                "--goal",
                "hypertrophy",
                "--phase",
                "off-season",
                "--weeks",
                "8",
                "--sessions",
                "3",
                "--setup",
                "home",
                "--start",
                "2027-01-04",
                "--format",
                "json",
            ],
            capsys,
        )
    )
    assert len(data["weeks"]) == 8
    assert [w["deload"] for w in data["weeks"]] == [False, False, False, True] * 2


def test_a_runs_file_and_a_running_calendar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = tmp_path / "runs.toml"
    runs.write_text('default = "tue=intervals,sat=long"\n[weeks]\n2 = "wed=tempo,sun=long"\n')
    data = json.loads(
        out(
            [
                "plan",
                "--goal",
                "strength",
                "--phase",
                "pre-season",
                "--weeks",
                "3",
                "--start",
                "2027-01-04",
                "--runs-file",
                str(runs),
                "--format",
                "json",
            ],
            capsys,
        )
    )
    assert data["weeks"][1]["runs"]["wed"] == "tempo"
    assert all(
        s["day"] not in ("tue", "sat") for s in data["weeks"][1]["sessions"]
    )  # before key runs
    ics = tmp_path / "running.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20261201T000000Z\r\nDTSTART;VALUE=DATE:20270105\r\n"
        "SUMMARY:Track 6 x 800\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:2\r\nDTSTAMP:20261201T000000Z\r\nDTSTART;VALUE=DATE:20270109\r\n"
        "SUMMARY:Long run 25 km\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:3\r\nDTSTAMP:20261201T000000Z\r\nDTSTART;VALUE=DATE:20270107\r\n"
        "SUMMARY:Club night\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    argv = [
        "plan",
        "--goal",
        "strength",
        "--phase",
        "pre-season",
        "--start",
        "2027-01-04",
        "--runs-ics",
        str(ics),
    ]
    text = out(argv, capsys)
    assert "Track 6 x 800" in text and "intervals" in text and "no keyword" in text
    data = json.loads(out([*argv, "--run-type", "club night=tempo", "--format", "json"], capsys))
    assert data["weeks"][0]["runs"] == {
        "mon": "rest",
        "tue": "intervals",
        "wed": "rest",
        "thu": "tempo",
        "fri": "rest",
        "sat": "long",
        "sun": "rest",
    }


def test_season_plans_pass_the_validator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "season.json"
    assert run([*SEASON, "--format", "json", "--output", str(path)]) == 0
    capsys.readouterr()
    assert "no violations" in out(["check", str(path)], capsys)
