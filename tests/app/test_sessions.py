"""sessions.log: a typed LogRequest, checked once (before any prompt) and logged."""

from __future__ import annotations

import datetime as dt

import pytest

from runstrong import app
from runstrong.app.requests import AthleteRequest, LogRequest
from runstrong.app.sessions import check_log, log
from runstrong.errors import InputError
from runstrong.settings import Context


def test_a_request_is_checked_before_anything_is_read() -> None:
    checked = check_log(LogRequest(athlete="x", date="2027-01-05", rpe="7.5", edit="3"))
    assert (checked.day, checked.rpe, checked.edit, checked.delete) == (
        dt.date(2027, 1, 5),
        7.5,
        3,
        None,
    )
    with pytest.raises(InputError) as refused:
        check_log(LogRequest(athlete="x", entries=("rdl", "3x5"), delete="2"))
    assert str(refused.value) == "delete: give either delete ID or edit ID with sets, not both"
    with pytest.raises(InputError, match=r"^rpe: expected a number written with 0-9"):
        check_log(LogRequest(athlete="x", rpe="٨"))
    with pytest.raises(InputError, match=r"^edit: expected a whole number"):
        check_log(LogRequest(athlete="x", edit="#4"))


def test_a_logged_request_is_stored_and_edited(database_url: str) -> None:
    ctx = Context.from_environment(database_url)
    app.create_athlete(ctx, AthleteRequest(name="Ana"))
    first = log(ctx, LogRequest(athlete="Ana", entries=("rdl", "3x5@80"), date="2027-01-05"))
    assert first.date == dt.date(2027, 1, 5)
    assert [(e.exercise_id, e.load) for e in first.entries] == [("romanian-deadlift", 80)]
    again = LogRequest(
        athlete="Ana", entries=("rdl", "3x5@85"), date="2027-01-05", edit=first.session_id, rpe=8
    )
    edited = log(ctx, again)
    assert edited.session_id == first.session_id
    assert [(e.load, e.rpe) for e in edited.entries] == [(85, 8)]
    ctx.close()
