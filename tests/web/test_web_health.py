"""/healthz, a load balancer's check: 200 while the database answers, 503 (and a warning, no
password) when it is gone."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from runstrong.settings import Context, Settings
from runstrong.web.app import create_app


def _settings(tmp_path: Path) -> Settings:
    return Settings(config_dir=tmp_path / "config", data_dir=tmp_path / "data")


def _free_port() -> int:
    """A loopback port nothing listens on (bound by the system, then let go)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def _health(ctx: Context) -> tuple[int, object, dict[str, str]]:
    # No lifespan (no `with`): the lifespan opens the database and would fail first.
    response = TestClient(create_app(ctx, secret=b"test-secret")).get("/healthz")
    return response.status_code, response.json(), dict(response.headers)


def test_up_while_the_database_answers(client: TestClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert client.head("/healthz").status_code == 200


def test_postgresql_that_nobody_serves_is_503(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"postgresql+psycopg://ana:s3cret@127.0.0.1:{_free_port()}/test"
    ctx = Context(_settings(tmp_path), url)
    with caplog.at_level(logging.WARNING, logger="runstrong.web"):
        status, body, headers = _health(ctx)
    assert (status, body) == (503, {"status": "unavailable"})
    assert headers["content-type"] == "application/json"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    failed = [r.getMessage() for r in caplog.records if "health check failed" in r.getMessage()]
    assert failed, caplog.text
    assert "s3cret" not in caplog.text


def test_a_file_that_is_no_database_is_503(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database " * 500)
    ctx = Context(_settings(tmp_path), f"sqlite:///{junk}")
    assert _health(ctx)[:2] == (503, {"status": "unavailable"})


def test_up_on_sqlite_and_postgresql(tmp_path: Path, database_url: str) -> None:
    """The same check on a database that is there (SQLite and PostgreSQL): 200."""
    ctx = Context(_settings(tmp_path), database_url)
    ctx.db.prepare_write()
    try:
        assert _health(ctx)[:2] == (200, {"status": "ok"})
    finally:
        ctx.close()


def _served_file(tmp_path: Path) -> tuple[Context, Path]:
    """A SQLite logbook that answers once (so the app has read it), and its file."""
    path = tmp_path / "served.db"
    ctx = Context(_settings(tmp_path), f"sqlite:///{path}")
    ctx.db.prepare_write()
    assert _health(ctx)[:2] == (200, {"status": "ok"})
    return ctx, path


def test_a_sqlite_file_deleted_while_serving_is_503(tmp_path: Path) -> None:
    ctx, path = _served_file(tmp_path)
    path.unlink()
    for extra in (tmp_path / "served.db-wal", tmp_path / "served.db-shm"):
        extra.unlink(missing_ok=True)
    assert _health(ctx)[:2] == (503, {"status": "unavailable"})
    assert not path.exists()  # the check never creates an empty file in its place


def test_a_sqlite_file_overwritten_with_junk_is_503(tmp_path: Path) -> None:
    """`SELECT 1` would still answer: it reads no page of the file."""
    import sqlite3

    ctx, path = _served_file(tmp_path)
    with sqlite3.connect(path) as db:  # the pages from the write-ahead log into the file
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    path.write_bytes(b"\x00junk" * (size // 5 + 1))
    assert _health(ctx)[:2] == (503, {"status": "unavailable"})


def test_a_sqlite_file_that_cannot_be_opened_is_503(tmp_path: Path) -> None:
    """Unreadable (root reads any file, so a folder stands in for it)."""
    ctx, path = _served_file(tmp_path)
    path.unlink()
    path.mkdir()
    assert _health(ctx)[:2] == (503, {"status": "unavailable"})


def test_a_sqlite_file_without_the_logbook_is_503(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE alembic_version (version_num TEXT)")
    ctx = Context(_settings(tmp_path), f"sqlite:///{path}")
    assert _health(ctx)[:2] == (503, {"status": "unavailable"})
