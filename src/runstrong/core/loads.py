"""Load arithmetic: 1RM estimates and %1RM tables (from core/estimates.py), RPE, units and
rounding to real implements.

Pure: no I/O. Every training constant sits next to its source; docs/loads.md explains each one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import TypeGuard

# The 1RM arithmetic lives in core/estimates.py (no domain model: the calculators start without
# it) and is re-exported here, so loads.one_rm, loads.percent_for_reps ... stay as they were.
from runstrong.core.estimates import DEFAULT_FORMULA as DEFAULT_FORMULA  # noqa: PLC0414
from runstrong.core.estimates import FORMULAS as FORMULAS  # noqa: PLC0414
from runstrong.core.estimates import LOW_CONFIDENCE_REPS as LOW_CONFIDENCE_REPS  # noqa: PLC0414
from runstrong.core.estimates import MAX_REPS as MAX_REPS  # noqa: PLC0414
from runstrong.core.estimates import NSCA_PERCENT as NSCA_PERCENT  # noqa: PLC0414
from runstrong.core.estimates import _check_positive
from runstrong.core.estimates import estimate_all as estimate_all  # noqa: PLC0414
from runstrong.core.estimates import one_rm as one_rm  # noqa: PLC0414
from runstrong.core.estimates import percent_for_reps as percent_for_reps  # noqa: PLC0414
from runstrong.core.estimates import reps_for_percent as reps_for_percent  # noqa: PLC0414
from runstrong.core.kit import Equipment, Implements, Units
from runstrong.errors import InputError

# --- RPE / RIR (RTS chart) --------------------------------------------------------------------
# Tuchscherer's Reactive Training Systems chart (practitioner chart; RIR scale validated by
# Zourdos et al. 2016, J Strength Cond Res 30(1):267-275; Helms et al. 2016, Strength Cond J
# 38(4):42-49). One RPE step equals one rep, so the chart is two sequences indexed by
# e = reps - 1 + (10 - RPE): whole steps in _RTS_WHOLE, half steps in _RTS_HALF.
_RTS_WHOLE = (100.0, 95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0, 65.3, 62.6,
              59.9, 57.4)  # fmt: skip
_RTS_HALF = (97.8, 93.9, 90.7, 87.8, 85.0, 82.4, 79.9, 77.4, 75.1, 72.3, 69.4, 66.7, 64.0, 61.3,
             58.6)  # fmt: skip
RTS_MAX_REPS = 12
RTS_MIN_RPE = 6.0


def rpe_percent(reps: int, rpe: float) -> float:
    """%1RM for `reps` at `rpe` from the RTS chart: reps 1-12, RPE 6-10 in half steps."""
    if isinstance(reps, bool) or not isinstance(reps, int) or not 1 <= reps <= RTS_MAX_REPS:
        raise InputError("reps", f"must be 1-{RTS_MAX_REPS} for the RPE chart; got {reps}")
    ok = not isinstance(rpe, bool) and isinstance(rpe, int | float) and math.isfinite(rpe)
    if not ok or not RTS_MIN_RPE <= rpe <= 10 or (rpe * 2) % 1 != 0:
        raise InputError("rpe", f"must be 6-10 in half steps (6, 6.5, ... 10); got {rpe}")
    steps = (reps - 1) * 2 + round((10 - rpe) * 2)  # in half-RPE units
    return _RTS_WHOLE[steps // 2] if steps % 2 == 0 else _RTS_HALF[steps // 2]


def rir_to_rpe(rir: float) -> float:
    """RPE from reps in reserve: RPE = 10 - RIR (Zourdos et al. 2016)."""
    if isinstance(rir, bool) or not isinstance(rir, int | float) or not 0 <= rir <= 10:
        raise InputError("rir", f"must be 0-10; got {rir}")
    return 10 - rir


# --- Units ------------------------------------------------------------------------------------

KG_PER_LB = 0.45359237  # exact by definition: International Yard and Pound Agreement, 1959


def to_units(value: float, from_units: Units, to: Units) -> float:
    """Convert a load between kg and lb (unrounded)."""
    if from_units is to:
        return value
    return value * KG_PER_LB if from_units is Units.LB else value / KG_PER_LB


# --- Implements -------------------------------------------------------------------------------


def _floats(*values: float) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


def _steps(start: float, stop: float, step: float) -> tuple[float, ...]:
    return tuple(float(start + i * step) for i in range(round((stop - start) / step) + 1))


def default_implements(units: Units) -> Implements:
    """What a typical gym has, in `units`.

    Standard Olympic bars and plates (20 kg bar with 25-1.25 kg plates; 45 lb bar with 45-2.5 lb
    plates), common commercial dumbbell racks, and the standard kettlebell sizes (4 kg steps up to
    48 kg plus light bells; lb ranges sell the kg bells as 53, 62, 70, 88, 97, 106 lb).
    """
    if units is Units.KG:
        return Implements(
            units=Units.KG,
            bar=20.0,
            plates=_floats(25, 20, 15, 10, 5, 2.5, 1.25),
            dumbbells=_steps(1, 10, 1) + _steps(12.5, 50, 2.5),
            kettlebells=_floats(4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 28, 32, 36, 40, 48),
        )
    return Implements(
        units=Units.LB,
        bar=45.0,
        plates=_floats(45, 35, 25, 10, 5, 2.5),
        dumbbells=tuple(sorted(_floats(2, 3, 8, 12) + _steps(5, 100, 5))),
        kettlebells=_floats(10, 15, 20, 25, 30, 35, 40, 45, 50, 53, 62, 70, 80, 88, 97, 106),
    )


_IMPLEMENT_KEYS = ("bar", "plates", "dumbbells", "kettlebells")


def parse_implements(data: Mapping[str, object], units: Units, source: str) -> Implements:
    """Validate a config table `[implements.kg]` / `[implements.lb]`; missing keys use defaults.

    Plates come back largest first, dumbbells and kettlebells smallest first, duplicates dropped.
    """
    table = f"[implements.{units.value}]"
    if not isinstance(data, Mapping):
        raise InputError(f"{source}: {table}", f"must be a table; got {data!r}")
    implements = default_implements(units)
    bar, plates = implements.bar, implements.plates
    dumbbells, kettlebells = implements.dumbbells, implements.kettlebells
    for key, raw in data.items():
        field = f"{source}: {table}.{key}"
        if key == "bar":
            low, high = IMPLEMENT_RANGE["bar"]
            if not _is_positive(raw) or not _within(raw, low, high):
                raise InputError(
                    field,
                    f"must be a number {low:g}-{high:g} with at most two decimals; got {raw!r}",
                )
            bar = float(raw)
            continue
        if key not in _IMPLEMENT_KEYS:
            raise InputError(field, f"unknown key; allowed: {', '.join(_IMPLEMENT_KEYS)}")
        if not isinstance(raw, list | tuple) or not raw or not all(_is_positive(v) for v in raw):
            raise InputError(field, f"must be a non-empty list of numbers more than 0; got {raw!r}")
        low, high = IMPLEMENT_RANGE[key]
        if len(raw) > MAX_SIZES[key] or not all(_within(v, low, high) for v in raw):
            raise InputError(
                field,
                f"must list at most {MAX_SIZES[key]} sizes, each {low:g}-{high:g} with at most two "
                f"decimals; got {_shown(raw)}",
            )
        sizes = tuple(sorted({float(v) for v in raw}))
        if key == "plates":
            plates = sizes[::-1]
        elif key == "dumbbells":
            dumbbells = sizes
        else:
            kettlebells = sizes
    return Implements(units, bar, plates, dumbbells, kettlebells)


# Config sizes, in the table's units: a plate under 0.1 (the smallest change plates sold, in kg
# or lb) or a size with more decimals than a scale shows would only make the plate search slow.
IMPLEMENT_RANGE = {
    "bar": (1.0, 100.0),
    "plates": (0.1, 100.0),
    "dumbbells": (0.1, 250.0),
    "kettlebells": (0.1, 250.0),
}
MAX_SIZES = {"plates": 20, "dumbbells": 100, "kettlebells": 100}


def _within(value: float, low: float, high: float) -> bool:
    return low <= value <= high and abs(value * 100 - round(value * 100)) < 1e-6


def _shown(raw: object) -> str:
    text = repr(raw)
    return text if len(text) <= 60 else text[:60] + "..."


def _is_positive(value: object) -> TypeGuard[float]:
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(value)
        and value > 0
    )


# --- Rounding to the equipment ----------------------------------------------------------------


@dataclass(frozen=True)
class RoundedLoad:
    """A load the athlete can actually put together; `plates` per side (barbell only)."""

    load: float
    plates: tuple[float, ...] | None


# Loads on equipment without fixed steps (machines, sleds, bands...) round to these.
FREE_STEP = {Units.KG: Fraction(1, 2), Units.LB: Fraction(1)}

_QUANTUM = 10_000  # plate sizes are compared exactly, in 1/10000 of a unit


def _plate_units(plates: tuple[float, ...]) -> tuple[Fraction, dict[int, float]]:
    """The plate step (gcd of the sizes, in load units) and {size in steps: plate size}."""
    scaled = {round(p * _QUANTUM): float(p) for p in plates if round(p * _QUANTUM) > 0}
    if not scaled:
        return Fraction(0), {}
    gcd = math.gcd(*scaled)
    return Fraction(gcd, _QUANTUM), {s // gcd: p for s, p in scaled.items()}


@lru_cache(maxsize=64)
def _fewest_plates(coins: tuple[int, ...], top: int) -> tuple[int, ...]:
    """first[s]: the largest first plate (in steps) of a fewest-plates breakdown of s; -1 if none.

    Exact for any plate set; for standard sets it is the same as greedy largest-first. Cached:
    a plan asks the same plate set again and again (`top` is rounded up to a power of two).
    """
    count = [0] + [-1] * top
    first = [0] + [-1] * top
    for s in range(1, top + 1):
        for c in sorted(coins, reverse=True):
            if c <= s and count[s - c] >= 0 and (count[s] < 0 or count[s - c] + 1 < count[s]):
                count[s] = count[s - c] + 1
                first[s] = c
    return tuple(first)


_MAX_STEPS = 1 << 15
"""The plate search covers at most this many plate steps per side (the steps of a config's plates,
two decimals from 0.1 to 100, stay well inside); the rest of a heavier load is made of the
largest plate first, so any load is answered at once."""
MAX_PLATES = 200
"""Plates per side a load may need; more is not a load anyone puts on a bar."""


def _reserve(steps: Fraction, coins: dict[int, float]) -> tuple[int, int]:
    """(how many of the largest plate to set aside, its size in steps) so the search stays small."""
    big = max(coins)
    if steps / big > MAX_PLATES:
        raise InputError(
            "load",
            f"needs more than {MAX_PLATES} plates per side (largest plate {coins[big]:g}); "
            "give a lighter load or larger plates",
        )
    room = max(_MAX_STEPS // 8, 2 * big)
    if room + min(coins) >= _MAX_STEPS:
        raise InputError(
            "plates", "sizes too fine to combine; give sizes of 0.1 or more with two decimals"
        )
    if steps <= room:
        return 0, big
    return math.ceil((steps - room) / big), big


def _breakdown(s: int, first: tuple[int, ...], coins: dict[int, float]) -> tuple[float, ...]:
    out: list[float] = []
    while s > 0:
        out.append(coins[first[s]])
        s -= first[s]
    return tuple(sorted(out, reverse=True))


def _round_barbell(target: float, implements: Implements) -> RoundedLoad:
    bar = implements.bar
    step, coins = _plate_units(implements.plates)
    if target <= bar or not coins:
        return RoundedLoad(load=float(bar), plates=())
    per_side = (Fraction(target) - Fraction(bar)) / 2 / step  # in plate steps
    reserved, big = _reserve(per_side, coins)
    per_side -= reserved * big
    # With the smallest plate alone, some reachable sum lies within one smallest plate above.
    needed = math.floor(per_side) + min(coins)
    first = _fewest_plates(tuple(sorted(coins)), 1 << needed.bit_length())
    below = next(s for s in range(math.floor(per_side), -1, -1) if first[s] >= 0)
    above = next(s for s in range(math.ceil(per_side), len(first)) if first[s] >= 0)
    best = below if per_side - below <= above - per_side else above  # ties go down
    plates = tuple(sorted(_breakdown(best, first, coins) + (coins[big],) * reserved, reverse=True))
    return RoundedLoad(load=float(round(bar + 2 * sum(plates), 6)), plates=plates)  # no float noise


_CONFIG_HINT = "set them in config.toml under [implements.kg] or [implements.lb]"


def _nearest(target: float, sizes: tuple[float, ...], what: str) -> RoundedLoad:
    if not sizes:
        raise InputError("equipment", f"no {what} sizes configured", hint=_CONFIG_HINT)
    return RoundedLoad(load=float(min(sizes, key=lambda s: (abs(s - target), s))), plates=None)


@lru_cache(maxsize=8192)  # a season asks for the same few loads hundreds of times
def round_load(target: float, equipment: Equipment, implements: Implements) -> RoundedLoad:
    """The achievable load nearest `target` on `equipment`; ties go down (lighter is safer).

    Barbell: the bar plus pairs of plates (any number of each size); below the bar, the bar alone.
    Dumbbell and kettlebell: the nearest size, for ONE implement. Anything else: 0.5 kg / 1 lb.
    """
    _check_positive(target, "load")
    if equipment is Equipment.BARBELL:
        return _round_barbell(target, implements)
    if equipment is Equipment.DUMBBELL:
        return _nearest(target, implements.dumbbells, "dumbbell")
    if equipment is Equipment.KETTLEBELL:
        return _nearest(target, implements.kettlebells, "kettlebell")
    step = FREE_STEP[implements.units]
    steps = math.ceil(Fraction(target) / step - Fraction(1, 2))  # round half down
    return RoundedLoad(load=float(max(1, steps) * step), plates=None)


def plate_breakdown(load: float, implements: Implements) -> tuple[float, ...]:
    """Plates per side, largest first, that make exactly `load` on the bar."""
    _check_positive(load, "load")
    step, coins = _plate_units(implements.plates)
    per_side = (Fraction(load) - Fraction(implements.bar)) / 2
    if per_side == 0:
        return ()
    steps = per_side / step if coins and per_side > 0 else Fraction(1, 2)
    exact = steps.denominator == 1
    reserved, big = _reserve(steps, coins) if exact else (0, 0)
    steps -= reserved * big
    first = _fewest_plates(tuple(sorted(coins)), int(steps)) if exact else (-1,)
    if first[int(steps) if exact else -1] < 0:
        units = implements.units.value
        sizes = ", ".join(f"{p:g}" for p in implements.plates) or "none"
        raise InputError(
            "load",
            f"{load:g} {units} cannot be made from a {implements.bar:g} {units} bar "
            f"and pairs of plates ({sizes} {units})",
        )
    found = _breakdown(int(steps), first, coins) + (coins[big],) * reserved if exact else ()
    return tuple(sorted(found, reverse=True))


def load_for(
    one_rm: float, percent: float, equipment: Equipment, implements: Implements
) -> RoundedLoad:
    """`percent` of `one_rm`, rounded to what `equipment` allows."""
    _check_positive(one_rm, "one_rm")
    _check_positive(percent, "percent")
    if percent > 100:
        raise InputError("percent", f"must be more than 0 and at most 100; got {percent}")
    return round_load(one_rm * percent / 100, equipment, implements)


# --- a lift: `ID=LOAD | ID=LOADxREPS` ----------------------------------------------------------

MAX_LIFT_LOAD = 1000.0  # a typo guard, in the lift's own units (kg or lb)
MAX_LIFT_REPS = LOW_CONFIDENCE_REPS
"""A set given as a lift has no RPE, so it is read as taken to failure; past 10 reps no estimate
is made, as the logbook does (docs/learning.md; Reynolds, Gordon & Robergs 2006)."""
_LIFT = re.compile(
    r"(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)=(?P<load>[0-9]{1,7}(?:\.[0-9]{1,6})?)(?:x(?P<reps>[0-9]{1,6}))?",
    re.ASCII | re.IGNORECASE,
)


def parse_lift(text: str, field: str = "lifts") -> tuple[str, float, int]:
    """`back-squat=100` -> ("back-squat", 100.0, 1); `rdl=80x6` -> ("rdl", 80.0, 6); errors name
    `field` (`lifts[2]` for the third lift given)."""
    match = _LIFT.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        shown = repr(text) if len(repr(text)) <= 40 else f"{repr(text)[:40]}..."
        raise InputError(
            field,
            f"expected ID=LOAD or ID=LOADxREPS, e.g. back-squat=100 or rdl=80x6; got {shown}",
        )
    load = float(match["load"])
    reps = int(match["reps"]) if match["reps"] is not None else 1
    if not 0 < load <= MAX_LIFT_LOAD:
        raise InputError(
            field, f"load must be more than 0 and at most {MAX_LIFT_LOAD:g}; got {text!r}"
        )
    if not 1 <= reps <= MAX_LIFT_REPS:
        raise InputError(
            field,
            f"reps must be 1-{MAX_LIFT_REPS} to estimate a 1RM; got {text!r}",
            "give a heavier set of 3-6 reps, or the 1RM itself",
        )
    return match["id"].lower(), load, reps
