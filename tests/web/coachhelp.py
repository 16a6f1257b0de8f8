"""Helpers of the coach-mode web tests: a coach account signed in, an invitation made and
answered through the pages."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from webhelp import PASSWORD, Clock, csrf, form_token, html

from runstrong.app import accounts
from runstrong.settings import Context


def sign_in(client: TestClient, email: str) -> None:
    token = form_token(client, "/login")
    response = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "form_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]


def coach_account(ctx: Context, client: TestClient, email: str = "cora@example.org") -> TestClient:
    """A `coach` account (no athlete of its own), signed in on `client`."""
    accounts.create_user(ctx, email=email, password=PASSWORD, coach=True, now=Clock().at)
    sign_in(client, email)
    return client


def invite(client: TestClient, **fields: str) -> tuple[str, str]:
    """Make an invitation through the coach page: its token (from the link) and its code."""
    data = {"csrf": csrf(client, "/coach"), **fields}
    page = client.post("/coach/invitations", data=data)
    assert page.status_code == 200, page.text[:2000]
    link = html(page).find(id="invite-link").get_text()
    code = html(page).find(id="invite-code").get_text()
    found = re.search(r"/invite/([^/]+)$", link)
    assert found is not None, link
    return found[1], code


def accept(client: TestClient, secret: str) -> int:
    """Accept an invitation through its page; the coach link's id (from the settings page)."""
    response = client.post(
        f"/invite/{secret}/accept", data={"csrf": csrf(client)}, follow_redirects=False
    )
    assert response.status_code == 303, response.text[:2000]
    assert response.headers["location"] == "/settings?done=coach-accepted"
    item = html(client.get("/settings")).select("#coaches li")[-1]
    return int(str(item["data-coach"]))


def create_squad(client: TestClient, name: str) -> int:
    response = client.post(
        "/coach/squads",
        data={"csrf": csrf(client, "/coach"), "squad_name": name},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:2000]
    return int(response.headers["location"].rsplit("/", 1)[1])


def create_managed(client: TestClient, name: str) -> int:
    response = client.post(
        "/coach/athletes",
        data={"csrf": csrf(client, "/coach"), "athlete_name": name, "athlete_units": "kg"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:2000]
    return int(response.headers["location"].rsplit("/", 1)[1])
