"""Helpers of the web tests: pre-sign-in tokens, CSRF, sign-up, a saved plan, a clock."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


class Clock:
    """The app's clock, moved by a test (sessions expire, rate limits lapse)."""

    def __init__(self) -> None:
        self.at = dt.datetime(2027, 1, 6, 9, 0)

    def __call__(self) -> dt.datetime:
        return self.at


def html(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def form_token(client: TestClient, path: str) -> str:
    """The hidden token of a pre-sign-in form (its cookie is now in the client)."""
    page = html(client.get(path))
    found = page.find("input", {"name": "form_token"})
    assert found is not None, f"{path} has no form token"
    return str(found["value"])


def csrf(client: TestClient, path: str = "/") -> str:
    """The session's CSRF token, as a signed-in page carries it."""
    page = html(client.get(path))
    found = page.find("input", {"name": "csrf"})
    assert found is not None, f"{path} has no csrf field"
    return str(found["value"])


def sign_up(
    client: TestClient,
    email: str = "ana@example.org",
    name: str = "Ana",
    units: str = "kg",
    **extra: str,
) -> Any:
    token = form_token(client, "/signup")
    return client.post(
        "/signup",
        data={
            "email": email,
            "password": PASSWORD,
            "name": name,
            "units": units,
            "form_token": token,
            **extra,
        },
        follow_redirects=False,
    )


def save_plan(client: TestClient, **fields: str) -> int:
    """Build and save a plan through the builder; its id."""
    data = {
        "goal": "strength",
        "phase": "off-season",
        "weeks": "4",
        "start": "2027-01-04",
        "sessions": "2",
        "setup": "gym",
        "lifts": "back-squat=100\nromanian-deadlift=90",
        "runs.tue": "intervals",
        "runs.sat": "long",
        "action": "save",
        "csrf": csrf(client, "/plans/new"),
        **fields,
    }
    response = client.post("/plans/new", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text[:2000]
    found = re.search(r"/plans/(\d+)$", response.headers["location"])
    assert found is not None
    return int(found[1])


def add_exercise(client: TestClient, exercise_id: str = "pause-squat", **fields: Any) -> Any:
    """Add an own exercise through the library's form (a barbell squat unless told)."""
    data: dict[str, Any] = {
        "id": exercise_id,
        "name": "Pause squat",
        "category": "weights",
        "pattern": "squat",
        "loading": "1rm",
        "complexity": "2",
        "equipment": ["barbell"],
        "cues": "Sit down, hold two seconds at the bottom\nDrive up fast",
        "why": "Strength out of the hole without a bounce.",
        "csrf": csrf(client, "/exercises/new"),
        **fields,
    }
    return client.post("/exercises/new", data=data, follow_redirects=False)
