"""A runner's own exercises (SQLite and PostgreSQL): checked as catalogue entries, merged into
that runner's catalogue only (plans, logs), kept in backups and restored with them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from runstrong.app import athletes, backups, exercises, lifts, planning, sessions, trends
from runstrong.app.requests import (
    AthleteRequest,
    ExerciseRequest,
    LiftRequest,
    LogRequest,
    PlanRequest,
)
from runstrong.errors import InputError, NotFound
from runstrong.settings import Context

DAY = dt.date(2027, 1, 5)


def squat(**changes: Any) -> dict[str, Any]:
    """An own barbell squat with the fields a catalogue entry has."""
    entry: dict[str, Any] = {
        "name": "Pause squat",
        "category": "weights",
        "equipment": ["barbell"],
        "pattern": "squat",
        "unilateral": False,
        "complexity": 2,
        "loading": "1rm",
        "cues": ["Sit down, hold two seconds at the bottom", "Drive up fast"],
        "why": "Strength out of the hole without a bounce.",
    }
    entry.update(changes)
    return entry


@pytest.fixture
def ctx(database_url: str) -> Context:
    found = Context.from_environment(database_url)
    athletes.create_athlete(found, AthleteRequest(name="Ana"))
    athletes.create_athlete(found, AthleteRequest(name="Bo"))
    return found


def add(ctx: Context, exercise_id: str = "pause-squat", **changes: Any) -> None:
    exercises.save(
        ctx, ExerciseRequest(athlete="Ana", exercise_id=exercise_id, entry=squat(**changes))
    )


def test_an_own_exercise_is_in_that_runners_catalogue_only(ctx: Context) -> None:
    add(ctx)
    mine = exercises.catalogue(ctx, "Ana")
    assert exercises.is_own(mine.get("pause-squat"))
    assert mine.get("pause-squat").cues[0] == "Sit down, hold two seconds at the bottom"
    assert len(mine) == len(ctx.catalogue) + 1
    assert "pause-squat" not in exercises.catalogue(ctx, "Bo")
    assert "pause-squat" not in ctx.catalogue
    assert exercises.stored(ctx, "Ana")[0][1]["name"] == "Pause squat"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"category": "yoga"}, "category", "allowed: "),
        ({"complexity": 5}, "complexity", "allowed: 1-3"),
        ({"cues": []}, "cues", "at least one"),
        ({"equipment": ["none", "barbell"]}, "equipment", "'none' cannot be combined"),
        ({"wat": 1}, "wat", "unknown key; allowed: name"),
        ({"aliases": ["squat"]}, "aliases[0]", r"already names \[back-squat\]"),
    ],
)
def test_a_bad_field_is_named_with_what_is_allowed(
    ctx: Context, changes: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(InputError, match=words) as refused:
        add(ctx, **changes)
    assert refused.value.field == field
    assert exercises.stored(ctx, "Ana") == []


@pytest.mark.parametrize(
    ("exercise_id", "words"),
    [("back-squat", "catalogue already"), ("squat", "catalogue already"), ("Pause Squat", "kebab")],
)
def test_an_id_must_be_new_and_kebab_case(ctx: Context, exercise_id: str, words: str) -> None:
    with pytest.raises(InputError, match=words) as refused:
        add(ctx, exercise_id)
    assert refused.value.field == "id"


def test_edit_and_delete_own_only(ctx: Context) -> None:
    add(ctx)
    with pytest.raises(InputError, match="already"):
        add(ctx)  # adding again is not an edit
    exercises.save(
        ctx,
        ExerciseRequest(
            athlete="Ana", exercise_id="pause-squat", entry=squat(name="Paused squat"), new=False
        ),
    )
    assert exercises.catalogue(ctx, "Ana").get("pause-squat").name == "Paused squat"
    with pytest.raises(NotFound):
        exercises.delete(ctx, "Bo", "pause-squat")
    with pytest.raises(NotFound):
        exercises.save(
            ctx, ExerciseRequest(athlete="Bo", exercise_id="pause-squat", entry=squat(), new=False)
        )
    exercises.delete(ctx, "Ana", "pause-squat")
    assert exercises.stored(ctx, "Ana") == []


def test_a_variation_link_holds_while_it_points_somewhere(ctx: Context) -> None:
    add(ctx)
    link = [{"name": "Pause squat", "kind": "progression", "exercise": "pause-squat"}]
    add(ctx, "box-squat-own", name="Box squat (own)", complexity=1, variations=link)
    with pytest.raises(InputError, match="box-squat-own' lists 'pause-squat'"):
        exercises.delete(ctx, "Ana", "pause-squat")
    with pytest.raises(InputError, match="no exercise 'nope'") as refused:
        add(ctx, "third", name="Third", variations=[{**link[0], "exercise": "nope"}])
    assert refused.value.field == "variations[0].exercise"


def test_the_planner_uses_own_exercises_for_their_runner_only(ctx: Context) -> None:
    add(ctx)
    asked = PlanRequest(
        goal="strength", phase="off-season", weeks=1, sessions=2, lifts=("pause-squat=100",)
    )
    from dataclasses import replace

    plan = planning.plan(ctx, replace(asked, athlete="Ana")).plan
    ids = {p.exercise.id for w in plan.weeks for s in w.sessions for p in s.exercises}
    assert "pause-squat" in ids
    with pytest.raises(NotFound):
        planning.plan(ctx, replace(asked, athlete="Bo"))


def test_own_exercises_are_logged_and_in_the_history(ctx: Context) -> None:
    add(ctx)
    sessions.log(ctx, LogRequest(athlete="Ana", entries=("pause-squat", "3x5@80kg"), date=DAY))
    rows = trends.history(exercises.scoped(ctx, "Ana"), "Ana", "pause-squat")
    assert [(r.entry.exercise_id, r.entry.sets) for r in rows] == [("pause-squat", 3)]
    with pytest.raises(NotFound):
        sessions.log(ctx, LogRequest(athlete="Bo", entries=("pause-squat", "3x5@80kg")))


def test_backup_and_restore_keep_own_exercises(ctx: Context) -> None:
    add(ctx)
    sessions.log(ctx, LogRequest(athlete="Ana", entries=("pause-squat", "3x5@80kg"), date=DAY))
    data = backups.backup(ctx, "Ana")
    assert data["athletes"][0]["exercises"][0]["id"] == "pause-squat"
    exercises.delete(ctx, "Ana", "pause-squat")
    from runstrong.app.requests import RestoreRequest

    backups.restore(ctx, RestoreRequest(data=data, replace=True))
    assert exercises.catalogue(ctx, "Ana").get("pause-squat").name == "Pause squat"
    assert backups.backup(ctx, "Ana") == data


def test_restore_refuses_a_bad_own_exercise_and_logs_of_unknown_ones(ctx: Context) -> None:
    add(ctx)
    sessions.log(ctx, LogRequest(athlete="Ana", entries=("pause-squat", "3x5@80kg"), date=DAY))
    data = backups.backup(ctx, "Ana")
    from runstrong.app.requests import RestoreRequest

    bad = {**data, "athletes": [{**data["athletes"][0]}]}
    bad["athletes"][0]["exercises"] = [{"id": "pause-squat", "entry": squat(complexity=9)}]
    with pytest.raises(InputError, match=r"exercises\[0\]\.entry\.complexity: 9 is out of range"):
        backups.restore(ctx, RestoreRequest(data=bad, replace=True))
    bad["athletes"][0]["exercises"] = []
    with pytest.raises(InputError, match="'pause-squat' is not an exercise of the catalogue"):
        backups.restore(ctx, RestoreRequest(data=bad, replace=True))
    assert backups.backup(ctx, "Ana") == data  # all or nothing


def test_a_1rm_of_an_own_exercise_is_kept_and_planned_from_the_profile(ctx: Context) -> None:
    add(ctx)
    lifts.record_lifts(ctx, LiftRequest(athlete="Ana", lifts=("pause-squat=100",), date=DAY))
    assert [x.exercise_id for x in lifts.lift_history(ctx, "Ana", "pause-squat")] == ["pause-squat"]
    asked = PlanRequest(goal="strength", phase="off-season", weeks=1, sessions=2, athlete="Ana")
    plan = planning.plan(ctx, asked).plan
    ids = {p.exercise.id for w in plan.weeks for s in w.sessions for p in s.exercises}
    assert "pause-squat" in ids
    with pytest.raises(NotFound):
        lifts.record_lifts(ctx, LiftRequest(athlete="Bo", lifts=("pause-squat=100",), date=DAY))
    with pytest.raises(NotFound):
        trends.progress(ctx, "Bo", "pause-squat")
    assert trends.progress(ctx, "Ana", "pause-squat").one_rm == ((DAY, 100.0),)
