"""Exports of a `runstrong.plan/1` dict: Markdown, CSV, iCalendar, Garmin FIT workouts, PDF.

`export()` renders and writes; the render functions are pure (plan dict in, text or bytes out).
The heavy libraries (icalendar, garmin-fit-sdk, fpdf2) load only when their format is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runstrong.errors import InputError, ref

FORMATS = ("md", "csv", "ics", "fit", "pdf")


def render(
    plan: dict[str, Any],
    fmt: str,
    *,
    time_of_day: str | None = None,
    tz: str | None = None,
    owner: str | None = None,
) -> bytes | dict[str, bytes]:
    """The export as bytes, or for fit a file name -> bytes mapping (one workout per session)."""
    if fmt == "md":
        from runstrong.export.tabular import markdown_text

        return markdown_text(plan).encode("utf-8")
    if fmt == "csv":
        from runstrong.export.tabular import BOM, csv_text

        return (BOM + csv_text(plan)).encode("utf-8")
    if fmt == "ics":
        from runstrong.export.ics import ics_bytes

        return ics_bytes(plan, time_of_day=time_of_day, tz=tz, owner=owner)
    if fmt == "fit":
        from runstrong.export.fit import workout_files

        return workout_files(plan)
    if fmt == "pdf":
        from runstrong.export.pdf import pdf_bytes

        return pdf_bytes(plan)
    raise InputError("format", f"one of {', '.join(FORMATS)} is needed; got '{fmt}'")


def export(
    plan: dict[str, Any],
    fmt: str,
    output: str | None,
    *,
    force: bool = False,
    time_of_day: str | None = None,
    tz: str | None = None,
    owner: str | None = None,
) -> str | None:
    """Render `plan` as `fmt` and write it to `output` (a file; a folder for fit).

    With no output (or '-'), md, csv and ics come back as text for the caller to print; pdf and
    fit need a place on disk. Existing files are kept unless `force`; every file is written
    atomically. Returns the text to print, or None when files were written.
    """
    from runstrong.export import files

    if fmt not in FORMATS:
        raise InputError("format", f"one of {', '.join(FORMATS)} is needed; got '{fmt}'")
    to_stdout = output is None or output == "-"
    if to_stdout and fmt == "pdf":
        raise InputError(
            "output", f"pdf needs {ref('output')} FILE", f"e.g. {ref('output')} plan.pdf"
        )
    if to_stdout and fmt == "fit":
        raise InputError(
            "output",
            f"fit needs {ref('output')} FOLDER (one .fit file per session)",
            "e.g. workouts/",
        )
    if output is not None and not to_stdout:
        _check_shape(fmt, output)
    rendered = render(plan, fmt, time_of_day=time_of_day, tz=tz, owner=owner)
    if isinstance(rendered, dict):
        assert output is not None
        files.write_folder(output, rendered, force)
        return None
    if to_stdout or output is None:
        return rendered.decode("utf-8-sig")  # a terminal or a pipe wants no byte-order mark
    files.write_file(output, rendered, force)
    return None


def _check_shape(fmt: str, output: str) -> None:
    """Catch a folder given for a file (and vice versa) before any rendering work."""
    path = Path(output)
    if fmt == "fit" and path.exists() and not path.is_dir():
        raise InputError("output", f"'{output}' is a file; give a folder for one file per session")
    if fmt != "fit" and path.is_dir():
        raise InputError("output", f"'{output}' is a folder; give a file name")
