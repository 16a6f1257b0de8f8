"""Planning: a week, a block or a season of strength sessions from a typed request, over a saved
athlete's profile when one is named, saved to their logbook when asked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from runstrong.app.requests import AthleteFields, LiftItem, PlanRequest
from runstrong.core import inputs, loads, planner, rules, runplan, serialize
from runstrong.core.model import (
    Athlete,
    Distance,
    Equipment,
    Experience,
    Goal,
    Lift,
    Phase,
    Plan,
    RunEvent,
    RunWeek,
    Units,
)
from runstrong.core.season import monday, season_phases
from runstrong.errors import InputError, action, ref
from runstrong.settings import Context, parse_toml

if TYPE_CHECKING:
    from runstrong.core.runweek import TypicalWeek

DEFAULT_SETUP = "gym"
"""With no setup or equipment given: the full gym, the article's lifts all available."""

PLANNABLE_PHASES = (Phase.OFF_SEASON, Phase.PRE_SEASON, Phase.IN_SEASON)


@dataclass(frozen=True)
class Planned:
    """A built plan, and the id it was saved under (None when not saved)."""

    plan: Plan
    plan_id: int | None = None


def _as_lift(item: LiftItem) -> Lift:
    """A lift from `ID=LOAD`, `ID=LOADxREPS`, a (id, weight[, reps]) tuple or a Lift."""
    if isinstance(item, Lift):
        return item
    if isinstance(item, str):
        name, weight, reps = loads.parse_lift(item)
        return Lift(name, weight, reps)
    name, weight, *rest = item
    reps = int(rest[0]) if rest else 1
    return Lift(str(name), float(weight), reps)


def make_athlete(
    ctx: Context, request: AthleteFields, *, goal: str | Goal, phase: str | Phase | None
) -> Athlete:
    """An Athlete from a request's plain values, every one checked and named in its error."""
    goal_value = inputs.choice(Goal, str(goal), "goal")
    phase_value = None if phase is None else inputs.choice(Phase, str(phase), "phase")
    if phase_value is not None and phase_value not in PLANNABLE_PHASES:
        allowed = ", ".join(p.value for p in PLANNABLE_PHASES)
        raise InputError("phase", f"'{phase_value.value}' is not allowed; allowed: {allowed}")
    equipment, setup = request.equipment, request.setup
    if equipment is not None and setup is not None:
        raise InputError("equipment", f"give either {ref('equipment')} or {ref('setup')}, not both")
    setup_name = None
    if equipment is not None:
        text = equipment if isinstance(equipment, str) else ",".join(equipment)
        kit = inputs.equipment(text)
    else:
        setup_name = setup or DEFAULT_SETUP
        kit = ctx.setup(setup_name).equipment
    units_value = inputs.choice(Units, str(request.units or "kg"), "units")
    sessions = request.sessions
    if sessions is not None:
        sessions = inputs.whole(sessions, "sessions", 1, 7)
    minutes = request.minutes
    if minutes is not None:
        minutes = inputs.whole(minutes, "minutes", 10, 240)
    runs = request.runs
    run_week = runs if isinstance(runs, RunWeek) else inputs.runs(runs or "")
    avoid_items = [request.avoid] if isinstance(request.avoid, str) else list(request.avoid)
    cat = ctx.catalogue
    resolved = []
    for item in request.lifts:
        lift = _as_lift(item)
        resolved.append(Lift(cat.resolve(lift.exercise_id), lift.weight, lift.reps))
    return Athlete(
        goal=goal_value,
        phase=phase_value,
        equipment=frozenset(kit) - {Equipment.NONE},
        implements=ctx.implements(units_value),
        sessions=sessions,
        lifts=tuple(resolved),
        runs=run_week,
        minutes=minutes,
        avoid=inputs.avoid(avoid_items),
        setup=setup_name,
        experience=inputs.choice(
            Experience, str(request.experience or "intermediate"), "experience"
        ),
    )


def build(ctx: Context, request: PlanRequest) -> Plan:
    """Build a week, a block of weeks in one phase, or a season to a race (no logbook).

    With `race`, the phases follow from the weeks left and `phase` may be left out.
    """
    race_day = _date(request.race, "race")
    phase = request.phase
    if race_day is None and phase is None:
        raise InputError(
            "phase", f"give {ref('phase')}, or {ref('race')} to plan a season to a race"
        )
    if race_day is not None and phase is not None:
        raise InputError(
            "phase",
            f"with {ref('race')} the phases follow from the weeks left; leave {ref('phase')} out",
        )
    person = make_athlete(ctx, request, goal=request.goal, phase=phase)
    first = _date(request.start, "start") or inputs.next_monday(dt.date.today())
    seed = inputs.whole(request.seed, "seed", 0, 2**31 - 1)
    weeks = None
    if request.weeks is not None:
        # one check: a block is 1-52 weeks; a season is its weeks to the race plus recovery
        most = rules.MAX_PLAN_WEEKS + (1 if race_day is not None else 0)
        weeks = inputs.whole(request.weeks, "weeks", 1, most)
    distance = (
        None
        if request.race_distance is None
        else inputs.choice(Distance, str(request.race_distance), "race_distance")
    )
    if distance is not None and race_day is None:
        raise InputError("race_distance", f"needs {ref('race')} (the date of the race)")
    runs_file, runs_ics = request.runs_file, request.runs_ics
    if runs_file is not None and runs_ics is not None:
        raise InputError(
            "runs_file", f"give either {ref('runs_file')} or {ref('runs_ics')}, not both"
        )
    if (runs_file is not None or runs_ics is not None) and request.runs:
        raise InputError("runs", f"give either {ref('runs')} or a file of weeks, not both")
    count = len(
        season_phases(
            first,
            phase=person.phase,
            weeks=weeks,
            race=race_day,
            distance=distance or rules.DEFAULT_DISTANCE,
        )
    )
    week_runs: list[RunWeek] | None = None
    own_strength: list[frozenset[int]] | None = None
    events: tuple[RunEvent, ...] = ()
    overrides = runplan.parse_overrides(list(request.run_types))
    if overrides and runs_ics is None:
        raise InputError("run_types", f"only applies to events read with {ref('runs_ics')}")
    if runs_file is not None:
        week_runs = runplan.table_to_weeks(
            _read_table(runs_file),
            monday(first),  # weeks run Monday to Sunday, whatever day the plan starts
            count,
            f"{ref('runs_file')} {runs_file}",
        )
    if runs_ics is not None:
        from runstrong.app.calendars import read_ics

        week_runs, classified = runplan.events_to_weeks(
            read_ics(runs_ics), monday(first), count, overrides
        )
        events = tuple(classified)
        own_strength = runplan.strength_days(classified, monday(first), count)
    plan = planner.build_plan(
        person,
        ctx.catalogue,
        first,
        seed,
        weeks=weeks,
        race=race_day,
        distance=distance,
        runs=week_runs,
        retests=request.retests,
        strength_days=own_strength,
    )
    return replace(
        plan,
        warnings=tuple(map(ctx.words, plan.warnings)),
        run_events=tuple(replace(e, reason=ctx.words(e.reason)) for e in events),
    )


def _read_table(path: object) -> dict[str, Any]:
    """A runs file's TOML table, or an InputError naming the field."""
    from pathlib import Path

    try:
        text = Path(str(path)).read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:  # ValueError: undecodable text or a NUL in the name
        raise InputError("runs_file", f"cannot read '{path}': {exc}") from None
    return parse_toml(text, str(path), "runs_file")


def plan(ctx: Context, request: PlanRequest) -> Planned:
    """The plan a shell asks for: over the named athlete's saved profile (what the request
    gives wins), built, and saved to their logbook when `save` is set."""
    if request.save and request.athlete is None:
        raise InputError(
            "save", f"needs {ref('athlete')} NAME (create one with: {action('athlete create')})"
        )
    note = None
    if request.athlete is not None:
        from runstrong.app.exercises import scoped
        from runstrong.app.schedule import athlete_plan_inputs

        request, note = _with_runs_done(ctx, request)
        request = with_profile(request, athlete_plan_inputs(ctx, request.athlete or ""))
        ctx = scoped(ctx, request.athlete)  # their own exercises, for their plans only
    built = build(ctx, request)
    if note is not None:
        built = replace(built, warnings=(*built.warnings, ctx.words(note)))
    if not request.save or request.athlete is None:
        return Planned(built)
    from runstrong.app.schedule import save_plan

    plan_id = save_plan(ctx, request.athlete, plan_json(built), request.asked())
    return Planned(built, plan_id)


def _with_runs_done(ctx: Context, request: PlanRequest) -> tuple[PlanRequest, str | None]:
    """The request with the running week read from the athlete's runs (docs/runs.md) when it
    names no running week and MIN_WEEKS of the last weeks have runs; and a note saying so."""
    if request.athlete is None or request.runs or request.runs_file or request.runs_ics:
        return request, None
    from runstrong.app.runs import derived_week

    return with_runs_done(request, derived_week(ctx, request.athlete))


def with_runs_done(
    request: PlanRequest, found: TypicalWeek | None
) -> tuple[PlanRequest, str | None]:
    """The request planned around a running week read from runs (`found`), unless it names
    one; and the note that says so."""
    if found is None or request.runs or request.runs_file or request.runs_ics:
        return request, None
    note = (
        f"running week read from the runs of {found.weeks} weeks ({found.first} to "
        f"{found.last}): {found.text()}; give {ref('runs')} to plan around another"
    )
    return replace(request, runs=found.text()), note


def with_profile(request: PlanRequest, saved: dict[str, Any]) -> PlanRequest:
    """The athlete's saved profile under the request: a field given wins; lifts given replace
    the saved lift of the same exercise; setup and equipment replace each other."""
    changes: dict[str, Any] = {}
    kit_given = request.equipment is not None or request.setup is not None
    for key, value in saved.items():
        if key in ("setup", "equipment") and kit_given:
            continue
        if key == "lifts":
            typed = {_lift_id(item) for item in request.lifts}
            kept = tuple(x for x in value if _lift_id(x) not in typed)
            changes["lifts"] = (*kept, *request.lifts)
        elif key == "avoid":
            changes["avoid"] = tuple(dict.fromkeys([*value, *request.avoid]))
        elif getattr(request, key) in (None, "", ()):
            changes[key] = value
    return replace(request, **changes)


def _lift_id(item: LiftItem) -> str:
    if isinstance(item, Lift):
        return item.exercise_id.lower()
    if isinstance(item, str):
        return item.split("=", 1)[0].strip().lower()
    return str(item[0]).strip().lower()


def _date(value: str | dt.date | None, field: str) -> dt.date | None:
    """A date from a request's value, or None."""
    if value is None or isinstance(value, dt.date):
        return value
    return inputs.date(value, field)


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan in the `runstrong.plan/1` JSON shape."""
    return serialize.plan_dict(plan)
