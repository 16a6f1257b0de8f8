"""`runstrong plan`: a week, a block or a season of strength sessions placed around the runs."""

from __future__ import annotations

import click

from runstrong import services
from runstrong.cli import output, render
from runstrong.core import inputs
from runstrong.errors import InputError

FORMATS = ["text", "json"]


@click.command("plan")
@click.option("--goal", required=True, help="strength, hypertrophy or endurance")
@click.option("--phase", help="off-season, pre-season or in-season (not needed with --race)")
@click.option("--sessions", help="Sessions a week (default: 3 off-season, 2 otherwise)")
@click.option("--weeks", help="Weeks to plan in --phase (default 1; with --race: to the race)")
@click.option("--start", help="First Monday, YYYY-MM-DD (default: the coming Monday)")
@click.option("--race", help="Goal race date, YYYY-MM-DD: phases, taper and recovery follow")
@click.option("--race-distance", help="5k, 10k, half, marathon or ultra (default marathon)")
@click.option("--equipment", help="What you have, e.g. barbell,dumbbell,band; none = bodyweight")
@click.option("--setup", help="A named equipment profile: gym, home, travel (default gym)")
@click.option("--lift", "lifts", multiple=True, help="ID=1RM or ID=WEIGHTxREPS; repeatable")
@click.option("--units", default="kg", show_default=True, help="kg or lb")
@click.option("--runs", help="Your running week, e.g. mon=easy,tue=intervals,sat=long")
@click.option("--runs-file", help="A TOML file of running weeks that differ by week")
@click.option("--runs-ics", help="Your running plan as an iCalendar (.ics) file")
@click.option("--run-type", "run_types", multiple=True, help="TITLE TEXT=TYPE for --runs-ics")
@click.option("--minutes", help="Most minutes a session may take")
@click.option("--avoid", multiple=True, help="Limitations to protect: back, knee, ankle, ...")
@click.option("--seed", default="0", show_default=True, help="Another seed, other exercise picks")
@click.option("--week", "week_number", help="Show this week of the plan in full")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "output_file", help="Write to this file instead of the terminal")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists")
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
    units: str,
    runs: str | None,
    runs_file: str | None,
    runs_ics: str | None,
    run_types: tuple[str, ...],
    minutes: str | None,
    avoid: tuple[str, ...],
    seed: str,
    week_number: str | None,
    fmt: str,
    output_file: str | None,
    force: bool,
) -> None:
    """Build strength sessions around your runs: a week, a block, or a season to a race."""
    plan = services.build_plan(
        goal=goal,
        phase=phase,
        start=start,
        seed=inputs.whole(seed, "--seed", 0, 2**31 - 1),
        weeks=None if weeks is None else inputs.whole(weeks, "--weeks", 1, 53),
        race=race,
        race_distance=race_distance,
        runs_file=runs_file,
        runs_ics=runs_ics,
        run_types=run_types,
        sessions=None if sessions is None else inputs.whole(sessions, "--sessions", 1, 7),
        equipment=equipment,
        setup=setup,
        lifts=lifts,
        units=units,
        runs=runs,
        minutes=None if minutes is None else inputs.whole(minutes, "--minutes", 10, 240),
        avoid=avoid,
    )
    shown = None
    if week_number is not None:
        shown = inputs.whole(week_number, "--week", 1, len(plan.weeks))
        if fmt != "text":
            raise InputError("--week", "shows one week as text; leave it out with --format json")
    if fmt == "json":
        output.write(output.dumps(services.plan_json(plan)), output_file, force)
    elif output_file is None:
        render.plan(plan, shown)
    else:
        output.write(render.plan_text(plan, shown), output_file, force)


COMMANDS = (plan_command,)
