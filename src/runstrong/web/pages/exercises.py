"""The exercise library: search and filters, and each exercise's page with cues, variations,
cautions and substitutes. Open to anyone: the catalogue holds nobody's data."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from runstrong.core.model import Category, Pattern
from runstrong.web import deps, forms, render

router = APIRouter()

CATEGORIES = tuple(c.value for c in Category)
PATTERNS = tuple(p.value for p in Pattern)


def search(
    request: Request,
    category: str | None,
    equipment: list[str] | None,
    pattern: str | None,
    text: str | None,
) -> list[object]:
    """The catalogue filtered as the CLI's `exercises` does (equipment: what the runner has)."""
    from runstrong.core import inputs
    from runstrong.core.model import Category, Equipment, Pattern

    kit = None
    if equipment:
        kit = inputs.equipment(",".join(equipment)) | {Equipment.NONE}
    return list(
        deps.context(request).catalogue.filter(
            category=inputs.choice(Category, category, "category") if category else None,
            equipment=kit,
            pattern=inputs.choice(Pattern, pattern, "pattern") if pattern else None,
            search=text or None,
        )
    )


@router.get("/exercises")
def library(
    request: Request,
    _v: deps.OptionalViewer,
    category: str = "",
    pattern: str = "",
    search_text: str = "",
) -> Response:
    """Every exercise, filtered; htmx swaps only the results as the runner types."""
    equipment = request.query_params.getlist("equipment")
    found = search(request, category, equipment, pattern, search_text)
    return render.page(
        request,
        "pages/exercises.html",
        {
            "found": found,
            "values": {
                "category": category,
                "pattern": pattern,
                "search_text": search_text,
                "equipment": equipment,
            },
            "categories": CATEGORIES,
            "patterns": PATTERNS,
            "all_equipment": forms.EQUIPMENT,
        },
        block="results",
    )


@router.get("/exercises/{exercise_id}")
def exercise_page(
    request: Request,
    _v: deps.OptionalViewer,
    exercise_id: str,
) -> Response:
    """One exercise in full, with the substitutes closest to it first."""
    from runstrong.present.catalogue import exercise_detail

    cat = deps.context(request).catalogue
    exercise = cat.get(exercise_id)
    substitutes = cat.substitutes(exercise.id)
    return render.page(
        request,
        "pages/exercise.html",
        {
            "x": exercise_detail(exercise, substitutes),
            "substitutes": substitutes[:8],
        },
    )
