"""app.edits and app.audit on SQLite and PostgreSQL: a coach swaps an exercise (substitutes
first), changes sets, reps, load and day; the validator's new violations block a save without a
reason; the runner's pages read the change; a logged session stays; strangers get NotFound; the
change log lists block publishing and each edit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest

from runstrong.app import accounts, audit, blocks, coaching, edits, lifts, schedule
from runstrong.app.athletes import edit_athlete
from runstrong.app.requests import (
    AthleteEdit,
    ExerciseChange,
    InvitationRequest,
    LiftRequest,
    LogRequest,
    PlanRequest,
    SessionEdit,
)
from runstrong.app.sessions import log
from runstrong.errors import InputError, NotFound
from runstrong.settings import Context
from runstrong.storage.records import User
from runstrong.validation import check_plan

T0 = dt.datetime(2027, 1, 4, 8, 0)
MONDAY = dt.date(2027, 1, 4)
TUESDAY = dt.date(2027, 1, 5)
PASSWORD = "correct horse battery"
BLOCK = PlanRequest(goal="strength", phase="off-season", weeks=4, sessions=2, start=MONDAY)


pytestmark = pytest.mark.usefixtures("cheap_hashes")


@dataclass
class Club:
    ctx: Context
    ana: User  # a runner: intervals Tuesday, long run Saturday; squat 100, RDL 90
    bo: User  # another runner, not coached by Cora
    cora: User  # Ana's coach, who published her block
    dan: User  # another coach
    plan_id: int

    @property
    def athlete(self) -> int:
        assert self.ana.athlete_id is not None
        return self.ana.athlete_id

    def sid(self, day: dt.date = TUESDAY) -> str:
        return edits.sid_of(self.plan_id, day)

    def edit(self, *changes: ExerciseChange, **fields: object) -> SessionEdit:
        sid = fields.pop("sid", self.sid())
        return SessionEdit(
            athlete_id=self.athlete,
            sid=str(sid),
            exercises=changes,
            **fields,  # type: ignore[arg-type]
        )

    def session(self, day: dt.date) -> dict[str, object]:
        plan = schedule.saved_plan(self.ctx, "Ana", self.plan_id).plan
        return next(s for w in plan["weeks"] for s in w["sessions"] if s["date"] == day.isoformat())


@pytest.fixture
def club(database_url: str) -> Iterator[Club]:
    ctx = Context.from_environment(database_url)

    def runner(email: str, name: str) -> User:
        return accounts.sign_up(ctx, email=email, password=PASSWORD, name=name, now=T0)

    def coach(email: str) -> User:
        return accounts.create_user(ctx, email=email, password=PASSWORD, coach=True, now=T0)

    ana, bo = runner("ana@example.org", "Ana"), runner("bo@example.org", "Bo")
    cora, dan = coach("cora@example.org"), coach("dan@example.org")
    edit_athlete(ctx, AthleteEdit(athlete="Ana", runs="tue=intervals,thu=easy,sat=long"))
    lifts.record_lifts(
        ctx, LiftRequest(athlete="Ana", lifts=("back-squat=100", "romanian-deadlift=90"))
    )
    made = coaching.invite(ctx, cora, InvitationRequest(), now=T0)
    coaching.answer(ctx, ana, made.token, accept=True, now=T0)
    ((row, plan_id),) = blocks.publish(ctx, BLOCK, ["Ana"], by=cora, at=T0)
    assert plan_id is not None and row.plan is not None
    yield Club(ctx, ana, bo, cora, dan, plan_id)
    ctx.close()


def _ids(session: dict[str, object]) -> list[str]:
    return [str(x["id"]) for x in session["exercises"]]  # type: ignore[attr-defined]


def test_the_coach_sees_the_session_with_substitutes_first(club: Club) -> None:
    found = edits.planned(club.ctx, club.cora, club.athlete, club.sid(), today=MONDAY)
    assert found.date == TUESDAY and not found.logged
    assert _ids(found.session)[:2] == ["romanian-deadlift", "back-squat"]
    rdl = found.items[0]
    assert rdl.one_rm == 90.0 and rdl.planned["load"] == 72.5  # 80% of 90, to the plates
    # the catalogue's own variation first, then the closest of the same pattern, then the rest
    assert rdl.candidates[0].id == "dumbbell-romanian-deadlift" and rdl.candidates[0].substitute
    assert "single-leg-romanian-deadlift" in [c.id for c in rdl.others]
    assert all(c.substitute for c in rdl.candidates[: len(rdl.substitutes)])
    assert {c.id for c in rdl.candidates}.isdisjoint({"romanian-deadlift"})
    timed = next(x for x in found.items if x.planned["loading"] == "time")
    assert all(
        edits._kind(club.ctx.catalogue.get(c.id).loading.value) == "seconds"
        for c in timed.candidates
    )
    days = {d.date: d for d in found.week}
    assert days[TUESDAY].current and not days[dt.date(2027, 1, 9)].free  # Saturday's session
    assert days[dt.date(2027, 1, 8)].free and days[MONDAY].free


def test_a_swap_keeps_the_dose_and_takes_the_load_by_effort(club: Club) -> None:
    checked = edits.check_edit(
        club.ctx,
        club.cora,
        club.edit(ExerciseChange(index=0, swap="single-leg-romanian-deadlift")),
        today=MONDAY,
    )
    item = checked.session["exercises"][0]
    assert item["id"] == "single-leg-romanian-deadlift" and item["per_side"] is True
    assert (item["sets"], item["reps"], item["reps_max"], item["rest_seconds"]) == (3, 5, 6, 180)
    assert item["load"] is None and item["percent_1rm"] == 80.0 and item["rir"] == 2
    assert checked.lines == ("Romanian deadlift swapped for Single-leg Romanian deadlift",)


def test_sets_reps_and_a_typed_load_become_a_percent_of_the_1rm(club: Club) -> None:
    asked = club.edit(ExerciseChange(index=1, sets=4, reps="4", load="85"))
    checked = edits.check_edit(club.ctx, club.cora, asked, today=MONDAY)
    squat = checked.session["exercises"][1]
    assert (squat["sets"], squat["reps"], squat["reps_max"]) == (4, 4, 4)
    assert squat["percent_1rm"] == 85.0 and squat["load"] == 85.0
    assert squat["plates"] == [25.0, 5.0, 2.5]  # 20 kg bar + 2 x 32.5
    assert "85% of a 1RM of 100 kg" in squat["why"]
    assert checked.lines == ("Back squat: 3x5-6 @ 80% -> 4x4 @ 85%",)
    # a strength dose still, but heavier than week 2's 83%: inside a block intensity holds
    assert checked.rules == ("progression",)
    assert checked.added[0].where == "week 2, back-squat"
    edits.save_edit(club.ctx, club.cora, replace(asked, reason="A test week"), now=T0, today=MONDAY)
    # a new 1RM moves the load: it is a %1RM now, as the runner's pages refresh it
    lifts.record_lifts(club.ctx, LiftRequest(athlete="Ana", lifts=("back-squat=110",)))
    (shown,) = schedule.planned_sessions(club.ctx, "Ana", TUESDAY, TUESDAY)
    assert shown.session["exercises"][1]["load"] == 92.5  # 85% of 110 = 93.5, to the plates


def test_moving_heavy_legs_before_the_long_run_needs_a_reason(club: Club) -> None:
    friday = dt.date(2027, 1, 8)
    asked = club.edit(day=friday.isoformat())
    checked = edits.check_edit(club.ctx, club.cora, asked, today=MONDAY)
    assert "day-before-key-run" in checked.rules and "heavy-legs-spacing" in checked.rules
    assert checked.lines == ("moved from Tue 5 Jan to Fri 8 Jan",)
    assert all(v.where.startswith("week 1") for v in checked.added)  # nothing else is blamed
    with pytest.raises(InputError) as refused:
        edits.save_edit(club.ctx, club.cora, asked, now=T0, today=MONDAY)
    assert refused.value.field == "reason"
    assert "day-before-key-run" in str(refused.value)
    assert "give a reason your runner will see" in str(refused.value)
    assert club.session(TUESDAY)  # nothing saved
    saved = edits.save_edit(
        club.ctx,
        club.cora,
        replace(asked, reason="Her club race moved to Sunday; Saturday is easy now"),
        now=T0,
        today=MONDAY,
    )
    assert saved.checked.sid == club.sid(friday)
    moved = club.session(friday)
    assert moved["day"] == "fri"
    (mark,) = moved["coach_changes"]  # type: ignore[misc]
    assert mark["by"] == "cora@example.org" and mark["reason"].startswith("Her club race")
    assert "day-before-key-run" in mark["rules"]
    with pytest.raises(NotFound):  # the old id is gone
        edits.planned(club.ctx, club.cora, club.athlete, club.sid(), today=MONDAY)
    # the runner's own pages read it: the session of that day, and the plan's change log
    (shown,) = schedule.planned_sessions(club.ctx, "Ana", friday, friday)
    assert shown.session["coach_changes"][0]["lines"] == ["moved from Tue 5 Jan to Fri 8 Jan"]
    log_ = audit.own_changes(club.ctx, "Ana", club.plan_id)
    assert [c.action for c in log_] == ["session.edited", "block.published"]
    assert log_[0].reason == "Her club race moved to Sunday; Saturday is easy now"
    assert log_[0].who == "cora@example.org" and log_[0].user_id == club.cora.id


def test_a_moved_session_keeps_its_comments(club: Club) -> None:
    from runstrong.app import comments

    thursday = dt.date(2027, 1, 7)
    said = comments.add(club.ctx, club.ana, club.sid(), "Knee a bit sore.", now=T0)
    asked = club.edit(day=thursday.isoformat(), reason="Space from the intervals")
    edits.save_edit(club.ctx, club.cora, asked, now=T0, today=MONDAY)
    moved = comments.thread(club.ctx, club.ana, club.sid(thursday))
    assert [(c.id, c.body) for c in moved] == [(said.id, "Knee a bit sore.")]
    with pytest.raises(NotFound):  # nothing is left on the old day's id
        comments.thread(club.ctx, club.ana, club.sid())


def test_bad_values_are_refused_naming_the_field(club: Club) -> None:
    cases = [
        (ExerciseChange(index=1, sets=11), "exercises[0].sets"),
        (ExerciseChange(index=1, sets=0), "exercises[0].sets"),
        (ExerciseChange(index=1, reps="51"), "exercises[0].reps"),
        (ExerciseChange(index=1, reps="6-4"), "exercises[0].reps"),
        (ExerciseChange(index=1, load="-5"), "exercises[0].load"),
        (ExerciseChange(index=1, load="1000"), "exercises[0].load"),
        (ExerciseChange(index=1, load="130"), "exercises[0].load"),  # above the 1RM of 100
        (ExerciseChange(index=1, percent="101"), "exercises[0].percent"),
        (ExerciseChange(index=1, percent="0.5"), "exercises[0].percent"),
        (ExerciseChange(index=1, load="80", percent="80"), "exercises[0].load"),
        (ExerciseChange(index=2, load="10"), "exercises[0].load"),  # pull-ups: bodyweight
        (ExerciseChange(index=0, swap="no-such-lift"), "exercises[0].swap"),
        (ExerciseChange(index=0, swap="side-plank"), "exercises[0].swap"),  # timed, not reps
        (ExerciseChange(index=4, reps="8"), "exercises[0].reps"),  # the side plank is timed
        (ExerciseChange(index=9), "exercises[0].index"),
    ]
    for change, field in cases:
        with pytest.raises(InputError) as refused:
            edits.check_edit(club.ctx, club.cora, club.edit(change), today=MONDAY)
        assert refused.value.field == field, (change, str(refused.value))
    for day, why in (
        ("2027-01-11", "must be in the session's week"),
        ("2027-01-09", "has a session already"),
        ("2027-01-04", "is past"),
    ):
        today = TUESDAY if day == "2027-01-04" else MONDAY
        with pytest.raises(InputError) as refused:
            edits.check_edit(club.ctx, club.cora, club.edit(day=day), today=today)
        assert refused.value.field == "day" and why in str(refused.value)
    with pytest.raises(InputError) as refused:
        edits.save_edit(club.ctx, club.cora, club.edit(), now=T0, today=MONDAY)
    assert refused.value.field == "exercises" and "nothing changed" in str(refused.value)


def test_a_swap_the_kit_cannot_do_is_refused(club: Club) -> None:
    edit_athlete(club.ctx, AthleteEdit(athlete="Ana", setup="home"))
    home = PlanRequest(goal="strength", phase="off-season", weeks=1, sessions=2, start=MONDAY)
    ((_row, plan_id),) = blocks.publish(club.ctx, home, ["Ana"], by=club.cora, at=T0)
    assert plan_id is not None
    plan = schedule.saved_plan(club.ctx, "Ana", plan_id).plan
    assert "barbell" not in plan["equipment"]
    session = plan["weeks"][0]["sessions"][0]
    day = dt.date.fromisoformat(session["date"])
    hinge = next(i for i, x in enumerate(session["exercises"]) if x["pattern"] == "hinge")
    asked = SessionEdit(
        athlete_id=club.athlete,
        sid=edits.sid_of(plan_id, day),
        exercises=(ExerciseChange(index=hinge, swap="romanian-deadlift"),),
    )
    with pytest.raises(InputError) as refused:
        edits.check_edit(club.ctx, club.cora, asked, today=MONDAY)
    assert refused.value.field == "exercises[0].swap" and "needs barbell" in str(refused.value)
    found = edits.planned(club.ctx, club.cora, club.athlete, asked.sid, today=MONDAY)
    assert "romanian-deadlift" not in {c.id for c in found.items[hinge].candidates}


def test_a_logged_session_is_refused(club: Club) -> None:
    log(club.ctx, LogRequest(athlete="Ana", entries=("back-squat", "3x5@80"), date=TUESDAY))
    found = edits.planned(club.ctx, club.cora, club.athlete, club.sid(), today=MONDAY)
    assert found.logged
    with pytest.raises(InputError) as refused:
        edits.save_edit(
            club.ctx, club.cora, club.edit(ExerciseChange(index=1, sets=4)), now=T0, today=MONDAY
        )
    assert refused.value.field == "session" and "logged" in str(refused.value)
    assert club.session(TUESDAY)["exercises"][1]["sets"] == 3  # type: ignore[index]


def test_strangers_get_not_found(club: Club) -> None:
    asked = club.edit(ExerciseChange(index=1, sets=4))
    for who in (club.dan, club.bo):
        with pytest.raises(NotFound):
            edits.planned(club.ctx, who, club.athlete, club.sid(), today=MONDAY)
        with pytest.raises(NotFound):
            edits.check_edit(club.ctx, who, asked, today=MONDAY)
        with pytest.raises(NotFound):
            edits.save_edit(club.ctx, who, asked, now=T0, today=MONDAY)
        with pytest.raises(NotFound):
            audit.athlete_changes(club.ctx, who, club.athlete)
        with pytest.raises(NotFound):
            edits.upcoming(club.ctx, who, club.athlete, today=MONDAY)
    for sid in (
        "1-2027-01-06",
        f"{club.plan_id}-2027-02-30",
        "x",
        f"{club.plan_id + 9}-2027-01-05",
    ):
        with pytest.raises(NotFound):
            edits.planned(club.ctx, club.cora, club.athlete, sid, today=MONDAY)
    with pytest.raises(NotFound):  # Bo's plan id is not Ana's
        audit.own_changes(club.ctx, "Ana", club.plan_id + 100)
    assert audit.own_changes(club.ctx, "Bo") == []


def test_a_runner_who_left_is_out_of_reach(club: Club) -> None:
    (link,) = coaching.coaches(club.ctx, club.ana)
    coaching.leave(club.ctx, club.ana, link.id, now=T0)
    with pytest.raises(NotFound):
        edits.planned(club.ctx, club.cora, club.athlete, club.sid(), today=MONDAY)


def test_the_change_log_lists_the_block_and_each_edit(club: Club) -> None:
    edits.save_edit(
        club.ctx, club.cora, club.edit(ExerciseChange(index=1, sets=4)), now=T0, today=MONDAY
    )
    later = T0 + dt.timedelta(hours=1)
    edits.save_edit(
        club.ctx,
        club.cora,
        club.edit(ExerciseChange(index=0, swap="dumbbell-romanian-deadlift")),
        now=later,
        today=MONDAY,
    )
    found = audit.athlete_changes(club.ctx, club.cora, club.athlete)
    assert [c.action for c in found] == ["session.edited", "session.edited", "block.published"]
    assert found[0].detail == ("Romanian deadlift swapped for Dumbbell Romanian deadlift",)
    assert found[1].detail == ("Back squat: 3x5-6 @ 80% -> 4x5-6 @ 80%",)
    assert found[2].summary.startswith("New block: strength, off-season, 4 week(s)")
    assert found[2].who == "cora@example.org" and found[2].plan_id == club.plan_id
    assert found[0].summary == "Changed the session of Tue 5 Jan"
    marks = club.session(TUESDAY)["coach_changes"]
    assert len(marks) == 2  # type: ignore[arg-type]
    assert edits.upcoming(club.ctx, club.cora, club.athlete, today=MONDAY)[0].changed


def test_a_save_changes_only_the_session_and_what_it_adds(club: Club) -> None:
    before = schedule.saved_plan(club.ctx, "Ana", club.plan_id).plan
    asked = club.edit(ExerciseChange(index=1, sets=4))
    edits.save_edit(club.ctx, club.cora, asked, now=T0, today=MONDAY)
    after = schedule.saved_plan(club.ctx, "Ana", club.plan_id).plan
    assert after["weeks"][1:] == before["weeks"][1:]
    assert after["weeks"][0]["sessions"][1] == before["weeks"][0]["sessions"][1]
    assert set(check_plan(after)) <= set(check_plan(before))
