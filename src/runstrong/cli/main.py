"""The `runstrong` command: the group, its commands, and the one place errors become exit codes."""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import click

from runstrong.cli.commands import COMMANDS, LazyGroup
from runstrong.errors import DatabaseError, RunstrongError
from runstrong.version import __version__

EXIT_OK, EXIT_FAILURE, EXIT_INPUT = 0, 1, 2


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


def _words(exc: RunstrongError, argv: list[str] | None) -> str:
    """The error in the CLI's words: its fields as the flags of the command that ran."""
    from runstrong.cli.wording import for_args

    return for_args(cli, sys.argv[1:] if argv is None else argv).error(exc)


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
        return _fail(_words(exc, argv), EXIT_FAILURE)
    except RunstrongError as exc:
        return _fail(_words(exc, argv), EXIT_INPUT)
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
