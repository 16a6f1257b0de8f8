"""`today --readiness` and `readiness` through the real entry point: the check-in stored, the
session lightened with its reasons, one-line errors naming the key and its range (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runstrong.cli.main import run


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "config").mkdir()
    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("RUNSTRONG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("RUNSTRONG_DATABASE_URL", raising=False)


def call(argv: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> str:
    assert run(argv) == code, capsys.readouterr()
    captured = capsys.readouterr()
    return captured.out if code == 0 else captured.err


ANA = ["--athlete", "ana"]
DAY = "2027-01-05"  # a Tuesday: after the intervals, the week's first session with jumps


@pytest.fixture
def ana(capsys: pytest.CaptureFixture[str]) -> None:
    call(
        ["athlete", "create", "--name", "Ana", "--runs", "tue=intervals,thu=easy,sat=long"], capsys
    )
    call(["athlete", "lift", *ANA, "back-squat=100", "romanian-deadlift=80x6"], capsys)
    call(
        ["plan", *ANA, "--goal", "strength", "--phase", "pre-season", "--start", "2027-01-04",
         "--weeks", "2", "--save"],
        capsys,
    )  # fmt: skip


def test_today_with_a_sore_check_in_prints_the_lightened_session_and_why(
    ana: None, capsys: pytest.CaptureFixture[str]
) -> None:
    planned = call(["today", *ANA, "--date", DAY], capsys)
    assert "Leaping" in planned and "readiness" not in planned  # no check-in: as before
    text = call(
        ["today", *ANA, "--date", DAY, "--readiness", "sleep=5,soreness=7,stress=6"], capsys
    )
    assert "check-in 2027-01-05  sleep  5  soreness  7  stress  6" in text
    assert "because [readiness-soreness] soreness 7/10 (7+)" in text
    assert "[readiness-soreness] Leaping: dropped today" in text
    assert "[readiness-soreness] Back squat: 3 -> 2 sets" in text
    assert "  Back squat: 2x5@77.5kg" in text
    # the stored check-in is read again by a plain `today` of that day
    again = json.loads(call(["today", *ANA, "--date", DAY, "--format", "json"], capsys))
    [session] = again
    assert session["readiness"]["checkin"]["soreness"] == 7
    assert [f["rule"] for f in session["readiness"]["findings"]] == ["readiness-soreness"]
    assert "Gabbett" not in session["readiness"]["findings"][0]["source"]
    assert {c["rule"] for c in session["changes"]} == {"readiness-soreness"}
    assert session["violations"] == []
    ids = [e["id"] for e in session["session"]["exercises"]]
    assert "leaping" not in ids and "leaping" in [e["id"] for e in session["planned"]["exercises"]]


def test_readiness_lists_past_check_ins(ana: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert "no check-ins yet" in call(["readiness", *ANA], capsys)
    call(
        ["today", *ANA, "--date", "2027-01-04", "--readiness", "sleep=7,soreness=3,stress=4"],
        capsys,
    )
    text = "sleep=5,soreness=7,stress=6,motivation=8,rhr=52,hrv=61.5"
    call(["today", *ANA, "--date", DAY, "--readiness", text], capsys)
    shown = call(["readiness", *ANA, "--date", DAY], capsys).splitlines()
    assert shown == [
        "2027-01-04  sleep  7  soreness  3  stress  4  motivation  5  (wellness 6.8/10)",
        "2027-01-05  sleep  5  soreness  7  stress  6  motivation  8  rhr 52 bpm  hrv 61.5 ms  "
        "(wellness 5.5/10)",
    ]
    found = json.loads(
        call(["readiness", *ANA, "--date", DAY, "--weeks", "1", "--format", "json"], capsys)
    )
    assert [c["date"] for c in found] == ["2027-01-04", "2027-01-05"]
    assert found[1] == {
        "date": "2027-01-05", "sleep": 5, "soreness": 7, "stress": 6, "motivation": 8,
        "rhr": 52, "hrv": 61.5, "wellness": 5.5,
    }  # fmt: skip
    later = call(
        ["readiness", *ANA, "--date", "2027-02-05", "--weeks", "1", "--format", "json"], capsys
    )
    assert json.loads(later) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("sleep=11,soreness=7,stress=6",
         "--readiness: sleep must be a whole number 1-10 (10 = slept very well); got '11'"),
        ("sleep=5,soreness=7", "--readiness: stress is missing"),
        ("sleep=5,soreness=7,stress=6,fatigue=3", "--readiness: unknown key 'fatigue'; allowed:"),
        ("sleep=5,soreness=7,stress=6,hrv=-3", "--readiness: hrv must be a number 1-300"),
    ],
)  # fmt: skip
def test_a_bad_readiness_value_is_one_line_exit_2_and_nothing_is_stored(
    ana: None, capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    err = call(["today", *ANA, "--date", DAY, "--readiness", value], capsys, code=2)
    assert err.startswith(f"runstrong: error: {message}")
    assert err.count("\n") == 1
    assert json.loads(call(["readiness", *ANA, "--date", DAY, "--format", "json"], capsys)) == []


def test_readiness_bad_weeks_and_unknown_athlete(
    ana: None, capsys: pytest.CaptureFixture[str]
) -> None:
    err = call(["readiness", *ANA, "--weeks", "0"], capsys, code=2)
    assert err == "runstrong: error: --weeks: must be 1-520; got 0\n"
    err = call(
        ["today", "--athlete", "bo", "--readiness", "sleep=5,soreness=5,stress=5"], capsys, 2
    )
    assert "--athlete: no such entry 'bo'" in err
