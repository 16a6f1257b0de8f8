"""An athlete's revision: every write that shows on their pages raises it, in its own
transaction, and the browser session's one read carries it (the web app's page cache)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from runstrong import app
from runstrong.app import accounts
from runstrong.app.requests import AthleteRequest
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.records import SetEntry

ROW = SetEntry("back-squat", 3, 5, None, 80.0, "kg")
NOW = dt.datetime(2027, 1, 4, 8, 0)
DAY = dt.date(2027, 1, 5)


def _revision(ctx: Context, athlete_id: int) -> int:
    with ctx.db.read() as s:
        rows = s.rows("SELECT revision FROM athletes WHERE id = :id", {"id": athlete_id})
    return int(rows[0][0])


def _log(s: Session, athlete_id: int) -> None:
    repo.add_session(s, athlete_id, date=DAY, entries=[ROW])


def _log_with_id(s: Session, athlete_id: int) -> None:
    repo.add_session(s, athlete_id, date=DAY, entries=[ROW], client_id="phone-1")


def _edit(s: Session, athlete_id: int) -> None:
    found = repo.sessions(s, athlete_id)[0]
    repo.replace_session(s, athlete_id, found.id, rpe=8)


def _delete(s: Session, athlete_id: int) -> None:
    found = repo.sessions(s, athlete_id)[0]
    repo.delete_session(s, athlete_id, found.id)


def _lift(s: Session, athlete_id: int) -> None:
    repo.add_lift(s, athlete_id, exercise_id="back-squat", one_rm=100, date=DAY, source="tested")


def _hold(s: Session, athlete_id: int) -> None:
    repo.add_hold(s, athlete_id, exercise_id="side-plank", seconds=40, date=DAY, source="retest")


def _plan(s: Session, athlete_id: int) -> None:
    repo.save_plan(
        s, athlete_id, plan={"weeks": []}, inputs={}, start=DAY, end=DAY, goal="strength",
        phase="off-season",
    )  # fmt: skip


def _profile(s: Session, athlete_id: int) -> None:
    repo.update_athlete(s, "Ana", units="lb")


WRITES: dict[str, Callable[[Session, int], None]] = {
    "log": _log,
    "log with a client id": _log_with_id,
    "edit a log": _edit,
    "delete a log": _delete,
    "a 1RM": _lift,
    "a hold": _hold,
    "a plan": _plan,
    "the profile": _profile,
}


@pytest.mark.parametrize("write", WRITES)
def test_every_write_that_shows_raises_the_revision_once(database_url: str, write: str) -> None:
    ctx = Context.from_environment(database_url)
    athlete = app.create_athlete(ctx, AthleteRequest(name="Ana"))
    with ctx.db.write() as s:
        _log(s, athlete.id)  # something to edit or delete
    before = _revision(ctx, athlete.id)
    with ctx.db.write() as s:
        WRITES[write](s, athlete.id)
        _lift(s, athlete.id)  # a second write in the same transaction counts once
    assert _revision(ctx, athlete.id) == before + 1
    ctx.close()


def test_a_write_rolled_back_leaves_the_revision(database_url: str) -> None:
    ctx = Context.from_environment(database_url)
    athlete = app.create_athlete(ctx, AthleteRequest(name="Ana"))
    before = _revision(ctx, athlete.id)

    def failing() -> None:
        with ctx.db.write() as s:
            _lift(s, athlete.id)
            raise RuntimeError("the request failed after the write")

    with pytest.raises(RuntimeError):
        failing()
    assert _revision(ctx, athlete.id) == before
    ctx.close()


def test_the_browser_session_carries_the_athletes_revision(database_url: str) -> None:
    ctx = Context.from_environment(database_url)
    user = accounts.sign_up(ctx, email="ana@example.org", password="p" * 20, name="Ana", now=NOW)
    raw, _ = accounts.start_session(ctx, user, now=NOW)
    found = accounts.session_for(ctx, raw, now=NOW)
    assert found is not None
    assert user.athlete_id is not None
    first = found.revision
    with ctx.db.write() as s:
        _lift(s, user.athlete_id)
    again = accounts.session_for(ctx, raw, now=NOW)
    assert again is not None and again.revision == first + 1
    ctx.close()
