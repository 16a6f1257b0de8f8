"""Coach mode through the JSON API with bearer tokens: squads, members, invitations, athletes,
the runner's answer and leaving; another coach's and another runner's ids are 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webhelp import PASSWORD, Clock

from runstrong.app import accounts
from runstrong.settings import Context

NOW = dt.datetime(2027, 1, 6, 9, 0)


@dataclass
class Api:
    client: TestClient
    tokens: dict[str, str]

    def call(self, who: str, method: str, path: str, body: Any = None) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        return self.client.request(method, f"/api/v1{path}", json=body, headers=headers)


@pytest.fixture
def api(client: TestClient, web_context: Context) -> Api:
    tokens = {}
    for who in ("ana", "bo"):
        accounts.sign_up(
            web_context, email=f"{who}@example.org", password=PASSWORD, name=who.title(), now=NOW
        )
    for who in ("cora", "dan"):
        accounts.create_user(
            web_context, email=f"{who}@example.org", password=PASSWORD, coach=True, now=NOW
        )
    for who in ("ana", "bo", "cora", "dan"):
        raw, _ = accounts.create_token(
            web_context, email=f"{who}@example.org", name="t", scopes="read,write", now=NOW
        )
        tokens[who] = raw
    return Api(client, tokens)


def _coached(api: Api, runner: str = "ana", coach: str = "cora") -> dict[str, Any]:
    made = api.call(coach, "POST", "/coach/invitations", {})
    assert made.status_code == 201, made.text
    accepted = api.call(runner, "POST", f"/invitations/{made.json()['token']}/accept")
    assert accepted.status_code == 201, accepted.text
    found: dict[str, Any] = accepted.json()
    return found


def test_the_coach_flow_through_the_api(api: Api) -> None:
    made = api.call("cora", "POST", "/coach/invitations", {"email": "ana@example.org"})
    assert made.status_code == 201 and made.headers["cache-control"] == "no-store"
    body = made.json()
    assert body["link"] == f"http://testserver/invite/{body['token']}"
    assert len(body["code"]) == 11 and body["email"] == "ana@example.org"
    seen = api.call("ana", "GET", f"/invitations/{body['code']}")
    assert seen.status_code == 200
    assert seen.json()["coach"] == {"email": "cora@example.org"}
    assert any("your saved plans" in item for item in seen.json()["can_see"])
    link = api.call("ana", "POST", f"/invitations/{body['token']}/accept").json()
    assert link["athlete"]["name"] == "Ana" and link["managed"] is False
    ana_id = link["athlete"]["id"]
    squad = api.call("cora", "POST", "/coach/squads", {"name": "Tuesday"}).json()
    put = api.call("cora", "PUT", f"/coach/squads/{squad['id']}/members/{ana_id}")
    assert put.status_code == 200
    assert [m["athlete"]["name"] for m in put.json()["members"]] == ["Ana"]
    assert api.call("cora", "GET", "/coach/squads").json()[0]["size"] == 1
    athlete = api.call("cora", "GET", f"/coach/athletes/{ana_id}").json()
    assert athlete["profile"]["name"] == "Ana" and athlete["squads"][0]["name"] == "Tuesday"
    patched = api.call("cora", "PATCH", f"/coach/squads/{squad['id']}", {"archived": True})
    assert patched.json()["archived_at"] is not None
    assert api.call("ana", "GET", "/coaches").json() == [link]
    assert api.call("ana", "DELETE", f"/coaches/{link['id']}").status_code == 204
    assert api.call("cora", "GET", f"/coach/athletes/{ana_id}").status_code == 404
    assert api.call("cora", "GET", "/coach/athletes").json() == []
    assert api.call("cora", "GET", f"/coach/squads/{squad['id']}").json()["members"] == []


def test_the_coach_stops_coaching_through_the_api(api: Api) -> None:
    ana_id = _coached(api)["athlete"]["id"]
    junior = api.call("cora", "POST", "/coach/athletes", {"name": "Junior"}).json()
    for who in ("dan", "bo"):
        assert api.call(who, "DELETE", f"/coach/athletes/{ana_id}").status_code == 404
    assert api.call("cora", "DELETE", f"/coach/athletes/{ana_id}").status_code == 204
    assert api.call("cora", "GET", f"/coach/athletes/{ana_id}").status_code == 404
    assert api.call("ana", "GET", "/coaches").json() == []
    assert api.call("cora", "DELETE", f"/coach/athletes/{ana_id}").status_code == 404
    path = f"/coach/athletes/{junior['athlete']['id']}"
    for typed in ("", "?confirm=Senior"):  # a managed athlete goes only once named
        refused = api.call("cora", "DELETE", path + typed)
        assert refused.status_code == 422 and refused.json()["error"]["field"] == "confirm"
    assert api.call("cora", "GET", path).status_code == 200
    assert api.call("dan", "DELETE", path + "?confirm=Junior").status_code == 404
    assert api.call("cora", "DELETE", path + "?confirm=junior").status_code == 204
    assert api.call("cora", "GET", path).status_code == 404


def test_invitations_used_twice_expired_or_for_another_login_are_404(
    api: Api, clock: Clock
) -> None:
    made = api.call("cora", "POST", "/coach/invitations", {"email": "bo@example.org"}).json()
    for who in ("ana", "cora", "dan"):
        assert api.call(who, "GET", f"/invitations/{made['token']}").status_code == 404
        refused = api.call(who, "POST", f"/invitations/{made['token']}/accept")
        assert refused.status_code == 404 and refused.json()["error"]["field"] == "invitation"
    assert api.call("bo", "POST", f"/invitations/{made['token']}/decline").status_code == 204
    assert api.call("bo", "POST", f"/invitations/{made['token']}/accept").status_code == 404
    later = api.call("cora", "POST", "/coach/invitations", {}).json()
    clock.at = NOW + dt.timedelta(days=7)
    assert api.call("bo", "POST", f"/invitations/{later['code']}/accept").status_code == 404
    outcomes = [i["outcome"] for i in api.call("cora", "GET", "/coach/invitations").json()]
    assert outcomes == [None, "declined"]


def test_another_coachs_or_runners_ids_are_404(api: Api) -> None:
    link = _coached(api)
    ana_id = link["athlete"]["id"]
    squad = api.call("cora", "POST", "/coach/squads", {"name": "Tuesday"}).json()["id"]
    api.call("cora", "PUT", f"/coach/squads/{squad}/members/{ana_id}")
    invitation = api.call("cora", "POST", "/coach/invitations", {}).json()["id"]
    routes = [
        ("GET", f"/coach/athletes/{ana_id}", None),
        ("GET", f"/coach/squads/{squad}", None),
        ("PATCH", f"/coach/squads/{squad}", {"name": "Mine"}),
        ("PUT", f"/coach/squads/{squad}/members/{ana_id}", None),
        ("DELETE", f"/coach/squads/{squad}/members/{ana_id}", None),
        ("DELETE", f"/coach/invitations/{invitation}", None),
        ("DELETE", f"/coaches/{link['id']}", None),
        ("POST", "/coach/invitations", {"athlete_id": ana_id}),
    ]
    for who in ("dan", "bo"):
        for method, path, body in routes:
            refused = api.call(who, method, path, body)
            assert refused.status_code == 404, (who, method, path, refused.status_code)
            assert refused.json()["error"]["field"]
    squad_now = api.call("cora", "GET", f"/coach/squads/{squad}").json()
    assert squad_now["name"] == "Tuesday" and len(squad_now["members"]) == 1
    assert api.call("cora", "GET", "/coach/invitations").json()[0]["used"] is None
    # A runner who does not coach has no coach lists at all.
    for path in ("/coach/athletes", "/coach/squads", "/coach/invitations"):
        assert api.call("bo", "GET", path).status_code == 404


def test_a_coachs_squad_takes_only_their_athletes(api: Api) -> None:
    bo_id = _coached(api, "bo", "dan")["athlete"]["id"]
    squad = api.call("cora", "POST", "/coach/squads", {"name": "Tuesday"}).json()["id"]
    for athlete in (bo_id, 424242):
        refused = api.call("cora", "PUT", f"/coach/squads/{squad}/members/{athlete}")
        assert refused.status_code == 404 and refused.json()["error"]["field"] == "athlete"


def test_a_managed_athlete_through_the_api_and_its_hand_over(
    api: Api, web_context: Context
) -> None:
    made = api.call(
        "dan",
        "POST",
        "/coach/athletes",
        {"name": "Jo", "units": "lb", "runs": {"tue": "intervals"}, "experience": "novice"},
    )
    assert made.status_code == 201, made.text
    jo = made.json()
    assert (jo["managed"], jo["login"]) == (True, False)
    profile = api.call("dan", "GET", f"/coach/athletes/{jo['athlete']['id']}").json()["profile"]
    assert (profile["units"], profile["runs"], profile["experience"]) == (
        "lb",
        "tue=intervals",
        "novice",
    )
    handover = api.call("dan", "POST", "/coach/invitations", {"athlete_id": jo["athlete"]["id"]})
    token = handover.json()["token"]
    assert handover.json()["athlete"] == jo["athlete"]
    assert api.call("ana", "POST", f"/invitations/{token}/accept").status_code == 422
    accounts.create_user(web_context, email="jo@example.org", password=PASSWORD, now=NOW)
    raw, _ = accounts.create_token(
        web_context, email="jo@example.org", name="t", scopes="read,write", now=NOW
    )
    api.tokens["jo"] = raw
    link = api.call("jo", "POST", f"/invitations/{token}/accept").json()
    assert (link["managed"], link["login"]) == (False, True)
    assert api.call("jo", "GET", "/me").json()["athlete"]["name"] == "Jo"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/coach/squads", {"name": ""}, "name"),
        ("/coach/squads", {"name": "x", "colour": "red"}, "colour"),
        ("/coach/athletes", {"name": "Jo", "units": "stone"}, "units"),
        ("/coach/invitations", {"email": "not an address"}, "email"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    api: Api, path: str, body: dict[str, Any], field: str
) -> None:
    refused = api.call("cora", "POST", path, body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == field


def test_a_read_token_cannot_write(api: Api, web_context: Context) -> None:
    raw, _ = accounts.create_token(web_context, email="cora@example.org", name="r", now=NOW)
    api.tokens["cora-read"] = raw
    assert api.call("cora-read", "GET", "/coach/squads").status_code == 200
    assert api.call("cora-read", "POST", "/coach/squads", {"name": "X"}).status_code == 403


def test_the_coach_routes_are_in_the_api_schema(api: Api, new_client: Callable[[], Any]) -> None:
    paths = new_client().get("/api/v1/openapi.json").json()["paths"]
    assert {"/coach/squads", "/coach/invitations", "/invitations/{secret}/accept"} <= set(paths)
