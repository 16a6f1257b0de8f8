"""CSV read back with the csv module; Markdown checked line by line."""

from __future__ import annotations

import csv
import io
from typing import Any

from runstrong.cli.files import export
from runstrong.export.tabular import COLUMNS


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_one_row_per_exercise_per_session(plan: dict[str, Any]) -> None:
    text = export(plan, "csv", None)
    assert text is not None
    assert text.splitlines()[0] == ",".join(COLUMNS)
    found = rows(text)
    expected = [(s, ex) for w in plan["weeks"] for s in w["sessions"] for ex in s["exercises"]]
    assert len(found) == len(expected)
    for row, (session, ex) in zip(found, expected, strict=True):
        assert row["date"] == session["date"]
        assert row["exercise_id"] == ex["id"]
        assert row["exercise"] == ex["name"]
        assert int(row["sets"]) == ex["sets"]
        assert row["reps"] == ("" if ex["reps"] is None else str(ex["reps"]))
        assert row["seconds"] == ("" if ex["seconds"] is None else str(ex["seconds"]))
        assert int(row["rest_seconds"]) == ex["rest_seconds"]
        if ex["load"] is None:
            assert row["load"] == "" and row["units"] == ""
        else:
            assert float(row["load"]) == ex["load"] and row["units"] == "kg"
        assert row["per_side"] == ("yes" if ex["per_side"] else "no")
        assert row["kind"] == "strength"


def test_csv_carries_cues_warmups_and_accents(
    season_plan: dict[str, Any], unicode_plan: dict[str, Any], unicode_name: str
) -> None:
    season = rows(export(season_plan, "csv", None) or "")
    loaded = [r for r in season if r["load"]]
    assert loaded and all(r["warmup"] == "5 @ 40 kg, 3 @ 57.5 kg" for r in loaded)
    assert {r["label"] for r in season} == {"build 1", "taper"}
    own = [
        r for r in rows(export(unicode_plan, "csv", None) or "") if r["exercise"] == unicode_name
    ]
    assert len(own) == 1
    assert own[0]["cues"] == ""
    assert own[0]["focus"] == "fuerza – ñandú"
    squat = next(r for r in season if r["exercise_id"] == "back-squat")
    assert "Brace" in squat["cues"]


def test_markdown_has_a_heading_per_week_and_session_and_a_row_per_exercise(
    plan: dict[str, Any],
) -> None:
    text = export(plan, "md", None)
    assert text is not None
    lines = text.splitlines()
    assert lines[0].startswith("# Strength plan: strength, pre-season")
    assert sum(line.startswith("## Week ") for line in lines) == len(plan["weeks"])
    sessions = [s for w in plan["weeks"] for s in w["sessions"]]
    assert sum(line.startswith("### ") for line in lines) == len(sessions)
    for session in sessions:
        for ex in session["exercises"]:
            row = [line for line in lines if line.startswith("| ") and f" {ex['name']} |" in line]
            times = sum(e["name"] == ex["name"] for s in sessions for e in s["exercises"])
            assert len(row) == times, ex["name"]  # a drill may come twice a week
            assert f"{ex['sets']} × " in row[0]
            if ex["load"] is not None:
                assert f"| {ex['load']:g} kg |" in row[0]
    assert "Cues:" in text


def test_markdown_escapes_pipes_in_cells(plan: dict[str, Any]) -> None:
    plan["weeks"][0]["sessions"][0]["exercises"][0]["name"] = "Push | pull"
    text = export(plan, "md", None) or ""
    assert "| Push \\| pull |" in text


def test_a_csv_file_is_utf8_with_a_bom_for_excel_and_crlf_lines(
    unicode_plan: dict[str, Any], unicode_name: str, tmp_path: Any
) -> None:
    path = tmp_path / "plan.csv"
    assert export(unicode_plan, "csv", str(path)) is None
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the UTF-8 byte-order mark Excel looks for
    assert data.count(b"\r\n") == data.count(b"\n")  # RFC 4180 line ends
    with path.open(encoding="utf-8-sig", newline="") as handle:
        found = list(csv.DictReader(handle))
    assert list(found[0]) == list(COLUMNS)
    assert any(r["exercise"] == unicode_name for r in found)
    printed = export(unicode_plan, "csv", None)
    assert printed is not None and not printed.startswith("\ufeff")  # none on a terminal


def test_cells_that_look_like_formulas_are_neutralised(plan: dict[str, Any]) -> None:
    hostile = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTab"]
    exercises = plan["weeks"][0]["sessions"][0]["exercises"]
    for ex, name in zip(exercises, hostile, strict=False):
        ex["name"] = name
    plan["weeks"][0]["sessions"][0]["focus"] = "=cmd|' /C calc'!A0"
    found = rows(export(plan, "csv", None) or "")
    names = [r["exercise"] for r in found[: len(hostile)]]
    assert names == ["'" + n for n in hostile[: len(names)]]
    assert found[0]["focus"] == "'=cmd|' /C calc'!A0"
    # Numbers stay numbers, and text that merely contains a sign is left as it is.
    assert found[0]["sets"].isdigit() and not found[0]["date"].startswith("'")
    assert all(not r["prescription"].startswith("'") for r in found[len(hostile) :])
