"""Time a squad's block on PostgreSQL: building every runner's plan (the preview) and publishing
them all (built again from the profiles, saved in one transaction), for a squad of 200 runners
with a running week, two 1RMs each and a sore knee on every tenth. Run by hand; the figures go
in the issue's closing note (goal: publishing to 200 runners under 2 s).

    python benchmarks/bench_blocks.py [--postgres URL] [--runners 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from bench_web import POSTGRES, _drop, _schema
from runstrong import app
from runstrong.app import blocks, lifts
from runstrong.app.requests import AthleteRequest, LiftRequest, PlanRequest
from runstrong.settings import Context, Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default=POSTGRES)
    parser.add_argument("--runners", type=int, default=200)
    args = parser.parse_args()
    url, schema = _schema(args.postgres)
    folder = Path(tempfile.mkdtemp(prefix="runstrong-bench-blocks-"))
    try:
        ctx = Context(Settings(config_dir=folder, data_dir=folder), url)
        names = []
        for i in range(args.runners):
            name = f"Runner {i}"
            avoid = ("knee",) if i % 10 == 0 else ()
            runs = "tue=intervals,thu=tempo,sat=long"
            app.create_athlete(ctx, AthleteRequest(name=name, runs=runs, avoid=avoid))
            squat = f"back-squat={80 + i % 40}"
            lifts.record_lifts(
                ctx, LiftRequest(athlete=name, lifts=(squat, "romanian-deadlift=90x5"))
            )
            names.append(name)
        block = PlanRequest(
            goal="strength", phase="off-season", weeks=8, sessions=2, start=dt.date(2027, 1, 4)
        )
        started = time.perf_counter()
        rows = blocks.preview(ctx, block, names)
        built = time.perf_counter() - started
        started = time.perf_counter()
        saved = blocks.publish(ctx, block, names)
        published = time.perf_counter() - started
        print(f"PostgreSQL, {args.runners} runners, an 8-week block, 2 sessions a week")
        print(f"  preview (every plan built, nothing saved)  {built:6.2f} s  {len(rows)} rows")
        kept = sum(1 for _row, plan_id in saved if plan_id is not None)
        print(f"  publish (built again, saved at once)       {published:6.2f} s  {kept} saved")
        ctx.close()
    finally:
        _drop(args.postgres, schema)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
