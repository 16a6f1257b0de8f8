"""Restoring one's own athlete from the web (SQLite and PostgreSQL): only that athlete, all or
nothing, and the login stays linked to it."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from runstrong.app import accounts, athletes, backups, lifts
from runstrong.app.requests import LiftRequest
from runstrong.errors import InputError, NotFound
from runstrong.settings import Context

NOW = dt.datetime(2027, 1, 6, 9, 0)
DAY = dt.date(2027, 1, 5)


@pytest.fixture
def ctx(database_url: str) -> Context:
    return Context.from_environment(database_url)


def _user(ctx: Context, email: str, name: str) -> accounts.User:
    return accounts.sign_up(ctx, email=email, password="long enough to pass", name=name, now=NOW)


def test_restore_own_replaces_the_athlete_and_keeps_the_login(ctx: Context) -> None:
    ana = _user(ctx, "ana@example.org", "Ana")
    lifts.record_lifts(ctx, LiftRequest(athlete="Ana", lifts=("back-squat=100",), date=DAY))
    data = backups.backup(ctx, "Ana")
    lifts.record_lifts(
        ctx, LiftRequest(athlete="Ana", lifts=("back-squat=120",), date=DAY + dt.timedelta(days=1))
    )

    assert backups.restore_own(ctx, ana.id, data) == "Ana"

    after = accounts.users(ctx)[0]
    assert after.athlete == "Ana"
    assert after.athlete_id is not None  # SQLite may hand the freed id out again
    assert lifts.one_rms(ctx, "Ana")["back-squat"].one_rm == 100
    assert backups.backup(ctx, "Ana")["athletes"] == data["athletes"]


def test_restore_own_refuses_another_athlete_or_several(ctx: Context) -> None:
    ana = _user(ctx, "ana@example.org", "Ana")
    _user(ctx, "bo@example.org", "Bo")
    lifts.record_lifts(ctx, LiftRequest(athlete="Bo", lifts=("back-squat=140",), date=DAY))
    theirs = backups.backup(ctx, "Bo")
    with pytest.raises(InputError, match="backup of athlete 'Bo', not of yours") as refused:
        backups.restore_own(ctx, ana.id, theirs)
    assert refused.value.field == "backup"
    both = backups.backup(ctx)
    with pytest.raises(InputError, match="holds 2 athletes"):
        backups.restore_own(ctx, ana.id, both)
    assert lifts.one_rms(ctx, "Ana") == {}
    assert lifts.one_rms(ctx, "Bo")["back-squat"].one_rm == 140


def test_restore_own_is_all_or_nothing(ctx: Context) -> None:
    ana = _user(ctx, "ana@example.org", "Ana")
    lifts.record_lifts(ctx, LiftRequest(athlete="Ana", lifts=("back-squat=100",), date=DAY))
    data = backups.backup(ctx, "Ana")
    broken = copy.deepcopy(data)
    broken["athletes"][0]["lifts"][0]["exercise"] = "no-such-lift"
    with pytest.raises(InputError, match="not an exercise of the catalogue"):
        backups.restore_own(ctx, ana.id, broken)
    assert accounts.users(ctx)[0].athlete_id == ana.athlete_id
    assert lifts.one_rms(ctx, "Ana")["back-squat"].one_rm == 100
    assert athletes.athlete(ctx, "Ana").name == "Ana"


def test_restore_own_needs_a_backup_and_an_athlete(ctx: Context) -> None:
    ana = _user(ctx, "ana@example.org", "Ana")
    with pytest.raises(InputError, match="not a runstrong backup"):
        backups.restore_own(ctx, ana.id, {"schema": "other"})
    with pytest.raises(InputError, match="is not JSON"):
        backups.parse_backup("{", "backup")
    with pytest.raises(NotFound):
        backups.restore_own(ctx, ana.id + 99, backups.backup(ctx, "Ana"))
