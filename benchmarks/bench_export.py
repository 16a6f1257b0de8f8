"""Hand-run timings for the exports of a 16-week plan (figures go in the issue's closing note).

    python benchmarks/bench_export.py [--runs N]

Two real 16-week plans: a season to a race (blocks, deloads, re-tests, a taper, a race and a
recovery week) and 16 off-season weeks (more sessions, so more pages). Each format is rendered
in-process, pure (plan in, bytes out; writing the file is the CLI's): the first run pays the
library import and the font parsing, the figure is the median of the later runs (wall clock,
and CPU time, which other work on a busy machine disturbs less). The PDF target is 300 ms. The
import cost of runstrong.export is shown to stay out of the CLI's start-up budget.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import runstrong
from runstrong.export import FORMATS, render

PDF_TARGET_MS = 300.0
STAMP = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)  # an ics export's moment: any fixed one
PLAN = {
    "goal": "strength",
    "setup": "gym",
    "lifts": ["back-squat=100", "romanian-deadlift=80x6"],
    "runs": "mon=easy,tue=intervals,thu=tempo,sat=long",
    "start": "2027-01-04",
}


def season() -> dict[str, Any]:
    """16 weeks to a race: the race week is week 15, then a recovery week."""
    return runstrong.plan_json(runstrong.build_plan(**PLAN, race="2027-04-18", retests=True))


def off_season() -> dict[str, Any]:
    """16 off-season weeks (`--weeks 16 --phase off-season`): three sessions most weeks."""
    return runstrong.plan_json(runstrong.build_plan(**PLAN, phase="off-season", weeks=16))


def size(rendered: bytes | dict[str, bytes]) -> str:
    if isinstance(rendered, dict):
        return f"{len(rendered)} files, {sum(map(len, rendered.values())) / 1024:.0f} KiB"
    return f"{len(rendered) / 1024:.0f} KiB"


def timed(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of `runs` calls."""
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        work()
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def import_ms(module: str) -> float:
    code = f"import time; t=time.perf_counter(); import {module}; print(time.perf_counter()-t)"
    argv = [sys.executable, "-c", code]
    runs = [
        float(subprocess.run(argv, check=True, capture_output=True, text=True).stdout)
        for _ in range(5)
    ]
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs per figure (default 9)")
    runs = parser.parse_args().runs
    plans = {"season to a race": season(), "off-season": off_season()}
    for label, plan in plans.items():
        sessions = sum(len(w["sessions"]) for w in plan["weeks"])
        exercises = sum(len(s["exercises"]) for w in plan["weeks"] for s in w["sessions"])
        print(f"{label}: {len(plan['weeks'])} weeks, {sessions} sessions, {exercises} exercises")
    plan = plans["season to a race"]
    print("render, season to a race (median of later runs; first run with imports):")
    for fmt in FORMATS:
        t0 = time.perf_counter()
        rendered = render(plan, fmt, tz="UTC", stamp=STAMP)
        first = (time.perf_counter() - t0) * 1000
        wall, cpu = timed(lambda fmt=fmt: render(plan, fmt, tz="UTC", stamp=STAMP), runs)
        shown = f"{wall:7.1f} ms (CPU {cpu:.0f} ms; first {first:.0f} ms)"
        print(f"  {fmt:>4}: {shown}; {size(rendered)}")
    print(f"pdf, 16 weeks (target <= {PDF_TARGET_MS:.0f} ms):")
    for label, plan in plans.items():
        pages = render(plan, "pdf")
        assert isinstance(pages, bytes)
        wall, cpu = timed(lambda plan=plan: render(plan, "pdf"), runs)
        verdict = "ok" if wall <= PDF_TARGET_MS else "OVER"
        count = pages.count(b"/Type /Page\n")
        print(f"  {label:>16}: {wall:7.1f} ms (CPU {cpu:.0f} ms), {count} pages  {verdict}")
    print(
        f"import runstrong.export: {import_ms('runstrong.export'):.1f} ms "
        f"(import runstrong: {import_ms('runstrong'):.1f} ms)"
    )


if __name__ == "__main__":
    main()
