"""`runstrong runs`: what was run, week by week; `runs import`: watch files and Strava exports."""

from __future__ import annotations

import click

from runstrong.cli import output
from runstrong.cli.athlete import database_option, format_option
from runstrong.cli.context import context
from runstrong.errors import InputError


@click.group("runs", invoke_without_command=True)
@click.option("--athlete", help="The athlete's name")
@click.option("--weeks", default=8, show_default=True, help="Weeks to show, this one included")
@click.option("--explain", is_flag=True, help="Show how the running week was read, day by day")
@database_option
@format_option
@click.pass_context
def runs_group(
    ctx: click.Context,
    athlete: str | None,
    weeks: int,
    explain: bool,
    database: str | None,
    fmt: str,
) -> None:
    """What was run, week by week, each run's type and why; `runs import` reads watch files."""
    if ctx.invoked_subcommand is not None:
        return
    if athlete is None:
        raise click.UsageError("Missing option '--athlete'.")
    from runstrong.app import runs
    from runstrong.present import runs as show

    report = runs.runs_report(context(database), athlete, weeks)
    if fmt == "json":
        click.echo(output.dumps(show.report_dict(report)), nl=False)
    else:
        click.echo(show.report_text(report, explain), nl=False)


def _read(path: str) -> bytes:
    """A file's bytes, or an error naming it."""
    from pathlib import Path

    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("FILES", f"'{path}' does not exist") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise InputError("FILES", f"cannot read '{path}': {exc}") from None


@runs_group.command("import")
@click.argument("files", nargs=-1, required=True, metavar="FILES...")
@click.option("--athlete", required=True, help="The athlete's name")
@database_option
@format_option
def import_command(files: tuple[str, ...], athlete: str, database: str | None, fmt: str) -> None:
    """Import runs from FIT, GPX or TCX files (or .gz) or a Strava export zip; all or nothing."""
    from runstrong.app.requests import RunsImportRequest
    from runstrong.app.runs import import_runs
    from runstrong.present import runs as show

    request = RunsImportRequest(athlete=athlete, files=tuple((f, _read(f)) for f in files))
    found = import_runs(context(database), request)
    if fmt == "json":
        click.echo(output.dumps(show.imported_dict(found)), nl=False)
    else:
        click.echo(show.imported_text(found), nl=False)


COMMANDS = (runs_group,)
