"""The `runstrong` group's commands: a table of where each lives, imported only when it runs."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import Any

import click

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
    "jobs": (
        "jobs:jobs_group",
        "Background jobs: run them (work), see how they stand (list, show), queue plan checks,"
        " delete old ones (prune).",
    ),
    "load": (
        "calc:load_command",
        "The weight to put on the bar (with plates per side), dumbbell or kettlebell.",
    ),
    "log": (
        "logbook:log_command",
        "Log what was lifted: back-squat 3x5@85 rdl 3x6@70 --rpe 8 (or answer the prompts).",
    ),
    "migrate": (
        "migrate:migrate_command",
        "Create or migrate the database's schema to this version's, then exit.",
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
    "readiness": (
        "readiness:readiness_command",
        "Past morning check-ins (sleep, soreness, stress, motivation; resting HR and HRV).",
    ),
    "restore": ("logbook:restore_command", "Load a backup file, all of it or nothing."),
    "runs": (
        "runs:runs_group",
        "What was run, week by week, each run's type and why; `runs import` reads watch files.",
    ),
    "serve": (
        "serve:serve_command",
        "Serve the web app and the JSON API (http://127.0.0.1:8000 by default).",
    ),
    "token": ("token:token_group", "API tokens: create (printed once), list, revoke."),
    "today": (
        "logbook:today_command",
        'Today\'s planned session with loads from the current 1RMs, or "rest day"; lightened, '
        "with the reasons, when the day's check-in asks for it.",
    ),
    "user": ("user:user_group", "Logins for the web app: create, reset link, list, delete."),
    "week": (
        "logbook:week_command",
        "This week's planned sessions (Monday to Sunday) and what was logged.",
    ),
    "workload": (
        "workload:workload_command",
        "Running and strength load week by week: stacked, with monotony, strain and the ratio.",
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
        if name not in self.where and name not in self.loaded:
            raise KeyError(name)
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
        self.lazy = LazyCommands(table)
        super().__init__(name, commands=self.lazy, **kwargs)
        self.help_texts = {command: text for command, (_, text) in table.items()}

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's own listing (Group.format_commands), without importing a command to list it."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            command = self.lazy.loaded.get(name)
            if command is None and name in self.help_texts:  # shortened by click's own rule
                command = click.Command(name, help=self.help_texts[name])
            elif command is None:
                command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
