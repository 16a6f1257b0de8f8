"""app.coaching on SQLite and PostgreSQL: who coaches, invitations by link and by code (once,
within a week, for the right login), accepting, declining, leaving, managed athletes and their
hand-over, squads; and the one access rule: another coach's or runner's ids are NotFound."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from runstrong.app import accounts, coaching
from runstrong.app.requests import AthleteRequest, InvitationRequest, SquadEdit
from runstrong.errors import InputError, NotFound
from runstrong.settings import Context
from runstrong.storage import coaching as store
from runstrong.storage.records import User

T0 = dt.datetime(2027, 1, 4, 8, 0)
PASSWORD = "correct horse battery"


pytestmark = pytest.mark.usefixtures("cheap_hashes")


@dataclass
class People:
    ctx: Context
    owner: User  # a runner with an athlete, the database's first user
    ana: User  # a runner
    bo: User  # a runner
    cora: User  # a coach account
    dan: User  # another coach account


@pytest.fixture
def people(database_url: str) -> Iterator[People]:
    ctx = Context.from_environment(database_url)

    def runner(email: str, name: str) -> User:
        return accounts.sign_up(ctx, email=email, password=PASSWORD, name=name, now=T0)

    def coach(email: str) -> User:
        return accounts.create_user(ctx, email=email, password=PASSWORD, coach=True, now=T0)

    owner = runner("owner@example.org", "Olga")
    yield People(
        ctx,
        owner,
        runner("ana@example.org", "Ana"),
        runner("bo@example.org", "Bo"),
        coach("cora@example.org"),
        coach("dan@example.org"),
    )
    ctx.close()


def _revision(ctx: Context, athlete_id: int) -> int:
    with ctx.db.read() as s:
        return int(s.rows("SELECT revision FROM athletes WHERE id = :id", {"id": athlete_id})[0][0])


def _coach(p: People, runner: User, coach: User | None = None) -> store.CoachLink:
    made = coaching.invite(p.ctx, coach or p.cora, InvitationRequest(), now=T0)
    found = coaching.answer(p.ctx, runner, made.token, accept=True, now=T0)
    assert found is not None
    return found


def test_roles_coach_accounts_and_runners_who_turn_coaching_on(people: People) -> None:
    p = people
    assert p.owner.role == "owner" and p.cora.role == "coach"
    assert coaching.is_coach(p.ctx, p.cora)
    assert not coaching.is_coach(p.ctx, p.ana)
    with pytest.raises(NotFound):
        coaching.overview(p.ctx, p.ana)
    assert p.ana.athlete_id is not None
    before = _revision(p.ctx, p.ana.athlete_id)
    coaching.set_coaching(p.ctx, p.ana, True, now=T0)
    assert coaching.is_coach(p.ctx, p.ana)
    assert _revision(p.ctx, p.ana.athlete_id) == before + 1  # her pages show the Coach link
    assert coaching.overview(p.ctx, p.ana).athletes == []
    with pytest.raises(InputError, match="always coaches"):
        coaching.set_coaching(p.ctx, p.cora, False, now=T0)


def test_an_invitation_by_link_or_code_shows_the_coach(people: People) -> None:
    p = people
    made = coaching.invite(p.ctx, p.cora, InvitationRequest(), now=T0)
    assert len(made.code) == 11 and made.code[5] == "-"
    by_link = coaching.invitation(p.ctx, p.ana, made.token, now=T0)
    by_code = coaching.invitation(p.ctx, p.ana, made.code.lower().replace("-", " "), now=T0)
    assert by_link == by_code
    assert (by_link.coach_email, by_link.email, by_link.athlete) == ("cora@example.org", None, None)
    assert by_link.expires == T0 + dt.timedelta(days=7)
    with p.ctx.db.read() as s:  # only hashes are stored
        rows = s.rows("SELECT token_hash, code_hash FROM coach_invitations")
    assert made.token not in str(rows) and made.code.replace("-", "") not in str(rows)


def test_accepting_links_and_declining_does_not(people: People) -> None:
    p = people
    assert p.ana.athlete_id is not None and p.bo.athlete_id is not None
    before = _revision(p.ctx, p.ana.athlete_id)
    link = _coach(p, p.ana)
    assert (link.athlete, link.coach_email, link.managed, link.login) == (
        "Ana",
        "cora@example.org",
        False,
        True,
    )
    assert _revision(p.ctx, p.ana.athlete_id) == before + 1
    assert coaching.coached_athlete(p.ctx, p.cora, p.ana.athlete_id) == link
    assert coaching.coaches(p.ctx, p.ana) == [link]
    made = coaching.invite(p.ctx, p.cora, InvitationRequest(), now=T0)
    assert coaching.answer(p.ctx, p.bo, made.token, accept=False, now=T0) is None
    with pytest.raises(NotFound):
        coaching.coached_athlete(p.ctx, p.cora, p.bo.athlete_id)
    assert [i.outcome for i in coaching.invitations(p.ctx, p.cora)] == ["declined", "accepted"]


def test_an_invitation_is_used_once(people: People) -> None:
    p = people
    made = coaching.invite(p.ctx, p.cora, InvitationRequest(), now=T0)
    coaching.answer(p.ctx, p.ana, made.token, accept=True, now=T0)
    for secret in (made.token, made.code):
        with pytest.raises(NotFound):
            coaching.invitation(p.ctx, p.bo, secret, now=T0)
        with pytest.raises(NotFound):
            coaching.answer(p.ctx, p.bo, secret, accept=True, now=T0)
    assert [a.athlete for a in coaching.overview(p.ctx, p.cora).athletes] == ["Ana"]


def test_an_invitation_expires_after_a_week(people: People) -> None:
    p = people
    made = coaching.invite(p.ctx, p.cora, InvitationRequest(), now=T0)
    late = T0 + coaching.INVITATION_LIFETIME
    assert coaching.invitation(p.ctx, p.ana, made.token, now=late - dt.timedelta(seconds=1))
    with pytest.raises(NotFound):
        coaching.answer(p.ctx, p.ana, made.token, accept=True, now=late)
    assert coaching.overview(p.ctx, p.cora).athletes == []


def test_an_invitation_for_an_email_is_only_that_logins(people: People) -> None:
    p = people
    made = coaching.invite(p.ctx, p.cora, InvitationRequest(email=" BO@example.org "), now=T0)
    assert made.invitation.email == "bo@example.org"
    for other in (p.ana, p.cora, p.dan):
        with pytest.raises(NotFound):
            coaching.answer(p.ctx, other, made.token, accept=True, now=T0)
    assert coaching.answer(p.ctx, p.bo, made.token, accept=True, now=T0) is not None
    with pytest.raises(InputError, match="your own address"):
        coaching.invite(p.ctx, p.cora, InvitationRequest(email="cora@example.org"), now=T0)


def test_a_coach_who_stopped_coaching_has_no_open_invitations(people: People) -> None:
    p = people
    coaching.set_coaching(p.ctx, p.ana, True, now=T0)
    made = coaching.invite(p.ctx, p.ana, InvitationRequest(), now=T0)
    coaching.set_coaching(p.ctx, p.ana, False, now=T0)
    with pytest.raises(NotFound):
        coaching.invitation(p.ctx, p.bo, made.token, now=T0)


def test_the_coach_withdraws_only_their_own_open_invitations(people: People) -> None:
    p = people
    made = coaching.invite(p.ctx, p.cora, InvitationRequest(), now=T0)
    for user, invitation_id in ((p.dan, made.invitation.id), (p.cora, 999), (p.cora, 2**70)):
        with pytest.raises(NotFound):
            coaching.revoke_invitation(p.ctx, user, invitation_id, now=T0)
    coaching.revoke_invitation(p.ctx, p.cora, made.invitation.id, now=T0)
    with pytest.raises(NotFound):
        coaching.invitation(p.ctx, p.ana, made.token, now=T0)
    with pytest.raises(NotFound):  # withdrawn once
        coaching.revoke_invitation(p.ctx, p.cora, made.invitation.id, now=T0)


def test_leaving_ends_access_and_squads_at_once(people: People) -> None:
    p = people
    assert p.ana.athlete_id is not None
    link = _coach(p, p.ana)
    squad = coaching.create_squad(p.ctx, p.cora, "Tuesday", now=T0)
    coaching.add_member(p.ctx, p.cora, squad.id, p.ana.athlete_id, now=T0)
    with pytest.raises(NotFound):  # Bo cannot end Ana's link, nor Cora
        coaching.leave(p.ctx, p.bo, link.id, now=T0)
    with pytest.raises(NotFound):
        coaching.leave(p.ctx, p.cora, link.id, now=T0)
    before = _revision(p.ctx, p.ana.athlete_id)
    ended = coaching.leave(p.ctx, p.ana, link.id, now=T0)
    assert ended.ended == T0
    assert _revision(p.ctx, p.ana.athlete_id) == before + 1
    with pytest.raises(NotFound):
        coaching.coached_athlete(p.ctx, p.cora, p.ana.athlete_id)
    assert coaching.squad_view(p.ctx, p.cora, squad.id).members == []
    assert coaching.coaches(p.ctx, p.ana) == []
    with pytest.raises(NotFound):
        coaching.leave(p.ctx, p.ana, link.id, now=T0)
    # A new invitation, accepted, starts a new link; the squads are not restored.
    again = _coach(p, p.ana)
    assert again.id != link.id
    assert coaching.squad_view(p.ctx, p.cora, squad.id).members == []


def test_a_coach_stops_coaching_a_runner(people: People) -> None:
    """The coach's side of leaving: access and squads end at once, the runner's data and their
    other coach stay, and a managed athlete cannot be let go (no one else to go to)."""
    p = people
    assert p.ana.athlete_id is not None and p.bo.athlete_id is not None
    _coach(p, p.ana)
    dans = _coach(p, p.ana, p.dan)
    squad = coaching.create_squad(p.ctx, p.cora, "Tuesday", now=T0)
    coaching.add_member(p.ctx, p.cora, squad.id, p.ana.athlete_id, now=T0)
    with pytest.raises(NotFound):  # not Dan's to end for Cora, nor Bo's athlete
        coaching.release(p.ctx, p.cora, p.bo.athlete_id, now=T0)
    with pytest.raises(NotFound):
        coaching.release(p.ctx, p.bo, p.ana.athlete_id, now=T0)
    before = _revision(p.ctx, p.ana.athlete_id)
    ended = coaching.release(p.ctx, p.cora, p.ana.athlete_id, now=T0)
    assert (ended.ended, ended.athlete_id) == (T0, p.ana.athlete_id)
    assert _revision(p.ctx, p.ana.athlete_id) == before + 1
    with pytest.raises(NotFound):
        coaching.coached_athlete(p.ctx, p.cora, p.ana.athlete_id)
    assert coaching.squad_view(p.ctx, p.cora, squad.id).members == []
    assert [c.id for c in coaching.coaches(p.ctx, p.ana)] == [dans.id]
    assert coaching.coached_athlete(p.ctx, p.dan, p.ana.athlete_id).id == dans.id
    with pytest.raises(NotFound):  # once
        coaching.release(p.ctx, p.cora, p.ana.athlete_id, now=T0)

    junior = coaching.create_managed(p.ctx, p.cora, AthleteRequest(name="Jo"), now=T0)
    with pytest.raises(InputError) as refused:
        coaching.release(p.ctx, p.cora, junior.athlete_id, now=T0)
    assert refused.value.field == "athlete" and "hand it to a login" in str(refused.value)
    assert coaching.coached_athlete(p.ctx, p.cora, junior.athlete_id).managed


def test_a_coach_deletes_an_athlete_they_manage(people: People) -> None:
    """A junior who left: deleted with everything logged for them once their name is typed;
    a wrong name deletes nothing; a runner with a login and another coach's junior are not
    the coach's to delete."""
    from runstrong.app import schedule
    from runstrong.storage import repository as repo

    p = people
    jo = coaching.create_managed(p.ctx, p.cora, AthleteRequest(name="Junior Jo"), now=T0)
    schedule.save_plan(p.ctx, "Junior Jo", {"schema": "runstrong.plan/1", "weeks": []}, {})
    dans = coaching.create_managed(p.ctx, p.dan, AthleteRequest(name="Kim"), now=T0)
    assert p.ana.athlete_id is not None
    _coach(p, p.ana)
    for typed in ("", "Junior", "Jo Junior", "Kim"):
        with pytest.raises(InputError) as wrong:
            coaching.delete_managed_athlete(p.ctx, p.cora, jo.athlete_id, typed)
        assert wrong.value.field == "confirm" and "Junior Jo" in str(wrong.value)
    with pytest.raises(NotFound):
        coaching.delete_managed_athlete(p.ctx, p.cora, dans.athlete_id, "Kim")
    with pytest.raises(InputError) as theirs:
        coaching.delete_managed_athlete(p.ctx, p.cora, p.ana.athlete_id, "Ana")
    assert theirs.value.field == "athlete"
    assert coaching.coached_athlete(p.ctx, p.cora, jo.athlete_id).managed  # still there
    assert coaching.delete_managed_athlete(p.ctx, p.cora, jo.athlete_id, "  junior JO ") == (
        "Junior Jo"
    )
    with pytest.raises(NotFound):
        coaching.coached_athlete(p.ctx, p.cora, jo.athlete_id)
    with p.ctx.db.read() as s:
        with pytest.raises(NotFound):
            repo.athlete(s, "Junior Jo")
        assert repo.plans(s, jo.athlete_id) == []
        assert repo.athlete(s, "Kim").id == dans.athlete_id  # Dan's junior stays
    assert [link.athlete for link in coaching.overview(p.ctx, p.cora).athletes] == ["Ana"]


def test_a_managed_athlete_and_its_hand_over(people: People) -> None:
    p = people
    junior = coaching.create_managed(
        p.ctx, p.cora, AthleteRequest(name="Jo", units="lb", runs="tue=intervals"), now=T0
    )
    assert (junior.managed, junior.login, junior.athlete) == (True, False, "Jo")
    view = coaching.athlete_view(p.ctx, p.cora, junior.athlete_id)
    assert (view.athlete.units, view.athlete.runs) == ("lb", "tue=intervals")
    with pytest.raises(NotFound):  # Dan can neither see nor hand over Cora's junior
        coaching.athlete_view(p.ctx, p.dan, junior.athlete_id)
    with pytest.raises(NotFound):
        coaching.invite(p.ctx, p.dan, InvitationRequest(athlete_id=junior.athlete_id), now=T0)
    made = coaching.invite(p.ctx, p.cora, InvitationRequest(athlete_id=junior.athlete_id), now=T0)
    with pytest.raises(InputError, match="has an athlete profile already"):
        coaching.answer(p.ctx, p.ana, made.token, accept=True, now=T0)
    jo = accounts.create_user(p.ctx, email="jo@example.org", password=PASSWORD, now=T0)
    link = coaching.answer(p.ctx, jo, made.token, accept=True, now=T0)
    assert link is not None and (link.managed, link.login) == (False, True)
    jo = accounts.user_by_email(p.ctx, "jo@example.org")
    assert (jo.athlete, jo.athlete_id) == ("Jo", junior.athlete_id)
    assert coaching.coaches(p.ctx, jo) == [link]
    coaching.leave(p.ctx, jo, link.id, now=T0)
    with pytest.raises(NotFound):
        coaching.athlete_view(p.ctx, p.cora, junior.athlete_id)
    ana = InvitationRequest(athlete_id=_coach(p, p.ana).athlete_id)
    with pytest.raises(InputError, match="has a login already"):
        coaching.invite(p.ctx, p.cora, ana, now=T0)


def test_a_runner_without_a_profile_cannot_accept_a_plain_invitation(people: People) -> None:
    p = people
    made = coaching.invite(p.ctx, p.cora, InvitationRequest(), now=T0)
    with pytest.raises(InputError, match="no athlete profile"):
        coaching.answer(p.ctx, p.dan, made.token, accept=True, now=T0)
    assert coaching.invitation(p.ctx, p.ana, made.token, now=T0)  # still open


def test_squads_are_the_coachs_own(people: People) -> None:
    p = people
    assert p.ana.athlete_id is not None and p.bo.athlete_id is not None
    _coach(p, p.ana)
    _coach(p, p.bo, p.dan)
    first = coaching.create_squad(p.ctx, p.cora, "Tuesday", now=T0)
    second = coaching.create_squad(p.ctx, p.cora, "Hills", now=T0)
    theirs = coaching.create_squad(p.ctx, p.dan, "Tuesday", now=T0)  # another coach: fine
    for squad in (first, second):  # one athlete in several squads
        coaching.add_member(p.ctx, p.cora, squad.id, p.ana.athlete_id, now=T0)
    coaching.add_member(p.ctx, p.cora, first.id, p.ana.athlete_id, now=T0)  # no double
    assert [q.size for q in coaching.overview(p.ctx, p.cora).squads] == [1, 1]
    with pytest.raises(NotFound):  # Dan's athlete in Cora's squad
        coaching.add_member(p.ctx, p.cora, first.id, p.bo.athlete_id, now=T0)
    with pytest.raises(NotFound):  # Cora's athlete in Dan's squad
        coaching.add_member(p.ctx, p.dan, theirs.id, p.ana.athlete_id, now=T0)
    for user, squad_id in ((p.dan, first.id), (p.ana, first.id), (p.cora, theirs.id)):
        with pytest.raises(NotFound):
            coaching.squad_view(p.ctx, user, squad_id)
        with pytest.raises(NotFound):
            coaching.edit_squad(p.ctx, user, SquadEdit(squad_id=squad_id, name="Mine"), now=T0)
    with pytest.raises(InputError, match="already"):
        coaching.create_squad(p.ctx, p.cora, " hills ", now=T0)
    renamed = coaching.edit_squad(p.ctx, p.cora, SquadEdit(squad_id=first.id, name="Track"), now=T0)
    assert renamed.name == "Track"
    archive = SquadEdit(squad_id=first.id, archived=True)
    assert coaching.edit_squad(p.ctx, p.cora, archive, now=T0).archived_at == T0
    with pytest.raises(InputError, match="archived"):
        coaching.remove_member(p.ctx, p.cora, first.id, p.ana.athlete_id)
    back = coaching.edit_squad(p.ctx, p.cora, SquadEdit(squad_id=first.id, archived=False), now=T0)
    assert back.archived_at is None
    coaching.remove_member(p.ctx, p.cora, first.id, p.ana.athlete_id)
    assert [a.athlete for a in coaching.squad_view(p.ctx, p.cora, second.id).members] == ["Ana"]
    assert coaching.squad_view(p.ctx, p.cora, first.id).others[0].athlete == "Ana"


def test_deleting_a_coach_deletes_their_managed_athletes_only(people: People) -> None:
    p = people
    _coach(p, p.ana)
    coaching.create_managed(p.ctx, p.cora, AthleteRequest(name="Jo"), now=T0)
    accounts.delete_account(p.ctx, p.cora.id)
    from runstrong.app import athletes

    assert [a.name for a in athletes.list_athletes(p.ctx)] == ["Ana", "Bo", "Olga"]
    assert coaching.coaches(p.ctx, p.ana) == []


def test_an_invitation_answered_twice_at_once_is_used_once(people: People) -> None:
    """The storage's conditional update: the second use finds it used."""
    p = people
    made = coaching.invite(p.ctx, p.cora, InvitationRequest(), now=T0)
    with p.ctx.db.write() as s:
        assert store.use_invitation(s, made.invitation.id, "accepted", T0)
        assert not store.use_invitation(s, made.invitation.id, "declined", T0)
    with p.ctx.db.read() as s:
        assert s.rows("SELECT outcome FROM coach_invitations") == [("accepted",)]


def test_restoring_a_runner_over_themselves_keeps_their_coach_and_squads(people: People) -> None:
    from runstrong.app import backups

    p = people
    assert p.ana.athlete_id is not None
    link = _coach(p, p.ana)
    squad = coaching.create_squad(p.ctx, p.cora, "Tuesday", now=T0)
    coaching.add_member(p.ctx, p.cora, squad.id, p.ana.athlete_id, now=T0)
    junior = coaching.create_managed(p.ctx, p.cora, AthleteRequest(name="Jo"), now=T0)
    handover = coaching.invite(
        p.ctx, p.cora, InvitationRequest(athlete_id=junior.athlete_id), now=T0
    )
    backups.restore_own(p.ctx, p.ana.id, backups.backup(p.ctx, "Ana"))
    ana = accounts.user_by_email(p.ctx, "ana@example.org")
    assert ana.athlete_id is not None and ana.athlete_id != p.ana.athlete_id  # re-created
    again = coaching.coached_athlete(p.ctx, p.cora, ana.athlete_id)
    assert (again.since, again.managed) == (link.since, False)
    assert [m.athlete for m in coaching.squad_view(p.ctx, p.cora, squad.id).members] == ["Ana"]
    # The same for a managed athlete restored by the server's owner, with its hand-over.
    backups.restore(p.ctx, backups.RestoreRequest(data=backups.backup(p.ctx, "Jo"), replace=True))
    jo = coaching.overview(p.ctx, p.cora).athletes[-1]
    assert (jo.athlete, jo.managed) == ("Jo", True) and jo.athlete_id != junior.athlete_id
    assert coaching.invitation(p.ctx, p.ana, handover.token, now=T0).athlete_id == jo.athlete_id


def test_two_invitations_accepted_at_once_make_one_link(people: People) -> None:
    import threading

    p = people
    made = [coaching.invite(p.ctx, p.cora, InvitationRequest(), now=T0) for _ in range(2)]
    start = threading.Barrier(2)
    answers: list[str] = []

    def accept(token: str) -> None:
        start.wait()
        try:
            coaching.answer(p.ctx, p.ana, token, accept=True, now=T0)
            answers.append("linked")
        except InputError as exc:
            answers.append(str(exc))

    threads = [threading.Thread(target=accept, args=(m.token,)) for m in made]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == ["invitation: cora@example.org coaches you already", "linked"]
    assert len(coaching.coaches(p.ctx, p.ana)) == 1
