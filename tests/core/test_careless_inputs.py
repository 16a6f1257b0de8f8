"""Careless inputs (issue 8): each gets a sane plan, a warning or a refusal naming the flag."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from runstrong.core import inputs, loads, planner, rules, serialize
from runstrong.core.catalogue import load_catalogue
from runstrong.core.model import (
    Athlete,
    Distance,
    Equipment,
    Goal,
    Lift,
    Limitation,
    Phase,
    Plan,
    SessionKind,
    Units,
)
from runstrong.errors import InputError, worded
from runstrong.validation import check_plan
from runstrong.validation.season import LAST_HEAVY

CAT = load_catalogue()
MONDAY = dt.date(2027, 1, 4)
GYM = frozenset(
    {
        Equipment.BARBELL,
        Equipment.DUMBBELL,
        Equipment.KETTLEBELL,
        Equipment.BAND,
        Equipment.BOX,
        Equipment.PULL_UP_BAR,
    }
)
RUNS = "tue=intervals,thu=tempo,sat=long,sun=easy"


def athlete(**changes: object) -> Athlete:
    base: dict[str, object] = {
        "goal": Goal.STRENGTH,
        "phase": Phase.OFF_SEASON,
        "equipment": GYM,
        "implements": loads.default_implements(Units.KG),
        "runs": inputs.runs(RUNS),
    }
    base.update(changes)
    return Athlete(**base)  # type: ignore[arg-type]


def build(start: dt.date = MONDAY, **changes: object) -> Plan:
    weeks = changes.pop("weeks", None)
    race = changes.pop("race", None)
    distance = changes.pop("distance", None)
    return planner.build_plan(
        athlete(**changes),
        CAT,
        start,
        weeks=weeks,  # type: ignore[arg-type]
        race=race,  # type: ignore[arg-type]
        distance=distance,  # type: ignore[arg-type]
    )


# --- a set of many reps -----------------------------------------------------------------------


@pytest.mark.parametrize("reps", [11, 12, 20, 30])
def test_a_lift_of_more_than_ten_reps_is_refused_naming_the_flag(reps: int) -> None:
    with pytest.raises(InputError) as err:
        build(lifts=(Lift("back-squat", 100.0, reps),))
    assert err.value.field == "lifts[0]"
    assert f"1-{loads.LOW_CONFIDENCE_REPS}" in str(err.value)
    with pytest.raises(InputError, match="1-10"):
        loads.parse_lift(f"back-squat=100x{reps}")


def test_ten_reps_still_give_an_epley_estimate() -> None:
    plan = build(lifts=(Lift("back-squat", 60.0, 10),))
    assert dict(plan.one_rms)["back-squat"] == pytest.approx(80.0)  # 60 x (1 + 10/30)
    assert loads.parse_lift("back-squat=60x10") == ("back-squat", 60.0, 10)


# --- a start on any weekday -------------------------------------------------------------------


@pytest.mark.parametrize("offset", range(7))
def test_a_plan_starts_on_the_day_given(offset: int) -> None:
    start = MONDAY + dt.timedelta(days=offset)
    plan = build(start, weeks=3)
    assert plan.start == start
    assert [w.start for w in plan.weeks] == [MONDAY + dt.timedelta(weeks=i) for i in range(3)]
    assert all(s.date >= start for w in plan.weeks for s in w.sessions)
    asked = rules.DEFAULT_SESSIONS[Phase.OFF_SEASON]
    data = serialize.plan_dict(plan)
    assert data["start"] == start.isoformat()
    assert check_plan(data) == []
    first = len(plan.weeks[0].sessions)
    notes = [w for w in plan.warnings if worded(w).startswith("start ")]
    assert bool(notes) == (first < asked)
    if notes:
        assert f"{start:%A}" in notes[0] and f"room for {first} of the {asked}" in notes[0]


def test_a_thursday_start_keeps_its_first_days_closed_and_says_so() -> None:
    thursday = dt.date(2027, 1, 7)
    plan = build(thursday, weeks=2)
    assert 0 < len(plan.weeks[0].sessions) < 3
    assert all(s.date >= thursday for s in plan.weeks[0].sessions)
    assert tuple(map(worded, plan.warnings)) == (
        f"start 2027-01-07 is a Thursday: week 1 has room for {len(plan.weeks[0].sessions)} "
        "of the 3 sessions a week (days before the start are closed); the weeks after keep 3",
    )


def test_a_sunday_start_with_no_free_day_left_is_refused_naming_the_flag() -> None:
    sunday = dt.date(2027, 1, 10)
    with pytest.raises(InputError) as err:
        build(sunday, weeks=2, runs=inputs.runs("mon=long,wed=tempo,sat=long"))
    assert err.value.field == "start"
    assert "Sunday" in str(err.value) and "2027-01-11" in str(err.value)
    build(dt.date(2027, 1, 11), weeks=2, runs=inputs.runs("mon=long,wed=tempo,sat=long"))


@pytest.mark.parametrize("start", [dt.date(2027, 1, 7), dt.date(2027, 1, 9), dt.date(2027, 1, 10)])
def test_a_season_to_a_race_can_start_mid_week(start: dt.date) -> None:
    plan = build(start, phase=None, race=dt.date(2027, 4, 18), distance=Distance.HALF)
    assert plan.start == start and plan.weeks[0].start == MONDAY
    assert plan.weeks[-1].phase is Phase.RECOVERY
    assert min(s.date for w in plan.weeks for s in w.sessions) >= start
    assert check_plan(serialize.plan_dict(plan)) == []


# --- --minutes --------------------------------------------------------------------------------

CASES = [
    (Goal.STRENGTH, GYM, frozenset()),
    (Goal.HYPERTROPHY, GYM, frozenset()),
    (Goal.ENDURANCE, frozenset(), frozenset()),
    (Goal.STRENGTH, frozenset({Equipment.DUMBBELL}), frozenset({Limitation.KNEE, Limitation.BACK})),
    (
        Goal.HYPERTROPHY,
        frozenset({Equipment.KETTLEBELL, Equipment.BAND, Equipment.BOX}),
        frozenset(),
    ),
    (Goal.STRENGTH, frozenset({Equipment.BARBELL}), frozenset()),
]


@pytest.mark.parametrize(("goal", "kit", "avoid"), CASES)
@pytest.mark.parametrize("phase", [Phase.OFF_SEASON, Phase.PRE_SEASON])
def test_the_minutes_a_refusal_names_build_a_plan(
    goal: Goal, kit: frozenset[Equipment], avoid: frozenset[Limitation], phase: Phase
) -> None:
    refused = 0
    for asked in (10, 15, 20, 21):
        changes = {"goal": goal, "equipment": kit, "avoid": avoid, "phase": phase}
        try:
            build(minutes=asked, weeks=4, **changes)
        except InputError as err:
            assert err.field == "minutes"
            found = re.search(r"about (\d+) minutes; got (\d+)", str(err))
            assert found is not None and int(found[2]) == asked
            named = int(found[1])
            assert named > asked
            plan = build(minutes=named, weeks=4, **changes)  # the named time is accepted
            assert all(s.minutes <= named for w in plan.weeks for s in w.sessions)
            refused += 1
    assert refused  # ten minutes is too short for every one of these runners


# --- a lift the equipment cannot do -----------------------------------------------------------


def test_a_barbell_lift_without_a_barbell_is_warned_about_and_not_listed_as_used() -> None:
    plan = build(
        equipment=frozenset({Equipment.DUMBBELL}),
        lifts=(Lift("romanian-deadlift", 135.0, 8), Lift("goblet-squat", 30.0, 8)),
    )
    assert "romanian-deadlift" not in dict(plan.one_rms)
    assert "goblet-squat" in dict(plan.one_rms)
    assert tuple(map(worded, plan.warnings)) == (
        "lifts romanian-deadlift: needs a barbell, which equipment does not list; "
        "dumbbell-romanian-deadlift is prescribed by effort",
    )
    used = [p for w in plan.weeks for s in w.sessions for p in s.exercises]
    assert all(p.exercise.id != "romanian-deadlift" for p in used)
    data = serialize.plan_dict(plan)
    assert data["warnings"] == list(plan.warnings)
    assert "romanian-deadlift" not in data["one_rms"]
    assert check_plan(data) == []


def test_a_lift_a_limitation_rules_out_is_warned_about() -> None:
    avoided = next(
        e
        for e in CAT.all()
        if e.loading.value == "1rm"
        and e.needs() <= GYM
        and any(c.effect == "avoid" and c.limitation is Limitation.BACK for c in e.cautions)
    )
    plan = build(avoid=frozenset({Limitation.BACK}), lifts=(Lift(avoided.id, 100.0),))
    assert avoided.id not in dict(plan.one_rms)
    assert len(plan.warnings) == 1
    assert worded(plan.warnings[0]).startswith(f"lifts {avoided.id}: avoid back rules it out; ")


def test_the_variant_named_is_planned_from_its_own_lift_when_given() -> None:
    plan = build(
        equipment=frozenset({Equipment.DUMBBELL}),
        lifts=(Lift("romanian-deadlift", 135.0, 8), Lift("dumbbell-romanian-deadlift", 40.0)),
    )
    assert dict(plan.one_rms) == {"dumbbell-romanian-deadlift": 40.0}
    assert tuple(map(worded, plan.warnings)) == (
        "lifts romanian-deadlift: needs a barbell, which equipment does not list; "
        "dumbbell-romanian-deadlift is planned from its own lifts",
    )


def test_a_usable_lift_gives_no_warning() -> None:
    plan = build(lifts=(Lift("back-squat", 100.0),))
    assert plan.warnings == ()
    assert serialize.plan_dict(plan)["warnings"] == []


# --- track distances --------------------------------------------------------------------------

TRACK = [Distance.M800, Distance.M1500, Distance.MILE, Distance.M3000, Distance.STEEPLE]


@pytest.mark.parametrize("distance", TRACK)
def test_track_races_taper_like_a_5k(distance: Distance) -> None:
    assert rules.TAPER_WEEKS[distance] == rules.TAPER_WEEKS[Distance.FIVE_K] == 1
    assert rules.LAST_HEAVY_DAYS[distance] == 7
    race = dt.date(2027, 6, 12)  # a Saturday
    plan = build(phase=None, race=race, distance=distance, runs=inputs.runs(RUNS))
    assert [w.phase for w in plan.weeks][-2:] == [Phase.TAPER, Phase.RECOVERY]
    for w in plan.weeks:
        for s in w.sessions:
            heavy = s.kind is SessionKind.STRENGTH and any(p.percent_1rm for p in s.exercises)
            if heavy and s.date < race:
                assert (race - s.date).days >= 7
    data = serialize.plan_dict(plan)
    assert data["race_distance"] == distance.value
    assert check_plan(data) == []


def test_the_validator_reads_the_same_last_heavy_day_for_every_distance() -> None:
    assert {d.value: rules.LAST_HEAVY_DAYS[d] for d in Distance} == LAST_HEAVY
