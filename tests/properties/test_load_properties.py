"""The load arithmetic holds for any sessions: weekly totals are the sum of their sessions,
monotony and strain agree, the ratios are withheld before 28 days and bounded, EWMA stays
between its seed and the loads."""

from __future__ import annotations

import datetime as dt
import statistics

from hypothesis import given, settings
from hypothesis import strategies as st

from runstrong.core import workload as wl

MON = dt.date(2027, 1, 4)
WEEKS = 6

loads = st.floats(min_value=0, max_value=3000, allow_nan=False)

items = st.lists(
    st.builds(
        wl.LoadItem,
        day=st.integers(0, 7 * WEEKS - 1).map(lambda n: MON + dt.timedelta(days=n)),
        kind=st.sampled_from(list(wl.Kind)),
        minutes=st.floats(min_value=1, max_value=400, allow_nan=False),
        rpe=st.none() | st.floats(min_value=0, max_value=10, allow_nan=False),
        trimp=st.none() | st.floats(min_value=0, max_value=800, allow_nan=False),
        source=st.just("test"),
    ),
    max_size=60,
)


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


@settings(max_examples=150, deadline=None)
@given(items, st.integers(0, 7 * WEEKS - 1))
def test_weekly_totals_are_the_sum_of_their_sessions(found: list[wl.LoadItem], n: int) -> None:
    today = MON + dt.timedelta(days=n)
    result = wl.summarise(found, MON, WEEKS, today)
    for week in result.weeks:
        end = week.monday + dt.timedelta(days=6)
        inside = [x for x in found if week.monday <= x.day <= min(end, today)]
        for kind, total in (
            (wl.Kind.RUN, week.run),
            (wl.Kind.STRENGTH, week.strength),
            (wl.Kind.CROSS, week.cross),
        ):
            expected = sum(
                x.rpe * x.minutes for x in inside if x.kind is kind and x.rpe is not None
            )
            assert close(total, expected)
        assert close(week.srpe.total, week.run + week.strength + week.cross)
        assert close(week.trimp.total, sum(x.trimp or 0 for x in inside))
        assert week.sessions == len(inside)
        assert week.unknown == sum(1 for x in inside if x.rpe is None)
        if week.srpe.monotony is None:
            assert week.srpe.strain is None
        else:
            assert close(week.srpe.strain or 0, week.srpe.total * week.srpe.monotony)
    assert len(result.sessions) == sum(1 for x in found if x.day <= today)


@settings(max_examples=200, deadline=None)
@given(st.lists(loads, min_size=7, max_size=7))
def test_monotony_is_mean_over_sd_and_undefined_when_sd_is_0(days: list[float]) -> None:
    value = wl.monotony(days)
    sd = statistics.pstdev(days)
    if sd == 0:
        assert value is None
    if sd > 1e-6 * max(1.0, statistics.fmean(days)):  # clearly not flat: a value
        assert value is not None
        assert close(value, statistics.fmean(days) / sd)
        assert value >= 0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.just(0.0) | loads, min_size=1, max_size=27))
def test_no_ratio_before_28_days(days: list[float]) -> None:
    assert wl.rolling_acwr(days, len(days) - 1) is None
    assert wl.ewma_acwr(days, len(days) - 1) is None
    first = MON
    found = wl.summarise(
        [wl.LoadItem(first + dt.timedelta(days=i), wl.Kind.RUN, 1, v / 10, v, "t") for i, v in
         enumerate(days) if v <= 100],
        wl.monday_of(first),
        4,
        first + dt.timedelta(days=len(days) - 1),
    )  # fmt: skip
    assert found.acwr is None and found.acwr_ewma is None
    assert found.trimp_acwr is None and found.trimp_acwr_ewma is None
    assert all(w.srpe.acwr is None and w.trimp.acwr is None for w in found.weeks)


@settings(max_examples=150, deadline=None)
@given(st.lists(loads, min_size=28, max_size=120))
def test_rolling_ratio_lies_between_0_and_4(days: list[float]) -> None:
    # The acute week is a quarter of the chronic window's days: acute <= 4 x its weekly mean.
    ratio = wl.rolling_acwr(days, len(days) - 1)
    if ratio is None:  # no chronic load to speak of (a subnormal load is none)
        assert sum(days[-28:]) < 1e-9
    else:
        assert 0 <= ratio <= 4 + 1e-9


@settings(max_examples=150, deadline=None)
@given(st.lists(loads, min_size=1, max_size=120), st.sampled_from([0.25, 2 / 29]))
def test_ewma_stays_between_the_seed_and_the_loads(days: list[float], lam: float) -> None:
    for seed in (0.0, days[0]):
        series = wl.ewma(days, lam, seed)
        low, high = min([seed, *days]), max([seed, *days])
        assert all(low - 1e-9 <= v <= high + 1e-9 for v in series)
    constant = wl.ewma([days[0]] * len(days), lam, days[0])
    assert all(close(v, days[0]) for v in constant)
