"""`runstrong plan --format md|csv|ics|fit|pdf` through the real entry point.

These need the CLI wiring of runstrong.export (the lead's part): --format with the five export
formats, --output FILE/FOLDER, --force, --time HH:MM and --tz ZONE.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from runstrong.cli.main import run

PLAN = [
    "plan",
    "--goal",
    "strength",
    "--phase",
    "pre-season",
    "--setup",
    "gym",
    "--lift",
    "back-squat=100",
    "--lift",
    "romanian-deadlift=80x6",
    "--runs",
    "mon=easy,tue=intervals,thu=tempo,sat=long",
    "--start",
    "2027-01-04",
]


def test_ics_to_a_file_at_a_chosen_time_and_zone(tmp_path: Path) -> None:
    target = tmp_path / "strength.ics"
    argv = [*PLAN, "--format", "ics", "--output", str(target), "--time", "07:30"]
    assert run([*argv, "--tz", "Europe/Berlin"]) == 0
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert len(events) == 2
    start = events[0].decoded("dtstart")
    assert (start.hour, start.minute) == (7, 30)
    assert str(start.tzinfo) == "Europe/Berlin"


def test_fit_into_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "workouts"
    assert run([*PLAN, "--format", "fit", "--output", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "2027-01-05-strength.fit",
        "2027-01-07-strength.fit",
    ]


def test_pdf_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    assert run([*PLAN, "--format", "pdf", "--output", str(target)]) == 0
    text = PdfReader(io.BytesIO(target.read_bytes())).pages[0].extract_text() or ""
    assert "Romanian deadlift" in text


def test_csv_and_md_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*PLAN, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and rows[0]["date"] == "2027-01-05"
    assert run([*PLAN, "--format", "md"]) == 0
    assert capsys.readouterr().out.startswith("# Strength plan")


def test_no_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "plan.csv"
    target.write_text("mine")
    assert run([*PLAN, "--format", "csv", "--output", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("runstrong: error: --output:") and "--force" in err
    assert target.read_text() == "mine"
    assert run([*PLAN, "--format", "csv", "--output", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8-sig").startswith("week,")


def test_pdf_without_output_and_a_bad_zone_are_input_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run([*PLAN, "--format", "pdf"]) == 2
    assert "--output: pdf needs --output FILE" in capsys.readouterr().err
    assert run([*PLAN, "--format", "ics", "--tz", "Nowhere/Land"]) == 2
    assert capsys.readouterr().err.startswith("runstrong: error: --tz:")


def test_two_athletes_plans_never_share_a_uid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUNSTRONG_DATABASE_URL", f"sqlite:///{tmp_path / 'club.db'}")
    uids = {}
    for name in ("Ana", "Ben"):
        assert run(["athlete", "create", "--name", name, "--setup", "gym"]) == 0
        capsys.readouterr()
        argv = ["plan", "--athlete", name, "--goal", "strength", "--phase", "pre-season"]
        assert run([*argv, "--start", "2027-01-04", "--format", "ics", "--tz", "UTC"]) == 0
        events = Calendar.from_ical(capsys.readouterr().out).walk("VEVENT")
        uids[name] = {str(e["uid"]) for e in events}
    assert uids["Ana"] and uids["Ben"] and not uids["Ana"] & uids["Ben"]
