"""Steps the browser tests share: sign up through the form, build and save a plan, log a session."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

# NIST SP 800-63B-4 asks 15 characters of a password used alone (the accounts' minimum).
PASSWORD = "correct horse battery staple"
# The builder's fields as tests/web/webhelp.save_plan fills them: a 4-week off-season gym plan.
PLAN = {
    "goal": "strength",
    "phase": "off-season",
    "weeks": "4",
    "sessions": "2",
    "setup": "gym",
    "lifts": "back-squat=100\nromanian-deadlift=90",
    "runs": {"tue": "intervals", "sat": "long"},
}
SESSION_LINK = re.compile(r"/sessions/(\d+-\d{4}-\d{2}-\d{2})$")


def sign_up(page: Page, base: str, tag: str) -> str:
    """Sign up a new runner through the form (the app lands on the plan builder); the email.

    The live server's database is shared by the whole test session, and athletes' names are
    unique in it: both are new each time."""
    unique = f"{tag}-{uuid.uuid4().hex[:10]}"
    email = f"{unique}@example.org"
    page.goto(f"{base}/signup")
    page.get_by_label("Your name").fill(f"Ana {unique}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Units").select_option("kg")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(f"{base}/plans/new")
    return email


def fill_builder(page: Page) -> None:
    """The builder's fields of PLAN (each change asks htmx for a new preview); the weeks come
    last, so a preview of PLAN's weeks is one of the whole form."""
    page.get_by_label("Goal").select_option(PLAN["goal"])
    page.get_by_label("Phase").select_option(PLAN["phase"])
    page.get_by_label("Sessions a week").fill(PLAN["sessions"])
    page.get_by_label("Set-up").select_option(PLAN["setup"])
    page.get_by_label("Lifts").fill(PLAN["lifts"])
    for day, run in PLAN["runs"].items():
        page.locator(f"#f-runs-{day}").select_option(run)
    weeks = page.get_by_label("Weeks")
    weeks.fill(PLAN["weeks"])
    weeks.dispatch_event("change")


def save_plan(page: Page, base: str) -> int:
    """Build the plan through the builder and save it; its id."""
    page.goto(f"{base}/plans/new")
    fill_builder(page)
    page.get_by_role("button", name="Save plan").click()
    page.wait_for_url(re.compile(r"/plans/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def first_session(page: Page, base: str) -> str:
    """The dashboard's next session: its id."""
    page.goto(f"{base}/")
    href = page.get_by_role("link", name="Start session").get_attribute("href") or ""
    found = SESSION_LINK.search(href)
    assert found is not None, href
    return found[1]


def tick_all(page: Page, rpe: str = "7") -> None:
    """Tick every set of the session's log form and give the session's RPE."""
    for box in page.locator("form.log-form input[type=checkbox]").all():
        box.check()
    page.get_by_label("Session RPE").fill(rpe)


def add_own_exercise(page: Page, base: str, exercise_id: str = "pause-squat") -> None:
    """Add an exercise of the runner's own through the library's form (lands on its page)."""
    page.goto(f"{base}/exercises")
    page.get_by_role("link", name="Add your own exercise").click()
    page.get_by_label("Id", exact=True).fill(exercise_id)
    page.get_by_label("Name", exact=True).fill("Pause squat")
    page.get_by_label("Category", exact=True).select_option("weights")
    page.get_by_label("Pattern", exact=True).select_option("squat")
    page.get_by_label("Loading", exact=True).select_option("1rm")
    page.get_by_label("Complexity", exact=True).select_option("2")
    page.get_by_label("barbell", exact=True).check()
    page.get_by_label("Cues", exact=True).fill(
        "Sit down, hold two seconds at the bottom\nDrive up fast"
    )
    page.get_by_label("Why", exact=True).fill("Strength out of the hole without a bounce.")
    page.get_by_role("button", name="Add exercise").click()
    page.wait_for_url(re.compile(rf"/exercises/{exercise_id}\?saved=1$"))
