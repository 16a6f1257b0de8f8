"""`runstrong log`, `today`, `week`, `plans`, `history`, `progress`, `import`, `backup`,
`restore`: the logbook from the command line."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

from runstrong.cli import output
from runstrong.cli.athlete import (
    database_option,
    format_option,
)
from runstrong.cli.context import context
from runstrong.core import inputs
from runstrong.errors import InputError, RunstrongError
from runstrong.present import logbook as show

if TYPE_CHECKING:
    from runstrong.app import PlannedSession


def _date(value: str | None, field: str = "--date") -> dt.date:
    return dt.date.today() if value is None else inputs.date(value, field)


# --- log ------------------------------------------------------------------------------------------


def _prompt_entries(found: list[PlannedSession], units: str) -> list[str]:
    """Walk the planned session (or ask freely), each answer checked before the next."""
    from runstrong.core.model import Units
    from runstrong.core.notation import parse_sets
    from runstrong.core.serialize import is_hold_test

    tokens: list[str] = []
    if found:
        click.echo(show.planned_text(found[0]), err=True)
        click.echo("Enter the sets done (Enter keeps the plan, '-' skips it):", err=True)
        done = {e.exercise_id for e in found[0].lifted}
        for item in found[0].session.get("exercises", []):
            if item.get("id") in done:  # logged once a day: change it with --edit
                ids = ", #".join(str(i) for i in found[0].logged)
                click.echo(f"  {item.get('id')}: already logged (session #{ids})", err=True)
                continue
            hold = is_hold_test(item)
            label = str(item.get("id"))
            if hold:  # no default: the time is the test's result
                label += " (seconds held, e.g. 1x75s, or 1x80s 1x70s for each side)"
            while True:
                answer = click.prompt(
                    f"  {label}",
                    default=None if hold else show.planned_notation(item, units),
                    err=True,
                ).strip()
                if answer in {"-", "skip"}:
                    break
                try:
                    parse_sets(answer, Units(units))
                except RunstrongError as exc:
                    click.echo(f"  {exc}", err=True)
                    continue
                tokens += [str(item.get("id")), *answer.split()]
                break
        return tokens
    cat = context().catalogue
    click.echo("No planned session that day. Enter EXERCISE SETS (empty line to finish):", err=True)
    while True:
        answer = click.prompt("  ", default="", show_default=False, err=True).strip()
        if not answer:
            return tokens
        try:
            from runstrong.core.notation import parse_log

            parse_log(answer.split(), cat.resolve, Units(units))
        except RunstrongError as exc:
            click.echo(f"  {exc}", err=True)
            continue
        tokens += answer.split()


@click.command("log")
@click.argument("entries", nargs=-1, metavar="EXERCISE SETS...")
@click.option("--athlete", required=True, help="The athlete's name")
@click.option("--date", help="The day of the session, YYYY-MM-DD (default today)")
@click.option("--rpe", "rpe_text", help="RPE of every set without its own @rpe (1-10)")
@click.option("--notes", default="", help="A note on the session")
@click.option("--edit", "edit_text", help="Replace logged session ID with these entries")
@click.option("--delete", "delete_text", help="Delete logged session ID")
@click.option("--yes", is_flag=True, help="With --delete: do not ask for confirmation")
@click.option("--interactive", is_flag=True, help="Prompt for each planned exercise")
@database_option
@format_option
def log_command(
    entries: tuple[str, ...],
    athlete: str,
    date: str | None,
    rpe_text: str | None,
    notes: str,
    edit_text: str | None,
    delete_text: str | None,
    yes: bool,
    interactive: bool,
    database: str | None,
    fmt: str,
) -> None:
    """Log what was lifted: back-squat 3x5@85 rdl 3x6@70 --rpe 8 (or answer the prompts)."""
    from runstrong import app
    from runstrong.app.requests import LogRequest
    from runstrong.app.sessions import check_log, log

    request = LogRequest(
        athlete=athlete,
        entries=entries,
        date=date,
        rpe=rpe_text,
        notes=notes,
        edit=edit_text,
        delete=delete_text,
    )
    checked = check_log(request)  # before anything is asked for
    ctx = context(database)
    delete_id, edit_id = checked.delete, checked.edit
    if delete_id is not None:
        record = app.logged_session(ctx, athlete, delete_id)
        if not yes and not click.confirm(
            f"Delete session #{record.id} of {record.date}?", default=False
        ):
            click.echo("nothing deleted", err=True)
            return
        app.delete_logged(ctx, athlete, delete_id)
        click.echo(f"deleted session #{delete_id}")
        return
    if not entries and (interactive or sys.stdin.isatty()):
        units = app.athlete(ctx, athlete).units
        day = checked.day
        tokens = _prompt_entries(app.planned_sessions(ctx, athlete, day, day), units)
        if not tokens:
            raise InputError("SETS", "nothing was entered; nothing saved")
        request = replace(request, entries=tuple(tokens))
    result = log(ctx, request)
    if fmt == "json":
        click.echo(output.dumps(show.log_result_dict(result)), nl=False)
        return
    how = f"plan #{result.plan_id}" if result.plan_id is not None else "not planned"
    verb = "updated" if edit_id is not None else "added to" if result.merged else "saved"
    click.echo(f"{verb} session #{result.session_id} ({result.date}, {how})")
    for e in result.entries:
        click.echo(f"  {show.entry_text(e)}")
    units = app.athlete(ctx, athlete).units
    for lift in result.learnt:
        click.echo(f"  1RM {show.lift_text(lift, units)}: {lift.note}")
    for kept in result.held:
        click.echo(
            f"  1RM {kept.exercise_id}: {kept.one_rm:g} {units} (unchanged): held: {kept.reason}"
        )
    for hold in result.holds:
        click.echo(f"  hold {show.hold_text(hold)}: scheduled re-test")


# --- today / week / plans -------------------------------------------------------------------------


def _show_planned(found: list[PlannedSession], fmt: str, empty: str) -> None:
    if fmt == "json":
        click.echo(output.dumps([show.planned_dict(x) for x in found]), nl=False)
    elif not found:
        click.echo(empty)
    else:
        click.echo("\n\n".join(show.planned_text(x) for x in found))


@click.command("today")
@click.option("--athlete", required=True, help="The athlete's name")
@click.option("--date", help="Another day than today, YYYY-MM-DD")
@click.option(
    "--readiness",
    help="Check in first: sleep=N,soreness=N,stress=N[,motivation=N,rhr=BPM,hrv=MS] (1-10; "
    "sleep and motivation 10 = best, soreness and stress 10 = worst)",
)
@database_option
@format_option
def today_command(
    athlete: str, date: str | None, readiness: str | None, database: str | None, fmt: str
) -> None:
    """Today's planned session with loads from the current 1RMs, or "rest day"; lightened, with
    the reasons, when the day's check-in asks for it."""
    from runstrong.app import readiness as ready
    from runstrong.app.requests import CheckInRequest

    day = _date(date)
    ctx = context(database)
    if readiness is not None:
        request = CheckInRequest(athlete=athlete, date=day, text=readiness)
        ready.parse_check_in(request)  # checked before the database is opened
        found = ready.check_in_today(ctx, request)
    else:
        found = ready.ready(ctx, athlete, day)
    planned = [s.planned for s in found.sessions]
    move = None
    if planned:  # what was run may move it (issue 14, docs/runs.md)
        from runstrong.app.runs import session_move

        move = session_move(ctx, athlete, day)
    moved = None if move is None else {"to": move.to and move.to.isoformat(), "reason": move.reason}
    if found.checkin is None:
        if move is None:
            _show_planned(planned, fmt, f"{day}: rest day (no strength session planned)")
        elif fmt == "json":
            click.echo(
                output.dumps([{**show.planned_dict(x), "moved": moved} for x in planned]), nl=False
            )
        else:
            click.echo("\n\n".join(show.planned_text(x) for x in planned))
            click.echo(f"moves: {move.reason}")
        return
    from runstrong.present import readiness as shown

    if fmt == "json":
        shown_days = shown.today_dicts(found)
        if moved is not None:
            shown_days = [{**x, "moved": moved} for x in shown_days]
        click.echo(output.dumps(shown_days), nl=False)
    else:
        click.echo(shown.ready_text(found))
        if move is not None:
            click.echo(f"moves: {move.reason}")


@click.command("week")
@click.option("--athlete", required=True, help="The athlete's name")
@click.option("--date", help="A day of the week to show, YYYY-MM-DD (default today)")
@database_option
@format_option
def week_command(athlete: str, date: str | None, database: str | None, fmt: str) -> None:
    """This week's planned sessions (Monday to Sunday) and what was logged."""
    from runstrong import app

    first = app.monday(_date(date))
    last = first + dt.timedelta(days=6)
    found = app.planned_sessions(context(database), athlete, first, last)
    _show_planned(found, fmt, f"week of {first}: no strength sessions planned")


@click.command("plans")
@click.option("--athlete", required=True, help="The athlete's name")
@database_option
@format_option
def plans_command(athlete: str, database: str | None, fmt: str) -> None:
    """The athlete's saved plans."""
    from runstrong import app

    found = app.plans(context(database), athlete)
    if fmt == "json":
        click.echo(output.dumps([show.plan_record_dict(p) for p in found]), nl=False)
        return
    if not found:
        click.echo("no saved plans (runstrong plan --athlete NAME ... --save)")
    for p in found:
        weeks = p.plan.get("weeks", [])
        sessions = sum(len(w.get("sessions", [])) for w in weeks)
        click.echo(
            f"#{p.id}  {p.start} to {p.end}  {p.goal}, {p.phase}  "
            f"{len(weeks)} week(s), {sessions} session(s)"
        )


# --- history / progress ---------------------------------------------------------------------------


@click.command("history")
@click.option("--athlete", required=True, help="The athlete's name")
@click.option("--exercise", help="Only this exercise (id or alias)")
@click.option("--since", help="Only from this day, YYYY-MM-DD")
@database_option
@format_option
def history_command(
    athlete: str, exercise: str | None, since: str | None, database: str | None, fmt: str
) -> None:
    """What was logged, as a table."""
    from runstrong import app

    first = None if since is None else _date(since, "--since")
    ctx = context(database)
    rows = app.history(ctx, athlete, exercise, first)
    if fmt == "json":
        click.echo(output.dumps([show.history_row_dict(r) for r in rows]), nl=False)
        return
    if not rows:
        click.echo("nothing logged yet")
        return
    tested = any(r.retest is not None for r in rows)
    units = app.athlete(ctx, athlete).units if tested else ""
    head = f"{'date':<10}  {'#':>6}  {'exercise':<28}  {'sets':<16}  {'rpe':>4}  planned"
    lines = [f"{head}  re-test" if tested else head]
    for r in rows:
        e = r.entry
        work = f"{e.reps}" if e.reps is not None else f"{e.seconds}s"
        load = "bw" if e.load is None else f"{e.load:g}{e.units}"
        rpe = "" if e.rpe is None else f"{e.rpe:g}"
        line = (
            f"{r.date!s:<10}  {r.session_id:>6}  {e.exercise_id:<28}  "
            f"{f'{e.sets}x{work}@{load}':<16}  {rpe:>4}  {'yes' if r.planned else 'no':<7}"
        )
        if r.retest is not None:
            line += f"  {show.retest_text(r.retest, units)}"
        lines.append(line.rstrip())
    click.echo("\n".join(lines))


@click.command("progress")
@click.option("--athlete", required=True, help="The athlete's name")
@click.option("--exercise", help="The exercise whose estimated 1RM to chart (id or alias)")
@click.option("--output", "output_file", help="Write a chart to FILE.png or FILE.svg")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists")
@database_option
@format_option
def progress_command(
    athlete: str,
    exercise: str | None,
    output_file: str | None,
    force: bool,
    database: str | None,
    fmt: str,
) -> None:
    """Estimated 1RM over time, weekly volume, sessions done vs planned: charted."""
    from runstrong import app
    from runstrong.cli import files
    from runstrong.export import charts

    found = app.progress(context(database), athlete, exercise)
    label = found.exercise_id or "all exercises"
    if output_file is not None:
        chart = files.chart_format(output_file)
        files.check_target(output_file, force)
        panels: list[tuple[str, Any, str]] = []
        if found.one_rm:
            panels.append((f"e1RM ({found.units})", found.one_rm_sessions(), "line"))
        if found.weekly_volume:
            panels.append((f"volume ({found.units}/week)", found.weekly_volume, "bar"))
        drawn = charts.chart_bytes(
            chart, f"{athlete}: {label}", panels, found.sessions, held=found.held
        )
        files.write_file(output_file, drawn, force)
        click.echo(f"wrote {output_file}", err=True)
        return
    if fmt == "json":
        click.echo(output.dumps(show.progress_dict(found)), nl=False)
        return
    parts = []
    if found.exercise_id is not None:
        line = found.one_rm_sessions()
        parts.append(charts.terminal_chart(f"{label} e1RM", line, found.units))
        if found.held:
            days = ", ".join(str(d) for d, _ in found.held[-5:])
            more = "" if len(found.held) <= 5 else f" (last 5 of {len(found.held)})"
            parts.append(f"  held (1RM kept) on {days}{more}\n")
    parts.append(charts.terminal_chart(f"{label} weekly volume", found.weekly_volume, found.units))
    done = [(d, float(n)) for d, n, _ in found.sessions]
    parts.append(charts.terminal_chart("sessions done a week", done))
    total, due, through, planned = found.done_of_due(dt.date.today())
    if planned:
        parts.append(
            f"sessions done {total} of {due} planned to the week of {through} "
            f"({planned} in the saved plans)\n"
        )
    click.echo("".join(parts), nl=False)


# --- import / backup / restore --------------------------------------------------------------------


@click.command("import")
@click.argument("file")
@click.option("--athlete", required=True, help="The athlete's name")
@click.option(
    "--units",
    "source_units",
    type=click.Choice(["kg", "lb"]),
    help="The unit of a Strong file whose weights carry none (default: the athlete's)",
)
@database_option
@format_option
def import_command(
    file: str, athlete: str, source_units: str | None, database: str | None, fmt: str
) -> None:
    """Import past lifting from a Strong or Hevy CSV export (again: only new sets are added)."""
    from pathlib import Path

    from runstrong import app
    from runstrong.app.requests import ImportRequest
    from runstrong.core.importing import alias_hint

    try:
        text = Path(file).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("FILE", f"'{file}' does not exist") from None
    except (OSError, ValueError) as exc:  # ValueError: undecodable, or a NUL in the name
        raise InputError("FILE", f"cannot read '{file}': {exc}") from None
    request = ImportRequest(athlete=athlete, text=text, source_units=source_units)
    found = app.import_export(context(database), request)
    if fmt == "json":
        click.echo(output.dumps(show.import_report_dict(found)), nl=False)
        return
    for warning in found.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"read a {found.app} export ({found.layout} layout)")
    click.echo(f"  new: {_n(found.sets, 'set')} in {_n(found.sessions, 'session')}")
    click.echo(f"  skipped as already imported: {_n(found.duplicates, 'set')}")
    click.echo(f"  skipped warm-ups: {_n(found.warmups, 'set')}")
    if found.drop_sets:
        click.echo(f"  drop sets: {found.drop_sets} (logged with the note 'drop set')")
    if found.bodyweight:
        click.echo(
            f"  bodyweight moves: {_n(found.bodyweight, 'set')} logged as bodyweight "
            "(the app's weight was the body's mass)"
        )
    for kind, count in sorted((found.set_types or {}).items()):
        click.echo(f"  unknown set type '{kind}': {_n(count, 'set')} left out")
    unknown_sets = sum(found.unknown.values())
    click.echo(f"  unknown exercises: {len(found.unknown)} ({_n(unknown_sets, 'set')} left out)")
    catalogue = context().catalogue
    for name, count in sorted(found.unknown.items()):
        click.echo(f"    '{name}': {_n(count, 'set')}; {alias_hint(name, catalogue)}")
    units = app.athlete(context(database), athlete).units
    for lift in found.lifts:
        click.echo(f"  1RM {show.lift_text(lift, units)}")


def _n(count: int, noun: str) -> str:
    """'1 set', '3 sets'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


@click.command("backup")
@click.option("--athlete", help="Only this athlete (default: everyone)")
@click.option("--output", "output_file", help="Write to this file instead of the terminal")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists")
@database_option
def backup_command(
    athlete: str | None, output_file: str | None, force: bool, database: str | None
) -> None:
    """Everything in the logbook as JSON (runstrong.backup/1)."""
    from runstrong import app

    output.write(output.dumps(app.backup(context(database), athlete)), output_file, force)


@click.command("restore")
@click.argument("file")
@click.option("--replace", is_flag=True, help="Replace athletes that already exist")
@database_option
def restore_command(file: str, replace: bool, database: str | None) -> None:
    """Load a backup file, all of it or nothing."""
    from runstrong import app
    from runstrong.app.requests import RestoreRequest

    data = app.read_backup(file)
    request = RestoreRequest(data=data, source=file, replace=replace)
    names = app.restore(context(database), request)
    click.echo(f"restored {len(names)} athlete(s): {', '.join(names) or 'none'}")


COMMANDS = (
    log_command,
    today_command,
    week_command,
    plans_command,
    history_command,
    progress_command,
    import_command,
    backup_command,
    restore_command,
)
