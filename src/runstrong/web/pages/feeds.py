"""The calendar subscription: `/calendar/{token}.ics`, read by calendar apps without a session.

The feed serves the athlete's NEWEST saved plan, past sessions included. Not every plan covering
today and later: two such plans overlap on some days (a new plan saved mid-season), and the newest
is the one the runner last chose (the dashboard's rule: on a shared day the newest plan wins).
Keeping the plan's past weeks leaves the sessions done in the runner's calendar instead of
deleting them as the season goes. Without a saved plan the calendar is empty, not missing, so a
subscription made early fills in once a plan is saved.

Each event's UID is the plan's key, the week and the session's place in it (export/ics.py), and
DTSTAMP, LAST-MODIFIED and SEQUENCE come from when the plan was saved, never from the clock: two
fetches of one plan are the same bytes, and a newer plan outranks the events it replaces.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import Response

from runstrong.errors import NotFound
from runstrong.web import deps

router = APIRouter()

CACHE = "private, max-age=300"
"""Calendar apps poll a subscription every few hours or less often (Google Calendar every 8-24
hours, Outlook on the web about every 3, Apple Calendar at most every 5 minutes: usemooncal.com,
"How often does Google Calendar refresh ICS subscriptions?", 2026); five minutes spares the
server a burst of refreshes and never delays a saved plan past the fastest poll. `private`: no
shared cache keeps a URL holding a secret."""
EMPTY_STAMP = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
"""The stamp of a calendar without events (it carries no DTSTAMP; any fixed moment does)."""


@router.get("/calendar/{token}.ics", include_in_schema=False)
def calendar_feed(request: Request, token: str) -> Response:
    """The athlete's newest saved plan as iCalendar; an unknown or revoked token is not found."""
    from runstrong.app import accounts, schedule
    from runstrong.export.ics import ics_bytes
    from runstrong.present.prescription import with_cues

    ctx = deps.context(request)
    name = accounts.feed_athlete(ctx, token)
    if name is None:
        raise NotFound("calendar", "this link", "make a new one in Settings")
    plans = schedule.plans(ctx, name)  # oldest first
    if plans:
        newest = plans[-1]
        stamp = newest.created.replace(tzinfo=dt.UTC)  # stored as naive UTC
        cat = deps.athlete_context(request, name).catalogue
        body = ics_bytes(with_cues(newest.plan, cat), stamp=stamp, owner=name)
    else:
        body = ics_bytes({"weeks": []}, stamp=EMPTY_STAMP, owner=name)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": CACHE, "Content-Disposition": 'inline; filename="runstrong.ics"'},
    )
