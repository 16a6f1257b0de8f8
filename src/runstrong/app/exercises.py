"""A runner's own exercises: kept in the logbook per athlete, checked as catalogue entries are,
and merged into the catalogue for that athlete only (their library, plans and logs)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from runstrong.app.requests import ExerciseRequest
from runstrong.core.catalogue import OWN_ORIGIN, Catalogue, parse_entry, with_own
from runstrong.core.model import Exercise
from runstrong.errors import InputError, NotFound
from runstrong.settings import Context
from runstrong.storage import limits
from runstrong.storage import repository as repo
from runstrong.storage.records import OwnExerciseRecord

MAX_OWN = 200
"""The most own exercises an athlete keeps: a library, not a second catalogue."""
RESERVED = frozenset({"new"})
"""Ids the library's own paths use (`/exercises/new`)."""


def is_own(exercise: Exercise) -> bool:
    """Whether an exercise is a runner's own (kept in the logbook), not the catalogue's."""
    return exercise.source == OWN_ORIGIN


def _plain_field(error: InputError, exercise_id: str) -> InputError:
    """The catalogue checker's `own: [ID].cues[0]` as the request's field (`cues[0]`)."""
    prefix = f"{OWN_ORIGIN}: [{exercise_id}]"
    field = error.field or ""
    if not field.startswith(prefix):
        return error
    rest = field[len(prefix) :].lstrip(".")
    return InputError(rest or "id", error.problem, error.hint)


def check_entry(ctx: Context, exercise_id: str, entry: object) -> Exercise:
    """One own exercise checked as a catalogue entry, with an id the catalogue does not use;
    errors name the entry's field (`cues[0]`, `id`)."""
    if exercise_id in RESERVED:
        raise InputError("id", f"'{exercise_id}' is kept for the library's own use; pick another")
    if exercise_id in ctx.catalogue:
        raise InputError(
            "id",
            f"'{exercise_id}' is an exercise of the catalogue already",
            "pick a new id for your own exercise",
        )
    try:
        return parse_entry(exercise_id, entry)
    except InputError as exc:
        raise _plain_field(exc, exercise_id) from None


def check_together(ctx: Context, own: Iterable[Exercise], focus: str | None = None) -> Catalogue:
    """The catalogue with these own exercises, checked as a whole (aliases, variation links);
    an error of `focus` named as its field."""
    try:
        return with_own(ctx.catalogue, own)
    except InputError as exc:
        raise _plain_field(exc, focus) if focus is not None else exc from None


def stored(ctx: Context, athlete: str) -> list[tuple[str, dict[str, Any]]]:
    """An athlete's own exercises as stored: (id, entry fields), by id."""
    with ctx.db.read() as s:
        person = repo.athlete(s, athlete)
        return [(x.exercise_id, x.entry) for x in repo.own_exercises(s, person.id)]


def own(ctx: Context, athlete: str) -> list[Exercise]:
    """An athlete's own exercises; one the catalogue has since taken the id of is left out
    (the catalogue's meaning of an id wins, as it does in plans made before)."""
    return _parsed(ctx, stored(ctx, athlete))


def _parsed(ctx: Context, rows: Iterable[tuple[str, dict[str, Any]]]) -> list[Exercise]:
    found = []
    for exercise_id, entry in rows:
        if exercise_id in ctx.catalogue:
            continue
        try:
            found.append(parse_entry(exercise_id, entry))
        except InputError:
            continue  # a field a newer catalogue no longer allows: shown nowhere, kept stored
    return found


def catalogue(ctx: Context, athlete: str | None) -> Catalogue:
    """The catalogue as this athlete sees it: with their own exercises when they have some."""
    if athlete is None:
        return ctx.catalogue
    return _joined(ctx, own(ctx, athlete))


def _joined(ctx: Context, mine: list[Exercise]) -> Catalogue:
    if not mine:
        return ctx.catalogue
    try:
        return with_own(ctx.catalogue, mine)
    except InputError:  # a stored link the catalogue no longer allows: the plain catalogue
        return ctx.catalogue


def scoped(ctx: Context, athlete: str | None) -> Context:
    """A Context whose catalogue holds this athlete's own exercises too, sharing everything
    else (the database included: close only the original). `ctx` itself when none."""
    return _view(ctx, catalogue(ctx, athlete))


def scoped_by(ctx: Context, records: Iterable[OwnExerciseRecord]) -> Context:
    """`scoped` from own exercises already read (in the caller's transaction)."""
    return _view(ctx, _joined(ctx, _parsed(ctx, ((x.exercise_id, x.entry) for x in records))))


def _view(ctx: Context, found: Catalogue) -> Context:
    if found is ctx.catalogue:
        return ctx
    view = copy.copy(ctx)
    view.__dict__["catalogue"] = found
    return view


def save(ctx: Context, request: ExerciseRequest) -> Exercise:
    """Add or change an athlete's own exercise, checked as a catalogue entry and against the
    catalogue and their other exercises (ids, aliases, variation links)."""
    exercise_id = request.exercise_id.strip()
    limits.text(exercise_id, "id", limits.ID_LENGTH)
    limits.depth(request.entry, "entry")
    exercise = check_entry(ctx, exercise_id, request.entry)
    with ctx.db.write() as s:
        person = repo.athlete(s, request.athlete)
        others = {x.exercise_id: x for x in repo.own_exercises(s, person.id)}
        if request.new and exercise_id in others:
            raise InputError("id", f"you have an exercise '{exercise_id}' already")
        if not request.new and exercise_id not in others:
            raise NotFound("exercise", exercise_id)
        if request.new and len(others) >= MAX_OWN:
            raise InputError("id", f"at most {MAX_OWN} own exercises; delete one first")
        rest = [
            parse_entry(x.exercise_id, x.entry)
            for key, x in others.items()
            if key != exercise_id and key not in ctx.catalogue
        ]
        check_together(ctx, [*rest, exercise], exercise_id)
        repo.put_own_exercise(s, person.id, exercise_id, entry_fields(exercise), repo.now())
    return exercise


def delete(ctx: Context, athlete: str, exercise_id: str) -> None:
    """Remove an athlete's own exercise; refused while another of theirs links to it. Logs and
    plans that name it keep its id."""
    with ctx.db.write() as s:
        person = repo.athlete(s, athlete)
        others = {x.exercise_id: x for x in repo.own_exercises(s, person.id)}
        if exercise_id not in others:
            raise NotFound("exercise", exercise_id)
        for key, x in others.items():
            if key == exercise_id:
                continue
            for variation in x.entry.get("variations", []):
                if isinstance(variation, dict) and variation.get("exercise") == exercise_id:
                    raise InputError(
                        "exercise",
                        f"'{key}' lists '{exercise_id}' as a variation; change that one first",
                    )
        repo.delete_own_exercise(s, person.id, exercise_id)


def entry_fields(exercise: Exercise) -> dict[str, Any]:
    """An exercise as the fields of a catalogue entry (what is stored, and what the API and
    the edit form show): parsing them again gives the same exercise."""
    out: dict[str, Any] = {
        "name": exercise.name,
        "category": exercise.category.value,
        "pattern": exercise.pattern.value,
        "equipment": [e.value for e in exercise.equipment],
        "unilateral": exercise.unilateral,
        "complexity": exercise.complexity,
        "loading": exercise.loading.value,
        "cues": list(exercise.cues),
        "aliases": list(exercise.aliases),
        "priority": exercise.priority,
        "skill": exercise.skill,
        "eccentric": exercise.eccentric,
        "why": exercise.why,
        "variations": [
            {"name": v.name, "kind": v.kind, "note": v.note}
            | ({"exercise": v.exercise_id} if v.exercise_id else {})
            for v in exercise.variations
        ],
        "cautions": [
            {"limitation": c.limitation.value, "effect": c.effect, "note": c.note}
            for c in exercise.cautions
        ],
    }
    return out
