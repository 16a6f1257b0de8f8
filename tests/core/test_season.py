"""Seasons: phases to a race, blocks and deloads, progression, taper and recovery."""

from __future__ import annotations

import datetime as dt

import pytest

from runstrong.core import inputs, loads, planner, serialize
from runstrong.core.catalogue import load_catalogue
from runstrong.core.model import Athlete, Distance, Equipment, Goal, Lift, Loading, Phase, Units
from runstrong.core.season import phases_to_race, season_phases, shape
from runstrong.errors import InputError
from runstrong.validation import check_plan

CAT = load_catalogue()
START = dt.date(2027, 1, 4)
GYM = frozenset({Equipment.BARBELL, Equipment.DUMBBELL, Equipment.BAND, Equipment.BOX})


def runner(**changes: object) -> Athlete:
    base: dict[str, object] = {
        "goal": Goal.STRENGTH,
        "phase": None,
        "equipment": GYM,
        "implements": loads.default_implements(Units.KG),
        "lifts": (Lift("back-squat", 100.0),),
        "runs": inputs.runs("mon=easy,tue=intervals,thu=tempo,sat=long"),
    }
    base.update(changes)
    return Athlete(**base)  # type: ignore[arg-type]


P = Phase


@pytest.mark.parametrize(
    ("weeks", "distance", "expected"),
    [
        (1, Distance.MARATHON, [P.TAPER]),
        (2, Distance.MARATHON, [P.TAPER, P.TAPER]),
        (2, Distance.FIVE_K, [P.IN_SEASON, P.TAPER]),
        (5, Distance.TEN_K, [P.IN_SEASON] * 4 + [P.TAPER]),
        (7, Distance.MARATHON, [P.IN_SEASON] * 5 + [P.TAPER] * 2),  # 1 pre-season week joins in
        (8, Distance.MARATHON, [P.PRE_SEASON] * 2 + [P.IN_SEASON] * 4 + [P.TAPER] * 2),
        (14, Distance.MARATHON, [P.PRE_SEASON] * 8 + [P.IN_SEASON] * 4 + [P.TAPER] * 2),
        (
            15,
            Distance.MARATHON,
            [P.OFF_SEASON] * 3 + [P.PRE_SEASON] * 6 + [P.IN_SEASON] * 4 + [P.TAPER] * 2,
        ),
    ],
)
def test_phases_fill_backwards_from_the_race(
    weeks: int, distance: Distance, expected: list[Phase]
) -> None:
    assert phases_to_race(weeks, distance) == expected


def test_a_season_ends_with_a_recovery_week_and_refuses_too_far() -> None:
    phases = season_phases(
        START, phase=None, weeks=None, race=dt.date(2027, 4, 25), distance=Distance.MARATHON
    )
    assert len(phases) == 17 and phases[-1] is Phase.RECOVERY
    with pytest.raises(InputError, match=r"^race: "):
        season_phases(
            START, phase=None, weeks=None, race=dt.date(2029, 1, 1), distance=Distance.MARATHON
        )
    with pytest.raises(InputError, match=r"^race: "):
        season_phases(
            START, phase=None, weeks=None, race=dt.date(2026, 12, 1), distance=Distance.MARATHON
        )
    with pytest.raises(InputError, match=r"^weeks: "):
        season_phases(
            START, phase=None, weeks=3, race=dt.date(2027, 4, 25), distance=Distance.MARATHON
        )


def test_three_loading_weeks_then_a_deload() -> None:
    shapes = shape(START, [Phase.OFF_SEASON] * 9)
    assert [s.deload for s in shapes] == [
        False,
        False,
        False,
        True,
        False,
        False,
        False,
        True,
        False,
    ]
    assert [s.step for s in shapes] == [1, 2, 3, 0, 1, 2, 3, 0, 1]
    assert [s.block for s in shapes] == [1, 1, 1, 1, 2, 2, 2, 2, 3]


def squat_weeks(plan: planner.Plan) -> list[tuple[int, int, float | None, float | None]]:
    found = []
    for w in plan.weeks:
        for s in w.sessions:
            for p in s.exercises:
                if p.exercise.id == "back-squat":
                    found.append((w.index, p.sets, p.percent_1rm, p.load))
                    break
            else:
                continue
            break
    return found


def test_loads_rise_inside_a_block_and_drop_in_the_deload() -> None:
    plan = planner.build_plan(runner(phase=Phase.OFF_SEASON), CAT, START, weeks=8)
    squats = squat_weeks(plan)
    by_week = {w: (sets, pct, load) for w, sets, pct, load in squats}
    assert by_week[1][1] < by_week[2][1] < by_week[3][1]  # 80 -> 83 -> 85 %
    assert by_week[4][0] < by_week[3][0]  # the deload halves the sets
    assert by_week[5][2] is not None and by_week[1][2] is not None
    assert by_week[5][2] > by_week[1][2]  # block 2 plans from a 2.5% higher 1RM
    for _, sets, pct, _ in squats:
        assert pct is not None and 80 <= pct <= 90 and 2 <= sets <= 5


def test_exercises_rotate_between_blocks_but_known_lifts_stay() -> None:
    plan = planner.build_plan(runner(phase=Phase.OFF_SEASON), CAT, START, weeks=8)
    first = {p.exercise.id for s in plan.weeks[0].sessions for p in s.exercises}
    second = {p.exercise.id for s in plan.weeks[4].sessions for p in s.exercises}
    assert first != second
    assert "back-squat" in first and "back-squat" in second
    deload = {p.exercise.id for s in plan.weeks[3].sessions for p in s.exercises}
    assert deload == first  # a lighter week keeps the movements


def test_progressions_follow_an_exercise_mastered_in_the_block_before() -> None:
    harder = {
        v.exercise_id
        for e in CAT.all()
        for v in e.variations
        if v.kind == "progression" and v.exercise_id
    }
    seen = set()
    for seed in range(6):
        plan = planner.build_plan(
            runner(phase=Phase.OFF_SEASON, lifts=()), CAT, START, seed, weeks=8
        )
        seen |= {p.exercise.id for s in plan.weeks[4].sessions for p in s.exercises} & harder
    assert seen


def marathon(**changes: object) -> planner.Plan:
    return planner.build_plan(
        runner(**changes), CAT, START, 0, race=dt.date(2027, 4, 25), distance=Distance.MARATHON
    )


def test_taper_keeps_heavy_work_ten_days_out_and_one_light_session_in_race_week() -> None:
    plan = marathon()
    race = dt.date(2027, 4, 25)
    for week in plan.weeks:
        for s in week.sessions:
            days = (race - s.date).days
            heavy = any(p.percent_1rm or p.contacts for p in s.exercises)
            if 0 < days < 10:
                assert not heavy, s
    final = [s for w in plan.weeks for s in w.sessions if 0 <= (race - s.date).days < 7]
    assert len(final) == 1 and final[0].kind.value == "activation"
    assert 2 <= (race - final[0].date).days <= 5
    recovery = plan.weeks[-1]
    assert recovery.phase is Phase.RECOVERY and len(recovery.sessions) == 1
    assert (recovery.sessions[0].date - race).days >= 3
    assert check_plan(serialize.plan_dict(plan)) == []


def test_a_5k_taper_is_one_week() -> None:
    plan = planner.build_plan(
        runner(), CAT, START, race=dt.date(2027, 3, 14), distance=Distance.FIVE_K
    )
    assert [w.phase for w in plan.weeks].count(Phase.TAPER) == 1
    assert check_plan(serialize.plan_dict(plan)) == []


@pytest.mark.parametrize("race", ["2027-01-04", "2027-01-09", "2027-01-13", "2027-02-02"])
def test_short_lead_times_still_plan(race: str) -> None:
    plan = planner.build_plan(runner(), CAT, START, race=dt.date.fromisoformat(race))
    assert plan.weeks[-1].phase is Phase.RECOVERY
    assert check_plan(serialize.plan_dict(plan)) == []


def test_race_day_is_marked_and_never_trained() -> None:
    plan = marathon()
    race_week = plan.weeks[-2]
    assert race_week.runs.on(6).value == "race"
    assert all(s.date != dt.date(2027, 4, 25) for w in plan.weeks for s in w.sessions)


def test_in_season_weeks_keep_at_most_two_sessions_even_if_asked_for_more() -> None:
    plan = marathon(sessions=4)
    for w in plan.weeks:
        assert len(w.sessions) <= (4 if w.phase in (Phase.OFF_SEASON, Phase.PRE_SEASON) else 2)


def test_warmups_ramp_to_the_first_heavy_set() -> None:
    plan = planner.build_plan(runner(phase=Phase.OFF_SEASON), CAT, START, weeks=3)
    squat = next(
        p for s in plan.weeks[2].sessions for p in s.exercises if p.exercise.id == "back-squat"
    )
    percents = [w.percent_1rm for w in squat.warmup]
    assert percents == sorted(percents) and percents[-1] < (squat.percent_1rm or 0)
    assert all(w.load is not None and w.load < (squat.load or 0) for w in squat.warmup)


def test_plyometric_contacts_rise_through_the_block_within_caps() -> None:
    plan = planner.build_plan(runner(phase=Phase.PRE_SEASON), CAT, START, weeks=3)
    totals = [sum(p.contacts or 0 for s in w.sessions for p in s.exercises) for w in plan.weeks]
    assert totals[0] < totals[2] <= 2 * 120  # two jump days of an intermediate's 80-120
    for w in plan.weeks:
        for s in w.sessions:
            assert sum(p.contacts or 0 for p in s.exercises) <= 120
    assert all(
        p.exercise.loading is not Loading.CONTACTS
        for s in marathon().weeks[-3].sessions
        for p in s.exercises
    )


def test_retests_open_each_lighter_week() -> None:
    plan = planner.build_plan(runner(phase=Phase.OFF_SEASON), CAT, START, weeks=8, retests=True)
    for week in plan.weeks:
        kinds = [s.kind.value for s in week.sessions]
        if week.deload:
            assert kinds[0] == "retest" and kinds.count("retest") == 1
            test = week.sessions[0]
            lifts = [p for p in test.exercises if p.exercise.loading is Loading.ONE_RM]
            assert lifts and all(p.sets == 1 and (p.reps, p.reps_max) == (3, 5) for p in lifts)
            assert "back-squat" in {p.exercise.id for p in lifts}  # the lift you gave is tested
            assert any(p.exercise.id == "side-plank" and p.seconds is None for p in test.exercises)
        else:
            assert "retest" not in kinds
    assert check_plan(serialize.plan_dict(plan)) == []
