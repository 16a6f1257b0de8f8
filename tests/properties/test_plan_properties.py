"""For any valid athlete, the plan passes the independent validator, or is refused with a rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runstrong.core import loads, planner, serialize
from runstrong.core.model import (
    Athlete,
    Equipment,
    Experience,
    Goal,
    Lift,
    Limitation,
    Phase,
    RunType,
    RunWeek,
    Units,
)
from runstrong.errors import InputError, RuleViolation
from runstrong.settings import Context
from runstrong.validation import check_plan

CATALOGUE = Context.from_environment().catalogue
ONE_RM_IDS = sorted(e.id for e in CATALOGUE.all() if e.loading.value == "1rm")
PHASES = [Phase.OFF_SEASON, Phase.PRE_SEASON, Phase.IN_SEASON]
KIT = [e for e in Equipment if e is not Equipment.NONE]


@st.composite
def athletes(draw: st.DrawFn) -> Athlete:
    phase = draw(st.sampled_from(PHASES))
    units = draw(st.sampled_from(list(Units)))
    lifts = draw(
        st.lists(
            st.builds(
                Lift,
                st.sampled_from(ONE_RM_IDS),
                st.floats(5, 300 if units is Units.KG else 660).map(lambda x: round(x, 1)),
                st.integers(1, loads.MAX_LIFT_REPS),  # more reps are refused (--lift)
            ),
            max_size=4,
            unique_by=lambda lift: lift.exercise_id,
        )
    )
    return Athlete(
        goal=draw(st.sampled_from(list(Goal))),
        phase=phase,
        equipment=frozenset(draw(st.lists(st.sampled_from(KIT), max_size=8))),
        implements=loads.default_implements(units),
        sessions=draw(
            st.one_of(st.none(), st.integers(1, 4 if phase is not Phase.IN_SEASON else 2))
        ),
        lifts=tuple(lifts),
        runs=RunWeek(tuple(draw(st.lists(st.sampled_from(list(RunType)), min_size=7, max_size=7)))),
        minutes=draw(st.one_of(st.none(), st.integers(15, 120))),
        avoid=frozenset(draw(st.lists(st.sampled_from(list(Limitation)), max_size=2))),
        experience=draw(st.sampled_from(list(Experience))),
    )


REFUSALS = {
    "day-before-key-run",
    "spacing",
    "sessions-kept",  # a week that cannot keep the sessions of the week before
    "novice-sessions",  # a lifting novice asking for 4 sessions a week
    "exercises-per-session",
    "sessions-per-week",
    "week-balance",
    "minutes",  # too short a --minutes for the goal's shortest session
}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(athlete=athletes(), seed=st.integers(0, 10_000))
def test_every_plan_passes_the_validator(athlete: Athlete, seed: int) -> None:
    try:
        plan = planner.build_plan(athlete, CATALOGUE, dt.date(2027, 1, 4), seed)
    except (RuleViolation, InputError) as refusal:
        refused = refusal.rule if isinstance(refusal, RuleViolation) else refusal.field
        assert refused in REFUSALS
        return
    data = serialize.plan_dict(plan)
    assert check_plan(data) == []


@settings(max_examples=50, deadline=None)
@given(athlete=athletes(), seed=st.integers(0, 10_000))
def test_the_same_seed_gives_the_same_plan(athlete: Athlete, seed: int) -> None:
    try:
        first = planner.build_plan(athlete, CATALOGUE, dt.date(2027, 1, 4), seed)
    except (RuleViolation, InputError):
        return
    again = planner.build_plan(athlete, CATALOGUE, dt.date(2027, 1, 4), seed)
    assert serialize.plan_dict(first) == serialize.plan_dict(again)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    athlete=athletes(),
    seed=st.integers(0, 10_000),
    own=st.frozensets(st.integers(0, 6), max_size=2),
)
def test_strength_the_runner_already_does_is_counted(
    athlete: Athlete, seed: int, own: frozenset[int]
) -> None:
    try:
        plan = planner.build_plan(
            athlete, CATALOGUE, dt.date(2027, 1, 4), seed, weeks=4, strength_days=[own] * 4
        )
    except (RuleViolation, InputError) as refusal:
        refused = refusal.rule if isinstance(refusal, RuleViolation) else refusal.field
        assert refused in REFUSALS
        return
    for week in plan.weeks:
        assert not {s.date.weekday() for s in week.sessions} & own
    assert check_plan(serialize.plan_dict(plan)) == []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    athlete=athletes(),
    seed=st.integers(0, 10_000),
    own=st.lists(st.frozensets(st.integers(0, 6), max_size=2), min_size=30, max_size=30),
    weeks_to_race=st.integers(2, 20),
)
def test_own_strength_days_through_a_season_to_a_race(
    athlete: Athlete, seed: int, own: list[frozenset[int]], weeks_to_race: int
) -> None:
    start = dt.date(2027, 1, 4)
    race = start + dt.timedelta(weeks=weeks_to_race, days=6)
    try:
        plan = planner.build_plan(
            replace(athlete, phase=None), CATALOGUE, start, seed, race=race, strength_days=own
        )
    except (RuleViolation, InputError) as refusal:
        refused = refusal.rule if isinstance(refusal, RuleViolation) else refusal.field
        assert refused in REFUSALS
        return
    for week, days in zip(plan.weeks, own, strict=False):
        assert not {s.date.weekday() for s in week.sessions} & days
    assert check_plan(serialize.plan_dict(plan)) == []
