"""For random athletes and random check-ins, today's lightened session is never heavier than the
planned one, and the independent validator agrees."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runstrong.core import loads, planner, serialize
from runstrong.core import readiness as r
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
from runstrong.validation.lighter import check_lightened

CATALOGUE = Context.from_environment().catalogue
ONE_RM_IDS = sorted(e.id for e in CATALOGUE.all() if e.loading.value == "1rm")
KIT = [e for e in Equipment if e is not Equipment.NONE]
START = dt.date(2027, 1, 4)
SCORE = st.integers(1, 10)


@st.composite
def athletes(draw: st.DrawFn) -> Athlete:
    phase = draw(st.sampled_from([Phase.OFF_SEASON, Phase.PRE_SEASON, Phase.IN_SEASON]))
    units = draw(st.sampled_from(list(Units)))
    lifts = draw(
        st.lists(
            st.builds(
                Lift,
                st.sampled_from(ONE_RM_IDS),
                st.floats(5, 300).map(lambda x: round(x, 1)),
                st.integers(1, loads.MAX_LIFT_REPS),
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
        lifts=tuple(lifts),
        runs=RunWeek(tuple(draw(st.lists(st.sampled_from(list(RunType)), min_size=7, max_size=7)))),
        avoid=frozenset(draw(st.lists(st.sampled_from(list(Limitation)), max_size=2))),
        experience=draw(st.sampled_from(list(Experience))),
    )


@st.composite
def mornings(draw: st.DrawFn, day: dt.date) -> r.CheckIn:
    return r.CheckIn(
        day=day,
        sleep=draw(SCORE),
        soreness=draw(SCORE),
        stress=draw(SCORE),
        motivation=draw(SCORE),
        resting_hr=draw(st.one_of(st.none(), st.integers(35, 90))),
        hrv=draw(st.one_of(st.none(), st.floats(10, 200).map(lambda x: round(x, 1)))),
    )


def _heavier(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """This test's own reading of "heavier": more of anything, an exercise added."""
    planned = {e["id"]: e for e in before["exercises"]}
    found = []
    for item in after["exercises"]:
        if item["id"] not in planned:
            found.append(f"{item['id']} added")
            continue
        for key in ("sets", "reps", "reps_max", "seconds", "load", "percent_1rm", "contacts"):
            if item.get(key) is not None and (
                planned[item["id"]].get(key) is None or item[key] > planned[item["id"]][key]
            ):
                found.append(f"{item['id']}.{key}")
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    athlete=athletes(),
    seed=st.integers(0, 1_000),
    pick=st.integers(0, 10),
    data=st.data(),
    ratio=st.one_of(st.none(), st.floats(0, 4)),
)
def test_a_lightened_session_is_never_heavier(
    athlete: Athlete, seed: int, pick: int, data: st.DataObject, ratio: float | None
) -> None:
    try:
        plan = serialize.plan_dict(planner.build_plan(athlete, CATALOGUE, START, seed))
    except (RuleViolation, InputError):
        return
    sessions = [s for w in plan["weeks"] for s in w["sessions"]]
    if not sessions:
        return
    session = sessions[pick % len(sessions)]
    day = dt.date.fromisoformat(session["date"])
    today = data.draw(mornings(day))
    before = [data.draw(mornings(day - dt.timedelta(days=d))) for d in range(1, 8)]
    verdict = r.assess(today, before, ratio)
    picks = r.activation_session(
        CATALOGUE,
        goal=athlete.goal,
        equipment=athlete.equipment,
        avoid=athlete.avoid,
        familiar={e["id"] for s in sessions for e in s["exercises"]},
        kit=athlete.implements,
        experience=athlete.experience,
    )
    swap = [serialize.prescription_dict(p) for p in picks]
    done = r.lighten(session, verdict, athlete.implements, swap, 20)
    assert check_lightened(session, done.session) == []
    if done.session.get("kind") != "activation" or session.get("kind") == "activation":
        assert _heavier(session, done.session) == []
    else:
        assert all(e["load"] is None and e["contacts"] is None for e in done.session["exercises"])
    # never silent: a changed session says what changed, under a rule that fired
    fired = {f.rule for f in verdict.findings}
    assert (done.session != session) == bool(done.changes)
    assert {c.rule for c in done.changes} <= fired
    assert session == done.original  # the planned session is left as it was
