"""A backup keeps the comments on a runner's sessions and the share links to their plans
(revision 0012), on SQLite and PostgreSQL: a restore over the athlete brings both back, each
comment still its author's to delete, each link still opening its plan (a revoked one still
closed), backing up again gives the same JSON, an older backup restores with none, and a bad
entry is named by its JSON path, all or nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from test_comments import T0, plan_of

from runstrong import app as logbook
from runstrong.app import accounts, coaching, comments, schedule, shares
from runstrong.app.requests import InvitationRequest, RestoreRequest
from runstrong.errors import InputError, NotFound
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.records import User

PASSWORD = "correct horse battery"
LATER = T0 + dt.timedelta(days=2)


pytestmark = pytest.mark.usefixtures("cheap_hashes")


@dataclass
class Club:
    ctx: Context
    ana: User
    cora: User  # Ana's coach
    physio: str  # the token of Ana's live link
    coach_link: str  # the token of Cora's live link
    ended: str  # the token of a revoked link


@pytest.fixture
def club(database_url: str) -> Iterator[Club]:
    ctx = Context.from_environment(database_url)
    accounts.sign_up(ctx, email="owner@example.org", password=PASSWORD, name="Olga", now=T0)
    ana = accounts.sign_up(ctx, email="ana@example.org", password=PASSWORD, name="Ana", now=T0)
    cora = accounts.create_user(
        ctx, email="cora@example.org", password=PASSWORD, coach=True, now=T0
    )
    made = coaching.invite(ctx, cora, InvitationRequest(), now=T0)
    assert coaching.answer(ctx, ana, made.token, accept=True, now=T0) is not None
    assert ana.athlete_id is not None
    schedule.save_plan(ctx, "Ana", plan_of("2027-01-04"), {})
    plan = schedule.save_plan(ctx, "Ana", plan_of("2027-01-05", "2027-01-07"), {})
    sid = comments.session_id(plan, dt.date(2027, 1, 5))
    comments.add(ctx, ana, sid, "Legs heavy after the intervals.", now=T0)
    comments.add(
        ctx, cora, sid, "Take 5 kg off next time.", now=T0 + dt.timedelta(hours=2),
        athlete_id=ana.athlete_id,
    )  # fmt: skip
    physio = shares.create(ctx, ana, plan, label="physio", days=90, now=T0)
    coach_link = shares.create(ctx, cora, plan, now=T0, athlete_id=ana.athlete_id)
    ended = shares.create(ctx, ana, plan, label="old", now=T0)
    shares.revoke(ctx, ana, plan, ended.share.id, now=T0 + dt.timedelta(hours=1))
    yield Club(ctx, ana, cora, physio.token, coach_link.token, ended.token)
    ctx.close()


def _restore(ctx: Context, data: dict[str, Any]) -> None:
    logbook.restore(ctx, RestoreRequest(data=data, replace=True))


def _fresh(club: Club) -> User:
    """Ana's login as a request reads it after a restore (her athlete has a new id)."""
    with club.ctx.db.read() as s:
        found = repo.user(s, club.ana.id)
    assert found is not None and found.athlete == "Ana"
    return found


def _sid_now(club: Club) -> str:
    """The Tuesday session's id after a restore (its plan has a new id)."""
    plan = max(p.id for p in logbook.plans(club.ctx, "Ana"))
    return comments.session_id(plan, dt.date(2027, 1, 5))


def test_a_restore_brings_comments_and_share_links_back(club: Club) -> None:
    data = logbook.backup(club.ctx, "Ana")
    kept = data["athletes"][0]
    assert [(c["plan"], c["day"], c["author"], c["role"]) for c in kept["comments"]] == [
        (1, "2027-01-05", "Ana", "runner"),
        (1, "2027-01-05", "cora@example.org", "coach"),
    ]
    assert [(x["label"], x["by"], x["revoked"] is None) for x in kept["shares"]] == [
        ("physio", "ana@example.org", True),
        ("", "cora@example.org", True),
        ("old", "ana@example.org", False),
    ]
    text = json.dumps(data)
    for token in (club.physio, club.coach_link, club.ended):
        assert token not in text  # only the hash is kept, as in the database

    _restore(club.ctx, data)
    assert logbook.backup(club.ctx, "Ana") == data
    sid, ana = _sid_now(club), _fresh(club)
    found = comments.thread(club.ctx, ana, sid)
    assert [(c.author, c.body) for c in found] == [
        ("Ana", "Legs heavy after the intervals."),
        ("cora@example.org", "Take 5 kg off next time."),
    ]
    plan = max(p.id for p in logbook.plans(club.ctx, "Ana"))
    for token in (club.physio, club.coach_link):
        assert shares.shared_plan(club.ctx, token, now=LATER).id == plan
    with pytest.raises(NotFound):
        shares.shared_plan(club.ctx, club.ended, now=LATER)
    with pytest.raises(NotFound):  # the physio's link still ends after its 90 days
        shares.shared_plan(club.ctx, club.physio, now=T0 + dt.timedelta(days=90))

    # Each comment and link is still its maker's: the coach ends the link she made and
    # deletes her comment; the runner deletes hers.
    athlete = ana.athlete_id
    mine = shares.plan_shares(club.ctx, club.cora, plan, athlete_id=athlete)
    assert [s.creator for s in mine] == ["cora@example.org"]
    shares.revoke(club.ctx, club.cora, plan, mine[0].id, now=LATER, athlete_id=athlete)
    with pytest.raises(NotFound):
        shares.shared_plan(club.ctx, club.coach_link, now=LATER)
    coach_comment, runner_comment = found[1], found[0]
    with pytest.raises(NotFound):  # not the runner's to delete
        comments.delete(club.ctx, ana, sid, coach_comment.id)
    comments.delete(club.ctx, club.cora, sid, coach_comment.id, athlete_id=athlete)
    comments.delete(club.ctx, ana, sid, runner_comment.id)
    assert comments.thread(club.ctx, ana, sid) == []


def test_an_older_backup_restores_with_no_comments_or_links(club: Club) -> None:
    data = logbook.backup(club.ctx, "Ana")
    for key in ("comments", "shares"):
        del data["athletes"][0][key]  # a backup from before revision 0012
    _restore(club.ctx, data)
    assert comments.thread(club.ctx, _fresh(club), _sid_now(club)) == []
    with pytest.raises(NotFound):
        shares.shared_plan(club.ctx, club.physio, now=LATER)
    again = logbook.backup(club.ctx, "Ana")["athletes"][0]
    assert "comments" not in again and "shares" not in again


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        ("comments[1].plan", 9, r"comments\[1\]\.plan: refers to entry 9"),
        ("comments[1].plan", None, r"comments\[1\]\.plan: must name one of the athlete's plans"),
        ("comments[0].role", "physio", r"comments\[0\]\.role: 'physio' is not allowed"),
        ("comments[0].body", "x" * 2001, r"comments\[0\]\.body"),
        ("comments[0].day", "2027-02-30", r"comments\[0\]\.day: must be a date"),
        ("shares[2].token_sha256", "ABC", r"shares\[2\]\.token_sha256: must be 64 lower-case"),
        ("shares[0].label", "x" * 81, r"shares\[0\]\.label"),
        ("shares[0].revoked", "soon", r"shares\[0\]\.revoked: must be a date-time"),
        ("shares[1].extra", 1, r"shares\[1\]: unknown key 'extra'"),
    ],
)
def test_a_bad_entry_is_named_and_nothing_changes(
    club: Club, where: str, value: object, message: str
) -> None:
    data = logbook.backup(club.ctx, "Ana")
    listed, field = where.split(".")
    name, index = listed.rstrip("]").split("[")
    data["athletes"][0][name][int(index)][field] = value
    before = logbook.backup(club.ctx, "Ana")
    with pytest.raises(InputError, match=message) as caught:
        _restore(club.ctx, data)
    assert "\n" not in str(caught.value)
    assert logbook.backup(club.ctx, "Ana") == before  # all or nothing
    assert shares.shared_plan(club.ctx, club.physio, now=LATER).id == max(
        p.id for p in logbook.plans(club.ctx, "Ana")
    )


def test_a_link_this_server_holds_stays_with_its_holder(club: Club) -> None:
    """The same backup restored as a second athlete (its name changed by hand) cannot take
    over a link that opens Ana's plan: a token opens one plan."""
    data = logbook.backup(club.ctx, "Ana")
    data["athletes"][0]["name"] = "Ana Copy"
    logbook.restore(club.ctx, RestoreRequest(data=data))
    copy = logbook.backup(club.ctx, "Ana Copy")["athletes"][0]
    assert "shares" not in copy
    assert len(copy["comments"]) == 2
    ana_plan = max(p.id for p in logbook.plans(club.ctx, "Ana"))
    assert shares.shared_plan(club.ctx, club.physio, now=LATER).id == ana_plan
