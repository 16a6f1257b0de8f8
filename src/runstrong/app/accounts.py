"""Accounts for the web app and the API: users, sign-in with a rate limit, browser sessions,
password resets, API tokens and calendar feeds.

Every secret handed out (a cookie, a token, a link) is random and stored only as its sha256, so
a copy of the database signs nobody in. The shell passes `now` (naive UTC): nothing here reads a
clock, so tests move time. Password hashing (argon2-cffi) is imported only when a password is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from functools import cache
from typing import TYPE_CHECKING

from runstrong.app.athletes import checked_name
from runstrong.core import inputs
from runstrong.core.model import Units
from runstrong.errors import InputError, NotFound, RateLimited, action, ref
from runstrong.settings import Context
from runstrong.storage import coaching, limits
from runstrong.storage import repository as repo
from runstrong.storage.records import Token, User, WebSession

if TYPE_CHECKING:
    from argon2 import PasswordHasher

__all__ = [
    "SCOPES",
    "Token",
    "User",
    "WebSession",
    "authenticate",
    "calendar_feed",
    "create_token",
    "create_user",
    "delete_account",
    "end_session",
    "end_sessions",
    "feed_athlete",
    "reset_link",
    "reset_password",
    "revoke_feed",
    "revoke_token",
    "session_for",
    "sign_up",
    "start_session",
    "token_user",
    "tokens",
    "user_by_email",
    "users",
]

MAX_EMAIL = 254
"""RFC 5321 sec 4.5.3.1.3 caps a path at 256 octets with its angle brackets (RFC 3696 errata
1690): 254 characters of address."""
MIN_PASSWORD = 15
"""NIST SP 800-63B-4 sec 3.1.1.2: a password that is the only factor (as here) has at least 15
characters (8 is its floor only beside a second factor). A passphrase of a few words fits."""
MAX_PASSWORD = 1024
"""NIST SP 800-63B-4 sec 3.1.1.2 asks to allow at least 64; a cap keeps one sign-in from
hashing megabytes."""
SECRET_BYTES = 32
"""256 random bits per cookie, token and link (OWASP Session Management Cheat Sheet, "Session ID
Entropy": at least 64 bits)."""

SESSION_LIFETIME = dt.timedelta(days=30)
"""Absolute timeout of a browser session. The OWASP Session Management Cheat Sheet ("Session
Expiration") asks for an absolute and an idle timeout, set by the application's risk: a training
log on a phone in the gym stays signed in for a month at most."""
SESSION_IDLE = dt.timedelta(days=7)
"""Idle timeout (same OWASP section): a week without a visit signs the browser out."""
TOUCH_EVERY = dt.timedelta(minutes=1)
"""last_seen and last_used are written at most this often, so a busy page stays a pure read
(the idle timeout is counted in days: a minute's slack changes nothing)."""

FAILURE_WINDOW = dt.timedelta(minutes=15)
ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 20
"""Sign-in throttling: OWASP Authentication Cheat Sheet ("Account Lockout": a threshold of
failures in an observation window, then a lockout duration) and NIST SP 800-63B sec 5.2.2 (rate
limiting, at most 100 consecutive failures): 5 failures per account or 20 per address within
15 minutes hold further tries until the oldest failure leaves the window."""

RESET_LIFETIME = dt.timedelta(hours=1)
"""A reset link works once, within an hour (OWASP Forgot Password Cheat Sheet: single use and
expiring after a short period)."""

SCOPES = ("read", "write")
TOKEN_PREFIX = "rs_"
"""API tokens start so, for secret scanners and for a quick refusal of anything else."""
MAX_SECRET = 200
"""No secret we hand out is longer (token_urlsafe(32) is 43 characters): longer is refused
unread."""
MAX_TOKEN_NAME = 80


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _plausible(raw: object) -> bool:
    return isinstance(raw, str) and 0 < len(raw) <= MAX_SECRET


@cache
def _hasher() -> PasswordHasher:
    """argon2id with argon2-cffi's defaults (RFC 9106's second recommended option)."""
    from argon2 import PasswordHasher

    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    """A hash to verify when the email is unknown, so timing tells nothing about accounts."""
    return _hasher().hash(secrets.token_urlsafe(SECRET_BYTES))


def _verify(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _email(email: str) -> str:
    """How an email is stored and looked up: trimmed, lower-cased."""
    return email.strip().lower() if isinstance(email, str) else ""


def checked_email(email: str) -> str:
    """An address with one @ and a dot in its domain, at most 254 characters; lower-cased."""
    text = _email(email)
    allowed = f"an address like ana@example.org, at most {MAX_EMAIL} characters"
    if len(text) > MAX_EMAIL:
        raise InputError("email", f"at most {MAX_EMAIL} characters; got {len(text)}")
    local, _, domain = text.partition("@")
    if (
        text.count("@") != 1
        or not local
        or "." not in domain
        or domain.startswith(".")
        or domain.endswith(".")
        or ".." in domain
        or any(c.isspace() or not c.isprintable() for c in text)
    ):
        raise InputError("email", f"'{inputs.shown(text)}' is not an email address; give {allowed}")
    return text


def checked_password(password: str) -> str:
    """A password of 8 to 1024 characters (any characters: spaces and emoji too)."""
    if not isinstance(password, str):
        raise InputError("password", "must be text")
    if len(password) < MIN_PASSWORD:
        raise InputError("password", f"at least {MIN_PASSWORD} characters; got {len(password)}")
    if len(password) > MAX_PASSWORD:
        raise InputError("password", f"at most {MAX_PASSWORD} characters; got {len(password)}")
    limits.text(password, "password", MAX_PASSWORD, free=True)
    return password


# --- users ----------------------------------------------------------------------------------------


def create_user(
    ctx: Context,
    *,
    email: str,
    password: str,
    athlete: str | None = None,
    coach: bool = False,
    now: dt.datetime,
) -> User:
    """A login, for an existing athlete when named; the database's first user is the owner."""
    address = checked_email(email)
    password_hash = _hasher().hash(checked_password(password))
    with ctx.db.write() as s:
        athlete_id = None if athlete is None else repo.athlete(s, athlete).id
        user_id = repo.create_user(
            s,
            email=address,
            password_hash=password_hash,
            athlete_id=athlete_id,
            role="coach" if coach else "runner",
            created=now,
        )
        found = repo.user(s, user_id)
    assert found is not None
    return found


def sign_up(
    ctx: Context, *, email: str, password: str, name: str, units: str = "kg", now: dt.datetime
) -> User:
    """A new athlete named `name` and their login, in one transaction (both or neither)."""
    address = checked_email(email)
    checked_password(password)
    tidy = checked_name(name)
    unit = inputs.choice(Units, units, "units").value
    with ctx.db.read() as s:  # before the slow hash: a taken email is said at once
        if repo.user_by_email(s, address) is not None:
            raise InputError("email", "already has an account")
    password_hash = _hasher().hash(password)
    with ctx.db.write() as s:
        person = repo.create_athlete(s, name=tidy, units=unit, setup=None, created=now)
        user_id = repo.create_user(
            s,
            email=address,
            password_hash=password_hash,
            athlete_id=person.id,
            role="runner",
            created=now,
        )
        found = repo.user(s, user_id)
    assert found is not None
    return found


def user_by_email(ctx: Context, email: str) -> User:
    """One user by email (any case), or NotFound('email')."""
    with ctx.db.read() as s:
        found = repo.user_by_email(s, _email(email))
    if found is None:
        raise NotFound("email", inputs.shown(str(email)), hint=f"see `{action('user list')}`")
    return found


def users(ctx: Context) -> list[User]:
    """Every user, by email."""
    with ctx.db.read() as s:
        return repo.users(s)


def delete_account(ctx: Context, user_id: int) -> None:
    """Remove a user, their athlete with every plan, log and lift, their sessions and tokens,
    and the athletes they manage as a coach."""
    with ctx.db.write() as s:
        found = repo.user(s, user_id)
        if found is None:
            raise NotFound("user", str(user_id))
        coaching.delete_managed(s, user_id)  # athletes without a login, only they reached
        repo.delete_user(s, user_id)
        repo.clear_login_failures(s, _account_key(found.email))


# --- signing in -----------------------------------------------------------------------------------


def _account_key(email: str) -> str:
    return f"account:{email[:MAX_EMAIL]}"


def _address_key(address: str) -> str:
    return f"address:{str(address)[:100]}"


def _wait(failures: list[dt.datetime], most: int, now: dt.datetime) -> int | None:
    """Seconds until fewer than `most` failures are in the window, or None when they are."""
    if len(failures) < most:
        return None
    frees = failures[len(failures) - most] + FAILURE_WINDOW
    return max(1, int((frees - now).total_seconds() + 0.999))


def authenticate(
    ctx: Context, *, email: str, password: str, address: str, now: dt.datetime
) -> User:
    """The user of this email and password; a wrong one of either says the same, and too many
    failures (per account, per address) are refused for a while with RateLimited."""
    wrong = InputError("password", "wrong email or password")
    key = _email(email)
    account, where = _account_key(key), _address_key(address)
    since = now - FAILURE_WINDOW
    with ctx.db.read() as s:
        waits = [
            _wait(repo.login_failures(s, account, since), ACCOUNT_FAILURES, now),
            _wait(repo.login_failures(s, where, since), ADDRESS_FAILURES, now),
        ]
        found = repo.credentials(s, key) if len(key) <= MAX_EMAIL else None
    wait = max((w for w in waits if w is not None), default=None)
    if wait is not None:
        raise RateLimited(wait)
    if not isinstance(password, str) or len(password) > MAX_PASSWORD:
        password = ""  # refused below, after the same work as any other
    user, stored = found if found is not None else (None, _dummy_hash())
    ok = _verify(stored, password) and user is not None
    with ctx.db.write() as s:
        if user is None or not ok:
            repo.add_login_failure(s, (account, where), now, since)
        else:
            repo.clear_login_failures(s, account)
            if _hasher().check_needs_rehash(stored):
                repo.set_password(s, user.id, _hasher().hash(password))
    if user is None or not ok:
        raise wrong
    return user


def start_session(ctx: Context, user: User, *, now: dt.datetime) -> tuple[str, WebSession]:
    """A new signed-in browser: the cookie's raw value (stored only as its sha256) and the
    session, with its CSRF token."""
    raw = secrets.token_urlsafe(SECRET_BYTES)
    csrf = secrets.token_urlsafe(SECRET_BYTES)
    expires = now + SESSION_LIFETIME
    with ctx.db.write() as s:
        repo.add_web_session(
            s,
            id_hash=_digest(raw),
            user_id=user.id,
            csrf=csrf,
            created=now,
            expires=expires,
            idle_since=now - SESSION_IDLE,
        )
    return raw, WebSession(user, csrf, expires)


def session_for(ctx: Context, raw: str, *, now: dt.datetime) -> WebSession | None:
    """The browser session of a cookie's value; None when unknown, past its end or idle too
    long. One indexed read; a write only once a minute per session, or to drop an old one."""
    if not _plausible(raw):
        return None
    id_hash = _digest(raw)
    with ctx.db.read(single=True) as s:
        found = repo.web_session(s, id_hash)
    if found is None:
        return None
    session, last_seen = found
    if session.expires <= now or now - last_seen > SESSION_IDLE:
        with ctx.db.write() as s:
            repo.delete_web_session(s, id_hash)
        return None
    if now - last_seen >= TOUCH_EVERY:
        with ctx.db.write() as s:
            repo.touch_web_session(s, id_hash, now)
    return session


def end_session(ctx: Context, raw: str) -> None:
    """Sign one browser out (an unknown value is no error)."""
    if _plausible(raw):
        with ctx.db.write() as s:
            repo.delete_web_session(s, _digest(raw))


def end_sessions(ctx: Context, user_id: int) -> None:
    """Sign a user out of every browser."""
    with ctx.db.write() as s:
        repo.delete_web_sessions(s, user_id)


# --- password resets ------------------------------------------------------------------------------


def reset_link(ctx: Context, email: str, *, now: dt.datetime) -> str:
    """A one-time reset token for this user, valid for an hour (the shell makes it a link)."""
    user = user_by_email(ctx, email)
    raw = secrets.token_urlsafe(SECRET_BYTES)
    with ctx.db.write() as s:
        repo.add_reset_link(
            s, token_hash=_digest(raw), user_id=user.id, expires=now + RESET_LIFETIME
        )
    return raw


def reset_password(ctx: Context, raw: str, password: str, *, now: dt.datetime) -> User:
    """Set a new password through a reset link, once; every session of that user ends."""
    password_hash = _hasher().hash(checked_password(password))
    gone = InputError("token", "link expired or already used", "ask for a new one")
    if not _plausible(raw):
        raise gone
    with ctx.db.write() as s:
        user_id = repo.use_reset_link(s, _digest(raw), now)
        found = None if user_id is None else repo.user(s, user_id)
        if found is None:
            raise gone
        repo.set_password(s, found.id, password_hash)
        repo.delete_web_sessions(s, found.id)
        repo.clear_login_failures(s, _account_key(found.email))
    return found


# --- API tokens -----------------------------------------------------------------------------------


def checked_scopes(scopes: str) -> tuple[str, ...]:
    """A comma list of read and write, in that order, each once."""
    given = [part.strip().lower() for part in str(scopes).split(",")]
    for part in given:
        if part not in SCOPES:
            shown = inputs.shown(part) if part else "(empty)"
            raise InputError("scope", f"'{shown}' is not allowed; allowed: {', '.join(SCOPES)}")
    return tuple(scope for scope in SCOPES if scope in given)


def _token_name(name: str) -> str:
    text = " ".join(str(name).split())
    if not text:
        raise InputError("name", "must not be empty")
    return limits.text(text, "name", MAX_TOKEN_NAME)


def create_token(
    ctx: Context,
    *,
    email: str | None = None,
    user_id: int | None = None,
    name: str,
    scopes: str = "read",
    now: dt.datetime,
) -> tuple[str, Token]:
    """A new API token for the user (by email or id): the raw token, shown once, and its record."""
    if (email is None) == (user_id is None):
        raise InputError("email", f"give the user by {ref('email')} or by id, one of them")
    allowed = checked_scopes(scopes)
    label = _token_name(name)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(SECRET_BYTES)
    with ctx.db.write() as s:
        found = (
            repo.user(s, user_id)
            if user_id is not None
            else repo.user_by_email(s, _email(email or ""))
        )
        if found is None:
            where = ("user", str(user_id)) if user_id is not None else ("email", str(email))
            raise NotFound(where[0], inputs.shown(where[1]), hint=f"see `{action('user list')}`")
        token_id = repo.add_token(
            s, user_id=found.id, name=label, token_hash=_digest(raw), scopes=allowed, created=now
        )
    return raw, Token(token_id, label, allowed, now, None, None)


def token_user(ctx: Context, raw: str, *, now: dt.datetime) -> tuple[User, tuple[str, ...]] | None:
    """The user and scopes of a bearer token; None when unknown or revoked. last_used is written
    at most once a minute."""
    if not _plausible(raw) or not raw.startswith(TOKEN_PREFIX):
        return None
    with ctx.db.read(single=True) as s:
        found = repo.api_token(s, _digest(raw))
    if found is None or found[1].revoked is not None:
        return None
    user, token = found
    if token.last_used is None or now - token.last_used >= TOUCH_EVERY:
        with ctx.db.write() as s:
            repo.touch_token(s, token.id, now)
    return user, token.scopes


def tokens(ctx: Context, user_id: int) -> list[Token]:
    """A user's tokens, oldest first, revoked ones included (with when)."""
    with ctx.db.read() as s:
        return repo.api_tokens(s, user_id)


def revoke_token(ctx: Context, user_id: int, token_id: int, *, now: dt.datetime) -> None:
    """Revoke one of the user's tokens; another user's id is NotFound, as a missing one is."""
    with ctx.db.write() as s:
        if not 1 <= token_id <= limits.MAX_ID or not repo.revoke_token(s, user_id, token_id, now):
            raise NotFound("token", str(token_id), hint=f"see `{action('token list')}`")


# --- calendar feeds -------------------------------------------------------------------------------


def calendar_feed(ctx: Context, athlete_id: int, *, now: dt.datetime) -> str:
    """A new secret calendar token for the athlete's plan; the previous one stops working."""
    raw = secrets.token_urlsafe(SECRET_BYTES)
    with ctx.db.write() as s:
        if repo.athlete_name(s, athlete_id) is None:
            raise NotFound("athlete", str(athlete_id))
        repo.add_calendar_feed(s, athlete_id=athlete_id, token_hash=_digest(raw), created=now)
    return raw


def feed_athlete(ctx: Context, raw: str) -> str | None:
    """The name of the athlete whose live calendar token this is, or None."""
    if not _plausible(raw):
        return None
    with ctx.db.read() as s:
        return repo.feed_athlete(s, _digest(raw))


def revoke_feed(ctx: Context, athlete_id: int, *, now: dt.datetime) -> None:
    """Stop the athlete's calendar URL (a new one can be made after)."""
    with ctx.db.write() as s:
        repo.revoke_feeds(s, athlete_id, now)
