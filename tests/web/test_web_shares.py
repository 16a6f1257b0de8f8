"""Share links through the pages and the API: the runner's Share section on a plan, the link
shown once, the shared plan read-only without a sign-in (only the plan; private headers), a
revoked, expired or unknown link the same 404, the change log, a coach's links, bad input 422
naming the field, and neither the page cache nor the calendar feed letting anything through."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from coachhelp import accept, coach_account, invite
from fastapi.testclient import TestClient
from webhelp import Clock, csrf, html, save_plan, sign_up

from runstrong.app import accounts
from runstrong.settings import Context, Settings
from runstrong.storage import audit
from runstrong.web.app import create_app


@dataclass
class Club:
    ana: TestClient  # a runner coached by Cora
    bo: TestClient
    cora: TestClient
    dan: TestClient  # another coach
    stranger: TestClient  # no login
    ctx: Context
    clock: Clock
    ana_id: int
    plan: int
    link: int


@pytest.fixture
def club(
    runner: TestClient, new_client: Callable[[], TestClient], web_context: Context, clock: Clock
) -> Club:
    plan = save_plan(runner)
    bo = new_client()
    assert sign_up(bo, email="bo@example.org", name="Bo").status_code == 303
    save_plan(bo)
    cora = coach_account(web_context, new_client())
    dan = coach_account(web_context, new_client(), "dan@example.org")
    link = accept(runner, invite(cora)[0])
    ana_id = accounts.user_by_email(web_context, "ana@example.org").athlete_id
    assert ana_id is not None
    return Club(runner, bo, cora, dan, new_client(), web_context, clock, ana_id, plan, link)


def _share(client: TestClient, plan: int, **fields: str) -> Any:
    data = {"csrf": csrf(client), "label": "", "days": "", **fields}
    return client.post(f"/plans/{plan}/shares", data=data, follow_redirects=False)


def _token(response: Any) -> str:
    address = html(response).find(id="share-link").get_text()
    found = re.fullmatch(r"http://testserver/share/([A-Za-z0-9_-]{43})", address)
    assert found is not None, address
    return found[1]


def _rows(client: TestClient, plan: int) -> list[list[str]]:
    table = html(client.get(f"/plans/{plan}")).find(id="shares")
    if table is None:
        return []
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in table.select("tbody tr")
    ]


def _private(response: Any) -> None:
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-robots-tag"] == "noindex, nofollow"


def test_a_runner_shares_a_plan_that_opens_without_a_login(club: Club) -> None:
    c = club
    made = _share(c.ana, c.plan, label="physio", days="30")
    assert made.status_code == 200, made.text[:2000]
    assert made.headers["cache-control"] == "no-store"
    token = _token(made)
    assert "until 5 Feb 2027" in html(made).get_text() or "Fri 5 Feb 2027" in made.text
    shared = c.stranger.get(f"/share/{token}")
    assert shared.status_code == 200
    _private(shared)
    page = html(shared)
    assert page.find("form") is None  # read only: no forms at all
    text = page.get_text(" ")
    for private in ("Ana", "ana@example.org", "Sign out", "physio"):
        assert private not in text, private
    # The plan itself: every week, its sessions with exercises, loads and why.
    weeks = c.ana.get(f"/plans/{c.plan}/weeks/1")
    first = html(weeks).select("section.card h2")[0].get_text()
    assert first.split(" · ")[0] in text
    assert len(page.select("[id^=week-]")) == 4
    assert page.select(".exercise .load") and page.select(".exercise .why")
    assert not page.select("a[href^='/sessions/']")  # no way into the runner's pages
    # Only a hash is kept, and the address is the one shown.
    assert token not in repr(_all_rows(c.ctx))


def _all_rows(ctx: Context) -> list[Any]:
    with ctx.db.read() as s:
        return list(s.rows("SELECT * FROM share_links", {}))


def test_the_plan_page_lists_links_and_revokes_them(club: Club) -> None:
    c = club
    token = _token(_share(c.ana, c.plan, label="physio", days="7"))
    assert _rows(c.ana, c.plan) == [
        [
            "physio",
            "you",
            "2027-01-06",
            "2027-01-13 09:00 UTC",
            "Revoke the link physio made 2027-01-06",
        ]
    ]
    share_id = html(c.ana.get(f"/plans/{c.plan}")).select("#shares tbody tr")[0]["data-share"]
    ended = c.ana.post(
        f"/plans/{c.plan}/shares/{share_id}/revoke",
        data={"csrf": csrf(c.ana)},
        follow_redirects=False,
    )
    assert ended.status_code == 303
    assert ended.headers["location"] == f"/plans/{c.plan}#share"
    assert _rows(c.ana, c.plan) == [["physio", "you", "2027-01-06", "revoked 2027-01-06", ""]]
    gone = c.stranger.get(f"/share/{token}")
    assert gone.status_code == 404
    _private(gone)
    again = c.ana.post(f"/plans/{c.plan}/shares/{share_id}/revoke", data={"csrf": csrf(c.ana)})
    assert again.status_code == 404
    with c.ctx.db.read() as s:
        log = [(x.action, x.who, x.plan_id) for x in audit.changes(s, c.ana_id)]
    assert log == [
        ("share.revoked", "ana@example.org", c.plan),
        ("share.created", "ana@example.org", c.plan),
    ]


def test_expired_revoked_and_unknown_links_are_the_same_404(club: Club, app: Any) -> None:
    c = club
    week = _token(_share(c.ana, c.plan, days="7"))
    revoked = _token(_share(c.ana, c.plan))
    share_id = html(c.ana.get(f"/plans/{c.plan}")).select("#shares tbody tr")[0]["data-share"]
    c.ana.post(f"/plans/{c.plan}/shares/{share_id}/revoke", data={"csrf": csrf(c.ana)})
    c.clock.at += dt.timedelta(days=7, seconds=-1)
    assert c.stranger.get(f"/share/{week}").status_code == 200
    c.clock.at += dt.timedelta(seconds=1)
    answers = [
        c.stranger.get(f"/share/{t}")
        for t in (week, revoked, "x" * 43, week[:-1], "x" * 300, "%00")
    ]
    assert {a.status_code for a in answers} == {404}
    bodies = {a.text for a in answers[:5]}
    assert len(bodies) == 1  # nothing tells an expired link from a revoked or made-up one
    for a in answers[:5]:
        _private(a)
    # The plan page says which of the links no longer work (from the next day: it is kept a
    # day at a time, and gives the time a link stops).
    assert [row[3] for row in _rows(c.ana, c.plan)][1] == "2027-01-13 09:00 UTC"
    app.state.today = lambda: dt.date(2027, 1, 14)
    states = [row[3] for row in _rows(c.ana, c.plan)]
    assert states[0].startswith("revoked") and states[1].startswith("expired")


def test_the_share_page_leaks_through_neither_cache_nor_calendar(club: Club, app: Any) -> None:
    c = club
    token = _token(_share(c.ana, c.plan))
    # Signed in as the runner or not, the shared page is the same page, and never kept.
    kept = len(app.state.pages)
    mine = c.ana.get(f"/share/{token}")
    assert mine.text == c.stranger.get(f"/share/{token}").text
    assert "Sign out" not in mine.text
    assert len(app.state.pages) == kept
    # The plan page, kept by the revision, shows a link made or ended at once.
    before = c.ana.get(f"/plans/{c.plan}").text
    assert c.ana.get(f"/plans/{c.plan}").text == before  # kept
    share_id = html(c.ana.get(f"/plans/{c.plan}")).select("#shares tbody tr")[0]["data-share"]
    c.ana.post(f"/plans/{c.plan}/shares/{share_id}/revoke", data={"csrf": csrf(c.ana)})
    assert "revoked 2027-01-06" in c.ana.get(f"/plans/{c.plan}").text
    assert c.stranger.get(f"/share/{token}").status_code == 404
    # A share token is no calendar link, and a calendar link opens no shared plan.
    live = _token(_share(c.ana, c.plan))
    feed = accounts.calendar_feed(c.ctx, c.ana_id, now=c.clock.at)
    assert c.stranger.get(f"/calendar/{live}.ics").status_code == 404
    assert c.stranger.get(f"/share/{feed}").status_code == 404
    # Nor is the token written to the access log.
    from runstrong.web.security import shown_path

    assert shown_path(f"/share/{live}") == "/share/..."


@pytest.mark.parametrize(
    ("fields", "field", "problem"),
    [
        ({"label": "x" * 81}, "label", "at most 80"),
        ({"label": "bell\x07"}, "label", "control"),
        ({"days": "14"}, "days", "7, 30 or 90"),
        ({"days": "forever"}, "days", "7, 30 or 90"),
    ],
)
def test_bad_input_on_the_form_is_shown_beside_it(
    club: Club, fields: dict[str, str], field: str, problem: str
) -> None:
    c = club
    refused = _share(c.ana, c.plan, **fields)
    assert refused.status_code == 422
    error = html(refused).find(id=f"e-{field}")
    assert error is not None and problem in error.get_text()
    assert _all_rows(c.ctx) == []


def test_strangers_ids_are_404(club: Club) -> None:
    c = club
    _share(c.ana, c.plan)
    share_id = html(c.ana.get(f"/plans/{c.plan}")).select("#shares tbody tr")[0]["data-share"]
    assert _share(c.bo, c.plan).status_code == 404
    revoke = c.bo.post(f"/plans/{c.plan}/shares/{share_id}/revoke", data={"csrf": csrf(c.bo)})
    assert revoke.status_code == 404
    for client in (c.bo, c.dan, c.cora):  # a coach has no plan of their own to share
        assert client.get(f"/api/v1/plans/{c.plan}/shares").status_code == 404
    for client in (c.bo, c.dan):
        path = f"/api/v1/coach/athletes/{c.ana_id}/plans/{c.plan}/shares"
        assert client.get(path).status_code == 404
        assert client.post(path, json={}, headers=_api(client)).status_code == 404
    assert len(_all_rows(c.ctx)) == 1


# --- the API -------------------------------------------------------------------------------------


def _api(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": csrf(client)}


def test_api_the_runner_and_the_coach(club: Club) -> None:
    c = club
    made = c.ana.post(
        f"/api/v1/plans/{c.plan}/shares", json={"label": "physio", "days": 30}, headers=_api(c.ana)
    )
    assert made.status_code == 201, made.text
    assert made.headers["cache-control"] == "no-store"
    found = made.json()
    assert found["link"] == f"http://testserver/share/{found['token']}"
    assert (found["label"], found["live"], found["revoked"]) == ("physio", True, None)
    assert found["created_by"] == {"email": "ana@example.org"}
    assert found["expires"] == "2027-02-05T09:00:00"
    assert c.stranger.get(f"/share/{found['token']}").status_code == 200
    coach_path = f"/api/v1/coach/athletes/{c.ana_id}/plans/{c.plan}/shares"
    theirs = c.cora.post(coach_path, json={"label": "club physio"}, headers=_api(c.cora))
    assert theirs.status_code == 201, theirs.text
    assert theirs.json()["expires"] is None
    # The runner sees both, the coach theirs; the runner may end the coach's link.
    listed = c.ana.get(f"/api/v1/plans/{c.plan}/shares").json()
    assert [x["label"] for x in listed] == ["club physio", "physio"]
    assert "token" not in listed[0]
    assert [x["label"] for x in c.cora.get(coach_path).json()] == ["club physio"]
    refused = c.cora.delete(f"{coach_path}/{found['id']}", headers=_api(c.cora))
    assert refused.status_code == 404
    ended = c.ana.delete(
        f"/api/v1/plans/{c.plan}/shares/{theirs.json()['id']}", headers=_api(c.ana)
    )
    assert ended.status_code == 204
    assert c.stranger.get(f"/share/{theirs.json()['token']}").status_code == 404
    # The runner's Share section says who made each link.
    assert [row[:2] for row in _rows(c.ana, c.plan)] == [
        ["club physio", "coach cora@example.org"],
        ["physio", "you"],
    ]
    # After the runner leaves the coach, the coach's routes are 404.
    c.ana.post(f"/settings/coaches/{c.link}/leave", data={"csrf": csrf(c.ana)})
    assert c.cora.get(coach_path).status_code == 404
    assert c.cora.post(coach_path, json={}, headers=_api(c.cora)).status_code == 404


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"label": "x" * 81}, "label"),
        ({"days": 14}, "days"),
        ({"days": "soon"}, "days"),
        ({"label": 5}, "label"),
        ({"expires": 7}, "expires"),
    ],
)
def test_api_bad_input_is_422_naming_the_field(club: Club, payload: object, field: str) -> None:
    c = club
    refused = c.ana.post(f"/api/v1/plans/{c.plan}/shares", json=payload, headers=_api(c.ana))
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == field
    assert _all_rows(c.ctx) == []


# --- on PostgreSQL too ---------------------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path, database_url: str) -> Iterator[tuple[TestClient, Clock]]:
    from runstrong.web import deps

    ctx = Context(Settings(config_dir=tmp_path / "c", data_dir=tmp_path / "d"), database_url)
    ctx.db.prepare_write()
    app = create_app(ctx, secret=b"test-secret")
    clock = Clock()
    app.dependency_overrides[deps.now] = clock
    app.state.today = lambda: dt.date(2027, 1, 6)
    with TestClient(app, base_url="http://testserver") as client:
        yield client, clock
    ctx.close()


def test_share_and_comment_on_sqlite_and_postgresql(server: tuple[TestClient, Clock]) -> None:
    client, clock = server
    assert sign_up(client).status_code == 303
    plan = save_plan(client)
    token = _token(_share(client, plan, days="7"))
    sid = str(
        html(client.get(f"/plans/{plan}/weeks/1")).find("a", string="Open in gym mode")["href"]
    ).rsplit("/", 1)[1]
    said = client.post(
        f"/sessions/{sid}/comments",
        data={"csrf": csrf(client), "body": "ok"},
        follow_redirects=False,
    )
    assert said.status_code == 303
    assert "ok" in client.get(f"/sessions/{sid}").text
    with TestClient(client.app, base_url="http://testserver") as other:
        assert other.get(f"/share/{token}").status_code == 200
        clock.at += dt.timedelta(days=7)
        assert other.get(f"/share/{token}").status_code == 404


def test_a_coach_shares_a_coached_athletes_plan_from_their_page(club: Club) -> None:
    """A coach makes a link on the athlete's page (for a junior without a login, say); the
    runner sees it on their plan page; the coach revokes it there; another coach gets 404."""
    c = club
    page = html(c.cora.get(f"/coach/athletes/{c.ana_id}"))
    form = page.select_one(f'#plans li[data-plan="{c.plan}"] form')
    assert form is not None
    action = f"/coach/athletes/{c.ana_id}/plans/{c.plan}/shares"
    assert form["action"] == action
    made = c.cora.post(
        action, data={"csrf": csrf(c.cora), "label": "her dad", "days": "7"}, follow_redirects=False
    )
    assert made.status_code == 200, made.text[:2000]
    assert made.headers["cache-control"] == "no-store"
    assert html(made).find("a", href=f"/coach/athletes/{c.ana_id}#plans") is not None
    token = _token(made)
    assert c.stranger.get(f"/share/{token}").status_code == 200
    assert any("her dad" in row[0] for row in _rows(c.ana, c.plan))  # the runner sees it
    listed = html(c.cora.get(f"/coach/athletes/{c.ana_id}")).select(
        f'#plans li[data-plan="{c.plan}"] li[data-share]'
    )
    assert len(listed) == 1 and "her dad" in listed[0].get_text()
    share_id = listed[0]["data-share"]
    revoke = f"/coach/athletes/{c.ana_id}/plans/{c.plan}/shares/{share_id}/revoke"
    assert c.dan.post(revoke, data={"csrf": csrf(c.dan)}).status_code == 404
    assert c.dan.post(action, data={"csrf": csrf(c.dan), "label": "x"}).status_code == 404
    done = c.cora.post(revoke, data={"csrf": csrf(c.cora)}, follow_redirects=False)
    assert done.status_code == 303
    assert c.stranger.get(f"/share/{token}").status_code == 404
    refused = c.cora.post(action, data={"csrf": csrf(c.cora), "label": "x" * 81})
    assert refused.status_code == 422 and html(refused).select_one("#e-label") is not None
