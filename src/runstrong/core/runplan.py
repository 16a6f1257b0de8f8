"""The running plan over many weeks: a table of weeks, or events read from a calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from runstrong.core import inputs
from runstrong.core.model import RunEvent, RunType, RunWeek
from runstrong.errors import InputError

# Title words that name a run type, checked in this order (the first match wins): a race first,
# then the hard sessions, then the long run, then easy and rest days; distance names alone
# ("Boston Marathon") mean a race only when nothing else matched.
KEYWORDS: tuple[tuple[RunType, tuple[str, ...]], ...] = (
    (RunType.RACE, ("race", "parkrun", "time trial")),
    (RunType.HILLS, ("hill",)),
    (
        RunType.INTERVALS,
        ("interval", "repeat", "track", "vo2", "fartlek", "x 400", "x400", "x 800", "x800", "x 1k"),
    ),
    (RunType.TEMPO, ("tempo", "threshold", "lactate", "marathon pace", "steady", "progression")),
    (RunType.LONG, ("long",)),
    (RunType.RECOVERY, ("recovery", "shakeout", "shake-out")),
    (RunType.REST, ("rest", "day off", "cross-train", "cross train")),
    (RunType.RACE, ("marathon", "half", "10k", "5k", "ultra")),
    (RunType.EASY, ("easy", "run", "jog", "aerobic", "base")),
)
HARDNESS = (
    RunType.REST,
    RunType.EASY,
    RunType.RECOVERY,
    RunType.LONG,
    RunType.TEMPO,
    RunType.HILLS,
    RunType.INTERVALS,
    RunType.RACE,
)
"""When a day holds two runs, the harder one decides what strength can do that day."""


def classify(title: str, overrides: Mapping[str, RunType] | None = None) -> tuple[RunType, str]:
    """The run type of an event title, and the word that decided it; overrides win."""
    text = title.lower()
    for fragment, run in (overrides or {}).items():
        if fragment.lower() in text:
            return run, f"--run-type '{fragment}'"
    for run, words in KEYWORDS:
        for word in words:
            if word in text:
                return run, f"'{word}' in the title"
    return RunType.EASY, "no keyword: taken as easy"


def parse_overrides(values: Sequence[str]) -> dict[str, RunType]:
    """`--run-type "Track Tuesday=intervals"`: events whose title contains the text get the type."""
    found: dict[str, RunType] = {}
    for value in values:
        text, sep, run = value.rpartition("=")
        if not sep or not text.strip():
            raise InputError(
                "--run-type",
                f"expected TITLE TEXT=TYPE like 'Track Tuesday=intervals'; got '{value}'",
            )
        found[text.strip()] = inputs.choice(RunType, run, "--run-type")
    return found


def events_to_weeks(
    events: Sequence[tuple[dt.date, str]],
    start: dt.date,
    weeks: int,
    overrides: Mapping[str, RunType] | None = None,
) -> tuple[list[RunWeek], list[RunEvent]]:
    """Each week's running from calendar events; days without an event are rest days."""
    days = [[RunType.REST] * 7 for _ in range(weeks)]
    classified = []
    for date, title in sorted(events):
        index = (date - start).days // 7
        if not 0 <= index < weeks:
            continue
        run, reason = classify(title, overrides)
        classified.append(RunEvent(date, title, run, reason))
        current = days[index][date.weekday()]
        if HARDNESS.index(run) > HARDNESS.index(current):
            days[index][date.weekday()] = run
    return [RunWeek(tuple(d)) for d in days], classified


def table_to_weeks(
    data: Mapping[str, object], start: dt.date, weeks: int, source: str
) -> list[RunWeek]:
    """Each week's running from a runs file: a `default` week and `[weeks]` by number or Monday.

    ```toml
    default = "mon=easy,tue=intervals,thu=tempo,sat=long"
    [weeks]
    3 = "mon=easy,wed=tempo,sun=long"          # week 3 of the plan
    "2027-02-01" = "tue=easy,sat=race"          # the week starting that Monday
    ```
    """
    unknown = set(data) - {"default", "weeks"}
    if unknown:
        raise InputError(f"{source}: {sorted(unknown)[0]}", "unknown key; allowed: default, weeks")
    default_text = data.get("default", "")
    if not isinstance(default_text, str):
        raise InputError(f"{source}: default", "must be a running week like 'mon=easy,sat=long'")
    default = inputs.runs(default_text, f"{source}: default")
    table = data.get("weeks", {})
    if not isinstance(table, Mapping):
        raise InputError(f"{source}: [weeks]", "must be a table of week = 'DAY=TYPE,...'")
    result = [default] * weeks
    for key, value in table.items():
        field = f"{source}: weeks.{key}"
        if not isinstance(value, str):
            raise InputError(field, "must be a running week like 'mon=easy,sat=long'")
        index = _week_index(str(key), start, field)
        if not 0 <= index < weeks:
            raise InputError(field, f"is outside the plan's {weeks} weeks from {start}")
        result[index] = inputs.runs(value, field)
    return result


def _week_index(key: str, start: dt.date, field: str) -> int:
    """A week by its number in the plan (1 = first) or by its Monday."""
    if key.isascii() and key.isdigit() and len(key) <= 6:  # not "٣", not 5000 digits
        return int(key) - 1
    try:
        monday = dt.date.fromisoformat(key)
    except ValueError:
        raise InputError(field, "a week is named by its number (1, 2, ...) or its Monday") from None
    if monday.weekday() != 0:
        raise InputError(field, f"{monday} is a {monday:%A}; name a week by its Monday")
    return (monday - start).days // 7
