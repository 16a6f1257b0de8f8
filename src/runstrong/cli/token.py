"""`runstrong token ...`: API tokens (create, list, revoke)."""

from __future__ import annotations

import click

from runstrong.cli.athlete import database_option
from runstrong.cli.context import context
from runstrong.cli.user import utc_now
from runstrong.errors import NotFound, action
from runstrong.settings import Context


def _user_option(func: click.decorators.FC) -> click.decorators.FC:
    """`--user EMAIL`."""
    return click.option("--user", required=True, help="The login's email")(func)


def _user_id(ctx: Context, email: str) -> int:
    """The id of the login `--user` names (its NotFound worded as --user, not as --email)."""
    from runstrong.app import accounts

    try:
        return accounts.user_by_email(ctx, email).id
    except NotFound as exc:
        raise NotFound("user", exc.name, hint=f"see `{action('user list')}`") from None


@click.group("token")
def token_group() -> None:
    """API tokens: create (printed once), list, revoke."""


@token_group.command("create")
@_user_option
@click.option("--scope", default="read", show_default=True, help="read, or read,write")
@click.option("--name", default="cli", show_default=True, help="A label to know it by")
@database_option
def create_command(user: str, scope: str, name: str, database: str | None) -> None:
    """Create an API token and print it: it is shown this once."""
    from runstrong.app import accounts

    ctx = context(database)
    raw, token = accounts.create_token(
        ctx, user_id=_user_id(ctx, user), name=name, scopes=scope, now=utc_now()
    )
    click.echo(raw)
    click.echo(f"token {token.id} ({','.join(token.scopes)}) for {user.strip().lower()}", err=True)


@token_group.command("list")
@_user_option
@database_option
def list_command(user: str, database: str | None) -> None:
    """List a login's tokens with their last use."""
    from runstrong.app import accounts

    ctx = context(database)
    found = accounts.tokens(ctx, _user_id(ctx, user))
    if not found:
        click.echo("no tokens yet (runstrong token create --user EMAIL)")
    for t in found:
        used = t.last_used.strftime("%Y-%m-%d %H:%M UTC") if t.last_used else "never used"
        state = f"revoked {t.revoked:%Y-%m-%d %H:%M UTC}" if t.revoked else "live"
        click.echo(f"{t.id}  {t.name}  {','.join(t.scopes)}  {used}  {state}")


@token_group.command("revoke")
@click.argument("token_id", metavar="ID", type=int)
@_user_option
@database_option
def revoke_command(token_id: int, user: str, database: str | None) -> None:
    """Revoke a token: it stops working at once."""
    from runstrong.app import accounts

    ctx = context(database)
    accounts.revoke_token(ctx, _user_id(ctx, user), token_id, now=utc_now())
    click.echo(f"revoked token {token_id}")


COMMANDS = (token_group,)
