"""The iCalendar export, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from runstrong.cli.files import export
from runstrong.errors import InputError
from runstrong.export.ics import ics_bytes

STAMP = dt.datetime(2027, 1, 1, 12, 0, tzinfo=dt.UTC)
"""The moment of an export: the shell passes it, no export reads a clock."""


def events(data: bytes | str) -> list[Any]:
    cal = Calendar.from_ical(data)
    return list(cal.walk("VEVENT"))


def test_one_event_per_session_at_six_in_the_evening(plan: dict[str, Any]) -> None:
    found = events(ics_bytes(plan, stamp=STAMP, tz="Europe/Madrid"))
    sessions = [s for w in plan["weeks"] for s in w["sessions"]]
    assert len(found) == len(sessions)
    for event, session in zip(found, sessions, strict=True):
        start = event.decoded("dtstart")
        assert start.tzinfo is not None
        assert start.replace(tzinfo=None) == dt.datetime.fromisoformat(session["date"] + "T18:00")
        assert start.utcoffset() == dt.timedelta(hours=1)  # Madrid in January
        assert event.decoded("dtend") - start == dt.timedelta(minutes=session["minutes"])
        assert str(event["summary"]) == f"Strength: {session['focus']}"


def test_description_lists_every_exercise_with_dose_load_and_cues(plan: dict[str, Any]) -> None:
    import runstrong

    catalogue = runstrong.load_catalogue()
    found = events(ics_bytes(plan, stamp=STAMP, tz="UTC"))
    for event, session in zip(found, plan["weeks"][0]["sessions"], strict=True):
        text = str(event["description"])
        for ex in session["exercises"]:
            assert ex["name"] in text
            assert f"{ex['sets']} × " in text
            if ex["load"] is not None:
                assert f"@ {ex['load']:g} kg" in text
            for cue in catalogue.get(ex["id"]).cues:
                assert cue in text


def test_uids_are_stable_across_exports_and_differ_between_sessions(
    plan: dict[str, Any],
) -> None:
    first = [str(e["uid"]) for e in events(ics_bytes(plan, stamp=STAMP, tz="UTC"))]
    later = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    second = [str(e["uid"]) for e in events(ics_bytes(plan, tz="Asia/Tokyo", stamp=later))]
    assert first == second
    assert len(set(first)) == len(first)


def test_a_moved_session_keeps_its_uid(plan: dict[str, Any]) -> None:
    before = [str(e["uid"]) for e in events(ics_bytes(plan, stamp=STAMP))]
    plan["weeks"][0]["sessions"][0]["date"] = "2027-01-08"
    after = [str(e["uid"]) for e in events(ics_bytes(plan, stamp=STAMP))]
    assert before == after


def test_time_and_zone_are_configurable(plan: dict[str, Any]) -> None:
    event = events(ics_bytes(plan, stamp=STAMP, time_of_day="6:45", tz="America/New_York"))[0]
    start = event.decoded("dtstart")
    assert (start.hour, start.minute) == (6, 45)
    assert start.utcoffset() == ZoneInfo("America/New_York").utcoffset(start.replace(tzinfo=None))
    assert "BEGIN:VTIMEZONE" in ics_bytes(plan, stamp=STAMP, tz="America/New_York").decode()


def test_season_kinds_show_in_titles(season_plan: dict[str, Any]) -> None:
    titles = [str(e["summary"]) for e in events(ics_bytes(season_plan, stamp=STAMP, tz="UTC"))]
    assert titles[2].startswith("Activation: ")
    assert titles[3].startswith("Re-test: ")
    assert "warm-up: 5 @ 40 kg, 3 @ 57.5 kg" in str(
        events(ics_bytes(season_plan, stamp=STAMP))[0]["description"]
    )


def test_an_unknown_exercise_has_no_cues_and_prints(
    unicode_plan: dict[str, Any], unicode_name: str
) -> None:
    text = str(events(ics_bytes(unicode_plan, stamp=STAMP, tz="UTC"))[0]["description"])
    assert f"{unicode_name}: 3 × 8-10 each side @ 22.5 kg" in text


@pytest.mark.parametrize("bad", ["Mars/Olympus", "../etc/passwd", ""])
def test_a_bad_zone_names_the_option(plan: dict[str, Any], bad: str) -> None:
    with pytest.raises(InputError) as info:
        export(plan, "ics", None, tz=bad)
    assert info.value.field == "tz"


@pytest.mark.parametrize("bad", ["25:00", "18:60", "six", "18h"])
def test_a_bad_time_names_the_option(plan: dict[str, Any], bad: str) -> None:
    with pytest.raises(InputError) as info:
        export(plan, "ics", None, time_of_day=bad)
    assert info.value.field == "time"


def test_no_output_returns_the_calendar_text(plan: dict[str, Any]) -> None:
    text = export(plan, "ics", None, tz="UTC")
    assert text is not None
    assert text.startswith("BEGIN:VCALENDAR")
    assert len(events(text)) == 2


def test_every_export_carries_a_higher_sequence_and_last_modified(plan: dict[str, Any]) -> None:
    early = dt.datetime(2027, 1, 1, 8, 0, tzinfo=dt.UTC)
    later = dt.datetime(2027, 1, 3, 9, 30, tzinfo=dt.UTC)
    first = events(ics_bytes(plan, tz="UTC", stamp=early))
    second = events(ics_bytes(plan, tz="UTC", stamp=later))
    for a, b in zip(first, second, strict=True):
        assert str(a["uid"]) == str(b["uid"])
        assert int(b["sequence"]) > int(a["sequence"]) >= 0
        assert int(b["sequence"]) < 2**31  # an RFC 5545 INTEGER
        assert a.decoded("last-modified") == early and b.decoded("last-modified") == later
        assert a.decoded("dtstamp") == early


def uids(plan: dict[str, Any], owner: str) -> set[str]:
    return {str(e["uid"]) for e in events(ics_bytes(plan, stamp=STAMP, tz="UTC", owner=owner))}


def test_uids_differ_between_athletes_and_between_plans(make_plan: Any) -> None:
    plan = make_plan()
    ana = uids(plan, "Ana")
    assert ana and not ana & uids(plan, "Ben")
    assert uids(plan, "ana") == ana  # the same athlete and plan keep their UIDs (names in any case)
    assert not ana & uids(make_plan(goal="endurance"), "Ana")
    assert not ana & uids(make_plan(start="2027-02-01"), "Ana")
    # New loads after learning are the same plan: the UIDs stay, so calendars update in place.
    heavier = make_plan(lifts=["back-squat=120", "romanian-deadlift=90x6"])
    assert ana == uids(heavier, "Ana")


def test_the_time_zone_holds_past_2038(make_plan: Any) -> None:
    plan = make_plan(start="2040-06-04")
    data = ics_bytes(plan, stamp=STAMP, tz="Europe/Paris")
    cal = Calendar.from_ical(data)
    zones = list(cal.walk("VTIMEZONE"))
    assert len(zones) == 1 and str(zones[0]["tzid"]) == "Europe/Paris"
    assert "2038" not in str(zones[0].get("comment", ""))
    for event in cal.walk("VEVENT"):
        start = event.decoded("dtstart")
        assert start.year == 2040
        assert start.utcoffset() == dt.timedelta(hours=2)  # summer time in Paris, 2040
    # The zone's own rules, read back from the calendar (not from this machine's tzdata),
    # put 18:00 on 2040-06-05 at 16:00 UTC.
    tz = zones[0].to_tz()
    local = dt.datetime(2040, 6, 5, 18, 0)
    assert tz.utcoffset(local) == dt.timedelta(hours=2)
    winter = make_plan(start="2041-01-07")
    start = events(ics_bytes(winter, stamp=STAMP, tz="Europe/Paris"))[0].decoded("dtstart")
    assert start.utcoffset() == dt.timedelta(hours=1)
