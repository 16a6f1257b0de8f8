"""The validator's season rules: each mutation of a real season breaks exactly its rule."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

import runstrong
from runstrong.validation import check_plan

Plan = dict[str, Any]

SEASON = runstrong.plan_json(
    runstrong.build_plan(
        goal="strength",
        start="2027-01-04",
        race="2027-04-25",
        runs="mon=easy,tue=intervals,thu=tempo,sat=long",
        lifts=["back-squat=100"],
        setup="gym",
        retests=True,
    )
)


def weeks(plan: Plan, phase: str) -> list[dict[str, Any]]:
    return [w for w in plan["weeks"] if w["phase"] == phase]


def squats(plan: Plan, index: int) -> list[dict[str, Any]]:
    return [
        e
        for s in plan["weeks"][index]["sessions"]
        for e in s["exercises"]
        if e["id"] == "back-squat"
    ]


def _backwards(p: Plan) -> None:
    weeks(p, "taper")[-1]["phase"] = "in-season"


def _no_deload(p: Plan) -> None:
    p["weeks"][3]["deload"] = False


def _falling_intensity(p: Plan) -> None:
    for e in squats(p, 1):
        e.update(percent_1rm=80.0, reps=5, reps_max=6, load=80.0, plates=[25.0, 5.0])
    for e in squats(p, 0):
        e.update(percent_1rm=83.0, reps=4, reps_max=5, load=82.5, plates=[25.0, 5.0, 1.25])
        e["warmup"] = []


def _bad_warmup(p: Plan) -> None:
    squats(p, 0)[0]["warmup"].reverse()


def _heavy_late(p: Plan) -> None:
    taper = weeks(p, "taper")[-1]
    session = taper["sessions"][0]
    session["exercises"][0].update(
        loading="1rm",
        percent_1rm=80.0,
        rir=2,
        sets=2,
        reps=5,
        reps_max=6,
        rest_seconds=180,
        category="weights",
    )


def _two_final(p: Plan) -> None:
    taper = weeks(p, "taper")[-1]
    extra = copy.deepcopy(taper["sessions"][0])
    extra["date"], extra["day"] = "2027-04-20", "tue"
    taper["sessions"].insert(0, extra)


def _strength_in_recovery(p: Plan) -> None:
    weeks(p, "recovery")[0]["sessions"][0]["kind"] = "strength"


def _retest_three_sets(p: Plan) -> None:
    for w in p["weeks"]:
        for s in w["sessions"]:
            if s["kind"] == "retest":
                for e in s["exercises"]:
                    if e["loading"] == "1rm":
                        e["sets"] = 3
                        return


MUTATIONS: list[tuple[str, Callable[[Plan], None], str]] = [
    ("in-season after the taper", _backwards, "phase-order"),
    ("four loading weeks in a row", _no_deload, "deload-cadence"),
    ("intensity falls inside a block", _falling_intensity, "progression"),
    ("ramp-up sets going down", _bad_warmup, "warmup"),
    ("heavy work three days before the race", _heavy_late, "taper"),
    ("two sessions in the final week", _two_final, "taper"),
    ("a strength session in the recovery week", _strength_in_recovery, "recovery"),
    ("a re-test of three sets", _retest_three_sets, "retest"),
]


def test_the_season_is_clean_and_has_retests() -> None:
    assert check_plan(SEASON) == []
    kinds = {s["kind"] for w in SEASON["weeks"] for s in w["sessions"]}
    assert kinds == {"strength", "activation", "retest"}


@pytest.mark.parametrize(("name", "mutate", "rule"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_each_mutation_breaks_its_rule(
    name: str, mutate: Callable[[Plan], None], rule: str
) -> None:
    plan = copy.deepcopy(SEASON)
    mutate(plan)
    rules = {v.rule for v in check_plan(plan)}
    # Turning a deload into a loading week also leaves its halved sets and eased intensity behind.
    side_effects = {"deload-cadence": {"dose-sets", "progression", "block-progression"}}.get(
        rule, set()
    )
    assert rule in rules, (name, rules)
    assert rules <= {rule} | side_effects, (name, rules)
