"""The CLI's words for neutral fields and actions: `race_distance` is `--race-distance`,
`lifts[2]` is `--lift`, `runs.tue` is `--runs (tue)`, the action `history` is `runstrong history`.

The flags come from the running command's click options (each option's parameter name and its
long flag, both snake_case), so an option renamed or added needs no second table. A field that
is one of the command's arguments is worded as the option of that name elsewhere (`athlete lift
ID=1RM...` says `--lift`, as `plan --lift` does); a field the command has no parameter for (a
file, `PLAN.json`, `config.toml: [setups]`, a stored row's `date`, a legacy `--weeks`) is shown
as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import click

from runstrong.errors import RunstrongError, worded

_DAY = re.compile(r"(.+)\.(mon|tue|wed|thu|fri|sat|sun)")
_NAME = re.compile(r"([a-z][a-z0-9_]*)(?:\[\d+\])*")
_ENTRIES = frozenset({"exercise"})
"""Fields that name a kind of entry (the catalogue's NotFound), never a filter option of the
same name: `exercise: no such entry 'x'`, as the CLI has always said it."""


@dataclass(frozen=True)
class Wording:
    """One command's words for the marks in a neutral message."""

    flags: Mapping[str, str]
    arguments: frozenset[str] = frozenset()
    root: click.Group | None = field(default=None, compare=False)

    @cached_property
    def _elsewhere(self) -> Mapping[str, str]:
        """Every command's options: loaded only when an argument's field is worded."""
        return flags(list(_tree(self.root))) if self.root is not None else {}

    def flag(self, field: str) -> str:
        """`race_distance` -> `--race-distance`; `lifts[2]` -> `--lift`; `runs.tue` ->
        `--runs (tue)`; `edit/delete` -> `--edit/--delete`; anything else as it is."""
        day = _DAY.fullmatch(field)
        if day:
            return f"{self.flag(day[1])} ({day[2]})"
        parts = field.split("/")
        if len(parts) > 1 and all(self._option(p) for p in parts):
            return "/".join(self.flag(p) for p in parts)
        return self._option(field) or field

    def _option(self, field: str) -> str | None:
        found = _NAME.fullmatch(field)
        if found is None or found[1] in _ENTRIES:
            return None
        name = found[1]
        if name in self.flags:
            return self.flags[name]
        return self._elsewhere.get(name) if name in self.arguments else None

    @staticmethod
    def command(name: str) -> str:
        """`history` -> `runstrong history`."""
        return f"runstrong {name}"

    def text(self, text: str) -> str:
        """A marked text (a warning, a reason) in the CLI's words."""
        return worded(text, self.flag, self.command)

    def error(self, exc: RunstrongError) -> str:
        """An error's message in the CLI's words."""
        return exc.worded(self.flag, self.command)


def flags(commands: Sequence[click.Command]) -> dict[str, str]:
    """Each option's parameter name and long flag (snake_case) -> its first long flag."""
    found: dict[str, str] = {}
    for command in commands:
        for param in command.params:
            if not isinstance(param, click.Option) or param.name is None:
                continue
            longs = [o for o in param.opts if o.startswith("--")]
            if not longs:
                continue
            for name in (param.name, *(o[2:].replace("-", "_") for o in longs)):
                found.setdefault(name, longs[0])
    return found


def _tree(group: click.Group) -> Iterator[click.Command]:
    ctx = click.Context(group)
    yield group
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from _tree(command)
        elif command is not None:
            yield command


def _wording(chain: Sequence[click.Command]) -> Wording:
    root = chain[0] if isinstance(chain[0], click.Group) else None
    arguments = frozenset(
        p.name for c in chain for p in c.params if isinstance(p, click.Argument) and p.name
    )
    return Wording(flags(chain), arguments, root)


def current() -> Wording:
    """The words of the command running now (and of the groups above it)."""
    ctx: click.Context | None = click.get_current_context()
    chain = []
    while ctx is not None:
        chain.append(ctx.command)
        ctx = ctx.parent
    return _wording(chain[::-1])


def for_args(group: click.Group, args: Sequence[str]) -> Wording:
    """The words of the command `args` name (`athlete create ...`), once it has ended: its
    module is loaded only now, when an error is shown."""
    ctx = click.Context(group, info_name="runstrong", resilient_parsing=True)
    chain: list[click.Command] = [group]
    command: click.Command = group
    for arg in args:
        if not isinstance(command, click.Group):
            break
        if arg.startswith("-"):
            continue
        sub = command.get_command(ctx, arg)
        if sub is None:
            break
        chain.append(sub)
        command = sub
    return _wording(chain)
