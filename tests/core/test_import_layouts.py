"""Today's Strong and Hevy exports, laid out exactly as the apps write them (our own data).

Strong: the current `;`-separated quoted layout ("Workout #", "Duration (sec)", "Weight (kg)" or
"Weight (lbs)", "Distance (meters)", word set types), the classic one (bare Weight), and the 2016
one (kg column). Hevy: weight_kg or weight_lbs, dates like "4 Mar 2024, 13:01".
"""

# ruff: noqa: E501  (the CSV fixtures keep the apps' long lines as they export them)

from __future__ import annotations

import datetime as dt

import pytest

from runstrong.core.catalogue import load_catalogue
from runstrong.core.importing import (
    DATE_FORMS,
    alias_hint,
    looks_like_pounds,
    match_exercise,
    parse_date,
    parse_export,
)
from runstrong.core.learning import SetRecord
from runstrong.core.model import Units
from runstrong.errors import InputError, worded

CATALOGUE = load_catalogue()
KG, LB = Units.KG, Units.LB
JUN1, JUN3 = dt.date(2026, 6, 1), dt.date(2026, 6, 3)

STRONG_CURRENT_KG = """"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"
"1";"2026-06-01 07:05:00";"Morning";"3600";"Squat (Barbell)";"WARM_UP";"40";"8";"";"";"";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Squat (Barbell)";"1";"102,5";"5";"8";"";"";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Squat (Barbell)";"2";"102,5";"5";"8,5";"";"";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Squat (Barbell)";"DROP_SET";"80";"8";"";"";"";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Push Up";"1";"68,5";"20";"";"";"";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Pull Up (Weighted)";"1";"10";"5";"";"";"";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Plank";"1";"";"";"";"";"60";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Running";"1";"";"";"";"5000";"1500";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Deadlift (Barbell)";"FAILURE";"140";"3";"";"";"";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Deadlift (Barbell)";"CLUSTER";"140";"3";"";"";"";"";""
"1";"2026-06-01 07:05:00";"Morning";"3600";"Deadlift (Barbell)";"Rest Timer";"";"";"";"";"180";"";""
"2";"2026-06-03 6:40:00 PM";"Evening";"2700";"Deadlift (Barbell)";"1";"170";"1";"";"";"";"";""
"""

STRONG_CURRENT_LBS = """"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (lbs)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"
"7";"2026-06-01 07:05:00";"Legs";"3120";"Squat (Barbell)";"W";"45";"10";"";"";"";"";""
"7";"2026-06-01 07:05:00";"Legs";"3120";"Squat (Barbell)";"1";"225";"5";"";"";"";"";""
"7";"2026-06-01 07:05:00";"Legs";"3120";"Romanian Deadlift (Dumbbell)";"F";"50";"10";"";"";"";"";""
"7";"2026-06-01 07:05:00";"Legs";"3120";"Deadlift (Barbell)";"D";"275";"6";"";"";"";"";""
"""

STRONG_2016 = """Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes
2016-05-12 18:19:53,Workout A,Squat (Barbell),1,60,5,,,
2016-05-12 18:19:53,Workout A,Squat (Barbell),2,62.5,5,,,felt good
2016-05-12 18:19:53,Workout A,Plank,1,,,,45,
"""

# The classic layout with a bare Weight column: this one was logged in pounds.
STRONG_CLASSIC_POUNDS = """Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE
2025-01-06 07:00:00,Lower,45m,Deadlift (Barbell),1,315,5,0,0,,,
2025-01-06 07:00:00,Lower,45m,Deadlift (Barbell),2,315,5,0,0,,,
2025-01-06 07:00:00,Lower,45m,Romanian Deadlift (Dumbbell),1,40,10,0,0,,,
"""

STRONG_CLASSIC_KILOS = STRONG_CLASSIC_POUNDS.replace(",315,", ",142.5,").replace(
    ",40,10,", ",16,10,"
)

HEVY_KG = """"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"
"Lower A","4 Mar 2024, 13:01","4 Mar 2024, 14:02","","Squat (Barbell)",,"",0,"warmup",60,5,,,
"Lower A","4 Mar 2024, 13:01","4 Mar 2024, 14:02","","Squat (Barbell)",,"",1,"normal",100,5,,,8
"Lower A","4 Mar 2024, 13:01","4 Mar 2024, 14:02","","Squat (Barbell)",,"",2,"dropset",80,8,,,
"Lower A","4 Mar 2024, 13:01","4 Mar 2024, 14:02","","Pull Up",0,"",0,"normal",,8,,,
"Lower A","4 Mar 2024, 13:01","4 Mar 2024, 14:02","","Pull Up (Weighted)",0,"",0,"failure",15,5,,,
"Lower A","4 Mar 2024, 13:01","4 Mar 2024, 14:02","","Side Plank",,"",0,"normal",,,,45,
"Lower A","4 Mar 2024, 13:01","4 Mar 2024, 14:02","","Hip Thrust (Machine)",,"",0,"normal",90,10,,,
"Lower A","4 Mar 2024, 13:01","4 Mar 2024, 14:02","","Hip Thrust (Machine)",,"",1,"normal",90,10,,,
"Lower A","4 Mar 2024, 13:01","4 Mar 2024, 14:02","","Squat (Barbell)",,"",3,"myorep",70,12,,,
"""

HEVY_LBS_US = """"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_lbs","reps","distance_miles","duration_seconds","rpe"
"Pull","Jun 11, 2026, 1:01 PM","Jun 11, 2026, 2:03 PM","","Deadlift (Barbell)",,"",0,"normal",405,1,,,
"Pull","Jun 11, 2026, 1:01 PM","Jun 11, 2026, 2:03 PM","","Goblet Squat (Kettlebell)",,"",0,"normal",53,10,,,
"""


def test_strong_current_layout_in_kg() -> None:
    result = parse_export(STRONG_CURRENT_KG, CATALOGUE, KG)
    assert (result.app, result.layout) == ("strong", "strong-current")
    assert result.records == (
        SetRecord(JUN1, "back-squat", 5, 102.5, 8.0),
        SetRecord(JUN1, "back-squat", 5, 102.5, 8.5),
        SetRecord(JUN1, "back-squat", 8, 80.0, None),  # the drop set
        SetRecord(JUN1, "push-up", 20, None, None),  # 68.5 kg was the body's mass
        SetRecord(JUN1, "pull-up", 5, 10.0, None),  # weighted: the added load
        SetRecord(JUN1, "plank", None, None, None, 60),
        SetRecord(JUN1, "deadlift", 3, 140.0, 10.0),  # FAILURE: RPE 10
        SetRecord(JUN3, "deadlift", 1, 170.0, None),  # 12-hour clock with a narrow space
    )
    assert [s.kind for s in result.sets] == [
        "normal", "normal", "drop", "normal", "normal", "normal", "failure", "normal"
    ]  # fmt: skip
    assert [s.index for s in result.sets] == [1, 2, 3, 1, 1, 1, 1, 1]
    assert result.warmups == 1
    assert result.set_types == {"CLUSTER": 1}  # reported, not taken as a work set
    assert result.unknown == {"Running": 1}
    assert result.bodyweight == 1
    assert result.warnings == ()


def test_strong_current_layout_in_pounds_converts_without_asking() -> None:
    result = parse_export(STRONG_CURRENT_LBS, CATALOGUE, KG)
    assert result.records == (
        SetRecord(JUN1, "back-squat", 5, 102.06, None),
        SetRecord(JUN1, "dumbbell-romanian-deadlift", 10, 22.68, 10.0),
        SetRecord(JUN1, "deadlift", 6, 124.74, None),
    )
    assert [s.kind for s in result.sets] == ["normal", "failure", "drop"]
    assert result.warmups == 1 and result.warnings == ()
    # A pound athlete keeps the numbers as logged.
    assert [r.load for r in parse_export(STRONG_CURRENT_LBS, CATALOGUE, LB).records] == [
        225.0,
        50.0,
        275.0,
    ]


def test_strong_2016_layout() -> None:
    result = parse_export(STRONG_2016, CATALOGUE, LB)
    day = dt.date(2016, 5, 12)
    assert result.layout == "strong-2016"
    assert result.records == (
        SetRecord(day, "back-squat", 5, 132.28, None),
        SetRecord(day, "back-squat", 5, 137.79, None),
        SetRecord(day, "plank", None, None, None, 45),
    )


def test_a_bare_weight_file_that_looks_like_pounds_warns_and_names_units() -> None:
    result = parse_export(STRONG_CLASSIC_POUNDS, CATALOGUE, KG)
    assert result.layout == "strong-classic"
    assert [r.load for r in result.records] == [315.0, 315.0, 40.0]  # taken as kg, as told
    assert len(result.warnings) == 1
    assert worded(result.warnings[0]).endswith("if they are, import again with units lb")
    told = parse_export(STRONG_CLASSIC_POUNDS, CATALOGUE, KG, source_units=LB)
    assert [r.load for r in told.records] == [142.88, 142.88, 18.14]
    assert told.warnings == ()
    assert parse_export(STRONG_CLASSIC_KILOS, CATALOGUE, KG).warnings == ()


def test_a_unit_in_the_file_wins_over_units() -> None:
    result = parse_export(STRONG_CURRENT_LBS, CATALOGUE, KG, source_units=KG)
    assert result.records[0].load == 102.06


@pytest.mark.parametrize(
    ("loads", "expected"),
    [
        ([45, 135, 225, 315], True),
        ([135, 140, 145], True),
        ([60, 62.5, 65], False),  # 2.5 kg steps
        ([12, 16, 24], False),  # kettlebells
        ([100, 140, 180], False),  # on the 5 grid, but no 45 lb bar load
        ([], False),
    ],
)
def test_looks_like_pounds(loads: list[float], expected: bool) -> None:
    assert looks_like_pounds(loads) is expected


def test_hevy_kg_export() -> None:
    result = parse_export(HEVY_KG, CATALOGUE, KG)
    day = dt.date(2024, 3, 4)
    assert (result.app, result.layout) == ("hevy", "hevy")
    assert result.records == (
        SetRecord(day, "back-squat", 5, 100.0, 8.0),
        SetRecord(day, "back-squat", 8, 80.0, None),
        SetRecord(day, "pull-up", 8, None, None),
        SetRecord(day, "pull-up", 5, 15.0, 10.0),
        SetRecord(day, "side-plank", None, None, None, 45),
    )
    assert [s.kind for s in result.sets] == ["normal", "drop", "normal", "failure", "normal"]
    assert [s.index for s in result.sets] == [1, 2, 1, 2, 1]
    assert result.unknown == {"Hip Thrust (Machine)": 2}
    assert result.set_types == {"myorep": 1}
    assert result.warmups == 1


def test_hevy_pounds_with_us_dates() -> None:
    result = parse_export(HEVY_LBS_US, CATALOGUE, KG)
    day = dt.date(2026, 6, 11)
    assert result.records == (
        SetRecord(day, "deadlift", 1, 183.7, None),
        SetRecord(day, "kettlebell-goblet-squat", 10, 24.04, None),
    )


@pytest.mark.parametrize("text", DATE_FORMS)
def test_every_documented_date_form_is_read(text: str) -> None:
    found = parse_date(text)
    assert found is not None
    assert found == dt.date(found.year, found.month, found.day)
    assert str(found.year) in text and str(found.day) in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-04 18:30:00", dt.date(2024, 3, 4)),
        ("2024-03-04T18:30:00Z", dt.date(2024, 3, 4)),
        ("2024-03-04 6:30:00\u202fPM", dt.date(2024, 3, 4)),
        ("4 Mar 2024, 13:01", dt.date(2024, 3, 4)),
        ("4 March 2024, 13:01:59", dt.date(2024, 3, 4)),
        ("12 Sept 2024, 07:30", dt.date(2024, 9, 12)),
        ("Jun 11, 2026, 1:01 PM", dt.date(2026, 6, 11)),
        ("Jun 11, 2026, 1:01:09 PM", dt.date(2026, 6, 11)),
        ("December 31, 2025", dt.date(2025, 12, 31)),
        ("yesterday", None),
        ("2024-02-30 10:00", None),
        ("4 Mrz 2024, 13:01", None),
        ("Jun 11, 2026, 13:01 PM", None),
        ("2024-03-04 25:00", None),
        ("04/03/2024", None),  # day and month order cannot be told apart
    ],
)
def test_dates(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_a_bad_date_names_the_line_and_the_value() -> None:
    bad = HEVY_KG.replace('"4 Mar 2024, 13:01","4 Mar', '"31 Feb 2024, 13:01","4 Mar', 2)
    with pytest.raises(InputError) as caught:
        parse_export(bad, CATALOGUE, KG)
    assert caught.value.field == "Hevy export line 3"
    assert "start_time '31 Feb 2024, 13:01' is not a date" in caught.value.problem


def test_strong_without_any_weight_column_is_refused() -> None:
    text = STRONG_2016.replace(",kg,", ",mass,")
    with pytest.raises(InputError) as caught:
        parse_export(text, CATALOGUE, KG)
    assert "Weight (kg), Weight (lbs) or Weight" in caught.value.problem


@pytest.mark.parametrize(
    ("name", "exercise_id", "weighted"),
    [
        ("Squat (Barbell)", "back-squat", False),
        ("Romanian Deadlift (Dumbbell)", "dumbbell-romanian-deadlift", False),
        ("Romanian Deadlift (Barbell)", "romanian-deadlift", False),
        ("Goblet Squat (Dumbbells)", "goblet-squat", False),
        ("Bulgarian Split Squat (Dumbbell)", "dumbbell-bulgarian-split-squat", False),
        ("Single Leg Romanian Deadlift (Dumbbell)", "single-leg-romanian-deadlift", False),
        ("Step Up (Dumbbell)", "dumbbell-step-up", False),
        ("Pull Up (Assisted)", "band-assisted-pull-up", False),
        ("Pull Up (Weighted)", "pull-up", True),
        ("Weighted Pull Up", "pull-up", True),
        ("Push Up (Weighted)", "push-up", True),
        ("Glute Bridge (Bodyweight)", "glute-bridge", False),
        ("Single Leg Glute Bridge", "single-leg-bridge", False),
        ("Hamstring Curl (TRX)", "trx-hamstring-curl", False),
        ("Reverse Hyperextension", "stability-ball-reverse-hip-extension", False),
        ("Banded Side Walk", "lateral-band-walk", False),
        ("Skater Jumps", "lateral-bound", False),
        (
            "Single Leg Romanian Deadlift (Kettlebell)",
            "kettlebell-single-leg-romanian-deadlift",
            False,
        ),
    ],
)
def test_app_names_with_equipment(name: str, exercise_id: str, weighted: bool) -> None:
    assert match_exercise(name, CATALOGUE) == exercise_id
    from runstrong.core.importing import _matcher

    found = _matcher(CATALOGUE)(name)
    assert found is not None and found.weighted is weighted


def test_an_unknown_name_gets_the_alias_to_add() -> None:
    hint = alias_hint("Leg Press (Machine)", CATALOGUE)
    assert 'aliases = ["leg press (machine)"]' in hint and "exercises.toml" in hint
    near = alias_hint("Front Squats (Smith Machine)", CATALOGUE)
    assert "[front-squat]" in near


@pytest.mark.parametrize(
    ("name", "exercise_id"),
    [
        ("Hip Thrust (Barbell)", "hip-thrust"),
        ("Hip Thrust", "hip-thrust"),
        ("Single Leg Hip Thrust", "single-leg-hip-thrust"),
        ("Standing Calf Raise", "single-leg-calf-raise"),
        ("Calf Raise (Bodyweight)", "single-leg-calf-raise"),
        ("Standing Calf Raise (Dumbbell)", "dumbbell-calf-raise"),
        ("Seated Calf Raise", "seated-soleus-raise"),
        ("Nordic Hamstring Curl", "nordic-hamstring-curl"),
        ("Nordic Hamstrings Curls", "nordic-hamstring-curl"),
        ("Chin Up", "chin-up"),
        ("Chin Up (Weighted)", "chin-up"),
        ("Lunge (Dumbbell)", "dumbbell-walking-lunge"),
        ("Reverse Lunge (Dumbbell)", "dumbbell-reverse-lunge"),
        ("Walking Lunge (Dumbbell)", "dumbbell-walking-lunge"),
        ("Reverse Lunge", "reverse-lunge"),
        ("Sumo Deadlift (Barbell)", "sumo-deadlift"),
        ("Box Squat (Barbell)", "box-squat"),
        ("Trap Bar Deadlift", "trap-bar-deadlift"),
        ("Box Jumps", "box-jump"),
        ("Wall Sit", "wall-sit"),
        ("Push Up", "push-up"),
    ],
)
def test_the_new_exercises_app_names(name: str, exercise_id: str) -> None:
    assert match_exercise(name, CATALOGUE) == exercise_id


def test_a_sled_keeps_its_weight_and_a_box_jump_drops_the_body_mass() -> None:
    text = (
        STRONG_CURRENT_KG.split("\n", 1)[0]
        + "\n"
        + '"3";"2026-06-05 07:00:00";"Run";"1800";"Sled Push";"1";"60";"";"";"20";"";"";""\n'
        + '"3";"2026-06-05 07:00:00";"Run";"1800";"Box Jump";"1";"70";"5";"";"";"";"";""\n'
    )
    result = parse_export(text, CATALOGUE, KG)
    assert [(r.exercise_id, r.load) for r in result.records] == [
        ("sled-push", 60.0),
        ("box-jump", None),
    ]
    assert result.bodyweight == 1
