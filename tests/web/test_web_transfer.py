"""/import: a Strong or Hevy CSV with its report, the plan downloads, the backup of one's own
athlete and its restore (the runner's own athlete only, all or nothing)."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webhelp import csrf, html, save_plan, sign_up

from runstrong.app import backups, lifts, schedule
from runstrong.settings import Context


@cache
def _layouts() -> ModuleType:
    """The apps' current export layouts, as the core's import tests hold them (one copy)."""
    path = Path(__file__).parents[1] / "core" / "test_import_layouts.py"
    spec = importlib.util.spec_from_file_location("import_layout_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _import(client: TestClient, text: str, name: str = "export.csv", **data: str) -> Any:
    fields = {"csrf": csrf(client, "/import"), "source_units": "", **data}
    return client.post("/import", data=fields, files={"file": (name, text.encode(), "text/csv")})


def _report(response: Any) -> dict[str, str]:
    table = html(response).find(id="import-report")
    assert table is not None, response.text[:2000]
    return {td["data-key"]: td.get_text(strip=True) for td in table.find_all("td")}


def _sessions(ctx: Context, name: str = "Ana") -> int:
    return len(backups.backup(ctx, name)["athletes"][0]["sessions"])


def test_import_page_labels_every_field_and_carries_csrf(runner: TestClient) -> None:
    page = html(runner.get("/import"))
    forms = page.find_all("form", {"enctype": "multipart/form-data"})
    assert [f["action"] for f in forms] == ["/import", "/import/restore"]
    for form in forms:
        assert form.find("input", {"name": "csrf"})["value"]
        for field in form.find_all(["input", "select"]):
            if field.get("type") == "hidden":
                continue
            assert page.find("label", {"for": field["id"]}) is not None, field


def test_strong_csv_is_imported_and_reported(runner: TestClient, web_context: Context) -> None:
    response = _import(runner, _layouts().STRONG_CURRENT_KG)
    assert response.status_code == 200
    report = _report(response)
    assert html(response).find(id="report-title").get_text() == "Imported from Strong"
    assert report["sessions"] == "2" == str(_sessions(web_context))
    assert int(report["sets"]) > 0
    assert report["duplicates"] == "0"
    assert report["warmups"] == "1"
    assert report["drop_sets"] == "1"
    assert "back-squat" in lifts.one_rms(web_context, "Ana")
    again = _report(_import(runner, _layouts().STRONG_CURRENT_KG))
    assert again["sets"] == "0" and again["duplicates"] == report["sets"]
    assert _sessions(web_context) == 2


def test_hevy_csv_reports_its_warm_ups_and_unknown_exercises(
    runner: TestClient, web_context: Context
) -> None:
    response = _import(runner, _layouts().HEVY_KG, "workouts.csv")
    assert response.status_code == 200
    report = _report(response)
    assert html(response).find(id="report-title").get_text() == "Imported from Hevy"
    assert report["sessions"] == "1" == str(_sessions(web_context))
    assert report["warmups"] == "1" and report["drop_sets"] == "1"
    assert report["unknown"]  # "none" or the names left out, never blank


def test_pounds_of_an_unlabelled_file_are_asked_for(
    runner: TestClient, web_context: Context
) -> None:
    text = _layouts().STRONG_CLASSIC_POUNDS
    response = _import(runner, text, source_units="lb")
    assert response.status_code == 200
    assert lifts.one_rms(web_context, "Ana")["deadlift"].one_rm < 315  # converted to kg
    bad = _import(runner, text, source_units="stone")
    assert bad.status_code == 422
    assert html(bad).find(id="e-source_units") is not None


def test_a_bad_file_is_422_next_to_the_file_and_stores_nothing(
    runner: TestClient, web_context: Context
) -> None:
    response = _import(runner, "just,some,columns\n1,2,3\n")
    assert response.status_code == 422
    error = html(response).find(id="e-file")
    assert error is not None and error.get_text().strip()
    assert html(response).find("input", {"id": "f-file"})["aria-invalid"] == "true"
    assert _sessions(web_context) == 0


def test_not_utf8_and_too_big_files_are_refused(
    runner: TestClient, web_context: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = csrf(runner, "/import")
    latin = runner.post(
        "/import",
        data={"csrf": token},
        files={"file": ("x.csv", "Café;1\n".encode("latin-1"), "text/csv")},
    )
    assert latin.status_code == 422
    assert "UTF-8" in html(latin).find(id="e-file").get_text()
    from runstrong.web.pages import transfer

    monkeypatch.setattr(transfer, "MAX_CSV_BYTES", 50)
    big = _import(runner, _layouts().STRONG_CURRENT_KG)
    assert big.status_code == 422
    assert "at most" in html(big).find(id="e-file").get_text()
    missing = runner.post("/import", data={"csrf": token})
    assert missing.status_code == 422
    assert "choose a file" in html(missing).find(id="e-file").get_text()
    assert _sessions(web_context) == 0


def test_import_and_restore_refuse_a_missing_csrf(runner: TestClient, web_context: Context) -> None:
    text = _layouts().STRONG_CURRENT_KG.encode()
    refused = runner.post("/import", files={"file": ("x.csv", text, "text/csv")})
    assert refused.status_code == 403
    forged = runner.post(
        "/import", data={"csrf": "forged"}, files={"file": ("x.csv", text, "text/csv")}
    )
    assert forged.status_code == 403
    backup = runner.get("/import/backup.json").content
    restore = runner.post(
        "/import/restore",
        data={"replace": "on"},
        files={"backup": ("b.json", backup, "application/json")},
    )
    assert restore.status_code == 403
    assert _sessions(web_context) == 0


def test_downloads_of_the_latest_plan(runner: TestClient) -> None:
    assert "No saved plan yet" in html(runner.get("/import")).get_text()
    save_plan(runner)
    newest = save_plan(runner, weeks="6")
    page = html(runner.get("/import"))
    links = [a["href"] for a in page.find_all("a") if "download" in a["href"]]
    assert links == [f"/plans/{newest}/download.{f}" for f in ("ics", "fit", "pdf", "csv", "md")]
    types = {"ics": "text/calendar", "fit": "application/zip", "pdf": "application/pdf"}
    for fmt, kind in types.items():
        response = runner.get(f"/plans/{newest}/download.{fmt}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(kind)


def test_backup_holds_only_the_runners_own_athlete(
    runner: TestClient, new_client: Callable[[], TestClient]
) -> None:
    other = new_client()
    sign_up(other, email="bo@example.org", name="Bo")
    save_plan(other)
    response = runner.get("/import/backup.json")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["cache-control"] == "no-store"
    data = response.json()
    assert data["schema"] == "runstrong.backup/1"
    assert [a["name"] for a in data["athletes"]] == ["Ana"]
    assert data["athletes"][0]["plans"] == []


def _restore(client: TestClient, data: bytes, **fields: str) -> Any:
    form = {"csrf": csrf(client, "/import"), **fields}
    return client.post(
        "/import/restore", data=form, files={"backup": ("b.json", data, "application/json")}
    )


def test_restore_puts_the_backup_back_and_keeps_the_runner_signed_in(
    runner: TestClient, web_context: Context
) -> None:
    save_plan(runner)
    backup = runner.get("/import/backup.json").content
    _import(runner, _layouts().STRONG_CURRENT_KG)
    assert _sessions(web_context) == 2
    response = _restore(runner, backup, replace="on")
    assert response.status_code == 200, response.text[:2000]
    assert "Restored Ana from the backup" in html(response).find(class_="flash").get_text()
    assert _sessions(web_context) == 0
    assert backups.backup(web_context, "Ana")["athletes"] == json.loads(backup)["athletes"]
    assert runner.get("/").status_code == 200
    assert len(schedule.plans(web_context, "Ana")) == 1
    assert "No saved plan yet" not in html(runner.get("/import")).get_text()


def test_restore_refuses_another_athletes_backup_or_several(
    runner: TestClient, web_context: Context, new_client: Callable[[], TestClient]
) -> None:
    other = new_client()
    sign_up(other, email="bo@example.org", name="Bo")
    theirs = other.get("/import/backup.json").content
    response = _restore(runner, theirs, replace="on")
    assert response.status_code == 422
    message = html(response).find(id="e-backup").get_text()
    assert "backup of athlete 'Bo', not of yours ('Ana')" in message
    both = json.dumps(backups.backup(web_context)).encode()
    several = _restore(runner, both, replace="on")
    assert several.status_code == 422
    assert "holds 2 athletes" in html(several).find(id="e-backup").get_text()
    assert [a["name"] for a in backups.backup(web_context)["athletes"]] == ["Ana", "Bo"]


def test_restore_needs_the_tick_and_a_sound_backup(
    runner: TestClient, web_context: Context
) -> None:
    backup = runner.get("/import/backup.json").content
    _import(runner, _layouts().STRONG_CURRENT_KG)
    unticked = _restore(runner, backup)
    assert unticked.status_code == 422
    assert "tick it to confirm" in html(unticked).find(id="e-replace").get_text()
    broken = json.loads(backup)
    broken["athletes"][0]["sessions"] = [{"date": "not a date"}]
    bad = _restore(runner, json.dumps(broken).encode(), replace="on")
    assert bad.status_code == 422
    assert "$.athletes[0].sessions[0]" in html(bad).find(id="e-backup").get_text()
    not_json = _restore(runner, b"{", replace="on")
    assert "is not JSON" in html(not_json).find(id="e-backup").get_text()
    assert _sessions(web_context) == 2  # all or nothing: the logbook is as it was


def test_another_runners_plan_downloads_are_not_found(
    runner: TestClient, new_client: Callable[[], TestClient]
) -> None:
    other = new_client()
    sign_up(other, email="bo@example.org", name="Bo")
    theirs = save_plan(other)
    for fmt in ("ics", "csv"):
        assert runner.get(f"/plans/{theirs}/download.{fmt}").status_code == 404


def test_import_page_needs_sign_in(client: TestClient) -> None:
    for path in ("/import", "/import/backup.json"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
