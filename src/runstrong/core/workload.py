"""Training load of runs, lifts and cross-training in one series: session loads, weekly totals,
monotony and strain, and the acute:chronic ratio as a described number with its limits.

Pure: no I/O. Each formula sits next to its source; docs/load.md explains each one and its limits.

Two scales are kept apart, never added together:
- session-RPE load (AU) = session RPE (CR-10) x minutes (Foster et al. 2001), for every kind of
  session; it is the one scale that holds runs and lifts alike (Day et al. 2004 for lifting);
- Banister's TRIMP (AU) from the session's average heart rate, for sessions recorded with one,
  shown in its own column; its units are not those of session RPE and no published rule turns
  one into the other.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from runstrong.core import dosing, inputs, rules
from runstrong.core.model import Goal
from runstrong.errors import InputError

# --- what goes in -----------------------------------------------------------------------------


class Kind(StrEnum):
    """What a session was: a run, a strength session, or other sport kept as cross-training."""

    RUN = "run"
    STRENGTH = "strength"
    CROSS = "cross"


class RpeFrom(StrEnum):
    """Where a session's RPE came from: the runner's session rating, or their sets' ratings."""

    SESSION = "session"  # a CR-10 rating of the whole session (Foster 2001)
    SETS = "sets"  # the mean of the logged sets' RPE (or 10 - RIR): an approximation


class Method(StrEnum):
    """How a session's session-RPE load was found; every session is labelled with one."""

    SRPE = "srpe"  # the session's own RPE x minutes (Foster et al. 2001)
    SRPE_SETS = "srpe-sets"  # mean set RPE x minutes: the sets' ratings stand in for the session's
    SRPE_ASSUMED = "srpe-assumed"  # an RPE the runner chose for sessions without one, x minutes
    UNKNOWN = "unknown"  # no RPE and no assumed one: minutes counted, load not invented


@dataclass(frozen=True)
class LoadItem:
    """One session as the load arithmetic needs it: its day, kind, minutes and ratings."""

    day: dt.date
    kind: Kind
    minutes: float
    rpe: float | None  # 0-10 (CR-10 for a session rating; RIR-based for set ratings)
    trimp: float | None  # Banister TRIMP when the session has an average heart rate
    source: str  # where it came from, for the runner: "log #12", "activity 2027-01-04 run"
    rpe_from: RpeFrom = RpeFrom.SESSION
    minutes_from: str = "recorded"  # "recorded", "plan" (the plan's minutes), "estimate" (sets)


@dataclass(frozen=True)
class SessionLoad:
    """A session with its session-RPE load (None when unknown) and the method that found it."""

    item: LoadItem
    load: float | None
    method: Method


def session_load(item: LoadItem, assumed_rpe: float | None = None) -> SessionLoad:
    """Session RPE x minutes (Foster et al. 2001, J Strength Cond Res 15(1):109-115); without an
    RPE, the runner's assumed RPE when they gave one (labelled), else the load stays unknown."""
    if item.rpe is not None:
        method = Method.SRPE if item.rpe_from is RpeFrom.SESSION else Method.SRPE_SETS
        return SessionLoad(item, item.rpe * item.minutes, method)
    if assumed_rpe is not None:
        return SessionLoad(item, assumed_rpe * item.minutes, Method.SRPE_ASSUMED)
    return SessionLoad(item, None, Method.UNKNOWN)


# --- heart rate: Banister's TRIMP -------------------------------------------------------------


class Weighting(StrEnum):
    """Which of Banister's two weighting curves applies (fitted on men's and women's lactate)."""

    MALE = "male"
    FEMALE = "female"


# Banister's TRIMP = minutes x HRr x a x e^(b x HRr), HRr = (HRavg - HRrest) / (HRmax - HRrest):
# a = 0.64, b = 1.92 for men; a = 0.86, b = 1.67 for women. Morton, Fitz-Clarke & Banister 1990,
# J Appl Physiol 69(3):1171-1177; Banister 1991 (in Physiological Testing of the High-Performance
# Athlete). Chosen over Edwards' zone TRIMP (1993), which needs heart-rate samples through the
# session (minutes in each zone) and weights zones 1-5 by convention, never validated.
TRIMP_WEIGHTS: dict[Weighting, tuple[float, float]] = {
    Weighting.MALE: (0.64, 1.92),
    Weighting.FEMALE: (0.86, 1.67),
}
HR_LIMITS = (25, 230)
"""Resting and maximal heart rates outside these beats a minute are typing mistakes."""


@dataclass(frozen=True)
class HeartRate:
    """What the runner supplies for TRIMP: resting and maximal heart rate, and the weighting.

    Both rates are the runner's own (a morning resting pulse; the highest rate seen in a hard
    effort or a test), never estimated here: an age formula's maximum is off by 10 or more beats
    for many people, which moves every TRIMP."""

    rest: int
    max: int
    weighting: Weighting


def heart_rate(rest: int, maximum: int, weighting: str) -> HeartRate:
    """A checked heart-rate profile: 25 <= rest < max <= 230, weighting male or female."""
    low, high = HR_LIMITS
    if not low <= rest <= high:
        raise InputError("hr", f"rest must be {low}-{high} beats a minute; got {rest}")
    if not low <= maximum <= high:
        raise InputError("hr", f"max must be {low}-{high} beats a minute; got {maximum}")
    if rest >= maximum:
        raise InputError("hr", f"max must be above rest ({rest}); got {maximum}")
    allowed = [w.value for w in Weighting]
    if weighting not in allowed:
        raise InputError("hr", f"sex '{weighting}' is not allowed; allowed: {', '.join(allowed)}")
    return HeartRate(rest, maximum, Weighting(weighting))


HR_KEYS = ("rest", "max", "sex")


def parse_heart_rate(text: str) -> HeartRate:
    """`rest=52,max=188,sex=female`: all three, each once (sex picks Banister's weighting)."""
    found: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep or key not in HR_KEYS or key in found:
            raise InputError(
                "hr", f"expected rest=BPM,max=BPM,sex=male|female; got '{inputs.shown(text)}'"
            )
        found[key] = value.strip().lower()
    missing = [k for k in HR_KEYS if k not in found]
    if missing:
        raise InputError("hr", f"needs {', '.join(missing)}: rest=BPM,max=BPM,sex=male|female")
    rest = inputs.whole(found["rest"], "hr", 0, 1000)
    maximum = inputs.whole(found["max"], "hr", 0, 1000)
    return heart_rate(rest, maximum, found["sex"])


def trimp(minutes: float, avg_hr: float, hr: HeartRate) -> float:
    """Banister's TRIMP of a session from its average heart rate (Morton et al. 1990); the
    heart-rate reserve fraction is held to 0-1, as an average outside the runner's own range
    means the profile, not the session, is off."""
    fraction = (avg_hr - hr.rest) / (hr.max - hr.rest)
    fraction = min(1.0, max(0.0, fraction))
    a, b = TRIMP_WEIGHTS[hr.weighting]
    return minutes * fraction * a * math.exp(b * fraction)


# --- minutes of a logged strength session -----------------------------------------------------


def _rest_seconds(reps: int | None) -> int:
    """Rest between sets by the reps done, falling as reps rise: up to 6 reps the NSCA's least
    rest for strength (2 min), 7-12 its most for hypertrophy (90 s), above 12 its most for
    endurance (30 s); a hold, the planner's hold rest."""
    if reps is None:  # a timed hold
        return rules.HOLD_REST
    if reps <= rules.GOALS[Goal.STRENGTH].reps.high:
        return rules.GOALS[Goal.STRENGTH].rest.low
    if reps <= rules.GOALS[Goal.HYPERTROPHY].reps.high:
        return rules.GOALS[Goal.HYPERTROPHY].rest.high
    return rules.GOALS[Goal.ENDURANCE].rest.high


def logged_minutes(sets: Iterable[tuple[int, int | None, int | None]]) -> int:
    """Estimated minutes of a logged session from its (sets, reps, seconds) rows, by the planner's
    own arithmetic (general warm-up, setting up, reps of SECONDS_PER_REP, rests between sets):
    the logbook stores no duration."""
    total = dosing.GENERAL_WARMUP_SECONDS
    for count, reps, seconds in sets:
        work = seconds if seconds is not None else (reps or 0) * rules.SECONDS_PER_REP
        total += rules.SETUP_SECONDS + count * work + (count - 1) * _rest_seconds(reps)
    return math.ceil(total / 60)


def mean_set_rpe(ratings: Iterable[tuple[float | None, float | None]]) -> float | None:
    """The mean of the sets' RPE, reading RIR as 10 - RIR (Zourdos et al. 2016, J Strength Cond
    Res 30(1):267-275); None when no set was rated."""
    found = []
    for rpe, rir in ratings:
        if rpe is not None:
            found.append(rpe)
        elif rir is not None:
            found.append(10 - rir)
    return sum(found) / len(found) if found else None


# --- daily series and the weekly numbers --------------------------------------------------------

ACUTE_DAYS = 7
CHRONIC_DAYS = 28
"""Acute 7 days, chronic 28 days (Gabbett 2016, Br J Sports Med 50:273-280; Hulin et al. 2016)."""

EWMA_ACUTE_LAMBDA = 2 / (ACUTE_DAYS + 1)
EWMA_CHRONIC_LAMBDA = 2 / (CHRONIC_DAYS + 1)
"""EWMA decay 2 / (N + 1) for N = 7 and 28 days (Williams et al. 2017, Br J Sports Med
51(3):209-210)."""

ACWR_CAUTION = (
    "a description of this week against the last four, not a prediction of injury: the ratio "
    "shares its acute week with its chronic window (mathematical coupling) and has not been "
    "shown to predict injury (Impellizzeri et al. 2020, Int J Sports Physiol Perform 15:907; "
    "Lolli et al. 2019, Br J Sports Med 53:921)"
)


def daily_loads(
    pairs: Iterable[tuple[dt.date, float]], first: dt.date, last: dt.date
) -> list[float]:
    """The load of each day from `first` to `last`, a day without a session counting 0."""
    days = (last - first).days + 1
    out = [0.0] * max(days, 0)
    for day, load in pairs:
        if first <= day <= last:
            out[(day - first).days] += load
    return out


def monotony(days: Sequence[float]) -> float | None:
    """Mean daily load / SD of daily load over a week (Foster 1998, Med Sci Sports Exerc
    30(7):1164-1168); the population SD of the 7 days, rest days 0. None when the SD is 0
    (every day the same load, or none): the ratio has no value then."""
    if not days:
        return None
    mean = sum(days) / len(days)
    sd = math.sqrt(sum((d - mean) ** 2 for d in days) / len(days))
    if sd <= 1e-9 * max(1.0, abs(mean)):
        return None
    return mean / sd


def strain(total: float, monotony_value: float | None) -> float | None:
    """Weekly load x monotony (Foster 1998); None when monotony is."""
    return None if monotony_value is None else total * monotony_value


def ewma(values: Sequence[float], lam: float, seed: float = 0.0) -> list[float]:
    """EWMA_t = lam x load_t + (1 - lam) x EWMA_t-1 (Williams et al. 2017), starting from `seed`
    (0: no load known before the first day); each value lies between the seed and the loads."""
    out, level = [], seed
    for v in values:
        level = lam * v + (1 - lam) * level
        out.append(level)
    return out


def rolling_acwr(days: Sequence[float], index: int) -> float | None:
    """Acute (sum of the 7 days to `index`) / chronic (the 28 days to `index`, as a weekly mean):
    the classic, coupled ratio (Gabbett 2016). None with fewer than 28 days or no chronic load."""
    if index + 1 < CHRONIC_DAYS:
        return None
    acute = sum(days[index + 1 - ACUTE_DAYS : index + 1])
    chronic = sum(days[index + 1 - CHRONIC_DAYS : index + 1]) / (CHRONIC_DAYS / ACUTE_DAYS)
    return None if chronic <= 1e-12 else acute / chronic  # as ewma_acwr: no load to speak of


def ewma_acwr(days: Sequence[float], index: int) -> float | None:
    """Acute EWMA / chronic EWMA on the day `index` (Williams et al. 2017); None with fewer than
    28 days or no chronic load."""
    if index + 1 < CHRONIC_DAYS:
        return None
    acute = ewma(days[: index + 1], EWMA_ACUTE_LAMBDA)[-1]
    chronic = ewma(days[: index + 1], EWMA_CHRONIC_LAMBDA)[-1]
    return None if chronic <= 1e-12 else acute / chronic


@dataclass(frozen=True)
class Metrics:
    """One scale's numbers for one week (AU); the reason when a number cannot be given."""

    total: float
    monotony: float | None
    strain: float | None
    acwr: float | None  # rolling 7/28 on the week's last day counted
    acwr_ewma: float | None
    note: str = ""  # why monotony or the ratios are missing


@dataclass(frozen=True)
class WeekLoad:
    """A Monday-to-Sunday week: session-RPE load by kind, TRIMP, and what could not be counted."""

    monday: dt.date
    run: float
    strength: float
    cross: float
    srpe: Metrics
    trimp: Metrics
    sessions: int
    unknown: int  # sessions without a session-RPE load
    unknown_minutes: float
    partial: bool  # the week is not over (today falls in it)


@dataclass(frozen=True)
class Workload:
    """Weekly loads, every session with its method, and the ratios on the last day counted."""

    weeks: tuple[WeekLoad, ...]
    sessions: tuple[SessionLoad, ...]
    first_day: dt.date | None  # the first day with a session: days before it are not known
    today: dt.date
    acwr: float | None
    acwr_ewma: float | None
    trimp_acwr: float | None
    trimp_acwr_ewma: float | None
    cautions: tuple[str, ...]


def monday_of(day: dt.date) -> dt.date:
    """The Monday of `day`'s week."""
    return day - dt.timedelta(days=day.weekday())


def _known_days(first_day: dt.date | None, day: dt.date) -> int:
    return 0 if first_day is None or day < first_day else (day - first_day).days + 1


def _metrics(
    days: Sequence[float], start: dt.date, monday: dt.date, today: dt.date, first: dt.date | None
) -> Metrics:
    """One scale's numbers for the week of `monday`, from the daily series starting at `start`."""
    i = (monday - start).days
    week = days[i : i + 7]
    total = sum(week[: max(0, min(7, (today - monday).days + 1))])
    last = min(monday + dt.timedelta(days=6), today)
    j = (last - start).days
    notes = []
    value = None
    if today < monday:
        return Metrics(0.0, None, None, None, None, "week to come")
    if today < monday + dt.timedelta(days=6):
        notes.append("week not over")
    elif first is None or monday < first:
        notes.append("no sessions recorded before this week")
    else:
        value = monotony(week)
        if value is None:
            notes.append(
                "no load this week" if total == 0 else "the same load every day: no monotony"
            )
    known = _known_days(first, last)
    ratio = ratio_ewma = None
    if known < CHRONIC_DAYS:
        notes.append(f"ratio needs 28 days of records; {known} so far")
    else:
        tail = days[j + 1 - known : j + 1]
        ratio, ratio_ewma = rolling_acwr(tail, known - 1), ewma_acwr(tail, known - 1)
    return Metrics(total, value, strain(total, value), ratio, ratio_ewma, "; ".join(notes))


def summarise(
    items: Iterable[LoadItem],
    first_monday: dt.date,
    weeks: int,
    today: dt.date,
    assumed_rpe: float | None = None,
) -> Workload:
    """The weekly loads of `weeks` weeks from `first_monday`, counted to `today`, from every item
    given (items before `first_monday` feed the chronic window and the EWMA)."""
    loads = [session_load(x, assumed_rpe) for x in items if x.day <= today]
    loads.sort(key=lambda x: (x.item.day, x.item.kind.value, x.item.source))
    first_day = min((x.item.day for x in loads), default=None)
    start = min(first_day or first_monday, first_monday)
    end = first_monday + dt.timedelta(days=7 * weeks - 1)
    srpe = daily_loads(
        ((x.item.day, x.load) for x in loads if x.load is not None), start, max(end, today)
    )
    hr = [(x.item.day, x.item.trimp) for x in loads if x.item.trimp is not None]
    trimps = daily_loads(((d, t) for d, t in hr if t is not None), start, max(end, today))
    first_hr = min((d for d, _ in hr), default=None)
    out = []
    for w in range(weeks):
        monday = first_monday + dt.timedelta(days=7 * w)
        inside = [x for x in loads if monday <= x.item.day <= monday + dt.timedelta(days=6)]
        by_kind = {k: sum(x.load or 0.0 for x in inside if x.item.kind is k) for k in Kind}
        unknown = [x for x in inside if x.load is None]
        out.append(
            WeekLoad(
                monday,
                by_kind[Kind.RUN],
                by_kind[Kind.STRENGTH],
                by_kind[Kind.CROSS],
                _metrics(srpe, start, monday, today, first_day),
                _metrics(trimps, start, monday, today, first_hr),
                len(inside),
                len(unknown),
                sum(x.item.minutes for x in unknown),
                today < monday + dt.timedelta(days=6),
            )
        )
    return _with_ratios(tuple(out), tuple(loads), first_day, first_hr, today, srpe, trimps, start)


def _ratio_now(
    days: Sequence[float], start: dt.date, first: dt.date | None, today: dt.date
) -> tuple[float | None, float | None]:
    known = _known_days(first, today)
    if known < CHRONIC_DAYS or today < start:
        return None, None
    j = (today - start).days
    tail = days[j + 1 - known : j + 1]
    return rolling_acwr(tail, known - 1), ewma_acwr(tail, known - 1)


def _with_ratios(
    weeks: tuple[WeekLoad, ...],
    loads: tuple[SessionLoad, ...],
    first_day: dt.date | None,
    first_hr: dt.date | None,
    today: dt.date,
    srpe: Sequence[float],
    trimps: Sequence[float],
    start: dt.date,
) -> Workload:
    """The workload with today's ratios and the cautions that go with them."""
    ratio, ratio_ewma = _ratio_now(srpe, start, first_day, today)
    t_ratio, t_ewma = _ratio_now(trimps, start, first_hr, today)
    cautions = [f"acute:chronic ratio: {ACWR_CAUTION}"]
    known = _known_days(first_day, today)
    if known < CHRONIC_DAYS:
        cautions.append(f"no acute:chronic ratio yet: it needs 28 days of records, {known} so far")
    window = today - dt.timedelta(days=CHRONIC_DAYS - 1)
    missing = [x for x in loads if x.load is None and window <= x.item.day <= today]
    if missing:
        minutes = sum(x.item.minutes for x in missing)
        cautions.append(
            f"{len(missing)} session(s) in the last 28 days ({minutes:g} min) have no RPE: "
            "their load is unknown and left out, so totals and ratios are too low"
        )
    if any(x.method is Method.SRPE_SETS for x in loads):
        cautions.append(
            "strength sessions logged without a session RPE use the mean of their sets' RPE: "
            "an approximation of a whole-session rating (srpe-sets)"
        )
    return Workload(
        weeks, loads, first_day, today, ratio, ratio_ewma, t_ratio, t_ewma, tuple(cautions)
    )


def weekly_totals(loads: Iterable[SessionLoad]) -> Mapping[dt.date, float]:
    """Known session-RPE load per Monday: the sum of the sessions of each week."""
    out: dict[dt.date, float] = {}
    for x in loads:
        if x.load is not None:
            key = monday_of(x.item.day)
            out[key] = out.get(key, 0.0) + x.load
    return out
