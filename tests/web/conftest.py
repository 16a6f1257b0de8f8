"""The web app through its test client: a fresh logbook per test, signed-up runners, HTML parsed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webhelp import Clock, sign_up

from runstrong.settings import Context, Settings
from runstrong.web.app import create_app


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
