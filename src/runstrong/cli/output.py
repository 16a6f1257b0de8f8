"""Writing a command's output: to stdout, or to a file that is never half-written or clobbered."""

from __future__ import annotations

import json
from typing import Any

import click


def dumps(data: Any) -> str:
    """JSON as the contract prints it: indented, UTF-8, keys in the documented order."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(text: str, output: str | None, force: bool) -> None:
    """Print `text`, or write it to `output` like the exports (cli/files.py: atomic, no-follow,
    refusing to overwrite without --force)."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    from runstrong.cli import files

    files.write_file(output, text.encode("utf-8"), force)
    click.echo(f"wrote {output}", err=True)
