"""The dose rules on one exercise: sets, reps, rest, seconds, intensity, contacts and re-tests."""

from __future__ import annotations

from runstrong.validation.reading import Exercise
from runstrong.validation.values import (
    ACTIVATION_REPS,
    ACTIVATION_REST,
    ACTIVATION_SETS,
    ASSISTANCE_PATTERNS,
    BRIDGE_STRENGTH,
    ECCENTRIC_REPS,
    ECCENTRIC_REST,
    ECCENTRIC_SETS,
    EFFORT_REPS,
    EFFORT_REST,
    EFFORT_REST_RUN,
    EFFORT_SECONDS,
    FAMILIAR_REPS,
    FAMILIAR_SETS,
    HOLD_REST,
    HOLD_SECONDS,
    LIFT_DOSE,
    OTHER_SETS,
    PLYO_CAP,
    PLYO_REST,
    SKILL_REPS,
    SKILL_REST,
    SKILL_SETS,
    LiftDose,
    Span,
    fmt,
)
from runstrong.validation.violation import Add


def check_retest(ex: Exercise, add: Add) -> None:
    """retest: one all-out set, a 3-5RM for lifts (then a new 1RM), a longest hold for holds."""
    if ex.sets != 1:
        add("retest", f"{ex.sets} sets; a re-test is one set")
    if ex.loading == "1rm":
        if ex.reps is None or ex.reps_max is None or not 3 <= ex.reps <= ex.reps_max <= 5:
            add("retest", "a lift is re-tested with a 3-5RM set (reps 3, reps_max 5)")
    elif ex.seconds is not None:
        add("retest", "a hold is re-tested for as long as it lasts (`seconds` null)")


_Spans = tuple[Span | None, Span | None, Span | None, str]  # sets, reps, rest, what the work is


def _dose_spans(ex: Exercise, goal: str | None) -> _Spans:
    """The allowed sets, reps and rest for the exercise's loading, and how to name that work."""
    dose = LIFT_DOSE.get(goal or "")
    if dose is None:  # an unknown goal is a schema violation already
        return (None, None, None, "lifts") if ex.loading == "1rm" else _other_spans(ex)
    if ex.loading == "1rm":
        return dose.sets, dose.reps, dose.rest, f"{goal} lifts"
    if ex.loading in ("bodyweight", "band") and ex.complexity == 1:
        return ACTIVATION_SETS, ACTIVATION_REPS, ACTIVATION_REST, "activation work"
    if ex.loading in ("bodyweight", "band"):
        reps, rest = EFFORT_REPS[goal or ""], EFFORT_REST[goal or ""]
        return dose.sets, reps, rest, f"{goal} bodyweight and band work"
    return _other_spans(ex)


def _other_spans(ex: Exercise) -> _Spans:
    """Timed work and plyometrics, whatever the goal (and effort work when the goal is unknown)."""
    if ex.loading in ("bodyweight", "band"):
        return None, None, None, "bodyweight and band work"
    if ex.loading == "time":
        if ex.category == "run-specific":
            return OTHER_SETS, None, EFFORT_REST_RUN, "run-specific efforts"
        return OTHER_SETS, None, HOLD_REST, "timed holds"
    return OTHER_SETS, None, PLYO_REST, "plyometrics"


def check_dose(
    ex: Exercise,
    goal: str | None,
    add: Add,
    *,
    light: bool = False,
    familiar: bool = False,
    eased: bool = False,
    bridge: bool = False,
) -> None:
    """dose-sets, dose-reps, dose-rest, dose-seconds and dose-intensity.

    `familiar`: a novice's familiarisation week; `eased`: a lift softened for a limitation or
    tired legs (the coaching rules check how far; here only the goal's floor is lifted);
    `bridge`: a novice's first weeks after familiarisation, where the strength goal's lifts take
    the bridge's dose (novice-ramp).
    """
    if goal == "strength" and ex.loading == "1rm" and ex.pattern in ASSISTANCE_PATTERNS:
        goal = "hypertrophy"  # assistance lifts: 6-12 reps at moderate loads (NSCA)
    sets, reps, rest, kind = _dose_spans(ex, goal)
    lift_dose = LIFT_DOSE.get(goal or "")
    if bridge and goal == "strength" and ex.loading == "1rm" and not ex.skill:
        lift_dose = BRIDGE_STRENGTH
        sets, reps, rest = lift_dose.sets, lift_dose.reps, lift_dose.rest
        kind = "a novice's first loading lifts"
    if ex.skill and ex.loading in ("1rm", "bodyweight", "band"):
        sets, reps, rest, kind = SKILL_SETS, SKILL_REPS, SKILL_REST, "skill lifts"
    elif ex.eccentric and ex.loading in ("bodyweight", "band"):
        sets, reps, rest = ECCENTRIC_SETS, ECCENTRIC_REPS, ECCENTRIC_REST
        kind = "eccentric work (Nordic curls)"
    elif familiar and ex.loading in ("1rm", "bodyweight", "band") and reps is not None:
        sets, kind = FAMILIAR_SETS, f"{kind} in familiarisation weeks"
        if ex.reps is not None and ex.reps_max is not None and ex.reps in FAMILIAR_REPS:
            reps = FAMILIAR_REPS if ex.reps_max in FAMILIAR_REPS else reps
    if light and sets is not None:
        # Deload, taper and recovery weeks cut sets (Murach & Bagley 2015: volume -40-60%).
        sets, kind = Span(1, sets.hi), f"{kind} in a lighter week"
    if sets is not None and ex.sets not in sets:
        add("dose-sets", f"{ex.sets} sets; {kind} take {sets.text()} sets")
    if rest is not None and ex.rest_seconds not in rest:
        add("dose-rest", f"rest {ex.rest_seconds} s; {kind} rest {rest.text(' s')}")

    if ex.loading == "time":
        if ex.reps is not None or ex.reps_max is not None:
            add("dose-reps", "timed work has `reps` and `reps_max` null")
    elif ex.reps is None or ex.reps_max is None:
        add("dose-reps", f"`reps` and `reps_max` are needed for {kind}")
    elif ex.reps > ex.reps_max:
        add("dose-reps", f"reps {ex.reps} above reps_max {ex.reps_max}")
    elif ex.loading == "contacts" and ex.reps < 1:
        add("dose-reps", f"{ex.reps} reps; plyometrics take at least 1 rep")
    elif reps is not None and (ex.reps not in reps or ex.reps_max not in reps):
        add("dose-reps", f"{_range(ex.reps, ex.reps_max)} reps; {kind} take {reps.text()} reps")

    _check_seconds(ex, kind, add)
    _check_intensity(ex, lift_dose, kind, add, free=ex.skill or familiar or eased)


def _check_seconds(ex: Exercise, kind: str, add: Add) -> None:
    if ex.loading != "time":
        if ex.seconds is not None:
            add("dose-seconds", f"{ex.seconds} s given; only timed work has `seconds`")
        return
    span = EFFORT_SECONDS if ex.category == "run-specific" else HOLD_SECONDS
    if ex.seconds is None:
        add("dose-seconds", f"no `seconds`; {kind} last {span.text(' s')}")
    elif ex.seconds not in span:
        add("dose-seconds", f"{ex.seconds} s; {kind} last {span.text(' s')}")


def _check_intensity(
    ex: Exercise, dose: LiftDose | None, kind: str, add: Add, *, free: bool = False
) -> None:
    if ex.loading != "1rm":
        if ex.percent_1rm is not None:
            add("dose-intensity", f"percent_1rm on {ex.loading} work; only 1RM lifts have one")
        return
    if ex.percent_1rm is None:
        add("dose-intensity", "no `percent_1rm`; a 1RM lift always states its target intensity")
    elif free and dose is not None:
        if ex.percent_1rm <= 0 or ex.percent_1rm > dose.percent.hi:
            add("dose-intensity", f"{fmt(ex.percent_1rm)}% 1RM; at most {fmt(dose.percent.hi)}%")
    elif dose is not None and ex.percent_1rm not in dose.percent:
        allowed = dose.percent.text("% 1RM")
        add("dose-intensity", f"{fmt(ex.percent_1rm)}% 1RM; {kind} use {allowed}")
    if ex.load is None and ex.rir is None:
        add("dose-intensity", "no `load` and no `rir`; a lift without a known 1RM stops at a RIR")


def _range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"


def check_contacts(ex: Exercise, phase: str | None, add: Add) -> None:
    """plyo-contacts on one exercise: only plyometrics, in their phases, sets x reps of them."""
    if ex.loading != "contacts":
        if ex.contacts:
            add("plyo-contacts", f"{ex.contacts} contacts on {ex.loading} work; only plyometrics")
        return
    if phase is not None and not PLYO_CAP.get(phase):
        add(
            "plyo-contacts",
            f"plyometrics in a {phase} week; only pre-season and in-season weeks have them",
        )
    if ex.contacts is None or ex.contacts <= 0:
        add("plyo-contacts", "plyometrics need a positive `contacts` count")
    elif ex.reps is not None and ex.reps_max is not None and ex.reps <= ex.reps_max:
        legs = 2 if ex.per_side else 1
        low, high = ex.sets * ex.reps * legs, ex.sets * ex.reps_max * legs
        if not low <= ex.contacts <= high:
            each = " per side" if ex.per_side else ""
            add(
                "plyo-contacts",
                f"{ex.contacts} contacts, but {ex.sets} x {_range(ex.reps, ex.reps_max)}{each} "
                f"is {_range(low, high)}",
            )
