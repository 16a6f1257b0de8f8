"""Every test runs away from the developer's own runstrong files: empty config, data, cache folders.

Set at start-up (before collection: some modules build plans at import); tests that need their own
folders override these with monkeypatch.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    home = Path(tempfile.mkdtemp(prefix="runstrong-tests-"))
    os.environ["RUNSTRONG_CONFIG_DIR"] = str(home / "config")
    os.environ["RUNSTRONG_DATA_DIR"] = str(home / "data")
    os.environ["RUNSTRONG_CACHE_DIR"] = str(home / "cache")
    os.environ.pop("RUNSTRONG_DATABASE_URL", None)


PG_BASE = os.environ.get(
    "RUNSTRONG_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _pg_reachable() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        import psycopg
    except ImportError as exc:
        return f"psycopg is not installed: {exc}"
    dsn = PG_BASE.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(dsn, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL at {dsn} is unreachable: {exc}"


def pg_schema_url() -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped afterwards."""
    problem = _pg_reachable()
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    import psycopg

    schema = f"rs_test_{uuid.uuid4().hex[:12]}"
    dsn = PG_BASE.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_BASE}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each test that asks for it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'runstrong.db'}"
    else:
        yield from pg_schema_url()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'runstrong.db'}"


@pytest.fixture(autouse=True)
def isolated_config(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """No runner's own config or data folder leaks into a storage or app test."""
    if request.path.parent.name not in ("storage", "app"):
        return
    tmp_path: Path = request.getfixturevalue("tmp_path")
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(folder))
    monkeypatch.setenv("RUNSTRONG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("RUNSTRONG_DATABASE_URL", raising=False)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL schema alone: for tests of what only a server database does."""
    yield from pg_schema_url()


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Passwords hashed with argon2id at its cheapest: the app's tests sign many users up."""
    from argon2 import PasswordHasher

    from runstrong.app import accounts

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", lambda: cheap)
