"""What a stored row may hold, checked where rows are written (log, import, restore, the API):
values every command can read back, within the column lengths of SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from typing import Any

from runstrong.core.loads import MAX_LIFT_LOAD
from runstrong.core.notation import MAX_LOAD, MAX_REPS, MAX_SECONDS, MAX_SETS
from runstrong.errors import InputError

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2200, 12, 31)
"""Dates a logbook holds: any later and a week or a chart axis runs past the calendar's end."""

MAX_ID = 2**63 - 1
"""The largest row id both databases keep (a signed 64-bit integer)."""

ID_LENGTH = 80  # exercise ids: String(80) in tables.py
NAME_LENGTH = 80  # athlete names and keys
SETUP_LENGTH = 40  # setup and equipment names
WORD_LENGTH = 20  # goal, phase, run type, lift source and formula
CLIENT_ID_LENGTH = 64  # a logged session's client-made id: String(64) in tables.py
MAX_NOTES = 2000
"""Characters of a note: a paragraph, never a file pasted by mistake."""
MAX_RPE, MAX_RIR = 10.0, 10.0
MAX_JSON_DEPTH = 32
"""Nesting a stored plan or its inputs may have (a plan is six levels deep)."""

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)


def day(value: dt.date, field: str) -> dt.date:
    """A date from 1900-01-01 to 2200-12-31."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise InputError(field, f"must be from {FIRST_DAY} to {LAST_DAY}; got {value}")
    return value


def moment(value: dt.datetime, field: str) -> dt.datetime:
    """A timestamp within the same years, without time zone (what both databases keep)."""
    day(value.date(), field)
    return (
        value.replace(tzinfo=None)
        if value.tzinfo is None
        else value.astimezone(dt.UTC).replace(tzinfo=None)
    )


def number(value: float, field: str, low: float, high: float, *, above: bool = False) -> float:
    """A finite number in [low, high] (or (low, high] with `above`)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(field, f"must be a number; got {type(value).__name__}")
    if not math.isfinite(value) or not (low < value if above else low <= value) or value > high:
        shown = f"{value:g}" if isinstance(value, float) else _short(str(value))
        bound = f"more than {low:g} and at most {high:g}" if above else f"{low:g}-{high:g}"
        raise InputError(field, f"must be {bound}; got {shown}")
    return float(value)


def whole(value: int, field: str, low: int, high: int) -> int:
    """A whole number in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field, f"must be a whole number; got {type(value).__name__}")
    if not low <= value <= high:
        raise InputError(field, f"must be {low}-{high}; got {_short(str(value))}")
    return value


def text(value: str, field: str, length: int, *, free: bool = False) -> str:
    """A string both databases store as given: UTF-8, not too long, no NUL, and (unless `free`,
    as notes are) no control character but tabs and line breaks."""
    if not isinstance(value, str):
        raise InputError(field, f"must be text; got {type(value).__name__}")
    if len(value) > length:
        raise InputError(field, f"at most {length} characters; got {len(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(field, "must be valid Unicode text (a lone surrogate is not)") from None
    if "\x00" in value:
        raise InputError(field, "must not hold a NUL character")
    if not free and _CONTROL.search(value):
        raise InputError(field, "must not hold control characters")
    return value


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters but tabs and line breaks (one search: a saved plan holds thousands of
strings, and a loop over their characters cost more than building the plan)."""


def client_id(value: str, field: str = "client_id") -> str:
    """An id a client made so a retry is not done twice (a UUID): 1-64 printable characters,
    no spaces around."""
    text(value, field, CLIENT_ID_LENGTH)
    if not value or not value.isprintable() or value.strip() != value:
        raise InputError(field, "must be 1-64 printable characters, e.g. a UUID")
    return value


def slug(value: str, field: str, length: int = ID_LENGTH) -> str:
    """An id like `back-squat`: lower-case ASCII letters, digits and single hyphens."""
    text(value, field, length)
    if not _SLUG.fullmatch(value):
        raise InputError(field, f"'{_short(value)}' is not an id like back-squat")
    return value


def optional(value: float | None, field: str, low: float, high: float) -> float | None:
    """None, or a finite number in [low, high]."""
    return None if value is None else number(value, field, low, high)


def load(value: float | None, field: str) -> float | None:
    """A load: None (bodyweight) or a finite number from 0 to the notation's typo guard."""
    return optional(value, field, 0, MAX_LOAD)


def one_rm(value: float, field: str) -> float:
    """A 1RM: more than 0 and at most the `--lift` typo guard, in the athlete's units."""
    return number(value, field, 0, MAX_LIFT_LOAD, above=True)


def sets(value: int, field: str) -> int:
    """Sets of one logged row."""
    return whole(value, field, 1, MAX_SETS)


def reps(value: int | None, field: str) -> int | None:
    """Reps of a set: None (a timed set) or 1 to the notation's limit."""
    return None if value is None else whole(value, field, 1, MAX_REPS)


def seconds(value: int | None, field: str) -> int | None:
    """Seconds of a timed set or hold: None or 1 to the notation's limit."""
    return None if value is None else whole(value, field, 1, MAX_SECONDS)


def depth(value: object, field: str, limit: int = MAX_JSON_DEPTH) -> None:
    """JSON nested at most `limit` deep, with finite numbers and text both databases store;
    an error names the path to the bad value (made only then: a plan has thousands of them)."""
    if _plainly_fine(value, limit):
        return
    stack: list[tuple[object, int, _Where]] = [(value, 1, field)]
    while stack:
        item, level, where = stack.pop()
        if level > limit:
            raise InputError(field, f"is nested more than {limit} levels deep")
        if isinstance(item, dict):
            for key, inner in item.items():
                _checked_text(str(key), where, 1000, free=False)
                stack.append((inner, level + 1, (where, f".{_short(str(key))}")))
        elif isinstance(item, list):
            stack.extend((inner, level + 1, (where, i)) for i, inner in enumerate(item))
        elif isinstance(item, str):
            _checked_text(item, where, 100_000)
        elif isinstance(item, float) and not math.isfinite(item):
            raise InputError(_path(where), f"holds {item}, which is not a JSON number")
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_ID:
            raise InputError(_path(where), "holds a whole number beyond 64 bits")


def _plainly_fine(value: object, limit: int) -> bool:
    """The usual document passes here at C speed (a saved plan holds ten thousand values):
    JSON without NaN or lone surrogates, no escaped control character or DEL, no long number,
    no long text, and nested within `limit`. False sends it to the walk that names the fault
    (or finds control characters where free text may hold them)."""
    try:
        dumped = json.dumps(value, allow_nan=False, ensure_ascii=False).encode("utf-8")
    except (ValueError, TypeError, RecursionError):  # UnicodeEncodeError is a ValueError
        return False
    if b"\x7f" in dumped:  # DEL, which JSON leaves unescaped
        return False
    if b"\\" in dumped:  # an escape: a control character, or a quote that hides in a string
        return _escapes_fine(dumped) and _within(value, limit)
    pieces = dumped.split(b'"')  # strings are the odd pieces: no quote is escaped
    if _LONG_NUMBER in dumped.translate(_DIGITS) or max(map(len, pieces)) >= 1000:
        return False  # a number that may pass 64 bits, or text that may be a key too long
    return _nested_within(b"0".join(pieces[0::2]), limit)


def _escapes_fine(dumped: bytes) -> bool:
    """No escaped control character, no long number, no long text."""
    if any(x in dumped for x in (b"\\u00", b"\\b", b"\\f")):
        return False
    return _LONG_NUMBER not in dumped.translate(_DIGITS) and all(
        len(x) < 1000 for x in dumped.split(b'"')
    )


_DIGITS = bytes.maketrans(b"0123456789", b"0" * 10)
_LONG_NUMBER = b"0" * 19
"""19 digits in a row, looked for with every digit read as 0: a C-speed search (a regex with
a repeat took as long as dumping the document)."""


_SCALARS = bytes.maketrans(
    bytes(sorted(set(range(256)) - set(b"[]{}"))) + b"{}", b"0" * 252 + b"[]"
)
_RUN = re.compile(rb"0+")


def _nested_within(structure: bytes, limit: int) -> bool:
    """Whether a dumped document, each string replaced by `0`, nests at most `limit` levels
    deep as `_within` counts them, at C speed (a plan's walk in Python took as long as dumping
    it). Braces become brackets and every run of scalars becomes `[]`: a scalar sits one level
    below its container, where an empty container would (separators and spaces go first; they
    sit only between items). Each pass then removes the innermost pairs: one level."""
    brackets = _RUN.sub(b"[]", structure.translate(_SCALARS, b", :"))
    for _ in range(limit):
        if not brackets:
            return True
        brackets = brackets.replace(b"[]", b"")
    return not brackets


def _within(value: object, limit: int) -> bool:
    """Whether `value` (at level 1) and everything in it sits at most `limit` levels deep."""
    if isinstance(value, dict):
        inner: Any = value.values()
    elif isinstance(value, list):
        inner = value
    else:
        return limit >= 1
    if not inner:
        return limit >= 1
    if limit < 2:  # its items would sit one level further down
        return False
    return all(_within(x, limit - 1) for x in inner if isinstance(x, dict | list))


_Where = str | tuple[Any, str | int]
"""Where a value sits in a JSON document: the field, or (the parent's place, `.key` or an
index)."""


def _path(where: _Where) -> str:
    parts: list[str] = []
    while isinstance(where, tuple):
        where, step = where
        parts.append(f"[{step}]" if isinstance(step, int) else step)
    return where + "".join(reversed(parts))


def _checked_text(value: str, where: _Where, length: int, *, free: bool = True) -> None:
    """`text` of a JSON key or string (values are free text), its place named only when bad."""
    if len(value) > length or "\x00" in value or (not free and _CONTROL.search(value)):
        text(value, _path(where), length, free=free)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        text(value, _path(where), length, free=free)


def tidy_name(value: str) -> str:
    """A name as stored: NFC, without invisible format characters (zero-width spaces and
    joiners, soft hyphens, direction marks), single spaces."""
    text = unicodedata.normalize("NFC", value)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split())


def name_key(value: str) -> str:
    """What makes two names one athlete: look-alike letters folded (NFKC), case ignored."""
    return unicodedata.normalize("NFKC", tidy_name(value)).casefold()


def _short(value: str, size: int = 24) -> str:
    return value if len(value) <= size else f"{value[:size]}... ({len(value)} characters)"
