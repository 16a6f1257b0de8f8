"""`runstrong athlete ...`: saved athlete profiles and their lifts."""

from __future__ import annotations

from typing import Any

import click

from runstrong.cli import output
from runstrong.cli.context import context
from runstrong.present import logbook as show

FORMATS = ["text", "json"]
DATABASE_HELP = "SQLAlchemy URL (default: RUNSTRONG_DATABASE_URL, else the SQLite file)"


def database_option(func: Any) -> Any:
    """The `--database URL` option every logbook command takes."""
    return click.option("--database", help=DATABASE_HELP)(func)


def format_option(func: Any) -> Any:
    """`--format text|json`."""
    option = click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True
    )
    return option(func)


@click.group("athlete")
def athlete_group() -> None:
    """Saved athletes: profile, equipment, running week and lifts."""


@athlete_group.command("create")
@click.option("--name", required=True, help="The athlete's name (unique, any case)")
@click.option("--units", default="kg", show_default=True, help="kg or lb")
@click.option("--setup", help="A named equipment profile: gym, home, travel")
@click.option("--equipment", help="What the athlete has, e.g. barbell,dumbbell,band")
@click.option("--runs", help="The running week, e.g. tue=intervals,thu=tempo,sat=long")
@click.option("--avoid", multiple=True, help="Limitations to protect: back, knee, ...")
@click.option(
    "--experience",
    default="intermediate",
    show_default=True,
    help="Strength-training age: novice, intermediate or advanced",
)
@database_option
@format_option
def create_command(
    name: str,
    units: str,
    setup: str | None,
    equipment: str | None,
    runs: str | None,
    avoid: tuple[str, ...],
    experience: str,
    database: str | None,
    fmt: str,
) -> None:
    """Save a new athlete."""
    from runstrong import app
    from runstrong.app.requests import AthleteRequest

    request = AthleteRequest(
        name=name,
        units=units,
        setup=setup,
        equipment=equipment,
        runs=runs,
        avoid=avoid,
        experience=experience,
    )
    person = app.create_athlete(context(database), request)
    if fmt == "json":
        click.echo(output.dumps(show.athlete_dict(person)), nl=False)
    else:
        click.echo(f"created athlete {person.name}")


@athlete_group.command("list")
@database_option
@format_option
def list_command(database: str | None, fmt: str) -> None:
    """List the saved athletes."""
    from runstrong import app

    people = app.list_athletes(context(database))
    if fmt == "json":
        click.echo(output.dumps([show.athlete_dict(p) for p in people]), nl=False)
        return
    if not people:
        click.echo("no athletes yet (runstrong athlete create --name NAME)")
    for p in people:
        kit = p.setup or ",".join(p.equipment) or "gym (default)"
        click.echo(f"{p.name}  {p.units}  {kit}  {p.runs or 'no runs'}")


@athlete_group.command("show")
@click.option("--athlete", required=True, help="The athlete's name")
@database_option
@format_option
def show_command(athlete: str, database: str | None, fmt: str) -> None:
    """Show an athlete's profile and current 1RMs."""
    from runstrong import app

    ctx = context(database)
    person = app.athlete(ctx, athlete)
    current = app.one_rms(ctx, athlete)
    holds = app.hold_times(ctx, athlete)
    if fmt == "json":
        click.echo(output.dumps(show.athlete_dict(person, current, holds)), nl=False)
        return
    click.echo(f"{person.name} ({person.units})")
    click.echo(f"  equipment: {person.setup or ','.join(person.equipment) or 'gym (default)'}")
    click.echo(f"  runs: {person.runs or 'none'}")
    click.echo(f"  avoid: {', '.join(person.avoid) or 'nothing'}")
    click.echo(f"  experience: {person.experience}")
    click.echo("  1RMs:" if current else "  1RMs: none yet (runstrong athlete lift ...)")
    for lift in sorted(current.values(), key=lambda x: x.exercise_id):
        click.echo(f"    {show.lift_text(lift, person.units)}")
    if holds:
        click.echo("  holds (longest, from re-tests):")
    for hold in sorted(holds.values(), key=lambda x: x.exercise_id):
        click.echo(f"    {show.hold_text(hold)}")


@athlete_group.command("edit")
@click.option("--athlete", required=True, help="The athlete's name")
@click.option("--name", help="A new name")
@click.option("--units", help="kg or lb")
@click.option("--setup", help="A named equipment profile (replaces --equipment)")
@click.option("--equipment", help="What the athlete has (replaces --setup)")
@click.option("--runs", help="The running week; '' for none")
@click.option("--avoid", multiple=True, help="Limitations (replaces the old list)")
@click.option("--experience", help="Strength-training age: novice, intermediate or advanced")
@database_option
def edit_command(
    athlete: str,
    name: str | None,
    units: str | None,
    setup: str | None,
    equipment: str | None,
    runs: str | None,
    avoid: tuple[str, ...],
    experience: str | None,
    database: str | None,
) -> None:
    """Change an athlete's profile."""
    from runstrong import app
    from runstrong.app.requests import AthleteEdit

    request = AthleteEdit(
        athlete=athlete,
        name=name,
        units=units,
        setup=setup,
        equipment=equipment,
        runs=runs,
        avoid=avoid or None,
        experience=experience,
    )
    person = app.edit_athlete(context(database), request)
    click.echo(f"updated athlete {person.name}")


@athlete_group.command("lift")
@click.argument("lifts", nargs=-1, metavar="ID=1RM|ID=WEIGHTxREPS...")
@click.option("--athlete", required=True, help="The athlete's name")
@click.option("--date", help="When it was lifted, YYYY-MM-DD (default today)")
@database_option
@format_option
def lift_command(
    lifts: tuple[str, ...], athlete: str, date: str | None, database: str | None, fmt: str
) -> None:
    """Record tested 1RMs (back-squat=100) or recent sets (rdl=80x6)."""
    from runstrong import app
    from runstrong.app.requests import LiftRequest

    ctx = context(database)
    saved = app.record_lifts(ctx, LiftRequest(athlete=athlete, lifts=lifts, date=date))
    if fmt == "json":
        click.echo(output.dumps([show.lift_dict(x) for x in saved]), nl=False)
        return
    units = app.athlete(ctx, athlete).units
    for lift in saved:
        click.echo(f"saved {show.lift_text(lift, units)}")


@athlete_group.command("delete")
@click.option("--athlete", required=True, help="The athlete's name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation")
@database_option
def delete_command(athlete: str, yes: bool, database: str | None) -> None:
    """Delete an athlete with every lift, plan and log (asks first)."""
    from runstrong import app

    ctx = context(database)
    person = app.athlete(ctx, athlete)
    if not yes and not click.confirm(
        f"Delete {person.name} with every lift, plan and logged session?", default=False
    ):
        click.echo("nothing deleted", err=True)
        return
    app.delete_athlete(ctx, athlete)
    click.echo(f"deleted athlete {person.name}")


COMMANDS = (athlete_group,)
