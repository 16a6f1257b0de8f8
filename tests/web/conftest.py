"""The web app through its test client: a fresh logbook per test, signed-up runners, HTML parsed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from runstrong.settings import Context, Settings
from runstrong.web.app import create_app

PASSWORD = "correct horse battery"


class Clock:
    """The app's clock, moved by a test (sessions expire, rate limits lapse)."""

    def __init__(self) -> None:
        self.at = dt.datetime(2027, 1, 6, 9, 0)

    def __call__(self) -> dt.datetime:
        return self.at


@pytest.fixture
def web_context(tmp_path: Path) -> Iterator[Context]:
    settings = Settings(config_dir=tmp_path / "config", data_dir=tmp_path / "data")
    ctx = Context(settings, f"sqlite:///{tmp_path / 'web.db'}")
    ctx.db.prepare_write()  # `serve` migrates before any worker starts
    yield ctx
    ctx.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(web_context: Context, clock: Clock) -> Any:
    from runstrong.web import deps

    found = create_app(web_context, secret=b"test-secret")
    found.dependency_overrides[deps.now] = clock
    found.state.today = lambda: dt.date(2027, 1, 6)  # a Wednesday
    return found


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as c:
        yield c


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
    client: TestClient, email: str = "ana@example.org", name: str = "Ana", units: str = "kg"
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
        },
        follow_redirects=False,
    )


@pytest.fixture
def runner(client: TestClient) -> TestClient:
    """A signed-in runner, Ana."""
    response = sign_up(client)
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def new_client(app: Any) -> Callable[[], TestClient]:
    """Another browser on the same server (its own cookies)."""
    made: list[TestClient] = []

    def make() -> TestClient:
        c = TestClient(app, base_url="http://testserver")
        made.append(c)
        return c

    yield make  # type: ignore[misc]
    for c in made:
        c.close()


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
