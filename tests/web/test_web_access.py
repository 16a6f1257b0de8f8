"""Access: another runner's plans, sessions and downloads are 404 (never 403), pages need a
session, and the security headers are on every answer."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from webhelp import save_plan, sign_up

ROUTES = (
    "/plans/{id}",
    "/plans/{id}/weeks/1",
    "/plans/{id}/download.ics",
    "/plans/{id}/download.pdf",
    "/sessions/{id}-2027-01-05",
)


@pytest.fixture
def two_runners(
    runner: TestClient, new_client: Callable[[], TestClient]
) -> tuple[TestClient, TestClient, int]:
    plan_id = save_plan(runner)
    other = new_client()
    assert sign_up(other, email="bo@example.org", name="Bo").status_code == 303
    return runner, other, plan_id


@pytest.mark.parametrize("route", ROUTES)
def test_another_runners_objects_are_404(
    two_runners: tuple[TestClient, TestClient, int], route: str
) -> None:
    owner, other, plan_id = two_runners
    path = route.format(id=plan_id)
    assert other.get(path).status_code == 404
    assert owner.get(path).status_code != 404 or "sessions" in path


@pytest.mark.parametrize(
    "path", ["/", "/plans/new", "/plans", "/plans/1", "/sessions/1-2027-01-05"]
)
def test_pages_need_a_session(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


def test_api_another_runners_plan_is_404(
    two_runners: tuple[TestClient, TestClient, int],
) -> None:
    _owner, other, plan_id = two_runners
    response = other.get(f"/api/v1/plans/{plan_id}")
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "plan"


def test_security_headers_everywhere(client: TestClient) -> None:
    for path in ("/login", "/healthz", "/api/v1/me", "/nope"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_error_pages_share_the_layout_and_never_show_a_traceback(app, client: TestClient) -> None:  # type: ignore[no-untyped-def]
    from fastapi import APIRouter

    router = APIRouter()

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
    assert 'class="site"' in response.text
    assert "content-security-policy" in response.headers
    missing = client.get("/nope")
    assert missing.status_code == 404 and 'class="site"' in missing.text
