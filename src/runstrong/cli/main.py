"""The `runstrong` command: the group, its commands, and the one place errors become exit codes."""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterator, MutableMapping
from typing import Any

import click

from runstrong.errors import DatabaseError, RunstrongError
from runstrong.version import __version__

EXIT_OK, EXIT_FAILURE, EXIT_INPUT = 0, 1, 2


COMMANDS: dict[str, tuple[str, str]] = {
    "athlete": (
        "athlete:athlete_group",
        "Saved athletes: profile, equipment, running week and lifts.",
    ),
    "backup": ("logbook:backup_command", "Everything in the logbook as JSON (runstrong.backup/1)."),
    "check": (
        "check:check_command",
        "Re-check every rule on a plan's JSON (- reads stdin); exit 1 when a rule is broken.",
    ),
    "estimate": (
        "calc:estimate_command",
        "Estimate a 1RM from a set of several reps, by the published formulas.",
    ),
    "exercise": (
        "catalogue:exercise_command",
        "Show one exercise: cues, variations, cautions, equipment and substitutes.",
    ),
    "exercises": (
        "catalogue:exercises_command",
        "List the exercises, filtered by what you have and what you want.",
    ),
    "history": ("logbook:history_command", "What was logged, as a table."),
    "import": (
        "logbook:import_command",
        "Import past lifting from a Strong or Hevy CSV export (again: only new sets are added).",
    ),
    "load": (
        "calc:load_command",
        "The weight to put on the bar (with plates per side), dumbbell or kettlebell.",
    ),
    "log": (
        "logbook:log_command",
        "Log what was lifted: back-squat 3x5@85 rdl 3x6@70 --rpe 8 (or answer the prompts).",
    ),
    "plan": (
        "plan:plan_command",
        "Build strength sessions around your runs: a week, a block, or a season to a race.",
    ),
    "plans": ("logbook:plans_command", "The athlete's saved plans."),
    "progress": (
        "logbook:progress_command",
        "Estimated 1RM over time, weekly volume, sessions done vs planned: charted.",
    ),
    "restore": ("logbook:restore_command", "Load a backup file, all of it or nothing."),
    "today": (
        "logbook:today_command",
        'Today\'s planned session with loads from the current 1RMs, or "rest day".',
    ),
    "week": (
        "logbook:week_command",
        "This week's planned sessions (Monday to Sunday) and what was logged.",
    ),
}
"""Each command: `module:object` in runstrong.cli, and its help for `runstrong --help`, which so
imports no command (tests/cli/test_startup.py checks the help is the command's own)."""


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands, each imported from its module on first lookup: click's get_command and
    list_commands read this mapping, so a command loads only what it uses, and code that reads
    `cli.commands["plan"]` (the tests) works as with click's own dict."""

    def __init__(self, table: dict[str, tuple[str, str]]) -> None:
        self.where = {name: where for name, (where, _) in table.items()}
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.loaded:
            module, attribute = self.where[name].split(":")
            command = getattr(importlib.import_module(f"runstrong.cli.{module}"), attribute)
            self.loaded[name] = command
        return self.loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self.where.pop(name, None)
        self.loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted({*self.where, *self.loaded}))

    def __len__(self) -> int:
        return len({*self.where, *self.loaded})


class LazyGroup(click.Group):
    """A group whose commands load on demand (click's "lazily loading subcommands"), with --help
    listing them from the table's help rather than importing every command to read its own."""

    def __init__(
        self, name: str | None = None, *, table: dict[str, tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(name, commands=LazyCommands(table), **kwargs)
        self.help_texts = {command: text for command, (_, text) in table.items()}

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's own listing (Group.format_commands), without importing a command to list it."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.help_texts:  # shortened by click's rule, as the command would be
                command: click.Command | None = click.Command(name, help=self.help_texts[name])
            else:
                command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    table=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="runstrong")
def cli() -> None:
    """Strength sessions for runners, placed around your running week."""


_LONG_WORD = re.compile(r"\S{121,}")


def _short(match: re.Match[str]) -> str:
    word = match.group(0)
    return f"{word[:40]}...({len(word)} characters)...{word[-30:]}"


def _fail(message: str, code: int) -> int:
    """Print a one-line error on stderr and hand back the exit code: a value pasted by mistake
    (thousands of digits, a whole file) is cut, so the line stays readable."""
    line = _LONG_WORD.sub(_short, " ".join(message.split()))
    click.echo(f"runstrong: error: {line}", err=True)
    return code


_FIELD = re.compile(r"([a-z][a-z_]*)(\[\d+\]|\.\w+)?")
_FLAGS = {"lifts": "--lift", "run_types": "--run-type", "fmt": "--format"}


def _flag(field: str) -> str:
    """A field's flag: `race_distance` is `--race-distance`; a file or path stays as it is."""
    found = _FIELD.fullmatch(field)
    if found is None:
        return field
    name = found.group(1)
    return _FLAGS.get(name, "--" + name.replace("_", "-"))


def _command(name: str) -> str:
    return f"runstrong {name}"


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and map every error to its exit code, never a traceback."""
    try:
        result: Any = cli.main(args=argv, prog_name="runstrong", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        return _fail("aborted", EXIT_FAILURE)
    except click.UsageError as exc:
        return _fail(exc.format_message(), EXIT_INPUT)
    except click.ClickException as exc:
        return _fail(exc.format_message(), EXIT_INPUT)
    except DatabaseError as exc:
        # The database failed or stayed busy: not the runner's input.
        return _fail(exc.worded(_flag, _command), EXIT_FAILURE)
    except RunstrongError as exc:
        return _fail(exc.worded(_flag, _command), EXIT_INPUT)
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as exc:
        if os.environ.get("RUNSTRONG_DEBUG"):
            raise
        if type(exc).__module__.startswith("sqlalchemy"):
            # Never the SQL or its parameters: they may hold the runner's data.
            from runstrong.storage.db import reason

            return _fail(f"database error: {reason(exc)}", EXIT_FAILURE)
        return _fail(
            f"unexpected {type(exc).__name__}: {exc} (set RUNSTRONG_DEBUG=1 to see where)", 1
        )
    return int(result) if isinstance(result, int) else EXIT_OK


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())
