"""The plan builder, its live preview, the season calendar, one week and the downloads."""

from __future__ import annotations

import io
import zipfile

from fastapi.testclient import TestClient
from webhelp import csrf, html, save_plan


def _form(client: TestClient, **fields: str) -> dict[str, str]:
    return {
        "goal": "strength",
        "phase": "off-season",
        "weeks": "4",
        "start": "2027-01-04",
        "setup": "gym",
        "lifts": "back-squat=100",
        "csrf": csrf(client, "/plans/new"),
        **fields,
    }


def test_builder_is_filled_from_the_profile(runner: TestClient) -> None:
    page = html(runner.get("/plans/new"))
    assert page.find("select", {"name": "goal"}) is not None
    for field in page.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit", "checkbox"):
            continue
        assert page.find("label", {"for": field["id"]}) is not None, field


def test_htmx_preview_returns_only_week_one(runner: TestClient) -> None:
    response = runner.post("/plans/new", data=_form(runner), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    page = html(response)
    assert "Week 1 of 4" in page.get_text()
    assert "Back squat" in page.get_text() or "squat" in page.get_text().lower()


def test_preview_error_sits_next_to_its_field_in_the_clis_words(runner: TestClient) -> None:
    response = runner.post(
        "/plans/new", data=_form(runner, weeks="54"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "must be 1-52" in response.text
    assert "--weeks" not in response.text


def test_rule_violation_names_its_rule(runner: TestClient) -> None:
    response = runner.post(
        "/plans/new",
        data=_form(runner, phase="in-season", sessions="3"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "rule" in response.text


def test_save_shows_the_season_calendar_and_weeks(runner: TestClient) -> None:
    plan_id = save_plan(runner)
    page = html(runner.get(f"/plans/{plan_id}"))
    table = page.find("table", class_="calendar")
    assert table is not None
    assert len(table.find("tbody").find_all("tr")) == 4
    assert "intervals" in table.get_text()
    week = runner.get(f"/plans/{plan_id}/weeks/1")
    assert week.status_code == 200
    assert "Open in gym mode" in week.text
    assert runner.get(f"/plans/{plan_id}/weeks/9").status_code == 404
    listing = runner.get("/plans")
    assert f"/plans/{plan_id}" in listing.text


def test_downloads_are_real_files(runner: TestClient) -> None:
    import fitdecode
    import icalendar
    from pypdf import PdfReader

    plan_id = save_plan(runner)
    ics = runner.get(f"/plans/{plan_id}/download.ics")
    assert ics.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert len(events) == 8  # 4 weeks x 2 sessions
    pdf = runner.get(f"/plans/{plan_id}/download.pdf")
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) >= 1
    csv_text = runner.get(f"/plans/{plan_id}/download.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("week") or "," in csv_text.splitlines()[0]
    fit = zipfile.ZipFile(io.BytesIO(runner.get(f"/plans/{plan_id}/download.fit").content))
    names = fit.namelist()
    assert len(names) == 8
    with fitdecode.FitReader(io.BytesIO(fit.read(names[0]))) as reader:
        assert any(isinstance(f, fitdecode.FitDataMessage) for f in reader)
    assert runner.get(f"/plans/{plan_id}/download.exe").status_code == 404
