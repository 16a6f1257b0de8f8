"""The load view over a real logbook (SQLite and PostgreSQL): strength load from logged sessions,
the plan's minutes and markers, activities mapped to load items, bad input refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from runstrong import api
from runstrong import app as logbook
from runstrong.app import workload as load
from runstrong.app.requests import AthleteRequest, LiftRequest
from runstrong.core import workload as wl
from runstrong.errors import InputError, NotFound
from runstrong.settings import Context

START = dt.date(2027, 1, 4)  # the plan's first Monday
RACE = dt.date(2027, 4, 18)


@pytest.fixture
def ctx(database_url: str) -> Context:
    context = Context.from_environment(database_url)
    logbook.create_athlete(
        context, AthleteRequest(name="Ana", units="kg", setup="gym", runs="tue=intervals,sat=long")
    )
    logbook.record_lifts(
        context, LiftRequest(athlete="ana", lifts=("back-squat=100",), date=dt.date(2027, 1, 1))
    )
    return context


def _save_season(ctx: Context) -> dict[str, object]:
    inputs = logbook.athlete_plan_inputs(ctx, "ana")
    plan = api.build_plan(goal="strength", start=START.isoformat(), race=RACE.isoformat(), **inputs)
    data = api.plan_json(plan)
    logbook.save_plan(ctx, "ana", data, inputs)
    return data


def _first_session(data: dict[str, object]) -> dict[str, object]:
    weeks = data["weeks"]
    assert isinstance(weeks, list)
    session: dict[str, object] = weeks[0]["sessions"][0]
    return session


def test_strength_load_from_the_log_labelled_by_how_it_was_found(ctx: Context) -> None:
    data = _save_season(ctx)
    planned = _first_session(data)
    day = dt.date.fromisoformat(str(planned["date"]))
    logbook.log_session(ctx, "ana", ["back-squat", "3x5@80"], date=day, rpe=7)
    week_one = {str(s["date"]) for s in data["weeks"][0]["sessions"]}  # type: ignore[index]
    free = [START + dt.timedelta(days=n) for n in range(7)]
    unplanned, bare = [d for d in free if d.isoformat() not in week_one][-2:]
    logbook.log_session(ctx, "ana", ["back-squat", "3x5@80@rpe8", "3x5@80@rpe9"], date=unplanned)
    logbook.log_session(ctx, "ana", ["back-squat", "3x5@80"], date=bare)
    view = load.workload(ctx, "ana", 2, dt.date(2027, 1, 10))
    sessions = {x.item.day: x for x in view.load.sessions}
    first = sessions[day]
    assert first.item.minutes == planned["minutes"] and first.item.minutes_from == "plan"
    assert first.method is wl.Method.SRPE and first.load == 7 * float(planned["minutes"])  # type: ignore[arg-type]
    sets = sessions[unplanned]
    # Two groups of 3x5: 300 + 2 x (60 + 60 + 240) = 1020 s -> 17 min; mean set RPE 8.5.
    assert (sets.item.minutes, sets.item.minutes_from) == (17, "estimate")
    assert (sets.item.rpe, sets.method, sets.load) == (8.5, wl.Method.SRPE_SETS, 8.5 * 17)
    assert sessions[bare].method is wl.Method.UNKNOWN and sessions[bare].load is None
    week = view.load.weeks[1]  # 2 weeks to today, then the weeks to the race
    assert week.monday == START and week.strength == first.load + sets.load  # type: ignore[operator]
    assert week.unknown == 1 and week.run == 0
    assumed = load.workload(ctx, "ana", 2, dt.date(2027, 1, 10), missing_rpe="5")
    assert assumed.load.weeks[1].strength == week.strength + 5 * 11  # 3x5 alone: 11 min


def test_plan_markers_are_the_saved_plans_deloads_and_race(ctx: Context) -> None:
    data = _save_season(ctx)
    deloads = {
        dt.date.fromisoformat(w["start"])
        for w in data["weeks"]  # type: ignore[attr-defined]
        if w["deload"]
    }
    assert deloads  # a season to a race has lighter weeks
    view = load.workload(ctx, "ana", 4, dt.date(2027, 1, 20))
    assert view.markers.next_race == RACE
    # The weeks to the race are shown too (at most AHEAD_WEEKS): its deloads and the race.
    assert view.load.weeks[-1].monday == wl.monday_of(RACE)
    assert view.markers.races == (RACE,)
    shown = {w.monday for w in view.load.weeks}
    assert set(view.markers.deloads) == deloads & shown
    assert view.load.weeks[0].monday == wl.monday_of(dt.date(2027, 1, 20)) - dt.timedelta(days=21)
    after = load.workload(ctx, "ana", 30, dt.date(2027, 5, 30))  # the race is past
    assert after.markers.races == (RACE,) and after.markers.next_race is None
    assert after.load.weeks[-1].monday == wl.monday_of(dt.date(2027, 5, 30))


def test_bad_input_is_refused_with_the_field(ctx: Context) -> None:
    for weeks, message in [
        (0, "weeks: must be 1-104; got 0"),
        ("x", "weeks: expected a whole number 1-104; got 'x'"),
        (105, "weeks: must be 1-104; got 105"),
    ]:
        with pytest.raises(InputError, match=message):
            load.workload(ctx, "ana", weeks)
    with pytest.raises(InputError, match="missing_rpe: must be 1-10 or 'unknown'; got 11"):
        load.workload(ctx, "ana", 4, missing_rpe="11")
    with pytest.raises(NotFound):
        load.workload(ctx, "bob", 4)


@dataclass(frozen=True)
class Activity:
    """An activity record as issue 14 part 1 stores it."""

    date: dt.date
    sport: str
    is_run: bool
    duration_s: float
    distance_m: float | None
    avg_hr: float | None
    max_hr: float | None
    rpe: float | None


def test_activities_become_load_items() -> None:
    hr = wl.heart_rate(50, 190, "male")
    run = Activity(START, "run", True, 3600, 10000, 150, 175, 5)
    item = load.activity_item(run, hr)
    assert (item.kind, item.minutes, item.rpe) == (wl.Kind.RUN, 60, 5)
    assert item.trimp == pytest.approx(108.1)
    assert item.source == "activity 2027-01-04 run"
    ride = load.activity_item(Activity(START, "ride", False, 5400, None, None, None, None), hr)
    assert (ride.kind, ride.minutes, ride.trimp, ride.rpe) == (wl.Kind.CROSS, 90, None, None)
    assert load.activity_item(run, None).trimp is None  # no profile: no TRIMP
    found = wl.summarise([item, load.activity_item(run, None)], START, 1, START)
    assert found.weeks[0].run == 600 and found.weeks[0].trimp.total == pytest.approx(108.1)
