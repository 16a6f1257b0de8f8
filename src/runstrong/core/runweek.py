"""The running week read from what was run: each run's type and why, and the typical week.

Pure: takes Activities (runs only), returns run types with the reason for each. The thresholds
here are reading rules (how a file is read), not training numbers; docs/runs.md lists them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from runstrong.core.activities import Activity
from runstrong.core.model import WEEKDAYS, RunType, RunWeek
from runstrong.core.rules import KEY_RUNS, LEG_TIRING_RUNS, SESSIONS_MAY_TOUCH
from runstrong.core.runplan import HARDNESS, read_event

__all__ = [
    "HR_KEY_SHARE",
    "MIN_WEEKS",
    "PACE_SPREAD",
    "WINDOW_WEEKS",
    "Move",
    "RunRead",
    "TypicalWeek",
    "hr_max",
    "read_runs",
    "strength_move",
    "typical_week",
]

MIN_WEEKS = 4
"""Weeks with runs needed before the week read from them replaces the declared one (issue 14:
'the last 4-8 weeks')."""
WINDOW_WEEKS = 8
"""The full weeks before this one that the typical week is read from."""

PACE_SPREAD = 0.20
"""A reading rule: laps whose paces spread by 20% or more around their mean (coefficient of
variation) are an interval session; steady runs on auto-laps spread far less."""
MIN_LAPS = 4
"""Fewer laps than this say nothing about pace changes (a warm-up, a run, a cool-down)."""

HR_KEY_SHARE = 0.85
"""A reading rule: an average heart rate at 85% of the highest seen or above is a hard,
sustained (tempo) run: the upper half of Edwards's 80-90% HRmax zone (Edwards 1993, in
shared/research/training-science.md); easy running sits below it."""

_NAMED = frozenset(
    {RunType.RACE, RunType.INTERVALS, RunType.TEMPO, RunType.HILLS, RunType.LONG, RunType.RECOVERY}
)
HR_ABOVE_USUAL = 1.05
"""A reading rule: a run read as tempo from heart rate also averages 5% above the runner's
usual (the median over the runs read), so a watch that rarely saw a hard effort, and so a low
highest heart rate, does not make every run a tempo run."""

KEY_TYPES = frozenset({RunType.INTERVALS, RunType.TEMPO, RunType.HILLS})
"""Key runs: the week's hard sessions."""
LEG_TIRING = LEG_TIRING_RUNS
"""A long run or race: no lifting that day nor the day after (after-long-run, core/rules.py)."""
KEY_OR_LONG = KEY_RUNS
"""The runs after which the next 24 h hold no heavy lower-body work (training-science.md,
section 7 rule 2: a long run, a race or a hard session)."""


@dataclass(frozen=True)
class RunRead:
    """A run, the type it was read as, and why."""

    run: Activity
    type: RunType
    reason: str


def hr_max(runs: Sequence[Activity]) -> int | None:
    """The highest heart rate the runs show: the scale heart-rate readings use."""
    found = [r.max_hr for r in runs if r.max_hr is not None]
    return max(found) if found else None


def _clock(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _pace_spread(run: Activity) -> float | None:
    """Coefficient of variation of the laps' paces (s/m), or None with too few laps."""
    paces = [
        lap.duration_s / lap.distance_m
        for lap in run.laps
        if lap.distance_m and lap.distance_m >= 100 and lap.duration_s > 0
    ]
    if len(paces) < MIN_LAPS:
        return None
    return statistics.pstdev(paces) / statistics.fmean(paces)


def _one(run: Activity) -> tuple[RunType, str] | None:
    """A run's type from its own clear signs (Strava's flag, its name, its laps), or None."""
    if run.workout_type == "race":
        return RunType.RACE, "marked a race in Strava"
    if run.name:
        typed, why, other = read_event(run.name)
        if not other and typed in _NAMED and why.startswith(("'", "repeats")):
            return typed, why.replace("the title", "the name")
    if run.workout_type == "long":
        return RunType.LONG, "marked a long run in Strava"
    spread = _pace_spread(run)
    if spread is not None and spread >= PACE_SPREAD:
        return RunType.INTERVALS, f"lap paces vary by {spread:.0%} (intervals)"
    if run.workout_type == "workout":
        return RunType.TEMPO, "marked a workout in Strava"
    return None


def _by_heart_rate(
    run: Activity, top_hr: int | None, usual: float | None
) -> tuple[RunType, str] | None:
    """Tempo when the average heart rate is HR_KEY_SHARE of the highest seen or above, and
    above the runner's usual: weaker evidence than the signs above and than being the week's
    longest run, so read last."""
    if run.avg_hr is None or not top_hr or run.avg_hr < HR_KEY_SHARE * top_hr:
        return None
    if usual is not None and run.avg_hr < HR_ABOVE_USUAL * usual:
        return None
    share = run.avg_hr / top_hr
    return RunType.TEMPO, f"average heart rate {run.avg_hr} is {share:.0%} of max {top_hr}"


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def read_runs(runs: Sequence[Activity], top_hr: int | None = None) -> list[RunRead]:
    """Each run's type: race or key from its clear signs; then each week's longest run by time
    is its long run (when the week has another run and no run named long); then tempo from
    heart rate; easy otherwise."""
    top = top_hr if top_hr is not None else hr_max(runs)
    rates = [r.avg_hr for r in runs if r.avg_hr is not None]
    usual = statistics.median(rates) if len(rates) >= MIN_LAPS else None
    typed: list[tuple[Activity, tuple[RunType, str] | None]] = [(r, _one(r)) for r in runs]
    weeks: dict[dt.date, list[int]] = {}
    for i, (run, _) in enumerate(typed):
        weeks.setdefault(_monday(run.date), []).append(i)
    out: dict[int, tuple[RunType, str]] = {}
    for members in weeks.values():
        has_long = any((t := typed[i][1]) and t[0] is RunType.LONG for i in members)
        free = [i for i in members if typed[i][1] is None]
        if len(members) >= 2 and free and not has_long:
            longest = max(free, key=lambda i: (typed[i][0].duration_s, -i))
            others = [typed[i][0].duration_s for i in members if i != longest]
            if typed[longest][0].duration_s > max(others):
                seconds = typed[longest][0].duration_s
                out[longest] = (
                    RunType.LONG,
                    f"longest of the week: {_clock(seconds)} (next {_clock(max(others))})",
                )
    return [
        RunRead(
            run,
            *(
                found
                or out.get(i)
                or _by_heart_rate(run, top, usual)
                or (RunType.EASY, "no sign of a hard effort")
            ),
        )
        for i, (run, found) in enumerate(typed)
    ]


@dataclass(frozen=True)
class TypicalWeek:
    """The week read from the runs: a run type per weekday, and why each day is what it is."""

    week: RunWeek
    weeks: int  # weeks with at least one run in the window
    first: dt.date  # the window's first Monday
    last: dt.date  # the window's last Sunday
    days: tuple[str, ...]  # one line per weekday: why it is a run day (and of which type) or not

    def text(self) -> str:
        """The week as `mon=easy,sat=long` (the --runs notation)."""
        return ",".join(
            f"{WEEKDAYS[i]}={t.value}"
            for i, t in enumerate(self.week.days)
            if t is not RunType.REST
        )


def typical_week(reads: Sequence[RunRead], first: dt.date, weeks: int) -> TypicalWeek:
    """The usual week over `weeks` weeks from Monday `first`: a weekday is a run day when at
    least half the weeks with runs ran on it; its type is the one it had most often (ties: the
    harder). Races are one-offs: they leave their day's type to the other weeks."""
    last = first + dt.timedelta(days=7 * weeks - 1)
    inside = [r for r in reads if first <= r.run.date <= last]
    ran = {_monday(r.run.date) for r in inside}
    by_day: dict[int, dict[dt.date, RunType]] = {}
    for r in inside:
        week = _monday(r.run.date)
        day = by_day.setdefault(r.run.date.weekday(), {})
        current = day.get(week, RunType.REST)
        if HARDNESS.index(r.type) > HARDNESS.index(current):
            day[week] = r.type
    days = [RunType.REST] * 7
    lines = []
    for weekday in range(7):
        seen = by_day.get(weekday, {})
        name = WEEKDAYS[weekday]
        if not ran or len(seen) * 2 < len(ran):
            lines.append(f"{name}: rest (ran {len(seen)} of {len(ran)} weeks)")
            continue
        counts = Counter(t for t in seen.values() if t is not RunType.RACE)
        if not counts:
            counts = Counter({RunType.EASY: 1})
        best = max(counts, key=lambda t: (counts[t], HARDNESS.index(t)))
        days[weekday] = best
        tally = ", ".join(f"{t.value} {n}" for t, n in counts.most_common())
        lines.append(f"{name}: {best.value} (ran {len(seen)} of {len(ran)} weeks: {tally})")
    return TypicalWeek(RunWeek(tuple(days)), len(ran), first, last, tuple(lines))


# --- a strength session moved by what was run -----------------------------------------------------


@dataclass(frozen=True)
class Move:
    """A planned strength session that what was run moves: to another day, or (to None) out
    of the week when no day fits; with the reason."""

    day: dt.date
    to: dt.date | None
    reason: str


def _hardest(reads: Sequence[RunRead], day: dt.date) -> RunRead | None:
    found = [r for r in reads if r.run.date == day]
    return max(found, key=lambda r: HARDNESS.index(r.type)) if found else None


def _spaced(days: Sequence[dt.date], touching_allowed: bool) -> bool:
    """The planner's spacing rule on dates: back-to-back only when the week has
    SESSIONS_MAY_TOUCH sessions (Robineau et al. 2016, core/rules.py), never three in a row."""
    ordered = sorted(set(days))
    touch = [(b - a).days == 1 for a, b in itertools.pairwise(ordered)]
    if any(touch) and not touching_allowed:
        return False
    return not any(x and y for x, y in itertools.pairwise(touch))


def _trigger(
    day: dt.date, reads: Sequence[RunRead], planned: Mapping[dt.date, RunType]
) -> str | None:
    """Why the session of `day` cannot stay, or None: a long run or race that day, or a key run
    the day before, that the plan did not expect (what it expected, it already planned around)."""
    today = _hardest(reads, day)
    if (
        today is not None
        and today.type in LEG_TIRING
        and planned.get(day, RunType.REST) not in LEG_TIRING
    ):
        return (
            f"you ran a {today.type.value} run today ({today.reason}) where the plan expected "
            f"{planned.get(day, RunType.REST).value}: no lifting on a long-run or race day"
        )
    yesterday = _hardest(reads, day - dt.timedelta(days=1))
    expected = planned.get(day - dt.timedelta(days=1), RunType.REST)
    if yesterday is not None and yesterday.type in KEY_OR_LONG and expected not in KEY_OR_LONG:
        return (
            f"you ran a {yesterday.type.value} run yesterday ({yesterday.reason}) where the plan "
            f"expected {expected.value}: no heavy lower-body work in the 24 h after a long run, "
            "race or hard session"
        )
    return None


def strength_move(
    day: dt.date,
    sessions: Sequence[dt.date],
    planned: Mapping[dt.date, RunType],
    reads: Sequence[RunRead],
    per_week: int,
) -> Move | None:
    """Where the strength session planned on `day` goes when the runs done that day or the day
    before were harder than the plan expected: the first later day before the next session that
    holds no long run or race, does not follow one, and keeps the planner's spacing."""
    if day not in sessions:
        return None
    why = _trigger(day, reads, planned)
    if why is None:
        return None
    later = sorted(d for d in sessions if d > day)
    others = [d for d in sessions if d != day]
    limit = later[0] if later else day + dt.timedelta(days=7)
    candidate = day + dt.timedelta(days=1)
    while candidate < limit:
        before = candidate - dt.timedelta(days=1)
        ran_before = _hardest(reads, before) if before == day else None
        tiring_before = planned.get(before, RunType.REST) in LEG_TIRING or (
            ran_before is not None and ran_before.type in LEG_TIRING
        )
        if (
            planned.get(candidate, RunType.REST) not in LEG_TIRING
            and not tiring_before
            and _spaced([*others, candidate], per_week >= SESSIONS_MAY_TOUCH)
        ):
            return Move(day, candidate, f"{why}; moved to {candidate:%a %d %b}")
        candidate += dt.timedelta(days=1)
    nxt = f" before the next session on {later[0]:%a %d %b}" if later else " this week"
    return Move(day, None, f"{why}; no day fits{nxt}: skip it, or keep to upper body and core")
