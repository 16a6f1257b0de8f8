"""`runstrong estimate`'s table, drawn without rich, is the table rich draws (cli/render.py)."""

from __future__ import annotations

import io
from typing import Any

import click
import pytest

from runstrong.cli import calc, render
from runstrong.core import estimates
from runstrong.core.model import Equipment, Units

CASES = [
    (100.0, 5, None, "kg"),
    (100.0, 5, "brzycki", "kg"),
    (1.0, 2, "epley", "lb"),
    (0.5, 2, "lander", "kg"),
    (1000.0, 30, None, "lb"),
    (1000.0, 30, "brzycki", "kg"),
    (99.25, 12, "mayhew", "kg"),
    (123.457, 30, "epley", "kg"),  # a title wider than the table: rich wraps it
]


def _data(weight: float, reps: int, formula: str | None, units: str) -> dict[str, Any]:
    values = (
        estimates.estimate_all(weight, reps)
        if formula is None
        else {formula: round(estimates.one_rm(weight, reps, formula), 2)}
    )
    return {"weight": weight, "reps": reps, "units": units, "one_rm": values}


def _by_rich(data: dict[str, Any], width: int, terminal: bool) -> str:
    """What cli/render.py's rich table prints, on a terminal (styled) or into a pipe."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"1RM from {data['weight']:g} {data['units']} × {data['reps']}",
                  title_justify="left")  # fmt: skip
    table.add_column("formula")
    table.add_column("1RM", justify="right")
    for name, value in data["one_rm"].items():
        table.add_row(name, f"{value:.1f} {data['units']}")
    out = io.StringIO()
    Console(file=out, width=width, force_terminal=terminal, highlight=False).print(table)
    return out.getvalue()


@pytest.mark.parametrize("columns", ["100", "24", "10"])
@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_table_is_rich_s_own_or_rich_draws_it(
    case: tuple[float, int, str | None, str],
    columns: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", columns)
    data = _data(*case)
    render.estimate(data)  # what the command printed before: rich, into a pipe here
    printed = capsys.readouterr().out
    assert printed == _by_rich(data, int(columns), terminal=False)
    drawn = calc.estimate_table(data)
    if drawn is None:  # rich's own way: the title wrapped, or the table squeezed
        assert case[0] == 123.457 or columns == "10"
        return
    assert click.unstyle(drawn) + "\n" == printed
    assert drawn + "\n" == _by_rich(data, int(columns), terminal=True)  # bold and italic too


def test_the_title_wider_than_the_table_and_a_narrow_terminal_go_to_rich(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert calc.estimate_table(_data(123.457, 30, "epley", "kg")) is None
    monkeypatch.setenv("COLUMNS", "20")
    assert calc.estimate_table(_data(100.0, 5, None, "kg")) is None
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    assert calc.estimate_table(_data(100.0, 5, None, "kg")) is None


def test_the_calculators_closed_lists_are_the_model_s() -> None:
    assert tuple(u.value for u in Units) == calc.UNITS
    assert set(calc.IMPLEMENTS) <= {e.value for e in Equipment}
