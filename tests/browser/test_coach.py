"""Coach mode in a real browser: a runner turns coaching on, creates a squad and makes an
invitation; another runner, in another browser context, types the code, reads what the coach
would see, and accepts; the coach puts them in the squad, previews a block for it and publishes
it. axe checks each new page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import browserhelp as bh

from conftest import DEVICES, PAGE_TIMEOUT_MS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def test_a_coach_invites_a_runner_into_a_squad(
    page: Page,
    browser: Browser,
    device: str,
    live_server: str,
    axe: Callable[[Page], None],
    page_problems: Callable[[], list[str]],
    shot: Callable[[Page, str], Path],
) -> None:
    base = live_server
    coach_email = bh.sign_up(page, base, "coach")
    page.goto(f"{base}/settings")
    page.get_by_role("button", name="Turn coaching on").click()
    page.wait_for_url(f"{base}/coach")
    page.get_by_label("Squad name").fill("Tuesday group")
    page.get_by_role("button", name="Create squad").click()
    page.wait_for_url(re.compile(r"/coach/squads/\d+$"))
    squad_url = page.url
    page.goto(f"{base}/coach")
    axe(page)
    shot(page, "coach-01-home")
    page.get_by_role("button", name="Make an invitation").click()
    code = page.locator("#invite-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code), code
    axe(page)

    runner_context = browser.new_context(**DEVICES[device])
    runner_context.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        runner = runner_context.new_page()
        runner_email = bh.sign_up(runner, base, "runner")
        runner.goto(f"{base}/invite")
        axe(runner)
        runner.get_by_label("Code", exact=True).fill(code.lower())
        runner.get_by_role("button", name="Show the invitation").click()
        runner.wait_for_url(re.compile(r"/invite/[^/]+$"))
        assert runner.get_by_role("heading", level=1).inner_text() == f"{coach_email} invites you"
        assert "your saved plans" in runner.locator("#can-see").inner_text()
        axe(runner)
        shot(runner, "coach-02-invitation")
        runner.get_by_role("button", name="Accept").click()
        runner.wait_for_url(f"{base}/settings?done=coach-accepted")
        assert coach_email in runner.locator("#coaches").inner_text()
        runner_name = "Ana " + runner_email.removesuffix("@example.org")
    finally:
        runner_context.close()

    page.goto(squad_url)
    page.get_by_label("Athlete to add").select_option(label=runner_name)
    page.get_by_role("button", name="Add to squad").click()
    page.wait_for_url(re.compile(r"/coach/squads/\d+\?done=added$"))
    assert page.locator("#members").get_by_role("link", name=runner_name).is_visible()
    axe(page)
    shot(page, "coach-03-squad")
    page.locator("#members").get_by_role("link", name=runner_name).click()
    page.wait_for_url(re.compile(r"/coach/athletes/\d+$"))
    assert page.get_by_role("heading", level=1).inner_text() == runner_name
    axe(page)

    _block_for(page, squad_url, runner_name, axe, shot)
    assert page_problems() == []


def _dashboard(
    page: Page,
    squad_url: str,
    runner_name: str,
    axe: Callable[[Page], None],
    shot: Callable[[Page, str], Path],
) -> None:
    """Who did what: the squad's dashboard, sorted by a heading's link; the runner's page with
    the block's sessions."""
    page.goto(squad_url)
    page.get_by_role("link", name="Open the squad's dashboard").click()
    page.wait_for_url(re.compile(r"/coach/squads/\d+/dashboard$"))
    assert page.locator("#dashboard").get_by_role("link", name=runner_name).is_visible()
    axe(page)
    shot(page, "coach-06-dashboard")
    page.locator("#dashboard th[data-column=missed] a").click()
    page.wait_for_url(re.compile(r"sort=missed&order=asc$"))
    assert page.locator("#dashboard th[data-column=missed]").get_attribute("aria-sort") == (
        "ascending"
    )
    page.get_by_role("link", name="Show the whole block").click()
    page.wait_for_url(re.compile(r"view=block"))
    axe(page)
    page.locator("#dashboard").get_by_role("link", name=runner_name).click()
    page.wait_for_url(re.compile(r"/coach/athletes/\d+$"))
    assert page.locator("#planned > li").count() > 0
    assert page.locator("#comments").count() == 1
    axe(page)
    shot(page, "coach-07-athlete")


def _block_for(
    page: Page,
    squad_url: str,
    runner_name: str,
    axe: Callable[[Page], None],
    shot: Callable[[Page, str], Path],
) -> None:
    """A block for the squad: the grid previewed, then published by the server's job runner;
    then one session of the runner's changed by the coach, and who did what."""
    page.goto(squad_url)
    page.get_by_role("link", name="Plan a block").click()
    page.wait_for_url(re.compile(r"/coach/squads/\d+/block$"))
    page.get_by_label("Weeks").fill("4")
    page.get_by_label("Sessions a week").fill("2")
    page.get_by_role("button", name="Preview the squad").click()
    row = page.locator(f'#squad-grid tr[data-athlete="{runner_name}"]')
    assert row.is_visible() and "strength" in row.inner_text()
    axe(page)
    shot(page, "coach-04-block-preview")
    page.get_by_role("button", name="Publish to 1 runner").click()
    page.wait_for_url(re.compile(r"/coach/squads/\d+/block/\d+$"))
    page.locator("#publishing", has_text="Published: 1 plan").wait_for(timeout=20_000)
    axe(page)
    shot(page, "coach-05-block-published")
    _edit_session(page, squad_url, runner_name, axe, shot)
    _dashboard(page, squad_url, runner_name, axe, shot)


def _edit_session(
    page: Page,
    squad_url: str,
    runner_name: str,
    axe: Callable[[Page], None],
    shot: Callable[[Page, str], Path],
) -> None:
    """The coach changes the runner's first coming session: a substitute, checked, saved."""
    page.goto(squad_url)
    page.locator("#members").get_by_role("link", name=runner_name).click()
    page.wait_for_url(re.compile(r"/coach/athletes/\d+$"))
    page.locator("#planned a, #upcoming a").first.click()
    page.wait_for_url(re.compile(r"/coach/athletes/\d+/sessions/\d+-\d{4}-\d{2}-\d{2}$"))
    axe(page)
    first = page.locator("#f-ex\\.0\\.swap")
    substitute = first.locator("optgroup[label=Substitutes] option").first
    first.select_option(substitute.get_attribute("value"))
    page.get_by_role("button", name="Check the change").click()
    assert "swapped for" in page.locator("#lines").inner_text()
    axe(page)
    shot(page, "coach-06-session-check")
    page.get_by_label(f"Reason {runner_name} will read").fill("The gym has no free bar then")
    page.get_by_role("button", name="Save the change").click()
    page.wait_for_url(re.compile(r"\?done=saved$"))
    assert "The gym has no free bar then" in page.locator("#marks").inner_text()
    axe(page)
    shot(page, "coach-07-session-saved")
