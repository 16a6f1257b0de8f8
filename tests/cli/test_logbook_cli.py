"""The logbook through the real entry point: the issue's commands, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from runstrong.cli.main import cli, run


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "config").mkdir()
    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("RUNSTRONG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("RUNSTRONG_DATABASE_URL", raising=False)
    from runstrong import config

    config._user_config.cache_clear()
    return tmp_path


def call(argv: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> str:
    assert run(argv) == code, capsys.readouterr()
    captured = capsys.readouterr()
    return captured.out if code == 0 else captured.err


ANA = ["--athlete", "ana"]


@pytest.fixture
def ana(capsys: pytest.CaptureFixture[str]) -> None:
    call(
        ["athlete", "create", "--name", "Ana", "--units", "kg", "--setup", "home",
         "--runs", "tue=intervals,thu=tempo,sat=long"],
        capsys,
    )  # fmt: skip
    call(["athlete", "lift", "back-squat=100", *ANA, "--date", "2027-01-01"], capsys)


def test_athlete_commands(ana: None, capsys: pytest.CaptureFixture[str]) -> None:
    shown = json.loads(call(["athlete", "show", *ANA, "--format", "json"], capsys))
    assert shown["setup"] == "home" and shown["lifts"]["back-squat"]["one_rm"] == 100
    assert "Ana" in call(["athlete", "list"], capsys)
    call(["athlete", "edit", *ANA, "--equipment", "barbell,box", "--avoid", "back"], capsys)
    shown = json.loads(call(["athlete", "show", *ANA, "--format", "json"], capsys))
    assert shown["setup"] is None and shown["equipment"] == ["barbell", "box"]
    assert shown["avoid"] == ["back"]
    err = call(["athlete", "show", "--athlete", "bob"], capsys, code=2)
    assert (
        err == "runstrong: error: --athlete: no such entry 'bob' (see `runstrong athlete list`)\n"
    )
    call(["athlete", "delete", *ANA, "--yes"], capsys)
    assert "no athletes" in call(["athlete", "list"], capsys)


def test_log_history_progress_and_bad_notation(
    ana: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = call(
        ["log", *ANA, "--date", "2027-01-05", "back-squat", "3x5@85", "rdl", "3x6@70",
         "--rpe", "8"],
        capsys,
    )  # fmt: skip
    assert out.startswith("saved session #1 (2027-01-05, not planned)")
    err = call(["log", *ANA, "back-squat", "3x5@85", "rdl", "3xx6"], capsys, code=2)
    assert err.startswith("runstrong: error: SETS: '3xx6' is not valid")
    assert err.count("\n") == 1
    rows = json.loads(
        call(["history", *ANA, "--exercise", "back-squat", "--format", "json"], capsys)
    )
    assert [(r["sets"], r["reps"], r["load"], r["rpe"]) for r in rows] == [(3, 5, 85.0, 8.0)]
    text = call(["history", *ANA], capsys)
    assert "romanian-deadlift" in text and "3x6@70kg" in text
    chart = call(["progress", *ANA, "--exercise", "back-squat"], capsys)
    assert "back-squat e1RM" in chart and any(c in chart for c in "▁▂▃▄▅▆▇█")
    for name in ("squat.png", "squat.svg"):
        call(
            ["progress", *ANA, "--exercise", "back-squat", "--output", str(tmp_path / name)], capsys
        )
    assert (tmp_path / "squat.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "squat.svg").read_text()
    err = call(["progress", *ANA, "--output", str(tmp_path / "x.gif")], capsys, code=2)
    assert "--output" in err


def test_edit_and_delete_a_logged_session(ana: None, capsys: pytest.CaptureFixture[str]) -> None:
    call(["log", *ANA, "--date", "2027-01-05", "back-squat", "3x5@85"], capsys)
    out = call(["log", *ANA, "--date", "2027-01-05", "--edit", "1", "back-squat", "3x5@80"], capsys)
    assert out.startswith("updated session #1")
    rows = json.loads(call(["history", *ANA, "--format", "json"], capsys))
    assert [r["load"] for r in rows] == [80.0]
    call(["log", *ANA, "--delete", "1", "--yes"], capsys)
    assert json.loads(call(["history", *ANA, "--format", "json"], capsys)) == []
    assert "--edit/--delete" in call(["log", *ANA, "--delete", "7", "--yes"], capsys, code=2)


def test_today_is_a_rest_day_without_a_plan(ana: None, capsys: pytest.CaptureFixture[str]) -> None:
    out = call(["today", *ANA, "--date", "2027-01-06"], capsys)
    assert out == "2027-01-06: rest day (no strength session planned)\n"
    assert "no strength sessions" in call(["week", *ANA, "--date", "2027-01-06"], capsys)
    assert "no saved plans" in call(["plans", *ANA], capsys)


def test_backup_and_restore_round_trip(
    ana: None, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    call(["log", *ANA, "--date", "2027-01-05", "back-squat", "3x5@85", "plank", "2x30s"], capsys)
    path = tmp_path / "ana.json"
    call(["backup", "--output", str(path)], capsys)
    monkeypatch.setenv("RUNSTRONG_DATA_DIR", str(tmp_path / "other"))
    assert "restored 1 athlete(s): Ana" in call(["restore", str(path)], capsys)
    assert json.loads(call(["backup"], capsys)) == json.loads(path.read_text())
    assert "exists" in call(["restore", str(path)], capsys, code=2)
    (tmp_path / "foreign.json").write_text('{"schema": "runstrong.plan/1"}')
    assert "not a runstrong backup" in call(["restore", str(tmp_path / "foreign.json")], capsys, 2)
    (tmp_path / "broken.json").write_text("{not json")
    assert "is not JSON" in call(["restore", str(tmp_path / "broken.json")], capsys, 2)


def test_interactive_log_walks_the_plan(
    ana: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("back-squat 3x5@82.5\n\n"))
    out = call(["log", *ANA, "--date", "2027-01-05", "--interactive"], capsys)
    assert "back-squat 3x5@82.5kg" in out


def test_import_a_strong_export(
    ana: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "strong.csv"
    path.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE\n"
        "2026-12-01 07:00:00,Legs,45m,Squat (Barbell),1,90,5,0,0,,,8\n"
        "2026-12-01 07:00:00,Legs,45m,Squat (Barbell),2,90,5,0,0,,,8\n"
        "2026-12-01 07:00:00,Legs,45m,Moon Walk,1,10,5,0,0,,,\n"
    )
    data = json.loads(call(["import", str(path), *ANA, "--format", "json"], capsys))
    assert data["app"] == "strong" and data["sets"] == 2 and data["unknown"] == {"Moon Walk": 1}
    rows = json.loads(call(["history", *ANA, "--format", "json"], capsys))
    assert {r["exercise"] for r in rows} == {"back-squat"}


PLAN_HAS_ATHLETE = any("--athlete" in p.opts for p in cli.commands["plan"].params)


@pytest.mark.skipif(not PLAN_HAS_ATHLETE, reason="`plan --athlete/--save` is not wired in yet")
def test_plan_for_a_saved_athlete_is_saved_and_drives_today(
    ana: None, capsys: pytest.CaptureFixture[str]
) -> None:
    call(
        ["plan", *ANA, "--goal", "strength", "--phase", "pre-season", "--weeks", "6",
         "--start", "2027-01-04", "--save"],
        capsys,
    )  # fmt: skip
    plans = json.loads(call(["plans", *ANA, "--format", "json"], capsys))
    assert len(plans) == 1 and plans[0]["weeks"] == 6 and plans[0]["start"] == "2027-01-04"
    week = json.loads(call(["week", *ANA, "--date", "2027-01-04", "--format", "json"], capsys))
    assert week and all(s["plan_id"] == plans[0]["id"] for s in week)


def test_the_cli_starts_without_sqlalchemy() -> None:
    code = (
        "import sys, runstrong.cli.main; "
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
