"""`runstrong runs import`, `runs`, and what they change in `plan --athlete` and `today`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from activityfiles import fit_activity, gpx, gz, strava_row, strava_zip

from runstrong.cli.main import run

MONDAY = dt.datetime(2026, 10, 5, 6, 30, tzinfo=dt.UTC)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """Six weeks of Tuesday intervals (FIT), Thursday easy (GPX), Sunday long (in a Strava
    export, gzipped GPX), and a ride."""
    folder = tmp_path / "runs"
    folder.mkdir()
    rows, inside = [], {}
    laps = [(600.0, 2000.0, 140), *[(180.0, 1000.0, 170), (120.0, 300.0, 130)] * 3]
    for w in range(6):
        week = MONDAY + dt.timedelta(weeks=w)
        tue = week + dt.timedelta(days=1)
        (folder / f"{w}-tue.fit").write_bytes(fit_activity(tue, laps=laps))
        (folder / f"{w}-thu.gpx.gz").write_bytes(gz(gpx(week + dt.timedelta(days=3), name="Easy")))
        sun = week + dt.timedelta(days=6)
        rows.append(strava_row(w, sun, "Sunday run", "Run", 5400, 18000, f"activities/{w}.gpx.gz"))
        inside[f"activities/{w}.gpx.gz"] = gz(gpx(sun, name="Sunday run", minutes=90))
    rows.append(strava_row(99, MONDAY, "Spin", "Ride", 3600, 30000))
    (folder / "export.zip").write_bytes(strava_zip(rows, inside))
    assert run(["athlete", "create", "--name", "Ana", "--units", "kg"]) == 0
    return folder


def _import(folder: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    names = sorted(str(p) for p in folder.iterdir())
    code = run(["runs", "import", *names, *extra, "--athlete", "ana"])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_then_again(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _import(files, capsys)
    assert (code, err) == (0, "")
    assert out == (
        "read 19 activities from 13 files\n"
        "  new: 19 (18 runs, 1 cross-training)\n"
        "  skipped as already imported: 0\n"
    )
    code, out, _ = _import(files, capsys, "--format", "json")
    assert code == 0
    assert json.loads(out) == {"files": 13, "read": 19, "added": 0, "runs": 0, "duplicates": 19}


def test_a_bad_file_is_one_line_exit_2_and_nothing_stored(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "zz-broken.fit").write_bytes(b"not a FIT file at all, just text")
    code, out, err = _import(files, capsys)
    assert (code, out) == (2, "")
    assert err == f"runstrong: error: FILES: {files / 'zz-broken.fit'}: not a FIT file\n"
    assert run(["runs", "--athlete", "ana", "--weeks", "9", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert all(w["runs"] == [] for w in shown["weeks"])
    assert run(["runs", "import", str(files / "missing.gpx"), "--athlete", "ana"]) == 2
    assert capsys.readouterr().err.endswith("missing.gpx' does not exist\n")


def test_runs_week_by_week_with_the_reading_explained(
    files: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _import(files, capsys)
    assert run(["runs", "--athlete", "ana", "--weeks", "9", "--explain"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Ana: what was run, 9 weeks"
    assert "week of 2026-10-05: 3 runs, 31.9 km, 2:35" in lines
    assert any(
        line.startswith("  Tue 06  intervals") and "lap paces vary by" in line for line in lines
    )
    assert "  Thu 08  easy         8.0 km   0:40  no sign of a hard effort  'Easy'" in lines
    assert any("Sun 11  long" in line and "longest of the week: 1:30" in line for line in lines)
    assert "  Mon 05  (ride)      30.0 km   1:00  cross-training  'Spin'" in lines
    assert (
        "running week read from 6 weeks with runs (2026-10-05 to 2026-11-29): "
        "tue=intervals,thu=easy,sun=long" in out
    )
    assert "  thu: easy (ran 6 of 6 weeks: easy 6)" in lines
    assert run(["runs", "--athlete", "ana", "--weeks", "0"]) == 2
    assert "--weeks" in capsys.readouterr().err
    assert run(["runs", "--weeks", "2"]) == 2
    assert "Missing option '--athlete'" in capsys.readouterr().err


def test_plan_uses_the_week_read_from_the_runs(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = ["plan", "--athlete", "ana", "--phase", "in-season", "--goal", "strength"]
    plan += ["--start", "2026-12-07", "--format", "json"]
    assert run(plan) == 0
    before = json.loads(capsys.readouterr().out)
    assert set(before["weeks"][0]["runs"].values()) == {"rest"}  # no saved running week
    _import(files, capsys)
    assert run(plan) == 0
    out, err = capsys.readouterr()
    runs = json.loads(out)["weeks"][0]["runs"]
    assert (runs["tue"], runs["thu"], runs["sun"], runs["mon"]) == (
        "intervals",
        "easy",
        "long",
        "rest",
    )
    assert "running week read from the runs of 6 weeks" in err
    assert "give --runs to plan around another" in err
    assert run([*plan, "--runs", "mon=easy,sat=long"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["weeks"][0]["runs"]["sat"] == "long"
    assert "read from the runs" not in err


def test_today_moves_the_session_after_an_unplanned_long_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["athlete", "create", "--name", "Ana", "--units", "kg"]) == 0
    plan = ["plan", "--athlete", "ana", "--phase", "in-season", "--goal", "strength", "--save"]
    plan += ["--runs", "tue=intervals,thu=easy,sun=long", "--start", "2026-11-30"]
    assert run(plan) == 0
    capsys.readouterr()
    assert run(["week", "--athlete", "ana", "--date", "2026-12-01", "--format", "json"]) == 0
    days = [x["date"] for x in json.loads(capsys.readouterr().out)]
    assert days == ["2026-12-01", "2026-12-04"]
    assert run(["today", "--athlete", "ana", "--date", "2026-12-01"]) == 0
    assert "moves:" not in capsys.readouterr().out
    long_run = tmp_path / "long.gpx"
    long_run.write_bytes(
        gpx(dt.datetime(2026, 11, 30, 7, tzinfo=dt.UTC), name="Long run", minutes=120)
    )
    assert run(["runs", "import", str(long_run), "--athlete", "ana"]) == 0
    capsys.readouterr()
    assert run(["today", "--athlete", "ana", "--date", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == (
        "moves: you ran a long run yesterday ('long' in the name) where the plan expected "
        "rest: no heavy lower-body work in the 24 h after a long run, race or hard session; "
        "moved to Wed 02 Dec"
    )
    assert run(["today", "--athlete", "ana", "--date", "2026-12-01", "--format", "json"]) == 0
    (shown,) = json.loads(capsys.readouterr().out)
    assert shown["moved"]["to"] == "2026-12-02"
