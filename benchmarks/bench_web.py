"""Load-test the web app on loopback, PostgreSQL behind it: requests a second and p50/p99
latency of the today page, a 16-week plan page and a log POST at 32 concurrent clients, with
1 and 2 workers. Run by hand; the figures go in the issue's closing note.

    python benchmarks/bench_web.py [--postgres URL] [--seconds 10] [--connections 32]

Needs `wrk` (Debian: apt-get install wrk). A fresh PostgreSQL schema holds runners with a saved
16-week plan each (a club's worth: 32 by default, so pages and logs are spread over runners as
they would be; `--runners 1` puts every client on one runner, whose logs then queue on its row
lock); each run starts `runstrong serve --workers N` and drives it with wrk (its own process, so
the load generator is not the Python under test). Pages are asked for with the runners' session
cookies in turn, after 2 s of the same not counted (the steady state: templates compiled, each
runner's page rendered once); log POSTs go to /api/v1/logs with their bearer tokens in turn,
each with a new client_id and its own day (none is a repeat).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from runstrong.app import accounts, planning
from runstrong.app.requests import PlanRequest
from runstrong.settings import Context, Settings

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NOW = dt.datetime.now(dt.UTC).replace(tzinfo=None)
PASSWORD = "benchmark passphrase"

PAGE_SCRIPT = r"""
-- GET the page with each runner's session cookie in turn
local counter = 0
local cookies = {}
function init(args)
  for i = 2, #args do cookies[#cookies + 1] = args[i] end
  counter = math.random(0, #cookies - 1)
end
request = function()
  counter = counter + 1
  local cookie = "runstrong_session=" .. cookies[counter % #cookies + 1]
  return wrk.format("GET", nil, {["Cookie"] = cookie})
end
"""

LOG_SCRIPT = r"""
-- one log a request, by each runner's token in turn: a new client_id and a day of its own
-- (thread offset + counter)
local counter = 0
local offset = 0
local threads = 0
local tokens = {}
function setup(thread)
  thread:set("offset", threads * 20000)
  threads = threads + 1
end
function init(args)
  offset = offset + tonumber(args[1])  -- each run its own days: none is a repeat
  for i = 2, #args do tokens[#tokens + 1] = args[i] end
  math.randomseed(os.time() + offset)
end
request = function()
  counter = counter + 1
  local day = os.date("!%Y-%m-%d", -2208988800 + (offset + counter) * 86400)
  local id = string.format("%08x-%04x-%04x-%04x-%06x%06x", math.random(0, 0xffffffff),
    math.random(0, 0xffff), math.random(0, 0xffff), math.random(0, 0xffff),
    math.random(0, 0xffffff), math.random(0, 0xffffff))
  local body = '{"client_id":"' .. id .. '","date":"' .. day .. '","rpe":7,' ..
    '"entries":[{"exercise":"back-squat","sets":[{"reps":5,"load":80},{"reps":5,"load":80}]}]}'
  return wrk.format("POST", "/api/v1/logs", {["Content-Type"]="application/json",
    ["Authorization"]="Bearer " .. tokens[counter % #tokens + 1]}, body)
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _schema(base: str) -> tuple[str, str]:
    import psycopg

    name = f"rs_bench_{uuid.uuid4().hex[:10]}"
    dsn = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    return f"{base}?options=-csearch_path%3D{name}", name


def _drop(base: str, name: str) -> None:
    import psycopg

    dsn = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def _prepare(url: str, folder: Path, runners: int) -> tuple[list[str], list[str], int]:
    """Runners with a 16-week plan each, starting this week: their session cookies and tokens,
    and the first runner's plan id."""
    ctx = Context(Settings(config_dir=folder, data_dir=folder), url)
    ctx.db.prepare_write()
    today = dt.date.today()
    cookies, tokens, plan_ids = [], [], []
    for n in range(runners):
        email = f"runner{n}@example.org"
        user = accounts.sign_up(ctx, email=email, password=PASSWORD, name=f"Runner {n}", now=NOW)
        planned = planning.plan(
            ctx,
            PlanRequest(
                goal="strength",
                phase="off-season",
                weeks=16,
                start=today - dt.timedelta(days=today.weekday()),
                setup="gym",
                lifts=(f"back-squat={90 + n}", f"romanian-deadlift={80 + n}"),
                runs="tue=intervals,thu=tempo,sat=long",
                athlete=f"Runner {n}",
                save=True,
            ),
        )
        raw, _ = accounts.start_session(ctx, user, now=NOW)
        token, _ = accounts.create_token(
            ctx, email=email, name="bench", scopes="read,write", now=NOW
        )
        assert planned.plan_id is not None
        cookies.append(raw)
        tokens.append(token)
        plan_ids.append(planned.plan_id)
    ctx.close()
    return cookies, tokens, plan_ids[0]


def _wrk(
    url: str, seconds: int, connections: int, script: Path, args: list[str]
) -> dict[str, float]:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script)]
    cmd += [url, "--", *args]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]

    def ms(label: str) -> float:
        found = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert found, out
        return float(found[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found[2]]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": ms("50%"),
        "p99": ms("99%"),
        "non2xx": float(errors[1]) if errors else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default=POSTGRES)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--runners", type=int, default=32)
    parser.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 2")
    parser.add_argument(
        "--threads", type=int, default=None, help="serve --threads (default: its own)"
    )
    parser.add_argument("--cases", default="today,plan,log", help="which of today,plan,log")
    args = parser.parse_args()
    wanted = set(args.cases.split(","))
    if shutil.which("wrk") is None:
        sys.exit("bench_web: needs wrk (apt-get install wrk)")
    url, schema = _schema(args.postgres)
    folder = Path(tempfile.mkdtemp(prefix="runstrong-bench-web-"))
    pages = folder / "pages.lua"
    pages.write_text(PAGE_SCRIPT)
    logs = folder / "log.lua"
    logs.write_text(LOG_SCRIPT)
    try:
        cookies, tokens, plan_id = _prepare(url, folder, args.runners)
        env = {**os.environ, "RUNSTRONG_CONFIG_DIR": str(folder), "RUNSTRONG_DATA_DIR": str(folder)}
        print(
            f"PostgreSQL, loopback, wrk -t2 -c{args.connections} -d{args.seconds}s,"
            f" {args.runners} runner(s)"
        )
        for workers in (int(n) for n in args.workers.split(",")):
            port = _free_port()
            server = subprocess.Popen(
                [sys.executable, "-m", "runstrong", "serve", "--port", str(port),
                 "--workers", str(workers), "--database", url,
                 *(["--threads", str(args.threads)] if args.threads else [])],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            base = f"http://127.0.0.1:{port}"
            try:
                for _ in range(100):
                    try:
                        if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                            break
                    except httpx.HTTPError:
                        time.sleep(0.2)
                days = str((workers - 1) * 50000)  # log days of this run: none logged before
                cases = (
                    ("today", "today page", f"{base}/", pages, ["-", *cookies]),
                    (
                        "plan",
                        "16-week plan page",
                        f"{base}/plans/{plan_id}",
                        pages,
                        ["-", cookies[0]],
                    ),
                    ("log", "log POST (API)", base, logs, [days, *tokens]),
                )
                for key, label, target, lua, extra in cases:
                    if key not in wanted:
                        continue
                    if lua is pages:  # steady state: each worker has read the catalogue,
                        _wrk(target, 2, args.connections, lua, extra)  # compiled its templates
                    found = _wrk(target, args.seconds, args.connections, lua, extra)
                    print(
                        f"  {workers} worker(s)  {label:<18} {found['rps']:8.0f} req/s"
                        f"  p50 {found['p50']:6.1f} ms  p99 {found['p99']:6.1f} ms"
                        f"  non-2xx {found['non2xx']:.0f}"
                    )
            finally:
                server.terminate()
                server.wait(timeout=15)
    finally:
        _drop(args.postgres, schema)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
