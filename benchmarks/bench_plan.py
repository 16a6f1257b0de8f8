"""Hand-run timings for the week planner (figures go in the issue's closing note).

    python benchmarks/bench_plan.py

Targets (issue 2): one week in-process < 2 ms median; 1,000 random athletes < 2 s;
the whole `runstrong plan` process < 250 ms (reported beside `python -c pass`).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import statistics
import subprocess
import sys
import time

from runstrong.core import loads, planner
from runstrong.core.catalogue import Catalogue
from runstrong.core.model import (
    Athlete,
    Equipment,
    Goal,
    Lift,
    Limitation,
    Phase,
    RunType,
    RunWeek,
    Units,
)
from runstrong.errors import RunstrongError
from runstrong.settings import Context

START = dt.date(2027, 1, 4)


def issue_athlete() -> Athlete:
    """The runner of the issue's example command."""
    return Athlete(
        goal=Goal.STRENGTH,
        phase=Phase.OFF_SEASON,
        equipment=frozenset({Equipment.BARBELL, Equipment.DUMBBELL, Equipment.BAND, Equipment.BOX}),
        implements=loads.default_implements(Units.KG),
        sessions=3,
        lifts=(Lift("back-squat", 100), Lift("romanian-deadlift", 80, 6)),
        runs=RunWeek(
            (
                RunType.EASY,
                RunType.INTERVALS,
                RunType.REST,
                RunType.TEMPO,
                RunType.REST,
                RunType.LONG,
                RunType.EASY,
            )
        ),
    )


def random_athlete(rng: random.Random, one_rm_ids: list[str]) -> Athlete:
    """A random but plausible runner."""
    phase = rng.choice([Phase.OFF_SEASON, Phase.PRE_SEASON, Phase.IN_SEASON])
    kit = [e for e in Equipment if e is not Equipment.NONE]
    runs = [
        rng.choice([RunType.REST, RunType.EASY, RunType.EASY, RunType.TEMPO, RunType.LONG])
        for _ in range(7)
    ]
    return Athlete(
        goal=rng.choice(list(Goal)),
        phase=phase,
        equipment=frozenset(rng.sample(kit, rng.randint(0, len(kit)))),
        implements=loads.default_implements(rng.choice(list(Units))),
        sessions=rng.randint(1, 2 if phase is Phase.IN_SEASON else 4),
        lifts=tuple(
            Lift(i, rng.uniform(20, 150), rng.randint(1, 8)) for i in rng.sample(one_rm_ids, 2)
        ),
        runs=RunWeek(tuple(runs)),
        minutes=rng.choice([None, 30, 45, 60]),
        avoid=frozenset(rng.sample(list(Limitation), rng.randint(0, 1))),
    )


def bench_week(catalogue: Catalogue) -> float:
    athlete = issue_athlete()
    times = []
    for i in range(300):
        t0 = time.perf_counter()
        planner.build_plan(athlete, catalogue, START, seed=i)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def bench_batch(catalogue: Catalogue) -> tuple[float, int]:
    rng = random.Random(1)
    ids = sorted(e.id for e in catalogue.all() if e.loading.value == "1rm")
    athletes = [random_athlete(rng, ids) for _ in range(1000)]
    refused = 0
    t0 = time.perf_counter()
    for i, athlete in enumerate(athletes):
        try:
            planner.build_plan(athlete, catalogue, START, seed=i)
        except RunstrongError:
            refused += 1
    return time.perf_counter() - t0, refused


def bench_process(argv: list[str], runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    catalogue = Context.from_environment().catalogue
    print(f"one week in-process (median of 300): {bench_week(catalogue):.3f} ms  [target < 2 ms]")
    seconds, refused = bench_batch(catalogue)
    print(f"1,000 random athletes: {seconds:.3f} s ({refused} refused with a rule)  [target < 2 s]")
    exe = shutil.which("runstrong") or sys.exit("install the package first: pip install .")
    plan = [
        exe,
        "plan",
        "--goal",
        "strength",
        "--phase",
        "off-season",
        "--sessions",
        "3",
        "--equipment",
        "barbell,dumbbell,band,box",
        "--lift",
        "back-squat=100",
        "--lift",
        "romanian-deadlift=80x6",
        "--runs",
        "mon=easy,tue=intervals,thu=tempo,sat=long,sun=easy",
    ]
    baseline = bench_process([sys.executable, "-c", "pass"])
    text = bench_process(plan)
    json_ = bench_process([*plan, "--format", "json"])
    print(
        f"python -c pass: {baseline:.0f} ms; runstrong plan (text): {text:.0f} ms; "
        f"(json): {json_:.0f} ms  [target < 250 ms]"
    )


if __name__ == "__main__":
    main()
