"""app.accounts: users, sign-in and its rate limit, browser sessions, resets, tokens, feeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import text

from runstrong import app
from runstrong.app import accounts
from runstrong.app.requests import AthleteRequest, LiftRequest, LogRequest
from runstrong.app.sessions import log
from runstrong.errors import InputError, NotFound, RateLimited
from runstrong.settings import Context
from runstrong.storage import repository as repo

T0 = dt.datetime(2027, 1, 4, 8, 0)
PASSWORD = "correct horse battery"
REAL_HASHER = accounts._hasher


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at its cheapest here (the defaults take 0.2 s a hash); the hash test restores
    the real one."""
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", lambda: cheap)
    monkeypatch.setattr(accounts, "_dummy_hash", lambda: cheap.hash("dummy"))


@pytest.fixture
def ctx(database_url: str) -> Iterator[Context]:
    context = Context.from_environment(database_url)
    yield context
    context.close()


@pytest.fixture
def lite(sqlite_url: str) -> Iterator[Context]:
    """SQLite only: for the checks that never reach a query."""
    context = Context.from_environment(sqlite_url)
    yield context
    context.close()


def _rows(ctx: Context, sql: str, **params: object) -> list[tuple[object, ...]]:
    with ctx.db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def _user(ctx: Context, email: str = "ana@example.org", **kwargs: object) -> accounts.User:
    return accounts.create_user(ctx, email=email, password=PASSWORD, now=T0, **kwargs)  # type: ignore[arg-type]


# --- users ----------------------------------------------------------------------------------------


def test_first_user_is_the_owner_and_emails_are_kept_lower_cased(ctx: Context) -> None:
    app.create_athlete(ctx, AthleteRequest(name="Ana"))
    owner = _user(ctx, " Ana@Example.ORG ", athlete="ana", coach=True)
    assert (owner.email, owner.role, owner.athlete, owner.created) == (
        "ana@example.org",
        "owner",
        "Ana",
        T0,
    )
    assert owner.athlete_id == app.athlete(ctx, "Ana").id
    runner = _user(ctx, "bo@example.org")
    coach = _user(ctx, "cy@example.org", coach=True)
    assert (runner.role, runner.athlete, runner.athlete_id) == ("runner", None, None)
    assert coach.role == "coach"
    assert [u.email for u in accounts.users(ctx)] == [
        "ana@example.org",
        "bo@example.org",
        "cy@example.org",
    ]
    assert accounts.user_by_email(ctx, "ANA@example.org") == owner


def test_a_taken_email_or_athlete_and_a_missing_athlete_are_refused(ctx: Context) -> None:
    app.create_athlete(ctx, AthleteRequest(name="Ana"))
    _user(ctx, athlete="Ana")
    with pytest.raises(InputError) as taken:
        _user(ctx, "ANA@example.org")
    assert str(taken.value) == "email: already has an account"
    with pytest.raises(InputError) as linked:
        _user(ctx, "other@example.org", athlete="ana")
    assert str(linked.value) == "athlete: already has an account (one login per athlete)"
    with pytest.raises(NotFound) as missing:
        _user(ctx, "bo@example.org", athlete="bo")
    assert str(missing.value) == "athlete: no such entry 'bo' (see `athlete list`)"
    with pytest.raises(NotFound, match=r"^email: no such entry 'zed@example.org'"):
        accounts.user_by_email(ctx, "zed@example.org")
    assert len(accounts.users(ctx)) == 1


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("ana", "email: 'ana' is not an email address; give an address like ana@example.org"),
        ("ana@example", "email: 'ana@example' is not an email address"),
        ("a@b@example.org", "email: 'a@b@example.org' is not an email address"),
        ("@example.org", "email: '@example.org' is not an email address"),
        ("ana@.org", "email: 'ana@.org' is not an email address"),
        ("an a@example.org", "email: 'an a@example.org' is not an email address"),
        ("a" * 250 + "@x.org", "email: at most 254 characters; got 256"),
    ],
)
def test_an_email_needs_one_at_and_a_dotted_domain(lite: Context, email: str, message: str) -> None:
    with pytest.raises(InputError) as refused:
        _user(lite, email)
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "password: at least 15 characters; got 5"),
        ("x" * 1025, "password: at most 1024 characters; got 1025"),
        ("a bad\x00 long password", "password: must not hold a NUL character"),
    ],
)
def test_a_password_is_15_to_1024_characters(lite: Context, password: str, message: str) -> None:
    with pytest.raises(InputError) as refused:
        accounts.create_user(lite, email="ana@example.org", password=password, now=T0)
    assert str(refused.value) == message
    assert accounts.users(lite) == []


def test_sign_up_makes_the_athlete_and_the_login_together(ctx: Context) -> None:
    user = accounts.sign_up(
        ctx, email="ana@example.org", password=PASSWORD, name="Ana", units="lb", now=T0
    )
    assert (user.role, user.athlete) == ("owner", "Ana")
    assert app.athlete(ctx, "ana").units == "lb"
    app.create_athlete(ctx, AthleteRequest(name="Bo"))
    with pytest.raises(InputError, match=r"^name: an athlete named 'bo' exists"):
        accounts.sign_up(ctx, email="bo@example.org", password=PASSWORD, name="bo", now=T0)
    with pytest.raises(InputError, match=r"^email: already has an account"):
        accounts.sign_up(ctx, email="ana@example.org", password=PASSWORD, name="Cy", now=T0)
    with pytest.raises(InputError, match=r"^units: "):
        accounts.sign_up(
            ctx, email="cy@example.org", password=PASSWORD, name="Cy", units="st", now=T0
        )
    # Nothing half-made: no login for the refused name, no athlete for the refused email.
    assert [u.email for u in accounts.users(ctx)] == ["ana@example.org"]
    assert [a.name for a in app.list_athletes(ctx)] == ["Ana", "Bo"]


# --- signing in -----------------------------------------------------------------------------------


def _sign_in(
    ctx: Context, email: str, password: str, at: dt.datetime, address: str = "1.2.3.4"
) -> accounts.User:
    return accounts.authenticate(ctx, email=email, password=password, address=address, now=at)


def test_a_wrong_password_and_an_unknown_email_say_the_same(ctx: Context) -> None:
    user = _user(ctx)
    assert _sign_in(ctx, "ANA@example.org", PASSWORD, T0) == user
    messages = set()
    for email, password in (("ana@example.org", "wrong password"), ("bo@example.org", PASSWORD)):
        with pytest.raises(InputError) as refused:
            _sign_in(ctx, email, password, T0)
        messages.add(str(refused.value))
    assert messages == {"password: wrong email or password"}


def test_five_failures_hold_the_account_for_fifteen_minutes(ctx: Context) -> None:
    _user(ctx)
    for i in range(5):
        with pytest.raises(InputError):
            _sign_in(
                ctx,
                "ana@example.org",
                "wrong password",
                T0 + dt.timedelta(minutes=i),
                f"10.0.0.{i}",
            )
    later = T0 + dt.timedelta(minutes=6)
    with pytest.raises(RateLimited) as held:  # the right password too, from another address
        _sign_in(ctx, "ana@example.org", PASSWORD, later, "10.9.9.9")
    assert held.value.retry_after == 9 * 60  # the first failure leaves the window at T0 + 15 min
    assert str(held.value) == "password: too many failed sign-ins; try again in 540 s"
    # Another account from the same addresses is not held.
    _user(ctx, "bo@example.org")
    assert _sign_in(ctx, "bo@example.org", PASSWORD, later, "10.0.0.1").email == "bo@example.org"
    # Once the first failure is 15 minutes old, one more try is allowed; a success clears them.
    free = T0 + dt.timedelta(minutes=15)
    assert _sign_in(ctx, "ana@example.org", PASSWORD, free).email == "ana@example.org"
    assert _rows(
        ctx, "SELECT count(*) FROM login_failures WHERE key = 'account:ana@example.org'"
    ) == [(0,)]


def test_twenty_failures_from_one_address_hold_that_address(ctx: Context) -> None:
    _user(ctx)
    # 19 failures already counted (as the sign-in records them), then the 20th for real.
    with ctx.db.write() as s:
        for i in range(19):
            repo.add_login_failure(s, ("address:6.6.6.6", f"account:x{i}@example.org"), T0, T0)
    with pytest.raises(InputError):
        _sign_in(ctx, "nobody@example.org", "whatever1", T0 + dt.timedelta(minutes=1), "6.6.6.6")
    with pytest.raises(RateLimited) as held:
        _sign_in(ctx, "ana@example.org", PASSWORD, T0 + dt.timedelta(minutes=2), "6.6.6.6")
    assert held.value.retry_after == 13 * 60
    assert (
        _sign_in(ctx, "ana@example.org", PASSWORD, T0 + dt.timedelta(minutes=2), "7.7.7.7").role
        == "owner"
    )
    # Failures older than the window are forgotten when the next one is counted.
    with pytest.raises(InputError):
        _sign_in(ctx, "ana@example.org", "wrong again", T0 + dt.timedelta(hours=1), "8.8.8.8")
    assert _rows(ctx, "SELECT count(*) FROM login_failures") == [(2,)]


def test_an_old_hash_is_upgraded_at_sign_in(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    monkeypatch.setattr(accounts, "_hasher", REAL_HASHER)

    user = _user(ctx)
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    with ctx.db.write() as s:
        repo.set_password(s, user.id, weak)
    _sign_in(ctx, "ana@example.org", PASSWORD, T0)
    stored = _rows(ctx, "SELECT password_hash FROM users")[0][0]
    assert stored != weak and str(stored).startswith("$argon2id$")
    assert not PasswordHasher().check_needs_rehash(str(stored))


# --- browser sessions -----------------------------------------------------------------------------


def test_a_session_is_found_by_its_cookie_and_stored_hashed(ctx: Context) -> None:
    user = _user(ctx)
    raw, session = accounts.start_session(ctx, user, now=T0)
    assert len(raw) >= 43 and len(session.csrf) >= 43
    assert session.expires == T0 + dt.timedelta(days=30)
    assert accounts.session_for(ctx, raw, now=T0) == session
    stored = _rows(ctx, "SELECT id_hash FROM web_sessions")
    assert stored == [(__import__("hashlib").sha256(raw.encode()).hexdigest(),)]
    for wrong in ("", "x", raw + "x", "y" * 5000):
        assert accounts.session_for(ctx, wrong, now=T0) is None
    accounts.end_session(ctx, raw)
    assert accounts.session_for(ctx, raw, now=T0) is None


def test_a_session_ends_after_30_days_even_when_used(ctx: Context) -> None:
    raw, _ = accounts.start_session(ctx, _user(ctx), now=T0)
    for day in (6, 12, 18, 24, 29):
        assert accounts.session_for(ctx, raw, now=T0 + dt.timedelta(days=day)) is not None
    assert accounts.session_for(ctx, raw, now=T0 + dt.timedelta(days=30)) is None
    assert _rows(ctx, "SELECT count(*) FROM web_sessions") == [(0,)]  # dropped once found dead


def test_a_session_idle_for_more_than_7_days_ends(ctx: Context) -> None:
    user = _user(ctx)
    raw, _ = accounts.start_session(ctx, user, now=T0)
    assert accounts.session_for(ctx, raw, now=T0 + dt.timedelta(days=7)) is not None
    idle = T0 + dt.timedelta(days=14, seconds=1)
    assert accounts.session_for(ctx, raw, now=idle) is None


def test_last_seen_is_written_at_most_once_a_minute(ctx: Context) -> None:
    raw, _ = accounts.start_session(ctx, _user(ctx), now=T0)

    def seen() -> object:
        return _rows(ctx, "SELECT last_seen FROM web_sessions")[0][0]

    accounts.session_for(ctx, raw, now=T0 + dt.timedelta(seconds=59))
    assert str(seen()).startswith("2027-01-04 08:00:00")
    accounts.session_for(ctx, raw, now=T0 + dt.timedelta(seconds=61))
    assert str(seen()).startswith("2027-01-04 08:01:01")


def test_ending_every_session_of_a_user_leaves_others(ctx: Context) -> None:
    ana, bo = _user(ctx), _user(ctx, "bo@example.org")
    phone, _ = accounts.start_session(ctx, ana, now=T0)
    laptop, _ = accounts.start_session(ctx, ana, now=T0)
    other, _ = accounts.start_session(ctx, bo, now=T0)
    accounts.end_sessions(ctx, ana.id)
    assert accounts.session_for(ctx, phone, now=T0) is None
    assert accounts.session_for(ctx, laptop, now=T0) is None
    found = accounts.session_for(ctx, other, now=T0)
    assert found is not None and found.user == bo


# --- password resets ------------------------------------------------------------------------------


def test_a_reset_link_works_once_and_signs_out_everywhere(ctx: Context) -> None:
    user = _user(ctx)
    cookie, _ = accounts.start_session(ctx, user, now=T0)
    raw = accounts.reset_link(ctx, "Ana@example.org", now=T0)
    assert (
        accounts.reset_password(ctx, raw, "a new passphrase", now=T0 + dt.timedelta(minutes=59))
        == user
    )
    assert accounts.session_for(ctx, cookie, now=T0) is None
    assert _sign_in(ctx, "ana@example.org", "a new passphrase", T0).id == user.id
    with pytest.raises(InputError):
        _sign_in(ctx, "ana@example.org", PASSWORD, T0)
    with pytest.raises(InputError) as used:
        accounts.reset_password(ctx, raw, "yet another one", now=T0 + dt.timedelta(minutes=59))
    assert str(used.value) == "token: link expired or already used (ask for a new one)"


def test_a_reset_link_expires_after_an_hour(ctx: Context) -> None:
    _user(ctx)
    raw = accounts.reset_link(ctx, "ana@example.org", now=T0)
    with pytest.raises(InputError, match=r"^token: link expired or already used"):
        accounts.reset_password(ctx, raw, "a new passphrase", now=T0 + dt.timedelta(hours=1))
    with pytest.raises(InputError, match=r"^token: link expired"):
        accounts.reset_password(ctx, "forged", "a new passphrase", now=T0)
    with pytest.raises(InputError, match=r"^password: at least 15 characters"):
        accounts.reset_password(ctx, raw, "short", now=T0)
    with pytest.raises(NotFound, match=r"^email: no such entry 'bo@example.org'"):
        accounts.reset_link(ctx, "bo@example.org", now=T0)
    assert _sign_in(ctx, "ana@example.org", PASSWORD, T0).email == "ana@example.org"


# --- API tokens -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scopes", "expected"),
    [("read", ("read",)), ("write, READ", ("read", "write")), ("read,read", ("read",))],
)
def test_scopes_are_read_and_write(scopes: str, expected: tuple[str, ...]) -> None:
    assert accounts.checked_scopes(scopes) == expected


@pytest.mark.parametrize(
    ("scopes", "message"),
    [
        ("admin", "scope: 'admin' is not allowed; allowed: read, write"),
        ("", "scope: '(empty)' is not allowed; allowed: read, write"),
        ("read,", "scope: '(empty)' is not allowed; allowed: read, write"),
    ],
)
def test_other_scopes_are_refused(scopes: str, message: str) -> None:
    with pytest.raises(InputError) as refused:
        accounts.checked_scopes(scopes)
    assert str(refused.value) == message


def test_a_token_gives_its_user_and_scopes_until_revoked(ctx: Context) -> None:
    ana, bo = _user(ctx), _user(ctx, "bo@example.org")
    raw, token = accounts.create_token(
        ctx, email="ANA@example.org", name="phone", scopes="read,write", now=T0
    )
    assert raw.startswith("rs_") and len(raw) >= 46
    assert (token.name, token.scopes, token.created, token.last_used) == (
        "phone",
        ("read", "write"),
        T0,
        None,
    )
    assert accounts.token_user(ctx, raw, now=T0) == (ana, ("read", "write"))
    assert accounts.tokens(ctx, ana.id)[0].last_used == T0
    accounts.token_user(ctx, raw, now=T0 + dt.timedelta(seconds=30))
    assert accounts.tokens(ctx, ana.id)[0].last_used == T0  # at most once a minute
    accounts.token_user(ctx, raw, now=T0 + dt.timedelta(minutes=2))
    assert accounts.tokens(ctx, ana.id)[0].last_used == T0 + dt.timedelta(minutes=2)
    for wrong in ("", raw[3:], raw + "x", "rs_" + "x" * 500):
        assert accounts.token_user(ctx, wrong, now=T0) is None
    with pytest.raises(NotFound) as theirs:  # Bo cannot revoke (or learn of) Ana's token
        accounts.revoke_token(ctx, bo.id, token.id, now=T0)
    assert str(theirs.value) == f"token: no such entry '{token.id}' (see `token list`)"
    accounts.revoke_token(ctx, ana.id, token.id, now=T0 + dt.timedelta(hours=1))
    assert accounts.token_user(ctx, raw, now=T0 + dt.timedelta(hours=2)) is None
    listed = accounts.tokens(ctx, ana.id)
    assert [(t.id, t.revoked) for t in listed] == [(token.id, T0 + dt.timedelta(hours=1))]
    assert accounts.tokens(ctx, bo.id) == []


def test_a_token_needs_one_user_and_a_name(ctx: Context) -> None:
    user = _user(ctx)
    _, token = accounts.create_token(ctx, user_id=user.id, name="  cli  ", now=T0)
    assert (token.name, token.scopes) == ("cli", ("read",))
    with pytest.raises(InputError, match=r"^email: give the user by email or by id"):
        accounts.create_token(ctx, email="ana@example.org", user_id=user.id, name="x", now=T0)
    with pytest.raises(InputError, match=r"^name: must not be empty"):
        accounts.create_token(ctx, user_id=user.id, name=" ", now=T0)
    with pytest.raises(NotFound, match=r"^email: no such entry 'bo@example.org'"):
        accounts.create_token(ctx, email="bo@example.org", name="x", now=T0)
    with pytest.raises(NotFound, match=r"^token: no such entry"):
        accounts.revoke_token(ctx, user.id, 2**70, now=T0)


# --- calendar feeds -------------------------------------------------------------------------------


def test_a_new_calendar_feed_revokes_the_previous_one(ctx: Context) -> None:
    ana = app.create_athlete(ctx, AthleteRequest(name="Ana"))
    first = accounts.calendar_feed(ctx, ana.id, now=T0)
    assert accounts.feed_athlete(ctx, first) == "Ana"
    second = accounts.calendar_feed(ctx, ana.id, now=T0)
    assert (accounts.feed_athlete(ctx, first), accounts.feed_athlete(ctx, second)) == (None, "Ana")
    accounts.revoke_feed(ctx, ana.id, now=T0)
    assert accounts.feed_athlete(ctx, second) is None
    assert accounts.feed_athlete(ctx, "") is None
    with pytest.raises(NotFound, match=r"^athlete: no such entry '999'"):
        accounts.calendar_feed(ctx, 999, now=T0)


# --- deleting an account --------------------------------------------------------------------------

_OWNED = {
    "athletes": "SELECT count(*) FROM athletes WHERE id = :athlete",
    "lifts": "SELECT count(*) FROM lifts WHERE athlete_id = :athlete",
    "logged_sessions": "SELECT count(*) FROM logged_sessions WHERE athlete_id = :athlete",
    "logged_sets": "SELECT count(*) FROM logged_sets st JOIN logged_sessions ls"
    " ON ls.id = st.session_id WHERE ls.athlete_id = :athlete",
    "calendar_feeds": "SELECT count(*) FROM calendar_feeds WHERE athlete_id = :athlete",
    "users": "SELECT count(*) FROM users WHERE id = :user",
    "web_sessions": "SELECT count(*) FROM web_sessions WHERE user_id = :user",
    "api_tokens": "SELECT count(*) FROM api_tokens WHERE user_id = :user",
    "reset_links": "SELECT count(*) FROM reset_links WHERE user_id = :user",
    "login_failures": "SELECT count(*) FROM login_failures WHERE key = :key",
}


def _owned(ctx: Context, user: accounts.User) -> dict[str, int]:
    params = {"athlete": user.athlete_id, "user": user.id, "key": f"account:{user.email}"}
    return {table: int(_rows(ctx, sql, **params)[0][0]) for table, sql in _OWNED.items()}  # type: ignore[call-overload]


def _everything(ctx: Context, email: str, name: str) -> accounts.User:
    user = accounts.sign_up(ctx, email=email, password=PASSWORD, name=name, now=T0)
    app.record_lifts(
        ctx, LiftRequest(athlete=name, lifts=("back-squat=100",), date=dt.date(2027, 1, 1))
    )
    log(ctx, LogRequest(athlete=name, entries=("back-squat", "3x5@80"), date="2027-01-05"))
    accounts.start_session(ctx, user, now=T0)
    accounts.create_token(ctx, user_id=user.id, name="phone", now=T0)
    accounts.reset_link(ctx, email, now=T0)
    accounts.calendar_feed(ctx, user.athlete_id or 0, now=T0)
    with pytest.raises(InputError):
        _sign_in(ctx, email, "wrong password", T0)
    return user


def test_deleting_an_account_removes_the_user_the_athlete_and_all_their_data(ctx: Context) -> None:
    ana = _everything(ctx, "ana@example.org", "Ana")
    bo = _everything(ctx, "bo@example.org", "Bo")
    assert set(_owned(ctx, ana).values()) == {1} and set(_owned(ctx, bo).values()) == {1}
    accounts.delete_account(ctx, ana.id)
    assert set(_owned(ctx, ana).values()) == {0}
    assert set(_owned(ctx, bo).values()) == {1}  # another account keeps everything
    with pytest.raises(NotFound, match=r"^user: no such entry"):
        accounts.delete_account(ctx, ana.id)


# --- logs with a client-made id -------------------------------------------------------------------


def test_a_log_sent_again_with_its_client_id_is_replayed_not_doubled(ctx: Context) -> None:
    app.create_athlete(ctx, AthleteRequest(name="Ana"))
    request = LogRequest(
        athlete="Ana", entries=("back-squat", "3x5@80"), date="2027-01-05", client_id="c0ffee-1"
    )
    first = log(ctx, request)
    again = log(ctx, request)
    assert not first.replayed and again.replayed
    assert (again.session_id, again.date, again.entries) == (
        first.session_id,
        first.date,
        first.entries,
    )
    # The lessons read back (their notes are the decision's words, not stored).
    assert again.learnt == tuple(replace(x, note="") for x in first.learnt) != ()
    assert len(app.history(ctx, "Ana")) == 1
    # The same client id for another athlete is another log.
    app.create_athlete(ctx, AthleteRequest(name="Bo"))
    other = log(
        ctx,
        LogRequest(
            athlete="Bo", entries=("back-squat", "3x5@60"), date="2027-01-05", client_id="c0ffee-1"
        ),
    )
    assert not other.replayed and other.session_id != first.session_id


@pytest.mark.parametrize(
    ("client_id", "edit", "message"),
    [
        ("x" * 65, None, "client_id: at most 64 characters; got 65"),
        ("", None, "client_id: must be 1-64 printable characters, e.g. a UUID"),
        (" a", None, "client_id: must be 1-64 printable characters, e.g. a UUID"),
        ("abc", "1", "client_id: names a new log; give it without edit"),
    ],
)
def test_a_client_id_is_short_printable_and_for_new_logs(
    lite: Context, client_id: str, edit: str | None, message: str
) -> None:
    app.create_athlete(lite, AthleteRequest(name="Ana"))
    request = LogRequest(athlete="Ana", entries=("rdl", "3x5@80"), client_id=client_id, edit=edit)
    with pytest.raises(InputError) as refused:
        log(lite, request)
    assert str(refused.value) == message
