"""The runner's lifts: their 1RMs, and which of them a plan with this equipment can load."""

from __future__ import annotations

from runstrong.core import loads
from runstrong.core.catalogue import Catalogue
from runstrong.core.model import Athlete, Equipment, Exercise, Loading
from runstrong.errors import InputError, ref


def resolve_one_rms(athlete: Athlete, catalogue: Catalogue) -> dict[str, float]:
    """1RMs by exercise id, estimating from a recent set with Epley (docs/loads.md)."""
    known: dict[str, float] = {}
    for i, lift in enumerate(athlete.lifts):
        field = f"lifts[{i}]"
        exercise = catalogue.get(lift.exercise_id)
        if exercise.loading is not Loading.ONE_RM:
            loaded = [
                e.id for e in catalogue.all() if e.loading is Loading.ONE_RM and exercise.id in e.id
            ]
            hint = (
                f"did you mean {' or '.join(loaded)}?"
                if loaded
                else "give lifts for weighted exercises such as back-squat or romanian-deadlift"
            )
            raise InputError(
                field,
                f"'{exercise.id}' is dosed by {exercise.loading.value}, not from a 1RM",
                hint,
            )
        if exercise.id in known:
            raise InputError(field, f"'{exercise.id}' is given twice; give each lift once")
        if lift.reps > loads.MAX_LIFT_REPS:
            raise InputError(
                field,
                f"reps must be 1-{loads.MAX_LIFT_REPS} to estimate a 1RM; "
                f"got {lift.weight:g}x{lift.reps} for {exercise.id}",
                "give a heavier set of 3-6 reps, or the 1RM itself",
            )
        one_rm = loads.one_rm(lift.weight, lift.reps) if lift.reps > 1 else lift.weight
        known[exercise.id] = round(one_rm, 2)
    return known


def usable_lifts(
    athlete: Athlete, catalogue: Catalogue, one_rms: dict[str, float]
) -> tuple[dict[str, float], list[str]]:
    """The 1RMs of lifts the runner can do here; a warning for each that the equipment or a
    limitation rules out (never listed as used). No ratio carries a barbell 1RM to a dumbbell
    or kettlebell variant, so the variant is dosed by effort instead."""
    has = athlete.equipment | {Equipment.NONE}
    kit = ref("equipment") if athlete.setup is None else f"{ref('setup')} {athlete.setup}"
    usable: dict[str, float] = {}
    warnings = []
    for exercise_id, one_rm in one_rms.items():
        exercise = catalogue.get(exercise_id)
        missing = sorted(e.value for e in exercise.needs() - has)
        avoided = sorted(
            c.limitation.value
            for c in exercise.cautions
            if c.effect == "avoid" and c.limitation in athlete.avoid
        )
        if not missing and not avoided:
            usable[exercise_id] = one_rm
            continue
        if missing:
            why = f"needs {_a_list(missing)}, which {kit} does not list"
        else:
            why = f"{ref('avoid')} {' and '.join(avoided)} rules it out"
        variant = _doable_variant(exercise, catalogue, has, athlete)
        if variant is None:
            instead = "it is not used in this plan"
        elif variant.id in one_rms:
            instead = f"{variant.id} is planned from its own {ref('lifts')}"
        else:
            instead = f"{variant.id} is prescribed by effort"
        warnings.append(f"{ref('lifts')} {exercise_id}: {why}; {instead}")
    return usable, warnings


def _a_list(items: list[str]) -> str:
    """'a barbell', 'a barbell and a bench'."""
    return " and ".join(f"a {item}" for item in items)


def _doable_variant(
    exercise: Exercise, catalogue: Catalogue, has: frozenset[Equipment], athlete: Athlete
) -> Exercise | None:
    """The first catalogue variation of a lift this runner can do, if any."""
    for variation in exercise.variations:
        if variation.exercise_id is None or variation.exercise_id not in catalogue:
            continue
        other = catalogue.get(variation.exercise_id)
        if other.needs() <= has and not other.avoided_by(athlete.avoid):
            return other
    return None
