"""Choosing exercises: slots a session fills, and how a candidate is weighed for a slot."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from runstrong.core import rules
from runstrong.core.catalogue import Catalogue
from runstrong.core.model import (
    Athlete,
    Category,
    Equipment,
    Exercise,
    Experience,
    Goal,
    Loading,
    Pattern,
    Phase,
)
from runstrong.errors import RuleViolation, ref

# Slots a session fills, by priority: when a session must shrink, the last filled goes first.
HINGE = "hinge"
KNEE = "knee"
HIPS = "hip-stability"
SPRINT = "sprint"
CORE = "core"
CALF = "calf"
PULL = "pull"
EXTRA = "extra"

SLOT_PATTERNS: dict[str, frozenset[Pattern]] = {
    HINGE: frozenset({Pattern.HINGE}),
    KNEE: rules.KNEE,
    HIPS: frozenset({Pattern.HIP_STABILITY}),
    SPRINT: frozenset({Pattern.CONDITIONING}),
    CORE: frozenset({Pattern.CORE}),
    CALF: frozenset({Pattern.CALF}),
    PULL: frozenset({Pattern.PULL}),
    EXTRA: frozenset(
        {Pattern.SINGLE_LEG, Pattern.LUNGE, Pattern.CORE, Pattern.HIP_STABILITY, Pattern.CALF}
    ),
}

# Order inside a session: sprints while fresh (the week's jumps go before them: plyo-first), then
# the heavy lifts, then accessories, core last.
SESSION_ORDER = (SPRINT, HINGE, KNEE, EXTRA, CALF, PULL, HIPS, CORE)

# How a candidate is weighed for a slot (judgement, not training numbers; see docs/rules.md).
PRIORITY = 2.0  # one of the article's favourites
REPEAT = -8.0  # already in this week: variety wins unless nothing else fits
ROTATE = -3.0  # used in the block before: a new block brings new exercises
PROGRESS = 4.0  # the harder version of an exercise mastered in the block before
KNOWN_1RM = 6.0  # the runner gave this lift: real loads beat effort guesses
HEAVY = 3.0  # strength and hypertrophy want loadable lifts in the main slots
BARBELL = 1.5  # the bar loads heaviest: >= 80-90% 1RM helps economy most (Eihara et al. 2022)
SINGLE_LEG = 2.0  # pre-season and in-season lean on single-leg work (Bazyler 2015)
PAIRING = 2.0  # pair a two-legged lift with a single-leg one in a session
TECHNICAL = -1.0  # the most complex lifts only when the runner knows them
SECOND_TECHNICAL = -8.0  # one complexity-3 lift a session is plenty ([A]: less is more)
IN_SEASON_SKILL = -3.0  # no new hard skills while racing: in season, keep what is known
SKILL = -6.0  # the heavy slots go to grinders (squat, deadlift, RDL, split squat, step-up)
MAIN_LIFT = 2.5  # ... and among grinders, to the main lifts a coach loads heaviest
HOLD_IN_MAIN = -3.0  # isometric holds (wall sit, split-squat hold) belong in the extra slot
ENDURANCE_COMPLEX = -4.0  # high reps want simple and single-leg lifts, not complex ones
NOVICE_JUMP = -3.0  # per complexity point: novices start with low-intensity drills
JITTER = 1.5  # the seed's say among near-equals


@dataclass
class Memory:
    """What the planner remembers while it picks: this week, and the block before."""

    week: dict[str, int] = field(default_factory=dict)
    last_block: frozenset[str] = frozenset()
    progressions: frozenset[str] = frozenset()  # harder versions of last block's exercises


def pool(athlete: Athlete, catalogue: Catalogue, phase: Phase) -> tuple[Exercise, ...]:
    """Exercises this runner can do this phase: equipment at hand, no limitation against them."""
    has = athlete.equipment | {Equipment.NONE}
    novice = athlete.experience is Experience.NOVICE
    return tuple(
        e
        for e in catalogue.all()
        if e.needs() <= has
        and not e.avoided_by(athlete.avoid)
        and not (novice and e.skill)  # novice-skills: no technical lifts in the first year
        and (e.loading is not Loading.CONTACTS or phase in rules.PLYO_PHASES)
    )


def progressions_of(ids: frozenset[str], catalogue: Catalogue) -> frozenset[str]:
    """Catalogue ids of the harder versions of these exercises."""
    found = set()
    for exercise_id in ids:
        for variation in catalogue.get(exercise_id).variations:
            target = variation.exercise_id
            if variation.kind == "progression" and target is not None and target in catalogue:
                found.add(catalogue.resolve(target))
    return frozenset(found)


def _slots(phase: Phase, number: int) -> list[str]:
    """A session's slots by priority: both lower-body patterns, hips, sprints, trunk, pull.

    Jumps are not a slot: the week decides which sessions carry them (plyo-days).
    """
    lower = [HINGE, KNEE] if number % 2 == 0 else [KNEE, HINGE]
    # Hill sprints or the sled once a week, on top of the jumps (the second session, or the
    # only one): the most running-specific strength work [A], not a stand-in for plyometrics.
    sprint = [SPRINT] if phase in rules.PLYO_PHASES and number == 1 else []
    # Calf and soleus raises in every other session, where the core work would be (the hips keep
    # the trunk covered): the calves carry most of each stride's load (Dorn et al. 2012).
    trunk = [CORE, PULL] if number % 2 == 0 else [PULL, CALF, CORE]
    return [*lower, HIPS, *sprint, *trunk, EXTRA]


def pick_session(
    athlete: Athlete,
    phase: Phase,
    candidates: Sequence[Exercise],
    one_rms: dict[str, float],
    memory: Memory,
    number: int,
    rng: random.Random,
    too_long: Callable[[list[Exercise]], bool],
    *,
    excluded: frozenset[str] = frozenset(),
    reserved: Sequence[Exercise] = (),
    chain: Callable[[str], frozenset[str]] = lambda _: frozenset(),
) -> list[Exercise]:
    """Fill a session slot by slot, then trim it to the complexity and time budgets.

    `excluded` ids are never picked (easier versions of what the runner has moved past);
    `reserved` exercises (a jump drill) come on top and count against the budgets; `chain`
    gives an exercise's easier and harder versions: one step of a chain a session.
    """
    picked: list[tuple[str, Exercise]] = []
    room = rules.EXERCISES_PER_SESSION.high - len(reserved)
    novice = athlete.experience is Experience.NOVICE
    for slot in _slots(phase, number):
        if len(picked) == room:
            break
        taken = {e.id for _, e in picked} | {e.id for e in reserved}
        linked = frozenset().union(*(chain(t) for t in taken))
        patterns = {e.pattern for _, e in picked} | {e.pattern for e in reserved}
        # learn-before-load: a novice session loads one two-legged lift; the rest is single-leg
        two_legged = sum(rules.bilateral_lift(e) for _, e in picked)
        full = novice and two_legged >= rules.NOVICE_BILATERAL_LIFTS
        fits = [
            e
            for e in candidates
            if e.pattern in SLOT_PATTERNS[slot]
            and e.id not in taken
            and e.id not in excluded
            and e.id not in linked
            and e.pattern not in patterns  # pattern-once
            and e.loading is not Loading.CONTACTS
            and (slot != SPRINT or e.category is Category.RUN_SPECIFIC)
        ]
        # every fit is weighed (the seed's draws stay the same), then the rule filters
        scores = [_score(e, slot, athlete, phase, one_rms, memory, picked, rng) for e in fits]
        allowed = [i for i, e in enumerate(fits) if not (full and rules.bilateral_lift(e))]
        if not allowed:
            continue
        picked.append((slot, fits[max(allowed, key=lambda i: scores[i])]))
    if len(picked) < rules.EXERCISES_PER_SESSION.low or not any(
        e.pattern in rules.LOWER_BODY for _, e in picked
    ):
        have = ", ".join(sorted(e.value for e in athlete.equipment)) or "none"
        raise RuleViolation(
            "exercises-per-session",
            f"{ref('equipment')}: {have} cannot fill a session of "
            f"{rules.EXERCISES_PER_SESSION.low} exercises without breaking {ref('avoid')}; "
            "add equipment",
        )
    # Slots were filled by priority, so the last one is always the one to let go.
    low = rules.EXERCISES_PER_SESSION.low  # the picks stand alone if the jumps do not fit
    while len(picked) > low and (
        sum(e.complexity for _, e in picked) + sum(e.complexity for e in reserved)
        > rules.COMPLEXITY_BUDGET
    ):
        picked.pop()
    while len(picked) > low and too_long([*reserved, *(e for _, e in picked)]):
        picked.pop()
    picked.sort(key=lambda pair: SESSION_ORDER.index(pair[0]))
    return [e for _, e in picked]


def pick_activation(candidates: Sequence[Exercise], familiar: frozenset[str]) -> list[Exercise]:
    """Three light movements for a taper or recovery session: nothing heavy, nothing new.

    familiar-only: the season's own light movements first (hinge, knee, trunk), then its other
    bodyweight work; a movement the runner has not done comes only when nothing familiar is left.
    """
    easy = [
        e
        for e in candidates
        if e.loading in (Loading.BODYWEIGHT, Loading.BAND, Loading.TIME)
        and e.category is not Category.RUN_SPECIFIC
        and e.pattern not in (Pattern.CONDITIONING, Pattern.PLYOMETRIC, Pattern.PULL, Pattern.PUSH)
        and not e.skill
    ]
    tiers = (
        [e for e in easy if e.complexity == 1 and e.id in familiar],
        [e for e in easy if e.complexity == 2 and e.id in familiar],
        [e for e in easy if e.complexity == 1 and e.id not in familiar],
    )
    picks: list[Exercise] = []
    familiar_ones = [*tiers[0], *tiers[1]]
    passes = (  # (candidates, one exercise a pattern?)
        (tiers[0], True),
        (tiers[1], True),
        (familiar_ones, False),  # a light session may repeat a pattern rather than add a new move
        (tiers[2], True),
    )
    for tier, distinct in passes:
        for patterns in (frozenset({Pattern.HINGE}), rules.KNEE, rules.TRUNK, rules.TRUNK):
            if len(picks) >= rules.EXERCISES_PER_SESSION.low:
                return picks
            used = {e.pattern for e in picks} if distinct else set()
            fits = [
                e
                for e in tier
                if e.pattern in patterns and e.pattern not in used and e not in picks
            ]
            if fits:
                picks.append(min(fits, key=lambda e: (not e.priority, e.id)))
    return picks


def _score(
    exercise: Exercise,
    slot: str,
    athlete: Athlete,
    phase: Phase,
    one_rms: dict[str, float],
    memory: Memory,
    picked: list[tuple[str, Exercise]],
    rng: random.Random,
) -> float:
    """How well an exercise fits a slot for this runner; the seed breaks near-ties."""
    score = (PRIORITY if exercise.priority else 0.0) + REPEAT * memory.week.get(exercise.id, 0)
    score += SKILL if exercise.skill else 0.0
    if exercise.id in memory.last_block and exercise.id not in one_rms:
        score += ROTATE  # the lifts you gave stay: their loads are the season's yardstick
    score += PROGRESS if exercise.id in memory.progressions else 0.0
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
        if exercise.loading is Loading.TIME:
            score += HOLD_IN_MAIN  # a hold is an extra, not the session's main knee or hinge work
        if athlete.goal is not Goal.ENDURANCE and exercise.id in rules.MAIN_LIFTS:
            score += MAIN_LIFT
        if athlete.goal is Goal.ENDURANCE and exercise.complexity == 3:
            score += ENDURANCE_COMPLEX
        if exercise.complexity == 3:
            score += 0.0 if known else TECHNICAL
            score += IN_SEASON_SKILL if phase is Phase.IN_SEASON and not known else 0.0
            score += SECOND_TECHNICAL if any(e.complexity == 3 for e in main) else 0.0
    elif slot == SPRINT:
        score -= exercise.complexity if phase is Phase.IN_SEASON else 0
    else:
        score -= exercise.complexity - 1
    return score + rng.random() * JITTER


def pick_jump(
    athlete: Athlete,
    phase: Phase,
    candidates: Sequence[Exercise],
    memory: Memory,
    rng: random.Random,
    *,
    excluded: frozenset[str] = frozenset(),
) -> Exercise | None:
    """The block's jump drill: low-intensity ones for novices and in season, rotated by block."""
    drills = [e for e in candidates if e.loading is Loading.CONTACTS and e.id not in excluded]
    if not drills:
        return None

    def score(e: Exercise) -> float:
        value = ROTATE if e.id in memory.last_block else 0.0
        if athlete.experience is Experience.NOVICE:
            value += NOVICE_JUMP * (e.complexity - 1)
        if phase is Phase.IN_SEASON:
            value -= e.complexity
        return value + rng.random() * JITTER

    return max(drills, key=score)
