"""Dosing: sets, reps or seconds, intensity, rest, loads, ramp-up sets and the reason for each."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from runstrong.core import loads, rules
from runstrong.core.model import (
    Category,
    Equipment,
    Exercise,
    Goal,
    Implements,
    Limitation,
    Loading,
    Phase,
    Prescription,
    WarmupSet,
)

GENERAL_WARMUP_SECONDS = 300  # easy movement and drills before the first set


@dataclass(frozen=True)
class Context:
    """Where a prescription sits: the goal, the week's phase and step, and how light the week is."""

    goal: Goal
    phase: Phase
    step: int = 1  # loading week 1-3 of the block
    light: bool = False  # deload or taper: half the sets, intensity held
    short: bool = False  # squeezed into --minutes: fewest sets, shortest rest
    scale: float = 1.0  # planning 1RM growth over the season's blocks
    contacts: int | None = None  # a session's share of the week's ground-contact cap


def _ladder(ctx: Context) -> tuple[int, tuple[int, int]]:
    """This week's rung of the goal's ladder; deloads sit on the first rung, tapers keep theirs."""
    ladder = rules.LADDER[ctx.goal]
    deload = ctx.light and ctx.phase is not Phase.TAPER
    return ladder[0 if deload else min(max(ctx.step, 1), len(ladder)) - 1]


def _fewer(sets: int, ctx: Context, floor: int = 2) -> int:
    """Sets for light or squeezed weeks: half, but never under `floor`."""
    if ctx.light:
        return max(floor, math.ceil(sets * rules.DELOAD_SET_SHARE))
    return sets


def _percent(ctx: Context, reps_max: int) -> float:
    """The intensity for a rung: the NSCA %1RM of the reps plus those in reserve, in range."""
    low, high = rules.GOALS[ctx.goal].percent
    if ctx.goal is Goal.ENDURANCE:
        step = 0 if ctx.light and ctx.phase is not Phase.TAPER else min(max(ctx.step, 1), 3) - 1
        return rules.ENDURANCE_LADDER_PERCENT[step]
    if ctx.light and ctx.phase is not Phase.TAPER:
        return low  # deloads hold the goal's lowest intensity
    return min(max(loads.percent_for_reps(reps_max + rules.TARGET_RIR), low), high)


def dose(exercise: Exercise, ctx: Context) -> Prescription:
    """Sets, reps or seconds, intensity and rest for one exercise; no load yet."""
    table = rules.GOALS[ctx.goal]
    per_side = exercise.unilateral
    reps: int | None = None
    reps_max: int | None = None
    seconds: int | None = None
    percent: float | None = None
    rir: int | None = None
    contacts: int | None = None
    if exercise.loading is Loading.ONE_RM:
        lift = replace(ctx, goal=rules.lift_goal(ctx.goal, exercise.pattern))
        table = rules.GOALS[lift.goal]
        sets, (reps, reps_max) = _ladder(lift)
        if ctx.phase is Phase.IN_SEASON:
            sets = table.maintenance_sets
        sets = table.sets.low if ctx.short else _fewer(sets, ctx)
        percent = _percent(lift, reps_max)
        rir = rules.TARGET_RIR
        rest = table.rest.low if ctx.short else table.rest_default
    elif exercise.loading is Loading.TIME:
        if exercise.category is Category.RUN_SPECIFIC:
            sets = 4 if ctx.phase is Phase.IN_SEASON else 3 + min(max(ctx.step, 1), 3)
            sets = _fewer(sets, ctx, floor=3)
            seconds, rest = rules.SPRINT_SECONDS, rules.SPRINT_REST
        else:
            sets = 2 if ctx.short else _fewer(3, ctx)
            seconds, rest = table.hold_seconds, rules.HOLD_REST
    elif exercise.loading is Loading.CONTACTS:
        sets, reps, contacts = _plyo(per_side, ctx)
        reps_max = reps
        rest = rules.PLYO_REST
    elif exercise.complexity == 1:
        base = rules.ACTIVATION_SETS.get(ctx.phase, rules.ACTIVATION_BASE_SETS)
        sets = 2 if ctx.short else _fewer(base, ctx)
        reps, reps_max = rules.ACTIVATION_REPS
        rir = rules.TARGET_RIR
        rest = rules.ACTIVATION_REST
    else:
        sets = table.sets.low if ctx.short else _fewer(rules.working_sets(ctx.goal, ctx.phase), ctx)
        reps, reps_max = table.target_bodyweight_reps
        rir = rules.TARGET_RIR
        rest = table.bodyweight_rest
    return Prescription(
        exercise=exercise,
        sets=sets,
        reps=reps,
        reps_max=reps_max,
        seconds=seconds,
        per_side=per_side,
        percent_1rm=percent,
        load=None,
        rir=rir,
        contacts=contacts,
        rest_seconds=rest,
        plates=None,
        why="",
    )


def _plyo(per_side: bool, ctx: Context) -> tuple[int, int, int]:
    """Sets, reps and ground contacts for a jump drill: rising through the block, under the cap."""
    targets = rules.PLYO_CONTACTS.get(ctx.phase, rules.PLYO_CONTACTS[Phase.IN_SEASON])
    target = targets[min(max(ctx.step, 1), 3) - 1]
    if ctx.light:
        target = targets[0] // 2
    if ctx.contacts is not None:
        target = min(target, ctx.contacts)
    reps = 5 if per_side else 6
    per_set = reps * (2 if per_side else 1)
    floor = 2 if not ctx.light and 2 * per_set <= target else 1  # one set alone is hardly a drill
    sets = max(floor, min(6, target // per_set))
    return sets, reps, sets * per_set


def _implement(exercise: Exercise) -> Equipment:
    """What the load is rounded to: the bar, a dumbbell, a kettlebell, or anything else."""
    for kind in (Equipment.BARBELL, Equipment.DUMBBELL, Equipment.KETTLEBELL):
        if kind in exercise.equipment:
            return kind
    return exercise.equipment[0]


def warmup(
    p: Prescription, one_rm: float | None, implements: Implements, first: bool
) -> tuple[WarmupSet, ...]:
    """Ramp-up sets to the first heavy working set (>= 75% 1RM); fewer before later lifts."""
    if p.percent_1rm is None or p.percent_1rm < rules.WARMUP_THRESHOLD:
        return ()
    ramp = list(rules.WARMUP_RAMP if first else rules.WARMUP_RAMP[1:])
    ramp.append((2, p.percent_1rm - 10))
    sets = []
    for reps, percent in ramp:
        load = None
        if one_rm is not None:
            load = loads.load_for(one_rm, percent, _implement(p.exercise), implements).load
        sets.append(WarmupSet(reps, round(percent, 1), load))
    return tuple(sets)


def retest(
    exercise: Exercise,
    ctx: Context,
    *,
    one_rm: float | None,
    implements: Implements,
    first: bool,
) -> Prescription | None:
    """One all-out test set: a 3-5RM for a lift, the longest hold for the side plank; None for
    anything else (it is dosed as usual)."""
    if exercise.loading is Loading.TIME and exercise.id == rules.RETEST_HOLD:
        return Prescription(
            exercise=exercise,
            sets=1,
            reps=None,
            reps_max=None,
            seconds=None,
            per_side=exercise.unilateral,
            percent_1rm=None,
            load=None,
            rir=None,
            contacts=None,
            rest_seconds=rules.HOLD_REST,
            plates=None,
            why="longest side-plank hold with a straight line from shoulder to ankle; "
            "log the seconds of each side",
        )
    if exercise.loading is not Loading.ONE_RM:
        return None
    planning = None if one_rm is None else one_rm * ctx.scale
    load = plates = None
    if planning is not None:
        rounded = loads.load_for(planning, rules.RETEST_PERCENT, _implement(exercise), implements)
        load, plates = rounded.load, rounded.plates
    p = Prescription(
        exercise=exercise,
        sets=1,
        reps=rules.RETEST_REPS[0],
        reps_max=rules.RETEST_REPS[1],
        seconds=None,
        per_side=exercise.unilateral,
        percent_1rm=rules.RETEST_PERCENT,
        load=load,
        rir=0,
        contacts=None,
        rest_seconds=rules.GOALS[Goal.STRENGTH].rest_default,
        plates=plates,
        why="re-test: after the ramp, the heaviest clean set of 3-5 reps; logged, it sets your "
        "new 1RM",
        one_rm=None if planning is None else round(planning, 2),
    )
    return replace(p, warmup=warmup(p, planning, implements, first))


GOAL_REASON = {
    Goal.STRENGTH: "strength: 3-5 sets of 3-6 at 80-90% 1RM",
    Goal.HYPERTROPHY: "hypertrophy: 3-5 sets of 6-12 at 65-85% 1RM",
    Goal.ENDURANCE: "endurance: 2-5 sets of 12-20 under 67% 1RM",
}


def prescribe(
    exercise: Exercise,
    ctx: Context,
    *,
    one_rm: float | None,
    implements: Implements,
    avoid: frozenset[Limitation],
    first_heavy: bool,
) -> Prescription:
    """The full prescription: dose, load from a known 1RM, ramp-up sets, and the reasons."""
    p = dose(exercise, ctx)
    planning = None if one_rm is None else one_rm * ctx.scale
    load = plates = None
    if p.percent_1rm is not None and planning is not None:
        rounded = loads.load_for(planning, p.percent_1rm, _implement(exercise), implements)
        load, plates = rounded.load, rounded.plates
    return Prescription(
        exercise=exercise,
        sets=p.sets,
        reps=p.reps,
        reps_max=p.reps_max,
        seconds=p.seconds,
        per_side=p.per_side,
        percent_1rm=p.percent_1rm,
        load=load,
        rir=p.rir,
        contacts=p.contacts,
        rest_seconds=p.rest_seconds,
        plates=plates,
        why=_why(exercise, ctx, p, one_rm, planning, implements.units.value),
        notes=tuple(c.note for c in exercise.softened_by(avoid)),
        warmup=warmup(p, planning, implements, first_heavy),
        one_rm=None if planning is None else round(planning, 2),
    )


def _why(
    exercise: Exercise,
    ctx: Context,
    p: Prescription,
    one_rm: float | None,
    planning: float | None,
    units: str,
) -> str:
    """One line a coach would say: what the exercise is for, and where the dose comes from."""
    parts = [exercise.why.rstrip(".")] if exercise.why else [exercise.name]
    if exercise.loading is Loading.ONE_RM:
        goal = rules.lift_goal(ctx.goal, exercise.pattern)
        if goal is not ctx.goal:
            parts.append("an upper-body assistance lift: " + GOAL_REASON[goal])
        else:
            parts.append(GOAL_REASON[goal])
        if one_rm is not None and planning is not None:
            grown = f" (your {one_rm:g} {units} + {ctx.scale - 1:.1%} for the season's blocks)"
            base = f"{planning:.1f}{grown}" if ctx.scale > 1 else f"{one_rm:g} {units}"
            parts.append(f"{p.percent_1rm:g}% of a 1RM of {base}")
        else:
            parts.append(f"no 1RM known: choose a weight you could lift {p.rir} more times")
    elif exercise.loading is Loading.CONTACTS:
        cap = rules.MAX_CONTACTS.get(ctx.phase, 0)
        parts.append(f"{p.contacts} ground contacts, within {ctx.phase.value}'s cap of {cap}")
    if ctx.light:
        parts.append("lighter week: half the sets, same movements")
    elif ctx.phase is Phase.IN_SEASON and exercise.loading is Loading.ONE_RM:
        parts.append("in season: same intensity, fewer sets, to keep what you built")
    return "; ".join(parts)


def exercise_seconds(p: Prescription) -> int:
    """Time an exercise takes: its sets, the rests between them, and getting set up."""
    sides = 2 if p.per_side else 1
    work = (p.seconds or (p.reps_max or 0) * rules.SECONDS_PER_REP) * sides
    return rules.SETUP_SECONDS + p.sets * work + (p.sets - 1) * p.rest_seconds


def minutes(doses: Iterable[Prescription], goal: Goal) -> int:
    """A session's estimated minutes, with a general warm-up and ramp-up sets for heavy lifts."""
    doses = list(doses)
    total = GENERAL_WARMUP_SECONDS + sum(exercise_seconds(p) for p in doses)
    if goal is not Goal.ENDURANCE and any(p.warmup or p.percent_1rm for p in doses):
        total += rules.WARMUP_SECONDS_HEAVY
    return math.ceil(total / 60)
