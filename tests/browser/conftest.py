"""A real browser (Debian's chromium through Playwright) against a real `runstrong serve`.

Playwright never downloads a browser here: it drives /usr/bin/chromium by path. Without it the
browser tests are skipped with the reason, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

CHROMIUM = Path(os.environ.get("RUNSTRONG_TEST_CHROMIUM", "/usr/bin/chromium"))
SHOTS = Path("/tmp/runstrong-shots")
# A cold `runstrong serve` imports the web stack and migrates a new SQLite file in 2-4 s on this
# 2-core machine; 20 s leaves room for a loaded CI run (the task's budget).
SERVER_START_TIMEOUT = 20.0
# Playwright's 30 s default hides a hung page for long; no page here takes 2 s.
PAGE_TIMEOUT_MS = 10_000

# Phone: a 390x844 iPhone 12-14 class screen; desktop: a 1280x800 laptop (issue 12).
DEVICES: dict[str, dict[str, Any]] = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}

# Collects Content-Security-Policy violations the page reports (init scripts run outside the CSP).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective}: ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
});
"""


def _unavailable(reason: str) -> None:
    """Skips a browser test when the browser is missing; fails it in CI, which must have it."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must run the browser tests: .ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        _unavailable(f"no chromium at {CHROMIUM}: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"playwright is not installed (pip install -e '.[dev]'): {exc}")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
    yield browser
    browser.close()


@pytest.fixture(params=sorted(DEVICES))
def device(request: pytest.FixtureRequest) -> str:
    """Each browser test runs on a phone and on a desktop viewport."""
    return str(request.param)


@pytest.fixture
def context(browser: Browser, device: str) -> Iterator[BrowserContext]:
    context = browser.new_context(**DEVICES[device])
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    context.add_init_script(WATCH_CSP)
    yield context
    context.close()


@pytest.fixture
def _page_log() -> list[str]:
    return []


@pytest.fixture
def page(context: BrowserContext, _page_log: list[str]) -> Page:
    page = context.new_page()
    page.on(
        "console",
        lambda msg: _page_log.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: _page_log.append(f"exception: {exc}"))
    return page


@pytest.fixture
def page_problems(page: Page, _page_log: list[str]) -> Callable[[], list[str]]:
    """What went wrong in the page so far: console errors, exceptions, CSP violations."""

    def problems() -> list[str]:
        csp = page.evaluate("window.__cspViolations || []")
        return [*_page_log, *(f"CSP {v}" for v in csp)]

    return problems


def axe_violations(page: Page, rules: list[str] | None = None) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each (all rules, or
    only `rules`)."""
    from axe_playwright_python.sync_playwright import Axe

    options: dict[str, Any] = {"resultTypes": ["violations"]}  # the passes are not read
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    results = Axe().run(page, options=options)
    bad = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    return [
        f"{v['impact']} {v['id']}: {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in bad
    ]


@pytest.fixture
def axe() -> Callable[[Page], None]:
    """Checks a page with axe-core; fails listing each serious or critical violation."""

    def check(page: Page) -> None:
        lines = axe_violations(page)
        assert not lines, f"axe on {page.url}:\n" + "\n".join(lines)

    return check


@pytest.fixture
def shot(device: str) -> Callable[[Page, str], Path]:
    """Saves a full-page screenshot to /tmp/runstrong-shots/ (for a person to look at)."""

    def save(page: Page, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}-{device}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`runstrong serve` on a free port over a new SQLite file; yields its base URL."""
    import importlib.util

    if importlib.util.find_spec("runstrong.web.app") is None:  # until the web app's skeleton merges
        _unavailable("runstrong.web.app is not on this branch: no `runstrong serve` to test")
    home = tmp_path_factory.mktemp("live-server")
    port = free_port()
    env = {
        **os.environ,
        "RUNSTRONG_CONFIG_DIR": str(home / "config"),
        "RUNSTRONG_DATA_DIR": str(home / "data"),
        "RUNSTRONG_CACHE_DIR": str(home / "cache"),
    }
    env.pop("RUNSTRONG_DATABASE_URL", None)
    log = (home / "server.log").open("w")
    command = [
        sys.executable,
        "-m",
        "runstrong",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--database",
        f"sqlite:///{home / 'web.db'}",
    ]
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                output = (home / "server.log").read_text()[-3000:]
                pytest.fail(f"runstrong serve did not answer /healthz:\n{output}")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
