"""Every command and option of the CLI is documented in docs/cli.md (as datasette does)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from runstrong.cli.main import cli

DOCS = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    return sorted(cli.commands.items())


@pytest.mark.parametrize(("name", "command"), _commands())
def test_command_is_documented(name: str, command: click.Command) -> None:
    assert f"## `runstrong {name}" in DOCS


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
    section = DOCS.split(f"## `runstrong {name}", 1)[1].split("\n## ", 1)[0]
    assert re.search(rf"{option}(?![\w-])", section), f"{option} of {name} is not in docs/cli.md"
