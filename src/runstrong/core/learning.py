"""Learning from the logbook: a 1RM estimate from each set, and the next 1RM to plan with.

Pure: the caller reads the log and passes plain SetRecords. Every number below has its source
next to it; docs/learning.md explains the rules with worked examples.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from runstrong.core.loads import (
    LOW_CONFIDENCE_REPS,
    RTS_MAX_REPS,
    RTS_MIN_RPE,
    one_rm,
    rir_to_rpe,
    rpe_percent,
)
from runstrong.core.model import Units
from runstrong.core.notation import LoggedExercise

__all__ = [
    "ACTIONS",
    "FALL_AFTER",
    "FALL_THRESHOLD",
    "LIGHTER_TOLERANCE",
    "LOWER_MAX",
    "LOWER_MIN",
    "RISE_MAX",
    "RISE_MIN",
    "RPE_TOLERANCE",
    "Decision",
    "Estimate",
    "SetRecord",
    "Target",
    "e1rm_history",
    "estimate_set",
    "next_one_rm",
    "records_from_log",
    "session_estimate",
]

# --- the numbers (docs/learning.md) -----------------------------------------------------------

RISE_MAX = 0.05
"""At most +5% a session: the middle of the NSCA's 2-10% load increment (Baechle & Earle,
*Essentials*), kept low because runners train concurrently and one good day is not a new level."""

RISE_MIN = 0.02
"""A session that hits the plan adds at least 2%, the NSCA's smallest increment."""

LOWER_MIN = 0.05
LOWER_MAX = 0.10
"""A lowered 1RM drops by 5-10%: the NSCA's increment range (2-10%) used downwards, at least 5%
so the next sessions are clearly lighter."""

FALL_THRESHOLD = 0.05
FALL_AFTER = 2
"""A session estimate more than 5% under the current 1RM lowers it only when two sessions in a
row show it: a typical estimate is off by 5-7 kg (Hutchins & Gearhart 2010), so one bad day is
noise, two are a trend."""

RPE_TOLERANCE = 0.5
"""Half an RPE point over target still counts as on target: lifters misjudge reps in reserve by
about one rep near failure (Hackett et al. 2017, J Strength Cond Res 31(8):2162)."""

LIGHTER_TOLERANCE = RISE_MIN
"""A load within 2% under the planned one is the plan (rounded to other plates, or converted
between kg and lb); more than that is lighter than planned. 2% is the NSCA's smallest load
increment, the smallest step a lifter or a plan takes on purpose."""

ACTIONS = ("start", "progress", "hold", "lower")


@dataclass(frozen=True)
class SetRecord:
    """A logged set, already in the athlete's units: what the learning rules read."""

    day: dt.date
    exercise_id: str
    reps: int | None
    load: float | None  # None or 0: bodyweight
    rpe: float | None
    seconds: int | None = None


@dataclass(frozen=True)
class Estimate:
    """An estimated 1RM and the set it came from, so a number can always be explained."""

    one_rm: float
    formula: str  # "rts" (reps and RPE on the RTS chart) or "epley" (reps to failure)
    day: dt.date
    source_reps: int
    source_load: float


@dataclass(frozen=True)
class Target:
    """What a planned session asked of one exercise: the bar its logged sets are judged against."""

    reps: int | None = None  # reps each work set asked for
    rir: int = 2  # reps to keep in reserve (target RPE = 10 - RIR)
    load: float | None = None  # the planned load, in the athlete's units; None: not loaded
    sets: int | None = None  # work sets planned at that load


@dataclass(frozen=True)
class Decision:
    """The 1RM to plan the next session with, and why."""

    action: str  # one of ACTIONS
    one_rm: float
    reason: str
    estimate: Estimate | None = None  # the latest session's best estimate, when there is one


def records_from_log(
    day: dt.date, logged: Sequence[LoggedExercise], units: Units
) -> tuple[SetRecord, ...]:
    """The sets of a parsed log entry as SetRecords in the athlete's `units`."""
    return tuple(
        SetRecord(
            day=day,
            exercise_id=entry.exercise_id,
            reps=one.reps,
            load=_tidy(one.load_in(units)),
            rpe=one.rpe,
            seconds=one.seconds,
        )
        for entry in logged
        for one in entry.sets
    )


def _tidy(value: float | None) -> float | None:
    """Drop float noise from unit conversion (187.5 lb -> 85.05 kg)."""
    return None if value is None else round(value, 2)


def _usable_rpe(rpe: float | None) -> float | None:
    """RPE on the half-step grid, or None when the value is off the 1-10 scale."""
    if rpe is None or not math.isfinite(rpe) or not 1 <= rpe <= 10:
        return None
    return round(rpe * 2) / 2


def estimate_set(record: SetRecord) -> Estimate | None:
    """The 1RM a set shows: RTS chart when its RPE is on the chart, else Epley to failure.

    None for sets that cannot show a 1RM: timed or bodyweight sets, and sets more than 10 reps
    from failure (Reynolds, Gordon & Robergs 2006: no more than 10 reps in the equations).
    """
    reps, load = record.reps, record.load
    if reps is None or reps < 1 or load is None or load <= 0:
        return None
    rpe = _usable_rpe(record.rpe)
    if rpe is not None and reps <= RTS_MAX_REPS and rpe >= RTS_MIN_RPE:
        value = load / (rpe_percent(reps, rpe) / 100)
        return Estimate(value, "rts", record.day, reps, load)
    # Off the chart: reps to failure are the reps done plus those left in reserve (RIR = 10 - RPE,
    # Zourdos et al. 2016), rounded down; without an RPE the set is taken as done to failure.
    to_failure = reps if rpe is None else math.floor(reps + 10 - rpe)
    if to_failure > LOW_CONFIDENCE_REPS:
        return None
    return Estimate(one_rm(load, to_failure), "epley", record.day, reps, load)


def session_estimate(records: Sequence[SetRecord]) -> Estimate | None:
    """The best estimate among one session's sets of one exercise: its strongest evidence."""
    best: Estimate | None = None
    for record in records:
        found = estimate_set(record)
        if found is not None and (best is None or found.one_rm > best.one_rm):
            best = found
    return best


def e1rm_history(sessions: Sequence[Sequence[SetRecord]]) -> tuple[Estimate, ...]:
    """The smoothed estimated 1RM after each session (oldest first) that had an estimate.

    Each Estimate's `one_rm` is the smoothed value; its other fields name the session's best set.
    Up: to the session's estimate, at most +5% (RISE_MAX). Down: only after two sessions in a row
    more than 5% lower (FALL_THRESHOLD, FALL_AFTER), to the higher of the two. Sessions with
    no estimate (missed, bodyweight, timed) neither move it nor break a run of low sessions.
    """
    history: list[Estimate] = []
    current: float | None = None
    lows: list[float] = []
    for records in sessions:
        found = session_estimate(records)
        if found is None:
            continue
        value = found.one_rm
        if current is None:
            current = value
        elif value > current:
            current = min(value, current * (1 + RISE_MAX))
            lows = []
        elif value < current * (1 - FALL_THRESHOLD):
            lows.append(value)
            if len(lows) >= FALL_AFTER:
                current = max(lows[-FALL_AFTER:])
                lows = []
        else:
            lows = []
        history.append(replace(found, one_rm=current))
    return tuple(history)


# --- the next 1RM for a planned exercise ------------------------------------------------------


def _work_sets(records: Sequence[SetRecord]) -> tuple[SetRecord, ...]:
    """The sets at the session's heaviest load: warm-up and ramp sets do not judge the plan."""
    counted = [r for r in records if r.reps is not None]
    if not counted:
        return ()
    top = max(r.load or 0.0 for r in counted)
    return tuple(r for r in counted if (r.load or 0.0) == top)


def _missed(records: Sequence[SetRecord], planned_reps: int | None) -> bool:
    """True when a work set fell short of the planned reps."""
    if planned_reps is None:
        return False
    return any(r.reps is not None and r.reps < planned_reps for r in _work_sets(records))


def _top_rpe(records: Sequence[SetRecord]) -> float | None:
    """The hardest work set's RPE, when any was logged."""
    rpes = [rpe for r in _work_sets(records) if (rpe := _usable_rpe(r.rpe)) is not None]
    return max(rpes) if rpes else None


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _fmt(value: float) -> str:
    return f"{value:g}"


def _lighter(records: Sequence[SetRecord], target: Target) -> str | None:
    """Why a session was lighter than planned (in words), or None when the planned load was
    lifted: the top load more than LIGHTER_TOLERANCE under it, or fewer work sets at it."""
    if target.load is None or target.load <= 0:
        return None
    counted = [r for r in records if r.reps is not None and r.reps > 0]
    floor = target.load * (1 - LIGHTER_TOLERANCE)
    top = max((r.load or 0.0 for r in counted), default=0.0)
    if top < floor:
        return f"lifted {_fmt(round(top, 2))}, lighter than the planned {_fmt(target.load)}"
    at_load = sum(1 for r in counted if (r.load or 0.0) >= floor)
    if target.sets is not None and at_load < target.sets:
        return f"{at_load} of the {target.sets} planned sets at {_fmt(target.load)}"
    return None


def next_one_rm(
    current: float | None,
    sessions: Sequence[Sequence[SetRecord]],
    planned_reps: int | None = None,
    target_rir: int = 2,
    *,
    targets: Sequence[Target] | None = None,
) -> Decision | None:
    """The 1RM to plan the next session of one exercise with, from its logged sessions.

    `current` is the 1RM the plan used; `sessions` are that exercise's planned sessions, oldest
    first, each the sets logged for it (empty when the session was planned but not logged).
    Each session is judged against its own plan: `targets`, one per session (reps, RIR, load and
    sets asked for), or else `planned_reps` and `target_rir` for all of them.
    Returns None when there is neither a 1RM nor a set to estimate one from.
    """
    if targets is None:
        targets = [Target(planned_reps, target_rir)] * len(sessions)
    elif len(targets) != len(sessions):
        raise ValueError(f"{len(targets)} targets for {len(sessions)} sessions")
    for one in targets:
        rir_to_rpe(one.rir)  # an impossible RIR is refused, whatever was logged
    target = rir_to_rpe(targets[-1].rir if targets else target_rir)
    logged = [s for s in sessions if s]
    if current is None:
        history = e1rm_history(logged)
        if not history:
            return None
        smoothed = history[-1]
        return Decision(
            "start",
            round(smoothed.one_rm, 2),
            f"no 1RM yet: estimated {_fmt(round(smoothed.one_rm, 1))} from "
            f"{smoothed.source_reps} x {_fmt(smoothed.source_load)} ({smoothed.formula})",
            smoothed,
        )
    if not sessions or not sessions[-1]:
        why = "nothing logged yet" if not logged else "the last planned session was not logged"
        return Decision("hold", current, f"{why}; the 1RM stays")
    latest, aim = sessions[-1], targets[-1]
    done = [i for i, s in enumerate(sessions) if s]
    previous = sessions[done[-2]] if len(done) >= 2 else None
    previous_aim = targets[done[-2]] if len(done) >= 2 else None
    found = session_estimate(latest)
    missed = _missed(latest, aim.reps)
    rpe = _top_rpe(latest)

    def lower(why: str) -> Decision:
        ratio = 1 - LOWER_MIN if found is None else found.one_rm / current
        value = current * _clamp(ratio, 1 - LOWER_MAX, 1 - LOWER_MIN)
        return Decision("lower", round(value, 2), why, found)

    if missed and rpe is not None and rpe >= 10:
        return lower("reps missed at RPE 10: the load was past the limit")
    if (
        missed
        and previous is not None
        and previous_aim is not None
        and _missed(previous, previous_aim.reps)
    ):
        return lower("reps missed two sessions in a row")
    before = session_estimate(previous) if previous is not None else None
    floor = current * (1 - FALL_THRESHOLD)
    if (
        found is not None
        and before is not None
        and found.formula == before.formula == "rts"
        and found.one_rm < floor
        and before.one_rm < floor
    ):
        return lower("two sessions in a row estimate the 1RM more than 5% lower")
    lighter = _lighter(latest, aim)
    if lighter is not None:
        return Decision("hold", current, f"{lighter}: judged against the plan, repeat it", found)
    if not missed and (rpe is None or rpe <= target + RPE_TOLERANCE):
        ratio = 1 + RISE_MIN if found is None else found.one_rm / current
        value = current * _clamp(ratio, 1 + RISE_MIN, 1 + RISE_MAX)
        how = "no RPE logged" if rpe is None else f"RPE {_fmt(rpe)} for a target of {_fmt(target)}"
        return Decision("progress", round(value, 2), f"all reps done ({how})", found)
    if missed:
        return Decision("hold", current, "reps missed once: repeat the load", found)
    return Decision(
        "hold",
        current,
        f"RPE {_fmt(rpe or 0)} is over the target of {_fmt(target)}: repeat the load",
        found,
    )
