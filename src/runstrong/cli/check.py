"""`runstrong check PLAN.json`: the independent validator on a saved or piped plan."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from runstrong.cli import output
from runstrong.errors import InputError


@click.command("check")
@click.argument("plan_file", metavar="PLAN.json")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def check_command(plan_file: str, fmt: str) -> int:
    """Re-check every rule on a plan's JSON (- reads stdin); exit 1 when a rule is broken."""
    from runstrong.validation import check_plan, format_violations, parse_plan_text

    if plan_file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(plan_file).read_text(encoding="utf-8")
        except (OSError, ValueError) as exc:  # ValueError: undecodable, or a NUL in the name
            raise InputError("PLAN.json", f"cannot read '{plan_file}': {exc}") from None
    violations = check_plan(parse_plan_text(text))
    if fmt == "json":
        items = [{"rule": v.rule, "where": v.where, "message": v.message} for v in violations]
        output.write(output.dumps({"ok": not violations, "violations": items}), None, False)
    else:
        click.echo(format_violations(violations))
    return 1 if violations else 0


COMMANDS = (check_command,)
