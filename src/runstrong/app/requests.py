"""Typed requests: what a shell asks of a use-case, as plain values (frozen dataclasses).

Fields hold what the runner typed, as text or numbers; the use-case checks each one and names
the field (these names) in its errors, which each shell words its own way. A field left None
means "not given": a saved athlete's profile or a default fills it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from runstrong.core.model import Lift

LiftItem = str | Lift | tuple[str, float] | tuple[str, float, int]
"""A lift as `ID=LOAD` / `ID=LOADxREPS` text, a (id, weight[, reps]) tuple or a Lift."""


@dataclass(frozen=True, kw_only=True)
class AthleteFields:
    """The runner's side of a plan request: equipment, lifts, running week and limits."""

    sessions: int | str | None = None
    equipment: str | tuple[str, ...] | None = None
    setup: str | None = None
    lifts: tuple[LiftItem, ...] = ()
    units: str | None = None
    runs: str | None = None
    minutes: int | str | None = None
    avoid: tuple[str, ...] = ()
    experience: str | None = None


@dataclass(frozen=True, kw_only=True)
class PlanRequest(AthleteFields):
    """Build a week, a block of weeks in one phase, or a season to a race; with `athlete`, over
    that saved athlete's profile (a field given here wins), and with `save`, keep it."""

    goal: str
    phase: str | None = None
    weeks: int | str | None = None
    start: str | dt.date | None = None
    race: str | dt.date | None = None
    race_distance: str | None = None
    runs_file: str | Path | None = None
    runs_ics: str | Path | bytes | None = None  # bytes: a calendar a web form uploaded
    run_types: tuple[str, ...] = ()
    seed: int | str = 0
    retests: bool = False
    athlete: str | None = None
    save: bool = False

    def asked(self) -> dict[str, Any]:
        """What was asked, as JSON-ready values: stored with a saved plan."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("save", "athlete"):
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True, kw_only=True)
class LogRequest:
    """Log a session's sets (notation tokens), replace logged session `edit` with them, or
    delete logged session `delete`."""

    athlete: str
    entries: tuple[str, ...] = ()
    date: str | dt.date | None = None
    rpe: str | float | None = None
    notes: str = ""
    edit: str | int | None = None
    delete: str | int | None = None
    client_id: str | None = None  # made by the client (a UUID): a retried log never doubles


@dataclass(frozen=True, kw_only=True)
class ProfileFields:
    """A saved athlete's profile as typed: units, equipment or setup, running week, limits."""

    units: str | None = None
    setup: str | None = None
    equipment: str | tuple[str, ...] | None = None
    runs: str | None = None
    avoid: tuple[str, ...] | None = None
    experience: str | None = None


@dataclass(frozen=True, kw_only=True)
class AthleteRequest(ProfileFields):
    """Save a new athlete; a field left None takes its default (kg, the full gym, no runs,
    nothing avoided, intermediate)."""

    name: str


@dataclass(frozen=True, kw_only=True)
class AthleteEdit(ProfileFields):
    """Change saved athlete `athlete`'s profile: `name` renames it, a field left None stays as
    it is, and a new setup replaces the equipment (and the other way round)."""

    athlete: str
    name: str | None = None


@dataclass(frozen=True, kw_only=True)
class LiftRequest:
    """Record an athlete's lifts (`back-squat=100` a tested 1RM, `rdl=80x6` a set) on `date`
    (today when None)."""

    athlete: str
    lifts: tuple[str, ...]
    date: str | dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class ImportRequest:
    """Import a Strong or Hevy CSV export's text for an athlete; `source_units` (kg or lb) is
    the unit of a Strong file whose weights carry none (the athlete's when None)."""

    athlete: str
    text: str
    source_units: str | None = None


@dataclass(frozen=True, kw_only=True)
class RestoreRequest:
    """Load a runstrong.backup/1 dict, all or nothing; `source` names it in errors (the file),
    and `replace` overwrites athletes that already exist."""

    data: object
    source: str = "FILE"
    replace: bool = False


@dataclass(frozen=True, kw_only=True)
class RunsImportRequest:
    """Import activity files (FIT, GPX, TCX, gzipped or not, or a Strava export zip) for an
    athlete: each file as (its name, its bytes); the name's extension says its format."""

    athlete: str
    files: tuple[tuple[str, bytes], ...]


@dataclass(frozen=True, kw_only=True)
class CheckInRequest:
    """A morning check-in for `athlete` on `date` (today when None): either `text` as typed
    (`sleep=5,soreness=7,stress=6[,motivation=8,rhr=52,hrv=61]`) or the items one by one
    (a form). 1-10: sleep and motivation 10 = best, soreness and stress 10 = worst; `rhr` is the
    resting heart rate in bpm and `hrv` the rMSSD in ms, both optional."""

    athlete: str
    date: str | dt.date | None = None
    text: str | None = None
    sleep: int | str | None = None
    soreness: int | str | None = None
    stress: int | str | None = None
    motivation: int | str | None = None
    rhr: int | str | None = None
    hrv: float | str | None = None


@dataclass(frozen=True, kw_only=True)
class ExerciseRequest:
    """Add (`new`) or change athlete `athlete`'s own exercise `exercise_id`: `entry` holds the
    fields of a catalogue entry (name, category, pattern, equipment, unilateral, complexity,
    loading, cues, and optionally aliases, skill, eccentric, priority, why, variations,
    cautions), checked as the catalogue's are."""

    athlete: str
    exercise_id: str
    entry: dict[str, Any]
    new: bool = True


@dataclass(frozen=True, kw_only=True)
class InvitationRequest:
    """A coach's invitation: for anyone signed in who holds it, or only for `email`; with
    `athlete_id` (a managed athlete of the coach), a hand-over of that athlete to a login."""

    email: str | None = None
    athlete_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class SquadEdit:
    """Change one of a coach's squads: `name` renames it, `archived` archives it (True) or
    brings it back (False); a field left None stays as it is."""

    squad_id: int
    name: str | None = None
    archived: bool | None = None


@dataclass(frozen=True, kw_only=True)
class ExerciseChange:
    """One exercise of a planned session as a coach changes it, by its place in the session
    (0 first); a field left None stays as planned. `load` is in the plan's units, `percent` a
    %1RM; give one of them."""

    index: int | str
    swap: str | None = None  # another exercise's id, in its place
    sets: int | str | None = None
    reps: int | str | None = None  # 5, or a range 4-6
    seconds: int | str | None = None  # timed work only
    load: float | str | None = None
    percent: float | str | None = None


@dataclass(frozen=True, kw_only=True)
class SessionEdit:
    """A coach's change to one planned session `sid` (PLAN-DATE) of athlete `athlete_id`: its
    exercises, and `day` (a date of the same Monday-Sunday week) to move it to. `reason` is
    what the runner reads when the change breaks a rule."""

    athlete_id: int
    sid: str
    exercises: tuple[ExerciseChange, ...] = ()
    day: str | dt.date | None = None
    reason: str | None = None
