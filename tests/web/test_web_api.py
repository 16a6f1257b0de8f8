"""The JSON API: tokens, the routes and shapes of SPEC.md, errors, pages, ETags, retried logs."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webhelp import Clock, sign_up

from runstrong.app import accounts
from runstrong.settings import Context

PLAN = {
    "goal": "strength",
    "phase": "off-season",
    "weeks": 4,
    "sessions": 2,
    "start": "2027-01-04",
    "race": None,
    "setup": "gym",
    "lifts": {"back-squat": "100", "romanian-deadlift": "80x6"},
    "runs": {"tue": "intervals", "sat": "long"},
    "minutes": None,
    "avoid": [],
    "units": "kg",
    "experience": "intermediate",
    "seed": 0,
}


def _token(ctx: Context, clock: Clock, email: str, scope: str = "read,write") -> dict[str, str]:
    raw, _ = accounts.create_token(ctx, email=email, name="test", scopes=scope, now=clock.at)
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def auth(client: TestClient, web_context: Context, clock: Clock) -> dict[str, str]:
    sign_up(client)
    client.cookies.clear()  # the API is called with the token alone
    return _token(web_context, clock, "ana@example.org")


def test_without_a_token_401_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {
        "error": {"field": None, "message": "a valid token or session is needed", "rule": None}
    }
    forged = client.get("/api/v1/me", headers={"Authorization": "Bearer rs_forged"})
    assert forged.status_code == 401


def test_me(client: TestClient, auth: dict[str, str]) -> None:
    found = client.get("/api/v1/me", headers=auth).json()
    assert found["user"] == {"email": "ana@example.org"}
    assert found["athlete"]["name"] == "Ana"


def test_exercises_filter_and_paginate(client: TestClient, auth: dict[str, str]) -> None:
    page = client.get("/api/v1/exercises?limit=5", headers=auth)
    assert page.status_code == 200
    assert len(page.json()) == 5
    total = int(page.headers["x-total-count"])
    assert total > 5
    assert 'rel="next"' in page.headers["link"]
    plyo = client.get("/api/v1/exercises?category=plyometric", headers=auth).json()
    assert plyo and all(e["category"] == "plyometric" for e in plyo)
    bad = client.get("/api/v1/exercises?category=cardio", headers=auth)
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "category"


def test_preview_saves_nothing_and_save_returns_201(
    client: TestClient, auth: dict[str, str]
) -> None:
    preview = client.post("/api/v1/plans/preview", json=PLAN, headers=auth)
    assert preview.status_code == 200, preview.text
    assert preview.json()["schema"] == "runstrong.plan/1"
    assert client.get("/api/v1/plans", headers=auth).json() == []
    saved = client.post("/api/v1/plans", json=PLAN, headers=auth)
    assert saved.status_code == 201
    body = saved.json()
    assert body["plan"]["schema"] == "runstrong.plan/1"
    listed = client.get("/api/v1/plans", headers=auth).json()
    assert [p["id"] for p in listed] == [body["id"]]


def test_plan_etag_and_formats(client: TestClient, auth: dict[str, str]) -> None:
    plan_id = client.post("/api/v1/plans", json=PLAN, headers=auth).json()["id"]
    first = client.get(f"/api/v1/plans/{plan_id}", headers=auth)
    tag = first.headers["etag"]
    again = client.get(f"/api/v1/plans/{plan_id}", headers={**auth, "If-None-Match": tag})
    assert again.status_code == 304
    ics = client.get(f"/api/v1/plans/{plan_id}?format=ics", headers=auth)
    assert ics.text.startswith("BEGIN:VCALENDAR")
    assert client.get(f"/api/v1/plans/{plan_id}?format=exe", headers=auth).status_code == 422


def test_bad_plan_request_names_the_field(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post("/api/v1/plans/preview", json={**PLAN, "weeks": 54}, headers=auth)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "weeks"
    assert "must be 1-52" in error["message"]
    assert "--" not in error["message"]
    rule = client.post(
        "/api/v1/plans/preview", json={**PLAN, "phase": "in-season", "sessions": 3}, headers=auth
    )
    assert rule.status_code == 422
    unknown = client.post("/api/v1/plans/preview", json={**PLAN, "colour": "red"}, headers=auth)
    assert unknown.status_code == 422
    assert unknown.json()["error"]["field"] == "colour"


def test_log_once_per_client_id(client: TestClient, auth: dict[str, str]) -> None:
    body: dict[str, Any] = {
        "client_id": str(uuid.uuid4()),
        "date": "2027-01-05",
        "rpe": 8,
        "entries": [
            {"exercise": "back-squat", "sets": [{"reps": 5, "load": 80}, {"reps": 5, "load": 80}]}
        ],
    }
    first = client.post("/api/v1/logs", json=body, headers=auth)
    assert first.status_code == 201, first.text
    again = client.post("/api/v1/logs", json=body, headers=auth)
    assert again.status_code == 200
    assert again.json()["session_id"] == first.json()["session_id"]
    history = client.get("/api/v1/history?exercise=back-squat", headers=auth).json()
    assert sum(row["sets"] for row in history) == 2
    bad = client.post(
        "/api/v1/logs",
        json={**body, "client_id": "x", "entries": [{"exercise": "back-squat", "sets": [{}]}]},
        headers=auth,
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "entries[0].sets[0]"


def test_read_token_cannot_write_and_revoked_token_stops(
    client: TestClient, web_context: Context, clock: Clock
) -> None:
    sign_up(client)
    client.cookies.clear()
    read = _token(web_context, clock, "ana@example.org", "read")
    assert client.get("/api/v1/me", headers=read).status_code == 200
    refused = client.post("/api/v1/plans", json=PLAN, headers=read)
    assert refused.status_code == 403
    user = accounts.user_by_email(web_context, "ana@example.org")
    for token in accounts.tokens(web_context, user.id):
        accounts.revoke_token(web_context, user.id, token.id, now=clock.at)
    assert client.get("/api/v1/me", headers=read).status_code == 401


def test_session_cookie_writes_need_csrf(runner: TestClient) -> None:
    assert runner.get("/api/v1/me").status_code == 200
    refused = runner.post("/api/v1/plans", json=PLAN)
    assert refused.status_code == 403


def test_openapi_schema_and_docs_page(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/me",
        "/exercises",
        "/plans",
        "/plans/preview",
        "/plans/{plan_id}",
        "/logs",
        "/history",
    ):
        assert path in schema["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and "/api/v1/logs" in docs.text


@pytest.mark.parametrize(
    ("body", "kind", "words"),
    [
        (b'{"goal": "strength",', "application/json", "not valid JSON"),
        (b"\xff\xfe", "application/json", "not valid JSON"),
        (b"goal=strength", "application/x-www-form-urlencoded", "Content-Type: application/json"),
        (b'{"goal": "strength"}', "text/plain", "Content-Type: application/json"),
        (b"", "application/json", "the body is empty"),
    ],
)
def test_a_body_that_is_not_json_is_400(
    client: TestClient, auth: dict[str, str], body: bytes, kind: str, words: str
) -> None:
    for path in ("/api/v1/plans/preview", "/api/v1/logs"):
        response = client.post(path, content=body, headers={**auth, "Content-Type": kind})
        assert response.status_code == 400, response.text
        error = response.json()["error"]
        assert error["field"] is None and error["rule"] is None
        assert words in error["message"]


def test_json_with_the_wrong_shape_stays_422(client: TestClient, auth: dict[str, str]) -> None:
    listed = client.post("/api/v1/plans/preview", json=[1, 2], headers=auth)
    assert listed.status_code == 422
    assert listed.json()["error"]["message"] == "the body must be a JSON object"
    extra = client.post("/api/v1/plans/preview", json={"goal": "strength", "wat": 1}, headers=auth)
    assert (extra.status_code, extra.json()["error"]["field"]) == (422, "wat")
