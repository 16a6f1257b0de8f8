"""Security headers, the access log, HEAD answered as GET, and the signed token that guards
forms shown before sign-in.

Pure ASGI middleware (no BaseHTTPMiddleware): it adds a few headers to every response without
buffering the body, so it costs microseconds on the hot path.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# No inline script or style anywhere (STYLE.md): everything comes from this origin's files.
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
# OWASP HTTP Headers Cheat Sheet: HSTS only over TLS; one year.
HSTS = (b"strict-transport-security", b"max-age=31536000")

log = logging.getLogger("runstrong.web.access")
# Secrets travel in a few paths (calendar feeds, reset links, coaches' invitations, share
# links): never written to the log.
_SECRET_PATH = re.compile(r"^(.*/(?:calendar|reset|invite|invitations|share)/)[^/]+")


def shown_path(path: str) -> str:
    """The path as logged: a secret in it replaced by `...`."""
    return _SECRET_PATH.sub(r"\1...", path)


class Guard:
    """Adds the security headers to every response and writes one JSON access-log line each."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in HEADERS if k not in present]
                if scope.get("scheme") == "https":
                    headers.append(HSTS)
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            if log.isEnabledFor(logging.INFO):
                client = scope.get("client")
                log.info(
                    json.dumps(
                        {
                            "method": scope.get("method"),
                            "path": shown_path(scope.get("path", "")),
                            "status": status,
                            "ms": round((time.perf_counter() - started) * 1000, 1),
                            "client": client[0] if client else None,
                        }
                    )
                )


class HeadAsGet:
    """Answers HEAD wherever GET is answered (RFC 9110 9.3.2: a HEAD is the GET without its
    body), which FastAPI's routes do not: the GET runs and its body is dropped, headers kept."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


def form_token(secret: bytes) -> str:
    """A fresh token for a form shown before sign-in: random, signed (OWASP's signed double
    submit): the same value goes in a cookie and a hidden field."""
    nonce = secrets.token_urlsafe(16)
    return f"{nonce}.{_sign(secret, nonce)}"


def form_token_ok(secret: bytes, cookie: str | None, sent: str | None) -> bool:
    """Whether the form's token matches its cookie and carries our signature."""
    if not cookie or not sent or not hmac.compare_digest(cookie, sent):
        return False
    nonce, _, signature = cookie.partition(".")
    return hmac.compare_digest(signature, _sign(secret, nonce))


def _sign(secret: bytes, text: str) -> str:
    return hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()


def same(expected: str, sent: str | None) -> bool:
    """A constant-time comparison of a session's CSRF token with the one a request sent."""
    return bool(sent) and hmac.compare_digest(expected, sent or "")
