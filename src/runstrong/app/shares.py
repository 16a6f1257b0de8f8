"""Read-only share links to one saved plan (issue 13 part 7): for a physio, or a runner without
an account. The runner makes them for their own plans, a coach for a coached athlete's; the link
holds a random token shown once and stored only as its sha256 (as the calendar link is), may
expire after 7, 30 or 90 days, and can be revoked. Making and revoking one goes in the plan's
change log in the same transaction. The runner sees and can revoke every link to their plans;
a coach sees and revokes the ones they made. Anything else is NotFound."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from runstrong.errors import InputError, NotFound
from runstrong.settings import Context
from runstrong.storage import limits
from runstrong.storage import repository as repo
from runstrong.storage import shares as store
from runstrong.storage.records import PlanRecord, User
from runstrong.storage.shares import Share

__all__ = [
    "EXPIRY_DAYS",
    "MAX_LABEL",
    "NewShare",
    "Share",
    "checked_expiry",
    "checked_label",
    "create",
    "plan_shares",
    "revoke",
    "shared_plan",
]

EXPIRY_DAYS = (7, 30, 90)
"""A link may last a week (one appointment), a month or a season's block; or until revoked.
OWASP Session Management Cheat Sheet: a secret that grants access should expire when it can."""
MAX_LABEL = 80
MAX_TOKEN = 200
"""Longer is no token of ours (token_urlsafe(32) is 43 characters): not even hashed."""


@dataclass(frozen=True)
class NewShare:
    """A link as made: its token (shown this once) and its record."""

    token: str
    share: Share


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def checked_label(label: str | None) -> str:
    """A link's label (who it is for, e.g. `physio`): up to 80 characters once trimmed, no
    control characters; empty when none."""
    text = (label or "").strip()
    return limits.text(text, "label", MAX_LABEL)


def checked_expiry(days: int | str | None) -> int | None:
    """Days until the link stops working: 7, 30 or 90, or None (until revoked)."""
    if days is None or days in ("", "none", "never"):
        return None
    text = str(days).strip()
    if not (text.isascii() and text.isdigit()) or int(text) not in EXPIRY_DAYS:
        *most, last = (str(d) for d in EXPIRY_DAYS)
        allowed = f"{', '.join(most)} or {last}"
        raise InputError("days", f"must be {allowed} days, or none; got '{str(days)[:20]}'")
    return int(text)


def _checked_id(value: int, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= limits.MAX_ID:
        raise NotFound(field, str(value))
    return value


def _owner(s: repo.Handle, user: User, athlete_id: int | None) -> tuple[int, bool]:
    """(athlete id, as their coach) of the plan's athlete: the user's own (None), or one they
    coach now; NotFound otherwise."""
    if athlete_id is None:
        if user.athlete_id is None:
            raise NotFound("plan", user.email)
        return user.athlete_id, False
    from runstrong.app.coaching import _link

    return _link(s, user, athlete_id).athlete_id, True


def _plan(s: repo.Handle, athlete_id: int, plan_id: int) -> PlanRecord:
    _checked_id(plan_id, "plan")
    for record in repo.plans(s, athlete_id):
        if record.id == plan_id:
            return record
    raise NotFound("plan", str(plan_id))


def _seen(share: Share, user: User, coach: bool) -> bool:
    """Whether the user sees (and may revoke) this link: the runner every one, a coach theirs."""
    return not coach or share.created_by == user.id


def create(
    ctx: Context,
    user: User,
    plan_id: int,
    *,
    label: str | None = None,
    days: int | str | None = None,
    now: dt.datetime,
    athlete_id: int | None = None,
) -> NewShare:
    """A new read-only link to one of the user's plans, or (`athlete_id`) of a coached
    athlete's; its token is shown this once."""
    from runstrong.storage import audit
    from runstrong.storage.writes import changed

    text = checked_label(label)
    lasts = checked_expiry(days)
    token = secrets.token_urlsafe(32)
    expires = None if lasts is None else now + dt.timedelta(days=lasts)
    with ctx.db.write() as s:
        athlete, _coach = _owner(s, user, athlete_id)
        record = _plan(s, athlete, plan_id)
        share_id = store.add(
            s,
            token_hash=_digest(token),
            athlete_id=athlete,
            plan_id=record.id,
            created_by=user.id,
            label=text,
            created=now,
            expires=expires,
        )
        until = "until revoked" if expires is None else f"for {lasts} days"
        named = f" '{text}'" if text else ""
        audit.record(
            s,
            athlete,
            action="share.created",
            who=user.email,
            at=now,
            summary=f"made a read-only link{named} to this plan, {until}",
            plan_id=record.id,
            user_id=user.id,
        )
        changed(s, athlete)  # the plan page lists its links
        made = store.share(s, share_id)
    assert made is not None
    return NewShare(token, made)


def plan_shares(
    ctx: Context, user: User, plan_id: int, *, athlete_id: int | None = None
) -> list[Share]:
    """The links to one plan the user sees, newest first: the runner every one, a coach the
    ones they made."""
    with ctx.db.read() as s:
        athlete, coach = _owner(s, user, athlete_id)
        record = _plan(s, athlete, plan_id)
        return [x for x in store.plan_shares(s, athlete, record.id) if _seen(x, user, coach)]


def revoke(
    ctx: Context,
    user: User,
    plan_id: int,
    share_id: int,
    *,
    now: dt.datetime,
    athlete_id: int | None = None,
) -> Share:
    """End a link to this plan that the user sees and that is not revoked yet; anything else
    is NotFound. An expired link can be revoked too (it stays ended if its expiry is wrong)."""
    from runstrong.storage import audit
    from runstrong.storage.writes import changed

    _checked_id(share_id, "share")
    with ctx.db.write() as s:
        athlete, coach = _owner(s, user, athlete_id)
        record = _plan(s, athlete, plan_id)
        found = store.share(s, share_id)
        if (
            found is None
            or found.athlete_id != athlete
            or found.plan_id != record.id
            or not _seen(found, user, coach)
            or not store.revoke(s, found.id, now)
        ):
            raise NotFound("share", str(share_id))
        named = f" '{found.label}'" if found.label else ""
        audit.record(
            s,
            athlete,
            action="share.revoked",
            who=user.email,
            at=now,
            summary=f"ended the read-only link{named} to this plan",
            plan_id=record.id,
            user_id=user.id,
        )
        changed(s, athlete)
        ended = store.share(s, found.id)
    assert ended is not None
    return ended


def _gone() -> NotFound:
    return NotFound("share", "this link", "it may have been revoked or have expired")


def shared_plan(ctx: Context, token: str, *, now: dt.datetime) -> PlanRecord:
    """The plan a live link's token opens; NotFound, alike, for an unknown, revoked or expired
    one."""
    if not isinstance(token, str) or not 0 < len(token) <= MAX_TOKEN:
        raise _gone()
    with ctx.db.read() as s:
        found = store.by_hash(s, _digest(token))
        if found is None or not found.live(now):
            raise _gone()
        for record in repo.plans(s, found.athlete_id):
            if record.id == found.plan_id:
                return record
    raise _gone()
