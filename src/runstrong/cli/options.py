"""Option types shared by the commands: numbers written in ASCII digits, or a named refusal."""

from __future__ import annotations

import re
from typing import Any

import click

from runstrong.errors import InputError

_DECIMAL = re.compile(r"[+-]?(\d{1,12}(\.\d{0,6})?|\.\d{1,6})", re.ASCII)


def decimal(value: object, field: str) -> float:
    """A plain decimal number in ASCII digits ('8', '7.5'); '٨', '1e5000' or 'nan' are refused."""
    text = str(value).strip()
    if not _DECIMAL.fullmatch(text):
        raise InputError(field, f"expected a number written with 0-9; got '{text[:40]}'")
    return float(text)


class AsciiInt(click.ParamType):  # type: ignore[type-arg]
    """A whole number in ASCII digits: Python's int() would take '٣' as 3."""

    name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, _: click.Context | None) -> int:
        """The number, or an InputError naming the option."""
        field = max(param.opts, key=len) if param is not None and param.opts else "value"
        text = str(value).strip()
        if not re.fullmatch(r"[+-]?\d{1,30}", text, re.ASCII):
            raise InputError(field, f"expected a whole number written with 0-9; got '{text[:40]}'")
        return int(text)


class AsciiFloat(click.ParamType):  # type: ignore[type-arg]
    """A decimal number in ASCII digits (see `decimal`)."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, _: click.Context | None) -> float:
        """The number, or an InputError naming the option."""
        field = max(param.opts, key=len) if param is not None and param.opts else "value"
        return decimal(value, field)


ASCII_INT = AsciiInt()
ASCII_FLOAT = AsciiFloat()
