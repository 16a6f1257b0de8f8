"""`runstrong readiness`: the athlete's past check-ins."""

from __future__ import annotations

import click

from runstrong.cli import output
from runstrong.cli.athlete import database_option, format_option
from runstrong.cli.context import context


@click.command("readiness")
@click.option("--athlete", required=True, help="The athlete's name")
@click.option("--weeks", default="4", show_default=True, help="How many weeks back (1-520)")
@click.option("--date", help="The last day shown, YYYY-MM-DD (default today)")
@database_option
@format_option
def readiness_command(
    athlete: str, weeks: str, date: str | None, database: str | None, fmt: str
) -> None:
    """Past morning check-ins (sleep, soreness, stress, motivation; resting HR and HRV)."""
    import datetime as dt

    from runstrong.app import readiness
    from runstrong.core import inputs
    from runstrong.present import readiness as shown

    last = dt.date.today() if date is None else inputs.date(date, "date")
    found = readiness.checkins(context(database), athlete, weeks, last)
    if fmt == "json":
        click.echo(output.dumps([shown.checkin_dict(r) for r in found]), nl=False)
        return
    if not found:
        click.echo("no check-ins yet (runstrong today --athlete NAME --readiness sleep=N,...)")
        return
    click.echo("\n".join(shown.checkin_text(r) for r in found))


COMMANDS = (readiness_command,)
