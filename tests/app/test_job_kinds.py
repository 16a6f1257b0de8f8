"""Background jobs through the application layer: the plan.check kind on saved plans, the
runner's retries with backoff and its permanent failures, and its thread (SQLite and
PostgreSQL)."""

from __future__ import annotations

import copy
import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest

from runstrong import api
from runstrong import app as logbook
from runstrong.app import jobs
from runstrong.app.requests import AthleteRequest
from runstrong.errors import InputError
from runstrong.settings import Context
from runstrong.storage import jobs as store

T0 = dt.datetime(2027, 1, 4, 7, 0)


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def ctx(database_url: str) -> Iterator[Context]:
    found = Context.from_environment(database_url)
    logbook.create_athlete(found, AthleteRequest(name="Ana", setup="gym"))
    logbook.create_athlete(found, AthleteRequest(name="Bo", setup="home"))
    yield found
    found.close()


def _plan() -> dict[str, Any]:
    built = api.build_plan(goal="strength", phase="in-season", start="2027-01-04", setup="gym")
    return api.plan_json(built)


def _broken(plan: dict[str, Any]) -> dict[str, Any]:
    """The plan with its first session holding eight exercises (the rule allows 3-5)."""
    bad = copy.deepcopy(plan)
    session = bad["weeks"][0]["sessions"][0]
    session["exercises"] = (session["exercises"] * 4)[:8]
    return bad


def test_check_plans_queues_each_saved_plan_once_and_the_runner_records_verdicts(
    ctx: Context,
) -> None:
    good = logbook.save_plan(ctx, "Ana", _plan(), {})
    bad = logbook.save_plan(ctx, "Bo", _broken(_plan()), {})
    queued = jobs.check_plans(ctx, now=T0)
    assert [new for _, new in queued] == [True, True]
    assert [new for _, new in jobs.check_plans(ctx, now=T0)] == [False, False]  # same version
    assert [new for _, new in jobs.check_plans(ctx, "bo", now=T0)] == [False]
    clock = Clock()
    ran = jobs.Runner(ctx, clock=clock).drain()
    assert [(j.kind, j.status, j.attempts) for j in ran] == [("plan.check", "done", 1)] * 2
    verdicts = {j.result["plan_id"]: j.result for j in ran if j.result}
    assert verdicts[good]["ok"] is True and verdicts[good]["violations"] == []
    assert verdicts[good]["athlete"] == "Ana"
    assert verdicts[bad]["ok"] is False
    assert any("exercises" in v["message"] for v in verdicts[bad]["violations"])
    assert jobs.counts(ctx) == {"plan.check": {"queued": 0, "running": 0, "done": 2, "failed": 0}}
    assert jobs.Runner(ctx, clock=clock).once() is None


def test_a_check_of_a_plan_gone_fails_at_once_with_the_reason(ctx: Context) -> None:
    job_id, _ = jobs.enqueue(ctx, "plan.check", {"athlete": "Ana", "plan_id": 99}, now=T0)
    missing, _ = jobs.enqueue(ctx, "plan.check", {"athlete": "Ana"}, now=T0)
    ran = jobs.Runner(ctx, clock=Clock()).drain()
    assert [(j.id, j.status, j.attempts) for j in ran] == [
        (job_id, "failed", 1),
        (missing, "failed", 1),
    ]
    assert "99" in (jobs.job(ctx, job_id).error or "")
    assert "plan_id" in (jobs.job(ctx, missing).error or "")
    assert [j.id for j in jobs.listed(ctx, status="failed")] == [missing, job_id]


def test_unknown_kinds_and_statuses_are_refused_by_name(ctx: Context) -> None:
    with pytest.raises(
        InputError, match=r"kind: 'plan\.explode' is not a job kind; allowed: .*plan\.check"
    ):
        jobs.enqueue(ctx, "plan.explode", {}, now=T0)
    with pytest.raises(InputError, match="status: 'lost' is not allowed"):
        jobs.listed(ctx, status="lost")


def test_a_failing_kind_is_retried_with_a_doubling_backoff_then_failed(ctx: Context) -> None:
    calls: list[int] = []

    def flaky(_ctx: Context, _session: Any, job: jobs.Job) -> dict[str, Any]:
        calls.append(job.attempts)
        raise ConnectionError("the mail server hung up")

    kinds = {"test.flaky": jobs.Kind("test.flaky", flaky, "fails", max_attempts=3)}
    with ctx.db.write() as s:
        job_id, _ = store.enqueue(s, "test.flaky", {}, now=T0, max_attempts=3)
    clock = Clock()
    runner = jobs.Runner(ctx, timing=jobs.Timing(backoff=10), kinds=kinds, clock=clock)
    first = runner.once()
    assert first is not None and (first.status, first.attempts) == ("queued", 1)
    assert first.run_after == T0 + dt.timedelta(seconds=10)
    assert first.error == "ConnectionError: the mail server hung up"
    clock.now = T0 + dt.timedelta(seconds=9)
    assert runner.once() is None  # not yet
    clock.now = T0 + dt.timedelta(seconds=10)
    second = runner.once()
    assert second is not None and second.run_after == clock.now + dt.timedelta(seconds=20)
    clock.now = second.run_after
    third = runner.once()
    assert third is not None and (third.status, third.attempts, third.finished) == (
        "failed",
        3,
        clock.now,
    )
    assert calls == [1, 2, 3]
    clock.now += dt.timedelta(days=1)
    assert runner.once() is None
    assert jobs.job(ctx, job_id).error == "ConnectionError: the mail server hung up"


def test_the_runner_thread_runs_queued_jobs_and_stops(ctx: Context) -> None:
    plan_id = logbook.save_plan(ctx, "Ana", _plan(), {})
    runner = jobs.Runner(ctx, timing=jobs.Timing(poll=0.05))
    thread = runner.start()
    try:
        job_id, _ = jobs.enqueue(
            ctx, "plan.check", {"athlete": "Ana", "plan_id": plan_id}, now=jobs.utc_now()
        )
        deadline = time.monotonic() + 10
        while jobs.job(ctx, job_id).status != "done" and time.monotonic() < deadline:
            time.sleep(0.02)
        assert jobs.job(ctx, job_id).status == "done"
    finally:
        runner.stop()
    assert not thread.is_alive()
