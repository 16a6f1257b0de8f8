"""/settings: API tokens (shown once, kept as a hash, revocable), the calendar link, and deleting
the account with everything of it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webhelp import PASSWORD, csrf, html, save_plan, sign_up

from runstrong.app import accounts, athletes, backups
from runstrong.errors import NotFound
from runstrong.settings import Context


def _create(client: TestClient, name: str = "watch", scopes: tuple[str, ...] = ("read",)) -> Any:
    data: dict[str, Any] = {"csrf": csrf(client, "/settings"), "name": name, "scope": list(scopes)}
    return client.post("/settings/tokens", data=data)


def _raw(response: Any) -> str:
    return str(html(response).find(id="token-value")["value"])


def _me(client: TestClient, raw: str) -> int:
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code


def test_settings_labels_every_field_and_every_form_carries_csrf(runner: TestClient) -> None:
    page = html(runner.get("/settings"))
    for form in page.find_all("form", {"method": "post"}):
        assert form.find("input", {"name": "csrf"})["value"], form
    for field in page.find_all(["input", "select"]):
        if field.get("type") == "hidden":
            continue
        assert page.find("label", {"for": field["id"]}) is not None, field


def test_a_token_is_shown_once_then_kept_only_as_its_hash(
    runner: TestClient, web_context: Context
) -> None:
    response = _create(runner, "watch sync", ("read", "write"))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    raw = _raw(response)
    assert raw.startswith("rs_")
    listing = runner.get("/settings")
    assert raw not in listing.text
    row = html(listing).find("tr", {"data-token": True})
    cells = [td.get_text(strip=True) for td in row.find_all("td")]
    assert cells[:5] == ["watch sync", "read, write", "2027-01-06 09:00", "never", "no"]
    with web_context.db.read() as reader:
        stored = [r[0] for r in reader.rows("SELECT token_hash FROM api_tokens")]
    assert stored == [hashlib.sha256(raw.encode()).hexdigest()]
    assert _me(runner, raw) == 200
    used = html(runner.get("/settings")).find("tr", {"data-token": True}).find_all("td")[3]
    assert used.get_text(strip=True) != "never"  # the API's own clock: not the test's


def test_a_token_needs_a_name_and_a_scope(runner: TestClient) -> None:
    none_ticked = _create(runner, "cli", ())
    assert none_ticked.status_code == 422
    assert "tick at least one of read, write" in html(none_ticked).find(id="e-scope").get_text()
    unnamed = _create(runner, "  ")
    assert unnamed.status_code == 422
    assert "must not be empty" in html(unnamed).find(id="e-name").get_text()
    odd = _create(runner, "cli", ("admin",))
    assert odd.status_code == 422
    assert "'admin' is not allowed" in html(odd).get_text()
    assert html(runner.get("/settings")).find("tr", {"data-token": True}) is None


def test_a_revoked_token_stops_working(runner: TestClient) -> None:
    raw = _raw(_create(runner))
    token_id = html(runner.get("/settings")).find("tr", {"data-token": True})["data-token"]
    response = runner.post(
        f"/settings/tokens/{token_id}/revoke",
        data={"csrf": csrf(runner, "/settings")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/settings?done=token-revoked"
    page = html(runner.get(response.headers["location"]))
    assert "no longer opens the API" in page.find(class_="flash").get_text()
    revoked = page.find("tr", {"data-token": token_id}).find_all("td")
    assert revoked[4].get_text(strip=True) == "2027-01-06 09:00"
    assert revoked[5].find("form") is None
    assert _me(runner, raw) == 401


def test_another_runners_token_is_not_found(
    runner: TestClient, new_client: Callable[[], TestClient]
) -> None:
    other = new_client()
    sign_up(other, email="bo@example.org", name="Bo")
    raw = _raw(_create(other))
    theirs = html(other.get("/settings")).find("tr", {"data-token": True})["data-token"]
    response = runner.post(
        f"/settings/tokens/{theirs}/revoke", data={"csrf": csrf(runner, "/settings")}
    )
    assert response.status_code == 404
    assert _me(runner, raw) == 200
    assert html(runner.get("/settings")).find("tr", {"data-token": True}) is None


def test_settings_forms_refuse_a_missing_csrf(runner: TestClient, web_context: Context) -> None:
    assert runner.post("/settings/tokens", data={"name": "x", "scope": "read"}).status_code == 403
    assert runner.post("/settings/calendar").status_code == 403
    assert runner.post("/settings/calendar/revoke", data={"csrf": "forged"}).status_code == 403
    assert runner.post("/settings/delete", data={"password": PASSWORD}).status_code == 403
    assert [u.email for u in accounts.users(web_context)] == ["ana@example.org"]
    assert accounts.tokens(web_context, accounts.users(web_context)[0].id) == []


def _feed(client: TestClient) -> dict[str, str]:
    response = client.post("/settings/calendar", data={"csrf": csrf(client, "/settings")})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    page = html(response)
    return {
        "webcal": page.find(id="feed-webcal").get_text(strip=True),
        "url": page.find(id="feed-url").get_text(strip=True),
    }


def test_calendar_link_is_made_replaced_and_revoked(
    runner: TestClient, new_client: Callable[[], TestClient]
) -> None:
    first = _feed(runner)
    assert first["webcal"].startswith("webcal://testserver/calendar/")
    assert first["webcal"].endswith(".ics")
    path = first["url"].removeprefix("http://testserver")
    assert first["url"] == "http://testserver" + path
    assert first["webcal"] == "webcal://testserver" + path
    reader = new_client()  # a calendar app: no session
    assert reader.get(path).status_code == 200
    assert path not in runner.get("/settings").text  # shown once
    second = _feed(runner)
    new_path = second["url"].removeprefix("http://testserver")
    assert new_path != path
    assert reader.get(path).status_code == 404
    assert reader.get(new_path).status_code == 200
    response = runner.post(
        "/settings/calendar/revoke",
        data={"csrf": csrf(runner, "/settings")},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/settings?done=feed-revoked"
    assert reader.get(new_path).status_code == 404


def test_delete_needs_the_password(runner: TestClient, web_context: Context) -> None:
    response = runner.post(
        "/settings/delete", data={"csrf": csrf(runner, "/settings"), "password": "not it at all"}
    )
    assert response.status_code == 422
    assert "wrong password" in html(response).find(id="e-password").get_text()
    assert athletes.athlete(web_context, "Ana").name == "Ana"
    assert runner.get("/").status_code == 200


def test_delete_removes_the_account_and_all_its_data(
    runner: TestClient, web_context: Context, new_client: Callable[[], TestClient]
) -> None:
    other = new_client()
    sign_up(other, email="bo@example.org", name="Bo")
    save_plan(other)
    save_plan(runner)
    raw = _raw(_create(runner))
    feed = _feed(runner)["url"].removeprefix("http://testserver")
    response = runner.post(
        "/settings/delete",
        data={"csrf": csrf(runner, "/settings"), "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/signup?deleted=1"
    assert 'runstrong_session=""' in response.headers["set-cookie"]
    landed = runner.get(response.headers["location"])
    assert "Your account and all its data are deleted." in html(landed).find(class_="flash").text
    assert [u.email for u in accounts.users(web_context)] == ["bo@example.org"]
    with pytest.raises(NotFound):
        athletes.athlete(web_context, "Ana")
    assert [a["name"] for a in backups.backup(web_context)["athletes"]] == ["Bo"]
    assert len(backups.backup(web_context, "Bo")["athletes"][0]["plans"]) == 1
    assert _me(runner, raw) == 401
    assert new_client().get(feed).status_code == 404
    gone = runner.get("/", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/login")


def test_settings_need_sign_in(client: TestClient) -> None:
    response = client.get("/settings", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
