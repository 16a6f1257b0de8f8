"""Writing a command's output: to stdout, or to a file that is never half-written or clobbered."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from runstrong.errors import InputError


def dumps(data: Any) -> str:
    """JSON as the contract prints it: indented, UTF-8, keys in the documented order."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(text: str, output: str | None, force: bool) -> None:
    """Print `text`, or write it to `output` atomically, refusing to overwrite without --force."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    path = Path(output)
    if path.is_dir():
        raise InputError("--output", f"'{output}' is a folder; give a file name")
    if path.exists() and not force:
        raise InputError("--output", f"'{output}' exists", "add --force to overwrite it")
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise InputError("--output", f"folder '{folder}' does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError("--output", f"cannot write to '{folder}': {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError("--output", f"cannot write '{output}': {exc.strerror}") from None
    click.echo(f"wrote {output}", err=True)
