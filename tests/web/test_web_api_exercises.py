"""The API's own exercises: listed with the catalogue (marked `own`), added, replaced and
deleted with a write token, a bad field a 422 naming it, another runner's a 404."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from webhelp import Clock, sign_up

from runstrong.app import accounts
from runstrong.settings import Context

SQUAT: dict[str, Any] = {
    "name": "Pause squat",
    "category": "weights",
    "pattern": "squat",
    "equipment": ["barbell"],
    "unilateral": False,
    "complexity": 2,
    "loading": "1rm",
    "cues": ["Sit down, hold two seconds", "Drive up fast"],
    "cautions": [{"limitation": "knee", "effect": "soften", "note": "Shallower pause"}],
}


def _auth(ctx: Context, clock: Clock, email: str, scope: str = "read,write") -> dict[str, str]:
    raw, _ = accounts.create_token(ctx, email=email, name="t", scopes=scope, now=clock.at)
    return {"Authorization": f"Bearer {raw}"}


def test_add_list_change_delete(client: TestClient, web_context: Context, clock: Clock) -> None:
    sign_up(client)
    client.cookies.clear()
    auth = _auth(web_context, clock, "ana@example.org")
    made = client.post("/api/v1/exercises", json={**SQUAT, "id": "pause-squat"}, headers=auth)
    assert made.status_code == 201, made.text
    assert made.json()["own"] is True
    assert made.json()["cautions"] == SQUAT["cautions"]
    listed = client.get("/api/v1/exercises?search=pause", headers=auth).json()
    assert [x["id"] for x in listed if x["own"]] == ["pause-squat"]
    every = client.get("/api/v1/exercises", headers=auth)
    assert int(every.headers["x-total-count"]) == len(web_context.catalogue) + 1
    assert client.get("/api/v1/exercises/back-squat", headers=auth).json()["own"] is False
    changed = client.put(
        "/api/v1/exercises/pause-squat", json={**SQUAT, "name": "Paused"}, headers=auth
    )
    assert changed.status_code == 200 and changed.json()["name"] == "Paused"
    assert client.get("/api/v1/exercises/pause-squat", headers=auth).json()["name"] == "Paused"
    assert client.delete("/api/v1/exercises/pause-squat", headers=auth).status_code == 204
    assert client.get("/api/v1/exercises/pause-squat", headers=auth).status_code == 404


def test_bad_fields_and_ids_are_422_naming_them(
    client: TestClient, web_context: Context, clock: Clock
) -> None:
    sign_up(client)
    client.cookies.clear()
    auth = _auth(web_context, clock, "ana@example.org")
    bad = client.post(
        "/api/v1/exercises", json={**SQUAT, "id": "x", "pattern": "twirl"}, headers=auth
    )
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["field"] == "pattern" and "allowed: " in error["message"]
    taken = client.post("/api/v1/exercises", json={**SQUAT, "id": "back-squat"}, headers=auth)
    assert (taken.status_code, taken.json()["error"]["field"]) == (422, "id")
    extra = client.post("/api/v1/exercises", json={**SQUAT, "id": "x", "wat": 1}, headers=auth)
    assert (extra.status_code, extra.json()["error"]["field"]) == (422, "wat")
    missing = client.put("/api/v1/exercises/nope", json=SQUAT, headers=auth)
    assert missing.status_code == 404


def test_read_tokens_and_other_runners(
    client: TestClient, new_client: Any, web_context: Context, clock: Clock
) -> None:
    sign_up(client)
    sign_up(new_client(), email="bo@example.org", name="Bo")
    ana = _auth(web_context, clock, "ana@example.org")
    bo = _auth(web_context, clock, "bo@example.org")
    reader = _auth(web_context, clock, "ana@example.org", "read")
    client.cookies.clear()
    body = {**SQUAT, "id": "pause-squat"}
    assert client.post("/api/v1/exercises", json=body, headers=reader).status_code == 403
    assert client.post("/api/v1/exercises", json=body, headers=ana).status_code == 201
    for method in ("GET", "PUT", "DELETE"):
        json = SQUAT if method == "PUT" else None
        refused = client.request(method, "/api/v1/exercises/pause-squat", json=json, headers=bo)
        assert refused.status_code == 404, (method, refused.text)
    theirs = client.get("/api/v1/exercises?search=pause", headers=bo).json()
    assert theirs and not [x for x in theirs if x["own"] or x["id"] == "pause-squat"]
    log = {
        "client_id": "c1",
        "entries": [{"exercise": "pause-squat", "sets": [{"reps": 5, "load": 80}]}],
    }
    assert client.post("/api/v1/logs", json=log, headers=ana).status_code == 201
    assert client.post("/api/v1/logs", json=log, headers=bo).status_code == 404
