"""The server-rendered pages, one module per area of the site."""

from __future__ import annotations

from runstrong.web.pages import (
    accounts,
    athlete,
    coach,
    comments,
    dashboard,
    edits,
    exercises,
    feeds,
    home,
    load,
    plans,
    progress,
    readiness,
    runs,
    sessions,
    settings,
    shares,
    transfer,
)

ROUTERS = (
    accounts.router,
    home.router,
    plans.router,
    sessions.router,
    exercises.router,
    progress.router,
    athlete.router,
    transfer.router,
    runs.router,
    load.router,
    readiness.router,
    settings.router,
    feeds.router,
    coach.router,
    dashboard.router,
    edits.router,  # a coach's change to a runner's session
    comments.router,  # coach mode: comments on a session (docs/coach.md)
    shares.router,  # coach mode: read-only share links
)
