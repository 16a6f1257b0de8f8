"""The coach's rules as data: one table per rule, each value next to its source.

Sources: [A] the coach's article "Strength training for runners" (shared/seed);
[NSCA] Baechle & Earle, Essentials of Strength Training and Conditioning. See docs/rules.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from runstrong.core.model import Distance, Goal, Pattern, Phase, RunType


@dataclass(frozen=True)
class Range:
    """An inclusive range of whole numbers."""

    low: int
    high: int

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and self.low <= value <= self.high

    def __str__(self) -> str:
        return f"{self.low}-{self.high}"


@dataclass(frozen=True)
class GoalDose:
    """How a goal doses lifts loaded from a 1RM, and effort-based work."""

    sets: Range  # [A]
    reps: Range  # [A]
    percent: tuple[float, float]  # %1RM range [A]
    rest: Range  # seconds between sets [NSCA]
    rest_default: int
    base_sets: int  # off-season and pre-season
    maintenance_sets: int  # in season: same intensity, fewest sets (Rønnestad & Mujika 2014)
    target_bodyweight_reps: tuple[int, int]
    bodyweight_rest: int
    hold_seconds: int


GOALS: dict[Goal, GoalDose] = {
    # [A]: 3-5 sets, 3-6 reps, 80-90% 1RM; [NSCA]: rest 2-5 min for strength.
    Goal.STRENGTH: GoalDose(
        sets=Range(3, 5),
        reps=Range(3, 6),
        percent=(80.0, 90.0),
        rest=Range(120, 300),
        rest_default=180,
        base_sets=4,
        maintenance_sets=3,
        target_bodyweight_reps=(6, 8),
        bodyweight_rest=75,
        hold_seconds=30,
    ),
    # [A]: 3-5 sets, 6-12 reps, 65-85% 1RM; [NSCA]: rest 30-90 s for hypertrophy.
    Goal.HYPERTROPHY: GoalDose(
        sets=Range(3, 5),
        reps=Range(6, 12),
        percent=(65.0, 85.0),
        rest=Range(30, 90),
        rest_default=75,
        base_sets=4,
        maintenance_sets=3,
        target_bodyweight_reps=(10, 12),
        bodyweight_rest=60,
        hold_seconds=30,
    ),
    # [A]: 2-5 sets, 12-20 reps, under 67% 1RM or bodyweight/bands/TRX; [NSCA]: rest <= 30 s.
    Goal.ENDURANCE: GoalDose(
        sets=Range(2, 5),
        reps=Range(12, 20),
        percent=(40.0, 66.0),
        rest=Range(15, 30),
        rest_default=30,
        base_sets=3,
        maintenance_sets=2,
        target_bodyweight_reps=(15, 20),
        bodyweight_rest=30,
        hold_seconds=45,
    ),
}

TARGET_RIR = 2
"""Reps kept in reserve on working sets: lift to get stronger, not to fail (Zourdos 2016)."""

# [A]: in season 2 a week and not more; off-season and pre-season up to 4.
MAX_SESSIONS: dict[Phase, int] = {
    Phase.OFF_SEASON: 4,
    Phase.PRE_SEASON: 4,
    Phase.IN_SEASON: 2,
    Phase.TAPER: 2,
    Phase.RECOVERY: 2,
}

# 2-3 a week improved running economy in trials (Blagrove et al. 2018, Sports Med 48:1117).
DEFAULT_SESSIONS: dict[Phase, int] = {
    Phase.OFF_SEASON: 3,
    Phase.PRE_SEASON: 2,
    Phase.IN_SEASON: 2,
    Phase.TAPER: 1,
    Phase.RECOVERY: 1,
}

# [A]: 3-5 exercises a session; the heavier or more complex, the fewer.
EXERCISES_PER_SESSION = Range(3, 5)
COMPLEXITY_BUDGET = 10
"""Sum of complexity (1-3 each) a session may hold above three exercises: [A]'s "less is more"."""

LOWER_BODY = frozenset({Pattern.HINGE, Pattern.SQUAT, Pattern.LUNGE, Pattern.SINGLE_LEG})
KNEE = frozenset({Pattern.SQUAT, Pattern.LUNGE, Pattern.SINGLE_LEG})
TRUNK = frozenset({Pattern.CORE, Pattern.HIP_STABILITY})

PLYO_PHASES = frozenset({Phase.PRE_SEASON, Phase.IN_SEASON})
"""Plyometrics once a strength base exists: pre-season power, in-season upkeep (Bazyler 2015)."""

# Ground contacts a session: beginners 40-80 (Chu, Jumping into Plyometrics), halved in season.
MAX_CONTACTS: dict[Phase, int] = {
    Phase.OFF_SEASON: 80,
    Phase.PRE_SEASON: 80,
    Phase.IN_SEASON: 40,
    Phase.TAPER: 0,
    Phase.RECOVERY: 0,
}

PLYO_REST = 90
"""Work:rest 1:5 to 1:10 (Chu): a 10 s set of jumps earns 60-120 s."""

HOLD_REST = 45
"""Short holds with short rests keep trunk form (McGill, Low Back Disorders)."""

# Activation work (bodyweight or band, complexity 1: glute-med raises, band walks, bridges) is
# muscular-endurance work whatever the goal: 2-3 sets of 12-20, 30 s or less between sets (NSCA).
ACTIVATION_SETS = {Phase.IN_SEASON: 2}
ACTIVATION_BASE_SETS = 3
ACTIVATION_REPS = (12, 15)
ACTIVATION_REST = 30

SPRINT_SECONDS = 10
SPRINT_REST = 120
"""Short hill sprints or sled pushes, 8-15 s, with a full walk-back recovery of 90-180 s."""

SECONDS_PER_REP = 4  # a controlled rep, up and down
SETUP_SECONDS = 60  # moving to the exercise, loading the bar
WARMUP_SECONDS_HEAVY = 180  # ramp-up sets before the first heavy lift of a session

KEY_RUNS = frozenset({RunType.LONG, RunType.TEMPO, RunType.INTERVALS, RunType.HILLS, RunType.RACE})
"""Runs the strength work must never spoil (SPEC: the key sessions)."""
HARD_RUNS = frozenset({RunType.TEMPO, RunType.INTERVALS, RunType.HILLS})

# Day preference (higher first): hard days hard, after the run (Doma & Deakin 2013; SPEC placement).
DAY_PREFERENCE: dict[RunType, int] = {
    RunType.INTERVALS: 4,
    RunType.TEMPO: 4,
    RunType.HILLS: 4,
    RunType.EASY: 3,
    RunType.RECOVERY: 3,
    RunType.REST: 2,
    RunType.LONG: 1,
    RunType.RACE: 0,
}

SESSIONS_MAY_TOUCH = 4
"""Only a 4-session week may put two sessions on consecutive days (Robineau et al. 2016)."""


def dose(goal: Goal) -> GoalDose:
    """The goal's dosing table."""
    return GOALS[goal]


def working_sets(goal: Goal, phase: Phase) -> int:
    """Sets per exercise: the goal's base volume, or its fewest sets to maintain in season."""
    table = GOALS[goal]
    return table.maintenance_sets if phase is Phase.IN_SEASON else table.base_sets


ASSISTANCE = frozenset({Pattern.PULL, Pattern.PUSH})
"""Upper-body lifts assist the runner's legs: dosed as the NSCA doses assistance exercises, at
moderate loads for 6-12 reps, even when the goal is strength (the legs get the heavy work)."""


def lift_goal(goal: Goal, pattern: Pattern) -> Goal:
    """The goal that doses a 1RM lift: strength's upper-body assistance lifts use hypertrophy's."""
    return Goal.HYPERTROPHY if goal is Goal.STRENGTH and pattern in ASSISTANCE else goal


# --- Seasons (docs/seasons.md) -------------------------------------------------------------

# The taper, counted in weeks with the race week, and the last heavy session before the race:
# >= 10 days before a half or full marathon, >= 7 days before 5-10 km (a synthesis of Murach &
# Bagley 2015, Sports 3:209, and practitioner guidance; see research 3.4). Track races (800 m to
# 3000 m steeplechase) are shorter still: they take the 5-10 km rule, the shortest the synthesis
# gives, which also matches the ~7-day strength-sport taper (Bell et al. 2023; research 3.4).
TAPER_WEEKS: dict[Distance, int] = {
    Distance.M800: 1,
    Distance.M1500: 1,
    Distance.MILE: 1,
    Distance.M3000: 1,
    Distance.STEEPLE: 1,
    Distance.FIVE_K: 1,
    Distance.TEN_K: 1,
    Distance.HALF: 2,
    Distance.MARATHON: 2,
    Distance.ULTRA: 2,
}
LAST_HEAVY_DAYS: dict[Distance, int] = {
    Distance.M800: 7,
    Distance.M1500: 7,
    Distance.MILE: 7,
    Distance.M3000: 7,
    Distance.STEEPLE: 7,
    Distance.FIVE_K: 7,
    Distance.TEN_K: 7,
    Distance.HALF: 10,
    Distance.MARATHON: 10,
    Distance.ULTRA: 10,
}
DEFAULT_DISTANCE = Distance.MARATHON
FINAL_DAYS = 7
"""In the last 7 days before a race: at most one short, light session (research 3.4)."""
ACTIVATION_DAYS_BEFORE = (3, 4, 2, 5)
"""Preferred days before the race for that session, best first: fresh legs on race day."""
RECOVERY_DAYS_AFTER = 3
"""No strength in the first days after a race; then one light session in the recovery week."""

# Phase lengths in weeks, filled backwards from the race (Bazyler et al. 2015, Strength Cond J:
# build force first, then power; Eihara et al. 2022: blocks of >= 10 weeks help most).
IN_SEASON_WEEKS = 4
PRE_SEASON_WEEKS = 6
MIN_PRE_SEASON_WEEKS = 2  # shorter goes to the in-season block
MIN_OFF_SEASON_WEEKS = 3  # shorter goes to the pre-season block
MAX_PLAN_WEEKS = 52

LOADING_WEEKS = 3
"""Three loading weeks, then a lighter one (the 3:1 mesocycle; Bell et al. 2023, research 3.6)."""

# Week-to-week ladder inside a block: (sets, (reps, reps_max)) for loading weeks 1-3. Intensity
# follows the reps (NSCA %1RM of reps_max + 2 in reserve), staying inside the goal's range [A].
LADDER: dict[Goal, tuple[tuple[int, tuple[int, int]], ...]] = {
    Goal.STRENGTH: ((3, (5, 6)), (4, (4, 5)), (4, (3, 4))),
    Goal.HYPERTROPHY: ((3, (10, 12)), (4, (8, 10)), (4, (6, 8))),
    Goal.ENDURANCE: ((2, (15, 20)), (3, (15, 20)), (3, (12, 15))),
}
ENDURANCE_LADDER_PERCENT = (55.0, 58.0, 60.0)
"""Endurance stays under 67% 1RM [A]; a few points a week, 15-20 reps far from failure."""

BLOCK_INCREASE = 0.025
"""Planning 1RM raised 2.5% a block: the low end of the NSCA's 2-10% load increments."""

DELOAD_SET_SHARE = 0.5
"""Deload and taper weeks halve the sets and keep the intensity (Murach & Bagley 2015: cut volume
40-60%, hold intensity); deloads hold the goal's lowest intensity (Bell et al. 2023)."""

# Ramp-up sets before heavy work (>= 75% 1RM): progressively heavier, few reps (NSCA specific
# warm-up). (reps, %1RM); the last is 10 points under the working intensity.
WARMUP_RAMP = ((5, 40.0), (3, 60.0))
WARMUP_THRESHOLD = 75.0

RETEST_REPS = (3, 5)
"""A re-test works up to one set of 3-5 reps: the best predictor of 1RM (Reynolds et al. 2006)."""
RETEST_PERCENT = 87.0  # the NSCA's 5RM: where the test set starts
RETEST_HOLD = "side-plank"
"""The trunk test: a side-plank held as long as form lasts (McGill's endurance tests)."""

# Plyometric ground contacts of a session by loading week (1-3): rising, inside MAX_CONTACTS
# (beginners 40-80 a session, halved in season: Chu; research 3.7), and inside a weekly cap.
PLYO_CONTACTS: dict[Phase, tuple[int, int, int]] = {
    Phase.PRE_SEASON: (30, 40, 50),
    Phase.IN_SEASON: (16, 20, 24),
}
WEEKLY_CONTACTS: dict[Phase, int] = {Phase.PRE_SEASON: 160, Phase.IN_SEASON: 80}
"""Two sessions at the per-session cap: runners already absorb many contacts running."""
