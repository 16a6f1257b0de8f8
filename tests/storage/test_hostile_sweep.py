"""Every option of the logbook, plan and calculator commands given each hostile value, through
the real entry point: accepted (exit 0) or refused with one named line (exit 2), never a
traceback, an "unexpected" error or a wait; afterwards every read command still works and the
backup is strict JSON."""

from __future__ import annotations

import contextlib
import io
import json
import time
from pathlib import Path

import pytest

from runstrong.cli.main import run

HOSTILE = [
    "9" * 5000, "-1", "0", "nan", "inf", "1e309", "٣", "２０２７-01-05", "9999-12-31", "\x00",
    "\u200b", "x" * 300, "", " ", "a,b,,", "=", "@", "3x", str(2**70), "-9-9-9",
]  # fmt: skip


def _commands(url: str) -> list[tuple[list[str], list[str | None]]]:
    db = ["--database", url]
    plan = ["plan", "--goal", "strength", "--phase", "off-season"]
    plan_cmd = plan
    return [
        (["log", "--athlete", "Ana", *db, "back-squat", "3x5@60"],
         ["--date", "--rpe", "--notes", "--edit", "--athlete"]),
        (["log", "--athlete", "Ana", *db, "--date", "2027-01-05", "back-squat"], [None]),
        (["athlete", "create", "--name", "Zed", *db],
         ["--units", "--setup", "--equipment", "--runs", "--avoid", "--name"]),
        (["athlete", "edit", "--athlete", "Ana", *db],
         ["--units", "--setup", "--equipment", "--runs", "--avoid"]),
        (["athlete", "lift", "--athlete", "Ana", *db], [None, "--date"]),
        (["athlete", "show", *db], ["--athlete"]),
        (["today", "--athlete", "Ana", *db], ["--date", "--athlete"]),
        (["week", "--athlete", "Ana", *db], ["--date"]),
        (["history", "--athlete", "Ana", *db], ["--exercise", "--athlete"]),
        (["progress", "--athlete", "Ana", *db], ["--exercise", "--output"]),
        (["plans", *db], ["--athlete"]),
        (["backup", *db], ["--athlete", "--output"]),
        (["restore", *db], [None]),
        (["import", "--athlete", "Ana", *db], [None]),
        (["check"], [None]),
        ([*plan_cmd, "--runs-file"], [None]),
        ([*plan_cmd, "--runs-ics"], [None]),
        (plan, ["--lift", "--start", "--weeks", "--minutes", "--seed", "--sessions", "--runs",
                "--race", "--race-distance", "--week", "--output", "--setup", "--avoid"]),
        ([*plan, "--format", "ics", "--output", "x.ics", "--force"], ["--tz", "--time"]),
        (["plan", "--athlete", "Ana", "--goal", "strength", "--phase", "off-season", *db],
         ["--start", "--athlete"]),
        (["load", "--one-rm", "100"], ["--percent", "--reps", "--equipment", "--units"]),
        (["estimate", "--reps", "5"], ["--weight", "--formula"]),
        (["exercises"], ["--equipment", "--avoid"]),
        (["exercise"], [None]),
    ]  # fmt: skip


def _call(argv: list[str]) -> tuple[int, str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(argv)
    return code, out.getvalue(), err.getvalue(), time.monotonic() - started


def test_every_option_with_every_hostile_value(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = ["--database", database_url]
    assert _call(["athlete", "create", "--name", "Ana", "--setup", "gym", *db])[0] == 0
    assert (
        _call(["log", "--athlete", "Ana", "--date", "2027-01-05", "back-squat", "3x5@60", *db])[0]
        == 0
    )
    cases = refused = 0
    for base, options in _commands(database_url):
        for option in options:
            for value in HOSTILE:
                argv = [*base, value] if option is None else [*base, option, value]
                code, _, err, took = _call(argv)
                cases += 1
                shown = [a[:30] for a in argv]
                assert took < 10, (shown, took)
                assert "Traceback" not in err and "unexpected" not in err, (shown, err)
                # `check` answers 1 for a file that is not a valid plan (an earlier case wrote it)
                assert code in ((0, 1, 2) if base == ["check"] else (0, 2)), (shown, err)
                if code == 2:
                    refused += 1
                    assert err.count("\n") == 1, (shown, err)
    assert cases > 1000
    assert refused > cases * 0.8  # most hostile values are refused, not stored
    reads = [
        ["athlete", "list"], ["athlete", "show", "--athlete", "Ana"], ["plans", "--athlete", "Ana"],
        ["today", "--athlete", "Ana", "--date", "2027-01-05"], ["week", "--athlete", "Ana"],
        ["history", "--athlete", "Ana"], ["progress", "--athlete", "Ana"],
    ]  # fmt: skip
    for argv in reads:
        code, _, err, _ = _call([*argv, *db])
        assert code == 0, (argv, err)
    code, out, err, _ = _call(["backup", *db])
    assert code == 0, err

    def strict(name: str) -> object:
        raise AssertionError(f"the backup holds {name}")

    backup = json.loads(out, parse_constant=strict)
    assert "Ana" in [a["name"] for a in backup["athletes"]]
