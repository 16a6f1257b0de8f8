"""`runstrong import`: the report, line by line, for a first import and a re-import."""

# ruff: noqa: E501  (the CSV fixtures keep the apps' long lines as they export them)

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runstrong.cli.main import run
from runstrong.core.loads import rpe_percent

STRONG = """"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"
"1";"2026-06-01 07:05:00";"Morning";"3600";"Squat (Barbell)";"WARM_UP";"40";"8";"";"";"";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Squat (Barbell)";"1";"100";"5";"8";"";"";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Squat (Barbell)";"DROP_SET";"80";"8";"";"";"";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Push Up";"1";"68";"20";"";"";"";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Leg Press (Machine)";"1";"150";"10";"";"";"";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Leg Press (Machine)";"2";"150";"10";"";"";"";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Squat (Barbell)";"CLUSTER";"90";"3";"";"";"";"";""
"""

POUNDS = """Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE
2025-01-06 07:00:00,Lower,45m,Deadlift (Barbell),1,315,5,0,0,,,
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "config").mkdir()
    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("RUNSTRONG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("RUNSTRONG_DATABASE_URL", raising=False)

    assert run(["athlete", "create", "--name", "Ana", "--units", "kg"]) == 0
    return tmp_path


def _rts(load: float, reps: int, rpe: float) -> float:
    """The 1RM the RTS chart gives a set (core/loads), as the logbook stores it."""
    return round(load / (rpe_percent(reps, rpe) / 100), 2)


def _import(
    capsys: pytest.CaptureFixture[str], path: Path, *extra: str, code: int = 0
) -> tuple[str, str]:
    capsys.readouterr()
    assert run(["import", str(path), "--athlete", "ana", *extra]) == code
    found = capsys.readouterr()
    return found.out, found.err


def test_the_report_line_by_line(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = isolated / "strong.csv"
    path.write_text(STRONG, encoding="utf-8")
    out, err = _import(capsys, path)
    assert err == ""
    assert out.splitlines() == [
        "read a strong export (strong-current layout)",
        "  new: 3 sets in 1 session",
        "  skipped as already imported: 0 sets",
        "  skipped warm-ups: 1 set",
        "  drop sets: 1 (logged with the note 'drop set')",
        "  bodyweight moves: 1 set logged as bodyweight (the app's weight was the body's mass)",
        "  unknown set type 'CLUSTER': 1 set left out",
        "  unknown exercises: 1 (2 sets left out)",
        "    'Leg Press (Machine)': 2 sets; add aliases = [\"leg press (machine)\"] to your own exercise in exercises.toml",
        f"  1RM back-squat: {_rts(100, 5, 8):g} kg (import from 5 x 100, rts, 2026-06-01)",
    ]
    again, _ = _import(capsys, path)
    assert again.splitlines() == [
        "read a strong export (strong-current layout)",
        "  new: 0 sets in 0 sessions",
        "  skipped as already imported: 3 sets",
        "  skipped warm-ups: 1 set",
        "  unknown set type 'CLUSTER': 1 set left out",
        "  unknown exercises: 1 (2 sets left out)",
        "    'Leg Press (Machine)': 2 sets; add aliases = [\"leg press (machine)\"] to your own exercise in exercises.toml",
    ]


def test_json_report(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = isolated / "strong.csv"
    path.write_text(STRONG, encoding="utf-8")
    _import(capsys, path)
    out, _ = _import(capsys, path, "--format", "json")
    data = json.loads(out)
    assert data["layout"] == "strong-current"
    assert (data["sets"], data["duplicates"], data["warmups"]) == (0, 3, 1)
    assert data["unknown"] == {"Leg Press (Machine)": 2}
    assert data["set_types"] == {"CLUSTER": 1}


def test_pounds_warn_and_units_converts(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = isolated / "pounds.csv"
    path.write_text(POUNDS, encoding="utf-8")
    _, err = _import(capsys, path)
    assert err.startswith("warning: the weights look like pounds") and "--units lb" in err
    assert run(["athlete", "create", "--name", "Ben", "--units", "kg"]) == 0
    capsys.readouterr()
    assert run(["import", str(path), "--athlete", "ben", "--units", "lb"]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    assert run(["history", "--athlete", "ben", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["load"] for r in rows] == [142.88]


def test_bad_units_and_a_bad_date_exit_2(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = isolated / "pounds.csv"
    path.write_text(POUNDS.replace("2025-01-06 07:00:00", "6th Jan"), encoding="utf-8")
    _, err = _import(capsys, path, code=2)
    assert err.startswith("runstrong: error: Strong export line 2: Date '6th Jan' is not a date")
    assert len(err.splitlines()) == 1
    _, err = _import(capsys, path, "--units", "stone", code=2)
    assert "--units" in err
