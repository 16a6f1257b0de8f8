"""A log's client-made id: stored once per athlete, even by two processes at once."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from runstrong import app
from runstrong.app.requests import AthleteRequest
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.records import AlreadyLogged, SetEntry

ROW = SetEntry("back-squat", 3, 5, None, 80.0, "kg")


def test_a_client_id_stored_twice_hands_back_the_first_session(database_url: str) -> None:
    ctx = Context.from_environment(database_url)
    athlete = app.create_athlete(ctx, AthleteRequest(name="Ana"))
    with ctx.db.write() as s:
        first = repo.add_session(
            s, athlete.id, date=dt.date(2027, 1, 5), entries=[ROW], client_id="abc"
        )
    with pytest.raises(AlreadyLogged) as again, ctx.db.write() as s:
        repo.add_session(s, athlete.id, date=dt.date(2027, 1, 6), entries=[ROW], client_id="abc")
    assert again.value.session_id == first
    with ctx.db.read() as s:
        found = repo.session_by_client(s, athlete.id, "abc")
        assert found is not None and found.id == first
        assert repo.session_by_client(s, athlete.id, "abd") is None
        assert len(repo.sessions(s, athlete.id)) == 1
    ctx.close()


# Each child waits for a common start, then logs the same request with the same client id.
CHILD = """
import json, sys, time
from runstrong.app.requests import LogRequest
from runstrong.app.sessions import log
from runstrong.settings import Context
url, start = sys.argv[1], float(sys.argv[2])
ctx = Context.from_environment(url)
request = LogRequest(
    athlete="Ana", entries=("back-squat", "3x5@80"), date="2027-01-05", client_id="offline-1"
)
while time.time() < start:
    time.sleep(0.002)
result = log(ctx, request)
print(json.dumps([result.session_id, result.replayed]))
"""


def test_two_processes_logging_one_client_id_write_one_session(database_url: str) -> None:
    ctx = Context.from_environment(database_url)
    app.create_athlete(ctx, AthleteRequest(name="Ana"))
    ctx.close()
    start = time.time() + 3
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, database_url, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        results.append(json.loads(out))
    assert len({session for session, _ in results}) == 1
    assert sorted(replayed for _, replayed in results) == [False, True, True]
    ctx = Context.from_environment(database_url)
    with ctx.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM logged_sessions")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM logged_sets")).scalar() == 1
    ctx.close()
