"""Gym mode without a network: the service worker serves the session page, the log waits on
the phone and is stored once when the network is back."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import browserhelp as bh
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

ROWS = re.compile(r"(\d+) logged rows?")


def _logged_rows(page: Page, base: str) -> int:
    """The server's count of the runner's logged rows (the history page)."""
    page.goto(f"{base}/history")
    found = ROWS.search(page.locator("#history").inner_text())
    return int(found[1]) if found else 0


@pytest.mark.parametrize("device", ["phone"])  # the gym's device; the queue is the same code
def test_a_log_made_offline_is_synced_once(
    page: Page,
    context: BrowserContext,
    live_server: str,
    page_problems: Callable[[], list[str]],
    shot: Callable[[Page, str], Path],
) -> None:
    base = live_server
    bh.sign_up(page, base, "offline")
    bh.save_plan(page, base)
    sid = bh.first_session(page, base)
    session_url = f"{base}/sessions/{sid}"

    # Online: the worker takes control, and the next load of the session page is kept by it.
    page.goto(session_url)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()
    heading = page.locator("h1").inner_text()
    client_id = page.locator("input[name=client_id]").input_value()
    exercises = page.locator("form.log-form input[name$='.id']").count()
    assert exercises >= 1

    # Offline: a reload still shows the session, from the worker's copy.
    context.set_offline(True)
    response = page.reload()
    assert response is not None and response.ok
    assert response.from_service_worker
    assert page.locator("h1").inner_text() == heading
    assert page.locator("input[name=client_id]").input_value() == client_id
    shot(page, "offline-01-session")

    # The log waits on the phone; pressing Save again does not make a second one.
    bh.tick_all(page, rpe="8")
    save = page.get_by_role("button", name="Save log")
    save.click()
    status = page.locator("#sync-status")
    assert status.inner_text() == "1 log waiting to sync"
    in_sight = """(e) => {
      const r = e.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    }"""
    assert status.evaluate(in_sight), "the runner at the Save button does not see the status"
    save.click()
    assert status.inner_text() == "1 log waiting to sync"
    queued = page.evaluate("() => JSON.parse(localStorage.getItem('runstrong.queue'))")
    assert len(queued) == 1
    assert ["client_id", client_id] in queued[0]["fields"]
    shot(page, "offline-02-queued")

    # Back online: the queue is sent by itself.
    context.set_offline(False)
    page.wait_for_function(
        "() => document.getElementById('sync-status').textContent === 'Synced 1 log'"
    )
    assert page.evaluate("() => localStorage.getItem('runstrong.queue')") is None
    shot(page, "offline-03-synced")

    # The same log sent once more (a lost answer, a retry) is the same log: the server says so.
    save.click()
    page.locator("section.flash.ok").get_by_role("heading", name="Already saved").wait_for()
    assert _logged_rows(page, base) == exercises
    history = page.locator("table.history tbody tr")
    assert history.count() == exercises
    assert history.locator("td:nth-child(4)").all_inner_texts() == ["8"] * exercises  # the RPE

    assert page_problems() == []


@pytest.mark.parametrize("device", ["desktop"])
def test_the_workers_caches_follow_the_release(
    page: Page, live_server: str, page_problems: Callable[[], list[str]]
) -> None:
    """The worker is registered as /sw.js?v=VERSION (from <body data-version>) and names its
    caches by it; a worker of another release deletes the caches of the one before."""
    from runstrong.version import __version__

    page.goto(f"{live_server}/login")
    assert page.locator("body").get_attribute("data-version") == __version__
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    found = page.evaluate(
        """async () => ({
            script: (await navigator.serviceWorker.getRegistration()).active.scriptURL,
            names: await caches.keys(),
        })"""
    )
    assert found["script"].endswith(f"/sw.js?v={__version__}")
    assert f"runstrong-static-{__version__}" in found["names"]
    after = page.evaluate(
        """async () => {
            const next = await navigator.serviceWorker.register("/sw.js?v=next-release");
            await new Promise((done) => {
              const worker = next.installing || next.waiting || next.active;
              if (worker.state === "activated") return done();
              worker.addEventListener("statechange", () => worker.state === "activated" && done());
            });
            return await caches.keys();
        }"""
    )
    assert "runstrong-static-next-release" in after
    assert not [n for n in after if n.startswith("runstrong-") and __version__ in n]
    assert page_problems() == []
