"""The week planner: picks, doses and places a week's strength sessions from plain data."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable, Sequence

from runstrong.core import loads, rules
from runstrong.core.catalogue import Catalogue
from runstrong.core.model import (
    Athlete,
    Category,
    Equipment,
    Exercise,
    Goal,
    Loading,
    Pattern,
    Phase,
    Plan,
    Prescription,
    RunType,
    RunWeek,
    Session,
    Week,
)
from runstrong.core.scheduling import Slot, choose_days
from runstrong.errors import InputError, RuleViolation

# Slots a session fills, in the order they are dropped last-to-first when a session must shrink.
HINGE = "hinge"
KNEE = "knee"
HIPS = "hip-stability"
POWER = "power"
CORE = "core"
PULL = "pull"
EXTRA = "extra"

SLOT_PATTERNS: dict[str, frozenset[Pattern]] = {
    HINGE: frozenset({Pattern.HINGE}),
    KNEE: rules.KNEE,
    HIPS: frozenset({Pattern.HIP_STABILITY}),
    POWER: frozenset({Pattern.PLYOMETRIC}),
    CORE: frozenset({Pattern.CORE}),
    PULL: frozenset({Pattern.PULL}),
    EXTRA: frozenset({Pattern.SINGLE_LEG, Pattern.LUNGE, Pattern.CORE, Pattern.HIP_STABILITY}),
}

# Order inside a session: jumps while fresh, then the heavy lifts, then accessories, core last.
SESSION_ORDER = (POWER, HINGE, KNEE, EXTRA, PULL, HIPS, CORE)

GENERAL_WARMUP_SECONDS = 300  # easy movement and drills before the first set


def resolve_one_rms(athlete: Athlete, catalogue: Catalogue) -> dict[str, float]:
    """1RMs by exercise id, estimating from a recent set with Epley (docs/loads.md)."""
    known: dict[str, float] = {}
    for lift in athlete.lifts:
        exercise = catalogue.get(lift.exercise_id)
        if exercise.loading is not Loading.ONE_RM:
            loaded = [
                e.id for e in catalogue.all() if e.loading is Loading.ONE_RM and exercise.id in e.id
            ]
            hint = (
                f"did you mean {' or '.join(loaded)}?"
                if loaded
                else ("give lifts for weighted exercises such as back-squat or romanian-deadlift")
            )
            raise InputError(
                "--lift",
                f"'{exercise.id}' is dosed by {exercise.loading.value}, not from a 1RM",
                hint,
            )
        if exercise.id in known:
            raise InputError("--lift", f"'{exercise.id}' is given twice; give each lift once")
        one_rm = loads.one_rm(lift.weight, lift.reps) if lift.reps > 1 else lift.weight
        known[exercise.id] = round(one_rm, 2)
    return known


def session_count(athlete: Athlete, phase: Phase) -> int:
    """The sessions asked for, refused with the rule's name when the phase does not allow them."""
    cap = rules.MAX_SESSIONS[phase]
    count = rules.DEFAULT_SESSIONS[phase] if athlete.sessions is None else athlete.sessions
    if count < 1:
        raise InputError("--sessions", f"must be at least 1; got {count}")
    if count > cap:
        raise RuleViolation(
            "sessions-per-week", f"--sessions: {phase.value} allows at most {cap}; got {count}"
        )
    return count


def build_week(
    athlete: Athlete,
    catalogue: Catalogue,
    start: dt.date,
    *,
    one_rms: dict[str, float],
    seed: int = 0,
    index: int = 1,
    phase: Phase | None = None,
    runs: RunWeek | None = None,
    next_monday: RunType | None = None,
) -> Week:
    """One week of sessions placed around the runs; `start` must be a Monday."""
    if start.weekday() != 0:
        raise InputError("--start", f"a week starts on a Monday; {start} is a {start:%A}")
    phase = athlete.phase if phase is None else phase
    runs = athlete.runs if runs is None else runs
    count = session_count(athlete, phase)
    days = choose_days(runs, count, next_monday)
    rng = random.Random(seed * 7919 + index)
    pool = _pool(athlete, catalogue, phase)
    used: dict[str, int] = {}
    sessions = []
    for number, slot in enumerate(days):
        picks = _pick_session(athlete, phase, pool, one_rms, used, number, rng)
        sessions.append(_session(athlete, phase, start, slot, picks, one_rms))
        for exercise in picks:
            used[exercise.id] = used.get(exercise.id, 0) + 1
    _check_balance([e.exercise for s in sessions for e in s.exercises])
    return Week(index, start, phase, False, runs, tuple(sessions))


def _check_balance(week: list[Exercise]) -> None:
    """Refuse a week the equipment and limitations leave without a hinge, knee or trunk exercise."""
    patterns = {e.pattern for e in week}
    for name, wanted in (("hinge", {Pattern.HINGE}), ("knee", rules.KNEE), ("trunk", rules.TRUNK)):
        if not patterns & wanted:
            raise RuleViolation(
                "week-balance",
                f"--equipment/--avoid: nothing left for the {name} work every week needs; "
                "add equipment or avoid fewer areas",
            )


def build_plan(athlete: Athlete, catalogue: Catalogue, start: dt.date, seed: int = 0) -> Plan:
    """A one-week plan for the athlete from `start` (a Monday)."""
    one_rms = resolve_one_rms(athlete, catalogue)
    week = build_week(athlete, catalogue, start, one_rms=one_rms, seed=seed)
    return Plan(athlete, tuple(sorted(one_rms.items())), seed, (week,))


def _pool(athlete: Athlete, catalogue: Catalogue, phase: Phase) -> tuple[Exercise, ...]:
    """Exercises this runner can do this phase: equipment at hand, no limitation against them."""
    has = athlete.equipment | {Equipment.NONE}
    return tuple(
        e
        for e in catalogue.all()
        if e.needs() <= has
        and not e.avoided_by(athlete.avoid)
        and (e.loading is not Loading.CONTACTS or phase in rules.PLYO_PHASES)
    )


def _slots(phase: Phase, number: int) -> list[str]:
    """A session's slots by priority: both lower-body patterns, hips, power, trunk, pull."""
    lower = [HINGE, KNEE] if number % 2 == 0 else [KNEE, HINGE]
    power = [POWER] if phase in rules.PLYO_PHASES else []
    trunk = [CORE, PULL] if number % 2 == 0 else [PULL, CORE]
    return [*lower, HIPS, *power, *trunk, EXTRA]


def _pick_session(
    athlete: Athlete,
    phase: Phase,
    pool: Sequence[Exercise],
    one_rms: dict[str, float],
    used: dict[str, int],
    number: int,
    rng: random.Random,
) -> list[Exercise]:
    """Fill a session slot by slot, then trim it to the complexity and time budgets."""
    picked: list[tuple[str, Exercise]] = []
    for slot in _slots(phase, number):
        if len(picked) == rules.EXERCISES_PER_SESSION.high:
            break
        taken = {e.id for _, e in picked}
        candidates = [e for e in pool if e.pattern in SLOT_PATTERNS[slot] and e.id not in taken]
        if slot == POWER:
            candidates += [e for e in pool if e.category is Category.RUN_SPECIFIC]
        if not candidates:
            continue
        best = max(
            candidates, key=lambda e: _score(e, slot, athlete, phase, one_rms, used, picked, rng)
        )
        picked.append((slot, best))
    if len(picked) < rules.EXERCISES_PER_SESSION.low or not any(
        e.pattern in rules.LOWER_BODY for _, e in picked
    ):
        have = ", ".join(sorted(e.value for e in athlete.equipment)) or "none"
        raise RuleViolation(
            "exercises-per-session",
            f"--equipment: {have} cannot fill a session of "
            f"{rules.EXERCISES_PER_SESSION.low} exercises without breaking --avoid; add equipment",
        )
    # Slots were filled by priority, so the last one is always the one to let go.
    while len(picked) > rules.EXERCISES_PER_SESSION.low and (
        sum(e.complexity for _, e in picked) > rules.COMPLEXITY_BUDGET
    ):
        picked.pop()
    while len(picked) > rules.EXERCISES_PER_SESSION.low and _too_long(athlete, phase, picked):
        picked.pop()
    picked.sort(key=lambda pair: SESSION_ORDER.index(pair[0]))
    return [e for _, e in picked]


def _too_long(
    athlete: Athlete, phase: Phase, picked: list[tuple[str, Exercise]], short: bool = False
) -> bool:
    """True when the session would overrun the runner's time budget."""
    if athlete.minutes is None:
        return False
    doses = [_dose(athlete.goal, phase, e, short) for _, e in picked]
    return _minutes(doses, athlete.goal) > athlete.minutes


def _needs_short_sets(athlete: Athlete, phase: Phase, picks: list[Exercise]) -> bool:
    """Whether the session needs the fewest sets to fit `--minutes`; refuse if even that fails."""
    pairs = [("", e) for e in picks]
    if not _too_long(athlete, phase, pairs):
        return False
    if _too_long(athlete, phase, pairs, short=True):
        shortest = _minutes([_dose(athlete.goal, phase, e, True) for e in picks], athlete.goal)
        raise InputError(
            "--minutes",
            f"the shortest session for this goal takes about {shortest} minutes; "
            f"got {athlete.minutes}",
            "allow more minutes or choose --goal endurance",
        )
    return True


# How the planner weighs candidates for a slot (judgement, not training numbers; see docs/rules.md).
PRIORITY = 2.0  # one of the article's favourites
REPEAT = -8.0  # already in this week: variety wins unless nothing else fits
KNOWN_1RM = 6.0  # the runner gave this lift: real loads beat effort guesses
HEAVY = 3.0  # strength and hypertrophy want loadable lifts in the main slots
BARBELL = 1.5  # the bar loads heaviest: >= 80-90% 1RM helps economy most (Eihara et al. 2022)
SINGLE_LEG = 2.0  # pre-season and in-season lean on single-leg work (Bazyler 2015)
PAIRING = 2.0  # pair a two-legged lift with a single-leg one in a session
TECHNICAL = -1.0  # the most complex lifts only when the runner knows them
SECOND_TECHNICAL = -4.0  # one complexity-3 lift a session is plenty ([A]: less is more)
JITTER = 1.5  # the seed's say among near-equals


def _score(
    exercise: Exercise,
    slot: str,
    athlete: Athlete,
    phase: Phase,
    one_rms: dict[str, float],
    used: dict[str, int],
    picked: list[tuple[str, Exercise]],
    rng: random.Random,
) -> float:
    """How well an exercise fits a slot for this runner; the seed breaks near-ties."""
    score = (PRIORITY if exercise.priority else 0.0) + REPEAT * used.get(exercise.id, 0)
    heavy = exercise.loading is Loading.ONE_RM
    if slot in (HINGE, KNEE):
        known = exercise.id in one_rms
        score += KNOWN_1RM if known else 0.0
        if athlete.goal is Goal.ENDURANCE:
            score += HEAVY if not heavy or exercise.unilateral else 0.0
        elif heavy:
            score += HEAVY + (BARBELL if Equipment.BARBELL in exercise.equipment else 0.0)
        if phase is not Phase.OFF_SEASON and exercise.unilateral:
            score += SINGLE_LEG
        main = [e for s, e in picked if s in (HINGE, KNEE)]
        if any(e.unilateral != exercise.unilateral for e in main):
            score += PAIRING
        if exercise.complexity == 3:
            score += 0.0 if known else TECHNICAL
            score += SECOND_TECHNICAL if any(e.complexity == 3 for e in main) else 0.0
    elif slot == POWER:
        score += 1.0 if exercise.category is Category.RUN_SPECIFIC else 0.0
        score -= exercise.complexity if phase is Phase.IN_SEASON else 0
    else:
        score -= exercise.complexity - 1
    return score + rng.random() * JITTER


def _dose(goal: Goal, phase: Phase, exercise: Exercise, short: bool = False) -> Prescription:
    """Sets, reps or seconds, intensity and rest for one exercise; the load comes later."""
    table = rules.dose(goal)
    sets = table.sets.low if short else rules.working_sets(goal, phase)
    per_side = exercise.unilateral
    reps: int | None = None
    reps_max: int | None = None
    seconds: int | None = None
    percent: float | None = None
    rir: int | None = None
    contacts: int | None = None
    if exercise.loading is Loading.ONE_RM:
        reps, reps_max = table.target_reps
        if goal is Goal.ENDURANCE:
            percent = rules.ENDURANCE_PERCENT
        else:
            nsca = loads.percent_for_reps(reps_max + rules.TARGET_RIR)
            percent = min(max(nsca, table.percent[0]), table.percent[1])
        rir = rules.TARGET_RIR
        rest = table.rest.low if short else table.rest_default
    elif exercise.loading is Loading.TIME:
        if exercise.category is Category.RUN_SPECIFIC:
            sets = 4 if phase is Phase.IN_SEASON else 6
            seconds, rest = rules.SPRINT_SECONDS, rules.SPRINT_REST
        else:
            sets = min(sets, 2 if short else 3)
            seconds, rest = table.hold_seconds, rules.HOLD_REST
    elif exercise.loading is Loading.CONTACTS:
        reps = reps_max = 5 if phase is Phase.IN_SEASON else 6
        if per_side:
            sets = 2 if phase is Phase.IN_SEASON else 3
        else:
            sets = 3 if phase is Phase.IN_SEASON else 5
        contacts = sets * reps * (2 if per_side else 1)
        rest = rules.PLYO_REST
    elif exercise.complexity == 1:
        sets = 2 if short else rules.ACTIVATION_SETS.get(phase, rules.ACTIVATION_BASE_SETS)
        reps, reps_max = rules.ACTIVATION_REPS
        rir = rules.TARGET_RIR
        rest = rules.ACTIVATION_REST
    else:
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


def _exercise_seconds(p: Prescription) -> int:
    """Time an exercise takes: its sets, the rests between them, and getting set up."""
    sides = 2 if p.per_side else 1
    work = (p.seconds or (p.reps_max or 0) * rules.SECONDS_PER_REP) * sides
    return rules.SETUP_SECONDS + p.sets * work + (p.sets - 1) * p.rest_seconds


def _minutes(doses: Iterable[Prescription], goal: Goal) -> int:
    """A session's estimated minutes, with a general warm-up and ramp-up sets for heavy lifts."""
    doses = list(doses)
    total = GENERAL_WARMUP_SECONDS + sum(_exercise_seconds(p) for p in doses)
    if goal is not Goal.ENDURANCE and any(p.exercise.loading is Loading.ONE_RM for p in doses):
        total += rules.WARMUP_SECONDS_HEAVY
    return math.ceil(total / 60)


def _implement(exercise: Exercise) -> Equipment:
    """What the load is rounded to: the bar, a dumbbell, a kettlebell, or anything else."""
    for kind in (Equipment.BARBELL, Equipment.DUMBBELL, Equipment.KETTLEBELL):
        if kind in exercise.equipment:
            return kind
    return exercise.equipment[0]


def _prescribe(
    athlete: Athlete, phase: Phase, exercise: Exercise, one_rms: dict[str, float], short: bool
) -> Prescription:
    """The full prescription: dose, load from a known 1RM, and the reasons for both."""
    one_rm = one_rms.get(exercise.id)
    p = _dose(athlete.goal, phase, exercise, short)
    load = plates = None
    units = athlete.implements.units.value
    if p.percent_1rm is not None and one_rm is not None:
        rounded = loads.load_for(one_rm, p.percent_1rm, _implement(exercise), athlete.implements)
        load, plates = rounded.load, rounded.plates
    notes = tuple(c.note for c in exercise.softened_by(athlete.avoid))
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
        why=_why(athlete.goal, phase, exercise, p, one_rm, units),
        notes=notes,
    )


GOAL_REASON = {
    Goal.STRENGTH: "strength: 3-5 sets of 3-6 at 80-90% 1RM",
    Goal.HYPERTROPHY: "hypertrophy: 3-5 sets of 6-12 at 65-85% 1RM",
    Goal.ENDURANCE: "endurance: 2-5 sets of 12-20 under 67% 1RM",
}


def _why(
    goal: Goal, phase: Phase, exercise: Exercise, p: Prescription, one_rm: float | None, units: str
) -> str:
    """One line a coach would say: what the exercise is for, and where the dose comes from."""
    parts = [exercise.why.rstrip(".")] if exercise.why else [exercise.name]
    if exercise.loading is Loading.ONE_RM:
        parts.append(GOAL_REASON[goal])
        if one_rm is not None:
            parts.append(f"{p.percent_1rm:g}% of your 1RM of {one_rm:g} {units}")
        else:
            parts.append(f"no 1RM known: choose a weight you could lift {p.rir} more times")
    elif exercise.loading is Loading.CONTACTS:
        cap = rules.MAX_CONTACTS[phase]
        parts.append(f"{p.contacts} ground contacts, within {phase.value}'s cap of {cap}")
    if phase is Phase.IN_SEASON and exercise.loading is Loading.ONE_RM:
        parts.append("in season: same intensity, fewer sets, to keep what you built")
    return "; ".join(parts)


def _session(
    athlete: Athlete,
    phase: Phase,
    start: dt.date,
    slot: Slot,
    picks: list[Exercise],
    one_rms: dict[str, float],
) -> Session:
    """A dated session from the chosen exercises, with its focus and estimated length."""
    short = _needs_short_sets(athlete, phase, picks)
    exercises = tuple(_prescribe(athlete, phase, e, one_rms, short) for e in picks)
    lower = [e.pattern.value for e in picks if e.pattern in rules.LOWER_BODY]
    extras = [e.pattern.value for e in picks if e.pattern not in rules.LOWER_BODY]
    focus = " + ".join(dict.fromkeys(lower)) + (
        f"; {', '.join(dict.fromkeys(extras))}" if extras else ""
    )
    return Session(
        date=start + dt.timedelta(days=slot.weekday),
        minutes=_minutes(exercises, athlete.goal),
        focus=focus,
        placement=slot.placement,
        exercises=exercises,
    )
