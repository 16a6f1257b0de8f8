"""`runstrong workload`: running and strength load in one view, in the terminal, as JSON or as a
PNG/SVG chart."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import click

from runstrong.cli import output
from runstrong.cli.athlete import database_option, format_option
from runstrong.cli.context import context
from runstrong.core import inputs


def _table(data: dict[str, Any]) -> str:
    """The weekly table (rich), as text."""
    from rich.console import Console
    from rich.table import Table

    from runstrong.present import workload as show

    table = Table(title=f"{data['athlete']}: training load a week (AU)", title_justify="left")
    for name in ("week", "run", "lifts", "cross", "total", "monotony", "strain", "ACWR", "EWMA"):
        table.add_column(name, justify="left" if name == "week" else "right")
    trimp = any(w["trimp"]["total"] for w in data["weeks"])
    if trimp:
        table.add_column("TRIMP", justify="right")
    table.add_column("marks")
    for w in data["weeks"]:
        total = sum(w[k] or 0 for k in show.KINDS)
        row = [
            w["monday"],
            show.number(w["run"]),
            show.number(w["strength"]),
            show.number(w["cross"]),
            show.number(total),
            show.number(w["monotony"], 2),
            show.number(w["strain"]),
            show.number(w["acwr"], 2),
            show.number(w["acwr_ewma"], 2),
        ]
        if trimp:
            row.append(show.number(w["trimp"]["total"]))
        table.add_row(*row, show.marks(w))
    buffer = io.StringIO()
    Console(file=buffer, width=120, color_system=None, soft_wrap=False).print(table)
    return buffer.getvalue()


def _text(data: dict[str, Any]) -> str:
    """The terminal view: table, stacked bars, today's ratios and the cautions."""
    from runstrong.present import workload as show

    parts = [_table(data), show.stacked_bars(data)]
    ratio = data["acwr"]
    if ratio["rolling"] is not None or ratio["ewma"] is not None:
        parts.append(
            f"acute:chronic on {data['today']}: rolling 7/28 {show.number(ratio['rolling'], 2)}, "
            f"EWMA {show.number(ratio['ewma'], 2)}\n"
        )
    if ratio["trimp_rolling"] is not None:
        parts.append(
            f"TRIMP acute:chronic: rolling {show.number(ratio['trimp_rolling'], 2)}, "
            f"EWMA {show.number(ratio['trimp_ewma'], 2)}\n"
        )
    if data["next_race"] and data["next_race"] not in data["races"]:
        parts.append(f"next race {data['next_race']} (beyond the weeks shown)\n")
    parts += [f"note: {c}\n" for c in data["cautions"]]
    return "".join(parts)


@click.command("workload")
@click.option("--athlete", required=True, help="The athlete's name")
@click.option(
    "--weeks", default="12", show_default=True, help="Weeks to show, to this week (1-104)"
)
@click.option("--until", help="Show the weeks to this day's week, YYYY-MM-DD (default today)")
@click.option(
    "--hr", help="Heart rate for TRIMP: rest=BPM,max=BPM,sex=male|female (your own numbers)"
)
@click.option(
    "--missing-rpe",
    default="unknown",
    show_default=True,
    help="RPE for sessions logged without one (1-10), or 'unknown' to leave their load out",
)
@click.option("--output", "output_file", help="Write a chart to FILE.png or FILE.svg")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists")
@database_option
@format_option
def workload_command(
    athlete: str,
    weeks: str,
    until: str | None,
    hr: str | None,
    missing_rpe: str,
    output_file: str | None,
    force: bool,
    database: str | None,
    fmt: str,
) -> None:
    """Running and strength load week by week: stacked, with monotony, strain and the ratio."""
    from runstrong.app import workload as app
    from runstrong.core import workload as wl
    from runstrong.present import workload as show

    day = dt.date.today() if until is None else inputs.date(until, "until")
    profile = None if hr is None else wl.parse_heart_rate(hr)
    app.check_weeks(weeks)
    app.check_assumed_rpe(missing_rpe)
    chart = None
    if output_file is not None:
        from runstrong.cli import files

        chart = files.chart_format(output_file)
        files.check_target(output_file, force)
    view = app.workload(context(database), athlete, weeks, day, hr=profile, missing_rpe=missing_rpe)
    data = show.workload_dict(view)
    if output_file is not None and chart is not None:
        from runstrong.cli import files
        from runstrong.export.load_chart import load_chart

        drawn = load_chart(chart, f"{view.athlete}: training load", data)
        files.write_file(output_file, drawn, force)
        click.echo(f"wrote {output_file}", err=True)
        return
    if fmt == "json":
        click.echo(output.dumps(data), nl=False)
        return
    click.echo(_text(data), nl=False)


COMMANDS = (workload_command,)
