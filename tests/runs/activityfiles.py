"""Activity files written for the tests: FIT with Garmin's encoder, GPX and TCX as Garmin
Connect and Strava write them, and a Strava bulk export zip."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import zipfile
from collections.abc import Sequence
from typing import Any

UTC = dt.UTC
FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=UTC)


def fit_activity(
    start: dt.datetime,
    *,
    sport: str = "running",
    sub_sport: str = "generic",
    laps: Sequence[tuple[float, float, int]] = ((600.0, 2000.0, 140),) * 3,
    ascent: int = 35,
    rpe: int | None = None,
    utc_offset_h: float = 1.0,
) -> bytes:
    """A FIT activity: file_id, records every 10 s, laps (seconds, metres, avg hr), a session and
    the activity message with its local time."""
    from garmin_fit_sdk import Encoder, Profile

    nums = Profile["mesg_num"]
    e: Any = Encoder()
    e.on_mesg(
        nums["FILE_ID"],
        {"type": "activity", "manufacturer": "garmin", "product": 1, "serial_number": 7,
         "time_created": start},
    )  # fmt: skip
    at, distance = start, 0.0
    total = sum(s for s, _, _ in laps)
    for seconds, metres, hr in laps:
        lap_start = at
        for i in range(int(seconds // 10)):
            e.on_mesg(
                nums["RECORD"],
                {"timestamp": at + dt.timedelta(seconds=10 * i), "heart_rate": hr,
                 "distance": distance + metres * i * 10 / seconds, "speed": metres / seconds},
            )  # fmt: skip
        at += dt.timedelta(seconds=seconds)
        distance += metres
        e.on_mesg(
            nums["LAP"],
            {"timestamp": at, "start_time": lap_start, "total_elapsed_time": seconds,
             "total_timer_time": seconds, "total_distance": metres, "avg_heart_rate": hr,
             "max_heart_rate": hr + 8},
        )  # fmt: skip
    session: dict[str, Any] = {
        "timestamp": at, "start_time": start, "sport": sport, "sub_sport": sub_sport,
        "total_elapsed_time": total + 30, "total_timer_time": total, "total_distance": distance,
        "total_ascent": ascent, "avg_heart_rate": round(sum(h * s for s, _, h in laps) / total),
        "max_heart_rate": max(h for _, _, h in laps) + 8,
    }  # fmt: skip
    if rpe is not None:
        session["workout_rpe"] = rpe
    e.on_mesg(nums["SESSION"], session)
    local = at + dt.timedelta(hours=utc_offset_h)
    e.on_mesg(
        nums["ACTIVITY"],
        {"timestamp": at, "num_sessions": 1, "type": "manual", "total_timer_time": total,
         "local_timestamp": int((local - FIT_EPOCH).total_seconds())},
    )  # fmt: skip
    return bytes(e.close())


def fit_workout() -> bytes:
    """A FIT workout (a plan, not an activity): no session message."""
    from garmin_fit_sdk import Encoder, Profile

    nums = Profile["mesg_num"]
    e: Any = Encoder()
    e.on_mesg(
        nums["FILE_ID"],
        {"type": "workout", "manufacturer": "development", "product": 0, "serial_number": 1,
         "time_created": dt.datetime(2026, 11, 1, tzinfo=UTC)},
    )  # fmt: skip
    e.on_mesg(nums["WORKOUT"], {"wkt_name": "Squats", "sport": "training", "num_valid_steps": 0})
    return bytes(e.close())


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx(
    start: dt.datetime,
    *,
    name: str = "Morning Run",
    kind: str | None = "running",
    minutes: int = 40,
    hr: int = 145,
) -> bytes:
    """A GPX track as Garmin Connect writes it: namespaced, one point a minute going north
    about 200 m each (so 5 min/km), climbing 2 m a point, with the Garmin HR extension."""
    kind_line = f"\n    <type>{kind}</type>" if kind else ""
    points = "".join(
        f"""
      <trkpt lat="{45.0 + i * 0.0018:.6f}" lon="7.000000">
        <ele>{200 + 2 * i}.0</ele>
        <time>{_iso(start + dt.timedelta(minutes=i))}</time>
        <extensions>
          <ns3:TrackPointExtension>
            <ns3:hr>{hr + i % 3}</ns3:hr>
            <ns3:cad>85</ns3:cad>
          </ns3:TrackPointExtension>
        </extensions>
      </trkpt>"""
        for i in range(minutes + 1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="Garmin Connect" version="1.1"
  xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/11.xsd"
  xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
  xmlns="http://www.topografix.com/GPX/1/1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:ns2="http://www.garmin.com/xmlschemas/GpxExtensions/v3">
  <metadata>
    <time>{_iso(start)}</time>
  </metadata>
  <trk>
    <name>{name}</name>{kind_line}
    <trkseg>{points}
    </trkseg>
  </trk>
</gpx>
""".encode()


def tcx(
    start: dt.datetime,
    *,
    sport: str = "Running",
    laps: Sequence[tuple[float, float, int]] = ((1500.0, 5000.0, 150), (1500.0, 5000.0, 156)),
    notes: str = "",
) -> bytes:
    """A TCX activity as Garmin Training Center writes it: laps with totals and trackpoints."""
    parts = []
    at = start
    for seconds, metres, hr in laps:
        points = "".join(
            f"""
          <Trackpoint>
            <Time>{_iso(at + dt.timedelta(seconds=60 * i))}</Time>
            <AltitudeMeters>{100 + (i % 4)}.0</AltitudeMeters>
            <HeartRateBpm><Value>{hr}</Value></HeartRateBpm>
          </Trackpoint>"""
            for i in range(int(seconds // 60))
        )
        parts.append(
            f"""
      <Lap StartTime="{_iso(at)}">
        <TotalTimeSeconds>{seconds}</TotalTimeSeconds>
        <DistanceMeters>{metres}</DistanceMeters>
        <AverageHeartRateBpm><Value>{hr}</Value></AverageHeartRateBpm>
        <MaximumHeartRateBpm><Value>{hr + 10}</Value></MaximumHeartRateBpm>
        <Intensity>Active</Intensity>
        <TriggerMethod>Manual</TriggerMethod>
        <Track>{points}
        </Track>
      </Lap>"""
        )
        at += dt.timedelta(seconds=seconds)
    notes_line = f"\n      <Notes>{notes}</Notes>" if notes else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase
  xsi:schemaLocation="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd"
  xmlns:ns5="http://www.garmin.com/xmlschemas/ActivityGoals/v1"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"
  xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Activities>
    <Activity Sport="{sport}">
      <Id>{_iso(start)}</Id>{"".join(parts)}{notes_line}
    </Activity>
  </Activities>
</TrainingCenterDatabase>
""".encode()


# Strava's activities.csv header as its export writes it today: some names come twice (the
# first Distance in the runner's display units, the second in metres).
STRAVA_HEADER = [
    "Activity ID",
    "Activity Date",
    "Activity Name",
    "Activity Type",
    "Activity Description",
    "Elapsed Time",
    "Distance",
    "Max Heart Rate",
    "Relative Effort",
    "Commute",
    "Activity Private Note",
    "Activity Gear",
    "Filename",
    "Athlete Weight",
    "Bike Weight",
    "Elapsed Time",
    "Moving Time",
    "Distance",
    "Max Speed",
    "Average Speed",
    "Elevation Gain",
    "Elevation Loss",
    "Elevation Low",
    "Elevation High",
    "Max Grade",
    "Average Grade",
    "Average Positive Grade",
    "Average Negative Grade",
    "Max Cadence",
    "Average Cadence",
    "Max Heart Rate",
    "Average Heart Rate",
    "Max Watts",
    "Average Watts",
    "Calories",
    "Max Temperature",
    "Average Temperature",
    "Relative Effort",
    "Total Work",
    "Number of Runs",
    "Uphill Time",
    "Downhill Time",
    "Other Time",
    "Perceived Exertion",
    "Type",
    "Start Time",
    "Weighted Average Power",
    "Power Count",
    "Prefer Perceived Exertion",
    "Perceived Relative Effort",
    "Commute",
    "Total Weight Lifted",
    "From Upload",
    "Grade Adjusted Distance",
    "Activity Count",
    "Total Steps",
    "Media",
]


def strava_date(moment: dt.datetime) -> str:
    """'Nov 3, 2026, 6:30:00 AM', as the export writes UTC times."""
    m = moment.astimezone(UTC)
    hour = (m.hour - 1) % 12 + 1
    return f"{m:%b} {m.day}, {m.year}, {hour}:{m:%M:%S} {'AM' if m.hour < 12 else 'PM'}"


def strava_row(
    activity_id: int,
    start: dt.datetime,
    name: str,
    kind: str,
    seconds: int,
    metres: float,
    filename: str = "",
    rpe: str = "",
    avg_hr: str = "",
    max_hr: str = "",
) -> list[str]:
    """A row of activities.csv, each duplicated column filled as Strava fills it."""
    values: dict[int, str] = {}
    names = STRAVA_HEADER
    where = {n: [i for i, x in enumerate(names) if x == n] for n in names}
    values[where["Activity ID"][0]] = str(activity_id)
    values[where["Activity Date"][0]] = strava_date(start)
    values[where["Activity Name"][0]] = name
    values[where["Activity Type"][0]] = kind
    values[where["Elapsed Time"][0]] = str(seconds + 20)
    values[where["Elapsed Time"][1]] = f"{seconds + 20}.0"
    values[where["Moving Time"][0]] = f"{seconds}.0"
    values[where["Distance"][0]] = f"{metres / 1000:.2f}"
    values[where["Distance"][1]] = f"{metres:.1f}"
    values[where["Filename"][0]] = filename
    values[where["Perceived Exertion"][0]] = rpe
    values[where["Max Heart Rate"][0]] = max_hr
    values[where["Max Heart Rate"][1]] = max_hr
    values[where["Average Heart Rate"][0]] = avg_hr
    values[where["Elevation Gain"][0]] = "42.0"
    values[where["Commute"][0]] = "false"
    values[where["Commute"][1]] = "0.0"
    return [values.get(i, "") for i in range(len(names))]


def strava_zip(rows: Sequence[list[str]], files: dict[str, bytes]) -> bytes:
    """A Strava bulk export: activities.csv and the activity files (paths as the csv names)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(STRAVA_HEADER)
    writer.writerows(rows)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("activities.csv", text.getvalue())
        z.writestr("profile.csv", "Athlete ID,Email Address\n1,a@example.org\n")
        for path, data in files.items():
            z.writestr(path, data)
    return out.getvalue()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)
