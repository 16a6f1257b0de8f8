"""app.shares on SQLite and PostgreSQL: a runner's and a coach's read-only links to one plan,
the token shown once and stored as its sha256, label and expiry checked, expiry and revocation
closing the link alike, each made and ended link in the plan's change log, and strangers'
ids NotFound."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from test_comments import T0, plan_of

from runstrong.app import accounts, coaching, schedule, shares
from runstrong.app.requests import InvitationRequest
from runstrong.errors import InputError, NotFound
from runstrong.settings import Context
from runstrong.storage import audit
from runstrong.storage.records import User

PASSWORD = "correct horse battery"


pytestmark = pytest.mark.usefixtures("cheap_hashes")


@dataclass
class People:
    ctx: Context
    ana: User
    bo: User
    cora: User  # Ana's coach
    dan: User  # another coach
    plan: int  # Ana's
    bo_plan: int


@pytest.fixture
def people(database_url: str) -> Iterator[People]:
    ctx = Context.from_environment(database_url)

    def runner(email: str, name: str) -> User:
        return accounts.sign_up(ctx, email=email, password=PASSWORD, name=name, now=T0)

    def coach(email: str) -> User:
        return accounts.create_user(ctx, email=email, password=PASSWORD, coach=True, now=T0)

    runner("owner@example.org", "Olga")
    ana, bo = runner("ana@example.org", "Ana"), runner("bo@example.org", "Bo")
    cora, dan = coach("cora@example.org"), coach("dan@example.org")
    made = coaching.invite(ctx, cora, InvitationRequest(), now=T0)
    assert coaching.answer(ctx, ana, made.token, accept=True, now=T0) is not None
    plan = schedule.save_plan(ctx, "Ana", plan_of("2027-01-05"), {})
    bo_plan = schedule.save_plan(ctx, "Bo", plan_of("2027-01-05"), {})
    yield People(ctx, ana, bo, cora, dan, plan, bo_plan)
    ctx.close()


def _log(p: People) -> list[tuple[str, str, int | None]]:
    assert p.ana.athlete_id is not None
    with p.ctx.db.read() as s:
        return [(c.action, c.who, c.plan_id) for c in audit.changes(s, p.ana.athlete_id)]


def test_a_runner_shares_a_plan_and_revokes_the_link(people: People) -> None:
    p = people
    made = shares.create(p.ctx, p.ana, p.plan, label="  physio ", days="30", now=T0)
    assert len(made.token) >= 43
    assert (made.share.label, made.share.creator, made.share.plan_id) == (
        "physio",
        "ana@example.org",
        p.plan,
    )
    assert made.share.expires == T0 + dt.timedelta(days=30)
    with p.ctx.db.read() as s:  # only the hash is kept
        stored = s.rows("SELECT token_hash FROM share_links", {})
    assert stored == [(hashlib.sha256(made.token.encode()).hexdigest(),)]
    assert shares.shared_plan(p.ctx, made.token, now=T0).id == p.plan
    assert _log(p) == [("share.created", "ana@example.org", p.plan)]
    ended = shares.revoke(p.ctx, p.ana, p.plan, made.share.id, now=T0 + dt.timedelta(hours=1))
    assert ended.revoked == T0 + dt.timedelta(hours=1)
    with pytest.raises(NotFound):
        shares.shared_plan(p.ctx, made.token, now=T0 + dt.timedelta(hours=1))
    with pytest.raises(NotFound):  # once
        shares.revoke(p.ctx, p.ana, p.plan, made.share.id, now=T0)
    assert [a for a, _w, _p in _log(p)] == ["share.revoked", "share.created"]


def test_expiry_closes_the_link_at_its_moment(people: People) -> None:
    p = people
    week = shares.create(p.ctx, p.ana, p.plan, days=7, now=T0)
    forever = shares.create(p.ctx, p.ana, p.plan, now=T0)
    just_before = T0 + dt.timedelta(days=7, seconds=-1)
    assert shares.shared_plan(p.ctx, week.token, now=just_before).id == p.plan
    with pytest.raises(NotFound) as caught:
        shares.shared_plan(p.ctx, week.token, now=T0 + dt.timedelta(days=7))
    unknown = pytest.raises(NotFound)
    with unknown as other:
        shares.shared_plan(p.ctx, "not-a-token", now=T0)
    assert str(caught.value) == str(other.value)  # expired and unknown read the same
    assert week.token not in str(caught.value)
    assert shares.shared_plan(p.ctx, forever.token, now=T0 + dt.timedelta(days=3650)).id == p.plan
    assert forever.share.expires is None
    for bad in ("", "x" * 201, forever.token + "x"):
        with pytest.raises(NotFound):
            shares.shared_plan(p.ctx, bad, now=T0)


@pytest.mark.parametrize(
    ("label", "days", "field"),
    [
        ("x" * 81, None, "label"),
        ("bell\x07", None, "label"),
        ("physio", "14", "days"),
        ("physio", "0", "days"),
        ("physio", "thirty", "days"),
        ("physio", -7, "days"),
    ],
)
def test_bad_label_or_expiry_names_the_field(
    people: People, label: str, days: str | int, field: str
) -> None:
    with pytest.raises(InputError) as caught:
        shares.create(people.ctx, people.ana, people.plan, label=label, days=days, now=T0)
    assert caught.value.field == field
    assert "\n" not in str(caught.value)
    assert _log(people) == []


def test_a_coach_shares_a_coached_athletes_plan(people: People) -> None:
    p = people
    athlete = p.ana.athlete_id
    assert athlete is not None
    theirs = shares.create(p.ctx, p.cora, p.plan, label="club physio", now=T0, athlete_id=athlete)
    mine = shares.create(p.ctx, p.ana, p.plan, label="my physio", now=T0)
    assert theirs.share.creator == "cora@example.org"
    # The runner sees every link to their plan; the coach the ones they made.
    assert [x.id for x in shares.plan_shares(p.ctx, p.ana, p.plan)] == [
        mine.share.id,
        theirs.share.id,
    ]
    seen = shares.plan_shares(p.ctx, p.cora, p.plan, athlete_id=athlete)
    assert [x.id for x in seen] == [theirs.share.id]
    with pytest.raises(NotFound):  # the runner's own link is not the coach's to end
        shares.revoke(p.ctx, p.cora, p.plan, mine.share.id, now=T0, athlete_id=athlete)
    shares.revoke(p.ctx, p.ana, p.plan, theirs.share.id, now=T0)  # the runner ends the coach's
    assert [(a, w) for a, w, _p in _log(p)] == [
        ("share.revoked", "ana@example.org"),
        ("share.created", "ana@example.org"),
        ("share.created", "cora@example.org"),
    ]


def test_strangers_ids_and_a_left_coach_are_not_found(people: People) -> None:
    p = people
    ana, bo = p.ana.athlete_id, p.bo.athlete_id
    assert ana is not None and bo is not None
    made = shares.create(p.ctx, p.ana, p.plan, now=T0)
    for user, athlete, plan in (
        (p.bo, None, p.plan),  # another runner's plan as his own
        (p.ana, None, p.bo_plan),
        (p.dan, ana, p.plan),  # another coach
        (p.cora, bo, p.bo_plan),  # a runner Cora does not coach
        (p.cora, ana, p.bo_plan),  # Bo's plan under Ana's id
        (p.cora, None, p.plan),  # a coach account has no plans of its own
        (p.ana, None, 2**63),
    ):
        with pytest.raises(NotFound):
            shares.create(p.ctx, user, plan, now=T0, athlete_id=athlete)
        with pytest.raises(NotFound):
            shares.plan_shares(p.ctx, user, plan, athlete_id=athlete)
        with pytest.raises(NotFound):
            shares.revoke(p.ctx, user, plan, made.share.id, now=T0, athlete_id=athlete)
    other = schedule.save_plan(p.ctx, "Ana", plan_of("2027-01-05"), {})
    with pytest.raises(NotFound):  # the right id under another plan of hers
        shares.revoke(p.ctx, p.ana, other, made.share.id, now=T0)
    coaching.leave(p.ctx, p.ana, coaching.coaches(p.ctx, p.ana)[0].id, now=T0)
    with pytest.raises(NotFound):
        shares.create(p.ctx, p.cora, p.plan, now=T0, athlete_id=ana)
    assert shares.shared_plan(p.ctx, made.token, now=T0).id == p.plan  # still open
