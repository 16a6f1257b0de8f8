"""A runner's first day in a real browser: sign up, build a plan, do and log a session, see it.

Each step leaves a screenshot in /tmp/runstrong-shots/flow-NN-STEP-{phone,desktop}.png.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import browserhelp as bh

if TYPE_CHECKING:
    from playwright.sync_api import Page

CLOCK = re.compile(r"^\d+:\d{2}$")


def _seconds(text: str) -> int:
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


# The outermost elements that stick out past the right edge of the screen, outside a box that
# scrolls or clips them (a wide table scrolls in its .table-scroll, the nav in itself).
WIDER_THAN_SCREEN = """() => {
  const edge = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > edge + 1 && !clipped(el))
    .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= edge + 1)
    .slice(0, 5)
    .map((el) => `${el.tagName}.${el.className}: ${el.getBoundingClientRect().right}`);
}"""


# The controls of the page's main part smaller than WCAG 2.5.5's 44 css px target; a checkbox in
# its label counts with the label (the whole line is the target).
SMALL_TARGETS = """() => [...document.querySelectorAll(
    "main input:not([type=hidden]), main select, main textarea, main button, main a.button")]
  .map((el) => el.closest("label") || el)
  .filter((el) => el.offsetParent !== null)
  .map((el) => [el, el.getBoundingClientRect()])
  .filter(([, r]) => r.width < 44 || r.height < 44)
  .map(([el, r]) => `${el.tagName} ${el.getAttribute("name") || el.textContent.trim()}: `
    + `${Math.round(r.width)}x${Math.round(r.height)}`)"""


def _fits(page: Page) -> None:
    """Nothing makes the page scroll sideways (a table scrolls inside its own box)."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, (
        f"{page.url} is {overflow}px wider than the screen: {page.evaluate(WIDER_THAN_SCREEN)}"
    )


Step = Callable[[str], None]


def _build_plan(page: Page, base: str, step: Step) -> None:
    """The builder: each change updates the preview of week 1 without a page load; save."""
    bh.fill_builder(page)
    preview = page.locator("#preview")
    preview.get_by_role("heading", name=re.compile(r"^Week 1 of 4")).wait_for()
    assert page.url == f"{base}/plans/new"
    assert preview.locator("article.session").count() == 2
    assert "Back squat" in preview.inner_text()
    step("preview")
    page.get_by_label("Weeks").fill("6")
    page.get_by_label("Weeks").dispatch_event("change")  # fill() leaves the focus in the field
    preview.get_by_role("heading", name=re.compile(r"^Week 1 of 6")).wait_for()
    page.get_by_role("button", name="Save plan").click()
    page.wait_for_url(re.compile(r"/plans/\d+$"))
    assert page.locator("h1").inner_text().endswith("6 weeks")
    step("plan")


def _rest_timer(page: Page, device: str, step: Step) -> None:
    """Gym mode: a tap on the rest timer counts down in the button; a second tap stops it."""
    timer = page.locator("button.rest-timer").first
    label = timer.inner_text()
    rest = int(timer.get_attribute("data-rest") or "0")
    assert label.startswith("Rest") and rest > 0
    if device == "phone":
        timer.tap()
    else:
        timer.click()
    assert timer.get_attribute("aria-pressed") == "true"
    first = timer.inner_text()
    assert CLOCK.match(first), first
    page.wait_for_function(
        "([b, t]) => b.textContent !== t", arg=[timer.element_handle(), first], timeout=3000
    )
    later = timer.inner_text()
    assert CLOCK.match(later) and _seconds(later) < _seconds(first) <= rest
    step("rest-timer")
    timer.click()
    assert timer.inner_text() == label
    assert timer.get_attribute("aria-pressed") == "false"


def _log(page: Page, step: Step) -> tuple[str, str]:
    """Every set done, an RPE: the page says what the logbook learnt. The first lift's id and
    name."""
    exercise = page.locator("input[name='ex.0.id']").input_value()
    name = page.locator("article.exercise h3").first.inner_text()
    bh.tick_all(page)
    page.get_by_role("button", name="Save log").click()
    outcome = page.locator("section.flash.ok")
    outcome.get_by_role("heading", name="Saved").wait_for()
    learnt = outcome.locator("li").all_inner_texts()
    assert any(line.startswith(f"1RM {exercise}: ") for line in learnt), learnt
    assert page.locator(".badge.done", has_text="Logged").count() >= 1
    step("logged")
    return exercise, name


def _progress(page: Page, base: str, exercise: str, step: Step) -> None:
    """Progress: the lift's e1RM as a uPlot chart (a canvas with something drawn) and a table."""
    page.goto(f"{base}/progress?exercise={exercise}")
    canvas = page.locator("figure.chart[data-chart='chart-e1rm'] .uplot canvas")
    canvas.wait_for()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] >= 150
    drawn = page.evaluate(
        """(c) => {
            const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < data.length; i += 4) if (data[i]) return true;
            return false;
        }""",
        canvas.element_handle(),
    )
    assert drawn, "the chart's canvas is blank"
    assert page.locator("#table-e1rm tbody tr").count() == 1
    step("progress")


def test_sign_up_plan_log_and_progress(
    page: Page,
    live_server: str,
    device: str,
    page_problems: Callable[[], list[str]],
    shot: Callable[[Page, str], Path],
) -> None:
    base = live_server
    steps: list[str] = []

    def step(name: str) -> None:
        steps.append(name)
        shot(page, f"flow-{len(steps):02d}-{name}")
        _fits(page)

    # Sign up: the app opens the plan builder.
    page.goto(f"{base}/signup")
    step("signup")
    bh.sign_up(page, base, f"flow-{device}")
    assert page.locator("h1").inner_text() == "Build a plan"
    step("builder")
    _build_plan(page, base, step)

    # The dashboard: the next session and its button, to gym mode.
    page.goto(f"{base}/")
    start = page.get_by_role("link", name="Start session")
    assert start.is_visible()
    step("dashboard")
    start.click()
    page.wait_for_url(bh.SESSION_LINK)
    step("session")
    if device == "phone":
        assert page.evaluate(SMALL_TARGETS) == [], "gym mode has targets under 44 px"
    _rest_timer(page, device, step)
    exercise, name = _log(page, step)
    _progress(page, base, exercise, step)

    # History: the logged lift, with the session's RPE.
    page.goto(f"{base}/history")
    row = page.locator("table.history tbody tr", has=page.get_by_role("link", name=name))
    assert row.count() == 1
    assert row.locator("td:nth-child(4)").inner_text() == "7"
    step("history")

    assert page_problems() == []
