"""Coaching's tables (revision 0010): who coaches, a coach's links to athletes, invitations and
squads. Text SQL on the transaction's connection, reads and writes alike (no ORM), as plain
records; the application layer (app/coaching.py) decides who may see or change what.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runstrong.storage.records import SessionRecord
from runstrong.storage.repository import (
    _SET,
    _among,
    _bound,
    _bound_moment,
    _day,
    _json,
    _maybe_moment,
    _moment,
    _reader,
    _sessions,
)

if TYPE_CHECKING:
    from runstrong.storage.repository import Handle

OUTCOMES = ("accepted", "declined", "revoked")
"""How an invitation was used up (its `outcome`); an unused one has none."""


@dataclass(frozen=True)
class CoachLink:
    """A coach's access to an athlete: since when, until when (None: it lasts), and whether
    the coach manages the athlete (a profile without a login, made by the coach)."""

    id: int
    coach_id: int
    coach_email: str
    athlete_id: int
    athlete: str  # the athlete's name
    managed: bool
    since: dt.datetime
    ended: dt.datetime | None
    login: bool  # whether the athlete has a login of their own


@dataclass(frozen=True)
class Invitation:
    """An invitation as listed and as its runner sees it (its secrets are never stored)."""

    id: int
    coach_id: int
    coach_email: str
    coach_athlete: str | None  # the coach's own athlete name, if they have one
    email: str | None  # only this login may answer, when set
    athlete_id: int | None  # a hand-over: the managed athlete the accepting login gets
    athlete: str | None
    created: dt.datetime
    expires: dt.datetime
    used: dt.datetime | None
    outcome: str | None


@dataclass(frozen=True)
class Squad:
    """A coach's squad with how many athletes it holds (while their link lasts)."""

    id: int
    coach_id: int
    name: str
    created: dt.datetime
    archived_at: dt.datetime | None
    size: int


def _bool(value: Any) -> bool:
    return bool(value)


def _at(s: Handle, moment: dt.datetime) -> object:
    return _bound_moment(_reader(s), moment)


# --- who coaches ---------------------------------------------------------------------------------


def coaching_on(s: Handle, user_id: int) -> bool:
    """Whether the user turned coaching on in their settings."""
    rows = _reader(s).rows("SELECT 1 FROM coaches WHERE user_id = :u", {"u": user_id})
    return bool(rows)


def set_coaching(s: Handle, user_id: int, on: bool, at: dt.datetime) -> None:
    """Turn a user's coaching on (kept when already on) or off."""
    r = _reader(s)
    r.rows("DELETE FROM coaches WHERE user_id = :u", {"u": user_id})
    if on:
        r.rows(
            "INSERT INTO coaches (user_id, since) VALUES (:u, :at)",
            {"u": user_id, "at": _at(s, at)},
        )


# --- links ---------------------------------------------------------------------------------------

_LINK = (
    "SELECT l.id, l.coach_id, u.email, l.athlete_id, a.name, l.managed, l.since, l.ended,"
    " (SELECT count(*) FROM users w WHERE w.athlete_id = l.athlete_id)"
    " FROM coach_links l JOIN users u ON u.id = l.coach_id JOIN athletes a ON a.id = l.athlete_id"
)


def _link(x: tuple[Any, ...]) -> CoachLink:
    return CoachLink(
        id=x[0],
        coach_id=x[1],
        coach_email=x[2],
        athlete_id=x[3],
        athlete=x[4],
        managed=_bool(x[5]),
        since=_moment(x[6]),
        ended=_maybe_moment(x[7]),
        login=bool(x[8]),
    )


def live_link(s: Handle, coach_id: int, athlete_id: int) -> CoachLink | None:
    """The coach's lasting link to the athlete, or None: THE access question of coaching."""
    query = f"{_LINK} WHERE l.coach_id = :c AND l.athlete_id = :a AND l.ended IS NULL"
    rows = _reader(s).rows(query, {"c": coach_id, "a": athlete_id})
    return _link(rows[0]) if rows else None


def coached(s: Handle, coach_id: int) -> list[CoachLink]:
    """The athletes a coach coaches or manages now, by name."""
    query = f"{_LINK} WHERE l.coach_id = :c AND l.ended IS NULL ORDER BY a.key"
    return [_link(x) for x in _reader(s).rows(query, {"c": coach_id})]


def coaches_of(s: Handle, athlete_id: int) -> list[CoachLink]:
    """Who coaches this athlete now, oldest link first."""
    query = f"{_LINK} WHERE l.athlete_id = :a AND l.ended IS NULL ORDER BY l.since, l.id"
    return [_link(x) for x in _reader(s).rows(query, {"a": athlete_id})]


def add_link(s: Handle, coach_id: int, athlete_id: int, *, managed: bool, at: dt.datetime) -> int:
    """A new lasting link; its id."""
    rows = _reader(s).rows(
        "INSERT INTO coach_links (coach_id, athlete_id, managed, since)"
        " VALUES (:c, :a, :m, :at) RETURNING id",
        {"c": coach_id, "a": athlete_id, "m": managed, "at": _at(s, at)},
    )
    return int(rows[0][0])


def end_link(s: Handle, link_id: int, athlete_id: int, at: dt.datetime) -> CoachLink | None:
    """End one of the athlete's lasting links (None: they have no such link) and take the
    athlete out of that coach's squads."""
    r = _reader(s)
    rows = r.rows(
        "UPDATE coach_links SET ended = :at"
        " WHERE id = :id AND athlete_id = :a AND ended IS NULL AND managed = :no"
        " RETURNING coach_id",
        {"at": _at(s, at), "id": link_id, "a": athlete_id, "no": False},
    )
    if not rows:
        return None
    r.rows(
        "DELETE FROM squad_members WHERE athlete_id = :a"
        " AND squad_id IN (SELECT id FROM squads WHERE coach_id = :c)",
        {"a": athlete_id, "c": rows[0][0]},
    )
    found = r.rows(f"{_LINK} WHERE l.id = :id", {"id": link_id})
    return _link(found[0])


def unmanage(s: Handle, coach_id: int, athlete_id: int) -> None:
    """A managed athlete got a login: the coach keeps a plain link, which the runner can end."""
    _reader(s).rows(
        "UPDATE coach_links SET managed = :no"
        " WHERE coach_id = :c AND athlete_id = :a AND ended IS NULL",
        {"no": False, "c": coach_id, "a": athlete_id},
    )


def managed_athletes(s: Handle, coach_id: int) -> list[int]:
    """The ids of the athletes the coach manages (no login of their own)."""
    rows = _reader(s).rows(
        "SELECT athlete_id FROM coach_links WHERE coach_id = :c AND managed = :yes"
        " AND ended IS NULL ORDER BY athlete_id",
        {"c": coach_id, "yes": True},
    )
    return [int(x[0]) for x in rows]


# --- invitations ---------------------------------------------------------------------------------

_INVITATION = (
    "SELECT i.id, i.coach_id, u.email, ca.name, i.email, i.athlete_id, a.name, i.created,"
    " i.expires, i.used, i.outcome FROM coach_invitations i JOIN users u ON u.id = i.coach_id"
    " LEFT JOIN athletes ca ON ca.id = u.athlete_id LEFT JOIN athletes a ON a.id = i.athlete_id"
)


def _invitation(x: tuple[Any, ...]) -> Invitation:
    return Invitation(
        id=x[0],
        coach_id=x[1],
        coach_email=x[2],
        coach_athlete=x[3],
        email=x[4],
        athlete_id=x[5],
        athlete=x[6],
        created=_moment(x[7]),
        expires=_moment(x[8]),
        used=_maybe_moment(x[9]),
        outcome=x[10],
    )


def add_invitation(
    s: Handle,
    *,
    coach_id: int,
    token_hash: str,
    code_hash: str,
    email: str | None,
    athlete_id: int | None,
    created: dt.datetime,
    expires: dt.datetime,
) -> int:
    """Store an invitation by the hashes of its secrets; its id."""
    rows = _reader(s).rows(
        "INSERT INTO coach_invitations"
        " (coach_id, token_hash, code_hash, email, athlete_id, created, expires)"
        " VALUES (:c, :t, :k, :e, :a, :created, :expires) RETURNING id",
        {
            "c": coach_id,
            "t": token_hash,
            "k": code_hash,
            "e": email,
            "a": athlete_id,
            "created": _at(s, created),
            "expires": _at(s, expires),
        },
    )
    return int(rows[0][0])


def invitation_by_hash(s: Handle, digest: str) -> Invitation | None:
    """An invitation by the hash of its link's token or of its code (used ones too)."""
    query = f"{_INVITATION} WHERE i.token_hash = :h OR i.code_hash = :h"
    rows = _reader(s).rows(query, {"h": digest})
    return _invitation(rows[0]) if rows else None


def invitations(s: Handle, coach_id: int) -> list[Invitation]:
    """A coach's invitations, newest first."""
    query = f"{_INVITATION} WHERE i.coach_id = :c ORDER BY i.created DESC, i.id DESC"
    return [_invitation(x) for x in _reader(s).rows(query, {"c": coach_id})]


def use_invitation(s: Handle, invitation_id: int, outcome: str, at: dt.datetime) -> bool:
    """Mark an unused, unexpired invitation used with `outcome`; False when it was used or had
    expired. One statement, so two answers at once use it once."""
    rows = _reader(s).rows(
        "UPDATE coach_invitations SET used = :at, outcome = :o"
        " WHERE id = :id AND used IS NULL AND expires > :at RETURNING id",
        {"at": _at(s, at), "o": outcome, "id": invitation_id},
    )
    return bool(rows)


def revoke_invitation(s: Handle, coach_id: int, invitation_id: int, at: dt.datetime) -> bool:
    """Withdraw one of the coach's unused invitations; False when they have no such one."""
    rows = _reader(s).rows(
        "UPDATE coach_invitations SET used = :at, outcome = 'revoked'"
        " WHERE id = :id AND coach_id = :c AND used IS NULL RETURNING id",
        {"at": _at(s, at), "id": invitation_id, "c": coach_id},
    )
    return bool(rows)


# --- squads --------------------------------------------------------------------------------------

_SQUAD = (
    "SELECT q.id, q.coach_id, q.name, q.created, q.archived_at,"
    " (SELECT count(*) FROM squad_members m JOIN coach_links l ON l.athlete_id = m.athlete_id"
    "  AND l.coach_id = q.coach_id AND l.ended IS NULL WHERE m.squad_id = q.id)"
    " FROM squads q"
)


def _squad(x: tuple[Any, ...]) -> Squad:
    return Squad(
        id=x[0],
        coach_id=x[1],
        name=x[2],
        created=_moment(x[3]),
        archived_at=_maybe_moment(x[4]),
        size=int(x[5]),
    )


def squad(s: Handle, coach_id: int, squad_id: int) -> Squad | None:
    """One of the coach's squads, or None (another coach's is None too)."""
    rows = _reader(s).rows(
        f"{_SQUAD} WHERE q.id = :id AND q.coach_id = :c", {"id": squad_id, "c": coach_id}
    )
    return _squad(rows[0]) if rows else None


def squads(s: Handle, coach_id: int) -> list[Squad]:
    """A coach's squads, by name (archived ones too)."""
    query = f"{_SQUAD} WHERE q.coach_id = :c ORDER BY lower(q.name), q.id"
    return [_squad(x) for x in _reader(s).rows(query, {"c": coach_id})]


def add_squad(s: Handle, coach_id: int, name: str, at: dt.datetime) -> int:
    """A new squad; its id."""
    rows = _reader(s).rows(
        "INSERT INTO squads (coach_id, name, created) VALUES (:c, :n, :at) RETURNING id",
        {"c": coach_id, "n": name, "at": _at(s, at)},
    )
    return int(rows[0][0])


def update_squad(
    s: Handle,
    squad_id: int,
    *,
    name: str | None = None,
    archived_at: dt.datetime | None = None,
    unarchive: bool = False,
) -> None:
    """Rename a squad, archive it (at `archived_at`) or bring it back (`unarchive`)."""
    r = _reader(s)
    if name is not None:
        r.rows("UPDATE squads SET name = :n WHERE id = :id", {"n": name, "id": squad_id})
    if archived_at is not None:
        r.rows(
            "UPDATE squads SET archived_at = :at WHERE id = :id AND archived_at IS NULL",
            {"at": _at(s, archived_at), "id": squad_id},
        )
    if unarchive:
        r.rows("UPDATE squads SET archived_at = NULL WHERE id = :id", {"id": squad_id})


def squad_members(s: Handle, squad_id: int) -> list[CoachLink]:
    """A squad's athletes whose link to its coach lasts, by name."""
    query = (
        f"{_LINK} JOIN squad_members m ON m.athlete_id = l.athlete_id"
        " JOIN squads q ON q.id = m.squad_id AND q.coach_id = l.coach_id"
        " WHERE m.squad_id = :q AND l.ended IS NULL ORDER BY a.key"
    )
    return [_link(x) for x in _reader(s).rows(query, {"q": squad_id})]


def athlete_squads(s: Handle, coach_id: int, athlete_id: int) -> list[Squad]:
    """The coach's squads this athlete is in, by name."""
    query = (
        f"{_SQUAD} JOIN squad_members m ON m.squad_id = q.id"
        " WHERE q.coach_id = :c AND m.athlete_id = :a ORDER BY lower(q.name), q.id"
    )
    return [_squad(x) for x in _reader(s).rows(query, {"c": coach_id, "a": athlete_id})]


def add_member(s: Handle, squad_id: int, athlete_id: int, at: dt.datetime) -> bool:
    """Put an athlete in a squad; False when they were in it already."""
    r = _reader(s)
    params = {"q": squad_id, "a": athlete_id}
    if r.rows("SELECT 1 FROM squad_members WHERE squad_id = :q AND athlete_id = :a", params):
        return False
    r.rows(
        "INSERT INTO squad_members (squad_id, athlete_id, added) VALUES (:q, :a, :at)",
        {**params, "at": _at(s, at)},
    )
    return True


def remove_member(s: Handle, squad_id: int, athlete_id: int) -> bool:
    """Take an athlete out of a squad; False when they were not in it."""
    rows = _reader(s).rows(
        "DELETE FROM squad_members WHERE squad_id = :q AND athlete_id = :a RETURNING athlete_id",
        {"q": squad_id, "a": athlete_id},
    )
    return bool(rows)


def delete_managed(s: Handle, coach_id: int) -> None:
    """Remove the athletes a coach manages (no login has them), with everything logged for
    them: the coach's account is going, and nobody else can reach them."""
    _reader(s).rows(
        "DELETE FROM athletes WHERE id IN (SELECT athlete_id FROM coach_links"
        " WHERE coach_id = :c AND managed = :yes AND ended IS NULL)"
        " AND id NOT IN (SELECT athlete_id FROM users WHERE athlete_id IS NOT NULL)",
        {"c": coach_id, "yes": True},
    )


@dataclass(frozen=True)
class Ties:
    """An athlete's coaching rows as stored (their coach links, squad places and hand-over
    invitations), kept across a restore that re-creates the athlete under a new id."""

    links: tuple[tuple[Any, ...], ...]
    members: tuple[tuple[Any, ...], ...]
    invitations: tuple[tuple[Any, ...], ...]


_TIED_INVITATION = "coach_id, token_hash, code_hash, email, created, expires, used, outcome"


def ties(s: Handle, athlete_id: int) -> Ties:
    """The athlete's coaching rows, for `retie` after the athlete is re-created."""
    r = _reader(s)
    at = {"a": athlete_id}
    return Ties(
        tuple(
            r.rows(
                "SELECT coach_id, managed, since, ended FROM coach_links"
                " WHERE athlete_id = :a ORDER BY id",
                at,
            )
        ),
        tuple(r.rows("SELECT squad_id, added FROM squad_members WHERE athlete_id = :a", at)),
        tuple(
            r.rows(
                f"SELECT {_TIED_INVITATION} FROM coach_invitations"
                " WHERE athlete_id = :a ORDER BY id",
                at,
            )
        ),
    )


def retie(s: Handle, athlete_id: int, found: Ties) -> None:
    """Give the re-created athlete the coaching rows `ties` read (values as they were read)."""
    r = _reader(s)
    for coach_id, managed, since, ended in found.links:
        r.rows(
            "INSERT INTO coach_links (coach_id, athlete_id, managed, since, ended)"
            " VALUES (:c, :a, :m, :since, :ended)",
            {"c": coach_id, "a": athlete_id, "m": managed, "since": since, "ended": ended},
        )
    for squad_id, added in found.members:
        r.rows(
            "INSERT INTO squad_members (squad_id, athlete_id, added) VALUES (:q, :a, :added)",
            {"q": squad_id, "a": athlete_id, "added": added},
        )
    names = _TIED_INVITATION.split(", ")
    for row in found.invitations:
        values = dict(zip(names, row, strict=True))
        r.rows(
            f"INSERT INTO coach_invitations ({_TIED_INVITATION}, athlete_id)"
            f" VALUES ({', '.join(':' + n for n in names)}, :athlete)",
            {**values, "athlete": athlete_id},
        )


# --- a squad's week and block, read at once (app/dashboard.py) -----------------------------------


def snapshot(s: Handle) -> None:
    """Make a PostgreSQL read one snapshot for all its queries (REPEATABLE READ; its first
    statement): a squad read in several queries is then as of one moment, as on SQLite."""
    r = _reader(s)
    if r.dialect == "postgresql" and not r.writing:
        r.rows("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


@dataclass(frozen=True)
class SquadState:
    """What a squad's pages are made of besides the logs: the squad as stored, whether its
    coach still coaches, and each member's id and data revision (storage.writes.changed) as
    one text, `id:revision,...` by id."""

    squad_id: int
    name: str
    archived_at: dt.datetime | None
    coaching_on: bool
    members: str


_MEMBERS = {
    # The members' ids and revisions joined by the database: one short row, whatever the size
    "postgresql": "string_agg(a.id || ':' || a.revision, ',' ORDER BY a.id)",
    "sqlite": "group_concat(a.id || ':' || a.revision, ',')",  # in the subquery's order
}


def squad_state(s: Handle, coach_id: int, squad_id: int) -> SquadState | None:
    """One query, one row: the coach's squad with its members' revisions (the key of a kept
    dashboard, and the access check); None when the squad is not this coach's."""
    r = _reader(s)
    rows = r.rows(
        "SELECT q.id, q.name, q.archived_at,"
        " (SELECT count(*) FROM coaches c WHERE c.user_id = q.coach_id),"
        f" (SELECT {_MEMBERS[r.dialect]} FROM (SELECT a.id, a.revision FROM squad_members m"
        "  JOIN coach_links l ON l.athlete_id = m.athlete_id AND l.coach_id = q.coach_id"
        "   AND l.ended IS NULL"
        "  JOIN athletes a ON a.id = l.athlete_id WHERE m.squad_id = q.id ORDER BY a.id) a)"
        " FROM squads q WHERE q.id = :q AND q.coach_id = :c",
        {"q": squad_id, "c": coach_id},
    )
    if not rows:
        return None
    x = rows[0]
    return SquadState(int(x[0]), x[1], _maybe_moment(x[2]), bool(x[3]), str(x[4] or ""))


def athlete_revision(s: Handle, coach_id: int, athlete_id: int) -> tuple[int, int] | None:
    """(link id, data revision) of an athlete the coach coaches now, or None: one query, the
    key of a kept athlete page."""
    rows = _reader(s).rows(
        "SELECT l.id, a.revision FROM coach_links l JOIN athletes a ON a.id = l.athlete_id"
        " WHERE l.coach_id = :c AND l.athlete_id = :a AND l.ended IS NULL",
        {"c": coach_id, "a": athlete_id},
    )
    return (int(rows[0][0]), int(rows[0][1] or 0)) if rows else None


@dataclass(frozen=True)
class PlanHead:
    """A saved plan's row without its JSON: enough to tell which plan covers which day."""

    id: int
    athlete_id: int
    created: dt.datetime
    start: dt.date | None
    end: dt.date | None
    goal: str
    phase: str


def plan_heads(
    s: Handle, athlete_ids: Sequence[int], first: dt.date, last: dt.date
) -> list[PlanHead]:
    """The athletes' saved plans whose dates overlap [first, last], by id (one query)."""
    r = _reader(s)
    among, params = _among(athlete_ids, "athlete_id")
    rows = r.rows(
        'SELECT id, athlete_id, created, "start", "end", goal, phase FROM plans'
        f' WHERE {among} AND "start" <= :last AND "end" >= :first ORDER BY id',
        {**params, "first": _bound(r, first), "last": _bound(r, last)},
    )
    return [
        PlanHead(
            id=int(x[0]),
            athlete_id=int(x[1]),
            created=_moment(x[2]),
            start=None if x[3] is None else _day(x[3]),
            end=None if x[4] is None else _day(x[4]),
            goal=x[5],
            phase=x[6],
        )
        for x in rows
    ]


def plan_documents(s: Handle, plan_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The plans' JSON by id (one query)."""
    if not plan_ids:
        return {}
    among, params = _among(plan_ids, "id")
    rows = _reader(s).rows(f"SELECT id, plan FROM plans WHERE {among}", params)
    return {int(x[0]): _json(x[1]) for x in rows}


def squad_sessions(
    s: Handle, athlete_ids: Sequence[int], first: dt.date, last: dt.date
) -> dict[int, list[SessionRecord]]:
    """The athletes' logged sessions on [first, last] with their sets, oldest first, by
    athlete (two queries, whatever the squad's size)."""
    r = _reader(s)
    among, params = _among(athlete_ids, "ls.athlete_id")
    where = f" WHERE {among} AND ls.date >= :first AND ls.date <= :last"
    params.update(first=_bound(r, first), last=_bound(r, last))
    rows = r.rows(
        "SELECT ls.id, ls.date, ls.plan_id, ls.rpe, ls.notes, ls.source, ls.created,"
        f" ls.athlete_id FROM logged_sessions ls{where} ORDER BY ls.date, ls.id",
        params,
    )
    if not rows:
        return {}
    join = " JOIN logged_sessions ls ON st.session_id = ls.id"
    sets = r.rows(f"{_SET}{join}{where} ORDER BY st.session_id, st.position", params)
    found: dict[int, list[SessionRecord]] = {}
    for row, record in zip(rows, _sessions(rows, sets), strict=True):
        found.setdefault(int(row[7]), []).append(record)
    return found


@dataclass(frozen=True)
class Marked:
    """A 1RM or hold entry a dashboard shows: learnt lower than the entry before it, or a
    re-test's result."""

    athlete_id: int
    exercise_id: str
    date: dt.date
    value: float  # the 1RM, or the seconds held
    before: float | None  # the exercise's previous 1RM (holds: None)
    source: str
    hold: bool = False
    per_side: bool = False


def marked_entries(
    s: Handle, athlete_ids: Sequence[int], first: dt.date, last: dt.date
) -> list[Marked]:
    """The athletes' 1RMs learnt from a logged session lower than the exercise's entry before
    them, and their re-tests' 1RMs and holds, dated on [first, last], oldest first. One query:
    each entry's predecessor is found through the (athlete, exercise, date) index, so the
    cost follows the window, not the years of history."""
    r = _reader(s)
    among, params = _among(athlete_ids, "l.athlete_id")
    held, _same = _among(athlete_ids, "h.athlete_id")
    params.update(first=_bound(r, first), last=_bound(r, last))
    query = (
        "SELECT x.athlete_id, x.exercise_id, x.date, x.one_rm, x.before, x.source, 0, 0, x.id"
        " FROM (SELECT l.id, l.athlete_id, l.exercise_id, l.date, l.one_rm, l.source,"
        "  l.session_id, (SELECT p.one_rm FROM lifts p WHERE p.athlete_id = l.athlete_id"
        "   AND p.exercise_id = l.exercise_id"
        "   AND (p.date < l.date OR (p.date = l.date AND p.id < l.id))"
        "   ORDER BY p.date DESC, p.id DESC LIMIT 1) AS before"
        f"  FROM lifts l WHERE {among} AND l.date >= :first AND l.date <= :last"
        "  AND (l.session_id IS NOT NULL OR l.source = 'retest')) x"
        " WHERE x.source = 'retest' OR x.one_rm < x.before"
        " UNION ALL SELECT h.athlete_id, h.exercise_id, h.date, h.seconds, NULL, h.source, 1,"
        " CASE WHEN h.per_side THEN 1 ELSE 0 END, h.id FROM holds h"
        f" WHERE {held} AND h.date >= :first AND h.date <= :last"
        " AND h.source = 'retest'"
    )
    rows = r.rows(query, params)
    rows.sort(key=lambda x: (str(x[2]), x[6], x[8]))
    return [
        Marked(
            athlete_id=int(x[0]),
            exercise_id=x[1],
            date=_day(x[2]),
            value=float(x[3]),
            before=None if x[4] is None else float(x[4]),
            source=x[5],
            hold=bool(x[6]),
            per_side=bool(x[7]),
        )
        for x in rows
    ]


def last_logged(s: Handle, athlete_ids: Sequence[int]) -> dict[int, dt.date]:
    """Each athlete's latest logged day (those who logged nothing are missing), one query."""
    among, params = _among(athlete_ids, "athlete_id")
    rows = _reader(s).rows(
        f"SELECT athlete_id, max(date) FROM logged_sessions WHERE {among} GROUP BY athlete_id",
        params,
    )
    return {int(x[0]): _day(x[1]) for x in rows if x[1] is not None}


def units_of(s: Handle, athlete_ids: Sequence[int]) -> dict[int, str]:
    """Each athlete's units (their 1RMs are in them), one query."""
    among, params = _among(athlete_ids, "id")
    rows = _reader(s).rows(f"SELECT id, units FROM athletes WHERE {among}", params)
    return {int(x[0]): str(x[1]) for x in rows}
