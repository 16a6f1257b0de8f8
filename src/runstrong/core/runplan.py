"""The running plan over many weeks: a table of weeks, or events read from a calendar."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType

from runstrong.core import inputs
from runstrong.core.model import RunEvent, RunType, RunWeek
from runstrong.errors import InputError, ref

# Titles are read as runners and apps write them (docs/seasons.md, "Your running calendar"):
# emojis become words, distances are read and taken out, then keywords decide, in this order.
_EMOJIS: Mapping[str, str] = MappingProxyType(
    {
        "\U0001f3c3": " run ",  # runner
        "\U0001f45f": " run ",  # running shoe
        "\U0001f3cb": " strength ",  # weight lifter
        "\U0001f4aa": " strength ",  # flexed biceps
        "\U0001f9d8": " yoga ",  # lotus position
        "\U0001f6b4": " bike ",  # cyclist
        "\U0001f6b5": " bike ",  # mountain biker
        "\U0001f3ca": " swim ",  # swimmer
        "\U0001f3c1": " race ",  # chequered flag
        "\U0001f3c5": " race ",  # medal
        "\u26f0": " hills ",  # mountain
        "\U0001f3d4": " hills ",  # snow-capped mountain
        "\U0001f6cc": " rest ",  # person in bed
        "\U0001f634": " rest ",  # sleeping face
    }
)

# Events that are not runs: reported, and their day's running left as it is.
ACTIVITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "strength",
        ("strength", "gym", "weights", "lifting", "lift", "s&c", "s and c", "circuits", "core"),
    ),
    ("mobility", ("mobility", "stretch", "stretching", "foam roll", "foam rolling", "pilates")),
    ("yoga", ("yoga",)),
    (
        "cross-training",
        (
            "cross-training", "cross training", "cross-train", "cross train", "xt", "swim",
            "swimming", "bike", "cycling", "cycle", "spin", "elliptical", "rowing", "erg",
            "aqua jogging", "pool running",
        ),
    ),
)  # fmt: skip

# Title words that name a run type, checked in this order (the first match wins). Phrases that
# mention a race without being one come first; distances alone ("10K") are not races.
KEYWORDS: tuple[tuple[RunType, tuple[str, ...]], ...] = (
    (RunType.REST, ("rest", "rest day", "day off", "off day")),
    (RunType.RECOVERY, ("shakeout", "shake-out", "shake out", "pre-race", "pre race")),
    (RunType.TEMPO, ("race simulation", "race sim", "race pace", "race-pace", "goal pace")),
    (RunType.RACE, ("race", "parkrun", "park run", "time trial", "tt")),
    (RunType.HILLS, ("hill", "hills", "hill repeats", "hill sprints")),
    (
        RunType.INTERVALS,
        ("interval", "intervals", "repeat", "repeats", "reps", "track", "vo2", "vo2max",
         "fartlek", "speed", "speedwork"),
    ),
    (
        RunType.TEMPO,
        ("tempo", "threshold", "lactate", "lt", "marathon pace", "mp", "steady", "progression",
         "cruise"),
    ),
    (RunType.LONG, ("long", "long run", "lsr")),
    (RunType.RECOVERY, ("recovery",)),
    (RunType.RACE, ("marathon", "half marathon", "ultra", "ultramarathon")),
    (RunType.EASY, ("easy", "aerobic", "base", "general aerobic")),
)  # fmt: skip
GENERIC = ("run", "running", "jog", "jogging")
"""Words that say a run without saying its type: with a distance, the distance decides."""
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

KEY_RUN_RATIO = 1.5
"""A reading rule, not a training number: a run of at least 1.5 times the week's median
distance is read as a key run when its title names no type (the table shows it; --run-type
corrects it)."""

_KM = {"km": 1.0, "k": 1.0, "kms": 1.0, "kilometer": 1.0, "kilometers": 1.0}
_KM.update({"kilometre": 1.0, "kilometres": 1.0, "mi": 1.609344, "mile": 1.609344})
_KM.update({"miles": 1.609344, "m": 0.001, "meters": 0.001, "metres": 0.001})
_DISTANCE = re.compile(
    r"(?<![\w.])(?P<reps>\d+\s*[x×]\s*)?(?P<value>\d+(?:[.,]\d+)?)\s*"
    r"(?P<unit>kms|km|k|kilometers|kilometres|kilometer|kilometre|miles|mile|mi|meters|metres|m)"
    r"(?![a-z])"
)
_REPS = re.compile(r"\b\d+\s*[x×]\s*\d")
_NO_TYPE = "distance only"


def _words(title: str) -> str:
    """The title in lower case with emojis as words and punctuation as spaces."""
    text = "".join(_EMOJIS.get(ch, ch) for ch in title.lower())
    text = text.replace("\ufe0f", "").replace("\u200d", "")
    return " " + re.sub(r"[^a-z0-9&.,×+-]+", " ", text) + " "


def distance_km(title: str) -> float | None:
    """The run's distance in km from its title ('Easy Run 4.5km', 'Run - 15 miles', '10K').

    Repeats ('6 x 800m') are parts of a session, not its distance; metres count from 100 m up
    (below that '30m' is more likely minutes).
    """
    best = None
    for found in _DISTANCE.finditer(_words(title)):
        if found["reps"]:
            continue
        value = float(found["value"].replace(",", "."))
        unit = found["unit"]
        if unit in {"m", "meters", "metres"} and value < 100:
            continue
        km = value * _KM[unit]
        best = km if best is None else max(best, km)
    return best


def _has(text: str, word: str) -> bool:
    """A word or phrase standing on its own in the title ('5k' is not in '4.5km')."""
    return re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text) is not None


def _without_distances(text: str) -> str:
    return _DISTANCE.sub(" ", text)


def activity(title: str) -> str | None:
    """What a non-run event is (strength, mobility, yoga, cross-training), or None for a run."""
    text = _without_distances(_words(title))
    for name, words in ACTIVITIES:
        for word in words:
            if _has(text, word):
                return name
    return None


def classify(
    title: str, overrides: Mapping[str, RunType | str] | None = None
) -> tuple[RunType, str]:
    """The run type of an event title, and the word that decided it; overrides win."""
    found = read_event(title, overrides)
    return found[0], found[1]


def read_event(
    title: str, overrides: Mapping[str, RunType | str] | None = None
) -> tuple[RunType, str, str]:
    """(run type, why, activity): activity is '' for a run, else what the event is instead."""
    text = title.lower()
    for fragment, run in (overrides or {}).items():
        if fragment.lower() in text:
            if isinstance(run, RunType):
                return run, f"{ref('run_types')} '{fragment}'", ""
            return RunType.REST, f"{ref('run_types')} '{fragment}': not a run", run
    raw = _words(title)
    words = _without_distances(raw)
    typed = _keyword(words)
    if typed is None and _REPS.search(raw):
        typed = RunType.INTERVALS, "repeats (N x D)"
    other = activity(title)
    if other is not None and (typed is None or typed[0] is RunType.REST):
        return RunType.REST, f"not a run: {other}", other
    if typed is not None:
        run, word = typed
        return run, f"'{word}' in the title", ""
    km = distance_km(title)
    if km is not None:
        return RunType.EASY, f"{_NO_TYPE}: {_km(km)} km", ""
    generic = next((w for w in GENERIC if _has(words, w)), None)
    if generic is not None:
        return RunType.EASY, f"'{generic}' in the title", ""
    return RunType.EASY, "no keyword: taken as easy", ""


def _km(value: float) -> str:
    """A distance for the table: 24.1, 4.5, 10."""
    return f"{round(value, 1):g}"


def _keyword(words: str) -> tuple[RunType, str] | None:
    """The first run type whose word stands in the title, and that word."""
    for run, keys in KEYWORDS:
        for word in keys:
            if _has(words, word):
                return run, word
    return None


def parse_overrides(values: Sequence[str]) -> dict[str, RunType | str]:
    """`--run-type "Track Tuesday=intervals"`: events whose title contains the text get the type.

    The type is a run type or one of the activities that are not runs (strength, mobility, yoga,
    cross-training).
    """
    found: dict[str, RunType | str] = {}
    others = [name for name, _ in ACTIVITIES]
    for value in values:
        text, sep, run = value.rpartition("=")
        if not sep or not text.strip():
            raise InputError(
                "run_types",
                f"expected TITLE TEXT=TYPE like 'Track Tuesday=intervals'; got '{value}'",
            )
        if run.strip().lower() in others:
            found[text.strip()] = run.strip().lower()
            continue
        try:
            found[text.strip()] = RunType(run.strip().lower())
        except ValueError:
            allowed = ", ".join([*(r.value for r in RunType), *others])
            raise InputError(
                "run_types", f"'{run}' is not a run type; allowed: {allowed}"
            ) from None
    return found


def events_to_weeks(
    events: Sequence[tuple[dt.date, str] | tuple[dt.date, str, str]],
    start: dt.date,
    weeks: int,
    overrides: Mapping[str, RunType | str] | None = None,
) -> tuple[list[RunWeek], list[RunEvent]]:
    """Each week's running from calendar events (date, title[, description]).

    Days without a run are rest days; events that are not runs are listed and leave their day as
    it is. When titles carry only distances, the week's longest run is its long run and runs of
    KEY_RUN_RATIO times the week's median distance are key runs. A calendar with no run in the
    plan's weeks is refused, naming the dates it covers.
    """
    classified: list[RunEvent] = []
    distances: dict[int, list[tuple[float, int]]] = {}
    for item in sorted(events):
        date, title = item[0], item[1]
        index = (date - start).days // 7
        if not 0 <= index < weeks:
            continue
        run, reason, other = read_event(title, overrides)
        if _untyped(reason) and len(item) > 2:
            described = read_event(str(item[2]), overrides)
            if not _untyped(described[1]):
                run, reason, other = described[0], f"{described[1]} (description)", described[2]
        if not other and run is not RunType.REST:
            km = distance_km(title)
            if km is not None:
                distances.setdefault(index, []).append((km, len(classified)))
        classified.append(RunEvent(date, title, run, reason, other))
    _read_distances(classified, distances)
    days = [[RunType.REST] * 7 for _ in range(weeks)]
    for event in classified:
        index = (event.date - start).days // 7
        current = days[index][event.date.weekday()]
        if HARDNESS.index(event.type) > HARDNESS.index(current):
            days[index][event.date.weekday()] = event.type
    if not any(e.type is not RunType.REST for e in classified):
        raise InputError("runs_ics", _no_runs(events, start, weeks))
    return [RunWeek(tuple(d)) for d in days], classified


def _untyped(reason: str) -> bool:
    """True when a title named no run type: no keyword, only 'run', or only a distance."""
    generic = tuple(f"'{w}' in the title" for w in GENERIC)
    return reason.startswith(("no keyword", _NO_TYPE, *generic))


def _read_distances(
    classified: list[RunEvent], distances: Mapping[int, list[tuple[float, int]]]
) -> None:
    """Long and key runs from distances, for runs whose titles name no type."""
    for week in distances.values():
        if len(week) < 2:
            continue
        events = [classified[i] for _, i in week]
        middle = statistics.median(km for km, _ in week)
        _, longest = max(week, key=lambda x: (x[0], -x[1]))
        has_long = any(e.type is RunType.LONG for e in events)
        for km, i in week:
            event = classified[i]
            if not event.reason.startswith(_NO_TYPE):
                continue
            if i == longest and not has_long and km > middle:
                classified[i] = replace(
                    event, type=RunType.LONG, reason=f"longest of the week: {_km(km)} km"
                )
            elif km >= KEY_RUN_RATIO * middle:
                classified[i] = replace(
                    event,
                    type=RunType.TEMPO,
                    reason=(
                        f"key run: {_km(km)} km, {km / middle:.1f}x the week's median {_km(middle)}"
                    ),
                )


def strength_days(
    classified: Sequence[RunEvent], start: dt.date, weeks: int
) -> list[frozenset[int]]:
    """Each week's weekdays (0 = Monday) that already hold a strength event of the calendar: the
    planner counts them as strength days: none planned on them or next to them."""
    days: list[set[int]] = [set() for _ in range(weeks)]
    for event in classified:
        index = (event.date - start).days // 7
        if event.activity == "strength" and 0 <= index < weeks:
            days[index].add(event.date.weekday())
    return [frozenset(d) for d in days]


def _no_runs(
    events: Sequence[tuple[dt.date, str] | tuple[dt.date, str, str]], start: dt.date, weeks: int
) -> str:
    """The error for a calendar without a run in the plan's weeks: the dates of both."""
    end = start + dt.timedelta(days=7 * weeks - 1)
    dates = sorted(e[0] for e in events)
    covered = f"{dates[0]} to {dates[-1]}" if dates else "no dates"
    return f"no runs in the plan's weeks ({start} to {end}); the calendar's events cover {covered}"


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
