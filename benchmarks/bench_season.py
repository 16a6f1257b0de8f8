"""Hand-run timings for season plans (figures go in the issue's closing note).

    python benchmarks/bench_season.py

Targets (issue 3): a 52-week plan in-process < 20 ms median; 1,000 athletes' 16-week plans < 10 s.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from dataclasses import replace

from bench_plan import issue_athlete, random_athlete
from runstrong.core import dosing, loads, planner
from runstrong.errors import RunstrongError
from runstrong.settings import Context

START = dt.date(2027, 1, 4)


def main() -> None:
    catalogue = Context.from_environment().catalogue
    athlete = replace(issue_athlete(), phase=None)
    race = START + dt.timedelta(weeks=50, days=6)  # the race week is week 51, recovery week 52
    times = []
    for seed in range(60):
        t0 = time.perf_counter()
        plan = planner.build_plan(athlete, catalogue, START, seed, race=race)
        times.append(time.perf_counter() - t0)
    assert len(plan.weeks) == 52
    print(
        f"52-week season to a race (median of 60): {statistics.median(times) * 1000:.2f} ms"
        "  [target < 20 ms]"
    )
    cold = []
    for seed in range(30):
        loads.round_load.cache_clear()  # as a fresh process would: no loads rounded yet
        dosing.prescribe.cache_clear()  # ... and no prescription made
        t0 = time.perf_counter()
        planner.build_plan(athlete, catalogue, START, seed, race=race)
        cold.append(time.perf_counter() - t0)
    print(
        "  the same with cold load and prescription caches (median of 30): "
        f"{statistics.median(cold) * 1000:.2f} ms"
    )

    rng = random.Random(7)
    ids = sorted(e.id for e in catalogue.all() if e.loading.value == "1rm")
    athletes = [random_athlete(rng, ids) for _ in range(1000)]
    refused = 0
    t0 = time.perf_counter()
    for i, a in enumerate(athletes):
        try:
            planner.build_plan(a, catalogue, START, i, weeks=16)
        except RunstrongError:
            refused += 1
    seconds = time.perf_counter() - t0
    print(
        f"1,000 random athletes x 16 weeks: {seconds:.2f} s ({refused} refused with a rule)"
        "  [target < 10 s]"
    )


if __name__ == "__main__":
    main()
