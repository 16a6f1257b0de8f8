"""/runs (watch files and Strava exports in, the runs as read), the check-in on the dashboard
(today's session lightened with the reason) and /load (runs and lifts in one chart and table)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webhelp import PASSWORD, csrf, form_token, html, save_plan

from runstrong.app import accounts, readiness, runs, schedule
from runstrong.app.requests import CheckInRequest, LogRequest, RunsImportRequest
from runstrong.app.sessions import log
from runstrong.settings import Context

UTC = dt.UTC


@cache
def files() -> ModuleType:
    """The activity files the runs tests write (tests/runs/activityfiles.py: one copy)."""
    path = Path(__file__).parents[1] / "runs" / "activityfiles.py"
    spec = importlib.util.spec_from_file_location("web_activityfiles", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def a_gpx(day: int = 5, hour: int = 7, minutes: int = 40) -> bytes:
    return bytes(files().gpx(dt.datetime(2027, 1, day, hour, tzinfo=UTC), minutes=minutes))


def a_fit(day: int = 3) -> bytes:
    return bytes(files().fit_activity(dt.datetime(2027, 1, day, 8, tzinfo=UTC)))


def upload(client: TestClient, *named: tuple[str, bytes]) -> Any:
    sent = [("files", (name, data, "application/octet-stream")) for name, data in named]
    return client.post("/runs", data={"csrf": csrf(client, "/runs")}, files=sent)


def report(response: Any) -> dict[str, str]:
    found = html(response).find(id="runs-report")
    assert found is not None, response.text[:2000]
    return {td["data-key"]: td.get_text(strip=True) for td in found.find_all("td")}


def stored(ctx: Context, name: str = "Ana") -> int:
    found = runs.runs_report(ctx, name, 8, dt.date(2027, 1, 6))
    return sum(len(w.runs) + len(w.other) for w in found.weeks)


# --- /runs ------------------------------------------------------------------------------------


def test_runs_page_has_a_labelled_upload_form_and_a_nav_link(runner: TestClient) -> None:
    page = html(runner.get("/runs"))
    form = page.find("form", action="/runs", method="post")
    assert form is not None and form["enctype"] == "multipart/form-data"
    assert form.find("input", {"name": "csrf"})["value"]
    field = form.find("input", {"type": "file"})
    assert field["name"] == "files" and field.has_attr("multiple") and field.has_attr("required")
    assert page.find("label", {"for": field["id"]}).get_text(strip=True) == "Activity files"
    nav = [a["href"] for a in page.select("nav.site-nav a")]
    assert "/runs" in nav and "/load" in nav
    assert page.select_one('nav.site-nav a[aria-current="page"]')["href"] == "/runs"


def test_an_upload_imports_what_it_can_and_names_each_refused_file(
    runner: TestClient, web_context: Context
) -> None:
    response = upload(
        runner, ("tuesday.gpx", a_gpx()), ("sunday.fit", a_fit()), ("broken.fit", b"not a fit")
    )
    assert response.status_code == 200
    found = report(response)
    assert (found["added"], found["runs"], found["duplicates"], found["refused"]) == (
        "2",
        "2",
        "0",
        "1",
    )
    refused = html(response).find(id="refused").get_text(" ", strip=True)
    assert refused == "broken.fit : not a FIT file"
    assert stored(web_context) == 2
    # the runs of the weeks, each with how it was read
    text = html(response).find(id="weeks-title").find_parent("section").get_text(" ", strip=True)
    assert "Tue 5 Jan" in text and "Sun 3 Jan" in text
    assert text.count("Read as") == 2
    again = report(upload(runner, ("tuesday.gpx", a_gpx()), ("sunday.fit", a_fit())))
    assert (again["added"], again["duplicates"], again["refused"]) == ("0", "2", "0")
    assert stored(web_context) == 2


def test_a_strava_export_is_read_with_its_names(runner: TestClient) -> None:
    f = files()
    start = dt.datetime(2027, 1, 2, 9, tzinfo=UTC)
    row = f.strava_row(1, start, "Parkrun", "Run", 1500, 5000, "activities/1.gpx.gz")
    export = f.strava_zip([row], {"activities/1.gpx.gz": f.gz(f.gpx(start, minutes=25))})
    response = upload(runner, ("export_12345.zip", export))
    assert report(response)["added"] == "1"
    assert "“Parkrun”" in html(response).find(id="weeks-title").find_parent("section").get_text()


@pytest.mark.parametrize(
    ("named", "message"),
    [
        ((("notes.txt", b"hello"),), "unknown file type"),
        ((("a.gpx", b"<gpx"),), "not well-formed XML"),
        ((), "choose one or more files"),
    ],
)
def test_an_upload_that_reads_nothing_is_refused_next_to_the_field(
    runner: TestClient, web_context: Context, named: tuple[tuple[str, bytes], ...], message: str
) -> None:
    if named:
        response = upload(runner, *named)
    else:
        response = runner.post("/runs", data={"csrf": csrf(runner, "/runs")})
    assert response.status_code == 422
    error = html(response).find(id="e-files")
    assert error is not None and message in error.get_text(), response.text[:3000]
    assert html(response).find(id="f-files")["aria-invalid"] == "true"
    assert stored(web_context) == 0


def test_an_upload_past_the_cap_is_refused_unread(
    runner: TestClient, web_context: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runstrong.web.pages import runs as page

    monkeypatch.setattr(page, "MAX_UPLOAD_BYTES", 1_000_000)
    monkeypatch.setattr(page, "FORM_SLACK", 1000)
    big = a_gpx() + b" " * 1_100_000
    response = upload(runner, ("big.gpx", big))
    assert response.status_code == 422
    assert "at most 1 MB in one upload" in html(response).find(id="e-files").get_text()
    # within the header's cap but past it once read (a lying or missing length): the same
    monkeypatch.setattr(page, "FORM_SLACK", 10_000_000)
    response = upload(runner, ("big.gpx", big))
    assert response.status_code == 422
    assert stored(web_context) == 0


def test_a_bad_number_of_weeks_is_named(runner: TestClient) -> None:
    response = runner.get("/runs?weeks=0")
    assert response.status_code == 422
    assert "1-104" in html(response).find(id="e-weeks").get_text()
    assert runner.get("/runs?weeks=3").status_code == 200


# --- the check-in on the dashboard ------------------------------------------------------------


def session_day(client: TestClient) -> dt.date:
    """The day of the dashboard's next session (a saved plan's first)."""
    link = html(client.get("/")).find("a", string="Start session")
    found = re.search(r"-(\d{4}-\d{2}-\d{2})$", str(link["href"]))
    assert found is not None
    return dt.date.fromisoformat(found[1])


def check_in(client: TestClient, **answers: str) -> Any:
    data = {"sleep": "7", "soreness": "3", "stress": "3", "motivation": "7", **answers}
    return client.post("/checkin", data={**data, "csrf": csrf(client)}, follow_redirects=False)


def card(client: TestClient) -> str:
    found = html(client.get("/")).find(id="checkin")
    assert found is not None
    return str(found.get_text(" ", strip=True))


def test_the_check_in_form_has_four_labelled_answers(runner: TestClient) -> None:
    form = html(runner.get("/")).find("form", action="/checkin")
    assert form is not None and form.find("input", {"name": "csrf"})["value"]
    page = html(runner.get("/"))
    for name, label in (
        ("sleep", "Sleep quality"),
        ("soreness", "Muscle soreness"),
        ("stress", "Stress"),
        ("motivation", "Motivation"),
    ):
        field = form.find("input", {"name": name})
        assert (field["type"], field["min"], field["max"]) == ("number", "1", "10")
        assert field.has_attr("required")
        assert page.find("label", {"for": field["id"]}).get_text(strip=True) == label


def test_high_soreness_lightens_todays_session_with_the_reason(
    runner: TestClient, app: Any, web_context: Context
) -> None:
    save_plan(runner)
    day = session_day(runner)
    app.state.today = lambda: day
    before = runner.get("/")  # kept in the page cache: the check-in must not be served stale
    assert "lightened" not in before.text
    response = check_in(runner, soreness="8")
    assert response.status_code == 303 and response.headers["location"] == "/#checkin"
    text = card(runner)
    assert "Checked in: sleep 7, soreness 8, stress 3, motivation 7 of 10." in text
    assert "Today's session is lightened because:" in text
    assert "readiness-soreness : soreness 8/10 (7+)" in text
    changes = html(runner.get("/")).select("#checkin ul.changes li")
    assert changes and all(li.get_text().startswith("[readiness-soreness] ") for li in changes)
    assert any("set" in li.get_text() for li in changes)
    planned = schedule.planned_sessions(web_context, "Ana", day, day)[0].session
    shown = html(runner.get("/")).select("#checkin ul.lightened li")
    assert len(shown) <= len(planned["exercises"])
    # the same day again replaces the answers: nothing to change now
    assert check_in(runner).status_code == 303
    text = card(runner)
    assert "Nothing in your check-in asks to change today's session" in text
    assert len(readiness.checkins(web_context, "Ana", 1, day)) == 1


def test_gym_mode_today_shows_the_lightened_session_and_logs_it(
    runner: TestClient, app: Any, web_context: Context
) -> None:
    """Start session after a sore check-in opens today's lighter session, with the reasons,
    pre-filled with its sets; the same session on another day is as planned."""
    save_plan(runner)
    day = session_day(runner)
    link = str(html(runner.get("/")).find("a", string="Start session")["href"])
    planned = schedule.planned_sessions(web_context, "Ana", day, day)[0].session
    planned_sets = sum(int(e["sets"]) for e in planned["exercises"])
    app.state.today = lambda: day - dt.timedelta(days=1)  # the day before: as planned
    page = html(runner.get(link))
    assert page.find(id="lightened") is None
    assert len(page.select("input[name$='.done']")) == planned_sets
    app.state.today = lambda: day
    assert check_in(runner, soreness="8").status_code == 303
    page = html(runner.get(link))
    notice = page.find(id="lightened")
    assert notice is not None
    assert "readiness-soreness" in notice.get_text(" ", strip=True)
    assert notice.select("ul.changes li")
    ticks = page.select("input[name$='.done']")
    assert 0 < len(ticks) < planned_sets  # fewer sets to tick: the lighter session's


def test_a_check_in_without_a_session_today_says_so(runner: TestClient) -> None:
    assert check_in(runner, soreness="9").status_code == 303
    assert "No strength session today" in card(runner)


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"soreness": "11"}, "soreness", "must be a whole number 1-10 (10 = very sore); got '11'"),
        ({"motivation": ""}, "motivation", "answer it: a whole number 1-10"),
        ({"sleep": "five"}, "sleep", "must be a whole number 1-10"),
        ({"rhr": "300"}, "rhr", "must be a whole number 25-150"),
        ({"hrv": "-1"}, "hrv", "must be a number 1-300"),
    ],
)
def test_a_bad_answer_is_named_next_to_its_field_and_nothing_is_saved(
    runner: TestClient, web_context: Context, answers: dict[str, str], field: str, message: str
) -> None:
    response = check_in(runner, **answers)
    assert response.status_code == 422
    error = html(response).find(id=f"e-{field}")
    assert error is not None and message in error.get_text(), response.text[-3000:]
    sent_back = html(response).find("input", {"name": field})
    assert sent_back["value"] == answers[field]
    assert readiness.checkins(web_context, "Ana", 1, dt.date(2027, 1, 6)) == []


def test_a_check_in_by_another_worker_shows_on_the_next_request(
    runner: TestClient, web_context: Context
) -> None:
    assert "Checked in" not in card(runner)
    other = Context(web_context.settings, web_context.db.url)
    try:
        readiness.check_in(
            other,
            CheckInRequest(athlete="Ana", date="2027-01-06", text="sleep=2,soreness=9,stress=8"),
        )
    finally:
        other.close()
    assert "Checked in: sleep 2, soreness 9" in card(runner)


def test_an_upload_renders_the_dashboard_afresh(
    runner: TestClient, web_context: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_plan(runner)
    reads: list[str] = []
    real = readiness.ready

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append("ready")
        return real(*args, **kwargs)

    monkeypatch.setattr(readiness, "ready", counted)
    runner.get("/")
    runner.get("/")
    assert reads == ["ready"]  # kept
    assert report(upload(runner, ("tuesday.gpx", a_gpx())))["added"] == "1"
    runner.get("/")
    assert reads == ["ready", "ready"]  # the upload raised the revision


# --- /load ------------------------------------------------------------------------------------


def test_the_load_page_charts_and_tables_runs_and_lifts_with_the_plans_marks(
    runner: TestClient, web_context: Context
) -> None:
    plan_id = save_plan(runner, race="2027-03-14", phase="", weeks="", race_distance="half")
    log(
        web_context,
        LogRequest(athlete="Ana", entries=("back-squat", "3x5@80"), date="2027-01-04", rpe=7),
    )
    runs.import_runs(web_context, RunsImportRequest(athlete="Ana", files=(("t.gpx", a_gpx()),)))
    response = runner.get("/load?weeks=6")
    assert response.status_code == 200
    page = html(response)
    spec = json.loads(page.find("script", id="chart-load").string)
    assert [s["label"] for s in spec["series"]] == [
        "Runs",
        "Strength",
        "Cross-training",
        "Acute:chronic",
    ]
    rows = page.select("#table-load tbody tr")
    plan = schedule.saved_plan(web_context, "Ana", plan_id).plan
    deloads = {w["start"] for w in plan["weeks"] if w.get("deload")}
    assert len(rows) == len(spec["x"]) >= 6  # the weeks to the race follow
    this_week = next(r for r in rows if r.th.time["datetime"] == "2027-01-04")
    cells = [td.get_text(strip=True) for td in this_week.find_all("td")]
    assert cells[1] != "0"  # the logged session with its RPE has a strength load
    assert "1 without RPE" in cells[-1]  # the GPX run has no RPE: counted, not invented
    marked = {r.th.time["datetime"] for r in rows if r.find(class_="badge deload")}
    assert marked == {"2027-01-25", "2027-02-22"} == deloads
    assert "race Sun 14 Mar" in rows[-1].get_text(" ", strip=True)
    marks = page.find(id="load-marks").get_text(" ", strip=True)
    assert marks == "Lighter weeks in your plan: Mon 25 Jan, Mon 22 Feb. Race: Sun 14 Mar."
    caveat = page.find(id="ratio-caveat").get_text(" ", strip=True)
    assert "not a prediction of injury" in caveat and "Impellizzeri" in caveat
    assert page.get_text().count("mathematical coupling") == 1  # worded once, by the ratio


def test_the_load_page_names_bad_weeks(runner: TestClient) -> None:
    response = runner.get("/load?weeks=500")
    assert response.status_code == 422
    assert "1-104" in html(response).find(id="e-weeks").get_text()


def test_a_login_without_an_athlete_sees_empty_pages_and_saves_nothing(
    client: TestClient, web_context: Context
) -> None:
    at = dt.datetime(2027, 1, 6, 9)
    accounts.create_user(web_context, email="cy@example.org", password=PASSWORD, now=at)
    token = form_token(client, "/login")
    data = {"email": "cy@example.org", "password": PASSWORD, "form_token": token}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303
    assert "no athlete profile" in html(client.get("/runs")).find("main").get_text()
    assert "no athlete profile" in html(client.get("/load")).find("main").get_text()
    assert upload(client, ("a.gpx", a_gpx())).status_code == 404
    assert check_in(client).status_code == 404
