"""Strong and Hevy CSV exports: both separators, both units, name matching, refusals."""

# ruff: noqa: E501  (the CSV fixtures keep the apps' long lines as they export them)

from __future__ import annotations

import datetime as dt

import pytest

from runstrong.core.catalogue import load_catalogue
from runstrong.core.importing import APP_NAMES, match_exercise, parse_export
from runstrong.core.learning import SetRecord
from runstrong.core.model import Units
from runstrong.errors import InputError

CATALOGUE = load_catalogue()
KG, LB = Units.KG, Units.LB
MAR4 = dt.date(2024, 3, 4)

# Older Strong exports: semicolons, a Weight Unit column, Workout Duration last.
STRONG_SEMICOLON = """\ufeffDate;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration
2024-03-04 18:30:00;"Legs";"Squat (Barbell)";W;60;kg;5;;;;0;"";"";1h 5m
2024-03-04 18:30:00;"Legs";"Squat (Barbell)";1;100;kg;5;8;;;0;"";"";1h 5m
2024-03-04 18:30:00;"Legs";"Squat (Barbell)";2;102,5;kg;5;8,5;;;0;"";"";1h 5m
2024-03-04 18:30:00;"Legs";"Romanian Deadlift (Barbell)";1;225;lbs;8;;;;0;"";"";1h 5m
2024-03-04 18:30:00;"Legs";"Plank";1;0;kg;0;;;;60;"";"";1h 5m
2024-03-04 18:30:00;"Legs";"Leg Press (Machine)";1;200;kg;10;;;;0;"";"";1h 5m
2024-03-04 18:30:00;"Legs";"Leg Press (Machine)";2;200;kg;10;;;;0;"";"";1h 5m
"""

# Newer Strong exports: commas, a Duration column, no unit column, 'Rest Timer' rows.
STRONG_COMMA = """Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE
2024-03-06 07:00:00,"Pull, day 2",45m,"Deadlift (Barbell)",1,315,5,0,0,,,
2024-03-06 07:00:00,"Pull, day 2",45m,"Deadlift (Barbell)",Rest Timer,0,0,0,180,,,
2024-03-06 07:00:00,"Pull, day 2",45m,"Deadlift (Barbell)",F,315,3,0,0,,,
2024-03-06 07:00:00,"Pull, day 2",45m,"Pull Up (Band)",1,0,8,0,0,,,7
2024-03-06 07:00:00,"Pull, day 2",45m,"Bench Press (Barbell)",1,135,8,0,0,,,
"""

HEVY_KG = """"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"
"Lower","5 Mar 2024, 18:00","5 Mar 2024, 19:10","","Goblet Squat (Kettlebell)",,"",0,"warmup",12,10,,,
"Lower","5 Mar 2024, 18:00","5 Mar 2024, 19:10","","Goblet Squat (Kettlebell)",,"",1,"normal",24,10,,,8
"Lower","5 Mar 2024, 18:00","5 Mar 2024, 19:10","","Bulgarian Split Squat (Dumbbell)",,"",0,"normal",16,8,,,7.5
"Lower","5 Mar 2024, 18:00","5 Mar 2024, 19:10","","Side Plank",,"",0,"normal",,,,45,
"Lower","5 Mar 2024, 18:00","5 Mar 2024, 19:10","","Hip Thrust (Barbell)",,"",0,"normal",80,10,,,
"Lower","5 Mar 2024, 18:00","5 Mar 2024, 19:10","","Deadlift (Dumbbell)",,"",0,"failure",30,12,,,
"""

HEVY_LBS = """title;start_time;end_time;description;exercise_title;superset_id;exercise_notes;set_index;set_type;weight_lbs;reps;distance_miles;duration_seconds;rpe
Upper;12 Sept 2024, 07:30;12 Sept 2024, 08:15;;Romanian Deadlift (Dumbbell);;;0;normal;50;10;;;
Upper;12 Sept 2024, 07:30;12 Sept 2024, 08:15;;Single Leg Romanian Deadlift (Dumbbell);;;0;dropset;40;8;;;9
"""


def test_strong_semicolon_export_with_units() -> None:
    result = parse_export(STRONG_SEMICOLON, CATALOGUE, KG)
    assert result.app == "strong"
    assert result.records == (
        SetRecord(MAR4, "back-squat", 5, 100.0, 8.0, None),
        SetRecord(MAR4, "back-squat", 5, 102.5, 8.5, None),
        SetRecord(MAR4, "romanian-deadlift", 8, 102.06, None, None),  # 225 lb
        SetRecord(MAR4, "plank", None, None, None, 60),
    )
    assert result.unknown == {"Leg Press (Machine)": 2}
    assert result.warmups == 1


def test_strong_comma_export_takes_the_athletes_units_by_default() -> None:
    result = parse_export(STRONG_COMMA, CATALOGUE, LB)
    day = dt.date(2024, 3, 6)
    assert result.records == (
        SetRecord(day, "deadlift", 5, 315.0, None, None),
        SetRecord(day, "deadlift", 3, 315.0, 10.0, None),  # F: a set to failure
        SetRecord(day, "band-assisted-pull-up", 8, None, 7.0, None),
    )
    assert result.unknown == {"Bench Press (Barbell)": 1}
    assert result.warmups == 0


def test_strong_export_without_units_can_name_them() -> None:
    result = parse_export(STRONG_COMMA, CATALOGUE, KG, source_units=LB)
    assert [r.load for r in result.records] == [142.88, 142.88, None]


def test_hevy_kg_export() -> None:
    result = parse_export(HEVY_KG, CATALOGUE, KG)
    day = dt.date(2024, 3, 5)
    assert result.app == "hevy"
    assert result.records == (
        SetRecord(day, "kettlebell-goblet-squat", 10, 24.0, 8.0, None),
        SetRecord(day, "dumbbell-bulgarian-split-squat", 8, 16.0, 7.5, None),
        SetRecord(day, "side-plank", None, None, None, 45),
        SetRecord(day, "hip-thrust", 10, 80.0, None, None),
    )
    assert result.unknown == {"Deadlift (Dumbbell)": 1}
    assert result.warmups == 1


def test_hevy_lbs_export_with_semicolons_converts_to_kg() -> None:
    result = parse_export(HEVY_LBS, CATALOGUE, KG)
    day = dt.date(2024, 9, 12)
    assert result.records == (
        SetRecord(day, "dumbbell-romanian-deadlift", 10, 22.68, None, None),
        SetRecord(day, "single-leg-romanian-deadlift", 8, 18.14, 9.0, None),
    )


@pytest.mark.parametrize(
    ("name", "exercise_id"),
    [
        ("Squat (Barbell)", "back-squat"),
        ("Deadlift (Barbell)", "deadlift"),
        ("Romanian Deadlift (Barbell)", "romanian-deadlift"),
        ("Romanian Deadlift (Dumbbell)", "dumbbell-romanian-deadlift"),
        ("Front Squat (Barbell)", "front-squat"),
        ("Good Morning (Barbell)", "good-morning"),
        ("Goblet Squat (Dumbbell)", "goblet-squat"),
        ("Squat (Bodyweight)", "bodyweight-squat"),
        ("Squat (Band)", "banded-squat"),
        ("Push Up", "push-up"),
        ("Pull-Up (Weighted)", "pull-up"),
        ("PULL UP", "pull-up"),
        ("Runner's Arms", "runners-arms"),
        ("Bent Over One Arm Row (Dumbbell)", "dumbbell-row"),
        ("Inverted Row (Bodyweight)", "inverted-row"),
        ("  glute   bridge ", "glute-bridge"),
        ("Calf Raise (Dumbbell)", "dumbbell-calf-raise"),
        ("Standing Calf Raise (Bodyweight)", "single-leg-calf-raise"),
        ("Hip Thrust (Barbell)", "hip-thrust"),
        ("Chin Up", "chin-up"),
        ("Chin Up (Band)", "band-assisted-pull-up"),
        ("Lunge (Dumbbell)", "dumbbell-walking-lunge"),
        ("Walking Lunge (Dumbbell)", "dumbbell-walking-lunge"),
        ("Reverse Lunge (Dumbbell)", "dumbbell-reverse-lunge"),
        ("Box Squat (Barbell)", "box-squat"),
        ("Trap Bar Deadlift", "trap-bar-deadlift"),
        ("Nordic Hamstring Curl", "nordic-hamstring-curl"),
        ("Incline Push Up", "incline-push-up"),
    ],
)
def test_app_names_match_catalogue_ids(name: str, exercise_id: str) -> None:
    assert match_exercise(name, CATALOGUE) == exercise_id


@pytest.mark.parametrize(
    "name",
    [
        "Squat (Smith Machine)",  # a different exercise
        "Deadlift (Dumbbell)",  # the catalogue's deadlift is a barbell lift
        "Reverse Lunge (Barbell)",  # the catalogue's reverse lunges use dumbbells or nothing
        "Standing Calf Raise (Machine)",  # a machine is another exercise
        "Pull Up (Band)x",
        "Bench Press (Barbell)",
        "",
    ],
)
def test_names_that_match_nothing(name: str) -> None:
    assert match_exercise(name, CATALOGUE) is None


def test_every_table_entry_names_a_catalogue_exercise() -> None:
    assert all(exercise_id in CATALOGUE for exercise_id in APP_NAMES.values())


@pytest.mark.parametrize(
    ("text", "field", "problem"),
    [
        (
            "Date,Workout Name,Exercise Name,Weight\n",
            "Strong export",
            "missing columns: Set Order, Reps",
        ),
        ("title,start_time,exercise_title,weight_kg\n", "Hevy export", "missing columns: reps"),
        (
            "title,start_time,exercise_title,reps\n",
            "Hevy export",
            "missing columns: weight_kg or weight_lbs",
        ),
        ("name,sets,reps\nsquat,3,5\n", "import", "not a Strong or Hevy export"),
        ("", "import", "not a Strong or Hevy export: the first line has nothing"),
        (
            STRONG_COMMA.replace(",315,5,", ",heavy,5,"),
            "Strong export line 2",
            "Weight 'heavy' is not a number",
        ),
        (
            STRONG_COMMA.replace("2024-03-06 07:00:00", "yesterday", 1),
            "Strong export line 2",
            "Date 'yesterday' is not a date",
        ),
        (
            STRONG_SEMICOLON.replace(";kg;5;8;", ";stone;5;8;"),
            "Strong export line 3",
            "Weight Unit 'stone' is not kg or lbs",
        ),
        (
            HEVY_KG.replace(",24,10,,,8", ",24,10,,,12"),
            "Hevy export line 3",
            "rpe '12' must be 1-10",
        ),
        (
            HEVY_KG.replace(",24,10,", ",24,9.5,"),
            "Hevy export line 3",
            "reps '9.5' must be a whole",
        ),
        (HEVY_KG.replace(",24,10,", ",-24,10,"), "Hevy export line 3", "weight_kg '-24' must be"),
    ],
)
def test_malformed_files_are_refused(text: str, field: str, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_export(text, CATALOGUE, KG)
    assert caught.value.field == field
    assert problem in caught.value.problem
