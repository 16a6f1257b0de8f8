"""Two `runstrong serve` processes on one PostgreSQL database, four clients logging at once:
every log is stored once, retries included (the server keeps no state of its own)."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from webhelp import PASSWORD

from runstrong.app import accounts, trends
from runstrong.settings import Context, Settings

NOW = dt.datetime(2027, 1, 6, 9, 0)
LOGS_PER_CLIENT = 6


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def servers(postgres_url: str, tmp_path: Path) -> Iterator[tuple[list[str], str, Context]]:
    ctx = Context(Settings(config_dir=tmp_path, data_dir=tmp_path), postgres_url)
    ctx.db.prepare_write()
    accounts.sign_up(ctx, email="ana@example.org", password=PASSWORD, name="Ana", now=NOW)
    token, _ = accounts.create_token(
        ctx, email="ana@example.org", name="load", scopes="read,write", now=NOW
    )
    env = {
        **os.environ,
        "RUNSTRONG_CONFIG_DIR": str(tmp_path),
        "RUNSTRONG_DATA_DIR": str(tmp_path),
        "RUNSTRONG_SECRET_KEY": "shared-by-both-servers",
    }
    procs, urls = [], []
    for _ in range(2):
        port = _free_port()
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "runstrong",
                    "serve",
                    "--port",
                    str(port),
                    "--database",
                    postgres_url,
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        for url in urls:
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"{url} did not start")
                time.sleep(0.2)
        yield urls, token, ctx
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=10)
        ctx.close()


def test_four_clients_two_servers_nothing_lost_nothing_doubled(
    servers: tuple[list[str], str, Context],
) -> None:
    urls, token, ctx = servers
    headers = {"Authorization": f"Bearer {token}"}

    def client(n: int) -> list[int]:
        statuses = []
        with httpx.Client(timeout=30, headers=headers) as http:
            for i in range(LOGS_PER_CLIENT):
                body = {
                    "client_id": str(uuid.uuid4()),
                    "date": (dt.date(2027, 1, 4) + dt.timedelta(days=n * 7 + i)).isoformat(),
                    "rpe": 7,
                    "entries": [{"exercise": "back-squat", "sets": [{"reps": 5, "load": 80}]}],
                }
                # each log is sent to both servers: the second is a retry
                for url in (urls[(n + i) % 2], urls[(n + i + 1) % 2]):
                    statuses.append(http.post(f"{url}/api/v1/logs", json=body).status_code)
        return statuses

    with ThreadPoolExecutor(4) as pool:
        found = [s for result in pool.map(client, range(4)) for s in result]
    assert found.count(201) == 4 * LOGS_PER_CLIENT
    assert found.count(200) == 4 * LOGS_PER_CLIENT
    rows = trends.history(ctx, "Ana")
    assert len(rows) == 4 * LOGS_PER_CLIENT
    assert len({r.session_id for r in rows}) == 4 * LOGS_PER_CLIENT
