"""`runstrong serve`: the web app and the JSON API, on the same logbook as the CLI."""

from __future__ import annotations

import click

from runstrong.cli.context import context


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes"
)
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=click.IntRange(1, 16),  # storage.db.POOL_SIZE: one pooled connection each at most
    help="Requests each worker runs at once (more only helps when the database is slow)",
)
@click.option("--database", help="Logbook database URL (default: RUNSTRONG_DATABASE_URL or SQLite)")
@click.option("--root-path", default="", help="The path a reverse proxy serves the app under")
@click.option(
    "--forwarded-allow-ips",
    metavar="ADDRESSES",
    help="Proxies whose X-Forwarded-* headers are trusted, comma separated, or '*' "
    "(default: FORWARDED_ALLOW_IPS, else 127.0.0.1,::1)",
)
def serve_command(
    host: str,
    port: int,
    workers: int,
    threads: int,
    database: str | None,
    root_path: str,
    forwarded_allow_ips: str | None,
) -> None:
    """Serve the web app and the JSON API (http://127.0.0.1:8000 by default)."""
    import os

    from runstrong.settings import ENV_DATABASE_URL, ENV_SECRET_KEY, ENV_WEB_THREADS
    from runstrong.storage.db import connect

    ctx = context(database)
    url = ctx.settings.database(ctx.database_url)
    connect(url, create=True).close()  # migrate once, here, before any worker starts
    if root_path and (not root_path.startswith("/") or root_path.endswith("/")):
        from runstrong.errors import InputError

        raise InputError("root_path", f"must start with / and not end with one; got '{root_path}'")
    if forwarded_allow_ips is not None and not forwarded_allow_ips.strip():
        from runstrong.errors import InputError

        raise InputError(
            "forwarded_allow_ips", "give addresses or networks, comma separated, or '*'"
        )
    os.environ[ENV_WEB_THREADS] = str(threads)
    os.environ[ENV_DATABASE_URL] = url  # the workers build their Context from the environment
    os.environ.setdefault(ENV_SECRET_KEY, ctx.settings.secret().decode())
    import uvicorn

    click.echo(
        f"runstrong: serving http://{host}:{port}{root_path}/ ({workers} worker(s))", err=True
    )
    uvicorn.run(
        "runstrong.web.app:from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        root_path=root_path,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,  # None: uvicorn's (FORWARDED_ALLOW_IPS, loopback)
        access_log=False,  # the app writes its own, one JSON line a request (web/security.py)
        log_config=_logging(),
    )


def _logging() -> dict[str, object]:
    """Uvicorn's messages and the app's access log on stderr."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(name)s %(levelname)s %(message)s"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "plain",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": "INFO"},
            "runstrong": {"handlers": ["stderr"], "level": "INFO"},
        },
    }


COMMANDS = (serve_command,)
