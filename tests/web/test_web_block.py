"""A block for a squad through the pages: the grid previewed (nothing saved), bad fields named,
publishing queued once and run once by the job queue, each runner's plan then on their Today
page; another coach's squad and jobs are 404."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from coachhelp import accept, coach_account, create_managed, create_squad, invite
from fastapi.testclient import TestClient
from webhelp import Clock, csrf, html

from runstrong.app import jobs, schedule
from runstrong.settings import Context

BLOCK = {
    "goal": "strength",
    "phase": "off-season",
    "weeks": "4",
    "sessions": "3",
    "start": "2027-01-04",
}


@dataclass
class Squad:
    cora: TestClient  # the coach
    ana: TestClient  # a runner she coaches, in the squad
    dan: TestClient  # another coach
    ctx: Context
    squad: int
    ana_name: str


@pytest.fixture
def squad(runner: TestClient, new_client: Callable[[], TestClient], web_context: Context) -> Squad:
    cora = coach_account(web_context, new_client())
    dan = coach_account(web_context, new_client(), "dan@example.org")
    token, _code = invite(cora)
    accept(runner, token)
    junior = create_managed(cora, "Junior Jo")
    squad = create_squad(cora, "Tuesday group")
    from runstrong.app import accounts

    ana_id = accounts.user_by_email(web_context, "ana@example.org").athlete_id
    for athlete in (ana_id, junior):
        added = cora.post(
            f"/coach/squads/{squad}/members",
            data={"csrf": csrf(cora), "athlete_id": str(athlete)},
            follow_redirects=False,
        )
        assert added.status_code == 303
    return Squad(cora, runner, dan, web_context, squad, "Ana")


def _post(client: TestClient, squad: int, **fields: str) -> Any:
    data = {"csrf": csrf(client, f"/coach/squads/{squad}/block"), **BLOCK, **fields}
    return client.post(f"/coach/squads/{squad}/block", data=data, follow_redirects=False)


def test_the_squad_page_leads_to_a_block_form_with_labelled_fields(squad: Squad) -> None:
    page = html(squad.cora.get(f"/coach/squads/{squad.squad}"))
    link = page.find("a", string="Plan a block")
    assert link is not None and link["href"] == f"/coach/squads/{squad.squad}/block"
    form = html(squad.cora.get(str(link["href"])))
    for name in ("goal", "phase", "race", "weeks", "sessions", "start"):
        field = form.find(attrs={"name": name})
        assert field is not None and form.find("label", {"for": field["id"]}) is not None


def test_the_preview_shows_each_runners_week_and_saves_nothing(squad: Squad) -> None:
    response = _post(squad.cora, squad.squad, action="preview")
    assert response.status_code == 200, response.text[:2000]
    grid = html(response).find(id="squad-grid")
    assert grid is not None
    rows = {tr["data-athlete"]: tr for tr in grid.select("tbody tr")}
    assert set(rows) == {"Ana", "Junior Jo"}
    cells = [td.get_text(" ", strip=True) for td in rows["Ana"].find_all("td")]
    assert sum("strength" in c for c in cells[:7]) == 3  # three sessions in week 1
    assert "by feel" in cells[-1]  # no 1RM known yet: the coach is told
    publish = html(response).find("button", attrs={"value": "publish"})
    assert publish is not None and "2 runners" in publish.get_text()
    assert schedule.plans(squad.ctx, "Ana") == [] and schedule.plans(squad.ctx, "Junior Jo") == []


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"weeks": "99"}, "weeks", "must be 1-52"),
        ({"phase": "in-season", "sessions": "3"}, "", "in-season allows at most 2"),
        ({"start": "soon"}, "start", "soon"),
    ],
)
def test_a_bad_block_is_named_beside_its_field_and_nothing_is_queued(
    squad: Squad, fields: dict[str, str], field: str, words: str
) -> None:
    for action in ("preview", "publish"):
        response = _post(squad.cora, squad.squad, action=action, **fields)
        assert response.status_code == 422
        page = html(response)
        # beside its field; a broken rule (it names the field itself) above the form
        error = page.find(id=f"e-{field}") if field else page.find("p", role="alert")
        assert error is not None and words in error.get_text(), response.text[:3000]
    assert jobs.counts(squad.ctx) == {}


def test_publishing_is_queued_once_run_once_and_shown(squad: Squad) -> None:
    form = html(squad.cora.get(f"/coach/squads/{squad.squad}/block"))
    client_id = str(form.find("input", attrs={"name": "client_id"})["value"])
    first = _post(squad.cora, squad.squad, action="publish", client_id=client_id)
    again = _post(squad.cora, squad.squad, action="publish", client_id=client_id)  # pressed twice
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    waiting = html(squad.cora.get(first.headers["location"]))
    assert "Waiting" in waiting.find(id="publishing").get_text()
    assert waiting.find("meta", attrs={"http-equiv": "refresh"}) is not None
    ran = jobs.Runner(squad.ctx, clock=Clock()).drain()
    assert len(ran) == 1 and ran[0].status == jobs.DONE
    done = html(squad.cora.get(first.headers["location"]))
    assert "Published: 2 plans" in done.find(id="publishing").get_text(" ", strip=True)
    assert done.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert len(schedule.plans(squad.ctx, "Ana")) == 1
    assert len(schedule.plans(squad.ctx, "Junior Jo")) == 1
    today = html(squad.ana.get("/")).get_text(" ", strip=True)  # 2027-01-06, a Wednesday
    assert "Next session" in today and "Start session" in today


def test_an_archived_squad_gets_no_block(squad: Squad) -> None:
    archived = squad.cora.post(
        f"/coach/squads/{squad.squad}/archive",
        data={"csrf": csrf(squad.cora, f"/coach/squads/{squad.squad}")},
        follow_redirects=False,
    )
    assert archived.status_code == 303
    response = _post(squad.cora, squad.squad, action="publish")
    assert response.status_code == 422
    assert "archived" in html(response).get_text()
    assert jobs.counts(squad.ctx) == {}


def test_another_coachs_squad_and_jobs_are_not_found(squad: Squad) -> None:
    published = _post(squad.cora, squad.squad, action="publish", client_id="c-1")
    job_page = published.headers["location"]
    dan_squad = create_squad(squad.dan, "Juniors")
    for client in (squad.dan, squad.ana):  # another coach; a runner of the squad
        assert client.get(f"/coach/squads/{squad.squad}/block").status_code == 404
        assert client.get(job_page).status_code == 404
        assert _post(client, squad.squad, action="preview").status_code == 404
    # Dan's own squad does not open Cora's job
    job_id = job_page.rsplit("/", 1)[1]
    assert squad.dan.get(f"/coach/squads/{dan_squad}/block/{job_id}").status_code == 404
    assert squad.cora.get(f"/coach/squads/{squad.squad}/block/999999").status_code == 404
    past_64_bits = f"/coach/squads/{squad.squad}/block/{2**70}"  # not sent to the database
    assert squad.cora.get(past_64_bits).status_code == 404
    assert _api(squad.cora, "GET", past_64_bits).status_code == 404


# --- the same through the API ---------------------------------------------------------------------

API_BLOCK = {"goal": "strength", "phase": "off-season", "weeks": 4, "sessions": 3}


def _api(client: TestClient, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    headers = {"X-CSRF-Token": csrf(client)}  # a browser's session: writes need its token
    return client.request(method, f"/api/v1{path}", json=body, headers=headers)


def test_the_api_previews_publishes_once_and_reports_the_job(squad: Squad) -> None:
    base = f"/coach/squads/{squad.squad}/block"
    preview = _api(squad.cora, "POST", f"{base}/preview", {**API_BLOCK, "start": "2027-01-04"})
    assert preview.status_code == 200, preview.text
    rows = {r["athlete"]: r for r in preview.json()["rows"]}
    assert set(rows) == {"Ana", "Junior Jo"}
    week = rows["Ana"]["week_1"]
    assert week[0]["date"] == "2027-01-04" and len(week) == 7
    assert sum(len(d["sessions"]) for d in week) == 3
    assert rows["Ana"]["by_feel"] and rows["Ana"]["flagged"] is True
    assert jobs.counts(squad.ctx) == {}  # a preview queues nothing
    body = {**API_BLOCK, "start": "2027-01-04", "client_id": "phone-1"}
    first, again = _api(squad.cora, "POST", base, body), _api(squad.cora, "POST", base, body)
    assert first.status_code == again.status_code == 202, first.text
    assert first.json()["id"] == again.json()["id"] and first.json()["status"] == "queued"
    jobs.Runner(squad.ctx, clock=Clock()).drain()
    done = _api(squad.cora, "GET", f"{base}/{first.json()['id']}")
    assert done.status_code == 200 and done.json()["status"] == "done"
    published = {p["athlete"] for p in done.json()["result"]["published"]}
    assert published == {"Ana", "Junior Jo"}
    other = _api(squad.dan, "GET", f"{base}/{first.json()['id']}")
    assert other.status_code == 404
    assert _api(squad.dan, "POST", f"{base}/preview", API_BLOCK).status_code == 404


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"weeks": 99}, "weeks"), ({"start": "soon"}, "start"), ({"coach": "me"}, None)],
)
def test_the_api_names_a_bad_block_field(
    squad: Squad, fields: dict[str, Any], field: str | None
) -> None:
    path = f"/coach/squads/{squad.squad}/block"
    for route in (f"{path}/preview", path):
        response = _api(squad.cora, "POST", route, {**API_BLOCK, "client_id": "x", **fields})
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert field is None or error["field"] == field
    assert jobs.counts(squad.ctx) == {}
