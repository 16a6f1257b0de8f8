"""Who did what: a squad's sessions done, moved and missed, sessions harder than planned, 1RMs
the logbook lowered and re-test results, counted from real logs (both databases), and the
counting rules on their own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from runstrong.app import accounts, coaching, dashboard, schedule
from runstrong.app.requests import AthleteRequest, LiftRequest, LogRequest
from runstrong.app.sessions import log
from runstrong.errors import InputError, NotFound
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.db import Reader
from runstrong.storage.records import SessionRecord, SetEntry

NOW = dt.datetime(2027, 1, 8, 9, 0)
MONDAY = dt.date(2027, 1, 4)
TODAY = dt.date(2027, 1, 8)  # Friday: Monday and Wednesday are past, Friday is today


def _exercise(exercise_id: str, rir: int | None = 2, reps: int | None = 5) -> dict[str, Any]:
    return {"id": exercise_id, "sets": 3, "reps": reps, "rir": rir, "percent_1rm": None}


def _plan(first: dt.date, weeks: int = 2) -> dict[str, Any]:
    """Two weeks of three sessions: Monday heavy, Wednesday single-leg, Friday hinge."""
    out = []
    for w in range(weeks):
        start = first + dt.timedelta(weeks=w)
        out.append(
            {
                "start": start.isoformat(),
                "sessions": [
                    {
                        "date": start.isoformat(),
                        "kind": "strength",
                        "exercises": [_exercise("back-squat"), _exercise("romanian-deadlift")],
                    },
                    {
                        "date": (start + dt.timedelta(days=2)).isoformat(),
                        "kind": "strength",
                        "exercises": [
                            _exercise("split-squat"),
                            _exercise("single-leg-calf-raise", rir=3, reps=12),
                            _exercise("side-plank", rir=None, reps=None),
                        ],
                    },
                    {
                        "date": (start + dt.timedelta(days=4)).isoformat(),
                        "kind": "strength",
                        "exercises": [_exercise("romanian-deadlift"), _exercise("pull-up")],
                    },
                ],
            }
        )
    return {"schema": "runstrong.plan/1", "units": "kg", "weeks": out}


@dataclass
class Club:
    ctx: Context
    coach: accounts.User
    squad: int
    ids: dict[str, int]


def _log(ctx: Context, name: str, day: dt.date, *entries: str, rpe: float | None = None) -> int:
    return log(ctx, LogRequest(athlete=name, entries=entries, date=day, rpe=rpe)).session_id


@pytest.fixture
def club(database_url: str) -> Club:
    """Cora coaches Ana and Bo in one squad, each with the same two-week plan.

    Ana: Monday done at RPE 7; Wednesday's session done on Thursday (moved); Friday to come.
    Bo: Monday done at session RPE 9 (target 8); Wednesday missed (Tuesday's pull-ups are not
    half of it); Friday done. A learnt 1RM of Ana's lower than the one before; Bo's re-test.
    """
    ctx = Context.from_environment(database_url)
    accounts.create_user(  # the first login owns the server
        ctx, email="owner@example.org", password="correct horse battery", now=NOW
    )
    coach = accounts.create_user(
        ctx, email="cora@example.org", password="correct horse battery", coach=True, now=NOW
    )
    squad = coaching.create_squad(ctx, coach, "Tuesday group", now=NOW)
    ids = {}
    for name in ("Ana", "Bo"):
        link = coaching.create_managed(ctx, coach, AthleteRequest(name=name), now=NOW)
        coaching.add_member(ctx, coach, squad.id, link.athlete_id, now=NOW)
        schedule.save_plan(ctx, name, _plan(MONDAY), {})
        ids[name] = link.athlete_id
    lifts_request = LiftRequest(athlete="Ana", lifts=("back-squat=100",), date="2027-01-01")
    from runstrong.app import lifts

    lifts.record_lifts(ctx, lifts_request)
    monday = _log(ctx, "Ana", MONDAY, "back-squat", "3x5@80", "rdl", "3x5@60", rpe=7)
    _log(ctx, "Ana", dt.date(2027, 1, 7), "split-squat", "3x5@20", "single-leg-calf-raise", "3x12")
    _log(ctx, "Bo", MONDAY, "back-squat", "3x5@60", "rdl", "3x5@50", rpe=9)
    _log(ctx, "Bo", dt.date(2027, 1, 5), "pull-up", "3x5")
    friday = _log(ctx, "Bo", TODAY, "rdl", "3x5@60", "pull-up", "3x5")
    with ctx.db.write() as s:
        repo.add_lift(
            s,
            ids["Ana"],
            exercise_id="back-squat",
            one_rm=90.0,
            date=MONDAY,
            source="estimated-logs",
            session_id=monday,
        )
        repo.add_lift(
            s,
            ids["Bo"],
            exercise_id="romanian-deadlift",
            one_rm=110.0,
            date=TODAY,
            source="retest",
            session_id=friday,
        )
        repo.add_hold(
            s,
            ids["Bo"],
            exercise_id="side-plank",
            seconds=75,
            date=TODAY,
            source="retest",
            session_id=friday,
        )
    return Club(ctx, coach, squad.id, ids)


def _rows(club: Club, **query: str) -> dict[str, dashboard.Row]:
    found = dashboard.dashboard(
        club.ctx, club.coach, club.squad, dashboard.checked_query(TODAY, **query), TODAY
    )
    return {r.athlete: r for r in found.rows}


def test_done_moved_and_missed_this_week(club: Club) -> None:
    rows = _rows(club)
    ana, bo = rows["Ana"], rows["Bo"]
    assert (ana.planned, ana.done, ana.moved, ana.missed) == (3, 1, 1, 0)
    assert ana.adherence == 1.0  # Friday is today: not due yet
    assert (bo.planned, bo.done, bo.moved, bo.missed) == (3, 2, 0, 1)
    assert bo.adherence == pytest.approx(2 / 3)
    assert ana.last_logged == dt.date(2027, 1, 7)
    assert bo.last_logged == TODAY
    assert (ana.first, ana.last) == (MONDAY, dt.date(2027, 1, 10))


def test_a_session_harder_than_planned_is_counted_once(club: Club) -> None:
    rows = _rows(club)
    assert rows["Ana"].rpe_high == 0  # RPE 7 against a target of 8
    bo = rows["Bo"]
    assert bo.rpe_high == 1
    shots = bo.counts.overshoots
    assert {(o.exercise_id, o.logged, o.target) for o in shots} == {
        (None, 9.0, 8.0),  # the session's RPE
        ("back-squat", 9.0, 8.0),  # its sets took the session's RPE
        ("romanian-deadlift", 9.0, 8.0),
    }


def test_lowered_by_the_logbook_and_retests_with_their_values(club: Club) -> None:
    rows = _rows(club)
    (lowered,) = rows["Ana"].lowered
    assert (lowered.exercise_id, lowered.value) == ("back-squat", 90.0)
    assert lowered.before is not None and lowered.before > 90.0
    assert rows["Bo"].lowered == ()  # Bo's first 1RMs had nothing before them
    retests = {(x.exercise_id, x.value, x.hold) for x in rows["Bo"].retests}
    assert retests == {("romanian-deadlift", 110.0, False), ("side-plank", 75.0, True)}
    assert rows["Ana"].retests == ()


def test_the_block_is_the_whole_plan_in_force(club: Club) -> None:
    rows = _rows(club, view="block")
    ana = rows["Ana"]
    assert (ana.first, ana.last) == (MONDAY, dt.date(2027, 1, 17))
    assert (ana.planned, ana.done, ana.moved, ana.missed) == (6, 1, 1, 0)
    next_week = _rows(club, week="2027-01-13")["Bo"]  # a Wednesday: its week is taken
    assert (next_week.first, next_week.planned, next_week.due) == (
        dt.date(2027, 1, 11),
        3,
        0,
    )


def test_sorting_puts_rows_without_a_value_last(club: Club) -> None:
    by = dashboard.dashboard(
        club.ctx,
        club.coach,
        club.squad,
        dashboard.checked_query(TODAY, sort="missed", order="desc"),
        TODAY,
    )
    assert [r.athlete for r in by.rows] == ["Bo", "Ana"]
    later = dashboard.checked_query(TODAY, week="2027-01-11", sort="adherence", order="desc")
    found = dashboard.dashboard(club.ctx, club.coach, club.squad, later, TODAY)
    assert [r.adherence for r in found.rows] == [None, None]
    assert [r.athlete for r in found.rows] == ["Ana", "Bo"]


def test_another_coach_finds_nothing(club: Club) -> None:
    other = accounts.create_user(
        club.ctx, email="dee@example.org", password="correct horse battery", coach=True, now=NOW
    )
    query = dashboard.checked_query(TODAY)
    with pytest.raises(NotFound):
        dashboard.dashboard(club.ctx, other, club.squad, query, TODAY)
    with pytest.raises(NotFound):
        dashboard.squad_key(club.ctx, other, club.squad)
    with pytest.raises(NotFound):
        dashboard.squad_key(club.ctx, club.coach, 10**40)
    with pytest.raises(NotFound):
        dashboard.athlete_detail(club.ctx, other, club.ids["Ana"], TODAY)
    with pytest.raises(NotFound):
        dashboard.athlete_sessions(club.ctx, other, club.ids["Ana"], TODAY)


def test_the_key_follows_a_new_log(club: Club) -> None:
    before = dashboard.squad_key(club.ctx, club.coach, club.squad)
    assert dashboard.squad_key(club.ctx, club.coach, club.squad) == before
    _log(club.ctx, "Ana", TODAY, "rdl", "3x5@60")
    logged = dashboard.squad_key(club.ctx, club.coach, club.squad)
    assert logged != before
    coaching.remove_member(club.ctx, club.coach, club.squad, club.ids["Bo"])
    assert dashboard.squad_key(club.ctx, club.coach, club.squad) not in (before, logged)


def test_the_squad_is_read_in_the_same_queries_whatever_its_size(
    club: Club, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = Reader.rows

    def counted(self: Reader, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        calls.append(sql)
        return real(self, sql, params)

    monkeypatch.setattr(Reader, "rows", counted)
    query = dashboard.checked_query(TODAY, view="block")
    dashboard.dashboard(club.ctx, club.coach, club.squad, query, TODAY)
    small = len(calls)
    monkeypatch.setattr(Reader, "rows", real)
    for n in range(6):
        name = f"Runner {n}"
        link = coaching.create_managed(club.ctx, club.coach, AthleteRequest(name=name), now=NOW)
        coaching.add_member(club.ctx, club.coach, club.squad, link.athlete_id, now=NOW)
        schedule.save_plan(club.ctx, name, _plan(MONDAY), {})
        _log(club.ctx, name, MONDAY, "back-squat", "3x5@60")
    calls.clear()
    monkeypatch.setattr(Reader, "rows", counted)
    found = dashboard.dashboard(club.ctx, club.coach, club.squad, query, TODAY)
    assert len(found.rows) == 8
    assert len(calls) <= small + 1, calls  # the new plans' JSON: one more query, not six


def test_an_athletes_log_and_plan_for_their_coach(club: Club) -> None:
    found = dashboard.athlete_detail(club.ctx, club.coach, club.ids["Bo"], TODAY)
    assert [p.date.isoformat() for p in found.planned][:3] == [
        "2027-01-04",
        "2027-01-06",
        "2027-01-08",
    ]
    assert len(found.planned) == 6  # this week and next
    assert [x.date for x in found.log] == [TODAY, dt.date(2027, 1, 5), MONDAY]
    _link, sessions = dashboard.athlete_sessions(club.ctx, club.coach, club.ids["Bo"], TODAY, 1)
    assert [x.date for x in sessions] == [TODAY, dt.date(2027, 1, 5), MONDAY]


# --- the rules on their own -----------------------------------------------------------------------


def _planned(day: dt.date, *exercises: tuple[str, int | None]) -> dashboard.Planned:
    return dashboard.Planned(day, 1, "strength", exercises)


def _logged(
    sid: int, day: dt.date, *entries: SetEntry, plan: int | None = None, rpe: float | None = None
) -> SessionRecord:
    return SessionRecord(sid, day, plan, rpe, "", "log", NOW, entries)


def _set(exercise: str, rpe: float | None = None, rir: float | None = None) -> SetEntry:
    return SetEntry(exercise, 3, 5, None, 60.0, "kg", rpe, rir)


def test_moved_needs_half_the_exercises_and_the_same_week() -> None:
    wed = dt.date(2027, 1, 6)
    planned = [_planned(wed, ("a", 2), ("b", 2), ("c", 2), ("d", 2))]
    half = _logged(1, dt.date(2027, 1, 9), _set("a"), _set("b"))
    assert dashboard.count(planned, [half], TODAY).moved == 1
    too_few = _logged(1, dt.date(2027, 1, 9), _set("a"), _set("x"))
    assert dashboard.count(planned, [too_few], TODAY).missed == 1
    next_week = _logged(1, dt.date(2027, 1, 11), _set("a"), _set("b"), _set("c"))
    assert dashboard.count(planned, [next_week], dt.date(2027, 1, 12)).missed == 1
    planned_one = _logged(1, dt.date(2027, 1, 7), _set("a"), _set("b"), plan=9)
    assert dashboard.count(planned, [planned_one], TODAY).missed == 1  # it answered another plan


def test_one_unplanned_session_stands_in_once() -> None:
    days = [dt.date(2027, 1, 4), dt.date(2027, 1, 6)]
    planned = [_planned(d, ("a", 2), ("b", 2)) for d in days]
    spare = _logged(1, dt.date(2027, 1, 7), _set("a"), _set("b"))
    found = dashboard.count(planned, [spare], TODAY)
    assert (found.moved, found.missed, found.adherence) == (1, 1, 0.5)


def test_rir_below_target_and_rpe_above_it() -> None:
    mon = dt.date(2027, 1, 4)
    planned = _planned(mon, ("a", 2), ("b", 3), ("hold", None))
    logged = _logged(
        1,
        mon,
        _set("a", rir=1),  # 1 rep left of 2 planned
        _set("b", rpe=7),  # RPE 7 = target 7 (RIR 3): not above
        _set("hold", rpe=10),  # no RIR planned: no target
        plan=1,
        rpe=8.5,  # the hardest target is 10 - 2 = 8
    )
    shots = dashboard.overshoots(planned, logged)
    assert [(o.exercise_id, o.what, o.logged, o.target) for o in shots] == [
        (None, "rpe", 8.5, 8.0),
        ("a", "rir", 1.0, 2.0),
    ]
    assert dashboard.count([planned], [logged], TODAY).rpe_high == 1


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("week", {"week": "abc"}),
        ("week", {"week": "2027-02-30"}),
        ("week", {"week": "1" * 40}),
        ("view", {"view": "month"}),
        ("sort", {"sort": "nope"}),
        ("order", {"order": "x"}),
    ],
)
def test_bad_query_values_name_their_field(field: str, values: dict[str, str]) -> None:
    with pytest.raises(InputError) as caught:
        dashboard.checked_query(TODAY, **values)
    assert caught.value.field == field


def test_a_week_is_taken_from_any_of_its_days() -> None:
    assert dashboard.checked_query(TODAY, week="2027-01-09").week == MONDAY
    assert dashboard.checked_query(TODAY).week == MONDAY
    assert dashboard.checked_weeks("12") == 12
    with pytest.raises(InputError):
        dashboard.checked_weeks("0")
    with pytest.raises(InputError):
        dashboard.checked_weeks("9" * 40)


def test_a_built_plans_sessions_in_brief(database_url: str) -> None:
    from runstrong.app import planning
    from runstrong.app.requests import PlanRequest
    from runstrong.storage import coaching as store

    ctx = Context.from_environment(database_url)
    request = PlanRequest(
        goal="strength",
        phase="off-season",
        weeks=4,
        start=MONDAY,
        setup="gym",
        lifts=("back-squat=100",),
        runs="tue=intervals,sat=long",
        athlete="Ana",
        save=True,
    )
    from runstrong import app as logbook

    logbook.create_athlete(ctx, AthleteRequest(name="Ana"))
    saved = planning.plan(ctx, request).plan_id
    assert saved is not None
    plan = schedule.saved_plan(ctx, "Ana", saved).plan
    with ctx.db.read() as s:
        (head,) = store.plan_heads(
            s, [repo.athlete(s, "Ana").id], MONDAY, MONDAY + dt.timedelta(weeks=4)
        )
        dashboard._digests.clear()
        read = dashboard._digested(s, [head])[saved]
    assert read == dashboard.digest(saved, plan)
    assert len(read) == 12 and all(p.exercises for p in read)
    assert any(r is None for p in read for _i, r in p.exercises)  # a hold: no RIR
