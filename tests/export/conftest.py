"""Plans to export: a real one from the planner, a season-shaped one, one with accents."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import runstrong
from runstrong.present.prescription import with_cues

ISSUE_ARGS: dict[str, Any] = {
    "goal": "strength",
    "phase": "pre-season",
    "setup": "gym",
    "lifts": ["back-squat=100", "romanian-deadlift=80x6"],
    "runs": "mon=easy,tue=intervals,thu=tempo,sat=long",
    "start": "2027-01-04",
}
UNICODE_NAME = "Sentadilla búlgara – Ünïcödé"


@pytest.fixture(autouse=True)
def empty_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No runner's own exercises or set-ups leak in from the machine (nor into tmp_path)."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(folder))

    return folder


def issue_plan(**changes: Any) -> dict[str, Any]:
    """The plan of the issue's command (fixed start so dates are stable)."""
    data = runstrong.plan_json(runstrong.build_plan(**{**ISSUE_ARGS, **changes}))
    return with_cues(data, runstrong.load_catalogue())  # as the CLI hands a plan to the exports


def stretch(plan: dict[str, Any], weeks: int) -> dict[str, Any]:
    """A `weeks`-long plan made by repeating week 1 with dates and indexes moved on."""
    out = copy.deepcopy(plan)
    first = out["weeks"][0]
    out["weeks"] = []
    for n in range(weeks):
        week = copy.deepcopy(first)
        shift = dt.timedelta(weeks=n)
        week["index"] = n + 1
        week["start"] = (dt.date.fromisoformat(first["start"]) + shift).isoformat()
        for session in week["sessions"]:
            session["date"] = (dt.date.fromisoformat(session["date"]) + shift).isoformat()
        out["weeks"].append(week)
    return out


@pytest.fixture
def plan() -> dict[str, Any]:
    return issue_plan()


@pytest.fixture
def season_plan() -> dict[str, Any]:
    """Two weeks with every optional season field: kinds, labels, blocks, warm-up sets."""
    data = stretch(issue_plan(), 2)
    data.update(start=data["weeks"][0]["start"], race="2027-03-14", race_distance="half")
    for number, week in enumerate(data["weeks"], start=1):
        week.update(block=1, label=f"build {number}")
    week2 = data["weeks"][1]
    week2["label"] = "taper"
    week2["sessions"][0]["kind"] = "activation"
    week2["sessions"][1]["kind"] = "retest"
    for week in data["weeks"]:
        for session in week["sessions"]:
            for ex in session["exercises"]:
                if ex.get("load") is not None:
                    ex["warmup"] = [
                        {"reps": 5, "percent_1rm": 50.0, "load": 40.0},
                        {"reps": 3, "percent_1rm": 70.0, "load": 57.5},
                    ]
                else:
                    ex["warmup"] = []
    return data


@pytest.fixture
def unicode_plan() -> dict[str, Any]:
    """A runner's own exercise with accents, an unknown id, a range and a per-side load."""
    data = issue_plan()
    session = data["weeks"][0]["sessions"][0]
    own = copy.deepcopy(session["exercises"][1])
    own.update(
        id="my-own-split-squat",
        name=UNICODE_NAME,
        sets=3,
        reps=8,
        reps_max=10,
        per_side=True,
        load=22.5,
        plates=None,
        rest_seconds=90,
        cues=[],  # unknown to the catalogue: no cues
    )
    session["exercises"].append(own)
    session["focus"] = "fuerza – ñandú"
    return data


@pytest.fixture
def long_plan() -> dict[str, Any]:
    """Sixteen weeks, as a season plan would be."""
    return stretch(issue_plan(), 16)


@pytest.fixture
def unicode_name() -> str:
    return UNICODE_NAME


@pytest.fixture
def make_plan() -> Any:
    """The issue's plan with some arguments changed (units, lifts ...)."""
    return issue_plan
