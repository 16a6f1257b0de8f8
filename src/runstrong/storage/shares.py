"""Read-only links to one saved plan (revision 0012): the sha256 of each link's token, who made
it, an optional label and expiry, and when it was revoked. Text SQL on the transaction's
connection, like storage/coaching.py; app/shares.py decides who may make, see and end them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runstrong.storage.repository import _bound_moment, _maybe_moment, _moment, _reader

if TYPE_CHECKING:
    from runstrong.storage.repository import Handle


@dataclass(frozen=True)
class Share:
    """A share link as listed (its token is never stored)."""

    id: int
    athlete_id: int
    plan_id: int
    created_by: int | None  # None once the maker's account is deleted
    creator: str | None  # the maker's email while their account lasts
    label: str
    created: dt.datetime
    expires: dt.datetime | None
    revoked: dt.datetime | None

    def live(self, now: dt.datetime) -> bool:
        """Whether the link opens the plan at `now`: not revoked, not expired."""
        return self.revoked is None and (self.expires is None or now < self.expires)


_SHARE = (
    "SELECT l.id, l.athlete_id, l.plan_id, l.created_by, u.email, l.label, l.created,"
    " l.expires, l.revoked FROM share_links l LEFT JOIN users u ON u.id = l.created_by"
)


def _share(x: Sequence[Any]) -> Share:
    return Share(
        id=int(x[0]),
        athlete_id=int(x[1]),
        plan_id=int(x[2]),
        created_by=None if x[3] is None else int(x[3]),
        creator=None if x[4] is None else str(x[4]),
        label=str(x[5] or ""),
        created=_moment(x[6]),
        expires=_maybe_moment(x[7]),
        revoked=_maybe_moment(x[8]),
    )


def add(
    s: Handle,
    *,
    token_hash: str,
    athlete_id: int,
    plan_id: int,
    created_by: int | None,
    label: str,
    created: dt.datetime,
    expires: dt.datetime | None,
    revoked: dt.datetime | None = None,
) -> int:
    """Store a link by its token's hash (in the caller's write transaction); its id. A restore
    brings back revoked links too, and links whose maker is unknown here (`created_by` None)."""
    r = _reader(s)
    rows = r.rows(
        "INSERT INTO share_links (token_hash, athlete_id, plan_id, created_by, label, created,"
        " expires, revoked) VALUES (:t, :a, :p, :u, :label, :created, :expires, :revoked)"
        " RETURNING id",
        {
            "t": token_hash,
            "a": athlete_id,
            "p": plan_id,
            "u": created_by,
            "label": label,
            "created": _bound_moment(r, created),
            "expires": None if expires is None else _bound_moment(r, expires),
            "revoked": None if revoked is None else _bound_moment(r, revoked),
        },
    )
    return int(rows[0][0])


def athlete_links(s: Handle, athlete_id: int) -> list[tuple[Share, str]]:
    """Every link to an athlete's plans with its token's hash, oldest first (for a backup)."""
    rows = _reader(s).rows(
        f"{_SHARE.replace(' FROM', ', l.token_hash FROM', 1)}"
        " WHERE l.athlete_id = :a ORDER BY l.created, l.id",
        {"a": athlete_id},
    )
    return [(_share(x), str(x[9])) for x in rows]


def by_hash(s: Handle, token_hash: str) -> Share | None:
    """The link whose token has this sha256 (revoked and expired ones too), or None."""
    rows = _reader(s).rows(f"{_SHARE} WHERE l.token_hash = :t", {"t": token_hash})
    return _share(rows[0]) if rows else None


def share(s: Handle, share_id: int) -> Share | None:
    """One link by id, or None."""
    rows = _reader(s).rows(f"{_SHARE} WHERE l.id = :id", {"id": share_id})
    return _share(rows[0]) if rows else None


def plan_shares(s: Handle, athlete_id: int, plan_id: int) -> list[Share]:
    """The links to one of an athlete's plans, newest first (revoked and expired ones too)."""
    rows = _reader(s).rows(
        f"{_SHARE} WHERE l.athlete_id = :a AND l.plan_id = :p ORDER BY l.created DESC, l.id DESC",
        {"a": athlete_id, "p": plan_id},
    )
    return [_share(x) for x in rows]


def revoke(s: Handle, share_id: int, at: dt.datetime) -> bool:
    """End a link that was not revoked yet; False when it was."""
    r = _reader(s)
    rows = r.rows(
        "UPDATE share_links SET revoked = :at WHERE id = :id AND revoked IS NULL RETURNING id",
        {"at": _bound_moment(r, at), "id": share_id},
    )
    return bool(rows)
