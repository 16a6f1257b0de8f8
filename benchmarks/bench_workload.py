"""Hand-run timings for a 52-week load series (figures go in the issue's closing note).

    python benchmarks/bench_workload.py [--runs N]

A year of synthetic training: about 300 runs (some with heart rate) and 100 strength sessions,
summarised into 52 weeks with monotony, strain and both ratios on both scales (pure core, no
database); then the JSON shape and the PNG chart of it. The figure is the median of the runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable

from runstrong.core import workload as wl

START = dt.date(2026, 1, 5)
HR = wl.heart_rate(50, 190, "female")


def year() -> list[wl.LoadItem]:
    """Six runs a week, two lifts, for 52 weeks; every other run with a heart rate."""
    out = []
    for n in range(7 * 52):
        day = START + dt.timedelta(days=n)
        if day.weekday() != 4:  # Friday off
            minutes = 100 if day.weekday() == 6 else 45
            trimp = wl.trimp(minutes, 140, HR) if n % 2 else None
            out.append(wl.LoadItem(day, wl.Kind.RUN, minutes, 4, trimp, f"run {day}"))
        if day.weekday() in {1, 3}:
            out.append(wl.LoadItem(day, wl.Kind.STRENGTH, 40, 7, None, f"lift {day}"))
    return out


def timed(label: str, work: Callable[[], object], runs: int) -> None:
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        work()
        times.append((time.perf_counter() - begin) * 1000)
    print(f"{label:<40} median {statistics.median(times):8.1f} ms  (of {runs})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    items = year()
    today = START + dt.timedelta(days=7 * 52 - 1)
    print(f"{len(items)} sessions over 52 weeks")
    timed("summarise 52 weeks", lambda: wl.summarise(items, START, 52, today), runs)

    from runstrong.app.workload import LoadView, Markers
    from runstrong.export.load_chart import load_chart
    from runstrong.present.workload import workload_dict

    found = wl.summarise(items, START, 52, today)
    view = LoadView("bench", found, Markers((), ()), HR, None)
    timed("JSON shape", lambda: workload_dict(view), runs)
    data = workload_dict(view)
    timed("PNG chart", lambda: load_chart("png", "bench", data), runs)


if __name__ == "__main__":
    main()
