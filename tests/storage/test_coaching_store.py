"""storage.coaching on SQLite and PostgreSQL: links last until ended, only the athlete's own
link ends, a squad lists only athletes whose link lasts, an invitation is used once, a coach's
managed athletes go with them, and an athlete's coaching rows survive being re-created."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from runstrong.settings import Context
from runstrong.storage import coaching as store
from runstrong.storage import repository as repo

T0 = dt.datetime(2027, 1, 4, 8, 0, 0, 123456)


@pytest.fixture
def ctx(database_url: str) -> Iterator[Context]:
    context = Context.from_environment(database_url)
    yield context
    context.close()


def _setup(ctx: Context) -> tuple[int, int, int, int]:
    """Two coach users and two athletes: (cora, dan, ana, jo)."""
    with ctx.db.write() as s:
        ids = [
            repo.create_user(
                s, email=f"{who}@example.org", password_hash="x", athlete_id=None,
                role="coach", created=T0,
            )
            for who in ("cora", "dan")
        ]  # fmt: skip
        ana = repo.create_athlete(s, name="Ana", units="kg", setup=None).id
        jo = repo.create_athlete(s, name="Jo", units="kg", setup=None).id
        repo.create_user(
            s, email="ana@example.org", password_hash="x", athlete_id=ana, role="runner", created=T0
        )
    return ids[0], ids[1], ana, jo


def test_a_link_lasts_until_its_athlete_ends_it(ctx: Context) -> None:
    cora, dan, ana, jo = _setup(ctx)
    with ctx.db.write() as s:
        link = store.add_link(s, cora, ana, managed=False, at=T0)
        managed = store.add_link(s, cora, jo, managed=True, at=T0)
    with ctx.db.read() as s:
        found = store.live_link(s, cora, ana)
        assert found is not None and (found.id, found.since, found.login) == (link, T0, True)
        assert store.live_link(s, dan, ana) is None
        assert [x.athlete for x in store.coached(s, cora)] == ["Ana", "Jo"]
        assert [x.login for x in store.coached(s, cora)] == [True, False]
    with ctx.db.write() as s:
        assert store.end_link(s, link, jo, T0) is None  # not Jo's link
        assert store.end_link(s, managed, jo, T0) is None  # a managed link is not left
        ended = store.end_link(s, link, ana, T0)
        assert ended is not None and ended.ended == T0
        assert store.end_link(s, link, ana, T0) is None  # once
    with ctx.db.read() as s:
        assert store.live_link(s, cora, ana) is None
        assert store.coaches_of(s, ana) == []
        assert [x.athlete for x in store.coaches_of(s, jo)] == ["Jo"]


def test_a_squad_lists_only_athletes_whose_link_lasts(ctx: Context) -> None:
    cora, dan, ana, jo = _setup(ctx)
    with ctx.db.write() as s:
        store.add_link(s, cora, ana, managed=False, at=T0)
        squad = store.add_squad(s, cora, "Tuesday", T0)
        assert store.add_member(s, squad, ana, T0)
        assert not store.add_member(s, squad, ana, T0)
        assert store.add_member(s, squad, jo, T0)  # a row without a link: never listed
    with ctx.db.read() as s:
        assert [m.athlete for m in store.squad_members(s, squad)] == ["Ana"]
        found = store.squad(s, cora, squad)
        assert found is not None and found.size == 1
        assert store.squad(s, dan, squad) is None
    with ctx.db.write() as s:
        store.update_squad(s, squad, name="Track", archived_at=T0)
        store.update_squad(s, squad, archived_at=T0 + dt.timedelta(days=1))  # kept: the first
    with ctx.db.read() as s:
        found = store.squad(s, cora, squad)
        assert found is not None and (found.name, found.archived_at) == ("Track", T0)
    with ctx.db.write() as s:
        store.update_squad(s, squad, unarchive=True)
        assert store.remove_member(s, squad, ana)
        assert not store.remove_member(s, squad, ana)
    with ctx.db.read() as s:
        found = store.squad(s, cora, squad)
        assert found is not None and (found.archived_at, found.size) == (None, 0)


def test_an_invitation_is_found_by_either_hash_and_used_once(ctx: Context) -> None:
    cora, _dan, _ana, jo = _setup(ctx)
    expires = T0 + dt.timedelta(days=7)
    with ctx.db.write() as s:
        invitation = store.add_invitation(
            s, coach_id=cora, token_hash="t" * 64, code_hash="k" * 64, email=None,
            athlete_id=jo, created=T0, expires=expires,
        )  # fmt: skip
    with ctx.db.read() as s:
        by_token = store.invitation_by_hash(s, "t" * 64)
        assert by_token is not None and by_token == store.invitation_by_hash(s, "k" * 64)
        assert (by_token.athlete, by_token.expires, by_token.used) == ("Jo", expires, None)
        assert store.invitation_by_hash(s, "x" * 64) is None
    with ctx.db.write() as s:
        assert not store.use_invitation(s, invitation, "accepted", expires)  # expired by then
        assert store.use_invitation(s, invitation, "accepted", T0)
        assert not store.use_invitation(s, invitation, "declined", T0)
        assert not store.revoke_invitation(s, cora, invitation, T0)
    with ctx.db.read() as s:
        assert [(i.used, i.outcome) for i in store.invitations(s, cora)] == [(T0, "accepted")]


def test_a_coachs_managed_athletes_go_with_them(ctx: Context) -> None:
    cora, _dan, ana, jo = _setup(ctx)
    with ctx.db.write() as s:
        store.add_link(s, cora, ana, managed=False, at=T0)
        store.add_link(s, cora, jo, managed=True, at=T0)
        assert store.managed_athletes(s, cora) == [jo]
        store.delete_managed(s, cora)
    with ctx.db.read() as s:
        assert [a.name for a in repo.athletes(s)] == ["Ana"]


def test_coaching_rows_survive_a_re_created_athlete(ctx: Context) -> None:
    cora, dan, ana, _jo = _setup(ctx)
    with ctx.db.write() as s:
        store.add_link(s, cora, ana, managed=False, at=T0)
        store.add_link(s, dan, ana, managed=False, at=T0)
        store.end_link(s, store.coaches_of(s, ana)[-1].id, ana, T0 + dt.timedelta(hours=1))
        squad = store.add_squad(s, cora, "Tuesday", T0)
        store.add_member(s, squad, ana, T0)
        kept = store.ties(s, ana)
        repo.delete_athlete(s, "Ana")
        again = repo.create_athlete(s, name="Ana", units="kg", setup=None).id
        store.retie(s, again, kept)
    with ctx.db.read() as s:
        assert again != ana
        assert [(x.coach_email, x.since) for x in store.coaches_of(s, again)] == [
            ("cora@example.org", T0)
        ]
        assert [m.athlete_id for m in store.squad_members(s, squad)] == [again]
        assert store.ties(s, again) == kept
