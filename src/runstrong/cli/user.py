"""`runstrong user ...`: logins for the web app (create, reset link, list, delete)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from runstrong.cli.athlete import database_option
from runstrong.cli.context import context
from runstrong.errors import InputError

RESET_BASE = "http://127.0.0.1:8000"
"""Where `runstrong serve` listens by default (SPEC.md, "The web app and the API")."""


def utc_now() -> dt.datetime:
    """Now in UTC without a time zone, as the database keeps times."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _password(path: str | None) -> str:
    """The password: the first line of `path`, or typed twice, hidden."""
    if path is None:
        value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        return value
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problem = getattr(exc, "strerror", None) or str(exc)
        raise InputError("password_file", f"cannot read '{path}': {problem}") from None
    return text.splitlines()[0] if text else ""


@click.group("user")
def user_group() -> None:
    """Logins for the web app: create, reset link, list, delete."""


@user_group.command("create")
@click.option("--email", required=True, help="The login's email address")
@click.option("--athlete", help="The saved athlete this login is (by name)")
@click.option("--coach", is_flag=True, help="A coach's login (no athlete of their own)")
@click.option(
    "--password-file",
    help="Read the password from the first line of this file (else it is asked twice)",
)
@database_option
def create_command(
    email: str, athlete: str | None, coach: bool, password_file: str | None, database: str | None
) -> None:
    """Create a login; the database's first one is its owner."""
    from runstrong.app import accounts

    ctx = context(database)
    address = accounts.checked_email(email)  # before the password is asked for
    password = accounts.checked_password(_password(password_file))
    user = accounts.create_user(
        ctx, email=address, password=password, athlete=athlete, coach=coach, now=utc_now()
    )
    linked = f", athlete {user.athlete}" if user.athlete else ""
    click.echo(f"created user {user.email} ({user.role}{linked})")


@user_group.command("reset-link")
@click.argument("email")
@click.option("--base-url", default=RESET_BASE, show_default=True, help="The web app's address")
@database_option
def reset_link_command(email: str, base_url: str, database: str | None) -> None:
    """Print a one-time password-reset link, valid for an hour."""
    from runstrong.app import accounts

    raw = accounts.reset_link(context(database), email, now=utc_now())
    click.echo(f"{base_url.rstrip('/')}/reset/{raw}")


@user_group.command("list")
@database_option
def list_command(database: str | None) -> None:
    """List the logins."""
    from runstrong.app import accounts

    found = accounts.users(context(database))
    if not found:
        click.echo("no users yet (runstrong user create --email EMAIL)")
    for user in found:
        created = user.created.strftime("%Y-%m-%d %H:%M")
        click.echo(f"{user.email}  {user.role}  {user.athlete or '-'}  {created} UTC")


@user_group.command("delete")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation")
@database_option
def delete_command(email: str, yes: bool, database: str | None) -> None:
    """Delete a login with its athlete and every plan, log and token (asks first)."""
    from runstrong.app import accounts, coaching

    ctx = context(database)
    user = accounts.user_by_email(ctx, email)
    what = f" and athlete {user.athlete} with every lift, plan and log" if user.athlete else ""
    juniors = [link.athlete for link in coaching.managed(ctx, user)]
    if juniors:
        what += f", and the athletes they manage as a coach ({', '.join(juniors)})"
    if not yes and not click.confirm(f"Delete {user.email}{what}?", default=False):
        click.echo("nothing deleted", err=True)
        return
    accounts.delete_account(ctx, user.id)
    click.echo(f"deleted user {user.email}")


COMMANDS = (user_group,)
