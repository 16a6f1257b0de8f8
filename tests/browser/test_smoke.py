"""`runstrong serve` in a real browser: it starts, its first pages render, pass axe and the CSP."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_healthz_answers_ok(live_server: str) -> None:
    with urllib.request.urlopen(f"{live_server}/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"status": "ok"}


@pytest.mark.parametrize(
    ("path", "heading", "button"),
    [("/signup", "Sign up", "Sign up"), ("/login", "Sign in", "Sign in")],
)
def test_account_pages_render_accessibly_under_the_csp(
    page: Page,
    live_server: str,
    page_problems: Callable[[], list[str]],
    axe: Callable[[Page], None],
    shot: Callable[[Page, str], Path],
    path: str,
    heading: str,
    button: str,
) -> None:
    response = page.goto(live_server + path)
    assert response is not None
    assert response.status == 200
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    page.wait_for_load_state("load")
    assert heading in (page.text_content("h1") or "")
    assert page.get_by_label("Email").is_visible()
    assert page.get_by_label("Password", exact=True).is_visible()
    assert page.get_by_role("button", name=button).is_visible()
    # The stylesheet and the scripts loaded (same origin, allowed by the CSP).
    assert page.evaluate("() => typeof window.htmx") == "object"
    assert (
        page.evaluate("() => getComputedStyle(document.body).getPropertyValue('--touch').trim()")
        == "48px"
    )
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        shot(page, f"{path.strip('/')}-{scheme}")
        axe(page)
    assert page_problems() == []
