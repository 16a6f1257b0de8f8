"""app.comments on SQLite and PostgreSQL: a runner on their own session, a coach on a coached
athlete's (only while the link lasts, only on a session the plans still ask for), bodies
checked, authors kept as named, deleting one's own only; threads for the coach's page; and
storage.comments.recent: per athlete, the count in a window and the newest, in one query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from runstrong.app import accounts, coaching, comments, schedule
from runstrong.app.requests import InvitationRequest
from runstrong.errors import InputError, NotFound
from runstrong.settings import Context
from runstrong.storage import comments as store
from runstrong.storage.records import User

T0 = dt.datetime(2027, 1, 4, 8, 0)
PASSWORD = "correct horse battery"


pytestmark = pytest.mark.usefixtures("cheap_hashes")


def plan_of(*days: str, start: str = "2027-01-04") -> dict[str, Any]:
    """A saved plan's JSON with one week holding a session on each of `days`."""
    sessions = [{"date": d, "kind": "strength", "minutes": 40, "exercises": []} for d in days]
    return {
        "schema": "runstrong.plan/1",
        "goal": "strength",
        "units": "kg",
        "weeks": [{"index": 1, "start": start, "phase": "base", "sessions": sessions}],
    }


@dataclass
class People:
    ctx: Context
    ana: User  # a runner coached by Cora
    bo: User  # a runner nobody coaches
    cora: User  # Ana's coach
    dan: User  # another coach
    plan: int  # Ana's plan: sessions on Tue 5 and Thu 7 January 2027
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
    plan = schedule.save_plan(ctx, "Ana", plan_of("2027-01-05", "2027-01-07"), {})
    bo_plan = schedule.save_plan(ctx, "Bo", plan_of("2027-01-05"), {})
    yield People(ctx, ana, bo, cora, dan, plan, bo_plan)
    ctx.close()


def _revision(ctx: Context, athlete_id: int) -> int:
    with ctx.db.read() as s:
        return int(s.rows("SELECT revision FROM athletes WHERE id = :id", {"id": athlete_id})[0][0])


def test_both_ways_on_one_session_oldest_first_with_authors_as_named(people: People) -> None:
    p = people
    sid = f"{p.plan}-2027-01-05"
    assert p.ana.athlete_id is not None
    before = _revision(p.ctx, p.ana.athlete_id)
    mine = comments.add(p.ctx, p.ana, sid, "  Squats felt heavy.\r\nKnee fine.  ", now=T0)
    assert (mine.author, mine.role, mine.body) == (
        "Ana",
        "runner",
        "Squats felt heavy.\nKnee fine.",
    )
    assert _revision(p.ctx, p.ana.athlete_id) > before  # the session page shows it at once
    later = T0 + dt.timedelta(hours=2)
    answer = comments.add(
        p.ctx, p.cora, sid, "Drop 5 kg next time.", now=later, athlete_id=p.ana.athlete_id
    )
    assert (answer.author, answer.role, answer.author_id) == (
        "cora@example.org",
        "coach",
        p.cora.id,
    )
    mine_seen = comments.thread(p.ctx, p.ana, sid)
    theirs_seen = comments.thread(p.ctx, p.cora, sid, athlete_id=p.ana.athlete_id)
    assert [c.id for c in mine_seen] == [mine.id, answer.id] == [c.id for c in theirs_seen]
    assert mine_seen[1].created == later
    assert comments.thread(p.ctx, p.ana, f"{p.plan}-2027-01-07") == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("", "write something"),
        ("   \n\t ", "write something"),
        ("x" * 2001, "at most 2000 characters"),
        ("bell\x07", "control characters"),
        ("nul\x00", "NUL"),
    ],
)
def test_a_bad_body_is_one_line_naming_body(people: People, body: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem) as caught:
        comments.add(people.ctx, people.ana, f"{people.plan}-2027-01-05", body, now=T0)
    assert caught.value.field == "body"
    assert "\n" not in str(caught.value)
    assert comments.add(people.ctx, people.ana, f"{people.plan}-2027-01-05", "x" * 2000, now=T0)


def test_only_sessions_the_plans_ask_for(people: People) -> None:
    p = people
    for sid in (
        f"{p.plan}-2027-01-06",  # a day without a session
        f"{p.bo_plan}-2027-01-05",  # Bo's plan
        f"{p.plan}-2027-02-30",  # no such day
        "nonsense",
        f"{p.plan}-2027-1-5",
        f"{'9' * 13}-2027-01-05",
    ):
        with pytest.raises(NotFound):
            comments.add(p.ctx, p.ana, sid, "hello", now=T0)
        with pytest.raises(NotFound):
            comments.add(p.ctx, p.cora, sid, "hello", now=T0, athlete_id=p.ana.athlete_id)
    # A newer plan covering the day wins it: the older plan's session is gone from the page.
    newer = schedule.save_plan(p.ctx, "Ana", plan_of("2027-01-05"), {})
    with pytest.raises(NotFound):
        comments.add(p.ctx, p.ana, f"{p.plan}-2027-01-05", "hello", now=T0)
    assert comments.add(p.ctx, p.ana, f"{newer}-2027-01-05", "hello", now=T0)
    assert comments.add(p.ctx, p.ana, f"{p.plan}-2027-01-07", "hello", now=T0)


def test_strangers_and_a_coach_who_was_left_get_not_found(people: People) -> None:
    p = people
    sid = f"{p.plan}-2027-01-05"
    assert p.ana.athlete_id is not None and p.bo.athlete_id is not None
    for user, athlete in (
        (p.dan, p.ana.athlete_id),
        (p.bo, p.ana.athlete_id),
        (p.cora, p.bo.athlete_id),
    ):
        with pytest.raises(NotFound):
            comments.add(p.ctx, user, sid, "hello", now=T0, athlete_id=athlete)
        with pytest.raises(NotFound):
            comments.thread(p.ctx, user, sid, athlete_id=athlete)
    with pytest.raises(NotFound):  # Bo's own session page has no such session
        comments.thread(p.ctx, p.bo, sid)
    with pytest.raises(NotFound):  # a coach account has no sessions of its own
        comments.add(p.ctx, p.cora, sid, "hello", now=T0)
    written = comments.add(p.ctx, p.cora, sid, "hello", now=T0, athlete_id=p.ana.athlete_id)
    link = coaching.coaches(p.ctx, p.ana)[0]
    coaching.leave(p.ctx, p.ana, link.id, now=T0)
    with pytest.raises(NotFound):
        comments.thread(p.ctx, p.cora, sid, athlete_id=p.ana.athlete_id)
    with pytest.raises(NotFound):
        comments.delete(p.ctx, p.cora, sid, written.id, athlete_id=p.ana.athlete_id)
    # What the coach wrote stays on the runner's session, under the name they wrote with.
    assert [c.author for c in comments.thread(p.ctx, p.ana, sid)] == ["cora@example.org"]


def test_an_author_deletes_their_own_comment_only(people: People) -> None:
    p = people
    sid = f"{p.plan}-2027-01-05"
    assert p.ana.athlete_id is not None
    mine = comments.add(p.ctx, p.ana, sid, "mine", now=T0)
    theirs = comments.add(p.ctx, p.cora, sid, "theirs", now=T0, athlete_id=p.ana.athlete_id)
    with pytest.raises(NotFound):  # the coach's comment, on the runner's own session
        comments.delete(p.ctx, p.ana, sid, theirs.id)
    with pytest.raises(NotFound):
        comments.delete(p.ctx, p.cora, sid, mine.id, athlete_id=p.ana.athlete_id)
    with pytest.raises(NotFound):  # right author, another session
        comments.delete(p.ctx, p.ana, f"{p.plan}-2027-01-07", mine.id)
    for bad in (0, -1, 2**63, 10**6):
        with pytest.raises(NotFound):
            comments.delete(p.ctx, p.ana, sid, bad)
    before = _revision(p.ctx, p.ana.athlete_id)
    assert comments.delete(p.ctx, p.ana, sid, mine.id).id == mine.id
    assert _revision(p.ctx, p.ana.athlete_id) > before
    with pytest.raises(NotFound):  # gone
        comments.delete(p.ctx, p.ana, sid, mine.id)
    comments.delete(p.ctx, p.cora, sid, theirs.id, athlete_id=p.ana.athlete_id)
    assert comments.thread(p.ctx, p.ana, sid) == []


def test_threads_for_the_coach_page(people: People) -> None:
    p = people
    athlete = p.ana.athlete_id
    assert athlete is not None
    old = schedule.save_plan(p.ctx, "Ana", plan_of("2026-11-03", start="2026-11-02"), {})
    comments.add(p.ctx, p.ana, f"{old}-2026-11-03", "long ago", now=T0)
    comments.add(p.ctx, p.ana, f"{p.plan}-2027-01-07", "first", now=T0)
    comments.add(p.ctx, p.cora, f"{p.plan}-2027-01-07", "answer", now=T0, athlete_id=athlete)
    found = comments.threads(
        p.ctx, p.cora, athlete, first=dt.date(2027, 1, 1), last=dt.date(2027, 1, 10)
    )
    assert [(t.sid, [c.body for c in t.comments]) for t in found] == [
        (f"{p.plan}-2027-01-07", ["first", "answer"]),
        (f"{p.plan}-2027-01-05", []),  # planned in the window, nothing said yet
        (f"{old}-2026-11-03", ["long ago"]),  # older, but among the newest comments
    ]
    assert all(t.open for t in found)
    with pytest.raises(NotFound):
        comments.threads(p.ctx, p.dan, athlete, first=T0.date(), last=T0.date())


def test_recent_per_athlete_in_one_query(people: People) -> None:
    """Comments on the sessions of the days asked (whenever written), counted per athlete,
    with the newest written."""
    p = people
    ana, bo = p.ana.athlete_id, p.bo.athlete_id
    assert ana is not None and bo is not None
    tuesday, thursday = f"{p.plan}-2027-01-05", f"{p.plan}-2027-01-07"
    comments.add(p.ctx, p.ana, tuesday, "written early", now=dt.datetime(2026, 12, 30, 9, 0))
    comments.add(p.ctx, p.ana, thursday, "thursday", now=dt.datetime(2027, 1, 7, 20, 0))
    comments.add(
        p.ctx, p.cora, tuesday, "sunday night", now=dt.datetime(2027, 1, 10, 23, 59), athlete_id=ana
    )
    comments.add(p.ctx, p.bo, f"{p.bo_plan}-2027-01-05", "bo's", now=dt.datetime(2027, 1, 5, 7))
    first, last = dt.date(2027, 1, 4), dt.date(2027, 1, 6)  # Thursday's session is not in it
    queries: list[str] = []
    with p.ctx.db.read() as s:
        rows = s.rows

        def counted(query: str, params: Any = None) -> Any:
            queries.append(query)
            return rows(query, params)

        s.rows = counted  # type: ignore[method-assign]
        found = store.recent(s, [ana, bo, ana, 10**9], first, last)
    assert len(queries) == 1
    assert set(found) == {ana, bo}
    assert (found[ana].count, found[ana].newest.body, found[ana].newest.role) == (
        2,
        "sunday night",
        "coach",
    )
    with p.ctx.db.read() as s:
        week = store.recent(s, [ana], first, dt.date(2027, 1, 10))
    assert (week[ana].count, week[ana].newest.body) == (3, "sunday night")
    assert (found[bo].count, found[bo].newest.body) == (1, "bo's")
    with p.ctx.db.read() as s:
        assert store.recent(s, [], first, last) == {}
        assert store.recent(s, [ana], dt.date(2027, 2, 1), dt.date(2027, 2, 7)) == {}
    # Through the app: a coach gets only the athletes they coach.
    seen = comments.recent(p.ctx, p.cora, [ana, bo], first, last)
    assert set(seen) == {ana}
