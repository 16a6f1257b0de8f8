"""`plan --runs-ics` with a calendar shaped like a training-plan generator's (our own events)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runstrong.cli.main import run


def _event(uid: int, day: str, title: str, description: str = "") -> str:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}@plan.example",
        "DTSTAMP:20261201T000000Z",
        f"DTSTART;VALUE=DATE:{day}",
        f"SUMMARY:{title}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{description}")
    return "\r\n".join([*lines, "END:VEVENT"]) + "\r\n"


def _calendar(*events: str) -> str:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//plan.example//EN\r\n"
    return head + "".join(events) + "END:VCALENDAR\r\n"


PLAN = ["plan", "--goal", "strength", "--phase", "pre-season", "--start", "2027-01-04"]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> str:
    capsys.readouterr()
    assert run(argv) == code
    found = capsys.readouterr()
    return found.out if code == 0 else found.err


def test_a_generators_calendar_is_read_and_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ics = tmp_path / "plan.ics"
    ics.write_text(
        _calendar(
            _event(1, "20270105", "\U0001f3c3 Easy Run 4.5km"),
            _event(2, "20270106", "Strength \U0001f4aa"),
            _event(3, "20270107", "Week 1 Day 4", "Fartlek: 8 x 1 min hard"),
            _event(4, "20270109", "Run - 10 miles"),
            _event(5, "20270110", "Run 5 km"),
        ),
        encoding="utf-8",
    )
    text = _run([*PLAN, "--runs-ics", str(ics)], capsys)
    assert "read as" in text and "strength (not a run)" in text
    assert "longest" in text and "16.1 km" in text
    data = json.loads(_run([*PLAN, "--runs-ics", str(ics), "--format", "json"], capsys))
    assert data["weeks"][0]["runs"] == {
        "mon": "rest",
        "tue": "easy",
        "wed": "rest",  # the strength event leaves the day as it is
        "thu": "intervals",  # from the description
        "fri": "rest",
        "sat": "long",
        "sun": "easy",
    }


def test_a_calendar_without_runs_in_the_plan_names_its_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ics = tmp_path / "old.ics"
    ics.write_text(_calendar(_event(1, "20260301", "Easy 5 km"), _event(2, "20260426", "Race")))
    err = _run([*PLAN, "--runs-ics", str(ics)], capsys, code=2)
    assert err == (
        "runstrong: error: --runs-ics: no runs in the plan's weeks (2027-01-04 to 2027-01-10); "
        "the calendar's events cover 2026-03-01 to 2026-04-26\n"
    )


def test_a_strength_class_in_the_calendar_counts_as_a_strength_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ics = tmp_path / "plan.ics"
    events = []
    for week, monday in enumerate(("20270104", "20270111")):
        day = int(monday)
        events += [
            _event(10 * week + 1, str(day), "Gym: strength class"),
            _event(10 * week + 2, str(day + 1), "Intervals 6 x 800m"),
            _event(10 * week + 3, str(day + 3), "Tempo 8 km"),
            _event(10 * week + 4, str(day + 5), "Long run 25 km"),
        ]
    ics.write_text(_calendar(*events), encoding="utf-8")
    argv = [*PLAN, "--runs-ics", str(ics), "--sessions", "3", "--weeks", "2", "--format", "json"]
    data = json.loads(_run(argv, capsys))
    for week, monday in zip(data["weeks"], ("2027-01-04", "2027-01-11"), strict=True):
        assert week["own_strength"] == [monday]
        # three strength days asked for: the class is one of them; none the day after it
        # (Tuesday) or the day before (Sunday), none before the tempo or the long run
        assert [s["day"] for s in week["sessions"]] == ["thu", "sat"]
    from runstrong.validation import check_plan

    assert check_plan(data) == []
    data["weeks"][0]["sessions"][0].update(date="2027-01-04", day="mon")
    assert {v.rule for v in check_plan(data)} >= {"one-per-day"}
