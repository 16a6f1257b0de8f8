"""The plan change log (revision 0012): who changed what in whose plan, when, and why. Text SQL
on the transaction's connection, like storage/coaching.py; an entry is written in the same
transaction as the change it records, so the log never claims a change that did not commit."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runstrong.storage.repository import _bound_moment, _moment, _reader

if TYPE_CHECKING:
    from runstrong.storage.repository import Handle

ACTIONS = (
    "block.published",  # a coach published a squad's block: a new plan for this athlete
    "session.edited",  # a coach changed a session (exercise, sets, reps, load or day)
    "share.created",  # a read-only link to a plan was made
    "share.revoked",  # that link was ended
)
"""What an entry can record; the shells word each for people."""


@dataclass(frozen=True)
class Change:
    """One entry of an athlete's change log, as stored."""

    id: int
    athlete_id: int
    plan_id: int | None
    user_id: int | None
    who: str  # the author as they were named then (an email, or the runner's name)
    at: dt.datetime
    action: str
    summary: str  # one line
    detail: tuple[str, ...]  # what changed, a line each
    reason: str | None  # why a broken rule was overridden, shown to the runner


_COLUMNS = "id, athlete_id, plan_id, user_id, who, at, action, summary, detail, reason"


def _change(x: tuple[Any, ...]) -> Change:
    detail = json.loads(x[8]) if x[8] else []
    return Change(
        int(x[0]),
        int(x[1]),
        None if x[2] is None else int(x[2]),
        None if x[3] is None else int(x[3]),
        str(x[4]),
        _moment(x[5]),
        str(x[6]),
        str(x[7]),
        tuple(str(line) for line in detail),
        None if x[9] is None else str(x[9]),
    )


def record(
    s: Handle,
    athlete_id: int,
    *,
    action: str,
    who: str,
    at: dt.datetime,
    summary: str,
    plan_id: int | None = None,
    user_id: int | None = None,
    detail: tuple[str, ...] | list[str] = (),
    reason: str | None = None,
) -> int:
    """Add an entry (in the caller's write transaction); its id."""
    if action not in ACTIONS:
        raise ValueError(f"unknown change-log action {action!r}")  # a programming error
    r = _reader(s)
    rows = r.rows(
        f"INSERT INTO plan_changes ({_COLUMNS.removeprefix('id, ')})"
        " VALUES (:a, :p, :u, :who, :at, :action, :summary, :detail, :reason) RETURNING id",
        {
            "a": athlete_id,
            "p": plan_id,
            "u": user_id,
            "who": who,
            "at": _bound_moment(r, at),
            "action": action,
            "summary": summary,
            "detail": json.dumps(list(detail)),
            "reason": reason,
        },
    )
    return int(rows[0][0])


def changes(
    s: Handle, athlete_id: int, *, plan_id: int | None = None, limit: int = 200
) -> list[Change]:
    """An athlete's change log, newest first (only one plan's entries with `plan_id`)."""
    query = f"SELECT {_COLUMNS} FROM plan_changes WHERE athlete_id = :a"
    params: dict[str, Any] = {"a": athlete_id, "n": limit}
    if plan_id is not None:
        query += " AND plan_id = :p"
        params["p"] = plan_id
    query += " ORDER BY at DESC, id DESC LIMIT :n"
    return [_change(x) for x in _reader(s).rows(query, params)]
