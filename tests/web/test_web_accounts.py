"""Sign-up, sign-in, sign-out, rate limits, resets: the forms a runner meets first."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from webhelp import PASSWORD, Clock, form_token, html, sign_up

from runstrong.app import accounts


def test_sign_up_makes_the_owner_and_signs_in(client: TestClient) -> None:
    response = sign_up(client)
    assert response.status_code == 303
    assert response.headers["location"] == "/plans/new"
    cookie = response.headers["set-cookie"]
    assert "runstrong_session=" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    page = client.get("/")
    assert page.status_code == 200
    assert "Today" in page.text


def test_sign_up_form_has_the_spec_labels_and_button(client: TestClient) -> None:
    page = html(client.get("/signup"))
    labels = {label.get_text(strip=True) for label in page.find_all("label")}
    assert {"Email", "Password"} <= labels
    assert page.find("button", string="Sign up") is not None
    login = html(client.get("/login"))
    assert login.find("button", string="Sign in") is not None


def test_a_form_without_its_token_is_refused(client: TestClient) -> None:
    response = client.post(
        "/signup",
        data={"email": "x@example.org", "password": PASSWORD, "name": "X", "form_token": "forged"},
    )
    assert response.status_code == 403
    assert "expired" in response.text


def test_bad_sign_up_says_which_field(client: TestClient) -> None:
    token = form_token(client, "/signup")
    response = client.post(
        "/signup",
        data={"email": "not-an-email", "password": PASSWORD, "name": "Ana", "form_token": token},
    )
    assert response.status_code == 422
    page = html(response)
    error = page.find(id="e-email")
    assert error is not None and error.get_text(strip=True)
    assert page.find(id="f-email")["aria-invalid"] == "true"


def test_short_password_is_refused_next_to_the_field(client: TestClient) -> None:
    token = form_token(client, "/signup")
    response = client.post(
        "/signup",
        data={"email": "a@example.org", "password": "short", "name": "Ana", "form_token": token},
    )
    assert response.status_code == 422
    assert html(response).find(id="e-password") is not None


def test_wrong_password_then_rate_limit(client: TestClient) -> None:
    sign_up(client)
    client.cookies.clear()
    statuses = []
    for _ in range(6):
        token = form_token(client, "/login")
        response = client.post(
            "/login",
            data={"email": "ana@example.org", "password": "wrong password", "form_token": token},
        )
        statuses.append(response.status_code)
    assert statuses[0] == 422
    assert statuses[-1] == 429
    assert int(response.headers["retry-after"]) > 0
    # even the right password waits until the window passes
    token = form_token(client, "/login")
    right = client.post(
        "/login", data={"email": "ana@example.org", "password": PASSWORD, "form_token": token}
    )
    assert right.status_code == 429


def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(client: TestClient) -> None:
    sign_up(client)
    client.cookies.clear()
    first = client.get("/progress", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/login?next=/progress"
    for target, expected in (("/history", "/history"), ("//evil.example", "/")):
        client.cookies.clear()
        token = form_token(client, "/login")
        response = client.post(
            "/login",
            data={
                "email": "ana@example.org",
                "password": PASSWORD,
                "next": target,
                "form_token": token,
            },
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert response.headers["location"] == expected


def test_sign_out_needs_the_csrf_token_and_ends_the_session(runner: TestClient) -> None:
    refused = runner.post("/logout", data={"csrf": "nope"}, follow_redirects=False)
    assert refused.status_code == 403
    token = html(runner.get("/")).find("input", {"name": "csrf"})["value"]
    cookie = runner.cookies.get("runstrong_session")
    done = runner.post("/logout", data={"csrf": token}, follow_redirects=False)
    assert done.status_code == 303
    runner.cookies.set("runstrong_session", cookie)  # a stolen cookie after sign-out
    assert runner.get("/", follow_redirects=False).status_code == 303


def test_session_expires_when_idle(runner: TestClient, clock: Clock) -> None:
    assert runner.get("/", follow_redirects=False).status_code == 200
    clock.at += dt.timedelta(days=8)
    assert runner.get("/", follow_redirects=False).status_code == 303


def test_reset_link_sets_a_new_password_once(client: TestClient, web_context, clock) -> None:  # type: ignore[no-untyped-def]
    sign_up(client)
    client.cookies.clear()
    raw = accounts.reset_link(web_context, "ana@example.org", now=clock.at)
    token = form_token(client, f"/reset/{raw}")
    new = "a much better passphrase"
    done = client.post(
        f"/reset/{raw}", data={"password": new, "form_token": token}, follow_redirects=False
    )
    assert done.status_code == 303
    client.cookies.clear()
    token = form_token(client, f"/reset/{raw}")
    again = client.post(f"/reset/{raw}", data={"password": new, "form_token": token})
    assert again.status_code == 422
    token = form_token(client, "/login")
    signed = client.post(
        "/login",
        data={"email": "ana@example.org", "password": new, "form_token": token},
        follow_redirects=False,
    )
    assert signed.status_code == 303


def test_pages_carry_the_release_for_the_service_worker(client: TestClient) -> None:
    from runstrong.version import __version__

    body = html(client.get("/login")).body
    assert body is not None and body.get("data-version") == __version__
