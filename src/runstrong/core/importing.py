"""Reading the CSV exports of the Strong and Hevy apps into SetRecords (docs/importing.md).

Pure: takes the file's text, returns plain data. Names the apps use are matched to catalogue
ids; names that match nothing are counted, not guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from runstrong.core.catalogue import Catalogue
from runstrong.core.learning import SetRecord
from runstrong.core.loads import to_units
from runstrong.core.model import Category, Equipment, Exercise, Units
from runstrong.errors import InputError, ref

__all__ = [
    "APP_NAMES",
    "DATE_FORMS",
    "ImportResult",
    "ImportedSet",
    "Match",
    "alias_hint",
    "looks_like_pounds",
    "match_exercise",
    "parse_date",
    "parse_export",
]

APP_NAMES: Mapping[str, str] = MappingProxyType(
    {
        # App names whose plain reading would miss or mislead; keys as _key() writes them.
        "pull up (band)": "band-assisted-pull-up",
        "chin up (band)": "band-assisted-pull-up",
        "pull up (assisted)": "band-assisted-pull-up",
        "chin up (assisted)": "band-assisted-pull-up",
        "assisted pull up": "band-assisted-pull-up",
        "bent over one arm row (dumbbell)": "dumbbell-row",
        "one arm row (dumbbell)": "dumbbell-row",
        "single arm row (dumbbell)": "dumbbell-row",
        "turkish get up (kettlebell)": "turkish-get-up",
        "kettlebell turkish get up": "turkish-get-up",
        "overhead press (kettlebell)": "kettlebell-military-press",
        "shoulder press (kettlebell)": "kettlebell-military-press",
        "hanging knee to elbow": "knees-to-elbows",
        "back squat (barbell)": "back-squat",
        "full squat": "back-squat",
        "glute bridge (bodyweight)": "glute-bridge",
        "single leg glute bridge": "single-leg-bridge",
        "reverse lunge (bodyweight)": "reverse-lunge",
        "split squat (bodyweight)": "bodyweight-split-squat",
        "squat (bodyweight)": "bodyweight-squat",
    }
)
"""A small table for names the rules below get wrong; tests check every id exists."""

_FREE_WEIGHTS = frozenset({Equipment.BARBELL, Equipment.DUMBBELL, Equipment.KETTLEBELL})


def _bodyweight_move(exercise: Exercise) -> bool:
    """A move whose load is the body (push-up, pull-up, plank, box jump): a bodyweight or
    plyometric exercise with no free weight in its kit. A sled's weight is the sled's."""
    bodily = exercise.category in {Category.BODYWEIGHT, Category.PLYOMETRIC}
    return bodily and not exercise.needs() & _FREE_WEIGHTS


# The apps' "(Equipment)" suffixes a catalogue entry can stand for; the others (machine, cable,
# Smith machine, ...) are different exercises and stay unknown.
_SUFFIXES: Mapping[str, Callable[[Exercise], bool]] = MappingProxyType(
    {
        "barbell": lambda e: Equipment.BARBELL in e.equipment,
        "dumbbell": lambda e: Equipment.DUMBBELL in e.equipment,
        "dumbbells": lambda e: Equipment.DUMBBELL in e.equipment,
        "kettlebell": lambda e: Equipment.KETTLEBELL in e.equipment,
        "band": lambda e: Equipment.BAND in e.equipment,
        "trx": lambda e: Equipment.TRX in e.equipment,
        "bodyweight": _bodyweight_move,
        "weighted": lambda _: True,
        "assisted": lambda _: True,
    }
)

_SUFFIX = re.compile(r"^(?P<base>.*?)\s*\((?P<suffix>[^()]*)\)\s*$")


@dataclass(frozen=True)
class Match:
    """The catalogue exercise an app name stands for, and whether the name says 'weighted'."""

    exercise_id: str
    weighted: bool = False


@dataclass(frozen=True)
class ImportedSet:
    """A set from the file: its record, its place among the day's sets of that exercise, its kind.

    `index` (1, 2, ...) counts the day's kept sets of one exercise in file order: with the day and
    the exercise it recognises the set when the same file is imported again.
    """

    record: SetRecord
    index: int
    kind: str = "normal"  # "normal" | "failure" | "drop"
    line: int = 0
    bodyweight: bool = False  # a bodyweight move whose weight (the body's mass) was dropped


@dataclass(frozen=True)
class ImportResult:
    """What an export held: the sets runstrong can use, and what it had to leave out."""

    app: str  # "strong" | "hevy"
    sets: tuple[ImportedSet, ...]
    unknown: Mapping[str, int] = field(default_factory=dict)  # app name -> sets left out
    warmups: int = 0  # warm-up sets skipped
    layout: str = ""  # which of the app's layouts the header showed (docs/importing.md)
    set_types: Mapping[str, int] = field(default_factory=dict)  # unknown set type -> sets left out
    bodyweight: int = 0  # sets of bodyweight moves whose weight (the body's mass) was dropped
    warnings: tuple[str, ...] = ()

    @property
    def records(self) -> tuple[SetRecord, ...]:
        """The kept sets as SetRecords, in file order."""
        return tuple(s.record for s in self.sets)


def _key(name: str) -> str:
    """One spelling for names from apps and the catalogue: 'Pull-Up' and 'pull up' meet."""
    text = name.lower().replace("'", "").replace("\u2019", "")
    text = re.sub(r"[^a-z0-9()]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _catalogue_index(catalogue: Catalogue) -> dict[str, Exercise]:
    """Ids and aliases first (as Catalogue.resolve reads them), then display names."""
    index: dict[str, Exercise] = {}
    for exercise in catalogue.all():
        index[_key(exercise.id)] = exercise
        for alias in exercise.aliases:
            index.setdefault(_key(alias), exercise)
    for exercise in catalogue.all():
        index.setdefault(_key(exercise.name), exercise)
    return index


def match_exercise(name: str, catalogue: Catalogue) -> str | None:
    """The catalogue id an app's exercise name stands for, or None when nothing fits."""
    found = _matcher(catalogue)(name)
    return None if found is None else found.exercise_id


def _matcher(catalogue: Catalogue) -> Callable[[str], Match | None]:
    """A name matcher with the catalogue indexed once, remembering every answer."""
    index = _catalogue_index(catalogue)
    known = {_key(k): v for k, v in APP_NAMES.items() if v in catalogue}
    seen: dict[str, Match | None] = {}

    def find(name: str) -> Match | None:
        key = _key(name)
        if key not in seen:
            weighted = bool(re.search(r"\bweighted\b", key))
            found = None
            for form in _forms(key):
                found = _find(form, index, known)
                if found is not None:
                    break
            seen[key] = None if found is None else Match(found, weighted)
        return seen[key]

    return find


def _forms(key: str) -> list[str]:
    """The name as written, without a leading 'weighted', then with its last word singular."""
    forms = [key]
    if key.startswith("weighted "):
        forms.append(key.removeprefix("weighted "))
    for form in list(forms):
        match = _SUFFIX.match(form)
        base = match["base"].strip() if match else form
        tail = f" ({match['suffix'].strip()})" if match else ""
        if base.endswith("s") and not base.endswith("ss"):
            forms.append(base[:-1] + tail)  # "Nordic Hamstring Curls", "Box Jumps"
    return forms


def _find(key: str, index: Mapping[str, Exercise], known: Mapping[str, str]) -> str | None:
    """Table, then the whole name, then '(Equipment)' read as a prefix, then the bare name."""
    if key in known:
        return known[key]
    if key in index:
        return index[key].id
    match = _SUFFIX.match(key)
    if match is None:
        return None
    base, suffix = match["base"].strip(), match["suffix"].strip()
    if base in known and suffix in {"weighted", "bodyweight"}:
        return known[base]
    fits = _SUFFIXES.get(suffix)
    if fits is None:
        return None
    prefixed = index.get(f"{suffix.removesuffix('s')} {base}")
    if prefixed is not None and fits(prefixed):
        return prefixed.id
    plain = index.get(base)
    if plain is None and base in known:
        plain = index.get(_key(known[base]))
    return plain.id if plain is not None and fits(plain) else None


def alias_hint(name: str, catalogue: Catalogue) -> str:
    """What to add to exercises.toml so an unknown app name imports: the alias, and a likely id."""
    key = _key(name)
    base = _SUFFIX.match(key)
    words = base["base"].strip() if base is not None else key
    names = {_key(e.name): e.id for e in catalogue.all()}
    names.update({_key(a): e.id for e in catalogue.all() for a in e.aliases})
    close = difflib.get_close_matches(words, list(names), n=1, cutoff=0.75)
    where = f"to [{names[close[0]]}] or " if close else ""
    return f'add aliases = ["{key}"] {where}to your own exercise in exercises.toml'


# --- dates --------------------------------------------------------------------------------------

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}
_TIME = (
    r"(?:[\st,]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2})?)?"
)
_DATES = (
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _TIME),
    re.compile(r"(?P<day>\d{1,2})\s+(?P<mon>[a-z]{3,9})\.?,?\s+(?P<year>\d{4})" + _TIME),
    re.compile(r"(?P<mon>[a-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})" + _TIME),
)
DATE_FORMS = (
    "2024-03-04 18:30:00",
    "2024-03-04 18:30",
    "2024-03-04T18:30:00Z",
    "2024-03-04 6:30:00 PM",
    "2024-03-04",
    "4 Mar 2024, 13:01",
    "4 Mar 2024, 13:01:05",
    "12 Sept 2024, 07:30",
    "Jun 11, 2026, 1:01 PM",
    "Jun 11, 2026, 1:01:09 PM",
    "June 11, 2026",
)
"""The date forms read (docs/importing.md); tests read every one."""


def parse_date(value: str) -> dt.date | None:
    """The day of an app's date cell in any form of DATE_FORMS; None when it is not one."""
    text = re.sub(r"[\u00a0\u202f\u2009]", " ", value).strip().lower()
    for pattern in _DATES:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        parts = found.groupdict()
        if parts.get("mon") is not None:
            month = _MONTHS.get(parts["mon"][:3])
            if month is None or not _month_word(parts["mon"]):
                return None
        else:
            month = int(parts["month"])
        if parts["hour"] is not None and not _clock_ok(parts):
            return None
        try:
            return dt.date(int(parts["year"]), month, int(parts["day"]))
        except ValueError:
            return None
    return None


def _month_word(word: str) -> bool:
    """'Mar', 'March', 'Sept' are month words; 'Marx' is not."""
    return any(full.startswith(word) for full in _FULL_MONTHS) or word == "sept"


_FULL_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def _clock_ok(parts: Mapping[str, str | None]) -> bool:
    """A time of day that exists: 0-23 h (1-12 with AM/PM), 0-59 min and s."""
    hour, minute = int(parts["hour"] or 0), int(parts["minute"] or 0)
    second = int(parts["second"] or 0)
    top = (1, 12) if parts["ampm"] else (0, 23)
    return top[0] <= hour <= top[1] and minute < 60 and second < 60


def _date(value: str, column: str, where: str) -> dt.date:
    """A date cell; only the day is kept. A bad one names the line, the column and the value."""
    day = parse_date(value)
    if day is None:
        raise InputError(
            where,
            f"{column} '{value}' is not a date; read are forms like 2024-03-04 18:30:00, "
            "4 Mar 2024, 13:01 and Jun 11, 2026, 1:01 PM",
        )
    return day


# --- reading the files --------------------------------------------------------------------------


def _delimiter(header: str) -> str:
    """Strong writes ';' (older exports) or ',' (newer); the header shows which."""
    return max((",", ";", "\t"), key=header.count)


def _rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and every data row with its line number; blank rows dropped."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        header = []
    except csv.Error as exc:
        raise InputError("import", f"not a readable CSV file: {exc}") from None
    rows = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, dict(zip(header, row, strict=False))))
    except csv.Error as exc:
        raise InputError("import", f"not a readable CSV file: {exc}") from None
    return header, rows


def _number(value: str, column: str, where: str) -> float | None:
    """A number cell; empty is None, '72,5' is 72.5 (decimal comma in semicolon exports)."""
    text = value.strip()
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise InputError(where, f"{column} '{value}' is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise InputError(where, f"{column} '{value}' must be a number of 0 or more")
    return number


def _whole(value: str, column: str, where: str) -> int | None:
    """A count cell (reps, seconds); 0 and empty both mean none."""
    number = _number(value, column, where)
    if number is None or number == 0:
        return None
    if not number.is_integer():
        raise InputError(where, f"{column} '{value}' must be a whole number")
    return int(number)


def _rpe(value: str, column: str, where: str) -> float | None:
    """An RPE cell: 1-10; 0 or empty means not logged."""
    number = _number(value, column, where)
    if number is None or number == 0:
        return None
    if number > 10:
        raise InputError(where, f"{column} '{value}' must be 1-10")
    return number


def _check_columns(kind: str, header: list[str], required: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            kind, f"missing columns: {', '.join(missing)}", hint="export again from the app"
        )


# --- pounds in a file that does not say ---------------------------------------------------------

POUND_BAR_LOADS = frozenset({45.0, 95.0, 135.0, 185.0, 225.0, 275.0, 315.0, 365.0, 405.0, 495.0})
"""A 45 lb bar alone or with pairs of 25 and 45 lb plates: the loads pound gyms write and kg
gyms (a 20 kg bar, plates from 1.25 kg) rarely do (IWF and US plate standards)."""


def looks_like_pounds(loads: list[float]) -> bool:
    """True when bare weights look like pounds: all on a 5 lb grid and a 45 lb bar load among them.

    Kilogram logs show 2.5, 1.25 or 2 kg steps (62.5, 12, 16 kg); pound logs move in 5 lb steps
    and start from the 45 lb bar.
    """
    lifted = [x for x in loads if x > 0]
    if not lifted:
        return False
    on_grid = all(abs(x / 5 - round(x / 5)) < 1e-9 for x in lifted)
    return on_grid and any(x in POUND_BAR_LOADS for x in lifted)


# --- collecting sets ----------------------------------------------------------------------------


@dataclass
class _Collector:
    """Gathers rows into sets, unknown names and set types, and skipped warm-ups."""

    units: Units
    find: Callable[[str], Match | None]
    catalogue: Catalogue
    sets: list[ImportedSet] = field(default_factory=list)
    unknown: Counter[str] = field(default_factory=Counter)
    set_types: Counter[str] = field(default_factory=Counter)
    warmups: int = 0
    bodyweight: int = 0
    bare_loads: list[float] = field(default_factory=list)
    counts: Counter[tuple[dt.date, str]] = field(default_factory=Counter)

    def add(
        self,
        line: int,
        name: str,
        day: dt.date,
        reps: int | None,
        weight: float | None,
        weight_units: Units,
        rpe: float | None,
        seconds: int | None,
        kind: str,
    ) -> None:
        found = self.find(name)
        if found is None:
            self.unknown[name.strip()] += 1
            return
        load = None
        body = False
        if weight:
            if _bodyweight_move(self.catalogue.get(found.exercise_id)) and not found.weighted:
                body = True  # the app wrote the body's mass: a bodyweight set
                self.bodyweight += 1
            else:
                load = round(to_units(weight, weight_units, self.units), 2)
        self.counts[(day, found.exercise_id)] += 1
        record = SetRecord(day, found.exercise_id, reps, load, rpe, seconds)
        index = self.counts[(day, found.exercise_id)]
        self.sets.append(ImportedSet(record, index, kind, line, body))

    def result(self, app: str, layout: str, warnings: tuple[str, ...] = ()) -> ImportResult:
        return ImportResult(
            app,
            tuple(self.sets),
            dict(self.unknown),
            self.warmups,
            layout,
            dict(self.set_types),
            self.bodyweight,
            warnings,
        )


# Strong's Set Order: a number, or a letter (older) or a word (newer) for the set's kind.
_STRONG_KINDS = {
    "w": "warmup",
    "warm_up": "warmup",
    "warmup": "warmup",
    "f": "failure",
    "failure": "failure",
    "d": "drop",
    "drop_set": "drop",
    "dropset": "drop",
}
_HEVY_KINDS = {"normal": "normal", "warmup": "warmup", "failure": "failure", "dropset": "drop"}

# Strong's weight column, newest first: the unit in the column's name, or none (bare Weight).
_STRONG_WEIGHTS: Mapping[str, Units | None] = MappingProxyType(
    {
        "Weight (kg)": Units.KG,
        "Weight (lbs)": Units.LB,
        "Weight (lb)": Units.LB,
        "kg": Units.KG,
        "lbs": Units.LB,
        "Weight": None,
    }
)
_STRONG_UNITS = {"kg": Units.KG, "kgs": Units.KG, "lb": Units.LB, "lbs": Units.LB}
STRONG_REQUIRED = ("Date", "Exercise Name", "Set Order", "Reps")
HEVY_REQUIRED = ("start_time", "exercise_title", "reps")
_HEVY_WEIGHT = {"weight_kg": Units.KG, "weight_lbs": Units.LB}


def _strong_layout(header: list[str]) -> str:
    """Which Strong layout a header is (docs/importing.md)."""
    if "Workout #" in header:
        return "strong-current"
    if "kg" in header or "lbs" in header:
        return "strong-2016"
    return "strong-classic"


def _kind(text: str, kinds: Mapping[str, str]) -> str | None:
    """The set's kind from its set-type cell; None for a type runstrong does not know."""
    if not text or text.isdigit():
        return "normal"
    return kinds.get(text)


def _pound_warning(out: _Collector) -> tuple[str, ...]:
    """A warning when bare weights taken as kg look like pounds."""
    if out.units is Units.KG and looks_like_pounds(out.bare_loads):
        return (
            "the weights look like pounds (45 lb bar loads, 5 lb steps) but the file does not "
            f"say; if they are, import again with {ref('units')} lb",
        )
    return ()


def _strong(
    header: list[str],
    rows: list[tuple[int, dict[str, str]]],
    out: _Collector,
    source_units: Units | None,
) -> ImportResult:
    """Strong: one row a set; Set Order tells warm-ups, failure and drop sets from work sets."""
    _check_columns("Strong export", header, STRONG_REQUIRED)
    weight_column = next((c for c in _STRONG_WEIGHTS if c in header), None)
    if weight_column is None:
        raise InputError(
            "Strong export",
            "missing columns: Weight (kg), Weight (lbs) or Weight",
            hint="export again from the app",
        )
    column_units = _STRONG_WEIGHTS[weight_column]
    layout = _strong_layout(header)
    bare = column_units is None and "Weight Unit" not in header and source_units is None
    for line, row in rows:
        where = f"Strong export line {line}"
        order = row.get("Set Order", "").strip()
        if order.lower() == "rest timer":
            continue
        kind = _kind(order.lower(), _STRONG_KINDS)
        if kind is None:
            out.set_types[order] += 1
            continue
        if kind == "warmup":
            out.warmups += 1
            continue
        unit_text = row.get("Weight Unit", "").strip().lower()
        if unit_text and unit_text not in _STRONG_UNITS:
            raise InputError(where, f"Weight Unit '{unit_text}' is not kg or lbs")
        weight_units = (
            _STRONG_UNITS[unit_text] if unit_text else column_units or source_units or out.units
        )
        weight = _number(row.get(weight_column, ""), weight_column, where)
        if bare and weight:
            out.bare_loads.append(weight)
        rpe = _rpe(row.get("RPE", ""), "RPE", where)
        if kind == "failure" and rpe is None:
            rpe = 10.0  # a set to failure left nothing in reserve
        out.add(
            line,
            row.get("Exercise Name", ""),
            _date(row.get("Date", ""), "Date", where),
            _whole(row.get("Reps", ""), "Reps", where),
            weight,
            weight_units,
            rpe,
            _whole(row.get("Seconds", ""), "Seconds", where),
            kind,
        )
    return out.result("strong", layout, _pound_warning(out) if bare else ())


def _hevy(
    header: list[str], rows: list[tuple[int, dict[str, str]]], out: _Collector
) -> ImportResult:
    """Hevy: one row a set, the weight's units in its column's name (weight_kg or weight_lbs)."""
    _check_columns("Hevy export", header, HEVY_REQUIRED)
    weight_column = next((c for c in _HEVY_WEIGHT if c in header), None)
    if weight_column is None:
        raise InputError(
            "Hevy export", "missing columns: weight_kg or weight_lbs", hint="export again from Hevy"
        )
    for line, row in rows:
        where = f"Hevy export line {line}"
        text = row.get("set_type", "").strip()
        kind = _kind(text.lower(), _HEVY_KINDS)
        if kind is None:
            out.set_types[text] += 1
            continue
        if kind == "warmup":
            out.warmups += 1
            continue
        rpe = _rpe(row.get("rpe", ""), "rpe", where)
        if kind == "failure" and rpe is None:
            rpe = 10.0
        out.add(
            line,
            row.get("exercise_title", ""),
            _date(row.get("start_time", ""), "start_time", where),
            _whole(row.get("reps", ""), "reps", where),
            _number(row.get(weight_column, ""), weight_column, where),
            _HEVY_WEIGHT[weight_column],
            rpe,
            _whole(row.get("duration_seconds", ""), "duration_seconds", where),
            kind,
        )
    return out.result("hevy", "hevy")


def parse_export(
    text: str, catalogue: Catalogue, units: Units, *, source_units: Units | None = None
) -> ImportResult:
    """Sets from a Strong or Hevy CSV export, in the athlete's `units`, with catalogue ids.

    `source_units` (the CLI's --units) is the unit of a Strong export whose weights carry none
    (a bare `Weight` column and no `Weight Unit`); without it they are taken as `units`, with a
    warning when they look like pounds. A unit the file states always wins.
    """
    header, rows = _rows(text)
    out = _Collector(units, _matcher(catalogue), catalogue)
    if "Exercise Name" in header:
        return _strong(header, rows, out, source_units)
    if "exercise_title" in header:
        return _hevy(header, rows, out)
    shown = ", ".join(header[:6]) or "nothing"
    raise InputError(
        "import",
        f"not a Strong or Hevy export: the first line has {shown}",
        hint="export the workouts as CSV from the Strong or Hevy app and import that file",
    )
