"""The exports are pure: a plan in, bytes out; the shells write files and read the machine."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import runstrong.export
from runstrong.export import charts

SOURCES = sorted(Path(runstrong.export.__file__).parent.glob("*.py"))
IMPURE = re.compile(r"open\(|write_bytes|write_text|os\.environ|getenv|Path\(|import os\b")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_no_file_writing_nor_environment_reading(source: Path) -> None:
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
