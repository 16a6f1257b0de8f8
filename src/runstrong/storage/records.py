"""Plain data handed in and out of storage, so no caller ever touches an ORM object."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

LIFT_SOURCES = ("tested", "estimated-set", "estimated-logs", "retest", "import")

"""Where a 1RM came from: a tested single, a set entered by hand, learning from logged sets,
a scheduled re-test logged from a plan, or a workout app's export."""

SESSION_SOURCES = ("log", "import")

HOLD_SOURCES = ("retest",)
"""Where a hold time came from: a scheduled re-test (`"kind": "retest"`) logged from a plan."""


@dataclass(frozen=True)
class AthleteRecord:
    """An athlete's saved profile."""

    id: int
    name: str
    units: str
    setup: str | None
    equipment: tuple[str, ...]  # set when no named setup is used
    avoid: tuple[str, ...]
    runs: str  # the `mon=easy,...` string, days in week order; "" for no runs
    created: dt.datetime
    experience: str = "intermediate"  # strength-training age: novice, intermediate, advanced


@dataclass(frozen=True)
class LiftRecord:
    """One entry of an exercise's 1RM history."""

    id: int
    exercise_id: str
    one_rm: float
    date: dt.date
    source: str
    weight: float | None = None
    reps: int | None = None
    formula: str | None = None
    session_id: int | None = None  # the logged session it was learnt from
    note: str = ""  # why it changed (not stored: the decision's reason, for the CLI)


@dataclass(frozen=True)
class HoldRecord:
    """One entry of an exercise's hold-test history (a timed hold done as long as possible)."""

    id: int
    exercise_id: str
    seconds: int
    date: dt.date
    source: str
    per_side: bool = False  # `seconds` is what each side held (the shorter side when they differ)
    session_id: int | None = None  # the logged session it was recorded from


@dataclass(frozen=True)
class PlanRecord:
    """A saved plan with the inputs it was built from."""

    id: int
    created: dt.datetime
    start: dt.date | None
    end: dt.date | None
    goal: str
    phase: str
    inputs: dict[str, Any]
    plan: dict[str, Any]


@dataclass(frozen=True)
class SetEntry:
    """One logged exercise: `sets` x (`reps` or `seconds`) at `load` (None: bodyweight)."""

    exercise_id: str
    sets: int
    reps: int | None
    seconds: int | None
    load: float | None
    units: str
    rpe: float | None = None
    rir: float | None = None
    notes: str = ""

    def as_json(self) -> dict[str, Any]:
        """The row as JSON, as backups and `--format json` print it."""
        return {
            "exercise": self.exercise_id,
            "sets": self.sets,
            "reps": self.reps,
            "seconds": self.seconds,
            "load": self.load,
            "units": self.units,
            "rpe": self.rpe,
            "rir": self.rir,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class SessionRecord:
    """A logged session and what was done in it."""

    id: int
    date: dt.date
    plan_id: int | None
    rpe: float | None
    notes: str
    source: str
    created: dt.datetime
    entries: tuple[SetEntry, ...] = field(default=())


@dataclass(frozen=True)
class HistoryRow:
    """One logged exercise with its session's date, for history tables and charts."""

    session_id: int
    date: dt.date
    planned: bool
    entry: SetEntry
    # What this row's re-test recorded (a new 1RM or hold time); set by logbook.history.
    retest: LiftRecord | HoldRecord | None = None


# --- accounts -------------------------------------------------------------------------------------

ROLES = ("owner", "runner", "coach")
"""What a user is: the first account of a database (owner), a runner, or a coach."""


@dataclass(frozen=True)
class User:
    """A login, with the athlete (by name and id) it is, if any."""

    id: int
    email: str
    role: str
    athlete: str | None  # the athlete's NAME
    athlete_id: int | None
    created: dt.datetime


@dataclass(frozen=True)
class WebSession:
    """A signed-in browser: who it is, its CSRF token, when it ends at the latest, and the
    revision of its athlete's data when it was read (0 without an athlete)."""

    user: User
    csrf: str
    expires: dt.datetime
    revision: int = 0


@dataclass(frozen=True)
class Token:
    """An API token as listed (its secret is shown once, at creation, and never stored)."""

    id: int
    name: str
    scopes: tuple[str, ...]
    created: dt.datetime
    last_used: dt.datetime | None
    revoked: dt.datetime | None


@dataclass(frozen=True)
class OwnExerciseRecord:
    """A runner's own exercise as stored: its id and the catalogue entry's fields."""

    exercise_id: str
    entry: dict[str, Any]
    created: dt.datetime
    updated: dt.datetime


@dataclass(frozen=True)
class AthleteLinks:
    """What points at an athlete from outside its logbook, kept across a restore's replace:
    the logins it is and its calendar feeds (token hash, created, revoked)."""

    user_ids: tuple[int, ...]
    feeds: tuple[tuple[str, dt.datetime, dt.datetime | None], ...]


class AlreadyLogged(Exception):
    """Another transaction stored a session with the same client-made id first."""

    def __init__(self, session_id: int) -> None:
        self.session_id = session_id
        super().__init__(session_id)


# --- activities (revision 0007) -------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityRecord:
    """A stored run or other activity (the load and readiness code read these fields)."""

    id: int
    date: dt.date  # local day when the file gave the time zone, else the UTC day
    sport: str  # run, ride, swim, walk, hike, row, strength, ski, other
    duration_s: float
    distance_m: float | None
    avg_hr: int | None
    max_hr: int | None
    rpe: float | None  # session RPE (1-10) when the file or export had one
    start: dt.datetime  # UTC
    fingerprint: str = ""
    name: str = ""
    elevation_gain_m: float | None = None
    workout_type: str = ""  # Strava's: race, long, workout, or ""
    source: str = ""
    local_start: dt.datetime | None = None
    laps: tuple[tuple[float, float | None, int | None], ...] = ()  # (seconds, metres, avg hr)

    @property
    def is_run(self) -> bool:
        """Runs make the running week; every other sport is cross-training."""
        return self.sport == "run"

    def as_json(self) -> dict[str, Any]:
        """The activity as backups and `--format json` print it."""
        return {
            "date": self.date.isoformat(),
            "start": self.start.isoformat(),
            "local_start": None if self.local_start is None else self.local_start.isoformat(),
            "sport": self.sport,
            "is_run": self.is_run,
            "name": self.name,
            "duration_s": self.duration_s,
            "distance_m": self.distance_m,
            "elevation_gain_m": self.elevation_gain_m,
            "avg_hr": self.avg_hr,
            "max_hr": self.max_hr,
            "rpe": self.rpe,
            "workout_type": self.workout_type,
            "source": self.source,
            "fingerprint": self.fingerprint,
            "laps": [list(lap) for lap in self.laps],
        }


# --- readiness check-ins (revision 0008) ----------------------------------------------------------


@dataclass(frozen=True)
class ReadinessRecord:
    """A stored morning check-in: 1-10 (sleep and motivation 10 = best, soreness and stress
    10 = worst), resting heart rate (bpm) and HRV (rMSSD, ms) when typed."""

    id: int
    date: dt.date
    sleep: int
    soreness: int
    stress: int
    motivation: int
    resting_hr: int | None
    hrv: float | None
    created: dt.datetime
