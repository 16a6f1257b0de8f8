"""Progress charts: PNG/SVG files through matplotlib (imported only when a file is drawn), and a
compact chart for the terminal in unicode block characters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from runstrong.errors import InputError

BLOCKS = "▁▂▃▄▅▆▇█"
FORMATS = (".png", ".svg")


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


def check_output(path: str) -> str:
    """The file's format from its extension: png or svg, else an InputError on --output."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError("--output", f"'{path}' must end in .png or .svg")
    return suffix[1:]


def write_chart(
    path: str,
    title: str,
    panels: Sequence[tuple[str, Sequence[tuple[dt.date, float]], str]],
    bars: Sequence[tuple[dt.date, int, int]] = (),
) -> None:
    """Draw line panels (label, points, kind 'line' or 'bar') and a done-vs-planned panel."""
    fmt = check_output(path)
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    count = len(panels) + (1 if bars else 0)
    if count == 0:
        raise InputError("--output", "nothing to draw yet: log a session first")
    fig, axes = plt.subplots(count, 1, figsize=(8, 2.6 * count), squeeze=False)
    fig.suptitle(title)
    for ax, (label, points, kind) in zip(axes[:, 0], panels, strict=False):
        days = [d for d, _ in points]
        values = [v for _, v in points]
        if kind == "bar":
            ax.bar(days, values, width=5)
        else:
            ax.plot(days, values, marker="o", markersize=3)
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    if bars:
        ax = axes[-1, 0]
        days = [d for d, _, _ in bars]
        ax.bar(days, [p for _, _, p in bars], width=5, color="#cccccc", label="planned")
        ax.bar(days, [d for _, d, _ in bars], width=3, color="#2a7ab9", label="done")
        ax.set_ylabel("sessions / week")
        ax.legend(loc="upper left")
        ax.grid(alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    try:
        fig.savefig(path, format=fmt)
    except OSError as exc:
        raise InputError("--output", f"cannot write '{path}': {exc.strerror}") from None
    finally:
        plt.close(fig)
