"""Exports of a `runstrong.plan/1` dict: Markdown, CSV, iCalendar, Garmin FIT workouts, PDF.

Pure: a plan dict in, bytes out; no files written, no environment read (the shells do that:
runstrong.cli.files writes --output). The heavy libraries (icalendar, garmin-fit-sdk, fpdf2)
load only when their format is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runstrong.errors import InputError

if TYPE_CHECKING:
    import datetime as dt

    from runstrong.core.catalogue import Catalogue

FORMATS = ("md", "csv", "ics", "fit", "pdf")


def render(
    plan: dict[str, Any],
    fmt: str,
    *,
    time_of_day: str | None = None,
    tz: str | None = None,
    owner: str | None = None,
    stamp: dt.datetime | None = None,
    catalogue: Catalogue | None = None,
) -> bytes | dict[str, bytes]:
    """The export as bytes, or for fit a file name -> bytes mapping (one workout per session).

    ics: events at `time_of_day` (default 18:00) in the IANA zone `tz` (default UTC), keyed by
    `owner` (the athlete) so two athletes' events never share a UID, stamped `stamp` (required:
    the moment of the export, which no export reads from a clock). With a `catalogue`, each
    exercise comes with its coaching cues.
    """
    if catalogue is not None:
        from runstrong.present.prescription import with_cues

        plan = with_cues(plan, catalogue)
    if fmt == "md":
        from runstrong.export.tabular import markdown_text

        return markdown_text(plan).encode("utf-8")
    if fmt == "csv":
        from runstrong.export.tabular import BOM, csv_text

        return (BOM + csv_text(plan)).encode("utf-8")
    if fmt == "ics":
        from runstrong.export.ics import ics_bytes

        if stamp is None:
            raise ValueError("an ics export needs stamp, the moment it is made (DTSTAMP)")
        return ics_bytes(plan, stamp=stamp, time_of_day=time_of_day, tz=tz, owner=owner)
    if fmt == "fit":
        from runstrong.export.fit import workout_files

        return workout_files(plan)
    if fmt == "pdf":
        from runstrong.export.pdf import pdf_bytes

        return pdf_bytes(plan, stamp)
    raise InputError("format", f"one of {', '.join(FORMATS)} is needed; got '{fmt}'")
