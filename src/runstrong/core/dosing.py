"""Dosing: sets, reps or seconds, intensity, rest, loads, ramp-up sets and the reason for each."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from runstrong.core import loads, rules
from runstrong.core.model import (
    Category,
    Equipment,
    Exercise,
    Experience,
    Goal,
    Implements,
    Limitation,
    Loading,
    Pattern,
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
    experience: Experience = Experience.INTERMEDIATE
    familiar: bool = False  # a novice's familiarisation week: light, few sets, far from failure
    tired_legs: str | None = None  # why the legs are not fresh today (dose lower-body lifts soft)
    cut: bool = False  # within 3 weeks of the race: intensity held, sets halved (taper-volume)
    primer: bool = False  # within 2 days of a race: short and light (race-window)
    bridge: bool = False  # a novice's first cycle after familiarisation: not heavy (novice-ramp)


def _ladder(ctx: Context) -> tuple[int, tuple[int, int]]:
    """This week's rung of the goal's ladder (see `_rung`)."""
    return rules.LADDER[ctx.goal][_rung(ctx)]


def _fewer(sets: int, ctx: Context, floor: int = 2, *, lift: bool = False) -> int:
    """Sets for light weeks (and for lifts close to the race): half, but never under `floor`."""
    if ctx.light or (lift and ctx.cut):
        return max(floor, math.ceil(sets * rules.DELOAD_SET_SHARE))
    return sets


def _percent(ctx: Context, reps_max: int) -> float:
    """The intensity for a rung: the NSCA %1RM of the reps plus those in reserve, in range."""
    low, high = rules.GOALS[ctx.goal].percent
    deload = ctx.light and ctx.phase is not Phase.TAPER
    if ctx.goal is Goal.ENDURANCE:
        if deload:
            return rules.ENDURANCE_DELOAD_PERCENT
        return rules.ENDURANCE_LADDER_PERCENT[_rung(ctx)]
    if deload:
        return low  # deloads hold the goal's lowest intensity
    return min(max(loads.percent_for_reps(reps_max + rules.TARGET_RIR), low), high)


def _rung(ctx: Context) -> int:
    """This week's rung (0-2) of a ladder: deloads sit on the first, tapers keep theirs."""
    if ctx.light and ctx.phase is not Phase.TAPER:
        return 0
    return min(max(ctx.step, 1), rules.LOADING_WEEKS) - 1


def _lift(exercise: Exercise, ctx: Context) -> tuple[int, int, int, float, int, int]:
    """Sets, reps, reps_max, %1RM, RIR and rest for a lift loaded from a 1RM."""
    goal = rules.lift_goal(ctx.goal, exercise.pattern)
    lift = ctx if goal is ctx.goal else replace(ctx, goal=goal)
    table = rules.GOALS[lift.goal]
    if exercise.skill:  # skill-dose: light and fast, never ground out
        sets = 2 if ctx.phase is Phase.IN_SEASON or ctx.short else rules.SKILL_SETS
        sets = _fewer(sets, ctx, floor=1)
        low, high = rules.SKILL_REPS
        return sets, low, high, rules.SKILL_PERCENT, rules.SKILL_RIR, rules.SKILL_REST
    if ctx.familiar:  # first-exposure: the novice's first weeks
        low, high = rules.FAMILIARISATION_REPS
        percent = rules.FAMILIARISATION_PERCENT
        if lift.goal is Goal.ENDURANCE:
            (_, (low, high)), percent = rules.LADDER[Goal.ENDURANCE][0], _percent(lift, 0)
        low, high = _complex_cap(exercise, low, high)
        rest = table.rest.low if ctx.short else table.rest_default
        return rules.FAMILIARISATION_SETS, low, high, percent, rules.FAMILIARISATION_RIR, rest
    if ctx.bridge and lift.goal is Goal.STRENGTH:
        return _bridge(ctx, table)
    sets, (low, high) = _ladder(lift)
    if ctx.phase is Phase.IN_SEASON:
        sets = table.maintenance_sets
    sets = table.sets.low if ctx.short else sets
    if ctx.bridge:  # novice-ramp: 2-3 sets while the lifts are new
        sets = min(sets, rules.BRIDGE_MAX_SETS)
    sets = _fewer(sets, ctx, lift=True)
    percent = _percent(lift, high)
    low, high = _complex_cap(exercise, low, high)
    rest = table.rest.low if ctx.short or ctx.primer else table.rest_default  # a primer is short
    return sets, low, high, percent, rules.TARGET_RIR, rest


def _bridge(ctx: Context, table: rules.GoalDose) -> tuple[int, int, int, float, int, int]:
    """novice-ramp: a lift the strength goal would load heavy, in a novice's first cycle after
    familiarisation: 3 sets moving from 8-10 to 6-8 reps, 2 in reserve, never 80% 1RM."""
    sets, (low, high) = rules.BRIDGE_LADDER[_rung(ctx)]  # a deload sits on the first rung
    if ctx.phase is Phase.IN_SEASON:
        sets = min(sets, table.maintenance_sets)
    sets = _fewer(sets, ctx, lift=True)  # squeezed into --minutes: the rest is cut, not sets
    bottom, top = rules.BRIDGE_PERCENT
    percent = min(max(loads.percent_for_reps(high + rules.TARGET_RIR), bottom), top)
    rest = table.rest.low if ctx.short or ctx.primer else table.rest_default
    return sets, low, high, percent, rules.TARGET_RIR, rest


def _complex_cap(exercise: Exercise, low: int, high: int) -> tuple[int, int]:
    """complex-reps: a complexity-3 exercise never for more than 12 reps."""
    if exercise.complexity == 3 and high > rules.COMPLEX_MAX_REPS:
        return min(low, rules.COMPLEX_MAX_REPS), rules.COMPLEX_MAX_REPS
    return low, high


def _eccentric(ctx: Context, rung: int) -> tuple[int, int, int, int, int]:
    """eccentric-dose: Nordic curls build up from two sets of five, whatever the goal."""
    sets, (reps, reps_max) = rules.ECCENTRIC_LADDER[0 if ctx.familiar else rung]
    rir = rules.FAMILIARISATION_RIR if ctx.familiar else rules.TARGET_RIR
    return _fewer(sets, ctx, floor=1), reps, reps_max, rir, rules.ECCENTRIC_REST


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
    rung = _rung(ctx)
    if exercise.loading is Loading.ONE_RM:
        sets, reps, reps_max, percent, rir, rest = _lift(exercise, ctx)
    elif exercise.loading is Loading.TIME:
        if exercise.category is Category.RUN_SPECIFIC:
            sets = (3, 4, 4)[rung] if ctx.phase is Phase.IN_SEASON else 4 + rung
            sets = _fewer(sets, ctx)
            seconds, rest = rules.SPRINT_SECONDS, rules.SPRINT_REST
        else:
            sets = 2 if ctx.short or ctx.familiar else 3
            sets = _fewer(sets, ctx, floor=1)
            seconds, rest = table.hold_seconds + rules.HOLD_LADDER[rung], rules.HOLD_REST
    elif exercise.loading is Loading.CONTACTS:
        sets, reps, contacts = _plyo(exercise, ctx)
        reps_max = reps
        rest = rules.PLYO_REST
    elif exercise.eccentric:
        sets, reps, reps_max, rir, rest = _eccentric(ctx, rung)
    elif exercise.complexity == 1:
        base = rules.ACTIVATION_SETS.get(ctx.phase, rules.ACTIVATION_BASE_SETS)
        sets = _fewer(2 if ctx.short or ctx.familiar else base, ctx, floor=1)
        reps, reps_max = rules.ACTIVATION_LADDER[rung]
        rir = rules.FAMILIARISATION_RIR if ctx.familiar else rules.TARGET_RIR
        rest = rules.ACTIVATION_REST
    else:
        sets, reps, reps_max, rir, rest = _effort(exercise, ctx, rung)
    if ctx.primer:  # race-window: a primer is short
        sets = min(sets, rules.PRIMER_SETS)
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


def _effort(exercise: Exercise, ctx: Context, rung: int) -> tuple[int, int, int, int, int]:
    """Bodyweight and band work by effort: reps rise through the block, a set comes in week 3."""
    table = rules.GOALS[ctx.goal]
    if ctx.familiar:
        sets = rules.FAMILIARISATION_SETS
    else:
        base = min(rules.working_sets(ctx.goal, ctx.phase), rules.EFFORT_BASE_SETS)
        sets = table.sets.low if ctx.short else base
        sets = min(sets + rules.EFFORT_SETS_LADDER[rung], table.sets.high)
        if ctx.bridge:  # novice-ramp: reps rise, sets stay at 3
            sets = min(sets, rules.BRIDGE_MAX_SETS)
        sets = _fewer(sets, ctx, floor=1) if ctx.light else sets
    reps, reps_max = rules.EFFORT_LADDER[ctx.goal][rung]
    reps, reps_max = _complex_cap(exercise, reps, reps_max)
    rir = rules.FAMILIARISATION_RIR if ctx.familiar else rules.TARGET_RIR
    rest = table.bodyweight_rest
    if exercise.skill:  # a get-up or windmill: a few slow, perfect reps a side
        sets, reps, reps_max = min(sets, 3), *rules.SKILL_REPS
        rir, rest = rules.SKILL_RIR, rules.SKILL_REST
    return sets, reps, reps_max, rir, rest


def session_contacts(ctx: Context) -> tuple[int, int]:
    """plyo-contacts: a session's (low, high) ground contacts for the runner and the phase."""
    low, high = rules.SESSION_CONTACTS[ctx.experience]
    if ctx.phase is not Phase.PRE_SEASON:
        share = rules.IN_SEASON_CONTACT_SHARE
        low, high = round(low * share), round(high * share)
    return low, high


def _plyo(exercise: Exercise, ctx: Context) -> tuple[int, int, int]:
    """Sets, reps and ground contacts for a jump drill: 2-5 sets, rising through the block."""
    _, high = session_contacts(ctx)
    if exercise.unilateral:
        reps, legs = 8, 2
    else:
        reps, legs = (15 if exercise.complexity == 1 else 10), 1
    if ctx.light:  # lighter than build week 1: the fewest sets of shorter ones
        reps = max(2, reps // 2)
        sets = rules.PLYO_SETS.low
    else:  # one more set each loading week, inside the session's ceiling
        sets = min(rules.PLYO_SETS.high, rules.PLYO_SETS.low + 1 + _rung(ctx))
        while sets * reps * legs > high and reps > 2:
            reps -= 1
    return sets, reps, sets * reps * legs


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


BRIDGE_REASON = (
    "first weeks of loading: 3 sets of 6-10 at 67-75% 1RM, 2 reps spare, building up to heavy "
    "sets (3-6 at 80%+) in the next block"
)
GOAL_REASON = {
    Goal.STRENGTH: "strength: 3-5 sets of 3-6 at 80-90% 1RM",
    Goal.HYPERTROPHY: "hypertrophy: 3-5 sets of 6-12 at 65-85% 1RM",
    Goal.ENDURANCE: "endurance: 2-5 sets of 12-20 under 67% 1RM",
}


@functools.lru_cache(maxsize=4096)
def prescribe(
    exercise: Exercise,
    ctx: Context,
    *,
    one_rm: float | None,
    implements: Implements,
    avoid: frozenset[Limitation],
    first_heavy: bool,
) -> Prescription:
    """The full prescription: dose, load from a known 1RM, ramp-up sets, and the reasons.

    Cached: a season asks for the same dose week after week (all its inputs are frozen).
    """
    p = soften(dose(exercise, ctx), _soft_reason(exercise, ctx, avoid))
    if ctx.primer:
        p = prime(p)
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
        notes=(*(c.note for c in exercise.softened_by(avoid)), *p.notes),
        warmup=warmup(p, planning, implements, first_heavy),
        one_rm=None if planning is None else round(planning, 2),
    )


def _soft_reason(exercise: Exercise, ctx: Context, avoid: frozenset[Limitation]) -> str | None:
    """Why this exercise is dosed lighter today, if it is (soften-dose)."""
    softened = exercise.softened_by(avoid)
    if softened:
        areas = ", ".join(dict.fromkeys(c.limitation.value for c in softened))
        if exercise.loading is Loading.CONTACTS:
            return f"fewer landings for your {areas}: half the reps of each set"
        if exercise.loading is Loading.ONE_RM:
            return (
                f"lighter for your {areas}: at most {rules.SOFT_MAX_PERCENT:g}% 1RM, 3+ reps spare"
            )
        return f"easier for your {areas}: stop with 3 or more reps to spare"
    if ctx.tired_legs and exercise.pattern in rules.LOWER_BODY and not ctx.primer:
        return f"lighter legs today ({ctx.tired_legs})"
    return None


def prime(p: Prescription) -> Prescription:
    """race-window: a lower-body lift two days before a race is light enough to leave no trace,
    at most 70% 1RM with a weight you could lift 11 times or more; other work keeps its dose."""
    if p.exercise.loading is not Loading.ONE_RM or p.exercise.pattern not in rules.LOWER_BODY:
        return p
    percent = None if p.percent_1rm is None else min(p.percent_1rm, rules.PRIMER_MAX_PERCENT)
    spare = rules.PRIMER_EFFORT_REPS - (p.reps or p.reps_max or 0)  # even the fewest reps
    rir = max(p.rir or 0, rules.SOFT_RIR, spare)
    note = "race in two days: light, to stay sharp, nothing to recover from"
    return replace(p, percent_1rm=percent, rir=rir, notes=(*p.notes, note))


def soften(p: Prescription, reason: str | None) -> Prescription:
    """soften-dose: the same sets and reps, at most 70% 1RM and 3 or more reps in reserve."""
    if reason is None or p.exercise.loading is Loading.TIME:
        return p
    if p.exercise.loading is Loading.CONTACTS:  # fewer landings: half the reps of each set
        reps = max(rules.SOFT_MIN_JUMP_REPS, (p.reps or 0) // 2)
        legs = 2 if p.per_side else 1
        return replace(
            p, reps=reps, reps_max=reps, contacts=p.sets * reps * legs, notes=(*p.notes, reason)
        )
    percent = None if p.percent_1rm is None else min(p.percent_1rm, rules.SOFT_MAX_PERCENT)
    rir = rules.SOFT_RIR if p.rir is None else max(p.rir, rules.SOFT_RIR)
    return replace(p, percent_1rm=percent, rir=rir, notes=(*p.notes, reason))


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
    if exercise.skill:
        parts.append("a skill lift: light and fast, stop when the speed or the positions change")
    elif exercise.eccentric:
        parts.append("lower as slowly as you can control; a few reps, building week by week")
    elif ctx.familiar:
        parts.append(
            "first weeks of lifting: learn the movement at a weight that leaves 3-4 reps spare"
        )
    if exercise.loading is Loading.ONE_RM:
        goal = rules.lift_goal(ctx.goal, exercise.pattern)
        if exercise.skill or ctx.familiar or (ctx.primer and exercise.pattern in rules.LOWER_BODY):
            pass
        elif ctx.bridge and goal is Goal.STRENGTH:
            parts.append(BRIDGE_REASON)
        elif goal is not ctx.goal:
            kind = "a calf" if exercise.pattern is Pattern.CALF else "an upper-body"
            parts.append(f"{kind} assistance lift: " + GOAL_REASON[goal])
        else:
            parts.append(GOAL_REASON[goal])
        if one_rm is not None and planning is not None:
            base = f"{one_rm:g} {units}"
            if ctx.scale > 1:
                grown = f"{100 * (ctx.scale - 1):.1f}".removesuffix(".0")
                base = f"{planning:.1f} {units} (your {one_rm:g} + {grown}%"
                base += " for the season's blocks)"
            parts.append(f"{p.percent_1rm:g}% of a 1RM of {base}")
        else:
            rir = p.rir or 0
            low, high = (p.reps or 0) + rir, (p.reps_max or p.reps or 0) + rir
            allowed = f"{low}-{high}" if high != low else f"{low}"
            parts.append(f"no 1RM known: a weight you could lift {allowed} times, stop {rir} short")
    elif exercise.loading is Loading.CONTACTS:
        low, high = session_contacts(ctx)
        parts.append(
            f"{p.contacts} ground contacts; {ctx.experience.value} runners take "
            f"{low}-{high} a session in {ctx.phase.value}"
        )
    if ctx.primer:
        parts.append("race primer: a few easy sets to feel sharp, no more than 2")
    elif ctx.light:
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
