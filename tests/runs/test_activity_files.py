"""Reading activity files: FIT (checked against fitdecode, an independent reader), GPX, TCX,
gzipped or not, and a Strava bulk export; bad files name the file and the reason."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import fitdecode
import pytest
from activityfiles import (
    fit_activity,
    fit_workout,
    gpx,
    gz,
    strava_row,
    strava_zip,
    tcx,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from runstrong.core import activities
from runstrong.core.activities import decode, fingerprint, sport_of
from runstrong.errors import InputError

START = dt.datetime(2026, 11, 3, 6, 30, tzinfo=dt.UTC)
NAIVE = START.replace(tzinfo=None)


def test_a_fit_run_gives_its_session_totals_laps_local_time_and_rpe() -> None:
    (run,) = decode("run.fit", fit_activity(START, rpe=70, utc_offset_h=-5))
    assert (run.sport, run.is_run, run.start) == ("run", True, NAIVE)
    assert run.local_start == NAIVE - dt.timedelta(hours=5)
    assert run.date == dt.date(2026, 11, 3)
    assert (run.duration_s, run.distance_m, run.elevation_gain_m) == (1800.0, 6000.0, 35.0)
    assert (run.avg_hr, run.max_hr, run.rpe) == (140, 148, 7.0)
    assert [lap.distance_m for lap in run.laps] == [2000.0] * 3


def test_a_late_run_takes_its_local_day() -> None:
    late = dt.datetime(2026, 11, 4, 2, 0, tzinfo=dt.UTC)  # 21:00 the day before in New York
    (run,) = decode("late.fit", fit_activity(late, utc_offset_h=-5))
    assert run.date == dt.date(2026, 11, 3)


def test_fit_totals_match_an_independent_reader() -> None:
    data = fit_activity(START, laps=[(900.0, 3000.0, 150), (300.0, 1200.0, 175)])
    session = {}
    with fitdecode.FitReader(io.BytesIO(data)) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "session":
                session = {f.name: f.value for f in frame.fields}
    (run,) = decode("x.fit", data)
    assert run.duration_s == session["total_timer_time"]
    assert run.distance_m == session["total_distance"]
    assert run.avg_hr == session["avg_heart_rate"]
    assert run.start == session["start_time"].replace(tzinfo=None)


def test_a_bike_ride_is_cross_training_not_a_run() -> None:
    (ride,) = decode("ride.fit.gz", gz(fit_activity(START, sport="cycling", sub_sport="road")))
    assert (ride.sport, ride.is_run) == ("ride", False)


def test_gpx_from_garmin_connect_with_heart_rate_extension() -> None:
    (run,) = decode("morning.gpx", gpx(START, minutes=40, hr=145))
    assert (run.sport, run.name, run.start, run.duration_s) == ("run", "Morning Run", NAIVE, 2400)
    assert run.distance_m is not None and 7900 < run.distance_m < 8100  # 40 x 200 m
    assert run.elevation_gain_m == 80.0
    assert (run.avg_hr, run.max_hr) == (146, 147)
    assert run.local_start is None  # GPX times are UTC only


def test_gpx_types_and_no_type() -> None:
    assert decode("a.gpx", gpx(START, kind="cycling"))[0].sport == "ride"
    assert decode("b.gpx", gpx(START, kind="9"))[0].sport == "run"  # Strava's code for a run
    assert decode("c.gpx.gz", gz(gpx(START, kind=None)))[0].is_run


def test_tcx_laps_and_heart_rate() -> None:
    (run,) = decode("t.tcx", tcx(START, notes="Threshold 2x5k"))
    assert (run.sport, run.start, run.duration_s, run.distance_m) == ("run", NAIVE, 3000, 10000)
    assert (run.avg_hr, run.max_hr, run.name) == (153, 166, "Threshold 2x5k")
    assert len(run.laps) == 2
    assert decode("b.tcx", tcx(START, sport="Biking"))[0].sport == "ride"


def _export() -> bytes:
    later = START + dt.timedelta(days=2)
    rows = [
        strava_row(11, START, "Track 6x800", "Run", 1800, 6000, "activities/11.fit.gz", "8"),
        strava_row(12, START + dt.timedelta(days=1), "Spin class", "Ride", 3600, 30000),
        strava_row(13, later, "Easy", "Run", 2400, 8000, "activities/13.gpx", avg_hr="150"),
        strava_row(
            14,
            later + dt.timedelta(days=1),
            "Trail",
            "TrailRun",
            3000,
            9000,
            "activities/14.tcx.gz",
        ),
    ]
    files = {
        "activities/11.fit.gz": gz(fit_activity(START)),
        "activities/13.gpx": gpx(later),
        "activities/14.tcx.gz": gz(tcx(later + dt.timedelta(days=1))),
    }
    return strava_zip(rows, files)


def test_a_strava_export_reads_the_csv_and_the_files_it_names() -> None:
    found = decode("export_123.zip", _export())
    assert [a.sport for a in found] == ["run", "ride", "run", "run"]
    track, spin, easy, trail = found
    # The csv names the activity and gives its RPE; the file its measurements.
    assert (track.name, track.rpe, track.distance_m) == ("Track 6x800", 8.0, 6000.0)
    assert track.source == "export_123.zip:activities/11.fit.gz"
    assert len(track.laps) == 3
    # A row without a file: the csv alone, distance from the second (metres) Distance column.
    assert (spin.distance_m, spin.duration_s, spin.elevation_gain_m) == (30000.0, 3600.0, 42.0)
    assert spin.start == NAIVE + dt.timedelta(days=1)
    assert "activities.csv line 3" in spin.source
    assert easy.name == "Easy" and easy.avg_hr == 146  # the file's heart rate
    assert trail.is_run


def test_strava_pm_times_and_workout_type() -> None:
    evening = dt.datetime(2026, 11, 5, 18, 5, tzinfo=dt.UTC)
    row = strava_row(1, evening, "Parkrun", "Run", 1300, 5000)
    data = strava_zip([row], {})
    (one,) = decode("e.zip", data)
    assert one.start == evening.replace(tzinfo=None)


BOMB = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><r>&b;</r>'


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("plan.fit", fit_workout(), "plan.fit: not an activity (a FIT 'workout' file"),
        ("cut.fit", fit_activity(START)[:-40], "cut.fit: "),
        ("note.fit", b"hello, not a fit file at all", "note.fit: not a FIT file"),
        ("x.gpx", b"<gpx><trk><name>x", "x.gpx: not well-formed XML"),
        ("e.tcx", BOMB, "e.tcx: XML with a DOCTYPE or ENTITY declaration is refused"),
        ("r.gpx", b"<kml/>", "r.gpx: not a GPX file (its root is <kml>)"),
        ("one.gpx", gpx(START, minutes=0), "one.gpx: the track has fewer than two timed points"),
        ("a.csv", b"x", "a.csv: unknown file type; allowed: .fit, .gpx, .tcx, .zip"),
        ("a.fit.gz", b"not gzip", "a.fit.gz: not a readable gzip file"),
        ("e.zip", b"PK nothing", "e.zip: not a zip file"),
    ],
)  # fmt: skip
def test_a_bad_file_names_itself_and_the_reason(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        decode(name, data)
    assert str(caught.value).startswith(f"FILES: {reason}")
    assert "\n" not in str(caught.value)


def test_an_export_naming_a_missing_file_is_refused() -> None:
    row = strava_row(5, START, "Run", "Run", 1800, 6000, "activities/5.fit.gz")
    with pytest.raises(
        InputError, match=r"e\.zip:activities\.csv line 2: names 'activities/5\.fit\.gz'"
    ):
        decode("e.zip", strava_zip([row], {}))


def test_a_zip_without_activities_csv_is_not_an_export() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("photos/1.jpg", b"x")
    with pytest.raises(InputError, match=r"no activities\.csv"):
        decode("photos.zip", out.getvalue())


def test_a_gzip_bomb_stops_at_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(activities, "MAX_FILE_BYTES", 1000)
    with pytest.raises(InputError, match="larger than"):
        decode("big.gpx.gz", gz(b"<gpx>" + b" " * 5000 + b"</gpx>"))


def test_sport_names_from_every_source() -> None:
    names = {
        "running": "run",
        "TrailRun": "run",
        "cross_country_skiing": "ski",
        "WeightTraining": "strength",
        "Biking": "ride",
        "e_biking": "ride",
        "Yoga": "other",
    }
    assert {k: sport_of(k) for k in names} == names


@given(
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.integers(0, 999_999),
)
def test_fingerprints_ignore_microseconds_and_time_zone_form(when: dt.datetime, micro: int) -> None:
    aware = when.replace(microsecond=micro, tzinfo=dt.UTC)
    assert fingerprint("run", when) == fingerprint("run", aware)
    elsewhere = aware.astimezone(dt.timezone(dt.timedelta(hours=-5)))
    assert fingerprint("run", when) == fingerprint("run", elsewhere)
    assert fingerprint("run", when) != fingerprint("ride", when)
    assert len(fingerprint("run", when)) == 32


@settings(deadline=None, max_examples=30)  # the SDK's encoder is slow on a busy machine
@given(st.integers(0, 3), st.integers(-11, 12))
def test_a_file_reads_the_same_every_time(laps: int, offset: int) -> None:
    data = fit_activity(START, laps=[(300.0, 1000.0, 150)] * (laps + 1), utc_offset_h=offset)
    first, again = decode("a.fit", data)[0], decode("a.fit", data)[0]
    assert first == again and first.fingerprint == again.fingerprint
    assert first.local_start == NAIVE + dt.timedelta(hours=offset)
