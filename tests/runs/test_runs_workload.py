"""Imported runs and rides in the load view: a run's session RPE x minutes stacks with the
lifts, a ride counts as cross-training, and a run's heart rate gives its TRIMP."""

from __future__ import annotations

import datetime as dt

import pytest
from activityfiles import gpx

from runstrong import app as logbook
from runstrong.app import workload as load
from runstrong.app.requests import AthleteRequest, RunsImportRequest
from runstrong.app.runs import import_runs
from runstrong.core import workload as wl
from runstrong.settings import Context

MONDAY = dt.date(2027, 1, 4)


def test_imported_activities_stack_with_the_lifts(database_url: str) -> None:
    ctx = Context.from_environment(database_url)
    logbook.create_athlete(ctx, AthleteRequest(name="Ana", units="kg", setup="gym"))
    start = dt.datetime(2027, 1, 5, 7, 0, tzinfo=dt.UTC)  # Tuesday
    ride = dt.datetime(2027, 1, 7, 7, 0, tzinfo=dt.UTC)  # Thursday
    files = (
        ("tuesday.gpx", gpx(start, minutes=40, hr=150)),
        ("thursday.gpx", gpx(ride, name="Morning Ride", kind="cycling", minutes=60)),
    )
    import_runs(ctx, RunsImportRequest(athlete="Ana", files=files))
    logbook.log_session(ctx, "ana", ["back-squat", "3x5@80"], date=MONDAY, rpe=7)
    view = load.workload(
        ctx, "ana", 1, MONDAY + dt.timedelta(days=6), hr=wl.heart_rate(50, 190, "female"),
        missing_rpe="5",
    )  # fmt: skip
    week = view.load.weeks[-1]
    # GPX carries no RPE: the runner's --missing-rpe 5 applies, labelled as assumed.
    assert week.run == pytest.approx(40 * 5)
    assert week.cross == pytest.approx(60 * 5)
    assert week.strength > 0
    assert week.srpe.total == pytest.approx(week.run + week.cross + week.strength)
    assert week.trimp.total > 0  # the run's and the ride's average heart rate
    ctx.close()
