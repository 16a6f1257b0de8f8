"""The logbook through the real entry point: the issue's commands, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from runstrong.cli.main import cli, run
from runstrong.settings import Context


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


@pytest.fixture
def ana(capsys: pytest.CaptureFixture[str]) -> None:
    call(
        ["athlete", "create", "--name", "Ana", "--units", "kg", "--setup", "home",
         "--runs", "tue=intervals,thu=tempo,sat=long"],
        capsys,
    )  # fmt: skip
    call(["athlete", "lift", "back-squat=100", *ANA, "--date", "2027-01-01"], capsys)


def test_athlete_commands(ana: None, capsys: pytest.CaptureFixture[str]) -> None:
    shown = json.loads(call(["athlete", "show", *ANA, "--format", "json"], capsys))
    assert shown["setup"] == "home" and shown["lifts"]["back-squat"]["one_rm"] == 100
    assert "Ana" in call(["athlete", "list"], capsys)
    call(["athlete", "edit", *ANA, "--equipment", "barbell,box", "--avoid", "back"], capsys)
    shown = json.loads(call(["athlete", "show", *ANA, "--format", "json"], capsys))
    assert shown["setup"] is None and shown["equipment"] == ["barbell", "box"]
    assert shown["avoid"] == ["back"]
    err = call(["athlete", "show", "--athlete", "bob"], capsys, code=2)
    assert (
        err == "runstrong: error: --athlete: no such entry 'bob' (see `runstrong athlete list`)\n"
    )
    call(["athlete", "delete", *ANA, "--yes"], capsys)
    assert "no athletes" in call(["athlete", "list"], capsys)


def test_experience_is_saved_shown_and_planned_with(
    ana: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "  experience: intermediate\n" in call(["athlete", "show", *ANA], capsys)
    call(["athlete", "create", "--name", "Bo", "--experience", "novice"], capsys)
    shown = json.loads(call(["athlete", "show", "--athlete", "bo", "--format", "json"], capsys))
    assert shown["experience"] == "novice"
    err = call(["athlete", "edit", *ANA, "--experience", "expert"], capsys, code=2)
    assert err == (
        "runstrong: error: --experience: 'expert' is not allowed; "
        "allowed: novice, intermediate, advanced\n"
    )
    call(["athlete", "edit", *ANA, "--experience", "advanced"], capsys)
    assert "  experience: advanced\n" in call(["athlete", "show", *ANA], capsys)
    week = ["--goal", "strength", "--phase", "pre-season", "--start", "2027-01-04"]
    plan = json.loads(call(["plan", *ANA, *week, "--format", "json"], capsys))
    assert plan["experience"] == "advanced"  # the saved one...
    typed = ["plan", *ANA, *week, "--experience", "novice", "--format", "json"]
    assert json.loads(call(typed, capsys))["experience"] == "novice"  # ...a typed wins
    alone = json.loads(call(["plan", *week, "--format", "json"], capsys))
    assert alone["experience"] == "intermediate"  # no athlete: the default


def test_log_history_progress_and_bad_notation(
    ana: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = call(
        ["log", *ANA, "--date", "2027-01-05", "back-squat", "3x5@85", "rdl", "3x6@70",
         "--rpe", "8"],
        capsys,
    )  # fmt: skip
    assert out.startswith("saved session #1 (2027-01-05, not planned)")
    err = call(["log", *ANA, "back-squat", "3x5@85", "rdl", "3xx6"], capsys, code=2)
    assert err.startswith("runstrong: error: SETS: '3xx6' is not valid")
    assert err.count("\n") == 1
    rows = json.loads(
        call(["history", *ANA, "--exercise", "back-squat", "--format", "json"], capsys)
    )
    assert [(r["sets"], r["reps"], r["load"], r["rpe"]) for r in rows] == [(3, 5, 85.0, 8.0)]
    text = call(["history", *ANA], capsys)
    assert "romanian-deadlift" in text and "3x6@70kg" in text
    chart = call(["progress", *ANA, "--exercise", "back-squat"], capsys)
    assert "back-squat e1RM" in chart and any(c in chart for c in "▁▂▃▄▅▆▇█")
    for name in ("squat.png", "squat.svg"):
        call(
            ["progress", *ANA, "--exercise", "back-squat", "--output", str(tmp_path / name)], capsys
        )
    assert (tmp_path / "squat.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "squat.svg").read_text()
    err = call(["progress", *ANA, "--output", str(tmp_path / "x.gif")], capsys, code=2)
    assert "--output" in err


def test_edit_and_delete_a_logged_session(ana: None, capsys: pytest.CaptureFixture[str]) -> None:
    call(["log", *ANA, "--date", "2027-01-05", "back-squat", "3x5@85"], capsys)
    out = call(["log", *ANA, "--date", "2027-01-05", "--edit", "1", "back-squat", "3x5@80"], capsys)
    assert out.startswith("updated session #1")
    rows = json.loads(call(["history", *ANA, "--format", "json"], capsys))
    assert [r["load"] for r in rows] == [80.0]
    call(["log", *ANA, "--delete", "1", "--yes"], capsys)
    assert json.loads(call(["history", *ANA, "--format", "json"], capsys)) == []
    assert "--edit/--delete" in call(["log", *ANA, "--delete", "7", "--yes"], capsys, code=2)


def test_today_is_a_rest_day_without_a_plan(ana: None, capsys: pytest.CaptureFixture[str]) -> None:
    out = call(["today", *ANA, "--date", "2027-01-06"], capsys)
    assert out == "2027-01-06: rest day (no strength session planned)\n"
    assert "no strength sessions" in call(["week", *ANA, "--date", "2027-01-06"], capsys)
    assert "no saved plans" in call(["plans", *ANA], capsys)


def test_backup_and_restore_round_trip(
    ana: None, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    call(["log", *ANA, "--date", "2027-01-05", "back-squat", "3x5@85", "plank", "2x30s"], capsys)
    path = tmp_path / "ana.json"
    call(["backup", "--output", str(path)], capsys)
    monkeypatch.setenv("RUNSTRONG_DATA_DIR", str(tmp_path / "other"))
    assert "restored 1 athlete(s): Ana" in call(["restore", str(path)], capsys)
    assert json.loads(call(["backup"], capsys)) == json.loads(path.read_text())
    assert "exists" in call(["restore", str(path)], capsys, code=2)
    (tmp_path / "foreign.json").write_text('{"schema": "runstrong.plan/1"}')
    assert "not a runstrong backup" in call(["restore", str(tmp_path / "foreign.json")], capsys, 2)
    (tmp_path / "broken.json").write_text("{not json")
    assert "is not JSON" in call(["restore", str(tmp_path / "broken.json")], capsys, 2)


def test_interactive_log_walks_the_plan(
    ana: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("back-squat 3x5@82.5\n\n"))
    out = call(["log", *ANA, "--date", "2027-01-05", "--interactive"], capsys)
    assert "back-squat 3x5@82.5kg" in out


def test_import_a_strong_export(
    ana: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "strong.csv"
    path.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE\n"
        "2026-12-01 07:00:00,Legs,45m,Squat (Barbell),1,90,5,0,0,,,8\n"
        "2026-12-01 07:00:00,Legs,45m,Squat (Barbell),2,90,5,0,0,,,8\n"
        "2026-12-01 07:00:00,Legs,45m,Moon Walk,1,10,5,0,0,,,\n"
    )
    data = json.loads(call(["import", str(path), *ANA, "--format", "json"], capsys))
    assert data["app"] == "strong" and data["sets"] == 2 and data["unknown"] == {"Moon Walk": 1}
    rows = json.loads(call(["history", *ANA, "--format", "json"], capsys))
    assert {r["exercise"] for r in rows} == {"back-squat"}


def _save_retest_plan() -> None:
    """A saved plan whose Wednesday 2027-01-06 is a re-test, shaped as `plan --retests` writes
    it: a 3-5RM back squat and a side plank held as long as possible, each side."""
    from runstrong import app as logbook

    session = {
        "date": "2027-01-06",
        "day": "wed",
        "kind": "retest",
        "minutes": 35,
        "exercises": [
            {"id": "back-squat", "name": "Back squat", "loading": "1rm", "sets": 1, "reps": 3,
             "reps_max": 5, "seconds": None, "per_side": False, "percent_1rm": 87.0,
             "load": 87.5, "rir": 0, "equipment": ["barbell"]},
            {"id": "side-plank", "name": "Side plank", "loading": "time", "sets": 1,
             "reps": None, "reps_max": None, "seconds": None, "per_side": True,
             "percent_1rm": None, "load": None, "rir": None, "equipment": ["none"]},
        ],
    }  # fmt: skip
    plan = {
        "schema": "runstrong.plan/1",
        "goal": "strength",
        "phase": "pre-season",
        "units": "kg",
        "weeks": [{"index": 1, "start": "2027-01-04", "sessions": [session]}],
    }
    db = Context.from_environment()
    logbook.save_plan(db, "ana", plan, {"goal": "strength"})
    db.close()


def test_a_retest_with_a_timed_hold(
    ana: None, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save_retest_plan()
    today = call(["today", *ANA, "--date", "2027-01-06"], capsys)
    assert "· retest ·" in today
    assert "Side plank: 1 x hold as long as you can, each side" in today
    out = call(
        ["log", *ANA, "--date", "2027-01-06", "side-plank", "1x75s", "back-squat", "1x4@95"],
        capsys,
    )
    assert "1RM back-squat: 107.67 kg (retest from 4 x 95, epley, 2027-01-06)" in out
    assert "hold side-plank: 75 s per side (retest, 2027-01-06): scheduled re-test" in out
    shown = call(["athlete", "show", *ANA], capsys)
    assert (
        "holds (longest, from re-tests):\n    side-plank: 75 s per side (retest, 2027-01-06)"
        in (shown)
    )
    data = json.loads(call(["athlete", "show", *ANA, "--format", "json"], capsys))
    assert data["holds"] == {
        "side-plank": {"exercise": "side-plank", "seconds": 75, "per_side": True,
                       "date": "2027-01-06", "source": "retest"},
    }  # fmt: skip
    assert data["lifts"]["back-squat"]["source"] == "retest"
    text = call(["history", *ANA], capsys)
    assert text.splitlines()[0].endswith("planned  re-test")
    assert "1x75s@bw" in text and text.count("hold 75s per side") == 1
    assert "1RM 107.67kg" in text
    rows = json.loads(call(["history", *ANA, "--format", "json"], capsys))
    assert [r["retest"] for r in rows] == [{"seconds": 75, "per_side": True}, {"one_rm": 107.67}]

    path = tmp_path / "ana.json"
    call(["backup", "--output", str(path)], capsys)
    assert json.loads(path.read_text())["athletes"][0]["holds"][0]["seconds"] == 75
    monkeypatch.setenv("RUNSTRONG_DATA_DIR", str(tmp_path / "other"))
    call(["restore", str(path)], capsys)
    assert json.loads(call(["backup"], capsys)) == json.loads(path.read_text())
    assert "side-plank: 75 s per side" in call(["athlete", "show", *ANA], capsys)


def test_an_interactive_retest_asks_for_the_hold_time(
    ana: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    _save_retest_plan()
    # Enter keeps the squat's planned 1x3@87.5; the hold has no default, so an empty answer
    # is asked again; then one time per side.
    monkeypatch.setattr("sys.stdin", io.StringIO("\n\n1x80s 1x70s\n"))
    out = call(["log", *ANA, "--date", "2027-01-06", "--interactive", "--format", "json"], capsys)
    data = json.loads(out)
    assert [(e["exercise"], e["reps"], e["seconds"]) for e in data["entries"]] == [
        ("back-squat", 3, None), ("side-plank", None, 80), ("side-plank", None, 70),
    ]  # fmt: skip
    assert data["holds"] == [
        {"exercise": "side-plank", "seconds": 70, "per_side": True, "date": "2027-01-06",
         "source": "retest"},
    ]  # fmt: skip


def _save_squat_plan() -> None:
    """A saved plan with a back squat on two Tuesdays: 3x5 at 85% (85 kg from the 100 kg squat),
    then 3x4 at 87.5%."""
    from runstrong import app as logbook

    def squat(day: str, reps: int, percent: float) -> dict[str, object]:
        item = {
            "id": "back-squat",
            "name": "Back squat",
            "loading": "1rm",
            "sets": 3,
            "reps": reps,
            "reps_max": reps,
            "seconds": None,
            "per_side": False,
            "percent_1rm": percent,
            "load": percent,
            "rir": 2,
            "equipment": ["barbell"],
        }
        return {"date": day, "minutes": 40, "exercises": [item]}  # fmt: skip

    plan = {
        "schema": "runstrong.plan/1",
        "goal": "strength",
        "phase": "pre-season",
        "units": "kg",
        "weeks": [
            {"index": 1, "start": "2027-01-04", "sessions": [squat("2027-01-05", 5, 85.0)]},
            {"index": 2, "start": "2027-01-11", "sessions": [squat("2027-01-12", 4, 87.5)]},
        ],
    }
    db = Context.from_environment()
    logbook.save_plan(db, "ana", plan, {"goal": "strength"})
    db.close()


def test_log_says_what_held_and_refuses_a_second_log(
    ana: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _save_squat_plan()
    day = ["--date", "2027-01-05"]
    out = call(["log", *ANA, *day, "back-squat", "3x5@80", "--rpe", "7"], capsys)
    assert out == (
        "saved session #1 (2027-01-05, plan #1)\n"
        "  back-squat 3x5@80kg@rpe7\n"
        "  1RM back-squat: 100 kg (unchanged): held: lifted 80, lighter than the planned 85: "
        "judged against the plan, repeat it\n"
    )
    err = call(["log", *ANA, *day, "back-squat", "3x5@85", "--rpe", "8"], capsys, code=2)
    assert err.startswith("runstrong: error: --edit: session #1 already logs back-squat on ")
    assert "`runstrong log --athlete Ana --edit 1 EXERCISE SETS...`" in err
    assert err.count("\n") == 1
    out = call(["log", *ANA, *day, "--edit", "1", "back-squat", "3x5@85", "--rpe", "8"], capsys)
    assert "1RM back-squat: 104.81 kg (estimated-logs from 5 x 85, rts, 2027-01-05): progress" in (
        out
    )  # 85 / 0.811 = 104.81
    data = json.loads(
        call(["log", *ANA, "--date", "2027-01-12", "back-squat", "1x4@92.5@rpe9.5",
              "2x3@92.5@rpe9.5", "--format", "json"], capsys)
    )  # fmt: skip
    assert data["learnt"] == []
    assert data["held"] == [
        {"exercise": "back-squat", "one_rm": 104.81, "why": "reps missed once: repeat the load"}
    ]
    # Interactively, a logged exercise is not asked again: nothing new, nothing saved.
    import io

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO("\n"))
        err = call(["log", *ANA, *day, "--interactive"], capsys, code=2)
    assert "back-squat: already logged (session #1)" in err
    assert err.endswith("runstrong: error: SETS: nothing was entered; nothing saved\n")
    # `week` shows the first Tuesday as planned then (85 kg), and what was lifted.
    week = call(["week", *ANA, "--date", "2027-01-05"], capsys)
    assert "  Back squat: 3x5@85kg -> lifted 3x5@85kg@rpe8\n  logged: session #1" in week
    later = json.loads(call(["week", *ANA, "--date", "2027-01-12", "--format", "json"], capsys))
    assert later[0]["session"]["exercises"][0]["load"] == 92.5  # 87.5% of 104.81
    assert [(e["reps"], e["load"]) for e in later[0]["lifted"]] == [(4, 92.5), (3, 92.5)]
    # `progress` draws the held session.
    found = json.loads(
        call(["progress", *ANA, "--exercise", "back-squat", "--format", "json"], capsys)
    )
    assert found["held"] == [["2027-01-12", 104.81]]
    text = call(["progress", *ANA, "--exercise", "back-squat"], capsys)
    assert "back-squat e1RM (2027-01-01 to 2027-01-12, 3 points)" in text
    assert "  held (1RM kept) on 2027-01-12\n" in text
    call(
        ["progress", *ANA, "--exercise", "back-squat", "--output", str(tmp_path / "h.svg")], capsys
    )
    svg = (tmp_path / "h.svg").read_text()
    assert "<!-- held -->" in svg and "<!-- new 1RM -->" in svg  # the legend of the 1RM panel


def test_chart_weeks_are_bars_of_five_days_on_a_readable_axis() -> None:
    import datetime as dt

    from runstrong.export import charts

    monday = dt.date(2026, 11, 23)
    assert charts.week_centre(monday) == dt.datetime(2026, 11, 26, 12)  # Thursday noon
    assert charts.WEEK_BAR_DAYS == 5
    first, last = charts.x_range([], [monday])  # one week is not stretched over the axis
    assert last - first == dt.timedelta(days=charts.MIN_SPAN_DAYS)
    assert first < dt.datetime(2026, 11, 23, 12) and last > dt.datetime(2026, 11, 29, 12)
    first, last = charts.x_range([dt.date(2026, 10, 1)], [monday])
    assert (first.date(), last.date()) == (dt.date(2026, 9, 30), dt.date(2026, 12, 1))
    days = [dt.date(2026, 12, 21), dt.date(2026, 12, 28), dt.date(2027, 1, 4)]
    assert charts.date_labels(days) == ["21 Dec\n2026", "28 Dec", "04 Jan\n2027"]
    assert charts.date_labels([dt.date(2027, 1, 1), dt.date(2027, 2, 1)]) == ["Jan\n2027", "Feb"]


PLAN_HAS_ATHLETE = any("--athlete" in p.opts for p in cli.commands["plan"].params)


@pytest.mark.skipif(not PLAN_HAS_ATHLETE, reason="`plan --athlete/--save` is not wired in yet")
def test_plan_for_a_saved_athlete_is_saved_and_drives_today(
    ana: None, capsys: pytest.CaptureFixture[str]
) -> None:
    call(
        ["plan", *ANA, "--goal", "strength", "--phase", "pre-season", "--weeks", "6",
         "--start", "2027-01-04", "--save"],
        capsys,
    )  # fmt: skip
    plans = json.loads(call(["plans", *ANA, "--format", "json"], capsys))
    assert len(plans) == 1 and plans[0]["weeks"] == 6 and plans[0]["start"] == "2027-01-04"
    week = json.loads(call(["week", *ANA, "--date", "2027-01-04", "--format", "json"], capsys))
    assert week and all(s["plan_id"] == plans[0]["id"] for s in week)


def test_the_cli_starts_without_sqlalchemy() -> None:
    code = (
        "import sys, runstrong.cli.main; "
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
