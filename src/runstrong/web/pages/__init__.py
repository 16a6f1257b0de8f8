"""The server-rendered pages, one module per area of the site."""

from __future__ import annotations

from runstrong.web.pages import accounts, exercises, home, plans, sessions

ROUTERS = (
    accounts.router,
    home.router,
    plans.router,
    sessions.router,
    exercises.router,
)
