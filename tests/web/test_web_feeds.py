"""/calendar/{token}.ics: the newest plan for calendar apps, without a session, with stable UIDs;
an unknown or revoked link is not found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi.testclient import TestClient
from icalendar import Calendar
from webhelp import csrf, html, save_plan, sign_up

from runstrong.app import schedule
from runstrong.settings import Context


def _feed_path(client: TestClient) -> str:
    response = client.post("/settings/calendar", data={"csrf": csrf(client, "/settings")})
    return html(response).find(id="feed-url").get_text(strip=True).removeprefix("http://testserver")


def _events(body: bytes) -> list[tuple[str, dt.datetime]]:
    calendar = Calendar.from_ical(body)
    return [(str(e["UID"]), e.decoded("DTSTART")) for e in calendar.walk("VEVENT")]


def test_feed_is_the_newest_plan_with_the_same_uids_every_fetch(
    runner: TestClient, web_context: Context, new_client: Callable[[], TestClient]
) -> None:
    save_plan(runner)
    newest = save_plan(runner, weeks="6", start="2027-01-11")
    path = _feed_path(runner)
    app = new_client()  # a calendar app: no cookie
    first, second = app.get(path), app.get(path)
    assert first.status_code == 200
    assert first.headers["content-type"] == "text/calendar; charset=utf-8"
    assert first.headers["cache-control"] == "private, max-age=300"
    assert first.content == second.content
    events = _events(first.content)
    assert [uid for uid, _ in events] == [uid for uid, _ in _events(second.content)]
    assert len({uid for uid, _ in events}) == len(events)
    plan = schedule.saved_plan(web_context, "Ana", newest).plan
    days = [s["date"] for w in plan["weeks"] for s in w["sessions"]]
    assert [start.date().isoformat() for _, start in events] == days
    download = runner.get(f"/plans/{newest}/download.ics")
    assert [uid for uid, _ in _events(download.content)] == [uid for uid, _ in events]


def test_feed_without_a_plan_is_an_empty_calendar(
    runner: TestClient, new_client: Callable[[], TestClient]
) -> None:
    response = new_client().get(_feed_path(runner))
    assert response.status_code == 200
    assert Calendar.from_ical(response.content).walk("VEVENT") == []


def test_unknown_and_revoked_links_are_not_found(
    runner: TestClient, new_client: Callable[[], TestClient]
) -> None:
    save_plan(runner)
    app = new_client()
    assert app.get("/calendar/not-a-token.ics").status_code == 404
    assert app.get("/calendar/" + "x" * 500 + ".ics").status_code == 404
    path = _feed_path(runner)
    assert app.get(path).status_code == 200
    runner.post("/settings/calendar/revoke", data={"csrf": csrf(runner, "/settings")})
    gone = app.get(path)
    assert gone.status_code == 404
    assert path.split("/")[-1].removesuffix(".ics") not in gone.text


def test_each_link_serves_its_own_athletes_plan(
    runner: TestClient, new_client: Callable[[], TestClient]
) -> None:
    other = new_client()
    sign_up(other, email="bo@example.org", name="Bo")
    save_plan(other)
    save_plan(runner)
    app = new_client()
    ana = _events(app.get(_feed_path(runner)).content)
    bo = _events(app.get(_feed_path(other)).content)
    assert ana and bo
    assert not {uid for uid, _ in ana} & {uid for uid, _ in bo}
