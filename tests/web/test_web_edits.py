"""A coach changes a runner's session through the pages and the API: the form (substitutes
first, labelled fields, the week's days), "Check" shows the rules the change would break and
keeps the values, "Save" needs a reason then, and the runner sees the change and the reason on
their session page and their plan's change log; bad values are 422 naming the field; another
coach's or runner's request is 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from coachhelp import accept, coach_account, invite
from fastapi.testclient import TestClient
from webhelp import csrf, html, sign_up

from runstrong.app import accounts, blocks, lifts
from runstrong.app.athletes import edit_athlete
from runstrong.app.requests import AthleteEdit, LiftRequest, PlanRequest
from runstrong.settings import Context

TUESDAY = dt.date(2027, 1, 12)
FRIDAY = dt.date(2027, 1, 15)  # the day before Ana's long run


@dataclass
class Coached:
    cora: TestClient  # Ana's coach
    ana: TestClient  # the runner
    dan: TestClient  # another coach
    bo: TestClient  # another runner
    athlete: int
    plan: int

    @property
    def sid(self) -> str:
        return f"{self.plan}-{TUESDAY.isoformat()}"

    def page(self, sid: str | None = None) -> str:
        return f"/coach/athletes/{self.athlete}/sessions/{sid or self.sid}"

    def api(self, sid: str | None = None) -> str:
        return f"/api/v1/coach/athletes/{self.athlete}/planned/{sid or self.sid}"


@pytest.fixture
def coached(
    runner: TestClient, new_client: Callable[[], TestClient], web_context: Context
) -> Coached:
    ctx = web_context
    cora = coach_account(ctx, new_client())
    dan = coach_account(ctx, new_client(), "dan@example.org")
    bo = new_client()
    assert sign_up(bo, email="bo@example.org", name="Bo").status_code == 303
    token, _code = invite(cora)
    accept(runner, token)
    edit_athlete(ctx, AthleteEdit(athlete="Ana", runs="tue=intervals,thu=easy,sat=long"))
    lifts.record_lifts(
        ctx, LiftRequest(athlete="Ana", lifts=("back-squat=100", "romanian-deadlift=90"))
    )
    block = PlanRequest(
        goal="strength", phase="off-season", weeks=2, sessions=2, start="2027-01-11"
    )
    coach = accounts.user_by_email(ctx, "cora@example.org")
    ((_row, plan),) = blocks.publish(ctx, block, ["Ana"], by=coach, at=dt.datetime(2027, 1, 6))
    ana = accounts.user_by_email(ctx, "ana@example.org")
    assert plan is not None and ana.athlete_id is not None
    return Coached(cora, runner, dan, bo, ana.athlete_id, plan)


def _form(client: TestClient, path: str) -> dict[str, str]:
    """The edit form's fields as the page fills them."""
    form = html(client.get(path)).find("form", id="edit-session")
    assert form is not None
    out: dict[str, str] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = str(field.get("name") or "")
        if field.name == "select":
            chosen = field.find("option", selected=True)
            out[name] = str(chosen["value"])
        elif name:
            out[name] = str(field.get("value", field.get_text()))
    return out


def _post(c: Coached, path: str, **fields: str) -> Any:
    data = {**_form(c.cora, path), **fields}
    return c.cora.post(path, data=data, follow_redirects=False)


def test_the_form_offers_substitutes_first_with_labelled_fields(coached: Coached) -> None:
    page = html(coached.cora.get(coached.page()))
    assert page.find("h1").get_text().startswith("Ana: Tue 12 Jan")
    first = page.find("select", id="f-ex.0.swap")
    assert page.find("label", attrs={"for": "f-ex.0.swap"}).get_text() == "Exercise"
    options = first.find_all(["option", "optgroup"], recursive=False)
    assert options[0]["value"] == "romanian-deadlift" and options[0].has_attr("selected")
    assert options[1].name == "optgroup" and options[1]["label"] == "Substitutes"
    assert options[1].find("option")["value"] == "dumbbell-romanian-deadlift"
    assert options[2]["label"] == "Same pattern"
    for name in ("ex.1.sets", "ex.1.reps", "ex.1.load", "day", "reason"):
        assert page.find("label", attrs={"for": f"f-{name}"}), name
    assert page.find("input", id="f-ex.1.load")["value"] == "80"  # 80% of 100 kg
    days = {o["value"]: o for o in page.find("select", id="f-day").find_all("option")}
    assert days["2027-01-12"].has_attr("selected")
    assert days["2027-01-16"].has_attr("disabled")  # Saturday has the other session
    # the coach's athlete page lists it, and the change log starts with the block
    athlete = html(coached.cora.get(f"/coach/athletes/{coached.athlete}"))
    found = f'li[data-sid="{coached.sid}"] a'
    link = athlete.select_one(f"#planned {found}, #upcoming {found}")
    assert link is not None and link["href"] == coached.page()
    assert athlete.select_one('#changes li[data-action="block.published"]')


def test_check_shows_the_rules_the_change_breaks_and_keeps_the_values(coached: Coached) -> None:
    response = _post(coached, coached.page(), day=FRIDAY.isoformat(), action="check")
    assert response.status_code == 200
    page = html(response)
    rules = [li["data-rule"] for li in page.select("#violations li")]
    assert "day-before-key-run" in rules
    assert "moved from Tue 12 Jan to Fri 15 Jan" in page.select_one("#lines").get_text()
    chosen = page.find("select", id="f-day").find("option", selected=True)
    assert chosen["value"] == FRIDAY.isoformat()
    assert coached.cora.get(coached.page()).status_code == 200  # nothing moved


def test_saving_a_broken_rule_needs_a_reason_the_runner_then_reads(coached: Coached) -> None:
    refused = _post(coached, coached.page(), day=FRIDAY.isoformat(), action="save")
    assert refused.status_code == 422
    page = html(refused)
    assert "give a reason" in page.find(id="e-reason").get_text()
    assert page.select("#violations li")
    reason = "Saturday's long run is easy this week"
    saved = _post(coached, coached.page(), day=FRIDAY.isoformat(), reason=reason, action="save")
    assert saved.status_code == 303
    moved = f"{coached.plan}-{FRIDAY.isoformat()}"
    assert saved.headers["location"] == f"{coached.page(moved)}?done=saved"
    page = html(coached.cora.get(saved.headers["location"]))
    assert page.find(id="saved") and reason in page.find(id="marks").get_text()
    # the runner: their session page, and their plan's change log
    session = html(coached.ana.get(f"/sessions/{moved}")).find(id="coach-change-1").get_text()
    assert "Changed by your coach cora@example.org on Wed 6 Jan" in session
    assert "moved from Tue 12 Jan to Fri 15 Jan" in session and reason in session
    assert coached.ana.get(f"/sessions/{coached.sid}").status_code == 404
    changes = html(coached.ana.get(f"/plans/{coached.plan}")).find(id="changes")
    entry = changes.select_one('li[data-action="session.edited"]').get_text()
    assert "cora@example.org" in entry and reason in entry
    assert changes.select_one('li[data-action="block.published"]')
    coach_side = html(coached.cora.get(f"/coach/athletes/{coached.athlete}")).find(id="changes")
    assert reason in coach_side.get_text()


def test_a_swap_and_a_load_are_saved_without_a_reason_when_no_rule_breaks(
    coached: Coached,
) -> None:
    saved = _post(
        coached,
        coached.page(),
        **{"ex.0.swap": "dumbbell-romanian-deadlift", "ex.1.sets": "4", "action": "save"},
    )
    assert saved.status_code == 303, html(saved).select("#violations li")
    shown = html(coached.ana.get(f"/sessions/{coached.sid}"))
    note = shown.find(id="coach-change-1").get_text()
    assert "Romanian deadlift swapped for Dumbbell Romanian deadlift" in note
    assert "Back squat: 3x5-6 @ 80% -> 4x5-6 @ 80%" in note
    assert "Why:" not in note
    assert shown.find(id="ex-dumbbell-romanian-deadlift")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ex.1.sets", "11", "must be 1-10"),
        ("ex.1.reps", "6-4", "a range runs low to high"),
        ("ex.1.load", "130", "of Back squat's 1RM"),
        ("ex.1.load", "abc", "expected a number"),
        ("ex.1.load", "120%", "must be 1-100"),
        ("ex.0.swap", "no-such-lift", "no exercise"),
        ("day", "2027-01-20", "must be in the session's week"),
    ],
)
def test_bad_values_are_422_beside_their_field(
    coached: Coached, field: str, value: str, message: str
) -> None:
    response = _post(coached, coached.page(), **{field: value, "action": "check"})
    assert response.status_code == 422
    error = html(response).find(id=f"e-{field}")
    assert error is not None and message in error.get_text(), html(response).get_text()[:500]


def test_another_coach_or_runner_gets_404(coached: Coached) -> None:
    for client in (coached.dan, coached.bo):
        assert client.get(coached.page()).status_code == 404
        refused = client.post(
            coached.page(), data={"csrf": csrf(client), "ex.1.sets": "4", "action": "save"}
        )
        assert refused.status_code == 404
        assert client.get(coached.api()).status_code == 404
        header = {"X-CSRF-Token": csrf(client)}
        body = {"exercises": [{"index": 1, "sets": 4}], "reason": "x"}
        assert client.put(coached.api(), json=body, headers=header).status_code == 404
        assert client.post(f"{coached.api()}/check", json=body).status_code == 404
        path = f"/api/v1/coach/athletes/{coached.athlete}/changes"
        assert client.get(path).status_code == 404
    assert coached.bo.get(f"/api/v1/changes?plan={coached.plan}").status_code == 404
    assert coached.cora.get(coached.page(f"{coached.plan}-2027-01-13")).status_code == 404


# --- the API --------------------------------------------------------------------------------------


def test_the_api_shows_checks_and_saves_a_change(coached: Coached) -> None:
    cora = coached.cora
    found = cora.get(coached.api()).json()
    assert found["sid"] == coached.sid and found["units"] == "kg"
    rdl = found["exercises"][0]
    assert rdl["id"] == "romanian-deadlift" and rdl["one_rm"] == 90
    assert rdl["candidates"][0] == {
        "id": "dumbbell-romanian-deadlift",
        "name": "Dumbbell Romanian deadlift",
        "substitute": True,
        "one_rm": None,
    }
    assert [d["date"] for d in found["days"] if d["current"]] == ["2027-01-12"]
    move = {"day": FRIDAY.isoformat()}
    checked = cora.post(f"{coached.api()}/check", json=move).json()
    assert "day-before-key-run" in checked["rules"]
    assert {"rule", "where", "message"} == set(checked["violations"][0])
    header = {"X-CSRF-Token": csrf(cora)}
    refused = cora.put(coached.api(), json=move, headers=header)
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "reason"
    saved = cora.put(coached.api(), json={**move, "reason": "Easy long run"}, headers=header)
    assert saved.status_code == 200
    body = saved.json()
    assert body["sid"] == f"{coached.plan}-{FRIDAY.isoformat()}" and body["change_id"] > 0
    assert body["session"]["coach_changes"][0]["reason"] == "Easy long run"
    mine = coached.ana.get(f"/api/v1/changes?plan={coached.plan}").json()
    assert [c["action"] for c in mine] == ["session.edited", "block.published"]
    assert mine[0]["reason"] == "Easy long run" and mine[0]["who"] == "cora@example.org"
    theirs = cora.get(f"/api/v1/coach/athletes/{coached.athlete}/changes").json()
    assert theirs == mine


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"exercises": [{"index": 1, "sets": 11}]}, "exercises[0].sets"),
        ({"exercises": [{"index": 1, "percent_1rm": 0}]}, "exercises[0].percent"),
        ({"exercises": [{"index": 7, "sets": 4}]}, "exercises[0].index"),
        ({"exercises": [{"index": 1, "load": -1}]}, "exercises[0].load"),
        ({"day": "Friday"}, "day"),
    ],
)
def test_the_api_names_the_bad_field(coached: Coached, body: dict[str, Any], field: str) -> None:
    header = {"X-CSRF-Token": csrf(coached.cora)}
    refused = coached.cora.put(coached.api(), json=body, headers=header)
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == field


def test_the_api_refuses_unknown_keys(coached: Coached) -> None:
    header = {"X-CSRF-Token": csrf(coached.cora)}
    body = {"exercises": [{"index": 1, "weight": 80}]}
    refused = coached.cora.put(coached.api(), json=body, headers=header)
    assert refused.status_code == 422
    assert "weight" in refused.json()["error"]["field"]
