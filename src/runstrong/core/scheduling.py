"""Placing a week's strength sessions around the runs: which days, and why each day."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from itertools import combinations, pairwise

from runstrong.core import rules
from runstrong.core.model import WEEKDAYS, RunType, RunWeek
from runstrong.errors import RuleViolation

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


def _spacing_ok(days: tuple[int, ...]) -> bool:
    """Spacing rule: no back-to-back days under four sessions, never three days in a row."""
    touching = [b - a == 1 for a, b in pairwise(days)]
    if len(days) < rules.SESSIONS_MAY_TOUCH:
        return not any(touching)
    return not any(x and y for x, y in pairwise(touching))


def _score(days: tuple[int, ...], runs: RunWeek) -> int:
    """Better days first, then the sessions spread out (smallest gap, counted around the week)."""
    preference = sum(rules.DAY_PREFERENCE[runs.on(d)] for d in days)
    if len(days) == 1:
        return preference
    gaps = [b - a for a, b in pairwise(days)] + [days[0] + 7 - days[-1]]
    return preference + GAP_WEIGHT * min(gaps)


def choose_days(
    runs: RunWeek,
    sessions: int,
    next_monday: RunType | None = None,
    blocked: Collection[int] = (),
) -> list[Slot]:
    """The best weekdays for `sessions` sessions; RuleViolation naming the rule when none fit.

    `blocked` weekdays are closed for other reasons (a session the day before, a race nearby).
    """
    following = runs.on(0) if next_monday is None else next_monday
    free = [d for d in allowed_days(runs, following) if d not in blocked]
    if len(free) < sessions:
        raise RuleViolation(
            "day-before-key-run",
            f"--sessions: only {len(free)} day(s) of this running week are free for strength "
            f"({', '.join(WEEKDAYS[d] for d in free) or 'none'}): no session on a race day or "
            f"the day before a key run; got {sessions}",
        )
    options = [c for c in combinations(free, sessions) if _spacing_ok(c)]
    if not options:
        raise RuleViolation(
            "spacing",
            f"--sessions: {sessions} sessions cannot be spread over the free days "
            f"({', '.join(WEEKDAYS[d] for d in free)}) without back-to-back days",
        )
    best = max(options, key=lambda c: (_score(c, runs), [-d for d in c]))
    return [Slot(d, describe_day(runs.on(d)), runs.on(d)) for d in best]


def describe_light_day(run: RunType) -> str:
    """Where a short, light session sits: no hard-day reasoning needed."""
    return "a day without running" if run is RunType.REST else f"after the {run.value} run"


def describe_day(run: RunType) -> str:
    """Why a session sits on a day with this run."""
    if run in rules.HARD_RUNS:
        return f"after the {run.value} run, ideally 3-6 h later: hard days hard, easy days easy"
    if run is RunType.LONG:
        return "after the long run: the only free day left; keep it short"
    if run in (RunType.EASY, RunType.RECOVERY):
        return f"after the {run.value} run, with no key run tomorrow"
    return "a day without running, with no key run tomorrow"
