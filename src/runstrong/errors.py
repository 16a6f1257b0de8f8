"""One error hierarchy, mapped once per shell (CLI: exit 2 for input and rule errors)."""

from __future__ import annotations


class RunstrongError(Exception):
    """Base of every error runstrong raises on purpose."""


class InputError(RunstrongError):
    """Bad input: names the field, what is allowed, and optionally how to fix it."""

    def __init__(self, field: str, problem: str, hint: str | None = None) -> None:
        self.field = field
        self.problem = problem
        self.hint = hint
        message = f"{field}: {problem}"
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
        message = f"{field}: no such entry '{name}'"
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
