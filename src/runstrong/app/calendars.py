"""Running calendars: the runner's running plan read from an iCalendar (.ics) file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from runstrong.errors import InputError


def read_ics(source: str | Path | bytes, field: str = "runs_ics") -> list[tuple[dt.date, str, str]]:
    """(date, title, description) of every event in an iCalendar file (a path, or its bytes as
    a web form uploads them): the runner's running plan.

    Cancelled events are left out; a timed event counts on its own day in its own zone.
    """
    path = "the calendar" if isinstance(source, bytes) else source
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        problem = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise InputError(field, f"cannot read '{path}': {problem}") from None
    try:
        import icalendar

        calendar = icalendar.Calendar.from_ical(data)
    except ImportError:  # pragma: no cover - icalendar is a dependency
        raise InputError(field, "needs the icalendar package: pip install icalendar") from None
    except ValueError as exc:
        raise InputError(field, f"'{path}' is not an iCalendar file: {exc}") from None
    events = []
    for event in calendar.walk("VEVENT"):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start = event.get("DTSTART")
        try:
            when = getattr(start, "dt", None)
        except ValueError as exc:  # an impossible date, e.g. 20270231
            raise InputError(field, f"'{path}': an event's DTSTART: {exc}") from None
        if isinstance(when, dt.datetime):
            when = when.date()
        if isinstance(when, dt.date):
            title = str(event.get("SUMMARY", "")).strip()
            events.append((when, title, str(event.get("DESCRIPTION", "")).strip()))
    if not events:
        raise InputError(field, f"'{path}' holds no dated events")
    return events
