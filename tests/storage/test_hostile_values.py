"""One table of hostile values through the real CLI entry point, on SQLite and PostgreSQL.

Every case must end in exit 2 with one line naming the field: never a traceback, never an
"unexpected" error, never a wait, never a row written or lost. Afterwards every read command
still works on what is stored.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from runstrong import app as logbook
from runstrong.cli.main import run
from runstrong.settings import Context
from runstrong.storage import db as storage_db
from runstrong.storage import repository as repo

ANA = ["--athlete", "Ana"]
DAY = ["--date", "2027-01-05"]
BIG = "9" * 5000
LOG = ["log", *ANA, *DAY]

# (arguments, text the one-line error must contain: the field)
FLAG_CASES: list[tuple[list[str], str]] = [
    (["log", *ANA, "--date", "9999-12-31", "back-squat", "3x5@60"], "--date"),
    (["log", *ANA, "--date", "1899-12-31", "back-squat", "3x5@60"], "--date"),
    (["log", *ANA, "--date", "２０２７-01-05", "back-squat", "3x5@60"], "--date"),
    (["log", *ANA, "--date", BIG, "back-squat", "3x5@60"], "--date"),
    ([*LOG, "back-squat", f"3x{BIG}"], "SETS"),
    ([*LOG, "back-squat", f"{BIG}x5"], "SETS"),
    ([*LOG, "back-squat", f"3x5@{BIG}"], "SETS"),
    ([*LOG, "back-squat", f"3x5@60@rpe{BIG}"], "SETS"),
    ([*LOG, "back-squat", "٣x٥@٦٠"], "SETS"),
    ([*LOG, "back-squat", "3x٥"], "SETS"),
    ([*LOG, "back-squat", "3x5@1e309"], "SETS"),
    ([*LOG, "back-squat", "3x5@1001"], "SETS"),
    ([*LOG, "back-squat", "21x5"], "SETS"),
    ([*LOG, "back-squat", "3x101"], "SETS"),
    ([*LOG, "plank", "3x601s"], "SETS"),
    ([*LOG, "moon-squat", "3x5"], "exercise"),
    ([*LOG, "x" * 5000, "3x5"], "exercise"),
    ([*LOG, "back-squat", "3x5", "--rpe", "nan"], "--rpe"),
    ([*LOG, "back-squat", "3x5", "--rpe", "inf"], "--rpe"),
    ([*LOG, "back-squat", "3x5", "--rpe", "1e5000"], "--rpe"),
    ([*LOG, "back-squat", "3x5", "--rpe", BIG], "--rpe"),
    ([*LOG, "back-squat", "3x5", "--notes", "a\x00b"], "--notes"),
    ([*LOG, "back-squat", "3x5", "--notes", "n" * 3000], "--notes"),
    ([*LOG, "back-squat", "3x5", "--edit", str(2**70)], "--edit"),
    ([*LOG, "back-squat", "3x5", "--edit", str(2**63)], "--edit"),
    ([*LOG, "back-squat", "3x5", "--edit", "-1"], "--edit"),
    ([*LOG, "back-squat", "3x5", "--edit", "٣"], "--edit"),  # Arabic-Indic 3
    ([*LOG, "back-squat", "3x5", "--rpe", "٨"], "--rpe"),
    ([*LOG, "back-squat", "3x5", "--edit", BIG], "--edit"),
    (["log", *ANA, "--delete", str(2**70), "--yes"], "--delete"),
    (["log", *ANA, "--delete", "1", "--edit", "1", "--yes", "back-squat", "3x5"], "--delete"),
    (["log", "--athlete", "A" * 300, *DAY, "back-squat", "3x5"], "--athlete"),
    (["log", "--athlete", "Ana\x00", *DAY, "back-squat", "3x5"], "--athlete"),
    (["athlete", "create", "--name", "B" * 81], "--name"),
    (["athlete", "create", "--name", "\u200b\u200d\ufeff"], "--name"),
    (["athlete", "create", "--name", "Bo\x07"], "--name"),
    (["athlete", "create", "--name", "Bo\x00"], "--name"),
    (["athlete", "create", "--name", "Ａna"], "--name"),
    (["athlete", "create", "--name", "A\u200bna"], "--name"),
    (["athlete", "create", "--name", " ANA\u00a0"], "--name"),
    (["athlete", "create", "--name", "Bo", "--setup", "s" * 300], "--setup"),
    (["athlete", "create", "--name", "Bo", "--runs", "mon=" + "e" * 300], "--runs"),
    (["athlete", "create", "--name", "Bo", "--equipment", "barbell," + "x" * 300], "--equipment"),
    (["athlete", "create", "--name", "Bo", "--avoid", "knee٣"], "--avoid"),
    (["athlete", "create", "--name", "Bo", "--units", "k\x00g"], "--units"),
    (["athlete", "edit", *ANA, "--name", "N" * 300], "--name"),
    (["athlete", "edit", *ANA, "--runs", "tue=" + BIG], "--runs"),
    (["athlete", "lift", "back-squat=1500", *ANA], "--lift"),
    (["athlete", "lift", f"back-squat={BIG}", *ANA], "--lift"),
    (["athlete", "lift", f"back-squat=100x{BIG}", *ANA], "--lift"),
    (["athlete", "lift", "back-squat=١٠٠", *ANA], "--lift"),
    (["athlete", "lift", "back-squat=nan", *ANA], "--lift"),
    (["athlete", "lift", "back-squat=100", *ANA, "--date", "9999-12-31"], "--date"),
    (["today", *ANA, "--date", "9999-12-31"], "--date"),
    (["week", *ANA, "--date", "2200-12-31x"], "--date"),
    (["history", "--athlete", "a" * 5000], "--athlete"),
    (["progress", *ANA, "--output", "p" * 300 + ".png"], "--output"),
    (["backup", "--output", "b" * 300 + ".json"], "--output"),
    (["progress", *ANA, "--exercise", "x" * 5000], "exercise"),
    (["backup", "--output", "a\x00b.json"], "--output"),
    (
        ["plan", *ANA, "--goal", "strength", "--phase", "off-season", "--output", "p\x00.json"],
        "--output",
    ),
    (
        [
            "plan",
            *ANA,
            "--goal",
            "strength",
            "--phase",
            "off-season",
            "--format",
            "ics",
            "--output",
            "p.ics",
            "--tz",
            "E" * 300,
        ],
        "--tz",
    ),
    (
        ["plan", "--goal", "strength", "--phase", "off-season", "--runs-ics", "bad.ics"],
        "--runs-ics",
    ),
    (
        ["plan", "--goal", "strength", "--phase", "off-season", "--runs-file", "huge.toml"],
        "--runs-file",
    ),
    (
        ["plan", "--goal", "strength", "--phase", "off-season", "--runs-file", "keys.toml"],
        "--runs-file",
    ),
    (
        ["plan", "--goal", "strength", "--phase", "off-season", "--runs-file", "deep.toml"],
        "--runs-file",
    ),
]
BAD_ICS = (  # February 31st
    "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270231T070000\nSUMMARY:easy run\n"
    "END:VEVENT\nEND:VCALENDAR\n"
)


def _entry(b: dict[str, Any]) -> dict[str, Any]:
    return b["athletes"][0]["sessions"][0]["entries"][0]  # type: ignore[no-any-return]


def _plan(b: dict[str, Any]) -> dict[str, Any]:
    return b["athletes"][0]["plans"][0]["plan"]  # type: ignore[no-any-return]


def _set(path: Callable[[dict[str, Any]], dict[str, Any]], key: str, value: object) -> Any:
    def change(b: dict[str, Any]) -> None:
        path(b)[key] = value

    return change


def _athlete(b: dict[str, Any]) -> dict[str, Any]:
    return b["athletes"][0]  # type: ignore[no-any-return]


def _session(b: dict[str, Any]) -> dict[str, Any]:
    return b["athletes"][0]["sessions"][0]  # type: ignore[no-any-return]


def _lift(b: dict[str, Any]) -> dict[str, Any]:
    return b["athletes"][0]["lifts"][0]  # type: ignore[no-any-return]


def _planned(b: dict[str, Any]) -> dict[str, Any]:
    return _plan(b)["weeks"][0]["sessions"][0]  # type: ignore[no-any-return]


def _exercise(b: dict[str, Any]) -> dict[str, Any]:
    return _planned(b)["exercises"][0]  # type: ignore[no-any-return]


def _nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = {"x": value}
    return value


# (how to spoil a good backup, text the error must contain); each restored with --replace
RESTORE_CASES: list[tuple[Callable[[dict[str, Any]], None], str]] = [
    (_set(_plan, "weeks", "oops"), "weeks"),
    (_set(lambda b: _plan(b)["weeks"][0], "sessions", ["x"]), "sessions[0]"),
    (_set(lambda b: b["athletes"][0]["plans"][0], "plan", "a plan"), "plan"),
    (_set(_planned, "date", "9999-01-01"), "date"),
    (_set(_planned, "date", 20270105), "date"),
    (_set(_planned, "exercises", {"id": "back-squat"}), "exercises"),
    (_set(_exercise, "id", ["back-squat"]), "id"),
    (_set(_exercise, "equipment", ["laser"]), "equipment"),
    (_set(_exercise, "percent_1rm", 1e308), "percent_1rm"),
    (_set(_exercise, "sets", 2**70), "sets"),
    (_set(_exercise, "per_side", "yes"), "per_side"),
    (_set(lambda b: b["athletes"][0]["plans"][0], "inputs", _nested(100)), "inputs"),
    (_set(_plan, "deep", _nested(100)), "plan"),
    (_set(_lift, "one_rm", 1e308), "one_rm"),
    (_set(_lift, "one_rm", 1500), "one_rm"),
    (_set(_lift, "one_rm", -5), "one_rm"),
    (_set(_lift, "one_rm", 0), "one_rm"),
    (_set(_lift, "exercise", "moon-squat"), "exercise"),
    (_set(_lift, "date", "9999-12-31"), "date"),
    (_set(_lift, "reps", 2**70), "reps"),
    (_set(_lift, "formula", "f" * 300), "formula"),
    (_set(_entry, "load", 1e308), "load"),
    (_set(_entry, "load", -1), "load"),
    (_set(_entry, "sets", 2**70), "sets"),
    (_set(_entry, "sets", 0), "sets"),
    (_set(_entry, "reps", 10**6), "reps"),
    (_set(_entry, "seconds", 30), "reps"),
    (_set(_entry, "exercise", "x" * 200), "exercise"),
    (_set(_entry, "exercise", "moon-squat"), "exercise"),
    (_set(_entry, "rpe", 11), "rpe"),
    (_set(_entry, "rir", -1), "rir"),
    (_set(_entry, "notes", "a\x00b"), "notes"),
    (_set(_entry, "units", "stone"), "units"),
    (_set(_session, "date", "9999-12-31"), "date"),
    (_set(_session, "date", "0001-01-01"), "date"),
    (_set(_session, "created", "9999-12-31T23:59:59"), "created"),
    (_set(_session, "plan", 2**70), "plan"),
    (_set(_session, "rpe", float("1e308")), "rpe"),
    (_set(_session, "notes", "n" * 3000), "notes"),
    (_set(_session, "entries", "back-squat 3x5"), "entries"),
    (_set(_athlete, "name", "\ud800"), "name"),
    (_set(_athlete, "name", "\u200b"), "name"),
    (_set(_athlete, "setup", "castle"), "setup"),
    (_set(_athlete, "setup", "s" * 300), "setup"),
    (_set(_athlete, "equipment", ["laser"]), "equipment"),
    (_set(_athlete, "avoid", [{"area": "knee"}]), "avoid"),
    (_set(_athlete, "runs", "mon=" + "e" * 300), "runs"),
    (_set(_athlete, "units", "kg\x00"), "units"),
    (_set(_athlete, "created", "1e9"), "created"),
    (
        _set(
            _athlete,
            "holds",
            [
                {
                    "exercise": "plank",
                    "seconds": 10**9,
                    "per_side": False,
                    "date": "2027-01-05",
                    "source": "retest",
                    "session": None,
                }
            ],
        ),
        "seconds",
    ),
    (
        lambda b: b["athletes"].append({**copy.deepcopy(b["athletes"][0]), "name": "ＡＮＡ"}),
        "twice",
    ),
    (_set(lambda b: b, "athletes", "everyone"), "athletes"),
]

# Backup files that are not JSON a backup can hold: (text, what the error must contain)
RAW_CASES: list[tuple[str, str]] = [
    ("[" * 100_000 + "]" * 100_000, "FILE"),
    ('{"schema": "runstrong.backup/1", "athletes": [], "generator": NaN}', "FILE"),
    ('{"schema": "runstrong.backup/1", "athletes": [], "generator": Infinity}', "FILE"),
    ('{"schema": "runstrong.backup/1", "athletes": [' + BIG + '], "generator": ""}', "FILE"),
    ("\ud800".encode("utf-8", "surrogatepass").decode("latin-1"), "FILE"),
]

READS = [
    ["athlete", "list"],
    ["athlete", "show", *ANA],
    ["plans", *ANA],
    ["today", *ANA, *DAY],
    ["week", *ANA, *DAY],
    ["history", *ANA],
    ["history", *ANA, "--format", "json"],
    ["progress", *ANA],
    ["progress", *ANA, "--exercise", "back-squat"],
    ["backup"],
]


@pytest.fixture
def good(database_url: str, tmp_path: Path) -> dict[str, Any]:
    """Ana with a saved plan, a logged session and a tested 1RM; returns her backup."""
    base = ["--database", database_url]
    assert run(["athlete", "create", "--name", "Ana", "--setup", "gym", *base]) == 0
    assert run(["athlete", "lift", "back-squat=100", *ANA, *base, "--date", "2027-01-01"]) == 0
    plan = ["plan", *ANA, "--goal", "strength", "--phase", "off-season", "--start", "2027-01-04"]
    assert run([*plan, "--save", *base]) == 0
    assert run([*LOG, "back-squat", "3x5@80", "plank", "2x30s", *base]) == 0
    database = Context.from_environment(database_url)
    data = logbook.backup(database)
    database.close()
    assert data["athletes"][0]["plans"][0]["plan"]["weeks"][0]["sessions"]
    return data


def _counts(url: str) -> dict[str, int]:
    database = storage_db.connect(url)
    with database.read() as s:
        found = repo.counts(s)
    database.close()
    return found


def _hostile(argv: list[str], field: str, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    code = run(argv)
    took = time.monotonic() - started
    captured = capsys.readouterr()
    err = captured.err
    shown = [a[:40] for a in argv]
    assert took < 10, (shown, took)
    assert "Traceback" not in err, shown
    assert "unexpected" not in err, (shown, err)
    assert code == 2, (shown, err)
    assert err.count("\n") == 1, (shown, err)
    assert field in err, (shown, field, err)
    assert "SELECT" not in err and "INSERT" not in err, err
    assert len(err) < 600, (shown, err)


def test_hostile_values_are_refused_and_nothing_breaks(
    database_url: str,
    good: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    capsys.readouterr()
    before = _counts(database_url)
    base = ["--database", database_url]
    ran = 0
    (tmp_path / "bad.ics").write_text(BAD_ICS, encoding="utf-8")
    (tmp_path / "huge.toml").write_text(f"default = {BIG}\n", encoding="utf-8")
    (tmp_path / "keys.toml").write_text(f'[weeks]\n{BIG} = "mon=easy"\n', encoding="utf-8")
    (tmp_path / "deep.toml").write_text("a = " + "[" * 5000 + "]" * 5000, encoding="utf-8")
    for argv, field in FLAG_CASES:
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(tmp_path)
            _hostile([*argv, *base], field, capsys)
        ran += 1
    for i, (spoil, field) in enumerate(RESTORE_CASES):
        data = copy.deepcopy(good)
        spoil(data)
        path = tmp_path / f"bad-{i}.json"
        path.write_text(json.dumps(data, allow_nan=True), encoding="utf-8", errors="surrogatepass")
        _hostile(["restore", str(path), "--replace", *base], field, capsys)
        ran += 1
    for i, (text, field) in enumerate(RAW_CASES):
        path = tmp_path / f"raw-{i}.json"
        path.write_text(text, encoding="latin-1")
        _hostile(["restore", str(path), "--replace", *base], field, capsys)
        ran += 1
    assert ran == len(FLAG_CASES) + len(RESTORE_CASES) + len(RAW_CASES)
    assert _counts(database_url) == before  # no row written, none lost
    for argv in READS:
        assert run([*argv, *base]) == 0, (argv, capsys.readouterr().err)
    capsys.readouterr()
    # The good backup still restores whole.
    path = tmp_path / "good.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    assert run(["restore", str(path), "--replace", *base]) == 0
    assert _counts(database_url) == before


@pytest.mark.parametrize(
    ("files", "field"),
    [
        ({"config.toml": "[implements.kg]\nplates = [20, 0.0001]\n"}, "plates"),
        ({"config.toml": f"[setups.{'g' * 300}]\nequipment = ['barbell']\n"}, "setups"),
        ({"config.toml": "[implements.kg]\nbar = nan\n"}, "bar"),
        ({"config.toml": f"[implements.kg]\nbar = {BIG}\n"}, "config.toml"),
        ({"exercises.toml": f"[x]\nname = {BIG}\n"}, "exercises.toml"),
        ({"config.toml": "[implements.kg]\ndumbbells = [inf]\n"}, "dumbbells"),
        (
            {
                "exercises.toml": f'[{"a" * 100}]\nname = "Long"\ncategory = "weights"\n'
                'pattern = "squat"\nequipment = ["none"]\nunilateral = false\ncomplexity = 1\n'
                'loading = "bodyweight"\ncues = ["Stand tall"]\n'
            },
            "exercises.toml",
        ),
    ],
)
def test_hostile_config_names_the_field(
    database_url: str,
    good: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str],
    field: str,
) -> None:
    folder = tmp_path / "hostile-config"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(folder))
    capsys.readouterr()
    command = (
        ["load", "--one-rm", "100", "--percent", "80"]
        if "config.toml" in files
        else [*LOG, "back-squat", "3x5", "--database", database_url]
    )
    if "setups" in field:
        command = ["athlete", "create", "--name", "Bo", "--setup", "g", "--database", database_url]
    _hostile(command, field, capsys)
