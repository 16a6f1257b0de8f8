"""The shape of a season: which phase each week is in, its block, its step and deloads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runstrong.core import rules
from runstrong.core.model import Distance, Phase
from runstrong.errors import InputError, ref

NORMAL = (Phase.OFF_SEASON, Phase.PRE_SEASON, Phase.IN_SEASON)


@dataclass(frozen=True)
class WeekShape:
    """What a week is before any exercise is chosen."""

    index: int
    start: dt.date
    phase: Phase
    block: int
    step: int  # loading week 1-3 inside the block; 0 for light weeks
    deload: bool
    label: str
    bridge: bool = False  # novice-ramp: a novice's first cycle after familiarisation


def monday(day: dt.date) -> dt.date:
    """The Monday of the week a date falls in."""
    return day - dt.timedelta(days=day.weekday())


def phases_to_race(weeks: int, distance: Distance) -> list[Phase]:
    """Phases for `weeks` weeks ending with the race week, filled backwards from the race.

    Taper first (it includes the race week), then in-season, then pre-season, then off-season,
    each up to its length; a pre-season or off-season too short to be worth it joins the next.
    """
    taper = min(weeks, rules.TAPER_WEEKS[distance])
    left = weeks - taper
    in_season = min(left, rules.IN_SEASON_WEEKS)
    left -= in_season
    pre = min(left, rules.PRE_SEASON_WEEKS)
    off = left - pre
    if 0 < off < rules.MIN_OFF_SEASON_WEEKS:
        pre, off = pre + off, 0
    if 0 < pre < rules.MIN_PRE_SEASON_WEEKS:
        in_season, pre = in_season + pre, 0
    return (
        [Phase.OFF_SEASON] * off
        + [Phase.PRE_SEASON] * pre
        + [Phase.IN_SEASON] * in_season
        + [Phase.TAPER] * taper
    )


def season_phases(
    start: dt.date,
    *,
    phase: Phase | None,
    weeks: int | None,
    race: dt.date | None,
    distance: Distance,
) -> list[Phase]:
    """Every week's phase: to a race (then a recovery week), or a block of one phase."""
    if race is None:
        if phase is None:
            raise InputError("phase", f"give {ref('phase')}, or {ref('race')} to plan a season")
        count = 1 if weeks is None else weeks
        if not 1 <= count <= rules.MAX_PLAN_WEEKS:
            raise InputError("weeks", f"must be 1-{rules.MAX_PLAN_WEEKS}; got {count}")
        return [phase] * count
    if race < start:
        raise InputError("race", f"{race} is before {ref('start')} {start}")
    to_race = (monday(race) - monday(start)).days // 7 + 1
    if to_race > rules.MAX_PLAN_WEEKS:
        raise InputError(
            "race",
            f"is {to_race} weeks after {ref('start')}; runstrong plans up to "
            f"{rules.MAX_PLAN_WEEKS} weeks ahead",
            f"start later with {ref('start')}, or plan a block with {ref('phase')} and "
            f"{ref('weeks')}",
        )
    if weeks is not None and weeks != to_race + 1:
        raise InputError(
            "weeks",
            f"with {ref('race')} the plan runs {to_race + 1} weeks (to the race and a recovery "
            f"week); got {weeks}",
            f"leave {ref('weeks')} out",
        )
    return [*phases_to_race(to_race, distance), Phase.RECOVERY]


FAMILIARISATION = "familiarisation"
"""The label of a novice's first weeks (first-exposure): their own block, before the ladder."""


def shape(start: dt.date, phases: list[Phase], familiar: int = 0) -> list[WeekShape]:
    """Blocks, steps and deloads: three loading weeks then a lighter one (3:1); a novice's
    first `familiar` weeks of lifting are a block of their own that does not count as loading,
    and the loading weeks after them up to the first deload, that deload included, bridge to
    heavy work (novice-ramp).

    Weeks run Monday to Sunday: a plan starting mid-week has the week of its start as week 1.
    """
    start = monday(start)
    shapes = []
    block, step, loading, previous = 0, 0, 0, None
    bridging = False
    for i, phase in enumerate(phases):
        week_start = start + dt.timedelta(weeks=i)
        if i < familiar and phase in NORMAL:
            block = 1
            shapes.append(WeekShape(i + 1, week_start, phase, 1, i + 1, False, FAMILIARISATION))
            previous, bridging = None, True
            continue
        if phase not in NORMAL:
            loading, step, bridging = 0, 0, False
            shapes.append(WeekShape(i + 1, week_start, phase, block, 0, False, _light_label(phase)))
            previous = phase
            continue
        if loading == rules.LOADING_WEEKS:
            loading, step = 0, 0
            shapes.append(WeekShape(i + 1, week_start, phase, block, 0, True, "deload", bridging))
            previous, bridging = None, False  # a new block follows
            continue
        if phase != previous or step == 0:
            block, step = block + 1, 0
        step += 1
        loading += 1
        shapes.append(
            WeekShape(i + 1, week_start, phase, block, step, False, f"build {step}", bridging)
        )
        previous = phase
    return shapes


def _light_label(phase: Phase) -> str:
    return "recovery" if phase is Phase.RECOVERY else "taper"
