"""Each web worker runs background jobs in a thread while it serves (RUNSTRONG_JOBS, on by
default for `runstrong serve`'s workers; off for an app made without asking)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from runstrong import api
from runstrong import app as logbook
from runstrong.app import jobs
from runstrong.app.requests import AthleteRequest
from runstrong.errors import InputError
from runstrong.settings import Context, Settings
from runstrong.web import app as web


def _queued_check(ctx: Context) -> int:
    logbook.create_athlete(ctx, AthleteRequest(name="Ana", setup="gym"))
    built = api.build_plan(goal="strength", phase="pre-season", start="2027-01-04", setup="gym")
    plan_id = logbook.save_plan(ctx, "Ana", api.plan_json(built), {})
    payload = {"athlete": "Ana", "plan_id": plan_id}
    job_id, _ = jobs.enqueue(ctx, "plan.check", payload, now=jobs.utc_now())
    return job_id


def test_a_worker_asked_to_runs_queued_jobs_while_it_serves(web_context: Context) -> None:
    job_id = _queued_check(web_context)
    app = web.create_app(web_context, secret=b"test-secret", jobs=True)
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        deadline = time.monotonic() + 10
        while jobs.job(web_context, job_id).status != "done" and time.monotonic() < deadline:
            time.sleep(0.02)
        done = jobs.job(web_context, job_id)
    assert done.status == "done" and done.result is not None and done.result["ok"] is True
    assert done.locked_by is not None and done.locked_by.split(":")[1].isdigit()


def test_an_app_made_without_asking_leaves_the_queue_alone(
    web_context: Context, client: TestClient
) -> None:
    job_id = _queued_check(web_context)
    assert client.get("/healthz").status_code == 200
    assert jobs.job(web_context, job_id).status == "queued"


def test_the_variable_switches_the_workers_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[bool] = []
    real = web.create_app
    monkeypatch.setattr(web, "create_app", lambda *a, **k: made.append(k["jobs"]) or real(*a, **k))
    monkeypatch.delenv("RUNSTRONG_JOBS", raising=False)
    web.from_environment()
    for value in ("off", "ON", "0", "yes"):
        monkeypatch.setenv("RUNSTRONG_JOBS", value)
        web.from_environment()
    assert made == [True, False, True, False, True]
    monkeypatch.setenv("RUNSTRONG_JOBS", "sometimes")
    with pytest.raises(InputError, match="RUNSTRONG_JOBS: must be on or off; got 'sometimes'"):
        web.from_environment()


def test_serve_s_workers_run_the_queue_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    ctx = Context(Settings(config_dir=tmp_path, data_dir=tmp_path), postgres_url)
    ids = [_queued_check(ctx)]
    for n in range(5):
        payload = {"athlete": "Ana", "plan_id": 1, "n": n}
        ids.append(jobs.enqueue(ctx, "plan.check", payload, now=jobs.utc_now())[0])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if k != "RUNSTRONG_JOBS"}
    env |= {"RUNSTRONG_CONFIG_DIR": str(tmp_path), "RUNSTRONG_DATA_DIR": str(tmp_path)}
    command = ["serve", "--port", str(port), "--workers", "2", "--database", postgres_url]
    server = subprocess.Popen(
        [sys.executable, "-m", "runstrong", *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if all(jobs.job(ctx, i).status == "done" for i in ids):
                break
            time.sleep(0.05)
        found = [jobs.job(ctx, i) for i in ids]
        assert [(j.status, j.attempts) for j in found] == [("done", 1)] * len(ids)
        pids = {int((j.locked_by or "").split(":")[1]) for j in found}
        assert server.pid not in pids  # run by the workers uvicorn started, not by `serve`
    finally:
        server.terminate()
        _, err = server.communicate(timeout=15)
        ctx.close()
    assert "Traceback" not in err
