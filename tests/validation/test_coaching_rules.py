"""The coaching principles (issue 8): real plans pass them, and each mutation breaks its rule."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import runstrong
from runstrong.validation import check_plan, format_violations

Plan = dict[str, Any]
Ex = dict[str, Any]
RUNS = "mon=easy,tue=intervals,thu=tempo,sat=long,sun=easy"


def _plan(**args: Any) -> Plan:
    base = {"goal": "strength", "start": "2027-01-04", "runs": RUNS, "setup": "gym"}
    return runstrong.plan_json(runstrong.build_plan(**{**base, **args}))


# An intermediate's pre-season block (jumps, a sled, lifts with and without a 1RM).
PRE = _plan(phase="pre-season", weeks=8, sessions=3, lifts=["back-squat=100", "deadlift=120"])
# A novice's first block: familiarisation weeks, then the ladder.
NOVICE = _plan(phase="pre-season", weeks=6, sessions=3, experience="novice")
# A novice's fourteen weeks: familiarisation, the bridge and the first heavy block on the same
# lifts, then a rotated block.
NOVICE_LONG = _plan(phase="off-season", weeks=14, sessions=2, experience="novice")
# A novice six weeks from a half marathon: familiarisation, two bridge weeks, then the taper.
# A novice fifteen weeks from one: the bridge split by the change to pre-season (week 3 | 4-5).
NOVICE_SPLIT = _plan(race="2027-04-18", race_distance="half", sessions=2, experience="novice")
NOVICE_RACE = _plan(race="2027-02-14", race_distance="half", sessions=2, experience="novice")
# A runner with a sore knee and no known lifts: softened lifts, dosed by effort.
KNEE = _plan(phase="off-season", weeks=4, sessions=3, avoid=["knee"], setup="home")
# The same knee in pre-season: a drill the knee softens, with half the landings.
KNEE_JUMPS = _plan(
    phase="pre-season", weeks=1, sessions=2, avoid=["knee"], equipment="none", setup=None
)
# A season to a half marathon, no lifts known (loads by effort): taper rules.
SEASON = _plan(race="2027-04-25", race_distance="half", sessions=3)
ENDURANCE = _plan(goal="endurance", phase="off-season", weeks=1, sessions=3)
# Bodyweight at home with a band: Nordic curls come up, dosed as a build-up.
NORDIC = _plan(goal="hypertrophy", phase="off-season", weeks=1, equipment="band", setup=None)


def sessions(plan: Plan) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for week in plan["weeks"]:
        for session in week["sessions"]:
            yield week, session


def first(plan: Plan, test: Callable[[dict[str, Any], Ex], bool]) -> Ex:
    for week, session in sessions(plan):
        for ex in session["exercises"]:
            if test(week, ex):
                return ex
    raise AssertionError("no exercise fits the mutation")


def jump_session(plan: Plan, week: int = 0) -> dict[str, Any]:
    return next(
        s for s in plan["weeks"][week]["sessions"] if any(e["contacts"] for e in s["exercises"])
    )


# --- mutations ------------------------------------------------------------------------------


def _familiar_heavy(p: Plan) -> None:
    ex = first(p, lambda w, e: w["index"] == 1 and e["loading"] == "1rm" and e["load"] is None)
    ex["percent_1rm"] = 85.0


def _nordics_in_familiarisation(p: Plan) -> None:
    ex = first(p, lambda w, e: w["index"] == 1 and e["loading"] == "bodyweight")
    ex.update(eccentric=True, sets=2, reps=5, reps_max=5, rest_seconds=90)


def _novice_skill(p: Plan) -> None:
    first(p, lambda _, e: e["loading"] == "time")["skill"] = True


def _skill_ground_out(p: Plan) -> None:
    ex = first(p, lambda w, e: w["index"] == 3 and e["loading"] == "1rm" and e["load"] is None)
    ex.update(skill=True, reps=3, reps_max=5, percent_1rm=60.0, rir=1, rest_seconds=120)
    ex["warmup"] = []


def _complex_high_reps(p: Plan) -> None:
    session = min(
        (
            s
            for s in p["weeks"][0]["sessions"]
            if any(e["loading"] == "1rm" for e in s["exercises"])
        ),
        key=lambda s: sum(e["complexity"] for e in s["exercises"]),
    )
    ex = next(e for e in session["exercises"] if e["loading"] == "1rm")
    ex.update(complexity=3, reps=15, reps_max=20)


def _soft_heavy(p: Plan) -> None:
    ex = first(p, lambda _, e: "knee" in e["soften_for"] and e["loading"] == "1rm")
    ex.update(percent_1rm=80.0, rir=2)


def _long_run_before_heavy(p: Plan) -> None:
    week = p["weeks"][0]
    session = next(
        s
        for s in week["sessions"]
        if not any(e["contacts"] for e in s["exercises"])
        and any(
            e["pattern"] in ("hinge", "squat") and (e["percent_1rm"] or 0) >= 80
            for e in s["exercises"]
        )
    )
    day = dt.date.fromisoformat(session["date"]) - dt.timedelta(days=1)
    for w in p["weeks"]:
        w["runs"][("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]] = "long"


def _heavy_two_days_running(p: Plan) -> None:
    week = p["weeks"][1]
    one, two = week["sessions"][0], week["sessions"][1]
    day = dt.date.fromisoformat(one["date"]) + dt.timedelta(days=1)
    two.update(
        date=day.isoformat(), day=("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]
    )
    for e in two["exercises"]:
        if e["loading"] == "1rm" and e["pattern"] in ("hinge", "squat", "lunge", "single-leg"):
            e.update(percent_1rm=max(e["percent_1rm"], 83.0), rir=2)
    for w in p["weeks"]:
        w["runs"] = dict.fromkeys(w["runs"], "easy")


def _jumps_on_the_long_run_day(p: Plan) -> None:
    session = jump_session(p)
    day = dt.date.fromisoformat(session["date"])
    for w in p["weeks"]:
        w["runs"][("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]] = "long"


def _jumps_last(p: Plan) -> None:
    session = jump_session(p)
    session["exercises"].append(session["exercises"].pop(0))


def _six_sets_of_jumps(p: Plan) -> None:
    session = jump_session(p)
    drill = session["exercises"][0]
    legs = 2 if drill["per_side"] else 1
    drill.update(sets=6, reps=5, reps_max=5, contacts=6 * 5 * legs)
    session["contacts"] = drill["contacts"]


def _too_many_contacts(p: Plan) -> None:
    session = jump_session(p)
    drill = session["exercises"][0]
    legs = 2 if drill["per_side"] else 1
    drill.update(sets=5, reps=30, reps_max=30, contacts=5 * 30 * legs)
    session["contacts"] = drill["contacts"]


def _nordics_like_squats(p: Plan) -> None:
    ex = first(p, lambda _, e: e["eccentric"])
    ex.update(sets=4, reps=10, reps_max=12)


def _soft_jumps_in_full(p: Plan) -> None:
    session = jump_session(p)
    drill = session["exercises"][0]
    assert "knee" in drill["soften_for"], drill["id"]
    legs = 2 if drill["per_side"] else 1
    drill.update(reps=15, reps_max=15, contacts=drill["sets"] * 15 * legs)
    session["contacts"] = drill["contacts"]


def _nordics_before_the_race(p: Plan) -> None:
    week = p["weeks"][0]
    session = next(s for s in week["sessions"] if any(e["eccentric"] for e in s["exercises"]))
    race = dt.date.fromisoformat(session["date"]) + dt.timedelta(days=2)
    assert race.weekday() >= 2, "the race must fall in the same week"
    week["runs"][("mon", "tue", "wed", "thu", "fri", "sat", "sun")[race.weekday()]] = "race"


def _pattern_twice(p: Plan) -> None:
    session = p["weeks"][0]["sessions"][0]
    trunk = [e for e in session["exercises"] if e["pattern"] in ("core", "hip-stability")]
    trunk[1]["pattern"] = trunk[0]["pattern"]


def _a_session_dropped(p: Plan) -> None:
    p["weeks"][1]["sessions"].pop()


def _back_to_an_easier_version(p: Plan) -> None:
    easier = p["easier"]
    done = next(e["id"] for e in p["weeks"][0]["sessions"][0]["exercises"] if easier.get(e["id"]))
    later = first(p, lambda w, e: w["index"] == 2 and e["id"] == done)
    later["id"] = sorted(easier[done])[0]


def _flat_block(p: Plan) -> None:
    weeks = [w for w in p["weeks"] if w["block"] == 2 and not w["deload"]]
    early, late = weeks[0], weeks[-1]

    def bodyweight(week: dict[str, Any]) -> dict[str, Ex]:
        return {
            e["id"]: e
            for s in week["sessions"]
            for e in s["exercises"]
            if e["loading"] in ("bodyweight", "band")
        }

    before, after = bodyweight(early), bodyweight(late)
    same = next(i for i in after if i in before)
    after[same].update(
        sets=before[same]["sets"], reps=before[same]["reps"], reps_max=before[same]["reps_max"]
    )


def _close_to_the_race_full_volume(p: Plan) -> None:
    race = dt.date.fromisoformat(p["race"])
    week = next(
        w
        for w in p["weeks"]
        if w["phase"] == "in-season"
        and (race - dt.date.fromisoformat(w["start"])).days < 21
        and any(e["loading"] == "1rm" for s in w["sessions"] for e in s["exercises"])
    )
    ex = next(e for s in week["sessions"] for e in s["exercises"] if e["loading"] == "1rm")
    ex["sets"] = 3


def _taper_heavier(p: Plan) -> None:
    ex = first(p, lambda w, e: w["phase"] == "taper" and e["loading"] == "1rm")
    ex.update(percent_1rm=ex["percent_1rm"] + 2)


def _new_in_recovery(p: Plan) -> None:
    recovery = next(w for w in p["weeks"] if w["phase"] == "recovery")
    recovery["sessions"][0]["exercises"][0]["id"] = "never-done-before"


def _new_three_weeks_out(p: Plan) -> None:
    # the last loading week before the taper (it starts within 21 days of the race): an
    # exercise the runner never did, where a new block would have rotated one in
    race = dt.date.fromisoformat(p["race"])
    late = next(
        w
        for w in p["weeks"]
        if w["phase"] == "in-season"
        and (race - dt.date.fromisoformat(w["start"])).days < 21
        and w["sessions"]
    )
    late["sessions"][-1]["exercises"][-1]["id"] = "never-done-before"


def _new_lift_at_full_effort(p: Plan) -> None:
    # the first lift a later block brings in, new to the runner and dosed by effort: the planner
    # stops it 3 short that first week; the mutation takes the extra rep back
    first = dt.date.fromisoformat(p["weeks"][0]["sessions"][0]["date"])
    done: set[str] = set()
    for week in p["weeks"]:
        for session in week["sessions"]:
            late = (dt.date.fromisoformat(session["date"]) - first).days >= 14
            for ex in session["exercises"]:
                new = late and ex["id"] not in done and ex["load"] is None and ex["rir"] == 3
                if new and ex["complexity"] >= 2 and not ex["skill"] and not ex["eccentric"]:
                    ex["rir"] = 2
                    return
        for session in week["sessions"]:
            for ex in session["exercises"]:
                done.add(ex["id"])
                done.update(p["easier"].get(ex["id"], []))
    raise AssertionError("no new lift at 3 in reserve to mutate")


def _leg_lift(week: int, session: int, exercise_id: str) -> Callable[[Plan], Ex]:
    def find(p: Plan) -> Ex:
        found = p["weeks"][week - 1]["sessions"][session]["exercises"]
        return next(e for e in found if e["id"] == exercise_id)

    return find


def _new_lift_in_the_first_block(p: Plan) -> None:
    # week 3, the first loading week: a dumbbell lunge the runner never did takes the Bulgarian's
    # place (the coach's case: lifts new to the plan straight at 3 x 5-6)
    ex = _leg_lift(3, 0, "dumbbell-bulgarian-split-squat")(p)
    ex.update(id="dumbbell-reverse-lunge", name="Dumbbell reverse lunge")


def _two_legged_lifts_together(p: Plan) -> None:
    # week 1: a dumbbell sumo squat next to the trap-bar deadlift (two two-legged lifts)
    ex = _leg_lift(1, 0, "dumbbell-bulgarian-split-squat")(p)
    ex.update(id="sumo-squat", name="Sumo squat", pattern="squat", unilateral=False, per_side=False)


def _back_squat_new_in_a_later_block(p: Plan) -> None:
    # week 11, a rotated block: a back squat never done light takes the goblet squat's place
    ex = _leg_lift(11, 1, "kettlebell-goblet-squat")(p)
    ex.update(id="back-squat", name="Back squat", complexity=3, equipment=["barbell"])


def _new_lift_in_the_first_heavy_block(p: Plan) -> None:
    # week 7, the first heavy block: a Romanian deadlift the runner never did takes the place of
    # the trap-bar deadlift they built up for five weeks, straight at 80%
    ex = _leg_lift(7, 0, "trap-bar-deadlift")(p)
    ex.update(id="romanian-deadlift", name="Romanian deadlift")


def _new_lift_in_the_bridges_second_phase(p: Plan) -> None:
    # week 4, the bridge's pre-season weeks: a Romanian deadlift comes in new
    ex = _leg_lift(4, 0, "trap-bar-deadlift")(p)
    ex.update(id="romanian-deadlift", name="Romanian deadlift")


def _heavy_in_the_bridge(p: Plan) -> None:
    # the coach's case: week 5 still climbs the strength ladder, 4 x 3-4 at 85%
    ex = _leg_lift(5, 0, "trap-bar-deadlift")(p)
    ex.update(sets=4, reps=3, reps_max=4, percent_1rm=85.0)


def _four_sets_in_the_bridge(p: Plan) -> None:
    ex = first(p, lambda w, e: w["index"] == 5 and e["loading"] == "bodyweight")
    ex["sets"] = 4


def _retest_after_the_bridge(p: Plan) -> None:
    # week 6, the bridge's lighter week: its first session re-tests a 3-5RM
    session = p["weeks"][5]["sessions"][0]
    session["kind"] = "retest"
    for ex in session["exercises"]:
        if ex["loading"] == "1rm":
            ex.update(sets=1, reps=3, reps_max=5, percent_1rm=87.0, rir=0)
        elif ex["loading"] == "time":
            ex.update(sets=1, seconds=None)


def _strength_taper_after_the_bridge(p: Plan) -> None:
    # the taper after two bridge weeks climbs to the strength ladder instead of holding the bridge
    lifts = [
        e
        for w in p["weeks"]
        if w["phase"] == "taper"
        for s in w["sessions"]
        for e in s["exercises"]
        if e["loading"] == "1rm" and e["percent_1rm"] == 70.0
    ]
    assert lifts, "the taper holds the bridge's 70%"
    for ex in lifts:
        ex.update(reps=4, reps_max=5, percent_1rm=83.0)


def _novice_four_sessions(p: Plan) -> None:
    week = p["weeks"][4]
    taken = {s["day"] for s in week["sessions"]}
    assert "sun" not in taken, taken
    extra = copy.deepcopy(week["sessions"][0])
    extra["exercises"] = [e for e in extra["exercises"] if not e["contacts"]]
    extra["contacts"] = 0
    for e in extra["exercises"]:  # the day after the long run: a light one
        if e["loading"] == "1rm":
            e.update(percent_1rm=min(e["percent_1rm"], 70.0), rir=3, warmup=[])
    day = dt.date.fromisoformat(week["start"]) + dt.timedelta(days=6)
    extra.update(date=day.isoformat(), day="sun")
    week["sessions"].append(extra)


# (name, base plan, mutation, rule, other rules the same change breaks in a real plan)
MUTATIONS: list[tuple[str, Plan, Callable[[Plan], None], str, set[str]]] = [
    ("85% in a novice's first week", NOVICE, _familiar_heavy, "first-exposure", set()),
    (
        "Nordic curls in week 1 for a novice",
        NOVICE,
        _nordics_in_familiarisation,
        "first-exposure",
        {"block-progression"},
    ),
    ("a skill lift for a novice", NOVICE, _novice_skill, "novice-skills", set()),
    (
        "a skill lift ground out at RIR 1",
        PRE,
        _skill_ground_out,
        "skill-dose",
        {"progression", "block-progression"},  # its dose no longer follows the block's ladder
    ),
    ("20 reps of a complexity-3 lift", ENDURANCE, _complex_high_reps, "complex-reps", set()),
    ("80% on a lift the knee softens", KNEE, _soft_heavy, "soften-dose", set()),
    ("full jumps on a softened drill", KNEE_JUMPS, _soft_jumps_in_full, "soften-dose", set()),
    (
        "heavy legs the day after a long run",
        PRE,
        _long_run_before_heavy,
        "after-long-run",
        {"day-before-key-run", "plyo-days", "spacing"},
    ),
    (
        "heavy legs two days running",
        PRE,
        _heavy_two_days_running,
        "heavy-legs-spacing",
        {"spacing", "plyo-days"},
    ),
    (
        "jumps on the long-run day",
        PRE,
        _jumps_on_the_long_run_day,
        "plyo-days",
        {"day-before-key-run", "after-long-run"},
    ),
    ("jumps at the end of a session", PRE, _jumps_last, "plyo-first", set()),
    ("six sets of a drill", PRE, _six_sets_of_jumps, "plyo-sets", {"block-progression"}),
    ("150 contacts in a session", PRE, _too_many_contacts, "plyo-contacts", set()),
    ("two hip-stability exercises in one session", PRE, _pattern_twice, "pattern-once", set()),
    ("Nordic curls dosed as 4 x 10-12", NORDIC, _nordics_like_squats, "dose-sets", {"dose-reps"}),
    (
        "Nordic curls two days before a race",
        NORDIC,
        _nordics_before_the_race,
        "race-window",  # eccentric-before-race, now part of race-window
        {"day-before-key-run", "no-race-day", "after-long-run", "plyo-days"},
    ),
    ("a session dropped in week 2", PRE, _a_session_dropped, "sessions-kept", set()),
    (
        "back to an easier version",
        PRE,
        _back_to_an_easier_version,
        "progression-order",
        {"block-progression"},
    ),
    ("no more work in build 3 than build 1", PRE, _flat_block, "block-progression", set()),
    ("full volume two weeks out", SEASON, _close_to_the_race_full_volume, "taper-volume", set()),
    ("a heavier taper", SEASON, _taper_heavier, "taper-load", set()),
    ("a new exercise in the recovery week", SEASON, _new_in_recovery, "familiar-only", set()),
    ("a new exercise three weeks out", SEASON, _new_three_weeks_out, "familiar-only", set()),
    ("a new lift at full effort", SEASON, _new_lift_at_full_effort, "new-lift-lighter", set()),
    (
        "a new lift in a novice's first block",
        NOVICE,
        _new_lift_in_the_first_block,
        "learn-before-load",
        {"new-lift-lighter"},  # a lift new to the runner, dosed by effort at 2 in reserve
    ),
    (
        "two two-legged lifts in a novice session",
        NOVICE,
        _two_legged_lifts_together,
        "learn-before-load",
        set(),
    ),
    (
        "a back squat new in a novice's later block",
        NOVICE_LONG,
        _back_squat_new_in_a_later_block,
        "learn-before-load",
        {"new-lift-lighter"},  # a lift new to the runner, dosed by effort at 2 in reserve
    ),
    (
        "a new lift in a novice's first heavy block",
        NOVICE_LONG,
        _new_lift_in_the_first_heavy_block,
        "learn-before-load",
        {"new-lift-lighter"},  # a lift new to the runner, dosed by effort at 2 in reserve
    ),
    (
        "a new lift in the bridge's second phase",
        NOVICE_SPLIT,
        _new_lift_in_the_bridges_second_phase,
        "learn-before-load",
        {"new-lift-lighter"},  # a lift new to the runner, dosed by effort at 2 in reserve
    ),
    (
        "4 x 3-4 at 85% in a novice's week 5",
        NOVICE_LONG,
        _heavy_in_the_bridge,
        "novice-ramp",
        {"dose-sets", "dose-reps", "dose-intensity"},
    ),
    (
        "4 sets of bodyweight work in the bridge",
        NOVICE,
        _four_sets_in_the_bridge,
        "novice-ramp",
        set(),
    ),
    (
        "a 3-5RM re-test after the bridge",
        NOVICE_LONG,
        _retest_after_the_bridge,
        "novice-ramp",
        set(),
    ),
    (
        "a strength taper after the bridge",
        NOVICE_RACE,
        _strength_taper_after_the_bridge,
        "novice-ramp",
        {"taper-load", "dose-reps", "dose-intensity"},
    ),
    (
        "four sessions for a novice",
        NOVICE,
        _novice_four_sessions,
        "novice-sessions",
        {"sessions-kept", "block-progression"},
    ),
]


@pytest.mark.parametrize(
    "plan",
    [
        PRE,
        NOVICE,
        NOVICE_LONG,
        NOVICE_RACE,
        NOVICE_SPLIT,
        KNEE,
        KNEE_JUMPS,
        SEASON,
        ENDURANCE,
        NORDIC,
    ],
)
def test_the_real_plans_follow_every_principle(plan: Plan) -> None:
    assert check_plan(plan) == [], format_violations(check_plan(plan))


@pytest.mark.parametrize(
    ("base", "mutate", "rule", "also"),
    [(b, m, r, a) for _, b, m, r, a in MUTATIONS],
    ids=[m[0] for m in MUTATIONS],
)
def test_each_mutation_breaks_its_principle(
    base: Plan, mutate: Callable[[Plan], None], rule: str, also: set[str]
) -> None:
    plan = copy.deepcopy(base)
    mutate(plan)
    found = {v.rule for v in check_plan(plan)}
    assert rule in found, format_violations(check_plan(plan))
    assert found <= {rule} | also, format_violations(check_plan(plan))


def test_every_principle_has_a_mutation() -> None:
    principles = {
        "first-exposure", "novice-skills", "novice-sessions", "skill-dose", "complex-reps",
        "soften-dose", "after-long-run", "heavy-legs-spacing", "plyo-days", "plyo-first",
        "plyo-sets", "plyo-contacts", "pattern-once", "sessions-kept", "progression-order",
        "block-progression", "taper-volume", "taper-load", "familiar-only", "learn-before-load",
        "novice-ramp", "new-lift-lighter",
    }  # fmt: skip
    assert {m[3] for m in MUTATIONS} == principles | {"dose-sets", "race-window"}
