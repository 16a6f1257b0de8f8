"""Reading a `runstrong.plan/1` dict the way every export shows it: doses, loads, rest, cues."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]

KINDS = {"strength": "Strength", "activation": "Activation", "retest": "Re-test"}


@dataclass(frozen=True)
class Slot:
    """One session of the plan with its week and a file stem unique within the plan."""

    week: Json
    session: Json
    stem: str


def number(value: float) -> str:
    """80.0 -> '80', 82.5 -> '82.5'."""
    return f"{value:g}"


def kind(session: Json) -> str:
    """The session's kind; plans from before season plans have none and mean strength."""
    return str(session.get("kind") or "strength")


def title(session: Json) -> str:
    """'Strength: hinge + squat' — a calendar title, a workout name, a heading."""
    label = KINDS.get(kind(session), kind(session).capitalize())
    focus = str(session.get("focus") or "")
    for prefix in ("re-test: ", "activation: "):  # the planner's focus may already say it
        focus = focus.removeprefix(prefix)
    return f"{label}: {focus}" if focus else label


def slots(plan: Json) -> list[Slot]:
    """Every session in order, with a stable stem like '2027-01-05-strength' ('-2' if repeated)."""
    seen: dict[str, int] = {}
    out = []
    for week in plan.get("weeks", []):
        for session in week.get("sessions", []):
            base = f"{session['date']}-{kind(session)}"
            seen[base] = seen.get(base, 0) + 1
            stem = base if seen[base] == 1 else f"{base}-{seen[base]}"
            out.append(Slot(week, session, stem))
    return out


def exercises(session: Json) -> Iterator[Json]:
    """The session's exercises in order."""
    yield from session.get("exercises", [])


def reps(exercise: Json) -> str:
    """'4-5', '6', '30 s'; '' when the exercise carries neither reps nor seconds."""
    if exercise.get("reps") is not None:
        low, high = exercise["reps"], exercise.get("reps_max")
        return f"{low}-{high}" if high is not None and high != low else f"{low}"
    if exercise.get("seconds") is not None:
        return f"{exercise['seconds']} s"
    if exercise.get("loading") == "time":
        return "longest hold"
    return ""


def dose(exercise: Json) -> str:
    """'4 × 4-5', '3 × 30 s each side'."""
    text = f"{exercise.get('sets', 1)} × {reps(exercise)}".rstrip(" ×")
    if exercise.get("per_side"):
        text += " each side"
    return text


def load(exercise: Json, units: str) -> str:
    """'80 kg', '83% 1RM' when no 1RM is known, 'band', 'bodyweight', or ''."""
    if exercise.get("load") is not None:
        return f"{number(exercise['load'])} {units}"
    if exercise.get("percent_1rm") is not None:
        return f"{number(exercise['percent_1rm'])}% 1RM"
    loading = exercise.get("loading")
    if loading == "band":
        return "band"
    if loading in {"bodyweight", "contacts", "time"}:
        return "bodyweight"
    return ""


def plates(exercise: Json) -> str:
    """'25 + 5 a side' for a barbell load; '' otherwise."""
    per_side = exercise.get("plates")
    if not per_side:
        return ""
    return " + ".join(number(p) for p in per_side) + " a side"


def effort(exercise: Json) -> str:
    """'stop 2 reps short' from the reps in reserve; '' when none is set."""
    rir = exercise.get("rir")
    if rir is None:
        return ""
    return "heaviest clean set" if rir == 0 else f"stop {rir} rep{'s' if rir != 1 else ''} short"


def rest(seconds: int | None) -> str:
    """180 -> '3 min', 90 -> '90 s', 150 -> '2 min 30 s'."""
    if not seconds:
        return ""
    if seconds < 120:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


def warmup(exercise: Json) -> list[Json]:
    """The ramp-up sets before the first working set ([] when the plan has none)."""
    return list(exercise.get("warmup") or [])


def warmup_text(exercise: Json, units: str) -> str:
    """'5 @ 50 kg, 3 @ 65 kg' (or '5 @ 50% 1RM' when no 1RM is known)."""
    parts = []
    for ramp in warmup(exercise):
        if ramp.get("load") is not None:
            weight = f"{number(ramp['load'])} {units}"
        elif ramp.get("percent_1rm") is not None:
            weight = f"{number(ramp['percent_1rm'])}% 1RM"
        else:
            weight = ""
        parts.append(f"{ramp.get('reps')} @ {weight}" if weight else f"{ramp.get('reps')}")
    return ", ".join(parts)


def line(exercise: Json, units: str) -> str:
    """'4 × 4-5 @ 80 kg, stop 2 reps short, rest 3 min' — the whole prescription in one line."""
    text = dose(exercise)
    weight = load(exercise, units)
    if weight == "band":
        text += " with a band"
    elif weight and weight != "bodyweight":
        text += f" @ {weight}"
    extras = [effort(exercise)]
    if exercise.get("contacts"):
        extras.append(f"{exercise['contacts']} contacts")
    if exercise.get("rest_seconds"):
        extras.append(f"rest {rest(exercise['rest_seconds'])}")
    return ", ".join([text, *[e for e in extras if e]])


def _catalogue() -> Any:
    """The catalogue with the runner's own exercises (re-read when their file changes)."""
    from runstrong.config import config_dir

    path = config_dir() / "exercises.toml"
    try:
        stamp: int | None = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    return _catalogue_as_of(str(path), stamp)


@functools.lru_cache(maxsize=4)
def _catalogue_as_of(path: str, stamp: int | None) -> Any:  # noqa: ARG001 (cache keys)
    """The catalogue, or None when the runner's file cannot be read (then no cues, no crash)."""
    from runstrong.config import catalogue
    from runstrong.errors import RunstrongError

    try:
        return catalogue()
    except (RunstrongError, OSError, ValueError):
        return None


def cues(exercise_id: str) -> tuple[str, ...]:
    """The coaching cues of a catalogue exercise; () for an unknown or cue-less one."""
    from runstrong.errors import RunstrongError

    found = _catalogue()
    if found is None:
        return ()
    try:
        entry = found.get(exercise_id)
    except (RunstrongError, KeyError):
        return ()
    return tuple(str(c) for c in getattr(entry, "cues", ()) or ())


def date(text: str) -> dt.date:
    """A plan date."""
    return dt.date.fromisoformat(text)


def week_range(week: Json) -> str:
    """'30 Nov - 6 Dec 2026' for the Monday-to-Sunday week."""
    first = date(week["start"])
    last = first + dt.timedelta(days=6)
    left = f"{first.day} {first:%b}" + (f" {first.year}" if first.year != last.year else "")
    return f"{left} – {last.day} {last:%b} {last.year}"


def week_heading(week: Json) -> str:
    """'Week 1 · 30 Nov – 6 Dec 2026 · pre-season · deload'."""
    parts = [f"Week {week.get('index', '')}".strip(), week_range(week)]
    phase = week.get("phase")
    label = week.get("label")
    if phase:
        parts.append(str(phase))
    if label and label != phase:
        parts.append(str(label))
    elif week.get("deload") and not label:
        parts.append("deload")
    return " · ".join(parts)


def session_heading(session: Json) -> str:
    """'Thursday 3 Dec · Strength: hinge + squat · about 56 min'."""
    day = date(session["date"])
    parts = [f"{day:%A} {day.day} {day:%b}", title(session)]
    if session.get("minutes"):
        parts.append(f"about {session['minutes']} min")
    return " · ".join(parts)
