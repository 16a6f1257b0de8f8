"""Reading a `runstrong.plan/1` dict the way every export shows it: doses, loads, rest, cues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runstrong.errors import RunstrongError

if TYPE_CHECKING:
    from runstrong.core.catalogue import Catalogue

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


# --- What to lift, in words a runner can act on (docs/loads.md "How a load is shown") ----------

FREE_WEIGHTS = ("barbell", "dumbbell", "kettlebell")
"""What a load is rounded to, first found first (as the planner's dosing does)."""

ONE_IMPLEMENT = frozenset(
    {
        "goblet-squat",
        "kettlebell-goblet-squat",
        "sumo-squat",
        "single-leg-romanian-deadlift",
        "kettlebell-single-leg-romanian-deadlift",
        "dumbbell-row",
        "kettlebell-military-press",
        "dumbbell-calf-raise",
        "seated-soleus-raise",
    }
)
"""Lifts held with ONE dumbbell or kettlebell (the catalogue's cues say how each is held)."""

TWO_IMPLEMENTS = frozenset(
    {
        "dumbbell-romanian-deadlift",
        "dumbbell-bulgarian-split-squat",
        "dumbbell-step-up",
        "split-squat",
        "single-leg-deadlift",
        "dumbbell-walking-lunge",
        "dumbbell-reverse-lunge",
    }
)
"""Lifts with a dumbbell (or kettlebell) in each hand."""

PULL_UP_FLOOR = 5
"""Fewer strict reps than this in a row: the band-assisted version (runstrong's convention)."""


def implement(exercise: Json) -> str | None:
    """'barbell', 'dumbbell' or 'kettlebell': what the load is rounded to; None for the rest."""
    equipment = exercise.get("equipment") or []
    return next((kind for kind in FREE_WEIGHTS if kind in equipment), None)


def held(exercise: Json) -> int:
    """How many dumbbells or kettlebells the lift is done with: 1 or 2 (each the load's weight).

    Unknown lifts (a runner's own) follow their pattern: squats are held goblet-style, one-arm
    pulls and presses use one; everything else a dumbbell in each hand.
    """
    key = str(exercise.get("id"))
    if key in ONE_IMPLEMENT:
        return 1
    if key in TWO_IMPLEMENTS:
        return 2
    pattern = exercise.get("pattern")
    if pattern == "squat" or (pattern in {"pull", "push"} and exercise.get("unilateral")):
        return 1
    return 2


def is_pull_up(exercise: Json) -> bool:
    """A pull-up or chin-up on a bar: dosed from what the runner can do in a row."""
    equipment = exercise.get("equipment") or []
    return (
        exercise.get("pattern") == "pull"
        and "pull-up-bar" in equipment
        and "band" not in equipment
        and exercise.get("loading") == "bodyweight"
    )


def is_band_assisted(exercise: Json) -> bool:
    """A pull-up or chin-up with a band taking part of the body's weight."""
    equipment = exercise.get("equipment") or []
    return exercise.get("pattern") == "pull" and {"pull-up-bar", "band"} <= set(equipment)


def is_sled(exercise: Json) -> bool:
    """A sled push or pull."""
    return "sled" in (exercise.get("equipment") or [])


def _rir(exercise: Json) -> int:
    rir = exercise.get("rir")
    return 2 if rir is None else int(rir)


def reps_allowed(exercise: Json) -> str:
    """'7-8': the reps a weight would allow, to failure, for this dose (its reps + its RIR)."""
    rir = _rir(exercise)
    low = int(exercise.get("reps") or 1) + rir
    high = int(exercise.get("reps_max") or exercise.get("reps") or 1) + rir
    return f"{low}-{high}" if high != low else f"{low}"


def weight(exercise: Json, units: str) -> str:
    """'80 kg', 'one 16 kg dumbbell', 'a dumbbell in each hand, 16 kg each'; '' with no load."""
    if exercise.get("load") is None:
        return ""
    load = f"{number(exercise['load'])} {units}"
    kind = implement(exercise)
    if kind in {"dumbbell", "kettlebell"}:
        one = held(exercise) == 1
        return f"one {load} {kind}" if one else f"a {kind} in each hand, {load} each"
    return load


def _by_effort(exercise: Json) -> str:
    """'a weight you could lift 7-8 times' for a lift with a %1RM but no known 1RM."""
    if exercise.get("rir") == 0:
        return f"the most you can lift {reps(exercise)} times"
    times = f"you could lift {reps_allowed(exercise)} times"
    kind = implement(exercise)
    if kind in {"dumbbell", "kettlebell"}:
        return f"one {kind} {times}" if held(exercise) == 1 else f"{kind}s {times}"
    return f"a weight {times}"


def dose(exercise: Json) -> str:
    """'4 × 4-5', '3 × 30 s each side', '3 × (max − 2)' for pull-ups."""
    if is_pull_up(exercise):
        return f"{exercise.get('sets', 1)} × (max − {_rir(exercise)})"
    text = f"{exercise.get('sets', 1)} × {reps(exercise)}".rstrip(" ×")
    if exercise.get("per_side"):
        text += " each side"
    return text


def load(exercise: Json, units: str) -> str:
    """What to lift: '80 kg', 'one 16 kg dumbbell', 'a weight you could lift 7-8 times' when no
    1RM is known, 'light sled', 'band', 'light dumbbell', 'bodyweight', or ''."""
    if exercise.get("load") is not None:
        return weight(exercise, units)
    if exercise.get("percent_1rm") is not None:
        return _by_effort(exercise)
    loading = exercise.get("loading")
    kind = implement(exercise)
    if is_sled(exercise):
        return "light sled"
    if loading == "band" or is_band_assisted(exercise):
        return "band"
    if kind in {"dumbbell", "kettlebell"} and loading in {"bodyweight", "time"}:
        return f"light {kind}"
    if loading in {"bodyweight", "contacts", "time"}:
        return "bodyweight"
    return ""


def plates(exercise: Json) -> str:
    """'25 + 5 a side' for a barbell load; '' otherwise."""
    per_side = exercise.get("plates")
    if not per_side:
        return ""
    return " + ".join(number(p) for p in per_side) + " a side"


SLED_EFFORT = "light: at most 10% slower than your sprint"
SLED_TOWED = "light: ~10% of body weight; 10% slower at most"
"""Light resisted sprints keep running form: under 10% velocity loss or 10% of body mass
(Petrakos, Morin & Egan 2016, Sports Med 46:381); towing on a track, 10% slower is about 10% of
body mass (Alcaraz, Palao & Elvira 2009, J Strength Cond Res 23:480). A pushed sled's friction
differs, so it is judged by speed alone."""


def effort(exercise: Json) -> str:
    """How hard: 'stop 2 reps short', the pull-up rule, the sled's weight; '' when none is set."""
    if is_pull_up(exercise):
        return f"max = your most in a row; under {PULL_UP_FLOOR}, use a band"
    if is_sled(exercise):
        return SLED_EFFORT if "push" in str(exercise.get("id")) else SLED_TOWED
    rir = exercise.get("rir")
    if rir is None:
        return ""
    short = f"stop {rir} rep{'s' if rir != 1 else ''} short"
    if is_band_assisted(exercise):
        return f"{short}; a thinner band as you get stronger"
    return "heaviest clean set" if rir == 0 else short


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


def _share(ramp: Json, exercise: Json) -> str:
    """A ramp set as a share of the working weight, to the nearest 5%: '60%'."""
    work = exercise.get("percent_1rm")
    part = ramp.get("percent_1rm")
    if not work or part is None:
        return ""
    return f"{5 * round(20 * float(part) / float(work)):g}%"


def warmup_text(exercise: Json, units: str) -> str:
    """'5 @ 50 kg, 3 @ 65 kg', or '5 @ 50%, 3 @ 70% of the working weight' with no 1RM known."""
    ramps = warmup(exercise)
    if ramps and all(r.get("load") is None for r in ramps):
        shares = [_share(r, exercise) for r in ramps]
        if all(shares):
            text = ", ".join(f"{r.get('reps')} @ {s}" for r, s in zip(ramps, shares, strict=True))
            return f"{text} of the working weight"
    parts = []
    for ramp in ramps:
        load = f"{number(ramp['load'])} {units}" if ramp.get("load") is not None else ""
        parts.append(f"{ramp.get('reps')} @ {load}" if load else f"{ramp.get('reps')}")
    return ", ".join(parts)


def line(exercise: Json, units: str) -> str:
    """'4 × 4-5 @ 80 kg, stop 2 reps short, rest 3 min' — the whole prescription in one line."""
    text = dose(exercise)
    what = load(exercise, units)
    if what == "band":
        text += " with a band"
    elif exercise.get("load") is not None and implement(exercise) not in {"dumbbell", "kettlebell"}:
        text += f" @ {what}"
    elif what.startswith("light "):
        text += f" with a {what}"
    elif what and what != "bodyweight":
        text += f" with {what}"
    extras = [effort(exercise)]
    if exercise.get("contacts"):
        extras.append(f"{exercise['contacts']} contacts")
    if exercise.get("rest_seconds"):
        extras.append(f"rest {rest(exercise['rest_seconds'])}")
    return ", ".join([text, *[e for e in extras if e]])


# --- The 1RMs behind the loads ------------------------------------------------------------


def _weeks(indexes: list[int]) -> str:
    """[1, 2, 3, 5] -> 'weeks 1-3, 5'; [4] -> 'week 4'."""
    runs: list[list[int]] = []
    unique = sorted(set(indexes))
    for i in unique:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    text = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)
    return f"week{'s' if len(unique) > 1 else ''} {text}"


def _growth(planned: float, given: float) -> str:
    """'your 70 + 5.1%' for a planning 1RM grown from the runner's own."""
    percent = f"{100 * (planned / given - 1):.1f}".removesuffix(".0")
    sign = "+" if planned >= given else "−"
    return f"your {number(given)} {sign} {percent.lstrip('-')}%"


def one_rms_used(plan: Json, weeks: list[Json] | None = None) -> tuple[list[str], list[str]]:
    """Where the loads come from: each lift's planning 1RM (the runner's, grown over the season's
    blocks), by week when it changes; and the 1RMs given that no load in these weeks uses."""
    units = str(plan.get("units", "kg"))
    given: dict[str, float] = {k: float(v) for k, v in (plan.get("one_rms") or {}).items()}
    found: dict[str, tuple[str, dict[float, list[int]]]] = {}
    for week in plan.get("weeks", []) if weeks is None else weeks:
        for session in week.get("sessions", []):
            for ex in exercises(session):
                if ex.get("one_rm") is None or ex.get("load") is None:
                    continue
                pair = implement(ex) in {"dumbbell", "kettlebell"} and held(ex) == 2
                name = f"{ex.get('name')}{' (each hand)' if pair else ''}"
                name, values = found.setdefault(str(ex.get("id")), (name, {}))
                values.setdefault(float(ex["one_rm"]), []).append(week.get("index", 0))
    used = []
    for key, (name, values) in found.items():
        own = given.get(key)
        parts = []
        for value, indexes in values.items():
            text = f"{value:.1f}".removesuffix(".0") + f" {units}"  # as the plan's `why` says
            if own is not None and abs(value - own) >= 0.05:
                text += f" = {_growth(value, own)}"
                if len(values) == 1:
                    text += " for the season's blocks"
            elif own is not None and len(values) == 1:
                text += " (your 1RM)"
            if len(values) > 1:
                text += f" ({_weeks(indexes)})"
            parts.append(text)
        used.append(f"{name} {', '.join(parts)}")
    unused = [f"{k} {number(v)} {units}" for k, v in given.items() if k not in found]
    return used, unused


def one_rm_notes(plan: Json, weeks: list[Json] | None = None) -> list[str]:
    """The 1RMs behind the loads as sentences: a footer for a plan or for some of its weeks."""
    used, unused = one_rms_used(plan, weeks)
    notes = []
    if used:
        notes.append("1RMs behind the loads: " + "; ".join(used) + ".")
    if unused:
        where = "this plan" if weeks is None else "these weeks" if len(weeks) > 1 else "this week"
        notes.append(f"Given but not used for any load in {where}: {', '.join(unused)}.")
    return notes


def with_cues(plan: Json, catalogue: Catalogue) -> Json:
    """A copy of the plan whose exercises carry their catalogue's coaching cues, for the exports
    to print; an exercise the catalogue does not know gets none."""
    weeks = []
    for week in plan.get("weeks", []):
        sessions = []
        for session in week.get("sessions", []):
            found = [
                {**ex, "cues": list(_cues_of(catalogue, str(ex.get("id"))))}
                for ex in exercises(session)
            ]
            sessions.append({**session, "exercises": found})
        weeks.append({**week, "sessions": sessions})
    return {**plan, "weeks": weeks}


def _cues_of(catalogue: Catalogue, exercise_id: str) -> tuple[str, ...]:
    try:
        entry = catalogue.get(exercise_id)
    except (RunstrongError, KeyError):
        return ()
    return tuple(str(c) for c in entry.cues or ())


def cues(exercise: Json) -> tuple[str, ...]:
    """The coaching cues an exercise carries (`with_cues`); () when it carries none."""
    return tuple(str(c) for c in exercise.get("cues") or ())


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
