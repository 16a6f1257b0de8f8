"""`runstrong plan`: a week of strength sessions placed around the runs."""

from __future__ import annotations

import click

from runstrong import services
from runstrong.cli import output, render
from runstrong.errors import InputError

FORMATS = ["text", "json"]


@click.command("plan")
@click.option("--goal", required=True, help="strength, hypertrophy or endurance")
@click.option("--phase", required=True, help="off-season, pre-season or in-season")
@click.option("--sessions", help="Sessions a week (default: 3 off-season, 2 otherwise)")
@click.option("--weeks", help="Weeks to plan (one week for now)")
@click.option("--start", help="First Monday, YYYY-MM-DD (default: the coming Monday)")
@click.option("--equipment", help="What you have, e.g. barbell,dumbbell,band; none = bodyweight")
@click.option("--setup", help="A named equipment profile: gym, home, travel (default gym)")
@click.option("--lift", "lifts", multiple=True, help="ID=1RM or ID=WEIGHTxREPS; repeatable")
@click.option("--units", default="kg", show_default=True, help="kg or lb")
@click.option("--runs", help="Your running week, e.g. mon=easy,tue=intervals,sat=long")
@click.option("--minutes", help="Most minutes a session may take")
@click.option("--avoid", multiple=True, help="Limitations to protect: back, knee, ankle, ...")
@click.option("--seed", default="0", show_default=True, help="Another seed, other exercise picks")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "output_file", help="Write to this file instead of the terminal")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists")
def plan_command(
    goal: str,
    phase: str,
    sessions: str | None,
    weeks: str | None,
    start: str | None,
    equipment: str | None,
    setup: str | None,
    lifts: tuple[str, ...],
    units: str,
    runs: str | None,
    minutes: str | None,
    avoid: tuple[str, ...],
    seed: str,
    fmt: str,
    output_file: str | None,
    force: bool,
) -> None:
    """Build a week of strength sessions around your runs."""
    from runstrong.core import inputs

    if weeks is not None and inputs.whole(weeks, "--weeks", 1, 104) != 1:
        raise InputError("--weeks", "only 1 is allowed until season plans land; got " + weeks)
    plan = services.build_plan(
        goal=goal,
        phase=phase,
        start=start,
        seed=inputs.whole(seed, "--seed", 0, 2**31 - 1),
        sessions=None if sessions is None else inputs.whole(sessions, "--sessions", 1, 7),
        equipment=equipment,
        setup=setup,
        lifts=lifts,
        units=units,
        runs=runs,
        minutes=None if minutes is None else inputs.whole(minutes, "--minutes", 10, 240),
        avoid=avoid,
    )
    if fmt == "json":
        output.write(output.dumps(services.plan_json(plan)), output_file, force)
    elif output_file is None:
        render.plan(plan)
    else:
        output.write(render.plan_text(plan), output_file, force)


COMMANDS = (plan_command,)
