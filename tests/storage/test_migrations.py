"""Migrations: the head matches the models, and an old database upgrades without losing a row."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, create_engine, inspect, text

from runstrong.app.requests import AthleteEdit
from runstrong.settings import Context, Settings
from runstrong.storage import db
from runstrong.storage.tables import Base


def test_head_constant_is_alembics_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(db.Path(db.__file__).parent / "migrations"))
    script = ScriptDirectory.from_config(config)
    assert script.get_heads() == [db.HEAD]
    assert [r.revision for r in script.walk_revisions()] == [
        "0013",
        "0012",
        "0011",
        "0010",
        "0009",
        "0008",
        "0007",
        "0006",
        "0005",
        "0004",
        "0003",
        "0002",
        "0001",
    ]


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    database = db.connect(database_url)
    with database.engine.connect() as conn:
        assert db.current_revision(conn) == db.HEAD
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    database.close()


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = db.make_engine(url)
    found = {}
    with engine.connect() as conn:
        for table in ("athletes", "lifts", "plans", "logged_sessions", "logged_sets", "holds"):
            if not inspect(conn).has_table(table):
                continue
            result = conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))
            # Revision 0005's client_id (NULL on every old row) and 0009's revision (0) are
            # checked by their own tests.
            skip = ("client_id", "revision")
            keep = [i for i, name in enumerate(result.keys()) if name not in skip]
            found[table] = [tuple(r[i] for i in keep) for r in result]
    engine.dispose()
    return found


def _fill(conn: Connection) -> None:
    """An athlete with a running day, a plan, three logged sessions and a tested 1RM."""
    now = dt.datetime(2027, 1, 4, 7, 30)
    conn.execute(
        text(
            "INSERT INTO athletes (id, key, name, units, setup, created) "
            "VALUES (1, 'ana', 'Ana', 'kg', 'home', :now)"
        ),
        {"now": now},
    )
    conn.execute(text("INSERT INTO athlete_runs VALUES (1, 1, 'intervals')"))
    conn.execute(
        text(
            'INSERT INTO plans (id, athlete_id, created, start, "end", goal, phase, inputs,'
            " plan)"
            " VALUES (1, 1, :now, :start, :end, 'strength', 'pre-season', '{}', :plan)"
        ),
        {
            "now": now,
            "start": dt.date(2027, 1, 4),
            "end": dt.date(2027, 1, 10),
            "plan": '{"schema": "runstrong.plan/1", "weeks": []}',
        },
    )
    for i in range(1, 4):
        conn.execute(
            text(
                "INSERT INTO logged_sessions (id, athlete_id, date, plan_id, rpe, notes,"
                " created) VALUES (:i, 1, :day, 1, 8, 'ok', :now)"
            ),
            {"i": i, "day": dt.date(2027, 1, 4 + i), "now": now},
        )
        conn.execute(
            text(
                "INSERT INTO logged_sets (id, session_id, position, exercise_id, sets, reps,"
                " seconds, load, units, rpe, rir, notes)"
                " VALUES (:i, :i, 0, 'back-squat', 3, 5, NULL, :load, 'kg', 8, 2, '')"
            ),
            {"i": i, "load": 80.0 + i * 2.5},
        )
    conn.execute(
        text(
            "INSERT INTO lifts (id, athlete_id, exercise_id, one_rm, weight, reps, source,"
            " formula, date, session_id) VALUES (1, 1, 'back-squat', 100, 100, 1, 'tested',"
            " NULL, :day, NULL)"
        ),
        {"day": dt.date(2027, 1, 1)},
    )


def _build_at(url: str, revision: str) -> None:
    engine = db.make_engine(url)
    with engine.begin() as conn:
        db.upgrade(conn, revision)
        assert db.current_revision(conn) == revision
        _fill(conn)
        if revision >= "0002":  # a session imported from a workout app, and a timed set
            conn.execute(text("UPDATE logged_sessions SET source = 'import' WHERE id = 3"))
            conn.execute(
                text(
                    "INSERT INTO logged_sets (id, session_id, position, exercise_id, sets, reps,"
                    " seconds, load, units, rpe, rir, notes)"
                    " VALUES (4, 3, 1, 'side-plank', 1, NULL, 75, NULL, 'kg', NULL, NULL, '')"
                )
            )
    engine.dispose()


def _upgrade_to_head(url: str) -> None:
    database = db.connect(url)  # first use: migrates to head
    with database.engine.connect() as conn:
        assert db.current_revision(conn) == db.HEAD
    database.close()


def test_revision_one_database_upgrades_keeping_every_row(database_url: str) -> None:
    _build_at(database_url, "0001")
    before = _rows(database_url)
    assert len(before["logged_sets"]) == 3
    _upgrade_to_head(database_url)
    after = _rows(database_url)
    for table, rows in before.items():
        if table in ("logged_sessions", "athletes"):
            assert [r[:-1] for r in after[table]] == rows  # same rows, plus the new column
        else:
            assert after[table] == rows, table
    assert [r[-1] for r in after["logged_sessions"]] == ["log", "log", "log"]
    assert [r[-1] for r in after["athletes"]] == ["intermediate"]
    engine = db.make_engine(database_url)
    with engine.connect() as conn:  # revision 0009's count starts at 0 for every athlete
        assert conn.execute(text("SELECT revision FROM athletes")).scalars().all() == [0]
    engine.dispose()
    assert after["holds"] == []


def test_revision_two_database_upgrades_keeping_every_row(database_url: str) -> None:
    _build_at(database_url, "0002")
    before = _rows(database_url)
    assert "holds" not in before
    assert [r[-1] for r in before["logged_sessions"]] == ["log", "log", "import"]
    assert len(before["logged_sets"]) == 4
    _upgrade_to_head(database_url)
    after = _rows(database_url)
    assert after.pop("holds") == []  # the new table starts empty
    assert [r[-1] for r in after["athletes"]] == ["intermediate"]  # revision 0004's column
    after["athletes"] = [r[:-1] for r in after["athletes"]]
    assert after == before
    # ...and the upgraded file takes a re-test's hold.
    from runstrong import app as logbook

    database = Context.from_environment(database_url)
    assert logbook.hold_times(database, "ana") == {}
    assert logbook.backup(database, "ana")["athletes"][0]["holds"] == []
    database.close()


def test_revision_three_database_upgrades_keeping_every_row(database_url: str) -> None:
    _build_at(database_url, "0003")
    engine = db.make_engine(database_url)
    with engine.begin() as conn:  # a re-test's hold, and a second athlete with no runs
        conn.execute(
            text(
                "INSERT INTO holds (id, athlete_id, exercise_id, seconds, per_side, source,"
                " date, session_id) VALUES (1, 1, 'side-plank', 75, :yes, 'retest', :day, 3)"
            ),
            {"yes": True, "day": dt.date(2027, 1, 7)},
        )
        conn.execute(
            text(
                "INSERT INTO athletes (id, key, name, units, setup, created)"
                " VALUES (2, 'bo', 'Bo', 'lb', NULL, :now)"
            ),
            {"now": dt.datetime(2027, 1, 2, 6, 0)},
        )
    engine.dispose()
    before = _rows(database_url)
    assert len(before["holds"]) == 1 and len(before["athletes"]) == 2
    _upgrade_to_head(database_url)
    after = _rows(database_url)
    # Every athlete keeps its row and becomes intermediate, the default of `plan --experience`.
    assert [r[:-1] for r in after.pop("athletes")] == before.pop("athletes")
    assert after == before
    from runstrong import app as logbook

    database = Context.from_environment(database_url)
    assert [p.experience for p in logbook.list_athletes(database)] == ["intermediate"] * 2
    assert logbook.athlete_plan_inputs(database, "ana")["experience"] == "intermediate"
    logbook.edit_athlete(
        database, AthleteEdit(athlete="bo", experience="novice")
    )  # ...and the column takes a value
    assert logbook.athlete(database, "bo").experience == "novice"
    assert logbook.athlete(database, "ana").experience == "intermediate"
    database.close()


def test_a_newer_schema_is_refused(sqlite_url: str) -> None:
    import pytest

    from runstrong.errors import InputError

    db.connect(sqlite_url).close()
    engine = create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    with pytest.raises(InputError, match="newer than this runstrong"):
        db.connect(sqlite_url)


def test_sqlite_pragmas_are_on(sqlite_url: str) -> None:
    database = db.connect(sqlite_url)
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_S * 1000
    database.close()


def test_default_database_is_in_the_data_folder(tmp_path: db.Path) -> None:
    url = Settings.from_environment().database()
    assert url == f"sqlite:///{tmp_path / 'data' / 'runstrong.db'}"
    db.connect(url).close()
    assert (tmp_path / "data" / "runstrong.db").exists()


def test_revision_four_database_upgrades_to_accounts_keeping_every_row(database_url: str) -> None:
    _build_at(database_url, "0004")
    before = _rows(database_url)
    _upgrade_to_head(database_url)
    assert _rows(database_url) == before
    engine = db.make_engine(database_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT client_id FROM logged_sessions")).all() == [(None,)] * 3
        for table in (
            "users",
            "web_sessions",
            "api_tokens",
            "login_failures",
            "reset_links",
            "calendar_feeds",
        ):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table
    engine.dispose()
    # ...and the upgraded database takes a login for its athlete (logs with a client id:
    # tests/app/test_accounts.py; the rows above were inserted with their ids, past PostgreSQL's
    # sequences).
    from runstrong.app import accounts

    ctx = Context.from_environment(database_url)
    at = dt.datetime(2027, 1, 8, 9, 0)
    user = accounts.create_user(
        ctx, email="ana@example.org", password="1234567890abcdef", athlete="ana", now=at
    )
    assert (user.role, user.athlete) == ("owner", "Ana")
    ctx.close()


def test_revision_nine_database_upgrades_to_coaching_keeping_every_row(database_url: str) -> None:
    _build_at(database_url, "0009")
    before = _rows(database_url)
    _upgrade_to_head(database_url)
    assert _rows(database_url) == before
    engine = db.make_engine(database_url)
    with engine.connect() as conn:
        for table in ("coaches", "coach_links", "coach_invitations", "squads", "squad_members"):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table
    engine.dispose()
    # ...and the upgraded database's athlete accepts a coach, who puts her in a squad (no new
    # athlete: the rows above were inserted with their ids, past PostgreSQL's sequences).
    from runstrong.app import accounts, coaching
    from runstrong.app.requests import InvitationRequest

    ctx = Context.from_environment(database_url)
    at = dt.datetime(2027, 1, 8, 9, 0)
    password = "1234567890abcdef"
    ana = accounts.create_user(
        ctx, email="ana@example.org", password=password, athlete="ana", now=at
    )
    cora = accounts.create_user(
        ctx, email="cora@example.org", password=password, coach=True, now=at
    )
    made = coaching.invite(ctx, cora, InvitationRequest(), now=at)
    link = coaching.answer(ctx, ana, made.code, accept=True, now=at)
    assert link is not None
    squad = coaching.create_squad(ctx, cora, "Tuesday", now=at)
    coaching.add_member(ctx, cora, squad.id, link.athlete_id, now=at)
    assert [m.athlete for m in coaching.squad_view(ctx, cora, squad.id).members] == ["Ana"]
    ctx.close()


def test_coaching_downgrades_to_revision_nine(sqlite_url: str) -> None:
    db.connect(sqlite_url).close()
    engine = db.make_engine(sqlite_url)
    with engine.begin() as conn:
        from alembic.migration import MigrationContext
        from alembic.operations import Operations

        context = MigrationContext.configure(conn)
        with Operations.context(context):
            from importlib import import_module

            import_module("runstrong.storage.migrations.versions.0010_coaching").downgrade()
        assert "squads" not in inspect(conn).get_table_names()
        assert "athletes" in inspect(conn).get_table_names()
    engine.dispose()


def _plan_compression(conn: Connection) -> str:
    """`attcompression` of plans.plan: 'l' lz4, '' the server's default."""
    return str(
        conn.execute(
            text(
                "SELECT attcompression FROM pg_attribute"
                " WHERE attrelid = 'plans'::regclass AND attname = 'plan'"
            )
        ).scalar()
    )


def test_plans_are_compressed_with_lz4_on_postgresql(database_url: str) -> None:
    """Revision 0013: a plan's JSON goes in with lz4 (a squad's block stores 200 of them), reads
    back the same, and the downgrade returns the column to the default; SQLite is untouched."""
    _build_at(database_url, "0012")
    before = _rows(database_url)
    _upgrade_to_head(database_url)
    assert _rows(database_url) == before
    engine = db.make_engine(database_url)
    if engine.dialect.name != "postgresql":
        engine.dispose()
        return
    import json
    from importlib import import_module

    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    plan = {"weeks": [{"sessions": [{"cue": "drive the floor away " * 400}]}]}
    with engine.begin() as conn:
        assert _plan_compression(conn) == "l"
        conn.execute(
            text(
                "INSERT INTO plans (id, athlete_id, created, goal, phase, inputs, plan)"
                " VALUES (99, 1, '2027-01-04', 'strength', 'off-season', '{}', CAST(:p AS json))"
            ),
            {"p": json.dumps(plan)},
        )
        stored = conn.execute(
            text("SELECT pg_column_compression(plan), plan FROM plans WHERE id = 99")
        ).one()
        assert stored[0] == "lz4" and stored[1] == plan
        with Operations.context(MigrationContext.configure(conn)):
            import_module("runstrong.storage.migrations.versions.0013_plan_compression").downgrade()
        assert _plan_compression(conn) == ""
    engine.dispose()
