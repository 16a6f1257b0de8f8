"""This machine's time zone, for the calendar export's default: the shell reads it, the export
is given its name."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def system_zone() -> str:
    """The IANA name of this machine's zone (TZ, /etc/localtime, /etc/timezone), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        if name and not name.startswith("/"):
            try:
                ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: TZ=Europe, a folder
                continue
            return name
    return "UTC"
