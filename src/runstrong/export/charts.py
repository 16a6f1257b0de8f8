"""Progress charts: PNG/SVG bytes through matplotlib (imported only when a chart is drawn; the
shell writes the file), and a compact chart for the terminal in unicode block characters."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any

from runstrong.errors import InputError

BLOCKS = "▁▂▃▄▅▆▇█"
FORMATS = ("png", "svg")


def sparkline(values: Sequence[float], width: int = 60) -> str:
    """One line of block characters, lowest value ▁ and highest █; the last `width` values."""
    shown = list(values)[-width:]
    if not shown:
        return ""
    low, high = min(shown), max(shown)
    span = high - low
    if span == 0:
        return BLOCKS[len(BLOCKS) // 2] * len(shown)
    top = len(BLOCKS) - 1
    return "".join(BLOCKS[round((v - low) / span * top)] for v in shown)


def terminal_chart(
    title: str, points: Sequence[tuple[dt.date, float]], unit: str = "", width: int = 60
) -> str:
    """`title`, a sparkline, and the first and last points with the range; '' with no points."""
    if not points:
        return f"{title}: nothing logged yet\n"
    shown = list(points)[-width:]
    values = [v for _, v in shown]
    suffix = f" {unit}" if unit else ""
    first, last = shown[0], shown[-1]
    return (
        f"{title} ({first[0]} to {last[0]}, {len(shown)} points)\n"
        f"  {sparkline(values, width)}\n"
        f"  from {first[1]:g}{suffix} to {last[1]:g}{suffix}; "
        f"low {min(values):g}{suffix}, high {max(values):g}{suffix}\n"
    )


WEEK_BAR_DAYS = 5.0
"""Width of a week's bar in days: most of the week, so neighbouring weeks stand apart."""
DONE_BAR_DAYS = 3.0
"""Width of the 'done' bar drawn inside the 'planned' one."""
MIN_SPAN_DAYS = 14
"""The shortest x axis: one week's bar is never stretched across the whole chart."""
LABEL_WEEKS = 26
"""Up to this many weeks, each sessions bar is labelled 'done/planned'."""


def week_centre(monday: dt.date) -> dt.datetime:
    """Where a week's bar is centred: halfway through Monday..Sunday (Thursday noon)."""
    return dt.datetime.combine(monday, dt.time()) + dt.timedelta(days=3.5)


def x_range(days: Sequence[dt.date], mondays: Sequence[dt.date]) -> tuple[dt.datetime, dt.datetime]:
    """The shared x axis: every point and every whole week with a day to spare, widened evenly
    to at least MIN_SPAN_DAYS."""
    starts = [dt.datetime.combine(d, dt.time()) for d in [*days, *mondays]]
    ends = [dt.datetime.combine(d, dt.time()) for d in days]
    ends += [dt.datetime.combine(m, dt.time()) + dt.timedelta(days=7) for m in mondays]
    first = min(starts) - dt.timedelta(days=1)
    last = max(ends) + dt.timedelta(days=1)
    short = dt.timedelta(days=MIN_SPAN_DAYS) - (last - first)
    if short > dt.timedelta(0):
        first, last = first - short / 2, last + short / 2
    return first, last


def date_labels(days: Sequence[dt.date]) -> list[str]:
    """Tick labels: '23 Nov' (or 'Dec' when every tick is the 1st), with the year under the
    first tick and under each tick where a new year starts."""
    fmt = "%b" if days and all(d.day == 1 for d in days) else "%d %b"
    labels, year = [], None
    for d in days:
        label = d.strftime(fmt)
        if d.year != year:
            label, year = f"{label}\n{d.year}", d.year
        labels.append(label)
    return labels


def _date_formatter() -> object:
    """A matplotlib tick formatter writing `date_labels` (built here: matplotlib is lazy)."""
    from typing import cast

    from matplotlib import dates as mdates
    from matplotlib.ticker import Formatter

    num2date = cast("Callable[[float], dt.datetime]", mdates.num2date)

    class Dates(Formatter):
        def __call__(self, x: float, pos: int | None = None) -> str:  # noqa: ARG002
            return date_labels([num2date(x).date()])[0]

        def format_ticks(self, values: Sequence[float]) -> list[str]:
            return date_labels([num2date(v).date() for v in values])

    return Dates()


def _mark_held(ax: Any, held: Sequence[tuple[dt.date, float]]) -> None:
    """Hollow markers on a 1RM line for the sessions that kept it, with a legend above."""
    ax.plot(
        [d for d, _ in held],
        [v for _, v in held],
        linestyle="none",
        marker="o",
        markersize=7,
        markerfacecolor="white",
        color="#2a7ab9",
        label="held",
    )
    ax.legend(loc="lower right", bbox_to_anchor=(1, 1), ncol=2, fontsize=8, frameon=False)


def _date_axis(
    bottom: Any,
    panels: Sequence[tuple[str, Sequence[tuple[dt.date, float]], str]],
    bars: Sequence[tuple[dt.date, int, int]],
) -> None:
    """The shared date axis: every point and week of every panel, with readable labels."""
    days = [d for _, points, kind in panels if kind != "bar" for d, _ in points]
    mondays = [d for _, points, kind in panels if kind == "bar" for d, _ in points]
    mondays += [d for d, _, _ in bars]
    if days or mondays:
        bottom.set_xlim(*x_range(days, mondays))
    bottom.xaxis.set_major_formatter(_date_formatter())


def _rendered(fig: Any, fmt: str) -> bytes:
    """The figure as PNG or SVG bytes (closed afterwards)."""
    from matplotlib import pyplot as plt

    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format=fmt)
    finally:
        plt.close(fig)
    return buffer.getvalue()


def chart_bytes(
    fmt: str,
    title: str,
    panels: Sequence[tuple[str, Sequence[tuple[dt.date, float]], str]],
    bars: Sequence[tuple[dt.date, int, int]] = (),
    held: Sequence[tuple[dt.date, float]] = (),
) -> bytes:
    """Draw panels (label, points, kind 'line' for dated points or 'bar' for weekly totals keyed
    by Monday) and a sessions done-vs-planned panel (Monday, done, planned), on one date axis,
    as `fmt` ('png' or 'svg') bytes. `held` marks, on the first line panel, the sessions that
    kept the 1RM (hollow markers)."""
    if fmt not in FORMATS:
        raise ValueError(f"charts are drawn as {' or '.join(FORMATS)}, not {fmt!r}")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    count = len(panels) + (1 if bars else 0)
    if count == 0:
        raise InputError("output", "nothing to draw yet: log a session first")
    fig, axes = plt.subplots(count, 1, figsize=(8, 2.6 * count), squeeze=False, sharex=True)
    fig.suptitle(title)
    for ax, (label, points, kind) in zip(axes[:, 0], panels, strict=False):
        values = [v for _, v in points]
        if kind == "bar":
            ax.bar([week_centre(d) for d, _ in points], values, width=WEEK_BAR_DAYS)
            ax.set_ylim(bottom=0)
        else:
            ax.plot([d for d, _ in points], values, marker="o", markersize=4, label="new 1RM")
            ax.margins(y=0.15)
            if held and kind == "line":
                _mark_held(ax, held)
                held = ()
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    if bars:
        ax = axes[-1, 0]
        centres = [week_centre(d) for d, _, _ in bars]
        planned = [p for _, _, p in bars]
        done = [d for _, d, _ in bars]
        ax.bar(centres, planned, width=WEEK_BAR_DAYS, color="#cccccc", label="planned")
        ax.bar(centres, done, width=DONE_BAR_DAYS, color="#2a7ab9", label="done")
        if len(bars) <= LABEL_WEEKS:
            for x, d, p in zip(centres, done, planned, strict=True):
                label = f"{d}/{p}" if p else f"{d}"
                ax.text(x, max(d, p), label, ha="center", va="bottom", fontsize=7)
        ax.set_ylim(0, max([*planned, *done, 1]) * 1.2)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("sessions / week")
        # Above the panel, so it never hides a bar or its label.
        ax.legend(loc="lower right", bbox_to_anchor=(1, 1), ncol=2, fontsize=8, frameon=False)
        ax.grid(alpha=0.3)
    _date_axis(axes[-1, 0], panels, bars)
    fig.tight_layout()
    return _rendered(fig, fmt)
