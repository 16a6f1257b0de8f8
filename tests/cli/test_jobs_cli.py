"""`runstrong migrate` and `runstrong jobs` through the real entry point: output, errors, exits;
and `jobs work` as a process that SIGTERM stops after the job in hand."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from runstrong.cli.main import run
from runstrong.storage import db


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "config").mkdir()
    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("RUNSTRONG_DATA_DIR", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    monkeypatch.setenv("RUNSTRONG_DATABASE_URL", url)
    return url


def call(argv: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> tuple[str, str]:
    assert run(argv) == code, capsys.readouterr()
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_migrate_creates_the_schema_as_a_step_of_its_own(
    isolated: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, err = call(["migrate"], capsys)
    assert err == f"runstrong: the schema is at revision {db.HEAD}\n"
    database = db.connect(isolated, create=False)
    with database.engine.connect() as conn:
        assert db.current_revision(conn) == db.HEAD
    database.close()
    call(["migrate"], capsys)  # again: nothing to do, same answer
    other = tmp_path / "other.db"
    call(["migrate", "--database", f"sqlite:///{other}"], capsys)
    assert other.exists()


def _saved_plans(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("Ana", "Bo"):
        call(["athlete", "create", "--name", name, "--setup", "gym"], capsys)
        plan = ["plan", "--athlete", name, "--goal", "strength", "--phase", "pre-season"]
        call([*plan, "--weeks", "2", "--start", "2027-01-04", "--save"], capsys)


def test_check_plans_then_work_once_then_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = call(["jobs", "list"], capsys)
    assert out == "no jobs\n"
    _saved_plans(capsys)
    out, _ = call(["jobs", "check-plans"], capsys)
    assert out == "queued 2 plan check(s); 0 already queued\n"
    out, _ = call(["jobs", "check-plans", "--athlete", "bo"], capsys)
    assert out == "queued 0 plan check(s); 1 already queued\n"
    out, _ = call(["jobs", "list"], capsys)
    assert out.splitlines() == [
        "kind         queued  running     done   failed",
        "plan.check        2        0        0        0",
    ]
    _, err = call(["jobs", "work", "--once"], capsys)
    assert err == "ran 2 job(s): 2 done, 0 to retry, 0 failed\n"
    _, err = call(["jobs", "work", "--once"], capsys)
    assert err == "ran 0 job(s): 0 done, 0 to retry, 0 failed\n"
    out, _ = call(["jobs", "list", "--format", "json"], capsys)
    listed = json.loads(out)
    assert listed["counts"] == {"plan.check": {"queued": 0, "running": 0, "done": 2, "failed": 0}}
    assert listed["jobs"] == []  # no failed job
    out, _ = call(["jobs", "list", "--status", "done", "--format", "json"], capsys)
    done = json.loads(out)["jobs"]
    assert [(j["id"], j["status"], j["attempts"]) for j in done] == [(2, "done", 1), (1, "done", 1)]
    assert done[1]["result"] == {"athlete": "Ana", "plan_id": 1, "ok": True, "violations": []}
    out, _ = call(["jobs", "show", "1"], capsys)
    assert out.startswith("1  plan.check  done  attempt 1/3  ")
    assert '"ok": true' in out and '"plan_id": 1' in out


def test_failed_jobs_are_listed_with_their_errors(capsys: pytest.CaptureFixture[str]) -> None:
    _saved_plans(capsys)
    call(["jobs", "check-plans"], capsys)
    call(
        ["athlete", "delete", "--athlete", "bo", "--yes"], capsys
    )  # its plan goes before the check runs
    _, err = call(["jobs", "work", "--once"], capsys)
    assert err.endswith("ran 2 job(s): 1 done, 0 to retry, 1 failed\n")
    out, _ = call(["jobs", "list"], capsys)
    lines = out.splitlines()
    assert lines[1] == "plan.check        0        0        1        1"
    assert lines[3] == "failed:"
    assert lines[4].startswith("2  plan.check  failed  attempt 1/3  ")
    assert "no such" in lines[4] and "Bo" in lines[4]


def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    call(["migrate"], capsys)
    _, err = call(["jobs", "show", "7"], capsys, code=2)
    assert err == "runstrong: error: job: no such entry '7'\n"
    _, err = call(["jobs", "list", "--status", "lost"], capsys, code=2)
    assert "--status" in err and "'lost' is not one of" in err
    _, err = call(["jobs", "work", "--lease", "1"], capsys, code=2)
    assert "--lease" in err and "Traceback" not in err
    _, err = call(["jobs", "check-plans", "--athlete", "nobody"], capsys, code=2)
    assert err.count("\n") == 1 and "nobody" in err


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_work_runs_until_sigterm_or_ctrl_c_then_stops_cleanly(
    isolated: str, capsys: pytest.CaptureFixture[str], stop: signal.Signals
) -> None:
    _saved_plans(capsys)
    call(["jobs", "check-plans"], capsys)
    env = {**os.environ, "RUNSTRONG_DATABASE_URL": isolated}
    worker = subprocess.Popen(
        [sys.executable, "-m", "runstrong", "jobs", "work", "--poll", "0.1"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            out, _ = call(["jobs", "list", "--format", "json"], capsys)
            if json.loads(out)["counts"]["plan.check"]["done"] == 2:
                break
            time.sleep(0.05)
        assert worker.poll() is None  # done, still waiting for more
    finally:
        worker.send_signal(stop)
        _, err = worker.communicate(timeout=15)
    assert worker.returncode == 0, err
    lines = err.splitlines()
    assert lines[0].startswith("runstrong: job runner ") and lines[0].endswith(
        " working (block.publish, plan.check)"
    )
    assert lines[-1].endswith(" stopped")
    out, _ = call(["jobs", "list", "--format", "json"], capsys)
    assert json.loads(out)["counts"]["plan.check"]["done"] == 2


def test_prune_deletes_only_jobs_that_ended_long_enough_ago(
    isolated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    from sqlalchemy import text

    _saved_plans(capsys)
    call(["jobs", "check-plans"], capsys)
    call(["jobs", "work", "--once"], capsys)
    call(["jobs", "check-plans", "--athlete", "ana"], capsys)  # done already: nothing new
    out, _ = call(["jobs", "prune"], capsys)
    assert out == "deleted 0 job(s) that ended more than 30 day(s) ago\n"
    database = db.connect(isolated)
    long_ago = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=31)
    with database.engine.begin() as conn:  # Ana's check ended 31 days ago; Bo's is queued again
        conn.execute(text("UPDATE jobs SET finished = :t WHERE id = 1"), {"t": long_ago})
        conn.execute(text("UPDATE jobs SET status = 'queued', finished = NULL WHERE id = 2"))
    database.close()
    out, _ = call(["jobs", "prune", "--days", "32"], capsys)
    assert out.startswith("deleted 0 job(s)")
    out, _ = call(["jobs", "prune", "--days", "30"], capsys)
    assert out == "deleted 1 job(s) that ended more than 30 day(s) ago\n"
    out, _ = call(["jobs", "list", "--format", "json"], capsys)
    assert json.loads(out)["counts"] == {
        "plan.check": {"queued": 1, "running": 0, "done": 0, "failed": 0}
    }
    out, _ = call(["jobs", "check-plans", "--athlete", "ana"], capsys)
    assert out == "queued 1 plan check(s); 0 already queued\n"  # its key is free again
    _, err = call(["jobs", "prune", "--days", "0"], capsys, code=2)
    assert "--days" in err
