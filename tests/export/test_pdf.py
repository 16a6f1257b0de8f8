"""The printable plan: text read back with pypdf."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from runstrong.cli.files import export
from runstrong.errors import InputError
from runstrong.export.pdf import pdf_bytes
from runstrong.present import prescription as rx


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


def _texts(plan: dict[str, Any]) -> list[str]:
    """Every text the sheet wraps: headings, placements, exercise parts, cells and plates."""
    from runstrong.export.pdf import _Sheet

    sheet = _Sheet(plan)
    found = [sheet.summary()]
    for week in plan["weeks"]:
        for session in week["sessions"]:
            found.append(str(session.get("placement") or ""))
            for ex in session["exercises"]:
                found += [text for text, *_ in sheet.exercise_parts(ex)]
                found += [*sheet.cells(ex), rx.plates(ex)]
    return found


EDGES = [
    "",
    "\n",
    "one\n",
    "one\n\ntwo",
    "two  spaces  between  words  that  wrap  around  the  column  edge  here",
    "x" * 200,
    "a Supercalifragilisticexpialidociousnessandthensomemore word that is too wide",
    "Sentadilla búlgara – Ünïcödé, fuerza – ñandú • 3 × (max − 2)",
]


def test_lines_break_where_fpdf2_breaks_them(season_plan: dict[str, Any]) -> None:
    """The one layout pass breaks every line where fpdf2's multi_cell (the former measuring
    pass and renderer) breaks it, so rows keep their heights and pages their breaks."""
    from runstrong.export.pdf import WIDTHS, _Sheet

    sheet = _Sheet(season_plan)
    pdf = sheet.pdf
    pdf.add_page()
    for text in [*_texts(season_plan), *EDGES]:
        for width in (*WIDTHS[:4], WIDTHS[0] - 2, pdf.epw):
            for size, bold in ((9, True), (9, False), (7.5, False), (6.2, False)):
                pdf.set_font("DejaVu", "B" if bold else "", size)
                want = pdf.multi_cell(width, 4, text, dry_run=True, output="LINES") if text else []
                laid = sheet.lay(text, width, size, 4, bold)
                assert [line for line, _ in laid.lines] == want, (text, width, size)
                for line, used in laid.lines:
                    assert used == pytest.approx(pdf.get_string_width(line))


def test_fonts_are_parsed_once_per_process(
    plan: dict[str, Any], unicode_plan: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Later documents reuse the parsed fonts, and each still embeds every glyph it shows."""
    from fontTools.ttLib import TTFont
    from fpdf import fonts

    pdf_bytes(plan)  # the first document of the process parses them
    parsed = []
    real = fonts.TTFFont.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        parsed.append(args)
        real(self, *args, **kwargs)

    monkeypatch.setattr(fonts.TTFFont, "__init__", counting)
    pdf_bytes(plan)
    data = pdf_bytes(unicode_plan)
    assert parsed == []
    reader = PdfReader(io.BytesIO(data))
    shown = set("".join(pages(data))) - set(" \n")
    covered: set[str] = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        program = descriptor.get_object()["/FontFile2"].get_object().get_data()
        covered |= {chr(code) for code in TTFont(io.BytesIO(program)).getBestCmap()}
    assert "ñ" in shown and "Ü" in shown
    assert shown <= covered, shown - covered
