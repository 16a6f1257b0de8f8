"""The load arithmetic by hand: session loads and their labels, TRIMP, monotony, strain, the
ratios and when they are withheld, on synthetic runs and lifts."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from runstrong.core import workload as wl
from runstrong.errors import InputError

MON = dt.date(2027, 1, 4)  # a Monday


def item(
    day: dt.date,
    kind: wl.Kind = wl.Kind.RUN,
    minutes: float = 60,
    rpe: float | None = 5,
    trimp: float | None = None,
    rpe_from: wl.RpeFrom = wl.RpeFrom.SESSION,
) -> wl.LoadItem:
    return wl.LoadItem(day, kind, minutes, rpe, trimp, f"test {day}", rpe_from)


def test_session_load_is_rpe_times_minutes_labelled_by_method() -> None:
    assert wl.session_load(item(MON, rpe=7, minutes=45)) == wl.SessionLoad(
        item(MON, rpe=7, minutes=45), 315, wl.Method.SRPE
    )
    sets = item(MON, rpe=8, minutes=30, rpe_from=wl.RpeFrom.SETS)
    assert wl.session_load(sets).load == 240
    assert wl.session_load(sets).method is wl.Method.SRPE_SETS
    bare = item(MON, rpe=None, minutes=40)
    assert wl.session_load(bare) == wl.SessionLoad(bare, None, wl.Method.UNKNOWN)
    assumed = wl.session_load(bare, assumed_rpe=4)
    assert (assumed.load, assumed.method) == (160, wl.Method.SRPE_ASSUMED)
    # A recorded RPE is never replaced by the assumed one.
    assert wl.session_load(item(MON, rpe=6), assumed_rpe=2).load == 360


def test_banister_trimp_by_hand() -> None:
    hr = wl.heart_rate(50, 190, "male")
    fraction = 100 / 140  # (150 - 50) / (190 - 50)
    assert wl.trimp(60, 150, hr) == pytest.approx(60 * fraction * 0.64 * math.exp(1.92 * fraction))
    assert wl.trimp(60, 150, hr) == pytest.approx(108.095, abs=1e-3)
    assert wl.trimp(60, 150, wl.heart_rate(50, 190, "female")) == pytest.approx(121.499, abs=1e-3)
    assert wl.trimp(60, 40, hr) == 0  # below resting: held at 0, never negative
    assert wl.trimp(60, 200, hr) == wl.trimp(60, 190, hr)  # above max: held at max


def test_heart_rate_profile_is_parsed_and_checked() -> None:
    assert wl.parse_heart_rate("rest=52, max=188, sex=Female") == wl.HeartRate(
        52, 188, wl.Weighting.FEMALE
    )
    for text, message in [
        ("rest=52", "hr: needs max, sex: rest=BPM,max=BPM,sex=male|female"),
        ("rest=52,max=188,sex=x", "hr: sex 'x' is not allowed; allowed: male, female"),
        ("rest=190,max=180,sex=male", "hr: max must be above rest (190); got 180"),
        ("rest=10,max=180,sex=male", "hr: rest must be 25-230 beats a minute; got 10"),
        ("rest=50,rest=52,max=180,sex=male", "hr: expected rest=BPM,max=BPM,sex=male|female; "),
        ("pulse=50", "hr: expected rest=BPM,max=BPM,sex=male|female; got 'pulse=50'"),
    ]:
        with pytest.raises(InputError) as err:
            wl.parse_heart_rate(text)
        assert str(err.value).startswith(message)


def test_monotony_of_k_equal_sessions_is_sqrt_k_over_7_minus_k() -> None:
    # k sessions of load L in 7 days: mean kL/7, population SD L*sqrt(k(7-k))/7.
    week = [300.0, 0, 0, 300, 0, 0, 0]
    assert wl.monotony(week) == pytest.approx(math.sqrt(2 / 5))
    assert wl.strain(600, wl.monotony(week)) == pytest.approx(600 * math.sqrt(2 / 5))
    assert wl.monotony([300.0, 300, 300, 300, 300, 300, 0]) == pytest.approx(math.sqrt(6))


def test_monotony_has_no_value_when_every_day_is_the_same() -> None:
    assert wl.monotony([50.0] * 7) is None
    assert wl.monotony([0.0] * 7) is None
    assert wl.monotony([]) is None
    assert wl.strain(350, None) is None


def test_rolling_ratio_by_hand_and_withheld_before_28_days() -> None:
    steady = [100.0] * 28
    assert wl.rolling_acwr(steady, 27) == pytest.approx(1.0)
    spike = [0.0] * 21 + [100.0] * 7
    assert wl.rolling_acwr(spike, 27) == pytest.approx(4.0)  # 700 / (700 / 4)
    assert wl.rolling_acwr(steady, 26) is None  # 27 days
    assert wl.rolling_acwr([0.0] * 28, 27) is None  # no chronic load: no ratio
    assert wl.ewma_acwr(steady, 26) is None


def test_ewma_by_hand() -> None:
    assert wl.EWMA_ACUTE_LAMBDA == 0.25
    assert abs(wl.EWMA_CHRONIC_LAMBDA - 2 / 29) < 1e-12
    assert wl.ewma([100.0, 100.0, 0.0], 0.25) == pytest.approx([25.0, 43.75, 32.8125])
    # Steady load: both averages approach it, so the ratio approaches 1 from above.
    ratio = wl.ewma_acwr([100.0] * 200, 199)
    assert ratio is not None and 1 <= ratio < 1.001


def test_logged_minutes_and_mean_set_rpe() -> None:
    # 300 s warm-up + 60 s set-up + 3 x (5 reps x 4 s) + 2 rests of 120 s = 660 s
    assert wl.logged_minutes([(3, 5, None)]) == 11
    # A hold of 3 x 30 s with 45 s rests: 300 + 60 + 90 + 90 = 540 s
    assert wl.logged_minutes([(3, None, 30)]) == 9
    # Endurance sets rest 30 s: 300 + 60 + 2 x 60 + 30 = 510 s -> 9 min (rounded up)
    assert wl.logged_minutes([(2, 15, None)]) == 9
    assert wl.mean_set_rpe([(8, None), (None, 2), (None, None)]) == 8  # RIR 2 = RPE 8
    assert wl.mean_set_rpe([(7, None), (9, 3)]) == 8  # a set's RPE wins over its RIR
    assert wl.mean_set_rpe([(None, None)]) is None


def runs_and_lifts(days: int, start: dt.date = MON) -> list[wl.LoadItem]:
    """A synthetic training month: easy runs Mon/Wed/Fri (RPE 4, 50 min), a long run Sunday
    (RPE 6, 100 min), lifts Tuesday (RPE 7, 45 min)."""
    out = []
    for n in range(days):
        day = start + dt.timedelta(days=n)
        if day.weekday() in {0, 2, 4}:
            out.append(item(day, minutes=50, rpe=4, trimp=60))
        elif day.weekday() == 6:
            out.append(item(day, minutes=100, rpe=6, trimp=150))
        elif day.weekday() == 1:
            out.append(item(day, wl.Kind.STRENGTH, minutes=45, rpe=7))
    return out


def test_summary_of_four_steady_weeks() -> None:
    items = runs_and_lifts(28)
    today = MON + dt.timedelta(days=27)  # the fourth Sunday
    found = wl.summarise(items, MON, 4, today)
    week = found.weeks[-1]
    assert (week.run, week.strength, week.cross) == (3 * 200 + 600, 315, 0)
    assert week.srpe.total == 1515
    days = [200.0, 315, 200, 0, 200, 0, 600]
    assert week.srpe.monotony == pytest.approx(wl.monotony(days))
    assert week.srpe.strain == pytest.approx(1515 * wl.monotony(days))  # type: ignore[operator]
    assert week.trimp.total == 330
    assert found.acwr == pytest.approx(1.0)  # four identical weeks
    assert found.weeks[-1].srpe.acwr == pytest.approx(1.0)
    assert all(w.srpe.acwr is None for w in found.weeks[:-1])  # fewer than 28 days then
    assert found.weeks[0].srpe.note == "ratio needs 28 days of records; 7 so far"
    assert found.acwr_ewma is not None and found.trimp_acwr == pytest.approx(1.0)
    assert found.cautions[0].startswith("acute:chronic ratio: a description")


def test_no_ratio_with_fewer_than_28_days_and_the_caution_says_so() -> None:
    items = runs_and_lifts(27)
    today = MON + dt.timedelta(days=26)
    found = wl.summarise(items, MON, 4, today)
    assert found.acwr is None and found.acwr_ewma is None
    assert "it needs 28 days of records, 27 so far" in " ".join(found.cautions)


def test_sessions_without_rpe_are_counted_apart_never_invented() -> None:
    items = [item(MON, rpe=None, minutes=40), item(MON + dt.timedelta(days=1), rpe=5)]
    found = wl.summarise(items, MON, 1, MON + dt.timedelta(days=6))
    week = found.weeks[0]
    assert week.run == 300 and week.unknown == 1 and week.unknown_minutes == 40
    assert [x.method for x in found.sessions] == [wl.Method.UNKNOWN, wl.Method.SRPE]
    assert any("1 session(s) in the last 28 days (40 min) have no RPE" in c for c in found.cautions)
    assumed = wl.summarise(items, MON, 1, MON + dt.timedelta(days=6), assumed_rpe=3)
    assert assumed.weeks[0].run == 420 and assumed.weeks[0].unknown == 0


def test_a_week_not_over_has_its_load_so_far_and_no_monotony() -> None:
    items = runs_and_lifts(10)
    today = MON + dt.timedelta(days=9)  # Wednesday of week 2
    found = wl.summarise(items, MON, 3, today)
    second = found.weeks[1]
    assert second.partial and second.srpe.monotony is None
    assert second.srpe.note.startswith("week not over")
    assert second.run == 400 and second.strength == 315  # Mon, Wed runs and Tuesday's lifts
    assert found.weeks[2].srpe.note == "week to come" and found.weeks[2].sessions == 0
    assert not found.weeks[0].partial and found.weeks[0].srpe.monotony is not None


def test_items_before_the_weeks_shown_feed_the_ratio_not_the_weeks() -> None:
    items = runs_and_lifts(35, MON - dt.timedelta(days=28))
    found = wl.summarise(items, MON, 1, MON + dt.timedelta(days=6))
    assert found.weeks[0].srpe.total == 1515
    assert found.first_day == MON - dt.timedelta(days=28)
    assert found.weeks[0].srpe.acwr == pytest.approx(1.0)


def test_weekly_totals_by_monday() -> None:
    loads = [wl.session_load(x) for x in runs_and_lifts(14)]
    assert wl.weekly_totals(loads) == {MON: 1515, MON + dt.timedelta(days=7): 1515}
