"""The exports, read back, say what to lift in words a runner can use and which 1RMs the loads
come from (md, csv, pdf, ics)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from pypdf import PdfReader

from runstrong.cli.files import export
from runstrong.core import loads
from runstrong.export.ics import ics_bytes
from runstrong.export.pdf import pdf_bytes
from runstrong.present import prescription as rx

HOME = {"setup": None, "equipment": "dumbbell,pull-up-bar,band", "phase": "off-season"}
HOME_LIFTS = ["goblet-squat=24x8", "dumbbell-romanian-deadlift=20x10"]


def with_unused_lift(plan: dict[str, Any]) -> dict[str, Any]:
    """A 1RM the plan lists but no exercise is loaded from (the planner itself drops lifts the
    equipment rules out, with a warning): the footer must not call it used."""
    plan["one_rms"]["back-squat"] = 100.0
    return plan


def flat(text: str) -> str:
    return " ".join(text.split())


def loaded(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for w in plan["weeks"] for s in w["sessions"] for e in s["exercises"]]


def test_csv_prescriptions_give_the_effort_when_no_1rm_is_known(make_plan: Any) -> None:
    plan = make_plan(**HOME, lifts=[])
    rows = list(csv.DictReader(io.StringIO(export(plan, "csv", None) or "")))
    by_effort = [r for r in rows if r["percent_1rm"] and not r["load"]]
    assert by_effort
    for row in by_effort:
        rir = int(row["rir"])
        low, high = int(row["reps"]) + rir, int(row["reps_max"]) + rir
        allowed = f"{low}-{high}" if high != low else f"{low}"
        assert f"could lift {allowed} times, stop {rir} reps short" in row["prescription"]
        assert "1RM" not in row["prescription"]


def test_markdown_rows_and_footer(make_plan: Any) -> None:
    plan = with_unused_lift(make_plan(**HOME, lifts=HOME_LIFTS))
    text = export(plan, "md", None) or ""
    lines = text.splitlines()
    for ex in loaded(plan):
        if ex["load"] is None or "dumbbell" not in ex["equipment"]:
            continue
        row = next(line for line in lines if line.startswith("| ") and f" {ex['name']} |" in line)
        expected = (
            f"| one {ex['load']:g} kg dumbbell |"
            if rx.held(ex) == 1
            else f"| a dumbbell in each hand, {ex['load']:g} kg each |"
        )
        assert expected in row
    assert lines[-3].startswith("1RMs behind the loads: ")
    for ex in loaded(plan):
        if ex["load"] is not None:
            assert ex["name"] in lines[-3]
    assert lines[-1] == "Given but not used for any load in this plan: back-squat 100 kg."


def test_the_pdf_says_one_dumbbell_and_the_1rms_of_each_week(make_plan: Any) -> None:
    plan = with_unused_lift(make_plan(**HOME, lifts=HOME_LIFTS))
    reader = PdfReader(io.BytesIO(pdf_bytes(plan)))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    goblets = [e for e in loaded(plan) if e["id"] == "goblet-squat" and e["load"] is not None]
    assert goblets
    assert f"one {goblets[0]['load']:g} kg dumbbell" in text
    assert "1RMs behind the loads: " in text
    assert f"Goblet squat {loads.one_rm(24, 8):.1f} kg (your 1RM)" in text
    assert "Given but not used for any load in this week: back-squat 100 kg" in text


def test_the_calendar_says_a_dumbbell_in_each_hand(make_plan: Any) -> None:
    plan = make_plan(**HOME, lifts=HOME_LIFTS)
    stamp = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    text = flat(ics_bytes(plan, stamp=stamp, tz="UTC").decode().replace("\r\n ", ""))
    pairs = [e for e in loaded(plan) if e["load"] is not None and rx.held(e) == 2]
    assert pairs
    for ex in pairs:
        assert f"with a dumbbell in each hand\\, {ex['load']:g} kg each" in text
