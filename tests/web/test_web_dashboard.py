"""Who did what on the web: the squad dashboard (sorted by its header links), its adherence CSV
(read back with the csv module), the athlete page's plan, log and charts, the API, 404 for
anyone else's squad or athlete, and a kept page that follows a new log."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from coachhelp import sign_in
from fastapi.testclient import TestClient
from webhelp import PASSWORD, Clock, html

from runstrong.app import accounts, coaching, lifts, schedule
from runstrong.app.requests import AthleteRequest, LiftRequest, LogRequest
from runstrong.app.sessions import log
from runstrong.present.dashboard import CSV_COLUMNS
from runstrong.settings import Context, Settings

NOW = Clock().at
MONDAY = dt.date(2027, 1, 4)  # the app's today is Wednesday 6 January 2027


def _plan(first: dt.date) -> dict[str, Any]:
    """Two weeks of Monday (squat, RDL at RIR 2) and Friday (RDL, pull-ups) sessions."""
    weeks = []
    for w in range(2):
        start = first + dt.timedelta(weeks=w)
        heavy = [{"id": "back-squat", "sets": 3, "reps": 5, "rir": 2}]
        heavy.append({"id": "romanian-deadlift", "sets": 3, "reps": 5, "rir": 2})
        hinge = [{"id": "romanian-deadlift", "sets": 3, "reps": 5, "rir": 2}]
        hinge.append({"id": "pull-up", "sets": 3, "reps": 6, "rir": 2})
        weeks.append(
            {
                "start": start.isoformat(),
                "sessions": [
                    {"date": start.isoformat(), "kind": "strength", "exercises": heavy},
                    {
                        "date": (start + dt.timedelta(days=4)).isoformat(),
                        "kind": "strength",
                        "exercises": hinge,
                    },
                ],
            }
        )
    return {"schema": "runstrong.plan/1", "units": "kg", "weeks": weeks}


@pytest.fixture
def web_context(tmp_path: Path, database_url: str) -> Iterator[Context]:
    """The app's database: SQLite and PostgreSQL (this module's pages read a whole squad)."""
    settings = Settings(config_dir=tmp_path / "config", data_dir=tmp_path / "data")
    ctx = Context(settings, database_url)
    ctx.db.prepare_write()
    yield ctx
    ctx.close()


@dataclass
class Club:
    coach: TestClient
    squad: int
    ids: dict[str, int]
    ctx: Context


@pytest.fixture
def club(runner: TestClient, new_client: Any, web_context: Context) -> Club:
    """Cora coaches Bo and Cy (managed) in one squad. Bo did Monday's session at RPE 9 (the
    target is 8) and has a re-tested squat; Cy logged nothing (Monday missed)."""
    ctx = web_context
    cora = accounts.create_user(
        ctx, email="cora@example.org", password=PASSWORD, coach=True, now=NOW
    )
    squad = coaching.create_squad(ctx, cora, "Tuesday group", now=NOW)
    ids = {}
    for name in ("Bo", "Cy"):
        link = coaching.create_managed(ctx, cora, AthleteRequest(name=name), now=NOW)
        coaching.add_member(ctx, cora, squad.id, link.athlete_id, now=NOW)
        schedule.save_plan(ctx, name, _plan(MONDAY), {})
        ids[name] = link.athlete_id
    lifts.record_lifts(ctx, LiftRequest(athlete="Bo", lifts=("back-squat=100",), date="2027-01-01"))
    log(
        ctx,
        LogRequest(
            athlete="Bo",
            entries=("back-squat", "3x5@80", "rdl", "3x5@70"),
            date=MONDAY,
            rpe=9,
            notes="heavy legs",
        ),
    )
    coach = new_client()
    sign_in(coach, "cora@example.org")
    return Club(coach, squad.id, ids, ctx)


def _table(response: Any) -> list[dict[str, str]]:
    page = html(response)
    table = page.find(id="dashboard")
    assert table is not None, response.text[:2000]
    rows = []
    for tr in table.select("tbody tr"):
        cells = {str(td["data-column"]): td.get_text(" ", strip=True) for td in tr.select("td")}
        cells["athlete"] = tr.find("th").find("a").get_text(strip=True)
        cells["span"] = tr.find("th").get_text(" ", strip=True)
        rows.append(cells)
    return rows


def test_the_dashboard_shows_who_did_what(club: Club) -> None:
    response = club.coach.get(f"/coach/squads/{club.squad}/dashboard")
    assert response.status_code == 200
    rows = {r["athlete"]: r for r in _table(response)}
    assert (rows["Bo"]["planned"], rows["Bo"]["done"], rows["Bo"]["missed"]) == ("2", "1", "0")
    assert rows["Bo"]["rpe_high"] == "1"
    assert rows["Bo"]["adherence"] == "100% of 1"
    assert (rows["Cy"]["done"], rows["Cy"]["missed"], rows["Cy"]["adherence"]) == (
        "0",
        "1",
        "0% of 1",
    )
    assert rows["Cy"]["last_logged"] == "never"
    page = html(response)
    links = {a.get_text(strip=True): a["href"] for a in page.select("#dashboard tbody th a")}
    assert links == {
        "Bo": f"/coach/athletes/{club.ids['Bo']}",
        "Cy": f"/coach/athletes/{club.ids['Cy']}",
    }
    assert page.find(id="earlier")["href"].startswith(  # type: ignore[index]
        f"/coach/squads/{club.squad}/dashboard?week=2026-12-28"
    )
    later = club.coach.get(str(page.find(id="later")["href"]))  # type: ignore[index]
    assert {r["athlete"]: r["done"] for r in _table(later)} == {"Bo": "0", "Cy": "0"}
    squad_page = html(club.coach.get(f"/coach/squads/{club.squad}"))
    assert squad_page.find(id="dashboard-link")["href"] == (  # type: ignore[index]
        f"/coach/squads/{club.squad}/dashboard"
    )


def test_headers_sort_without_javascript(club: Club) -> None:
    first = html(club.coach.get(f"/coach/squads/{club.squad}/dashboard"))
    athlete = first.find("th", attrs={"data-column": "athlete"})
    assert athlete["aria-sort"] == "ascending"  # type: ignore[index]
    missed = first.find("th", attrs={"data-column": "missed"})
    assert missed.get("aria-sort") is None  # type: ignore[union-attr]
    response = club.coach.get(str(missed.find("a")["href"]))  # type: ignore[union-attr,index]
    assert [r["athlete"] for r in _table(response)] == ["Bo", "Cy"]  # 0 then 1 missed
    again = html(response).find("th", attrs={"data-column": "missed"})
    assert again["aria-sort"] == "ascending"  # type: ignore[index]
    flipped = club.coach.get(str(again.find("a")["href"]))  # type: ignore[union-attr,index]
    assert [r["athlete"] for r in _table(flipped)] == ["Cy", "Bo"]
    header = html(flipped).find("th", attrs={"data-column": "missed"})
    assert header["aria-sort"] == "descending"  # type: ignore[index]


def test_the_block_view(club: Club) -> None:
    response = club.coach.get(f"/coach/squads/{club.squad}/dashboard?view=block")
    rows = {r["athlete"]: r for r in _table(response)}
    assert rows["Bo"]["planned"] == "4"
    assert rows["Bo"]["span"] == "Bo Mon 4 Jan to Sun 17 Jan"


def test_the_adherence_csv_reads_back(club: Club) -> None:
    response = club.coach.get(f"/coach/squads/{club.squad}/adherence.csv?week=2027-01-06")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    found = {r["athlete"]: r for r in csv.DictReader(io.StringIO(text))}
    assert len(rows) == 3
    bo = found["Bo"]
    assert (bo["planned"], bo["done"], bo["missed"], bo["adherence"]) == ("2", "1", "0", "1")
    assert (bo["first_day"], bo["last_day"], bo["last_logged"]) == (
        "2027-01-04",
        "2027-01-10",
        "2027-01-04",
    )
    assert (found["Cy"]["adherence"], found["Cy"]["last_logged"]) == ("0", "")
    block = club.coach.get(f"/coach/squads/{club.squad}/adherence.csv?view=block")
    assert next(csv.DictReader(io.StringIO(block.content.decode("utf-8-sig"))))["planned"] == "4"


def test_the_athlete_page_shows_plan_log_and_charts(club: Club) -> None:
    response = club.coach.get(f"/coach/athletes/{club.ids['Bo']}")
    assert response.status_code == 200
    page = html(response)
    days = [li["data-date"] for li in page.select("#planned > li")]
    assert days == ["2027-01-04", "2027-01-08", "2027-01-11", "2027-01-15"]
    first = page.select_one("#planned > li")
    assert first is not None and "logged" in first.get_text()
    log_text = page.find(id="log").get_text(" ", strip=True)  # type: ignore[union-attr]
    assert "Back squat" in log_text and "80" in log_text and "heavy legs" in log_text
    assert "session RPE 9" in log_text
    assert page.select("figure[data-chart]"), "no 1RM chart"
    assert page.select_one("table[data-exercise=back-squat]") is not None
    assert page.find(id="comments") is not None


def test_the_api(club: Club) -> None:
    found = club.coach.get(f"/api/v1/coach/squads/{club.squad}/dashboard?sort=missed&order=desc")
    assert found.status_code == 200
    body = found.json()
    assert [r["athlete"]["name"] for r in body["rows"]] == ["Cy", "Bo"]
    bo = body["rows"][1]
    assert (bo["planned"], bo["done"], bo["missed"], bo["adherence"]) == (2, 1, 0, 1.0)
    assert {h["exercise"] for h in bo["harder_than_planned"]} == {
        None,
        "back-squat",
        "romanian-deadlift",
    }
    block = club.coach.get(f"/api/v1/coach/squads/{club.squad}/dashboard?view=block").json()
    assert block["view"] == "block" and block["rows"][0]["planned"] == 4
    sessions = club.coach.get(f"/api/v1/coach/athletes/{club.ids['Bo']}/sessions?weeks=2")
    assert sessions.status_code == 200
    (one,) = sessions.json()["sessions"]
    assert (one["date"], one["rpe"], one["notes"]) == ("2027-01-04", 9.0, "heavy legs")
    assert [e["exercise"] for e in one["entries"]] == ["back-squat", "romanian-deadlift"]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/coach/squads/{squad}/dashboard?week=abc", "week"),
        ("/coach/squads/{squad}/dashboard?sort=nope", "sort"),
        ("/coach/squads/{squad}/dashboard?order=x", "order"),
        ("/coach/squads/{squad}/dashboard?view=month", "view"),
        ("/coach/squads/{squad}/adherence.csv?week=2027-13-01", "week"),
        (
            "/api/v1/coach/squads/{squad}/dashboard?week=1111111111111111111111111111111111111111",
            "week",
        ),
        ("/api/v1/coach/athletes/{bo}/sessions?weeks=0", "weeks"),
        ("/api/v1/coach/athletes/{bo}/sessions?weeks=abc", "weeks"),
    ],
)
def test_bad_query_values_are_422_naming_the_field(club: Club, path: str, field: str) -> None:
    response = club.coach.get(path.format(squad=club.squad, bo=club.ids["Bo"]))
    assert response.status_code == 422, response.text[:500]
    if path.startswith("/api/"):
        assert response.json()["error"]["field"] == field
    else:
        assert field in html(response).get_text()


def test_anyone_elses_squad_or_athlete_is_404(
    club: Club, runner: TestClient, new_client: Any
) -> None:
    accounts.create_user(club.ctx, email="dee@example.org", password=PASSWORD, coach=True, now=NOW)
    dee = new_client()
    sign_in(dee, "dee@example.org")
    big = "1" * 40
    paths = [
        f"/coach/squads/{club.squad}/dashboard",
        f"/coach/squads/{club.squad}/adherence.csv",
        f"/coach/athletes/{club.ids['Bo']}",
        f"/api/v1/coach/squads/{club.squad}/dashboard",
        f"/api/v1/coach/athletes/{club.ids['Bo']}/sessions",
    ]
    for who in (dee, runner):
        for path in paths:
            assert who.get(path).status_code == 404, path
    for path in (f"/coach/squads/{big}/dashboard", f"/api/v1/coach/athletes/{big}/sessions"):
        assert club.coach.get(path).status_code == 404


def test_a_kept_dashboard_follows_a_new_log(club: Club, monkeypatch: pytest.MonkeyPatch) -> None:
    path = f"/coach/squads/{club.squad}/dashboard"
    first = _table(club.coach.get(path))
    assert {r["athlete"]: r["done"] for r in first} == {"Bo": "1", "Cy": "0"}
    from runstrong.app import dashboard

    real = dashboard.dashboard

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a kept page was built again")

    monkeypatch.setattr(dashboard, "dashboard", refused)
    assert _table(club.coach.get(path)) == first  # kept: nothing read but the key
    monkeypatch.setattr(dashboard, "dashboard", real)
    # Another worker (or the CLI) logs for Cy on Tuesday: calf raises, in no planned session.
    calves = ("single-leg-calf-raise", "3x12")
    log(club.ctx, LogRequest(athlete="Cy", entries=calves, date="2027-01-05"))
    rows = {r["athlete"]: r for r in _table(club.coach.get(path))}
    assert (rows["Cy"]["moved"], rows["Cy"]["missed"]) == ("0", "1")
    assert rows["Cy"]["last_logged"] == "Tue 5 Jan 2027"
    # Then the squats: half of Monday's exercises, so Monday's session was moved.
    log(club.ctx, LogRequest(athlete="Cy", entries=("back-squat", "3x5@60"), date="2027-01-05"))
    rows = {r["athlete"]: r for r in _table(club.coach.get(path))}
    assert (rows["Cy"]["moved"], rows["Cy"]["missed"], rows["Cy"]["adherence"]) == (
        "1",
        "0",
        "100% of 1",
    )


def test_comments_show_on_the_dashboard_and_in_the_csv(club: Club) -> None:
    from runstrong.app import comments

    cora = accounts.user_by_email(club.ctx, "cora@example.org")
    assert cora is not None
    plan_id = schedule.plans(club.ctx, "Bo")[0].id
    sid = f"{plan_id}-{MONDAY.isoformat()}"
    at = dt.datetime(2027, 1, 5, 8, 0)
    comments.add(
        club.ctx, cora, sid, "Great squats; keep RPE 8.", now=at, athlete_id=club.ids["Bo"]
    )
    rows = {
        r["athlete"]: r for r in _table(club.coach.get(f"/coach/squads/{club.squad}/dashboard"))
    }
    assert rows["Bo"]["comments"].startswith("1 ") and "Great squats" in rows["Bo"]["comments"]
    assert rows["Cy"]["comments"] == "0"
    sorted_rows = _table(
        club.coach.get(f"/coach/squads/{club.squad}/dashboard?sort=comments&order=desc")
    )
    assert [r["athlete"] for r in sorted_rows] == ["Bo", "Cy"]
    found = club.coach.get(f"/coach/squads/{club.squad}/adherence.csv")
    table = list(csv.DictReader(io.StringIO(found.text)))
    assert {r["athlete"]: r["comments"] for r in table} == {"Bo": "1", "Cy": "0"}
    api = club.coach.get(f"/api/v1/coach/squads/{club.squad}/dashboard").json()
    bo = next(r for r in api["rows"] if r["athlete"]["name"] == "Bo")
    assert bo["comments"] == 1 and bo["newest_comment"]["role"] == "coach"
    assert bo["newest_comment"]["session"] == sid
