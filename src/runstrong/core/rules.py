"""The coach's rules as data: one table per rule, each value next to its source.

Sources: [A] the coach's article "Strength training for runners" (shared/seed);
[NSCA] Baechle & Earle, Essentials of Strength Training and Conditioning. See docs/rules.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from runstrong.core.model import (
    Distance,
    Exercise,
    Experience,
    Goal,
    Loading,
    Pattern,
    Phase,
    RunType,
)


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
# new-lift-lighter: an exercise new to the runner, brought in once the plan has two weeks behind
# it, is one step lighter its first week: one more rep in reserve (research 5.2: "the first
# session is one step lighter"; repeated-bout effect, Bridgeman et al. 2015).
NEW_LIFT_RIR = TARGET_RIR + 1
NEW_LIFT_AFTER_DAYS = 14

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

PLYO_REST = 90
"""Work:rest 1:5 to 1:10 (Chu): a 10 s set of jumps earns 60-120 s."""

HOLD_REST = 45
"""Short holds with short rests keep trunk form (McGill, Low Back Disorders)."""

# Activation work (bodyweight or band, complexity 1: glute-med raises, band walks, bridges) is
# muscular-endurance work whatever the goal: 2-3 sets of 12-20, 30 s or less between sets (NSCA).
ACTIVATION_SETS = {Phase.IN_SEASON: 2}
ACTIVATION_BASE_SETS = 3
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

LEG_TIRING_RUNS = frozenset({RunType.LONG, RunType.RACE})
"""after-long-run: the day after these, no heavy lower-body work and no jumps (research 7, rule 2:
Doma et al. 2017; Jaén-Carrillo et al. 2025)."""
AFTER_LONG_PENALTY = 3
"""How much a day after the long run loses against others: a hard-run day (4) wins over it."""

SESSIONS_MAY_TOUCH = 4
"""Only a 4-session week may put two sessions on consecutive days (Robineau et al. 2016)."""


def dose(goal: Goal) -> GoalDose:
    """The goal's dosing table."""
    return GOALS[goal]


def working_sets(goal: Goal, phase: Phase) -> int:
    """Sets per exercise: the goal's base volume, or its fewest sets to maintain in season."""
    table = GOALS[goal]
    return table.maintenance_sets if phase is Phase.IN_SEASON else table.base_sets


ASSISTANCE = frozenset({Pattern.PULL, Pattern.PUSH, Pattern.CALF})
"""Upper-body lifts assist the runner's legs: dosed as the NSCA doses assistance exercises, at
moderate loads for 6-12 reps, even when the goal is strength (the legs get the heavy work).
Calf and soleus raises too: 3-4 x 6-12 with progressive load (research 8; Hébert-Losier 2017)."""


def lift_goal(goal: Goal, pattern: Pattern) -> Goal:
    """The goal that doses a 1RM lift: strength's assistance lifts use hypertrophy's."""
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
ENDURANCE_DELOAD_PERCENT = 50.0
"""An endurance deload eases intensity too: its sets are already few (Bell et al. 2023)."""

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

# --- Coach-grade rules (issue 8; docs/rules.md "Coaching principles") -----------------------

# first-exposure: a lifting novice (strength-training age, not running age) starts with weeks of
# familiarisation before any work at 80% 1RM or more: 2-3 sets, 8-10 reps, RIR 3-4, 65-75% 1RM.
# ACSM position stand (Ratamess et al. 2009): novices start at 8-12RM loads, 1-3 sets; research
# 5.2: weeks 1-2 at RIR 3-4 (Bridgeman 2015 repeated-bout effect; Zourdos 2016: novices misjudge
# RIR). Two weeks, the low end of 2-4; the first build week after them starts the ladder.
FAMILIARISATION_WEEKS: dict[Experience, int] = {
    Experience.NOVICE: 2,
    Experience.INTERMEDIATE: 0,
    Experience.ADVANCED: 0,
}
FAMILIARISATION_SETS = 2

# learn-before-load: a novice loads heavy only what they have learnt light. The first loading
# block after familiarisation loads (from a 1RM) only the lower-body lifts of the familiarisation
# weeks, or easier versions of them; a complexity-3 lower-body lift never comes new in a loading
# week; and a session loads one two-legged hinge or squat, its other leg work single-leg (ACSM
# 2009: novices progress by load on what they practise; Blagrove & Hooper: movement competency
# first; research 5.2: weeks 3-6 build on the first weeks). The lines are runstrong's convention.
NOVICE_NEW_COMPLEXITY = 3
"""A lower-body lift this complex is never new to a novice's plan in a loading week."""
NOVICE_BILATERAL_LIFTS = 1
"""Two-legged lower-body lifts loaded from a 1RM in one novice session."""
# novice-ramp: after familiarisation, a novice's loading weeks up to the first lighter week (the
# first 3:1 cycle, weeks 3-5 of a plan that starts with familiarisation) bridge to heavy work, and
# so does that lighter week. Research 5.2: weeks 3-6 take 2-3 sets, moving toward 6-10 reps at
# RIR 2-3, loads raised 2-10% when the target is beaten (ACSM 2009); heavy work (<= 6 reps at
# >= 80% 1RM) from about week 6-8. Lifts dosed as strength climb this ladder instead of the
# strength goal's, at the NSCA %1RM of reps_max + 2 in reserve (67, 70, 75%: a few points a week,
# inside the ACSM's 2-10%); every lift and bodyweight or band exercise takes at most 3 sets. The
# 8-10 / 7-9 / 6-8 steps and the cycle's length are runstrong's convention.
BRIDGE_LADDER = ((3, (8, 10)), (3, (7, 9)), (3, (6, 8)))
BRIDGE_MAX_SETS = 3  # research 5.2: 2-3 sets; the lighter week after the bridge takes 2
BRIDGE_PERCENT = (65.0, 75.0)  # never heavy: the NSCA's 10 reps (75%) at the top
NOVICE_MAX_SESSIONS = 3
"""novice-sessions: novices lift 2-3 days a week (ACSM 2009; NSCA: beginner 2-3)."""
FAMILIARISATION_REPS = (8, 10)
FAMILIARISATION_PERCENT = 65.0  # 13-14RM: 8-10 reps leave 3-4 in reserve (NSCA table)
FAMILIARISATION_RIR = 3

# skill-dose: technical and explosive lifts (overhead squat, high pull, get-up, windmill...) are
# lifted light and fast, never ground out: 2-4 sets of 1-5 reps, RIR >= 3, >= 2 min rest, at
# light-to-moderate loads (ACSM 2009 power training: 0-60% 1RM for novices; research 5.3).
SKILL_SETS = 3
SKILL_REPS = (3, 5)
SKILL_PERCENT = 60.0
SKILL_RIR = 3
SKILL_REST = 120

# eccentric-dose: Nordic curls start small and build (Petersen et al. 2011: 1-2 x 5 in the first
# week, 3 sets of 6-8 by the third, 12/10/8 after ten weeks; research 8): heavy lowering leaves
# soreness and strains when dosed like other bodyweight work. (sets, (reps, reps_max)) by rung.
ECCENTRIC_LADDER = ((2, (5, 5)), (2, (6, 6)), (3, (6, 8)))
ECCENTRIC_REST = 90

# race-window: a session in the 2 days before a race is a short primer: no jumps, no sled pushes
# or hill sprints, no Nordic curls, lower-body lifts light (at most 70% 1RM, a weight you could
# lift 11 times or more, 3+ reps spare) and at most 2 sets of anything. Research 3.2 rule 2: no
# heavy lower-body strength or high-intensity plyometrics within about 24-48 h before a race
# (Doma & Deakin 2013, Appl Physiol Nutr Metab 38:651: running economy worse the day after
# lifting; Doma et al. 2017, Sports Med 47:2187: fatigue from lifting lasts hours to days);
# research 3.4: the final days hold short, low-volume sessions, nothing shocking or new
# (Spilsbury); the soreness of heavy lowering peaks 24-72 h later (Bridgeman et al. 2015,
# research 5.1). The 2-day window (48 h, the top of research's 24-48 h) is runstrong's convention.
RACE_WINDOW_DAYS = 2
PRIMER_SETS = 2
PRIMER_MAX_PERCENT = 70.0  # research 5.2: RIR 3-4 light work; the same line as soften-dose
PRIMER_EFFORT_REPS = 11  # the NSCA table's reps at 70% 1RM: a weight you could lift 11 times
RACE_WINDOW_PENALTY = 2
"""A day in a race's window loses 2 points: an earlier day as good or one point worse (a rest day
against an easy-run day) takes the full session; a day more between sessions (3) still counts
more, so a week that spaces its sessions best keeps the window day, as a primer."""

# complex-reps: complexity-3 lifts never for more than 12 reps: technique fades with fatigue in
# long sets of complex lifts (research 5.3); endurance keeps them at its 12-rep floor.
COMPLEX_MAX_REPS = 12

MAIN_LIFTS = frozenset(
    {
        "back-squat",
        "front-squat",
        "box-squat",
        "goblet-squat",
        "kettlebell-goblet-squat",
        "deadlift",
        "trap-bar-deadlift",
        "romanian-deadlift",
        "dumbbell-romanian-deadlift",
        "single-leg-romanian-deadlift",
        "split-squat",
        "dumbbell-bulgarian-split-squat",
        "dumbbell-step-up",
    }
)
"""The heavy slots of strength and hypertrophy work: squat, deadlift, RDL, split squat and step-up
variants — grinders a runner can load safely and heavily (Eihara et al. 2022: >= 80% helps most)."""

# soften-dose: a lift the runner's limitation softens, and lower-body lifts on a day the legs are
# not fresh (the day after a long run, the day after heavy legs), are dosed lighter: at most 70%
# 1RM, RIR 3 or more (research 7, rule 2: Doma et al. 2017; research 5.2 for RIR 3-4).
SOFT_MAX_PERCENT = 70.0
SOFT_RIR = 3
SOFT_MIN_JUMP_REPS = 3
"""A drill the limitation softens keeps its sets with half the reps (3 at least): fewer landings."""
HEAVY_PERCENT = 80.0
"""Heavy lower-body work: >= 80% 1RM, the article's strength range and research 3.4's line."""

# plyo-days: jumps on at most 2 days a week (3 for advanced runners), never on consecutive days,
# never on the day of or the day after a long run or a race (Jaén-Carrillo 2025: reactive strength
# is what a long effort takes first; NSCA 48-72 h between plyometric sessions; research 6).
PLYO_DAYS: dict[Experience, int] = {
    Experience.NOVICE: 2,
    Experience.INTERMEDIATE: 2,
    Experience.ADVANCED: 3,
}
PLYO_SETS = Range(2, 5)
"""plyo-sets: every drill 2-5 sets: one set is hardly a drill; more than 5 is a conditioning set."""
# plyo-contacts: ground contacts a session, (low, high) by experience, pre-season; in season about
# half (SPEC; research 3.7 "suggested app defaults": beginners 40-80, intermediate 80-120,
# advanced 100-150 — Chu, Jumping into Plyometrics; Potach & Chu in NSCA Essentials).
SESSION_CONTACTS: dict[Experience, tuple[int, int]] = {
    Experience.NOVICE: (40, 80),
    Experience.INTERMEDIATE: (80, 120),
    Experience.ADVANCED: (100, 150),
}
IN_SEASON_CONTACT_SHARE = 0.5

# block-progression: bodyweight, band and timed work progress inside a block too (NSCA: progress
# one variable at a time — reps, then sets; research 3.6): by loading week 1-3.
EFFORT_LADDER: dict[Goal, tuple[tuple[int, int], ...]] = {
    Goal.STRENGTH: ((6, 8), (8, 10), (10, 12)),
    Goal.HYPERTROPHY: ((8, 10), (10, 12), (10, 12)),
    Goal.ENDURANCE: ((12, 15), (15, 18), (16, 20)),
}
EFFORT_SETS_LADDER = (0, 0, 1)  # sets added to the base in loading weeks 1-3
EFFORT_BASE_SETS = 3
"""Bodyweight and band work assists the lifts: 3 sets at most before the ladder adds one."""
ACTIVATION_LADDER = ((12, 15), (14, 16), (15, 18))
HOLD_LADDER = (-10, -5, 0)  # seconds added to the goal's hold in loading weeks 1-3

# taper-volume: heavy strength work is reduced from about 3 weeks before the race (research 3.4,
# Spilsbury): weeks starting within 21 days of it keep the intensity and halve the sets.
TAPER_VOLUME_DAYS = 21


def bilateral_lift(exercise: Exercise) -> bool:
    """A two-legged leg lift loaded from a 1RM: it loads the spine (learn-before-load)."""
    return (
        exercise.loading is Loading.ONE_RM
        and exercise.pattern in LOWER_BODY
        and not exercise.unilateral
    )
