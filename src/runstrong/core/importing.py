"""Reading the CSV exports of the Strong and Hevy apps into SetRecords (docs/importing.md).

Pure: takes the file's text, returns plain data. Names the apps use are matched to catalogue
ids; names that match nothing are counted, not guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
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
from runstrong.core.model import Equipment, Exercise, Units
from runstrong.errors import InputError

__all__ = ["APP_NAMES", "ImportResult", "match_exercise", "parse_export"]

APP_NAMES: Mapping[str, str] = MappingProxyType(
    {
        # App names whose plain reading would miss or mislead; keys as _key() writes them.
        "pull up (band)": "band-assisted-pull-up",
        "chin up (band)": "band-assisted-pull-up",
        "bent over one arm row (dumbbell)": "dumbbell-row",
        "one arm row (dumbbell)": "dumbbell-row",
        "single arm row (dumbbell)": "dumbbell-row",
        "turkish get up (kettlebell)": "turkish-get-up",
        "kettlebell turkish get up": "turkish-get-up",
        "overhead press (kettlebell)": "kettlebell-military-press",
        "shoulder press (kettlebell)": "kettlebell-military-press",
        "hanging knee to elbow": "knees-to-elbows",
    }
)
"""A small table for names the rules below get wrong; tests check every id exists."""

# The apps' "(Equipment)" suffixes a catalogue entry can stand for; the others (machine, cable,
# Smith machine, ...) are different exercises and stay unknown.
_SUFFIXES: Mapping[str, Callable[[Exercise], bool]] = MappingProxyType(
    {
        "barbell": lambda e: Equipment.BARBELL in e.equipment,
        "dumbbell": lambda e: Equipment.DUMBBELL in e.equipment,
        "kettlebell": lambda e: Equipment.KETTLEBELL in e.equipment,
        "band": lambda e: Equipment.BAND in e.equipment,
        "bodyweight": lambda e: (
            not e.needs() & {Equipment.BARBELL, Equipment.DUMBBELL, Equipment.KETTLEBELL}
        ),
        "weighted": lambda _: True,
    }
)

_SUFFIX = re.compile(r"^(?P<base>.*?)\s*\((?P<suffix>[^()]*)\)\s*$")

STRONG_REQUIRED = ("Date", "Exercise Name", "Set Order", "Weight", "Reps")
HEVY_REQUIRED = ("start_time", "exercise_title", "reps")
_HEVY_WEIGHT = {"weight_kg": Units.KG, "weight_lbs": Units.LB}
_STRONG_UNITS = {"kg": Units.KG, "kgs": Units.KG, "lb": Units.LB, "lbs": Units.LB}
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}


@dataclass(frozen=True)
class ImportResult:
    """What an export held: the sets runstrong can use, and what it had to leave out."""

    app: str  # "strong" | "hevy"
    records: tuple[SetRecord, ...]
    unknown: Mapping[str, int] = field(default_factory=dict)  # app name -> sets left out
    warmups: int = 0  # warm-up sets skipped


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
    return _matcher(catalogue)(name)


def _matcher(catalogue: Catalogue) -> Callable[[str], str | None]:
    """A name matcher with the catalogue indexed once, remembering every answer."""
    index = _catalogue_index(catalogue)
    known = {_key(k): v for k, v in APP_NAMES.items() if v in catalogue}
    seen: dict[str, str | None] = {}

    def find(name: str) -> str | None:
        key = _key(name)
        if key not in seen:
            seen[key] = _find(key, index, known)
        return seen[key]

    return find


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
    if base in known:
        return known[base]
    fits = _SUFFIXES.get(suffix)
    if fits is None:
        return None
    prefixed = index.get(f"{suffix} {base}")
    if prefixed is not None:
        return prefixed.id
    plain = index.get(base)
    return plain.id if plain is not None and fits(plain) else None


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


def _date(value: str, column: str, where: str) -> dt.date:
    """'2024-03-04 18:30:00' (Strong) or '5 Mar 2024, 18:00' (Hevy); only the day is kept."""
    text = value.strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    day = re.match(r"(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})", text)
    try:
        if iso is not None:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if day is not None and day[2].lower() in _MONTHS:
            return dt.date(int(day[3]), _MONTHS[day[2].lower()], int(day[1]))
    except ValueError:
        pass
    raise InputError(where, f"{column} '{value}' is not a date like 2024-03-04 or 4 Mar 2024")


def _check_columns(kind: str, header: list[str], required: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            kind, f"missing columns: {', '.join(missing)}", hint="export again from the app"
        )


@dataclass
class _Collector:
    """Gathers rows into records, unknown names and skipped warm-ups."""

    units: Units
    find: Callable[[str], str | None]
    records: list[SetRecord] = field(default_factory=list)
    unknown: Counter[str] = field(default_factory=Counter)
    warmups: int = 0

    def add(
        self,
        name: str,
        day: dt.date,
        reps: int | None,
        weight: float | None,
        weight_units: Units,
        rpe: float | None,
        seconds: int | None,
    ) -> None:
        exercise_id = self.find(name)
        if exercise_id is None:
            self.unknown[name.strip()] += 1
            return
        load = None
        if weight:
            load = round(to_units(weight, weight_units, self.units), 2)
        self.records.append(SetRecord(day, exercise_id, reps, load, rpe, seconds))

    def result(self, app: str) -> ImportResult:
        return ImportResult(app, tuple(self.records), dict(self.unknown), self.warmups)


def _strong(
    header: list[str], rows: list[tuple[int, dict[str, str]]], out: _Collector, units: Units
) -> ImportResult:
    """Strong: one row a set; 'W' in Set Order is a warm-up, 'Rest Timer' rows are not sets."""
    _check_columns("Strong export", header, STRONG_REQUIRED)
    for line, row in rows:
        where = f"Strong export line {line}"
        order = row.get("Set Order", "").strip().lower()
        if order == "rest timer":
            continue
        if order == "w":
            out.warmups += 1
            continue
        unit_text = row.get("Weight Unit", "").strip().lower()
        weight_units = _STRONG_UNITS.get(unit_text, units) if unit_text else units
        if unit_text and unit_text not in _STRONG_UNITS:
            raise InputError(where, f"Weight Unit '{unit_text}' is not kg or lbs")
        rpe = _rpe(row.get("RPE", ""), "RPE", where)
        if order == "f" and rpe is None:
            rpe = 10.0  # a set marked to failure left nothing in reserve
        out.add(
            row.get("Exercise Name", ""),
            _date(row.get("Date", ""), "Date", where),
            _whole(row.get("Reps", ""), "Reps", where),
            _number(row.get("Weight", ""), "Weight", where),
            weight_units,
            rpe,
            _whole(row.get("Seconds", ""), "Seconds", where),
        )
    return out.result("strong")


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
        kind = row.get("set_type", "").strip().lower()
        if kind == "warmup":
            out.warmups += 1
            continue
        rpe = _rpe(row.get("rpe", ""), "rpe", where)
        if kind == "failure" and rpe is None:
            rpe = 10.0
        out.add(
            row.get("exercise_title", ""),
            _date(row.get("start_time", ""), "start_time", where),
            _whole(row.get("reps", ""), "reps", where),
            _number(row.get(weight_column, ""), weight_column, where),
            _HEVY_WEIGHT[weight_column],
            rpe,
            _whole(row.get("duration_seconds", ""), "duration_seconds", where),
        )
    return out.result("hevy")


def parse_export(
    text: str, catalogue: Catalogue, units: Units, *, source_units: Units | None = None
) -> ImportResult:
    """Sets from a Strong or Hevy CSV export, in the athlete's `units`, with catalogue ids.

    `source_units` is the unit of Strong exports that have no Weight Unit column (newer ones
    write weights in the app's unit setting); it defaults to `units`.
    """
    header, rows = _rows(text)
    out = _Collector(units, _matcher(catalogue))
    if "Exercise Name" in header:
        return _strong(header, rows, out, source_units or units)
    if "exercise_title" in header:
        return _hevy(header, rows, out)
    shown = ", ".join(header[:6]) or "nothing"
    raise InputError(
        "import",
        f"not a Strong or Hevy export: the first line has {shown}",
        hint="export the workouts as CSV from the Strong or Hevy app and import that file",
    )
