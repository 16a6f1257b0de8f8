"""Coach mode: who coaches, invitations a runner accepts or declines, managed athletes (no
login) and their hand-over to a login, leaving a coach, and squads.

Access is decided here, once: `coached_athlete` answers "may this user act on this athlete as
their coach", and every route naming an athlete, a squad or an invitation goes through it or
through `_squad`. Anything another coach or runner owns is NotFound (the shells say 404), so a
stranger learns nothing, not even that it exists. Like accounts.py, the shell passes `now`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from runstrong.app.accounts import checked_email
from runstrong.app.athletes import MAX_NAME, checked_name, new_profile
from runstrong.app.requests import AthleteRequest, InvitationRequest, SquadEdit
from runstrong.errors import InputError, NotFound
from runstrong.settings import Context
from runstrong.storage import coaching as store
from runstrong.storage import limits
from runstrong.storage import repository as repo
from runstrong.storage.coaching import CoachLink, Invitation, Squad
from runstrong.storage.records import AthleteRecord, LiftRecord, PlanRecord, User

__all__ = [
    "CANNOT",
    "CAN_CHANGE",
    "CAN_SEE",
    "AthleteView",
    "CoachLink",
    "Invitation",
    "NewInvitation",
    "Squad",
    "SquadView",
    "add_member",
    "answer",
    "coached_athlete",
    "coaches",
    "create_managed",
    "create_squad",
    "edit_squad",
    "invitation",
    "invitations",
    "invite",
    "is_coach",
    "leave",
    "managed",
    "managed_athlete",
    "overview",
    "remove_member",
    "revoke_invitation",
    "set_coaching",
    "squad_view",
]

INVITATION_LIFETIME = dt.timedelta(days=7)
"""An invitation works once, within a week: a coach hands it out at one weekly club session and
the runner answers before the next (a reset link lives an hour: it signs in; this one only
asks). OWASP Forgot Password Cheat Sheet: a link that grants something is single use and
expires."""
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives (an O
typed is read as 0, an I or L as 1)."""
CODE_LENGTH = 10
"""50 random bits: at a thousand guesses a second for the week an invitation lives, a guesser
signed in would hit one of a hundred live codes with odds of about 1 in 20 000."""
MAX_INVITATION_SECRET = 200
_CROCKFORD = str.maketrans("OIL", "011")

CAN_SEE = (
    "your profile: units, experience, set-up or equipment, running week and what to protect",
    "your 1RMs and their history",
    "your saved plans, and what you logged against them: sets, loads, RPE and notes",
    "the comments on your sessions",
    "the squads of theirs you are in",
)
"""What a coach sees of a runner who accepted them (shown on the invitation and in settings):
what a coach needs to see who did what (issue 13 part 5), and no more."""
CAN_CHANGE = (
    "which of their squads you are in",
    "your plans: a new block, or one session's exercises, sets, reps, load or day; each change"
    " is in your plan's change log, with the coach's reason when it breaks a rule",
    "comments: they write theirs on your sessions, you write yours",
    "read-only links to your plans, which you can see and end too",
)
"""What a coach changes."""
CANNOT = (
    "your email, password, API tokens and calendar link",
    "your morning check-ins and your runs",
    "anything at all once you leave them",
)
"""What a coach never sees or changes."""


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _code_key(raw: str) -> str | None:
    """A typed code as stored: upper-case, without spaces or dashes, O read as 0, I and L as 1;
    None when it cannot be a code."""
    text = "".join(raw.split()).replace("-", "").upper()
    text = text.translate(_CROCKFORD)
    if len(text) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in text):
        return None
    return text


def shown_code(code: str) -> str:
    """A code as shown: two groups of five, `7KQ2M-X9D4P`."""
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def _checked_id(value: int, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= limits.MAX_ID:
        raise NotFound(field, str(value))
    return value


# --- who coaches ---------------------------------------------------------------------------------


def is_coach(ctx: Context, user: User) -> bool:
    """Whether the user coaches: a `coach` account, or a runner who turned coaching on."""
    if user.role == "coach":
        return True
    with ctx.db.read() as s:
        return store.coaching_on(s, user.id)


def _require_coach(s: repo.Handle, user: User) -> None:
    """A coach's action by anyone else is NotFound: there is nothing of theirs to act on."""
    if user.role != "coach" and not store.coaching_on(s, user.id):
        raise NotFound("coach", user.email)


def set_coaching(ctx: Context, user: User, on: bool, *, now: dt.datetime) -> None:
    """Turn coaching on or off for a runner or the owner; off only once they coach nobody."""
    if user.role == "coach":
        if not on:
            raise InputError("coaching", "this is a coach account: it always coaches")
        return
    with ctx.db.write() as s:
        if not on:
            athletes = store.coached(s, user.id)
            if athletes:
                raise InputError(
                    "coaching",
                    f"you coach {len(athletes)} athlete(s); coaching stays on while you do",
                )
        store.set_coaching(s, user.id, on, now)
        if user.athlete_id is not None:
            from runstrong.storage.writes import changed

            changed(s, user.athlete_id)  # the runner's pages show the Coach link


# --- access --------------------------------------------------------------------------------------


def _link(s: repo.Handle, user: User, athlete_id: int) -> CoachLink:
    found = store.live_link(s, user.id, _checked_id(athlete_id, "athlete"))
    if found is None:
        raise NotFound("athlete", str(athlete_id))
    return found


def coached_athlete(ctx: Context, user: User, athlete_id: int) -> CoachLink:
    """THE access check: the link through which `user` coaches this athlete (accepted and not
    left, or managed); NotFound for anyone else's athlete, a left one and a missing one alike."""
    with ctx.db.read() as s:
        return _link(s, user, athlete_id)


def managed_athlete(ctx: Context, user: User, athlete_id: int) -> CoachLink:
    """The link to an athlete this coach manages: the only profiles a coach changes (a runner
    with a login keeps theirs); NotFound for every other athlete, coached or not."""
    link = coached_athlete(ctx, user, athlete_id)
    if not link.managed:
        raise NotFound("athlete", str(athlete_id))
    return link


@dataclass(frozen=True)
class AthleteView:
    """What a coach sees of one athlete."""

    link: CoachLink
    athlete: AthleteRecord
    one_rms: dict[str, LiftRecord]
    plans: list[PlanRecord]
    squads: list[Squad]


def athlete_view(ctx: Context, user: User, athlete_id: int) -> AthleteView:
    """An athlete's profile, current 1RMs, saved plans and squads, for their coach only."""
    with ctx.db.read() as s:
        link = _link(s, user, athlete_id)
        person = repo.athlete(s, link.athlete)
        lifts = repo.current_lifts(s, athlete_id)
        plans = repo.plans(s, athlete_id)
        squads = store.athlete_squads(s, user.id, athlete_id)
    return AthleteView(link, person, lifts, plans, squads)


def coaches(ctx: Context, user: User) -> list[CoachLink]:
    """Who coaches the user's athlete now (none without an athlete)."""
    if user.athlete_id is None:
        return []
    with ctx.db.read() as s:
        return store.coaches_of(s, user.athlete_id)


def leave(ctx: Context, user: User, link_id: int, *, now: dt.datetime) -> CoachLink:
    """The runner leaves a coach: the coach's access ends at once, and the runner leaves that
    coach's squads; their data stays theirs. Another runner's link is NotFound."""
    from runstrong.storage.writes import changed

    _checked_id(link_id, "coach")
    if user.athlete_id is None:
        raise NotFound("coach", str(link_id))
    with ctx.db.write() as s:
        ended = store.end_link(s, link_id, user.athlete_id, now)
        if ended is None:
            raise NotFound("coach", str(link_id))
        changed(s, user.athlete_id)
    return ended


def release(ctx: Context, user: User, athlete_id: int, *, now: dt.datetime) -> CoachLink:
    """The coach stops coaching a runner who accepted them: their access ends at once, as when
    the runner leaves, and the runner leaves the coach's squads; the runner's data stays theirs
    and they may invite the coach again. A managed athlete (no login) is refused: their profile
    has no one else to go to (hand it to a login first). Another coach's athlete is NotFound."""
    from runstrong.storage.writes import changed

    with ctx.db.write() as s:
        link = _link(s, user, athlete_id)
        if link.managed:
            raise InputError(
                "athlete",
                f"{link.athlete} has no login: you manage their profile, so it cannot be let go",
                "hand it to a login with an invitation first",
            )
        ended = store.end_link(s, link.id, athlete_id, now)
        if ended is None:  # ended by the runner in the meantime
            raise NotFound("athlete", str(athlete_id))
        changed(s, athlete_id)
    return ended


def delete_managed_athlete(ctx: Context, user: User, athlete_id: int, confirm: str) -> str:
    """Delete an athlete the coach manages (a junior who left), with everything logged for
    them: nobody else can reach them. `confirm` must be their name (any case), so a slip of
    the finger deletes nothing. A runner with a login is refused (stop coaching them
    instead); another coach's athlete is NotFound. Returns the name deleted."""
    with ctx.db.write() as s:
        link = _link(s, user, athlete_id)
        if not link.managed:
            raise InputError(
                "athlete",
                f"{link.athlete} has a login: their profile and logs are theirs to keep",
                "stop coaching them instead",
            )
        typed = confirm if isinstance(confirm, str) else ""
        if repo.athlete_key(typed) != repo.athlete_key(link.athlete):
            raise InputError(
                "confirm",
                f"type their name, {link.athlete}, to delete them and everything logged for them",
            )
        repo.delete_athlete(s, link.athlete)
    return link.athlete


# --- the coach's overview ------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    """A coach's athletes, squads and invitations."""

    athletes: list[CoachLink]
    squads: list[Squad]
    invitations: list[Invitation]


def overview(ctx: Context, user: User) -> Overview:
    """Everything on a coach's front page; NotFound for a user who does not coach."""
    with ctx.db.read() as s:
        _require_coach(s, user)
        return Overview(
            store.coached(s, user.id), store.squads(s, user.id), store.invitations(s, user.id)
        )


def managed(ctx: Context, user: User) -> list[CoachLink]:
    """The athletes the user manages (no login of their own), which go with their account."""
    with ctx.db.read() as s:
        return [link for link in store.coached(s, user.id) if link.managed]


def create_managed(
    ctx: Context, user: User, request: AthleteRequest, *, now: dt.datetime
) -> CoachLink:
    """A new athlete without a login, managed by this coach (a junior, say)."""
    record = new_profile(ctx, request)
    with ctx.db.write() as s:
        _require_coach(s, user)
        person = repo.create_athlete(s, **record, created=now)  # type: ignore[arg-type]
        store.add_link(s, user.id, person.id, managed=True, at=now)
        return _link(s, user, person.id)


# --- invitations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewInvitation:
    """An invitation as made: its link's token and its code (shown this once) and its record."""

    token: str
    code: str
    invitation: Invitation


def invite(
    ctx: Context, user: User, request: InvitationRequest, *, now: dt.datetime
) -> NewInvitation:
    """A single-use invitation that expires in a week: a link's token and a short code, either
    of which opens it; stored only as their sha256."""
    email = None if not request.email else checked_email(request.email)
    if email is not None and email == user.email:
        raise InputError("email", "is your own address; invite the runner's")
    token = secrets.token_urlsafe(32)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    with ctx.db.write() as s:
        _require_coach(s, user)
        if request.athlete_id is not None:
            link = _link(s, user, request.athlete_id)
            if not link.managed:
                raise InputError("athlete", f"{link.athlete} has a login already; no hand-over")
        invitation_id = store.add_invitation(
            s,
            coach_id=user.id,
            token_hash=_digest(token),
            code_hash=_digest(code),
            email=email,
            athlete_id=request.athlete_id,
            created=now,
            expires=now + INVITATION_LIFETIME,
        )
        made = next(i for i in store.invitations(s, user.id) if i.id == invitation_id)
    return NewInvitation(token, shown_code(code), made)


def invitations(ctx: Context, user: User) -> list[Invitation]:
    """A coach's invitations, newest first."""
    with ctx.db.read() as s:
        _require_coach(s, user)
        return store.invitations(s, user.id)


def revoke_invitation(ctx: Context, user: User, invitation_id: int, *, now: dt.datetime) -> None:
    """Withdraw an unused invitation of the coach's; anything else is NotFound."""
    _checked_id(invitation_id, "invitation")
    with ctx.db.write() as s:
        if not store.revoke_invitation(s, user.id, invitation_id, now):
            raise NotFound("invitation", str(invitation_id))


def _gone() -> NotFound:
    return NotFound(
        "invitation",
        "link or code",
        hint="it may be used, expired or meant for another login; ask your coach for a new one",
    )


def _open(s: repo.Handle, user: User, secret: str, now: dt.datetime) -> Invitation:
    """The invitation this user may answer, or NotFound: unknown, used, expired, made by them,
    meant for another email, or from someone who no longer coaches."""
    if not isinstance(secret, str) or not 0 < len(secret) <= MAX_INVITATION_SECRET:
        raise _gone()
    found = store.invitation_by_hash(s, _digest(secret))
    code = _code_key(secret)
    if found is None and code is not None:
        found = store.invitation_by_hash(s, _digest(code))
    if (
        found is None
        or found.used is not None
        or found.expires <= now
        or found.coach_id == user.id
        or (found.email is not None and found.email != user.email)
    ):
        raise _gone()
    coach = repo.user(s, found.coach_id)
    if coach is None or (coach.role != "coach" and not store.coaching_on(s, coach.id)):
        raise _gone()
    return found


def invitation(ctx: Context, user: User, secret: str, *, now: dt.datetime) -> Invitation:
    """The invitation behind a link's token or a code, as the signed-in runner may answer it."""
    with ctx.db.read() as s:
        return _open(s, user, secret, now)


def answer(
    ctx: Context, user: User, secret: str, *, accept: bool, now: dt.datetime
) -> CoachLink | None:
    """Accept (the coach's link, which the runner may end at any time) or decline; either uses
    the invitation up. A hand-over gives the accepting login the managed athlete."""
    from runstrong.storage.writes import changed

    with ctx.db.write() as s:
        found = _open(s, user, secret, now)
        if not accept:
            if not store.use_invitation(s, found.id, "declined", now):
                raise _gone()
            return None
        if found.athlete_id is None:
            if user.athlete_id is None:
                raise InputError("invitation", "this login has no athlete profile to share")
            athlete_id = user.athlete_id
            # Locks the runner's row (PostgreSQL): two invitations of one coach accepted at
            # once make one link, the second finds it.
            repo.athlete(s, user.athlete or str(athlete_id))
            if store.live_link(s, found.coach_id, athlete_id) is not None:
                raise InputError("invitation", f"{found.coach_email} coaches you already")
        else:
            athlete_id = found.athlete_id
            if user.athlete_id is not None:
                raise InputError(
                    "invitation",
                    "this login has an athlete profile already; accept with a login that has none",
                )
            link = store.live_link(s, found.coach_id, athlete_id)
            if link is None or not link.managed:
                raise _gone()
        if not store.use_invitation(s, found.id, "accepted", now):
            raise _gone()
        if found.athlete_id is None:
            store.add_link(s, found.coach_id, athlete_id, managed=False, at=now)
        else:
            repo.link_user(s, user.id, athlete_id)
            store.unmanage(s, found.coach_id, athlete_id)
        changed(s, athlete_id)
        made = store.live_link(s, found.coach_id, athlete_id)
    assert made is not None
    return made


# --- squads --------------------------------------------------------------------------------------


def _squad(s: repo.Handle, user: User, squad_id: int) -> Squad:
    """One of the user's squads while they coach (turned off: kept, out of reach)."""
    squad_id = _checked_id(squad_id, "squad")
    _require_coach(s, user)
    found = store.squad(s, user.id, squad_id)
    if found is None:
        raise NotFound("squad", str(squad_id))
    return found


def _squad_name(s: repo.Handle, user: User, name: str, squad_id: int | None = None) -> str:
    text = checked_name(name)
    taken = [q for q in store.squads(s, user.id) if q.name.casefold() == text.casefold()]
    if any(q.id != squad_id for q in taken):
        raise InputError("name", f"you have a squad named '{text}' already; pick another name")
    return limits.text(text, "name", MAX_NAME)


def create_squad(ctx: Context, user: User, name: str, *, now: dt.datetime) -> Squad:
    """A new, empty squad of this coach's."""
    with ctx.db.write() as s:
        _require_coach(s, user)
        squad_id = store.add_squad(s, user.id, _squad_name(s, user, name), now)
        return _squad(s, user, squad_id)


def edit_squad(ctx: Context, user: User, request: SquadEdit, *, now: dt.datetime) -> Squad:
    """Rename, archive or bring back one of the coach's squads."""
    with ctx.db.write() as s:
        found = _squad(s, user, request.squad_id)
        name = None if request.name is None else _squad_name(s, user, request.name, found.id)
        store.update_squad(
            s,
            found.id,
            name=name,
            archived_at=now if request.archived else None,
            unarchive=request.archived is False,
        )
        return _squad(s, user, found.id)


@dataclass(frozen=True)
class SquadView:
    """A squad, its athletes, and the coach's athletes who could join it."""

    squad: Squad
    members: list[CoachLink]
    others: list[CoachLink]


def squad_view(ctx: Context, user: User, squad_id: int) -> SquadView:
    """One of the coach's squads with its athletes; another coach's is NotFound."""
    with ctx.db.read() as s:
        found = _squad(s, user, squad_id)
        members = store.squad_members(s, found.id)
        inside = {m.athlete_id for m in members}
        others = [a for a in store.coached(s, user.id) if a.athlete_id not in inside]
    return SquadView(found, members, others)


def _unarchived(found: Squad) -> None:
    if found.archived_at is not None:
        raise InputError("squad", f"'{found.name}' is archived; bring it back to change it")


def add_member(
    ctx: Context, user: User, squad_id: int, athlete_id: int, *, now: dt.datetime
) -> CoachLink:
    """Put one of the coach's athletes in one of their squads (already in: no change)."""
    with ctx.db.write() as s:
        found = _squad(s, user, squad_id)
        link = _link(s, user, athlete_id)
        _unarchived(found)
        store.add_member(s, found.id, link.athlete_id, now)
    return link


def remove_member(ctx: Context, user: User, squad_id: int, athlete_id: int) -> None:
    """Take an athlete out of one of the coach's squads; one not in it is NotFound."""
    with ctx.db.write() as s:
        found = _squad(s, user, squad_id)
        link = _link(s, user, athlete_id)
        _unarchived(found)
        if not store.remove_member(s, found.id, link.athlete_id):
            raise NotFound("athlete", str(athlete_id))
