"""Coach mode through the pages: invitations (link and code, accept, decline, used twice,
expired, the wrong login), leaving, managed athletes and their hand-over, squads; and every
coach route with another coach's and another runner's ids: 404, never 403."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from coachhelp import accept, coach_account, create_managed, create_squad, invite, sign_in
from fastapi.testclient import TestClient
from webhelp import PASSWORD, Clock, csrf, html, save_plan, sign_up

from runstrong.app import accounts
from runstrong.settings import Context


@dataclass
class Club:
    """Ana (a runner, the owner) and Bo (a runner), Cora (a coach) coaching Ana with a squad,
    Dan (another coach) with a squad and a managed athlete of his own."""

    ana: TestClient
    bo: TestClient
    cora: TestClient
    dan: TestClient
    ctx: Context
    ana_id: int
    bo_id: int
    link: int  # Ana's link to Cora
    squad: int  # Cora's
    dan_squad: int
    dan_junior: int  # Dan's managed athlete


@pytest.fixture
def club(runner: TestClient, new_client: Callable[[], TestClient], web_context: Context) -> Club:
    save_plan(runner)
    bo = new_client()
    assert sign_up(bo, email="bo@example.org", name="Bo").status_code == 303
    cora = coach_account(web_context, new_client())
    dan = coach_account(web_context, new_client(), "dan@example.org")
    token, _code = invite(cora)
    link = accept(runner, token)
    squad = create_squad(cora, "Tuesday group")
    ana_id = accounts.user_by_email(web_context, "ana@example.org").athlete_id
    bo_id = accounts.user_by_email(web_context, "bo@example.org").athlete_id
    assert ana_id is not None and bo_id is not None
    add = cora.post(
        f"/coach/squads/{squad}/members",
        data={"csrf": csrf(cora), "athlete_id": str(ana_id)},
        follow_redirects=False,
    )
    assert add.status_code == 303
    dan_squad = create_squad(dan, "Juniors")
    junior = create_managed(dan, "Junior Jo")
    return Club(runner, bo, cora, dan, web_context, ana_id, bo_id, link, squad, dan_squad, junior)


def _members(client: TestClient, squad: int) -> list[str]:
    return [a.get_text() for a in html(client.get(f"/coach/squads/{squad}")).select("#members a")]


# --- invitations ---------------------------------------------------------------------------------


def test_an_invitation_shows_who_invites_and_what_they_would_see(
    runner: TestClient, new_client: Callable[[], TestClient], web_context: Context
) -> None:
    cora = coach_account(web_context, new_client())
    token, code = invite(cora)
    page = html(runner.get(f"/invite/{token}"))
    assert page.h1 is not None and page.h1.get_text() == "cora@example.org invites you"
    seen = [li.get_text() for li in page.select("#can-see li")]
    assert "your 1RMs and their history" in seen
    assert any("what you logged" in text for text in seen)
    changes = [li.get_text() for li in page.select("#can-change li")]
    assert changes[0] == "which of their squads you are in"
    assert any("change log" in text for text in changes)
    assert any("check-ins" in li.get_text() for li in page.select("#cannot li"))
    assert runner.get(f"/invite/{token}").headers["cache-control"] == "no-store"
    # The code opens the same invitation, typed any case, with or without its dash, O for 0.
    typed = code.replace("-", " ").lower().replace("0", "o")
    found = runner.get("/invite", params={"code": typed}, follow_redirects=True)
    assert found.status_code == 200
    assert html(found).h1.get_text() == "cora@example.org invites you"  # type: ignore[union-attr]


def test_accepting_links_the_runner_and_the_coach_sees_them(club: Club) -> None:
    athletes = html(club.cora.get("/coach")).select("#athletes tbody th a")
    assert [a.get_text() for a in athletes] == ["Ana"]
    page = club.cora.get(f"/coach/athletes/{club.ana_id}")
    assert page.status_code == 200
    assert html(page).select("#plans li"), "Ana's saved plan is shown"
    settings = html(club.ana.get("/settings"))
    assert "cora@example.org" in settings.select_one("#coaches").get_text()
    assert _members(club.cora, club.squad) == ["Ana"]


def test_an_invitation_works_once(club: Club, new_client: Callable[[], TestClient]) -> None:
    token, code = invite(club.cora)
    assert club.bo.post(f"/invite/{token}/decline", data={"csrf": csrf(club.bo)}).status_code == 200
    for secret in (token, code):  # used: by the link and by the code, the page and the answer
        assert club.bo.get(f"/invite/{secret}").status_code == 404
        refused = club.bo.post(f"/invite/{secret}/accept", data={"csrf": csrf(club.bo)})
        assert refused.status_code == 404
    assert club.cora.get(f"/coach/athletes/{club.bo_id}").status_code == 404


def test_an_expired_invitation_is_404(club: Club, clock: Clock) -> None:
    token, _code = invite(club.cora)
    clock.at += dt.timedelta(days=7)
    assert club.bo.get(f"/invite/{token}").status_code == 404
    refused = club.bo.post(f"/invite/{token}/accept", data={"csrf": csrf(club.bo)})
    assert refused.status_code == 404
    assert club.cora.get(f"/coach/athletes/{club.bo_id}").status_code == 404


def test_an_invitation_for_one_email_is_404_for_another_login(club: Club) -> None:
    token, _code = invite(club.cora, invite_email="bo@example.org")
    # Ana holds Bo's link: not hers (and Cora herself cannot use her own).
    for client in (club.ana, club.cora):
        assert client.get(f"/invite/{token}").status_code == 404
        refused = client.post(f"/invite/{token}/accept", data={"csrf": csrf(client)})
        assert refused.status_code == 404
    accept(club.bo, token)
    names = [a.get_text() for a in html(club.cora.get("/coach")).select("#athletes tbody th a")]
    assert names == ["Ana", "Bo"]


def test_unknown_secrets_are_404(runner: TestClient) -> None:
    for secret in ("nothing-here", "AAAAA-AAAAA", "x" * 300):
        assert runner.get(f"/invite/{secret}").status_code == 404
        assert runner.post(f"/invite/{secret}/accept", data={"csrf": csrf(runner)}).status_code == (
            404
        )


def test_an_invitation_asks_to_sign_in_first(
    client: TestClient, new_client: Callable[[], TestClient], web_context: Context
) -> None:
    sign_up(new_client())  # the owner
    cora = coach_account(web_context, new_client())
    token, _code = invite(cora)
    response = client.get(f"/invite/{token}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next=/invite/{token}"


def test_a_new_runner_signs_up_from_an_invitation_and_lands_on_it(
    client: TestClient, new_client: Callable[[], TestClient], web_context: Context
) -> None:
    sign_up(new_client())  # the owner
    cora = coach_account(web_context, new_client())
    token, _code = invite(cora)
    login = client.get(f"/invite/{token}", follow_redirects=True)
    link = html(login).select_one("main").find("a", string="Sign up")  # type: ignore[union-attr]
    assert link is not None and link["href"] == f"/signup?next=/invite/{token}"
    page = html(client.get(str(link["href"])))
    assert page.find("input", {"name": "next"})["value"] == f"/invite/{token}"  # type: ignore[index]
    response = sign_up(client, email="eve@example.org", name="Eve", next=f"/invite/{token}")
    assert response.headers["location"] == f"/invite/{token}"
    accept(client, token)
    # An address elsewhere is never followed: the plan builder, as always.
    other = new_client()
    response = sign_up(other, email="fay@example.org", name="Fay", next="//evil.example/x")
    assert response.headers["location"] == "/plans/new"


def test_accepting_twice_from_the_same_coach_is_refused(club: Club) -> None:
    token, _code = invite(club.cora)
    again = club.ana.post(f"/invite/{token}/accept", data={"csrf": csrf(club.ana)})
    assert again.status_code == 422
    assert "coaches you already" in again.text


def test_a_login_without_an_athlete_cannot_accept_a_runners_invitation(club: Club) -> None:
    token, _code = invite(club.cora)
    page = html(club.dan.get(f"/invite/{token}"))
    assert "no athlete profile to share" in page.get_text()
    assert page.find("form", action=f"/invite/{token}/accept") is None
    refused = club.dan.post(f"/invite/{token}/accept", data={"csrf": csrf(club.dan)})
    assert refused.status_code == 422


def test_the_coach_can_withdraw_an_invitation(club: Club) -> None:
    token, _code = invite(club.cora)
    row = html(club.cora.get("/coach")).select("#invitations tbody tr")[0]
    invitation = int(str(row["data-invitation"]))
    # Dan cannot withdraw Cora's; Cora can.
    theirs = club.dan.post(f"/coach/invitations/{invitation}/revoke", data={"csrf": csrf(club.dan)})
    assert theirs.status_code == 404
    assert club.bo.get(f"/invite/{token}").status_code == 200
    done = club.cora.post(
        f"/coach/invitations/{invitation}/revoke",
        data={"csrf": csrf(club.cora)},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/coach?done=revoked"
    assert club.bo.get(f"/invite/{token}").status_code == 404


# --- leaving -------------------------------------------------------------------------------------


def test_leaving_ends_the_coachs_access_at_once(club: Club) -> None:
    left = club.ana.post(
        f"/settings/coaches/{club.link}/leave",
        data={"csrf": csrf(club.ana)},
        follow_redirects=False,
    )
    assert left.headers["location"] == "/settings?done=coach-left"
    assert club.cora.get(f"/coach/athletes/{club.ana_id}").status_code == 404
    assert _members(club.cora, club.squad) == []
    add = club.cora.post(
        f"/coach/squads/{club.squad}/members",
        data={"csrf": csrf(club.cora), "athlete_id": str(club.ana_id)},
    )
    assert add.status_code == 404
    assert club.cora.get("/api/v1/coach/athletes").json() == []
    # Ana's data stays hers, and the link cannot be left twice.
    assert html(club.ana.get("/plans")).select("a[href^='/plans/']")
    again = club.ana.post(f"/settings/coaches/{club.link}/leave", data={"csrf": csrf(club.ana)})
    assert again.status_code == 404


def test_the_coach_stops_coaching_a_runner(club: Club) -> None:
    page = html(club.cora.get(f"/coach/athletes/{club.ana_id}"))
    form = page.find("form", id="release")
    assert form is not None and "Stop coaching Ana" in form.get_text()
    assert html(club.dan.get(f"/coach/athletes/{club.dan_junior}")).find("form", id="release") is (
        None  # a managed athlete has no one else to go to
    )
    refused = club.cora.post(f"/coach/athletes/{club.ana_id}/release", data={"csrf": "forged"})
    assert refused.status_code == 403
    done = club.cora.post(
        f"/coach/athletes/{club.ana_id}/release",
        data={"csrf": csrf(club.cora)},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/coach?done=released"
    assert "You no longer coach them" in html(club.cora.get("/coach?done=released")).get_text()
    assert club.cora.get(f"/coach/athletes/{club.ana_id}").status_code == 404
    assert _members(club.cora, club.squad) == []
    assert club.cora.get("/api/v1/coach/athletes").json() == []
    assert html(club.ana.get("/plans")).select("a[href^='/plans/']")  # Ana's data stays hers
    junior = club.dan.post(
        f"/coach/athletes/{club.dan_junior}/release", data={"csrf": csrf(club.dan)}
    )
    assert junior.status_code == 422
    assert club.dan.get(f"/coach/athletes/{club.dan_junior}").status_code == 200


def test_the_coach_deletes_a_managed_athlete_once_named(club: Club) -> None:
    path = f"/coach/athletes/{club.dan_junior}"
    page = html(club.dan.get(path))
    form = page.find("form", id="delete-athlete")
    assert form is not None and page.find("form", id="release") is None
    name = page.h1.get_text()  # type: ignore[union-attr]
    wrong = club.dan.post(f"{path}/delete", data={"csrf": csrf(club.dan), "confirm": "x"})
    assert wrong.status_code == 422 and name in wrong.text
    beside = html(wrong).find(id="e-confirm")  # the page again, the message by the box
    assert beside is not None and f"type their name, {name}" in beside.get_text()
    assert club.dan.get(path).status_code == 200
    assert (
        club.cora.post(
            f"{path}/delete", data={"csrf": csrf(club.cora), "confirm": name}
        ).status_code
        == 404
    )  # not Cora's
    done = club.dan.post(
        f"{path}/delete",
        data={"csrf": csrf(club.dan), "confirm": name.upper()},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/coach?done=deleted"
    assert club.dan.get(path).status_code == 404
    assert "Athlete deleted" in html(club.dan.get("/coach?done=deleted")).get_text()


def test_another_runner_cannot_end_a_link(club: Club) -> None:
    refused = club.bo.post(f"/settings/coaches/{club.link}/leave", data={"csrf": csrf(club.bo)})
    assert refused.status_code == 404
    assert club.cora.get(f"/coach/athletes/{club.ana_id}").status_code == 200


# --- managed athletes and hand-over --------------------------------------------------------------


def test_a_managed_athlete_is_handed_to_a_login(
    club: Club, new_client: Callable[[], TestClient], web_context: Context
) -> None:
    page = html(club.dan.get(f"/coach/athletes/{club.dan_junior}"))
    assert page.find("form", id="handover") is not None
    token, _code = invite(club.dan, athlete_id=str(club.dan_junior))
    # A login with an athlete of its own cannot take it.
    assert club.ana.post(f"/invite/{token}/accept", data={"csrf": csrf(club.ana)}).status_code == (
        422
    )
    jo = new_client()
    accounts.create_user(web_context, email="jo@example.org", password=PASSWORD, now=Clock().at)
    sign_in(jo, "jo@example.org")
    text = html(jo.get(f"/invite/{token}")).get_text()
    assert "Take over Junior Jo's profile" in text
    accept(jo, token)
    assert html(jo.get("/athlete")).h1.get_text() == "Junior Jo"  # type: ignore[union-attr]
    # Dan still coaches Jo, now as a runner's coach, whom Jo can leave.
    assert club.dan.get(f"/coach/athletes/{club.dan_junior}").status_code == 200
    assert "accepted you" in club.dan.get(f"/coach/athletes/{club.dan_junior}").text
    link = html(jo.get("/settings")).select("#coaches li")[0]["data-coach"]
    jo.post(f"/settings/coaches/{link}/leave", data={"csrf": csrf(jo)})
    assert club.dan.get(f"/coach/athletes/{club.dan_junior}").status_code == 404


def test_a_hand_over_needs_a_managed_athlete_of_the_coach(club: Club) -> None:
    data = {"csrf": csrf(club.cora, "/coach"), "athlete_id": str(club.dan_junior)}
    assert club.cora.post("/coach/invitations", data=data).status_code == 404
    data["athlete_id"] = str(club.ana_id)  # Cora's athlete, but with a login already
    assert club.cora.post("/coach/invitations", data=data).status_code == 422


def test_a_managed_athlete_name_is_checked_beside_its_field(club: Club) -> None:
    response = club.cora.post(
        "/coach/athletes", data={"csrf": csrf(club.cora, "/coach"), "athlete_name": "  "}
    )
    assert response.status_code == 422
    error = html(response).find(id="e-athlete_name")
    assert error is not None and error.get_text() == "must not be empty"


def test_deleting_a_coachs_account_deletes_the_athletes_they_manage(club: Club) -> None:
    from runstrong.app import athletes

    names = [a.name for a in athletes.list_athletes(club.ctx)]
    assert "Junior Jo" in names
    dan = accounts.user_by_email(club.ctx, "dan@example.org")
    accounts.delete_account(club.ctx, dan.id)
    names = [a.name for a in athletes.list_athletes(club.ctx)]
    assert "Junior Jo" not in names and {"Ana", "Bo"} <= set(names)


# --- coaching on and off -------------------------------------------------------------------------


def test_a_runner_turns_coaching_on_and_off(club: Club) -> None:
    page = html(club.bo.get("/coach"))
    assert "Coaching is off" in page.get_text()
    assert page.find("a", href="/coach") is None  # no Coach link in the nav yet
    assert club.bo.get("/api/v1/coach/squads").status_code == 404
    on = club.bo.post(
        "/settings/coaching", data={"csrf": csrf(club.bo), "on": "1"}, follow_redirects=False
    )
    assert on.headers["location"] == "/coach"
    assert html(club.bo.get("/")).find("a", href="/coach") is not None  # the cached page too
    squad = create_squad(club.bo, "Bo's friends")
    token, _code = invite(club.bo)
    accept(club.ana, token)
    refused = club.bo.post("/settings/coaching", data={"csrf": csrf(club.bo), "on": "0"})
    assert refused.status_code == 422
    flash = html(refused).select_one("main .flash.error")
    assert flash is not None and flash.get_text().startswith("you coach 1 athlete(s)")
    # Ana is coached by two now; she leaves Bo, and Bo can turn coaching off.
    item = html(club.ana.get("/settings")).select("#coaches li")[-1]
    club.ana.post(f"/settings/coaches/{item['data-coach']}/leave", data={"csrf": csrf(club.ana)})
    off = club.bo.post(
        "/settings/coaching", data={"csrf": csrf(club.bo), "on": "0"}, follow_redirects=False
    )
    assert off.headers["location"] == "/settings?done=coaching-off"
    assert club.bo.get(f"/coach/squads/{squad}").status_code == 404
    assert club.cora.get(f"/coach/athletes/{club.ana_id}").status_code == 200  # Cora stays


def test_a_coach_account_always_coaches(club: Club) -> None:
    assert "coach account" in html(club.cora.get("/settings")).get_text()
    refused = club.cora.post("/settings/coaching", data={"csrf": csrf(club.cora), "on": "0"})
    assert refused.status_code == 422


# --- squads --------------------------------------------------------------------------------------


def test_squads_are_renamed_archived_and_brought_back(club: Club) -> None:
    path = f"/coach/squads/{club.squad}"
    renamed = club.cora.post(
        f"{path}/rename",
        data={"csrf": csrf(club.cora), "squad_name": "Track squad"},
        follow_redirects=False,
    )
    assert renamed.headers["location"] == f"{path}?done=renamed"
    assert html(club.cora.get(path)).h1.get_text().strip() == "Track squad"  # type: ignore[union-attr]
    club.cora.post(f"{path}/archive", data={"csrf": csrf(club.cora)})
    home = html(club.cora.get("/coach"))
    assert not home.select("#squads") and home.select("#archived-squads a")
    # Archived: its athletes cannot change until it is brought back.
    refused = club.cora.post(f"{path}/members/{club.ana_id}/remove", data={"csrf": csrf(club.cora)})
    assert refused.status_code == 422 and "archived" in refused.text
    club.cora.post(f"{path}/unarchive", data={"csrf": csrf(club.cora)})
    assert [a.get_text() for a in html(club.cora.get("/coach")).select("#squads a")] == [
        "Track squad"
    ]


def test_a_squad_name_is_checked(club: Club) -> None:
    taken = club.cora.post(
        "/coach/squads", data={"csrf": csrf(club.cora, "/coach"), "squad_name": "tuesday GROUP"}
    )
    assert taken.status_code == 422
    error = html(taken).find(id="e-squad_name")
    assert error is not None and "already" in error.get_text()
    long = club.cora.post(
        f"/coach/squads/{club.squad}/rename",
        data={"csrf": csrf(club.cora), "squad_name": "x" * 81},
    )
    assert long.status_code == 422
    assert html(long).find(id="e-squad_name").get_text() == "at most 80 characters; got 81"  # type: ignore[union-attr]


def test_one_athlete_in_several_squads_and_removed_from_one(club: Club) -> None:
    second = create_squad(club.cora, "Hills")
    club.cora.post(
        f"/coach/squads/{second}/members",
        data={"csrf": csrf(club.cora), "athlete_id": str(club.ana_id)},
    )
    page = html(club.cora.get(f"/coach/athletes/{club.ana_id}")).get_text()
    assert "Hills" in page and "Tuesday group" in page
    club.cora.post(
        f"/coach/squads/{club.squad}/members/{club.ana_id}/remove", data={"csrf": csrf(club.cora)}
    )
    assert _members(club.cora, club.squad) == []
    assert _members(club.cora, second) == ["Ana"]
    again = club.cora.post(
        f"/coach/squads/{club.squad}/members/{club.ana_id}/remove", data={"csrf": csrf(club.cora)}
    )
    assert again.status_code == 404


def test_only_the_coachs_own_athletes_join_a_squad(club: Club) -> None:
    for athlete in (club.bo_id, club.dan_junior, 999999, 2**70):
        refused = club.cora.post(
            f"/coach/squads/{club.squad}/members",
            data={"csrf": csrf(club.cora), "athlete_id": str(athlete)},
        )
        assert refused.status_code == 404, athlete
    assert _members(club.cora, club.squad) == ["Ana"]


# --- access: every coach route with another coach's and another runner's ids ---------------------

PAGES = (
    "/coach/squads/{squad}",
    "/coach/athletes/{athlete}",
)
FORMS = (
    ("/coach/squads/{squad}/rename", {"squad_name": "Mine now"}),
    ("/coach/squads/{squad}/archive", {}),
    ("/coach/squads/{squad}/unarchive", {}),
    ("/coach/squads/{squad}/members", {"athlete_id": "{athlete}"}),
    ("/coach/squads/{squad}/members/{athlete}/remove", {}),
)


def _ids(club: Club) -> dict[str, str]:
    return {"squad": str(club.squad), "athlete": str(club.ana_id)}


@pytest.mark.parametrize("template", PAGES)
def test_another_coach_or_runner_gets_404_on_pages(club: Club, template: str) -> None:
    path = template.format(**_ids(club))
    assert club.cora.get(path).status_code == 200
    for other in (club.dan, club.bo, club.ana):
        assert other.get(path).status_code == 404, other


@pytest.mark.parametrize(("template", "fields"), FORMS)
def test_another_coach_or_runner_gets_404_on_forms(
    club: Club, template: str, fields: dict[str, str]
) -> None:
    ids = _ids(club)
    path = template.format(**ids)
    data = {k: v.format(**ids) for k, v in fields.items()}
    before = html(club.cora.get(f"/coach/squads/{club.squad}")).get_text()
    for other in (club.dan, club.bo, club.ana):
        refused = other.post(path, data={**data, "csrf": csrf(other)})
        assert refused.status_code == 404, (other, refused.status_code)
    assert html(club.cora.get(f"/coach/squads/{club.squad}")).get_text() == before


def test_a_coach_cannot_use_their_own_squad_with_another_coachs_athlete(club: Club) -> None:
    # Dan's squad with Cora's athlete, and Cora's squad with Dan's managed athlete: 404 both.
    for client, squad, athlete in (
        (club.dan, club.dan_squad, club.ana_id),
        (club.cora, club.squad, club.dan_junior),
    ):
        add = client.post(
            f"/coach/squads/{squad}/members",
            data={"csrf": csrf(client), "athlete_id": str(athlete)},
        )
        assert add.status_code == 404
        remove = client.post(
            f"/coach/squads/{squad}/members/{athlete}/remove", data={"csrf": csrf(client)}
        )
        assert remove.status_code == 404


def test_the_coach_pages_need_the_csrf_token(club: Club) -> None:
    for path in ("/coach/squads", "/coach/athletes", "/coach/invitations"):
        assert club.cora.post(path, data={"csrf": "forged"}).status_code == 403
    assert club.cora.post(f"/coach/squads/{club.squad}/archive").status_code == 403
    assert _members(club.cora, club.squad) == ["Ana"]
