"""Reading the running week from synthetic months of runs: each run's type and why, the typical
week, and the strength session that an unplanned hard run moves."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from runstrong.core.activities import Activity, Lap
from runstrong.core.model import RunType
from runstrong.core.runweek import read_runs, strength_move, typical_week

MONDAY = dt.date(2026, 10, 5)


def run(
    day: dt.date,
    minutes: float,
    *,
    name: str = "",
    avg_hr: int | None = 140,
    max_hr: int | None = 185,
    laps: tuple[Lap, ...] = (),
    workout_type: str = "",
) -> Activity:
    start = dt.datetime.combine(day, dt.time(7))
    return Activity(
        sport="run",
        start=start,
        duration_s=minutes * 60,
        source="t",
        distance_m=minutes * 200,
        avg_hr=avg_hr,
        max_hr=max_hr,
        name=name,
        laps=laps,
        workout_type=workout_type,
    )


INTERVAL_LAPS = (Lap(600, 2000), *((Lap(180, 1000), Lap(120, 300)) * 4), Lap(600, 2000))
STEADY_LAPS = tuple(Lap(300 + i * 5, 1000) for i in range(8))


def month(weeks: int = 6, skip_thursday: tuple[int, ...] = ()) -> list[Activity]:
    """Tuesday intervals (laps only), Thursday easy, Saturday tempo by name, Sunday longest."""
    out = []
    for w in range(weeks):
        monday = MONDAY + dt.timedelta(weeks=w)
        out.append(run(monday + dt.timedelta(days=1), 50, laps=INTERVAL_LAPS))
        if w not in skip_thursday:
            out.append(run(monday + dt.timedelta(days=3), 40, laps=STEADY_LAPS))
        out.append(run(monday + dt.timedelta(days=5), 45, name="Tempo 3x10min"))
        out.append(run(monday + dt.timedelta(days=6), 100, name="Sunday run"))
    return out


def test_each_run_is_read_with_its_reason() -> None:
    reads = read_runs(month(1))
    assert [(r.type, r.reason) for r in reads] == [
        (RunType.INTERVALS, "lap paces vary by 34% (intervals)"),
        (RunType.EASY, "no sign of a hard effort"),
        (RunType.TEMPO, "'tempo' in the name"),
        (RunType.LONG, "longest of the week: 1:40 (next 0:50)"),
    ]


def test_names_and_strava_flags_decide_first() -> None:
    day = MONDAY
    reads = read_runs(
        [
            run(day, 30, name="6x800 on the track"),
            run(day + dt.timedelta(days=1), 30, name="Morning Run", workout_type="race"),
            run(day + dt.timedelta(days=2), 120, name="Hill repeats"),
            run(day + dt.timedelta(days=3), 40, workout_type="workout"),
            run(day + dt.timedelta(days=4), 30, name="Parkrun"),
        ]
    )
    assert [r.type for r in reads] == [
        RunType.INTERVALS,
        RunType.RACE,
        RunType.HILLS,  # the longest, but named: it stays hills, and no run is the long one
        RunType.TEMPO,
        RunType.RACE,
    ]
    assert reads[1].reason == "marked a race in Strava"


def test_heart_rate_marks_a_sustained_hard_run_but_not_the_long_run() -> None:
    day = MONDAY
    reads = read_runs(
        [
            run(day, 40, avg_hr=172, max_hr=185),  # 172 / 190 = 91%
            run(day + dt.timedelta(days=2), 40, avg_hr=140, max_hr=150),
            run(day + dt.timedelta(days=3), 40, avg_hr=142, max_hr=150),
            run(day + dt.timedelta(days=4), 40, avg_hr=141, max_hr=150),
            run(day + dt.timedelta(days=6), 90, avg_hr=168, max_hr=190),
        ]
    )
    assert [r.type for r in reads] == [RunType.TEMPO, *[RunType.EASY] * 3, RunType.LONG]
    assert reads[0].reason == "average heart rate 172 is 91% of max 190"


def test_a_watch_that_saw_no_hard_effort_reads_no_run_as_tempo() -> None:
    # The highest heart rate seen is 150: every run is near it, none is above the usual.
    runs = [run(MONDAY + dt.timedelta(days=d), 40, avg_hr=138 + d, max_hr=150) for d in range(5)]
    assert {r.type for r in read_runs(runs)} == {RunType.EASY}


def test_a_lone_run_in_a_week_is_not_a_long_run() -> None:
    (only,) = read_runs([run(MONDAY, 90)])
    assert only.type is RunType.EASY


def test_the_typical_week_of_six_weeks() -> None:
    found = typical_week(read_runs(month(6, skip_thursday=(1, 4))), MONDAY, 8)
    assert found.text() == "tue=intervals,thu=easy,sat=tempo,sun=long"
    assert found.weeks == 6
    assert found.days[3] == "thu: easy (ran 4 of 6 weeks: easy 4)"
    assert found.days[0] == "mon: rest (ran 0 of 6 weeks)"


def test_a_day_run_in_fewer_than_half_the_weeks_is_a_rest_day() -> None:
    found = typical_week(read_runs(month(6, skip_thursday=(0, 1, 2, 3))), MONDAY, 8)
    assert found.text() == "tue=intervals,sat=tempo,sun=long"
    assert found.days[3] == "thu: rest (ran 2 of 6 weeks)"


def test_a_race_leaves_its_day_to_the_other_weeks() -> None:
    runs = month(5)
    runs[2] = run(runs[2].date, 25, name="10K race")
    found = typical_week(read_runs(runs), MONDAY, 8)
    assert found.week.on(5) is RunType.TEMPO


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 55), st.integers(10, 200)), max_size=40))
def test_at_most_one_long_run_a_week_and_every_run_read(items: list[tuple[int, int]]) -> None:
    runs = [run(MONDAY + dt.timedelta(days=d), m) for d, m in items]
    reads = read_runs(runs)
    assert len(reads) == len(runs)
    longs: dict[dt.date, int] = {}
    for r in reads:
        if r.type is RunType.LONG:
            monday = r.run.date - dt.timedelta(days=r.run.date.weekday())
            longs[monday] = longs.get(monday, 0) + 1
    assert all(n == 1 for n in longs.values())
    week = typical_week(reads, MONDAY, 8)
    assert RunType.RACE not in week.week.days


# --- the strength session moved -------------------------------------------------------------------

TUE, FRI = dt.date(2026, 12, 1), dt.date(2026, 12, 4)
PLANNED = {
    dt.date(2026, 11, 30) + dt.timedelta(days=i): t
    for i, t in enumerate(
        [RunType.REST, RunType.INTERVALS, RunType.REST, RunType.EASY, RunType.REST,
         RunType.REST, RunType.LONG]
    )
}  # fmt: skip


def test_a_long_run_yesterday_moves_todays_session_to_the_next_free_day() -> None:
    reads = read_runs([run(TUE - dt.timedelta(days=1), 120, name="long run")])
    move = strength_move(TUE, [TUE, FRI], PLANNED, reads, 2)
    assert move is not None and move.to == dt.date(2026, 12, 2)
    assert move.reason.startswith("you ran a long run yesterday ('long' in the name)")
    assert "where the plan expected rest" in move.reason


def test_a_long_run_today_moves_it_past_tomorrow() -> None:
    reads = read_runs([run(TUE, 110, name="Long run")])
    move = strength_move(TUE, [TUE, FRI], PLANNED, reads, 2)
    # Wednesday follows the long run; Thursday would touch Friday's session in a 2-session week.
    assert move is not None and move.to is None
    assert "no day fits before the next session on Fri 04 Dec" in move.reason


def test_touching_sessions_are_allowed_in_a_four_session_week() -> None:
    reads = read_runs([run(TUE, 110, name="Long run")])
    move = strength_move(TUE, [TUE, FRI], PLANNED, reads, 4)
    assert move is not None and move.to == dt.date(2026, 12, 3)


def test_what_the_plan_expected_moves_nothing() -> None:
    intervals_today = read_runs([run(TUE, 50, name="Intervals 5x1k")])
    assert strength_move(TUE, [TUE, FRI], PLANNED, intervals_today, 2) is None
    easy_yesterday = read_runs([run(TUE - dt.timedelta(days=1), 30)])
    assert strength_move(TUE, [TUE, FRI], PLANNED, easy_yesterday, 2) is None
    saturday = dt.date(2026, 12, 5)
    long_planned = {**PLANNED, saturday: RunType.LONG}
    sunday_session = dt.date(2026, 12, 6)
    reads = read_runs([run(saturday, 120, name="long")])
    assert strength_move(sunday_session, [sunday_session], long_planned, reads, 1) is None


def test_a_key_run_yesterday_moves_it_too() -> None:
    reads = read_runs([run(FRI - dt.timedelta(days=1), 40, name="Threshold")])
    move = strength_move(FRI, [TUE, FRI], PLANNED, reads, 2)
    assert move is not None and move.to == dt.date(2026, 12, 5)
    assert "no heavy lower-body work in the 24 h after" in move.reason
