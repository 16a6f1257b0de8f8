"""History and progress pages: rows newest first, the filter, pages of 50, the charts' JSON equal
to their tables, re-tests and held sessions marked, nothing that closes a script block, and each
runner seeing only their own logbook."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webhelp import html, save_plan, sign_up

from runstrong.app import lifts, sessions, trends
from runstrong.app.requests import LiftRequest, LogRequest
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.web import render
from runstrong.web.pages.progress import unix

EVIL = "Evil </script><script>alert(1)</script> & <b>squat</b>"


def log(ctx: Context, day: str, *entries: str, athlete: str = "Ana") -> None:
    sessions.log(ctx, LogRequest(athlete=athlete, entries=entries, date=day, rpe="7"))


def rows(page: Any) -> list[list[str]]:
    body = page.find("table", class_="history").find("tbody")
    return [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in body("tr")]


def table(page: Any, table_id: str) -> list[list[str]]:
    found = page.find("table", id=table_id)
    assert found is not None, f"no table {table_id}"
    body = found.find("tbody")
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in body("tr")]


def chart(page: Any, chart_id: str) -> dict[str, Any]:
    figure = page.find("figure", attrs={"data-chart": chart_id})
    assert figure is not None and "chart" in figure["class"]
    script = page.find("script", id=chart_id)
    assert script is not None and script["type"] == "application/json"
    data: dict[str, Any] = json.loads(script.string)
    return data


def day_of(cell: str) -> dt.date:
    """`Tue 5 Jan 2027` as the tables print a day."""
    return dt.datetime.strptime(cell, "%a %d %b %Y").date()


def test_pages_need_sign_in(client: TestClient) -> None:
    for path in ("/history", "/progress"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")


def test_history_newest_first_with_sets_rpe_planned_and_filter(
    runner: TestClient, web_context: Context
) -> None:
    log(web_context, "2027-01-04", "back-squat", "3x5@80kg", "plank", "2x30s")
    log(web_context, "2027-01-06", "romanian-deadlift", "3x6@70kg@rpe8", "back-squat", "3x5@82.5kg")
    page = html(runner.get("/history"))
    found = rows(page)
    assert [r[0] for r in found] == [
        "Wed 6 Jan 2027",
        "Wed 6 Jan 2027",
        "Mon 4 Jan 2027",
        "Mon 4 Jan 2027",
    ]
    assert found[0][1:3] == ["Romanian deadlift", "3 × 6 @ 70 kg"]
    assert found[0][3] == "8"
    assert found[1][1:3] == ["Back squat", "3 × 5 @ 82.5 kg"]
    assert found[3][1:3] == ["Plank", "2 × 30 s"]
    assert {r[4] for r in found} == {"extra"}  # no plan: nothing was planned
    options = [(o["value"], o.get_text()) for o in page.find("select", id="f-exercise")("option")]
    assert options == [
        ("", "All exercises"),
        ("back-squat", "Back squat"),
        ("plank", "Plank"),
        ("romanian-deadlift", "Romanian deadlift"),
    ]
    assert page.find("label", attrs={"for": "f-exercise"}) is not None

    only = html(runner.get("/history", params={"exercise": "squat"}))  # an alias of back-squat
    assert [r[1] for r in rows(only)] == ["Back squat", "Back squat"]
    assert only.find("option", selected=True)["value"] == "back-squat"


def test_history_marks_planned_sets_and_retests(runner: TestClient, web_context: Context) -> None:
    save_plan(runner)
    log(web_context, "2027-01-05", "back-squat", "3x5@80kg")  # a planned day of the plan
    found = trends.history(web_context, "Ana")
    assert found[0].planned
    with web_context.db.write() as s:
        person = repo.athlete(s, "Ana")
        repo.add_lift(
            s,
            person.id,
            exercise_id="back-squat",
            one_rm=112.5,
            date=dt.date(2027, 1, 5),
            source="retest",
            session_id=found[0].session_id,
        )
    first = rows(html(runner.get("/history")))[0]
    assert first[4] == "planned"
    assert first[5] == "re-test 1RM 112.5kg"


def test_history_pages_of_fifty(runner: TestClient, web_context: Context) -> None:
    start = dt.date(2026, 10, 1)
    for i in range(13):  # 65 rows: 50 on page 1, 15 on page 2
        day = (start + dt.timedelta(days=2 * i)).isoformat()
        log(
            web_context,
            day,
            "back-squat",
            "3x5@80kg",
            "romanian-deadlift",
            "3x6@70kg",
            "plank",
            "2x30s",
            "side-plank",
            "2x20s",
            "glute-bridge",
            "2x12",
        )
    first = html(runner.get("/history"))
    assert len(rows(first)) == 50
    assert rows(first)[0][0] == "Sun 25 Oct 2026"
    older = first.find("a", rel="next")
    assert older is not None and older["href"] == "/history?page=2"
    assert first.find("a", rel="prev") is None
    second = html(runner.get(older["href"]))
    assert len(rows(second)) == 15
    assert rows(second)[-1][0] == "Thu 1 Oct 2026"
    assert second.find("a", rel="prev")["href"] == "/history?page=1"
    assert second.find("a", rel="next") is None
    assert runner.get("/history?page=3").status_code == 404
    assert runner.get("/history?page=0").status_code == 422
    # the filter stays in the links: 13 squat rows fit one page, no links
    squats = html(runner.get("/history?exercise=back-squat"))
    assert len(rows(squats)) == 13 and squats.find("a", rel="next") is None


def test_history_unknown_exercise_is_422_next_to_the_select(
    runner: TestClient, web_context: Context
) -> None:
    log(web_context, "2027-01-04", "back-squat", "3x5@80kg")
    response = runner.get("/history", params={"exercise": "moonwalk"})
    assert response.status_code == 422
    page = html(response)
    error = page.find("p", id="e-exercise")
    assert error is not None and "moonwalk" in error.get_text()
    assert page.find("select", id="f-exercise")["aria-invalid"] == "true"


def test_history_htmx_change_renders_the_rows_block_only(
    runner: TestClient, web_context: Context
) -> None:
    log(web_context, "2027-01-04", "back-squat", "3x5@80kg", "plank", "2x30s")
    page = html(runner.get("/history"))
    form = page.find("form", class_="filter")
    assert form["hx-get"] == "/history" and form["hx-target"] == "#history"
    part = runner.get("/history?exercise=plank", headers={"HX-Request": "true"})
    assert part.status_code == 200
    assert "<html" not in part.text and "<h1" not in part.text
    assert [r[1] for r in rows(html(part))] == ["Plank"]


def test_empty_logbook_has_a_friendly_page_with_a_link_to_today(runner: TestClient) -> None:
    for path in ("/history", "/progress"):
        page = html(runner.get(path))
        main = page.find("main")
        assert "Nothing logged yet" in main.get_text()
        assert main.find("a", href="/") is not None
        assert main.find("figure") is None and main.find("table") is None


def test_progress_charts_parse_and_match_their_tables(
    runner: TestClient, web_context: Context
) -> None:
    save_plan(runner)
    log(web_context, "2027-01-05", "back-squat", "3x5@80kg", "plank", "2x30s")
    log(web_context, "2027-01-08", "back-squat", "3x5@85kg")
    log(web_context, "2027-01-12", "back-squat", "3x5@87.5kg")
    page = html(runner.get("/progress"))
    assert page.find("option", selected=True)["value"] == "back-squat"

    e1rm = chart(page, "chart-e1rm")
    line = table(page, "table-e1rm")
    assert e1rm["title"] == "Back squat: estimated 1RM (kg)"
    assert e1rm["x"] == [unix(day_of(r[0])) for r in line]
    assert [s["label"] for s in e1rm["series"]] == ["e1RM", "Re-test", "Held"]
    assert e1rm["series"][0]["unit"] == "kg"
    assert e1rm["series"][0]["values"] == [float(r[1]) for r in line]
    progress = trends.progress(web_context, "Ana", "back-squat")
    assert [v for _, v in progress.one_rm_sessions()] == e1rm["series"][0]["values"]

    volume = chart(page, "chart-volume")
    weeks = table(page, "table-volume")
    assert volume["x"] == [unix(day_of(r[0])) for r in weeks]
    assert volume["series"][0]["values"] == [float(r[1]) for r in weeks]
    assert volume["series"][0]["values"] == [3 * 5 * (80 + 85), 3 * 5 * 87.5]

    done = chart(page, "chart-sessions")
    per_week = table(page, "table-sessions")
    assert done["x"] == [unix(day_of(r[0])) for r in per_week]
    assert done["series"][0]["values"] == [int(r[1]) for r in per_week]
    assert done["series"][1]["values"] == [int(r[2]) for r in per_week]
    assert done["series"][0]["values"][:2] == [2, 1]
    assert sum(done["series"][1]["values"]) == 8  # the saved plan: 4 weeks of 2 sessions


def test_progress_marks_retests_and_held_sessions(runner: TestClient, web_context: Context) -> None:
    lifts.record_lifts(
        web_context, LiftRequest(athlete="Ana", lifts=("back-squat=100",), date=dt.date(2027, 1, 1))
    )
    log(web_context, "2027-01-04", "back-squat", "3x5@40kg")  # far too light to teach a 1RM
    with web_context.db.write() as s:
        person = repo.athlete(s, "Ana")
        repo.add_lift(
            s,
            person.id,
            exercise_id="back-squat",
            one_rm=105.0,
            date=dt.date(2027, 1, 8),
            source="retest",
        )
    assert dict(trends.progress(web_context, "Ana", "back-squat").held) == {
        dt.date(2027, 1, 4): 100.0
    }
    page = html(runner.get("/progress?exercise=back-squat"))
    line = table(page, "table-e1rm")
    assert [(r[1], r[2]) for r in line] == [
        ("100", "tested"),
        ("100", "held 1RM kept"),
        ("105", "re-test"),
    ]
    data = chart(page, "chart-e1rm")
    assert data["series"][1]["values"] == [None, None, 105.0]
    assert data["series"][2]["values"] == [None, 100.0, None]


def test_progress_defaults_to_the_lift_with_most_entries_and_offers_all(
    runner: TestClient, web_context: Context
) -> None:
    lifts.record_lifts(
        web_context, LiftRequest(athlete="Ana", lifts=("back-squat=100",), date=dt.date(2027, 1, 1))
    )
    lifts.record_lifts(
        web_context,
        LiftRequest(athlete="Ana", lifts=("romanian-deadlift=90",), date=dt.date(2027, 1, 1)),
    )
    lifts.record_lifts(
        web_context,
        LiftRequest(athlete="Ana", lifts=("romanian-deadlift=95",), date=dt.date(2027, 1, 2)),
    )
    log(web_context, "2027-01-04", "back-squat", "3x5@40kg", "plank", "2x30s")
    page = html(runner.get("/progress"))
    assert page.find("option", selected=True)["value"] == "romanian-deadlift"
    every = html(runner.get("/progress?exercise=all"))
    assert every.find("option", selected=True)["value"] == "all"
    assert every.find("figure", attrs={"data-chart": "chart-e1rm"}) is None
    assert chart(every, "chart-volume")["title"] == "All exercises: weekly volume (kg)"
    bad = runner.get("/progress?exercise=moonwalk")
    assert bad.status_code == 422
    assert "moonwalk" in html(bad).find("p", id="e-exercise").get_text()


@pytest.fixture
def evil_exercise(tmp_path: Path) -> str:
    """A runner's own exercise whose name tries to close the chart's script block."""
    folder = tmp_path / "config"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "exercises.toml").write_text(
        f"""
[evil-squat]
name = {json.dumps(EVIL)}
category = "weights"
equipment = ["barbell"]
pattern = "squat"
unilateral = false
complexity = 2
loading = "1rm"
why = "A test."
cues = ["Stay safe"]
""",
        encoding="utf-8",
    )
    return "evil-squat"


def test_a_name_with_script_tags_cannot_break_out(
    evil_exercise: str, runner: TestClient, web_context: Context
) -> None:
    assert web_context.catalogue.get(evil_exercise).name == EVIL
    lifts.record_lifts(
        web_context,
        LiftRequest(athlete="Ana", lifts=(f"{evil_exercise}=100",), date=dt.date(2027, 1, 1)),
    )
    log(web_context, "2027-01-04", evil_exercise, "3x5@80kg")
    for path in (f"/progress?exercise={evil_exercise}", "/history"):
        response = runner.get(path)
        assert response.status_code == 200
        assert "<script>alert(1)" not in response.text
        assert "<b>squat" not in response.text
    response = runner.get(f"/progress?exercise={evil_exercise}")
    page = html(response)
    scripts = page.find_all("script", type="application/json")
    assert len(scripts) == 3
    for script in scripts:
        text = script.string
        assert "<" not in text and ">" not in text and "&" not in text
    data = chart(page, "chart-e1rm")
    assert data["title"] == f"{EVIL}: estimated 1RM (kg)"  # the same text once parsed
    assert page.find("option", selected=True).get_text() == EVIL


def test_script_json_escapes_what_could_close_the_tag() -> None:
    value = {"title": "</script><!-- & -->", "x": [1], "series": []}
    text = str(render.script_json(value))
    assert not any(c in text for c in "<>&")
    assert json.loads(text) == value


def test_another_runner_sees_only_their_own(
    runner: TestClient, web_context: Context, new_client: Callable[[], TestClient]
) -> None:
    log(web_context, "2027-01-04", "back-squat", "3x5@80kg")
    bob = new_client()
    assert sign_up(bob, email="bob@example.org", name="Bob").status_code == 303
    for path in ("/history", "/progress", "/history?exercise=back-squat"):
        main = html(bob.get(path)).find("main")
        assert "Back squat" not in main.get_text(), path
        assert main.find("table") is None
    log(web_context, "2027-01-05", "plank", "2x30s", athlete="Bob")
    assert [r[1] for r in rows(html(bob.get("/history")))] == ["Plank"]
    assert [r[1] for r in rows(html(runner.get("/history")))] == ["Back squat"]


def test_progress_charts_the_best_hold_of_a_timed_exercise(
    runner: TestClient, web_context: Context
) -> None:
    log(web_context, "2027-01-04", "plank", "1x40s", "1x55s", "1x50s")
    log(web_context, "2027-01-05", "plank", "1x60s")
    log(web_context, "2027-01-06", "plank", "2x45s")
    with web_context.db.write() as s:
        person = repo.athlete(s, "Ana")
        repo.add_hold(
            s, person.id, exercise_id="plank", seconds=62, date=dt.date(2027, 1, 5), source="retest"
        )
    page = html(runner.get("/progress?exercise=plank"))
    assert table(page, "table-holds") == [
        ["Mon 4 Jan 2027", "55", "longest set logged"],
        ["Tue 5 Jan 2027", "62", "re-test"],
        ["Wed 6 Jan 2027", "45", "longest set logged"],
    ]
    drawn = chart(page, "chart-holds")
    assert drawn["title"] == "Plank: best hold (s)"
    days = [dt.date(2027, 1, 4), dt.date(2027, 1, 5), dt.date(2027, 1, 6)]
    assert drawn["x"] == [unix(d) for d in days]
    assert drawn["series"][0] == {"label": "Best hold", "unit": "s", "values": [55, 62, 45]}
    assert drawn["series"][1]["values"] == [None, 62, None]
    assert page.find("table", id="table-e1rm") is None  # a hold has no 1RM to chart
    assert trends.progress(web_context, "Ana", "plank").holds[1] == (days[1], 62, "retest")


def test_a_lift_has_no_hold_chart(runner: TestClient, web_context: Context) -> None:
    log(web_context, "2027-01-04", "back-squat", "3x5@80kg")
    page = html(runner.get("/progress?exercise=back-squat"))
    assert page.find("table", id="table-holds") is None
    assert page.find("figure", attrs={"data-chart": "chart-holds"}) is None
    assert page.find("table", id="table-e1rm") is not None
