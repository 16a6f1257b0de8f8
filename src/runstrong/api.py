"""The Python API as a shell: keyword arguments in, the app layer's use-cases called with a
Context built from the environment (or the catalogue given), plain objects out."""

from __future__ import annotations

from typing import Any

from runstrong.app import planning
from runstrong.app.requests import AthleteFields, PlanRequest
from runstrong.core.catalogue import Catalogue
from runstrong.core.model import Athlete, Plan
from runstrong.settings import Context


def context(catalogue: Catalogue | None = None) -> Context:
    """A Context from the environment, with `catalogue` in place of the runner's when given."""
    ctx = Context.from_environment()
    if catalogue is not None:
        ctx.catalogue = catalogue  # cached_property: setting it replaces the loaded one
    return ctx


def _tupled(values: dict[str, Any]) -> dict[str, Any]:
    """Lists and other iterables as tuples, single strings kept: the requests are frozen."""
    out = dict(values)
    for key in ("lifts", "avoid", "run_types", "equipment"):
        value = values.get(key)
        if value is None or (key == "equipment" and isinstance(value, str)):
            continue
        out[key] = (value,) if isinstance(value, str) else tuple(value)
    return out


def build_plan(*, catalogue: Catalogue | None = None, **request: Any) -> Plan:
    """Build a week, a block of weeks in one phase, or a season to a race.

    The keyword arguments are the fields of `runstrong.app.requests.PlanRequest` (the CLI's
    flags, snake_case). With `race`, the phases follow from the weeks left.
    """
    return planning.build(context(catalogue), PlanRequest(**_tupled(request)))


def make_athlete(
    *, goal: str, phase: str | None, catalogue: Catalogue | None = None, **fields: Any
) -> Athlete:
    """An Athlete from plain values (the fields of `AthleteFields`), each checked."""
    request = AthleteFields(**_tupled(fields))
    return planning.make_athlete(context(catalogue), request, goal=goal, phase=phase)


def load_catalogue() -> Catalogue:
    """The packaged catalogue plus the runner's own exercises file, if any."""
    return Context.from_environment().catalogue


plan_json = planning.plan_json
