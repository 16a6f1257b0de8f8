"""`runstrong exercises` and `runstrong exercise ID`: browse the catalogue."""

from __future__ import annotations

import click

from runstrong.cli import output, render
from runstrong.cli.context import context
from runstrong.core import inputs, serialize
from runstrong.core.model import Category, Equipment, Pattern
from runstrong.present.catalogue import exercise_detail

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


@click.command("exercises")
@click.option("--category", help="weights, bodyweight, plyometric or run-specific")
@click.option("--equipment", help="What you have, e.g. dumbbell,band; none = bodyweight only")
@click.option("--pattern", help="hinge, squat, lunge, single-leg, push, pull, core, ...")
@click.option("--search", help="Words to find in names, aliases and cues")
@FORMAT
def exercises_command(
    category: str | None,
    equipment: str | None,
    pattern: str | None,
    search: str | None,
    fmt: str,
) -> None:
    """List the exercises, filtered by what you have and what you want."""
    found = context().catalogue.filter(
        category=None if category is None else inputs.choice(Category, category, "--category"),
        equipment=None if equipment is None else inputs.equipment(equipment) | {Equipment.NONE},
        pattern=None if pattern is None else inputs.choice(Pattern, pattern, "--pattern"),
        search=search,
    )
    if fmt == "json":
        output.write(output.dumps([serialize.exercise_dict(e) for e in found]), None, False)
    else:
        render.exercises(found)


@click.command("exercise")
@click.argument("exercise_id", metavar="ID")
@click.option("--equipment", help="Only substitutes you can do with this equipment")
@FORMAT
def exercise_command(exercise_id: str, equipment: str | None, fmt: str) -> None:
    """Show one exercise: cues, variations, cautions, equipment and substitutes."""
    catalogue = context().catalogue
    exercise = catalogue.get(exercise_id)
    kit = None if equipment is None else inputs.equipment(equipment) | {Equipment.NONE}
    substitutes = catalogue.substitutes(exercise.id, kit)
    if fmt == "json":
        output.write(output.dumps(exercise_detail(exercise, substitutes)), None, False)
    else:
        render.exercise(exercise, substitutes)


COMMANDS = (exercises_command, exercise_command)
