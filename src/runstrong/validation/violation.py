"""A broken rule as a value: the validator collects these and never raises."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    """One broken rule: its id in docs/rules.md, where it is in the plan and what is wrong."""

    rule: str
    where: str
    message: str


Add = Callable[[str, str], None]  # reports one violation of an exercise: add(rule, message)
