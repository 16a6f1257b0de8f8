"""The API against its own OpenAPI schema (schemathesis): whatever a client sends within the
schema, or outside it, the answer is never a 5xx and always matches the schema."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance
from webhelp import PASSWORD

from runstrong.app import accounts
from runstrong.settings import Context, Settings
from runstrong.web.app import create_app

NOW = dt.datetime(2027, 1, 6, 9, 0)


def _app() -> tuple[Any, str]:
    """A server with one runner and a read-write token (made when the module is collected:
    schemathesis reads the schema then)."""
    folder = Path(tempfile.mkdtemp(prefix="runstrong-schema-"))
    ctx = Context(Settings(config_dir=folder, data_dir=folder), f"sqlite:///{folder / 'api.db'}")
    ctx.db.prepare_write()
    accounts.sign_up(ctx, email="ana@example.org", password=PASSWORD, name="Ana", now=NOW)
    raw, _ = accounts.create_token(
        ctx, email="ana@example.org", name="fuzz", scopes="read,write", now=NOW
    )
    return create_app(ctx, secret=b"schema"), raw


APP, TOKEN = _app()
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=30,
    derandomize=True,  # the same examples every run: CI never fails by chance
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_never_fails_and_matches_its_schema(case: Any) -> None:
    # A request the schema allows may still break a coach's rule (in-season allows at most 2
    # sessions): a 422 naming the field is right, so schema-valid data may be refused.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN}"},
        excluded_checks=[positive_data_acceptance],
    )
