"""Runs and other activities read from watch files (FIT, GPX, TCX) and a Strava bulk export.

Pure: each decoder takes a file's bytes and returns frozen Activities; nothing is read from disk
here. A file that cannot be read raises InputError naming the file and the reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import itertools
import math
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from runstrong.errors import InputError

__all__ = [
    "FORMATS",
    "MATCH_SECONDS",
    "MAX_FILE_BYTES",
    "Activity",
    "Lap",
    "decode",
    "fingerprint",
    "read_fit",
    "read_gpx",
    "read_strava_zip",
    "read_tcx",
    "sport_of",
]

FORMATS = ("fit", "gpx", "tcx", "zip")
"""What `decode` reads (each also gzipped, `.fit.gz`, except the zip)."""

MAX_FILE_BYTES = 64 * 1024 * 1024
"""A decompressed file larger than this is refused: a year of 1 s GPS records is far below it,
and a zip or gzip bomb stops here instead of filling the memory."""

MATCH_SECONDS = 60
"""Two activities of one sport starting within a minute are one (a watch file and the Strava
export of the same run differ by a few seconds at most)."""

RUN = "run"
_SPORTS: Mapping[str, str] = MappingProxyType(
    {
        # FIT sport names (the SDK's: running, crossCountrySkiing), Strava activity types,
        # GPX/TCX words; keys in lower case without spaces, dashes or underscores.
        "running": RUN, "run": RUN, "trailrun": RUN, "trailrunning": RUN, "virtualrun": RUN,
        "treadmill": RUN, "trackrunning": RUN, "9": RUN,
        "cycling": "ride", "ride": "ride", "biking": "ride", "virtualride": "ride",
        "ebikeride": "ride", "ebiking": "ride", "gravelride": "ride",
        "mountainbikeride": "ride", "1": "ride",
        "swimming": "swim", "swim": "swim",
        "walking": "walk", "walk": "walk", "10": "walk",
        "hiking": "hike", "hike": "hike",
        "rowing": "row",
        "weighttraining": "strength", "strengthtraining": "strength",
        "crosscountryskiing": "ski", "nordicski": "ski", "backcountryski": "ski",
        "alpineski": "ski", "alpineskiing": "ski",
        "elliptical": "elliptical",
    }
)  # fmt: skip


def sport_of(name: str) -> str:
    """The canonical sport (run, ride, swim, walk, hike, row, strength, ski, other) of a name
    as FIT, Strava, GPX or TCX write it ('running', 'TrailRun', 'Biking')."""
    return _SPORTS.get(re.sub(r"[\s_-]+", "", name.strip().lower()), "other")


@dataclass(frozen=True)
class Lap:
    """A lap or split: enough to see whether a run changed pace (intervals) or held it."""

    duration_s: float
    distance_m: float | None
    avg_hr: int | None = None


@dataclass(frozen=True)
class Activity:
    """One activity as its file tells it; times in UTC, and the local start when the file says."""

    sport: str  # canonical: see sport_of
    start: dt.datetime  # UTC, naive
    duration_s: float  # moving (timer) time when the file has it, else elapsed
    source: str  # the file it came from ("export.zip:activities/1.fit.gz")
    distance_m: float | None = None
    elevation_gain_m: float | None = None
    avg_hr: int | None = None
    max_hr: int | None = None
    rpe: float | None = None  # session RPE, 1-10, when the file or export has one
    name: str = ""
    local_start: dt.datetime | None = None  # naive local time, when the file gives it
    workout_type: str = ""  # Strava's: race, long, workout, or ""
    laps: tuple[Lap, ...] = ()

    @property
    def is_run(self) -> bool:
        """Runs plan the week; every other sport is cross-training."""
        return self.sport == RUN

    @property
    def date(self) -> dt.date:
        """The day it happened where it happened (UTC when the file gives no local time)."""
        return (self.local_start or self.start).date()

    @property
    def fingerprint(self) -> str:
        """Stable id for de-duplication: sport and start to the second."""
        return fingerprint(self.sport, self.start)


def fingerprint(sport: str, start: dt.datetime) -> str:
    """sha256 of the sport and the UTC start to the second, first 32 hex digits."""
    if start.tzinfo is not None:
        start = start.astimezone(dt.UTC)
    text = f"{sport}|{start.replace(microsecond=0, tzinfo=None).isoformat()}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# --- helpers --------------------------------------------------------------------------------------


def _clean(text: str, limit: int = 200) -> str:
    """Text from a file as stored: printable characters only, at most `limit` of them."""
    return "".join(ch if ch.isprintable() else " " for ch in text).strip()[:limit]


def _fail(source: str, reason: str) -> InputError:
    return InputError("FILES", f"{source}: {reason}")


def _utc(value: dt.datetime) -> dt.datetime:
    """A naive UTC datetime (aware values converted; naive ones taken as UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.replace(microsecond=0)


def _gunzip(data: bytes, source: str) -> bytes:
    """A gzip file's content, refused past MAX_FILE_BYTES."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            out = f.read(MAX_FILE_BYTES + 1)
    except (OSError, EOFError, zlib_error()) as exc:
        raise _fail(source, f"not a readable gzip file ({exc})") from None
    if len(out) > MAX_FILE_BYTES:
        raise _fail(source, f"larger than {MAX_FILE_BYTES // 2**20} MB once unpacked")
    return out


def zlib_error() -> type[Exception]:
    """zlib's error class (imported here so the tuple above stays one line)."""
    import zlib

    return zlib.error


def _kind(name: str) -> tuple[str, bool]:
    """(format, gzipped) from a file name: 'a.fit.gz' -> ('fit', True)."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    return lower.rsplit(".", 1)[-1] if "." in lower else "", gz


def decode(name: str, data: bytes) -> list[Activity]:
    """The activities of one file, by its name's extension (.fit, .gpx, .tcx, each maybe .gz,
    or a Strava export .zip)."""
    kind, gz = _kind(name)
    if kind not in FORMATS or (gz and kind == "zip"):
        allowed = ", ".join(f".{k}" for k in FORMATS)
        raise _fail(name, f"unknown file type; allowed: {allowed} (and .gz of each but .zip)")
    if gz:
        data = _gunzip(data, name)
    if kind == "zip":
        return read_strava_zip(data, name)
    reader: Callable[[bytes, str], Activity] = {"fit": read_fit, "gpx": read_gpx, "tcx": read_tcx}[
        kind
    ]
    return [reader(data, name)]


# --- FIT ------------------------------------------------------------------------------------------

_FIT_EPOCH = dt.datetime(1989, 12, 31)  # FIT timestamps count seconds from here (UTC)


def _number(value: Any) -> float | None:
    """A numeric field, or None when missing or not finite."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _hr(value: Any) -> int | None:
    """A heart rate in bpm, or None when missing or out of any human range (20-250)."""
    number = _number(value)
    return round(number) if number is not None and 20 <= number <= 250 else None


def read_fit(data: bytes, source: str) -> Activity:
    """A FIT activity file, read with Garmin's SDK: the first session's totals, its laps."""
    from garmin_fit_sdk import Decoder, Stream

    try:
        decoder = Decoder(Stream.from_byte_array(bytearray(data)))
        if not decoder.is_fit():
            raise _fail(source, "not a FIT file")
        if not decoder.check_integrity():
            raise _fail(source, "damaged FIT file (its checksum does not match)")
        # The checks move the stream: a fresh decoder reads the messages.
        # Only plain session and lap fields are read: no component expansion, no heart rates
        # merged into records, the checksum checked once above (twice as fast on 1 s records).
        messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(
            enable_crc_check=False,
            expand_sub_fields=False,
            expand_components=False,
            merge_heart_rates=False,
        )
    except InputError:
        raise
    except Exception as exc:  # the SDK raises bare Exceptions on cut or odd files
        raise _fail(source, f"unreadable FIT file ({exc})") from None
    if errors:
        raise _fail(source, f"unreadable FIT file ({errors[0]})")
    sessions = messages.get("session_mesgs") or []
    if not sessions:
        kind = (messages.get("file_id_mesgs") or [{}])[0].get("type", "unknown")
        raise _fail(source, f"not an activity (a FIT '{kind}' file without a session)")
    session = sessions[0]
    start = session.get("start_time") or session.get("timestamp")
    if not isinstance(start, dt.datetime):
        raise _fail(source, "the session has no start time")
    duration = _number(session.get("total_timer_time")) or _number(
        session.get("total_elapsed_time")
    )
    if duration is None or duration <= 0:
        raise _fail(source, "the session has no duration")
    sport = sport_of(str(session.get("sport", "other")))
    if sport == "other" and str(session.get("sub_sport")).lower() in {
        "strengthtraining",
        "strength_training",
    }:
        sport = "strength"
    rpe = _number(session.get("workout_rpe"))
    if rpe is not None:
        rpe = rpe / 10 if rpe > 10 else rpe  # Garmin keeps RPE x 10 (10-100)
        rpe = rpe if 1 <= rpe <= 10 else None
    laps = tuple(
        Lap(
            float(_number(lap.get("total_timer_time")) or 0.0),
            _number(lap.get("total_distance")),
            _hr(lap.get("avg_heart_rate")),
        )
        for lap in messages.get("lap_mesgs") or []
        if (_number(lap.get("total_timer_time")) or 0) > 0
    )
    return Activity(
        sport=sport,
        start=_utc(start),
        duration_s=float(duration),
        source=source,
        distance_m=_number(session.get("total_distance")),
        elevation_gain_m=_number(session.get("total_ascent")),
        avg_hr=_hr(session.get("avg_heart_rate")),
        max_hr=_hr(session.get("max_heart_rate")),
        rpe=rpe,
        local_start=_fit_local(messages, _utc(start)),
        laps=laps,
    )


def _fit_local(messages: Mapping[str, Any], start: dt.datetime) -> dt.datetime | None:
    """The local start: the activity message's local_timestamp minus its UTC timestamp is the
    offset from UTC (FIT's own way of telling the time zone)."""
    for activity in messages.get("activity_mesgs") or []:
        local, stamp = activity.get("local_timestamp"), activity.get("timestamp")
        if isinstance(local, int) and isinstance(stamp, dt.datetime):
            offset = _FIT_EPOCH + dt.timedelta(seconds=local) - _utc(stamp)
            if abs(offset) <= dt.timedelta(hours=14):
                return start + dt.timedelta(minutes=round(offset.total_seconds() / 60))
    return None


# --- XML (GPX, TCX) -------------------------------------------------------------------------------

_UNSAFE_XML = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def _xml(data: bytes, source: str) -> Any:
    """Parsed XML, refusing DOCTYPE and ENTITY declarations (entity-expansion bombs, external
    entities): no GPX or TCX a watch or Strava writes has one."""
    import xml.etree.ElementTree as ET

    if _UNSAFE_XML.search(data[:65536]) or _UNSAFE_XML.search(data):
        raise _fail(source, "XML with a DOCTYPE or ENTITY declaration is refused")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise _fail(source, f"not well-formed XML ({exc})") from None


def _local(tag: str) -> str:
    """An element's name without its namespace: '{http://...}trkpt' -> 'trkpt'."""
    return tag.rsplit("}", 1)[-1]


def _children(node: Any, name: str) -> list[Any]:
    return [c for c in node if _local(c.tag) == name]


def _first(node: Any, name: str) -> Any:
    return next((c for c in node if _local(c.tag) == name), None)


def _descendants(node: Any, name: str) -> list[Any]:
    return [c for c in node.iter() if _local(c.tag) == name]


def _text(node: Any) -> str:
    return "" if node is None or node.text is None else node.text.strip()


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _time(text: str) -> dt.datetime | None:
    """An ISO 8601 time as GPX and TCX write it ('2026-11-03T06:30:00Z'), as naive UTC."""
    text = text.strip()
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return _utc(value)


def _haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Metres between two (lat, lon) points on a sphere of the Earth's mean radius."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_008.8 * math.asin(min(1.0, math.sqrt(h)))


def _gain(elevations: Sequence[float]) -> float | None:
    """Sum of the climbs between successive points."""
    if len(elevations) < 2:
        return None
    return sum(max(0.0, b - a) for a, b in itertools.pairwise(elevations))


def _hr_stats(rates: Sequence[int]) -> tuple[int | None, int | None]:
    """(average, max) of heart-rate samples."""
    if not rates:
        return None, None
    return round(sum(rates) / len(rates)), max(rates)


def read_gpx(data: bytes, source: str) -> Activity:
    """A GPX track (Garmin Connect, Strava): times, positions, elevation, heart rate from the
    Garmin TrackPointExtension. A track without a type is taken as a run (docs/runs.md)."""
    root = _xml(data, source)
    if _local(root.tag) != "gpx":
        raise _fail(source, f"not a GPX file (its root is <{_local(root.tag)}>)")
    track = _first(root, "trk")
    if track is None:
        raise _fail(source, "no track (<trk>) in the GPX file")
    times: list[dt.datetime] = []
    points: list[tuple[float, float]] = []
    elevations: list[float] = []
    rates: list[int] = []
    ns = root.tag[: -len("gpx")]  # "{http://www.topografix.com/GPX/1/1}" or ""
    for point in track.iter(f"{ns}trkpt"):
        moment = _time(point.findtext(f"{ns}time") or "")
        if moment is not None:
            times.append(moment)
        lat, lon = _float(point.get("lat", "")), _float(point.get("lon", ""))
        if lat is not None and lon is not None:
            points.append((lat, lon))
        elevation = _float(point.findtext(f"{ns}ele") or "")
        if elevation is not None:
            elevations.append(elevation)
        extensions = point.find(f"{ns}extensions")
        if extensions is not None:
            rate = next(
                (_hr(_float(x.text or "")) for x in extensions.iter() if _local(x.tag) == "hr"),
                None,
            )
            if rate is not None:
                rates.append(rate)
    if len(times) < 2:
        raise _fail(source, "the track has fewer than two timed points")
    start, end = min(times), max(times)
    if end <= start:
        raise _fail(source, "the track's points span no time")
    kind = _text(_first(track, "type"))
    avg, most = _hr_stats(rates)
    return Activity(
        sport=sport_of(kind) if kind else RUN,
        start=start,
        duration_s=(end - start).total_seconds(),
        source=source,
        distance_m=sum(_haversine(a, b) for a, b in itertools.pairwise(points))
        if len(points) > 1
        else None,
        elevation_gain_m=_gain(elevations),
        avg_hr=avg,
        max_hr=most,
        name=_clean(_text(_first(track, "name"))),
    )


def _bpm(node: Any, name: str) -> int | None:
    """A TCX heart rate: <name><Value>142</Value></name>."""
    inner = _first(node, name)
    return None if inner is None else _hr(_float(_text(_first(inner, "Value"))))


def read_tcx(data: bytes, source: str) -> Activity:
    """A TCX activity (Garmin Training Center): the first activity's laps, summed."""
    root = _xml(data, source)
    if _local(root.tag) != "TrainingCenterDatabase":
        raise _fail(source, f"not a TCX file (its root is <{_local(root.tag)}>)")
    activity = next(iter(_descendants(root, "Activity")), None)
    if activity is None:
        raise _fail(source, "no <Activity> in the TCX file")
    start = _time(_text(_first(activity, "Id")))
    laps: list[Lap] = []
    rates: list[int] = []
    elevations: list[float] = []
    most: list[int] = []
    for lap in _children(activity, "Lap"):
        start = start or _time(lap.get("StartTime", ""))
        seconds = _float(_text(_first(lap, "TotalTimeSeconds"))) or 0.0
        lap_hr = _bpm(lap, "AverageHeartRateBpm")
        peak = _bpm(lap, "MaximumHeartRateBpm")
        if peak is not None:
            most.append(peak)
        if seconds > 0:
            laps.append(Lap(seconds, _float(_text(_first(lap, "DistanceMeters"))), lap_hr))
        for point in _descendants(lap, "Trackpoint"):
            elevation = _float(_text(_first(point, "AltitudeMeters")))
            if elevation is not None:
                elevations.append(elevation)
            rate = _bpm(point, "HeartRateBpm")
            if rate is not None:
                rates.append(rate)
    if start is None:
        raise _fail(source, "the activity has no start time (<Id>)")
    duration = sum(lap.duration_s for lap in laps)
    if duration <= 0:
        raise _fail(source, "the activity has no laps with a duration")
    distances = [lap.distance_m for lap in laps if lap.distance_m is not None]
    weighted = [(lap.avg_hr, lap.duration_s) for lap in laps if lap.avg_hr is not None]
    avg = (
        round(sum(h * s for h, s in weighted) / sum(s for _, s in weighted))
        if weighted
        else _hr_stats(rates)[0]
    )
    return Activity(
        sport=sport_of(activity.get("Sport", "other")),
        start=start,
        duration_s=duration,
        source=source,
        distance_m=sum(distances) if distances else None,
        elevation_gain_m=_gain(elevations),
        avg_hr=avg,
        max_hr=max(most) if most else _hr_stats(rates)[1],
        name=_clean(_text(_first(activity, "Notes"))),
        laps=tuple(laps),
    )


# --- Strava bulk export ---------------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_STRAVA_DATE = re.compile(
    r"^(?P<mon>[A-Za-z]{3})[a-z]* (?P<day>\d{1,2}), (?P<year>\d{4}),? "
    r"(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2}) ?(?P<ampm>[AaPp][Mm])?$"
)
_WORKOUT_TYPES = {"1": "race", "2": "long", "3": "workout", "11": "race", "12": "workout"}
"""Strava's workout_type codes (runs 0-3, rides 10-12; 0 and 10 are the default)."""


def _strava_date(text: str) -> dt.datetime | None:
    """'Nov 3, 2026, 6:30:00 AM' (UTC, as the export writes it) or ISO 8601."""
    found = _STRAVA_DATE.match(text.strip())
    if found is None:
        return _time(text.strip())
    month = _MONTHS.get(found["mon"].lower())
    if month is None:
        return None
    hour = int(found["h"])
    if found["ampm"]:
        hour = hour % 12 + (12 if found["ampm"].lower() == "pm" else 0)
    try:
        return dt.datetime(
            int(found["year"]), month, int(found["day"]), hour, int(found["m"]), int(found["s"])
        )
    except ValueError:
        return None


@dataclass(frozen=True)
class _Columns:
    """activities.csv's header: every index of each name (the export repeats some names:
    the first Distance is in the runner's display units, the second in metres)."""

    where: Mapping[str, tuple[int, ...]]

    def get(self, row: Sequence[str], name: str, last: bool = False) -> str:
        """The first non-empty value of a column (or its last occurrence's, with `last`)."""
        found = self.where.get(name.lower(), ())
        order = reversed(found) if last else iter(found)
        for i in order:
            if i < len(row) and row[i].strip():
                return row[i].strip()
            if last:
                break
        return ""


def _columns(header: Sequence[str]) -> _Columns:
    where: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        where.setdefault(name.strip().lower(), []).append(i)
    return _Columns({k: tuple(v) for k, v in where.items()})


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> bytes:
    if info.file_size > MAX_FILE_BYTES:
        raise _fail(source, f"larger than {MAX_FILE_BYTES // 2**20} MB once unpacked")
    try:
        with archive.open(info) as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, OSError, NotImplementedError, zlib_error()) as exc:
        raise _fail(source, f"cannot be unpacked ({exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise _fail(source, f"larger than {MAX_FILE_BYTES // 2**20} MB once unpacked")
    return data


def read_strava_zip(data: bytes, source: str) -> list[Activity]:
    """A Strava bulk export: activities.csv, and each activity file it names under activities/
    (gzipped or not). The csv gives the name, the type, the RPE and the workout type; the file
    gives the measurements. A row without a file (entered by hand) is read from the csv alone."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _fail(source, "not a zip file") from None
    members = {info.filename: info for info in archive.infolist() if not info.is_dir()}
    csv_name = next(
        (n for n in sorted(members, key=len) if n.rsplit("/", 1)[-1] == "activities.csv"), None
    )
    if csv_name is None:
        raise _fail(source, "no activities.csv: not a Strava bulk export")
    prefix = csv_name[: -len("activities.csv")]
    raw = _read_member(archive, members[csv_name], f"{source}:{csv_name}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(f"{source}:{csv_name}", "not UTF-8 text") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise _fail(f"{source}:{csv_name}", "empty")
    cols = _columns(rows[0])
    for needed in ("activity date", "activity type"):
        if needed not in cols.where:
            raise _fail(f"{source}:{csv_name}", f"no '{needed.title()}' column")
    found: list[Activity] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{source}:{csv_name} line {number}"
        from_csv = _csv_activity(cols, row, where)
        filename = cols.get(row, "filename")
        if not filename:
            found.append(from_csv)
            continue
        member = prefix + filename.lstrip("/")
        if member not in members:
            raise _fail(where, f"names '{filename}', which is not in the export")
        inner = f"{source}:{member}"
        kind, _ = _kind(member)
        if kind == "zip":
            raise _fail(inner, "a zip inside the export is not read")
        decoded = decode(inner, _read_member(archive, members[member], inner))[0]
        found.append(
            replace(
                decoded,
                sport=from_csv.sport,
                name=from_csv.name or decoded.name,
                rpe=from_csv.rpe if from_csv.rpe is not None else decoded.rpe,
                workout_type=from_csv.workout_type,
                elevation_gain_m=decoded.elevation_gain_m
                if decoded.elevation_gain_m is not None
                else from_csv.elevation_gain_m,
            )
        )
    return found


def _csv_activity(cols: _Columns, row: Sequence[str], where: str) -> Activity:
    """One row of activities.csv as an Activity (the file it names, if any, refines it)."""
    start = _strava_date(cols.get(row, "activity date"))
    if start is None:
        raise _fail(where, f"Activity Date '{cols.get(row, 'activity date')}' is not a date")
    kind = cols.get(row, "activity type")
    duration = (
        _float(cols.get(row, "moving time"))
        or _float(cols.get(row, "elapsed time", last=True))
        or _float(cols.get(row, "elapsed time"))
    )
    if duration is None or duration <= 0:
        raise _fail(where, "no Elapsed Time")
    distance = _distance(cols, row)
    rpe = _float(cols.get(row, "perceived exertion"))
    code = cols.get(row, "workout type").split(".")[0].lower()
    return Activity(
        sport=sport_of(kind),
        start=start,
        duration_s=duration,
        source=where,
        distance_m=distance,
        elevation_gain_m=_float(cols.get(row, "elevation gain")),
        avg_hr=_hr(_float(cols.get(row, "average heart rate"))),
        max_hr=_hr(_float(cols.get(row, "max heart rate"))),
        rpe=rpe if rpe is not None and 1 <= rpe <= 10 else None,
        name=_clean(cols.get(row, "activity name")),
        workout_type=_WORKOUT_TYPES.get(code, code if code in {"race", "long", "workout"} else ""),
    )


def _distance(cols: _Columns, row: Sequence[str]) -> float | None:
    """Metres: the second Distance column of today's export; an older export's only Distance
    column is in kilometres."""
    if len(cols.where.get("distance", ())) > 1:
        return _float(cols.get(row, "distance", last=True).replace(",", ""))
    km = _float(cols.get(row, "distance").replace(",", ""))
    return None if km is None else km * 1000
