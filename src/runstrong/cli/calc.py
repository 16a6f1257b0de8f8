"""`runstrong estimate` and `runstrong load`: the load calculators."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from runstrong.core import estimates, inputs
from runstrong.errors import InputError

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
IMPLEMENTS = ("barbell", "dumbbell", "kettlebell")
UNITS = ("kg", "lb")
"""core.kit's Units, as text: `estimate` starts without the kit (tests/cli check that the two
agree)."""


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
    unit = inputs.one_of(units, UNITS, "--units")
    if formula is None:
        values = estimates.estimate_all(w, r)
    else:
        name = formula.strip().lower()
        values = {name: round(estimates.one_rm(w, r, name), 2)}
    if r > estimates.LOW_CONFIDENCE_REPS:
        click.echo(
            f"runstrong: warning: estimates from more than {estimates.LOW_CONFIDENCE_REPS} reps "
            "are less accurate; a set of 3-6 reps gives a better 1RM",
            err=True,
        )
    data = {"weight": w, "reps": r, "units": unit, "one_rm": values}
    if fmt == "json":
        from runstrong.cli import output  # json, which the text does without (start-up)

        output.write(output.dumps(data), None, False)
        return
    table = estimate_table(data)
    if table is None:
        from runstrong.cli import render  # rich, where the table needs more than box lines

        render.estimate(data)
    else:
        click.echo(table)


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
    from runstrong.core import loads
    from runstrong.core.kit import Equipment, Units

    top = number(one_rm, "--one-rm", 0.5, 1000)
    if (percent is None) == (reps is None):
        raise InputError("--percent", "give exactly one of --percent or --reps")
    if percent is not None:
        pct = number(percent, "--percent", 1, 100)
    else:
        pct = estimates.percent_for_reps(inputs.whole(reps, "--reps", 1, 30))
    kit = inputs.choice(Equipment, equipment, "--equipment")
    if kit.value not in IMPLEMENTS:
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
        from runstrong.cli import output  # json, which the text does without (start-up)

        output.write(output.dumps(data), None, False)
    else:
        click.echo(load_text(data))


def load_text(data: dict[str, Any]) -> str:
    """A load, with plates per side for a barbell: two lines, no table, so neither rich nor the
    domain model that cli/render.py imports (start-up, issue 11 part 9)."""
    units = data["units"]
    share = f"{data['percent_1rm']:g}% of {data['one_rm']:g} {units}"
    weight = click.style(f"{data['load']:g} {units}", bold=True)
    text = f"{weight} ({share}, {data['equipment']})"
    if data["per_side"]:
        text += f"\nplates per side: {' + '.join(f'{x:g}' for x in data['per_side'])}"
    elif data["per_side"] == []:
        text += "\nthe empty bar"
    return text


def estimate_table(data: dict[str, Any]) -> str | None:
    """The estimates as rich draws them (cli/render.py: a heavy-head box, the title left and
    padded, the header bold and the title italic on a terminal), drawn here because importing
    rich.table and rich.console takes about 2.3x an empty interpreter's start-up, more than the
    5x budget leaves (issue 11, part 9; measured beside `python -c pass`). None where rich would
    do more than box lines: a title wider than the table (wrapped), a table wider than the
    terminal (squeezed), an output that is not UTF-8 (ASCII boxes), or colours forced or turned
    off by the environment."""
    units = data["units"]
    title = f"1RM from {data['weight']:g} {units} × {data['reps']}"
    rows = [(name, f"{value:.1f} {units}") for name, value in data["one_rm"].items()]
    left = max(len("formula"), *(len(name) for name, _ in rows))
    right = max(len("1RM"), *(len(value) for _, value in rows))
    width = left + right + 7  # two cells, each padded by a space a side, and three borders
    encoding = getattr(sys.stdout, "encoding", None) or ""
    styled = any(
        os.environ.get(k) is not None for k in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE")
    )
    styled = styled or os.environ.get("TERM", "").lower() in ("dumb", "unknown")
    fits = len(title) <= width <= _columns()
    if styled or not fits or not encoding.lower().startswith("utf"):
        return None
    line = "━" * (left + 2), "━" * (right + 2)
    space = _bold(" ")
    lines = [
        click.style(title.ljust(width), italic=True),
        f"┏{line[0]}┳{line[1]}┓",
        f"┃{space}{_bold('formula'.ljust(left))}{space}┃{space}{_bold('1RM'.rjust(right))}{space}┃",
        f"┡{line[0]}╇{line[1]}┩",
        *(f"│ {name.ljust(left)} │ {value.rjust(right)} │" for name, value in rows),
        f"└{'─' * (left + 2)}┴{'─' * (right + 2)}┘",
    ]
    return "\n".join(lines)


def _bold(text: str) -> str:
    """Bold as rich writes it (the codes click.echo leaves out where the output is no terminal)."""
    return click.style(text, bold=True)


def _columns() -> int:
    """The terminal's width as rich finds it: COLUMNS, else the terminal's, else 80."""
    given = os.environ.get("COLUMNS", "")
    if given.isdigit():
        return int(given)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 80


COMMANDS = (estimate_command, load_command)
