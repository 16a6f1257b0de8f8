"""Gym mode and logging: the planned loads on the phone, the sets ticked, what the logbook learnt,
and a retried log that saves nothing twice."""

from __future__ import annotations

from fastapi.testclient import TestClient
from webhelp import html, save_plan

from runstrong.app import trends
from runstrong.settings import Context


def _first_session(client: TestClient, plan_id: int) -> str:
    page = html(client.get(f"/plans/{plan_id}/weeks/1"))
    link = page.find("a", string="Open in gym mode")
    assert link is not None
    return str(link["href"]).rsplit("/", 1)[1]


def _log_form(client: TestClient, sid: str) -> dict[str, str]:
    """Every field of the log form as the page fills it, every set ticked."""
    page = html(client.get(f"/sessions/{sid}"))
    form = page.find("form", class_="log-form")
    data: dict[str, str] = {}
    for field in form.find_all(["input", "textarea"]):
        name = field.get("name")
        if not name:
            continue
        if field.get("type") == "checkbox":
            data[name] = "on"
        else:
            data[name] = field.get("value") or field.get_text() or ""
    return data


def test_gym_mode_shows_loads_plates_rest_timer_and_cues(runner: TestClient) -> None:
    plan_id = save_plan(runner)
    sid = _first_session(runner, plan_id)
    page = html(runner.get(f"/sessions/{sid}"))
    assert page.find(class_="rest-timer") is not None
    assert page.find(class_="rest-timer")["data-rest"].isdigit()
    assert page.find("ul", class_="cues") is not None
    text = page.get_text()
    assert " kg" in text
    rows = page.find_all("tr", class_="set-row")
    assert rows, "no set rows to log"
    for box in page.find_all("input", {"type": "checkbox"}):
        assert box.get("aria-label"), box


def test_log_saves_and_a_retry_saves_nothing_twice(
    runner: TestClient, web_context: Context
) -> None:
    plan_id = save_plan(runner)
    sid = _first_session(runner, plan_id)
    data = _log_form(runner, sid)
    data["rpe"] = "7"
    first = runner.post(f"/sessions/{sid}/log", data=data)
    assert first.status_code == 200, first.text[:3000]
    assert "Saved" in first.text
    before = len(trends.history(web_context, "Ana"))
    assert before > 0
    again = runner.post(f"/sessions/{sid}/log", data=data)
    assert again.status_code == 200
    assert "Already saved" in again.text
    assert len(trends.history(web_context, "Ana")) == before
    page = html(runner.get(f"/sessions/{sid}"))
    assert page.find(class_="badge done") is not None


def test_log_without_csrf_is_refused_and_saves_nothing(
    runner: TestClient, web_context: Context
) -> None:
    plan_id = save_plan(runner)
    sid = _first_session(runner, plan_id)
    data = _log_form(runner, sid)
    data["csrf"] = "forged"
    assert runner.post(f"/sessions/{sid}/log", data=data).status_code == 403
    assert trends.history(web_context, "Ana") == []


def test_nothing_ticked_is_said_and_nothing_saved(runner: TestClient) -> None:
    plan_id = save_plan(runner)
    sid = _first_session(runner, plan_id)
    data = {k: v for k, v in _log_form(runner, sid).items() if not k.endswith(".done")}
    response = runner.post(f"/sessions/{sid}/log", data=data)
    assert response.status_code == 422
    assert "tick at least one set" in response.text


def test_a_bad_rpe_is_shown_next_to_its_field(runner: TestClient) -> None:
    plan_id = save_plan(runner)
    sid = _first_session(runner, plan_id)
    data = _log_form(runner, sid)
    data["rpe"] = "11"
    response = runner.post(f"/sessions/{sid}/log", data=data)
    assert response.status_code == 422
    assert html(response).find(id="e-rpe") is not None


def test_dashboard_shows_the_next_session_and_adherence(runner: TestClient) -> None:
    save_plan(runner)
    page = html(runner.get("/"))
    start = page.find("a", string="Start session")
    assert start is not None
    assert "This week" in page.get_text()


def test_a_careless_load_or_rep_count_is_named_in_the_forms_words(runner: TestClient) -> None:
    plan_id = save_plan(runner)
    sid = _first_session(runner, plan_id)
    data = _log_form(runner, sid)
    for field, value, said in (
        ("ex.0.set.0.load", "abc", "load must be a number like 80 or 82.5; got 'abc'"),
        ("ex.0.set.0.work", "-3", "must be a whole number; got '-3'"),
    ):
        response = runner.post(f"/sessions/{sid}/log", data={**data, field: value})
        assert response.status_code == 422
        text = html(response).get_text(" ")
        assert said in text
        assert "SETSxREPS" not in text  # no log notation on a form that shows none
