"""Athletes and their profile: units, equipment or setup, limitations and running week."""

from __future__ import annotations

from collections.abc import Sequence

from runstrong.core import inputs
from runstrong.core.model import Equipment, Experience, RunType, Units
from runstrong.errors import InputError, ref
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.records import AthleteRecord

MAX_NAME = 80


def checked_name(name: str, field: str = "name") -> str:
    """The name with its spaces tidied; empty or too long is an InputError on `field`."""
    text = " ".join(name.split())
    if not text:
        raise InputError(field, "must not be empty")
    if len(text) > MAX_NAME:
        raise InputError(field, f"at most {MAX_NAME} characters; got {len(text)}")
    return text


def parse_runs(text: str) -> dict[int, str]:
    """The running week as stored: weekday index -> run type, rest days left out."""
    week = inputs.runs(text)
    return {i: run.value for i, run in enumerate(week.days) if run is not RunType.REST}


def _equipment(text: str) -> list[str]:
    return sorted(e.value for e in inputs.choices(Equipment, text, "equipment"))


def _avoid(values: Sequence[str]) -> list[str]:
    return sorted(a.value for a in inputs.avoid(list(values)))


def checked_experience(text: str, field: str = "experience") -> str:
    """novice, intermediate or advanced (any case); anything else is an InputError on `field`."""
    return inputs.choice(Experience, text, field).value


def create_athlete(
    ctx: Context,
    *,
    name: str,
    units: str = "kg",
    setup: str | None = None,
    equipment: str | None = None,
    runs: str | None = None,
    avoid: Sequence[str] = (),
    experience: str = "intermediate",
) -> AthleteRecord:
    """A new athlete profile; every value checked with the flag it came from."""
    if setup is not None and equipment is not None:
        raise InputError("equipment", f"give either {ref('equipment')} or {ref('setup')}, not both")
    if setup is not None:
        ctx.setup(setup)
    record = {
        "name": checked_name(name),
        "units": inputs.choice(Units, units, "units").value,
        "setup": setup,
        "equipment": _equipment(equipment) if equipment is not None else [],
        "avoid": _avoid(avoid),
        "runs": parse_runs(runs or ""),
        "experience": checked_experience(experience),
    }
    with ctx.db.write() as s:
        return repo.create_athlete(s, **record)  # type: ignore[arg-type]


def edit_athlete(
    ctx: Context,
    name: str,
    *,
    new_name: str | None = None,
    units: str | None = None,
    setup: str | None = None,
    equipment: str | None = None,
    runs: str | None = None,
    avoid: Sequence[str] | None = None,
    experience: str | None = None,
) -> AthleteRecord:
    """Change some of a profile; a new --setup replaces --equipment and the other way round."""
    if setup is not None and equipment is not None:
        raise InputError("equipment", f"give either {ref('equipment')} or {ref('setup')}, not both")
    if setup is not None:
        ctx.setup(setup)
    with ctx.db.write() as s:
        return repo.update_athlete(
            s,
            name,
            name=None if new_name is None else checked_name(new_name),
            units=None if units is None else inputs.choice(Units, units, "units").value,
            setup=setup,
            clear_setup=equipment is not None,
            equipment=_equipment(equipment) if equipment is not None else ([] if setup else None),
            avoid=None if avoid is None else _avoid(avoid),
            runs=None if runs is None else parse_runs(runs),
            experience=None if experience is None else checked_experience(experience),
        )


def list_athletes(ctx: Context) -> list[AthleteRecord]:
    """Every athlete, by name."""
    with ctx.db.read() as s:
        return repo.athletes(s)


def athlete(ctx: Context, name: str) -> AthleteRecord:
    """One athlete, or NotFound('--athlete')."""
    with ctx.db.read() as s:
        return repo.athlete(s, name)


def delete_athlete(ctx: Context, name: str) -> None:
    """Remove an athlete with every lift, plan and log."""
    with ctx.db.write() as s:
        repo.delete_athlete(s, name)
