"""Bounded waits with real processes: a server that accepts and never answers, and a lock held
by another process, end in a one-line error naming the database instead of a wait without end."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from runstrong import app as logbook
from runstrong.app.requests import AthleteRequest
from runstrong.settings import Context


def _cli(*args: str, **env: str) -> tuple[int, str, str, float]:
    """Run the real entry point in a child process; returns code, stdout, stderr, seconds."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "runstrong", *args],
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )
    return done.returncode, done.stdout, done.stderr, time.monotonic() - started


@contextmanager
def _silent_server() -> Iterator[int]:
    """A TCP server that accepts every connection and never sends a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            held.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield server.getsockname()[1]
    finally:
        server.close()
        for conn in held:
            conn.close()


def test_a_server_that_never_answers_is_given_up_on() -> None:
    with _silent_server() as port:
        url = f"postgresql+psycopg://runner:secret@127.0.0.1:{port}/logbook"
        code, out, err, took = _cli(
            "athlete", "list", "--database", url, RUNSTRONG_CONNECT_TIMEOUT="1"
        )
    assert took < 20
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert f"127.0.0.1:{port}/logbook" in err
    assert "secret" not in err
    assert "Traceback" not in err


@contextmanager
def _held_lock(url: str) -> Iterator[None]:
    """Another process's transaction holding the write lock (SQLite) or a table lock."""
    holder: Any
    if url.startswith("sqlite"):
        holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    else:
        import psycopg

        holder = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
        holder.execute("LOCK TABLE athletes, logged_sessions IN ACCESS EXCLUSIVE MODE")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


def _assert_busy(code: int, err: str, took: float, url: str) -> None:
    assert took < 20, took
    assert code == 1, err
    assert err.count("\n") == 1, err
    assert "busy" in err
    shown = url.split("?", maxsplit=1)[0].rsplit("/", maxsplit=1)[-1]
    assert shown in err
    for leak in ("SELECT", "INSERT", "Traceback", "[parameters"):
        assert leak not in err


def test_a_held_lock_stops_a_write_after_the_timeout(database_url: str) -> None:
    database = Context.from_environment(database_url)
    logbook.create_athlete(database, AthleteRequest(name="Ana", setup="home"))
    database.close()
    with _held_lock(database_url):
        code, _, err, took = _cli(
            "log", "--athlete", "Ana", "--database", database_url, "--date", "2027-01-05",
            "back-squat", "3x5@60", RUNSTRONG_DATABASE_TIMEOUT="1",
        )  # fmt: skip
    _assert_busy(code, err, took, database_url)
    code, out, err, _ = _cli("history", "--athlete", "Ana", "--database", database_url)
    assert code == 0, err
    assert "back-squat" not in out


def test_a_held_lock_stops_a_read_on_postgresql_and_not_on_sqlite(database_url: str) -> None:
    database = Context.from_environment(database_url)
    logbook.create_athlete(database, AthleteRequest(name="Ana", setup="home"))
    database.close()
    with _held_lock(database_url):
        code, out, err, took = _cli(
            "athlete", "list", "--database", database_url, RUNSTRONG_DATABASE_TIMEOUT="1"
        )
    if database_url.startswith("sqlite"):
        # WAL: a reader never waits for the writer.
        assert code == 0, err
        assert "Ana" in out
    else:
        _assert_busy(code, err, took, database_url)


def test_a_bad_timeout_names_the_variable(sqlite_url: str) -> None:
    code, _, err, _ = _cli(
        "athlete", "list", "--database", sqlite_url, RUNSTRONG_DATABASE_TIMEOUT="soon"
    )
    assert code == 2
    assert "RUNSTRONG_DATABASE_TIMEOUT" in err
    assert "1-3600" in err
