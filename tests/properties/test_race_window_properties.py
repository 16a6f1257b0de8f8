"""race-window over random athletes and running weeks with races: no plan breaks it, and the
validator agrees (it passes the plans and flags the same sessions made heavy)."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_plan_properties import REFUSALS, athletes

from runstrong.core import planner, rules, serialize
from runstrong.core.model import (
    Athlete,
    Category,
    Distance,
    Loading,
    Phase,
    Plan,
    RunType,
    RunWeek,
    Session,
)
from runstrong.errors import InputError, RuleViolation
from runstrong.settings import Context
from runstrong.validation import check_plan, format_violations

CATALOGUE = Context.from_environment().catalogue
START = dt.date(2027, 1, 4)


@st.composite
def race_weeks(draw: st.DrawFn) -> RunWeek:
    """A running week with one or two races in it."""
    days = draw(st.lists(st.sampled_from(list(RunType)), min_size=7, max_size=7))
    for day in draw(st.lists(st.integers(0, 6), min_size=1, max_size=2, unique=True)):
        days[day] = RunType.RACE
    return RunWeek(tuple(days))


def _race_days(plan: Plan) -> set[dt.date]:
    """Every race the plan knows: its weeks' runs, the week after repeating the last, its date."""
    races = {plan.race} if plan.race is not None else set()
    for week in plan.weeks:
        for offset in range(14 if week is plan.weeks[-1] else 7):
            if week.runs.on(offset % 7) is RunType.RACE:
                races.add(week.start + dt.timedelta(days=offset))
    return races


def _in_window(session: Session, races: set[dt.date]) -> bool:
    return any(
        session.date + dt.timedelta(days=ahead) in races
        for ahead in range(1, rules.RACE_WINDOW_DAYS + 1)
    )


def _assert_primers(plan: Plan) -> int:
    """Every session in a race's window is a primer (the core's own view); how many there were."""
    races = _race_days(plan)
    count = 0
    for week in plan.weeks:
        for session in week.sessions:
            if not _in_window(session, races):
                continue
            count += 1
            for p in session.exercises:
                e = p.exercise
                assert e.loading is not Loading.CONTACTS, (session.date, e.id)
                assert e.category is not Category.RUN_SPECIFIC, (session.date, e.id)
                assert not e.eccentric, (session.date, e.id)
                assert p.sets <= rules.PRIMER_SETS, (session.date, e.id)
                if e.loading is Loading.ONE_RM and e.pattern in rules.LOWER_BODY:
                    assert (p.percent_1rm or 0) < rules.HEAVY_PERCENT, (session.date, e.id)
                    assert (p.reps or 0) + (p.rir or 0) >= rules.PRIMER_EFFORT_REPS
    return count


def _heavier(data: dict[str, Any]) -> dict[str, Any] | None:
    """The plan with one primer's lower-body lift put back to 85% 1RM, or None if none has one."""
    for week in data["weeks"]:
        for session in week["sessions"]:
            if "a short primer" not in session["placement"]:
                continue
            for ex in session["exercises"]:
                if ex["loading"] == "1rm" and ex["pattern"] in ("hinge", "squat", "lunge"):
                    heavier = copy.deepcopy(data)
                    index = data["weeks"].index(week)
                    s = week["sessions"].index(session)
                    e = session["exercises"].index(ex)
                    target = heavier["weeks"][index]["sessions"][s]["exercises"][e]
                    target["percent_1rm"], target["rir"], target["load"] = 85.0, 2, None
                    return heavier
    return None


def _check(plan: Plan) -> None:
    data = serialize.plan_dict(plan)
    assert check_plan(data) == [], format_violations(check_plan(data))
    if _assert_primers(plan):
        event("a primer planned")
    heavier = _heavier(data)
    if heavier is not None:
        event("a primer made heavy")
        assert "race-window" in {v.rule for v in check_plan(heavier)}


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    athlete=athletes(),
    seed=st.integers(0, 10_000),
    weeks=st.lists(st.one_of(race_weeks(), race_weeks(), st.none()), min_size=1, max_size=4),
)
def test_races_in_the_running_week_get_primers(
    athlete: Athlete, seed: int, weeks: list[RunWeek | None]
) -> None:
    runs = [w if w is not None else athlete.runs for w in weeks]
    try:
        plan = planner.build_plan(
            replace(athlete, runs=runs[0]), CATALOGUE, START, seed, weeks=len(runs), runs=runs
        )
    except (RuleViolation, InputError) as refusal:
        refused = refusal.rule if isinstance(refusal, RuleViolation) else refusal.field
        assert refused in REFUSALS
        return
    _check(plan)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    athlete=athletes(),
    seed=st.integers(0, 10_000),
    weeks_to_race=st.integers(0, 16),
    race_day=st.integers(0, 6),
    distance=st.sampled_from(list(Distance)),
    weekly=race_weeks(),
    with_weekly=st.booleans(),
)
def test_a_race_date_and_its_weekly_races_get_primers(
    athlete: Athlete,
    seed: int,
    weeks_to_race: int,
    race_day: int,
    distance: Distance,
    weekly: RunWeek,
    with_weekly: bool,
) -> None:
    race = START + dt.timedelta(weeks=weeks_to_race, days=race_day)
    who = replace(athlete, phase=None, runs=weekly if with_weekly else athlete.runs)
    try:
        plan = planner.build_plan(who, CATALOGUE, START, seed, race=race, distance=distance)
    except RuleViolation as refusal:
        assert refusal.rule in REFUSALS
        return
    except InputError as refusal:
        assert refusal.field in ("minutes", "start")
        return
    assert any(w.phase is Phase.TAPER or w.phase is Phase.RECOVERY for w in plan.weeks)
    _check(plan)
