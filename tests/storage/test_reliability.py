"""Reliability with real processes: a kill mid-loop loses nothing reported saved, and two
processes logging at once lose nothing (SQLite WAL + busy timeout + BEGIN IMMEDIATE; PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import text

from runstrong import app as logbook
from runstrong.app.requests import AthleteRequest
from runstrong.settings import Context
from runstrong.storage import db

# A child that logs `count` sessions through the real CLI entry point, one command each, and
# prints the id of every one the CLI reported saved. Each on its own day (a day's exercise is
# logged once), child `b` on days child `a` never reaches.
LOOP = """
import contextlib, datetime as dt, io, re, sys
from runstrong.cli.main import run
url, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
first = dt.date(2027, 1, 5) + dt.timedelta(days=3000 if tag == "b" else 0)
for i in range(count):
    out = io.StringIO()
    day = (first + dt.timedelta(days=i)).isoformat()
    with contextlib.redirect_stdout(out):
        code = run(["log", "--athlete", "ana", "--database", url, "--date", day,
                    "--notes", f"{tag}-{i}", "back-squat", f"3x5@{60 + i % 40}", "plank", "2x30s"])
    if code != 0:
        print("FAILED", i, flush=True)
        sys.exit(1)
    print("SAVED", re.search(r"session #(\\d+)", out.getvalue()).group(1), tag, i, flush=True)
"""


def _setup(url: str) -> None:
    database = Context.from_environment(url)
    logbook.create_athlete(database, AthleteRequest(name="Ana", units="kg", setup="home"))
    database.close()


def _spawn(url: str, count: int, tag: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", LOOP, url, str(count), tag],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _consistent(url: str) -> dict[int, str]:
    """Every session has its two rows; returns session id -> note."""
    database = db.connect(url)
    with database.engine.connect() as conn:
        if database.dialect == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        orphans = conn.execute(
            text(
                "SELECT count(*) FROM logged_sessions s WHERE "
                "(SELECT count(*) FROM logged_sets t WHERE t.session_id = s.id) != 2"
            )
        ).scalar()
        assert orphans == 0
        rows = conn.execute(text("SELECT id, notes FROM logged_sessions")).all()
        notes = {int(r[0]): str(r[1]) for r in rows}
    database.close()
    return notes


def _saved(line: str, reported: dict[int, str]) -> None:
    _, session_id, tag, i = line.split()
    reported[int(session_id)] = f"{tag}-{i}"


def test_a_killed_process_loses_nothing_it_reported_saved(database_url: str) -> None:
    _setup(database_url)
    child = _spawn(database_url, 1000, "k")
    assert child.stdout is not None
    reported: dict[int, str] = {}
    deadline = time.monotonic() + 120
    while len(reported) < 15 and time.monotonic() < deadline:
        line = child.stdout.readline()
        assert line.startswith("SAVED"), line
        _saved(line, reported)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    for line in child.stdout.read().splitlines():  # printed between the last read and the kill
        if line.startswith("SAVED"):
            _saved(line, reported)
    assert len(reported) >= 15
    stored = _consistent(database_url)
    for session_id, note in reported.items():
        assert stored.get(session_id) == note
    # A write in flight at the kill is whole or absent: at most one more than reported.
    assert len(stored) - len(reported) in (0, 1)


def test_two_processes_logging_at_once_lose_nothing(database_url: str) -> None:
    _setup(database_url)
    count = 200
    children = [_spawn(database_url, count, tag) for tag in ("a", "b")]
    outputs = [child.communicate(timeout=600) for child in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert out.count("SAVED") == count
    stored = _consistent(database_url)
    assert sorted(stored.values()) == sorted(f"{t}-{i}" for t in ("a", "b") for i in range(count))
