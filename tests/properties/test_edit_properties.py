"""Any edit a coach saves without a reason leaves a plan on which the validator finds no
violation it did not find before (app/edits.py): the override needs a reason, always."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runstrong.app import accounts, blocks, coaching, edits, lifts, schedule
from runstrong.app.athletes import edit_athlete
from runstrong.app.requests import (
    AthleteEdit,
    ExerciseChange,
    InvitationRequest,
    LiftRequest,
    PlanRequest,
    SessionEdit,
)
from runstrong.errors import InputError
from runstrong.settings import Context
from runstrong.storage import writes
from runstrong.storage.records import User
from runstrong.validation import check_plan

T0 = dt.datetime(2027, 1, 4, 8, 0)
MONDAY = dt.date(2027, 1, 4)
PASSWORD = "correct horse battery"


@dataclass
class World:
    ctx: Context
    coach: User
    athlete: int
    plan_id: int


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from argon2 import PasswordHasher

    folder: Path = tmp_path_factory.mktemp("edits")
    ctx = Context.from_environment(f"sqlite:///{folder / 'edits.db'}")
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    hasher = accounts._hasher
    accounts._hasher = lambda: cheap  # type: ignore[assignment]
    try:
        ana = accounts.sign_up(ctx, email="ana@example.org", password=PASSWORD, name="Ana", now=T0)
        cora = accounts.create_user(
            ctx, email="cora@example.org", password=PASSWORD, coach=True, now=T0
        )
    finally:
        accounts._hasher = hasher  # type: ignore[method-assign]
    edit_athlete(ctx, AthleteEdit(athlete="Ana", runs="tue=intervals,thu=tempo,sat=long"))
    lifts.record_lifts(
        ctx,
        LiftRequest(
            athlete="Ana", lifts=("back-squat=100", "romanian-deadlift=90", "goblet-squat=24")
        ),
    )
    made = coaching.invite(ctx, cora, InvitationRequest(), now=T0)
    coaching.answer(ctx, ana, made.token, accept=True, now=T0)
    block = PlanRequest(goal="strength", phase="pre-season", weeks=3, sessions=3, start=MONDAY)
    ((_row, plan_id),) = blocks.publish(ctx, block, ["Ana"], by=cora, at=T0)
    assert plan_id is not None and ana.athlete_id is not None
    yield World(ctx, cora, ana.athlete_id, plan_id)
    ctx.close()


def _near(value: object, step: float, low: float, high: float) -> st.SearchStrategy[float]:
    """A value a coach might type instead: the planned one, one step either side, or anything
    in bounds (most of those break a rule: the point is that none slips through)."""
    if not isinstance(value, int | float):
        return st.floats(low, high).map(lambda x: round(x, 1))
    near = [v for v in (value - step, value, value + step) if low <= v <= high]
    return st.one_of(st.sampled_from(near), st.floats(low, high).map(lambda x: round(x, 1)))


@st.composite
def changes(draw: st.DrawFn, found: edits.Planned) -> SessionEdit:
    picked = draw(
        st.lists(st.sampled_from(found.items), max_size=3, unique_by=lambda x: x.index)
        if found.items
        else st.just([])
    )
    out = []
    for item in picked:
        e = item.planned
        swap = None
        if item.candidates and draw(st.booleans()):
            swap = draw(st.sampled_from(item.substitutes or item.candidates)).id
        timed = e.get("loading") == "time"
        sets = draw(st.one_of(st.none(), _near(e.get("sets"), 1, 1, 10).map(int)))
        reps = None if timed else draw(st.one_of(st.none(), _near(e.get("reps"), 1, 1, 20)))
        seconds = draw(st.one_of(st.none(), _near(e.get("seconds"), 5, 5, 90))) if timed else None
        load = percent = None
        if e.get("loading") == "1rm" and swap is None:
            percent = draw(st.one_of(st.none(), _near(e.get("percent_1rm"), 2.5, 1, 100)))
            if percent is None and item.one_rm:
                load = draw(st.one_of(st.none(), st.floats(10, item.one_rm)))
        out.append(
            ExerciseChange(
                index=item.index,
                swap=swap,
                sets=sets,
                reps=None if reps is None else int(reps),
                seconds=None if seconds is None else int(seconds),
                load=None if load is None else f"{load:.1f}",
                percent=None if percent is None else f"{percent:g}",
            )
        )
    free = [d.date for d in found.week if d.free or d.current]
    day = draw(st.one_of(st.none(), st.sampled_from(free)))
    return SessionEdit(
        athlete_id=found.link.athlete_id,
        sid=found.sid,
        exercises=tuple(out),
        day=day,
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_an_edit_saved_without_a_reason_adds_no_violation(
    world: World, data: st.DataObject
) -> None:
    sessions = edits.upcoming(world.ctx, world.coach, world.athlete, today=MONDAY)
    which = data.draw(st.sampled_from(sessions))
    found = edits.planned(world.ctx, world.coach, world.athlete, which.sid, today=MONDAY)
    asked = data.draw(changes(found))
    record = schedule.saved_plan(world.ctx, "Ana", world.plan_id)
    before = record.plan
    try:
        _saved_only_when_clean(world, asked, before)
    finally:  # every example starts from the published plan, whatever the one before saved
        with world.ctx.db.write() as s:
            writes.update_plan(
                s, world.athlete, world.plan_id, plan=before, start=record.start, end=record.end
            )


def _saved_only_when_clean(world: World, asked: SessionEdit, before: dict[str, Any]) -> None:
    try:
        checked = edits.check_edit(world.ctx, world.coach, asked, today=MONDAY)
        edits.save_edit(world.ctx, world.coach, asked, now=T0, today=MONDAY)
    except InputError as refused:
        assert refused.field in ("reason", "exercises") or refused.field.startswith("exercises[")
        if refused.field == "reason":
            assert checked.added  # refused exactly when the check found a new violation
        return
    assert not checked.added
    after = schedule.saved_plan(world.ctx, "Ana", world.plan_id).plan
    assert not Counter(check_plan(after)) - Counter(check_plan(before))
