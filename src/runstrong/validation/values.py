"""The validator's rule values: its own reading of docs/rules.md, kept apart from the planner's.

The planner's values live in runstrong.core; these are a second, deliberate reading, so a mistake
in one shows up as a disagreement with the other.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA = "runstrong.plan/1"

# --- Closed lists (docs/plan-json.md, SPEC "Contracts") ------------------------------------------

GOALS = ("strength", "hypertrophy", "endurance")
EXPERIENCE = ("novice", "intermediate", "advanced")
UNITS = ("kg", "lb")
PHASES = ("off-season", "pre-season", "in-season", "taper", "recovery")
CATEGORIES = ("weights", "bodyweight", "plyometric", "run-specific")
PATTERNS = (
    "hinge",
    "squat",
    "lunge",
    "single-leg",
    "calf",
    "push",
    "pull",
    "core",
    "hip-stability",
    "plyometric",
    "conditioning",
)
LOADINGS = ("1rm", "bodyweight", "band", "time", "contacts")
EQUIPMENT = (
    "barbell",
    "dumbbell",
    "kettlebell",
    "trx",
    "band",
    "stability-ball",
    "box",
    "bench",
    "jump-rope",
    "wobble-board",
    "pull-up-bar",
    "battle-ropes",
    "sled",
    "hill",
    "none",
)
RUN_TYPES = ("rest", "easy", "recovery", "long", "tempo", "intervals", "hills", "race")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# No strength the day before these (Doma & Deakin 2013, Appl Physiol Nutr Metab 38:651).
KEY_RUNS = frozenset({"long", "tempo", "intervals", "hills", "race"})

LOWER_BODY = frozenset({"hinge", "squat", "lunge", "single-leg"})
KNEE_DOMINANT = frozenset({"squat", "lunge", "single-leg"})
TRUNK = frozenset({"core", "hip-stability"})


# --- The rule values: our own reading of docs/rules.md -------------------------------------------


@dataclass(frozen=True)
class Span:
    """An allowed closed range lo..hi; `below` makes it 'under hi' (0 < x < hi) instead."""

    lo: float
    hi: float
    below: bool = False

    def __contains__(self, value: float) -> bool:
        if self.below:
            return 0 < value < self.hi
        return self.lo <= value <= self.hi

    def text(self, unit: str = "") -> str:
        """The range as people write it: '120-300 s', '30 s or less', 'under 67% 1RM'."""
        if self.below:
            return f"under {fmt(self.hi)}{unit}"
        if self.lo == 0:
            return f"{fmt(self.hi)}{unit} or less"
        return f"{fmt(self.lo)}-{fmt(self.hi)}{unit}"


@dataclass(frozen=True)
class LiftDose:
    """Sets, reps, %1RM and rest (s) for 1RM lifts of one goal ([A]; rest [NSCA])."""

    sets: Span
    reps: Span
    percent: Span
    rest: Span


LIFT_DOSE = {
    "strength": LiftDose(Span(3, 5), Span(3, 6), Span(80, 90), Span(120, 300)),
    "hypertrophy": LiftDose(Span(3, 5), Span(6, 12), Span(65, 85), Span(30, 90)),
    "endurance": LiftDose(Span(2, 5), Span(12, 20), Span(0, 67, below=True), Span(0, 30)),
}

# Bodyweight and band work: sets as the goal, reps and rest by goal (docs/rules.md).
EFFORT_REPS = {"strength": Span(6, 12), "hypertrophy": Span(6, 12), "endurance": Span(12, 20)}
EFFORT_REST = {"strength": Span(30, 90), "hypertrophy": Span(30, 90), "endurance": Span(0, 30)}
# Activation work (bodyweight or band, complexity 1) is muscular-endurance work whatever the goal:
# 2-3 sets of 12-20 with 30 s or less between sets (NSCA).
ACTIVATION_SETS, ACTIVATION_REPS, ACTIVATION_REST = Span(2, 3), Span(12, 20), Span(0, 30)

# Timed work: holds 20-45 s rest 30-90 s; run-specific efforts 8-15 s with 90-180 s walk-back.
HOLD_SECONDS, HOLD_REST = Span(20, 45), Span(30, 90)
EFFORT_SECONDS, EFFORT_REST_RUN = Span(8, 15), Span(90, 180)
# docs/rules.md gives no set range for timed work or plyometrics; this reading allows 1-6 sets.
OTHER_SETS = Span(1, 6)
PLYO_REST = Span(60, 120)

# Plyometric ground contacts per session by the week's phase. docs/rules.md: "only in pre-season
# and in-season", so off-season, taper and recovery weeks allow none (our reading for the last two).
PLYO_CAP = {"pre-season": 80, "in-season": 40, "off-season": 0, "taper": 0, "recovery": 0}

# Sessions a week by the week's phase. docs/rules.md names only the three season phases; for taper
# and recovery weeks (the planner's own phases) we allow at most 2, and 0 is fine there.
SESSIONS = {
    "off-season": Span(1, 4),
    "pre-season": Span(1, 4),
    "in-season": Span(1, 2),
    "taper": Span(0, 2),
    "recovery": Span(0, 2),
}

EXERCISES = Span(3, 5)  # exercises a session ([A])
# The sum of a session's complexities (1-3 each) with 4 or 5 exercises: runstrong's reading of
# [A]'s "the heavier or more complex, the fewer".
COMPLEXITY_BUDGET = 10
# Upper-body assistance lifts are dosed as hypertrophy with the strength goal: 6-12 reps at
# moderate loads, as the NSCA doses assistance exercises.
ASSISTANCE_PATTERNS = ("pull", "push", "calf")  # and calf raises: 3-4 x 6-12 (research 8)
SESSION_KINDS = ("strength", "activation", "retest")
# A season may plan from a 1RM grown by at most 2.5% a block (NSCA: 2-10% increments).
BLOCK_GROWTH = 1.025
# A barbell load may miss its target by at most this much when the plates are coarse.
BARBELL_MIN_TOLERANCE = {"kg": 2.5, "lb": 5.0}
LIMIT = 10**9  # numbers beyond this are not plausible in a plan (and keep float maths safe)
EPS = 1e-6


def fmt(value: object) -> str:
    """A number as people write it: 82.5, 80 (not 80.0)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < LIMIT:
        return str(int(value))
    if isinstance(value, int) and abs(value) >= LIMIT:
        return "a huge number"
    return str(value) if isinstance(value, int | float) else repr(value)[:60]


# --- Coaching principles (docs/rules.md "Coaching principles"): this reading's own values -------

# first-exposure: a novice's first two weeks of lifting are familiarisation: at most 3 sets, at
# most 75% 1RM, 3 or more reps in reserve, no jumps (ACSM 2009; research 5.2).
FAMILIARISATION_WEEKS = {"novice": 2}
FAMILIAR_SETS = Span(1, 3)
NOVICE_SESSIONS = 3  # novices lift on 2-3 days a week (ACSM 2009, NSCA)
FAMILIAR_REPS = Span(8, 12)
FAMILIAR_MAX_PERCENT = 75.0
FAMILIAR_MIN_RIR = 3
# skill-dose: technical lifts light and fast: 2-4 sets of 1-5 reps, RIR >= 3, under 75% 1RM,
# >= 2 min rest (research 5.3).
SKILL_SETS = Span(1, 4)  # a lighter week may take a single set
SKILL_REPS = Span(1, 5)
SKILL_MAX_PERCENT = 70.0
SKILL_MIN_RIR = 3
SKILL_REST = Span(120, 300)
# eccentric-dose: Nordic curls build up (Petersen et al. 2011; research 8): 1-3 sets of 3-8 reps.
ECCENTRIC_SETS = Span(1, 3)
ECCENTRIC_REPS = Span(3, 8)
ECCENTRIC_REST = Span(60, 180)
# race-window: a session in the 2 days before a race is a primer: no jumps, no run-specific
# efforts, no eccentric work (soreness peaks 24-72 h), lower-body lifts at most 70% 1RM with a
# weight you could lift 11 times or more (NSCA: 11 reps = 70%) and 3+ in reserve, at most 2 sets
# of anything (research 3.2 rule 2: no heavy legs or jumps within 24-48 h of a race; research
# 3.4: short, light sessions in the final days). The 2 days are runstrong's convention.
RACE_WINDOW_DAYS = 2
PRIMER_SETS = 2
PRIMER_MAX_PERCENT = 70.0
PRIMER_EFFORT_REPS = 11
# complex-reps: complexity-3 lifts never for more than 12 reps.
COMPLEX_MAX_REPS = 12
# soften-dose / after-long-run: a softened lift at most 70% 1RM, RIR >= 3; heavy = >= 80% 1RM.
SOFT_MAX_PERCENT = 70.0
SOFT_MIN_RIR = 3
# A drill a limitation softens lands fewer times: at most 8 a set (4 a side), half a usual set.
SOFT_JUMP_REPS = {"both legs": 8, "per side": 4}
HEAVY_PERCENT = 80.0
LEG_TIRING = frozenset({"long", "race"})
# plyo-days: jump days a week by experience; never consecutive; never on or after a long run.
PLYO_DAYS = {"novice": 2, "intermediate": 2, "advanced": 3}
PLYO_SETS = Span(2, 5)
# plyo-contacts per session by experience, pre-season (low, high); in season about half (Chu;
# research 3.7). A loading week's jump session takes at least the table's smallest figure (a
# novice in season: 40 halved): fewer is hardly a stimulus.
SESSION_CONTACTS = {"novice": (40, 80), "intermediate": (80, 120), "advanced": (100, 150)}
IN_SEASON_SHARE = 0.5
JUMP_FLOOR = 20
# taper-volume: weeks that start within 21 days of the race: at most 2 sets of a lift.
TAPER_VOLUME_DAYS = 21
TAPER_VOLUME_SETS = 2
FINAL_DAYS = 7
# familiar-only applies once the plan has two weeks of sessions behind it to draw from.
FAMILIAR_AFTER_DAYS = 14
# new-lift-lighter: an exercise new to the runner, dosed by effort, stops 3 or more reps short
# in its first week, once the plan has two weeks behind it (research 5.2: the first session of
# any new exercise is one step lighter, RIR + 1 over the usual 2; Bridgeman et al. 2015).
NEW_LIFT_MIN_RIR = 3
NEW_LIFT_AFTER_DAYS = 14
# learn-before-load: a novice loads heavy only what they have learnt light (ACSM 2009: novices
# progress by load on the lifts they practise; Blagrove & Hooper: movement competency first;
# research 5.2). Our reading: the loading weeks of the block after familiarisation take (from a
# 1RM) only the hinge, squat, lunge and single-leg lifts of the familiarisation weeks or easier
# versions; later, a complexity-3 one is never new in a loading week; one two-legged one a session.
NOVICE_NEW_COMPLEXITY = 3
NOVICE_TWO_LEGGED = 1
# novice-ramp: after a novice's familiarisation, the loading weeks up to the first lighter week,
# that week, and a taper straight after them, bridge to heavy work (research 5.2: weeks 3-6 take
# 2-3 sets moving toward 6-10 reps at RIR 2-3; heavy work of <= 6 reps at >= 80% from about week
# 6-8). Our reading: no lift above 75% 1RM (the NSCA's 10 reps) or under 6 reps or 2 in reserve,
# no lift or bodyweight or band exercise above 3 sets, no re-test; the strength goal's lifts take
# 2-3 sets of 6-10 at 65-75% 1RM instead of its own dose, with its rest.
BRIDGE_MAX_SETS = 3
BRIDGE_MAX_PERCENT = 75.0
BRIDGE_MIN_REPS = 6
BRIDGE_MIN_RIR = 2
BRIDGE_STRENGTH = LiftDose(Span(2, 3), Span(6, 10), Span(65, 75), LIFT_DOSE["strength"].rest)
