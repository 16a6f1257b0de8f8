"""A squad's block: one plan per runner from their own profile, what the coach must see before
publishing, and publishing every plan at once (both databases)."""

from __future__ import annotations

import datetime as dt

import pytest

from runstrong import app as logbook
from runstrong.app import blocks, lifts, schedule
from runstrong.app.requests import AthleteRequest, LiftRequest, LogRequest, PlanRequest
from runstrong.app.sessions import log
from runstrong.errors import InputError
from runstrong.settings import Context

MONDAY = dt.date(2027, 1, 4)
BLOCK = PlanRequest(goal="strength", phase="off-season", weeks=4, sessions=4, start=MONDAY)


@pytest.fixture
def squad(database_url: str) -> Context:
    """A novice, a runner with a sore knee at home, and one with tested and estimated 1RMs."""
    ctx = Context.from_environment(database_url)
    logbook.create_athlete(
        ctx,
        AthleteRequest(name="Ana", runs="tue=intervals,thu=tempo,sat=long", experience="novice"),
    )
    logbook.create_athlete(
        ctx,
        AthleteRequest(name="Bo", runs="mon=easy,wed=intervals,sun=long", avoid=("knee",)),
    )
    logbook.create_athlete(ctx, AthleteRequest(name="Cy", runs="tue=intervals,sat=long"))
    lifts.record_lifts(
        ctx, LiftRequest(athlete="Cy", lifts=("back-squat=100", "romanian-deadlift=90x5"))
    )
    return ctx


def _by_name(rows: list[blocks.Row]) -> dict[str, blocks.Row]:
    return {r.athlete: r for r in rows}


def test_each_runner_gets_their_own_plan_around_their_own_running_week(squad: Context) -> None:
    rows = _by_name(blocks.preview(squad, BLOCK, ["Ana", "Bo", "Cy"]))
    assert [r.plan is not None for r in rows.values()] == [True, True, True]
    bo_days = {d["date"].weekday() for d in blocks.week_grid(rows["Bo"].plan) if d["sessions"]}  # type: ignore[arg-type]
    cy_days = {d["date"].weekday() for d in blocks.week_grid(rows["Cy"].plan) if d["sessions"]}  # type: ignore[arg-type]
    assert bo_days != cy_days  # each placed around their own runs
    grid = blocks.week_grid(rows["Cy"].plan)  # type: ignore[arg-type]
    assert [d["run"] for d in grid] == [None, "intervals", None, None, None, "long", None]
    squats = {
        item.exercise.id: item.load
        for week in rows["Cy"].plan.weeks  # type: ignore[union-attr]
        for session in week.sessions
        for item in session.exercises
    }
    assert squats.get("back-squat") is None or squats["back-squat"] > 0


def test_the_coach_sees_who_got_fewer_sessions_and_by_which_rule(squad: Context) -> None:
    rows = _by_name(blocks.preview(squad, BLOCK, ["Ana", "Bo", "Cy"]))
    ana = rows["Ana"]
    assert ana.sessions_asked == 4 and ana.sessions == 3  # a novice's most, not the default
    assert ana.sessions_rule is not None and "novice-sessions" in ana.sessions_rule
    assert ana.flagged
    assert rows["Cy"].sessions == 4 and rows["Cy"].sessions_rule is None


def test_estimates_loads_by_feel_and_limitations_are_flagged(squad: Context) -> None:
    rows = _by_name(blocks.preview(squad, BLOCK, ["Ana", "Bo", "Cy"]))
    cy, bo = rows["Cy"], rows["Bo"]
    assert "back-squat" not in cy.estimated  # a tested single
    if "romanian-deadlift" in {
        i.exercise.id
        for w in cy.plan.weeks  # type: ignore[union-attr]
        for s in w.sessions
        for i in s.exercises
    }:
        assert "romanian-deadlift" in cy.estimated  # from 90 kg x 5
    assert bo.avoid == ("knee",) and bo.limited  # dosed down for the knee
    assert not cy.limited and not cy.avoid
    assert rows["Ana"].by_feel  # no 1RM known: loads found by feel


def test_a_runner_who_is_not_there_is_named_and_the_rest_are_planned(squad: Context) -> None:
    rows = blocks.preview(squad, BLOCK, ["Cy", "Nobody", "Cy"])
    assert [r.athlete for r in rows] == ["Cy", "Nobody"]
    assert rows[1].plan is None and "Nobody" in (rows[1].error or "")


@pytest.mark.parametrize(
    ("names", "request_", "message"),
    [
        ([], BLOCK, "athletes: the squad has no runners yet"),
        (["Ana"] * 2 + [f"R{i}" for i in range(blocks.MAX_SQUAD)], BLOCK, "athletes: at most"),
        (["Ana"], PlanRequest(goal="strength", phase="off-season", athlete="Ana"), "athlete:"),
    ],
)
def test_a_bad_squad_request_is_refused_naming_the_field(
    squad: Context, names: list[str], request_: PlanRequest, message: str
) -> None:
    with pytest.raises(InputError) as refused:
        blocks.preview(squad, request_, names)
    assert str(refused.value).startswith(message)


def test_publishing_saves_each_plan_and_keeps_what_was_logged(squad: Context) -> None:
    first = blocks.publish(squad, BLOCK, ["Ana", "Bo", "Cy", "Nobody"])
    ids = {row.athlete: plan_id for row, plan_id in first}
    assert ids["Nobody"] is None and all(ids[n] for n in ("Ana", "Bo", "Cy"))
    day = blocks.week_grid(next(r for r, _ in first if r.athlete == "Cy").plan)  # type: ignore[arg-type]
    session_day = next(d["date"] for d in day if d["sessions"])
    done = log(squad, LogRequest(athlete="Cy", entries=("back-squat", "3x5@80"), date=session_day))
    assert done.plan_id == ids["Cy"]
    again = blocks.publish(
        squad,
        PlanRequest(goal="strength", phase="off-season", weeks=4, sessions=2, start=MONDAY),
        ["Cy"],
    )
    newer = again[0][1]
    assert newer is not None and newer != ids["Cy"]
    saved = schedule.plans(squad, "Cy")
    assert [p.id for p in saved] == [ids["Cy"], newer]
    kept = logbook.logged_session(squad, "Cy", done.session_id)
    assert kept.plan_id == ids["Cy"]  # the log still answers the plan it was done for


def test_publishing_through_the_job_queue_runs_once(squad: Context) -> None:
    """A queued block is published by one claim of one runner; the same key queues it once."""
    from runstrong.app import jobs

    now = dt.datetime(2027, 1, 1, 9, 0)
    first = blocks.queue_publish(squad, BLOCK, ["Cy", "Nobody"], now=now, key="squad-1:block-1")
    again = blocks.queue_publish(squad, BLOCK, ["Cy", "Nobody"], now=now, key="squad-1:block-1")
    assert first == again
    runner = jobs.Runner(squad, clock=lambda: now)
    ran = runner.drain()
    assert [j.id for j in ran] == [first]  # one claim; nothing left after it
    done = jobs.job(squad, first)
    assert done.status == jobs.DONE and done.result is not None
    assert [p["athlete"] for p in done.result["published"]] == ["Cy"]
    assert done.result["refused"][0]["athlete"] == "Nobody"
    assert len(schedule.plans(squad, "Cy")) == 1


def test_a_job_payload_with_an_unknown_field_is_refused_by_name() -> None:
    with pytest.raises(InputError) as refused:
        blocks.block_request({"goal": "strength", "athlete": "Ana"})
    assert str(refused.value).startswith("block: unknown field 'athlete'")
