"""`runstrong jobs ...`: run the background jobs, see how they stand, queue plan checks."""

from __future__ import annotations

import click

from runstrong.cli import output
from runstrong.cli.athlete import database_option, format_option
from runstrong.cli.context import context


@click.group("jobs")
def jobs_group() -> None:
    """Background jobs: run them (work), see how they stand (list, show), queue plan checks,
    delete old ones (prune)."""


@jobs_group.command("work")
@click.option("--once", is_flag=True, help="Run the jobs due now, then exit (for cron or a timer)")
@click.option(
    "--lease",
    type=click.IntRange(5, 86400),
    default=300,
    show_default=True,
    help="Seconds a claimed job is held before another worker may retry it",
)
@click.option(
    "--poll",
    type=click.FloatRange(0.1, 3600),
    default=2.0,
    show_default=True,
    help="Seconds between looks at an empty queue",
)
@database_option
def work_command(once: bool, lease: int, poll: float, database: str | None) -> None:
    """Claim and run background jobs until stopped (SIGTERM or Ctrl-C: after the job in hand)."""
    import signal

    from runstrong.app import jobs

    ctx = context(database)
    ctx.db.prepare_write()  # a new database gets its schema before the first claim
    runner = jobs.Runner(ctx, timing=jobs.Timing(lease=float(lease), poll=poll))
    if once:
        ran = runner.drain()
        done = sum(1 for j in ran if j.status == jobs.DONE)
        failed = sum(1 for j in ran if j.status == jobs.FAILED)
        retry = sum(1 for j in ran if j.status == jobs.QUEUED)
        click.echo(
            f"ran {len(ran)} job(s): {done} done, {retry} to retry, {failed} failed", err=True
        )
        return

    def finish(_signum: int, _frame: object) -> None:
        """Stop after the job in hand; a second Ctrl-C interrupts at once."""
        runner.stop(wait=0)
        signal.signal(signal.SIGINT, signal.default_int_handler)

    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    kinds = ", ".join(sorted(runner.kinds))
    click.echo(f"runstrong: job runner {runner.name} working ({kinds})", err=True)
    runner.serve()
    click.echo(f"runstrong: job runner {runner.name} stopped", err=True)


@jobs_group.command("list")
@click.option(
    "--status",
    type=click.Choice(["queued", "running", "done", "failed"]),
    help="List the jobs in this status (default: the counts, then the failed jobs)",
)
@click.option("--kind", "kind_name", help="Only jobs of this kind, e.g. plan.check")
@click.option("--limit", type=click.IntRange(1, 10000), default=20, show_default=True)
@format_option
@database_option
def list_command(
    status: str | None, kind_name: str | None, limit: int, fmt: str, database: str | None
) -> None:
    """How many jobs of each kind are queued, running, done and failed; the failed ones' errors."""
    from runstrong.app import jobs
    from runstrong.present.jobs import job_json, job_line

    ctx = context(database)
    counts = jobs.counts(ctx)
    if kind_name is not None:
        counts = {k: v for k, v in counts.items() if k == kind_name}
    shown = jobs.listed(ctx, status=status or jobs.FAILED, kind_name=kind_name, limit=limit)
    if fmt == "json":
        data = {"counts": counts, "jobs": [job_json(j) for j in shown]}
        output.write(output.dumps(data), None, False)
        return
    if not counts:
        click.echo("no jobs")
        return
    width = max(len(k) for k in counts)
    click.echo(f"{'kind':<{width}}  " + "  ".join(f"{s:>7}" for s in jobs.STATUSES))
    for name, by_status in counts.items():
        click.echo(f"{name:<{width}}  " + "  ".join(f"{by_status[s]:>7}" for s in jobs.STATUSES))
    if shown:
        click.echo(f"\n{status or 'failed'}:")
        for j in shown:
            click.echo(job_line(j))


@jobs_group.command("show")
@click.argument("job_id", metavar="ID", type=click.IntRange(1))
@format_option
@database_option
def show_command(job_id: int, fmt: str, database: str | None) -> None:
    """One job: its payload, attempts, last error and result."""
    from runstrong.app import jobs
    from runstrong.present.jobs import job_json, job_line

    found = jobs.job(context(database), job_id)
    if fmt == "json":
        output.write(output.dumps(job_json(found)), None, False)
        return
    click.echo(job_line(found))
    click.echo(f"payload: {output.dumps(found.payload).strip()}")
    if found.result is not None:
        click.echo(f"result: {output.dumps(found.result).strip()}")


@jobs_group.command("check-plans")
@click.option("--athlete", help="Only this athlete's plans (default: every athlete's)")
@database_option
def check_plans_command(athlete: str | None, database: str | None) -> None:
    """Queue a re-check of every saved plan by the validator (once per plan and version)."""
    from runstrong.app import jobs

    queued = jobs.check_plans(context(database), athlete, now=jobs.utc_now())
    new = sum(1 for _, is_new in queued if is_new)
    click.echo(f"queued {new} plan check(s); {len(queued) - new} already queued")


@jobs_group.command("prune")
@click.option(
    "--days",
    type=click.IntRange(1, 3650),
    default=30,
    show_default=True,
    help="Keep the jobs that ended within this many days",
)
@database_option
def prune_command(days: int, database: str | None) -> None:
    """Delete the jobs that ended (done or failed) more than --days ago."""
    from runstrong.app import jobs

    gone = jobs.prune(context(database), days, now=jobs.utc_now())
    click.echo(f"deleted {gone} job(s) that ended more than {days} day(s) ago")


COMMANDS = (jobs_group,)
