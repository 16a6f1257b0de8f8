"""The athlete profile page: the profile, 1RMs with source and history, hold tests, the edit and
record forms (round trips, errors next to their field, CSRF) and one runner's profile only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from webhelp import csrf, html, sign_up

from runstrong.app import athletes, lifts
from runstrong.settings import Context
from runstrong.storage import repository as repo

PROFILE = {
    "units": "lb",
    "experience": "advanced",
    "setup": "",
    "equipment": ["dumbbell", "band"],
    "runs.mon": "rest",
    "runs.tue": "intervals",
    "runs.wed": "easy",
    "runs.thu": "rest",
    "runs.fri": "rest",
    "runs.sat": "long",
    "runs.sun": "rest",
    "avoid": ["knee"],
}


def edit(client: TestClient, **changes: Any) -> Any:
    data = {**PROFILE, "csrf": csrf(client, "/athlete"), **changes}
    return client.post("/athlete", data=data, follow_redirects=False)


def record(client: TestClient, text: str, day: str = "") -> Any:
    data = {"lifts": text, "date": day, "csrf": csrf(client, "/athlete")}
    return client.post("/athlete/lifts", data=data, follow_redirects=False)


def cells(row: Any) -> list[str]:
    return [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]


def test_profile_needs_sign_in(client: TestClient) -> None:
    response = client.get("/athlete", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_profile_shows_what_plans_use_and_links_to_plans(runner: TestClient) -> None:
    page = html(runner.get("/athlete"))
    main = page.find("main")
    assert main.find("h1").get_text() == "Ana"
    facts = dict(
        zip(
            [d.get_text() for d in main.find("dl")("dt")],
            [d.get_text(" ", strip=True) for d in main.find("dl")("dd")],
            strict=True,
        )
    )
    assert facts["Units"] == "kg"
    assert facts["Experience"] == "intermediate"
    assert facts["Running week"] == "no runs saved"
    assert main.find("a", href="/plans", string="Plans") is not None
    assert "No 1RM recorded yet" in main.get_text()
    # the edit form starts from what the planner uses: no set-up nor equipment saved is the gym
    assert page.find("select", id="f-setup").find("option", selected=True)["value"] == "gym"


def test_every_form_control_has_a_visible_label(runner: TestClient) -> None:
    page = html(runner.get("/athlete"))
    controls = [
        c
        for form in page.find("main")("form")
        for c in form(["input", "select", "textarea"])
        if c.get("type") != "hidden"
    ]
    assert len(controls) > 30
    for control in controls:
        assert control.get("id"), control
        label = page.find("label", attrs={"for": control["id"]})
        assert label is not None and label.get_text(strip=True), control
    for form in page.find("main")("form", method="post"):
        assert form.find("input", attrs={"name": "csrf", "type": "hidden"}) is not None


def test_edit_round_trip(runner: TestClient, web_context: Context) -> None:
    response = edit(runner)
    assert response.status_code == 303
    assert response.headers["location"] == "/athlete?saved=profile"
    person = athletes.athlete(web_context, "Ana")
    assert (person.units, person.experience, person.setup) == ("lb", "advanced", None)
    assert set(person.equipment) == {"dumbbell", "band"}
    assert person.runs == "tue=intervals,wed=easy,sat=long"
    assert person.avoid == ("knee",)

    page = html(runner.get(response.headers["location"]))
    assert page.find(class_="flash ok").get_text() == "Profile saved."
    assert page.find("select", id="f-units").find("option", selected=True)["value"] == "lb"
    assert page.find("select", id="f-setup").find("option", selected=True)["value"] == ""
    ticked = {i["value"] for i in page.find_all("input", checked=True)}
    assert ticked == {"dumbbell", "band", "knee"}
    for day, kind in (("tue", "intervals"), ("wed", "easy"), ("sat", "long"), ("mon", "rest")):
        select = page.find("select", id=f"f-runs-{day}")
        assert select.find("option", selected=True)["value"] == kind
    facts = page.find("dl").get_text(" ", strip=True)
    assert "Tue intervals, Wed easy, Sat long" in facts and "knee" in facts

    again = edit(runner, setup="home", equipment=[], avoid=[], **{"runs.wed": "rest"})
    assert again.status_code == 303
    person = athletes.athlete(web_context, "Ana")
    assert (person.setup, person.equipment, person.avoid) == ("home", (), ())
    assert person.runs == "tue=intervals,sat=long"
    assert "A home corner" in html(runner.get("/athlete")).find("dl").get_text()


def test_no_equipment_ticked_is_bodyweight_only(runner: TestClient, web_context: Context) -> None:
    assert edit(runner, equipment=[]).status_code == 303
    assert athletes.athlete(web_context, "Ana").equipment == ("none",)


def test_bad_profile_input_is_422_next_to_its_field(
    runner: TestClient, web_context: Context
) -> None:
    before = athletes.athlete(web_context, "Ana")
    for changes, field in (
        ({"units": "stone"}, "units"),
        ({"experience": "guru"}, "experience"),
        ({"setup": "moon-base"}, "setup"),
        ({"runs.thu": "swim"}, "runs-thu"),
        ({"avoid": ["elbow"]}, "avoid"),
        ({"equipment": ["jetpack"]}, "equipment"),
    ):
        response = edit(runner, **changes)
        assert response.status_code == 422, changes
        page = html(response)
        error = page.find("p", id=f"e-{field}")
        assert error is not None, (changes, page.find("main").get_text(" ", strip=True)[:800])
        assert error.get_text(strip=True)
        assert not page.find(class_="flash error"), changes
        control = page.find(id=f"f-{field}")
        if control is not None:
            assert control["aria-invalid"] == "true"
    assert athletes.athlete(web_context, "Ana") == before
    kept = html(edit(runner, units="stone", experience="advanced"))
    assert kept.find("select", id="f-experience").find("option", selected=True)["value"] == (
        "advanced"
    )


def test_record_a_1rm_and_a_set_then_see_source_and_history(
    runner: TestClient, web_context: Context
) -> None:
    first = record(runner, "back-squat=100", "2027-01-04")
    assert first.status_code == 303
    assert first.headers["location"] == "/athlete?saved=lifts#lifts"
    assert record(runner, "back-squat=90x5\nrdl=80x6").status_code == 303
    found = lifts.lift_history(web_context, "Ana", "back-squat")
    assert [(x.date, x.source) for x in found] == [
        (dt.date(2027, 1, 4), "tested"),
        (dt.date(2027, 1, 6), "estimated-set"),  # the app's today
    ]
    page = html(runner.get("/athlete?saved=lifts"))
    assert page.find(class_="flash ok").get_text() == "Lifts recorded."
    current = {r["data-exercise"]: cells(r) for r in page.find("table", id="table-lifts")("tr")[1:]}
    squat = current["back-squat"]
    assert squat[0] == "Back squat"
    assert float(squat[1]) == found[-1].one_rm
    assert squat[2].startswith("estimated from a set from 5 × 90")
    assert squat[3] == "Wed 6 Jan 2027"
    assert "romanian-deadlift" in current
    history = page.find("table", attrs={"data-exercise": "back-squat"})
    past = [cells(r) for r in history.find("tbody")("tr")]
    assert [r[0] for r in past] == ["Wed 6 Jan 2027", "Mon 4 Jan 2027"]
    assert past[1][1:] == ["100", "tested a single"]


def test_bad_lifts_are_422_next_to_the_box_and_nothing_is_recorded(
    runner: TestClient, web_context: Context
) -> None:
    for text, day, field, words in (
        ("back-squat=100\nback-squat=abc", "", "lifts", "line 2"),
        ("moonwalk=100", "", "lifts", "moonwalk"),
        ("plank=100", "", "lifts", "not loaded from a 1RM"),
        ("", "", "lifts", "at least one lift"),
        ("back-squat=100", "2027-02-01", "date", "after today"),
        ("back-squat=100", "yesterday", "date", "YYYY-MM-DD"),
    ):
        response = record(runner, text, day)
        assert response.status_code == 422, text
        page = html(response)
        error = page.find("p", id=f"e-{field}")
        assert error is not None and words in error.get_text(), (text, error)
        assert page.find(id=f"f-{field}")["aria-invalid"] == "true"
        assert page.find("textarea", id="f-lifts").get_text() == text  # kept to fix
    assert lifts.lift_history(web_context, "Ana") == []


def test_hold_tests_show_the_latest_and_earlier(runner: TestClient, web_context: Context) -> None:
    with web_context.db.write() as s:
        person = repo.athlete(s, "Ana")
        for seconds, day in ((60, dt.date(2026, 12, 1)), (75, dt.date(2027, 1, 5))):
            repo.add_hold(
                s,
                person.id,
                exercise_id="side-plank",
                seconds=seconds,
                date=day,
                source="retest",
                per_side=True,
            )
    row = html(runner.get("/athlete")).find("table", id="table-holds").find("tbody").find("tr")
    assert cells(row) == ["Side plank", "75 s per side", "Tue 5 Jan 2027", "60 s (Tue 1 Dec 2026)"]


def test_forms_without_csrf_are_refused_and_change_nothing(
    runner: TestClient, web_context: Context
) -> None:
    before = athletes.athlete(web_context, "Ana")
    forged = runner.post("/athlete", data={**PROFILE, "csrf": "forged"}, follow_redirects=False)
    assert forged.status_code == 403
    missing = runner.post("/athlete/lifts", data={"lifts": "back-squat=100"})
    assert missing.status_code == 403
    assert athletes.athlete(web_context, "Ana") == before
    assert lifts.lift_history(web_context, "Ana") == []


def test_another_runner_sees_and_changes_only_their_own(
    runner: TestClient, web_context: Context, new_client: Callable[[], TestClient]
) -> None:
    assert record(runner, "back-squat=100").status_code == 303
    bob = new_client()
    assert sign_up(bob, email="bob@example.org", name="Bob", units="lb").status_code == 303
    page = html(bob.get("/athlete"))
    assert page.find("h1").get_text() == "Bob"
    assert page.find("table", id="table-lifts") is None
    assert edit(bob, units="kg", experience="novice").status_code == 303
    assert record(bob, "romanian-deadlift=135").status_code == 303
    assert athletes.athlete(web_context, "Ana").experience == "intermediate"
    assert athletes.athlete(web_context, "Bob").experience == "novice"
    assert set(lifts.one_rms(web_context, "Ana")) == {"back-squat"}
    assert set(lifts.one_rms(web_context, "Bob")) == {"romanian-deadlift"}
    # Bob's session with Ana's CSRF token is refused
    ana_token = csrf(runner, "/athlete")
    data = {**PROFILE, "csrf": ana_token}
    assert bob.post("/athlete", data=data, follow_redirects=False).status_code == 403
