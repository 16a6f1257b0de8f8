"""`runstrong restore --replace` (SQLite and PostgreSQL): the re-created athlete keeps the logins
and calendar feeds that pointed at the one it replaced, and nobody else's."""

from __future__ import annotations

import datetime as dt

import pytest

from runstrong.app import accounts, athletes, backups, lifts
from runstrong.app.requests import AthleteRequest, LiftRequest, RestoreRequest
from runstrong.errors import InputError
from runstrong.settings import Context

NOW = dt.datetime(2027, 1, 6, 9, 0)
DAY = dt.date(2027, 1, 5)
PASSWORD = "correct horse battery staple"


@pytest.fixture
def ctx(database_url: str) -> Context:
    return Context.from_environment(database_url)


def _runner(ctx: Context, email: str, name: str) -> accounts.User:
    return accounts.sign_up(ctx, email=email, password=PASSWORD, name=name, now=NOW)


def _linked(ctx: Context) -> dict[str, str | None]:
    return {u.email: u.athlete for u in accounts.users(ctx)}


def test_replace_keeps_the_logins_and_feeds_of_the_athlete(ctx: Context) -> None:
    ana = _runner(ctx, "ana@example.org", "Ana")
    bo = _runner(ctx, "bo@example.org", "Bo")
    assert ana.athlete_id is not None and bo.athlete_id is not None
    revoked = accounts.calendar_feed(ctx, ana.athlete_id, now=NOW)
    live = accounts.calendar_feed(ctx, ana.athlete_id, now=NOW + dt.timedelta(minutes=1))
    bos = accounts.calendar_feed(ctx, bo.athlete_id, now=NOW)
    lifts.record_lifts(ctx, LiftRequest(athlete="Ana", lifts=("back-squat=100",), date=DAY))
    data = backups.backup(ctx, "Ana")
    lifts.record_lifts(
        ctx, LiftRequest(athlete="Ana", lifts=("back-squat=120",), date=DAY + dt.timedelta(days=1))
    )

    assert backups.restore(ctx, RestoreRequest(data=data, replace=True)) == ["Ana"]

    assert _linked(ctx) == {"ana@example.org": "Ana", "bo@example.org": "Bo"}
    after = accounts.user_by_email(ctx, "ana@example.org")
    assert after.athlete_id == athletes.athlete(ctx, "Ana").id
    assert lifts.one_rms(ctx, "Ana")["back-squat"].one_rm == 100  # the backup's, not the later
    assert accounts.feed_athlete(ctx, live) == "Ana"
    assert accounts.feed_athlete(ctx, revoked) is None  # still revoked
    assert accounts.feed_athlete(ctx, bos) == "Bo"
    # The feed is still the athlete's one feed: a new one revokes it as before.
    newer = accounts.calendar_feed(ctx, after.athlete_id, now=NOW + dt.timedelta(minutes=2))
    assert (accounts.feed_athlete(ctx, live), accounts.feed_athlete(ctx, newer)) == (None, "Ana")


def test_replace_of_several_athletes_relinks_each_to_its_own(ctx: Context) -> None:
    _runner(ctx, "ana@example.org", "Ana")
    _runner(ctx, "bo@example.org", "Bo")
    athletes.create_athlete(ctx, AthleteRequest(name="Cy"))  # no login
    data = backups.backup(ctx)

    restored = backups.restore(ctx, RestoreRequest(data=data, replace=True))

    assert sorted(restored) == ["Ana", "Bo", "Cy"]
    assert _linked(ctx) == {"ana@example.org": "Ana", "bo@example.org": "Bo"}
    for user in accounts.users(ctx):
        assert user.athlete is not None
        assert user.athlete_id == athletes.athlete(ctx, user.athlete).id


def test_a_refused_replace_leaves_the_links(ctx: Context) -> None:
    ana = _runner(ctx, "ana@example.org", "Ana")
    assert ana.athlete_id is not None
    feed = accounts.calendar_feed(ctx, ana.athlete_id, now=NOW)
    lifts.record_lifts(ctx, LiftRequest(athlete="Ana", lifts=("back-squat=100",), date=DAY))
    data = backups.backup(ctx, "Ana")
    data["athletes"][0]["lifts"][0]["exercise"] = "no-such-lift"  # read after the delete
    with pytest.raises(InputError, match="not an exercise of the catalogue"):
        backups.restore(ctx, RestoreRequest(data=data, replace=True))
    assert accounts.user_by_email(ctx, "ana@example.org").athlete_id == ana.athlete_id
    assert accounts.feed_athlete(ctx, feed) == "Ana"
