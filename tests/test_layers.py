"""No CLI words below the shells: messages in core, storage, export, present and app name fields
and actions neutrally (`errors.ref`, `errors.action`), and each shell words them once.

Docstrings and comments may mention a flag for a developer; every other string literal (the text
of a message, a hint, a warning, a reason) may not name a long option (`--weeks`) or a command
(`runstrong history`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from runstrong.cli.main import cli

SRC = Path(__file__).resolve().parents[1] / "src" / "runstrong"


def _commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        yield prefix + name, command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


COMMANDS = dict(_commands(cli))
_TOP = sorted({path.split()[0] for path in COMMANDS}, key=len, reverse=True)
_SUB = sorted({path.split()[1] for path in COMMANDS if " " in path}, key=len, reverse=True)
CLI_WORDS = re.compile(
    r"--[a-z]"  # a long option
    r"|`runstrong "  # a command quoted for the reader to run
    r"|: runstrong [a-z]"  # "create one with: runstrong athlete create"
    rf"|runstrong (?:{'|'.join(_TOP)})(?: (?:{'|'.join(_SUB)}))? -"  # a command with its options
)


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the module's, classes' and functions' docstring nodes (and the string right
    after an assignment, the attribute docstring this code base uses)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for i, stmt in enumerate(body):
            is_string = (
                isinstance(stmt, ast.Expr)
                and isinstance(stmt.value, ast.Constant)
                and isinstance(stmt.value.value, str)
            )
            if is_string and (i == 0 or isinstance(body[i - 1], ast.Assign | ast.AnnAssign)):
                found.add(id(stmt.value))
    return found


def cli_words(text: str, where: str) -> list[str]:
    """Each string literal in `text` (docstrings aside) that names an option or a command."""
    tree = ast.parse(text)
    skip = _docstrings(tree)
    return [
        f"{where}:{node.lineno}: {node.value!r}"
        for node in sorted(ast.walk(tree), key=lambda n: getattr(n, "lineno", 0))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and CLI_WORDS.search(node.value)
    ]


@pytest.mark.parametrize(
    "part",
    [
        "core",
        "validation",
        "storage",
        "export",
        "present",
        "app",
        "api.py",
        "settings.py",
    ],
)
def test_no_cli_words_below_the_shells(part: str) -> None:
    root = SRC / part
    files = [root] if root.is_file() else sorted(root.rglob("*.py"))
    assert files
    found = [
        line
        for path in files
        for line in cli_words(path.read_text(encoding="utf-8"), str(path.relative_to(SRC)))
    ]
    assert found == []


def test_the_check_finds_cli_words() -> None:
    sample = (
        '"""A docstring may say --weeks and `runstrong history`."""\n'
        "# a comment may say --weeks\n"
        'A = "must be 1-52"\n'
        '"""An attribute docstring may say --race."""\n'
        'B = f"give --phase, or {A}"\n'
        'C = "see `runstrong athlete list`"\n'
        'D = "create one with: runstrong athlete create"\n'
        'E = "runstrong plans up to 52 weeks ahead"\n'
        'F = "not a runstrong backup"\n'
        'G = "try runstrong athlete show --name"\n'
    )
    found = [line.split(": ", 1)[1] for line in cli_words(sample, "sample.py")]
    assert found == [
        "'give --phase, or '",
        "'see `runstrong athlete list`'",
        "'create one with: runstrong athlete create'",
        "'try runstrong athlete show --name'",
    ]


def _actions() -> Iterator[tuple[str, str]]:
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "action"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                yield f"{path.relative_to(SRC.parent)}:{node.lineno}", str(node.args[0].value)


def test_every_action_named_is_a_command() -> None:
    actions = list(_actions())
    assert actions  # the storage layer names `history` and `athlete list`
    assert [(where, name) for where, name in actions if name not in COMMANDS] == []
