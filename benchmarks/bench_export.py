"""Hand-run timings for the exports of a 16-week plan (figures go in the issue's closing note).

    python benchmarks/bench_export.py

The plan is a real 16-week season to a race (sessions of every kind). Each format is rendered
in-process (median of a few runs, after one warm-up run that pays the library import), and the
import cost of runstrong.export is shown to stay out of the CLI's 250 ms start-up budget.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import runstrong
from runstrong.export import FORMATS, export, render

WEEKS = 16
RUNS = 5


def sixteen_weeks() -> dict[str, Any]:
    """A real 16-week season: blocks, deloads, re-tests, a taper, a race and a recovery week."""
    return runstrong.plan_json(
        runstrong.build_plan(
            goal="strength",
            setup="gym",
            lifts=["back-squat=100", "romanian-deadlift=80x6"],
            runs="mon=easy,tue=intervals,thu=tempo,sat=long",
            start="2027-01-04",
            race="2027-04-18",  # the race week is week 15, then a recovery week
            retests=True,
        )
    )


def size(rendered: bytes | dict[str, bytes]) -> str:
    if isinstance(rendered, dict):
        return f"{len(rendered)} files, {sum(map(len, rendered.values())) / 1024:.0f} KiB"
    return f"{len(rendered) / 1024:.0f} KiB"


def bench_format(plan: dict[str, Any], fmt: str, folder: Path) -> tuple[float, float, str]:
    """(first run incl. imports, median of later runs) in ms, and the output size."""
    t0 = time.perf_counter()
    rendered = render(plan, fmt, tz="UTC")
    first = (time.perf_counter() - t0) * 1000
    times = []
    for i in range(RUNS):
        target = folder / f"{fmt}-{i}" if fmt == "fit" else folder / f"plan-{i}.{fmt}"
        t0 = time.perf_counter()
        export(plan, fmt, str(target), tz="UTC")
        times.append((time.perf_counter() - t0) * 1000)
    return first, statistics.median(times), size(rendered)


def import_ms(module: str) -> float:
    code = f"import time; t=time.perf_counter(); import {module}; print(time.perf_counter()-t)"
    argv = [sys.executable, "-c", code]
    runs = [
        float(subprocess.run(argv, check=True, capture_output=True, text=True).stdout)
        for _ in range(5)
    ]
    return statistics.median(runs) * 1000


def main() -> None:
    plan = sixteen_weeks()
    sessions = sum(len(w["sessions"]) for w in plan["weeks"])
    exercises = sum(len(s["exercises"]) for w in plan["weeks"] for s in w["sessions"])
    print(f"{WEEKS} weeks, {sessions} sessions, {exercises} exercises")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            first, median, out = bench_format(plan, fmt, Path(tmp))
            print(f"{fmt:>4}: {median:7.1f} ms render + write (first run {first:.0f} ms); {out}")
    print(
        f"import runstrong.export: {import_ms('runstrong.export'):.1f} ms "
        f"(import runstrong: {import_ms('runstrong'):.1f} ms)"
    )


if __name__ == "__main__":
    main()
