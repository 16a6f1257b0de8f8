"""Use-cases shared by the CLI and the Python API: turn the runner's words into a plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from runstrong import config
from runstrong.core import inputs, loads, planner, serialize
from runstrong.core.catalogue import Catalogue
from runstrong.core.model import (
    Athlete,
    Equipment,
    Goal,
    Lift,
    Phase,
    Plan,
    RunWeek,
    Units,
)
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
    phase: str | Phase,
    sessions: int | None = None,
    equipment: str | Iterable[str] | None = None,
    setup: str | None = None,
    lifts: Iterable[str | Lift | tuple[str, float] | tuple[str, float, int]] = (),
    units: str | Units = Units.KG,
    runs: str | RunWeek | None = None,
    minutes: int | None = None,
    avoid: str | Iterable[str] = (),
    catalogue: Catalogue | None = None,
) -> Athlete:
    """An Athlete from plain values, every one checked with the flag it came from in the error."""
    goal_value = inputs.choice(Goal, str(goal), "--goal")
    phase_value = inputs.choice(Phase, str(phase), "--phase")
    if phase_value not in PLANNABLE_PHASES:
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
    )


def build_plan(
    *,
    goal: str | Goal,
    phase: str | Phase,
    start: str | dt.date | None = None,
    seed: int = 0,
    catalogue: Catalogue | None = None,
    **athlete: Any,
) -> Plan:
    """Build a week's plan; the keyword arguments are those of `make_athlete` (the CLI's flags)."""
    cat = catalogue or config.catalogue()
    person = make_athlete(goal=goal, phase=phase, catalogue=cat, **athlete)
    if start is None:
        first = inputs.next_monday(dt.date.today())
    elif isinstance(start, dt.date):
        first = start
    else:
        first = inputs.date(start, "--start")
    seed = inputs.whole(seed, "--seed", 0, 2**31 - 1)
    return planner.build_plan(person, cat, first, seed)


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan in the `runstrong.plan/1` JSON shape."""
    return serialize.plan_dict(plan)
