"""Who did what: a coach's squad for one week or one block, one row per athlete (sessions
planned, done, moved, missed; sessions harder than planned; 1RMs the logbook lowered; re-test
results; the last day logged), and one athlete's plan, log and 1RM history for their coach.

The squad is read in one read transaction with a fixed number of queries, whatever its size
(storage/coaching.py reads many athletes at once); the counting below is plain functions of
what was read, tested without a database. Access goes through coaching._squad and
coaching._link: another coach's squad or athlete is NotFound.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from runstrong.errors import InputError, NotFound
from runstrong.settings import Context
from runstrong.storage import coaching as store
from runstrong.storage import comments as said
from runstrong.storage import limits
from runstrong.storage import repository as repo
from runstrong.storage.coaching import Marked, PlanHead
from runstrong.storage.records import (
    AthleteRecord,
    HoldRecord,
    LiftRecord,
    SessionRecord,
)

if TYPE_CHECKING:
    from runstrong.app.accounts import User
    from runstrong.app.schedule import PlannedSession
    from runstrong.storage.coaching import CoachLink

VIEWS = ("week", "block")
"""`week`: Monday to Sunday. `block`: for each athlete, the whole saved plan in force that
week (its first Monday to its last Sunday; the week alone for an athlete without one)."""
COLUMNS = (
    "athlete",
    "planned",
    "done",
    "moved",
    "missed",
    "adherence",
    "rpe_high",
    "lowered",
    "retests",
    "comments",
    "last_logged",
)
"""What the table can be sorted by, in its order."""
ORDERS = ("asc", "desc")
MOVED_SHARE = 0.5
"""An unplanned session in the same Monday-Sunday week stands in for a missed planned one when
it logs at least half of the planned exercises: the runner moved the session, not skipped it
(our rule: half keeps a shortened session and excludes an unrelated one)."""
MAX_RPE = 10.0
"""The RIR-based RPE scale: RPE 10 = no rep left, so the target RPE of a set planned at RIR r
is 10 - r (Zourdos et al. 2016; Helms et al. 2016, Strength Cond J 38(4):42-49;
training-science.md 1.2)."""
BLOCK_REACH = dt.timedelta(weeks=53)
"""How far from the week a plan covering it may start or end (plans last at most a year)."""
FIRST_DAY = limits.FIRST_DAY
LAST_DAY = limits.LAST_DAY
"""The weeks a dashboard can show: the days the logbook can hold."""
MAX_LOG_WEEKS = 52
DEFAULT_LOG_WEEKS = 4
"""The coach's view of an athlete's log: four weeks by default, at most a year."""
MAX_DIGESTS = 4096
"""Plans' sessions kept per process, in brief (dates, exercise ids, RIR targets: about 2 kB a
plan against 100 kB of JSON): a 200-runner squad re-reads none of its plans when one runner
logs. A saved plan never changes (a new plan is a new row), so (id, created) names one."""


# --- the query -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A dashboard's checked query values."""

    week: dt.date  # a Monday
    view: str = "week"
    sort: str = "athlete"
    order: str = "asc"


def monday(day: dt.date) -> dt.date:
    """The Monday of the week `day` is in."""
    return day - dt.timedelta(days=day.weekday())


def checked_query(
    today: dt.date,
    week: str | None = None,
    view: str | None = None,
    sort: str | None = None,
    order: str | None = None,
) -> Query:
    """The query's values, or InputError naming the field: `week` any day (its Monday is
    taken), `view`, `sort` and `order` one of their names; empty means the default."""
    day = monday(today)
    if week:
        text = week.strip()
        try:
            found = dt.date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            found = None
        if found is None or not limits.FIRST_DAY <= found <= limits.LAST_DAY:
            shown = text[:24]
            raise InputError(
                "week",
                f"must be a date YYYY-MM-DD between {limits.FIRST_DAY} and {limits.LAST_DAY};"
                f" got '{shown}'",
            )
        day = monday(found)
    for value, name, allowed in (
        (view, "view", VIEWS),
        (sort, "sort", COLUMNS),
        (order, "order", ORDERS),
    ):
        if value and value not in allowed:
            raise InputError(name, f"'{value[:24]}' is not allowed; allowed: {', '.join(allowed)}")
    return Query(day, view or "week", sort or "athlete", order or "asc")


# --- counting: pure functions of what was read ---------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """One session of a saved plan: its day, its plan, and each exercise's RIR target (None:
    no RIR is planned, a timed hold or a jump)."""

    date: dt.date
    plan_id: int
    kind: str
    exercises: tuple[tuple[str, int | None], ...]

    @property
    def ids(self) -> frozenset[str]:
        """The planned exercises' ids."""
        return frozenset(i for i, _ in self.exercises)


@dataclass(frozen=True)
class Overshoot:
    """A logged value harder than planned: the session's RPE (exercise None), a set's RPE or
    a set's RIR, with the target it passed."""

    session_id: int
    date: dt.date
    exercise_id: str | None
    what: str  # "rpe" or "rir"
    logged: float
    target: float


@dataclass(frozen=True)
class Counts:
    """What happened to one athlete's planned sessions in a window."""

    planned: int = 0
    done: int = 0
    moved: int = 0
    missed: int = 0
    overshoots: tuple[Overshoot, ...] = ()

    @property
    def due(self) -> int:
        """Planned sessions whose outcome is known: done, moved, or their day is past."""
        return self.done + self.moved + self.missed

    @property
    def adherence(self) -> float | None:
        """Done and moved over due (None while nothing is due)."""
        return None if not self.due else (self.done + self.moved) / self.due

    @property
    def rpe_high(self) -> int:
        """Sessions with at least one value harder than planned."""
        return len({o.session_id for o in self.overshoots})


def _shares(planned: Planned, logged: SessionRecord) -> bool:
    wanted = planned.ids
    if not wanted:
        return False
    shared = wanted & {e.exercise_id for e in logged.entries}
    return len(shared) >= MOVED_SHARE * len(wanted)


def overshoots(planned: Planned, logged: SessionRecord) -> list[Overshoot]:
    """Where a logged session went harder than its planned one: the session RPE above 10 minus
    the smallest planned RIR, a set's RPE above 10 minus its exercise's RIR, or a set's RIR
    below it (RIR = 10 - RPE: Zourdos et al. 2016, Helms et al. 2016)."""
    targets = {i: r for i, r in planned.exercises if r is not None}
    found = []
    if logged.rpe is not None and targets:
        target = MAX_RPE - min(targets.values())
        if logged.rpe > target:
            found.append(Overshoot(logged.id, logged.date, None, "rpe", logged.rpe, target))
    for e in logged.entries:
        rir = targets.get(e.exercise_id)
        if rir is None:
            continue
        if e.rpe is not None and e.rpe > MAX_RPE - rir:
            shot = Overshoot(logged.id, logged.date, e.exercise_id, "rpe", e.rpe, MAX_RPE - rir)
            found.append(shot)
        elif e.rir is not None and e.rir < rir:
            shot = Overshoot(logged.id, logged.date, e.exercise_id, "rir", e.rir, float(rir))
            found.append(shot)
    return found


def count(planned: Sequence[Planned], logged: Sequence[SessionRecord], today: dt.date) -> Counts:
    """Each planned session is done (a session logged against a plan on its day), moved (not
    done, but an unplanned session of the same Monday-Sunday week logs at least half of its
    exercises; each such session stands in once), missed (neither, and its day is past) or
    still to come. Sessions harder than planned are looked for in the done and moved ones."""
    by_day: dict[dt.date, list[SessionRecord]] = {}
    for x in logged:
        if x.plan_id is not None:
            by_day.setdefault(x.date, []).append(x)
    spare = [x for x in logged if x.plan_id is None]
    done = moved = missed = 0
    shots: list[Overshoot] = []
    for p in sorted(planned, key=lambda p: p.date):
        answered = by_day.get(p.date, [])
        if answered:
            done += 1
            for x in answered:
                shots.extend(overshoots(p, x))
            continue
        week = monday(p.date)
        candidates = [x for x in spare if monday(x.date) == week and _shares(p, x)]
        if candidates:
            chosen = min(candidates, key=lambda x: (abs((x.date - p.date).days), x.id))
            spare.remove(chosen)
            moved += 1
            shots.extend(overshoots(p, chosen))
        elif p.date < today:
            missed += 1
    return Counts(len(planned), done, moved, missed, tuple(shots))


# --- plans in brief ------------------------------------------------------------------------------

_digests: OrderedDict[tuple[int, str], tuple[Planned, ...]] = OrderedDict()
_digests_lock = threading.Lock()


def _rir(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def digest(plan_id: int, plan: dict[str, Any]) -> tuple[Planned, ...]:
    """A plan's sessions in brief: day, kind, each exercise's id and RIR target."""
    found = []
    for week in plan.get("weeks", []):
        for session in week.get("sessions", []):
            found.append(
                Planned(
                    dt.date.fromisoformat(session["date"]),
                    plan_id,
                    str(session.get("kind", "strength")),
                    tuple(
                        (str(e.get("id", "")), _rir(e.get("rir")))
                        for e in session.get("exercises", [])
                    ),
                )
            )
    return tuple(found)


def _key(head: PlanHead) -> tuple[int, str]:
    return head.id, head.created.isoformat()


def _digested(s: repo.Handle, heads: Sequence[PlanHead]) -> dict[int, tuple[Planned, ...]]:
    """Each plan's sessions in brief: kept ones, the rest read in one query."""
    found: dict[int, tuple[Planned, ...]] = {}
    with _digests_lock:
        for head in heads:
            kept = _digests.get(_key(head))
            if kept is not None:
                _digests.move_to_end(_key(head))
                found[head.id] = kept
    missing = [h for h in heads if h.id not in found]
    if missing:
        # Parsing a squad's plans is the one slow part of a dashboard (200 plans: some 20 MB
        # of JSON, 0.3-1 s); the database walking the JSON itself measured slower still.
        documents = store.plan_documents(s, [h.id for h in missing])
        with _digests_lock:
            for head in missing:
                made = digest(head.id, documents.get(head.id, {}))
                found[head.id] = _digests[_key(head)] = made
            while len(_digests) > MAX_DIGESTS:
                _digests.popitem(last=False)
    return found


def days_of(
    heads: Sequence[PlanHead],
    digests: dict[int, tuple[Planned, ...]],
    first: dt.date,
    last: dt.date,
) -> list[Planned]:
    """Planned sessions on [first, last]; on a day two plans cover, the newest plan's (as
    schedule.planned_days)."""
    taken: dict[dt.date, Planned] = {}
    for head in sorted(heads, key=lambda h: h.id, reverse=True):
        own = {
            p.date: p
            for p in digests.get(head.id, ())
            if first <= p.date <= last and p.date not in taken
        }
        taken.update(own)
    return [taken[d] for d in sorted(taken)]


# --- the squad -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One athlete's line of the dashboard."""

    athlete_id: int
    athlete: str
    first: dt.date  # the window counted: the week, or their block
    last: dt.date
    counts: Counts
    lowered: tuple[Marked, ...] = ()  # 1RMs the logbook set lower than the entry before
    retests: tuple[Marked, ...] = ()  # re-test 1RMs and holds
    last_logged: dt.date | None = None
    plan_id: int | None = None  # the plan in force that week
    units: str = "kg"  # of their 1RMs
    comments: int = 0  # comments written in the window, by the runner or their coach
    newest_comment: said.Comment | None = None

    @property
    def planned(self) -> int:
        """Sessions the saved plans have in the window."""
        return self.counts.planned

    @property
    def done(self) -> int:
        """Planned sessions logged against the plan on their day."""
        return self.counts.done

    @property
    def moved(self) -> int:
        """Planned sessions done on another day of their week."""
        return self.counts.moved

    @property
    def missed(self) -> int:
        """Planned sessions whose day passed with nothing logged for them."""
        return self.counts.missed

    @property
    def due(self) -> int:
        """Planned sessions due so far: done, moved or missed."""
        return self.counts.due

    @property
    def adherence(self) -> float | None:
        """Done and moved over the sessions due so far."""
        return self.counts.adherence

    @property
    def rpe_high(self) -> int:
        """Sessions with a value harder than planned."""
        return self.counts.rpe_high


@dataclass(frozen=True)
class Dashboard:
    """A squad's rows for one week or block, sorted as asked."""

    squad_id: int
    squad: str
    query: Query
    today: dt.date
    rows: tuple[Row, ...]
    first: dt.date = field(default=dt.date.min)  # the widest window shown
    last: dt.date = field(default=dt.date.min)

    @property
    def sunday(self) -> dt.date:
        """The last day of the week asked for."""
        return self.query.week + dt.timedelta(days=6)


def squad_key(ctx: Context, user: User, squad_id: int) -> Hashable:
    """What a squad's dashboard is made of besides the day and the query: the squad's row and
    its members' data revisions, in one query (a kept page is served while this matches).
    NotFound when the squad is not the user's, exactly as the dashboard itself."""
    if not isinstance(squad_id, int) or not 1 <= squad_id <= limits.MAX_ID:
        raise NotFound("squad", str(squad_id)[:24])
    with ctx.db.read(single=True) as s:
        state = store.squad_state(s, user.id, squad_id)
    if state is None or (user.role != "coach" and not state.coaching_on):
        raise NotFound("squad", str(squad_id))
    return (state.squad_id, state.name, state.archived_at, state.members)


def _window(
    view: str, week: dt.date, heads: Sequence[PlanHead]
) -> tuple[dt.date, dt.date, int | None]:
    """The days counted for one athlete, and the plan in force that week (the newest plan
    covering a day of it)."""
    sunday = week + dt.timedelta(days=6)
    covering = [h for h in heads if h.start and h.end and h.start <= sunday and h.end >= week]
    plan = max(covering, key=lambda h: h.id) if covering else None
    if view == "block" and plan is not None and plan.start and plan.end:
        return plan.start, plan.end, plan.id
    return week, sunday, None if plan is None else plan.id


def dashboard(ctx: Context, user: User, squad_id: int, query: Query, today: dt.date) -> Dashboard:
    """The squad's rows for the week or block asked; NotFound for another coach's squad."""
    from runstrong.app import coaching

    week, sunday = query.week, query.week + dt.timedelta(days=6)
    reach = BLOCK_REACH if query.view == "block" else dt.timedelta(0)
    with ctx.db.read() as s:
        store.snapshot(s)
        squad = coaching._squad(s, user, squad_id)
        members = store.squad_members(s, squad.id)
        ids = [m.athlete_id for m in members]
        heads = store.plan_heads(s, ids, week - reach, sunday + reach)
        mine: dict[int, list[PlanHead]] = {}
        for head in heads:
            mine.setdefault(head.athlete_id, []).append(head)
        windows = {i: _window(query.view, week, mine.get(i, [])) for i in ids}
        first = min((w[0] for w in windows.values()), default=week)
        last = max((w[1] for w in windows.values()), default=sunday)
        used = [h for h in heads if h.start and h.end and h.start <= last and h.end >= first]
        digests = _digested(s, used)
        logged = store.squad_sessions(s, ids, first, last)
        marked = store.marked_entries(s, ids, first, last)
        latest = store.last_logged(s, ids)
        units = store.units_of(s, ids)
        talk = said.recent(s, ids, first, last)
    rows = []
    for m in members:
        start, end, plan_id = windows[m.athlete_id]
        planned = days_of(mine.get(m.athlete_id, []), digests, start, end)
        theirs = [x for x in logged.get(m.athlete_id, []) if start <= x.date <= end]
        entries = [x for x in marked if x.athlete_id == m.athlete_id and start <= x.date <= end]
        rows.append(
            Row(
                m.athlete_id,
                m.athlete,
                start,
                end,
                count(planned, theirs, today),
                lowered=tuple(x for x in entries if x.source != "retest" and not x.hold),
                retests=tuple(x for x in entries if x.source == "retest"),
                last_logged=latest.get(m.athlete_id),
                plan_id=plan_id,
                units=units.get(m.athlete_id, "kg"),
                comments=talk[m.athlete_id].count if m.athlete_id in talk else 0,
                newest_comment=talk[m.athlete_id].newest if m.athlete_id in talk else None,
            )
        )
    ordered = sort_rows(rows, query.sort, query.order)
    return Dashboard(squad.id, squad.name, query, today, tuple(ordered), first, last)


def _sort_key(row: Row, column: str) -> tuple[Any, ...]:
    """A row's place by `column`: rows without a value (no adherence, never logged) last
    whichever the order, then by name."""
    name = row.athlete.casefold()
    if column == "athlete":
        return (name,)
    value: Any = {
        "planned": row.planned,
        "done": row.done,
        "moved": row.moved,
        "missed": row.missed,
        "adherence": row.adherence,
        "rpe_high": row.rpe_high,
        "lowered": len(row.lowered),
        "retests": len(row.retests),
        "comments": row.comments,
        "last_logged": row.last_logged,
    }[column]
    return (value,)


def sort_rows(rows: Sequence[Row], column: str, order: str) -> list[Row]:
    """The rows by `column` (`asc` or `desc`), ties and empty values by name, empty last."""
    present = [r for r in rows if _sort_key(r, column)[0] is not None]
    absent = [r for r in rows if _sort_key(r, column)[0] is None]
    by_name = sorted(present, key=lambda r: r.athlete.casefold())
    ordered = sorted(by_name, key=lambda r: _sort_key(r, column), reverse=order == "desc")
    return ordered + sorted(absent, key=lambda r: r.athlete.casefold())


# --- one athlete ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AthleteDetail:
    """One athlete as their coach follows them: their planned sessions of this week and the
    next, their recent log, and their 1RM and hold histories."""

    link: CoachLink
    athlete: AthleteRecord
    week: dt.date  # this week's Monday
    planned: tuple[PlannedSession, ...]
    log: tuple[SessionRecord, ...]  # newest first
    lifts: tuple[LiftRecord, ...]  # oldest first
    holds: tuple[HoldRecord, ...]


def athlete_key(ctx: Context, user: User, athlete_id: int) -> Hashable:
    """What an athlete's coach page is made of besides the day: their link and data revision,
    one query; NotFound for anyone else's athlete."""
    if not isinstance(athlete_id, int) or not 1 <= athlete_id <= limits.MAX_ID:
        raise NotFound("athlete", str(athlete_id)[:24])
    with ctx.db.read(single=True) as s:
        found = store.athlete_revision(s, user.id, athlete_id)
    if found is None:
        raise NotFound("athlete", str(athlete_id))
    return found


def checked_weeks(value: str | int | None) -> int:
    """Weeks of log asked for: a whole number 1-52 (none: 4)."""
    if value is None or value == "":
        return DEFAULT_LOG_WEEKS
    text = str(value).strip()
    whole = text.isascii() and text.isdigit() and len(text) <= 2
    if not whole or not 1 <= int(text) <= MAX_LOG_WEEKS:
        raise InputError("weeks", f"must be a whole number 1-{MAX_LOG_WEEKS}; got '{text[:24]}'")
    return int(text)


def athlete_detail(
    ctx: Context, user: User, athlete_id: int, today: dt.date, weeks: int = DEFAULT_LOG_WEEKS
) -> AthleteDetail:
    """The athlete's plan for this week and next (loads as on their day), their log of the
    last `weeks` weeks and their 1RM history, in one read; NotFound for anyone else's."""
    from runstrong.app import coaching
    from runstrong.app.schedule import PlannedSession, in_force, planned_days, refresh_loads
    from runstrong.core.model import Units

    week = monday(today)
    until = week + dt.timedelta(days=13)
    since = week - dt.timedelta(weeks=weeks - 1)
    with ctx.db.read() as s:
        store.snapshot(s)
        link = coaching._link(s, user, athlete_id)
        person = repo.athlete(s, link.athlete)
        lifts = repo.lifts(s, person.id)
        holds = repo.holds(s, person.id)
        covering = repo.plans_covering(s, person.id, week, until)
        logged = repo.sessions(s, person.id, since, max(until, today))
    planned = []
    for record, session in planned_days(covering, week, until):
        day = dt.date.fromisoformat(session["date"])
        units = Units(record.plan.get("units", person.units))
        done = [x for x in logged if x.date == day and x.plan_id is not None]
        planned.append(
            PlannedSession(
                record.id,
                day,
                refresh_loads(session, in_force(lifts, day), ctx.implements(units)),
                units.value,
                tuple(x.id for x in done),
                tuple(e for x in done for e in x.entries),
            )
        )
    recent = tuple(sorted((x for x in logged if x.date <= today), key=lambda x: (x.date, x.id)))
    return AthleteDetail(
        link, person, week, tuple(planned), recent[::-1], tuple(lifts), tuple(holds)
    )


def athlete_sessions(
    ctx: Context, user: User, athlete_id: int, today: dt.date, weeks: int = DEFAULT_LOG_WEEKS
) -> tuple[CoachLink, list[SessionRecord]]:
    """The athlete's logged sessions of the last `weeks` weeks (this one included), newest
    first, for their coach only."""
    from runstrong.app import coaching

    since = monday(today) - dt.timedelta(weeks=weeks - 1)
    with ctx.db.read() as s:
        link = coaching._link(s, user, athlete_id)
        found = repo.sessions(s, athlete_id, since, None)
    return link, sorted(found, key=lambda x: (x.date, x.id), reverse=True)
