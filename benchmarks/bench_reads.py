"""Time the logbook's reads: history and progress on ~500k logged sets, and the read commands'
start-up as a ratio to `python -c pass`. Run by hand; the figures go in the issue's notes.

    python benchmarks/bench_reads.py [--postgres URL] [--athletes 200] [--repeat 21] [--runs 11]
                                     [--skip-startup] [--skip-sqlite] [--skip-postgres]

The big logbook (200 athletes x 3 years, 3 sessions a week, 5-6 sets each) is bulk-loaded with
the drivers (COPY on PostgreSQL, executemany on SQLite) into a fresh SQLite file and a fresh
PostgreSQL schema (dropped afterwards), then ANALYZEd the way an import or a restore does. The
start-up ratios use a small SQLite logbook made with the CLI, as a runner's would be.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from runstrong.app import trends
from runstrong.settings import Context, Settings
from runstrong.storage import db as storage_db
from runstrong.storage import repository as repo

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
EXERCISES = ["back-squat", "romanian-deadlift", "bulgarian-split-squat", "step-up", "plank",
             "pull-up", "single-leg-romanian-deadlift", "goblet-squat"]  # fmt: skip
START = dt.date(2024, 1, 1)
WEEKS = 156
SESSIONS_A_WEEK = (1, 3, 5)  # Tuesday, Thursday, Saturday
CREATED = dt.datetime(2024, 1, 1, 12, 0, 0, 1)

Rows = dict[str, list[tuple[Any, ...]]]


def logbook(athletes: int) -> Rows:
    """Rows of every table, with ids, for `athletes` runners."""
    rng = random.Random(7)
    rows: Rows = {"athletes": [], "logged_sessions": [], "logged_sets": [], "lifts": []}
    session_id = set_id = lift_id = 0
    for a in range(athletes):
        athlete_id = a + 1
        name = f"runner {a:03d}"
        rows["athletes"].append((athlete_id, name, name, "kg", "gym", CREATED, "intermediate"))
        for week in range(WEEKS):
            for day in SESSIONS_A_WEEK:
                session_id += 1
                date = START + dt.timedelta(weeks=week, days=day)
                rows["logged_sessions"].append(
                    (session_id, athlete_id, date, None, 8.0, "", CREATED, "log")
                )
                for position in range(rng.choice((5, 5, 6))):
                    set_id += 1
                    exercise = EXERCISES[(week + position) % len(EXERCISES)]
                    load = round(60 + week * 0.2 + rng.random() * 5, 2)
                    rows["logged_sets"].append(
                        (set_id, session_id, position, exercise, 3, 5, None, load, "kg", 8.0,
                         2.0, "")
                    )  # fmt: skip
            lift_id += 1
            day = START + dt.timedelta(weeks=week, days=1)
            rows["lifts"].append(
                (lift_id, athlete_id, "back-squat", round(100 + week * 0.3, 2), None, None,
                 "estimated-logs", "rts", day, None)
            )  # fmt: skip
    return rows


COLUMNS = {
    "athletes": "id, key, name, units, setup, created, experience",
    "logged_sessions": "id, athlete_id, date, plan_id, rpe, notes, created, source",
    "logged_sets": "id, session_id, position, exercise_id, sets, reps, seconds, load, units, "
    "rpe, rir, notes",
    "lifts": "id, athlete_id, exercise_id, one_rm, weight, reps, source, formula, date, session_id",
}


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return value.isoformat() if isinstance(value, dt.date) else value


def load_sqlite(path: Path, rows: Rows) -> None:
    """executemany in one transaction, as SQLAlchemy would store each value."""
    import sqlite3

    conn = sqlite3.connect(path)
    with conn:
        for table, found in rows.items():
            marks = ", ".join("?" * len(found[0]))
            conn.executemany(
                f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({marks})",
                ([_sqlite_value(v) for v in row] for row in found),
            )
    conn.close()


def load_postgres(dsn: str, schema: str, rows: Rows) -> None:
    """COPY each table, then move the id sequences past the ids given."""
    import psycopg

    with psycopg.connect(dsn, options=f"-csearch_path={schema}") as conn:
        for table, found in rows.items():
            with conn.cursor().copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
                for row in found:
                    copy.write_row(row)
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )


def median_ms(func: Callable[[], object], repeat: int) -> float:
    func()  # warm: the catalogue, the connection
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def time_reads(ctx: Context, who: str, repeat: int) -> None:
    cases: dict[str, Callable[[], object]] = {
        "history": lambda: trends.history(ctx, who),
        "history --exercise back-squat": lambda: trends.history(ctx, who, "back-squat"),
        "progress": lambda: trends.progress(ctx, who),
        "progress --exercise back-squat": lambda: trends.progress(ctx, who, "back-squat"),
    }
    for name, func in cases.items():
        print(f"    {name:<32} median {median_ms(func, repeat):6.1f} ms", flush=True)


def bench_sqlite(rows: Rows, athletes: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        storage_db.connect(url).close()  # the schema, at HEAD
        t0 = time.perf_counter()
        load_sqlite(Path(folder) / "bench.db", rows)
        ctx = Context(Settings(), url)
        took = time.perf_counter() - t0
        with ctx.db.read() as s:
            sets = repo.counts(s)["logged_sets"]
        print(f"sqlite: {sets} set rows, loaded in {took:.1f} s", flush=True)
        time_reads(ctx, f"runner {athletes // 2:03d}", repeat)
        ctx.close()


def _schema(base: str) -> Iterator[tuple[str, str, str]]:
    import psycopg

    dsn = base.replace("postgresql+psycopg://", "postgresql://")
    schema = f"rs_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}?options=-csearch_path%3D{schema}", dsn, schema
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def bench_postgres(base: str, rows: Rows, athletes: int, repeat: int) -> None:
    for url, dsn, schema in _schema(base):
        storage_db.connect(url).close()
        t0 = time.perf_counter()
        load_postgres(dsn, schema, rows)
        took = time.perf_counter() - t0
        ctx = Context(Settings(), url)
        who = f"runner {athletes // 2:03d}"
        print(f"postgresql: {len(rows['logged_sets'])} set rows, loaded in {took:.1f} s")
        print("  before ANALYZE (autovacuum off: the planner sees empty tables)", flush=True)
        time_reads(ctx, who, max(3, repeat // 4))
        t0 = time.perf_counter()
        repo.analyze(ctx.db)  # what an import or a restore does after its transaction
        print(f"  after ANALYZE ({(time.perf_counter() - t0) * 1000:.0f} ms)", flush=True)
        time_reads(ctx, who, repeat)
        ctx.close()


READS = {
    "today": ["today", "--athlete", "ana", "--date", "2026-12-01"],
    "week": ["week", "--athlete", "ana", "--date", "2026-12-01"],
    "plans": ["plans", "--athlete", "ana"],
    "history": ["history", "--athlete", "ana"],
    "progress": ["progress", "--athlete", "ana", "--exercise", "back-squat"],
    "athlete list": ["athlete", "list"],
    "athlete show": ["athlete", "show", "--athlete", "ana"],
}


def startup(runs: int) -> None:
    """Each read command against a small logbook, as a ratio to `python -c pass` (medians)."""
    exe = [sys.executable, "-m", "runstrong"]
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "RUNSTRONG_DATA_DIR": folder, "RUNSTRONG_CONFIG_DIR": folder}
        env.pop("RUNSTRONG_DATABASE_URL", None)

        def cli(*argv: str) -> float:
            t0 = time.perf_counter()
            subprocess.run([*exe, *argv], env=env, check=True, capture_output=True)
            return time.perf_counter() - t0

        cli("athlete", "create", "--name", "ana", "--setup", "gym", "--runs", "tue=easy,sat=long")
        cli("plan", "--athlete", "ana", "--goal", "strength", "--phase", "pre-season",
            "--weeks", "6", "--start", "2026-11-30", "--save")  # fmt: skip
        for day in ("2026-11-17", "2026-11-19", "2026-11-24", "2026-11-26"):
            cli("log", "--athlete", "ana", "--date", day, "back-squat", "3x5@80",
                "romanian-deadlift", "3x6@70", "--rpe", "8")  # fmt: skip
        print(f"start-up, {runs} runs each (median, ratio to python -c pass):")
        for name, argv in READS.items():
            base, took = [], []
            for _ in range(runs):
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-c", "pass"], check=True)
                base.append(time.perf_counter() - t0)
                took.append(cli(*argv))
            b, c = statistics.median(base), statistics.median(took)
            print(f"    {name:<14} {c * 1000:6.0f} ms  pass {b * 1000:4.0f} ms  {c / b:5.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default=POSTGRES)
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    if not args.skip_startup:
        startup(args.runs)
    if args.skip_sqlite and args.skip_postgres:
        return
    rows = logbook(args.athletes)
    if not args.skip_sqlite:
        bench_sqlite(rows, args.athletes, args.repeat)
    if not args.skip_postgres:
        bench_postgres(args.postgres, rows, args.athletes, args.repeat)


if __name__ == "__main__":
    main()
