"""A block for a squad: one plan per runner from their own lifts, equipment, experience,
limitations and running week, with what a coach must see before publishing it (who could not
get the sessions asked for and by which rule, whose loads are estimates or by feel, whose
limitations changed an exercise), and publishing every plan in one transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from runstrong.app import planning
from runstrong.app.requests import PlanRequest
from runstrong.core.model import Plan, Prescription, RunType
from runstrong.errors import InputError, NotFound, RuleViolation, RunstrongError
from runstrong.settings import Context
from runstrong.storage import limits
from runstrong.storage import repository as repo
from runstrong.storage.records import AthleteRecord, LiftRecord, OwnExerciseRecord

if TYPE_CHECKING:
    from runstrong.app.accounts import User
    from runstrong.core.runweek import TypicalWeek
    from runstrong.storage.coaching import Squad
    from runstrong.storage.jobs import Job

MAX_SQUAD = 500
"""Runners one block is built for at once (the issue's clubs have 5-200)."""

SESSION_RULES = frozenset({"sessions-per-week", "novice-sessions"})
"""Rules that cap one runner's sessions below a squad's count: planned at their most, and said."""

ESTIMATED_SOURCES = frozenset({"estimated-set", "estimated-logs", "import"})
"""1RM sources that are estimates (a rep set, the logbook, another app), not a tested single."""


@dataclass(frozen=True)
class Row:
    """One runner's plan of the block, or why there is none, and what the coach should see."""

    athlete: str
    plan: Plan | None
    error: str | None = None  # why no plan was built (one line naming the field or rule)
    athlete_id: int = 0  # as read with the squad
    sessions_asked: int | None = None
    sessions: int | None = None  # a week, as planned
    sessions_rule: str | None = None  # the rule that allowed fewer than asked, with its words
    by_feel: tuple[str, ...] = ()  # dosed by %1RM with no 1RM known: the load is found by feel
    estimated: tuple[str, ...] = ()  # planned from a 1RM that is an estimate
    limited: tuple[str, ...] = ()  # dosed down for one of the runner's limitations
    avoid: tuple[str, ...] = ()  # the runner's limitations, planned around
    notes: tuple[str, ...] = ()  # the planner's warnings for this runner

    @property
    def flagged(self) -> bool:
        """Whether the coach should look at this runner before publishing."""
        return bool(
            self.error or self.sessions_rule or self.by_feel or self.estimated or self.limited
        )


def preview(
    ctx: Context, request: PlanRequest, athletes: Sequence[str], today: dt.date | None = None
) -> list[Row]:
    """Each runner's plan of the block (nothing saved), in the order given. The squad's
    profiles are read in one transaction; the plans are then built without the database."""
    names = _checked(request, athletes)
    found = _profiles(ctx, names, today or dt.date.today())
    return [
        Row(name, None, error=profile) if isinstance(profile, str) else _row(ctx, request, profile)
        for name, profile in zip(names, found, strict=True)
    ]


@dataclass(frozen=True)
class _Profile:
    """What one runner's plan is built from, read with the squad's."""

    person: AthleteRecord
    lifts: dict[str, LiftRecord]  # the current 1RM of each exercise
    own: tuple[OwnExerciseRecord, ...]
    runs_done: TypicalWeek | None  # the running week read from their runs, if any


def _profiles(ctx: Context, names: Sequence[str], today: dt.date) -> list[_Profile | str]:
    """Each runner's profile, or why there is none (one line), from one read of a few queries
    whatever the squad's size."""
    from runstrong.app.runs import recent_activities_among, typical_of, window_start

    with ctx.db.read() as s:
        people = repo.athletes_named(s, names)
        ids = [p.id for p in people.values()]
        lifts = repo.current_lifts_among(s, ids)
        own = repo.own_exercises_among(s, ids)
        runs = recent_activities_among(s, ids, today)
        found: list[_Profile | str] = []
        for name in names:
            person = people.get(repo.athlete_key(name))
            if person is None:
                try:
                    repo.athlete(s, name)  # its NotFound says why, as everywhere else
                except NotFound as exc:
                    found.append(str(exc))
                    continue
                raise AssertionError(f"{name!r} was not read with the squad")  # pragma: no cover
            found.append(
                _Profile(
                    person,
                    lifts.get(person.id, {}),
                    tuple(own.get(person.id, ())),
                    typical_of(runs.get(person.id, []), window_start(today)),
                )
            )
    return found


def publish(
    ctx: Context,
    request: PlanRequest,
    athletes: Sequence[str],
    *,
    by: User | None = None,
    at: dt.datetime | None = None,
) -> list[tuple[Row, int | None]]:
    """Build and save every runner's plan of the block in one transaction (all or none); see
    `publish_in`."""
    with ctx.db.write() as s:
        return publish_in(ctx, s, request, athletes, by=by, at=at)


def publish_in(
    ctx: Context,
    session: Any,
    request: PlanRequest,
    athletes: Sequence[str],
    *,
    by: User | None = None,
    at: dt.datetime | None = None,
) -> list[tuple[Row, int | None]]:
    """Build every runner's plan of the block and save it in the caller's write transaction
    (a job's: it commits with the job marked done). A runner whose plan could not be built is
    returned with no id and nothing saved for them. A plan saved before stays, with the
    sessions logged against it: the newest plan of a day is the one shown, and a log keeps
    the plan it answered. Published by a coach (`by`), each plan gets a `block.published`
    entry in its runner's change log, in the same transaction."""
    from runstrong.app.schedule import plan_dates

    rows = preview(ctx, request, athletes)
    saved: list[tuple[Row, int | None]] = []
    for row in rows:
        if row.plan is None:
            saved.append((row, None))
            continue
        plan = planning.plan_json(row.plan)
        first, last = plan_dates(plan)
        asked = replace(request, athlete=row.athlete).asked()
        plan_id = repo.save_plan(
            session,
            row.athlete_id,
            plan=plan,
            inputs=json.loads(json.dumps(asked, default=str)),
            start=first,
            end=last,
            goal=str(plan.get("goal", "")),
            phase=str(plan.get("phase", "")),
        )
        if by is not None:
            _published_entry(session, row, plan, plan_id, by, at)
        saved.append((row, plan_id))
    return saved


def _published_entry(
    session: Any,
    row: Row,
    plan: dict[str, Any],
    plan_id: int,
    by: User,
    at: dt.datetime | None,
) -> None:
    """The runner's change-log entry for a coach's block: who, when, goal, phase and weeks."""
    from runstrong.storage import audit

    weeks = len(plan.get("weeks", []))
    summary = f"New block: {plan.get('goal')}, {plan.get('phase')}, {weeks} week(s)"
    if plan.get("start"):
        summary += f" from {plan['start']}"
    if plan.get("race"):
        summary += f" to the race on {plan['race']}"
    detail = [f"{row.sessions} sessions a week"] if row.sessions else []
    if row.sessions_rule:
        detail.append(f"fewer than asked: {row.sessions_rule}")
    audit.record(
        session,
        row.athlete_id,
        action="block.published",
        who=by.email,
        at=at or dt.datetime.now(dt.UTC).replace(tzinfo=None),
        summary=summary,
        plan_id=plan_id,
        user_id=by.id,
        detail=detail,
    )


PUBLISH = "block.publish"
BLOCK_FIELDS = (
    "goal",
    "phase",
    "weeks",
    "sessions",
    "start",
    "race",
    "race_distance",
    "minutes",
    "seed",
    "retests",
)
"""What a squad's block asks; each runner's profile gives the rest (kit, lifts, runs, limits)."""


def queue_publish(
    ctx: Context,
    request: PlanRequest,
    athletes: Sequence[str],
    *,
    now: dt.datetime,
    key: str | None = None,
    **about: int,
) -> int:
    """Queue publishing the block to these runners (a job: one worker runs it once); its id.
    `about`: ids kept with the job (its squad and coach, whose pages show it)."""
    from runstrong.app import jobs

    payload = {"block": block_payload(request), "athletes": _checked(request, athletes), **about}
    job_id, _new = jobs.enqueue(ctx, PUBLISH, payload, now=now, key=key)
    return job_id


def block_payload(request: PlanRequest) -> dict[str, Any]:
    """A block request as JSON (a job's payload)."""
    values = {name: getattr(request, name) for name in BLOCK_FIELDS}
    found: dict[str, Any] = json.loads(json.dumps(values, default=str))
    return found


def block_request(payload: object) -> PlanRequest:
    """A block request from a job's payload, every key known."""
    if not isinstance(payload, dict) or not isinstance(payload.get("goal"), str):
        raise InputError("block", "needs an object with 'goal'")
    unknown = sorted(set(payload) - set(BLOCK_FIELDS))
    if unknown:
        raise InputError(
            "block", f"unknown field '{unknown[0]}'; allowed: {', '.join(BLOCK_FIELDS)}"
        )
    return PlanRequest(**payload)


def _published(ctx: Context, session: Any, job: Any) -> dict[str, Any]:
    names = job.payload.get("athletes")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise InputError("athletes", "needs a list of names")
    coach = job.payload.get("coach")
    by = repo.user(session, coach) if isinstance(coach, int) else None
    done = publish_in(
        ctx, session, block_request(job.payload.get("block")), names, by=by, at=job.started
    )
    return {
        "published": [{"athlete": r.athlete, "plan_id": i} for r, i in done if i is not None],
        "refused": [{"athlete": r.athlete, "error": r.error} for r, i in done if i is None],
    }


def _register() -> None:
    from runstrong.app import jobs

    jobs.kind(PUBLISH, about="Publish a squad's block: each runner's plan saved", max_attempts=3)(
        _published
    )


_register()


def _one_block(request: PlanRequest) -> None:
    if request.athlete is not None or request.save:
        raise InputError("athlete", "a squad's block names its runners, not one athlete")


def _checked(request: PlanRequest, athletes: Sequence[str]) -> list[str]:
    _one_block(request)
    names = list(dict.fromkeys(athletes))
    if not names:
        raise InputError("athletes", "the squad has no runners yet; add some first")
    if len(names) > MAX_SQUAD:
        raise InputError("athletes", f"at most {MAX_SQUAD} runners a block; got {len(names)}")
    return names


def _row(ctx: Context, request: PlanRequest, profile: _Profile) -> Row:
    """One runner's plan: asked as given; a sessions count the rules do not allow them is
    planned at the most they allow instead, and said."""
    from runstrong.app.exercises import scoped_by
    from runstrong.app.schedule import plan_inputs_of

    name = profile.person.name
    own, note = planning.with_runs_done(request, profile.runs_done)
    own = planning.with_profile(own, plan_inputs_of(profile.person, profile.lifts))
    theirs = scoped_by(ctx, profile.own)  # their own exercises, for their plan only
    rule = None
    try:
        plan = planning.build(theirs, own)
    except RuleViolation as exc:
        if exc.rule not in SESSION_RULES or request.sessions is None:
            return Row(name, None, error=str(exc))
        rule = f"{exc.detail} [rule: {exc.rule}]"
        found = _fewer(theirs, own)
        if isinstance(found, str):
            return Row(name, None, error=found)
        plan = found
    except RunstrongError as exc:
        return Row(name, None, error=str(exc))
    if note is not None:
        plan = replace(plan, warnings=(*plan.warnings, ctx.words(note)))
    return _flags(profile, plan, request, rule)


def _fewer(ctx: Context, request: PlanRequest) -> Plan | str:
    """The plan with the most sessions a week the rules allow this runner, below the count
    asked (or why none can be built)."""
    error = "no sessions a week are allowed"
    for count in range(int(request.sessions or 1) - 1, 0, -1):
        try:
            return planning.build(ctx, replace(request, sessions=count))
        except RuleViolation as exc:
            if exc.rule not in SESSION_RULES:
                return str(exc)
            error = str(exc)
        except RunstrongError as exc:
            return str(exc)
    return error


def _flags(profile: _Profile, plan: Plan, request: PlanRequest, rule: str | None) -> Row:
    """What a coach should see of one runner's plan."""
    person = profile.person
    estimated = {i for i, x in profile.lifts.items() if x.source in ESTIMATED_SOURCES}
    by_feel: dict[str, None] = {}
    used: dict[str, None] = {}
    limited: dict[str, None] = {}
    for week in plan.weeks:
        for session in week.sessions:
            for item in session.exercises:
                exercise_id = item.exercise.id
                used[exercise_id] = None
                if item.percent_1rm is not None and item.load is None:
                    by_feel[exercise_id] = None
                if _limited(item, person.avoid):
                    limited[exercise_id] = None
    asked = None if request.sessions is None else int(request.sessions)
    return Row(
        athlete=person.name,
        plan=plan,
        athlete_id=person.id,
        sessions_asked=asked,
        sessions=max((len(w.sessions) for w in plan.weeks), default=0),
        sessions_rule=rule,
        by_feel=tuple(by_feel),
        estimated=tuple(i for i in used if i in estimated),
        limited=tuple(limited),
        avoid=person.avoid,
        notes=plan.warnings,
    )


def _limited(item: Prescription, avoid: Sequence[str]) -> bool:
    """Whether a planned exercise is dosed down for one of these limitations (the catalogue's
    cautions say which it softens for; the ones it must avoid are never planned)."""
    return any(c.effect == "soften" and c.limitation.value in avoid for c in item.exercise.cautions)


def week_grid(plan: Plan, index: int = 0) -> list[dict[str, Any]]:
    """One week of a runner's plan as seven days: the runs and the strength session of each."""
    week = plan.weeks[min(index, len(plan.weeks) - 1)]
    days = []
    for offset in range(7):
        day = week.start + dt.timedelta(days=offset)
        run = week.runs.on(offset)
        sessions = [s for s in week.sessions if s.date == day]
        days.append(
            {"date": day, "run": None if run == RunType.REST else run.value, "sessions": sessions}
        )
    return days


# --- a coach's squad ------------------------------------------------------------------------------


def check_block(ctx: Context, request: PlanRequest) -> None:
    """The block's own fields, checked once for the squad (a bad week count or a phase that
    allows fewer sessions is one error beside its field, not one a runner)."""
    _one_block(request)
    planning.build(ctx, request)


def squad_members(ctx: Context, user: User, squad_id: int) -> tuple[Squad, list[str]]:
    """One of the coach's squads and its runners' names; another coach's is NotFound."""
    from runstrong.app import coaching

    view = coaching.squad_view(ctx, user, squad_id)
    return view.squad, [m.athlete for m in view.members]


def squad_preview(
    ctx: Context, user: User, squad_id: int, request: PlanRequest, today: dt.date | None = None
) -> tuple[Squad, list[Row]]:
    """The block for one of the coach's squads, each runner's plan built, nothing saved."""
    squad, names = squad_members(ctx, user, squad_id)
    check_block(ctx, request)
    return squad, preview(ctx, request, names, today)


def queue_squad_publish(
    ctx: Context,
    user: User,
    squad_id: int,
    request: PlanRequest,
    *,
    now: dt.datetime,
    client_id: str,
) -> int:
    """Queue publishing the block to the squad's runners as they are now; the job's id. The
    form's `client_id` makes a second press of the button the same job."""
    squad, names = squad_members(ctx, user, squad_id)
    if squad.archived_at is not None:
        raise InputError("squad", "is archived; bring it back to plan a block for it")
    check_block(ctx, request)
    key = f"squad-{squad.id}:{user.id}:{limits.client_id(client_id)}"
    return queue_publish(ctx, request, names, now=now, key=key, squad=squad.id, coach=user.id)


def squad_job(ctx: Context, user: User, squad_id: int, job_id: int) -> tuple[Squad, Job]:
    """A block's publishing job of one of the coach's squads; any other job is NotFound."""
    from runstrong.app import jobs

    squad, _names = squad_members(ctx, user, squad_id)
    try:
        found = jobs.job(ctx, job_id)
    except NotFound:
        raise NotFound("job", str(job_id)) from None
    payload = found.payload
    if found.kind != PUBLISH or payload.get("coach") != user.id or payload.get("squad") != squad.id:
        raise NotFound("job", str(job_id))
    return squad, found
