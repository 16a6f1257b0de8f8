"""1RM estimates and the NSCA's %1RM for a number of reps: arithmetic on plain numbers.

Pure: no I/O and no domain model, so the calculators (`runstrong estimate`) start without it;
`runstrong.core.loads` re-exports every name. docs/loads.md explains each constant.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from runstrong.errors import InputError

# --- 1RM estimation ---------------------------------------------------------------------------
# w = weight lifted, r = reps completed to failure. Formulas as listed on Wikipedia "One-repetition
# maximum" and cross-checked against befitteR's one_rm.R and the npm packages `one-rep-max`, `1rm`.

FORMULAS: dict[str, Callable[[float, int], float]] = {
    # Epley 1985 (Boyd Epley Workout, Body Enterprises): w * (1 + r/30).
    "epley": lambda w, r: w * (1 + r / 30),
    # Brzycki 1993, J Phys Educ Recreat Dance 64(1):88-90: w * 36 / (37 - r).
    "brzycki": lambda w, r: w * 36 / (37 - r),
    # Lander 1985, NSCA Journal (also listed as "McGlothin"): 100w / (101.3 - 2.67123r).
    "lander": lambda w, r: 100 * w / (101.3 - 2.67123 * r),
    # Lombardi 1989: w * r^0.10.
    "lombardi": lambda w, r: w * r**0.10,
    # Mayhew et al. 1992, J Appl Sport Sci Res (now JSCR) 6(4): 100w / (52.2 + 41.9 e^(-0.055r)).
    "mayhew": lambda w, r: 100 * w / (52.2 + 41.9 * math.exp(-0.055 * r)),
    # O'Conner et al. 1989: w * (1 + 0.025r).
    "oconner": lambda w, r: w * (1 + 0.025 * r),
    # Wathan 1994 (in NSCA Essentials): 100w / (48.8 + 53.8 e^(-0.075r)).
    "wathan": lambda w, r: 100 * w / (48.8 + 53.8 * math.exp(-0.075 * r)),
}

DEFAULT_FORMULA = "epley"

MAX_REPS = 30  # SPEC: `estimate` takes 1-30 reps.

LOW_CONFIDENCE_REPS = 10
"""Above this many reps the estimates lose accuracy: no more than 10 reps should feed a linear
equation (Reynolds, Gordon & Robergs 2006, J Strength Cond Res 20(3):584-592)."""


def _check_reps(reps: int, field: str = "reps") -> None:
    if isinstance(reps, bool) or not isinstance(reps, int) or not 1 <= reps <= MAX_REPS:
        raise InputError(field, f"must be 1-{MAX_REPS}; got {reps}")


def _check_positive(value: float, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(field, f"must be a number more than 0; got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise InputError(field, f"must be more than 0; got {value}")


def one_rm(weight: float, reps: int, formula: str = DEFAULT_FORMULA) -> float:
    """Estimated 1RM from a set of `reps` with `weight` taken to (or near) failure.

    A single rep is the 1RM by definition, so reps == 1 returns the weight for every formula:
    the regressions were fitted on multi-rep sets and give 1.03w (Epley) to 1.09w (Mayhew) at r = 1.
    """
    _check_positive(weight, "weight")
    _check_reps(reps)
    fn = FORMULAS.get(formula)
    if fn is None:
        raise InputError("formula", f"unknown formula '{formula}'; allowed: {', '.join(FORMULAS)}")
    return float(weight) if reps == 1 else fn(weight, reps)


def estimate_all(weight: float, reps: int) -> dict[str, float]:
    """Every formula's estimate, rounded to 2 decimals, in FORMULAS order."""
    return {name: round(one_rm(weight, reps, name), 2) for name in FORMULAS}


# --- %1RM for a number of reps (NSCA) ---------------------------------------------------------

NSCA_PERCENT: dict[int, float] = {
    # Baechle & Earle (eds.), NSCA Essentials of Strength Training and Conditioning,
    # "%1RM and repetitions allowed". Copies disagree past 10 reps; this is the 11 = 70,
    # 12 = 67, 15 = 65 version (training-science.md 1.1).
    1: 100.0,
    2: 95.0,
    3: 93.0,
    4: 90.0,
    5: 87.0,
    6: 85.0,
    7: 83.0,
    8: 80.0,
    9: 77.0,
    10: 75.0,
    11: 70.0,
    12: 67.0,
    15: 65.0,
}

# 13 and 14 reps are not in the NSCA table. We fill them by interpolating between 12 (67) and
# 15 (65) and rounding to the half point, as training-science.md 1.1 suggests: 66.0 and 65.5.
# (The exact straight line would give 66.33 and 65.67; the difference is under 0.5% of 1RM.)
_FILLED_PERCENT: dict[int, float] = {13: 66.0, 14: 65.5}


def percent_for_reps(reps: int) -> float:
    """The %1RM a lifter can do `reps` times (NSCA table); non-increasing in reps.

    16-30 reps are past the table: we take the Epley inverse, 100 / (1 + r/30) (Epley 1985),
    clamped so it never rises above the table's 65% at 15 reps (Epley gives 65.2 at 16),
    rounded to 0.1.
    """
    _check_reps(reps)
    if reps in NSCA_PERCENT:
        return NSCA_PERCENT[reps]
    if reps in _FILLED_PERCENT:
        return _FILLED_PERCENT[reps]
    return round(min(NSCA_PERCENT[15], 100 / (1 + reps / 30)), 1)


def reps_for_percent(percent: float) -> int:
    """The most reps (1-30) whose %1RM (percent_for_reps) is at least `percent`."""
    _check_positive(percent, "percent")
    if percent > 100:
        raise InputError("percent", f"must be more than 0 and at most 100; got {percent}")
    return max(r for r in range(1, MAX_REPS + 1) if percent_for_reps(r) >= percent)
