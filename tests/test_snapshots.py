"""Golden plans for four archetypal runners: any change to what they get is a deliberate one.

Refresh after a reviewed change to the planner:
    RUNSTRONG_REFRESH_SNAPSHOTS=1 pytest tests/test_snapshots.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import runstrong

SNAPSHOTS = Path(__file__).parent / "snapshots"

RUNNERS: dict[str, dict[str, Any]] = {
    # A marathoner eight weeks from the race, travelling with a band.
    "marathoner-bands-to-race": {
        "goal": "strength",
        "start": "2027-03-01",
        "race": "2027-04-25",
        "race_distance": "marathon",
        "equipment": "band",
        "runs": "mon=recovery,tue=intervals,wed=easy,thu=tempo,fri=easy,sat=easy,sun=long",
    },
    # A 5 km runner building in the off-season, in a gym, with two known lifts.
    "5k-gym-off-season": {
        "goal": "strength",
        "phase": "off-season",
        "weeks": 4,
        "start": "2027-01-04",
        "setup": "gym",
        "lifts": ["back-squat=80", "deadlift=100x5"],
        "runs": "mon=easy,tue=intervals,wed=easy,thu=tempo,sat=easy,sun=long",
        "retests": True,
    },
    # New to lifting (the coach's case): two familiarisation weeks, then the same lifts loaded.
    "novice-gym-first-block": {
        "goal": "strength",
        "phase": "off-season",
        "weeks": 6,
        "sessions": 2,
        "start": "2027-01-04",
        "setup": "gym",
        "experience": "novice",
        "runs": "mon=easy,wed=tempo,sat=long,sun=easy",
    },
    # A trail runner at home with dumbbells, pre-season, hills on Tuesday, in pounds.
    "trail-home-dumbbells": {
        "goal": "hypertrophy",
        "phase": "pre-season",
        "weeks": 3,
        "start": "2027-02-01",
        "equipment": "dumbbell,band",
        "units": "lb",
        "lifts": ["goblet-squat=60x8", "dumbbell-romanian-deadlift=50x10"],
        "runs": "tue=hills,thu=easy,sat=long,sun=easy",
        "avoid": ["knee"],
    },
}


@pytest.mark.parametrize("name", sorted(RUNNERS))
def test_golden_plan(name: str) -> None:
    plan = runstrong.plan_json(runstrong.build_plan(**RUNNERS[name]))
    plan.pop("generator")
    assert runstrong.check(plan) == []
    path = SNAPSHOTS / f"{name}.json"
    text = json.dumps(plan, indent=1, ensure_ascii=False) + "\n"
    if os.environ.get("RUNSTRONG_REFRESH_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot yet: RUNSTRONG_REFRESH_SNAPSHOTS=1 pytest {__file__}"
    assert json.loads(path.read_text(encoding="utf-8")) == plan, (
        f"{name}'s plan changed; review it and refresh with RUNSTRONG_REFRESH_SNAPSHOTS=1"
    )
