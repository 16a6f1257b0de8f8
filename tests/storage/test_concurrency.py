"""Concurrent writers with real processes never mix: edits of one session, creating one name,
first logs of one exercise and restores of one athlete, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from runstrong import app as logbook
from runstrong.app.requests import AthleteRequest
from runstrong.settings import Context
from runstrong.storage import db

# A child that waits for a common start time, then runs its CLI calls through the real entry
# point, printing each exit code and error line.
CHILD = """
import contextlib, io, json, sys, time
from runstrong.cli.main import run
start, calls = float(sys.argv[1]), json.loads(sys.argv[2])
while time.time() < start:
    time.sleep(0.002)
for argv in calls:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = run(argv)
    print(json.dumps({"code": code, "err": err.getvalue()}), flush=True)
"""


def _together(jobs: list[list[list[str]]]) -> list[list[dict[str, Any]]]:
    """Run each job (a list of CLI calls) in its own process, all starting at once."""
    start = time.time() + 4
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(start), json.dumps(calls)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for calls in jobs
    ]
    results = []
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
        results.append([json.loads(line) for line in out.splitlines()])
    return results


def _query(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    database = db.connect(url)
    try:
        with database.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        database.close()


def _athlete(url: str) -> None:
    database = Context.from_environment(url)
    logbook.create_athlete(database, AthleteRequest(name="Ana", setup="gym"))
    database.close()


def test_concurrent_edits_of_one_session_never_mix(database_url: str) -> None:
    _athlete(database_url)
    database = Context.from_environment(database_url)
    first = logbook.log_session(
        database, "Ana", ["back-squat", "3x5@60", "rdl", "3x6@50"], date=dt.date(2027, 1, 5)
    )
    database.close()
    session = first.session_id
    jobs = [
        [
            [
                "log",
                "--athlete",
                "Ana",
                "--database",
                database_url,
                "--edit",
                str(session),
                "--date",
                "2027-01-05",
                "--notes",
                f"{k}-{i}",
                "back-squat",
                f"3x5@{61 + 5 * k + i}",
                "rdl",
                f"3x{k + 3}@50",
            ]
            for i in range(4)
        ]
        for k in range(4)
    ]
    for calls in _together(jobs):
        assert [c["code"] for c in calls] == [0] * 4, calls
    ((notes,),) = _query(database_url, "SELECT notes FROM logged_sessions")
    k, i = (int(x) for x in notes.split("-"))
    rows = _query(
        database_url,
        "SELECT exercise_id, sets, reps, load FROM logged_sets WHERE session_id = :s "
        "ORDER BY position",
        s=session,
    )
    assert rows == [("back-squat", 3, 5, 61.0 + 5 * k + i), ("romanian-deadlift", 3, k + 3, 50.0)]
    learnt = _query(
        database_url,
        "SELECT exercise_id, count(*) FROM lifts WHERE session_id = :s GROUP BY exercise_id",
        s=session,
    )
    assert learnt, "the edit taught nothing"
    assert all(count == 1 for _, count in learnt), learnt
    assert _query(database_url, "SELECT count(*) FROM lifts WHERE session_id IS NULL") == [(0,)]


def test_concurrent_creates_of_one_name_make_one_athlete(database_url: str) -> None:
    names = ["Ana", "ana", "ANA", " Ana "]
    jobs = [[["athlete", "create", "--name", n, "--database", database_url]] for n in names]
    results = [calls[0] for calls in _together(jobs)]
    assert sorted(r["code"] for r in results) == [0, 2, 2, 2], results
    for r in results:
        if r["code"] == 2:
            assert r["err"].startswith("runstrong: error: --name: an athlete named")
            assert r["err"].count("\n") == 1
    assert _query(database_url, "SELECT key FROM athletes") == [("ana",)]


def test_concurrent_first_logs_learn_one_first_estimate(database_url: str) -> None:
    _athlete(database_url)
    call = ["log", "--athlete", "Ana", "--database", database_url, "--date", "2027-01-05",
            "back-squat", "3x5@60"]  # fmt: skip
    # One log wins; the others find the exercise already logged that day and are refused (the
    # logbook's "one log of an exercise a day" rule), even though all four checked at once.
    codes = sorted(calls[0]["code"] for calls in _together([[call]] * 4))
    assert codes == [0, 2, 2, 2], codes
    assert _query(database_url, "SELECT count(*) FROM logged_sessions") == [(1,)]
    assert _query(database_url, "SELECT count(*) FROM logged_sets") == [(1,)]  # one 3x5 row
    learnt = _query(database_url, "SELECT source, one_rm FROM lifts")
    assert len(learnt) == 1, learnt
    assert learnt[0][0] == "estimated-logs"


def test_concurrent_restores_replace_the_athlete_once_each(
    database_url: str, tmp_path: Path
) -> None:
    _athlete(database_url)
    database = Context.from_environment(database_url)
    for day in (5, 7, 9):
        logbook.log_session(database, "Ana", ["back-squat", "3x5@60"], date=dt.date(2027, 1, day))
    data = logbook.backup(database)
    database.close()
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call = ["restore", str(path), "--replace", "--database", database_url]
    for calls in _together([[call, call]] * 4):
        assert [c["code"] for c in calls] == [0, 0], calls
    assert _query(database_url, "SELECT count(*) FROM athletes") == [(1,)]
    assert _query(database_url, "SELECT count(*) FROM logged_sessions") == [(3,)]
    assert _query(database_url, "SELECT count(*) FROM logged_sets") == [(3,)]
    assert _query(database_url, "SELECT count(*) FROM lifts") == [
        (len(data["athletes"][0]["lifts"]),)
    ]
