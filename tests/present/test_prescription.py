"""How a prescription is put in words, on exercises built from the catalogue (not the planner)."""

from __future__ import annotations

from typing import Any

import pytest

import runstrong
from runstrong.core.serialize import exercise_dict
from runstrong.present import prescription as rx


def item(exercise_id: str, **dose: Any) -> dict[str, Any]:
    """A plan JSON exercise for a catalogue exercise, with the dose given (defaults: 3 × 5-6)."""
    exercise = runstrong.load_catalogue().get(exercise_id)
    base: dict[str, Any] = {
        "sets": 3,
        "reps": 5,
        "reps_max": 6,
        "seconds": None,
        "per_side": exercise.unilateral,
        "percent_1rm": None,
        "load": None,
        "one_rm": None,
        "plates": None,
        "rir": 2,
        "contacts": None,
        "rest_seconds": 180,
        "warmup": [],
    }
    return {**exercise_dict(exercise), **base, **dose}


@pytest.mark.parametrize(
    ("reps", "reps_max", "rir", "allowed"),
    [(5, 6, 2, "7-8"), (3, 4, 2, "5-6"), (15, 20, 2, "17-22"), (8, 8, 3, "11")],
)
def test_no_1rm_is_the_weight_you_could_lift_reps_plus_rir_times(
    reps: int, reps_max: int, rir: int, allowed: str
) -> None:
    ex = item("good-morning", reps=reps, reps_max=reps_max, rir=rir, percent_1rm=80.0)
    assert rx.load(ex, "kg") == f"a weight you could lift {allowed} times"
    assert rx.effort(ex) == f"stop {rir} reps short"
    line = rx.line(ex, "kg")
    assert f"with a weight you could lift {allowed} times, stop {rir} reps short" in line
    assert "1RM" not in line and "%" not in line


def test_a_retest_with_no_1rm_is_the_most_you_can_lift() -> None:
    ex = item("back-squat", reps=3, reps_max=5, rir=0, percent_1rm=87.0)
    assert rx.load(ex, "kg") == "the most you can lift 3-5 times"
    assert rx.effort(ex) == "heaviest clean set"


def test_one_implement_lifts_are_one_dumbbell_of_the_load() -> None:
    catalogue = runstrong.load_catalogue()
    for key in rx.ONE_IMPLEMENT:
        ex = item(key, load=16.0, percent_1rm=80.0)
        kind = "kettlebell" if "kettlebell" in ex["equipment"] else "dumbbell"
        assert rx.weight(ex, "kg") == f"one 16 kg {kind}"
        assert rx.line(ex, "kg").startswith(f"{rx.dose(ex)} with one 16 kg {kind}")
        assert "each hand" not in " ".join(catalogue.get(key).cues).lower(), key
        ex = item(key, percent_1rm=80.0)
        assert rx.load(ex, "kg") == f"one {kind} you could lift 7-8 times"


def test_two_implement_lifts_say_a_dumbbell_in_each_hand() -> None:
    for key in rx.TWO_IMPLEMENTS:
        ex = item(key, load=22.5, percent_1rm=80.0)
        assert rx.weight(ex, "lb") == "a dumbbell in each hand, 22.5 lb each"
        assert "with a dumbbell in each hand, 22.5 lb each, stop 2 reps short" in rx.line(ex, "lb")
        assert rx.load(item(key, percent_1rm=80.0), "kg") == "dumbbells you could lift 7-8 times"


def test_every_catalogue_lift_on_dumbbells_or_kettlebells_says_how_many() -> None:
    """A new dumbbell or kettlebell lift must be put in ONE_IMPLEMENT or TWO_IMPLEMENTS."""
    weighted = {
        e.id
        for e in runstrong.load_catalogue().all()
        if e.loading.value == "1rm"
        and not {"barbell"} & {q.value for q in e.equipment}
        and {"dumbbell", "kettlebell"} & {q.value for q in e.equipment}
    }
    assert weighted == (weighted & (rx.ONE_IMPLEMENT | rx.TWO_IMPLEMENTS))
    assert not rx.ONE_IMPLEMENT & rx.TWO_IMPLEMENTS


def test_a_runners_own_dumbbell_lift_follows_its_pattern() -> None:
    own = {"id": "my-lift", "equipment": ["dumbbell"], "loading": "1rm", "load": 10.0}
    assert rx.weight({**own, "pattern": "squat"}, "kg") == "one 10 kg dumbbell"
    assert rx.weight({**own, "pattern": "pull", "unilateral": True}, "kg") == "one 10 kg dumbbell"
    assert rx.weight({**own, "pattern": "lunge"}, "kg") == "a dumbbell in each hand, 10 kg each"
    assert rx.weight({**own, "equipment": ["barbell"], "pattern": "lunge"}, "kg") == "10 kg"


def test_pull_ups_are_your_max_minus_the_reps_in_reserve() -> None:
    ex = item("pull-up", reps=6, reps_max=12, rir=2, rest_seconds=75)
    assert rx.dose(ex) == "3 × (max − 2)"
    assert rx.effort(ex) == f"max = your most in a row; under {rx.PULL_UP_FLOOR}, use a band"
    assert rx.line(ex, "kg") == f"3 × (max − 2), {rx.effort(ex)}, rest 75 s"
    band = item("band-assisted-pull-up", reps=6, reps_max=12, rir=2)
    assert rx.dose(band) == "3 × 6-12" and rx.load(band, "kg") == "band"
    assert rx.effort(band) == "stop 2 reps short; a thinner band as you get stronger"


def test_sleds_say_how_heavy() -> None:
    pull = item("sled-pull", reps=None, reps_max=None, seconds=10, rir=None)
    push = item("sled-push", reps=None, reps_max=None, seconds=10, rir=None)
    assert rx.load(pull, "kg") == rx.load(push, "kg") == "light sled"
    assert rx.effort(pull) == "light: ~10% of body weight; 10% slower at most"
    assert rx.effort(push) == "light: at most 10% slower than your sprint"
    assert rx.line(pull, "kg") == f"3 × 10 s with a light sled, {rx.effort(pull)}, rest 3 min"


def test_bodyweight_work_with_a_light_implement_says_so() -> None:
    ex = item("turkish-get-up", reps=1, reps_max=3, rir=3)
    assert rx.load(ex, "kg") == "light kettlebell"
    assert "with a light kettlebell" in rx.line(ex, "kg")
    assert rx.load(item("step-up-and-over", reps=8, reps_max=10), "kg") == "bodyweight"


def test_ramp_sets_with_no_1rm_are_shares_of_the_working_weight() -> None:
    ramp = [
        {"reps": 5, "percent_1rm": 40.0, "load": None},
        {"reps": 3, "percent_1rm": 60.0, "load": None},
        {"reps": 2, "percent_1rm": 70.0, "load": None},
    ]
    ex = item("good-morning", percent_1rm=80.0, warmup=ramp)
    assert rx.warmup_text(ex, "kg") == "5 @ 50%, 3 @ 75%, 2 @ 90% of the working weight"


def week(index: int, *loads: tuple[str, str, float]) -> dict[str, Any]:
    exercises = [
        {"id": key, "name": name, "equipment": ["barbell"], "one_rm": one_rm, "load": 1.0}
        for key, name, one_rm in loads
    ]
    return {"index": index, "sessions": [{"exercises": exercises}]}


def test_the_footer_shows_the_planning_1rms_and_the_unused_ones() -> None:
    plan = {
        "units": "kg",
        "one_rms": {"back-squat": 70.0, "deadlift": 90.0},
        "weeks": [
            week(1, ("back-squat", "Back squat", 70.0)),
            week(2, ("back-squat", "Back squat", 70.0)),
            week(3, ("back-squat", "Back squat", 71.75), ("back-squat", "Back squat", 71.75)),
            week(5, ("back-squat", "Back squat", 73.54)),
            week(6, ("back-squat", "Back squat", 73.54), ("back-squat", "Back squat", 73.54)),
            week(7, ("front-squat", "Front squat", 50.0)),
        ],
    }
    used, unused = rx.one_rms_used(plan, plan["weeks"][3:5])
    assert used == ["Back squat 73.5 kg = your 70 + 5.1% for the season's blocks"]
    assert unused == ["deadlift 90 kg"]
    used, _ = rx.one_rms_used(plan)
    assert used == [
        "Back squat 70 kg (weeks 1-2), 71.8 kg = your 70 + 2.5% (week 3), "
        "73.5 kg = your 70 + 5.1% (weeks 5-6)",
        "Front squat 50 kg",
    ]
    notes = rx.one_rm_notes(plan, plan["weeks"][:1])
    assert notes == [
        "1RMs behind the loads: Back squat 70 kg (your 1RM).",
        "Given but not used for any load in this week: deadlift 90 kg.",
    ]


def test_a_1rm_behind_a_dumbbell_lift_is_per_hand() -> None:
    ex = {**item("dumbbell-romanian-deadlift", load=20.0), "one_rm": 26.67}
    plan = {
        "units": "kg",
        "one_rms": {},
        "weeks": [{"index": 1, "sessions": [{"exercises": [ex]}]}],
    }
    assert rx.one_rms_used(plan) == (["Dumbbell Romanian deadlift (each hand) 26.7 kg"], [])
