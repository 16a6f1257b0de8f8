"""The plan change log as the shells show it (issue 13 part 8): who changed what in whose plan,
when and why. A runner reads their own (a plan's, or all); a coach reads a runner's they coach.
Entries are written by the changes themselves (app/blocks.py, app/edits.py), in the same
transaction; nothing here writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runstrong.errors import NotFound
from runstrong.settings import Context
from runstrong.storage import audit
from runstrong.storage import repository as repo
from runstrong.storage.audit import Change

if TYPE_CHECKING:
    from runstrong.storage.records import User

__all__ = ["Change", "athlete_changes", "own_changes"]

ACTION_WORDS = {
    "block.published": "New block",
    "session.edited": "Session changed",
    "share.created": "Read-only link made",
    "share.revoked": "Read-only link ended",
}
"""Each action as a person reads it."""


def _plan_of(s: repo.Handle, athlete_id: int, plan_id: int | None) -> None:
    """A plan of this athlete's, else NotFound (another's looks the same as a missing one)."""
    if plan_id is None:
        return
    if not any(p.id == plan_id for p in repo.plans(s, athlete_id)):
        raise NotFound("plan", str(plan_id))


def own_changes(ctx: Context, athlete: str, plan_id: int | None = None) -> list[Change]:
    """The runner's own change log, newest first: one plan's (NotFound for another's plan),
    or every plan's."""
    with ctx.db.read() as s:
        person = repo.athlete(s, athlete)
        _plan_of(s, person.id, plan_id)
        return audit.changes(s, person.id, plan_id=plan_id)


def athlete_changes(
    ctx: Context, user: User, athlete_id: int, plan_id: int | None = None
) -> list[Change]:
    """The change log of a runner the user coaches, newest first; NotFound for anyone else's."""
    from runstrong.app.coaching import _link  # the one access rule (coached_athlete's)

    with ctx.db.read() as s:
        link = _link(s, user, athlete_id)
        _plan_of(s, link.athlete_id, plan_id)
        return audit.changes(s, link.athlete_id, plan_id=plan_id)
