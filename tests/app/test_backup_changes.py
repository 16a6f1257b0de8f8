"""A backup keeps the plan change log (revision 0012): a restore over the athlete brings it
back with its plans, an older backup without it restores with none, and a bad entry is named
by its JSON path, all or nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from runstrong import api
from runstrong import app as logbook
from runstrong.app.requests import AthleteRequest, RestoreRequest
from runstrong.errors import InputError
from runstrong.settings import Context
from runstrong.storage import audit
from runstrong.storage import repository as repo

T0 = dt.datetime(2027, 1, 4, 8, 0)


@pytest.fixture
def ctx(database_url: str) -> Iterator[Context]:
    found = Context.from_environment(database_url)
    logbook.create_athlete(found, AthleteRequest(name="Ana", runs="sat=long"))
    inputs = logbook.athlete_plan_inputs(found, "ana")
    for phase in ("off-season", "pre-season"):
        plan = api.build_plan(goal="strength", phase=phase, start=dt.date(2027, 1, 4), **inputs)
        logbook.save_plan(found, "ana", api.plan_json(plan), inputs)
    yield found
    found.close()


def _log(ctx: Context) -> list[audit.Change]:
    with ctx.db.read() as s:
        return audit.changes(s, repo.athlete(s, "ana").id)


def test_a_restore_brings_the_change_log_back(ctx: Context) -> None:
    plans = [p.id for p in logbook.plans(ctx, "ana")]
    with ctx.db.write() as s:
        ana = repo.athlete(s, "ana").id
        audit.record(
            s, ana, action="block.published", who="cora@example.org", at=T0,
            summary="published a block", plan_id=plans[1],
        )  # fmt: skip
        audit.record(
            s, ana, action="session.edited", who="cora@example.org",
            at=T0 + dt.timedelta(hours=1), summary="changed Tuesday", plan_id=plans[1],
            detail=["Back squat: 3x5 -> 4x5"], reason="fresh legs this week",
        )  # fmt: skip
    data = logbook.backup(ctx, "ana")
    kept = data["athletes"][0]["changes"]
    assert [(c["action"], c["plan"]) for c in kept] == [
        ("block.published", 1),
        ("session.edited", 1),
    ]
    logbook.restore(ctx, RestoreRequest(data=data, replace=True))
    assert logbook.backup(ctx, "ana") == data
    found = _log(ctx)
    new_plans = [p.id for p in logbook.plans(ctx, "ana")]
    assert [(c.action, c.plan_id, c.reason) for c in found] == [
        ("session.edited", new_plans[1], "fresh legs this week"),
        ("block.published", new_plans[1], None),
    ]
    assert found[0].detail == ("Back squat: 3x5 -> 4x5",)

    older = json.loads(json.dumps(data))
    del older["athletes"][0]["changes"]  # a backup from before revision 0012
    logbook.restore(ctx, RestoreRequest(data=older, replace=True))
    assert _log(ctx) == []
    assert "changes" not in logbook.backup(ctx, "ana")["athletes"][0]

    broken = json.loads(json.dumps(data))
    broken["athletes"][0]["changes"][1]["action"] = "plan.deleted"
    with pytest.raises(InputError, match=r"athletes\[0\]\.changes\[1\]\.action: 'plan.deleted'"):
        logbook.restore(ctx, RestoreRequest(data=broken, replace=True))
    broken["athletes"][0]["changes"][1]["action"] = "session.edited"
    broken["athletes"][0]["changes"][1]["plan"] = 7
    with pytest.raises(InputError, match=r"changes\[1\]\.plan: refers to entry 7"):
        logbook.restore(ctx, RestoreRequest(data=broken, replace=True))
    assert _log(ctx) == []  # all or nothing: the older restore stands
