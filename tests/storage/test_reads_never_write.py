"""Reads never write: a read command creates no schema and no file, another application's
database is refused untouched, and a read-only database serves every read command."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from runstrong import app as logbook
from runstrong.app.requests import AthleteRequest
from runstrong.cli.main import run
from runstrong.settings import Context

ANA = ["--athlete", "Ana"]
DAY = ["--date", "2027-01-05"]
READS = [
    ["athlete", "list"],
    ["athlete", "show", *ANA],
    ["plans", *ANA],
    ["today", *ANA, *DAY],
    ["week", *ANA, *DAY],
    ["history", *ANA],
    ["history", *ANA, "--format", "json"],
    ["progress", *ANA],
    ["backup"],
    ["plan", *ANA, "--goal", "strength", "--phase", "off-season"],
]


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reads_of_a_new_database_create_nothing(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in READS:
        code = run([*command, "--database", database_url])
        err = capsys.readouterr().err
        assert code in (0, 2), err
        if code == 2:  # an athlete that does not exist yet
            assert "--athlete: no such entry 'Ana'" in err
    if database_url.startswith("sqlite"):
        assert not Path(database_url.removeprefix("sqlite:///")).exists()
    else:
        assert _tables(database_url) == set()
    assert run(["athlete", "list", "--database", database_url]) == 0
    assert "no athletes" in capsys.readouterr().out
    # The first write creates the schema.
    assert run(["athlete", "create", "--name", "Ana", "--database", database_url]) == 0
    assert {"athletes", "alembic_version"} <= _tables(database_url)


def test_a_log_refused_on_a_new_database_creates_nothing(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A log is a write, but one for an athlete who cannot exist yet leaves no empty logbook."""
    code = run(["log", *ANA, *DAY, "back-squat", "3x5@80", "--database", database_url])
    assert code == 2
    assert "--athlete: no such entry 'Ana'" in capsys.readouterr().err
    if database_url.startswith("sqlite"):
        assert not Path(database_url.removeprefix("sqlite:///")).exists()
    else:
        assert _tables(database_url) == set()


def _foreign(url: str) -> None:
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        conn.execute("INSERT INTO invoices VALUES (1, 9.5)")
        conn.commit()
        conn.close()
    else:
        import psycopg

        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
            conn.execute("INSERT INTO invoices VALUES (1, 9.5)")


def test_another_applications_database_is_refused_untouched(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _foreign(database_url)
    empty = tmp_path / "empty.json"
    empty.write_text('{"schema": "runstrong.backup/1", "generator": "t", "athletes": []}')
    path = Path(database_url.removeprefix("sqlite:///"))
    before = _digest(path) if database_url.startswith("sqlite") else ""
    writes = [
        ["athlete", "create", "--name", "Bo"],
        ["log", *ANA, "back-squat", "3x5@60"],
        ["restore", str(empty)],
    ]
    for command in [*READS, *writes]:
        assert run([*command, "--database", database_url]) == 2, command
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "--database" in err
        assert "another application's tables (invoices)" in err
    assert _tables(database_url) == {"invoices"}
    if database_url.startswith("sqlite"):
        assert _digest(path) == before
        assert not Path(f"{path}-wal").exists()


def _read_only(url: str) -> str:
    if url.startswith("sqlite"):
        return f"sqlite:///file:{url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    return url + "%20-cdefault_transaction_read_only%3Don"


def test_read_commands_work_on_a_read_only_database(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Context.from_environment(database_url)
    logbook.create_athlete(database, AthleteRequest(name="Ana", setup="gym"))
    import datetime as dt

    logbook.log_session(database, "Ana", ["back-squat", "3x5@60"], date=dt.date(2027, 1, 5))
    database.close()
    capsys.readouterr()
    locked = _read_only(database_url)
    for command in READS:
        code = run([*command, "--database", locked])
        captured = capsys.readouterr()
        assert code == 0, (command, captured.err)
    assert run(["history", *ANA, "--database", locked]) == 0
    assert "3x5@60kg" in capsys.readouterr().out
    code = run(["log", *ANA, "--date", "2027-01-07", "back-squat", "3x5@70", "--database", locked])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1
    assert "read-only" in err or "readonly" in err
    assert "INSERT INTO" not in err
    assert "[parameters" not in err
