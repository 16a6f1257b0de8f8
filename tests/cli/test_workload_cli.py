"""`runstrong workload` through the real entry point: the JSON, the terminal view, the PNG and SVG
read back by independent readers (Pillow, ElementTree), one-line errors with exit code 2."""

from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from runstrong.cli.main import run


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "config").mkdir()
    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("RUNSTRONG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("RUNSTRONG_DATABASE_URL", raising=False)
    return tmp_path


def call(argv: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> str:
    assert run(argv) == code, capsys.readouterr()
    captured = capsys.readouterr()
    return captured.out if code == 0 else captured.err


ANA = ["--athlete", "ana"]
UNTIL = ["--until", "2027-02-07"]  # a Sunday: five whole weeks after the first log


@pytest.fixture
def ana(capsys: pytest.CaptureFixture[str]) -> None:
    call(
        ["athlete", "create", "--name", "Ana", "--setup", "gym", "--runs", "tue=intervals"], capsys
    )
    call(["athlete", "lift", "back-squat=100", *ANA, "--date", "2027-01-01"], capsys)
    season = ["--goal", "strength", "--start", "2027-01-04", "--race", "2027-03-14", "--save"]
    call(["plan", *ANA, *season], capsys)
    # Two unplanned sessions a week (Saturday and Sunday) for five weeks, RPE 6 and 8.
    for week in range(5):
        for offset, rpe in ((5, "6"), (6, "8")):
            day = dt.date(2027, 1, 4) + dt.timedelta(days=7 * week + offset)
            call(["log", *ANA, "--date", str(day), "back-squat", "3x5@80", "--rpe", rpe], capsys)


def test_json_has_the_weeks_their_numbers_and_every_session_s_method(
    ana: None, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(call(["workload", *ANA, "--weeks", "5", *UNTIL, "--format", "json"], capsys))
    assert data["schema"] == "runstrong.workload/1" and data["athlete"] == "Ana"
    past = [w for w in data["weeks"] if w["monday"] <= "2027-02-01"]
    assert [w["monday"] for w in past] == [
        "2027-01-04", "2027-01-11", "2027-01-18", "2027-01-25", "2027-02-01"
    ]  # fmt: skip
    # Each week: 11 minutes (3x5, estimated) at RPE 6 and at RPE 8.
    assert all(w["strength"] == 11 * 6 + 11 * 8 for w in past)
    assert all(w["run"] == 0 and w["cross"] == 0 for w in past)
    assert past[0]["acwr"] is None and past[-1]["acwr"] == 1.0  # 28 days only by week 5
    assert (
        data["acwr"]["rolling"] == 1.0 and "not a prediction of injury" in data["acwr"]["caution"]
    )
    assert {s["method"] for s in data["sessions"]} == {"srpe"}
    assert {s["minutes_from"] for s in data["sessions"]} == {"estimate"}
    assert data["races"] == ["2027-03-14"] and data["weeks"][-1]["race"] == "2027-03-14"
    assert data["deloads"] and all(
        w["deload"] == (w["monday"] in data["deloads"]) for w in data["weeks"]
    )
    assert data["heart_rate"] is None and data["missing_rpe"] is None


def test_monotony_and_strain_of_a_week_by_hand(
    ana: None, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(call(["workload", *ANA, "--weeks", "1", *UNTIL, "--format", "json"], capsys))
    week = data["weeks"][0]
    days = [0, 0, 0, 0, 0, 66, 88]  # Saturday 11 min x 6, Sunday 11 min x 8
    mean = sum(days) / 7
    sd = (sum((d - mean) ** 2 for d in days) / 7) ** 0.5
    assert week["monotony"] == round(mean / sd, 2)
    assert week["strain"] == round(154 * mean / sd, 1)


def test_terminal_view_has_the_table_the_bars_and_the_cautions(
    ana: None, capsys: pytest.CaptureFixture[str]
) -> None:
    text = call(
        ["workload", *ANA, "--weeks", "5", *UNTIL, "--hr", "rest=50,max=190,sex=male"], capsys
    )
    assert "Ana: training load a week (AU)" in text
    assert "monotony" in text and "strain" in text and "ACWR" in text
    assert "█ run  ▓ strength  ░ cross" in text
    assert "2027-02-01  " + "▓" * 40 in text  # every week the same, all lifting: full bars
    assert "race 2027-03-14" in text and "deload" in text
    assert "acute:chronic on 2027-02-07: rolling 7/28 1.00" in text
    assert "note: acute:chronic ratio: a description" in text


def test_png_and_svg_are_read_back_and_drawn_the_same_twice(
    ana: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from PIL import Image

    png, svg = tmp_path / "load.png", tmp_path / "load.svg"
    for target in (png, svg):
        err = call(["workload", *ANA, "--weeks", "5", *UNTIL, "--output", str(target)], capsys)
        assert err == ""
    with Image.open(io.BytesIO(png.read_bytes())) as image:
        image.load()
        assert image.format == "PNG" and image.width >= 600 and image.height >= 400
        colours = {c for _, c in image.getcolors(1 << 20) or []}
    assert (0xD9, 0x82, 0x2B, 0xFF) in colours  # the strength bars' colour
    root = ET.fromstring(svg.read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = svg.read_text()
    for label in ("run", "strength", "cross", "deload week", "race", "rolling 7/28", "EWMA"):
        assert f"<!-- {label} -->" in text, label
    first = svg.read_bytes()
    call(["workload", *ANA, "--weeks", "5", *UNTIL, "--output", str(svg), "--force"], capsys)
    assert svg.read_bytes() == first  # deterministic: no date, fixed ids


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weeks", "0"], "--weeks: must be 1-104; got 0"),
        (["--weeks", "twelve"], "--weeks: expected a whole number 1-104; got 'twelve'"),
        (["--weeks", "105"], "--weeks: must be 1-104; got 105"),
        (["--missing-rpe", "11"], "--missing-rpe: must be 1-10 or 'unknown'; got 11"),
        (
            ["--missing-rpe", "high"],
            "--missing-rpe: expected a number written with 0-9; got 'high'",
        ),
        (["--until", "2027-02-30"], "--until: expected a date as YYYY-MM-DD; got '2027-02-30'"),
        (["--hr", "rest=50"], "--hr: needs max, sex: rest=BPM,max=BPM,sex=male|female"),
        (["--hr", "rest=50,max=40,sex=male"], "--hr: max must be above rest (50); got 40"),
        (["--output", "load.jpg"], "--output: 'load.jpg' must end in .png or .svg"),
        (["--format", "csv"], "Invalid value for '--format': 'csv' is not one of 'text', 'json'."),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    ana: None, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    err = call(["workload", *ANA, *args], capsys, code=2)
    assert err == f"runstrong: error: {message}\n"


def test_unknown_athlete_and_an_existing_output(
    ana: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    err = call(["workload", "--athlete", "bob"], capsys, code=2)
    assert (
        err == "runstrong: error: --athlete: no such entry 'bob' (see `runstrong athlete list`)\n"
    )
    target = tmp_path / "load.svg"
    target.write_text("mine")
    err = call(["workload", *ANA, "--output", str(target)], capsys, code=2)
    assert err.startswith("runstrong: error: --output: ") and err.count("\n") == 1
    assert target.read_text() == "mine"  # never overwritten without --force
