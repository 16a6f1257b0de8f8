"""The access matrix, generated from the app's own route table (the /api/v1 mount included):
every route has a declared access rule, so a route added later without one fails here.

- another signed-in runner given the first runner's real ids: 404, nothing changed;
- a page without a session: 303 to /login; an API route without a token or session: 401;
- a signed-in form without, or with another session's, CSRF token: 403, nothing changed (the
  pre-sign-in forms: their signed form token); an API write by a session without X-CSRF-Token too;
- HEAD answers wherever GET does, without the body.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Mount
from webhelp import PASSWORD, Clock, add_exercise, csrf, form_token, html, save_plan, sign_up

from runstrong.app import accounts
from runstrong.settings import Context, Settings
from runstrong.web.app import create_app, flat_routes

NOW = dt.datetime(2027, 1, 6, 9, 0)
BASE = "http://testserver"

# --- the expectations: every route of the app is in exactly one of these -----------------------

PUBLIC = {
    ("GET", "/signup"),
    ("POST", "/signup"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/reset/{token}"),
    ("POST", "/reset/{token}"),
    ("GET", "/exercises"),
    ("GET", "/exercises/{exercise_id}"),
    ("GET", "/healthz"),
    ("GET", "/sw.js"),
    ("GET", "/calendar/{token}.ics"),  # the secret in the URL is the access
    ("GET", "/share/{token}"),  # a read-only plan: the secret in the URL is the access
    ("GET", "/api/v1/openapi.json"),
    ("HEAD", "/api/v1/openapi.json"),
    ("GET", "/api/v1/docs"),
}
PUBLIC_MOUNTS = {"/static"}
SIGN_IN_FORMS = {"/signup", "/login", "/reset/{token}"}  # guarded by a signed form token
PAGES = {
    "/",
    "/plans/new",
    "/plans",
    "/plans/{plan_id}",
    "/plans/{plan_id}/weeks/{index}",
    "/plans/{plan_id}/download.{fmt}",
    "/sessions/{sid}",
    "/history",
    "/progress",
    "/athlete",
    "/import",
    "/import/backup.json",
    "/runs",
    "/load",
    "/settings",
    "/exercises/new",
    "/exercises/{exercise_id}/edit",
    # coach mode (docs/coach.md)
    "/coach",
    "/coach/squads/{squad_id}",
    "/coach/athletes/{athlete_id}",
    "/coach/athletes/{athlete_id}/profile",
    "/coach/squads/{squad_id}/block",
    "/coach/squads/{squad_id}/block/{job_id}",
    "/coach/squads/{squad_id}/dashboard",
    "/coach/squads/{squad_id}/adherence.csv",
    "/invite",
    "/invite/{secret}",
    "/coach/athletes/{athlete_id}/sessions/{sid}",  # a coach changes a runner's session
    "/coach/athletes/{athlete_id}/comments",
}
FORMS = {
    "/logout",
    "/plans/new",
    "/sessions/{sid}/log",
    "/athlete",
    "/athlete/lifts",
    "/import",
    "/import/restore",
    "/runs",
    "/checkin",
    "/settings/tokens",
    "/settings/tokens/{token_id}/revoke",
    "/settings/calendar",
    "/settings/calendar/revoke",
    "/settings/delete",
    "/exercises/new",
    "/exercises/{exercise_id}/edit",
    "/exercises/{exercise_id}/delete",
    # coach mode
    "/coach/squads",
    "/coach/squads/{squad_id}/rename",
    "/coach/squads/{squad_id}/archive",
    "/coach/squads/{squad_id}/unarchive",
    "/coach/squads/{squad_id}/members",
    "/coach/squads/{squad_id}/members/{athlete_id}/remove",
    "/coach/squads/{squad_id}/block",
    "/coach/athletes",
    "/coach/athletes/{athlete_id}/profile",
    "/coach/athletes/{athlete_id}/profile/lifts",
    "/coach/invitations",
    "/coach/invitations/{invitation_id}/revoke",
    "/invite/{secret}/accept",
    "/invite/{secret}/decline",
    "/settings/coaching",
    "/settings/coaches/{link_id}/leave",
    "/coach/athletes/{athlete_id}/release",
    "/coach/athletes/{athlete_id}/delete",
    "/coach/athletes/{athlete_id}/sessions/{sid}",
    # comments and share links
    "/sessions/{sid}/comments",
    "/sessions/{sid}/comments/{comment_id}/delete",
    "/coach/athletes/{athlete_id}/sessions/{sid}/comments",
    "/coach/athletes/{athlete_id}/sessions/{sid}/comments/{comment_id}/delete",
    "/plans/{plan_id}/shares",
    "/plans/{plan_id}/shares/{share_id}/revoke",
    "/coach/athletes/{athlete_id}/plans/{plan_id}/shares",
    "/coach/athletes/{athlete_id}/plans/{plan_id}/shares/{share_id}/revoke",
}
API_READS = {
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/exercises"),
    ("GET", "/api/v1/exercises/{exercise_id}"),
    ("GET", "/api/v1/plans"),
    ("GET", "/api/v1/plans/{plan_id:int}"),
    ("GET", "/api/v1/history"),
    ("GET", "/api/v1/activities"),
    ("GET", "/api/v1/checkins"),
    ("GET", "/api/v1/today"),
    ("GET", "/api/v1/load"),
    ("POST", "/api/v1/plans/preview"),  # builds, saves nothing
    ("POST", "/api/v1/coach/squads/{squad_id}/block/preview"),  # builds, saves nothing
    ("GET", "/api/v1/coach/squads/{squad_id}/block/{job_id:int}"),
    ("GET", "/api/v1/coach/athletes"),
    ("GET", "/api/v1/coach/athletes/{athlete_id}"),
    ("GET", "/api/v1/coach/squads"),
    ("GET", "/api/v1/coach/squads/{squad_id}"),
    ("GET", "/api/v1/coach/invitations"),
    ("GET", "/api/v1/invitations/{secret}"),
    ("GET", "/api/v1/coaches"),
    # a coach's change to a runner's session, and the change log
    ("GET", "/api/v1/coach/athletes/{athlete_id}/planned/{sid}"),
    ("POST", "/api/v1/coach/athletes/{athlete_id}/planned/{sid}/check"),  # saves nothing
    ("GET", "/api/v1/coach/athletes/{athlete_id}/changes"),
    ("GET", "/api/v1/changes"),
    ("GET", "/api/v1/coach/squads/{squad_id}/dashboard"),
    ("GET", "/api/v1/coach/athletes/{athlete_id}/sessions"),
    ("GET", "/api/v1/sessions/{sid}/comments"),
    ("GET", "/api/v1/coach/athletes/{athlete_id}/sessions/{sid}/comments"),
    ("GET", "/api/v1/plans/{plan_id}/shares"),
    ("GET", "/api/v1/coach/athletes/{athlete_id}/plans/{plan_id}/shares"),
}
API_WRITES = {
    ("POST", "/api/v1/plans"),
    ("POST", "/api/v1/logs"),
    ("POST", "/api/v1/exercises"),
    ("PUT", "/api/v1/exercises/{exercise_id}"),
    ("DELETE", "/api/v1/exercises/{exercise_id}"),
    ("POST", "/api/v1/activities"),
    ("POST", "/api/v1/checkins"),
    ("POST", "/api/v1/coach/athletes"),
    ("POST", "/api/v1/coach/squads"),
    ("PATCH", "/api/v1/coach/squads/{squad_id}"),
    ("PUT", "/api/v1/coach/squads/{squad_id}/members/{athlete_id}"),
    ("DELETE", "/api/v1/coach/squads/{squad_id}/members/{athlete_id}"),
    ("POST", "/api/v1/coach/invitations"),
    ("DELETE", "/api/v1/coach/invitations/{invitation_id}"),
    ("POST", "/api/v1/invitations/{secret}/accept"),
    ("POST", "/api/v1/invitations/{secret}/decline"),
    ("DELETE", "/api/v1/coaches/{link_id}"),
    ("DELETE", "/api/v1/coach/athletes/{athlete_id}"),
    ("POST", "/api/v1/coach/squads/{squad_id}/block"),
    ("PUT", "/api/v1/coach/athletes/{athlete_id}/planned/{sid}"),
    ("POST", "/api/v1/sessions/{sid}/comments"),
    ("DELETE", "/api/v1/sessions/{sid}/comments/{comment_id:int}"),
    ("POST", "/api/v1/coach/athletes/{athlete_id}/sessions/{sid}/comments"),
    ("DELETE", "/api/v1/coach/athletes/{athlete_id}/sessions/{sid}/comments/{comment_id:int}"),
    ("POST", "/api/v1/plans/{plan_id}/shares"),
    ("DELETE", "/api/v1/plans/{plan_id}/shares/{share_id:int}"),
    ("POST", "/api/v1/coach/athletes/{athlete_id}/plans/{plan_id}/shares"),
    ("DELETE", "/api/v1/coach/athletes/{athlete_id}/plans/{plan_id}/shares/{share_id:int}"),
}
API_STATUS = {
    ("PATCH", "/api/v1/coach/squads/{squad_id}"): 200,
    ("POST", "/api/v1/invitations/{secret}/decline"): 204,
    ("POST", "/api/v1/coach/squads/{squad_id}/block"): 202,  # queued: a job publishes it
}
"""Allowed writes answering other than POST 201, PUT 200, DELETE 204."""
API_SAME_ROWS = {("PUT", "/api/v1/coach/squads/{squad_id}/members/{athlete_id}")}
"""Allowed writes that may leave the same rows: putting an athlete already in the squad (the
DELETE of the same path needs them in it)."""
# Routes naming an object of a runner: the concrete path with the first runner's ids.
OWNED = {
    "/plans/{plan_id}": "/plans/{plan}",
    "/plans/{plan_id}/weeks/{index}": "/plans/{plan}/weeks/1",
    "/plans/{plan_id}/download.{fmt}": "/plans/{plan}/download.ics",
    "/sessions/{sid}": "/sessions/{sid}",
    "/sessions/{sid}/log": "/sessions/{sid}/log",
    "/settings/tokens/{token_id}/revoke": "/settings/tokens/{token}/revoke",
    "/api/v1/plans/{plan_id:int}": "/api/v1/plans/{plan}",
    "/exercises/{exercise_id}/edit": "/exercises/{own}/edit",
    "/exercises/{exercise_id}/delete": "/exercises/{own}/delete",
    "/api/v1/exercises/{exercise_id}": "/api/v1/exercises/{own}",
    # coach mode: Ana coaches Eve (in her squad) and Kid (managed, in no squad), is coached by
    # Cora, and holds Dee's invitation; a second squad of hers is archived.
    "/coach/squads/{squad_id}": "/coach/squads/{squad}",
    "/coach/squads/{squad_id}/rename": "/coach/squads/{squad}/rename",
    "/coach/squads/{squad_id}/archive": "/coach/squads/{squad}/archive",
    "/coach/squads/{squad_id}/unarchive": "/coach/squads/{archived}/unarchive",
    "/coach/squads/{squad_id}/members": "/coach/squads/{squad}/members",
    "/coach/squads/{squad_id}/members/{athlete_id}/remove": (
        "/coach/squads/{squad}/members/{coached}/remove"
    ),
    "/coach/athletes/{athlete_id}": "/coach/athletes/{coached}",
    "/coach/squads/{squad_id}/dashboard": "/coach/squads/{squad}/dashboard?view=block",
    "/coach/squads/{squad_id}/adherence.csv": "/coach/squads/{squad}/adherence.csv",
    "/api/v1/coach/squads/{squad_id}/dashboard": "/api/v1/coach/squads/{squad}/dashboard",
    "/api/v1/coach/athletes/{athlete_id}/sessions": (
        "/api/v1/coach/athletes/{coached}/sessions?weeks=8"
    ),
    "/coach/athletes/{athlete_id}/profile": "/coach/athletes/{kid}/profile",
    "/coach/athletes/{athlete_id}/profile/lifts": "/coach/athletes/{kid}/profile/lifts",
    "/coach/squads/{squad_id}/block": "/coach/squads/{squad}/block",
    "/coach/squads/{squad_id}/block/{job_id}": "/coach/squads/{squad}/block/{job}",
    "/coach/invitations/{invitation_id}/revoke": "/coach/invitations/{invitation}/revoke",
    "/invite/{secret}": "/invite/{secret}",
    "/invite/{secret}/accept": "/invite/{secret}/accept",
    "/invite/{secret}/decline": "/invite/{secret}/decline",
    "/settings/coaches/{link_id}/leave": "/settings/coaches/{link}/leave",
    "/coach/athletes/{athlete_id}/release": "/coach/athletes/{coached}/release",
    "/coach/athletes/{athlete_id}/delete": "/coach/athletes/{kid}/delete",
    "/api/v1/coach/athletes/{athlete_id}": "/api/v1/coach/athletes/{coached}",
    "/api/v1/coach/squads/{squad_id}": "/api/v1/coach/squads/{squad}",
    "/api/v1/coach/squads/{squad_id}/members/{athlete_id}": (
        "/api/v1/coach/squads/{squad}/members/{coached}"
    ),
    "/api/v1/coach/invitations/{invitation_id}": "/api/v1/coach/invitations/{invitation}",
    "/api/v1/invitations/{secret}": "/api/v1/invitations/{secret}",
    "/api/v1/invitations/{secret}/accept": "/api/v1/invitations/{secret}/accept",
    "/api/v1/invitations/{secret}/decline": "/api/v1/invitations/{secret}/decline",
    "/api/v1/coaches/{link_id}": "/api/v1/coaches/{link}",
    "/api/v1/coach/squads/{squad_id}/block/preview": "/api/v1/coach/squads/{squad}/block/preview",
    "/api/v1/coach/squads/{squad_id}/block": "/api/v1/coach/squads/{squad}/block",
    "/api/v1/coach/squads/{squad_id}/block/{job_id:int}": (
        "/api/v1/coach/squads/{squad}/block/{job}"
    ),
    # a coach's change to Eve's session (her block, published by Ana)
    "/coach/athletes/{athlete_id}/sessions/{sid}": "/coach/athletes/{coached}/sessions/{eve_sid}",
    "/api/v1/coach/athletes/{athlete_id}/planned/{sid}": (
        "/api/v1/coach/athletes/{coached}/planned/{eve_sid}"
    ),
    "/api/v1/coach/athletes/{athlete_id}/planned/{sid}/check": (
        "/api/v1/coach/athletes/{coached}/planned/{eve_sid}/check"
    ),
    "/api/v1/coach/athletes/{athlete_id}/changes": "/api/v1/coach/athletes/{coached}/changes",
    # comments and share links: Ana's on her session and plan; hers, as Eve's coach, on Eve's
    "/sessions/{sid}/comments": "/sessions/{sid}/comments",
    "/sessions/{sid}/comments/{comment_id}/delete": "/sessions/{sid}/comments/{comment}/delete",
    "/coach/athletes/{athlete_id}/comments": "/coach/athletes/{coached}/comments",
    "/coach/athletes/{athlete_id}/sessions/{sid}/comments": (
        "/coach/athletes/{coached}/sessions/{esid}/comments"
    ),
    "/coach/athletes/{athlete_id}/sessions/{sid}/comments/{comment_id}/delete": (
        "/coach/athletes/{coached}/sessions/{esid}/comments/{ecomment}/delete"
    ),
    "/plans/{plan_id}/shares": "/plans/{plan}/shares",
    "/plans/{plan_id}/shares/{share_id}/revoke": "/plans/{plan}/shares/{share}/revoke",
    "/coach/athletes/{athlete_id}/plans/{plan_id}/shares": (
        "/coach/athletes/{coached}/plans/{eplan}/shares"
    ),
    "/coach/athletes/{athlete_id}/plans/{plan_id}/shares/{share_id}/revoke": (
        "/coach/athletes/{coached}/plans/{eplan}/shares/{eshare}/revoke"
    ),
    "/api/v1/sessions/{sid}/comments": "/api/v1/sessions/{sid}/comments",
    "/api/v1/sessions/{sid}/comments/{comment_id:int}": "/api/v1/sessions/{sid}/comments/{comment}",
    "/api/v1/coach/athletes/{athlete_id}/sessions/{sid}/comments": (
        "/api/v1/coach/athletes/{coached}/sessions/{esid}/comments"
    ),
    "/api/v1/coach/athletes/{athlete_id}/sessions/{sid}/comments/{comment_id:int}": (
        "/api/v1/coach/athletes/{coached}/sessions/{esid}/comments/{ecomment}"
    ),
    "/api/v1/plans/{plan_id}/shares": "/api/v1/plans/{plan}/shares",
    "/api/v1/plans/{plan_id}/shares/{share_id:int}": "/api/v1/plans/{plan}/shares/{share}",
    "/api/v1/coach/athletes/{athlete_id}/plans/{plan_id}/shares": (
        "/api/v1/coach/athletes/{coached}/plans/{eplan}/shares"
    ),
    "/api/v1/coach/athletes/{athlete_id}/plans/{plan_id}/shares/{share_id:int}": (
        "/api/v1/coach/athletes/{coached}/plans/{eplan}/shares/{eshare}"
    ),
}
PUBLIC_PATHS = {
    "/reset/{token}": "/reset/{reset}",
    "/exercises/{exercise_id}": "/exercises/back-squat",
    "/calendar/{token}.ics": "/calendar/{feed}.ics",
    "/share/{token}": "/share/{share_token}",
}

EXPECTED = (
    PUBLIC | {("GET", p) for p in PAGES} | {("POST", p) for p in FORMS} | API_READS | API_WRITES
)


def route_table(app: Any) -> tuple[set[tuple[str, str]], set[str]]:
    """Every (method, path) the app routes, into mounted apps, and the mounts serving files."""
    routes: set[tuple[str, str]] = set()
    files: set[str] = set()

    def walk(found: Any, prefix: str) -> None:
        for route in flat_routes(found):
            if isinstance(getattr(route, "original_route", route), Mount):
                inner = getattr(route.app, "routes", None)
                if inner is None:
                    files.add(prefix + route.path)
                else:
                    walk(inner, prefix + route.path)
                continue
            routes.update((m, prefix + route.path) for m in route.methods or ())

    walk(app.routes, "")
    return routes, files


@pytest.fixture(scope="module")
def table() -> tuple[set[tuple[str, str]], set[str]]:
    from runstrong.settings import Settings

    ctx = Context(Settings(), "sqlite://")  # the route table only; nothing is opened
    return route_table(create_app(ctx, secret=b"x"))


def test_every_route_has_an_access_rule(table: tuple[set[tuple[str, str]], set[str]]) -> None:
    routes, files = table
    unruled = sorted(routes - EXPECTED)
    assert not unruled, f"routes without an access rule in {__name__}: {unruled}"
    assert not sorted(EXPECTED - routes), "rules for routes that no longer exist"
    assert files == PUBLIC_MOUNTS
    with_ids = {path for _m, path in routes if "{" in path}
    assert with_ids == set(OWNED) | set(PUBLIC_PATHS), "a route with an id needs an owner rule"
    assert not PAGES & {p for _m, p in PUBLIC} and not FORMS & {p for _m, p in PUBLIC}


# --- the world: two runners, the first with a plan, a token, a feed and a reset link ------------


@dataclass
class World:
    ana: TestClient
    bo: TestClient
    stranger: TestClient
    ctx: Context
    ids: dict[str, str]

    def path(self, template: str) -> str:
        concrete = OWNED.get(template) or PUBLIC_PATHS.get(template) or template
        return concrete.format(**self.ids)

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table: what "nothing changed" compares."""
        db = sqlite3.connect(str(self.ctx.database_url).removeprefix("sqlite:///"))
        try:
            names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            return {n: sorted(map(repr, db.execute(f'SELECT * FROM "{n}"'))) for n in names}  # type: ignore[misc]
        finally:
            db.close()


def _context(folder: Path) -> Context:
    """A logbook in `folder`, as tests/web/conftest.py's web_context makes one."""
    settings = Settings(config_dir=folder / "config", data_dir=folder / "data")
    ctx = Context(settings, f"sqlite:///{folder / 'web.db'}")
    ctx.db.prepare_write()
    return ctx


def _app(ctx: Context) -> Any:
    """The web app over `ctx`, as conftest.py's `app` fixture makes it."""
    from runstrong.web import deps

    found = create_app(ctx, secret=b"test-secret")
    found.dependency_overrides[deps.now] = Clock()
    found.state.today = lambda: dt.date(2027, 1, 6)  # a Wednesday
    return found


@dataclass(frozen=True)
class _Built:
    """The world as built once for the module: its folder (the logbook and settings), each
    browser's cookies and the ids the matrix fills its paths with."""

    folder: Path
    cookies: dict[str, dict[str, str]]
    ids: dict[str, str]


@pytest.fixture(scope="module")
def built_world(tmp_path_factory: pytest.TempPathFactory) -> _Built:
    """Two runners, coaching, a block, comments and share links: built once (it takes seconds),
    then copied for each test, which may change it."""
    folder = tmp_path_factory.mktemp("world")
    ctx = _context(folder)
    app = _app(ctx)
    with TestClient(app, base_url=BASE) as runner:
        bo, stranger = TestClient(app, base_url=BASE), TestClient(app, base_url=BASE)
        assert sign_up(runner).status_code == 303
        ids = _world_ids(ctx, runner, bo)
        cookies = {
            name: dict(client.cookies.items())
            for name, client in (("ana", runner), ("bo", bo), ("stranger", stranger))
        }
        bo.close()
        stranger.close()
    ctx.close()  # the last connection: SQLite folds its write-ahead log into the file
    return _Built(folder, cookies, ids)


@pytest.fixture
def world(built_world: _Built, tmp_path: Path) -> Iterator[World]:
    """A copy of the module's world, on its own logbook and app, its browsers signed in as
    they were."""
    folder = tmp_path / "world"
    shutil.copytree(built_world.folder, folder)
    ctx = _context(folder)
    app = _app(ctx)

    def browser(name: str) -> TestClient:
        client = TestClient(app, base_url=BASE)
        for key, value in built_world.cookies[name].items():
            client.cookies.set(key, value)
        return client

    with browser("ana") as ana:
        bo, stranger = browser("bo"), browser("stranger")
        yield World(ana, bo, stranger, ctx, dict(built_world.ids))
        bo.close()
        stranger.close()
    ctx.close()


def _world_ids(ctx: Context, runner: TestClient, bo: TestClient) -> dict[str, str]:
    """Fill the world (Ana with a plan, a token, a feed, a reset link and her own exercise; Bo
    with objects of his own) and name its ids."""
    plan = save_plan(runner)
    links = [a["href"] for a in html(runner.get("/")).find_all("a", href=True)]
    sid = next(str(h).removeprefix("/sessions/") for h in links if h.startswith("/sessions/"))
    ana = accounts.user_by_email(ctx, "ana@example.org")
    assert ana.athlete_id is not None
    _raw, made = accounts.create_token(
        ctx, user_id=ana.id, name="laptop", scopes="read,write", now=NOW
    )
    feed = accounts.calendar_feed(ctx, ana.athlete_id, now=NOW)
    reset = accounts.reset_link(ctx, "ana@example.org", now=NOW)
    assert sign_up(bo, email="bo@example.org", name="Bo").status_code == 303
    save_plan(bo)  # Bo has objects of his own, with other ids
    assert add_exercise(runner).status_code == 303
    assert add_exercise(bo, "bo-squat").status_code == 303
    ids = {
        "plan": str(plan),
        "sid": sid,
        "token": str(made.id),
        "feed": feed,
        "reset": reset,
        "own": "pause-squat",
        **_coaching(ctx, ana),
    }
    ids.update(_social(ctx, ana, plan, sid, ids["coached"], ids["eve_sid"]))
    return ids


def _coaching(ctx: Context, ana: accounts.User) -> dict[str, str]:
    """Ana coaches Eve (in her squad) and Kid (managed, no squad), has an archived squad and an
    open invitation; Cora coaches her, and Dee's invitation is meant for her."""
    from runstrong.app import coaching
    from runstrong.app.requests import AthleteRequest, InvitationRequest, SquadEdit

    coaching.set_coaching(ctx, ana, True, now=NOW)
    eve = accounts.sign_up(ctx, email="eve@example.org", password=PASSWORD, name="Eve", now=NOW)
    made = coaching.invite(ctx, ana, InvitationRequest(), now=NOW)
    coaching.answer(ctx, eve, made.token, accept=True, now=NOW)
    assert eve.athlete_id is not None
    kid = coaching.create_managed(ctx, ana, AthleteRequest(name="Kid"), now=NOW)
    squad = coaching.create_squad(ctx, ana, "Tuesday group", now=NOW)
    coaching.add_member(ctx, ana, squad.id, eve.athlete_id, now=NOW)
    archived = coaching.create_squad(ctx, ana, "Last year", now=NOW)
    coaching.edit_squad(ctx, ana, SquadEdit(squad_id=archived.id, archived=True), now=NOW)
    invitation = coaching.invite(ctx, ana, InvitationRequest(), now=NOW).invitation
    coaches = []
    for email in ("cora@example.org", "dee@example.org"):
        coaches.append(
            accounts.create_user(ctx, email=email, password=PASSWORD, coach=True, now=NOW)
        )
    ask = coaching.invite(ctx, coaches[0], InvitationRequest(), now=NOW)
    link = coaching.answer(ctx, ana, ask.token, accept=True, now=NOW)
    assert link is not None
    mine = coaching.invite(ctx, coaches[1], InvitationRequest(email=ana.email), now=NOW)
    from runstrong.app import blocks
    from runstrong.app.requests import PlanRequest

    block = PlanRequest(goal="strength", phase="off-season", weeks="4")
    job = blocks.queue_squad_publish(ctx, ana, squad.id, block, now=NOW, client_id="world")
    eves = PlanRequest(goal="strength", phase="off-season", weeks="2", start="2027-01-11")
    ((_row, eve_plan),) = blocks.publish(ctx, eves, ["Eve"], by=ana, at=NOW)
    from runstrong.app import edits

    (first, *_rest) = edits.upcoming(ctx, ana, eve.athlete_id, today=dt.date(2027, 1, 6))
    assert eve_plan is not None and first.sid.startswith(f"{eve_plan}-")
    return {
        "squad": str(squad.id),
        "archived": str(archived.id),
        "coached": str(eve.athlete_id),
        "kid": str(kid.athlete_id),
        "invitation": str(invitation.id),
        "secret": mine.token,
        "link": str(link.id),
        "job": str(job),
        "eve_sid": first.sid,
    }


def _social(
    ctx: Context, ana: accounts.User, plan: int, sid: str, eve_id: str, esid: str
) -> dict[str, str]:
    """Ana's comment on her session and share link to her plan; and Ana's, as Eve's coach, on
    the first coming session of the block she published to Eve, and a link to that plan."""
    from runstrong.app import comments, shares

    mine = comments.add(ctx, ana, sid, "Felt strong.", now=NOW)
    shared = shares.create(ctx, ana, plan, label="physio", now=NOW)
    eve = accounts.user_by_email(ctx, "eve@example.org")
    eve_plan = int(esid.split("-", 1)[0])
    theirs = comments.add(ctx, ana, esid, "Go easy.", now=NOW, athlete_id=eve.athlete_id)
    coached = shares.create(ctx, ana, eve_plan, now=NOW, athlete_id=int(eve_id))
    return {
        "comment": str(mine.id),
        "share": str(shared.share.id),
        "share_token": shared.token,
        "eplan": str(eve_plan),
        "esid": esid,
        "ecomment": str(theirs.id),
        "eshare": str(coached.share.id),
    }


# --- bodies that would change something if the request were allowed ------------------------------


def _form_fields(client: TestClient, page: str, action: str) -> dict[str, str]:
    """The fields of the form posting to `action` on `page`, every checkbox ticked."""
    form = html(client.get(page)).find("form", action=action)
    assert form is not None, f"{page} has no form to {action}"
    out: dict[str, str] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or name == "csrf":  # each test sends its own
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            out[str(name)] = str(chosen.get("value", chosen.get_text())) if chosen else ""
        elif field.get("type") == "checkbox":
            out.setdefault(str(name), str(field.get("value", "on")))
        else:
            out[str(name)] = str(field.get("value", field.get_text() or ""))
    return out


def _body(world: World, template: str) -> dict[str, Any]:
    """A form body, without `csrf`, that the route would act on; `files` for uploads."""
    ana = world.ana
    if template == "/coach/athletes/{athlete_id}/delete":
        return {"data": {"confirm": "Kid"}}
    if template == "/plans/new":
        return {
            "data": {
                "goal": "strength",
                "phase": "off-season",
                "weeks": "4",
                "start": "2027-01-04",
                "sessions": "2",
                "setup": "gym",
                "lifts": "back-squat=100",
                "action": "save",
            }
        }
    if template == "/sessions/{sid}/log":
        path = world.path("/sessions/{sid}")
        fields = _form_fields(ana, path, f"{path}/log")
        fields["client_id"] = "matrix-1"
        return {"data": fields}
    if template == "/athlete":
        fields = _form_fields(ana, "/athlete", "/athlete")
        fields["runs.mon"] = "easy"
        return {"data": fields}
    if template == "/athlete/lifts":
        return {"data": {"lifts": "back-squat=130", "date": ""}}
    if template == "/coach/athletes/{athlete_id}/sessions/{sid}":
        path = world.path(template)
        fields = _form_fields(ana, path, path)
        return {"data": {**fields, "ex.0.sets": "1", "reason": "matrix", "action": "save"}}
    if template == "/coach/athletes/{athlete_id}/profile":
        path = world.path("/coach/athletes/{athlete_id}/profile")
        fields = _form_fields(ana, path, path)
        fields["runs.sat"] = "long"
        return {"data": fields}
    if template == "/coach/athletes/{athlete_id}/profile/lifts":
        return {"data": {"lifts": "back-squat=60", "date": ""}}
    if template == "/coach/squads/{squad_id}/block":
        block = {"goal": "strength", "phase": "off-season", "weeks": "4", "sessions": "2"}
        return {"data": {**block, "client_id": "matrix-1", "action": "publish"}}
    if template == "/import":
        files = {"file": ("x.csv", b"Date,Exercise Name\n", "text/csv")}
        return {"data": {"source_units": ""}, "files": files}
    if template == "/import/restore":
        backup = ana.get("/import/backup.json").content
        return {"data": {"replace": "on"}, "files": {"backup": ("b.json", backup, "text/json")}}
    if template == "/runs":
        return {"data": {}, "files": {"files": ("run.gpx", _GPX, "application/gpx+xml")}}
    if template == "/checkin":
        return {"data": {"sleep": "5", "soreness": "8", "stress": "5", "motivation": "5"}}
    if template == "/settings/tokens":
        return {"data": {"name": "phone", "scope": "read"}}
    if template in ("/coach/squads", "/coach/squads/{squad_id}/rename"):
        return {"data": {"squad_name": "Hill squad"}}
    if template == "/coach/squads/{squad_id}/members":
        return {"data": {"athlete_id": world.ids["kid"]}}
    if template == "/coach/athletes":
        return {"data": {"athlete_name": "Junior", "athlete_units": "kg"}}
    if template == "/settings/coaching":
        return {"data": {"on": "1"}}
    if template.endswith("/sessions/{sid}/comments"):
        return {"data": {"body": "How did the squats feel?"}}
    if template.endswith("/plans/{plan_id}/shares"):
        return {"data": {"label": "physio", "days": "30"}}
    if template == "/settings/delete":
        return {"data": {"password": PASSWORD}}
    if template in ("/exercises/new", "/exercises/{exercise_id}/edit"):
        fields = {**_OWN_FORM, "id": "tempo-squat"}
        return {"data": fields}
    return {"data": {}}


_OWN_FORM = {
    "name": "Tempo squat",
    "category": "weights",
    "pattern": "squat",
    "loading": "1rm",
    "complexity": "2",
    "equipment": "barbell",
    "cues": "Three seconds down",
}
_OWN_JSON = {
    "name": "Tempo squat",
    "category": "weights",
    "pattern": "squat",
    "equipment": ["barbell"],
    "unilateral": False,
    "complexity": 2,
    "loading": "1rm",
    "cues": ["Three seconds down"],
}


_GPX = b"""<?xml version="1.0"?><gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type>
<trkseg><trkpt lat="45.0" lon="7.0"><time>2027-01-05T07:00:00Z</time></trkpt>
<trkpt lat="45.1" lon="7.0"><time>2027-01-05T07:40:00Z</time></trkpt></trkseg></trk></gpx>"""


# Forms whose allowed request is refused for its content (a junk CSV) or may leave the same rows
# (a restore of the same backup): for them, only "not refused for CSRF" is checked.
SAME_ROWS_WHEN_ALLOWED = {"/import", "/import/restore"}


# --- the matrix ----------------------------------------------------------------------------------


@pytest.mark.parametrize("template", sorted(OWNED))
def test_another_runners_ids_are_404(world: World, template: str) -> None:
    path = world.path(template)
    methods = sorted(m for m, p in EXPECTED if p == template)
    for method in methods:
        before = world.snapshot()
        if template.startswith("/api/"):
            refused = world.bo.request(
                method, path, **_api_send(template, method), headers=_csrf_header(world.bo)
            )
            assert refused.json()["error"]["field"], refused.text
        elif method == "POST":
            body = _body(world, template)
            body["data"] = {**body["data"], "csrf": csrf(world.bo)}
            refused = world.bo.post(path, **body)
        else:
            refused = world.bo.get(path)
        assert refused.status_code == 404, (template, method, refused.status_code)
        assert world.snapshot() == before
    if "GET" in methods:  # the same path is the owner's own
        assert world.ana.get(path).status_code == 200


def _csrf_header(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": csrf(client)}


@pytest.mark.parametrize("template", sorted(PAGES))
def test_pages_send_a_stranger_to_sign_in(world: World, template: str) -> None:
    path = world.path(template)
    response = world.stranger.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")
    assert world.ana.get(path).status_code == 200


@pytest.mark.parametrize("template", sorted(FORMS))
def test_forms_send_a_stranger_to_sign_in(world: World, template: str) -> None:
    before = world.snapshot()
    body = _body(world, template)
    response = world.stranger.post(world.path(template), **body, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")
    assert world.snapshot() == before


@pytest.mark.parametrize("template", sorted(FORMS))
def test_forms_refuse_a_missing_or_foreign_csrf_token(world: World, template: str) -> None:
    path = world.path(template)
    body = _body(world, template)
    before = world.snapshot()
    for token in (None, csrf(world.bo), "forged"):
        data = body["data"] if token is None else {**body["data"], "csrf": token}
        refused = world.ana.post(path, **{**body, "data": data}, follow_redirects=False)
        assert refused.status_code == 403, (token, refused.status_code)
        assert world.snapshot() == before
    allowed = world.ana.post(
        path, **{**body, "data": {**body["data"], "csrf": csrf(world.ana)}}, follow_redirects=False
    )
    assert allowed.status_code != 403
    if template not in SAME_ROWS_WHEN_ALLOWED:
        assert world.snapshot() != before, f"{template}: the test's body changes nothing"


@pytest.mark.parametrize("template", sorted(SIGN_IN_FORMS))
def test_sign_in_forms_refuse_a_missing_or_foreign_form_token(world: World, template: str) -> None:
    path = world.path(template)
    data = {
        "/signup": {"email": "cy@example.org", "password": PASSWORD, "name": "Cy"},
        "/login": {"email": "ana@example.org", "password": PASSWORD},
        "/reset/{token}": {"password": "another long password"},
    }[template]
    theirs = form_token(world.bo, path)  # a real token, of another browser's cookie
    mine = form_token(world.stranger, path)
    before = world.snapshot()
    for token in (None, theirs, "forged.token"):
        sent = data if token is None else {**data, "form_token": token}
        refused = world.stranger.post(path, data=sent, follow_redirects=False)
        assert refused.status_code == 403, (token, refused.status_code)
        assert world.snapshot() == before
    allowed = world.stranger.post(path, data={**data, "form_token": mine}, follow_redirects=False)
    assert allowed.status_code == 303


@pytest.mark.parametrize(("method", "template"), sorted(API_READS | API_WRITES))
def test_api_needs_a_token_or_session(world: World, method: str, template: str) -> None:
    path = world.path(template)
    before = world.snapshot()
    refused = world.stranger.request(method, path, **_api_send(template, method))
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert refused.json()["error"]["message"]
    assert world.snapshot() == before
    bearer = {"Authorization": "Bearer rs_not-a-real-token"}
    assert world.stranger.request(method, path, headers=bearer).status_code == 401


@pytest.mark.parametrize(("method", "template"), sorted(API_WRITES))
def test_api_writes_by_a_session_need_its_csrf_header(
    world: World, method: str, template: str
) -> None:
    path = world.path(template)
    before = world.snapshot()
    for token in (None, csrf(world.bo)):
        headers = {} if token is None else {"X-CSRF-Token": token}
        refused = world.ana.request(method, path, **_api_send(template, method), headers=headers)
        assert refused.status_code == 403, refused.text
        assert world.snapshot() == before
    headers = {"X-CSRF-Token": csrf(world.ana)}
    allowed = world.ana.request(method, path, **_api_send(template, method), headers=headers)
    expected = API_STATUS.get((method, template), {"PUT": 200, "DELETE": 204}.get(method, 201))
    assert allowed.status_code == expected, allowed.text
    if (method, template) not in API_SAME_ROWS:
        assert world.snapshot() != before


def _api_send(template: str, method: str = "GET") -> dict[str, Any]:
    """The request's body: JSON, or the files of an upload."""
    if template == "/api/v1/activities" and method == "POST":
        return {"files": {"files": ("run.gpx", _GPX, "application/gpx+xml")}}
    return {"json": _api_body(template, method)}


def _api_body(template: str, method: str = "GET") -> dict[str, Any] | None:
    if template in ("/api/v1/plans", "/api/v1/plans/preview"):
        return {"goal": "strength", "phase": "off-season", "weeks": 4, "setup": "gym"}
    if template == "/api/v1/logs":
        sets = [{"reps": 5, "load": 80}]
        return {"client_id": "api-1", "entries": [{"exercise": "back-squat", "sets": sets}]}
    if template == "/api/v1/exercises":
        return {**_OWN_JSON, "id": "tempo-squat"}
    if template == "/api/v1/checkins":
        return {"date": "2027-01-06", "sleep": 5, "soreness": 8, "stress": 5, "motivation": 5}
    if template == "/api/v1/exercises/{exercise_id}" and method == "PUT":
        return _OWN_JSON
    if template == "/api/v1/coach/athletes":
        return {"name": "Junior"}
    if template == "/api/v1/coach/squads":
        return {"name": "Hill squad"}
    if template.startswith("/api/v1/coach/squads/{squad_id}/block") and method == "POST":
        return {"goal": "strength", "phase": "off-season", "weeks": 4, "client_id": "api-1"}
    if template == "/api/v1/coach/squads/{squad_id}" and method == "PATCH":
        return {"name": "Renamed"}
    if template == "/api/v1/coach/invitations":
        return {}
    if template.startswith("/api/v1/coach/athletes/{athlete_id}/planned/") and method != "GET":
        return {"exercises": [{"index": 0, "sets": 1}], "reason": "matrix"}
    if template.endswith("/sessions/{sid}/comments") and method == "POST":
        return {"body": "How did the squats feel?"}
    if template.endswith("/shares") and method == "POST":
        return {"label": "physio", "days": 30}
    return None


@pytest.mark.parametrize("template", sorted(p for m, p in PUBLIC if m == "GET"))
def test_public_routes_answer_a_stranger(world: World, template: str) -> None:
    response = world.stranger.get(world.path(template), follow_redirects=False)
    assert response.status_code == 200, (template, response.status_code)


def test_static_files_are_public(world: World) -> None:
    assert world.stranger.get("/static/app.css").status_code == 200


# --- HEAD ----------------------------------------------------------------------------------------


def _gets() -> Iterator[str]:
    yield from sorted(p for m, p in EXPECTED if m == "GET")
    yield "/static/app.css"


@pytest.mark.parametrize("template", list(_gets()))
def test_head_answers_wherever_get_does(world: World, template: str) -> None:
    path = world.path(template)
    got = world.ana.get(path, follow_redirects=False)
    head = world.ana.head(path, follow_redirects=False)
    assert head.status_code == got.status_code, path
    assert head.content == b""
    for name in ("content-type", "content-length", "etag", "location"):
        assert head.headers.get(name) == got.headers.get(name), (path, name)
    assert "content-security-policy" in head.headers


def test_head_of_a_post_only_route_is_405_naming_post(world: World) -> None:
    response = world.ana.head("/logout")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert world.ana.put("/login").headers["allow"] == "GET, HEAD, POST"


def test_head_is_logged_as_head(world: World, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    with caplog.at_level(logging.INFO, logger="runstrong.web.access"):
        world.stranger.head("/login")
    assert re.search(r'"method": "HEAD", "path": "/login", "status": 200', caplog.text)
