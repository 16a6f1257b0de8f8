"""Loads a runner can use, as the plan text prints them: by effort with no 1RM, one dumbbell or one
in each hand, pull-ups from your max, light sleds, and the planning 1RMs behind the loads."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import runstrong
from runstrong.cli import render
from runstrong.cli.main import run
from runstrong.core import loads, rules
from runstrong.core.model import Equipment, Plan, Prescription
from runstrong.present import prescription as rx

HOME = ["--goal", "strength", "--phase", "off-season", "--equipment", "dumbbell,pull-up-bar,band"]
HOME += ["--runs", "tue=intervals,thu=tempo,sat=long,sun=easy", "--start", "2027-01-04"]
DUMBBELL_LIFTS = (
    "goblet-squat=24x8",
    "sumo-squat=26x8",
    "dumbbell-row=22x10",
    "single-leg-romanian-deadlift=16x8",
    "dumbbell-romanian-deadlift=20x10",
    "split-squat=18x8",
    "dumbbell-bulgarian-split-squat=16x8",
    "single-leg-deadlift=14x8",
)
SEASON = ["--goal", "strength", "--start", "2027-01-04", "--race", "2027-04-18", "--setup", "gym"]
SEASON += ["--runs", "mon=easy,tue=intervals,wed=easy,thu=tempo,sat=long,sun=easy"]
SEASON += ["--lift", "back-squat=70", "--lift", "deadlift=90"]


@pytest.fixture(autouse=True)
def empty_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(folder))


def plan_of(argv: list[str], lifts: tuple[str, ...] = ()) -> Plan:
    """The plan the CLI flags describe, through the library call the CLI makes."""
    args: dict[str, Any] = {"lifts": list(lifts)}
    for flag, value in zip(argv[::2], argv[1::2], strict=True):
        key = flag.removeprefix("--").replace("-", "_")
        if key == "lift":
            args["lifts"].append(value)
        else:
            args[key] = int(value) if key == "sessions" else value
    return runstrong.build_plan(**args)


def prescriptions(plan: Plan, week: int | None = None) -> list[Prescription]:
    weeks = plan.weeks if week is None else plan.weeks[week - 1 : week]
    return [p for w in weeks for s in w.sessions for p in s.exercises]


def text_of(argv: list[str], tmp_path: Path) -> str:
    """The plan text as written to a file (110 columns), whitespace folded."""
    path = tmp_path / "plan.txt"
    assert run(["plan", *argv, "--output", str(path), "--force"]) == 0
    return " ".join(path.read_text().split())


def test_with_no_1rm_every_lift_is_a_weight_you_could_lift_so_many_times(tmp_path: Path) -> None:
    plan = plan_of(HOME)
    by_effort = [p for p in prescriptions(plan) if p.percent_1rm is not None]
    assert by_effort
    for p in by_effort:
        assert p.load is None and p.reps is not None and p.reps_max is not None
        allowed = f"{p.reps + (p.rir or 0)}-{p.reps_max + (p.rir or 0)}"
        if p.reps == p.reps_max:
            allowed = f"{p.reps + (p.rir or 0)}"
        cell = render.load_text(p, "kg")
        assert f"could lift {allowed} times" in cell.replace("\n", " ")
        assert f"stop {p.rir} reps short" in cell
        assert "1RM" not in cell and "~" not in cell
    text = text_of(HOME, tmp_path)
    assert "% 1RM" not in text.split("running:")[1]  # only the goal's header names a %1RM
    assert "1RMs behind the loads" not in text


def test_one_implement_lifts_get_one_dumbbell_two_implement_lifts_one_in_each_hand() -> None:
    plan = plan_of(HOME, DUMBBELL_LIFTS)
    implements = plan.athlete.implements
    one_rms = dict(plan.one_rms)
    seen = {1: 0, 2: 0}
    for p in prescriptions(plan):
        if p.load is None or Equipment.DUMBBELL not in p.exercise.equipment:
            continue
        assert p.one_rm == one_rms[p.exercise.id]  # one week: no growth yet
        # The load is the share of the 1RM rounded to ONE dumbbell, whichever way it is held.
        rounded = loads.load_for(p.one_rm, p.percent_1rm or 0, Equipment.DUMBBELL, implements)
        assert p.load == rounded.load and p.load in implements.dumbbells
        cell = render.load_text(p, "kg").replace("\n", " ")
        if p.exercise.id in rx.ONE_IMPLEMENT:
            assert cell.startswith(f"one {p.load:g} kg dumbbell ({p.percent_1rm:g}%)")
            seen[1] += 1
        else:
            assert p.exercise.id in rx.TWO_IMPLEMENTS
            assert cell.startswith(f"a dumbbell in each hand, {p.load:g} kg each")
            seen[2] += 1
    assert seen[1] and seen[2]


def test_pull_ups_and_sleds_in_the_plan_text() -> None:
    plan = plan_of(
        [
            *["--goal", "strength", "--phase", "pre-season", "--setup", "gym", "--sessions", "3"],
            *["--runs", "tue=intervals,thu=tempo,sat=long,sun=easy", "--start", "2027-01-04"],
            *["--weeks", "8"],
        ]
    )
    found = {"pull-up": 0, "sled": 0}
    for p in prescriptions(plan):
        if p.exercise.id in ("pull-up", "chin-up"):
            assert render.dose(p) == f"{p.sets} × (max − {p.rir})"
            assert "under 5, use a band" in render.load_text(p, "kg")
            found["pull-up"] += 1
        if Equipment.SLED in p.exercise.equipment:
            cell = render.load_text(p, "kg")
            assert cell.startswith("light:") and "10%" in cell and "walk back" in cell
            found["sled"] += 1
    assert all(found.values()), found


@pytest.mark.parametrize("week", [None, 1, 5, 10, 14])
def test_the_footer_shows_the_planning_1rms_the_loads_come_from(week: int | None) -> None:
    plan = plan_of(SEASON)
    given = dict(plan.one_rms)
    text = render.plan_text(plan, week)
    tail = text.split("1RMs behind the loads:")[-1] if "1RMs behind the loads:" in text else ""
    shown = prescriptions(plan, week)
    loaded = {p.exercise.id: p for p in shown if p.load is not None and p.one_rm is not None}
    for key, value in given.items():
        if key not in loaded:
            assert f"{key} {value:g} kg" in text.split("Given but not used")[-1], key
            continue
        name = loaded[key].exercise.name
        assert f"\n  {name} " in tail, name
        for p in (q for q in shown if q.exercise.id == key and q.one_rm is not None):
            blocks = round(math.log(p.one_rm / value, 1 + rules.BLOCK_INCREASE))
            assert p.one_rm == pytest.approx(value * (1 + rules.BLOCK_INCREASE) ** blocks, abs=0.01)
            grown = f"{100 * (p.one_rm / value - 1):.1f}".removesuffix(".0")
            planned = f"{p.one_rm:.1f}".removesuffix(".0") + " kg"
            expected = f"{planned} = your {value:g} + {grown}%" if blocks else f"{planned}"
            assert expected in " ".join(tail.split()), (key, expected)


def test_a_week_that_uses_a_grown_1rm_says_so_in_the_coachs_words(tmp_path: Path) -> None:
    plan = plan_of(SEASON)
    data = runstrong.plan_json(plan)
    for week in data["weeks"]:
        squats = [
            e
            for s in week["sessions"]
            for e in s["exercises"]
            if e["id"] == "back-squat" and e["load"] is not None and e["one_rm"] > 70
        ]
        if squats:
            break
    else:
        pytest.fail("no week loads the back squat from a grown 1RM")
    one_rm = squats[0]["one_rm"]
    text = text_of([*SEASON, "--week", str(week["index"])], tmp_path)
    grown = f"{100 * (one_rm / 70 - 1):.1f}".removesuffix(".0")
    planned = f"{one_rm:.1f}".removesuffix(".0")
    assert f"Back squat {planned} kg = your 70 + {grown}% for the season's blocks" in text
    assert data["one_rms"] == {"back-squat": 70.0, "deadlift": 90.0}  # the runner's own, unchanged
