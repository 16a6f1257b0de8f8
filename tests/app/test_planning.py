"""planning.plan: a typed request, over a saved athlete's profile, built and saved, on both
databases; every error names a neutral field that each shell words its own way."""

from __future__ import annotations

import pytest

from runstrong import app as logbook
from runstrong.app import planning
from runstrong.app.requests import AthleteRequest, LiftRequest, PlanRequest
from runstrong.errors import InputError
from runstrong.settings import Context


def test_a_block_is_1_to_52_weeks_and_a_season_may_add_its_recovery_week() -> None:
    ctx = Context.from_environment()
    for weeks in ("53", "54"):  # one check, one message (it said 1-52 for 53 and 1-53 for 54)
        with pytest.raises(InputError) as refused:
            planning.build(ctx, PlanRequest(goal="strength", phase="off-season", weeks=weeks))
        assert str(refused.value) == f"weeks: must be 1-52; got {weeks}"
    season = planning.build(
        ctx, PlanRequest(goal="strength", start="2027-01-04", race="2027-12-27", weeks=53)
    )
    assert len(season.weeks) == 53


def test_errors_mark_the_fields_they_mention() -> None:
    with pytest.raises(InputError) as refused:
        planning.build(Context.from_environment(), PlanRequest(goal="strength"))
    assert refused.value.field == "phase"
    assert str(refused.value) == "phase: give phase, or race to plan a season to a race"
    worded = refused.value.worded(lambda f: f"--{f}")
    assert worded == "--phase: give --phase, or --race to plan a season to a race"


def test_saving_needs_an_athlete() -> None:
    with pytest.raises(InputError, match=r"^save: needs athlete NAME \(create one with: athlete"):
        planning.plan(Context.from_environment(), PlanRequest(goal="strength", save=True))


def test_the_saved_profile_fills_what_the_request_leaves_out(database_url: str) -> None:
    ctx = Context.from_environment(database_url)
    logbook.create_athlete(
        ctx,
        AthleteRequest(
            name="Ana", units="lb", setup="home", runs="tue=intervals,sat=long", avoid=["knee"]
        ),
    )
    logbook.record_lifts(
        ctx, LiftRequest(athlete="Ana", lifts=("goblet-squat=70", "back-squat=220"))
    )
    request = PlanRequest(
        goal="strength",
        phase="off-season",
        start="2027-01-04",
        lifts=("goblet-squat=80",),
        avoid=("back",),
        athlete="Ana",
        save=True,
    )
    planned = planning.plan(ctx, request)
    plan = planned.plan
    assert plan.athlete.implements.units.value == "lb"  # saved units
    assert plan.athlete.setup == "home"
    assert {x.value for x in plan.athlete.avoid} == {"knee", "back"}
    lifts = {lift.exercise_id: lift.weight for lift in plan.athlete.lifts}
    assert lifts["goblet-squat"] == 80  # the request's lift wins over the saved one
    assert lifts["back-squat"] == 220
    assert planned.plan_id is not None
    [saved] = logbook.plans(ctx, "Ana")
    assert saved.id == planned.plan_id and saved.goal == "strength"
    ctx.close()


def test_a_request_kit_replaces_the_saved_setup(database_url: str) -> None:
    ctx = Context.from_environment(database_url)
    logbook.create_athlete(ctx, AthleteRequest(name="Bo", setup="home"))
    request = PlanRequest(goal="strength", phase="off-season", equipment="band", athlete="Bo")
    plan = planning.plan(ctx, request).plan
    assert plan.athlete.setup is None and {e.value for e in plan.athlete.equipment} == {"band"}
    assert planning.plan(ctx, request).plan_id is None  # not asked to save
    ctx.close()
