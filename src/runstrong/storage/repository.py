"""Queries: every function takes the handle of one transaction and returns plain records.

Reads are text SQL on the driver's connection (a `Reader` from `Database.read()`, or the
Session of a write), so a read command imports neither the ORM nor, on SQLite, SQLAlchemy.
The writes (writes.py, on the ORM) load on first use and are reached from here too.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from runstrong.errors import InputError, NotFound, action
from runstrong.storage import limits
from runstrong.storage.db import LOGBOOK_TABLES, WRITING, Database, Reader
from runstrong.storage.records import (
    ActivityRecord,
    AthleteRecord,
    HistoryRow,
    HoldRecord,
    LiftRecord,
    OwnExerciseRecord,
    PlanRecord,
    ReadinessRecord,
    SessionRecord,
    SetEntry,
    Token,
    User,
    WebSession,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from runstrong.storage.writes import (
        add_activities,
        add_calendar_feed,
        add_hold,
        add_lift,
        add_login_failure,
        add_reset_link,
        add_session,
        add_token,
        add_web_session,
        clear_login_failures,
        create_athlete,
        create_user,
        delete_athlete,
        delete_own_exercise,
        delete_session,
        delete_user,
        delete_web_session,
        delete_web_sessions,
        detach_athlete,
        drop_learnt,
        link_user,
        put_own_exercise,
        relink_athlete,
        replace_session,
        revoke_feeds,
        revoke_token,
        save_checkin,
        save_plan,
        set_password,
        touch_token,
        touch_web_session,
        update_athlete,
        use_reset_link,
    )

    Handle = Session | Reader

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WRITES = frozenset(
    {
        "add_activities",
        "add_calendar_feed",
        "add_hold",
        "add_lift",
        "add_login_failure",
        "add_reset_link",
        "add_session",
        "add_token",
        "add_web_session",
        "clear_login_failures",
        "create_athlete",
        "create_user",
        "delete_athlete",
        "delete_own_exercise",
        "delete_session",
        "delete_user",
        "delete_web_session",
        "delete_web_sessions",
        "detach_athlete",
        "drop_learnt",
        "link_user",
        "put_own_exercise",
        "relink_athlete",
        "replace_session",
        "revoke_feeds",
        "revoke_token",
        "save_checkin",
        "save_plan",
        "set_password",
        "touch_token",
        "touch_web_session",
        "update_athlete",
        "use_reset_link",
    }
)


def __getattr__(name: str) -> Any:
    if name in _WRITES:
        return getattr(importlib.import_module("runstrong.storage.writes"), name)
    raise AttributeError(f"module 'runstrong.storage.repository' has no attribute '{name}'")


def now() -> dt.datetime:
    """A UTC timestamp without time zone, to the microsecond (what both databases keep)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def athlete_key(name: str) -> str:
    """Names are unique regardless of case, spaces, Unicode forms and invisible characters:
    'Ana', 'ana', 'A\u200bna' and the full-width 'Ａna' are one."""
    return limits.name_key(name)


def _reader(s: Handle) -> Reader:
    """The driver-level handle of a read (as given) or of a write's Session (same transaction;
    every write function flushes before it returns, so this sees what it wrote)."""
    if isinstance(s, Reader):
        return s
    return Reader(
        s.connection().connection.dbapi_connection,
        s.get_bind().dialect.name,
        writing=bool(s.info.get(WRITING)),
    )


# SQLite hands dates, timestamps and JSON back as text (as SQLAlchemy stored them), PostgreSQL
# as Python values: each column goes through one of these.


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _moment(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _bound(r: Reader, day: dt.date) -> object:
    """A date as a query parameter: ISO text on SQLite (how its columns hold dates)."""
    return day.isoformat() if r.dialect == "sqlite" else day


def _bound_moment(r: Reader, moment: dt.datetime) -> object:
    """A timestamp as a query parameter: on SQLite the text SQLAlchemy stores (microseconds
    always written), so text comparisons order as the times do."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if r.dialect == "sqlite" else moment


def _maybe_moment(value: Any) -> dt.datetime | None:
    return None if value is None else _moment(value)


# --- athletes -------------------------------------------------------------------------------------

_NAME_LOCK = 0x5255  # the PostgreSQL advisory lock namespace for athlete names ("RU")
_ATHLETE = "SELECT id, name, units, setup, created, experience FROM athletes"


def lock_name(session: Handle, key: str) -> None:
    """In a write on PostgreSQL, hold an athlete name until commit, so two processes creating,
    renaming or restoring one name queue instead of racing (SQLite's writes already queue)."""
    r = _reader(session)
    if r.writing and r.dialect == "postgresql":
        r.rows("SELECT pg_advisory_xact_lock(:ns, hashtext(:key))", {"ns": _NAME_LOCK, "key": key})


def _among(
    values: Sequence[object], column: str, none: object = -1
) -> tuple[str, dict[str, object]]:
    """`column IN (:a0, ...)` for these values; with none, a value no row holds (`none`, of
    the column's type: no id is -1)."""
    names = {f"a{i}": x for i, x in enumerate(values)} or {"a0": none}
    return f"{column} IN ({', '.join(':' + n for n in names)})", dict(names)


def _athletes(
    r: Reader, rows: list[tuple[Any, ...]], ids: Sequence[int] | None
) -> list[AthleteRecord]:
    """Records of athlete rows (of `ids`; None: every athlete), with their equipment,
    limitations and running days."""
    where, params = ("", {}) if ids is None else _among(ids, "athlete_id")
    where = f" WHERE {where}" if where else ""
    # One round trip for the three lists (a page reads an athlete on every request).
    query = (
        f"SELECT athlete_id, 'e', equipment, 0 FROM athlete_equipment{where}"
        f" UNION ALL SELECT athlete_id, 'l', limitation, 0 FROM athlete_limitations{where}"
        f" UNION ALL SELECT athlete_id, 'r', run_type, weekday FROM athlete_runs{where}"
    )
    kit: dict[int, list[str]] = {}
    avoid: dict[int, list[str]] = {}
    runs: dict[int, list[tuple[int, str]]] = {}
    for who, kind, item, day in r.rows(query, params):
        if kind == "e":
            kit.setdefault(who, []).append(item)
        elif kind == "l":
            avoid.setdefault(who, []).append(item)
        else:
            runs.setdefault(who, []).append((day, item))
    return [
        AthleteRecord(
            id=row[0],
            name=row[1],
            units=row[2],
            setup=row[3],
            equipment=tuple(sorted(kit.get(row[0], ()))),
            avoid=tuple(sorted(avoid.get(row[0], ()))),
            runs=",".join(f"{WEEKDAYS[d]}={t}" for d, t in sorted(runs.get(row[0], ()))),
            created=_moment(row[4]),
            experience=row[5],
        )
        for row in rows
    ]


def athlete(session: Handle, name: str) -> AthleteRecord:
    """One athlete by name (any case), or NotFound('athlete')."""
    r = _reader(session)
    key = athlete_key(name)
    if not key or len(key) > limits.NAME_LENGTH or "\x00" in key:  # no athlete has that name
        raise NotFound("athlete", name, hint=f"see `{action('athlete list')}`")
    query = f"{_ATHLETE} WHERE key = :key"
    if r.writing:
        # One writer per athlete at a time: a log, an edit of a session and the 1RMs learnt from
        # it never interleave with another process's (SELECT ... FOR UPDATE; SQLite: no-op, its
        # BEGIN IMMEDIATE already serializes writers).
        lock_name(r, key)
        if r.dialect == "postgresql":
            query += " FOR UPDATE"
    rows = r.rows(query, {"key": key})
    if not rows:
        raise NotFound("athlete", name, hint=f"see `{action('athlete list')}`")
    return _athletes(r, rows, [rows[0][0]])[0]


def athletes_named(session: Handle, names: Sequence[str]) -> dict[str, AthleteRecord]:
    """The athletes of these names (any case) in one read, keyed by `athlete_key`; a name with
    no athlete is left out (a squad's block reads 200 at once)."""
    r = _reader(session)
    keys = sorted({k for k in map(athlete_key, names) if k and len(k) <= limits.NAME_LENGTH})
    keys = [k for k in keys if "\x00" not in k]
    where, params = _among(keys, "key", none="")  # no athlete's key is empty
    rows = r.rows(f"{_ATHLETE} WHERE {where}", params)
    found = _athletes(r, rows, [row[0] for row in rows])
    return {athlete_key(a.name): a for a in found}


def athletes(session: Handle) -> list[AthleteRecord]:
    """Every athlete, by name."""
    r = _reader(session)
    return _athletes(r, r.rows(f"{_ATHLETE} ORDER BY key"), None)


# --- lifts and holds ------------------------------------------------------------------------------


def lifts(session: Handle, athlete_id: int, exercise_id: str | None = None) -> list[LiftRecord]:
    """An athlete's 1RM history, oldest first (ties in entry order)."""
    query = f"{_LIFT} FROM lifts WHERE athlete_id = :athlete"
    if exercise_id is not None:
        query += " AND exercise_id = :exercise"
    params = {"athlete": athlete_id, "exercise": exercise_id}
    return [_lift(x) for x in _reader(session).rows(query + " ORDER BY date, id", params)]


_LIFT = "SELECT id, exercise_id, one_rm, date, source, weight, reps, formula, session_id"


def _lift(x: Sequence[Any]) -> LiftRecord:
    return LiftRecord(
        id=x[0],
        exercise_id=x[1],
        one_rm=x[2],
        date=_day(x[3]),
        source=x[4],
        weight=x[5],
        reps=x[6],
        formula=x[7],
        session_id=x[8],
    )


def current_lifts(session: Handle, athlete_id: int) -> dict[str, LiftRecord]:
    """An athlete's current 1RM per exercise: the latest entry (by date, then entry order),
    picked by the database (a year of logs holds hundreds of entries)."""
    return current_lifts_among(session, [athlete_id]).get(athlete_id, {})


def current_lifts_among(
    session: Handle, athlete_ids: Sequence[int]
) -> dict[int, dict[str, LiftRecord]]:
    """`current_lifts` of several athletes in one query (a squad's block reads 200 at once);
    an athlete with no 1RM is left out."""
    where, params = _among(athlete_ids, "athlete_id")
    query = (
        f"SELECT * FROM ({_LIFT}, athlete_id, ROW_NUMBER() OVER (PARTITION BY athlete_id,"
        f" exercise_id ORDER BY date DESC, id DESC) AS newest FROM lifts WHERE {where}) AS x"
        " WHERE newest = 1 ORDER BY athlete_id, exercise_id"
    )
    found: dict[int, dict[str, LiftRecord]] = {}
    for x in _reader(session).rows(query, params):
        found.setdefault(int(x[9]), {})[x[1]] = _lift(x)
    return found


def holds(session: Handle, athlete_id: int, exercise_id: str | None = None) -> list[HoldRecord]:
    """An athlete's hold-test history, oldest first (ties in entry order)."""
    r = _reader(session)
    query = (
        "SELECT id, exercise_id, seconds, date, source, per_side, session_id"
        " FROM holds WHERE athlete_id = :athlete"
    )
    if exercise_id is not None:
        query += " AND exercise_id = :exercise"
    params = {"athlete": athlete_id, "exercise": exercise_id}
    return [
        HoldRecord(
            id=x[0],
            exercise_id=x[1],
            seconds=x[2],
            date=_day(x[3]),
            source=x[4],
            per_side=bool(x[5]),
            session_id=x[6],
        )
        for x in r.rows(query + " ORDER BY date, id", params)
    ]


# --- plans ----------------------------------------------------------------------------------------

_PLAN = 'SELECT id, created, "start", "end", goal, phase FROM plans'
MAX_CACHED_PLANS = 32
"""Parsed plans kept per process: a 16-week plan's JSON takes a millisecond or more to parse,
and a page reads one on every request. A plan changed in place (a coach's edit,
writes.update_plan) gets a later creation time, so its row's id, creation time and dates name
one version for good (a restore that reuses an id brings back the same plan). About 1 MB each:
32 fit any server."""
_parsed: OrderedDict[tuple[int, str], tuple[Any, Any]] = OrderedDict()
_parsed_lock = threading.Lock()


def _bodies(r: Reader, keys: list[tuple[int, str]]) -> dict[tuple[int, str], tuple[Any, Any]]:
    """(inputs, plan) of each plan, from the cache or, for the rest, one query. The dicts are
    shared between requests: read them, never change them."""
    found: dict[tuple[int, str], tuple[Any, Any]] = {}
    with _parsed_lock:
        for key in keys:
            if key in _parsed:
                _parsed.move_to_end(key)
                found[key] = _parsed[key]
    missing = [key for key in keys if key not in found]
    if missing:
        names = {f"p{i}": key[0] for i, key in enumerate(missing)}
        marks = ", ".join(f":{n}" for n in names)
        query = f'SELECT id, created, "start", "end", inputs, plan FROM plans WHERE id IN ({marks})'
        for pid, created, start, end, inputs, plan in r.rows(query, names):
            found[(pid, f"{created}|{start}|{end}")] = (_json(inputs), _json(plan))
        with _parsed_lock:
            for key in missing:
                if key in found:
                    _parsed[key] = found[key]
            while len(_parsed) > MAX_CACHED_PLANS:
                _parsed.popitem(last=False)
    return found


def _plans(r: Reader, rows: list[tuple[Any, ...]]) -> list[PlanRecord]:
    keys = [(x[0], f"{x[1]}|{x[2]}|{x[3]}") for x in rows]
    bodies = _bodies(r, keys)
    return [
        PlanRecord(
            id=x[0],
            created=_moment(x[1]),
            start=None if x[2] is None else _day(x[2]),
            end=None if x[3] is None else _day(x[3]),
            goal=x[4],
            phase=x[5],
            inputs=bodies[key][0],
            plan=bodies[key][1],
        )
        for x, key in zip(rows, keys, strict=True)
    ]


def plans(session: Handle, athlete_id: int) -> list[PlanRecord]:
    """An athlete's saved plans, oldest first."""
    r = _reader(session)
    return _plans(
        r, r.rows(f"{_PLAN} WHERE athlete_id = :athlete ORDER BY id", {"athlete": athlete_id})
    )


def plans_covering(
    session: Handle, athlete_id: int, first: dt.date, last: dt.date
) -> list[PlanRecord]:
    """Saved plans whose dates overlap [first, last], newest first (the newest one wins)."""
    r = _reader(session)
    query = f'{_PLAN} WHERE athlete_id = :athlete AND "start" <= :last AND "end" >= :first'
    params = {"athlete": athlete_id, "first": _bound(r, first), "last": _bound(r, last)}
    return _plans(r, r.rows(query + " ORDER BY id DESC", params))


# --- logged sessions ------------------------------------------------------------------------------


def source_checked(source: str, allowed: Sequence[str]) -> None:
    """A row's source is one of `allowed`."""
    if source not in allowed:
        raise InputError("source", f"'{source}' is not allowed; allowed: {', '.join(allowed)}")


def check_entry(e: SetEntry, field: str = "SETS") -> SetEntry:
    """A logged row every command can read back: an id, sets, reps or seconds, a sane load."""
    limits.slug(e.exercise_id, f"{field}.exercise")
    limits.sets(e.sets, f"{field}.sets")
    if (e.reps is None) == (e.seconds is None):
        raise InputError(f"{field}.reps", "give reps or seconds, not both or neither")
    limits.reps(e.reps, f"{field}.reps")
    limits.seconds(e.seconds, f"{field}.seconds")
    limits.load(e.load, f"{field}.load")
    if e.units not in ("kg", "lb"):
        raise InputError(f"{field}.units", f"'{e.units}' is not allowed; allowed: kg, lb")
    limits.optional(e.rpe, f"{field}.rpe", 1, limits.MAX_RPE)
    limits.optional(e.rir, f"{field}.rir", 0, limits.MAX_RIR)
    limits.text(e.notes, f"{field}.notes", limits.MAX_NOTES, free=True)
    return e


def session_id_checked(session_id: int) -> int:
    """A session id that may exist: a whole number either database can hold, else NotFound."""
    if isinstance(session_id, bool) or not isinstance(session_id, int):
        raise InputError("edit/delete", f"must be a session id; got {session_id!r}")
    if not 1 <= session_id <= limits.MAX_ID:  # beyond what either database can hold
        raise NotFound("edit/delete", str(session_id)[:24], hint=f"see `{action('history')}`")
    return session_id


_SESSION = (
    "SELECT ls.id, ls.date, ls.plan_id, ls.rpe, ls.notes, ls.source, ls.created"
    " FROM logged_sessions"
)
_SET = (
    "SELECT st.session_id, st.exercise_id, st.sets, st.reps, st.seconds, st.load, st.units,"
    " st.rpe, st.rir, st.notes FROM logged_sets st"
)


def _entry(x: tuple[Any, ...]) -> SetEntry:
    """A set row from `_SET`'s second column on."""
    return SetEntry(
        exercise_id=x[1],
        sets=x[2],
        reps=x[3],
        seconds=x[4],
        load=x[5],
        units=x[6],
        rpe=x[7],
        rir=x[8],
        notes=x[9],
    )


def _sessions(rows: list[tuple[Any, ...]], sets: list[tuple[Any, ...]]) -> list[SessionRecord]:
    by_session: dict[int, list[SetEntry]] = {x[0]: [] for x in rows}
    for x in sets:
        by_session[x[0]].append(_entry(x))
    return [
        SessionRecord(
            id=x[0],
            date=_day(x[1]),
            plan_id=x[2],
            rpe=x[3],
            notes=x[4],
            source=x[5],
            created=_moment(x[6]),
            entries=tuple(by_session[x[0]]),
        )
        for x in rows
    ]


def logged_session(session: Handle, athlete_id: int, session_id: int) -> SessionRecord:
    """One logged session of this athlete, or NotFound."""
    r = _reader(session)
    params = {"id": session_id_checked(session_id), "athlete": athlete_id}
    rows = r.rows(f"{_SESSION} ls WHERE ls.id = :id AND ls.athlete_id = :athlete", params)
    if not rows:
        raise NotFound("edit/delete", str(session_id), hint=f"see `{action('history')}`")
    sets = r.rows(f"{_SET} WHERE st.session_id = :id ORDER BY st.position", params)
    return _sessions(rows, sets)[0]


def _athlete_days(
    r: Reader, athlete_id: int, first: dt.date | None, last: dt.date | None, table: str = ""
) -> tuple[str, dict[str, object]]:
    """` WHERE` of an athlete's rows dated on [first, last] (either end open), with its params;
    `table` is the alias the columns are named by (`ls.`), if any."""
    where = f" WHERE {table}athlete_id = :athlete"
    params: dict[str, object] = {"athlete": athlete_id}
    if first is not None:
        where += f" AND {table}date >= :first"
        params["first"] = _bound(r, first)
    if last is not None:
        where += f" AND {table}date <= :last"
        params["last"] = _bound(r, last)
    return where, params


def sessions(
    session: Handle,
    athlete_id: int,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> list[SessionRecord]:
    """Logged sessions, oldest first, with their entries."""
    r = _reader(session)
    where, params = _athlete_days(r, athlete_id, first, last, "ls.")
    rows = r.rows(f"{_SESSION} ls{where} ORDER BY ls.date, ls.id", params)
    if not rows:
        return []
    join = " JOIN logged_sessions ls ON st.session_id = ls.id"
    sets = r.rows(f"{_SET}{join}{where} ORDER BY st.session_id, st.position", params)
    return _sessions(rows, sets)


def history(
    session: Handle,
    athlete_id: int,
    exercise_id: str | None = None,
    first: dt.date | None = None,
) -> list[HistoryRow]:
    """Logged exercises with their dates, oldest first: one query, plain columns."""
    r = _reader(session)
    query = (
        "SELECT ls.id, ls.date, ls.plan_id, st.exercise_id, st.sets, st.reps, st.seconds,"
        " st.load, st.units, st.rpe, st.rir, st.notes"
        " FROM logged_sessions ls JOIN logged_sets st ON st.session_id = ls.id"
        " WHERE ls.athlete_id = :athlete"
    )
    params: dict[str, object] = {"athlete": athlete_id}
    if exercise_id is not None:
        query += " AND st.exercise_id = :exercise"
        params["exercise"] = exercise_id
    if first is not None:
        query += " AND ls.date >= :first"
        params["first"] = _bound(r, first)
    query += " ORDER BY ls.date, ls.id, st.position"
    rows = []
    for x in r.rows(query, params):
        entry = SetEntry(x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11])
        rows.append(HistoryRow(x[0], _day(x[1]), x[2] is not None, entry))
    return rows


def counts(session: Handle) -> dict[str, int]:
    """Rows per table (for checks and the benchmark)."""
    r = _reader(session)
    names = ("athletes", "lifts", "holds", "plans", "logged_sessions", "logged_sets")
    found = {name: r.rows(f"SELECT count(*) FROM {name}") for name in names}
    return {name: int(rows[0][0]) if rows else 0 for name, rows in found.items()}


# --- accounts -------------------------------------------------------------------------------------

_USER_COLUMNS = "u.id, u.email, u.role, a.name, u.athlete_id, u.created"
_USER_FROM = " FROM users u LEFT JOIN athletes a ON a.id = u.athlete_id"
_USER = f"SELECT {_USER_COLUMNS}{_USER_FROM}"


def _user(x: Sequence[Any]) -> User:
    """A user from `_USER`'s six columns."""
    return User(
        id=x[0], email=x[1], role=x[2], athlete=x[3], athlete_id=x[4], created=_moment(x[5])
    )


def athlete_name(session: Handle, athlete_id: int) -> str | None:
    """An athlete's name by id, or None."""
    rows = _reader(session).rows("SELECT name FROM athletes WHERE id = :id", {"id": athlete_id})
    return str(rows[0][0]) if rows else None


def user(session: Handle, user_id: int) -> User | None:
    """One user by id, or None."""
    rows = _reader(session).rows(f"{_USER} WHERE u.id = :id", {"id": user_id})
    return _user(rows[0]) if rows else None


def user_by_email(session: Handle, email: str) -> User | None:
    """One user by (lower-cased) email, or None."""
    rows = _reader(session).rows(f"{_USER} WHERE u.email = :email", {"email": email})
    return _user(rows[0]) if rows else None


def athlete_user(session: Handle, athlete_id: int) -> User | None:
    """The login that is this athlete (at most one), or None."""
    rows = _reader(session).rows(f"{_USER} WHERE u.athlete_id = :id", {"id": athlete_id})
    return _user(rows[0]) if rows else None


def users(session: Handle) -> list[User]:
    """Every user, by email."""
    return [_user(x) for x in _reader(session).rows(f"{_USER} ORDER BY u.email")]


def credentials(session: Handle, email: str) -> tuple[User, str] | None:
    """A user and their password hash, by (lower-cased) email, or None."""
    query = f"SELECT {_USER_COLUMNS}, u.password_hash{_USER_FROM} WHERE u.email = :email"
    rows = _reader(session).rows(query, {"email": email})
    return (_user(rows[0]), rows[0][6]) if rows else None


def user_count(session: Handle) -> int:
    """How many users the database has (the first becomes the owner)."""
    rows = _reader(session).rows("SELECT count(*) FROM users")
    return int(rows[0][0]) if rows else 0


def web_session(session: Handle, id_hash: str) -> tuple[WebSession, dt.datetime] | None:
    """A browser session by its hashed id, with when it was last seen and the revision of its
    athlete's data (what a cached page was made from): one indexed read."""
    query = (
        f"SELECT {_USER_COLUMNS}, ws.csrf, ws.expires, ws.last_seen, a.revision"
        " FROM web_sessions ws"
        " JOIN users u ON u.id = ws.user_id LEFT JOIN athletes a ON a.id = u.athlete_id"
        " WHERE ws.id_hash = :id"
    )
    rows = _reader(session).rows(query, {"id": id_hash})
    if not rows:
        return None
    x = rows[0]
    return WebSession(_user(x), x[6], _moment(x[7]), x[9] or 0), _moment(x[8])


def login_failures(session: Handle, key: str, since: dt.datetime) -> list[dt.datetime]:
    """When sign-ins under `key` failed after `since`, oldest first."""
    r = _reader(session)
    query = "SELECT at FROM login_failures WHERE key = :key AND at > :since ORDER BY at"
    return [_moment(x[0]) for x in r.rows(query, {"key": key, "since": _bound_moment(r, since)})]


_TOKEN = "SELECT t.id, t.name, t.scopes, t.created, t.last_used, t.revoked FROM api_tokens t"


def _token(x: Sequence[Any]) -> Token:
    return Token(
        id=x[0],
        name=x[1],
        scopes=tuple(s for s in x[2].split(",") if s),
        created=_moment(x[3]),
        last_used=_maybe_moment(x[4]),
        revoked=_maybe_moment(x[5]),
    )


def api_token(session: Handle, token_hash: str) -> tuple[User, Token] | None:
    """A token by its hash, with its user (revoked ones too: the caller decides)."""
    query = (
        "SELECT t.id, t.name, t.scopes, t.created, t.last_used, t.revoked,"
        f" {_USER_COLUMNS} FROM api_tokens t"
        " JOIN users u ON u.id = t.user_id LEFT JOIN athletes a ON a.id = u.athlete_id"
        " WHERE t.token_hash = :hash"
    )
    rows = _reader(session).rows(query, {"hash": token_hash})
    return (_user(rows[0][6:]), _token(rows[0])) if rows else None


def api_tokens(session: Handle, user_id: int) -> list[Token]:
    """A user's tokens, oldest first, revoked ones included."""
    query = f"{_TOKEN} WHERE t.user_id = :user ORDER BY t.id"
    return [_token(x) for x in _reader(session).rows(query, {"user": user_id})]


def feed_athlete(session: Handle, token_hash: str) -> str | None:
    """The name of the athlete whose live (not revoked) calendar feed this hash is."""
    query = (
        "SELECT a.name FROM calendar_feeds f JOIN athletes a ON a.id = f.athlete_id"
        " WHERE f.token_hash = :hash AND f.revoked IS NULL"
    )
    rows = _reader(session).rows(query, {"hash": token_hash})
    return str(rows[0][0]) if rows else None


def session_by_client(session: Handle, athlete_id: int, client_id: str) -> SessionRecord | None:
    """The logged session a client stored under its own id, or None."""
    r = _reader(session)
    params = {"athlete": athlete_id, "client": client_id}
    rows = r.rows(
        f"{_SESSION} ls WHERE ls.athlete_id = :athlete AND ls.client_id = :client", params
    )
    if not rows:
        return None
    sets = r.rows(f"{_SET} WHERE st.session_id = :id ORDER BY st.position", {"id": rows[0][0]})
    return _sessions(rows, sets)[0]


# --- activities (revision 0007) -------------------------------------------------------------------

_ACTIVITY_COLUMNS = (
    "id, date, sport, duration_s, distance_m, avg_hr, max_hr, rpe, start, fingerprint,"
    " name, elevation_gain_m, workout_type, source, local_start, laps"
)


def _laps(value: Any) -> tuple[tuple[float, float | None, int | None], ...]:
    found = _json(value) if value is not None else None
    return tuple((float(x[0]), x[1], x[2]) for x in found or ())


def activities(
    session: Handle,
    athlete_id: int,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> list[ActivityRecord]:
    """An athlete's runs and other activities on [first, last] (by local day), oldest first."""
    return activities_among(session, [athlete_id], first, last).get(athlete_id, [])


def activities_among(
    session: Handle,
    athlete_ids: Sequence[int],
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> dict[int, list[ActivityRecord]]:
    """`activities` of several athletes in one query (a squad's block reads the running weeks
    of 200 at once); an athlete with none is left out."""
    r = _reader(session)
    where, params = _among(athlete_ids, "athlete_id")
    query = f"SELECT {_ACTIVITY_COLUMNS}, athlete_id FROM activities WHERE {where}"
    if first is not None:
        query += " AND date >= :first"
        params["first"] = _bound(r, first)
    if last is not None:
        query += " AND date <= :last"
        params["last"] = _bound(r, last)
    found: dict[int, list[ActivityRecord]] = {}
    for x in r.rows(query + " ORDER BY athlete_id, start, id", params):
        found.setdefault(int(x[16]), []).append(
            ActivityRecord(
                id=x[0],
                date=_day(x[1]),
                sport=x[2],
                duration_s=x[3],
                distance_m=x[4],
                avg_hr=x[5],
                max_hr=x[6],
                rpe=x[7],
                start=_moment(x[8]),
                fingerprint=x[9],
                name=x[10],
                elevation_gain_m=x[11],
                workout_type=x[12],
                source=x[13],
                local_start=_maybe_moment(x[14]),
                laps=_laps(x[15]),
            )
        )
    return found


def own_exercises(session: Handle, athlete_id: int) -> list[OwnExerciseRecord]:
    """An athlete's own exercises, by id."""
    return own_exercises_among(session, [athlete_id]).get(athlete_id, [])


def own_exercises_among(
    session: Handle, athlete_ids: Sequence[int]
) -> dict[int, list[OwnExerciseRecord]]:
    """`own_exercises` of several athletes in one query; an athlete with none is left out."""
    where, params = _among(athlete_ids, "athlete_id")
    query = (
        "SELECT exercise_id, entry, created, updated, athlete_id FROM own_exercises"
        f" WHERE {where} ORDER BY athlete_id, exercise_id"
    )
    found: dict[int, list[OwnExerciseRecord]] = {}
    for x in _reader(session).rows(query, params):
        found.setdefault(int(x[4]), []).append(
            OwnExerciseRecord(str(x[0]), dict(_json(x[1])), _moment(x[2]), _moment(x[3]))
        )
    return found


def analyze(db: Database, tables: tuple[str, ...] = LOGBOOK_TABLES) -> None:
    """After a bulk load, refresh the planner's statistics (see `Database.analyze`)."""
    db.analyze(tables)


__all__ = [
    "WEEKDAYS",
    "activities",
    "activities_among",
    "add_activities",
    "add_calendar_feed",
    "add_hold",
    "add_lift",
    "add_login_failure",
    "add_reset_link",
    "add_session",
    "add_token",
    "add_web_session",
    "analyze",
    "api_token",
    "api_tokens",
    "athlete",
    "athlete_key",
    "athlete_name",
    "athlete_user",
    "athletes",
    "athletes_named",
    "check_entry",
    "checkins",
    "clear_login_failures",
    "counts",
    "create_athlete",
    "create_user",
    "credentials",
    "current_lifts",
    "current_lifts_among",
    "delete_athlete",
    "delete_own_exercise",
    "delete_session",
    "delete_user",
    "delete_web_session",
    "delete_web_sessions",
    "detach_athlete",
    "drop_learnt",
    "feed_athlete",
    "history",
    "holds",
    "lifts",
    "link_user",
    "lock_name",
    "logged_session",
    "login_failures",
    "now",
    "own_exercises",
    "own_exercises_among",
    "plans",
    "plans_covering",
    "put_own_exercise",
    "relink_athlete",
    "replace_session",
    "revoke_feeds",
    "revoke_token",
    "save_checkin",
    "save_plan",
    "session_by_client",
    "session_id_checked",
    "sessions",
    "set_password",
    "source_checked",
    "touch_token",
    "touch_web_session",
    "update_athlete",
    "use_reset_link",
    "user",
    "user_by_email",
    "user_count",
    "users",
    "web_session",
]


# --- readiness check-ins (revision 0008) ----------------------------------------------------------


def checkins(
    session: Handle,
    athlete_id: int,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> list[ReadinessRecord]:
    """An athlete's check-ins on [first, last] (either end open), oldest first."""
    r = _reader(session)
    where, params = _athlete_days(r, athlete_id, first, last)
    query = (
        "SELECT id, date, sleep, soreness, stress, motivation, resting_hr, hrv, created"
        " FROM readiness" + where
    )
    return [
        ReadinessRecord(
            id=x[0],
            date=_day(x[1]),
            sleep=x[2],
            soreness=x[3],
            stress=x[4],
            motivation=x[5],
            resting_hr=x[6],
            hrv=None if x[7] is None else float(x[7]),
            created=_moment(x[8]),
        )
        for x in r.rows(query + " ORDER BY date", params)
    ]
