"""Rendered pages kept per worker are never stale and never another runner's: a write through
another Context (another worker, another server, the CLI) shows on the next request."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from anyio import to_thread
from fastapi.testclient import TestClient
from webhelp import html, save_plan, sign_up

from runstrong.app import athletes, schedule
from runstrong.app.requests import AthleteEdit, LogRequest
from runstrong.app.sessions import log
from runstrong.settings import Context
from runstrong.web import deps
from runstrong.web.pages import home


def _other_worker(web_context: Context) -> Context:
    """A second process's Context on the same database file."""
    return Context(web_context.settings, web_context.db.url)


def test_a_kept_page_is_served_without_reading_the_logbook_again(
    runner: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_plan(runner)
    reads: list[str] = []
    real = schedule.overview

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append("overview")
        return real(*args, **kwargs)

    monkeypatch.setattr(schedule, "overview", counted)
    first = runner.get("/")
    again = runner.get("/")
    assert first.status_code == again.status_code == 200
    assert first.text == again.text
    assert reads == ["overview"]


def test_a_log_by_another_worker_shows_on_the_next_request(
    runner: TestClient, web_context: Context
) -> None:
    save_plan(runner)
    before = html(runner.get("/"))
    assert "0 of" in before.get_text(" ", strip=True) or "done" in before.get_text()
    other = _other_worker(web_context)
    try:
        log(other, LogRequest(athlete="Ana", entries=("back-squat", "3x5@80"), date="2027-01-05"))
    finally:
        other.close()
    after = runner.get("/")
    assert after.text != before.decode()
    assert "done" in html(after).select_one("table").get_text(" ", strip=True)


def test_a_running_week_changed_from_the_cli_shows_on_the_next_request(
    runner: TestClient, web_context: Context
) -> None:
    save_plan(runner)
    assert "easy" not in html(runner.get("/")).select_one("table").get_text(" ")
    other = _other_worker(web_context)
    try:
        athletes.edit_athlete(other, AthleteEdit(athlete="Ana", runs="thu=easy"))
    finally:
        other.close()
    assert "easy" in html(runner.get("/")).select_one("table").get_text(" ")


def test_two_runners_never_see_each_others_kept_page(
    runner: TestClient, new_client: Callable[[], TestClient]
) -> None:
    save_plan(runner)
    bea = new_client()
    assert sign_up(bea, email="bea@example.org", name="Bea").status_code == 303
    tokens = set()
    for _ in range(2):
        anas, beas = html(runner.get("/")), html(bea.get("/"))
        assert anas.find("a", string="Start session") is not None  # Ana has a plan
        assert beas.find("a", string="Start session") is None  # Bea has none yet
        tokens |= {str(p.find("input", {"name": "csrf"})["value"]) for p in (anas, beas)}
    assert len(tokens) == 2  # each page carries its own session's token, every time


def test_a_plan_page_of_another_runner_stays_404_after_its_owner_opened_it(
    runner: TestClient, new_client: Callable[[], TestClient]
) -> None:
    plan_id = save_plan(runner)
    assert runner.get(f"/plans/{plan_id}").status_code == 200
    bea = new_client()
    assert sign_up(bea, email="bea@example.org", name="Bea").status_code == 303
    assert bea.get(f"/plans/{plan_id}").status_code == 404
    assert bea.get(f"/plans/{plan_id}/weeks/1").status_code == 404


def test_signing_out_and_in_again_gets_a_page_with_the_new_sessions_token(
    runner: TestClient,
) -> None:
    save_plan(runner)
    first = html(runner.get("/")).find("input", {"name": "csrf"})
    runner.cookies.clear()
    from webhelp import PASSWORD, form_token

    token = form_token(runner, "/login")
    signed = runner.post(
        "/login",
        data={"email": "ana@example.org", "password": PASSWORD, "form_token": token},
        follow_redirects=False,
    )
    assert signed.status_code == 303
    second = html(runner.get("/")).find("input", {"name": "csrf"})
    assert first is not None and second is not None
    assert first["value"] != second["value"]


def test_a_kept_page_is_served_while_every_request_thread_is_busy(
    app: Any,
    runner: TestClient,
    new_client: Callable[[], TestClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Who asks is checked in a lane of its own (deps.SESSION_LANE): a runner's kept page does
    not wait behind another runner's slow page holding the worker's only request thread."""
    save_plan(runner)
    assert runner.get("/").status_code == 200  # Ana's week is kept
    bea = new_client()
    assert sign_up(bea, email="bea@example.org", name="Bea").status_code == 303
    started, release = threading.Event(), threading.Event()
    real = home.week_view

    def slow(*args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(home, "week_view", slow)
    at = app.dependency_overrides[deps.now]()

    async def fixed_clock() -> dt.datetime:  # async as the real clock: no thread of its own
        return at

    app.dependency_overrides[deps.now] = fixed_clock

    async def both() -> tuple[int, bool, int]:
        to_thread.current_default_thread_limiter().total_tokens = 1  # `serve --threads 1`
        loop = asyncio.get_running_loop()

        def browser(client: TestClient) -> httpx.AsyncClient:
            transport = httpx.ASGITransport(app=app)
            return httpx.AsyncClient(
                transport=transport, base_url="http://testserver", cookies=client.cookies
            )

        async with browser(bea) as b, browser(runner) as a:
            beas = asyncio.create_task(b.get("/"))  # holds the request thread
            assert await loop.run_in_executor(None, started.wait, 10)
            anas = await asyncio.wait_for(a.get("/"), 5)
            waiting = not beas.done()
            release.set()
            return anas.status_code, waiting, (await beas).status_code

    try:
        # A loop of its own in a thread of its own: another test (a browser's) may have left
        # one running in this thread.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            assert pool.submit(asyncio.run, both()).result(timeout=30) == (200, True, 200)
    finally:
        release.set()
