"""The static front-end (app.css, app.js, sw.js) in a real browser, on a gallery page.

A small stand-in server serves the package's static files and tests/browser/pages/frontend.html
under the app's strict CSP and answers the log form's POSTs as the test says, so the rest
timer, the charts, the offline queue and the service worker are checked without the web app.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

STATIC = Path(__file__).resolve().parents[2] / "src" / "runstrong" / "web" / "static"
GALLERY = Path(__file__).parent / "pages" / "frontend.html"
# The app's policy (issue 12: no inline script or style).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".html": "text/html; charset=utf-8",
}
CLIENT_ID = "6f1c2a8e-9d1b-4c4e-8a51-2f4f3d0b7e11"


@dataclass
class Backend:
    """What the stand-in server answers to a log POST, and the POSTs it received."""

    status: int = 303
    posts: list[dict[str, str]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)


def _handler(backend: Backend) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the test output shows failures, not every request."""

        def _send(self, status: int, body: bytes, kind: str, extra: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", CSP)
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = urllib.parse.urlsplit(self.path).path
            extra = {"Cache-Control": "no-cache"}
            if path == "/sw.js":
                file = STATIC / "sw.js"
                extra["Service-Worker-Allowed"] = "/"
            elif path.startswith("/static/"):
                file = (STATIC / path.removeprefix("/static/")).resolve()
                if STATIC not in file.parents:
                    file = STATIC / "missing"
            else:
                file = GALLERY
            if not file.is_file():
                self._send(404, b"not found", "text/plain", {})
                return
            self._send(200, file.read_bytes(), TYPES.get(file.suffix, "text/plain"), extra)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            fields = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            backend.posts.append(fields)
            backend.headers.append(dict(self.headers.items()))
            if backend.status == 303:
                self._send(303, b"", "text/plain", {"Location": "/?logged=1"})
            else:
                self._send(backend.status, b"<main><h1>No</h1></main>", TYPES[".html"], {})

    return Handler


@pytest.fixture
def backend() -> Backend:
    return Backend()


@pytest.fixture
def gallery(backend: Backend) -> Iterator[str]:
    """The stand-in server's base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(backend))
    # A 50 ms poll (not 0.5 s) so that each test's shutdown does not wait half a second.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def queue(page: Page) -> list[dict[str, object]]:
    return list(json.loads(page.evaluate("localStorage.getItem('runstrong.queue') || '[]'")))


def status(page: Page) -> str:
    return str(page.text_content("#sync-status") or "")


def open_gallery(page: Page, url: str) -> None:
    page.goto(url + "/")
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.querySelector('figure.chart canvas') !== null")


def test_gallery_is_accessible_in_light_and_dark(
    page: Page,
    gallery: str,
    page_problems: Callable[[], list[str]],
    axe: Callable[[Page], None],
    shot: Callable[[Page, str], Path],
) -> None:
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        open_gallery(page, gallery)
        shot(page, f"gallery-{scheme}")
        axe(page)
    assert page_problems() == []


def test_touch_targets_are_48_px(page: Page, gallery: str) -> None:
    open_gallery(page, gallery)
    small = page.evaluate(
        """[...document.querySelectorAll('main button, main .button, main input:not([type=hidden]),'
            + ' main select, nav.site-nav a')]
           .filter((e) => e.type !== 'checkbox')
           .map((e) => [e.outerHTML.slice(0, 60), e.getBoundingClientRect().height])
           .filter(([, h]) => h < 48)"""
    )
    assert small == []


def test_wide_tables_scroll_inside_their_box_on_a_phone(page: Page, gallery: str) -> None:
    open_gallery(page, gallery)
    page_width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None
    assert page_width <= viewport["width"]  # the page itself never scrolls sideways


def test_rest_timer_counts_down_and_stops(page: Page, gallery: str) -> None:
    page.add_init_script("window.__buzz = []; navigator.vibrate = (p) => window.__buzz.push(p);")
    page.clock.install()
    open_gallery(page, gallery)
    timer = page.locator("button.rest-timer").first
    timer.click()
    assert timer.text_content() == "3:00"
    assert timer.get_attribute("aria-pressed") == "true"
    page.clock.run_for(61_000)
    assert timer.text_content() == "1:59"
    assert page.text_content(".rest-timer-status") == "2 minutes left"
    timer.click()  # a second tap stops it
    assert timer.text_content() == "Rest 3 min"
    assert timer.get_attribute("aria-pressed") == "false"
    assert page.evaluate("window.__buzz.length") == 0

    short = page.locator("#short-rest")
    short.click()
    page.clock.run_for(1_000)
    assert short.text_content() == "0:02"
    page.clock.run_for(3_000)
    assert short.text_content() == "Rest 3 s"
    assert page.evaluate("window.__buzz.length") == 1
    assert page.text_content("#short-rest + .rest-timer-status") == "Rest over"


def test_chart_fills_its_figure_and_follows_the_window(page: Page, gallery: str) -> None:
    open_gallery(page, gallery)
    figure_width = page.evaluate("document.querySelector('figure.chart').clientWidth")
    canvas_width = page.evaluate(
        "document.querySelector('figure.chart canvas').getBoundingClientRect().width"
    )
    assert abs(canvas_width - figure_width) <= 2
    assert page.locator("figure.chart .uplot").get_attribute("aria-hidden") == "true"
    page.set_viewport_size({"width": 700, "height": 800})
    page.wait_for_function(
        "() => Math.abs(document.querySelector('figure.chart canvas').getBoundingClientRect().width"
        " - document.querySelector('figure.chart').clientWidth) <= 2"
    )


def test_offline_log_waits_once_and_syncs_once(
    page: Page,
    context: BrowserContext,
    gallery: str,
    backend: Backend,
    page_problems: Callable[[], list[str]],
) -> None:
    open_gallery(page, gallery)
    context.set_offline(True)
    page.click("text=Save log")
    page.click("text=Save log")  # the same log twice: one entry (one client_id)
    assert status(page) == "1 log waiting to sync"
    entries = queue(page)
    assert len(entries) == 1
    fields: list[list[str]] = entries[0]["fields"]  # type: ignore[assignment]
    assert [value for name, value in fields if name == "client_id"] == [CLIENT_ID]
    assert backend.posts == []

    context.set_offline(False)
    page.wait_for_function(
        "() => document.getElementById('sync-status').textContent.startsWith('Synced')"
    )
    assert status(page) == "Synced 1 log"
    assert queue(page) == []
    assert [post["client_id"] for post in backend.posts] == [CLIENT_ID]
    assert backend.posts[0]["reps-1"] == "5"
    assert backend.posts[0]["action"] == "log"  # the pressed button's value travels too
    assert backend.headers[0].get("X-Requested-With") == "fetch"
    problems = [p for p in page_problems() if "ERR_INTERNET_DISCONNECTED" not in p]
    assert problems == []


def test_a_log_the_server_cannot_take_now_stays_and_a_refused_one_goes(
    page: Page, gallery: str, backend: Backend
) -> None:
    open_gallery(page, gallery)
    page.route("**/log", lambda route: route.abort())  # online, but the POST never arrives
    page.click("text=Save log")
    assert page.wait_for_function("() => localStorage.getItem('runstrong.queue') !== null")
    assert status(page) == "1 log waiting to sync"
    page.unroute("**/log")

    backend.status = 503  # the server is down: kept
    with page.expect_response("**/log"):
        page.reload()
    page.wait_for_timeout(200)  # app.js reads the answer and rewrites the queue
    assert len(queue(page)) == 1
    assert len(backend.posts) == 1
    assert status(page) == "1 log waiting to sync"

    backend.status = 422  # the server refuses it: dropped and said
    page.reload()
    page.wait_for_function(
        "() => document.getElementById('sync-status').textContent.includes('refused')"
    )
    assert status(page) == "1 log refused by the server"
    assert queue(page) == []


def test_online_log_posts_and_follows_the_redirect(
    page: Page, gallery: str, backend: Backend
) -> None:
    open_gallery(page, gallery)
    with page.expect_navigation(url="**/?logged=1"):
        page.click("text=Save log")
    assert [post["client_id"] for post in backend.posts] == [CLIENT_ID]
    assert queue(page) == []


def test_service_worker_keeps_pages_and_assets_for_offline(
    page: Page, context: BrowserContext, gallery: str
) -> None:
    open_gallery(page, gallery)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cached = page.evaluate(
        """async () => {
            const names = await caches.keys();
            const urls = [];
            for (const name of names) {
              for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
            }
            return {names, urls};
        }"""
    )
    assert "runstrong-static-test" in cached["names"]  # named by <body data-version="test">
    paths = {urllib.parse.urlsplit(u).path for u in cached["urls"]}
    assert {"/static/app.css", "/static/app.js", "/static/vendor/uPlot.iife.min.js"} <= paths
    page.reload()  # now controlled by the worker: the page is kept
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.reload()
    assert "Tuesday" in (page.text_content("h1") or "")
    page.goto(gallery + "/never-seen")  # never opened: the kept "/" page stands in
    assert "Tuesday" in (page.text_content("h1") or "")
