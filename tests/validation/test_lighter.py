"""The validator's re-check of a lightened session: heavier, added or not-so-light is reported."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from runstrong.validation.lighter import check_lightened

PLANNED: dict[str, Any] = {
    "kind": "strength",
    "minutes": 40,
    "exercises": [
        {"id": "box-jump", "loading": "contacts", "category": "plyometric", "sets": 3,
         "reps": 6, "reps_max": 6, "contacts": 18, "load": None, "percent_1rm": None,
         "rir": None, "seconds": None},
        {"id": "back-squat", "loading": "1rm", "category": "weights", "sets": 3, "reps": 5,
         "reps_max": 6, "percent_1rm": 80.0, "load": 80.0, "rir": 2, "contacts": None,
         "seconds": None},
        {"id": "side-plank", "loading": "time", "category": "bodyweight", "sets": 3,
         "reps": None, "reps_max": None, "seconds": 30, "load": None, "percent_1rm": None,
         "rir": None, "contacts": None},
    ],
}  # fmt: skip


def lighter(**changes: Any) -> dict[str, Any]:
    """The planned session with one exercise's values changed: `back_squat={"sets": 4}`."""
    out = copy.deepcopy(PLANNED)
    for ident, values in changes.items():
        for item in out["exercises"]:
            if item["id"] == ident.replace("_", "-"):
                item.update(values)
    return out


def test_the_same_or_lighter_session_passes() -> None:
    assert check_lightened(PLANNED, PLANNED) == []
    trimmed = lighter(back_squat={"sets": 2, "percent_1rm": 77.0, "load": 77.5, "rir": 3})
    trimmed["exercises"].pop(0)  # the jumps dropped
    assert check_lightened(PLANNED, trimmed) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"back_squat": {"sets": 4}}, "sets 4 is more than planned (3)"),
        ({"back_squat": {"reps_max": 8}}, "reps_max 8 is more than planned (6)"),
        ({"back_squat": {"load": 82.5}}, "load 82.5 is more than planned (80)"),
        ({"back_squat": {"percent_1rm": 85.0}}, "percent_1rm 85 is more than planned (80)"),
        ({"back_squat": {"rir": 1}}, "rir 1 is fewer reps in reserve than 2"),
        ({"box_jump": {"contacts": 24}}, "contacts 24 is more than planned (18)"),
        ({"side_plank": {"seconds": 40}}, "seconds 40 is more than planned (30)"),
        ({"side_plank": {"load": 10}}, "load 10 where none was planned"),
    ],
)
def test_a_heavier_session_is_reported_with_the_rule_id(
    changes: dict[str, Any], message: str
) -> None:
    found = check_lightened(PLANNED, lighter(**changes))
    assert [v.rule for v in found] == ["readiness-lighter"]
    assert message in found[0].message


def test_an_added_exercise_and_a_longer_session_are_reported() -> None:
    added = copy.deepcopy(PLANNED)
    added["exercises"].append({"id": "deadlift", "sets": 1, "reps": 1, "load": 20})
    added["minutes"] = 45
    found = check_lightened(PLANNED, added)
    assert {v.rule for v in found} == {"readiness-lighter"}
    assert any("nothing is added" in v.message for v in found)
    assert any("longer than planned" in v.message for v in found)


def test_a_swap_is_checked_as_activation_work_by_its_own_definition() -> None:
    swap = {
        "kind": "activation",
        "minutes": 12,
        "exercises": [
            {"id": "glute-bridge", "loading": "bodyweight", "category": "bodyweight", "sets": 2,
             "reps": 12, "reps_max": 15, "load": None, "percent_1rm": None, "contacts": None},
            {"id": "side-plank", "loading": "time", "category": "bodyweight", "sets": 1,
             "seconds": 20, "load": None, "percent_1rm": None, "contacts": None},
        ],
    }  # fmt: skip
    assert check_lightened(PLANNED, swap) == []
    heavy = copy.deepcopy(swap)
    heavy["exercises"][0].update({"loading": "1rm", "load": 60.0, "sets": 5})
    found = check_lightened(PLANNED, heavy)
    assert {v.rule for v in found} == {"readiness-low"}
    assert len(found) == 3  # not activation work, has a load, too many sets
    assert check_lightened(PLANNED, {**swap, "exercises": []})[0].rule == "readiness-low"


def test_anything_but_two_objects_is_a_violation_not_a_crash() -> None:
    assert check_lightened(None, PLANNED)[0].rule == "readiness-lighter"
    assert check_lightened(PLANNED, {"exercises": "x"}) == []  # nothing left: nothing heavier


def test_every_readiness_rule_in_the_docs_is_the_cores_or_the_validators() -> None:
    from runstrong.core.readiness import RULES
    from runstrong.validation.lighter import LIGHTER, SWAP

    rules_md = (Path(__file__).parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    ids = {line.split("`")[1] for line in rules_md.splitlines() if line.startswith("| `readiness-")}
    assert ids == set(RULES) | {LIGHTER, SWAP}
