"""One error hierarchy, mapped once per shell (CLI: exit 2 for input and rule errors).

Errors speak of fields by their neutral names (`weeks`, `race_distance`, `lifts[2]`, `runs.tue`)
and of actions by their names (`history`, `athlete create`); a message that mentions another
field or an action marks it with `ref()` or `action()`. Each shell words the marks its own way
once, in `worded()`: the CLI as `--race` and `runstrong history`, a web form by its labels, the
API as JSON pointers. `str(error)` gives the neutral wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_FIELD_MARK = ("\ue000", "\ue001")
_ACTION_MARK = ("\ue002", "\ue003")
_MARKS = re.compile("\ue000([^\ue000-\ue003]*)\ue001|\ue002([^\ue000-\ue003]*)\ue003")


def ref(field: str) -> str:
    """A mention of another field inside a message (`ref("race")`: the CLI says `--race`)."""
    return f"{_FIELD_MARK[0]}{field}{_FIELD_MARK[1]}"


def action(name: str) -> str:
    """A mention of an action inside a message (`action("history")`: `runstrong history`)."""
    return f"{_ACTION_MARK[0]}{name}{_ACTION_MARK[1]}"


def worded(
    text: str,
    field: Callable[[str], str] = str,
    act: Callable[[str], str] = str,
) -> str:
    """`text` with its marked fields and actions in a shell's words (neutral names by default);
    a mark inside a mark (a field named after another, `ref(f"{ref('runs_file')} x.toml")`) is
    worded first, then the one around it."""
    for _ in range(text.count(_FIELD_MARK[0]) + text.count(_ACTION_MARK[0])):
        found = _MARKS.sub(lambda m: field(m[1]) if m[1] is not None else act(m[2]), text)
        if found == text:
            break
        text = found
    return text


def unmarked(value: str) -> str:
    """A value quoted from the user, with any mark characters taken out (they are ours)."""
    return re.sub("[\ue000-\ue003]", "", value)


class RunstrongError(Exception):
    """Base of every error runstrong raises on purpose."""

    field: str | None = None

    def worded(self, field: Callable[[str], str] = str, act: Callable[[str], str] = str) -> str:
        """The message in a shell's words: its field named as that shell names it."""
        return worded(str(self.args[0]) if self.args else "", field, act)

    def __str__(self) -> str:
        return self.worded()


class InputError(RunstrongError):
    """Bad input: names the field, what is allowed, and optionally how to fix it."""

    def __init__(self, field: str, problem: str, hint: str | None = None) -> None:
        self.field = field
        self.problem = problem
        self.hint = hint
        message = f"{ref(field)}: {problem}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class RuleViolation(RunstrongError):
    """A request the coach's rules do not allow; names the rule."""

    def __init__(self, rule: str, detail: str) -> None:
        self.rule = rule
        self.detail = detail
        super().__init__(f"{detail} [rule: {rule}]")


class NotFound(RunstrongError):
    """Something named by id that does not exist (an exercise, a setup)."""

    def __init__(self, field: str, name: str, hint: str | None = None) -> None:
        self.field = field
        self.name = name
        message = f"{ref(field)}: no such entry '{name}'"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class DatabaseError(RunstrongError):
    """The database failed or stayed busy: names it (password hidden), never the SQL."""

    def __init__(self, database: str, problem: str, hint: str | None = None) -> None:
        self.database = database
        self.problem = problem
        message = f"database {database}: {problem}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class RateLimited(RunstrongError):
    """Too many failed attempts (sign-ins) in a while: names when to try again."""

    def __init__(self, retry_after: int, field: str = "password") -> None:
        self.field = field
        self.retry_after = retry_after
        super().__init__(f"{ref(field)}: too many failed sign-ins; try again in {retry_after} s")
