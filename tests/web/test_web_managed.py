"""A coach changes a managed athlete's profile and 1RMs (the athlete has no login to do it),
and a squad's block is then built from them; an athlete with a login keeps their profile (404
for their coach), as do other coaches' athletes."""

from __future__ import annotations

from collections.abc import Callable

from coachhelp import accept, coach_account, create_managed, create_squad, invite
from fastapi.testclient import TestClient
from webhelp import csrf, html

from runstrong.app import athletes, lifts
from runstrong.settings import Context


def _profile_form(client: TestClient, path: str, **changes: str) -> dict[str, str | list[str]]:
    page = html(client.get(path))
    form = page.find("form", action=path)
    assert form is not None
    data: dict[str, str | list[str]] = {"csrf": csrf(client, path)}
    for select in form.find_all("select"):
        chosen = select.find("option", selected=True) or select.find("option")
        data[str(select["name"])] = str(chosen["value"])
    return {**data, "setup": "", **changes}


def test_a_coach_sets_a_managed_athletes_profile_and_lifts(
    runner: TestClient, new_client: Callable[[], TestClient], web_context: Context
) -> None:
    cora = coach_account(web_context, new_client())
    kid = create_managed(cora, "Junior Jo")
    page = html(cora.get(f"/coach/athletes/{kid}"))
    assert page.find("a", href=f"/coach/athletes/{kid}/profile") is not None
    path = f"/coach/athletes/{kid}/profile"
    form = _profile_form(
        cora, path, equipment=["dumbbell", "band"], avoid=["knee"], **{"runs.sat": "long"}
    )
    saved = cora.post(path, data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"{path}?saved=profile"
    person = athletes.athlete(web_context, "Junior Jo")
    assert (person.equipment, person.avoid, person.runs) == (
        ("band", "dumbbell"),
        ("knee",),
        "sat=long",
    )
    lifted = cora.post(
        f"{path}/lifts",
        data={"csrf": csrf(cora, path), "lifts": "goblet-squat=24x8", "date": ""},
        follow_redirects=False,
    )
    assert lifted.status_code == 303
    assert "goblet-squat" in lifts.current_lifts(lifts.lift_history(web_context, "Junior Jo"))
    shown = html(cora.get(f"{path}?saved=lifts"))
    assert shown.find(attrs={"data-exercise": "goblet-squat"}) is not None
    assert "You manage this athlete" in shown.get_text()

    # The squad's block is built from what the coach saved: a dumbbell plan, the knee protected.
    squad = create_squad(cora, "Juniors")
    cora.post(f"/coach/squads/{squad}/members", data={"csrf": csrf(cora), "athlete_id": str(kid)})
    block = {"goal": "strength", "phase": "off-season", "weeks": "2", "sessions": "2"}
    preview = cora.post(
        f"/coach/squads/{squad}/block",
        data={**block, "action": "preview", "csrf": csrf(cora, f"/coach/squads/{squad}/block")},
    )
    row = html(preview).select_one('#squad-grid tr[data-athlete="Junior Jo"]')
    assert row is not None
    assert "Back squat" not in row.get_text()  # no barbell in a dumbbell-and-band kit
    assert "knee" in row.get_text()  # planned around (or dosed down for) the knee


def test_bad_values_are_named_beside_their_field(
    runner: TestClient, new_client: Callable[[], TestClient], web_context: Context
) -> None:
    cora = coach_account(web_context, new_client())
    kid = create_managed(cora, "Junior Jo")
    path = f"/coach/athletes/{kid}/profile"
    refused = cora.post(path, data=_profile_form(cora, path, **{"runs.mon": "sprint"}))
    assert refused.status_code == 422
    assert "sprint" in html(refused).select_one("#e-runs-mon").get_text()
    lifts_refused = cora.post(
        f"{path}/lifts", data={"csrf": csrf(cora, path), "lifts": "back-squat=heavy", "date": ""}
    )
    assert lifts_refused.status_code == 422
    assert html(lifts_refused).select_one("#e-lifts") is not None
    assert athletes.athlete(web_context, "Junior Jo").runs == ""


def test_only_the_managing_coach_changes_a_profile(
    runner: TestClient, new_client: Callable[[], TestClient], web_context: Context
) -> None:
    cora = coach_account(web_context, new_client())
    dan = coach_account(web_context, new_client(), "dan@example.org")
    kid = create_managed(cora, "Junior Jo")
    token, _code = invite(cora)
    accept(runner, token)
    ana = athletes.athlete(web_context, "Ana").id
    # A runner with a login keeps their profile: their coach sees it, never changes it.
    assert cora.get(f"/coach/athletes/{ana}").status_code == 200
    assert cora.get(f"/coach/athletes/{ana}/profile").status_code == 404
    for client in (dan, runner):
        assert client.get(f"/coach/athletes/{kid}/profile").status_code == 404
        posted = client.post(
            f"/coach/athletes/{kid}/profile/lifts",
            data={"csrf": csrf(client), "lifts": "back-squat=60", "date": ""},
        )
        assert posted.status_code == 404
    assert lifts.lift_history(web_context, "Junior Jo") == []
