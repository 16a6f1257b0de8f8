"""Runs in the database, on SQLite and PostgreSQL: re-imports add nothing, a run in a watch file
and in the Strava export counts once, a bad file stores nothing, reads by date."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from activityfiles import fit_activity, gpx, gz, strava_row, strava_zip, tcx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runstrong import app as logbook
from runstrong.app.requests import AthleteRequest, RunsImportRequest
from runstrong.app.runs import derived_week, import_runs, runs_report
from runstrong.errors import InputError
from runstrong.settings import Context
from runstrong.storage import repository as repo

START = dt.datetime(2026, 11, 3, 6, 30, tzinfo=dt.UTC)


@pytest.fixture
def ctx(database_url: str) -> Context:
    found = Context.from_environment(database_url)
    logbook.create_athlete(found, AthleteRequest(name="Ana", units="kg", setup="gym"))
    logbook.create_athlete(found, AthleteRequest(name="Ben", units="lb", setup="gym"))
    return found


def _import(ctx: Context, *files: tuple[str, bytes], who: str = "ana") -> int:
    return import_runs(ctx, RunsImportRequest(athlete=who, files=files)).added


def _stored(ctx: Context, who: str = "ana") -> list[repo.ActivityRecord]:  # type: ignore[name-defined]
    with ctx.db.read() as s:
        return repo.activities(s, repo.athlete(s, who).id)


def test_reimporting_adds_nothing_and_records_read_back(ctx: Context) -> None:
    files = (
        ("run.fit", fit_activity(START, rpe=60)),
        ("ride.fit.gz", gz(fit_activity(START + dt.timedelta(days=1), sport="cycling"))),
        ("easy.gpx", gpx(START + dt.timedelta(days=2))),
    )
    first = import_runs(ctx, RunsImportRequest(athlete="ana", files=files))
    assert (first.read, first.added, first.runs, first.duplicates) == (3, 3, 2, 0)
    again = import_runs(ctx, RunsImportRequest(athlete="ANA", files=files))
    assert (again.added, again.duplicates) == (0, 3)
    run, ride, easy = _stored(ctx)
    assert (run.date, run.sport, run.is_run, run.duration_s, run.distance_m) == (
        dt.date(2026, 11, 3), "run", True, 1800.0, 6000.0,
    )  # fmt: skip
    assert (run.avg_hr, run.max_hr, run.rpe, run.elevation_gain_m) == (140, 148, 6.0, 35.0)
    assert run.local_start == dt.datetime(2026, 11, 3, 7, 30)
    assert run.laps == ((600.0, 2000.0, 140),) * 3
    assert (ride.sport, ride.is_run) == ("ride", False)
    assert easy.name == "Morning Run" and easy.laps == ()
    # Another athlete's import of the same files is theirs.
    assert _import(ctx, *files, who="ben") == 3


def test_a_run_in_a_watch_file_and_in_the_strava_export_counts_once(ctx: Context) -> None:
    assert _import(ctx, ("run.fit", fit_activity(START))) == 1
    # Strava's copy starts 20 s later (the upload trimmed the start), with a name and an RPE.
    later = START + dt.timedelta(seconds=20)
    rows = [
        strava_row(1, later, "Track 6x800", "Run", 1800, 6000, "activities/1.gpx", "8"),
        strava_row(2, START + dt.timedelta(days=1), "Ride", "Ride", 3600, 30000),
    ]
    export = strava_zip(rows, {"activities/1.gpx": gpx(later)})
    found = import_runs(ctx, RunsImportRequest(athlete="ana", files=(("export.zip", export),)))
    assert (found.read, found.added, found.duplicates) == (2, 1, 1)
    assert [a.sport for a in _stored(ctx)] == ["run", "ride"]
    # Both in one import: one activity, the first read keeping the other's name and RPE.
    with ctx.db.write() as s:
        repo.delete_athlete(s, "ben")
    logbook.create_athlete(ctx, AthleteRequest(name="Ben", units="kg", setup="gym"))
    both = (("run.fit", fit_activity(START)), ("export.zip", export))
    assert _import(ctx, *both, who="ben") == 2
    run = _stored(ctx, "ben")[0]
    assert (run.name, run.rpe, run.source) == ("Track 6x800", 8.0, "run.fit")


def test_a_bad_file_stores_nothing_of_the_import(ctx: Context) -> None:
    files = (("good.fit", fit_activity(START)), ("bad.tcx", b"<TrainingCenterDatabase/>"))
    with pytest.raises(InputError, match=r"^FILES: bad\.tcx: no <Activity> in the TCX file$"):
        _import(ctx, *files)
    assert _stored(ctx) == []


def test_activities_between_two_dates(ctx: Context) -> None:
    days = [START + dt.timedelta(days=d) for d in (0, 3, 10)]
    _import(ctx, *((f"{i}.tcx", tcx(d)) for i, d in enumerate(days)))
    with ctx.db.read() as s:
        who = repo.athlete(s, "ana").id
        found = repo.activities(s, who, dt.date(2026, 11, 4), dt.date(2026, 11, 13))
    assert [a.date for a in found] == [dt.date(2026, 11, 6), dt.date(2026, 11, 13)]
    assert all(a.is_run and a.duration_s == 3000 for a in found)


def test_the_weeks_and_the_derived_week(ctx: Context) -> None:
    monday = dt.datetime(2026, 10, 5, 6, 30, tzinfo=dt.UTC)
    files = []
    for w in range(5):
        week = monday + dt.timedelta(weeks=w)
        files.append((f"{w}a.gpx", gpx(week + dt.timedelta(days=1), name="Intervals 6x800")))
        files.append((f"{w}b.gpx", gpx(week + dt.timedelta(days=3), minutes=30, name="Easy")))
        files.append((f"{w}c.gpx", gpx(week + dt.timedelta(days=6), minutes=90, name="Run")))
    _import(ctx, *files)
    today = dt.date(2026, 12, 1)
    found = derived_week(ctx, "ana", today)
    assert found is not None and found.text() == "tue=intervals,thu=easy,sun=long"
    report = runs_report(ctx, "ana", 9, today)
    assert report.typical is not None and report.typical.weeks == 5
    assert [len(w.runs) for w in report.weeks] == [3, 3, 3, 3, 3, 0, 0, 0, 0]
    # Three weeks of runs are too few.
    assert derived_week(ctx, "ana", dt.date(2026, 10, 27)) is None


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(0, 60 * 24 * 30), min_size=1, max_size=6, unique=True))
def test_importing_twice_in_any_order_stores_each_once(ctx: Context, minutes: list[int]) -> None:
    who = f"runner {len(logbook.list_athletes(ctx))}"  # a fresh athlete for each example
    logbook.create_athlete(ctx, AthleteRequest(name=who, units="kg", setup="gym"))
    files = tuple(
        (f"{m}.fit", fit_activity(START + dt.timedelta(minutes=m))) for m in sorted(minutes)
    )
    _import(ctx, *files, who=who)
    assert _import(ctx, *reversed(files), who=who) == 0
    starts = [a.start for a in _stored(ctx, who)]
    assert len(starts) == len(set(starts))
    # Starts a minute apart or less are one activity; further apart, two.
    assert len(starts) <= len(minutes)
    assert all(abs((b - a).total_seconds()) > 60 for a, b in itertools.pairwise(starts))


def test_a_backup_holds_the_activities_and_restores_them(ctx: Context) -> None:
    from runstrong.app.requests import RestoreRequest

    files = (("run.fit", fit_activity(START, rpe=70)), ("b.tcx", tcx(START + dt.timedelta(days=1))))
    _import(ctx, *files)
    dumped = logbook.backup(ctx, "ana")
    shown = dumped["athletes"][0]["activities"]
    assert [(a["sport"], a["rpe"], a["is_run"]) for a in shown] == [
        ("run", 7.0, True),
        ("run", None, True),
    ]
    assert "activities" not in logbook.backup(ctx, "ben")["athletes"][0]  # none: no key
    before = _stored(ctx)
    assert logbook.restore(ctx, RestoreRequest(data=dumped, replace=True)) == ["Ana"]
    after = _stored(ctx)
    assert [(a.fingerprint, a.laps, a.local_start) for a in after] == [
        (a.fingerprint, a.laps, a.local_start) for a in before
    ]
    shown.append(dict(shown[0]))
    with pytest.raises(InputError, match=r"activities\[2\]: the same activity"):
        logbook.restore(ctx, RestoreRequest(data=dumped, replace=True))
    shown[2] = {**shown[0], "start": "2026-11-09T06:30:00", "avg_hr": 400}
    with pytest.raises(InputError, match=r"activities\[2\]\.avg_hr"):
        logbook.restore(ctx, RestoreRequest(data=dumped, replace=True))
    assert len(_stored(ctx)) == 2
