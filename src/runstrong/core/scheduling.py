"""Placing a week's strength sessions around the runs: which days, and why each day."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from itertools import combinations, pairwise

from runstrong.core import rules
from runstrong.core.model import WEEKDAYS, RunType, RunWeek
from runstrong.errors import RuleViolation, ref

GAP_WEIGHT = 3
"""How much one more day between sessions is worth against a better day (see docs/rules.md)."""


@dataclass(frozen=True)
class Slot:
    """A weekday chosen for a session, with the reason a coach would give."""

    weekday: int
    placement: str
    run: RunType = RunType.REST  # the run of that day


def allowed_days(runs: RunWeek, next_monday: RunType) -> list[int]:
    """Weekdays where a session breaks no placement rule (no race day, no day before a key run)."""
    days = []
    for day in range(7):
        tomorrow = next_monday if day == 6 else runs.on(day + 1)
        if runs.on(day) is RunType.RACE or tomorrow in rules.KEY_RUNS:
            continue
        days.append(day)
    return days


def _spacing_ok(
    days: tuple[int, ...],
    before: tuple[int, ...],
    cyclic: bool,
    before_count: int,
    fixed: tuple[int, ...] = (),
) -> bool:
    """Spacing rule: back-to-back days only where a week has four sessions; never three in a row.

    `before` holds last week's session days as negative offsets (that week had `before_count`
    sessions); `cyclic` checks the week as a pattern that repeats, so the next week can keep the
    same number of sessions.
    """
    mine = (*days, *fixed)  # `fixed`: the runner's own strength days, sessions all the same
    count = len(mine)
    seq = sorted(
        [(d, before_count) for d in before]
        + [(d, count) for d in mine]
        + ([(d + 7, count) for d in mine] if cyclic else [])
    )
    touching = [b[0] - a[0] == 1 for a, b in pairwise(seq)]
    for (a, b), touch in zip(pairwise(seq), touching, strict=True):
        if touch and max(a[1], b[1]) < rules.SESSIONS_MAY_TOUCH:
            return False
    return not any(x and y for x, y in pairwise(touching))


def after_long(runs: RunWeek, day: int, previous_sunday: RunType) -> bool:
    """True when the day before `day` held a long run or a race: legs are not fresh."""
    before = previous_sunday if day == 0 else runs.on(day - 1)
    return before in rules.LEG_TIRING_RUNS


def race_soon(runs: RunWeek, day: int, next_monday: RunType) -> bool:
    """True when a race comes in the 2 days after `day` (race-window), as far as the week shows."""
    ahead = [runs.on(d) if d < 7 else next_monday for d in range(day + 1, day + 3) if d <= 7]
    return RunType.RACE in ahead[: rules.RACE_WINDOW_DAYS]


def _score(
    days: tuple[int, ...], runs: RunWeek, previous_sunday: RunType, next_monday: RunType
) -> int:
    """Better days first, then the sessions spread out (smallest gap, counted around the week)."""
    preference = sum(rules.DAY_PREFERENCE[runs.on(d)] for d in days)
    preference -= sum(
        rules.AFTER_LONG_PENALTY for d in days if after_long(runs, d, previous_sunday)
    )
    preference -= sum(rules.RACE_WINDOW_PENALTY for d in days if race_soon(runs, d, next_monday))
    if len(days) == 1:
        return preference
    gaps = [b - a for a, b in pairwise(days)] + [days[0] + 7 - days[-1]]
    return preference + GAP_WEIGHT * min(gaps)


def choose_days(
    runs: RunWeek,
    sessions: int,
    next_monday: RunType | None = None,
    blocked: Collection[int] = (),
    *,
    before: tuple[int, ...] = (),
    cyclic: bool = False,
    previous_sunday: RunType | None = None,
    before_count: int = 0,
    fixed: tuple[int, ...] = (),
) -> list[Slot]:
    """The best weekdays for `sessions` sessions; RuleViolation naming the rule when none fit.

    `blocked` weekdays are closed for other reasons (a race nearby, before the plan's start).
    """
    following = runs.on(0) if next_monday is None else next_monday
    sunday = runs.on(6) if previous_sunday is None else previous_sunday
    free = [d for d in allowed_days(runs, following) if d not in blocked]
    if len(free) < sessions:
        raise RuleViolation(
            "day-before-key-run",
            f"{ref('sessions')}: only {len(free)} day(s) of this running week are free for "
            f"strength ({', '.join(WEEKDAYS[d] for d in free) or 'none'}): no session on a race "
            f"day or the day before a key run; got {sessions}",
        )
    options = [
        c
        for c in combinations(free, sessions)
        if _spacing_ok(c, before, cyclic, before_count, fixed)
    ]
    if not options:
        raise RuleViolation(
            "spacing",
            f"{ref('sessions')}: {sessions} sessions cannot be spread over the free days "
            f"({', '.join(WEEKDAYS[d] for d in free)}) without back-to-back days",
        )
    best = max(options, key=lambda c: (_score(c, runs, sunday, following), [-d for d in c]))
    others = [d for d in free if d not in best]
    return [Slot(d, describe_day(runs, d, sunday, others), runs.on(d)) for d in best]


def describe_light_day(run: RunType) -> str:
    """Where a short, light session sits: no hard-day reasoning needed."""
    return "a day without running" if run is RunType.REST else f"after the {run.value} run"


def describe_day(
    runs: RunWeek, day: int, previous_sunday: RunType, others: Collection[int] = ()
) -> str:
    """Why a session sits on this day, in words that are true of this week."""
    run = runs.on(day)
    tired = after_long(runs, day, previous_sunday)
    if run in rules.HARD_RUNS:
        text = f"after the {run.value} run, ideally 3-6 h later: hard days hard, easy days easy"
    elif run is RunType.LONG:
        text = "after the long run, ideally 3-6 h later: the long run's day stays the hard one"
    elif run in (RunType.EASY, RunType.RECOVERY):
        text = f"after the {run.value} run, with no key run tomorrow"
    else:
        text = "a day without running, with no key run tomorrow"
    if tired:
        fresh = [d for d in others if not after_long(runs, d, previous_sunday)]
        why = "no fresher day fits the week" if not fresh else "the sessions need spreading out"
        text += f"; the day after the long run ({why}): legs dosed lighter, no jumps"
    return text
