"""Time `history` and `progress` for one athlete in a logbook of 200 athletes x 3 years of logs.

    python benchmarks/bench_logbook.py [--database URL] [--athletes 200] [--repeat 21]

Fills a fresh database (SQLite file in a temporary folder by default) with ~500k logged set
rows, then times the CLI's two queries through runstrong.app and prints medians in ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time

from sqlalchemy import insert

from runstrong import app as logbook
from runstrong.app.requests import AthleteRequest
from runstrong.settings import Context
from runstrong.storage import repository as repo
from runstrong.storage.tables import LiftRow, SessionRow, SetRow

EXERCISES = ["back-squat", "romanian-deadlift", "bulgarian-split-squat", "step-up", "plank",
             "pull-up", "single-leg-romanian-deadlift", "goblet-squat"]  # fmt: skip
START = dt.date(2024, 1, 1)
WEEKS = 156
SESSIONS_A_WEEK = (1, 3, 5)  # Tuesday, Thursday, Saturday


def fill(ctx: Context, athletes: int) -> int:
    rng = random.Random(7)
    now = repo.now()
    session_id = set_id = 0
    total = 0
    for a in range(athletes):
        person = logbook.create_athlete(ctx, AthleteRequest(name=f"runner {a:03d}", setup="gym"))
        sessions, sets, lifts = [], [], []
        for week in range(WEEKS):
            for day in SESSIONS_A_WEEK:
                session_id += 1
                date = START + dt.timedelta(weeks=week, days=day)
                sessions.append(
                    {"id": session_id, "athlete_id": person.id, "date": date, "plan_id": None,
                     "rpe": 8.0, "notes": "", "created": now, "source": "log"}
                )  # fmt: skip
                for position in range(rng.choice((5, 5, 6))):
                    set_id += 1
                    sets.append(
                        {"id": set_id, "session_id": session_id, "position": position,
                         "exercise_id": EXERCISES[(week + position) % len(EXERCISES)],
                         "sets": 3, "reps": 5, "seconds": None,
                         "load": 60 + week * 0.2 + rng.random() * 5, "units": "kg",
                         "rpe": 8.0, "rir": 2.0, "notes": ""}
                    )  # fmt: skip
            lifts.append(
                {"athlete_id": person.id, "exercise_id": "back-squat", "one_rm": 100 + week * 0.3,
                 "weight": None, "reps": None, "source": "estimated-logs", "formula": "rts",
                 "date": START + dt.timedelta(weeks=week, days=1), "session_id": None}
            )  # fmt: skip
        with ctx.db.write() as s:
            s.execute(insert(SessionRow), sessions)
            s.execute(insert(SetRow), sets)
            s.execute(insert(LiftRow), lifts)
        total += len(sets)
    return total


def median_ms(func: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()  # type: ignore[operator]
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database")
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    url = args.database or f"sqlite:///{folder.name}/bench.db"
    db = Context.from_environment(url)
    t0 = time.perf_counter()
    rows = fill(db, args.athletes)
    took = time.perf_counter() - t0
    print(f"{db.db.dialect}: {args.athletes} athletes, {rows} set rows, filled in {took:.0f} s")
    who = f"runner {args.athletes // 2:03d}"
    cases = {
        "history --exercise back-squat": lambda: logbook.history(db, who, "back-squat"),
        "history (all exercises)": lambda: logbook.history(db, who),
        "progress --exercise back-squat": lambda: logbook.progress(db, who, "back-squat"),
        "progress (all exercises)": lambda: logbook.progress(db, who),
    }
    for name, func in cases.items():
        print(f"  {name:<34} median {median_ms(func, args.repeat):6.1f} ms")
    db.close()
    folder.cleanup()


if __name__ == "__main__":
    main()
