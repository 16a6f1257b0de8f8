"""The commands' normal paths through the real entry point, and the JSON contracts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from runstrong.cli.main import run

ISSUE_PLAN = [
    "plan",
    "--goal",
    "strength",
    "--phase",
    "off-season",
    "--sessions",
    "3",
    "--equipment",
    "barbell,dumbbell,band,box",
    "--lift",
    "back-squat=100",
    "--lift",
    "romanian-deadlift=80x6",
    "--runs",
    "mon=easy,tue=intervals,thu=tempo,sat=long,sun=easy",
    "--start",
    "2027-01-04",
]


@pytest.fixture(autouse=True)
def empty_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(folder))

    return folder


def out(argv: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> str:
    assert run(argv) == code
    return capsys.readouterr().out


def test_plan_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(out([*ISSUE_PLAN, "--format", "json"], capsys))
    assert data["schema"] == "runstrong.plan/1"
    assert data["goal"] == "strength" and data["units"] == "kg"
    week = data["weeks"][0]
    assert week["index"] == 1 and week["phase"] == "off-season" and week["deload"] is False
    assert [s["date"] for s in week["sessions"]] == ["2027-01-05", "2027-01-07", "2027-01-09"]
    keys = {
        "id",
        "name",
        "category",
        "sets",
        "reps",
        "reps_max",
        "seconds",
        "percent_1rm",
        "load",
        "rest_seconds",
        "why",
        "equipment",
        "pattern",
        "rir",
    }
    for session in week["sessions"]:
        assert isinstance(session["minutes"], int)
        for exercise in session["exercises"]:
            assert keys <= exercise.keys()
    assert data["one_rms"] == {"back-squat": 100.0, "romanian-deadlift": 96.0}


def test_plan_json_passes_check_and_a_broken_one_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.json"
    assert run([*ISSUE_PLAN, "--format", "json", "--output", str(path)]) == 0
    capsys.readouterr()
    assert "no violations" in out(["check", str(path)], capsys)
    data = json.loads(path.read_text())
    data["weeks"][0]["sessions"][0]["exercises"][0]["sets"] = 9
    path.write_text(json.dumps(data))
    text = out(["check", str(path)], capsys, code=1)
    assert "[dose-sets]" in text
    report = json.loads(out(["check", str(path), "--format", "json"], capsys, code=1))
    assert report["ok"] is False and report["violations"][0]["rule"] == "dose-sets"


def test_plan_text_reads_like_a_plan(capsys: pytest.CaptureFixture[str]) -> None:
    text = out(ISSUE_PLAN, capsys)
    assert "Week 1 · off-season · goal strength" in text
    assert "Back squat" in text and "80 kg (80%)" in text
    assert "after the intervals run" in text


def test_output_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("keep me")
    assert run([*ISSUE_PLAN, "--output", str(path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert path.read_text() == "keep me"
    assert run([*ISSUE_PLAN, "--output", str(path), "--force"]) == 0
    assert "Back squat" in path.read_text()
    assert run([*ISSUE_PLAN, "--output", str(tmp_path / "nowhere" / "p.txt")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_estimate_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(
        out(["estimate", "--weight", "100", "--reps", "5", "--format", "json"], capsys)
    )
    assert data["weight"] == 100 and data["reps"] == 5 and data["units"] == "kg"
    assert list(data["one_rm"]) == [
        "epley",
        "brzycki",
        "lander",
        "lombardi",
        "mayhew",
        "oconner",
        "wathan",
    ]
    assert data["one_rm"]["epley"] == 116.67
    one = json.loads(
        out(
            [
                "estimate",
                "--weight",
                "100",
                "--reps",
                "10",
                "--formula",
                "brzycki",
                "--format",
                "json",
            ],
            capsys,
        )
    )
    assert one["one_rm"] == {"brzycki": 133.33}


def test_estimate_warns_above_ten_reps(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["estimate", "--weight", "50", "--reps", "15"]) == 0
    assert "less accurate" in capsys.readouterr().err


def test_load_json_with_plates(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(
        out(
            [
                "load",
                "--one-rm",
                "120",
                "--percent",
                "85",
                "--equipment",
                "barbell",
                "--units",
                "lb",
                "--format",
                "json",
            ],
            capsys,
        )
    )
    assert data["load"] == 100.0 and data["units"] == "lb" and data["equipment"] == "barbell"
    assert 45 + 2 * sum(data["per_side"]) == data["load"]
    by_reps = json.loads(
        out(["load", "--one-rm", "100", "--reps", "5", "--format", "json"], capsys)
    )
    assert by_reps["percent_1rm"] == 87 and by_reps["load"] == 87.5


def test_exercises_filters(capsys: pytest.CaptureFixture[str]) -> None:
    found = json.loads(
        out(
            ["exercises", "--equipment", "none", "--category", "bodyweight", "--format", "json"],
            capsys,
        )
    )
    assert found and all(
        e["equipment"] == ["none"] and e["category"] == "bodyweight" for e in found
    )
    hinges = json.loads(out(["exercises", "--pattern", "hinge", "--format", "json"], capsys))
    assert {"romanian-deadlift", "single-leg-bridge"} <= {e["id"] for e in hinges}
    assert "Romanian deadlift" in out(["exercises", "--search", "rdl"], capsys)


def test_exercise_detail_lists_substitutes(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(
        out(["exercise", "back-squat", "--equipment", "dumbbell", "--format", "json"], capsys)
    )
    assert data["cues"] and data["substitutes"]
    assert "goblet-squat" in data["substitutes"] and "front-squat" not in data["substitutes"]
    text = out(["exercise", "single-leg-romanian-deadlift"], capsys)
    assert "cues" in text and "substitutes" in text


def test_a_runners_own_exercise_is_used(
    empty_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (empty_config / "exercises.toml").write_text(
        """
[safety-bar-squat]
name = "Safety-bar squat"
category = "weights"
equipment = ["barbell"]
pattern = "squat"
unilateral = false
complexity = 2
loading = "1rm"
why = "A friendlier heavy squat"
cues = ["Pad on the shoulders, hands on the handles", "Sit between the heels"]
"""
    )
    shown = json.loads(out(["exercise", "safety-bar-squat", "--format", "json"], capsys))
    assert shown["source"].endswith("exercises.toml")
    data = json.loads(
        out([*ISSUE_PLAN, "--lift", "safety-bar-squat=150", "--format", "json"], capsys)
    )
    ids = [e["id"] for s in data["weeks"][0]["sessions"] for e in s["exercises"]]
    assert "safety-bar-squat" in ids


def test_a_broken_runners_file_is_named(
    empty_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (empty_config / "exercises.toml").write_text('[x-lift]\nname = "X"\ncategory = "cardio"\n')
    assert run(["exercises"]) == 2
    err = capsys.readouterr().err
    assert "exercises.toml" in err and "x-lift" in err and len(err.strip().splitlines()) == 1


def test_setups_and_implements_from_config(
    empty_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (empty_config / "config.toml").write_text(
        '[setups.garage]\nequipment = ["barbell", "band"]\n\n'
        "[implements.kg]\nbar = 15\nplates = [10, 5]\n"
    )
    data = json.loads(
        out(
            [
                *ISSUE_PLAN[:7],
                "--setup",
                "garage",
                "--lift",
                "back-squat=100",
                "--start",
                "2027-01-04",
                "--format",
                "json",
            ],
            capsys,
        )
    )
    assert data["setup"] == "garage" and data["equipment"] == ["band", "barbell", "none"]
    squat = [
        e for s in data["weeks"][0]["sessions"] for e in s["exercises"] if e["id"] == "back-squat"
    ]
    # 80% of 100 is 80: a 15 kg bar with 10s and 5s makes 75 or 85; ties go down.
    assert squat and squat[0]["load"] == 75.0 and squat[0]["plates"] == [10.0, 10.0, 10.0]


def test_the_entry_point_pipes_into_check() -> None:
    exe = [sys.executable, "-m", "runstrong"]
    made = subprocess.run([*exe, *ISSUE_PLAN, "--format", "json"], capture_output=True, check=True)
    checked = subprocess.run(
        [*exe, "check", "-"], input=made.stdout, capture_output=True, check=False
    )
    assert checked.returncode == 0, checked.stdout
    assert subprocess.run(
        [sys.executable, "-m", "runstrong", "--version"], capture_output=True, text=True, check=True
    ).stdout.startswith("runstrong")


def test_a_novices_first_week_heads_with_its_own_dose(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["plan", "--goal", "strength", "--phase", "off-season", "--start", "2027-01-04"]
    assert run([*argv, "--experience", "novice"]) == 0
    head = " ".join(capsys.readouterr().out.split()[:40])
    assert "off-season (familiarisation)" in head
    assert "dose: 2 sets of 8-10 reps at about 65% 1RM, 3 reps spare" in head
    assert "80-90% 1RM" not in head  # the goal's heavy dose is not the week's
    assert run(argv) == 0
    assert "dose: lifts 3-5 sets of 3-6 reps at 80-90% 1RM" in capsys.readouterr().out


def test_a_novices_bridge_weeks_head_with_their_own_dose(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["plan", "--goal", "strength", "--phase", "off-season", "--start", "2027-01-04"]
    argv += ["--weeks", "8", "--experience", "novice", "--runs", "mon=easy,sat=long"]
    for week, wanted in (("3", "lifts 3 sets of 8-"), ("5", "75% 1RM")):
        assert run([*argv, "--week", week]) == 0
        head = " ".join(capsys.readouterr().out.split()[:40])
        assert "a bridge from the learning weeks to heavy work" in head, head
        assert wanted in head and "80-90%" not in head
    assert run([*argv, "--week", "7"]) == 0  # the first heavy block
    head = " ".join(capsys.readouterr().out.split()[:40])
    assert "dose: lifts 3-5 sets of 3-6 reps at 80-90% 1RM" in head


def test_a_bodyweight_novices_first_week_quotes_no_1rm(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["plan", "--goal", "strength", "--phase", "pre-season", "--start", "2027-01-04"]
    assert run([*argv, "--equipment", "none", "--experience", "novice"]) == 0
    head = " ".join(capsys.readouterr().out.split()[:40])
    assert "(familiarisation)" in head
    assert "1RM" not in head  # nothing that week is loaded from a 1RM
    assert "dose: by effort, no weights: 2 sets, each stopped 3 or more reps short" in head
    assert run([*argv, "--equipment", "none", "--weeks", "1"]) == 0
    head = " ".join(capsys.readouterr().out.split()[:40])
    assert "dose: bodyweight and band work by effort" in head and "1RM" not in head


def test_the_dose_line_names_the_easy_movements_reps(capsys: pytest.CaptureFixture[str]) -> None:
    """A bodyweight week's easy movements (bridges, calf raises, a squat with no weight) take
    12-18 reps, beyond the goal's 6-12: the head says so, read off the week's own numbers."""
    argv = ["plan", "--goal", "hypertrophy", "--phase", "off-season", "--start", "2027-01-04"]
    argv += ["--weeks", "6", "--equipment", "none", "--runs", "tue=easy,thu=intervals,sun=long"]
    argv += ["--sessions", "2", "--experience", "novice"]
    for week, wanted in (("3", "12-15"), ("5", "15-18")):
        assert run([*argv, "--week", week]) == 0
        head = " ".join(capsys.readouterr().out.split()[:50])
        assert "6-12 reps, 2 reps spare" in head
        assert f"easy movements {wanted} reps, 30 s rest" in head, head
    assert run([*argv, "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    easy = [
        (e["reps"], e["reps_max"])
        for s in plan["weeks"][2]["sessions"]
        for e in s["exercises"]
        if e["complexity"] == 1 and e["loading"] in ("bodyweight", "band") and not e["eccentric"]
    ]
    assert easy and all(12 <= low <= high <= 15 for low, high in easy)


def test_a_race_week_of_light_sessions_heads_as_such(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["plan", "--goal", "strength", "--race", "2027-03-21", "--race-distance", "half"]
    runs = ["--runs", "tue=tempo,thu=intervals,sat=easy,sun=long", "--start", "2027-01-04"]
    assert run([*argv, *runs, "--week", "11"]) == 0
    head = " ".join(capsys.readouterr().out.split()[:40])
    assert "taper" in head and "1RM" not in head
    assert "dose: short, light sessions: bodyweight and band work" in head
