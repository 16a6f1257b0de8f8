"""Athletes and their profile: units, equipment or setup, limitations and running week."""

from __future__ import annotations

from collections.abc import Sequence

from runstrong.app.requests import AthleteEdit, AthleteRequest, ProfileFields
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


def _equipment(value: str | tuple[str, ...]) -> list[str]:
    text = value if isinstance(value, str) else ",".join(value)
    return sorted(e.value for e in inputs.choices(Equipment, text, "equipment"))


def _avoid(values: Sequence[str]) -> list[str]:
    return sorted(a.value for a in inputs.avoid(list(values)))


def checked_experience(text: str, field: str = "experience") -> str:
    """novice, intermediate or advanced (any case); anything else is an InputError on `field`."""
    return inputs.choice(Experience, text, field).value


def _given(value: str | None, default: str) -> str:
    """The value typed (even empty, which its check refuses), else the default."""
    return default if value is None else value


def _setup(ctx: Context, request: ProfileFields) -> None:
    """A set-up and an equipment list replace each other: one of them, and a set-up that exists."""
    if request.setup is not None and request.equipment is not None:
        raise InputError("equipment", f"give either {ref('equipment')} or {ref('setup')}, not both")
    if request.setup is not None:
        ctx.setup(request.setup)


def create_athlete(ctx: Context, request: AthleteRequest) -> AthleteRecord:
    """A new athlete profile; every value checked and named by its field."""
    record = new_profile(ctx, request)
    with ctx.db.write() as s:
        return repo.create_athlete(s, **record)  # type: ignore[arg-type]


def new_profile(ctx: Context, request: AthleteRequest) -> dict[str, object]:
    """A new athlete's profile checked, as `repository.create_athlete` takes it."""
    _setup(ctx, request)
    return {
        "name": checked_name(request.name),
        "units": inputs.choice(Units, _given(request.units, "kg"), "units").value,
        "setup": request.setup,
        "equipment": [] if request.equipment is None else _equipment(request.equipment),
        "avoid": _avoid(request.avoid or ()),
        "runs": parse_runs(request.runs or ""),
        "experience": checked_experience(_given(request.experience, "intermediate")),
    }


def edit_athlete(ctx: Context, request: AthleteEdit) -> AthleteRecord:
    """Change some of a profile; a new setup replaces the equipment and the other way round."""
    _setup(ctx, request)
    r = request
    with ctx.db.write() as s:
        return repo.update_athlete(
            s,
            r.athlete,
            name=None if r.name is None else checked_name(r.name),
            units=None if r.units is None else inputs.choice(Units, r.units, "units").value,
            setup=r.setup,
            clear_setup=r.equipment is not None,
            equipment=_edited_equipment(r),
            avoid=None if r.avoid is None else _avoid(r.avoid),
            runs=None if r.runs is None else parse_runs(r.runs),
            experience=None if r.experience is None else checked_experience(r.experience),
        )


def _edited_equipment(request: AthleteEdit) -> list[str] | None:
    """The new equipment list: the one given, none under a new setup, else unchanged (None)."""
    if request.equipment is not None:
        return _equipment(request.equipment)
    return [] if request.setup else None


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
