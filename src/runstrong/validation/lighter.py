"""A session lightened for readiness, re-checked against the session as planned: nothing added,
nothing heavier (docs/readiness.md), or, when swapped, a session light by its own definition.

Its own reading of docs/readiness.md, sharing no code with the core's readiness rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runstrong.validation.violation import Violation

LIGHTER = "readiness-lighter"
SWAP = "readiness-low"

# Never more of these than planned (a None stays None or appears only where planned).
_AT_MOST = ("sets", "reps", "reps_max", "seconds", "load", "percent_1rm", "contacts")
# The activation session, as docs/rules.md doses activation work: 2-3 sets of 12-20, no load;
# holds of 20-45 s.
_LIGHT_LOADINGS = frozenset({"bodyweight", "band", "time"})
_LIGHT_SETS = 3
_LIGHT_REPS = 20
_LIGHT_SECONDS = 45


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _items(session: object) -> list[Mapping[str, Any]]:
    if not isinstance(session, Mapping):
        return []
    found = session.get("exercises")
    if not isinstance(found, list):
        return []
    return [x for x in found if isinstance(x, Mapping)]


def _compare(before: Mapping[str, Any], after: Mapping[str, Any], where: str) -> list[Violation]:
    """Each of `_AT_MOST` no higher than planned; reps in reserve no fewer."""
    out = []
    for key in _AT_MOST:
        old, new = _number(before.get(key)), _number(after.get(key))
        if new is None:
            continue
        if old is None:
            out.append(Violation(LIGHTER, where, f"{key} {new:g} where none was planned"))
        elif new > old:
            out.append(Violation(LIGHTER, where, f"{key} {new:g} is more than planned ({old:g})"))
    old_rir, new_rir = _number(before.get("rir")), _number(after.get("rir"))
    if old_rir is not None and (new_rir is None or new_rir < old_rir):
        shown = "none" if new_rir is None else f"{new_rir:g}"
        out.append(
            Violation(LIGHTER, where, f"rir {shown} is fewer reps in reserve than {old_rir:g}")
        )
    return out


def _check_activation(items: list[Mapping[str, Any]], where: str) -> list[Violation]:
    """A swapped-in activation session: unloaded, no jumps, a few short sets."""
    out = []
    if not items:
        out.append(Violation(SWAP, where, "the activation session has no exercises"))
    for i, item in enumerate(items):
        at = f"{where}.exercises[{i}] {item.get('id')}"
        if item.get("loading") not in _LIGHT_LOADINGS or item.get("category") in (
            "plyometric",
            "run-specific",
        ):
            out.append(Violation(SWAP, at, f"{item.get('loading')} work is not activation work"))
        for key in ("load", "percent_1rm", "contacts"):
            if item.get(key) is not None:
                out.append(Violation(SWAP, at, f"an activation exercise has a {key}"))
        limits = (("sets", _LIGHT_SETS), ("reps_max", _LIGHT_REPS), ("reps", _LIGHT_REPS))
        for key, high in (*limits, ("seconds", _LIGHT_SECONDS)):
            value = _number(item.get(key))
            if value is not None and value > high:
                out.append(Violation(SWAP, at, f"{key} {value:g} is more than {high}"))
    return out


def check_lightened(original: object, lightened: object, where: str = "session") -> list[Violation]:
    """Every way `lightened` is heavier than `original`; empty when it is as light or lighter."""
    if not isinstance(original, Mapping) or not isinstance(lightened, Mapping):
        return [Violation(LIGHTER, where, "both sessions must be JSON objects")]
    after = _items(lightened)
    if lightened.get("kind") == "activation" and original.get("kind") != "activation":
        return _check_activation(after, where)
    planned: dict[str, Mapping[str, Any]] = {}
    for item in _items(original):
        planned.setdefault(str(item.get("id")), item)
    out = []
    seen: set[str] = set()
    for i, item in enumerate(after):
        ident = str(item.get("id"))
        at = f"{where}.exercises[{i}] {ident}"
        if ident not in planned:
            out.append(Violation(LIGHTER, at, "not in the planned session: nothing is added"))
            continue
        if ident in seen:
            out.append(Violation(LIGHTER, at, "appears twice; it was planned once"))
        seen.add(ident)
        out += _compare(planned[ident], item, at)
    minutes_before, minutes_after = (
        _number(original.get("minutes")),
        _number(lightened.get("minutes")),
    )
    if minutes_before is not None and minutes_after is not None and minutes_after > minutes_before:
        out.append(Violation(LIGHTER, where, "longer than planned"))
    return out


__all__ = ["LIGHTER", "SWAP", "check_lightened"]
