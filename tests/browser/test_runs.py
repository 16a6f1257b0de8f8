"""Runs and readiness in a real browser: upload a GPX file from the watch, check in with high
soreness, and see today's session lightened with the reason on the dashboard; the pages pass
axe. Screenshots: /tmp/runstrong-shots/runs-NN-STEP-{phone,desktop}.png."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import browserhelp as bh

if TYPE_CHECKING:
    from playwright.sync_api import Page


def _files() -> ModuleType:
    """tests/runs/activityfiles.py, the activity files the runs tests write."""
    path = Path(__file__).parents[1] / "runs" / "activityfiles.py"
    spec = importlib.util.spec_from_file_location("browser_activityfiles", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _plan_with_a_session_today(page: Page, base: str) -> None:
    """Save, through the API with the page's session, a plan that has a session today: the
    planner picks the days, so try a few first days and session counts until one does."""
    today = dt.date.today()
    page.goto(f"{base}/")
    token = page.locator("input[name=csrf]").first.get_attribute("value") or ""
    headers = {"X-CSRF-Token": token}
    for sessions in (3, 4, 2):
        for back in range(7):
            body: dict[str, Any] = {
                "goal": "strength",
                "phase": "off-season",
                "weeks": 2,
                "sessions": sessions,
                "start": (today - dt.timedelta(days=back)).isoformat(),
                "setup": "gym",
                "lifts": {"back-squat": "100", "romanian-deadlift": "90"},
            }
            preview = page.request.post(f"{base}/api/v1/plans/preview", data=body)
            assert preview.ok, preview.text()
            days = [s["date"] for w in preview.json()["weeks"] for s in w["sessions"]]
            if today.isoformat() in days:
                saved = page.request.post(f"{base}/api/v1/plans", data=body, headers=headers)
                assert saved.status == 201, saved.text()
                return
    raise AssertionError("no plan of 2-4 sessions has one today")


def _fits(page: Page) -> None:
    """Nothing makes the page scroll sideways on the phone (a wide table scrolls in its box)."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow} px wider than the screen"


def test_upload_a_run_check_in_sore_and_see_today_lightened(
    page: Page,
    live_server: str,
    tmp_path: Path,
    axe: Callable[[Page], None],
    shot: Callable[[Page, str], Path],
    page_problems: Callable[[], list[str]],
) -> None:
    base = live_server
    bh.sign_up(page, base, "runs")
    _plan_with_a_session_today(page, base)

    # a run from yesterday, as the watch's app exports it
    yesterday = dt.datetime.now(dt.UTC).replace(hour=7, minute=0, second=0, microsecond=0)
    gpx = tmp_path / "morning-run.gpx"
    gpx.write_bytes(_files().gpx(yesterday - dt.timedelta(days=1), minutes=45))
    page.get_by_role("link", name="Runs", exact=True).click()
    page.wait_for_url(f"{base}/runs")
    page.get_by_label("Activity files").set_input_files(str(gpx))
    page.get_by_role("button", name="Upload").click()
    report = page.locator("#runs-report")
    report.wait_for()
    assert report.locator("[data-key=added]").inner_text() == "1"
    assert page.locator("ul.runs li").filter(has_text="Morning Run").count() == 1
    assert "Read as" in page.locator("ul.runs").inner_text()
    shot(page, "runs-01-uploaded")
    _fits(page)
    axe(page)

    # the morning check-in: sore legs
    page.get_by_role("link", name="Today", exact=True).click()
    page.get_by_label("Sleep quality").fill("6")
    page.get_by_label("Muscle soreness").fill("8")
    page.get_by_label("Stress").fill("5")
    page.get_by_label("Motivation").fill("6")
    page.get_by_role("button", name="Check in").click()
    page.wait_for_url(re.compile(r"/#checkin$"))
    result = page.locator("#readiness-result")
    assert "Today's session is lightened" in result.inner_text()
    assert "readiness-soreness" in result.inner_text()
    assert "soreness 8/10" in result.inner_text()
    assert page.locator("#checkin ul.changes li").count() >= 1
    assert page.locator("#checkin ul.lightened li").count() >= 1
    assert not page.get_by_role("button", name="Update check-in").is_visible()  # folded away
    page.get_by_text("Change this morning's answers").click()
    assert page.get_by_label("Muscle soreness").input_value() == "8"
    assert page.locator("#next-lightened").is_visible()
    shot(page, "runs-02-lightened")
    _fits(page)
    axe(page)

    # the load page: the chart drawn, the table beside it
    page.get_by_role("link", name="Load", exact=True).click()
    page.wait_for_url(f"{base}/load")
    page.locator("figure.chart .uplot").wait_for()
    assert page.locator("#table-load tbody tr").count() >= 12
    assert "not a prediction of injury" in page.locator("#ratio-caveat").inner_text()
    shot(page, "runs-03-load")
    _fits(page)
    axe(page)
    assert page_problems() == []
