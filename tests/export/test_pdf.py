"""The printable plan: text read back with pypdf."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from runstrong.errors import InputError
from runstrong.export import export
from runstrong.export.pdf import pdf_bytes


def pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Text with line breaks folded, since table cells wrap."""
    return " ".join(text.split())


def test_a_page_per_week_with_every_exercise_load_rest_and_cue(plan: dict[str, Any]) -> None:
    import runstrong

    catalogue = runstrong.load_catalogue()
    text = pages(pdf_bytes(plan))
    assert len(text) == 1
    page = flat(text[0])
    assert "Week 1" in page
    for session in plan["weeks"][0]["sessions"]:
        assert session["focus"] in page
        for ex in session["exercises"]:
            assert ex["name"] in page
            if ex["load"] is not None:
                assert f"{ex['load']:g} kg" in page
            for cue in catalogue.get(ex["id"]).cues:
                assert flat(cue) in page
    assert "Done: weight × reps per set" in page
    assert "3 min" in page


def test_sixteen_weeks_make_at_least_sixteen_pages(long_plan: dict[str, Any]) -> None:
    text = pages(pdf_bytes(long_plan))
    assert len(text) >= 16
    for index in range(1, 17):
        assert any(f"Week {index} ·" in page for page in text), index


def test_accents_and_dashes_print(unicode_plan: dict[str, Any], unicode_name: str) -> None:
    page = flat("\n".join(pages(pdf_bytes(unicode_plan))))
    assert unicode_name in page
    assert "fuerza – ñandú" in page
    assert "22.5 kg" in page


def test_season_labels_and_kinds(season_plan: dict[str, Any]) -> None:
    text = [flat(p) for p in pages(pdf_bytes(season_plan))]
    assert "build 1" in text[0]
    assert any("taper" in p and "Activation:" in p for p in text)
    assert "warm-up 5 @ 40 kg, 3 @ 57.5 kg" in " ".join(text)


def test_pdf_needs_a_file(plan: dict[str, Any]) -> None:
    with pytest.raises(InputError) as info:
        export(plan, "pdf", None)
    assert info.value.field == "output"
    assert "pdf needs output FILE" in str(info.value)


def test_export_writes_the_pdf(plan: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    assert export(plan, "pdf", str(target)) is None
    assert target.read_bytes().startswith(b"%PDF")
