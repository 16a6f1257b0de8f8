"""The plan as an iCalendar file: one event per session, re-importable without duplicates."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from runstrong.errors import InputError
from runstrong.present import prescription as rx
from runstrong.present.prescription import Json

DEFAULT_TIME = dt.time(18, 0)  # after the day's run: strength goes second on a double day
DEFAULT_MINUTES = 45
UID_DOMAIN = "runstrong"
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?$")


def clock(text: str | None) -> dt.time:
    """'18:00', '7:30' or '7' as a time of day; the default slot when None."""
    if text is None:
        return DEFAULT_TIME
    match = _CLOCK.match(text.strip())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise InputError("time", f"a time of day HH:MM (00:00-23:59) is needed; got '{text}'")


def zone(name: str | None) -> ZoneInfo:
    """An IANA time zone such as 'Europe/Paris'; UTC when None (a shell passes the machine's)."""
    name = "UTC" if name is None else name.strip()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        raise InputError(
            "tz", f"'{name}' is not an IANA time zone", "e.g. Europe/Paris, America/New_York, UTC"
        ) from None


def plan_key(plan: Json, owner: str | None = None) -> str:
    """What tells one plan's events from another's in a shared calendar: the athlete (when
    known), the goal, the first Monday and the race. Loads and days may change; the key stays."""
    weeks = plan.get("weeks") or [{}]
    parts = [
        (owner or "").strip().casefold(),
        str(plan.get("goal", "")),
        str(plan.get("start") or weeks[0].get("start", "")),
        str(plan.get("race") or ""),
    ]
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:12]


def uid(week: Json, ordinal: int, key: str = "") -> str:
    """The plan's key, the week's Monday and the session's place in it: the same slot keeps its
    UID when an updated plan moves it to another day, so calendars update the event instead of
    adding one; two athletes' or two plans' events never share one."""
    middle = f"-{key}" if key else ""
    return f"{week['start']}-{ordinal}{middle}@{UID_DOMAIN}"


SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def sequence(stamp: dt.datetime) -> int:
    """RFC 5545 SEQUENCE: minutes since 2020, so each new export of a plan outranks the last
    (a 32-bit integer until the year 6000)."""
    return max(0, int((stamp - SEQUENCE_EPOCH).total_seconds() // 60))


def description(session: Json, units: str) -> str:
    """Every exercise with sets x reps @ load, then its warm-up and cues."""
    lines = []
    if session.get("placement"):
        lines += [f"When: {session['placement']}", ""]
    for order, ex in enumerate(rx.exercises(session), start=1):
        lines.append(f"{order}. {ex.get('name', ex.get('id'))}: {rx.line(ex, units)}")
        if rx.warmup(ex):
            lines.append(f"   warm-up: {rx.warmup_text(ex, units)}")
        lines += [f"   - {cue}" for cue in rx.cues(ex)]
    return "\n".join(lines)


def ics_bytes(
    plan: Json,
    *,
    stamp: dt.datetime,
    time_of_day: str | None = None,
    tz: str | None = None,
    owner: str | None = None,
) -> bytes:
    """An RFC 5545 calendar with one timed event per session in the runner's zone.

    `owner` (the athlete's name) keeps two athletes' events apart in one calendar. `stamp` is
    the moment of the export (the shell's clock, or when the plan was saved): DTSTAMP,
    LAST-MODIFIED and SEQUENCE, so a later export is taken as an update; the same plan and
    stamp always give the same bytes.
    """
    from icalendar import Calendar, Event

    start_time, where = clock(time_of_day), zone(tz)
    if stamp.tzinfo is None:
        raise ValueError("stamp must be an aware datetime (UTC or with its zone)")
    stamp = stamp.astimezone(dt.UTC).replace(microsecond=0)
    key = plan_key(plan, owner)
    days: list[dt.date] = []
    units = str(plan.get("units", "kg"))
    cal = Calendar()
    cal.add("prodid", f"-//runstrong//{plan.get('generator', 'runstrong')}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "runstrong: strength sessions")
    for week in plan.get("weeks", []):
        for ordinal, session in enumerate(week.get("sessions", []), start=1):
            begin = dt.datetime.combine(rx.date(session["date"]), start_time, tzinfo=where)
            minutes = int(session.get("minutes") or DEFAULT_MINUTES)
            event = Event()
            days.append(begin.date())
            event.add("uid", uid(week, ordinal, key))
            event.add("dtstamp", stamp)
            event.add("last-modified", stamp)
            event.add("sequence", sequence(stamp))
            event.add("dtstart", begin)
            event.add("dtend", begin + dt.timedelta(minutes=minutes))
            event.add("summary", rx.title(session))
            event.add("description", description(session, units))
            event.add("categories", ["Strength training"])
            event.add("transp", "OPAQUE")
            cal.add_component(event)
    if days:
        # Generated from tzdata for the plan's own dates, so it holds past 2038 too.
        first, last = min(days), max(days)
        cal.add_missing_timezones(
            first_date=first - dt.timedelta(days=1), last_date=last + dt.timedelta(days=2)
        )
    return bytes(cal.to_ical())
