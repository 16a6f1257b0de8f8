"""The exports are pure: a plan in, bytes out; the shells write files and read the machine."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path
from typing import Any

import pytest

import runstrong.export
from runstrong.export import charts, render

SOURCES = sorted(Path(runstrong.export.__file__).parent.glob("*.py"))
IMPURE = re.compile(
    r"open\(|write_bytes|write_text|os\.environ|getenv|Path\(|import os\b"
    r"|\.now\(|\.today\(|utcnow|time\.time\("  # a clock: the shell passes the moment instead
)
STAMP = dt.datetime(2027, 1, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_no_file_writing_nor_environment_nor_clock_reading(source: Path) -> None:
    found = [
        f"{source.name}:{number}: {line.strip()}"
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1)
        if IMPURE.search(line)
    ]
    assert found == []


def test_charts_come_back_as_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    points = [(dt.date(2027, 1, 4), 100.0), (dt.date(2027, 1, 11), 102.5)]
    bars = [(dt.date(2027, 1, 4), 2, 3)]
    svg = charts.chart_bytes("svg", "Ana: back-squat", [("e1RM (kg)", points, "line")], bars)
    png = charts.chart_bytes("png", "Ana: back-squat", [("e1RM (kg)", points, "line")], bars)
    assert svg.startswith(b"<?xml") and b"<svg" in svg
    assert png.startswith(b"\x89PNG")
    assert list(tmp_path.iterdir()) == []  # nothing written
    with pytest.raises(ValueError, match="png or svg"):
        charts.chart_bytes("pdf", "Ana", [("e1RM (kg)", points, "line")])


def test_an_ics_export_is_the_same_bytes_whenever_it_is_rendered(plan: dict[str, Any]) -> None:
    first = render(plan, "ics", tz="Europe/Paris", stamp=STAMP)
    time.sleep(1.05)  # DTSTAMP has whole seconds: a clock read would now show
    assert render(plan, "ics", tz="Europe/Paris", stamp=STAMP) == first
    assert b"DTSTAMP:20270101T120000Z" in first
    later = render(plan, "ics", tz="Europe/Paris", stamp=STAMP + dt.timedelta(minutes=1))
    assert later != first  # the stamp given is what the calendar carries


def test_an_ics_export_needs_the_moment_it_is_made(plan: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="needs stamp"):
        render(plan, "ics", tz="UTC")
    with pytest.raises(ValueError, match="aware datetime"):
        render(plan, "ics", tz="UTC", stamp=dt.datetime(2027, 1, 1, 12, 0))  # no zone: local?


def test_a_pdf_with_a_stamp_is_the_same_bytes_whenever_it_is_rendered(
    plan: dict[str, Any],
) -> None:
    first = render(plan, "pdf", stamp=STAMP)
    time.sleep(1.1)  # fpdf2 would otherwise write the second's creation date and file id
    assert render(plan, "pdf", stamp=STAMP) == first
    assert render(plan, "pdf", stamp=STAMP + dt.timedelta(days=1)) != first
