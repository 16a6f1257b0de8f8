"""One JSON shape for a catalogue exercise in full: the CLI's `exercise --format json`, the
web page and the API share it."""

from __future__ import annotations

from typing import Any

from runstrong.core import serialize
from runstrong.core.model import Exercise


def exercise_detail(exercise: Exercise, substitutes: tuple[Exercise, ...]) -> dict[str, Any]:
    """Everything about one exercise: cues, variations, cautions, substitutes and its source."""
    return {
        **serialize.exercise_dict(exercise),
        "aliases": list(exercise.aliases),
        "priority": exercise.priority,
        "skill": exercise.skill,
        "why": exercise.why,
        "cues": list(exercise.cues),
        "variations": [
            {"name": v.name, "kind": v.kind, "note": v.note, "exercise": v.exercise_id}
            for v in exercise.variations
        ],
        "cautions": [
            {"limitation": c.limitation.value, "effect": c.effect, "note": c.note}
            for c in exercise.cautions
        ],
        "substitutes": [s.id for s in substitutes],
        "source": exercise.source,
    }
