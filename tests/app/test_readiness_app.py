"""Readiness use-cases on SQLite and PostgreSQL: the check-in stored, today's session lightened
with its reasons and re-checked, past check-ins listed, kept by backup and restore."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from runstrong import api
from runstrong import app as logbook
from runstrong.app import readiness
from runstrong.app.requests import AthleteRequest, CheckInRequest, LiftRequest, RestoreRequest
from runstrong.errors import InputError, NotFound
from runstrong.settings import Context
from runstrong.validation.lighter import check_lightened

START = dt.date(2027, 1, 4)


@pytest.fixture
def ctx(database_url: str) -> Context:
    """Ana with a saved week of three sessions in pre-season (jumps included)."""
    found = Context.from_environment(database_url)
    logbook.create_athlete(found, AthleteRequest(name="Ana", runs="tue=intervals,sat=long"))
    logbook.record_lifts(
        found, LiftRequest(athlete="ana", lifts=("back-squat=100", "romanian-deadlift=90"))
    )
    inputs = logbook.athlete_plan_inputs(found, "ana")
    plan = api.build_plan(goal="strength", phase="pre-season", start=START, sessions=3, **inputs)
    logbook.save_plan(found, "ana", api.plan_json(plan), inputs)
    return found


def _day(ctx: Context) -> dt.date:
    """The first planned day with jumps in it."""
    for found in logbook.planned_sessions(ctx, "ana", START, START + dt.timedelta(days=6)):
        if any(e.get("loading") == "contacts" for e in found.session["exercises"]):
            return found.date
    raise AssertionError("no session with jumps in the week")


def test_a_sore_morning_lightens_today_with_reasons_and_the_validator_agrees(
    ctx: Context,
) -> None:
    day = _day(ctx)
    request = CheckInRequest(athlete="Ana", date=day, text="sleep=5,soreness=7,stress=6")
    found = readiness.check_in_today(ctx, request)
    assert found.checkin is not None and found.checkin.soreness == 7
    assert [f.rule for f in found.verdict.findings] == ["readiness-soreness"]
    [today] = found.sessions
    assert today.violations == ()
    assert not any(e.get("loading") == "contacts" for e in today.session["exercises"])
    assert {c.rule for c in today.changes} == {"readiness-soreness"}
    assert check_lightened(today.planned.session, today.session) == []
    # the next day's `today` reads the stored check-in of its own day only
    assert readiness.ready(ctx, "ana", day + dt.timedelta(days=1)).checkin is None


def test_a_second_check_in_the_same_day_replaces_the_first(ctx: Context) -> None:
    day = _day(ctx)
    readiness.check_in(
        ctx, CheckInRequest(athlete="ana", date=day, text="sleep=2,soreness=9,stress=9")
    )
    calm = CheckInRequest(athlete="ana", date=day, sleep=8, soreness="2", stress=2, motivation=8)
    readiness.check_in(ctx, calm)
    [stored] = readiness.checkins(ctx, "ana", 1, day)
    assert (stored.sleep, stored.soreness, stored.motivation) == (8, 2, 8)
    found = readiness.ready(ctx, "ana", day)
    assert not found.verdict.lightens
    assert found.sessions[0].session == found.sessions[0].planned.session


def test_a_very_poor_morning_swaps_for_the_plans_activation_session(ctx: Context) -> None:
    day = _day(ctx)
    text = "sleep=2,soreness=8,stress=9,motivation=2"
    found = readiness.check_in_today(ctx, CheckInRequest(athlete="ana", date=day, text=text))
    [today] = found.sessions
    assert today.session["kind"] == "activation"
    assert [c.rule for c in today.changes] == ["readiness-low"]
    assert all(e["load"] is None for e in today.session["exercises"])


def test_a_load_spike_from_the_caller_drops_the_jumps_without_a_check_in(ctx: Context) -> None:
    day = _day(ctx)
    found = readiness.ready(ctx, "ana", day, load_ratio=1.8)
    assert [f.rule for f in found.verdict.findings] == ["readiness-load-spike"]
    assert not any(e.get("loading") == "contacts" for e in found.sessions[0].session["exercises"])
    assert readiness.load_ratio_checked("1.8") == 1.8
    with pytest.raises(InputError, match="load_ratio"):
        readiness.load_ratio_checked("lots")


def test_the_resting_hr_baseline_comes_from_the_week_before(ctx: Context) -> None:
    day = _day(ctx)
    for back in range(1, 5):
        earlier = day - dt.timedelta(days=back)
        text = "sleep=7,soreness=3,stress=3,rhr=50"
        readiness.check_in(ctx, CheckInRequest(athlete="ana", date=earlier, text=text))
    text = "sleep=7,soreness=3,stress=3,rhr=59"
    found = readiness.check_in_today(ctx, CheckInRequest(athlete="ana", date=day, text=text))
    assert [f.rule for f in found.verdict.findings] == ["readiness-resting-hr"]
    assert "9 above your 7-day mean of 50" in found.verdict.findings[0].reason


def test_bad_check_ins_name_the_field_and_store_nothing(ctx: Context) -> None:
    with pytest.raises(InputError, match="readiness: soreness must be a whole number 1-10"):
        readiness.check_in(ctx, CheckInRequest(athlete="ana", text="sleep=5,soreness=70,stress=1"))
    with pytest.raises(InputError) as caught:
        readiness.check_in(ctx, CheckInRequest(athlete="ana", sleep=5, soreness=5))
    assert caught.value.field == "stress"
    with pytest.raises(InputError, match="weeks"):
        readiness.checkins(ctx, "ana", 0)
    with pytest.raises(NotFound):
        readiness.check_in(
            ctx, CheckInRequest(athlete="nobody", text="sleep=5,soreness=5,stress=5")
        )
    assert readiness.checkins(ctx, "ana", 52) == []


def test_backup_keeps_check_ins_and_older_backups_restore_without_them(ctx: Context) -> None:
    day = _day(ctx)
    text = "sleep=6,soreness=4,stress=5,motivation=7,rhr=51,hrv=66.5"
    readiness.check_in(ctx, CheckInRequest(athlete="ana", date=day, text=text))
    data = logbook.backup(ctx, "ana")
    [kept] = data["athletes"][0]["readiness"]
    assert (kept["date"], kept["rhr"], kept["hrv"]) == (day.isoformat(), 51, 66.5)
    logbook.restore(ctx, RestoreRequest(data=data, replace=True))
    assert logbook.backup(ctx, "ana") == data
    older = json.loads(json.dumps(data))
    del older["athletes"][0]["readiness"]  # a backup from before revision 0008
    logbook.restore(ctx, RestoreRequest(data=older, replace=True))
    assert readiness.checkins(ctx, "ana", 520, day) == []
    broken = json.loads(json.dumps(data))
    broken["athletes"][0]["readiness"][0]["sleep"] = 11
    with pytest.raises(InputError, match=r"athletes\[0\]\.readiness\[0\]\.sleep: must be 1-10"):
        logbook.restore(ctx, RestoreRequest(data=broken, replace=True))
    assert readiness.checkins(ctx, "ana", 520, day) == []  # all or nothing
