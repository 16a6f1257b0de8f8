"""One wording everywhere: the terminal's table says what the exports say."""

from __future__ import annotations

from runstrong import api
from runstrong.cli import render
from runstrong.core.serialize import prescription_dict
from runstrong.present import prescription as rx


def test_the_terminal_and_the_exports_word_rest_dose_and_plates_alike() -> None:
    plan = api.build_plan(
        goal="strength", phase="off-season", start="2027-01-04", lifts=["back-squat=100"]
    )
    seen = 0
    for week in plan.weeks:
        for session in week.sessions:
            for p in session.exercises:
                item = prescription_dict(p)
                assert render._rest(p.rest_seconds) == rx.rest(p.rest_seconds)
                assert render.dose(p).startswith(rx.dose(item))
                if p.plates:
                    assert rx.plates(item) in render.load_text(p, "kg")
                seen += 1
    assert seen
    assert rx.rest(180) == "3 min" and rx.rest(90) == "90 s" and rx.rest(150) == "2 min 30 s"
