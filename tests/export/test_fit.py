"""FIT workouts, decoded by Garmin's own SDK and by fitdecode, match the plan step for step."""

from __future__ import annotations

import datetime as dt
import io
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import fitdecode
import pytest
from garmin_fit_sdk import Decoder, Profile, Stream

import runstrong
from runstrong.cli.files import export
from runstrong.export.fit import KG_PER_LB, workout_files

MAP = tomllib.loads(resources.files("runstrong.export").joinpath("fit_map.toml").read_text("utf-8"))
CATALOGUE_IDS = {e.id for e in runstrong.load_catalogue().all()}


def official(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """Decode with Garmin's SDK: integrity first, then a fresh decoder reads the messages."""
    checker = Decoder(Stream.from_byte_array(bytearray(data)))
    assert checker.is_fit()
    assert checker.check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages  # type: ignore[no-any-return]


def independent(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """Decode with fitdecode, CRC checked, into name -> list of {field: value}."""
    out: dict[str, list[dict[str, Any]]] = {}
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                fields = {f.name: f.value for f in frame.fields}
                out.setdefault(frame.name, []).append(fields)
    return out


def fit_bytes(text: str, size: int) -> str:
    """The profile's string sizes (fit_example.h, less the terminating zero) in UTF-8 bytes."""
    return text.encode("utf-8")[:size].decode("utf-8", "ignore").rstrip()


def expected_steps(plan: dict[str, Any], session: dict[str, Any]) -> list[dict[str, Any]]:
    """What the plan says, step by step, written out independently of the encoder."""
    factor = KG_PER_LB if plan["units"] == "lb" else 1.0
    steps: list[dict[str, Any]] = []
    for ex in session["exercises"]:
        for ramp in ex.get("warmup") or []:
            steps.append(
                {
                    "intensity": "warmup",
                    "reps": ramp["reps"],
                    "kg": None if ramp["load"] is None else ramp["load"] * factor,
                }
            )
        first = len(steps)
        work: dict[str, Any] = {"intensity": "active"}
        if ex["reps"] is not None:
            work["reps"] = ex["reps"]
        else:
            work["seconds"] = ex["seconds"]
        work["kg"] = None if ex["load"] is None else ex["load"] * factor
        if ex["per_side"] and ex["reps"] is None:  # a hold each side: one step per side
            steps.append({**work, "name": fit_bytes(ex["name"], 13) + " L"})
            steps.append({**work, "name": fit_bytes(ex["name"], 13) + " R"})
        else:
            steps.append({**work, "name": fit_bytes(ex["name"], 15)})
        steps.append({"intensity": "rest", "seconds": ex["rest_seconds"]})
        if ex["sets"] > 1:
            steps.append({"repeat_from": first, "sets": ex["sets"]})
    return steps


def seen_steps(decoded: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The decoded workout_step messages in the same shape as expected_steps."""
    steps: list[dict[str, Any]] = []
    for msg in sorted(decoded, key=lambda m: m["message_index"]):
        if msg["duration_type"] == "repeat_until_steps_cmplt":
            steps.append({"repeat_from": msg["duration_step"], "sets": msg["repeat_steps"]})
            continue
        step: dict[str, Any] = {"intensity": msg["intensity"]}
        if msg["intensity"] == "active":
            step["name"] = msg["wkt_step_name"]
        if msg["duration_type"] == "reps":
            step["reps"] = msg["duration_reps"]
        else:
            assert msg["duration_type"] == "time"
            step["seconds"] = msg["duration_time"]
        if msg["intensity"] != "rest":
            weight = msg.get("exercise_weight")
            step["kg"] = None if weight is None else weight
        steps.append(step)
    return steps


def same(expected: list[dict[str, Any]], seen: list[dict[str, Any]]) -> None:
    assert len(seen) == len(expected)
    for want, got in zip(expected, seen, strict=True):
        assert set(want) == set(got), (want, got)
        for key, value in want.items():
            if key == "kg" and value is not None:
                assert got[key] == pytest.approx(value, abs=0.01), (want, got)
            else:
                assert got[key] == value, (want, got)


def check_files(plan: dict[str, Any], files: dict[str, bytes]) -> None:
    sessions = [s for w in plan["weeks"] for s in w["sessions"]]
    assert len(files) == len(sessions)
    for (name, data), session in zip(files.items(), sessions, strict=True):
        assert name.startswith(session["date"]) and name.endswith(".fit")
        expected = expected_steps(plan, session)
        for decoded in (official(data), independent(data)):
            steps_key = "workout_step_mesgs" if "workout_step_mesgs" in decoded else "workout_step"
            workout_key = "workout_mesgs" if "workout_mesgs" in decoded else "workout"
            file_key = "file_id_mesgs" if "file_id_mesgs" in decoded else "file_id"
            assert decoded[file_key][0]["type"] == "workout"
            workout = decoded[workout_key][0]
            assert workout["sport"] == "training"
            assert workout["sub_sport"] == "strength_training"
            assert workout["num_valid_steps"] == len(expected)
            same(expected, seen_steps(decoded[steps_key]))


def test_every_session_decodes_to_the_plan(plan: dict[str, Any]) -> None:
    check_files(plan, workout_files(plan))


def test_warmup_sets_and_season_kinds(season_plan: dict[str, Any]) -> None:
    files = workout_files(season_plan)
    assert any(name.endswith("-activation.fit") for name in files)
    assert any(name.endswith("-retest.fit") for name in files)
    check_files(season_plan, files)
    steps = official(next(iter(files.values())))["workout_step_mesgs"]
    assert [s["exercise_weight"] for s in steps if s.get("intensity") == "warmup"][:2] == [40, 57.5]


def test_pounds_are_stored_in_kilograms_and_shown_in_pounds(make_plan: Any) -> None:
    plan = make_plan(units="lb", lifts=["back-squat=225"])
    files = workout_files(plan)
    check_files(plan, files)
    loaded = [
        s
        for data in files.values()
        for s in official(data)["workout_step_mesgs"]
        if s.get("exercise_weight") is not None
    ]
    assert loaded
    assert {s["weight_display_unit"] for s in loaded} == {"pound"}


def test_exercise_category_and_name_come_from_the_map(plan: dict[str, Any]) -> None:
    names = Profile["types"]
    sessions = [s for w in plan["weeks"] for s in w["sessions"]]
    for session, data in zip(sessions, workout_files(plan).values(), strict=True):
        decoded = official(data)
        active = [s for s in decoded["workout_step_mesgs"] if s.get("intensity") == "active"]
        # a hold "each side" is one timed step per side
        steps_of = [
            ex
            for ex in session["exercises"]
            for _ in range(2 if ex["loading"] == "time" and ex["per_side"] else 1)
        ]
        for ex, step in zip(steps_of, active, strict=True):
            entry = MAP[ex["id"]]
            assert step["exercise_category"] == entry["category"]
            enum = names[f"{entry['category']}_exercise_name"]
            assert enum[step["exercise_name"]] == entry["name"]
        titled = {t["wkt_step_name"] for t in decoded.get("exercise_title_mesgs", [])}
        inexact = {ex["name"] for ex in session["exercises"] if not MAP[ex["id"]]["exact"]}
        assert titled == inexact


def test_a_runners_own_exercise_is_written_by_name(
    unicode_plan: dict[str, Any], unicode_name: str
) -> None:
    files = workout_files(unicode_plan)
    check_files(unicode_plan, files)
    steps = official(next(iter(files.values())))["workout_step_mesgs"]
    own = [s for s in steps if s.get("wkt_step_name") == fit_bytes(unicode_name, 15)]
    assert len(own) == 1
    assert own[0]["notes"].startswith("Sentadilla búlgara")  # the whole name, where it fits
    assert own[0]["exercise_category"] == "unknown"
    assert own[0]["exercise_weight"] == 22.5


def test_the_map_covers_the_whole_catalogue_with_profile_values() -> None:
    assert set(MAP) == CATALOGUE_IDS
    types = Profile["types"]
    for key, entry in MAP.items():
        assert entry["category"] in types["exercise_category"].values(), key
        assert entry["name"] in types[f"{entry['category']}_exercise_name"].values(), key
        assert isinstance(entry["exact"], bool), key
        if "alt" in entry:
            category, name = entry["alt"].split("/")
            assert name in types[f"{category}_exercise_name"].values(), key


def test_export_writes_one_file_per_session_into_a_new_folder(
    plan: dict[str, Any], tmp_path: Path
) -> None:
    folder = tmp_path / "watch" / "workouts"
    assert export(plan, "fit", str(folder)) is None
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["2027-01-05-strength.fit", "2027-01-07-strength.fit"]
    check_files(plan, {n: (folder / n).read_bytes() for n in names})


def test_a_long_plan_exports_every_week(long_plan: dict[str, Any]) -> None:
    files = workout_files(long_plan)
    assert len(files) == 32
    assert len(set(files)) == 32
    check_files(long_plan, files)


def test_names_fit_the_profile_field_sizes(season_plan: dict[str, Any]) -> None:
    for data in workout_files(season_plan).values():
        decoded = independent(data)
        for workout in decoded["workout"]:
            assert len(workout["wkt_name"].encode("utf-8")) <= 15
        for step in decoded["workout_step"]:
            assert len((step.get("wkt_step_name") or "").encode("utf-8")) <= 15
            assert len((step.get("notes") or "").encode("utf-8")) <= 49
        for title in decoded.get("exercise_title", []):
            assert len(title["wkt_step_name"].encode("utf-8")) <= 199
    files = workout_files(season_plan).values()
    names = [official(d)["workout_mesgs"][0]["wkt_name"] for d in files]
    sessions = [s for w in season_plan["weeks"] for s in w["sessions"]]
    kinds = {"strength": "Strength", "activation": "Activate", "retest": "Re-test"}
    for name, session in zip(names, sessions, strict=True):
        day = dt.date.fromisoformat(session["date"]).strftime("%d %b")
        assert name == f"{day} {kinds[session['kind']]}"


def test_a_hold_each_side_is_one_timed_step_per_side(make_plan: Any) -> None:
    plan = make_plan()
    session = plan["weeks"][0]["sessions"][0]
    hold = {
        "id": "side-plank", "name": "Side plank", "loading": "time", "sets": 3, "reps": None,
        "reps_max": None, "seconds": 30, "per_side": True, "percent_1rm": None, "load": None,
        "rir": None, "rest_seconds": 60, "warmup": [], "equipment": ["none"],
    }  # fmt: skip
    session["exercises"] = [hold]
    name = f"{session['date']}-{session['kind']}.fit"
    data = workout_files(plan)[name]
    for decoded in (official(data)["workout_step_mesgs"], independent(data)["workout_step"]):
        by_index = sorted(decoded, key=lambda m: m["message_index"])
        assert [m.get("wkt_step_name") for m in by_index[:2]] == ["Side plank L", "Side plank R"]
        assert [m["duration_type"] for m in by_index] == [
            "time", "time", "time", "repeat_until_steps_cmplt"
        ]  # fmt: skip
        assert by_index[3]["repeat_steps"] == 3
    check_files({**plan, "weeks": [{**plan["weeks"][0], "sessions": [session]}]}, {name: data})


@pytest.mark.parametrize("pounds", [45, 95, 135, 185, 225, 315, 405, 5, 10, 25, 53])
def test_pound_loads_come_back_as_the_whole_pounds_planned(make_plan: Any, pounds: int) -> None:
    plan = make_plan(units="lb")
    session = plan["weeks"][0]["sessions"][0]
    exercise = next(ex for ex in session["exercises"] if ex["load"] is not None)
    exercise["load"], exercise["warmup"] = float(pounds), []
    session["exercises"] = [exercise]
    data = workout_files(plan)[f"{session['date']}-{session['kind']}.fit"]
    for decoded in (official(data)["workout_step_mesgs"], independent(data)["workout_step"]):
        kg = next(m["exercise_weight"] for m in decoded if m.get("exercise_weight"))
        shown = kg / KG_PER_LB
        assert round(shown) == pounds
        assert int(shown * 10) / 10 == pounds  # a watch that truncates to 0.1 lb shows it too
