"""Garmin FIT workout files: one strength-training workout per session, written with Garmin's SDK.

Each exercise becomes: its warm-up sets (intensity warmup), then a work step (reps, or time for
holds, with the load as exercise_weight), a rest step, and a repeat step looping back for the sets.
The SDK's encoder ignores sub-field names (duration_reps, repeat_steps ...), so duration_value and
target_value are written raw: reps as a count, time in milliseconds, repeats as the set count.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import tomllib
import zlib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from runstrong.present import prescription as rx
from runstrong.present.prescription import Json

KG_PER_LB = 0.45359237
# String fields as the FIT profile sizes them (garmin/fit-c-sdk fit_example.h: *_COUNT, one byte
# of which is the terminating zero): devices keep no more than this many bytes of UTF-8.
MAX_WORKOUT_NAME = 15  # workout.wkt_name[16]
MAX_STEP_NAME = 15  # workout_step.wkt_step_name[16]
MAX_STEP_NOTES = 49  # workout_step.notes[50]
MAX_TITLE = 199  # exercise_title.wkt_step_name[200]
MAX_DESCRIPTION = 200  # workout.wkt_description: not sized there; FIT strings stop at 255
SHORT_KINDS = {"activation": "Activate"}  # "12 Jan Activation" would not fit
SIDES = ("L", "R")  # a hold "each side": one timed step per side
MANUFACTURER = "development"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class FitExercise:
    """Where a catalogue exercise sits in the FIT profile (names, not numbers: see fit_map.toml)."""

    category: str
    name: str | None
    exact: bool


@functools.cache
def mapping() -> dict[str, FitExercise]:
    """The catalogue -> FIT table shipped as data."""
    text = resources.files("runstrong.export").joinpath("fit_map.toml").read_text("utf-8")
    return {
        key: FitExercise(str(v["category"]), v.get("name"), bool(v.get("exact", False)))
        for key, v in tomllib.loads(text).items()
    }


def lookup(exercise_id: str) -> FitExercise:
    """The FIT entry of an exercise; a runner's own exercise goes in as 'unknown' by name only."""
    return mapping().get(exercise_id, FitExercise(UNKNOWN, None, False))


def _codes(entry: FitExercise) -> tuple[int, int | None]:
    """The profile's numbers for a category and exercise name."""
    from garmin_fit_sdk import Profile

    types: dict[str, dict[int, str]] = Profile["types"]
    category = next(k for k, v in types["exercise_category"].items() if v == entry.category)
    if entry.name is None:
        return category, None
    names = types[f"{entry.category}_exercise_name"]
    return category, next(k for k, v in names.items() if v == entry.name)


def _clip(text: str, limit: int) -> str:
    """Cut a string to `limit` bytes of UTF-8 without splitting a character."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    mark = "…" if limit >= 40 else ""  # three bytes: only where there is room
    return data[: limit - len(mark.encode())].decode("utf-8", "ignore").rstrip() + mark


def _kg(load: float, units: str) -> float:
    """The load in kg on the profile's 0.01 kg grid; pounds rounded up to the next 0.01 kg so a
    watch converting back shows the whole pounds planned (225 lb -> 102.06 kg -> 225.005 lb)."""
    if units != "lb":
        return round(load, 2)
    return math.ceil(round(load * KG_PER_LB * 100, 6)) / 100


def _name(label: str, tail: str = "") -> str:
    """A step name in the profile's 15 bytes, keeping a short tail like ' L' whole."""
    return _clip(label, MAX_STEP_NAME - len(tail.encode())).rstrip() + tail


def _work_notes(ex: Json, units: str) -> str:
    parts = [rx.line(ex, units), *rx.cues(ex)[:1]]
    return _clip(". ".join(p for p in parts if p), MAX_STEP_NOTES)


def _exercise_fields(entry: FitExercise) -> Json:
    category, name = _codes(entry)
    fields: Json = {"exercise_category": category}
    if name is not None:
        fields["exercise_name"] = name
    return fields


def steps(plan: Json, session: Json) -> list[Json]:
    """The workout_step messages of a session, in order (fields as the SDK encoder takes them)."""
    units = str(plan.get("units", "kg"))
    display = "pound" if units == "lb" else "kilogram"
    out: list[Json] = []

    for ex in rx.exercises(session):
        entry = lookup(str(ex.get("id")))
        label = str(ex.get("name") or ex.get("id"))
        which = _exercise_fields(entry)
        for ramp in rx.warmup(ex):
            step: Json = {
                "wkt_step_name": _name(label, " WU"),
                "duration_type": "reps",
                "duration_value": int(ramp.get("reps") or 1),
                "target_type": "open",
                "intensity": "warmup",
                **which,
            }
            if ramp.get("load") is not None:
                step["exercise_weight"] = _kg(float(ramp["load"]), units)
                step["weight_display_unit"] = display
            out.append(step)
        first = len(out)
        work: Json = {"target_type": "open"}
        if ex.get("reps") is not None:
            work.update(duration_type="reps", duration_value=int(ex["reps"]))
        elif ex.get("seconds") is not None:
            work.update(duration_type="time", duration_value=int(ex["seconds"]) * 1000)
        else:
            work.update(duration_type="open")
        notes = _work_notes(ex, units)
        if entry.name is None and _name(label) != label:  # no exercise_title to carry it
            notes = _clip(f"{label}: {notes}", MAX_STEP_NOTES)
        work.update(intensity="active", notes=notes, **which)
        if ex.get("load") is not None:
            work["exercise_weight"] = _kg(float(ex["load"]), units)
            work["weight_display_unit"] = display
        hold_each_side = bool(ex.get("per_side")) and work["duration_type"] == "time"
        for tail in [f" {side}" for side in SIDES] if hold_each_side else [""]:
            out.append({"wkt_step_name": _name(label, tail), **work})
        if ex.get("rest_seconds"):
            out.append(
                {
                    "duration_type": "time",
                    "duration_value": int(ex["rest_seconds"]) * 1000,
                    "target_type": "open",
                    "intensity": "rest",
                }
            )
        sets = int(ex.get("sets") or 1)
        if sets > 1:
            out.append(
                {
                    "duration_type": "repeat_until_steps_cmplt",
                    "duration_value": first,
                    "target_value": sets,
                }
            )
    for index, step in enumerate(out):
        step["message_index"] = index
    return out


def _titles(session: Json) -> list[Json]:
    """exercise_title messages naming the pairs that are only the nearest profile entry."""
    seen: dict[tuple[int, int | None], str] = {}
    for ex in rx.exercises(session):
        entry = lookup(str(ex.get("id")))
        if entry.exact:
            continue
        key = _codes(entry)
        seen.setdefault(key, _clip(str(ex.get("name") or ex.get("id")), MAX_TITLE))
    return [
        {"message_index": i, "exercise_category": c, "exercise_name": n, "wkt_step_name": title}
        for i, ((c, n), title) in enumerate(seen.items())
        if n is not None
    ]


def workout_name(session: Json) -> str:
    """The workout's name in the profile's 15 bytes: the date first ('05 Jan'), then the kind
    ('05 Jan Strength', '05 Jan Re-test'), so a list of workouts on the watch tells them apart."""
    day = rx.date(session["date"])
    label = SHORT_KINDS.get(rx.kind(session), rx.title(session).split(":", 1)[0])
    return _clip(f"{day:%d %b} {label}", MAX_WORKOUT_NAME).rstrip()


def workout_bytes(plan: Json, slot: rx.Slot) -> bytes:
    """One session as a FIT workout file."""
    from garmin_fit_sdk import Encoder, Profile

    nums = Profile["mesg_num"]
    session = slot.session
    day = rx.date(session["date"])
    created = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    workout_steps = steps(plan, session)
    encoder: Any = Encoder()
    encoder.on_mesg(
        nums["FILE_ID"],
        {
            "type": "workout",
            "manufacturer": MANUFACTURER,
            "product": 0,
            "serial_number": zlib.crc32(slot.stem.encode()) or 1,
            "time_created": created,
        },
    )
    encoder.on_mesg(
        nums["WORKOUT"],
        {
            "wkt_name": workout_name(session),
            "wkt_description": _clip(
                f"{day.day} {day:%b} {rx.title(session)}. {session.get('placement') or ''}".strip(
                    ". "
                ),
                MAX_DESCRIPTION,
            ),
            "sport": "training",
            "sub_sport": "strength_training",
            "num_valid_steps": len(workout_steps),
        },
    )
    for step in workout_steps:
        encoder.on_mesg(nums["WORKOUT_STEP"], step)
    for title in _titles(session):
        encoder.on_mesg(nums["EXERCISE_TITLE"], title)
    return bytes(encoder.close())


def workout_files(plan: Json) -> dict[str, bytes]:
    """File name -> FIT bytes, one per session, named like '2027-01-05-strength.fit'."""
    return {f"{slot.stem}.fit": workout_bytes(plan, slot) for slot in rx.slots(plan)}
