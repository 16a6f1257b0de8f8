"""The compact notation a runner types to log what was lifted: `back-squat 1x5@80 3x5@85`.

Grammar (case-insensitive; docs/logbook-notation.md has examples):

    log     := (NAME+ GROUP+)+          a name, then one or more groups of sets, repeated
    GROUP   := SETS "x" WORK [ "@" LOAD ] [ "@rpe" RPE ]
    WORK    := REPS | SECONDS "s"       3x5 is five reps a set; 2x30s is a 30-second hold
    LOAD    := NUMBER [ "kg" | "lb" | "lbs" ] | "bw"
    NAME    := any word that does not start with a digit or "@"; consecutive words are joined
               with spaces, so `sl rdl 3x8@20` names the alias "sl rdl"

- A load without units is in the athlete's units; `@bw` (or no load) means bodyweight only, so
  `3x12@bw` and `3x12` are the same sets. `bw` on its own is refused: it does not say how many.
- `@rpe8` gives the RPE of every set in the group (1-10 in half steps); without it the sets take
  the RPE passed to the parser (one RPE for the whole entry), or none.
- Limits, a typo guard: sets 1-20, reps 1-100, seconds 1-600, load 0-1000 with at most two
  decimals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from runstrong.core.loads import to_units
from runstrong.core.model import Units
from runstrong.errors import InputError

__all__ = [
    "MAX_LOAD",
    "MAX_REPS",
    "MAX_SECONDS",
    "MAX_SETS",
    "LoggedExercise",
    "LoggedSet",
    "format_sets",
    "parse_log",
    "parse_sets",
]

FIELD = "SETS"
MAX_SETS = 20
MAX_REPS = 100
MAX_SECONDS = 600
MAX_LOAD = 1000.0

_HOW = (
    "write SETSxREPS[@LOAD[kg|lb]][@rpeRPE] like 3x5@85 or 3x5@85kg@rpe8, "
    "or SETSxSECONDSs like 2x30s"
)
# ASCII digits only, and few of them: a typo guard bounds every number long before int() would
# choke on thousands of digits.
_GROUP = re.compile(
    r"(?P<sets>\d{1,6})[x×](?P<count>\d{1,6})(?P<timed>s)?"
    r"(?:@(?:(?P<bw>bw)|(?P<load>\d{1,7}(?:\.\d{1,2})?)(?P<unit>kg|lbs?)?))?"
    r"(?:@rpe(?P<rpe>\d{1,3}(?:\.\d{1,3})?))?",
    re.IGNORECASE | re.ASCII,
)
_RPE = re.compile(r"rpe\d")
_UNITS = {"kg": Units.KG, "lb": Units.LB, "lbs": Units.LB}


@dataclass(frozen=True)
class LoggedSet:
    """One set as it was done; the load stays in the units it was typed in."""

    reps: int | None
    seconds: int | None
    load: float | None  # None: bodyweight, no external load
    units: Units
    rpe: float | None

    def load_in(self, units: Units) -> float | None:
        """The load converted to `units` (unrounded), so sets typed in lb and kg compare."""
        return None if self.load is None else to_units(self.load, self.units, units)


@dataclass(frozen=True)
class LoggedExercise:
    """The sets done of one exercise, keyed by catalogue id so logs survive renamed aliases."""

    exercise_id: str
    sets: tuple[LoggedSet, ...]


def _bad(token: str, problem: str | None = None) -> InputError:
    """The one wording for a token the notation does not accept."""
    if len(token) > 40:
        token = f"{token[:40]}... ({len(token)} characters)"
    if problem is None:
        return InputError(FIELD, f"'{token}' is not valid; {_HOW}")
    return InputError(FIELD, f"'{token}' is not valid: {problem}")


def _check_rpe(rpe: float, token: str) -> float:
    """RPE 1-10 in half steps (Zourdos et al. 2016's scale has half points)."""
    if not 1 <= rpe <= 10 or (rpe * 2) % 1 != 0:
        raise _bad(token, f"RPE must be 1-10 in half steps; got {rpe:g}")
    return float(rpe)


def _group(token: str, units: Units, rpe: float | None) -> tuple[LoggedSet, ...]:
    """The sets one group stands for, every limit checked against the token."""
    if token.lower() in {"bw", "@bw"}:
        raise InputError(
            FIELD,
            f"'{token}' alone is not valid; write the sets done with bodyweight, e.g. 3x12@bw",
        )
    if _RPE.match(token.lower()):
        raise _bad(
            token, "an RPE belongs to a group of sets; write it after them, e.g. 3x5@85@rpe8"
        )
    match = _GROUP.fullmatch(token)
    if match is None:
        raise _bad(token)
    sets, count = int(match["sets"]), int(match["count"])
    if not 1 <= sets <= MAX_SETS:
        raise _bad(token, f"sets must be 1-{MAX_SETS}; got {sets}")
    timed = match["timed"] is not None
    top = MAX_SECONDS if timed else MAX_REPS
    if not 1 <= count <= top:
        what = "seconds" if timed else "reps"
        raise _bad(token, f"{what} must be 1-{top}; got {count}")
    load = None if match["load"] is None else float(match["load"])
    if load is not None and load > MAX_LOAD:
        raise _bad(token, f"load must be 0-{MAX_LOAD:g}; got {load:g}")
    unit = units if match["unit"] is None else _UNITS[match["unit"].lower()]
    own = None if match["rpe"] is None else _check_rpe(float(match["rpe"]), token)
    one = LoggedSet(
        reps=None if timed else count,
        seconds=count if timed else None,
        load=load,
        units=unit,
        rpe=own if own is not None else rpe,
    )
    return (one,) * sets


def parse_sets(text: str, units: Units, rpe: float | None = None) -> tuple[LoggedSet, ...]:
    """Every set in `text` (groups separated by spaces), one LoggedSet per set done."""
    if rpe is not None:
        rpe = _check_rpe(rpe, f"rpe {rpe:g}")
    tokens = text.split()
    if not tokens:
        raise InputError(FIELD, f"no sets given; {_HOW}")
    return tuple(one for token in tokens for one in _group(token, units, rpe))


def _is_sets(token: str) -> bool:
    """Tokens that belong to the notation rather than to an exercise name."""
    lowered = token.lower()
    return (
        token[:1].isdigit() or token.startswith("@") or lowered == "bw" or bool(_RPE.match(lowered))
    )


def parse_log(
    tokens: Sequence[str],
    resolve: Callable[[str], str],
    units: Units,
    rpe: float | None = None,
) -> tuple[LoggedExercise, ...]:
    """`back-squat 1x5@80 3x5@85 plank 3x30s` -> one LoggedExercise per name, in order.

    `resolve` turns a name or alias into an exercise id (Catalogue.resolve); its NotFound for an
    unknown name is left to propagate. The same exercise named twice stays two entries.
    """
    words = [word for token in tokens for word in token.split()]
    if not words:
        raise InputError(FIELD, "nothing to log; write an exercise and its sets, e.g. squat 3x5@85")
    if _is_sets(words[0]):
        raise InputError(
            FIELD,
            f"'{words[0]}' comes before any exercise; name the exercise first, "
            "e.g. back-squat 3x5@85",
        )
    entries: list[tuple[str, list[str]]] = []
    for word in words:
        if _is_sets(word):
            entries[-1][1].append(word)
        elif entries and not entries[-1][1]:
            entries[-1] = (f"{entries[-1][0]} {word}", [])
        else:
            entries.append((word, []))
    name, groups = entries[-1]
    if not groups:
        raise InputError(FIELD, f"'{name}' has no sets; add them after it, e.g. {name} 3x5@85")
    return tuple(
        LoggedExercise(resolve(name), parse_sets(" ".join(groups), units, rpe))
        for name, groups in entries
    )


def _number(value: float) -> str:
    """Shortest text that parses back to the same float: 85, 187.5, 2.25."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _spec(one: LoggedSet, count: int) -> str:
    """One group in canonical form; units always written so it reads the same anywhere."""
    if (one.reps is None) == (one.seconds is None):
        raise ValueError(f"a set has reps or seconds, not both or neither: {one}")
    work = f"{one.reps}" if one.reps is not None else f"{one.seconds}s"
    load = "" if one.load is None else f"@{_number(one.load)}{one.units.value}"
    rpe = "" if one.rpe is None else f"@rpe{_number(one.rpe)}"
    return f"{count}x{work}{load}{rpe}"


def format_sets(sets: Sequence[LoggedSet]) -> str:
    """Sets back in the notation, equal neighbours grouped: parse_sets reads it back unchanged.

    Loads always carry their units (`3x5@85kg`); bodyweight sets carry no load. Sets typed in
    the parser's units round-trip: parse_sets(format_sets(s), u) == s when s came from units u.
    """
    groups: list[tuple[LoggedSet, int]] = []
    for one in sets:
        if groups and groups[-1][0] == one and groups[-1][1] < MAX_SETS:
            groups[-1] = (one, groups[-1][1] + 1)
        else:
            groups.append((one, 1))
    return " ".join(_spec(one, count) for one, count in groups)
