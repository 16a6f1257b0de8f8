"""Use-cases shared by the CLI and the Python API: turn the runner's words into a plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from runstrong import settings as config
from runstrong.core import inputs, loads, planner, rules, runplan, serialize
from runstrong.core.catalogue import Catalogue
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
from runstrong.errors import InputError

DEFAULT_SETUP = "gym"
"""With no `--setup` or `--equipment`: the full gym, the article's lifts all available."""

PLANNABLE_PHASES = (Phase.OFF_SEASON, Phase.PRE_SEASON, Phase.IN_SEASON)


def _as_lift(item: str | Lift | tuple[str, float] | tuple[str, float, int]) -> Lift:
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
    *,
    goal: str | Goal,
    phase: str | Phase | None,
    sessions: int | None = None,
    equipment: str | Iterable[str] | None = None,
    setup: str | None = None,
    lifts: Iterable[str | Lift | tuple[str, float] | tuple[str, float, int]] = (),
    units: str | Units = Units.KG,
    runs: str | RunWeek | None = None,
    minutes: int | None = None,
    avoid: str | Iterable[str] = (),
    experience: str | Experience | None = None,
    catalogue: Catalogue | None = None,
) -> Athlete:
    """An Athlete from plain values, every one checked with the flag it came from in the error."""
    goal_value = inputs.choice(Goal, str(goal), "--goal")
    phase_value = None if phase is None else inputs.choice(Phase, str(phase), "--phase")
    if phase_value is not None and phase_value not in PLANNABLE_PHASES:
        allowed = ", ".join(p.value for p in PLANNABLE_PHASES)
        raise InputError("--phase", f"'{phase_value.value}' is not allowed; allowed: {allowed}")
    if equipment is not None and setup is not None:
        raise InputError("--equipment", "give either --equipment or --setup, not both")
    setup_name = None
    if equipment is not None:
        text = equipment if isinstance(equipment, str) else ",".join(equipment)
        kit = inputs.equipment(text)
    else:
        setup_name = setup or DEFAULT_SETUP
        kit = config.setup(setup_name).equipment
    units_value = inputs.choice(Units, str(units), "--units")
    if sessions is not None:
        sessions = inputs.whole(sessions, "--sessions", 1, 7)
    if minutes is not None:
        minutes = inputs.whole(minutes, "--minutes", 10, 240)
    run_week = runs if isinstance(runs, RunWeek) else inputs.runs(runs or "")
    avoid_items = [avoid] if isinstance(avoid, str) else list(avoid)
    cat = catalogue or config.catalogue()
    resolved = []
    for item in lifts:
        lift = _as_lift(item)
        resolved.append(Lift(cat.resolve(lift.exercise_id), lift.weight, lift.reps))
    return Athlete(
        goal=goal_value,
        phase=phase_value,
        equipment=frozenset(kit) - {Equipment.NONE},
        implements=config.implements(units_value),
        sessions=sessions,
        lifts=tuple(resolved),
        runs=run_week,
        minutes=minutes,
        avoid=inputs.avoid(avoid_items),
        setup=setup_name,
        experience=inputs.choice(Experience, str(experience or "intermediate"), "--experience"),
    )


def build_plan(
    *,
    goal: str | Goal,
    phase: str | Phase | None = None,
    start: str | dt.date | None = None,
    seed: int = 0,
    catalogue: Catalogue | None = None,
    weeks: int | None = None,
    race: str | dt.date | None = None,
    race_distance: str | Distance | None = None,
    runs_file: str | Path | None = None,
    runs_ics: str | Path | None = None,
    run_types: Iterable[str] = (),
    retests: bool = False,
    **athlete: Any,
) -> Plan:
    """Build a week, a block of weeks in one phase, or a season to a race.

    The other keyword arguments are those of `make_athlete` (the CLI's flags). With `race`, the
    phases follow from the weeks left and `phase` may be left out.
    """
    cat = catalogue or config.catalogue()
    race_day = _date(race, "--race")
    if race_day is None and phase is None:
        raise InputError("--phase", "give --phase, or --race to plan a season to a race")
    if race_day is not None and phase is not None:
        raise InputError(
            "--phase", "with --race the phases follow from the weeks left; leave --phase out"
        )
    person = make_athlete(goal=goal, phase=phase, catalogue=cat, **athlete)
    first = _date(start, "--start") or inputs.next_monday(dt.date.today())
    seed = inputs.whole(seed, "--seed", 0, 2**31 - 1)
    if weeks is not None:
        weeks = inputs.whole(weeks, "--weeks", 1, rules.MAX_PLAN_WEEKS + 1)
    distance = (
        None
        if race_distance is None
        else inputs.choice(Distance, str(race_distance), "--race-distance")
    )
    if distance is not None and race_day is None:
        raise InputError("--race-distance", "needs --race (the date of the race)")
    if runs_file is not None and runs_ics is not None:
        raise InputError("--runs-file", "give either --runs-file or --runs-ics, not both")
    if (runs_file is not None or runs_ics is not None) and athlete.get("runs"):
        raise InputError("--runs", "give either --runs or a file of weeks, not both")
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
    overrides = runplan.parse_overrides(list(run_types))
    if overrides and runs_ics is None:
        raise InputError("--run-type", "only applies to events read with --runs-ics")
    if runs_file is not None:
        week_runs = runplan.table_to_weeks(
            config.read_toml(runs_file, "--runs-file"),
            monday(first),  # weeks run Monday to Sunday, whatever day the plan starts
            count,
            f"--runs-file {runs_file}",
        )
    if runs_ics is not None:
        week_runs, classified = runplan.events_to_weeks(
            read_ics(runs_ics), monday(first), count, overrides
        )
        events = tuple(classified)
        own_strength = runplan.strength_days(classified, monday(first), count)
    plan = planner.build_plan(
        person,
        cat,
        first,
        seed,
        weeks=weeks,
        race=race_day,
        distance=distance,
        runs=week_runs,
        retests=retests,
        strength_days=own_strength,
    )
    return replace(plan, run_events=events)


def _date(value: str | dt.date | None, field: str) -> dt.date | None:
    """A date from a flag value, or None."""
    if value is None or isinstance(value, dt.date):
        return value
    return inputs.date(value, field)


def read_ics(path: str | Path) -> list[tuple[dt.date, str, str]]:
    """(date, title, description) of every event in an iCalendar file: the runner's running plan.

    Cancelled events are left out; a timed event counts on its own day in its own zone.
    """
    try:
        data = Path(path).read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        problem = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise InputError("--runs-ics", f"cannot read '{path}': {problem}") from None
    try:
        import icalendar

        calendar = icalendar.Calendar.from_ical(data)
    except ImportError:  # pragma: no cover - icalendar is a dependency
        raise InputError(
            "--runs-ics", "needs the icalendar package: pip install icalendar"
        ) from None
    except ValueError as exc:
        raise InputError("--runs-ics", f"'{path}' is not an iCalendar file: {exc}") from None
    events = []
    for event in calendar.walk("VEVENT"):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start = event.get("DTSTART")
        try:
            when = getattr(start, "dt", None)
        except ValueError as exc:  # an impossible date, e.g. 20270231
            raise InputError("--runs-ics", f"'{path}': an event's DTSTART: {exc}") from None
        if isinstance(when, dt.datetime):
            when = when.date()
        if isinstance(when, dt.date):
            title = str(event.get("SUMMARY", "")).strip()
            events.append((when, title, str(event.get("DESCRIPTION", "")).strip()))
    if not events:
        raise InputError("--runs-ics", f"'{path}' holds no dated events")
    return events


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan in the `runstrong.plan/1` JSON shape."""
    return serialize.plan_dict(plan)
