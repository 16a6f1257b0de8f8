"""Coach mode in a real browser, the whole flow: a runner turns coaching on, creates a squad and
invites two runners, who accept in browser contexts of their own; the coach publishes a block
to the squad and changes one runner's session; that runner logs it and comments; the coach sees
it on the squad's dashboard and answers. axe checks each new page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import browserhelp as bh

from conftest import DEVICES, PAGE_TIMEOUT_MS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page


def test_the_whole_coach_flow(
    page: Page,
    browser: Browser,
    device: str,
    live_server: str,
    axe: Callable[[Page], None],
    page_problems: Callable[[], list[str]],
    shot: Callable[[Page, str], Path],
) -> None:
    """A coach signs up, makes a squad, invites two runners who accept in their own browsers,
    publishes a block, changes one runner's session; that runner logs it and comments; the
    coach sees both on the squad's dashboard and answers."""
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

    runners: list[tuple[BrowserContext, Page, str]] = []
    try:
        for tag in ("runner", "second"):
            made = _accepting_runner(page, browser, device, base, tag, coach_email, axe, shot)
            runners.append(made)
        names = [name for _c, _p, name in runners]
        for name in names:
            page.goto(squad_url)
            page.get_by_label("Athlete to add").select_option(label=name)
            page.get_by_role("button", name="Add to squad").click()
            page.wait_for_url(re.compile(r"/coach/squads/\d+\?done=added$"))
            assert page.locator("#members").get_by_role("link", name=name).is_visible()
        axe(page)
        shot(page, "coach-03-squad")

        _block_for(page, squad_url, names, axe, shot)
        sid = _edit_session(page, squad_url, names[0], axe, shot)
        _log_and_comment(runners[0][1], base, sid, coach_email, axe, shot)
        _dashboard(page, squad_url, names, sid, axe, shot)
        _answer(page, runners[0][1], base, sid, names[0], axe)
    finally:
        for context, _page, _name in runners:
            context.close()
    assert page_problems() == []


def _accepting_runner(
    page: Page,
    browser: Browser,
    device: str,
    base: str,
    tag: str,
    coach_email: str,
    axe: Callable[[Page], None],
    shot: Callable[[Page, str], Path],
) -> tuple[BrowserContext, Page, str]:
    """The coach makes an invitation; a runner signs up in a browser of their own, types its
    code, reads what the coach would see and accepts. Their context, page and athlete name."""
    page.goto(f"{base}/coach")
    page.get_by_role("button", name="Make an invitation").click()
    code = page.locator("#invite-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code), code
    axe(page)
    context = browser.new_context(**DEVICES[device])
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    runner = context.new_page()
    email = bh.sign_up(runner, base, tag)
    runner.goto(f"{base}/invite")
    axe(runner)
    runner.get_by_label("Code", exact=True).fill(code.lower())
    runner.get_by_role("button", name="Show the invitation").click()
    runner.wait_for_url(re.compile(r"/invite/[^/]+$"))
    assert runner.get_by_role("heading", level=1).inner_text() == f"{coach_email} invites you"
    assert "your saved plans" in runner.locator("#can-see").inner_text()
    axe(runner)
    shot(runner, f"coach-02-invitation-{tag}")
    runner.get_by_role("button", name="Accept").click()
    runner.wait_for_url(f"{base}/settings?done=coach-accepted")
    assert coach_email in runner.locator("#coaches").inner_text()
    return context, runner, "Ana " + email.removesuffix("@example.org")


def _log_and_comment(
    runner: Page,
    base: str,
    sid: str,
    coach_email: str,
    axe: Callable[[Page], None],
    shot: Callable[[Page, str], Path],
) -> None:
    """The runner opens the changed session: the coach's change and reason at the top; they
    log every set and say how it went."""
    runner.goto(f"{base}/sessions/{sid}")
    notice = runner.get_by_text(f"Changed by your coach {coach_email}")
    assert notice.is_visible()
    assert "The gym has no free bar then" in runner.locator("main").inner_text()
    axe(runner)
    bh.tick_all(runner, rpe="7")
    runner.get_by_role("button", name="Save log").click()
    runner.locator("section.flash.ok").get_by_role("heading", name="Saved").wait_for()
    runner.get_by_role("textbox", name="Comment").fill("The swap worked; legs felt fresh.")
    runner.get_by_role("button", name="Add comment").click()
    runner.wait_for_url(f"{base}/sessions/{sid}#comments")
    assert "legs felt fresh" in runner.locator("#comments").inner_text()
    axe(runner)
    shot(runner, "coach-08-runner-logged")


def _answer(
    page: Page, runner: Page, base: str, sid: str, runner_name: str, axe: Callable[[Page], None]
) -> None:
    """The coach answers on the athlete's comments page; the runner reads it under the
    session."""
    page.locator("#comments").get_by_role("link").click()
    page.wait_for_url(re.compile(r"/coach/athletes/\d+/comments$"))
    assert "legs felt fresh" in page.locator("main").inner_text()
    axe(page)
    thread = page.locator(f"#s-{sid}")
    thread.get_by_role("textbox").fill("Good. Same again next week.")
    thread.get_by_role("button").last.click()
    page.wait_for_url(re.compile(rf"/comments#s-{sid}$"))
    runner.goto(f"{base}/sessions/{sid}")
    said = runner.locator("#comments li.comment strong").all_inner_texts()
    assert said[0] == "You" and said[-1].startswith("Coach "), said


def _dashboard(
    page: Page,
    squad_url: str,
    names: list[str],
    sid: str,
    axe: Callable[[Page], None],
    shot: Callable[[Page, str], Path],
) -> None:
    """Who did what in the week of the changed session: the runner who logged it done, with
    their comment; the other not; sorted by a heading's link; then the runner's page."""
    page.goto(squad_url)
    page.get_by_role("link", name="Open the squad's dashboard").click()
    page.wait_for_url(re.compile(r"/coach/squads/\d+/dashboard$"))
    day = sid.split("-", 1)[1]
    page.goto(f"{page.url}?week={day}")
    table = page.locator("#dashboard")
    first = table.locator("tbody tr", has=page.get_by_role("link", name=names[0], exact=True))
    second = table.locator("tbody tr", has=page.get_by_role("link", name=names[1], exact=True))
    assert first.locator("td[data-column=done]").inner_text() == "1"
    assert "legs felt fresh" in first.locator("td[data-column=comments]").inner_text()
    assert second.locator("td[data-column=done]").inner_text() == "0"
    axe(page)
    shot(page, "coach-09-dashboard")
    page.locator("#dashboard th[data-column=done] a").click()
    page.wait_for_url(re.compile(r"sort=done&order=asc$"))
    assert page.locator("#dashboard th[data-column=done]").get_attribute("aria-sort") == (
        "ascending"
    )
    page.get_by_role("link", name="Show the whole block").click()
    page.wait_for_url(re.compile(r"view=block"))
    axe(page)
    table.get_by_role("link", name=names[0], exact=True).click()
    page.wait_for_url(re.compile(r"/coach/athletes/\d+$"))
    done = page.locator(f'#planned li[data-sid="{sid}"]')
    assert "logged" in done.inner_text() and "changed" in done.inner_text()
    axe(page)
    shot(page, "coach-10-athlete")


def _block_for(
    page: Page,
    squad_url: str,
    names: list[str],
    axe: Callable[[Page], None],
    shot: Callable[[Page, str], Path],
) -> None:
    """A block for the squad: the grid previewed, then published by the server's job runner."""
    page.goto(squad_url)
    page.get_by_role("link", name="Plan a block").click()
    page.wait_for_url(re.compile(r"/coach/squads/\d+/block$"))
    page.get_by_label("Weeks").fill("4")
    page.get_by_label("Sessions a week").fill("2")
    page.get_by_role("button", name="Preview the squad").click()
    for name in names:
        row = page.locator(f'#squad-grid tr[data-athlete="{name}"]')
        assert row.is_visible() and "strength" in row.inner_text()
    axe(page)
    shot(page, "coach-04-block-preview")
    page.get_by_role("button", name="Publish to 2 runners").click()
    page.wait_for_url(re.compile(r"/coach/squads/\d+/block/\d+$"))
    page.locator("#publishing", has_text="Published: 2 plans").wait_for(timeout=20_000)
    axe(page)
    shot(page, "coach-05-block-published")


def _edit_session(
    page: Page,
    squad_url: str,
    runner_name: str,
    axe: Callable[[Page], None],
    shot: Callable[[Page, str], Path],
) -> str:
    """The coach changes the runner's first coming session: a substitute, checked, saved; the
    session's id (its day may have moved)."""
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
    found = re.search(r"/sessions/(\d+-\d{4}-\d{2}-\d{2})\?done=saved$", page.url)
    assert found is not None, page.url
    return found[1]


def test_a_coach_deletes_a_junior_who_left(
    page: Page,
    live_server: str,
    axe: Callable[[Page], None],
    page_problems: Callable[[], list[str]],
    shot: Callable[[Page, str], Path],
) -> None:
    """A managed athlete's page offers "Delete", which asks for their name: a wrong one is
    refused beside nothing deleted; the right one (any case) deletes them."""
    base = live_server
    bh.sign_up(page, base, "junior-coach")
    page.goto(f"{base}/settings")
    page.get_by_role("button", name="Turn coaching on").click()
    page.wait_for_url(f"{base}/coach")
    page.locator("#new-athlete").get_by_label("Name").fill("Junior Jo")
    page.get_by_role("button", name="Add athlete").click()
    page.wait_for_url(re.compile(r"/coach/athletes/\d+"))
    athlete = re.sub(r"\?.*$", "", page.url)
    page.goto(athlete)
    assert page.get_by_role("button", name="Stop coaching Junior Jo").count() == 0
    form = page.locator("#delete-athlete")
    form.get_by_label("Type their name to confirm").fill("Junior")
    axe(page)
    shot(page, "coach-11-delete-junior")
    form.get_by_role("button", name="Delete Junior Jo").click()
    refused = page.locator("#e-confirm")  # the page again, the message beside the box
    assert "type their name, Junior Jo" in refused.inner_text()
    axe(page)
    shot(page, "coach-12-delete-refused")
    page.locator("#delete-athlete").get_by_label("Type their name to confirm").fill("junior jo")
    page.get_by_role("button", name="Delete Junior Jo").click()
    page.wait_for_url(f"{base}/coach?done=deleted")
    assert page.get_by_text("Athlete deleted, with their plans and logs.").is_visible()
    assert page.goto(athlete).status == 404  # type: ignore[union-attr]
    expected = ("status of 422", "status of 404")  # the wrong name, the deleted page
    assert [p for p in page_problems() if not any(x in p for x in expected)] == []
