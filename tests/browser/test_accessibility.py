"""Every page a visitor or a signed-in runner can reach, in a real browser: axe-core finds no
serious or critical violation on a phone and a desktop, light and dark, and no page logs a
console error, throws, or breaks the Content-Security-Policy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import browserhelp as bh
import pytest

from conftest import DEVICES, PAGE_TIMEOUT_MS, WATCH_CSP, axe_violations

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Colours are the one thing light and dark change: the dark pass checks contrast only.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


@dataclass(frozen=True)
class Runner:
    """A signed-up runner with a saved plan and one logged session."""

    email: str
    plan_id: int
    session_id: str


@pytest.fixture(scope="module")
def runner(browser: Browser, live_server: str) -> Iterator[Runner]:
    context = browser.new_context()
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    email = bh.sign_up(page, live_server, "axe")
    plan_id = bh.save_plan(page, live_server)
    session_id = bh.first_session(page, live_server)
    page.goto(f"{live_server}/sessions/{session_id}")
    bh.tick_all(page)
    page.get_by_role("button", name="Save log").click()
    page.locator("section.flash.ok").wait_for()
    bh.add_own_exercise(page, live_server)
    yield Runner(email, plan_id, session_id)
    context.close()


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(bh.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$|/plans/new$"))


def _show_preview(page: Page) -> None:
    """The builder with week 1 of a plan shown beside it."""
    bh.fill_builder(page)
    page.locator("#preview h2").wait_for()


VISITOR_PAGES = ["/", "/signup", "/login", "/exercises", "/exercises/back-squat"]
MISSING = ("/no-such-page", "/plans/999999")  # the 404 page, for a visitor and for a runner
# A 404 page's own status, as Chromium logs it: the one console error a 404 page may have.
NOT_FOUND_LOG = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def _runner_pages(r: Runner) -> list[str]:
    return [
        "/",
        "/plans/new",
        "/plans",
        f"/plans/{r.plan_id}",
        f"/plans/{r.plan_id}/weeks/1",
        f"/sessions/{r.session_id}",
        "/history",
        "/progress",
        "/athlete",
        "/exercises",
        "/exercises/back-squat",
        "/exercises/new",
        "/exercises/pause-squat",
        "/exercises/pause-squat/edit",
        "/import",
        "/runs",
        "/load",
        "/settings",
    ]


def _sweep(
    browser: Browser, base: str, device: str, email: str | None, paths: list[str]
) -> list[str]:
    """Each path's axe violations (light: every rule; dark: the colour rules), console errors,
    exceptions and CSP violations, as `PATH: problem` lines."""
    context = browser.new_context(**DEVICES[device])
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    log: list[str] = []
    page.on("console", lambda msg: log.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log.append(f"exception: {exc}"))
    problems: list[str] = []
    try:
        if email is not None:
            _sign_in(page, base, email)
        for path in paths:
            log.clear()
            page.emulate_media(color_scheme="light")
            response = page.goto(base + path)
            assert response is not None
            expected = 404 if path in MISSING else 200
            assert response.status == expected, f"{path}: {response.status}"
            if path == "/plans/new":
                _show_preview(page)
            page.wait_for_load_state("load")
            found = axe_violations(page)
            page.emulate_media(color_scheme="dark")
            found += [f"dark: {v}" for v in axe_violations(page, COLOUR_RULES)]
            found += [line for line in log if not (path in MISSING and line == NOT_FOUND_LOG)]
            found += [f"CSP {v}" for v in page.evaluate("window.__cspViolations")]
            problems += [f"{path}: {line}" for line in found]
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("device", sorted(DEVICES))
def test_a_visitors_pages_are_accessible_and_clean(
    browser: Browser, live_server: str, device: str
) -> None:
    problems = _sweep(browser, live_server, device, None, [*VISITOR_PAGES, MISSING[0]])
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("device", sorted(DEVICES))
def test_a_runners_pages_are_accessible_and_clean(
    browser: Browser, live_server: str, runner: Runner, device: str
) -> None:
    paths = [*_runner_pages(runner), MISSING[1]]
    problems = _sweep(browser, live_server, device, runner.email, paths)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("device", sorted(DEVICES))
def test_the_api_docs_page_is_accessible_and_clean(
    browser: Browser, live_server: str, runner: Runner, device: str
) -> None:
    problems = _sweep(browser, live_server, device, runner.email, ["/api/v1/docs"])
    assert problems == [], "\n".join(problems)
