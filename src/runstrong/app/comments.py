"""Comments on a planned session, both ways (issue 13 part 6): the runner on their own session,
a coach on a coached athlete's. A session is `PLAN-DATE` (gym mode's id), and it must be one the
athlete's saved plans still ask for on that day (on a day two plans cover, the newest's), so a
comment is always on a session the runner can open. Anything of another runner or coach is
NotFound, as coaching.coached_athlete decides. Like accounts.py, the shell passes `now`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from runstrong.errors import InputError, NotFound
from runstrong.settings import Context
from runstrong.storage import comments as store
from runstrong.storage import limits
from runstrong.storage import repository as repo
from runstrong.storage.comments import Comment, Recent
from runstrong.storage.records import User

__all__ = [
    "MAX_BODY",
    "Comment",
    "Recent",
    "Thread",
    "add",
    "checked_body",
    "delete",
    "recent",
    "session_id",
    "thread",
    "threads",
]

MAX_BODY = 2000
"""Characters of a comment, as of a log's notes: a paragraph, not a file pasted by mistake."""
_SID = re.compile(r"^(\d{1,12})-(\d{4}-\d{2}-\d{2})$")


def session_id(plan_id: int, day: dt.date) -> str:
    """A session's id as gym mode names it: `PLAN-DATE`."""
    return f"{plan_id}-{day.isoformat()}"


def parse_sid(sid: str) -> tuple[int, dt.date]:
    """(plan id, day) of a `PLAN-DATE` id; NotFound for anything else."""
    found = _SID.match(sid) if isinstance(sid, str) else None
    if found is None:
        raise NotFound("session", str(sid)[:40])
    try:
        return int(found[1]), dt.date.fromisoformat(found[2])
    except ValueError:
        raise NotFound("session", sid) from None


def checked_body(body: str) -> str:
    """A comment's text: 1-2000 characters once trimmed, no control characters but line breaks
    and tabs."""
    if not isinstance(body, str):
        raise InputError("body", f"must be text; got {type(body).__name__}")
    text = body.replace("\r\n", "\n").strip()
    if not text:
        raise InputError("body", "write something: 1-2000 characters")
    return limits.text(text, "body", MAX_BODY)


def _checked_id(value: int, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= limits.MAX_ID:
        raise NotFound(field, str(value))
    return value


def _athlete(s: repo.Handle, user: User, athlete_id: int | None) -> tuple[int, str]:
    """The athlete a comment is on and the author's role: the user's own athlete (None), or
    one they coach now; NotFound otherwise."""
    if athlete_id is None:
        if user.athlete_id is None:
            raise NotFound("session", user.email)
        return user.athlete_id, "runner"
    from runstrong.app.coaching import _link

    return _link(s, user, athlete_id).athlete_id, "coach"


def planned(s: repo.Handle, athlete_id: int, sid: str) -> tuple[int, dt.date, dict[str, Any]]:
    """(plan id, day, session) of a session the athlete's saved plans ask for; NotFound else."""
    from runstrong.app.schedule import planned_days

    plan_id, day = parse_sid(sid)
    for record, session in planned_days(repo.plans_covering(s, athlete_id, day, day), day, day):
        if record.id == plan_id:
            return plan_id, day, session
    raise NotFound("session", sid)


def thread(ctx: Context, user: User, sid: str, athlete_id: int | None = None) -> list[Comment]:
    """One session's comments, oldest first: of the user's own session, or (`athlete_id`) of
    a session of an athlete they coach."""
    with ctx.db.read() as s:
        athlete, _role = _athlete(s, user, athlete_id)
        plan_id, day, _session = planned(s, athlete, sid)
        return store.session_comments(s, athlete, plan_id, day)


def add(
    ctx: Context,
    user: User,
    sid: str,
    body: str,
    *,
    now: dt.datetime,
    athlete_id: int | None = None,
) -> Comment:
    """Comment on the user's own session, or (`athlete_id`) as their coach on an athlete's.
    The author is kept as named now: the runner's athlete name, or the coach's email."""
    from runstrong.storage.writes import changed

    text = checked_body(body)
    with ctx.db.write() as s:
        athlete, role = _athlete(s, user, athlete_id)
        plan_id, day, _session = planned(s, athlete, sid)
        author = user.athlete if role == "runner" and user.athlete else user.email
        made = store.add(
            s,
            athlete_id=athlete,
            plan_id=plan_id,
            day=day,
            author_id=user.id,
            author=author,
            role=role,
            body=text,
            created=now,
        )
        changed(s, athlete)  # the session page and the coach's views show it
    return made


def delete(
    ctx: Context, user: User, sid: str, comment_id: int, *, athlete_id: int | None = None
) -> Comment:
    """Delete one of the user's own comments on this session; anyone else's, or one on
    another session, is NotFound."""
    from runstrong.storage.writes import changed

    _checked_id(comment_id, "comment")
    with ctx.db.write() as s:
        athlete, _role = _athlete(s, user, athlete_id)
        plan_id, day, _session = planned(s, athlete, sid)
        mine = [c for c in store.session_comments(s, athlete, plan_id, day) if c.id == comment_id]
        if not mine or mine[0].author_id != user.id:
            raise NotFound("comment", str(comment_id))
        gone = store.delete(s, comment_id, athlete_id=athlete, author_id=user.id)
        if gone is None:
            raise NotFound("comment", str(comment_id))
        changed(s, athlete)
    return gone


@dataclass(frozen=True)
class Thread:
    """A session of a coached athlete and its comments, for the coach's comments page;
    `open` when the athlete's plans still ask for the session (it can be answered)."""

    sid: str
    day: dt.date
    session: dict[str, Any] | None
    comments: list[Comment]

    @property
    def open(self) -> bool:
        """Whether the session can still be commented on."""
        return self.session is not None


def threads(
    ctx: Context,
    user: User,
    athlete_id: int,
    *,
    first: dt.date,
    last: dt.date,
    limit: int = 100,
) -> list[Thread]:
    """For a coach: the athlete's sessions on first..last and every session among their
    `limit` newest comments, each with its comments (oldest first), the latest day first."""
    from runstrong.app.schedule import planned_days

    with ctx.db.read() as s:
        athlete, _role = _athlete(s, user, athlete_id)
        newest = store.athlete_comments(s, athlete, limit=limit)
        days = [c.day for c in newest] + [first, last]
        low, high = min(days), max(days)
        plans = repo.plans_covering(s, athlete, low, high)
        written = store.day_comments(s, athlete, low, high)
    live = {(r.id, dt.date.fromisoformat(x["date"])): x for r, x in planned_days(plans, low, high)}
    keys = {k for k in live if first <= k[1] <= last} | {(c.plan_id, c.day) for c in newest}
    by_key: dict[tuple[int, dt.date], list[Comment]] = {k: [] for k in keys}
    for c in written:
        if (c.plan_id, c.day) in by_key:
            by_key[(c.plan_id, c.day)].append(c)
    return [
        Thread(session_id(*key), key[1], live.get(key), by_key[key])
        for key in sorted(keys, key=lambda k: (k[1], k[0]), reverse=True)
    ]


def recent(
    ctx: Context, user: User, athlete_ids: list[int], first: dt.date, last: dt.date
) -> dict[int, Recent]:
    """For a coach's dashboard: per athlete they coach among `athlete_ids`, the comments
    written on first..last (how many, the newest); others' ids are left out."""
    from runstrong.storage import coaching

    with ctx.db.read() as s:
        mine = {link.athlete_id for link in coaching.coached(s, user.id)}
        return store.recent(s, [a for a in athlete_ids if a in mine], first, last)
