"""`runstrong estimate` and `runstrong load`: the load calculators."""

from __future__ import annotations

import click

from runstrong.cli import output
from runstrong.core import inputs, loads
from runstrong.core.model import Equipment, Units
from runstrong.errors import InputError

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
IMPLEMENTS = (Equipment.BARBELL, Equipment.DUMBBELL, Equipment.KETTLEBELL)


def number(value: str, field: str, low: float, high: float) -> float:
    """A positive number inside [low, high], or an InputError naming the flag."""
    parsed = inputs.decimal(value, field)
    if not low <= parsed <= high:
        raise InputError(field, f"must be {low:g}-{high:g}; got {value}")
    return parsed


@click.command("estimate")
@click.option("--weight", required=True, help="The weight lifted")
@click.option("--reps", required=True, help="Reps done with it (1-30)")
@click.option("--formula", help="epley, brzycki, lander, lombardi, mayhew, oconner or wathan")
@click.option("--units", default="kg", show_default=True, help="kg or lb")
@FORMAT
def estimate_command(weight: str, reps: str, formula: str | None, units: str, fmt: str) -> None:
    """Estimate a 1RM from a set of several reps, by the published formulas."""
    w = number(weight, "--weight", 0.5, 1000)
    r = inputs.whole(reps, "--reps", 1, 30)
    unit = inputs.choice(Units, units, "--units")
    if formula is None:
        values = loads.estimate_all(w, r)
    else:
        name = formula.strip().lower()
        values = {name: round(loads.one_rm(w, r, name), 2)}
    if r > loads.LOW_CONFIDENCE_REPS:
        click.echo(
            f"runstrong: warning: estimates from more than {loads.LOW_CONFIDENCE_REPS} reps are "
            "less accurate; a set of 3-6 reps gives a better 1RM",
            err=True,
        )
    data = {"weight": w, "reps": r, "units": unit.value, "one_rm": values}
    if fmt == "json":
        output.write(output.dumps(data), None, False)
    else:
        from runstrong.cli import render  # rich draws the table: loaded only for text

        render.estimate(data)


@click.command("load")
@click.option("--one-rm", "one_rm", required=True, help="Your 1RM for the lift")
@click.option("--percent", help="Percent of the 1RM to lift")
@click.option("--reps", help="Reps to do: the percent is the NSCA's for that many reps")
@click.option(
    "--equipment", default="barbell", show_default=True, help="barbell, dumbbell or kettlebell"
)
@click.option("--units", default="kg", show_default=True, help="kg or lb")
@FORMAT
def load_command(
    one_rm: str, percent: str | None, reps: str | None, equipment: str, units: str, fmt: str
) -> None:
    """The weight to put on the bar (with plates per side), dumbbell or kettlebell."""
    from runstrong.cli.context import context

    top = number(one_rm, "--one-rm", 0.5, 1000)
    if (percent is None) == (reps is None):
        raise InputError("--percent", "give exactly one of --percent or --reps")
    if percent is not None:
        pct = number(percent, "--percent", 1, 100)
    else:
        pct = loads.percent_for_reps(inputs.whole(reps, "--reps", 1, 30))
    kit = inputs.choice(Equipment, equipment, "--equipment")
    if kit not in IMPLEMENTS:
        raise InputError(
            "--equipment", f"'{equipment}' is not allowed; allowed: barbell, dumbbell, kettlebell"
        )
    unit = inputs.choice(Units, units, "--units")
    rounded = loads.load_for(top, pct, kit, context().implements(unit))
    data = {
        "one_rm": top,
        "percent_1rm": pct,
        "load": rounded.load,
        "units": unit.value,
        "equipment": kit.value,
        "per_side": list(rounded.plates) if rounded.plates is not None else None,
    }
    if fmt == "json":
        output.write(output.dumps(data), None, False)
    else:
        from runstrong.cli import render

        render.load(data)


COMMANDS = (estimate_command, load_command)
