"""The machine's time zone, read by the shell and passed to the calendar export."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from runstrong.cli.main import run
from runstrong.cli.zone import system_zone

PLAN = ["plan", "--goal", "strength", "--phase", "pre-season", "--start", "2027-01-04"]


@pytest.mark.parametrize(
    ("tz", "name"), [("Asia/Tokyo", "Asia/Tokyo"), (":Europe/Paris", "Europe/Paris")]
)
def test_tz_names_the_zone(monkeypatch: pytest.MonkeyPatch, tz: str, name: str) -> None:
    monkeypatch.setenv("TZ", tz)
    assert system_zone() == name


@pytest.mark.parametrize(
    "tz", ["Europe", "Not/A_Zone", "../etc/passwd", "x" * 300, "/etc/localtime"]
)
def test_a_tz_that_names_no_zone_falls_back(monkeypatch: pytest.MonkeyPatch, tz: str) -> None:
    monkeypatch.setenv("TZ", tz)
    ZoneInfo(system_zone())  # the machine's zone file, or UTC: never a crash


def test_the_calendar_is_in_the_machines_zone_without_tz(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TZ", "America/Denver")
    target = tmp_path / "plan.ics"
    assert run([*PLAN, "--format", "ics", "--output", str(target)]) == 0
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert events
    assert {str(e.decoded("dtstart").tzinfo) for e in events} == {"America/Denver"}
