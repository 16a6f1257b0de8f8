"""`runstrong plan`: a week, a block or a season of strength sessions placed around the runs."""

from __future__ import annotations

import click

from runstrong.cli import output, render
from runstrong.core import inputs
from runstrong.errors import InputError
from runstrong.export import FORMATS as EXPORTS

FORMATS = ["text", "json", *EXPORTS]


@click.command("plan")
@click.option("--goal", required=True, help="strength, hypertrophy or endurance")
@click.option("--phase", help="off-season, pre-season or in-season (not needed with --race)")
@click.option("--sessions", help="Sessions a week (default: 3 off-season, 2 otherwise)")
@click.option("--weeks", help="Weeks to plan in --phase (default 1; with --race: to the race)")
@click.option("--start", help="First day, YYYY-MM-DD, any weekday (default: the coming Monday)")
@click.option("--race", help="Goal race date, YYYY-MM-DD: phases, taper and recovery follow")
@click.option(
    "--race-distance",
    help="800m, 1500m, mile, 3000m, 3000m-steeple, 5k, 10k, half, marathon or ultra "
    "(default marathon)",
)
@click.option("--equipment", help="What you have, e.g. barbell,dumbbell,band; none = bodyweight")
@click.option("--setup", help="A named equipment profile: gym, home, travel (default gym)")
@click.option("--lift", "lifts", multiple=True, help="ID=1RM or ID=WEIGHTxREPS; repeatable")
@click.option("--units", help="kg or lb (default kg, or the athlete's)")
@click.option("--runs", help="Your running week, e.g. mon=easy,tue=intervals,sat=long")
@click.option("--runs-file", help="A TOML file of running weeks that differ by week")
@click.option("--runs-ics", help="Your running plan as an iCalendar (.ics) file")
@click.option("--run-type", "run_types", multiple=True, help="TITLE TEXT=TYPE for --runs-ics")
@click.option("--minutes", help="Most minutes a session may take")
@click.option("--avoid", multiple=True, help="Limitations to protect: back, knee, ankle, ...")
@click.option(
    "--experience",
    help="Strength-training age: novice, intermediate or advanced (default intermediate)",
)
@click.option("--seed", default="0", show_default=True, help="Another seed, other exercise picks")
@click.option("--week", "week_number", help="Show this week of the plan in full")
@click.option("--retests", is_flag=True, help="Re-test the main lifts in each lighter week")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "output_file", help="Write to this file (a folder for fit)")
@click.option("--time", "time_of_day", help="ics: the sessions' time of day, HH:MM (default 18:00)")
@click.option("--tz", help="ics: an IANA time zone, e.g. Europe/Paris (default: this machine's)")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists")
@click.option("--athlete", help="Plan for a saved athlete: their set-up, runs, lifts and limits")
@click.option("--save", is_flag=True, help="Save the plan to the athlete's logbook")
@click.option("--database", help="Logbook database URL (default: RUNSTRONG_DATABASE_URL or SQLite)")
def plan_command(
    goal: str,
    phase: str | None,
    sessions: str | None,
    weeks: str | None,
    start: str | None,
    race: str | None,
    race_distance: str | None,
    equipment: str | None,
    setup: str | None,
    lifts: tuple[str, ...],
    units: str | None,
    runs: str | None,
    runs_file: str | None,
    runs_ics: str | None,
    run_types: tuple[str, ...],
    minutes: str | None,
    avoid: tuple[str, ...],
    experience: str | None,
    seed: str,
    week_number: str | None,
    retests: bool,
    fmt: str,
    output_file: str | None,
    time_of_day: str | None,
    tz: str | None,
    force: bool,
    athlete: str | None,
    save: bool,
    database: str | None,
) -> None:
    """Build strength sessions around your runs: a week, a block, or a season to a race."""
    from runstrong.app import planning
    from runstrong.app.requests import PlanRequest
    from runstrong.cli.context import context

    request = PlanRequest(
        goal=goal,
        phase=phase,
        sessions=sessions,
        weeks=weeks,
        start=start,
        race=race,
        race_distance=race_distance,
        equipment=equipment,
        setup=setup,
        lifts=lifts,
        units=units,
        runs=runs,
        runs_file=runs_file,
        runs_ics=runs_ics,
        run_types=run_types,
        minutes=minutes,
        avoid=avoid,
        experience=experience,
        seed=seed,
        retests=retests,
        athlete=athlete,
        save=save,
    )
    ctx = context(database)
    planned = planning.plan(ctx, request)
    plan = planned.plan
    for warning in plan.warnings:
        click.echo(f"runstrong: warning: {warning}", err=True)
    if planned.plan_id is not None:
        click.echo(f"saved plan #{planned.plan_id} for {athlete}", err=True)
    shown = None
    if week_number is not None:
        shown = inputs.whole(week_number, "week", 1, len(plan.weeks))
        if fmt != "text":
            raise InputError("week", f"shows one week as text; leave it out with --format {fmt}")
    if fmt in EXPORTS:
        from runstrong.cli.files import export

        data = planning.plan_json(plan)
        text = export(
            data,
            fmt,
            output_file,
            force=force,
            time_of_day=time_of_day,
            tz=tz,
            owner=athlete,
            catalogue=ctx.catalogue,
        )
        if text is not None:
            click.echo(text, nl=False)
        else:
            click.echo(f"wrote {output_file}", err=True)
    elif fmt == "json":
        output.write(output.dumps(planning.plan_json(plan)), output_file, force)
    elif output_file is None:
        render.plan(plan, shown)
    else:
        output.write(render.plan_text(plan, shown), output_file, force)


COMMANDS = (plan_command,)
