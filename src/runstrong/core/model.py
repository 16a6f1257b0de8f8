"""The domain's plain data: enums and frozen dataclasses shared by every part of the core."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

# The kit (equipment, units, implements) lives in core/kit.py so the load calculator starts
# without the rest of the model; it is re-exported here, the same classes under the same names.
from runstrong.core.kit import Equipment as Equipment  # noqa: PLC0414
from runstrong.core.kit import Implements as Implements  # noqa: PLC0414
from runstrong.core.kit import Units as Units  # noqa: PLC0414


class Goal(StrEnum):
    """What the strength work is for (the article's three goals)."""

    STRENGTH = "strength"
    HYPERTROPHY = "hypertrophy"
    ENDURANCE = "endurance"


class Phase(StrEnum):
    """Where the runner is in the season."""

    OFF_SEASON = "off-season"
    PRE_SEASON = "pre-season"
    IN_SEASON = "in-season"
    TAPER = "taper"
    RECOVERY = "recovery"


class Category(StrEnum):
    """The catalogue's four families of exercise."""

    WEIGHTS = "weights"
    BODYWEIGHT = "bodyweight"
    PLYOMETRIC = "plyometric"
    RUN_SPECIFIC = "run-specific"


class Pattern(StrEnum):
    """Movement patterns the planner balances over a week."""

    HINGE = "hinge"
    SQUAT = "squat"
    LUNGE = "lunge"
    SINGLE_LEG = "single-leg"
    CALF = "calf"  # ankle work (calf and soleus raises): not a knee-dominant lift
    PUSH = "push"
    PULL = "pull"
    CORE = "core"
    HIP_STABILITY = "hip-stability"
    PLYOMETRIC = "plyometric"
    CONDITIONING = "conditioning"


class Loading(StrEnum):
    """How an exercise's dose is written.

    ONE_RM: sets x reps at a %1RM of the exercise's own 1RM (or by reps in reserve when
    the 1RM is unknown). BODYWEIGHT and BAND: sets x reps by effort. TIME: sets x seconds.
    CONTACTS: plyometric sets x reps counted as ground contacts.
    """

    ONE_RM = "1rm"
    BODYWEIGHT = "bodyweight"
    BAND = "band"
    TIME = "time"
    CONTACTS = "contacts"


class Limitation(StrEnum):
    """Body areas a runner can ask the planner to protect (`--avoid`)."""

    BACK = "back"
    KNEE = "knee"
    ANKLE = "ankle"
    HIP = "hip"
    SHOULDER = "shoulder"
    WRIST = "wrist"


class Experience(StrEnum):
    """Strength-training age (not running age): it sets the first exposure and the skills."""

    NOVICE = "novice"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class RunType(StrEnum):
    """Kinds of run in the running week."""

    REST = "rest"
    EASY = "easy"
    RECOVERY = "recovery"
    LONG = "long"
    TEMPO = "tempo"
    INTERVALS = "intervals"
    HILLS = "hills"
    RACE = "race"


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Distance(StrEnum):
    """The goal race's distance: it sets the taper's length."""

    M800 = "800m"
    M1500 = "1500m"
    MILE = "mile"
    M3000 = "3000m"
    STEEPLE = "3000m-steeple"
    FIVE_K = "5k"
    TEN_K = "10k"
    HALF = "half"
    MARATHON = "marathon"
    ULTRA = "ultra"


class SessionKind(StrEnum):
    """A normal strength session, a short light one (taper, recovery), or a re-test."""

    STRENGTH = "strength"
    ACTIVATION = "activation"
    RETEST = "retest"


@dataclass(frozen=True)
class Caution:
    """A limitation that removes (`avoid`) or softens (`soften`) an exercise, with a note."""

    limitation: Limitation
    effect: str  # "avoid" | "soften"
    note: str


@dataclass(frozen=True)
class Variation:
    """A harder (progression) or easier (regression) way to do an exercise."""

    name: str
    kind: str  # "progression" | "regression"
    note: str
    exercise_id: str | None = None  # set when the variation is itself a catalogue entry


@dataclass(frozen=True)
class Exercise:
    """One catalogue entry; ids are stable kebab-case keys used in plans, logs and exports."""

    id: str
    name: str
    category: Category
    equipment: tuple[Equipment, ...]  # all of these are needed; (NONE,) means bodyweight only
    pattern: Pattern
    unilateral: bool
    complexity: int  # 1-3: the heavier or more complex, the fewer exercises in the session
    loading: Loading
    cues: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    variations: tuple[Variation, ...] = ()
    cautions: tuple[Caution, ...] = ()
    priority: bool = False  # one of the article's favourites
    skill: bool = False  # a technical or explosive lift: light and fast, never for novices
    eccentric: bool = False  # slow, heavy lowering (Nordic curl): its own build-up dose
    why: str = ""  # one line on what it does for a runner
    source: str = "catalogue"  # "catalogue" or the path of the runner's own file

    def __hash__(self) -> int:
        """By id: the catalogue keeps ids unique, and hashing every cue is slow in caches."""
        return hash(self.id)

    def needs(self) -> frozenset[Equipment]:
        """Equipment the exercise needs beyond the floor."""
        return frozenset(e for e in self.equipment if e is not Equipment.NONE)

    def avoided_by(self, limitations: frozenset[Limitation]) -> bool:
        """True when one of the runner's limitations rules the exercise out."""
        return any(c.effect == "avoid" and c.limitation in limitations for c in self.cautions)

    def softened_by(self, limitations: frozenset[Limitation]) -> tuple[Caution, ...]:
        """The cautions that apply to this runner without removing the exercise."""
        return tuple(
            c for c in self.cautions if c.effect == "soften" and c.limitation in limitations
        )


@dataclass(frozen=True)
class Lift:
    """A known lift: a 1RM, or a recent set (weight x reps) from which the 1RM is estimated."""

    exercise_id: str
    weight: float
    reps: int = 1


@dataclass(frozen=True)
class RunWeek:
    """The running week: a run type per weekday (0 = Monday); days not named are rest days."""

    days: tuple[RunType, ...] = (RunType.REST,) * 7

    def on(self, weekday: int) -> RunType:
        """The run on a weekday (0 = Monday)."""
        return self.days[weekday % 7]


@dataclass(frozen=True)
class RunEvent:
    """An event of the runner's calendar, with the run type it was read as and why."""

    date: dt.date
    title: str
    type: RunType
    reason: str
    activity: str = ""  # "" for a run; else what the event is: strength, mobility, yoga, ...


@dataclass(frozen=True)
class Athlete:
    """Everything the planner needs to know about a runner."""

    goal: Goal
    phase: Phase | None  # None when the phases follow from a race date
    equipment: frozenset[Equipment]
    implements: Implements
    sessions: int | None = None  # None: the phase's documented default
    lifts: tuple[Lift, ...] = ()
    runs: RunWeek = field(default_factory=RunWeek)
    minutes: int | None = None  # session time budget
    avoid: frozenset[Limitation] = frozenset()
    setup: str | None = None  # the named profile the equipment came from, if any
    experience: Experience = Experience.INTERMEDIATE


@dataclass(frozen=True)
class WarmupSet:
    """A ramp-up set before the first working set: reps at a lighter %1RM."""

    reps: int
    percent_1rm: float
    load: float | None


@dataclass(frozen=True)
class Prescription:
    """One exercise in a session with its dose, load and the reason it is there."""

    exercise: Exercise
    sets: int
    reps: int | None
    reps_max: int | None
    seconds: int | None
    per_side: bool
    percent_1rm: float | None
    load: float | None
    rir: int | None
    contacts: int | None
    rest_seconds: int
    plates: tuple[float, ...] | None  # per side of the bar, for barbell loads
    why: str
    notes: tuple[str, ...] = ()
    warmup: tuple[WarmupSet, ...] = ()
    one_rm: float | None = None  # the 1RM the load was planned from (grown over a season)


@dataclass(frozen=True)
class Session:
    """A strength session on a date."""

    date: dt.date
    minutes: int
    focus: str
    placement: str  # why this day
    exercises: tuple[Prescription, ...]
    kind: SessionKind = SessionKind.STRENGTH


@dataclass(frozen=True)
class Week:
    """One week of a plan."""

    index: int
    start: dt.date
    phase: Phase
    deload: bool
    runs: RunWeek
    sessions: tuple[Session, ...]
    block: int = 1  # weeks between deloads (or phase changes) share a block and its exercises
    label: str = ""
    own_strength: tuple[dt.date, ...] = ()  # strength the runner already does (their calendar)


@dataclass(frozen=True)
class Plan:
    """A plan: the inputs it was built from and its weeks."""

    athlete: Athlete
    one_rms: tuple[tuple[str, float], ...]  # exercise id -> 1RM used, in the athlete's units
    seed: int
    weeks: tuple[Week, ...]
    race: dt.date | None = None
    distance: Distance | None = None
    run_events: tuple[RunEvent, ...] = ()  # the calendar the running weeks came from, if any
    easier: tuple[tuple[str, tuple[str, ...]], ...] = ()  # planned id -> its easier variations
    start: dt.date | None = None  # the first day given (any weekday); weeks[0].start is its Monday
    warnings: tuple[str, ...] = ()  # careless inputs planned around, one line each, flag first
