"""Share links and comments in a real browser: a runner comments on a session, makes a share
link on their plan, and a fresh browser with no login opens it (axe finds nothing serious, on a
phone and a desktop, light and dark); once revoked, the same browser gets "Not found"."""

from __future__ import annotations

from typing import TYPE_CHECKING

import browserhelp as bh
import pytest

from conftest import DEVICES, PAGE_TIMEOUT_MS, WATCH_CSP, axe_violations

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def _clean(page: Page) -> list[str]:
    found = axe_violations(page)
    page.emulate_media(color_scheme="dark")
    found += [f"dark: {v}" for v in axe_violations(page, ["color-contrast", "link-in-text-block"])]
    page.emulate_media(color_scheme="light")
    return found + [f"CSP {v}" for v in page.evaluate("window.__cspViolations")]


@pytest.mark.parametrize("device", sorted(DEVICES))
def test_a_runner_shares_a_plan_that_a_stranger_opens(
    browser: Browser, live_server: str, device: str
) -> None:
    runner = browser.new_context(**DEVICES[device])
    runner.set_default_timeout(PAGE_TIMEOUT_MS)
    runner.add_init_script(WATCH_CSP)
    page = runner.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    bh.sign_up(page, live_server, f"share-{device}")
    plan_id = bh.save_plan(page, live_server)
    sid = bh.first_session(page, live_server)

    # A comment under gym mode, and its delete button for its author.
    page.goto(f"{live_server}/sessions/{sid}")
    page.get_by_role("textbox", name="Comment").fill("Squats felt heavy.\nKnee fine.")
    page.get_by_role("button", name="Add comment").click()
    page.wait_for_url(f"{live_server}/sessions/{sid}#comments")
    comment = page.locator("#comments li.comment")
    assert comment.locator("strong").inner_text() == "You"
    assert "Knee fine." in comment.locator(".comment-body").inner_text()
    assert _clean(page) == []

    # A share link, shown once.
    page.goto(f"{live_server}/plans/{plan_id}")
    page.get_by_label("Label").fill("physio")
    page.get_by_label("Lasts").select_option("30")
    page.get_by_role("button", name="Make a share link").click()
    address = page.locator("#share-link").inner_text()
    assert address.startswith(f"{live_server}/share/")
    assert _clean(page) == []
    page.goto(f"{live_server}/plans/{plan_id}")
    assert page.locator("#shares tbody tr").count() == 1
    assert _clean(page) == []

    # A fresh browser, no login: the plan, read only.
    stranger = browser.new_context(**DEVICES[device])
    stranger.set_default_timeout(PAGE_TIMEOUT_MS)
    stranger.add_init_script(WATCH_CSP)
    other = stranger.new_page()
    response = other.goto(address)
    assert response is not None and response.status == 200
    assert response.headers["referrer-policy"] == "no-referrer"
    assert other.locator("form").count() == 0
    assert other.locator(".exercise .load").count() > 0
    assert "Ana share-" not in other.content()  # not the runner's name
    assert _clean(other) == []

    # Revoked: the same browser gets "Not found" at once.
    page.get_by_role("button", name="Revoke").click()
    page.wait_for_url(f"{live_server}/plans/{plan_id}#share")
    assert "revoked" in page.locator("#shares tbody tr").inner_text()
    gone = other.goto(address)
    assert gone is not None and gone.status == 404
    assert other.get_by_role("heading", name="Not found").is_visible()
    stranger.close()
    runner.close()
    assert errors == []


def test_a_coach_answers_a_runners_comment(browser: Browser, live_server: str) -> None:
    """The coach's comments page in a browser (axe), an answer, and the runner reading it."""
    import re

    base = live_server
    contexts = []
    pages = []
    for _ in range(2):
        context = browser.new_context(**DEVICES["desktop"])
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        context.add_init_script(WATCH_CSP)
        contexts.append(context)
        pages.append(context.new_page())
    coach, runner = pages
    try:
        coach_email = bh.sign_up(coach, base, "coach")
        coach.goto(f"{base}/settings")
        coach.get_by_role("button", name="Turn coaching on").click()
        coach.wait_for_url(f"{base}/coach")
        coach.get_by_role("button", name="Make an invitation").click()
        code = coach.locator("#invite-code").inner_text()

        bh.sign_up(runner, base, "talk")
        bh.save_plan(runner, base)
        sid = bh.first_session(runner, base)
        runner.goto(f"{base}/sessions/{sid}")
        runner.get_by_role("textbox", name="Comment").fill("Can I swap the lunges?")
        runner.get_by_role("button", name="Add comment").click()
        runner.wait_for_url(re.compile(r"#comments$"))
        runner.goto(f"{base}/invite")
        runner.get_by_label("Code", exact=True).fill(code)
        runner.get_by_role("button", name="Show the invitation").click()
        runner.get_by_role("button", name="Accept").click()
        runner.wait_for_url(f"{base}/settings?done=coach-accepted")

        coach.goto(f"{base}/coach")
        coach.locator("#athletes a, a[href^='/coach/athletes/']").first.click()
        coach.wait_for_url(re.compile(r"/coach/athletes/\d+$"))
        coach.locator("#comments").get_by_role("link").click()
        coach.wait_for_url(re.compile(r"/coach/athletes/\d+/comments$"))
        thread = coach.locator(f"#s-{sid}")
        assert "Can I swap the lunges?" in thread.inner_text()
        assert _clean(coach) == []
        thread.get_by_role("textbox", name="Answer").fill("Yes: split squats instead.")
        thread.get_by_role("button", name="Send answer").click()
        coach.wait_for_url(re.compile(rf"/comments#s-{sid}$"))
        assert "Yes: split squats instead." in coach.locator(f"#s-{sid}").inner_text()

        runner.goto(f"{base}/sessions/{sid}")
        said = runner.locator("#comments li.comment strong").all_inner_texts()
        assert said == ["You", f"Coach {coach_email}"]
        assert _clean(runner) == []
    finally:
        for context in contexts:
            context.close()
