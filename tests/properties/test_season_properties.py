"""For any athlete, start and race date, a season passes the validator or is refused clearly."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_plan_properties import REFUSALS, athletes

from runstrong.core import planner, serialize
from runstrong.core.model import (
    Distance,
    Experience,
    Loading,
    Phase,
    RunType,
    RunWeek,
    SessionKind,
)
from runstrong.errors import InputError, RuleViolation, worded
from runstrong.settings import Context
from runstrong.validation import check_plan

CATALOGUE = Context.from_environment().catalogue
STARTS = st.dates(dt.date(2026, 1, 5), dt.date(2030, 1, 1))  # any weekday: --start takes any day
RUN_WEEKS = st.lists(st.sampled_from(list(RunType)), min_size=7, max_size=7).map(
    lambda days: RunWeek(tuple(days))
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    athlete=athletes(),
    start=STARTS,
    days_to_race=st.one_of(
        st.integers(0, 13),  # a race this week or next (a start on a race week included)
        st.integers(14, 400),
        st.integers(700, 800),  # two years away: refused with --race
    ),
    distance=st.sampled_from(list(Distance)),
    seed=st.integers(0, 1000),
    data=st.data(),
)
def test_every_season_passes_the_validator(
    athlete: planner.Athlete,
    start: dt.date,
    days_to_race: int,
    distance: Distance,
    seed: int,
    data: st.DataObject,
) -> None:
    race = start + dt.timedelta(days=days_to_race)
    runs = None
    if data.draw(st.booleans()):
        runs = data.draw(st.lists(RUN_WEEKS, min_size=60, max_size=60))
    try:
        plan = planner.build_plan(
            replace(athlete, phase=None),
            CATALOGUE,
            start,
            seed,
            race=race,
            distance=distance,
            runs=runs,
        )
    except RuleViolation as refusal:
        event(f"refused: {refusal.rule}")
        assert refusal.rule in REFUSALS
        return
    except InputError as refusal:
        event(f"refused: {refusal.field}")
        assert refusal.field in ("minutes", "race", "start")
        if refusal.field == "race":
            assert days_to_race > 360
        if refusal.field == "start":  # no day left for strength in a mid-week start's week
            assert start.weekday() > 0
        return
    event("planned")
    assert check_plan(serialize.plan_dict(plan)) == []
    assert plan.weeks[-1].phase is Phase.RECOVERY
    assert plan.start == start and plan.weeks[0].start.weekday() == 0
    assert all(s.date >= start for w in plan.weeks for s in w.sessions)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    athlete=athletes(),
    weeks=st.integers(1, 20),
    seed=st.integers(0, 1000),
    start=st.dates(dt.date(2027, 1, 4), dt.date(2027, 1, 10)),  # each weekday
    retests=st.booleans(),
)
def test_every_block_passes_the_validator(
    athlete: planner.Athlete, weeks: int, seed: int, start: dt.date, retests: bool
) -> None:
    try:
        plan = planner.build_plan(athlete, CATALOGUE, start, seed, weeks=weeks, retests=retests)
    except (RuleViolation, InputError) as refusal:
        refused = refusal.rule if isinstance(refusal, RuleViolation) else refusal.field
        assert refused in REFUSALS or (refused == "start" and start.weekday() > 0)
        return
    assert len(plan.weeks) == weeks
    assert check_plan(serialize.plan_dict(plan)) == []
    assert all(s.date >= start for w in plan.weeks for s in w.sessions)
    if any(worded(w).startswith("start ") for w in plan.warnings):
        assert start.weekday() > 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    athlete=athletes(),
    weeks=st.integers(3, 12),
    seed=st.integers(0, 1000),
    retests=st.booleans(),
)
def test_a_novice_lifts_nothing_heavy_before_week_7(
    athlete: planner.Athlete, weeks: int, seed: int, retests: bool
) -> None:
    """novice-ramp: familiarisation, then a bridge and its lighter week; heavy sets from week 7."""
    novice = replace(athlete, experience=Experience.NOVICE)
    try:
        plan = planner.build_plan(
            novice, CATALOGUE, dt.date(2027, 1, 4), seed, weeks=weeks, retests=retests
        )
    except (RuleViolation, InputError):
        return
    for week in plan.weeks[:6]:
        for session in week.sessions:
            assert session.kind is not SessionKind.RETEST, week.index
            for p in session.exercises:
                if p.exercise.loading in (Loading.ONE_RM, Loading.BODYWEIGHT, Loading.BAND):
                    assert p.sets <= 3, (week.index, p.exercise.id)
                if p.percent_1rm is not None:
                    assert p.percent_1rm <= 75 and (p.reps or 0) >= 6, (week.index, p.exercise.id)
