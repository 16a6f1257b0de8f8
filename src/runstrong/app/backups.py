"""Backup and restore: a runstrong.backup/1 JSON dump of the logbook, loaded all or nothing."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from runstrong.app.athletes import checked_name, parse_runs
from runstrong.app.comments import MAX_BODY
from runstrong.app.requests import RestoreRequest
from runstrong.app.shares import MAX_LABEL
from runstrong.core.loads import MAX_LIFT_LOAD
from runstrong.core.model import Equipment, Experience, Limitation
from runstrong.core.notation import MAX_LOAD, MAX_REPS, MAX_SECONDS, MAX_SETS
from runstrong.errors import InputError, NotFound, ref
from runstrong.settings import Context
from runstrong.storage import audit, coaching, comments, limits, shares
from runstrong.storage import repository as repo
from runstrong.storage.records import (
    HOLD_SOURCES,
    LIFT_SOURCES,
    SESSION_SOURCES,
    ActivityRecord,
    AthleteLinks,
    AthleteRecord,
    ReadinessRecord,
    SetEntry,
)

BACKUP_SCHEMA = "runstrong.backup/1"
ACTIVITY_SPORTS = ("run", "ride", "swim", "walk", "hike", "row", "strength", "ski", "elliptical",
                   "other")  # fmt: skip
"""The sports core/activities.py reads a file's sport as."""
MAX_ACTIVITY_SECONDS = 30 * 24 * 3600  # a month: beyond any one activity, a guard on the value
MAX_ACTIVITY_METRES = 10_000_000  # 10,000 km


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _athlete_dump(s: Any, person: AthleteRecord) -> dict[str, Any]:
    plan_rows = repo.plans(s, person.id)
    session_rows = repo.sessions(s, person.id)
    plan_index = {p.id: i for i, p in enumerate(plan_rows)}
    session_index = {x.id: i for i, x in enumerate(session_rows)}
    return {
        "name": person.name,
        "units": person.units,
        "setup": person.setup,
        "equipment": list(person.equipment),
        "avoid": list(person.avoid),
        "runs": person.runs,
        "experience": person.experience,
        "created": _iso(person.created),
        "lifts": [
            {
                "exercise": x.exercise_id,
                "one_rm": x.one_rm,
                "date": _iso(x.date),
                "source": x.source,
                "weight": x.weight,
                "reps": x.reps,
                "formula": x.formula,
                "session": None if x.session_id is None else session_index[x.session_id],
            }
            for x in repo.lifts(s, person.id)
        ],
        "holds": [
            {
                "exercise": x.exercise_id,
                "seconds": x.seconds,
                "per_side": x.per_side,
                "date": _iso(x.date),
                "source": x.source,
                "session": None if x.session_id is None else session_index[x.session_id],
            }
            for x in repo.holds(s, person.id)
        ],
        "exercises": [
            {"id": x.exercise_id, "entry": x.entry} for x in repo.own_exercises(s, person.id)
        ],
        "plans": [
            {
                "created": _iso(p.created),
                "start": _iso(p.start),
                "end": _iso(p.end),
                "goal": p.goal,
                "phase": p.phase,
                "inputs": p.inputs,
                "plan": p.plan,
            }
            for p in plan_rows
        ],
        "readiness": [_checkin_dump(x) for x in repo.checkins(s, person.id)],
        "sessions": [
            {
                "date": _iso(x.date),
                "plan": None if x.plan_id is None else plan_index[x.plan_id],
                "rpe": x.rpe,
                "notes": x.notes,
                "source": x.source,
                "created": _iso(x.created),
                "entries": [e.as_json() for e in x.entries],
            }
            for x in session_rows
        ],
        **_activities_dump(s, person.id),
        **_changes_dump(s, person.id, plan_index),
        **_comments_dump(s, person.id, plan_index),
        **_shares_dump(s, person.id, plan_index),
    }


def _changes_dump(s: Any, athlete_id: int, plan_index: dict[int, int]) -> dict[str, Any]:
    """The plan change log (revision 0012), oldest first, left out when empty: who is kept as
    written, never a user id (ids mean other users on another server)."""
    found = audit.changes(s, athlete_id, limit=limits.MAX_ID)
    items = [
        {
            "plan": None if x.plan_id is None else plan_index.get(x.plan_id),
            "who": x.who,
            "at": _iso(x.at),
            "action": x.action,
            "summary": x.summary,
            "detail": list(x.detail),
            "reason": x.reason,
        }
        for x in reversed(found)
    ]
    return {"changes": items} if items else {}


def _comments_dump(s: Any, athlete_id: int, plan_index: dict[int, int]) -> dict[str, Any]:
    """Comments on the athlete's sessions (revision 0012), oldest first, left out when none:
    the session by its plan's index and its day, the author by name and role."""
    found = comments.athlete_comments(s, athlete_id, limit=limits.MAX_ID)
    items = [
        {
            "plan": plan_index[x.plan_id],
            "day": _iso(x.day),
            "author": x.author,
            "role": x.role,
            "body": x.body,
            "created": _iso(x.created),
        }
        for x in reversed(found)
    ]
    return {"comments": items} if items else {}


def _shares_dump(s: Any, athlete_id: int, plan_index: dict[int, int]) -> dict[str, Any]:
    """Share links to the athlete's plans (revision 0012), oldest first, left out when none:
    the sha256 of each token (the token itself is never stored), so a link keeps working after
    a restore; a revoked or expired link stays so. The maker by email, while they have one."""
    items = [
        {
            "plan": plan_index[x.plan_id],
            "token_sha256": digest,
            "by": x.creator,
            "label": x.label,
            "created": _iso(x.created),
            "expires": _iso(x.expires),
            "revoked": _iso(x.revoked),
        }
        for x, digest in shares.athlete_links(s, athlete_id)
    ]
    return {"shares": items} if items else {}


def _activities_dump(s: Any, athlete_id: int) -> dict[str, Any]:
    """The athlete's runs and other activities (issue 14), left out when there are none, so a
    backup of a logbook without them reads as before."""
    found = repo.activities(s, athlete_id)
    return {"activities": [a.as_json() for a in found]} if found else {}


def _checkin_dump(x: ReadinessRecord) -> dict[str, Any]:
    """A morning check-in (revision 0008) as the backup keeps it."""
    return {
        "date": _iso(x.date),
        "sleep": x.sleep,
        "soreness": x.soreness,
        "stress": x.stress,
        "motivation": x.motivation,
        "rhr": x.resting_hr,
        "hrv": x.hrv,
        "created": _iso(x.created),
    }


def backup(ctx: Context, name: str | None = None) -> dict[str, Any]:
    """Everything for one athlete (or all) as a runstrong.backup/1 dict, in one snapshot."""
    from runstrong.version import __version__

    with ctx.db.read() as s:
        people = [repo.athlete(s, name)] if name is not None else repo.athletes(s)
        dumped = [_athlete_dump(s, p) for p in people]
    return {"schema": BACKUP_SCHEMA, "generator": f"runstrong {__version__}", "athletes": dumped}


class _Reader:
    """Checks a backup field by field; every error names the JSON path."""

    def __init__(self, ctx: Context, source: str) -> None:
        self.ctx = ctx
        self.source = source
        self.known: frozenset[str] | None = None

    def fail(self, where: str, problem: str) -> InputError:
        return InputError(self.source, f"{where}: {problem}")

    def table(
        self, value: object, where: str, keys: Iterable[str], optional: Iterable[str] = ()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be an object")
        wanted = set(keys)
        missing = sorted(wanted - set(value))
        extra = sorted(set(value) - wanted - set(optional))
        if missing:
            raise self.fail(where, f"missing key '{missing[0]}'")
        if extra:
            raise self.fail(where, f"unknown key '{extra[0]}'")
        return value

    def obj(self, value: object, where: str, required: Iterable[str] = ()) -> dict[str, Any]:
        """An object with these keys and any others (a plan's JSON grows new keys)."""
        if not isinstance(value, dict):
            raise self.fail(where, "must be an object")
        missing = sorted(set(required) - set(value))
        if missing:
            raise self.fail(where, f"missing key '{missing[0]}'")
        return value

    def items(self, value: object, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, "must be a list")
        return value

    def text(
        self,
        value: object,
        where: str,
        *,
        null: bool = False,
        length: int = limits.WORD_LENGTH,
        free: bool = False,
    ) -> Any:
        if value is None and null:
            return None
        if not isinstance(value, str):
            raise self.fail(where, "must be a string")
        return self.within(limits.text, value, where, length, free=free)

    def exercise(self, value: object, where: str) -> str:
        """An exercise id of the catalogue (with the runner's own exercises)."""
        found = self.text(value, where, length=limits.ID_LENGTH)
        if self.known is None:
            self.known = frozenset(e.id for e in self.ctx.catalogue.all())
        if found not in self.known:
            raise self.fail(where, f"'{found}' is not an exercise of the catalogue")
        return str(found)

    def within(self, check: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A storage limit, its error reworded to name the backup and the JSON path."""
        try:
            return check(*args, **kwargs)
        except InputError as exc:
            raise InputError(self.source, f"{exc.field}: {exc.problem}") from None

    def number(
        self,
        value: object,
        where: str,
        *,
        null: bool = False,
        low: float = 0,
        high: float = MAX_LOAD,
        above: bool = False,
    ) -> Any:
        if value is None and null:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, "must be a number")
        return self.within(limits.number, value, where, low, high, above=above)

    def flag(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, "must be true or false")
        return value

    def whole(
        self,
        value: object,
        where: str,
        *,
        null: bool = False,
        low: int = 0,
        high: int = limits.MAX_ID,
    ) -> Any:
        if value is None and null:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, "must be a whole number")
        return self.within(limits.whole, value, where, low, high)

    def day(self, value: object, where: str, *, null: bool = False) -> Any:
        if value is None and null:
            return None
        try:
            found = dt.date.fromisoformat(self.text(value, where, length=10))
        except ValueError:
            raise self.fail(where, "must be a date YYYY-MM-DD") from None
        return self.within(limits.day, found, where)

    def moment(self, value: object, where: str) -> dt.datetime:
        try:
            found = dt.datetime.fromisoformat(self.text(value, where, length=40))
        except ValueError:
            raise self.fail(where, "must be a date-time YYYY-MM-DDTHH:MM:SS") from None
        return self.within(limits.moment, found, where)  # type: ignore[no-any-return]

    def word(self, value: object, where: str, allowed: Iterable[str]) -> str:
        options = tuple(allowed)
        if value not in options:
            raise self.fail(where, f"{value!r} is not allowed; allowed: {', '.join(options)}")
        return str(value)

    def index(self, value: object, where: str, size: int) -> int | None:
        found = self.whole(value, where, null=True)
        if found is not None and not 0 <= found < size:
            raise self.fail(where, f"refers to entry {found}, which does not exist")
        return found  # type: ignore[no-any-return]


_ATHLETE_KEYS = ("name", "units", "setup", "equipment", "avoid", "runs", "created", "lifts",
                 "plans", "sessions")  # fmt: skip
# holds: revision 0003, older backups have none; experience: revision 0004, intermediate if absent;
# exercises (the athlete's own): revision 0006; activities: issue 14; readiness: revision 0008;
# changes (the plan change log), comments and shares (share links): revision 0012
_ATHLETE_OPTIONAL = ("holds", "experience", "exercises", "activities", "readiness", "changes",
                     "comments", "shares")  # fmt: skip
_CHANGE_KEYS = ("plan", "who", "at", "action", "summary", "detail", "reason")
_COMMENT_KEYS = ("plan", "day", "author", "role", "body", "created")
_SHARE_KEYS = ("plan", "token_sha256", "by", "label", "created", "expires", "revoked")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_OWN_KEYS = ("id", "entry")
_ACTIVITY_KEYS = ("date", "start", "sport", "duration_s", "distance_m", "avg_hr", "max_hr", "rpe")
_ACTIVITY_OPTIONAL = ("local_start", "is_run", "name", "elevation_gain_m", "workout_type",
                      "source", "fingerprint", "laps")  # fmt: skip
_CHECKIN_KEYS = ("date", "sleep", "soreness", "stress", "motivation", "rhr", "hrv", "created")
_HOLD_KEYS = ("exercise", "seconds", "per_side", "date", "source", "session")
_LIFT_KEYS = ("exercise", "one_rm", "date", "source", "weight", "reps", "formula", "session")
_PLAN_KEYS = ("created", "start", "end", "goal", "phase", "inputs", "plan")
_SESSION_KEYS = ("date", "plan", "rpe", "notes", "source", "created", "entries")
_ENTRY_KEYS = ("exercise", "sets", "reps", "seconds", "load", "units", "rpe", "rir", "notes")


def _read_entry(r: _Reader, raw: object, at: str) -> SetEntry:
    e = r.table(raw, at, _ENTRY_KEYS)
    entry = SetEntry(
        exercise_id=r.exercise(e["exercise"], f"{at}.exercise"),
        sets=r.whole(e["sets"], f"{at}.sets", low=1, high=MAX_SETS),
        reps=r.whole(e["reps"], f"{at}.reps", null=True, low=1, high=MAX_REPS),
        seconds=r.whole(e["seconds"], f"{at}.seconds", null=True, low=1, high=MAX_SECONDS),
        load=r.number(e["load"], f"{at}.load", null=True),
        units=r.word(e["units"], f"{at}.units", ("kg", "lb")),
        rpe=r.number(e["rpe"], f"{at}.rpe", null=True, low=1, high=limits.MAX_RPE),
        rir=r.number(e["rir"], f"{at}.rir", null=True, high=limits.MAX_RIR),
        notes=r.text(e["notes"], f"{at}.notes", length=limits.MAX_NOTES, free=True),
    )
    return r.within(repo.check_entry, entry, at)  # type: ignore[no-any-return]


def _read_plan(r: _Reader, plan: object, where: str) -> dict[str, Any]:
    """A saved plan's JSON: the shape every command that reads plans relies on."""
    p = r.obj(plan, where)
    r.within(limits.depth, p, where)
    if "units" in p:
        r.word(p["units"], f"{where}.units", ("kg", "lb"))
    for i, week in enumerate(r.items(p.get("weeks", []), f"{where}.weeks")):
        at = f"{where}.weeks[{i}]"
        w = r.obj(week, at)
        r.day(w.get("start"), f"{at}.start", null=True)
        for j, session in enumerate(r.items(w.get("sessions", []), f"{at}.sessions")):
            _read_planned_session(r, session, f"{at}.sessions[{j}]")
    return p


def _read_planned_session(r: _Reader, session: object, at: str) -> None:
    x = r.table(
        session, at, ("date",), optional=session.keys() if isinstance(session, dict) else ()
    )
    r.day(x["date"], f"{at}.date")
    r.text(x.get("kind", "strength"), f"{at}.kind")
    for k, item in enumerate(r.items(x.get("exercises", []), f"{at}.exercises")):
        where = f"{at}.exercises[{k}]"
        e = r.obj(item, where, ("id",))
        r.within(limits.slug, r.text(e["id"], f"{where}.id", length=limits.ID_LENGTH), where)
        r.text(e.get("name", ""), f"{where}.name", length=200)
        r.text(e.get("loading", ""), f"{where}.loading")
        r.whole(e.get("sets"), f"{where}.sets", null=True, low=1, high=MAX_SETS)
        for key in ("reps", "reps_max"):
            r.whole(e.get(key), f"{where}.{key}", null=True, low=1, high=MAX_REPS)
        r.whole(e.get("seconds"), f"{where}.seconds", null=True, low=1, high=MAX_SECONDS)
        r.number(e.get("load"), f"{where}.load", null=True)
        r.number(e.get("percent_1rm"), f"{where}.percent_1rm", null=True, high=100, above=True)
        r.number(e.get("rir"), f"{where}.rir", null=True, high=limits.MAX_RIR)
        r.flag(e.get("per_side", False), f"{where}.per_side")
        kit = r.items(e.get("equipment", []), f"{where}.equipment")
        for name in kit:
            r.word(name, f"{where}.equipment", [q.value for q in Equipment])


def _read_own(r: _Reader, items: list[Any], where: str) -> list[tuple[str, dict[str, Any]]]:
    """An athlete's own exercises, checked as the library checks them; the exercise ids the
    rest of this athlete's backup may use are the catalogue's and these."""
    from runstrong.app.exercises import MAX_OWN, check_entry, check_together, entry_fields

    if len(items) > MAX_OWN:
        raise r.fail(where, f"holds {len(items)} exercises; at most {MAX_OWN}")
    found: list[tuple[str, dict[str, Any]]] = []
    parsed: list[Any] = []
    for i, raw in enumerate(items):
        at = f"{where}[{i}]"
        x = r.table(raw, at, _OWN_KEYS)
        exercise_id = r.text(x["id"], f"{at}.id", length=limits.ID_LENGTH)
        r.within(limits.depth, x["entry"], f"{at}.entry")
        try:
            exercise = check_entry(r.ctx, exercise_id, x["entry"])
        except InputError as exc:
            raise r.fail(f"{at}.entry.{exc.field}", exc.problem) from None
        if exercise.id in {e.id for e in parsed}:
            raise r.fail(f"{at}.id", f"'{exercise.id}' is listed twice")
        parsed.append(exercise)
        found.append((exercise_id, entry_fields(exercise)))
    try:
        check_together(r.ctx, parsed)
    except InputError as exc:
        raise r.fail(where, f"{exc.field}: {exc.problem}") from None
    r.known = frozenset(e.id for e in r.ctx.catalogue.all()) | {e.id for e in parsed}
    return found


def _detach(s: Any, name: str) -> tuple[AthleteLinks, coaching.Ties]:
    """Remove an athlete to re-create it, keeping its logins and calendar feeds, and its
    coaches, squad places and hand-over invitations, for `_attach`."""
    ties = coaching.ties(s, repo.athlete(s, name).id)
    return repo.detach_athlete(s, name), ties


def _attach(
    s: Any,
    athlete_id: int,
    kept: tuple[AthleteLinks, coaching.Ties] | None,
    own: list[tuple[str, dict[str, Any]]],
) -> None:
    """A restored athlete's logins, calendar feeds and coaching (kept from before), and own
    exercises."""
    if kept is not None:
        repo.relink_athlete(s, athlete_id, kept[0])
        coaching.retie(s, athlete_id, kept[1])
    for exercise_id, entry in own:
        repo.put_own_exercise(s, athlete_id, exercise_id, entry, repo.now())


def _restore_athlete(s: Any, r: _Reader, raw: object, at: str, replace_existing: bool) -> str:
    a = r.table(raw, at, _ATHLETE_KEYS, _ATHLETE_OPTIONAL)
    name = checked_name(r.text(a["name"], f"{at}.name", length=1000), f"{at}.name")
    units = r.word(a["units"], f"{at}.units", ("kg", "lb"))
    kit = [q.value for q in Equipment]
    equipment = [
        r.word(x, f"{at}.equipment", kit) for x in r.items(a["equipment"], f"{at}.equipment")
    ]
    areas = [q.value for q in Limitation]
    avoid = [r.word(x, f"{at}.avoid", areas) for x in r.items(a["avoid"], f"{at}.avoid")]
    runs = r.within(parse_runs, r.text(a["runs"], f"{at}.runs", length=200))
    setup = r.text(a["setup"], f"{at}.setup", null=True, length=limits.SETUP_LENGTH)
    if setup is not None:
        r.within(r.ctx.setup, setup)
    plan_items = r.items(a["plans"], f"{at}.plans")
    session_items = r.items(a["sessions"], f"{at}.sessions")
    lift_items = r.items(a["lifts"], f"{at}.lifts")
    hold_items = r.items(a.get("holds", []), f"{at}.holds")
    own = _read_own(r, r.items(a.get("exercises", []), f"{at}.exercises"), f"{at}.exercises")
    experience = r.word(
        a.get("experience", "intermediate"), f"{at}.experience", (e.value for e in Experience)
    )
    try:
        repo.athlete(s, name)
        exists = True
    except NotFound:
        exists = False
    kept = None
    if exists:
        if not replace_existing:
            raise InputError(
                r.source, f"athlete '{name}' exists", f"add {ref('replace')} to overwrite it"
            )
        kept = _detach(s, name)
    person = repo.create_athlete(
        s,
        name=name,
        units=units,
        setup=setup,
        equipment=equipment,
        avoid=avoid,
        runs=runs,
        created=r.moment(a["created"], f"{at}.created"),
        experience=experience,
    )
    _attach(s, person.id, kept, own)
    plan_ids = []
    for i, raw_plan in enumerate(plan_items):
        where = f"{at}.plans[{i}]"
        p = r.table(raw_plan, where, _PLAN_KEYS)
        if not isinstance(p["inputs"], dict) or not isinstance(p["plan"], dict):
            raise r.fail(where, "inputs and plan must be objects")
        r.within(limits.depth, p["inputs"], f"{where}.inputs")
        plan_ids.append(
            repo.save_plan(
                s,
                person.id,
                plan=_read_plan(r, p["plan"], f"{where}.plan"),
                inputs=p["inputs"],
                start=r.day(p["start"], f"{where}.start", null=True),
                end=r.day(p["end"], f"{where}.end", null=True),
                goal=r.text(p["goal"], f"{where}.goal"),
                phase=r.text(p["phase"], f"{where}.phase"),
                created=r.moment(p["created"], f"{where}.created"),
            )
        )
    session_ids = []
    for i, raw_session in enumerate(session_items):
        where = f"{at}.sessions[{i}]"
        x = r.table(raw_session, where, _SESSION_KEYS)
        plan = r.index(x["plan"], f"{where}.plan", len(plan_ids))
        session_ids.append(
            repo.add_session(
                s,
                person.id,
                date=r.day(x["date"], f"{where}.date"),
                entries=[
                    _read_entry(r, e, f"{where}.entries[{j}]")
                    for j, e in enumerate(r.items(x["entries"], f"{where}.entries"))
                ],
                plan_id=None if plan is None else plan_ids[plan],
                rpe=r.number(x["rpe"], f"{where}.rpe", null=True, low=1, high=limits.MAX_RPE),
                notes=r.text(x["notes"], f"{where}.notes", length=limits.MAX_NOTES, free=True),
                source=r.word(x["source"], f"{where}.source", SESSION_SOURCES),
                created=r.moment(x["created"], f"{where}.created"),
            )
        )
    for i, raw_lift in enumerate(lift_items):
        where = f"{at}.lifts[{i}]"
        x = r.table(raw_lift, where, _LIFT_KEYS)
        session = r.index(x["session"], f"{where}.session", len(session_ids))
        repo.add_lift(
            s,
            person.id,
            exercise_id=r.exercise(x["exercise"], f"{where}.exercise"),
            one_rm=r.number(x["one_rm"], f"{where}.one_rm", high=MAX_LIFT_LOAD, above=True),
            date=r.day(x["date"], f"{where}.date"),
            source=r.word(x["source"], f"{where}.source", LIFT_SOURCES),
            weight=r.number(x["weight"], f"{where}.weight", null=True),
            reps=r.whole(x["reps"], f"{where}.reps", null=True, low=1, high=MAX_REPS),
            formula=r.text(x["formula"], f"{where}.formula", null=True),
            session_id=None if session is None else session_ids[session],
        )
    _restore_activities(s, r, person.id, a.get("activities", []), f"{at}.activities")
    _restore_holds(s, r, person.id, hold_items, session_ids, at)
    _restore_checkins(s, r, person.id, a.get("readiness", []), f"{at}.readiness")
    _restore_coaching(s, r, person.id, a, plan_ids, at)
    return name


def _restore_coaching(
    s: Any, r: _Reader, athlete_id: int, a: dict[str, Any], plan_ids: list[int], at: str
) -> None:
    """What coach mode added to an athlete (revision 0012): the change log, the comments on
    their sessions and the share links to their plans."""
    _restore_changes(s, r, athlete_id, a.get("changes", []), plan_ids, f"{at}.changes")
    _restore_comments(s, r, athlete_id, a.get("comments", []), plan_ids, f"{at}.comments")
    _restore_shares(s, r, athlete_id, a.get("shares", []), plan_ids, f"{at}.shares")


def _author_here(s: Any, athlete_id: int, role: str, email: str | None) -> int | None:
    """The user a restored comment or link was written by, where they are here: the athlete's
    own login for the runner, a coach with that email who coaches the athlete now; otherwise
    None (a comment then stays as written, and only the runner can end a link)."""
    if role == "runner":
        login = repo.athlete_user(s, athlete_id)
        return None if login is None else login.id
    found = None if email is None else repo.user_by_email(s, email)
    if found is None or found.athlete_id == athlete_id:
        return None if found is None else found.id
    return found.id if coaching.live_link(s, found.id, athlete_id) is not None else None


def _restore_comments(
    s: Any, r: _Reader, athlete_id: int, raw: object, plan_ids: list[int], at: str
) -> None:
    """Comments on the athlete's sessions, each on its plan (by index) and day."""
    for i, item in enumerate(r.items(raw, at)):
        where = f"{at}[{i}]"
        x = r.table(item, where, _COMMENT_KEYS)
        plan = r.index(x["plan"], f"{where}.plan", len(plan_ids))
        if plan is None:
            raise r.fail(f"{where}.plan", "must name one of the athlete's plans")
        role = r.word(x["role"], f"{where}.role", comments.ROLES)
        author = r.text(x["author"], f"{where}.author", length=254)
        comments.add(
            s,
            athlete_id=athlete_id,
            plan_id=plan_ids[plan],
            day=r.day(x["day"], f"{where}.day"),
            author_id=_author_here(s, athlete_id, role, author),
            author=author,
            role=role,
            body=r.text(x["body"], f"{where}.body", length=MAX_BODY, free=True),
            created=r.moment(x["created"], f"{where}.created"),
        )


def _restore_shares(
    s: Any, r: _Reader, athlete_id: int, raw: object, plan_ids: list[int], at: str
) -> None:
    """Share links to the athlete's plans by their tokens' hashes. A hash this server already
    holds (the same link, kept by another athlete restored from the same backup) stays with
    its holder: a token opens one plan."""
    for i, item in enumerate(r.items(raw, at)):
        where = f"{at}[{i}]"
        x = r.table(item, where, _SHARE_KEYS)
        plan = r.index(x["plan"], f"{where}.plan", len(plan_ids))
        if plan is None:
            raise r.fail(f"{where}.plan", "must name one of the athlete's plans")
        digest = r.text(x["token_sha256"], f"{where}.token_sha256", length=64)
        if not _SHA256.fullmatch(digest):
            raise r.fail(f"{where}.token_sha256", "must be 64 lower-case hex digits (a sha256)")
        by = r.text(x["by"], f"{where}.by", null=True, length=254)
        label = r.text(x["label"], f"{where}.label", length=MAX_LABEL)
        created = r.moment(x["created"], f"{where}.created")
        expires = None if x["expires"] is None else r.moment(x["expires"], f"{where}.expires")
        revoked = None if x["revoked"] is None else r.moment(x["revoked"], f"{where}.revoked")
        if shares.by_hash(s, digest) is not None:
            continue
        shares.add(
            s,
            token_hash=digest,
            athlete_id=athlete_id,
            plan_id=plan_ids[plan],
            created_by=_author_here(s, athlete_id, "coach", by),
            label=label,
            created=created,
            expires=expires,
            revoked=revoked,
        )


def _restore_changes(
    s: Any, r: _Reader, athlete_id: int, raw: object, plan_ids: list[int], at: str
) -> None:
    """The plan change log, its plans by index; its authors by name only (no user id)."""
    for i, item in enumerate(r.items(raw, at)):
        where = f"{at}[{i}]"
        x = r.table(item, where, _CHANGE_KEYS)
        plan = r.index(x["plan"], f"{where}.plan", len(plan_ids))
        detail = [
            r.text(line, f"{where}.detail[{j}]", length=limits.MAX_NOTES, free=True)
            for j, line in enumerate(r.items(x["detail"], f"{where}.detail"))
        ]
        audit.record(
            s,
            athlete_id,
            action=r.word(x["action"], f"{where}.action", audit.ACTIONS),
            who=r.text(x["who"], f"{where}.who", length=254),
            at=r.moment(x["at"], f"{where}.at"),
            summary=r.text(x["summary"], f"{where}.summary", length=limits.MAX_NOTES, free=True),
            plan_id=None if plan is None else plan_ids[plan],
            detail=detail,
            reason=r.text(
                x["reason"], f"{where}.reason", null=True, length=limits.MAX_NOTES, free=True
            ),
        )


def _restore_holds(
    s: Any, r: _Reader, athlete_id: int, items: list[Any], session_ids: list[int], at: str
) -> None:
    """A backup's hold tests, linked to the restored sessions they were logged in."""
    for i, raw_hold in enumerate(items):
        where = f"{at}.holds[{i}]"
        x = r.table(raw_hold, where, _HOLD_KEYS)
        session = r.index(x["session"], f"{where}.session", len(session_ids))
        seconds = r.whole(x["seconds"], f"{where}.seconds", low=1, high=MAX_SECONDS)
        repo.add_hold(
            s,
            athlete_id,
            exercise_id=r.exercise(x["exercise"], f"{where}.exercise"),
            seconds=seconds,
            per_side=r.flag(x["per_side"], f"{where}.per_side"),
            date=r.day(x["date"], f"{where}.date"),
            source=r.word(x["source"], f"{where}.source", HOLD_SOURCES),
            session_id=None if session is None else session_ids[session],
        )


def _read_activity(r: _Reader, raw: object, where: str) -> ActivityRecord:
    """One activity of a backup, each value checked as an import would have it."""
    from runstrong.core.activities import fingerprint

    x = r.table(raw, where, _ACTIVITY_KEYS, _ACTIVITY_OPTIONAL)
    start = r.moment(x["start"], f"{where}.start")
    local = x.get("local_start")
    sport = r.word(x["sport"], f"{where}.sport", ACTIVITY_SPORTS)
    laps = []
    for j, lap in enumerate(r.items(x.get("laps", []), f"{where}.laps")):
        at = f"{where}.laps[{j}]"
        if not isinstance(lap, list) or len(lap) != 3:
            raise r.fail(at, "must be [seconds, metres, heart rate]")
        laps.append(
            (
                float(r.number(lap[0], at, high=MAX_ACTIVITY_SECONDS)),
                r.number(lap[1], at, null=True, high=MAX_ACTIVITY_METRES),
                r.whole(lap[2], at, null=True, low=20, high=250),
            )
        )
    return ActivityRecord(
        id=0,
        date=r.day(x["date"], f"{where}.date"),
        sport=sport,
        duration_s=float(
            r.number(x["duration_s"], f"{where}.duration_s", high=MAX_ACTIVITY_SECONDS, above=True)
        ),
        distance_m=r.number(
            x["distance_m"], f"{where}.distance_m", null=True, high=MAX_ACTIVITY_METRES
        ),
        avg_hr=r.whole(x["avg_hr"], f"{where}.avg_hr", null=True, low=20, high=250),
        max_hr=r.whole(x["max_hr"], f"{where}.max_hr", null=True, low=20, high=250),
        rpe=r.number(x["rpe"], f"{where}.rpe", null=True, low=1, high=10),
        start=start,
        fingerprint=fingerprint(sport, start),
        name=r.text(x.get("name", ""), f"{where}.name", length=200),
        elevation_gain_m=r.number(
            x.get("elevation_gain_m"), f"{where}.elevation_gain_m", null=True, high=100_000
        ),
        workout_type=r.word(
            x.get("workout_type", ""), f"{where}.workout_type", ("", "race", "long", "workout")
        ),
        source=r.text(x.get("source", ""), f"{where}.source", length=300),
        local_start=None if local is None else r.moment(local, f"{where}.local_start"),
        laps=tuple(laps),
    )


def _restore_activities(s: Any, r: _Reader, athlete_id: int, raw: object, at: str) -> None:
    """A backup's activities, each once (one fingerprint per athlete)."""
    found = [_read_activity(r, x, f"{at}[{i}]") for i, x in enumerate(r.items(raw, at))]
    seen: set[str] = set()
    for i, a in enumerate(found):
        if a.fingerprint in seen:
            raise r.fail(f"{at}[{i}]", "the same activity (sport and start) is listed twice")
        seen.add(a.fingerprint)
    if found:
        repo.add_activities(s, athlete_id, found)


def _restore_checkins(s: Any, r: _Reader, athlete_id: int, raw: object, at: str) -> None:
    """The morning check-ins (1-10 items; resting HR in bpm and HRV in ms when kept)."""
    for i, item in enumerate(r.items(raw, at)):
        _restore_checkin(s, r, athlete_id, item, f"{at}[{i}]")


def _restore_checkin(s: Any, r: _Reader, athlete_id: int, raw: object, where: str) -> None:
    """One morning check-in."""
    x = r.table(raw, where, _CHECKIN_KEYS)
    items = {
        key: r.whole(x[key], f"{where}.{key}", low=1, high=10)
        for key in ("sleep", "soreness", "stress", "motivation")
    }
    repo.save_checkin(
        s,
        athlete_id,
        date=r.day(x["date"], f"{where}.date"),
        resting_hr=r.whole(x["rhr"], f"{where}.rhr", null=True, low=1, high=300),
        hrv=r.number(x["hrv"], f"{where}.hrv", null=True, high=1000, above=True),
        created=r.moment(x["created"], f"{where}.created"),
        **items,
    )


def restore(ctx: Context, request: RestoreRequest) -> list[str]:
    """Load a runstrong.backup/1 dict, all or nothing; returns the athletes restored."""
    data, source = request.data, request.source
    r = _Reader(ctx, source)
    if not isinstance(data, dict) or data.get("schema") != BACKUP_SCHEMA:
        raise InputError(source, f'not a runstrong backup (expected "schema": "{BACKUP_SCHEMA}")')
    top = r.table(data, "$", ("schema", "generator", "athletes"))
    people = r.items(top["athletes"], "$.athletes")
    names = [
        checked_name(
            r.text(r.table(p, f"$.athletes[{i}]", _ATHLETE_KEYS, _ATHLETE_OPTIONAL)["name"], "name")
        )
        for i, p in enumerate(people)
    ]
    keys = [repo.athlete_key(n) for n in names]
    if len(set(keys)) != len(keys):
        raise r.fail("$.athletes", "names the same athlete twice")
    with ctx.db.write() as s:
        for key in sorted(keys):  # one order for every process: two restores never deadlock
            repo.lock_name(s, key)
        restored = [
            _restore_athlete(s, r, p, f"$.athletes[{i}]", request.replace)
            for i, p in enumerate(people)
        ]
    repo.analyze(ctx.db)  # a bulk load: PostgreSQL's planner needs the new row counts
    return restored


def read_backup(path: str) -> object:
    """A backup file's JSON, or an InputError naming the file."""
    from pathlib import Path

    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("FILE", f"'{path}' does not exist") from None
    except (OSError, ValueError) as exc:  # ValueError: undecodable text or a NUL in the name
        raise InputError("FILE", f"cannot read '{path}': {exc}") from None
    return parse_backup(text, "FILE", f"'{path}'")


def parse_backup(text: str, source: str = "backup", shown: str = "the file") -> object:
    """A backup's JSON text as data, or an InputError on `source` naming it as `shown`."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"{shown} is not JSON: {exc}") from None
    except RecursionError:
        raise InputError(source, f"{shown} is nested too deeply to be a runstrong backup") from None
    except ValueError as exc:  # a number of thousands of digits, NaN or Infinity
        raise InputError(source, f"{shown} is not a runstrong backup: {exc}") from None


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def restore_own(ctx: Context, user_id: int, data: object, *, source: str = "backup") -> str:
    """Replace a signed-in user's own athlete with a backup of that athlete, all or nothing,
    keeping their login linked to it: a backup of anyone else, or of several, is refused."""
    with ctx.db.read() as s:
        user = repo.user(s, user_id)
    if user is None or user.athlete is None:
        raise NotFound("athlete", str(user_id))
    r = _Reader(ctx, source)
    if not isinstance(data, dict) or data.get("schema") != BACKUP_SCHEMA:
        raise InputError(source, f'not a runstrong backup (expected "schema": "{BACKUP_SCHEMA}")')
    top = r.table(data, "$", ("schema", "generator", "athletes"))
    people = r.items(top["athletes"], "$.athletes")
    if len(people) != 1:
        raise InputError(
            source,
            f"holds {len(people)} athletes; only a backup of your own athlete"
            f" ('{user.athlete}') alone can be restored here",
        )
    raw = r.table(people[0], "$.athletes[0]", _ATHLETE_KEYS, _ATHLETE_OPTIONAL)
    name = checked_name(r.text(raw["name"], "$.athletes[0].name", length=1000), "name")
    key = repo.athlete_key(user.athlete)
    if repo.athlete_key(name) != key:
        raise InputError(
            source,
            f"is a backup of athlete '{name}', not of yours ('{user.athlete}');"
            " only your own athlete can be restored here",
        )
    with ctx.db.write() as s:
        repo.lock_name(s, key)
        restored = _restore_athlete(s, r, raw, "$.athletes[0]", True)
        repo.link_user(s, user_id, repo.athlete(s, restored).id)
    repo.analyze(ctx.db)  # a bulk load: PostgreSQL's planner needs the new row counts
    return restored
