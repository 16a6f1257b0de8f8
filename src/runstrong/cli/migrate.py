"""`runstrong migrate`: bring the database's schema up to this version, as a step of its own."""

from __future__ import annotations

import click

from runstrong.cli.athlete import database_option
from runstrong.cli.context import context


@click.command("migrate")
@database_option
def migrate_command(database: str | None) -> None:
    """Create or migrate the database's schema to this version's, then exit.

    Run it before starting upgraded servers (`runstrong serve` also does it once, before its
    workers start)."""
    from runstrong.storage.db import HEAD, connect

    ctx = context(database)
    url = ctx.settings.database(ctx.database_url)
    connect(url, create=True).close()
    click.echo(f"runstrong: the schema is at revision {HEAD}", err=True)


COMMANDS = (migrate_command,)
