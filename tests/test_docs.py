"""Every command and option of the CLI is documented in docs/cli.md (as datasette does)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from runstrong.cli.main import cli

DOCS_DIR = Path(__file__).parent.parent / "docs"
DOCS = (DOCS_DIR / "cli.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    """Every command, a group's subcommands included (`athlete create`), by the words typed."""
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(cli.commands.items()):
        found.append((name, command))
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", c) for sub, c in sorted(command.commands.items())]
    return found


def _section(name: str) -> str:
    """The docs section of a command: a subcommand's is its group's."""
    return DOCS.split(f"## `runstrong {name.split(maxsplit=1)[0]}", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize(("name", "command"), _commands())
def test_command_is_documented(name: str, command: click.Command) -> None:
    group, *sub = name.split()
    assert f"## `runstrong {group}" in DOCS
    if sub:
        assert f"`{name}" in _section(name), f"{name} is not in docs/cli.md"


@pytest.mark.parametrize(
    ("name", "option"),
    [
        (name, opt)
        for name, command in _commands()
        for param in command.params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt.startswith("--") and opt != "--help"
    ],
)
def test_option_is_documented(name: str, option: str) -> None:
    section = _section(name)
    assert re.search(rf"{option}(?![\w-])", section), f"{option} of {name} is not in docs/cli.md"


def _api_routes() -> list[tuple[str, str]]:
    """Every route of the JSON API by its path under /api/v1, parameters shown as {id}."""
    from runstrong.web.api.v1 import create_api
    from runstrong.web.app import flat_routes

    return sorted(
        (method, re.sub(r"\{\w+(:\w+)?\}", "{id}", route.path))
        for route in flat_routes(create_api().routes)
        for method in route.methods or ()
        if method != "HEAD"
    )


@pytest.mark.parametrize(("method", "path"), _api_routes())
def test_api_route_is_documented(method: str, path: str) -> None:
    api = (DOCS_DIR / "api.md").read_text(encoding="utf-8")
    heading = rf"^### `{method} {re.escape(path)}[`? ]"
    assert re.search(heading, api, re.M), f"{method} {path} has no section in docs/api.md"
