"""A coach changes one planned session of a runner they coach (issue 13 part 4): swap an
exercise (the catalogue's substitutes offered first), change sets, reps, load or the day.

The independent validator re-checks the whole edited plan, and only what the edit adds is the
coach's to answer for (a rule the plan already broke elsewhere is not blamed on them): an edit
that adds a broken rule is saved with a reason the runner reads, or not at all. A saved edit is
one write transaction: the plan's JSON in place (same id, so logs and links still name it), the
session marked with who changed it, when and why, and a `session.edited` change-log entry.
A session already logged is never changed: a log keeps the plan it answered.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from runstrong.app.requests import ExerciseChange, SessionEdit
from runstrong.core import inputs, loads
from runstrong.core.model import WEEKDAYS, Equipment, Exercise, Implements, Limitation, Units
from runstrong.errors import InputError, NotFound, RunstrongError
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.validation import Violation, check_plan

if TYPE_CHECKING:
    from runstrong.core.catalogue import Catalogue
    from runstrong.storage.coaching import CoachLink
    from runstrong.storage.records import AthleteRecord, LiftRecord, PlanRecord, User

MAX_SETS = 10
MAX_REPS = 50
MAX_SECONDS = 600
"""Typo guards, not training rules: a coach may write any dose in these bounds, and the
validator (docs/rules.md) says which rule a dose breaks."""
MAX_LOAD = loads.MAX_LIFT_LOAD
"""The heaviest load a coach may type (the `--lift` typo guard, in the plan's units)."""
MAX_REASON = 500
"""A reason is a sentence or two the runner reads on their session page."""
SAME_LOAD = 0.005
"""Loads closer than this are the same (JSON keeps two decimals)."""
KEPT_MARKS = 10
"""The session keeps its latest coach changes (the plan's change log keeps them all)."""

_SID = re.compile(r"^(\d{1,12})-(\d{4}-\d{2}-\d{2})$")
_PERCENT_WHY = re.compile(r"\b\d+(?:\.\d+)?% of a 1RM of")
"""The planner's words for a load in an exercise's `why` ('80% of a 1RM of 100 kg')."""
_RANGE = re.compile(r"^\s*(\d{1,3})\s*(?:-\s*(\d{1,3}))?\s*$")


def shown_day(day: dt.date) -> str:
    """'Tue 8 Dec': a day as a change-log line names it."""
    return f"{day:%a} {day.day} {day:%b}"


def sid_of(plan_id: int, day: dt.date) -> str:
    """A planned session's id, as the pages use it: PLAN-DATE."""
    return f"{plan_id}-{day.isoformat()}"


# --- what the coach sees -------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """An exercise a planned one may be swapped for."""

    id: str
    name: str
    substitute: bool  # one of the catalogue's own substitutes for it (offered first)
    one_rm: float | None  # the runner's current 1RM: its load then follows it


@dataclass(frozen=True)
class Item:
    """One exercise of the session as the runner sees it now, and what it may become."""

    index: int
    planned: dict[str, Any]  # loads from the runner's current 1RMs
    one_rm: float | None
    candidates: tuple[Candidate, ...]

    @property
    def substitutes(self) -> tuple[Candidate, ...]:
        """The catalogue's substitutes, closest first."""
        return tuple(c for c in self.candidates if c.substitute)

    @property
    def others(self) -> tuple[Candidate, ...]:
        """Other exercises of the same pattern the runner can do."""
        return tuple(c for c in self.candidates if not c.substitute)


@dataclass(frozen=True)
class Day:
    """A day of the session's week: its run, and whether the session may move there."""

    date: dt.date
    run: str
    current: bool  # the session's day now
    free: bool  # no session on it, and not past


@dataclass(frozen=True)
class Planned:
    """One planned session of a coached runner, as their coach may change it."""

    link: CoachLink
    athlete: AthleteRecord
    plan_id: int
    date: dt.date
    session: dict[str, Any]  # as the runner sees it (loads from current 1RMs)
    units: str
    items: tuple[Item, ...]
    week: tuple[Day, ...]
    logged: bool  # logged already: it stays as planned

    @property
    def sid(self) -> str:
        """PLAN-DATE."""
        return sid_of(self.plan_id, self.date)

    @property
    def marks(self) -> list[dict[str, Any]]:
        """The coach changes the session carries, latest last."""
        return list(self.session.get("coach_changes") or [])


@dataclass(frozen=True)
class _Found:
    """A planned session read in one transaction, with what an edit needs."""

    link: CoachLink
    person: AthleteRecord
    record: PlanRecord
    week: int  # index into plan["weeks"]
    position: int  # index into that week's sessions
    date: dt.date
    logged: bool
    taken: frozenset[dt.date]  # days of the week holding a session (this plan's or a newer one's)
    lifts: dict[str, LiftRecord]  # current 1RMs
    catalogue: Catalogue  # with the runner's own exercises

    @property
    def session(self) -> dict[str, Any]:
        found: dict[str, Any] = self.record.plan["weeks"][self.week]["sessions"][self.position]
        return found

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisoformat(self.record.plan["weeks"][self.week]["start"])


def _parsed_sid(sid: str) -> tuple[int, dt.date]:
    found = _SID.match(sid) if isinstance(sid, str) else None
    if found is None:
        raise NotFound("session", str(sid)[:40])
    try:
        return int(found[1]), dt.date.fromisoformat(found[2])
    except ValueError:
        raise NotFound("session", sid) from None


def _find(ctx: Context, s: Any, user: User, athlete_id: int, sid: str) -> _Found:
    """The session `sid` as the runner's pages show it (the newest plan of a day wins); any
    other athlete's, a hidden one and a missing one alike are NotFound."""
    from runstrong.app.coaching import _link  # the one access rule (coached_athlete's)
    from runstrong.app.exercises import scoped_by
    from runstrong.app.schedule import planned_days

    link = _link(s, user, athlete_id)
    plan_id, day = _parsed_sid(sid)
    person = repo.athlete(s, link.athlete)  # in a write: this athlete's writes queue from here
    shown = planned_days(repo.plans_covering(s, person.id, day, day), day, day)
    if not shown or shown[0][0].id != plan_id:
        raise NotFound("session", sid)
    record = shown[0][0]
    where = _position(record.plan, day)
    if where is None:
        raise NotFound("session", sid)
    monday = dt.date.fromisoformat(record.plan["weeks"][where[0]]["start"])
    sunday = monday + dt.timedelta(days=6)
    week_plans = repo.plans_covering(s, person.id, monday, sunday)
    taken = {dt.date.fromisoformat(x["date"]) for _r, x in planned_days(week_plans, monday, sunday)}
    taken |= {dt.date.fromisoformat(x["date"]) for w in record.plan["weeks"] for x in w["sessions"]}
    logged = any(x.plan_id == plan_id for x in repo.sessions(s, person.id, day, day))
    return _Found(
        link,
        person,
        record,
        where[0],
        where[1],
        day,
        logged,
        frozenset(d for d in taken if monday <= d <= sunday),
        repo.current_lifts(s, person.id),
        scoped_by(ctx, repo.own_exercises(s, person.id)).catalogue,
    )


def _position(plan: dict[str, Any], day: dt.date) -> tuple[int, int] | None:
    for w, week in enumerate(plan.get("weeks", [])):
        for i, session in enumerate(week.get("sessions", [])):
            if session.get("date") == day.isoformat():
                return w, i
    return None


def planned(ctx: Context, user: User, athlete_id: int, sid: str, *, today: dt.date) -> Planned:
    """One planned session of a runner the user coaches, with each exercise's swap candidates
    and the days of its week it may move to; NotFound for anything not theirs."""
    with ctx.db.read() as s:
        found = _find(ctx, s, user, athlete_id, sid)
    return _view(ctx, found, today)


def _view(ctx: Context, found: _Found, today: dt.date) -> Planned:
    from runstrong.app.schedule import refresh_loads

    units = str(found.record.plan.get("units", found.person.units))
    shown = refresh_loads(found.session, found.lifts, ctx.implements(Units(units)))
    kit, avoid = _kit(found)
    items = []
    for index, item in enumerate(shown.get("exercises", [])):
        lift = found.lifts.get(str(item.get("id")))
        items.append(
            Item(
                index,
                item,
                None if lift is None else lift.one_rm,
                candidates(found.catalogue, item, kit, avoid, found.lifts),
            )
        )
    runs = found.record.plan["weeks"][found.week].get("runs", {})
    week = tuple(
        Day(
            d,
            str(runs.get(WEEKDAYS[d.weekday()], "rest")),
            d == found.date,
            d not in found.taken and d >= today,
        )
        for d in (found.monday + dt.timedelta(days=i) for i in range(7))
    )
    return Planned(
        found.link,
        found.person,
        found.record.id,
        found.date,
        shown,
        units,
        tuple(items),
        week,
        found.logged,
    )


def _kit(found: _Found) -> tuple[frozenset[Equipment], frozenset[Limitation]]:
    """What the plan was built for (its equipment) and every limitation to protect: the plan's
    and any the runner has added since."""
    kit = {Equipment(e) for e in found.record.plan.get("equipment", []) if e in _EQUIPMENT}
    names = {*found.record.plan.get("avoid", []), *found.person.avoid}
    return frozenset(kit), frozenset(Limitation(a) for a in names if a in _LIMITATIONS)


_EQUIPMENT = frozenset(e.value for e in Equipment)
_LIMITATIONS = frozenset(x.value for x in Limitation)


def _kind(loading: str) -> str:
    """What a dose counts: reps, seconds or ground contacts. A swap keeps it."""
    return {"time": "seconds", "contacts": "contacts"}.get(loading, "reps")


def candidates(
    catalogue: Catalogue,
    item: dict[str, Any],
    kit: frozenset[Equipment],
    avoid: frozenset[Limitation],
    lifts: dict[str, LiftRecord],
) -> tuple[Candidate, ...]:
    """What a planned exercise may be swapped for: the catalogue's substitutes first (its own
    linked variations, then the closest same-pattern ones: same category and sides), then the
    other exercises of its pattern; only what the kit allows, the limitations do not rule out,
    and that counts its dose the same way (reps, seconds or contacts)."""
    try:
        original = catalogue.get(str(item.get("id")))
    except RunstrongError:
        return ()
    kind = _kind(original.loading.value)

    def usable(e: Exercise) -> bool:
        return (
            e.id != original.id
            and e.needs() <= kit
            and not e.avoided_by(avoid)
            and _kind(e.loading.value) == kind
        )

    linked = []
    for v in original.variations:
        if v.exercise_id is not None and v.exercise_id in catalogue:
            found = catalogue.get(v.exercise_id)
            if usable(found) and found not in linked:
                linked.append(found)
    same = [e for e in catalogue.substitutes(original.id, kit, avoid=avoid) if usable(e)]
    close = [
        e for e in same if e.category is original.category and e.unilateral == original.unilateral
    ]
    first = list(dict.fromkeys([*linked, *close]))
    rest = [e for e in same if e not in first]

    def made(e: Exercise, substitute: bool) -> Candidate:
        lift = lifts.get(e.id)
        return Candidate(e.id, e.name, substitute, None if lift is None else lift.one_rm)

    return tuple([made(e, True) for e in first] + [made(e, False) for e in rest])


# --- an edit, checked ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """An edit applied to a copy of the plan: what changed, and the rules it newly breaks."""

    planned: Planned  # the session before the edit
    plan: dict[str, Any]  # the whole plan with the edit
    session: dict[str, Any]  # the edited session, as stored
    date: dt.date  # its day after the edit
    lines: tuple[str, ...]  # what changed, a line each
    added: tuple[Violation, ...]  # broken rules the plan did not break before

    @property
    def sid(self) -> str:
        """The session's id after the edit (a move changes it)."""
        return sid_of(self.planned.plan_id, self.date)

    @property
    def rules(self) -> tuple[str, ...]:
        """The rule ids the edit breaks, each once."""
        return tuple(sorted({v.rule for v in self.added}))


def check_edit(ctx: Context, user: User, request: SessionEdit, *, today: dt.date) -> Checked:
    """The edit applied to a copy of the plan and the violations it adds: check_plan on the
    edited plan, less what it finds on the plan as saved. Nothing is written."""
    with ctx.db.read() as s:
        found = _find(ctx, s, user, request.athlete_id, request.sid)
    return _checked(ctx, found, request, today)


def _checked(ctx: Context, found: _Found, request: SessionEdit, today: dt.date) -> Checked:
    if found.logged:
        raise InputError(
            "session",
            f"{found.person.name} logged this session already; a log keeps the plan it answered,"
            " so it stays as planned",
        )
    plan = copy.deepcopy(found.record.plan)
    week = plan["weeks"][found.week]
    session = week["sessions"][found.position]
    editor = _Editor(ctx, found, plan)
    lines = editor.exercises(session, request.exercises)
    day = found.date
    if request.day is not None:
        day = _day(found, request.day, today)
    if day != found.date:
        session["date"], session["day"] = day.isoformat(), WEEKDAYS[day.weekday()]
        session["placement"] = f"moved by your coach from {shown_day(found.date)}"
        week["sessions"].sort(key=lambda x: str(x.get("date")))
        lines.append(f"moved from {shown_day(found.date)} to {shown_day(day)}")
    added = _added(check_plan(found.record.plan), check_plan(plan))
    return Checked(_view(ctx, found, today), plan, session, day, tuple(lines), added)


def _added(before: Sequence[Violation], after: Sequence[Violation]) -> tuple[Violation, ...]:
    """The violations in `after` that `before` did not have (as many times as it had them)."""
    left = Counter(before)
    out = []
    for v in after:
        if left[v] > 0:
            left[v] -= 1
        else:
            out.append(v)
    return tuple(out)


def _day(found: _Found, value: str | dt.date, today: dt.date) -> dt.date:
    """The day to move to: in the session's own Monday-Sunday week, today or later, and with
    no other session on it."""
    day = value if isinstance(value, dt.date) else inputs.date(str(value), "day")
    if day == found.date:
        return day
    sunday = found.monday + dt.timedelta(days=6)
    if not found.monday <= day <= sunday:
        raise InputError(
            "day",
            f"must be in the session's week, {shown_day(found.monday)} to {shown_day(sunday)};"
            f" got {day.isoformat()}",
        )
    if day < today:
        raise InputError("day", f"{shown_day(day)} is past; pick today or a later day")
    if day in found.taken:
        raise InputError(
            "day", f"{shown_day(day)} has a session already; one strength session a day"
        )
    return day


class _Editor:
    """Applies exercise changes to a copy of the plan, loads rounded to the plan's kit."""

    def __init__(self, ctx: Context, found: _Found, plan: dict[str, Any]) -> None:
        self.found = found
        self.plan = plan
        self.units = str(plan.get("units", found.person.units))
        self.kit = _implements(plan, ctx.implements(Units(self.units)))
        self.equipment, _avoid = _kit(found)

    def exercises(self, session: dict[str, Any], changes: Sequence[ExerciseChange]) -> list[str]:
        """Apply each change in turn; a line per change."""
        items: list[dict[str, Any]] = session.get("exercises", [])
        lines: list[str] = []
        seen: set[int] = set()
        touched: set[int] = set()
        for n, change in enumerate(changes):
            field = f"exercises[{n}]"
            if not items:
                raise InputError(f"{field}.index", "the session has no exercises to change")
            index = inputs.whole(change.index, f"{field}.index", 0, len(items) - 1)
            if index in seen:
                raise InputError(f"{field}.index", f"exercise {index} is changed twice; once")
            seen.add(index)
            before = items[index]
            after, swapped = self._one(before, change, field)
            if after is before:
                continue
            touched.add(index)
            items[index] = after
            if swapped:
                lines.append(f"{before.get('name')} swapped for {after.get('name')}")
            old, new = self._dose(before), self._dose(after)
            if old != new:
                lines.append(f"{after.get('name')}: {old} -> {new}")
        if touched:
            self._warmups(items, touched)
            self._totals(session, items)
        return lines

    def _one(
        self, item: dict[str, Any], change: ExerciseChange, field: str
    ) -> tuple[dict[str, Any], bool]:
        """The item with one change applied (the same object when nothing changes)."""
        out = dict(item)
        swapped = False
        if change.swap is not None and str(change.swap).strip() not in ("", item.get("id")):
            out = self._swapped(out, str(change.swap).strip(), f"{field}.swap")
            swapped = True
            if self._as_shown(item, change):  # the form's old load, not one for the new lift
                change = replace(change, load=None, percent=None)
        timed = out.get("loading") == "time"
        if change.sets is not None and str(change.sets).strip():
            out["sets"] = inputs.whole(change.sets, f"{field}.sets", 1, MAX_SETS)
        if change.reps is not None and str(change.reps).strip():
            if timed:
                raise InputError(f"{field}.reps", f"{out.get('name')} is timed; change its seconds")
            out["reps"], out["reps_max"] = _reps(change.reps, f"{field}.reps")
        if change.seconds is not None and str(change.seconds).strip():
            if not timed:
                raise InputError(
                    f"{field}.seconds", f"{out.get('name')} counts reps; change its reps"
                )
            out["seconds"] = inputs.whole(change.seconds, f"{field}.seconds", 1, MAX_SECONDS)
        out = self._loaded(out, change, field)
        if not swapped and _same(out, item):
            return item, False
        if out.get("percent_1rm") != item.get("percent_1rm") and out.get("percent_1rm"):
            percent = f"{float(out['percent_1rm']):g}% of a 1RM of"
            out["why"] = _PERCENT_WHY.sub(percent, str(out.get("why") or ""))
        return out, swapped

    def _swapped(self, item: dict[str, Any], target: str, field: str) -> dict[str, Any]:
        """`item` as another exercise: its sets, reps (or seconds) and rest kept; its load from
        its own 1RM when the plan has one, else by effort (no load, the RIR kept)."""
        from runstrong.core.serialize import exercise_dict

        catalogue = self.found.catalogue
        if target not in catalogue:
            raise InputError(field, f"no exercise '{inputs.shown(target)}' in the catalogue")
        new = catalogue.get(target)
        lacking = sorted(e.value for e in new.needs() - self.equipment)
        if lacking:
            raise InputError(
                field,
                f"{new.name} needs {', '.join(lacking)}, which {self.found.person.name}'s plan "
                "does not have",
            )
        if _kind(new.loading.value) != _kind(str(item.get("loading"))):
            what = _kind(str(item.get("loading")))
            raise InputError(field, f"{new.name} is not dosed in {what} as {item.get('name')} is")
        percent: float | None = None
        if new.loading.value == "1rm":
            percent = item.get("percent_1rm") if item.get("loading") == "1rm" else None
            if percent is None:
                percent = _effort_percent(item)
        one_rm = self._plan_one_rm(new.id)
        out = {
            **item,
            **exercise_dict(new),
            "per_side": new.unilateral,
            "percent_1rm": percent,
            "load": None,
            "one_rm": None if percent is None else one_rm,
            "plates": None,
            "rir": item.get("rir") if new.loading.value != "time" else None,
            "why": f"{(new.why or new.name).rstrip('.')}; in place of {item.get('name')},"
            " your coach's choice",
            "avoid_for": sorted(c.limitation.value for c in new.cautions if c.effect == "avoid"),
            "soften_for": sorted(c.limitation.value for c in new.cautions if c.effect == "soften"),
            "notes": [],
            "warmup": [],
        }
        return self._with_load(out)

    def _loaded(self, item: dict[str, Any], change: ExerciseChange, field: str) -> dict[str, Any]:
        """The item with a typed load or %1RM: a load for a lift with a known 1RM becomes its
        %1RM (a later 1RM keeps moving it, as `schedule.refresh_loads` does)."""
        load = _blank(change.load)
        percent = _blank(change.percent)
        if load is None and percent is None:
            return item
        if load is not None and percent is not None:
            raise InputError(f"{field}.load", "give a load or a %1RM, not both")
        name = item.get("name")
        if item.get("loading") != "1rm":
            key = f"{field}.load" if load is not None else f"{field}.percent"
            raise InputError(key, f"{name} is {item.get('loading')} work; it takes no load")
        lift = self.found.lifts.get(str(item.get("id")))
        if percent is not None:
            value = inputs.decimal(percent, f"{field}.percent")
            if not 1 <= value <= 100:
                raise InputError(f"{field}.percent", f"must be 1-100 (% of 1RM); got {value:g}")
            if value == item.get("percent_1rm"):
                return item
            return self._with_load({**item, "percent_1rm": round(value, 1)})
        typed = inputs.decimal(load, f"{field}.load")
        if not 0 <= typed < MAX_LOAD:
            raise InputError(
                f"{field}.load", f"must be 0 to under {MAX_LOAD:g} {self.units}; got {typed:g}"
            )
        if lift is None:
            return self._fixed(item, typed, field)
        if abs(typed - self._shown_load(item, lift)) < SAME_LOAD:  # the load shown: untouched
            return item
        share = round(typed / lift.one_rm * 100, 1)
        if not 1 <= share <= 100:
            raise InputError(
                f"{field}.load",
                f"{typed:g} {self.units} is {share:g}% of {name}'s 1RM of "
                f"{lift.one_rm:g} {self.units}; give 1-100% of it",
            )
        return self._with_load({**item, "percent_1rm": share})

    def _fixed(self, item: dict[str, Any], typed: float, field: str) -> dict[str, Any]:
        """A load for a lift with no 1RM known: kept as typed, rounded to the kit (until a 1RM
        is known; its %1RM then sets the load again)."""
        if typed == item.get("load"):
            return item
        if typed == 0:
            return {**item, "load": None, "plates": None}
        try:
            rounded = loads.round_load(typed, _implement(item), self.kit)
        except InputError as exc:
            raise InputError(f"{field}.load", exc.problem) from None
        plates = None if rounded.plates is None else list(rounded.plates)
        return {**item, "load": rounded.load, "plates": plates}

    def _as_shown(self, item: dict[str, Any], change: ExerciseChange) -> bool:
        """Whether the change's load or %1RM is the item's own as its page shows it."""
        load, percent = _blank(change.load), _blank(change.percent)
        try:
            if percent is not None:
                return float(str(percent)) == item.get("percent_1rm")
            if load is not None:
                lift = self.found.lifts.get(str(item.get("id")))
                shown = item.get("load") if lift is None else self._shown_load(item, lift)
                return shown is not None and abs(float(str(load)) - float(shown)) < SAME_LOAD
        except ValueError:
            return False
        return True

    def _shown_load(self, item: dict[str, Any], lift: LiftRecord) -> float:
        """The load the runner's pages show for this item now (its %1RM of the current 1RM)."""
        percent = item.get("percent_1rm")
        if not percent:
            return float(item.get("load") or 0)
        try:
            found = loads.load_for(lift.one_rm, float(percent), _implement(item), self.kit)
        except InputError:
            return float(item.get("load") or 0)
        return found.load

    def _plan_one_rm(self, exercise_id: str) -> float | None:
        found = (self.plan.get("one_rms") or {}).get(exercise_id)
        return None if found is None else float(found)

    def _with_load(self, item: dict[str, Any]) -> dict[str, Any]:
        """The stored load of a %1RM item from the plan's own 1RM (as the planner writes it, so
        the validator's load-math holds); none known: by effort, load null."""
        percent = item.get("percent_1rm")
        one_rm = item.get("one_rm") or self._plan_one_rm(str(item.get("id")))
        if percent is None or one_rm is None:
            return {**item, "load": None, "plates": None}
        rounded = loads.load_for(float(one_rm), float(percent), _implement(item), self.kit)
        plates = None if rounded.plates is None else list(rounded.plates)
        return {**item, "load": rounded.load, "plates": plates}

    def _warmups(self, items: list[dict[str, Any]], changed: set[int]) -> None:
        """Ramp-up sets of the changed items again, as the planner writes them: before a lift
        at 75% 1RM or more, the whole ramp before the first such lift, a shorter one later."""
        from runstrong.core.dosing import warmup

        first = True
        for i, item in enumerate(items):
            exercise = self._exercise(item)
            if i not in changed or exercise is None:
                first = first and not item.get("warmup")
                continue
            p = _prescription(item, exercise)
            one_rm = item.get("one_rm") or self._plan_one_rm(exercise.id)
            ramps = warmup(p, None if item.get("load") is None else one_rm, self.kit, first)
            items[i] = {
                **item,
                "warmup": [
                    {"reps": w.reps, "percent_1rm": w.percent_1rm, "load": w.load} for w in ramps
                ],
            }
            first = first and not ramps

    def _totals(self, session: dict[str, Any], items: list[dict[str, Any]]) -> None:
        """Contacts and minutes of the session again (the planner's own arithmetic)."""
        from runstrong.core.dosing import minutes
        from runstrong.core.model import Goal

        for i, item in enumerate(items):
            if item.get("loading") == "contacts":
                legs = 2 if item.get("per_side") else 1
                count = int(item.get("sets") or 0) * int(item.get("reps") or 0) * legs
                items[i] = {**item, "contacts": count}
        session["contacts"] = sum(
            int(x.get("contacts") or 0) for x in items if x.get("loading") == "contacts"
        )
        doses = []
        for item in items:
            exercise = self._exercise(item)
            if exercise is None:
                return  # an exercise no longer known: the minutes stay as planned
            doses.append(_prescription(item, exercise))
        goal = str(self.plan.get("goal", "strength"))
        if goal in {g.value for g in Goal}:
            session["minutes"] = minutes(doses, Goal(goal))

    def _exercise(self, item: dict[str, Any]) -> Exercise | None:
        key = str(item.get("id"))
        return self.found.catalogue.get(key) if key in self.found.catalogue else None

    def _dose(self, item: dict[str, Any]) -> str:
        """'3x5-6 @ 80%', '3x30 s', '4x8 @ 20 kg': a dose as a change line shows it."""
        if item.get("loading") == "time":
            work = f"{item.get('seconds')} s" if item.get("seconds") else "max"
        else:
            low, high = item.get("reps"), item.get("reps_max")
            work = f"{low}-{high}" if high is not None and high != low else f"{low}"
        text = f"{item.get('sets')}x{work}"
        if item.get("loading") == "1rm" and item.get("percent_1rm") is not None:
            text += f" @ {float(item['percent_1rm']):g}%"
            if item.get("one_rm") is None and item.get("load") is not None:
                text += f" ({float(item['load']):g} {self.units})"
        elif item.get("load") is not None:
            text += f" @ {float(item['load']):g} {self.units}"
        return text


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("id", "sets", "reps", "reps_max", "seconds", "percent_1rm", "load")
    return all(a.get(k) == b.get(k) for k in keys)


def _blank(value: object) -> object | None:
    """None for a field left empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def _reps(value: int | str, field: str) -> tuple[int, int]:
    """'5' or '4-6' (or 5): reps and reps_max."""
    if isinstance(value, int) and not isinstance(value, bool):
        low = high = inputs.whole(value, field, 1, MAX_REPS)
        return low, high
    found = _RANGE.match(str(value))
    if found is None:
        raise InputError(
            field, f"expected reps like 5 or a range like 4-6; got '{inputs.shown(value)}'"
        )
    low = inputs.whole(found[1], field, 1, MAX_REPS)
    high = inputs.whole(found[2] or found[1], field, 1, MAX_REPS)
    if high < low:
        raise InputError(field, f"a range runs low to high, like {high}-{low}; got {value}")
    return low, high


def _effort_percent(item: dict[str, Any]) -> float:
    """The %1RM of a lift swapped in for bodyweight work: what its reps at its RIR come to on
    the RTS chart (core/loads.py; Zourdos et al. 2016), so a 1RM later gives it a load."""
    reps = int(item.get("reps_max") or item.get("reps") or 1)
    rir = 2 if item.get("rir") is None else int(item["rir"])
    return loads.rpe_percent(min(max(reps, 1), loads.RTS_MAX_REPS), 10 - min(max(rir, 0), 4))


def _implement(item: dict[str, Any]) -> Equipment:
    from runstrong.app.schedule import _implement as implement_of

    return implement_of(item)


def _implements(plan: dict[str, Any], fallback: Implements) -> Implements:
    """The kit the plan's loads were rounded to (its `implements`), else the runner's."""
    raw = plan.get("implements")
    if not isinstance(raw, dict):
        return fallback
    try:
        return Implements(
            units=fallback.units,
            bar=float(raw.get("bar", fallback.bar)),
            plates=tuple(sorted((float(p) for p in raw.get("plates", [])), reverse=True))
            or fallback.plates,
            dumbbells=tuple(sorted(float(p) for p in raw.get("dumbbells", [])))
            or fallback.dumbbells,
            kettlebells=tuple(sorted(float(p) for p in raw.get("kettlebells", [])))
            or fallback.kettlebells,
        )
    except (TypeError, ValueError):
        return fallback


def _prescription(item: dict[str, Any], exercise: Exercise) -> Any:
    """A plan JSON item as the core's Prescription (for the planner's minutes and ramps)."""
    from runstrong.core.model import Prescription

    def whole(key: str) -> int | None:
        value = item.get(key)
        return None if value is None else int(value)

    return Prescription(
        exercise=exercise,
        sets=int(item.get("sets") or 1),
        reps=whole("reps"),
        reps_max=whole("reps_max"),
        seconds=whole("seconds"),
        per_side=bool(item.get("per_side")),
        percent_1rm=None if item.get("percent_1rm") is None else float(item["percent_1rm"]),
        load=None if item.get("load") is None else float(item["load"]),
        rir=whole("rir"),
        contacts=whole("contacts"),
        rest_seconds=int(item.get("rest_seconds") or 0),
        plates=None,
        why=str(item.get("why") or ""),
    )


# --- an edit, saved ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    """A saved edit: the check it passed, the reason given, and its change-log entry's id."""

    checked: Checked
    reason: str | None
    change_id: int


def save_edit(
    ctx: Context, user: User, request: SessionEdit, *, now: dt.datetime, today: dt.date
) -> Saved:
    """Check the edit again and save it in one write transaction: the plan's JSON in place,
    the session marked (who, when, why, which rules), a `session.edited` change-log entry.
    An edit that adds a broken rule needs `reason`, which the runner reads."""
    from runstrong.app.schedule import plan_dates
    from runstrong.storage import audit
    from runstrong.storage.writes import update_plan

    reason = _reason(request.reason)
    with ctx.db.write() as s:
        found = _find(ctx, s, user, request.athlete_id, request.sid)
        checked = _checked(ctx, found, request, today)
        if not checked.lines:
            raise InputError(
                "exercises", "nothing changed; change an exercise, its dose or the day first"
            )
        if checked.added and reason is None:
            raise InputError(
                "reason",
                f"this change breaks {', '.join(checked.rules)}; give a reason your runner will"
                " see, or change the edit",
            )
        mark = {
            "by": user.email,
            "at": now.isoformat(timespec="seconds"),
            "lines": list(checked.lines),
            "reason": reason,
            "rules": list(checked.rules),
        }
        marks = [*(checked.session.get("coach_changes") or []), mark][-KEPT_MARKS:]
        checked.session["coach_changes"] = marks
        first, last = plan_dates(checked.plan)
        person = found.person
        update_plan(s, person.id, found.record.id, plan=checked.plan, start=first, end=last)
        if checked.date != found.date:  # the session's comments go with it
            from runstrong.storage import comments

            comments.move(s, person.id, found.record.id, found.date, checked.date)
        change_id = audit.record(
            s,
            person.id,
            action="session.edited",
            who=user.email,
            at=now,
            summary=f"Changed the session of {shown_day(found.date)}",
            plan_id=found.record.id,
            user_id=user.id,
            detail=checked.lines,
            reason=reason,
        )
    return Saved(checked, reason, change_id)


def _reason(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    from runstrong.storage import limits

    return limits.text(value.strip(), "reason", MAX_REASON)


# --- the coach's list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Upcoming:
    """A planned session a coach may change: its id, day, title and whether it is logged."""

    sid: str
    date: dt.date
    session: dict[str, Any]
    logged: bool

    @property
    def changed(self) -> bool:
        """Whether a coach changed it already."""
        return bool(self.session.get("coach_changes"))


UPCOMING_DAYS = 21
"""A coach's athlete page lists three weeks of sessions ahead: this block's near future."""


def upcoming(
    ctx: Context, user: User, athlete_id: int, *, today: dt.date, days: int = UPCOMING_DAYS
) -> list[Upcoming]:
    """The runner's planned sessions from today on, as their pages show them; NotFound for
    anyone the user does not coach."""
    from runstrong.app.coaching import _link
    from runstrong.app.schedule import planned_days

    last = today + dt.timedelta(days=days)
    with ctx.db.read() as s:
        link = _link(s, user, athlete_id)
        found = planned_days(repo.plans_covering(s, link.athlete_id, today, last), today, last)
        logged = {(x.plan_id, x.date) for x in repo.sessions(s, link.athlete_id, today, last)}
    return [
        Upcoming(
            sid_of(record.id, dt.date.fromisoformat(x["date"])),
            dt.date.fromisoformat(x["date"]),
            x,
            (record.id, dt.date.fromisoformat(x["date"])) in logged,
        )
        for record, x in found
    ]
