"""The API's runs, check-ins, today and load (docs/api.md): round trips with a token, bad input
as 422 naming the field, another runner's data never shown, a login without an athlete 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_web_runs import a_fit, a_gpx, files
from webhelp import PASSWORD, Clock, save_plan, sign_up

from runstrong.app import accounts, readiness, runs
from runstrong.settings import Context, Settings
from runstrong.web import deps
from runstrong.web.app import create_app

AT = dt.datetime(2027, 1, 6, 9, 0)


def _token(ctx: Context, email: str, scope: str = "read,write") -> dict[str, str]:
    raw, _ = accounts.create_token(ctx, email=email, name="test", scopes=scope, now=AT)
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def auth(client: TestClient, web_context: Context) -> dict[str, str]:
    sign_up(client)
    client.cookies.clear()  # the API is called with the token alone
    return _token(web_context, "ana@example.org")


def post_files(client: TestClient, auth: dict[str, str], *named: tuple[str, bytes]) -> Any:
    sent = [("files", (name, data, "application/octet-stream")) for name, data in named]
    return client.post("/api/v1/activities", files=sent, headers=auth)


def error(response: Any, status: int = 422) -> dict[str, Any]:
    assert response.status_code == status, response.text
    found: dict[str, Any] = response.json()["error"]
    assert set(found) == {"field", "message", "rule"}
    return found


# --- activities ---------------------------------------------------------------------------------


def test_activities_upload_and_list_round_trip(client: TestClient, auth: dict[str, str]) -> None:
    made = post_files(
        client, auth, ("tue.gpx", a_gpx()), ("sun.fit", a_fit()), ("junk.tcx", b"<nope/>")
    )
    assert made.status_code == 201, made.text
    assert made.json() == {
        "files": 2,
        "read": 2,
        "added": 2,
        "runs": 2,
        "duplicates": 0,
        "refused": [{"file": "junk.tcx", "reason": "not a TCX file (its root is <nope>)"}],
    }
    again = post_files(client, auth, ("tue.gpx", a_gpx()))
    assert again.status_code == 200
    assert (again.json()["added"], again.json()["duplicates"]) == (0, 1)
    listed = client.get("/api/v1/activities?weeks=2", headers=auth)
    assert listed.status_code == 200
    weeks = listed.json()["weeks"]
    assert [w["start"] for w in weeks] == ["2026-12-28", "2027-01-04"]
    week_runs = [r for w in weeks for r in w["runs"]]
    assert [r["date"] for r in week_runs] == ["2027-01-03", "2027-01-05"]
    assert all(r["type"] and r["why"] for r in week_runs)
    assert listed.json()["running_week"] is None  # fewer than four weeks with runs


@pytest.mark.parametrize(
    ("send", "message"),
    [
        ({"files": [("files", ("notes.txt", b"x", "text/plain"))]}, "unknown file type"),
        ({"files": [("files", ("a.fit", b"\x00" * 20, "application/octet-stream"))]}, "a.fit"),
        ({"files": [("other", ("a.gpx", b"x", "application/gpx+xml"))]}, "choose one or more"),
        ({"json": {"files": ["a.gpx"]}}, "multipart/form-data"),
        ({"content": b"--x\r\nbroken", "headers": {"content-type": "multipart/form-data"}}, ""),
    ],
)
def test_an_upload_that_reads_nothing_is_422_on_files(
    client: TestClient,
    auth: dict[str, str],
    web_context: Context,
    send: dict[str, Any],
    message: str,
) -> None:
    headers = {**auth, **send.pop("headers", {})}
    found = error(client.post("/api/v1/activities", headers=headers, **send))
    assert found["field"] == "files"
    assert message in found["message"]
    assert runs.runs_report(web_context, "Ana", 2, dt.date(2027, 1, 6)).weeks[-1].runs == ()


def test_an_upload_past_the_cap_is_refused(
    client: TestClient, auth: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from runstrong.web.pages import runs as page

    monkeypatch.setattr(page, "MAX_UPLOAD_BYTES", 1_000_000)
    found = error(post_files(client, auth, ("a.gpx", a_gpx() + b" " * 1_400_000)))
    assert found == {"field": "files", "message": "files: at most 1 MB in one upload", "rule": None}


def test_uploads_need_the_write_scope(
    client: TestClient, auth: dict[str, str], web_context: Context
) -> None:
    reader = _token(web_context, "ana@example.org", "read")
    assert error(post_files(client, reader, ("a.gpx", a_gpx())), 403)["message"]
    assert client.get("/api/v1/activities", headers=reader).status_code == 200


@pytest.mark.parametrize("query", ["weeks=0", "weeks=105", "weeks=two"])
def test_bad_weeks_are_422(client: TestClient, auth: dict[str, str], query: str) -> None:
    assert error(client.get(f"/api/v1/activities?{query}", headers=auth))["field"] == "weeks"
    assert error(client.get(f"/api/v1/load?{query}", headers=auth))["field"] == "weeks"


# --- check-ins and today ------------------------------------------------------------------------

CHECK_IN = {"date": "2027-01-06", "sleep": 6, "soreness": 8, "stress": 5, "motivation": 6}


def test_check_in_round_trip_and_the_same_date_replaces(
    client: TestClient, auth: dict[str, str]
) -> None:
    made = client.post(
        "/api/v1/checkins", json={**CHECK_IN, "resting_hr": 51, "hrv": 62.5}, headers=auth
    )
    assert made.status_code == 201, made.text
    first = made.json()["checkin"]
    assert made.json()["replaced"] is None
    assert (first["soreness"], first["rhr"], first["hrv"]) == (8, 51, 62.5)
    again = client.post("/api/v1/checkins", json={**CHECK_IN, "soreness": 2}, headers=auth)
    assert again.status_code == 200
    assert again.json()["replaced"] == first
    assert again.json()["checkin"]["soreness"] == 2 and again.json()["checkin"]["rhr"] is None
    client.post("/api/v1/checkins", json={**CHECK_IN, "date": "2027-01-01"}, headers=auth)
    listed = client.get("/api/v1/checkins?days=3", headers=auth).json()
    assert [c["date"] for c in listed] == ["2027-01-06"]
    week = client.get("/api/v1/checkins?days=7", headers=auth).json()
    assert [c["date"] for c in week] == ["2027-01-01", "2027-01-06"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"soreness": 11}, "soreness", "must be a whole number 1-10 (10 = very sore); got '11'"),
        ({"sleep": 0}, "sleep", "1-10"),
        ({"resting_hr": 10}, "resting_hr", "25-150"),
        ({"hrv": 0.5}, "hrv", "1-300"),
        ({"date": "yesterday"}, "date", "yesterday"),
        ({"mood": 5}, "mood", "extra"),
        ({"stress": None}, "stress", ""),
    ],
)
def test_a_bad_check_in_is_422_naming_the_field(
    client: TestClient,
    auth: dict[str, str],
    web_context: Context,
    change: dict[str, Any],
    field: str,
    message: str,
) -> None:
    found = error(client.post("/api/v1/checkins", json={**CHECK_IN, **change}, headers=auth))
    assert found["field"] == field
    assert message in found["message"]
    assert readiness.checkins(web_context, "Ana", 1, dt.date(2027, 1, 6)) == []


def test_today_is_lightened_with_the_rule_ids_and_reasons(
    client: TestClient, auth: dict[str, str], new_client: Any
) -> None:
    browser = new_client()
    _login(browser)
    plan_id = save_plan(browser)
    plan = client.get(f"/api/v1/plans/{plan_id}", headers=auth).json()["plan"]
    day = plan["weeks"][0]["sessions"][0]["date"]
    before = client.get(f"/api/v1/today?date={day}", headers=auth).json()
    assert before["sessions"] and before["lightened"] is False and before["checkin"] is None
    client.post("/api/v1/checkins", json={**CHECK_IN, "date": day}, headers=auth)
    found = client.get(f"/api/v1/today?date={day}", headers=auth).json()
    assert found["lightened"] is True
    assert [f["rule"] for f in found["findings"]] == ["readiness-soreness"]
    assert found["findings"][0]["reason"] == "soreness 8/10 (7+)" and found["findings"][0]["source"]
    session = found["sessions"][0]
    assert session["changes"] and {c["rule"] for c in session["changes"]} == {"readiness-soreness"}
    planned_sets = sum(e["sets"] for e in session["planned"]["exercises"])
    assert sum(e["sets"] for e in session["session"]["exercises"]) < planned_sets
    assert error(client.get("/api/v1/today?date=2027-13-01", headers=auth))["field"] == "date"


def _login(browser: TestClient) -> None:
    from webhelp import form_token

    token = form_token(browser, "/login")
    data = {"email": "ana@example.org", "password": PASSWORD, "form_token": token}
    assert browser.post("/login", data=data, follow_redirects=False).status_code == 303


# --- load ---------------------------------------------------------------------------------------


def test_load_series_says_its_method_and_caution(client: TestClient, auth: dict[str, str]) -> None:
    post_files(client, auth, ("tue.gpx", a_gpx()))
    found = client.get("/api/v1/load?weeks=4", headers=auth)
    assert found.status_code == 200
    data = found.json()
    assert data["schema"] == "runstrong.workload/1" and data["method"] == ["srpe"]
    assert [w["monday"] for w in data["weeks"]] == [
        "2026-12-14",
        "2026-12-21",
        "2026-12-28",
        "2027-01-04",
    ]
    assert "Impellizzeri" in data["acwr"]["caution"]
    [run] = data["sessions"]
    assert (run["kind"], run["method"], run["load"]) == ("run", "unknown", None)
    assert data["weeks"][-1]["unknown_sessions"] == 1
    with_hr = client.get("/api/v1/load?weeks=4&hr=rest=50,max=190,sex=female", headers=auth).json()
    assert with_hr["method"] == ["srpe", "trimp"]
    assert with_hr["weeks"][-1]["trimp"]["total"] > 0
    rated = client.get("/api/v1/load?weeks=4&missing_rpe=6", headers=auth).json()
    assert rated["weeks"][-1]["run"] == 240.0  # 40 minutes x RPE 6
    assert error(client.get("/api/v1/load?hr=rest=50", headers=auth))["field"] == "hr"
    assert error(client.get("/api/v1/load?missing_rpe=11", headers=auth))["field"] == "missing_rpe"


# --- whose data ---------------------------------------------------------------------------------


def test_another_runners_runs_and_check_ins_are_never_shown(
    client: TestClient, auth: dict[str, str], web_context: Context, new_client: Any
) -> None:
    bo = new_client()
    assert sign_up(bo, email="bo@example.org", name="Bo").status_code == 303
    bo_auth = _token(web_context, "bo@example.org")
    assert post_files(bo, bo_auth, ("bo.gpx", a_gpx(day=4))).status_code == 201
    assert bo.post("/api/v1/checkins", json=CHECK_IN, headers=bo_auth).status_code == 201
    mine = client.get("/api/v1/activities?weeks=1", headers=auth).json()
    assert mine["weeks"][0]["runs"] == []
    assert client.get("/api/v1/checkins", headers=auth).json() == []
    assert client.get("/api/v1/today", headers=auth).json()["checkin"] is None
    assert client.get("/api/v1/load?weeks=1", headers=auth).json()["sessions"] == []
    # Ana's upload of the same file is hers: not a duplicate of Bo's
    assert post_files(client, auth, ("bo.gpx", a_gpx(day=4))).json()["added"] == 1


def test_a_login_without_an_athlete_finds_nothing(client: TestClient, web_context: Context) -> None:
    accounts.create_user(web_context, email="cy@example.org", password=PASSWORD, now=AT)
    cy = _token(web_context, "cy@example.org")
    for method, path, body in (
        ("GET", "/api/v1/activities", None),
        ("GET", "/api/v1/checkins", None),
        ("GET", "/api/v1/today", None),
        ("GET", "/api/v1/load", None),
        ("POST", "/api/v1/checkins", CHECK_IN),
    ):
        assert error(client.request(method, path, json=body, headers=cy), 404)["field"] == "athlete"
    assert error(post_files(client, cy, ("a.gpx", a_gpx())), 404)["field"] == "athlete"


# --- SQLite and PostgreSQL ----------------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path, database_url: str) -> Iterator[TestClient]:
    ctx = Context(Settings(config_dir=tmp_path / "c", data_dir=tmp_path / "d"), database_url)
    ctx.db.prepare_write()
    app = create_app(ctx, secret=b"test-secret")
    app.dependency_overrides[deps.now] = Clock()
    app.state.today = lambda: dt.date(2027, 1, 6)
    try:
        with TestClient(app) as c:
            yield c
    finally:
        ctx.close()


def test_round_trip_on_each_database(server: TestClient) -> None:
    ctx = server.app.state.context  # type: ignore[attr-defined]
    accounts.sign_up(ctx, email="ana@example.org", password=PASSWORD, name="Ana", now=AT)
    auth = _token(ctx, "ana@example.org")
    f = files()
    start = dt.datetime(2027, 1, 2, 9, tzinfo=dt.UTC)
    row = f.strava_row(7, start, "Parkrun", "Run", 1500, 5000, "activities/7.gpx.gz", rpe="8")
    export = f.strava_zip([row], {"activities/7.gpx.gz": f.gz(f.gpx(start, minutes=25))})
    made = post_files(server, auth, ("export.zip", export), ("tue.gpx", a_gpx()))
    assert made.status_code == 201 and made.json()["added"] == 2, made.text
    assert post_files(server, auth, ("export.zip", export)).json()["duplicates"] == 1
    assert server.post("/api/v1/checkins", json=CHECK_IN, headers=auth).status_code == 201
    assert server.post("/api/v1/checkins", json=CHECK_IN, headers=auth).status_code == 200
    assert len(server.get("/api/v1/checkins", headers=auth).json()) == 1
    load = server.get("/api/v1/load?weeks=2", headers=auth).json()
    rated = [s for s in load["sessions"] if s["method"] == "srpe"]
    assert [(s["date"], s["load"]) for s in rated] == [("2027-01-02", 200.0)]  # 25 min x RPE 8
    weeks = server.get("/api/v1/activities?weeks=2", headers=auth).json()["weeks"]
    assert [r["name"] for w in weeks for r in w["runs"]] == ["Parkrun", "Morning Run"]
