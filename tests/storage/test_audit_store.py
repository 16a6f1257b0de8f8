"""storage.audit on SQLite and PostgreSQL: entries come back newest first with their lines and
reason, one plan's entries can be asked alone, and an entry outlives its author's account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from runstrong.settings import Context
from runstrong.storage import audit
from runstrong.storage import repository as repo

T0 = dt.datetime(2027, 1, 4, 8, 0, 0, 123456)


@pytest.fixture
def ctx(database_url: str) -> Iterator[Context]:
    context = Context.from_environment(database_url)
    yield context
    context.close()


def test_the_change_log_keeps_who_what_when_and_why(ctx: Context) -> None:
    with ctx.db.write() as s:
        ana = repo.create_athlete(s, name="Ana", units="kg", setup=None).id
        coach = repo.create_user(
            s, email="cora@example.org", password_hash="x", athlete_id=None, role="coach",
            created=T0,
        )  # fmt: skip
        plan = repo.save_plan(
            s, ana, plan={"schema": "runstrong.plan/1", "weeks": []}, inputs={}, start=None,
            end=None, goal="strength", phase="off-season",
        )  # fmt: skip
        other = repo.save_plan(
            s, ana, plan={"schema": "runstrong.plan/1", "weeks": []}, inputs={}, start=None,
            end=None, goal="strength", phase="off-season",
        )  # fmt: skip
        audit.record(
            s, ana, action="block.published", who="cora@example.org", at=T0,
            summary="published a block", plan_id=plan, user_id=coach,
        )  # fmt: skip
        audit.record(
            s, ana, action="session.edited", who="cora@example.org",
            at=T0 + dt.timedelta(minutes=5), summary="changed Tuesday", plan_id=other,
            user_id=coach, detail=["back squat: 3x5 -> 4x5"], reason="she is fresh",
        )  # fmt: skip
        with pytest.raises(ValueError, match="unknown change-log action"):
            audit.record(s, ana, action="nope", who="x", at=T0, summary="")
    with ctx.db.read() as s:
        found = audit.changes(s, ana)
        assert [c.action for c in found] == ["session.edited", "block.published"]
        assert found[0].detail == ("back squat: 3x5 -> 4x5",)
        assert (found[0].reason, found[0].at, found[0].user_id) == (
            "she is fresh",
            T0 + dt.timedelta(minutes=5),
            coach,
        )
        assert found[1].reason is None and found[1].detail == ()
        assert [c.plan_id for c in audit.changes(s, ana, plan_id=plan)] == [plan]
        assert len(audit.changes(s, ana, limit=1)) == 1
    with ctx.db.write() as s:
        repo.delete_user(s, coach)
    with ctx.db.read() as s:
        kept = audit.changes(s, ana)
        assert [(c.who, c.user_id) for c in kept] == [("cora@example.org", None)] * 2
