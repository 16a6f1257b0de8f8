"""The CLI's one Context: built on first use in a run, from the environment and `--database`."""

from __future__ import annotations

import click

from runstrong.cli import wording
from runstrong.settings import Context


def context(database: str | None = None) -> Context:
    """The run's Context (settings from the environment), with `--database` when given; the
    database it opens is closed when the command ends."""
    root = click.get_current_context().find_root()
    if not isinstance(root.obj, Context):
        root.obj = Context.from_environment()
        root.obj.words = wording.current().text
        root.call_on_close(root.obj.close)
    if database is not None:
        root.obj.use_database(database)
    ctx: Context = root.obj
    return ctx
