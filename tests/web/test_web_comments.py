"""Comments on a session through the pages and the API: the runner's under gym mode, the coach's
on the athlete's comments page, labelled for who reads them ("You", "Coach EMAIL", the runner's
name), deleting one's own, bad bodies beside the field (422 naming `body`), and every id of
another runner, another coach, or a coach the runner left, 404."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from coachhelp import accept, coach_account, invite
from fastapi.testclient import TestClient
from webhelp import csrf, html, save_plan, sign_up

from runstrong.app import accounts
from runstrong.settings import Context


@dataclass
class Club:
    ana: TestClient  # a runner coached by Cora
    bo: TestClient  # a runner of his own
    cora: TestClient
    dan: TestClient  # another coach
    ana_id: int
    plan: int
    sid: str  # Ana's first session
    link: int  # Ana's link to Cora


def _first_session(client: TestClient, plan_id: int) -> str:
    link = html(client.get(f"/plans/{plan_id}/weeks/1")).find("a", string="Open in gym mode")
    assert link is not None
    return str(link["href"]).rsplit("/", 1)[1]


@pytest.fixture
def club(runner: TestClient, new_client: Callable[[], TestClient], web_context: Context) -> Club:
    plan = save_plan(runner)
    bo = new_client()
    assert sign_up(bo, email="bo@example.org", name="Bo").status_code == 303
    save_plan(bo)
    cora = coach_account(web_context, new_client())
    dan = coach_account(web_context, new_client(), "dan@example.org")
    token, _code = invite(cora)
    link = accept(runner, token)
    ana_id = accounts.user_by_email(web_context, "ana@example.org").athlete_id
    assert ana_id is not None
    return Club(runner, bo, cora, dan, ana_id, plan, _first_session(runner, plan), link)


def _said(client: TestClient, path: str) -> list[tuple[str, str]]:
    """(who, text) of each comment on a page, in order."""
    page = html(client.get(path))
    return [
        (li.find("strong").get_text(), li.find(class_="comment-body").get_text())
        for li in page.select("ol.comments li")
    ]


def _comment(client: TestClient, path: str, body: str) -> object:
    return client.post(path, data={"csrf": csrf(client), "body": body}, follow_redirects=False)


def test_both_ways_labelled_for_who_reads(club: Club) -> None:
    c = club
    page = html(c.ana.get(f"/sessions/{c.sid}"))
    assert page.find(id="comments") is not None
    assert "No comments yet" in page.find(id="comments").get_text()
    sent = _comment(c.ana, f"/sessions/{c.sid}/comments", "Squats felt heavy.\nKnee fine.")
    assert sent.status_code == 303  # type: ignore[attr-defined]
    assert sent.headers["location"] == f"/sessions/{c.sid}#comments"  # type: ignore[attr-defined]
    coach_path = f"/coach/athletes/{c.ana_id}/sessions/{c.sid}/comments"
    answered = _comment(c.cora, coach_path, "Drop 5 kg next time.")
    assert answered.status_code == 303  # type: ignore[attr-defined]
    assert answered.headers["location"] == (  # type: ignore[attr-defined]
        f"/coach/athletes/{c.ana_id}/comments#s-{c.sid}"
    )
    assert _said(c.ana, f"/sessions/{c.sid}") == [
        ("You", "Squats felt heavy.\nKnee fine."),
        ("Coach cora@example.org", "Drop 5 kg next time."),
    ]
    coach_page = html(c.cora.get(f"/coach/athletes/{c.ana_id}/comments"))
    thread = coach_page.find(id=f"s-{c.sid}")
    assert thread is not None
    said = [li.find("strong").get_text() for li in thread.select("ol.comments li")]
    assert said == ["Ana", "You"]
    assert thread.find("form", action=coach_path) is not None  # answer here
    # Each sees a delete button on their own comment only.
    assert len(html(c.ana.get(f"/sessions/{c.sid}")).select("ol.comments form")) == 1
    assert len(thread.select("ol.comments form")) == 1
    # The athlete page links to the comments.
    section = html(c.cora.get(f"/coach/athletes/{c.ana_id}")).find(id="comments")
    assert section is not None
    assert section.find("a", href=f"/coach/athletes/{c.ana_id}/comments") is not None


def test_a_comment_shows_at_once_on_a_kept_page(club: Club) -> None:
    """The session page is read afresh; the plan page (kept by the revision) is not stale."""
    c = club
    before = c.ana.get(f"/plans/{c.plan}").text
    _comment(c.cora, f"/coach/athletes/{c.ana_id}/sessions/{c.sid}/comments", "Well done.")
    assert "Well done." in c.ana.get(f"/sessions/{c.sid}").text
    assert c.ana.get(f"/plans/{c.plan}").text == before  # the plan page shows no comments


@pytest.mark.parametrize(
    ("body", "problem"),
    [("   ", "write something"), ("x" * 2001, "at most 2000"), ("bell\x07", "control")],
)
def test_a_bad_comment_is_shown_beside_the_field(club: Club, body: str, problem: str) -> None:
    c = club
    refused = _comment(c.ana, f"/sessions/{c.sid}/comments", body)
    assert refused.status_code == 422  # type: ignore[attr-defined]
    page = html(refused)
    error = page.find(id="e-body")
    assert error is not None and problem in error.get_text()
    assert page.find(id="f-body")["aria-invalid"] == "true"
    assert page.select("ol.comments li") == []
    coach = _comment(c.cora, f"/coach/athletes/{c.ana_id}/sessions/{c.sid}/comments", body)
    assert coach.status_code == 422  # type: ignore[attr-defined]
    error = html(coach).find(id=f"e-body-{c.sid}")
    assert error is not None and problem in error.get_text()


def test_deleting_ones_own_comment_only(club: Club) -> None:
    c = club
    _comment(c.ana, f"/sessions/{c.sid}/comments", "mine")
    _comment(c.cora, f"/coach/athletes/{c.ana_id}/sessions/{c.sid}/comments", "theirs")
    ids = [
        int(li["data-comment"])
        for li in html(c.ana.get(f"/sessions/{c.sid}")).select("ol.comments li")
    ]
    mine, theirs = ids
    token = {"csrf": csrf(c.ana)}
    refused = c.ana.post(f"/sessions/{c.sid}/comments/{theirs}/delete", data=token)
    assert refused.status_code == 404
    coach_delete = f"/coach/athletes/{c.ana_id}/sessions/{c.sid}/comments/{mine}/delete"
    assert c.cora.post(coach_delete, data={"csrf": csrf(c.cora)}).status_code == 404
    for bad in ("99999", str(2**64), "x"):
        answer = c.ana.post(f"/sessions/{c.sid}/comments/{bad}/delete", data=token)
        assert answer.status_code in (404, 422)
    gone = c.ana.post(
        f"/sessions/{c.sid}/comments/{mine}/delete", data=token, follow_redirects=False
    )
    assert gone.status_code == 303
    assert _said(c.ana, f"/sessions/{c.sid}") == [("Coach cora@example.org", "theirs")]


def test_strangers_and_a_left_coach_get_404(club: Club) -> None:
    c = club
    coach_path = f"/coach/athletes/{c.ana_id}/sessions/{c.sid}/comments"
    _comment(c.cora, coach_path, "kept")
    for client in (c.dan, c.bo):
        assert client.get(f"/coach/athletes/{c.ana_id}/comments").status_code == 404
        assert _comment(client, coach_path, "hi").status_code == 404  # type: ignore[attr-defined]
        assert (
            client.get(f"/api/v1/coach/athletes/{c.ana_id}/sessions/{c.sid}/comments").status_code
            == 404
        )
    assert _comment(c.bo, f"/sessions/{c.sid}/comments", "hi").status_code == 404  # type: ignore[attr-defined]
    assert c.bo.get(f"/api/v1/sessions/{c.sid}/comments").status_code == 404
    for sid in (f"{c.plan}-2000-01-01", "nonsense", f"{c.plan}-2027-13-01"):
        assert _comment(c.ana, f"/sessions/{sid}/comments", "hi").status_code == 404  # type: ignore[attr-defined]
    left = c.ana.post(
        f"/settings/coaches/{c.link}/leave", data={"csrf": csrf(c.ana)}, follow_redirects=False
    )
    assert left.status_code == 303
    assert c.cora.get(f"/coach/athletes/{c.ana_id}/comments").status_code == 404
    assert _comment(c.cora, coach_path, "still there?").status_code == 404  # type: ignore[attr-defined]
    assert (
        c.cora.get(f"/api/v1/coach/athletes/{c.ana_id}/sessions/{c.sid}/comments").status_code
        == 404
    )
    # What the coach wrote stays with the runner.
    assert _said(c.ana, f"/sessions/{c.sid}") == [("Coach cora@example.org", "kept")]


# --- the API -------------------------------------------------------------------------------------


def _api(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": csrf(client)}


def test_api_both_ways(club: Club) -> None:
    c = club
    made = c.ana.post(
        f"/api/v1/sessions/{c.sid}/comments", json={"body": "  Felt good.  "}, headers=_api(c.ana)
    )
    assert made.status_code == 201, made.text
    found = made.json()
    assert {k: found[k] for k in ("session", "author", "role", "mine", "body")} == {
        "session": c.sid,
        "author": "Ana",
        "role": "runner",
        "mine": True,
        "body": "Felt good.",
    }
    assert found["created"] == "2027-01-06T09:00:00"
    coach_path = f"/api/v1/coach/athletes/{c.ana_id}/sessions/{c.sid}/comments"
    answer = c.cora.post(coach_path, json={"body": "Nice."}, headers=_api(c.cora))
    assert answer.status_code == 201, answer.text
    assert (answer.json()["author"], answer.json()["role"]) == ("cora@example.org", "coach")
    listed = c.ana.get(f"/api/v1/sessions/{c.sid}/comments").json()
    assert [(x["body"], x["mine"]) for x in listed] == [("Felt good.", True), ("Nice.", False)]
    assert [x["mine"] for x in c.cora.get(coach_path).json()] == [False, True]
    # Delete: one's own only.
    theirs = answer.json()["id"]
    refused = c.ana.delete(f"/api/v1/sessions/{c.sid}/comments/{theirs}", headers=_api(c.ana))
    assert refused.status_code == 404
    assert refused.json()["error"]["field"] == "comment"
    gone = c.cora.delete(f"{coach_path}/{theirs}", headers=_api(c.cora))
    assert gone.status_code == 204
    assert len(c.ana.get(f"/api/v1/sessions/{c.sid}/comments").json()) == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": " \n "}, "body"),
        ({"body": "x" * 2001}, "body"),
        ({"body": "a\x1bb"}, "body"),
        ({"body": 5}, "body"),
        ({}, "body"),
        ({"body": "hi", "extra": 1}, "extra"),
    ],
)
def test_api_bad_body_is_422_naming_the_field(club: Club, payload: object, field: str) -> None:
    c = club
    refused = c.ana.post(f"/api/v1/sessions/{c.sid}/comments", json=payload, headers=_api(c.ana))
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == field
    assert "\n" not in refused.json()["error"]["message"]


def test_api_schema_has_the_comment_routes(club: Club) -> None:
    schema = club.ana.get("/api/v1/openapi.json").json()
    body = schema["components"]["schemas"]["CommentBody"]
    assert body["required"] == ["body"] and body["additionalProperties"] is False
    assert "/sessions/{sid}/comments" in schema["paths"]
    assert "/coach/athletes/{athlete_id}/sessions/{sid}/comments" in schema["paths"]
