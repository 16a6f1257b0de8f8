"""Parsing the runner's words (flag values, config values) into domain values, with clear errors."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from runstrong.errors import InputError

if TYPE_CHECKING:
    from runstrong.core.kit import Equipment
    from runstrong.core.model import Limitation, RunWeek

# The domain model is imported where a value of it is made, not here: the calculators
# (`runstrong estimate`) check numbers with this module and start without the model.

E = TypeVar("E", bound=StrEnum)

FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def choice(enum: type[E], value: str, field: str) -> E:
    """One value of a closed list, or an InputError listing what is allowed."""
    return enum(one_of(value, [m.value for m in enum], field))


def one_of(value: str, allowed: Sequence[str], field: str) -> str:
    """One of `allowed` (any case, spaces around taken off), or an InputError listing them."""
    text = value.strip().lower()
    if text in allowed:
        return text
    raise InputError(field, f"'{value}' is not allowed; allowed: {', '.join(allowed)}")


def choices(enum: type[E], value: str, field: str) -> frozenset[E]:
    """A comma-separated list of values of a closed list."""
    items = [v for v in (part.strip() for part in value.split(",")) if v]
    if not items:
        allowed = ", ".join(m.value for m in enum)
        raise InputError(field, f"needs at least one value; allowed: {allowed}")
    return frozenset(choice(enum, v, field) for v in items)


def equipment(value: str) -> frozenset[Equipment]:
    """`barbell,dumbbell`; `none` alone means bodyweight only."""
    from runstrong.core.kit import Equipment

    return choices(Equipment, value, "equipment") - {Equipment.NONE}


def avoid(values: tuple[str, ...] | list[str]) -> frozenset[Limitation]:
    """`["back", "knee"]` or `["back,knee"]`: repeated, or comma-separated."""
    from runstrong.core.model import Limitation

    found: set[Limitation] = set()
    for value in values:
        found |= choices(Limitation, value, "avoid")
    return frozenset(found)


def runs(value: str, field: str = "runs") -> RunWeek:
    """`mon=easy,tue=intervals,...`: days not named are rest days; a day named twice is refused."""
    from runstrong.core.model import WEEKDAYS, RunType, RunWeek

    day_names = {
        **{d: i for i, d in enumerate(WEEKDAYS)},
        **{d: i for i, d in enumerate(FULL_DAY_NAMES)},
    }
    days = [RunType.REST] * 7
    seen: set[int] = set()
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        day_text, sep, run_text = part.partition("=")
        day = day_names.get(day_text.strip().lower())
        if not sep or day is None:
            raise InputError(
                field,
                f"expected DAY=TYPE like tue=intervals with DAY one of {', '.join(WEEKDAYS)}; "
                f"got '{part}'",
            )
        if day in seen:
            raise InputError(field, f"{WEEKDAYS[day]} is named twice; give one run per day")
        seen.add(day)
        days[day] = choice(RunType, run_text, f"{field}.{WEEKDAYS[day]}")
    return RunWeek(tuple(days))


FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2200, 12, 31)
"""Dates runstrong takes: later ones overflow a week's or a chart's arithmetic, earlier ones are
typos; the logbook stores nothing outside them either."""


def shown(value: object, size: int = 40) -> str:
    """A value as an error message quotes it: long ones cut, so the message stays one line."""
    text = str(value)
    return text if len(text) <= size else f"{text[:size]}... ({len(text)} characters)"


def date(value: str, field: str) -> dt.date:
    """An ISO date, YYYY-MM-DD, from 1900 to 2200."""
    text = value.strip()
    try:
        found = dt.date.fromisoformat(text) if text.isascii() else None
    except ValueError:
        found = None
    if found is None:
        raise InputError(field, f"expected a date as YYYY-MM-DD; got '{shown(value)}'")
    if not FIRST_DAY <= found <= LAST_DAY:
        raise InputError(field, f"must be from {FIRST_DAY} to {LAST_DAY}; got {found}")
    return found


def whole(value: object, field: str, low: int, high: int) -> int:
    """A whole number inside [low, high], written in ASCII digits."""
    if isinstance(value, bool) or not isinstance(value, int):
        text = str(value).strip()
        digits = text.removeprefix("-").removeprefix("+")
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 20:
            raise InputError(field, f"expected a whole number {low}-{high}; got '{shown(value)}'")
        value = int(text)
    if not low <= value <= high:
        raise InputError(field, f"must be {low}-{high}; got {shown(value)}")
    return value


_DECIMAL = re.compile(r"[+-]?(\d{1,12}(\.\d{0,6})?|\.\d{1,6})", re.ASCII)


def decimal(value: object, field: str) -> float:
    """A plain decimal number written with 0-9 ('8', '7.5'): float() would take '٨', '1e5000' or
    'nan'; range checks stay with the caller."""
    text = str(value).strip()
    if not _DECIMAL.fullmatch(text):
        raise InputError(field, f"expected a number written with 0-9; got '{shown(text)}'")
    return float(text)


def next_monday(today: dt.date) -> dt.date:
    """The Monday a new plan starts on: today if it is a Monday, else the coming one."""
    return today + dt.timedelta(days=(7 - today.weekday()) % 7)
