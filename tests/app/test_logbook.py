"""The logbook's use-cases on SQLite and PostgreSQL: profiles, plan inputs, learning, backups."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runstrong import api
from runstrong import app as logbook
from runstrong.app.requests import (
    AthleteEdit,
    AthleteRequest,
    ImportRequest,
    LiftRequest,
    RestoreRequest,
)
from runstrong.errors import InputError, NotFound
from runstrong.settings import Context
from runstrong.storage.db import Database

DAY = dt.date(2027, 1, 5)


@pytest.fixture
def db(database_url: str) -> Database:
    database = Context.from_environment(database_url)
    logbook.create_athlete(
        database,
        AthleteRequest(
            name="Ana", units="kg", setup="home", runs="tue=intervals,thu=tempo,sat=long"
        ),
    )
    return database


def test_plan_inputs_come_from_the_profile_and_current_lifts(db: Database) -> None:
    logbook.record_lifts(
        db, LiftRequest(athlete="ana", lifts=("back-squat=100", "romanian-deadlift=80x6"), date=DAY)
    )
    found = logbook.athlete_plan_inputs(db, "ANA")
    assert found == {
        "units": "kg",
        "runs": "tue=intervals,thu=tempo,sat=long",
        "setup": "home",
        "lifts": ["back-squat=100", "romanian-deadlift=96"],
        "avoid": [],
        "experience": "intermediate",
    }
    plan = api.build_plan(goal="strength", phase="pre-season", start="2027-01-04", **found)
    assert plan.athlete.setup == "home"


def test_experience_is_saved_checked_and_planned_with(db: Database) -> None:
    assert logbook.athlete(db, "ana").experience == "intermediate"  # the default
    logbook.create_athlete(db, AthleteRequest(name="Bo", experience="Novice"))
    assert logbook.athlete(db, "bo").experience == "novice"
    assert logbook.athlete_plan_inputs(db, "bo")["experience"] == "novice"
    plan = api.build_plan(
        goal="strength", phase="pre-season", start="2027-01-04",
        **logbook.athlete_plan_inputs(db, "bo"),
    )  # fmt: skip
    assert plan.athlete.experience.value == "novice"
    logbook.edit_athlete(db, AthleteEdit(athlete="bo", experience="advanced"))
    assert logbook.athlete(db, "bo").experience == "advanced"
    logbook.edit_athlete(db, AthleteEdit(athlete="bo", units="lb"))  # other edits leave it alone
    assert logbook.athlete(db, "bo").experience == "advanced"
    with pytest.raises(InputError, match=r"^experience: 'expert' is not allowed; allowed: novice"):
        logbook.edit_athlete(db, AthleteEdit(athlete="bo", experience="expert"))
    with pytest.raises(InputError, match=r"^experience"):
        logbook.create_athlete(db, AthleteRequest(name="Cy", experience="pro"))
    assert [p.name for p in logbook.list_athletes(db)] == ["Ana", "Bo"]  # nothing half-written
    assert logbook.athlete(db, "bo").experience == "advanced"


def test_backup_keeps_experience_and_older_backups_restore_as_intermediate(db: Database) -> None:
    logbook.edit_athlete(db, AthleteEdit(athlete="ana", experience="novice"))
    data = logbook.backup(db, "ana")
    assert data["athletes"][0]["experience"] == "novice"
    logbook.restore(db, RestoreRequest(data=data, replace=True))
    assert logbook.athlete(db, "ana").experience == "novice"
    assert logbook.backup(db, "ana") == data
    older = json.loads(json.dumps(data))
    del older["athletes"][0]["experience"]  # a backup from before revision 0004
    logbook.restore(db, RestoreRequest(data=older, replace=True))
    assert logbook.athlete(db, "ana").experience == "intermediate"
    broken = json.loads(json.dumps(data))
    broken["athletes"][0]["experience"] = "elite"
    with pytest.raises(InputError, match=r"athletes\[0\]\.experience: 'elite' is not allowed"):
        logbook.restore(db, RestoreRequest(data=broken, replace=True))
    assert logbook.athlete(db, "ana").experience == "intermediate"  # all or nothing


def test_a_name_is_unique_in_any_case_and_unknown_names_are_not_found(db: Database) -> None:
    with pytest.raises(InputError, match=r"^name: "):
        logbook.create_athlete(db, AthleteRequest(name=" ana "))
    with pytest.raises(NotFound, match=r"^athlete: no such entry "):
        logbook.athlete(db, "bob")


def test_typed_requests_take_text_as_typed_and_name_their_fields(db: Database) -> None:
    made = logbook.create_athlete(
        db, AthleteRequest(name="Bo", equipment=("dumbbell", "band"), avoid=("knee,back",))
    )
    assert (made.units, made.experience, made.equipment) == (
        "kg",
        "intermediate",
        ("band", "dumbbell"),
    )
    assert made.avoid == ("back", "knee")
    with pytest.raises(InputError, match=r"^units: '' is not allowed"):  # typed empty: no default
        logbook.create_athlete(db, AthleteRequest(name="Cy", units=""))
    with pytest.raises(InputError, match=r"^equipment: give either equipment or setup, not both"):
        logbook.edit_athlete(db, AthleteEdit(athlete="bo", setup="home", equipment="band"))
    renamed = logbook.edit_athlete(db, AthleteEdit(athlete="BO", name="Bea", setup="home"))
    assert (renamed.name, renamed.setup, renamed.equipment) == ("Bea", "home", ())
    assert renamed.avoid == ("back", "knee")  # None: unchanged
    with pytest.raises(InputError, match=r"^name: must not be empty"):
        logbook.edit_athlete(db, AthleteEdit(athlete="bea", name="  "))
    with pytest.raises(InputError, match=r"^date: expected a date as YYYY-MM-DD; got '5/1/27'"):
        logbook.record_lifts(db, LiftRequest(athlete="bea", lifts=("rdl=80x6",), date="5/1/27"))
    [saved] = logbook.record_lifts(
        db, LiftRequest(athlete="bea", lifts=("rdl=80x6",), date="2027-01-05")
    )
    assert (saved.exercise_id, saved.date, saved.reps) == ("romanian-deadlift", DAY, 6)
    with pytest.raises(InputError, match=r"^source_units: 'stone' is not allowed; allowed: kg, lb"):
        logbook.import_export(db, ImportRequest(athlete="bea", text="", source_units="stone"))


def test_bad_notation_writes_nothing(db: Database) -> None:
    with pytest.raises(InputError, match="SETS"):
        logbook.log_session(db, "ana", ["back-squat", "3x5@85", "rdl", "3xx6"], date=DAY)
    assert logbook.history(db, "ana") == []


def _planned_week(db: Database) -> int:
    logbook.record_lifts(
        db, LiftRequest(athlete="ana", lifts=("back-squat=100",), date=dt.date(2027, 1, 1))
    )
    inputs = logbook.athlete_plan_inputs(db, "ana")
    plan = api.build_plan(
        goal="strength",
        phase="off-season",
        start="2027-01-04",
        equipment="barbell,box",
        **{k: v for k, v in inputs.items() if k != "setup"},
    )
    data = api.plan_json(plan)
    return logbook.save_plan(db, "ana", data, inputs)


def _squat_day(db: Database) -> tuple[dt.date, dict[str, object]]:
    for found in logbook.planned_sessions(db, "ana", dt.date(2027, 1, 4), dt.date(2027, 1, 10)):
        for item in found.session["exercises"]:
            if item["id"] == "back-squat":
                return found.date, item
    pytest.skip("the plan has no back squat this week")


def test_a_planned_session_done_at_target_raises_the_1rm_and_the_next_loads(db: Database) -> None:
    plan_id = _planned_week(db)
    day, item = _squat_day(db)
    assert item["load"] is not None
    sets = f"{item['sets']}x{item['reps']}@{item['load']}@rpe{10 - (item['rir'] or 2)}"
    result = logbook.log_session(db, "ana", ["back-squat", sets], date=day)
    assert result.plan_id == plan_id
    [learnt] = result.learnt
    assert learnt.source == "estimated-logs" and learnt.formula in {"rts", "epley"}
    assert 102 <= learnt.one_rm <= 105  # +2% to +5% a session
    assert logbook.athlete_plan_inputs(db, "ana")["lifts"] == [f"back-squat={learnt.one_rm:g}"]
    _, after = _squat_day(db)
    assert after["load"] >= item["load"]


def test_a_too_hard_session_holds_and_missed_reps_twice_lower(db: Database) -> None:
    _planned_week(db)
    day, item = _squat_day(db)
    hard = f"{item['sets']}x{item['reps']}@{item['load']}@rpe10"
    result = logbook.log_session(db, "ana", ["back-squat", hard], date=day)
    assert result.learnt == ()  # RPE over target: the 1RM holds
    assert logbook.one_rms(db, "ana")["back-squat"].one_rm == 100
    missed = f"{item['sets']}x{int(item['reps']) - 2}@{item['load']}@rpe10"
    result = logbook.log_session(
        db, "ana", ["back-squat", missed], date=day, edit=result.session_id
    )
    assert [x.one_rm for x in result.learnt] == [pytest.approx(result.learnt[0].one_rm)]
    assert result.learnt[0].one_rm < 100  # reps missed at RPE 10: lowered
    logbook.delete_logged(db, "ana", result.session_id)
    assert logbook.one_rms(db, "ana")["back-squat"].one_rm == 100  # its lesson went with it


def test_retest_sessions_record_their_result() -> None:
    # A re-test session in a saved plan: its best set becomes the 1RM (source `retest`).
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        db = Context.from_environment(f"sqlite:///{folder}/r.db")
        logbook.create_athlete(db, AthleteRequest(name="Ana"))
        plan = {
            "schema": "runstrong.plan/1",
            "goal": "strength",
            "phase": "off-season",
            "units": "kg",
            "weeks": [
                {
                    "index": 1,
                    "start": "2027-01-04",
                    "sessions": [
                        {
                            "date": "2027-01-06",
                            "kind": "retest",
                            "exercises": [{"id": "back-squat", "sets": 1, "reps": 5}],
                        }
                    ],
                }
            ],
        }
        logbook.save_plan(db, "ana", plan, {})
        result = logbook.log_session(db, "ana", ["back-squat", "1x5@100"], date=dt.date(2027, 1, 6))
        assert [x.source for x in result.learnt] == ["retest"]
        assert logbook.one_rms(db, "ana")["back-squat"].one_rm == pytest.approx(116.67, abs=0.01)
        db.close()


RETEST_DAY = dt.date(2027, 1, 6)


def retest_plan() -> dict[str, object]:
    """A runstrong.plan/1 with one re-test session, shaped as `plan --retests` writes it."""
    return {
        "schema": "runstrong.plan/1",
        "generator": "test",
        "goal": "strength",
        "phase": "pre-season",
        "units": "kg",
        "weeks": [
            {
                "index": 1,
                "start": "2027-01-04",
                "phase": "pre-season",
                "deload": True,
                "sessions": [
                    {
                        "date": RETEST_DAY.isoformat(),
                        "day": "wed",
                        "kind": "retest",
                        "minutes": 40,
                        "exercises": [
                            {"id": "back-squat", "loading": "1rm", "sets": 1, "reps": 3,
                             "reps_max": 5, "seconds": None, "per_side": False,
                             "percent_1rm": 87.0, "load": 87.5, "rir": 0,
                             "equipment": ["barbell"]},
                            {"id": "side-plank", "loading": "time", "sets": 1, "reps": None,
                             "reps_max": None, "seconds": None, "per_side": True,
                             "percent_1rm": None, "load": None, "rir": None,
                             "equipment": ["none"]},
                            {"id": "plank", "loading": "time", "sets": 2, "reps": None,
                             "reps_max": None, "seconds": 30, "per_side": False,
                             "percent_1rm": None, "load": None, "rir": None,
                             "equipment": ["none"]},
                        ],
                    },
                    {
                        "date": "2027-01-08",
                        "day": "fri",
                        "kind": "strength",
                        "minutes": 40,
                        "exercises": [
                            {"id": "side-plank", "loading": "time", "sets": 1, "reps": None,
                             "reps_max": None, "seconds": None, "per_side": True,
                             "percent_1rm": None, "load": None, "rir": None,
                             "equipment": ["none"]},
                        ],
                    },
                ],
            }
        ],
    }  # fmt: skip


def test_a_retest_records_new_1rms_and_the_side_plank_hold(db: Database) -> None:
    logbook.record_lifts(
        db, LiftRequest(athlete="ana", lifts=("back-squat=100",), date=dt.date(2027, 1, 1))
    )
    logbook.save_plan(db, "ana", retest_plan(), {"goal": "strength", "retests": True})
    result = logbook.log_session(
        db, "ana", ["side-plank", "1x75s", "back-squat", "1x4@95", "plank", "2x30s"],
        date=RETEST_DAY,
    )  # fmt: skip
    [lift] = result.learnt
    assert (lift.exercise_id, lift.source) == ("back-squat", "retest")
    assert lift.one_rm == pytest.approx(107.67)  # no RPE: Epley, 95 x (1 + 4/30)
    [hold] = result.holds  # the plank had a target time: not a test
    assert (hold.exercise_id, hold.seconds, hold.per_side, hold.source, hold.date) == (
        "side-plank", 75, True, "retest", RETEST_DAY,
    )  # fmt: skip
    assert hold.session_id == result.session_id
    assert logbook.hold_times(db, "ana") == {"side-plank": hold}
    assert logbook.one_rms(db, "ana")["back-squat"].one_rm == lift.one_rm
    assert "side-plank" not in logbook.athlete_plan_inputs(db, "ana")["lifts"]  # type: ignore[operator]
    rows = logbook.history(db, "ana")
    assert [(r.entry.exercise_id, r.retest) for r in rows] == [
        ("side-plank", hold), ("back-squat", replace(lift, note="")), ("plank", None),
    ]  # fmt: skip
    assert [r.retest for r in logbook.history(db, "ana", "side plank")] == [hold]

    # Each side logged: the weaker side is the result; editing redoes the test.
    edited = logbook.log_session(
        db, "ana", ["side-plank", "1x80s", "1x70s"], date=RETEST_DAY, edit=result.session_id
    )
    assert [(h.seconds, h.per_side) for h in edited.holds] == [(70, True)]
    assert [h.seconds for h in logbook.hold_history(db, "ana")] == [70]
    assert logbook.one_rms(db, "ana")["back-squat"].one_rm == 100  # the squat test went too
    logbook.delete_logged(db, "ana", result.session_id)
    assert logbook.hold_times(db, "ana") == {}


def test_a_hold_outside_a_retest_records_nothing(db: Database) -> None:
    logbook.save_plan(db, "ana", retest_plan(), {})
    # 2027-01-08 plans a side plank with no target time, but it is not a re-test session.
    result = logbook.log_session(db, "ana", ["side-plank", "1x75s"], date=dt.date(2027, 1, 8))
    assert result.plan_id is not None and result.holds == ()
    unplanned = logbook.log_session(db, "ana", ["side-plank", "1x90s"], date=dt.date(2027, 1, 20))
    assert unplanned.holds == ()
    # On the re-test day a hold logged in reps has no time to record.
    reps = logbook.log_session(db, "ana", ["side-plank", "1x10"], date=RETEST_DAY)
    assert reps.holds == () and logbook.hold_times(db, "ana") == {}


@pytest.mark.parametrize(
    ("seconds", "per_side", "expected"),
    [
        ([75], True, 75),  # one value: what each side held
        ([80, 70], True, 70),  # one per side: the weaker side
        ([80, 70, 90, 85], True, 85),  # two attempts of both sides: the better attempt
        ([60, 75, 70], True, 75),  # not in pairs: the longest
        ([60, 75], False, 75),  # not per side: the longest
        ([], True, None),
    ],
)
def test_hold_result(seconds: list[int], per_side: bool, expected: int | None) -> None:
    assert logbook.hold_result(seconds, per_side) == expected


def test_backup_keeps_holds_and_reads_backups_without_them(db: Database) -> None:
    logbook.save_plan(db, "ana", retest_plan(), {})
    logbook.log_session(db, "ana", ["side-plank", "1x75s"], date=RETEST_DAY)
    data = logbook.backup(db, "ana")
    assert data["athletes"][0]["holds"] == [
        {"exercise": "side-plank", "seconds": 75, "per_side": True, "date": "2027-01-06",
         "source": "retest", "session": 0},
    ]  # fmt: skip
    logbook.restore(db, RestoreRequest(data=data, replace=True))
    assert logbook.backup(db, "ana") == data
    [hold] = logbook.hold_history(db, "ana")
    logbook.delete_logged(db, "ana", logbook.history(db, "ana")[0].session_id)
    assert logbook.hold_history(db, "ana") == []  # restored holds still belong to their session
    assert hold.seconds == 75
    older = json.loads(json.dumps(data))
    del older["athletes"][0]["holds"]  # a backup from before revision 0003
    logbook.restore(db, RestoreRequest(data=older, replace=True))
    assert logbook.hold_history(db, "ana") == []
    broken = json.loads(json.dumps(data))
    broken["athletes"][0]["holds"][0]["per_side"] = "yes"
    with pytest.raises(InputError, match=r"holds\[0\]\.per_side"):
        logbook.restore(db, RestoreRequest(data=broken, replace=True))


def test_progress_counts_planned_and_done_sessions_for_an_exercise(db: Database) -> None:
    # The reported bug: with --exercise the sessions panel had no planned sessions at all.
    logbook.record_lifts(
        db, LiftRequest(athlete="ana", lifts=("goblet-squat=24x10",), date=dt.date(2026, 11, 20))
    )
    mondays = [dt.date(2026, 11, 23) + dt.timedelta(weeks=i) for i in range(6)]
    squat = {"id": "goblet-squat", "loading": "1rm", "sets": 3, "reps": 5, "reps_max": 6,
             "percent_1rm": 80.0, "load": 25.0, "rir": 2, "equipment": ["dumbbell"]}  # fmt: skip
    plan = {  # what `plan --goal strength --phase pre-season --weeks 6` saves: Thu and Sun
        "schema": "runstrong.plan/1",
        "goal": "strength",
        "phase": "pre-season",
        "units": "kg",
        "weeks": [
            {
                "index": i + 1,
                "start": monday.isoformat(),
                "sessions": [
                    {"date": (monday + dt.timedelta(days=d)).isoformat(), "exercises": [squat]}
                    for d in (3, 6)
                ],
            }
            for i, monday in enumerate(mondays)
        ],
    }
    logbook.save_plan(db, "ana", plan, {"goal": "strength"})
    logbook.log_session(db, "ana", ["goblet-squat", "3x5@25"], date=dt.date(2026, 11, 26), rpe=7)
    found = logbook.progress(db, "ana", "goblet-squat")
    assert found.sessions == tuple((m, 1 if i == 0 else 0, 2) for i, m in enumerate(mondays))
    assert found.weekly_volume == ((mondays[0], 375.0),)
    assert [d for d, _ in found.one_rm] == [dt.date(2026, 11, 20), dt.date(2026, 11, 26)]
    assert logbook.progress(db, "ana").sessions == found.sessions  # the same with no exercise
    # An unplanned session in a week without a plan is done, with nothing planned.
    logbook.log_session(db, "ana", ["back-squat", "3x5@60"], date=dt.date(2027, 2, 3))
    assert logbook.progress(db, "ana", "back-squat").sessions[-1] == (dt.date(2027, 2, 1), 1, 0)


def test_restore_refuses_foreign_and_malformed_files(db: Database) -> None:
    with pytest.raises(InputError, match="not a runstrong backup"):
        logbook.restore(db, RestoreRequest(data={"schema": "something/1"}))
    good = logbook.backup(db)
    broken = json.loads(json.dumps(good))
    broken["athletes"][0]["units"] = "stone"
    with pytest.raises(InputError, match=r"units"):
        logbook.restore(db, RestoreRequest(data=broken, replace=True))
    with pytest.raises(InputError, match="exists"):
        logbook.restore(db, RestoreRequest(data=good))
    assert logbook.backup(db) == good  # nothing half-written


entry = st.fixed_dictionaries(
    {
        "exercise": st.sampled_from(["back-squat", "plank", "goblet-squat"]),
        "sets": st.integers(1, 20),
        "reps": st.one_of(st.none(), st.integers(1, 100)),
        "seconds": st.one_of(st.none(), st.integers(1, 600)),
        "load": st.one_of(st.none(), st.floats(0.5, 1000, allow_nan=False)),
        "units": st.sampled_from(["kg", "lb"]),
        "rpe": st.one_of(st.none(), st.sampled_from([6.0, 7.5, 10.0])),
        "rir": st.one_of(st.none(), st.floats(0, 10)),
        "notes": st.text(max_size=20).filter(lambda t: "\x00" not in t),
    }
).map(  # a logged row has reps or seconds, never both or neither (what the notation writes)
    lambda e: (
        {**e, "seconds": None} if e["reps"] is not None else {**e, "seconds": e["seconds"] or 30}
    )
)
session = st.fixed_dictionaries(
    {
        "date": st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)).map(dt.date.isoformat),
        "plan": st.none(),
        "rpe": st.one_of(st.none(), st.sampled_from([5.0, 8.5])),
        "notes": st.text(max_size=20).filter(lambda t: "\x00" not in t),
        "source": st.sampled_from(["log", "import"]),
        "created": st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 1, 1)).map(
            dt.datetime.isoformat
        ),
        "entries": st.lists(entry, max_size=4),
    }
)


hold = st.fixed_dictionaries(
    {
        "exercise": st.sampled_from(["side-plank", "plank"]),
        "seconds": st.integers(1, 600),
        "per_side": st.booleans(),
        "date": st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)).map(dt.date.isoformat),
        "source": st.just("retest"),
        "session": st.none(),
    }
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sessions=st.lists(session, max_size=5),
    one_rm=st.floats(1, 500),
    holds=st.lists(hold, max_size=3),
    experience=st.sampled_from(["novice", "intermediate", "advanced"]),
)
def test_backup_restore_round_trips_exactly(
    database_url: str,
    sessions: list[dict[str, object]],
    one_rm: float,
    holds: list[dict[str, object]],
    experience: str,
) -> None:
    if sessions:  # the first hold belongs to a session, as a re-test's does
        holds = [{**h, "session": 0 if i == 0 else None} for i, h in enumerate(holds)]
    source = Context.from_environment(database_url)
    data = {
        "schema": logbook.BACKUP_SCHEMA,
        "generator": "test",
        "athletes": [
            {
                "name": "Ana",
                "units": "kg",
                "setup": None,
                "equipment": ["band", "barbell"],
                "avoid": ["back"],
                "runs": "tue=intervals,sat=long",
                "experience": experience,
                "created": "2027-01-01T07:00:00.123456",
                "lifts": [
                    {
                        "exercise": "back-squat",
                        "one_rm": one_rm,
                        "date": "2027-01-02",
                        "source": "tested",
                        "weight": one_rm,
                        "reps": 1,
                        "formula": None,
                        "session": 0 if sessions else None,
                    }
                ],
                "holds": holds,
                "plans": [],
                "sessions": sessions,
            }
        ],
    }
    logbook.restore(source, RestoreRequest(data=data, replace=True))
    first = logbook.backup(source)
    assert first["athletes"][0]["experience"] == experience
    sorted_sessions = sorted(sessions, key=lambda x: str(x["date"]))
    assert len(first["athletes"][0]["sessions"]) == len(sorted_sessions)
    assert len(first["athletes"][0]["holds"]) == len(holds)
    logbook.restore(source, RestoreRequest(data=first, replace=True))
    assert logbook.backup(source) == first
    source.close()


# --- the logbook learns as a coach would (issue 8) -----------------------------------------------

WEEK1, WEEK2 = dt.date(2027, 1, 5), dt.date(2027, 1, 12)


def _squat(reps: int, percent: float, load: float) -> dict[str, object]:
    return {"id": "back-squat", "name": "Back squat", "loading": "1rm", "sets": 3, "reps": reps,
            "reps_max": reps, "seconds": None, "per_side": False, "percent_1rm": percent,
            "load": load, "rir": 2, "equipment": ["barbell"]}  # fmt: skip


def _ladder(db: Database) -> int:
    """Two Tuesdays of a season's ladder, saved with loads from a 100 kg squat: 3x6 at 80%,
    then 3x5 at 82.5% (the reps change week to week), and a hip thrust to add on the side."""
    logbook.record_lifts(
        db, LiftRequest(athlete="ana", lifts=("back-squat=100",), date=dt.date(2027, 1, 1))
    )
    thrust = {"id": "glute-bridge", "name": "Glute bridge", "loading": "bodyweight", "sets": 2,
              "reps": 12, "reps_max": 12, "seconds": None, "per_side": False,
              "percent_1rm": None, "load": None, "rir": 2, "equipment": ["none"]}  # fmt: skip
    first = {"date": WEEK1.isoformat(), "exercises": [_squat(6, 80.0, 80.0), thrust]}
    second = {"date": WEEK2.isoformat(), "exercises": [_squat(5, 82.5, 82.5)]}
    plan = {
        "schema": "runstrong.plan/1",
        "goal": "strength",
        "phase": "pre-season",
        "units": "kg",
        "weeks": [
            {"index": 1, "start": "2027-01-04", "sessions": [first]},
            {"index": 2, "start": "2027-01-11", "sessions": [second]},
        ],
    }
    return logbook.save_plan(db, "ana", plan, {"goal": "strength"})


def test_a_session_lifted_lighter_than_planned_holds(db: Database) -> None:
    _ladder(db)
    # Every rep of 3x6, easily, but at 75 for a planned 80: no progress, and `log` says why.
    result = logbook.log_session(db, "ana", ["back-squat", "3x6@75"], date=WEEK1, rpe=7)
    assert result.learnt == ()
    [held] = result.held
    assert (held.exercise_id, held.one_rm) == ("back-squat", 100.0)
    assert (
        held.reason == "lifted 75, lighter than the planned 80: judged against the plan, repeat it"
    )
    assert logbook.one_rms(db, "ana")["back-squat"].one_rm == 100
    # Edited to the planned load, the same session progresses (and is not counted twice).
    result = logbook.log_session(
        db, "ana", ["back-squat", "3x6@80"], date=WEEK1, rpe=8, edit=result.session_id
    )
    [learnt] = result.learnt
    assert learnt.note.startswith("progress: all reps done") and 102 <= learnt.one_rm <= 105
    assert result.held == ()


def test_the_planned_load_judged_is_that_days(db: Database) -> None:
    _ladder(db)
    # A squat tested at 110 the day before: that Tuesday's plan was 80% of 110 = 88 -> 87.5 kg,
    # not the 80 kg saved with the plan. 80 kg is lighter than that day's plan.
    logbook.record_lifts(
        db, LiftRequest(athlete="ana", lifts=("back-squat=110",), date=dt.date(2027, 1, 4))
    )
    [today] = logbook.planned_sessions(db, "ana", WEEK1, WEEK1)
    assert today.session["exercises"][0]["load"] == 87.5
    result = logbook.log_session(db, "ana", ["back-squat", "3x6@80"], date=WEEK1, rpe=7)
    assert [h.reason.split(":")[0] for h in result.held] == [
        "lifted 80, lighter than the planned 87.5"
    ]
    assert logbook.one_rms(db, "ana")["back-squat"].one_rm == 110


def test_missed_reps_two_sessions_in_a_row_lower_on_the_ladder(db: Database) -> None:
    _ladder(db)
    # Week 1 asked 6 reps: 6, 6, 5 is a miss (against 5 it would have looked complete).
    week1 = logbook.log_session(
        db, "ana", ["back-squat", "1x6@80@rpe9", "1x6@80@rpe9.5", "1x5@80@rpe9.5"], date=WEEK1
    )
    assert [(h.one_rm, h.reason) for h in week1.held] == [
        (100.0, "reps missed once: repeat the load")
    ]
    # Week 2 asked 5 reps at 82.5: 5, 4, 4 is a miss again -> lower.
    week2 = logbook.log_session(
        db, "ana", ["back-squat", "1x5@82.5@rpe9.5", "2x4@82.5@rpe9.5"], date=WEEK2
    )
    [lowered] = week2.learnt
    assert lowered.note == "lower: reps missed two sessions in a row"
    assert lowered.one_rm == 95.0  # 5 @ 82.5 at RPE 9.5 shows 97.06: the 5% minimum drop
    assert logbook.one_rms(db, "ana")["back-squat"].one_rm == 95.0


def test_a_session_logged_twice_on_a_day_does_not_compound(db: Database) -> None:
    _ladder(db)
    first = logbook.log_session(db, "ana", ["back-squat", "3x6@80"], date=WEEK1, rpe=8)
    [learnt] = first.learnt
    with pytest.raises(InputError) as refused:
        logbook.log_session(db, "ana", ["back-squat", "3x6@80"], date=WEEK1, rpe=8)
    # every field and action is marked, so the CLI words it as before
    cli_words = refused.value.worded(lambda f: f"--{f}", lambda a: f"runstrong {a}")
    assert cli_words == (
        f"--edit: session #{first.session_id} already logs back-squat on 2027-01-05; logging it "
        "again would count it twice (change that session with `runstrong log --athlete Ana "
        f"--edit {first.session_id} EXERCISE SETS...`, which replaces its sets, or remove it "
        f"with --delete {first.session_id})"
    )
    # The rest of the same planned session, logged later, is added to it: one session, and
    # its lessons redone once (the squat's 1RM rises once, to the same value).
    more = logbook.log_session(db, "ana", ["glute-bridge", "2x12@bw"], date=WEEK1)
    assert more.merged and more.session_id == first.session_id
    assert [e.exercise_id for e in more.entries] == ["back-squat", "glute-bridge"]
    squat = [x for x in logbook.lift_history(db, "ana", "back-squat") if x.source != "tested"]
    assert [(x.one_rm, x.session_id) for x in squat] == [(learnt.one_rm, first.session_id)]
    assert [r.session_id for r in logbook.history(db, "ana")] == [first.session_id] * 2
    [week] = logbook.planned_sessions(db, "ana", WEEK1, WEEK1)
    assert week.logged == (first.session_id,)
    # Not planned: the same exercise twice on a day is refused too; another exercise is its own
    # session.
    other = dt.date(2027, 1, 7)
    logbook.log_session(db, "ana", ["deadlift", "3x5@100"], date=other, rpe=8)
    with pytest.raises(InputError, match=r"^edit: session #\d+ already logs deadlift"):
        logbook.log_session(db, "ana", ["deadlift", "3x5@100"], date=other, rpe=8)
    assert not logbook.log_session(db, "ana", ["plank", "2x30s"], date=other).merged
    assert len(logbook.lift_history(db, "ana", "deadlift")) == 1


def test_past_sessions_show_their_own_loads_and_what_was_lifted(db: Database) -> None:
    _ladder(db)
    result = logbook.log_session(db, "ana", ["back-squat", "3x6@80"], date=WEEK1, rpe=8)
    [learnt] = result.learnt  # 102.3 or so: week 2's load follows it
    week1, week2 = logbook.planned_sessions(db, "ana", WEEK1, WEEK2)
    # Week 1 as it was planned that day (80% of 100), not re-loaded from the new 1RM...
    assert week1.session["exercises"][0]["load"] == 80.0
    assert week1.lifted == result.entries and week1.logged == (result.session_id,)
    # ...week 2 from the 1RM learnt since: 82.5% of it, rounded to 2.5 kg plates.
    assert week2.session["exercises"][0]["load"] == round(learnt.one_rm * 0.825 / 2.5) * 2.5
    assert week2.session["exercises"][0]["load"] > 82.5
    assert week2.lifted == () and week2.logged == ()


def test_progress_draws_the_sessions_that_held(db: Database) -> None:
    _ladder(db)
    logbook.log_session(db, "ana", ["back-squat", "3x6@75"], date=WEEK1, rpe=7)  # lighter: held
    result = logbook.log_session(db, "ana", ["back-squat", "3x5@82.5"], date=WEEK2, rpe=8)
    found = logbook.progress(db, "ana", "back-squat")
    assert found.held == ((WEEK1, 100.0),)
    [learnt] = result.learnt
    assert found.one_rm == ((dt.date(2027, 1, 1), 100.0), (WEEK2, learnt.one_rm))
    assert found.one_rm_sessions() == (
        (dt.date(2027, 1, 1), 100.0),
        (WEEK1, 100.0),
        (WEEK2, learnt.one_rm),
    )
    assert logbook.progress(db, "ana").held == ()  # no exercise: no 1RM line
