"""Time importing a year of activities: `runs import` of ~300 watch files, then `runs`.

    python benchmarks/bench_runs.py [--database URL] [--files 300] [--seconds-per-point 1]

Writes a year of runs (6 a week, 30-100 min, one GPS/heart-rate point a second, as watches
record) as FIT files (Garmin's encoder) and GPX files, alternately, into a temporary folder;
then times decoding them, storing them (one transaction), importing them again (all duplicates)
and reading the runs of 8 weeks with the running week, and prints each in seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

from runstrong import app as logbook
from runstrong.app.requests import AthleteRequest, RunsImportRequest
from runstrong.app.runs import decode_files, import_runs, runs_report
from runstrong.settings import Context

START = dt.datetime(2025, 12, 1, 6, 30, tzinfo=dt.UTC)
FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)


def fit_run(start: dt.datetime, seconds: int, step: int) -> bytes:
    from garmin_fit_sdk import Encoder, Profile

    nums = Profile["mesg_num"]
    e: Any = Encoder()
    e.on_mesg(nums["FILE_ID"], {"type": "activity", "manufacturer": "garmin", "product": 1,
                                "serial_number": 1, "time_created": start})  # fmt: skip
    for i in range(0, seconds, step):
        e.on_mesg(nums["RECORD"], {"timestamp": start + dt.timedelta(seconds=i),
                                   "heart_rate": 140 + i % 20, "distance": i * 3.0,
                                   "speed": 3.0})  # fmt: skip
    end = start + dt.timedelta(seconds=seconds)
    lap = {"timestamp": end, "start_time": start, "total_timer_time": seconds,
           "total_elapsed_time": seconds, "total_distance": seconds * 3.0}  # fmt: skip
    e.on_mesg(nums["LAP"], lap)
    e.on_mesg(nums["SESSION"], {"timestamp": end, "start_time": start, "sport": "running",
                                "total_timer_time": seconds, "total_elapsed_time": seconds,
                                "total_distance": seconds * 3.0, "avg_heart_rate": 150,
                                "max_heart_rate": 170})  # fmt: skip
    local = int((end - FIT_EPOCH).total_seconds()) + 3600
    e.on_mesg(nums["ACTIVITY"], {"timestamp": end, "num_sessions": 1, "type": "manual",
                                 "local_timestamp": local})  # fmt: skip
    return bytes(e.close())


def gpx_run(start: dt.datetime, seconds: int, step: int) -> bytes:
    points = "".join(
        f'<trkpt lat="{45 + i * 2.7e-5:.6f}" lon="7.0"><ele>{200 + i % 30}</ele>'
        f"<time>{(start + dt.timedelta(seconds=i)):%Y-%m-%dT%H:%M:%SZ}</time><extensions>"
        f"<ns3:TrackPointExtension><ns3:hr>{140 + i % 20}</ns3:hr></ns3:TrackPointExtension>"
        "</extensions></trkpt>\n"
        for i in range(0, seconds, step)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="bench" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><name>Run</name><type>running</type><trkseg>{points}</trkseg></trk></gpx>"
    ).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database")
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--seconds-per-point", type=int, default=1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="runstrong-bench-runs-"))
    url = args.database or f"sqlite:///{folder / 'bench.db'}"
    ctx = Context.from_environment(url)
    logbook.create_athlete(ctx, AthleteRequest(name="Ana", setup="gym"))
    files = []
    size = 0
    for n in range(args.files):
        start = START + dt.timedelta(days=n * 7 // 6)
        seconds = 1800 + (n * 37 % 70) * 60
        maker, ext = (fit_run, "fit") if n % 2 == 0 else (gpx_run, "gpx")
        data = maker(start, seconds, args.seconds_per_point)
        size += len(data)
        files.append((f"{n:03d}.{ext}", data))
    print(f"{len(files)} files, {size / 2**20:.1f} MB, in {folder}")
    t = time.perf_counter()
    decode_files(files)
    print(f"decode: {time.perf_counter() - t:.1f} s")
    request = RunsImportRequest(athlete="ana", files=tuple(files))
    t = time.perf_counter()
    found = import_runs(ctx, request)
    print(f"import (decode + store): {time.perf_counter() - t:.1f} s, {found.added} stored")
    t = time.perf_counter()
    again = import_runs(ctx, request)
    print(f"import again: {time.perf_counter() - t:.1f} s, {again.duplicates} duplicates")
    t = time.perf_counter()
    report = runs_report(ctx, "ana", 8, (START + dt.timedelta(days=360)).date())
    print(
        f"runs --weeks 8: {(time.perf_counter() - t) * 1000:.0f} ms ({report.typical_weeks.text()})"
    )


if __name__ == "__main__":
    main()
