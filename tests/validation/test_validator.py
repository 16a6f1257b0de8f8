"""The independent validator: a hand-built valid plan, one mutation per rule, and robustness."""

from __future__ import annotations

import ast
import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runstrong.errors import InputError
from runstrong.validation import Violation, check_plan, format_violations, parse_plan_text
from runstrong.validation.validator import _check

SRC = Path(__file__).resolve().parents[2] / "src"
Plan = dict[str, Any]


def _exercise(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "category": "weights",
        "equipment": ["none"],
        "unilateral": False,
        "complexity": 1,
        "reps": None,
        "reps_max": None,
        "seconds": None,
        "per_side": False,
        "percent_1rm": None,
        "load": None,
        "plates": None,
        "rir": None,
        "contacts": None,
        "avoid_for": [],
        "notes": [],
    }
    base.update(fields)
    base.setdefault("name", base["id"].replace("-", " ").capitalize())
    base.setdefault("why", f"{base['name']}: what it does for a runner")
    return base


def _valid_plan() -> Plan:
    """A pre-season strength week written by hand from docs/rules.md (not by the planner)."""
    back_squat = _exercise(
        id="back-squat",
        pattern="squat",
        equipment=["barbell"],
        complexity=2,
        loading="1rm",
        sets=4,
        reps=4,
        reps_max=5,
        percent_1rm=83.0,
        load=82.5,  # 83% of 100 = 83 -> 82.5 with 1.25 kg plates
        plates=[25.0, 5.0, 1.25],
        rir=2,
        rest_seconds=180,
    )
    bridge = _exercise(
        id="single-leg-bridge",
        category="bodyweight",
        pattern="hip-stability",
        unilateral=True,
        loading="bodyweight",
        sets=3,
        reps=12,
        reps_max=15,
        per_side=True,
        rir=2,
        rest_seconds=30,
    )
    side_plank = _exercise(
        id="side-plank",
        category="bodyweight",
        pattern="core",
        unilateral=True,
        loading="time",
        sets=3,
        seconds=30,
        per_side=True,
        rest_seconds=45,
    )
    box_jump = _exercise(
        id="box-jump",
        category="plyometric",
        pattern="plyometric",
        equipment=["box"],
        complexity=2,
        loading="contacts",
        sets=4,
        reps=10,
        reps_max=10,
        contacts=40,  # intermediate, pre-season: 80-120 a session, at least half of 80
        rest_seconds=90,
        avoid_for=["knee"],
    )
    rdl = _exercise(
        id="romanian-deadlift",
        pattern="hinge",
        equipment=["barbell"],
        complexity=2,
        loading="1rm",
        sets=4,
        reps=4,
        reps_max=5,
        percent_1rm=83.0,
        load=80.0,  # 83% of 96 = 79.7
        plates=[20.0, 10.0],
        rir=2,
        rest_seconds=180,
    )
    step_up = _exercise(
        id="dumbbell-step-up",
        pattern="single-leg",
        equipment=["dumbbell", "box"],
        unilateral=True,
        complexity=2,
        loading="1rm",
        sets=3,
        reps=5,
        reps_max=6,
        per_side=True,
        percent_1rm=83.0,
        load=16.0,  # 83% of 20 = 16.6; dumbbells go 16, 18
        rir=2,
        rest_seconds=150,
    )
    band_walk = _exercise(
        id="lateral-band-walk",
        category="bodyweight",
        pattern="hip-stability",
        equipment=["band"],
        loading="band",
        sets=3,
        reps=12,
        reps_max=15,
        rest_seconds=30,
    )
    split_squat = _exercise(
        id="bulgarian-split-squat",
        pattern="single-leg",
        equipment=["dumbbell", "bench"],
        unilateral=True,
        complexity=2,
        loading="1rm",
        sets=3,
        reps=5,
        reps_max=6,
        per_side=True,
        percent_1rm=83.0,  # no known 1RM: by effort
        rir=2,
        rest_seconds=150,
    )
    sl_rdl = _exercise(
        id="single-leg-rdl",
        category="bodyweight",
        pattern="hinge",
        unilateral=True,
        complexity=2,
        loading="bodyweight",
        sets=3,
        reps=8,
        reps_max=10,
        per_side=True,
        rir=2,
        rest_seconds=60,
    )
    hill_sprints = _exercise(
        id="hill-sprints",
        category="run-specific",
        pattern="conditioning",
        equipment=["hill"],
        loading="time",
        sets=4,
        seconds=10,
        rest_seconds=120,
    )
    runs = {
        "mon": "easy",
        "tue": "intervals",
        "wed": "rest",
        "thu": "tempo",
        "fri": "rest",
        "sat": "easy",
        "sun": "long",
    }

    def session(date: str, day: str, contacts: int, *exercises: dict[str, Any]) -> dict[str, Any]:
        return {
            "date": date,
            "day": day,
            "minutes": 45,
            "focus": "legs + trunk",
            "placement": "after the run",
            "contacts": contacts,
            "exercises": list(exercises),
        }

    return {
        "schema": "runstrong.plan/1",
        "generator": "hand-written",
        "goal": "strength",
        "units": "kg",
        "phase": "pre-season",
        "sessions_per_week": 3,
        "setup": None,
        "equipment": ["barbell", "band", "bench", "box", "dumbbell", "hill", "none"],
        "avoid": ["back"],
        "minutes": 60,
        "seed": 0,
        "runs": dict(runs),
        "one_rms": {"back-squat": 100.0, "romanian-deadlift": 96.0, "dumbbell-step-up": 20.0},
        "implements": {
            "bar": 20.0,
            "plates": [25, 20, 15, 10, 5, 2.5, 1.25],
            "dumbbells": [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22.5, 25],
            "kettlebells": [4, 6, 8, 12, 16, 20, 24],
        },
        "weeks": [
            {
                "index": 1,
                "start": "2026-11-30",
                "phase": "pre-season",
                "deload": False,
                "runs": dict(runs),
                "sessions": [
                    session("2026-12-01", "tue", 40, box_jump, back_squat, bridge, side_plank),
                    session("2026-12-03", "thu", 0, rdl, step_up, band_walk),
                    session("2026-12-06", "sun", 0, split_squat, sl_rdl, hill_sprints),
                ],
            }
        ],
    }


@pytest.fixture
def plan() -> Plan:
    return _valid_plan()


def _ex(plan: Plan, session: int, exercise_id: str) -> dict[str, Any]:
    exercises = plan["weeks"][0]["sessions"][session]["exercises"]
    return next(e for e in exercises if e["id"] == exercise_id)


def _week(plan: Plan) -> dict[str, Any]:
    return plan["weeks"][0]  # type: ignore[no-any-return]


def _session(plan: Plan, index: int) -> dict[str, Any]:
    return _week(plan)["sessions"][index]  # type: ignore[no-any-return]


def _set(target: Callable[[Plan], dict[str, Any]], **values: Any) -> Callable[[Plan], None]:
    def mutate(plan: Plan) -> None:
        target(plan).update(values)

    return mutate


def _squat(p: Plan) -> dict[str, Any]:
    return _ex(p, 0, "back-squat")


def _bridge(p: Plan) -> dict[str, Any]:
    return _ex(p, 0, "single-leg-bridge")


def _sl_rdl(p: Plan) -> dict[str, Any]:
    return _ex(p, 2, "single-leg-rdl")


def _plank(p: Plan) -> dict[str, Any]:
    return _ex(p, 0, "side-plank")


def _jump(p: Plan) -> dict[str, Any]:
    return _ex(p, 0, "box-jump")


def _rdl(p: Plan) -> dict[str, Any]:
    return _ex(p, 1, "romanian-deadlift")


def _step_up(p: Plan) -> dict[str, Any]:
    return _ex(p, 1, "dumbbell-step-up")


def _split(p: Plan) -> dict[str, Any]:
    return _ex(p, 2, "bulgarian-split-squat")


def _sprints(p: Plan) -> dict[str, Any]:
    return _ex(p, 2, "hill-sprints")


def _top(p: Plan) -> dict[str, Any]:
    return p


def _runs(p: Plan) -> dict[str, Any]:
    return _week(p)["runs"]  # type: ignore[no-any-return]


def _three_sessions_in_season(p: Plan) -> None:
    _week(p)["phase"] = "in-season"


def _drop_sprints(p: Plan) -> None:
    _session(p, 2)["exercises"].pop()


def _heavy_session(p: Plan) -> None:
    for ex_id, complexity in (("back-squat", 3), ("single-leg-bridge", 3), ("box-jump", 3)):
        _ex(p, 0, ex_id)["complexity"] = complexity
    _plank(p)["complexity"] = 2  # 3 + 3 + 2 + 3 = 11 over 4 exercises
    # A complexity-3 bridge is no longer activation work: dose it as strength bodyweight work.
    _bridge(p).update(reps=10, reps_max=12, rest_seconds=60)


def _repeat_plank(p: Plan) -> None:
    _session(p, 0)["exercises"].append(copy.deepcopy(_plank(p)))


def _no_lower_body(p: Plan) -> None:
    _split(p)["pattern"] = "core"
    _ex(p, 2, "single-leg-rdl")["pattern"] = "pull"


def _no_hinge(p: Plan) -> None:
    _rdl(p)["pattern"] = "squat"
    _ex(p, 2, "single-leg-rdl")["pattern"] = "core"


def _no_box(p: Plan) -> None:
    p["equipment"].remove("box")


def _avoid_knee(p: Plan) -> None:
    p["avoid"].append("knee")


def _big_jumps(p: Plan) -> None:
    _jump(p).update(sets=5, reps=25, reps_max=25, contacts=125)
    _session(p, 0)["contacts"] = 125


def _jumps_off_season(p: Plan) -> None:
    _week(p)["phase"] = "off-season"


def _jumps_uncounted(p: Plan) -> None:
    _jump(p)["contacts"] = 5


def _no_rdl_one_rm(p: Plan) -> None:
    del p["one_rms"]["romanian-deadlift"]


def _same_day(p: Plan) -> None:
    _session(p, 1).update(date="2026-12-01", day="tue")


def _outside_week(p: Plan) -> None:
    _session(p, 2).update(date="2026-12-08", day="tue")


def _consecutive(p: Plan) -> None:
    _session(p, 1).update(date="2026-12-02", day="wed")
    _runs(p)["thu"] = "easy"


def _wrong_day(p: Plan) -> None:
    _session(p, 1)["day"] = "fri"


def _sets_as_text(p: Plan) -> None:
    _squat(p)["sets"] = "4"


def _no_exercises_key(p: Plan) -> None:
    del _session(p, 1)["exercises"]


MUTATIONS: list[tuple[str, Callable[[Plan], None], str]] = [
    ("3 sessions in an in-season week", _three_sessions_in_season, "sessions-per-week"),
    ("a session of 2 exercises", _drop_sprints, "exercises-per-session"),
    ("complexity 11 over 4 exercises", _heavy_session, "complexity-budget"),
    ("the side plank twice", _repeat_plank, "no-repeat-in-session"),
    ("a session with no lower-body pattern", _no_lower_body, "lower-body-each-session"),
    ("a week with no hinge", _no_hinge, "week-balance"),
    ("box jumps without a box", _no_box, "equipment"),
    ("box jumps for a knee problem", _avoid_knee, "avoid"),
    ("45 min over a 40 min budget", _set(_top, minutes=40), "time-budget"),
    ("an empty why", _set(_bridge, why="  "), "why"),
    ("a null why", _set(_sprints, why=None), "why"),
    ("6 sets of squats", _set(_squat, sets=6), "dose-sets"),
    ("8 sets of side planks", _set(_plank, sets=8), "dose-sets"),
    ("strength squats of 8 reps", _set(_squat, reps=8, reps_max=8), "dose-reps"),
    ("reps above reps_max", _set(_squat, reps=6, reps_max=5), "dose-reps"),
    ("bodyweight strength 15-20 reps", _set(_sl_rdl, reps=15, reps_max=20), "dose-reps"),
    ("activation work of 8-10 reps", _set(_bridge, reps=8, reps_max=10), "dose-reps"),
    ("4 sets of activation work", _set(_bridge, sets=4), "dose-sets"),
    ("60 s rest after activation work", _set(_bridge, rest_seconds=60), "dose-rest"),
    ("reps on a timed hold", _set(_plank, reps=5, reps_max=5), "dose-reps"),
    ("95% 1RM for strength", _set(_split, percent_1rm=95.0), "dose-intensity"),
    ("no load and no rir", _set(_split, rir=None), "dose-intensity"),
    ("a percent on bodyweight work", _set(_bridge, percent_1rm=70.0), "dose-intensity"),
    ("20 s rest for strength", _set(_squat, rest_seconds=20), "dose-rest"),
    ("60 s walk-back after a hill sprint", _set(_sprints, rest_seconds=60), "dose-rest"),
    ("30 s rest between jump sets", _set(_jump, rest_seconds=30), "dose-rest"),
    ("a 60 s side plank", _set(_plank, seconds=60), "dose-seconds"),
    ("30 s hill sprints", _set(_sprints, seconds=30), "dose-seconds"),
    ("seconds on a lift", _set(_squat, seconds=20), "dose-seconds"),
    ("125 contacts in pre-season (intermediate: 80-120)", _big_jumps, "plyo-contacts"),
    ("jumps in an off-season week", _jumps_off_season, "plyo-contacts"),
    ("session contacts not the sum", _set(lambda p: _session(p, 0), contacts=10), "plyo-contacts"),
    ("exercise contacts not sets x reps", _jumps_uncounted, "plyo-contacts"),
    ("squat load 90 for 83 kg", _set(_squat, load=90.0, plates=[25.0, 10.0]), "load-math"),
    ("plates that do not add up", _set(_squat, plates=[25.0, 5.0]), "load-math"),
    ("a barbell load without plates", _set(_squat, plates=None), "load-math"),
    ("a 17 kg dumbbell", _set(_step_up, load=17.0), "load-math"),
    ("a dumbbell 2 sizes off", _set(_step_up, load=20.0), "load-math"),
    ("a load with no 1RM", _no_rdl_one_rm, "load-math"),
    ("a load on a timed hold", _set(_plank, load=10.0), "load-math"),
    ("single-leg bridges not per side", _set(_bridge, per_side=False), "per-side"),
    ("two sessions on a Tuesday", _same_day, "one-per-day"),
    ("a session outside its week", _outside_week, "one-per-day"),
    ("strength on race day", _set(_runs, tue="race"), "no-race-day"),
    ("the day before hills", _set(_runs, wed="hills"), "day-before-key-run"),
    ("Sunday before a Monday long run", _set(_runs, mon="long"), "day-before-key-run"),
    ("sessions on Tuesday and Wednesday", _consecutive, "spacing"),
    ("an unknown goal", _set(_top, goal="power"), "schema"),
    ("another schema", _set(_top, schema="runstrong.plan/2"), "schema"),
    ("sets as text", _sets_as_text, "schema"),
    ("a day that is not the date's", _wrong_day, "schema"),
    ("a session without exercises", _no_exercises_key, "schema"),
    ("a week starting on a Tuesday", _set(_week, start="2026-12-01"), "schema"),
    ("a session before a Wednesday start", _set(_top, start="2026-12-02"), "before-start"),
    ("a start that is not a date", _set(_top, start="soon"), "schema"),
    ("warnings that are not text", _set(_top, warnings=[1]), "schema"),
]


def test_a_mid_week_start_and_warnings_are_accepted(plan: Plan) -> None:
    plan.update(start="2026-12-01", warnings=["--lift romanian-deadlift: needs a barbell"])
    assert check_plan(plan) == []


def test_the_hand_built_plan_is_clean(plan: Plan) -> None:
    assert check_plan(plan) == []


def test_the_plan_survives_a_json_round_trip(plan: Plan) -> None:
    assert check_plan(parse_plan_text(json.dumps(plan))) == []


@pytest.mark.parametrize(
    ("mutate", "rule"), [(m, r) for _, m, r in MUTATIONS], ids=[n for n, _, _ in MUTATIONS]
)
def test_each_mutation_breaks_exactly_its_rule(
    plan: Plan, mutate: Callable[[Plan], None], rule: str
) -> None:
    mutate(plan)
    violations = check_plan(plan)
    assert violations, f"no violation reported; expected {rule}"
    # A few mutations break a coaching principle too, as they would in a real plan: a copied
    # exercise repeats its pattern, a long run or race the day before Tuesday tires its legs and
    # jumps, and two heavy days in a row are heavy legs back to back.
    also = SIDE_EFFECTS.get(rule, set())
    assert rule in {v.rule for v in violations}, format_violations(violations)
    assert {v.rule for v in violations} <= {rule} | also, format_violations(violations)


SIDE_EFFECTS: dict[str, set[str]] = {
    "no-repeat-in-session": {"pattern-once"},
    "day-before-key-run": {"after-long-run", "plyo-days"},
    # the week repeats: a Tuesday race is two days after Sunday's session (race-window)
    "no-race-day": {"plyo-days", "race-window"},
    "spacing": {"heavy-legs-spacing"},
}


def test_the_mutation_table_covers_every_rule_id_in_docs() -> None:
    rules_md = (SRC.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    ids = {
        line.split("`")[1]
        for line in rules_md.splitlines()
        if line.startswith("| `") and line.split("`")[1] != "default-sessions"
    }
    ids = {i for i in ids if not i.startswith("readiness-")}  # test_lighter.py covers those
    from test_coaching_rules import MUTATIONS as COACHING

    assert ids <= {rule for _, _, rule in MUTATIONS} | {m[3] for m in COACHING}


def test_a_violation_says_where_and_what_is_allowed(plan: Plan) -> None:
    _rdl(plan)["rest_seconds"] = 20
    assert check_plan(plan) == [
        Violation(
            "dose-rest",
            "week 1, 2026-12-03 (thu), romanian-deadlift",
            "rest 20 s; strength lifts rest 120-300 s",
        )
    ]


def test_every_violation_is_collected(plan: Plan) -> None:
    _squat(plan).update(sets=9, rest_seconds=10)
    _plank(plan)["seconds"] = 90
    _runs(plan)["wed"] = "race"
    rules = sorted(v.rule for v in check_plan(plan))
    # the race also tires Thursday's legs: its heavy RDL and step-up break after-long-run; and
    # Tuesday's session, the day before it, is no primer either (race-window)
    assert rules == [
        "after-long-run",
        "after-long-run",
        "day-before-key-run",
        "dose-rest",
        "dose-seconds",
        "dose-sets",
        *["race-window"] * 4,
    ]
    assert {v.where[:24] for v in check_plan(plan) if v.rule == "race-window"} == {
        "week 1, 2026-12-01 (tue)"
    }


def test_endurance_lifts_rest_30_s_or_less(plan: Plan) -> None:
    plan["goal"] = "endurance"
    violations = check_plan(plan)
    squat = [v for v in violations if v.where.endswith("back-squat") and v.rule == "dose-rest"]
    assert squat[0].message == "rest 180 s; endurance lifts rest 30 s or less"


def test_a_four_session_week_may_touch_but_not_three_in_a_row(plan: Plan) -> None:
    runs = dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "easy")
    _week(plan)["runs"] = runs
    sessions = _week(plan)["sessions"]
    extra = copy.deepcopy(sessions[1])  # a light one: heavy legs never come two days running
    extra["exercises"] = [copy.deepcopy(e) for e in (_sl_rdl(plan), _bridge(plan), _plank(plan))]
    extra.update(date="2026-12-02", day="wed")
    sessions.insert(1, extra)  # tue, wed, thu, sun
    violations = check_plan(plan)
    assert [(v.rule, v.where) for v in violations] == [("spacing", "week 1, 2026-12-03 (thu)")]
    extra.update(date="2026-12-05", day="sat")  # tue, thu, sat, sun: two may touch
    assert check_plan(plan) == []


def test_spacing_and_key_runs_look_across_the_week_boundary(plan: Plan) -> None:
    second = copy.deepcopy(_week(plan))
    second.update(index=2, start="2026-12-07", block=2)
    days = (("2026-12-08", "tue"), ("2026-12-10", "thu"), ("2026-12-13", "sun"))
    for session, (date, day) in zip(second["sessions"], days, strict=True):
        session.update(date=date, day=day)
    second["runs"]["mon"] = "long"  # week 1's Monday stays easy
    plan["weeks"].append(second)
    violations = check_plan(plan)
    # week 1's Sunday looks at week 2's Monday; the last week's Sunday at its own Monday
    assert [(v.rule, v.where) for v in violations] == [
        ("day-before-key-run", "week 1, 2026-12-06 (sun)"),
        ("day-before-key-run", "week 2, 2026-12-13 (sun)"),
        # and week 2's Tuesday comes the day after that long run: lighter legs, no jumps
        ("after-long-run", "week 2, 2026-12-08 (tue), back-squat"),
        ("plyo-days", "week 2, 2026-12-08 (tue)"),
    ]
    second["runs"].update(mon="easy", tue="easy")
    second["sessions"][0].update(date="2026-12-07", day="mon")
    # Monday after Sunday's session, and after week 1's Sunday long run: spacing, and the
    # Monday squat and jumps are on tired legs, heavy the day after Sunday's heavy split squat
    assert sorted(v.rule for v in check_plan(plan)) == [
        "after-long-run",
        "heavy-legs-spacing",
        "plyo-days",
        "spacing",
    ]


def test_a_taper_week_may_have_no_sessions(plan: Plan) -> None:
    _week(plan).update(phase="taper", sessions=[])
    assert check_plan(plan) == []


@pytest.mark.parametrize(
    "value", [None, 3, "plan", [], [{}], {}, {"schema": "runstrong.plan/1"}, True]
)
def test_malformed_documents_are_schema_violations(value: object) -> None:
    violations = check_plan(value)
    assert violations
    assert {v.rule for v in violations} == {"schema"}


def test_format_violations_lists_each_then_a_summary(plan: Plan) -> None:
    _squat(plan)["rest_seconds"] = 20
    _bridge(plan)["per_side"] = False
    text = format_violations(check_plan(plan))
    assert text.splitlines() == [
        "[dose-rest] week 1, 2026-12-01 (tue), back-squat: "
        "rest 20 s; strength lifts rest 120-300 s",
        "[per-side] week 1, 2026-12-01 (tue), single-leg-bridge: "
        "unilateral work must be written per side (`per_side` true)",
        "2 violations of 2 rule(s): dose-rest, per-side",
    ]
    assert format_violations([]) == "no violations: the plan follows every rule"


@pytest.mark.parametrize("text", ["", "{", "[1,]", '{"a": NaN}', "Infinity", "[" * 100_000])
def test_bad_json_is_an_input_error_on_plan(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_plan_text(text)
    assert caught.value.field == "PLAN"
    assert caught.value.problem.startswith("not valid JSON: ")


# --- robustness --------------------------------------------------------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["2026-12-01", "2026-11-30", "tue", "1rm", "barbell", "race", "strength"]),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)


@given(JSON)
@settings(max_examples=300)
def test_check_never_raises_on_any_json(value: object) -> None:
    assert all(isinstance(v, Violation) for v in _check(value))


@given(st.data())
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_check_never_raises_on_a_mutated_plan(data: st.DataObject) -> None:
    plan = _valid_plan()
    for _ in range(data.draw(st.integers(1, 3))):
        node: Any = plan
        while True:
            keys: list[Any] = list(node) if isinstance(node, dict) else list(range(len(node)))
            if not keys:
                break
            key = data.draw(st.sampled_from(keys))
            child = node[key]
            if isinstance(child, dict | list) and child and data.draw(st.booleans()):
                node = child
                continue
            if isinstance(node, dict) and data.draw(st.booleans()):
                del node[key]
            else:
                node[key] = data.draw(JSON)
            break
    violations = _check(plan)
    assert all(isinstance(v, Violation) and v.rule and v.where for v in violations)


# --- independence ------------------------------------------------------------------------------

PLANNER = ("runstrong.core", "runstrong.cli", "runstrong.app.planning", "runstrong.settings")


def test_the_validator_source_imports_only_stdlib_and_errors() -> None:
    for path in sorted((SRC / "runstrong" / "validation").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                if name.startswith("runstrong"):
                    allowed = (
                        "runstrong.errors",
                        "runstrong.validation.checks",
                        "runstrong.validation.coaching",
                        "runstrong.validation.dose",
                        "runstrong.validation.loads",
                        "runstrong.validation.placement",
                        "runstrong.validation.race",
                        "runstrong.validation.reading",
                        "runstrong.validation.season",
                        "runstrong.validation.validator",
                        "runstrong.validation.values",
                        "runstrong.validation.violation",
                    )
                    assert name in allowed, (path, name)
                else:
                    assert name.split(".")[0] in sys.stdlib_module_names, (path, name)


def test_importing_the_validator_loads_no_planner_module() -> None:
    # A bare `runstrong` package stands in for src/runstrong/__init__.py, which loads the planner
    # for the public API: what matters is what the validator itself pulls in.
    script = f"""
import sys, types
package = types.ModuleType("runstrong")
package.__path__ = [{str(SRC / "runstrong")!r}]
sys.modules["runstrong"] = package
import runstrong.validation
print(sorted(m for m in sys.modules if m.startswith("runstrong")))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    loaded = result.stdout.strip()
    assert loaded == str(
        sorted(
            [
                "runstrong",
                "runstrong.validation",
                "runstrong.validation.checks",
                "runstrong.validation.coaching",
                "runstrong.validation.dose",
                "runstrong.validation.loads",
                "runstrong.validation.placement",
                "runstrong.validation.race",
                "runstrong.validation.reading",
                "runstrong.validation.season",
                "runstrong.validation.validator",
                "runstrong.validation.values",
                "runstrong.validation.violation",
                "runstrong.errors",
            ]
        )
    )
    assert not any(name in loaded for name in PLANNER)
