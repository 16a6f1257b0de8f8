"""The runner's own exercise in a real browser: added through the library's form, marked as
theirs, a bad field named next to it; and /progress charting a timed exercise's best hold."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import browserhelp as bh

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_own_exercise_in_the_library(
    page: Page,
    live_server: str,
    page_problems: Callable[[], list[str]],
    shot: Callable[[Page, str], Path],
) -> None:
    base = live_server
    bh.sign_up(page, base, "library")
    bh.add_own_exercise(page, base)
    assert "Pause squat" in page.locator("h1").inner_text()
    assert page.locator("h1 .own").inner_text() == "yours"
    shot(page, "library-01-own-exercise")

    page.goto(f"{base}/exercises?search_text=pause")
    own = page.locator("li.card.own")
    assert own.count() == 1 and "Pause squat" in own.inner_text()
    shot(page, "library-02-library")

    # A bad field: shown next to it, the rest kept.
    page.goto(f"{base}/exercises/pause-squat/edit")
    page.get_by_label("Cues", exact=True).fill("")
    page.get_by_role("button", name="Save changes").click()
    error = page.locator("#e-cues")
    assert "at least one" in error.inner_text()
    assert page.get_by_label("Name", exact=True).input_value() == "Pause squat"
    shot(page, "library-03-error")
    refused = "status of 422 (Unprocessable Entity)"  # the form's own answer, logged by Chromium
    assert [p for p in page_problems() if refused not in p] == []


def test_progress_charts_a_hold(
    page: Page,
    live_server: str,
    page_problems: Callable[[], list[str]],
    shot: Callable[[Page, str], Path],
) -> None:
    import datetime as dt
    import json

    base = live_server
    bh.sign_up(page, base, "holds")
    csrf = page.locator("input[name=csrf]").first.get_attribute("value") or ""
    today = dt.date.today()
    for back, seconds in ((14, 40), (7, 55), (0, 70)):
        body = {
            "client_id": f"hold-{back}",
            "date": (today - dt.timedelta(days=back)).isoformat(),
            "entries": [{"exercise": "plank", "sets": [{"seconds": seconds}]}],
        }
        answer = page.request.post(
            f"{base}/api/v1/logs",
            data=json.dumps(body),
            headers={"Content-Type": "application/json", "X-CSRF-Token": csrf},
        )
        assert answer.status == 201, answer.text()
    page.goto(f"{base}/progress?exercise=plank")
    figure = page.locator("figure[data-chart=chart-holds]")
    figure.locator("canvas").first.wait_for()  # uPlot drew it
    rows = page.locator("#table-holds tbody tr")
    assert rows.count() == 3
    assert [rows.nth(i).locator("td").nth(1).inner_text() for i in range(3)] == ["40", "55", "70"]
    figure.scroll_into_view_if_needed()
    shot(page, "progress-holds")
    assert page_problems() == []
