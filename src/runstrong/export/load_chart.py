"""The load chart: weekly session-RPE load with runs, lifts and cross-training stacked, TRIMP and
the acute:chronic ratios in their own panels, deload weeks shaded and the race marked. The view's
JSON (present/workload.py) in, PNG or SVG bytes out; matplotlib imported only when drawn."""

from __future__ import annotations

import datetime as dt
from typing import Any

from runstrong.errors import InputError
from runstrong.export.charts import FORMATS, WEEK_BAR_DAYS, _date_formatter, week_centre

COLOURS = {"run": "#2a7ab9", "strength": "#d9822b", "cross": "#8fbf6a"}
DELOAD_COLOUR = "#e8e8e8"
RACE_COLOUR = "#b22222"
SVG_SALT = "runstrong"
"""A fixed salt for the SVG's element ids: the same data draws the same bytes."""


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _marks(ax: Any, data: dict[str, Any], label: bool) -> None:
    """Deload weeks shaded, races as a red line, on one panel (labelled once, for the legend)."""
    for i, monday in enumerate(data["deloads"]):
        start = dt.datetime.combine(_day(monday), dt.time())
        ax.axvspan(
            start,
            start + dt.timedelta(days=7),
            color=DELOAD_COLOUR,
            zorder=0,
            label="deload week" if label and i == 0 else None,
        )
    for i, race in enumerate(data["races"]):
        ax.axvline(
            dt.datetime.combine(_day(race), dt.time(12)),
            color=RACE_COLOUR,
            linestyle="--",
            label="race" if label and i == 0 else None,
        )


def _stacked(ax: Any, data: dict[str, Any]) -> None:
    """The weekly session-RPE load, run at the bottom, then strength, then cross-training."""
    weeks = data["weeks"]
    centres = [week_centre(_day(w["monday"])) for w in weeks]
    bottom = [0.0] * len(weeks)
    for kind in ("run", "strength", "cross"):
        values = [w[kind] or 0.0 for w in weeks]
        ax.bar(centres, values, width=WEEK_BAR_DAYS, bottom=bottom, color=COLOURS[kind], label=kind)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylim(0, max([*bottom, 1.0]) * 1.15)
    ax.set_ylabel("load (RPE x min)")


def _trimp(ax: Any, data: dict[str, Any]) -> None:
    weeks = data["weeks"]
    ax.bar(
        [week_centre(_day(w["monday"])) for w in weeks],
        [w["trimp"]["total"] or 0.0 for w in weeks],
        width=WEEK_BAR_DAYS,
        color="#6a5acd",
        label="TRIMP",
    )
    ax.set_ylim(bottom=0)
    ax.set_ylabel("TRIMP (AU)")


def _ratios(ax: Any, data: dict[str, Any]) -> None:
    """Each week's rolling and EWMA ratio on its last day counted; gaps where none is given."""
    weeks = data["weeks"]
    days = [_day(w["monday"]) + dt.timedelta(days=6) for w in weeks]
    for key, style, label in (("acwr", "-", "rolling 7/28"), ("acwr_ewma", ":", "EWMA")):
        values = [float("nan") if w[key] is None else w[key] for w in weeks]
        ax.plot(days, values, linestyle=style, marker="o", markersize=3, label=label, color="k")
    ax.axhline(1.0, color="#999999", linewidth=0.8)
    ax.set_ylabel("acute:chronic")
    ax.text(
        0.0,
        -0.32,
        "descriptive only: not an injury predictor (Impellizzeri et al. 2020)",
        transform=ax.transAxes,
        fontsize=7,
    )


def load_chart(fmt: str, title: str, data: dict[str, Any]) -> bytes:
    """Draw the load view (runstrong.workload/1) as `fmt` ('png' or 'svg') bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"charts are drawn as {' or '.join(FORMATS)}, not {fmt!r}")
    weeks = data["weeks"]
    if not weeks:
        raise InputError("output", "nothing to draw: no weeks")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    panels = [_stacked]
    if any(w["trimp"]["total"] for w in weeks):
        panels.append(_trimp)
    if any(w["acwr"] is not None or w["acwr_ewma"] is not None for w in weeks):
        panels.append(_ratios)
    with matplotlib.rc_context({"svg.hashsalt": SVG_SALT}):
        fig, axes = plt.subplots(
            len(panels), 1, figsize=(8, 2.8 * len(panels)), squeeze=False, sharex=True
        )
        fig.suptitle(title)
        for n, (ax, draw) in enumerate(zip(axes[:, 0], panels, strict=True)):
            draw(ax, data)
            _marks(ax, data, label=n == 0)
            ax.grid(alpha=0.3)
            ax.legend(loc="lower right", bbox_to_anchor=(1, 1), ncol=5, fontsize=8, frameon=False)
        first = dt.datetime.combine(_day(weeks[0]["monday"]), dt.time()) - dt.timedelta(days=1)
        last = dt.datetime.combine(_day(weeks[-1]["monday"]), dt.time()) + dt.timedelta(days=8)
        axes[-1, 0].set_xlim(first, last)
        axes[-1, 0].xaxis.set_major_formatter(_date_formatter())
        fig.tight_layout()
        return _rendered(fig, fmt)


def _rendered(fig: Any, fmt: str) -> bytes:
    """The figure as bytes with no creation date in it (closed afterwards)."""
    import io

    from matplotlib import pyplot as plt

    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    try:
        fig.savefig(buffer, format=fmt, metadata=metadata)
    finally:
        plt.close(fig)
    return buffer.getvalue()
