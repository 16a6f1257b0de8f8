"""A club on PostgreSQL: 200 athletes in one squad, each with a year of logs (3 sessions a week
with their sets and the 1RMs learnt from them), and a block published to the squad. Measures
publishing the block to the 200, building the squad's dashboard in process (cold: every plan's
JSON read; warm: plans kept), and with wrk at 32 concurrent clients against `runstrong serve
--workers N` for 1, 2 and 4 workers: the squad dashboard page and one athlete's coach page
(requests a second, p50, p99). Run by hand; the figures go in the issue's closing note (goal on
a 2-core machine: dashboard p99 <= 100 ms, throughput growing from 1 to 2 workers).

    python benchmarks/bench_club.py [--postgres URL] [--athletes 200] [--seconds 10]

Needs `wrk`. The club lives in a fresh schema, dropped at the end. The year of logs is written
with Core bulk inserts (the app's log path would take minutes); the block is published through
the app (blocks.publish, as bench_blocks.py), and the block's weeks so far are then logged
against it: most sessions on their day, some moved to the next day, some missed, a few harder
than planned and a few 1RMs lowered, so every column of the dashboard has work to do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench_web import PAGE_SCRIPT, POSTGRES, _drop, _free_port, _schema, _wrk
from runstrong.app import accounts, blocks, coaching, dashboard
from runstrong.app.requests import PlanRequest
from runstrong.settings import Context, Settings
from runstrong.storage import limits
from runstrong.storage import repository as repo

NOW = dt.datetime.now(dt.UTC).replace(tzinfo=None)
PASSWORD = "benchmark passphrase"
LIFTS = ("back-squat", "romanian-deadlift")
EXTRA = ("pull-up", "split-squat", "single-leg-calf-raise")
BLOCK_WEEKS = 8
BLOCK_DONE = 4
"""The block started this many weeks before this week: 4 weeks logged against it, 4 to come."""


def _table(row: Any) -> Any:
    return row.__table__


def _insert(conn: Any, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Bulk insert (insertmanyvalues); the new ids in the rows' order."""
    from sqlalchemy import insert

    if not rows:
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [int(x[0]) for x in conn.execute(statement, rows)]


def _insert_plain(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    from sqlalchemy import insert

    if rows:
        conn.execute(insert(table), rows)


def _athletes(ctx: Context, count: int, coach_id: int, squad_id: int) -> list[tuple[int, str]]:
    """The club's athletes, managed by the coach and in the squad, with a running week and a
    tested squat and RDL a year ago; (id, name) each."""
    from runstrong.storage.tables import (
        AthleteRow,
        CoachLinkRow,
        LiftRow,
        RunDayRow,
        SquadMemberRow,
    )

    year_ago = dt.date.today() - dt.timedelta(weeks=53)
    names = [f"Runner {i:03d}" for i in range(count)]
    with ctx.db.engine.begin() as conn:
        ids = _insert(
            conn,
            _table(AthleteRow),
            [
                {
                    "key": limits.name_key(name),
                    "name": name,
                    "units": "kg",
                    "setup": None,
                    "created": NOW,
                    "experience": "intermediate",
                    "revision": 0,
                }
                for name in names
            ],
        )
        runs = [(1, "intervals"), (3, "tempo"), (5, "long")]
        _insert_plain(
            conn,
            _table(RunDayRow),
            [{"athlete_id": a, "weekday": d, "run_type": t} for a in ids for d, t in runs],
        )
        _insert_plain(
            conn,
            _table(CoachLinkRow),
            [{"coach_id": coach_id, "athlete_id": a, "managed": True, "since": NOW} for a in ids],
        )
        _insert_plain(
            conn,
            _table(SquadMemberRow),
            [{"squad_id": squad_id, "athlete_id": a, "added": NOW} for a in ids],
        )
        _insert(
            conn,
            _table(LiftRow),
            [
                {
                    "athlete_id": a,
                    "exercise_id": lift,
                    "one_rm": 80.0 + i % 40 + (10 if lift == "romanian-deadlift" else 0),
                    "source": "tested",
                    "date": year_ago,
                }
                for i, a in enumerate(ids)
                for lift in LIFTS
            ],
        )
    return list(zip(ids, names, strict=True))


def _logs(
    ctx: Context,
    club: list[tuple[int, str]],
    sessions: dict[int, list[tuple[dt.date, int | None, list[str]]]],
    rng: random.Random,
) -> int:
    """Insert each athlete's sessions (day, plan id, exercises) with 3x5 sets at RPE 6-9 and a
    1RM learnt from each squat or RDL (now and then lower than the one before); how many."""
    from runstrong.storage.tables import LiftRow, SessionRow, SetRow

    total = 0
    with ctx.db.engine.begin() as conn:
        for athlete_id, _name in club:
            mine = sessions.get(athlete_id, [])
            rpes = [rng.choice((6.0, 7.0, 7.5, 8.0, 8.0, 8.5, 9.0)) for _ in mine]
            ids = _insert(
                conn,
                _table(SessionRow),
                [
                    {
                        "athlete_id": athlete_id,
                        "date": day,
                        "plan_id": plan_id,
                        "rpe": rpe,
                        "notes": "",
                        "created": NOW,
                        "source": "log",
                    }
                    for (day, plan_id, _x), rpe in zip(mine, rpes, strict=True)
                ],
            )
            sets, learnt = [], []
            level = dict.fromkeys(LIFTS, 90.0 + athlete_id % 30)
            for sid, (day, _plan, exercises), rpe in zip(ids, mine, rpes, strict=True):
                for position, exercise in enumerate(exercises):
                    load = round(level.get(exercise, 40.0) * 0.75 / 2.5) * 2.5
                    sets.append(
                        {
                            "session_id": sid,
                            "position": position,
                            "exercise_id": exercise,
                            "sets": 3,
                            "reps": 5,
                            "load": None if exercise == "pull-up" else load,
                            "units": "kg",
                            "rpe": rpe,
                            "notes": "",
                        }
                    )
                    if exercise in level:
                        step = 0.97 if rng.random() < 0.08 else 1.01
                        level[exercise] = round(level[exercise] * step, 1)
                        learnt.append(
                            {
                                "athlete_id": athlete_id,
                                "exercise_id": exercise,
                                "one_rm": level[exercise],
                                "source": "estimated-logs",
                                "formula": "rts",
                                "date": day,
                                "session_id": sid,
                            }
                        )
            _insert_plain(conn, _table(SetRow), sets)
            _insert(conn, _table(LiftRow), learnt)
            total += len(ids)
    return total


def _year(club: list[tuple[int, str]], block_start: dt.date) -> dict[int, Any]:
    """A year of unplanned sessions before the block: Monday, Wednesday, Friday."""
    found: dict[int, list[tuple[dt.date, int | None, list[str]]]] = {}
    first = block_start - dt.timedelta(weeks=52)
    for athlete_id, _name in club:
        days = []
        for w in range(52):
            monday = first + dt.timedelta(weeks=w)
            for offset, exercises in (
                (0, ["back-squat", "romanian-deadlift", "pull-up"]),
                (2, ["split-squat", "single-leg-calf-raise"]),
                (4, ["romanian-deadlift", "back-squat", "pull-up"]),
            ):
                days.append((monday + dt.timedelta(days=offset), None, list(exercises)))
        found[athlete_id] = days
    return found


def _block_logs(
    ctx: Context, club: list[tuple[int, str]], today: dt.date, rng: random.Random
) -> dict[int, Any]:
    """The block's sessions up to yesterday: 75% logged on their day against the plan, 10%
    moved to the next day (unplanned, the same exercises), 15% missed."""
    from runstrong.storage.coaching import plan_documents, plan_heads

    found: dict[int, list[tuple[dt.date, int | None, list[str]]]] = {}
    with ctx.db.read() as s:
        heads = plan_heads(s, [a for a, _ in club], today - dt.timedelta(weeks=9), today)
        newest = {h.athlete_id: h.id for h in heads}  # by id: the last wins
        plans = plan_documents(s, list(newest.values()))
    for athlete_id, plan_id in newest.items():
        days = []
        for week in plans[plan_id].get("weeks", []):
            for session in week.get("sessions", []):
                day = dt.date.fromisoformat(session["date"])
                exercises = [e["id"] for e in session.get("exercises", [])]
                if day >= today:
                    continue
                roll = rng.random()
                if roll < 0.75:
                    days.append((day, plan_id, exercises))
                elif roll < 0.85 and day + dt.timedelta(days=1) < today:
                    days.append((day + dt.timedelta(days=1), None, exercises))
        found[athlete_id] = days
    return found


def _serve(url: str, folder: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "RUNSTRONG_CONFIG_DIR": str(folder), "RUNSTRONG_DATA_DIR": str(folder)}
    server = subprocess.Popen(
        [sys.executable, "-m", "runstrong", "serve", "--port", str(port),
         "--workers", str(workers), "--database", url],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    return server, base


def _club(
    url: str, folder: Path, count: int, today: dt.date, block_start: dt.date, rng: random.Random
) -> tuple[int, str, int]:
    """Seed the club, publish its block (timed), build its dashboard in process (timed); the
    squad's id, the coach's session cookie and one athlete's id."""
    ctx = Context(Settings(config_dir=folder, data_dir=folder), url)
    ctx.db.prepare_write()
    started = time.perf_counter()
    accounts.create_user(ctx, email="owner@club.example", password=PASSWORD, now=NOW)
    coach = accounts.create_user(
        ctx, email="coach@club.example", password=PASSWORD, coach=True, now=NOW
    )
    squad = coaching.create_squad(ctx, coach, "Club", now=NOW)
    club = _athletes(ctx, count, coach.id, squad.id)
    _logs(ctx, club, _year(club, block_start), rng)
    seeded = time.perf_counter() - started

    block = PlanRequest(
        goal="strength", phase="off-season", weeks=BLOCK_WEEKS, sessions=3, start=block_start
    )
    started = time.perf_counter()
    # as the coach's job publishes it: with each runner's change-log entry
    saved = blocks.publish(ctx, block, [name for _id, name in club], by=coach, at=NOW)
    published = time.perf_counter() - started
    kept = sum(1 for _row, plan_id in saved if plan_id is not None)

    started = time.perf_counter()
    _logs(ctx, club, _block_logs(ctx, club, today, rng), rng)
    repo.analyze(ctx.db)
    seeded += time.perf_counter() - started
    with ctx.db.read() as s:
        counts = repo.counts(s)
    print(
        f"PostgreSQL, {count} athletes in one squad, a year of logs: "
        f"{counts['logged_sessions']} sessions, {counts['logged_sets']} set rows, "
        f"{counts['lifts']} 1RM entries (seeded in {seeded:.1f} s)"
    )
    print(f"  publish an {BLOCK_WEEKS}-week block to {count}: {published:6.2f} s"
          f"  ({kept} plans saved)")  # fmt: skip
    for view in ("week", "block"):
        query = dashboard.checked_query(today, view=view)
        dashboard._digests.clear()
        started = time.perf_counter()
        found = dashboard.dashboard(ctx, coach, squad.id, query, today)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        dashboard.dashboard(ctx, coach, squad.id, query, today)
        warm = time.perf_counter() - started
        done = sum(r.done for r in found.rows)
        print(
            f"  dashboard ({view}), built in process: cold {cold * 1000:6.0f} ms"
            f" (plans parsed), warm {warm * 1000:6.0f} ms  ({len(found.rows)} rows, {done} done)"
        )
    raw, _ = accounts.start_session(ctx, coach, now=NOW)
    ctx.close()
    return squad.id, raw, club[0][0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default=POSTGRES)
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", default="1,2,4", help="worker counts to run")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench_club: needs wrk (apt-get install wrk)")
    url, schema = _schema(args.postgres)
    folder = Path(tempfile.mkdtemp(prefix="runstrong-bench-club-"))
    script = folder / "pages.lua"
    script.write_text(PAGE_SCRIPT)
    rng = random.Random(13)
    today = dt.date.today()
    block_start = dashboard.monday(today) - dt.timedelta(weeks=BLOCK_DONE)
    try:
        squad_id, raw, athlete_id = _club(url, folder, args.athletes, today, block_start, rng)
        print(f"  wrk -t2 -c{args.connections} -d{args.seconds}s, loopback")
        for workers in (int(n) for n in args.workers.split(",")):
            server, base = _serve(url, folder, workers)
            try:
                for label, path in (
                    ("squad dashboard", f"/coach/squads/{squad_id}/dashboard"),
                    ("block dashboard", f"/coach/squads/{squad_id}/dashboard?view=block"),
                    ("athlete page", f"/coach/athletes/{athlete_id}"),
                ):
                    target = base + path
                    _wrk(target, 5, args.connections, script, ["-", raw])  # warm-up
                    found = _wrk(target, args.seconds, args.connections, script, ["-", raw])
                    print(
                        f"  {workers} worker(s)  {label:<16} {found['rps']:8.0f} req/s"
                        f"  p50 {found['p50']:6.1f} ms  p99 {found['p99']:6.1f} ms"
                        f"  non-2xx {found['non2xx']:.0f}"
                    )
            finally:
                server.terminate()
                server.wait(timeout=15)
    finally:
        _drop(args.postgres, schema)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
