"""Each web worker runs background jobs in a thread while it serves (RUNSTRONG_JOBS, on by
default for `runstrong serve`'s workers; off for an app made without asking)."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from runstrong import api
from runstrong import app as logbook
from runstrong.app import jobs
from runstrong.app.requests import AthleteRequest
from runstrong.errors import InputError
from runstrong.settings import Context
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
