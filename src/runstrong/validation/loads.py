"""load-math: a lift's load is its 1RM times its %1RM, rounded to the plan's implements."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from runstrong.validation.reading import Exercise, Plan
from runstrong.validation.values import BARBELL_MIN_TOLERANCE, BLOCK_GROWTH, EPS, fmt
from runstrong.validation.violation import Add


def check_load(ex: Exercise, plan: Plan, add: Add, block: int = 1) -> None:
    """load-math: the load, where it may be, and how close to 1RM x %1RM it must be."""
    units = plan.units or ""
    if ex.loading != "1rm" or ex.load is None:
        if ex.load is not None:
            add("load-math", f"load {fmt(ex.load)} {units} on {ex.loading} work; only 1RM lifts")
        if ex.plates is not None:
            add("load-math", "plates listed without a barbell load")
        if ex.loading == "1rm" and plan.one_rms and ex.id in plan.one_rms:
            add("load-math", f"no load although one_rms has a 1RM for {ex.id}")
        return
    if plan.one_rms is None or ex.percent_1rm is None or plan.units is None:
        return  # reported as schema or dose-intensity already
    one_rm = plan.one_rms.get(ex.id)
    if one_rm is None:
        add("load-math", f"load {fmt(ex.load)} {units}, but one_rms has no 1RM for {ex.id}")
        return
    if ex.one_rm is not None:
        # A season may plan from a 1RM grown by at most 2.5% a block (NSCA: 2-10% increments).
        cap = one_rm * BLOCK_GROWTH ** max(0, block - 1)
        # JSON numbers carry 2 decimals and the growth factor 4: allow that much rounding.
        if not one_rm - 0.01 <= ex.one_rm <= cap * 1.0001 + 0.01:
            add(
                "load-math",
                f"planned from a 1RM of {fmt(ex.one_rm)} {units}; block {block} allows "
                f"{fmt(one_rm)}-{fmt(round(cap, 2))} {units}",
            )
            return
        one_rm = ex.one_rm
    target = one_rm * ex.percent_1rm / 100
    about = f"{fmt(ex.percent_1rm)}% of {fmt(one_rm)} {units} is {fmt(round(target, 2))} {units}"
    if "barbell" in ex.equipment:
        tolerance, wanted = _check_barbell(ex, ex.load, target, plan, add)
    else:
        if ex.plates is not None:
            add("load-math", "plates listed for a lift that is not a barbell lift")
        impl = plan.implements
        sizes, name = None, ""
        if impl is not None and "dumbbell" in ex.equipment:
            sizes, name = impl.dumbbells, "dumbbells"
        elif impl is not None and "kettlebell" in ex.equipment:
            sizes, name = impl.kettlebells, "kettlebells"
        if sizes:
            if not _among(ex.load, sizes):
                add("load-math", f"load {fmt(ex.load)} {units} is not one of the plan's {name}")
                return
            tolerance = _neighbour_gap(sizes, target) / 2
            wanted = min(max(target, sizes[0]), sizes[-1])
        else:
            tolerance, wanted = 0.05 * target + 1, target  # 5% plus one unit (kg or lb)
    if abs(ex.load - wanted) > tolerance + EPS:
        add(
            "load-math",
            f"load {fmt(ex.load)} {units}; {about}, so within {fmt(round(tolerance, 2))} "
            f"{units} of {fmt(round(wanted, 2))}",
        )


def _check_barbell(
    ex: Exercise, load: float, target: float, plan: Plan, add: Add
) -> tuple[float, float]:
    """Checks the plates; returns the tolerance and the load the target rounds to."""
    units = plan.units or "kg"
    bar = plan.implements.bar if plan.implements else None
    plates = plan.implements.plates if plan.implements else None
    tolerance = BARBELL_MIN_TOLERANCE.get(units, 2.5)
    if plates:
        tolerance = max(tolerance, 2 * plates[0])  # one pair of the smallest plate
    if ex.plates is None:
        add("load-math", "a barbell load lists its `plates` per side")
    elif bar is None:
        add("load-math", "plates cannot be checked: `implements` has no `bar`")
    else:
        unknown = sorted({p for p in ex.plates if plates is not None and not _among(p, plates)})
        if unknown:
            add("load-math", f"plates {', '.join(map(fmt, unknown))} are not in the plan's plates")
        total = bar + 2 * sum(ex.plates)
        if abs(total - load) > EPS:
            add(
                "load-math",
                f"bar {fmt(bar)} + 2 x {fmt(round(sum(ex.plates), 3))} = "
                f"{fmt(round(total, 3))} {units}, not the load {fmt(load)}",
            )
    return tolerance, max(target, bar or 0.0)  # below the bar's weight, the bar alone


def _among(value: float, sizes: Iterable[float]) -> bool:
    return any(abs(value - size) <= EPS for size in sizes)


def _neighbour_gap(sizes: Sequence[float], target: float) -> float:
    """The biggest gap between neighbouring sizes around the target (the rounding step there)."""
    gaps = [high - low for low, high in itertools.pairwise(sizes)]
    if not gaps:
        return 0.0
    # index of the first size at or above the target: the gaps just below and above it count
    above = next((i for i, size in enumerate(sizes) if size >= target - EPS), len(sizes) - 1)
    near = gaps[max(0, above - 2) : above + 1]
    return max(near or gaps[-1:])
