"""Reads go through the driver: no ORM on a read command, the same records from a read and from
a write's Session, progress reads the history once, and PostgreSQL's statistics are refreshed
after a bulk load (its autovacuum may be off)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from runstrong import app as logbook
from runstrong.app import trends
from runstrong.app.requests import AthleteRequest, ImportRequest, LiftRequest, RestoreRequest
from runstrong.errors import InputError
from runstrong.settings import Context
from runstrong.storage import db as storage_db
from runstrong.storage import repository as repo
from runstrong.storage.records import AthleteRecord

DAY = dt.date(2027, 1, 5)
# A Strong export (as in test_imports.py): one session of four sets.
MARCH = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";'
    '"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"\n'
    + "".join(
        f'"1";"2026-03-02 07:00:00";"Lift";"3000";"Deadlift (Barbell)";"{n}";"140";"5";"8";'
        '"";"";"";""\n'
        for n in (1, 2, 3, 4)
    )
)


@pytest.fixture
def ctx(database_url: str) -> Context:
    """A logbook with Ana, her profile, a tested 1RM and two logged sessions."""
    found = Context.from_environment(database_url)
    logbook.create_athlete(
        found,
        AthleteRequest(
            name="Ana", equipment="barbell,box", avoid=("knee",), runs="tue=easy,sat=long"
        ),
    )
    logbook.record_lifts(
        found,
        LiftRequest(athlete="Ana", lifts=("back-squat=100",), date=DAY - dt.timedelta(days=7)),
    )
    logbook.log_session(found, "Ana", ["back-squat", "3x5@80", "plank", "3x30s"], date=DAY)
    logbook.log_session(found, "Ana", ["romanian-deadlift", "3x6@70"], date=DAY + dt.timedelta(2))
    return found


# A fresh interpreter runs the CLI's read commands and prints what they imported.
CHILD = """
import json, sys
from runstrong.cli.main import run
codes = [run(argv) for argv in json.loads(sys.argv[1])]
loaded = sorted(m for m in sys.modules if m.startswith(("sqlalchemy", "alembic")))
print(json.dumps({"codes": codes, "loaded": loaded}))
"""


def test_read_commands_import_no_orm(ctx: Context, database_url: str) -> None:
    ctx.close()
    ana = ["--athlete", "Ana", "--database", database_url]
    reads = [
        ["today", *ana, "--date", str(DAY)],
        ["week", *ana, "--date", str(DAY)],
        ["plans", *ana],
        ["history", *ana],
        ["history", *ana, "--exercise", "back-squat"],
        ["progress", *ana],
        ["progress", *ana, "--exercise", "back-squat"],
        ["athlete", "show", *ana],
        ["athlete", "list", "--database", database_url],
    ]
    for argv in reads:
        child = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps([argv])],
            capture_output=True,
            text=True,
            check=True,
        )
        found = json.loads(child.stdout.splitlines()[-1])
        assert found["codes"] == [0], (argv, child.stderr)
        assert "sqlalchemy.orm" not in found["loaded"], argv
        assert "alembic" not in found["loaded"], argv  # no migration check on a current schema
        if database_url.startswith("sqlite"):
            assert found["loaded"] == [], argv  # a SQLite file is read with sqlite3 alone


PLAN = {
    "schema": "runstrong.plan/1",
    "goal": "strength",
    "phase": "off-season",
    "units": "kg",
    "weeks": [{"start": str(DAY), "sessions": [{"date": str(DAY), "exercises": []}]}],
}


def test_a_write_sessions_reads_match_a_reads(ctx: Context) -> None:
    logbook.save_plan(ctx, "Ana", PLAN, {"weeks": 1, "note": "ü 100%"})

    def everything(s: Any) -> list[object]:
        person = repo.athlete(s, "ana")
        return [
            person,
            repo.athletes(s),
            repo.lifts(s, person.id),
            repo.lifts(s, person.id, "back-squat"),
            repo.holds(s, person.id),
            repo.plans(s, person.id),
            repo.plans_covering(s, person.id, DAY, DAY),
            repo.sessions(s, person.id),
            repo.sessions(s, person.id, DAY, DAY),
            repo.history(s, person.id),
            repo.history(s, person.id, "plank", DAY),
            repo.logged_session(s, person.id, repo.sessions(s, person.id)[0].id),
            repo.counts(s),
        ]

    with ctx.db.read() as s:
        read = everything(s)
    with ctx.db.write() as s:
        written = everything(s)
    assert read == written
    assert [p.plan for p in read[5]] == [PLAN]  # type: ignore[attr-defined]
    person = read[0]
    assert isinstance(person, AthleteRecord)
    assert (person.name, person.avoid, person.runs) == ("Ana", ("knee",), "tue=easy,sat=long")
    assert isinstance(person.created, dt.datetime)
    rows = read[9]
    assert isinstance(rows, list)
    assert [(r.date, r.entry.exercise_id, r.entry.seconds) for r in rows] == [
        (DAY, "back-squat", None),
        (DAY, "plank", 30),
        (DAY + dt.timedelta(2), "romanian-deadlift", None),
    ]
    assert isinstance(rows[0].date, dt.date)
    assert rows[0].entry.load == 80.0


def test_a_saved_plan_reads_back_as_saved(ctx: Context) -> None:
    plan = PLAN
    inputs = {"weeks": 1, "note": "ü \u2019 100%"}
    plan_id = logbook.save_plan(ctx, "Ana", plan, inputs)
    [record] = logbook.plans(ctx, "Ana")
    assert (record.id, record.plan, record.inputs) == (plan_id, plan, inputs)
    assert (record.start, record.end) == (DAY, DAY + dt.timedelta(days=6))
    assert [p.plan_id for p in logbook.planned_sessions(ctx, "Ana", DAY, DAY)] == [plan_id]


def test_progress_reads_the_history_once(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, ...]] = []
    read = repo.history

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1:])
        return read(*args, **kwargs)

    expected = trends.progress(ctx, "Ana", "back-squat")
    monkeypatch.setattr(repo, "history", counted)
    assert trends.progress(ctx, "Ana", "back-squat") == expected
    assert len(calls) == 1
    assert expected.sessions[0][1] == 2  # both sessions count, whatever the exercise
    assert expected.weekly_volume == ((dt.date(2027, 1, 4), 1200.0),)


def test_a_current_schema_is_known_by_one_query_and_a_foreign_one_still_refused(
    sqlite_url: str,
) -> None:
    storage_db.connect(sqlite_url).close()
    database = storage_db.connect(sqlite_url, create=False)
    assert database._state == storage_db.CURRENT
    assert "engine" not in database.__dict__  # no SQLAlchemy needed to know it
    database.close()
    # alembic_version at HEAD without runstrong's tables: another application's.
    engine = create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE athletes"))
    engine.dispose()
    with pytest.raises(InputError, match="another application's tables"):
        storage_db.connect(sqlite_url, create=False)


def _analyzed(url: str) -> dict[str, tuple[object, float]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT s.relname, s.last_analyze, c.reltuples FROM pg_stat_user_tables s"
                    " JOIN pg_class c ON c.oid = s.relid WHERE s.schemaname = current_schema()"
                )
            )
            return {name: (when, tuples) for name, when, tuples in rows}
    finally:
        engine.dispose()


def test_an_import_analyzes_the_tables_it_filled(database_url: str) -> None:
    ctx = Context.from_environment(database_url)
    logbook.create_athlete(ctx, AthleteRequest(name="Ana", setup="gym"))
    if not database_url.startswith("postgresql"):
        logbook.import_export(
            ctx, ImportRequest(athlete="ana", text=MARCH)
        )  # nothing to analyze, nothing to fail
        assert sum(r.entry.sets for r in logbook.history(ctx, "ana")) == 4
        return
    before = _analyzed(database_url)
    assert before["logged_sets"][0] is None
    logbook.import_export(ctx, ImportRequest(athlete="ana", text=MARCH))
    after = _analyzed(database_url)
    for table in ("logged_sessions", "logged_sets", "lifts"):
        assert after[table][0] is not None, table
    assert after["logged_sets"][1] > 0  # the planner knows the rows are there
    ctx.close()


def test_a_restore_analyzes_the_tables_it_filled(ctx: Context, database_url: str) -> None:
    saved = logbook.backup(ctx, "Ana")
    logbook.restore(ctx, RestoreRequest(data=saved, replace=True))
    assert logbook.backup(ctx, "Ana")["athletes"] == saved["athletes"]
    if database_url.startswith("postgresql"):
        after = _analyzed(database_url)
        for table in ("athletes", "logged_sessions", "logged_sets", "lifts"):
            assert after[table][0] is not None, table
        assert after["logged_sets"][1] > 0
    ctx.close()


def test_current_lifts_are_the_latest_entry_of_each_exercise(ctx: Context) -> None:
    """The database picks each exercise's current 1RM (the latest date, then the latest entry
    of that day, whatever order they went in) as the app's `latest` does over the history."""
    from runstrong.app.lifts import latest

    entries = [  # (exercise, 1RM, day offset), in the order entered
        ("back-squat", 110, 3),
        ("back-squat", 105, 3),  # same day, entered later: this one is current
        ("back-squat", 120, 1),  # entered later but dated earlier
        ("romanian-deadlift", 95, 2),  # the day of the logged session that taught one
        ("pull-up", 12, 5),
        ("pull-up", 14, 4),
    ]
    with ctx.db.write() as s:
        ana = repo.athlete(s, "Ana")
        for exercise, one_rm, offset in entries:
            repo.add_lift(
                s,
                ana.id,
                exercise_id=exercise,
                one_rm=one_rm,
                date=DAY + dt.timedelta(days=offset),
                source="tested",
            )
    with ctx.db.read() as s:
        found = repo.current_lifts(s, ana.id)
        history = repo.lifts(s, ana.id)
    assert found == latest(history)
    assert {k: v.one_rm for k, v in found.items()} == {
        "back-squat": 105,
        "romanian-deadlift": 95,
        "pull-up": 12,
    }
    with ctx.db.read() as s:
        assert repo.current_lifts(s, ana.id + 1000) == {}


def test_a_squads_reads_match_each_athletes_own(ctx: Context) -> None:
    """The batch reads a squad's block uses give, for each athlete, what the one-athlete reads
    give; an athlete with nothing, and a name with no athlete, are left out."""
    logbook.create_athlete(ctx, AthleteRequest(name="Bo"))  # no lifts, runs or own exercises
    names = ["ANA", "bo", "Nobody", "x" * 500, "a\x00b"]
    first, last = DAY - dt.timedelta(days=60), DAY + dt.timedelta(days=60)
    with ctx.db.read() as s:
        people = repo.athletes_named(s, names)
        assert sorted(people) == ["ana", "bo"]
        ana, bo = repo.athlete(s, "Ana"), repo.athlete(s, "Bo")
        assert (people["ana"], people["bo"]) == (ana, bo)
        ids = [ana.id, bo.id, ana.id + bo.id + 1000]
        lifts = repo.current_lifts_among(s, ids)
        assert lifts == {ana.id: repo.current_lifts(s, ana.id)} and lifts[ana.id]
        own = repo.own_exercises_among(s, ids)
        assert own == {k: v for k, v in {ana.id: repo.own_exercises(s, ana.id)}.items() if v}
        runs = repo.activities_among(s, ids, first, last)
        assert runs == {
            k: v for k, v in {ana.id: repo.activities(s, ana.id, first, last)}.items() if v
        }
        assert repo.athletes_named(s, []) == {} and repo.current_lifts_among(s, []) == {}
