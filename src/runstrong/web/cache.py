"""Rendered pages kept in a worker's memory, so a runner who opens their week again costs one
query (the session's, which reads their data's revision too) instead of a round of queries and
a template.

It is never a source of truth, so several workers and servers stay correct: a page is keyed by
the revision of the athlete's data, which every write that shows on a page raises in its own
transaction (`storage.writes.changed`), and the revision is read with the session on every
request. A write by another worker, another server or the CLI makes the next request render
afresh; nothing has to be told to forget anything.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

if TYPE_CHECKING:
    from starlette.requests import Request

    from runstrong.web.deps import Viewer

MAX_PAGES = 256
"""Pages kept per worker, the least recently used dropped first: a few hundred runners' weeks
and calendars (a 16-week calendar is about 100 kB) stay well under 50 MB."""


@dataclass(frozen=True)
class Kept:
    """A rendered page as it was sent (a 200): its body and its content type."""

    body: bytes
    media_type: str | None


class Pages:
    """A bounded, thread-safe map from what a page was made of to the page."""

    def __init__(self, size: int = MAX_PAGES) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Kept] = OrderedDict()
        self._lock = threading.Lock()
        # Pages being built, by key: a second request for one waits for it (one event loop
        # per worker, so plain asyncio events).
        self.building: dict[Hashable, asyncio.Event] = {}

    def get(self, key: Hashable) -> Kept | None:
        """The page made of `key`, if kept (it becomes the most recently used)."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Hashable, page: Kept) -> None:
        """Keep a page, dropping the least recently used one past the size."""
        with self._lock:
            self._items[key] = page
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def _key(request: Request, viewer: Viewer, today: dt.date, extra: Hashable) -> Hashable:
    """Everything a signed-in page is made of besides the database: who asks (their user row,
    their session's CSRF token in the forms), the revision of their athlete's data, the day,
    the address with its query, whether htmx asked for a part, and what else the route read
    to key it (`extra`: a squad's members' revisions)."""
    headers = request.headers
    return (
        request.scope.get("root_path", ""),
        request.url.path,
        request.url.query,
        headers.get("hx-request"),
        headers.get("hx-target"),
        viewer.user,
        viewer.csrf,
        viewer.revision,
        today,
        extra,
    )


async def page(
    request: Request,
    viewer: Viewer,
    today: dt.date,
    build: Callable[[], Response],
    extra: Hashable = None,
) -> Response:
    """The kept page for this request, or `build()` run in a worker thread (it reads the
    database) and kept if it is a 200. An error (a 404) is raised by `build` and never kept.
    A page showing other athletes' data passes their revisions as `extra`."""
    pages: Pages = request.app.state.pages
    key = _key(request, viewer, today, extra)
    kept = pages.get(key)
    if kept is not None:
        return Response(kept.body, media_type=kept.media_type)
    # One build per key at a time: 32 requests for a squad's dashboard arriving before it is
    # kept would otherwise build it 32 times at once, each slower for the others.
    underway = pages.building.get(key)
    if underway is not None:
        await underway.wait()
        kept = pages.get(key)
        if kept is not None:
            return Response(kept.body, media_type=kept.media_type)
    done = pages.building[key] = asyncio.Event()
    try:
        response = await run_in_threadpool(build)
        if response.status_code == 200 and not response.headers.get("set-cookie"):
            pages.put(key, Kept(bytes(response.body), response.media_type))
    finally:
        if pages.building.get(key) is done:
            del pages.building[key]
        done.set()
    return response
