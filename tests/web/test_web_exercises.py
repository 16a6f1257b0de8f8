"""The runner's own exercises in the library: added, edited and deleted from the pages, a bad
field named next to it (422), shown as theirs, logged and planned; nobody else sees them."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from webhelp import add_exercise, csrf, html, save_plan, sign_up


def test_add_then_see_it_marked_as_own_in_the_library(runner: TestClient) -> None:
    added = add_exercise(runner)
    assert added.status_code == 303
    assert added.headers["location"] == "/exercises/pause-squat?saved=1"
    page = html(runner.get("/exercises/pause-squat?saved=1"))
    assert page.h1 is not None and "Pause squat" in page.h1.get_text()
    assert page.find("span", class_="own") is not None
    assert "Sit down, hold two seconds at the bottom" in page.get_text()
    assert page.find("a", href="/exercises/pause-squat/edit") is not None
    library = html(runner.get("/exercises?search_text=pause"))
    cards = library.select("li.card.own")
    assert [c.a.get_text() for c in cards if c.a] == ["Pause squat"]
    assert library.find("a", href="/exercises/new") is not None


def test_a_bad_field_is_shown_next_to_it(runner: TestClient) -> None:
    refused = add_exercise(runner, complexity="9")
    assert refused.status_code == 422
    page = html(refused)
    error = page.find(id="e-complexity")
    assert error is not None and "allowed: 1-3" in error.get_text()
    field = page.find(id="f-complexity")
    assert field is not None and field.get("aria-invalid") == "true"
    assert page.find(id="f-name")["value"] == "Pause squat"  # type: ignore[index]
    taken = html(add_exercise(runner, "back-squat"))
    error = taken.find(id="e-id")
    assert error is not None and "catalogue already" in error.get_text()
    empty = html(add_exercise(runner, cues="  \n"))
    error = empty.find(id="e-cues")
    assert error is not None and "at least one" in error.get_text()
    assert runner.get("/exercises/pause-squat").status_code == 404


def test_edit_and_delete(runner: TestClient) -> None:
    add_exercise(runner)
    form = html(runner.get("/exercises/pause-squat/edit")).find(
        "form", action="/exercises/pause-squat/edit"
    )
    assert form is not None
    cues = form.find("textarea", attrs={"name": "cues"})
    assert cues is not None and "Drive up fast" in cues.get_text()
    data = {
        "name": "Paused squat",
        "category": "weights",
        "pattern": "squat",
        "loading": "1rm",
        "complexity": "3",
        "equipment": ["barbell"],
        "cues": "Hold three seconds",
        "unilateral": "",
        "csrf": csrf(runner),
    }
    saved = runner.post("/exercises/pause-squat/edit", data=data, follow_redirects=False)
    assert saved.status_code == 303
    page = html(runner.get("/exercises/pause-squat"))
    assert "Paused squat" in page.get_text() and "Hold three seconds" in page.get_text()
    gone = runner.post(
        "/exercises/pause-squat/delete", data={"csrf": csrf(runner)}, follow_redirects=False
    )
    assert gone.headers["location"] == "/exercises?saved=deleted"
    assert runner.get("/exercises/pause-squat").status_code == 404


def test_another_runner_and_a_stranger_never_see_it(
    runner: TestClient, new_client: Callable[[], TestClient]
) -> None:
    add_exercise(runner)
    bo = new_client()
    sign_up(bo, email="bo@example.org", name="Bo")
    stranger = new_client()
    for client in (bo, stranger):
        assert client.get("/exercises/pause-squat").status_code == 404
        assert "Pause squat" not in client.get("/exercises?search_text=pause").text
    for path in ("/exercises/pause-squat/edit",):
        assert bo.get(path).status_code == 404
    refused = bo.post(
        "/exercises/pause-squat/delete", data={"csrf": csrf(bo)}, follow_redirects=False
    )
    assert refused.status_code == 404
    assert runner.get("/exercises/pause-squat").status_code == 200
    # Bo may use the same id for an exercise of his own
    assert add_exercise(bo, name="Bo's pause squat").status_code == 303
    assert "Bo's pause squat" not in runner.get("/exercises/pause-squat").text


def test_plans_pick_it_and_the_session_shows_its_cues(runner: TestClient) -> None:
    add_exercise(runner)
    plan = save_plan(runner, lifts="pause-squat=100")
    week = runner.get(f"/plans/{plan}/weeks/1").text
    assert "Pause squat" in week
    links = [a["href"] for a in html(runner.get("/")).find_all("a", href=True)]
    sessions = [h for h in links if str(h).startswith("/sessions/")]
    shown = [runner.get(str(h)).text for h in sessions]
    assert any("Sit down, hold two seconds at the bottom" in s for s in shown)
