"""The running-load spike of the readiness rules, read from imported runs: minutes of the last
7 days against the last 28, silent before 28 days of runs."""

from __future__ import annotations

import datetime as dt

import pytest
from activityfiles import gpx

from runstrong import app as logbook
from runstrong.app import readiness
from runstrong.app.requests import AthleteRequest, RunsImportRequest
from runstrong.app.runs import import_runs
from runstrong.settings import Context

DAY = dt.date(2027, 2, 1)  # a Monday


def _runs(minutes_by_week: list[int]) -> tuple[tuple[str, bytes], ...]:
    """Three runs a week (Tue, Thu, Sat) for the weeks before DAY, oldest first."""
    files = []
    for w, minutes in enumerate(minutes_by_week):
        monday = DAY - dt.timedelta(weeks=len(minutes_by_week) - w)
        for offset in (1, 3, 5):
            day = monday + dt.timedelta(days=offset)
            start = dt.datetime(day.year, day.month, day.day, 7, tzinfo=dt.UTC)
            files.append((f"{day}.gpx", gpx(start, minutes=minutes // 3)))
    return tuple(files)


@pytest.fixture
def ctx(database_url: str) -> Context:
    context = Context.from_environment(database_url)
    logbook.create_athlete(context, AthleteRequest(name="Ana", units="kg", setup="gym"))
    return context


def test_a_doubled_week_of_running_is_a_spike(ctx: Context) -> None:
    import_runs(ctx, RunsImportRequest(athlete="Ana", files=_runs([150, 150, 150, 150, 330])))
    with ctx.db.read() as s:
        from runstrong.storage import repository as repo

        done = repo.activities(s, repo.athlete(s, "Ana").id)
    ratio = readiness.running_ratio(done, DAY - dt.timedelta(days=1))
    assert ratio is not None and ratio > 1.5
    found = readiness.ready(ctx, "Ana", DAY - dt.timedelta(days=1))
    assert "readiness-load-spike" in {f.rule for f in found.verdict.findings}
    ctx.close()


def test_a_steady_month_is_no_spike_and_a_short_history_is_silent(ctx: Context) -> None:
    import_runs(ctx, RunsImportRequest(athlete="Ana", files=_runs([150, 150])))
    assert "readiness-load-spike" not in {
        f.rule for f in readiness.ready(ctx, "Ana", DAY - dt.timedelta(days=1)).verdict.findings
    }  # two weeks of runs: no ratio at all
    with ctx.db.read() as s:
        from runstrong.storage import repository as repo

        assert readiness.running_ratio(repo.activities(s, 1), DAY) is None
    import_runs(ctx, RunsImportRequest(athlete="Ana", files=_runs([150, 150, 150, 150, 150])))
    with ctx.db.read() as s:
        ratio = readiness.running_ratio(repo.activities(s, 1), DAY - dt.timedelta(days=1))
    assert ratio == pytest.approx(1.0)
    ctx.close()
