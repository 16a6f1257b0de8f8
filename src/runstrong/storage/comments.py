"""Comments on planned sessions (revision 0012): text SQL on the transaction's connection, like
storage/coaching.py. A session is named by its athlete, its plan and its day; the author is
kept as they were named when they wrote (an email, or the runner's name), so a comment outlives
its author's account. The application layer (app/comments.py) decides who may write what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runstrong.storage.repository import _bound, _bound_moment, _day, _moment, _reader

if TYPE_CHECKING:
    from runstrong.storage.repository import Handle

ROLES = ("runner", "coach")


@dataclass(frozen=True)
class Comment:
    """One comment on one planned session, as stored."""

    id: int
    athlete_id: int
    plan_id: int
    day: dt.date
    author_id: int | None  # None once the author's account is deleted
    author: str
    role: str  # runner or coach
    body: str
    created: dt.datetime


@dataclass(frozen=True)
class Recent:
    """An athlete's comments written in a date window: how many, and the newest one."""

    athlete_id: int
    count: int
    newest: Comment


_COLUMNS = "id, athlete_id, plan_id, day, author_id, author, role, body, created"


def _comment(x: Sequence[Any]) -> Comment:
    return Comment(
        id=int(x[0]),
        athlete_id=int(x[1]),
        plan_id=int(x[2]),
        day=_day(x[3]),
        author_id=None if x[4] is None else int(x[4]),
        author=str(x[5]),
        role=str(x[6]),
        body=str(x[7]),
        created=_moment(x[8]),
    )


def add(
    s: Handle,
    *,
    athlete_id: int,
    plan_id: int,
    day: dt.date,
    author_id: int | None,
    author: str,
    role: str,
    body: str,
    created: dt.datetime,
) -> Comment:
    """Store a comment (in the caller's write transaction); the comment as stored."""
    if role not in ROLES:
        raise ValueError(f"unknown comment role {role!r}")  # a programming error
    r = _reader(s)
    rows = r.rows(
        f"INSERT INTO session_comments ({_COLUMNS.removeprefix('id, ')})"
        " VALUES (:a, :p, :d, :u, :author, :role, :body, :at)"
        f" RETURNING {_COLUMNS}",
        {
            "a": athlete_id,
            "p": plan_id,
            "d": _bound(r, day),
            "u": author_id,
            "author": author,
            "role": role,
            "body": body,
            "at": _bound_moment(r, created),
        },
    )
    return _comment(rows[0])


def session_comments(s: Handle, athlete_id: int, plan_id: int, day: dt.date) -> list[Comment]:
    """One session's comments, oldest first."""
    r = _reader(s)
    rows = r.rows(
        f"SELECT {_COLUMNS} FROM session_comments"
        " WHERE athlete_id = :a AND day = :d AND plan_id = :p ORDER BY created, id",
        {"a": athlete_id, "p": plan_id, "d": _bound(r, day)},
    )
    return [_comment(x) for x in rows]


def day_comments(s: Handle, athlete_id: int, first: dt.date, last: dt.date) -> list[Comment]:
    """An athlete's comments on sessions of the days first..last, oldest first."""
    r = _reader(s)
    rows = r.rows(
        f"SELECT {_COLUMNS} FROM session_comments"
        " WHERE athlete_id = :a AND day >= :first AND day <= :last ORDER BY created, id",
        {"a": athlete_id, "first": _bound(r, first), "last": _bound(r, last)},
    )
    return [_comment(x) for x in rows]


def athlete_comments(s: Handle, athlete_id: int, *, limit: int = 100) -> list[Comment]:
    """An athlete's newest comments on any session, newest first."""
    rows = _reader(s).rows(
        f"SELECT {_COLUMNS} FROM session_comments WHERE athlete_id = :a"
        " ORDER BY created DESC, id DESC LIMIT :n",
        {"a": athlete_id, "n": limit},
    )
    return [_comment(x) for x in rows]


def delete(s: Handle, comment_id: int, *, athlete_id: int, author_id: int) -> Comment | None:
    """Delete one comment of this author on this athlete's sessions; None when there is no
    such comment (another author's, another athlete's, or gone)."""
    rows = _reader(s).rows(
        "DELETE FROM session_comments"
        " WHERE id = :id AND athlete_id = :a AND author_id = :u"
        f" RETURNING {_COLUMNS}",
        {"id": comment_id, "a": athlete_id, "u": author_id},
    )
    return _comment(rows[0]) if rows else None


def move(s: Handle, athlete_id: int, plan_id: int, day: dt.date, to: dt.date) -> int:
    """Carry one session's comments to the day it moved to (a coach's edit, in its write
    transaction), so the session keeps what was said on it; how many moved."""
    r = _reader(s)
    rows = r.rows(
        "UPDATE session_comments SET day = :to"
        " WHERE athlete_id = :a AND plan_id = :p AND day = :d RETURNING id",
        {"to": _bound(r, to), "a": athlete_id, "p": plan_id, "d": _bound(r, day)},
    )
    return len(rows)


def recent(
    s: Handle, athlete_ids: Sequence[int], first: dt.date, last: dt.date
) -> dict[int, Recent]:
    """For each athlete of `athlete_ids` who has any, the comments on their sessions of the days
    first..last (whenever written): how many, and the newest written. One query, for a squad's
    dashboard; an athlete without comments on those days is absent."""
    ids = sorted(set(athlete_ids))
    if not ids:
        return {}
    r = _reader(s)
    names = {f"a{i}": athlete_id for i, athlete_id in enumerate(ids)}
    marks = ", ".join(f":{n}" for n in names)
    rows = r.rows(
        f"SELECT {_COLUMNS}, n FROM ("
        f" SELECT {_COLUMNS}, count(*) OVER (PARTITION BY athlete_id) AS n,"
        "  row_number() OVER (PARTITION BY athlete_id ORDER BY created DESC, id DESC) AS k"
        f" FROM session_comments WHERE athlete_id IN ({marks})"
        "  AND day >= :first AND day <= :last"
        ") found WHERE k = 1",
        {**names, "first": _bound(r, first), "last": _bound(r, last)},
    )
    return {int(x[1]): Recent(int(x[1]), int(x[9]), _comment(x)) for x in rows}
