"""Writing --output to disk: never half-written (temp + fsync + rename), never clobbered without
--force, never through a link or onto a device, pipe or anything else that is not a regular file.

The exports and charts only render bytes (runstrong.export); this shell checks where they go
and writes them.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runstrong.errors import InputError, ref

if TYPE_CHECKING:
    from runstrong.core.catalogue import Catalogue

FIELD = "output"
CHARTS = (".png", ".svg")


def _problem(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse_existing(path: Path, shown: str, force: bool) -> None:
    """Refuse an existing target without force, and anything but a regular file even with it:
    links are never followed (nor replaced), devices and pipes never written."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return  # nothing there: the folder check says what is wrong
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        problem = _problem(exc) if isinstance(exc, OSError) else str(exc)
        raise InputError(FIELD, f"cannot use '{shown}': {problem}") from None
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise InputError(FIELD, f"'{shown}' is {kind}, not a regular file", "give another name")
    if not force:
        raise InputError(FIELD, f"'{shown}' exists", f"add {ref('force')} to overwrite it")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _temp(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` to a hidden temp file in `folder` (same file system, so rename is atomic)."""
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(FIELD, f"cannot write to '{folder}': {_problem(exc)}") from None
    try:
        # mkstemp makes the file private (0600); give it the mode any new file would get.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # a full disk shows here, before the rename
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(FIELD, f"cannot write to '{folder}': {_problem(exc)}") from None
    return Path(tmp)


def _commit(pairs: list[tuple[Path, Path]]) -> None:
    """Rename every temp file onto its target; on failure remove the temps not yet renamed."""
    for done, (tmp, target) in enumerate(pairs):
        try:
            tmp.replace(target)
        except OSError as exc:
            for left, _ in pairs[done:]:
                left.unlink(missing_ok=True)
            raise InputError(FIELD, f"cannot write '{target}': {_problem(exc)}") from None


def check_target(output: str, force: bool) -> None:
    """Refuse `output` before any work is done: an existing file without force, a folder, a link
    or anything else that is not a regular file."""
    path = Path(output)
    try:
        folder = path.is_dir() and not path.is_symlink()
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte, a loop of links...
        problem = _problem(exc) if isinstance(exc, OSError) else str(exc)
        raise InputError(FIELD, f"cannot use '{output}': {problem}") from None
    if folder:
        raise InputError(FIELD, f"'{output}' is a folder; give a file name")
    _refuse_existing(path, output, force)


def write_file(output: str, data: bytes, force: bool) -> Path:
    """Write one file atomically, refusing to overwrite without force."""
    path = Path(output)
    check_target(output, force)
    folder = path.parent
    if not folder.is_dir():
        raise InputError(FIELD, f"folder '{folder}' does not exist")
    if len(path.name.encode()) > 200:  # the temp file's name adds a few characters
        raise InputError(FIELD, f"'{output}': the file name is too long")
    _commit([(_temp(folder, path.name, data), path)])
    return path


def write_folder(output: str, files: dict[str, bytes], force: bool) -> list[Path]:
    """Write several files into a folder (created if missing), all checked before any is written."""
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise InputError(FIELD, f"'{output}' is a file; give a folder for one file per session")
    for name in files:
        if os.path.lexists(folder / name):
            _refuse_existing(folder / name, str(folder / name), force=True)
    clashes = [name for name in files if os.path.lexists(folder / name)]
    if clashes and not force:
        more = f" and {len(clashes) - 1} more files" if len(clashes) > 1 else ""
        verb = "already exist" if more else "already exists"
        raise InputError(
            FIELD, f"'{folder / clashes[0]}'{more} {verb}", f"add {ref('force')} to overwrite them"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(FIELD, f"cannot create folder '{output}': {_problem(exc)}") from None
    pairs: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            pairs.append((_temp(folder, name, data), folder / name))
    except InputError:
        for tmp, _ in pairs:
            tmp.unlink(missing_ok=True)
        raise
    _commit(pairs)
    return [target for _, target in pairs]


def export(
    plan: dict[str, Any],
    fmt: str,
    output: str | None,
    *,
    force: bool = False,
    time_of_day: str | None = None,
    tz: str | None = None,
    owner: str | None = None,
    catalogue: Catalogue | None = None,
    stamp: dt.datetime | None = None,
) -> str | None:
    """Render `plan` as `fmt` and write it to `output` (a file; a folder for fit).

    With no output (or '-'), md, csv and ics come back as text for the caller to print; pdf and
    fit need a place on disk. Existing files are kept unless `force`; every file is written
    atomically. ics events are in `tz`, else this machine's zone, stamped `stamp`, else now.
    Returns the text to print, or
    None when files were written.
    """
    from runstrong.cli import zone
    from runstrong.export import FORMATS, render

    if fmt not in FORMATS:
        raise InputError("format", f"one of {', '.join(FORMATS)} is needed; got '{fmt}'")
    to_stdout = output is None or output == "-"
    if to_stdout and fmt == "pdf":
        raise InputError(FIELD, f"pdf needs {ref('output')} FILE", f"e.g. {ref('output')} plan.pdf")
    if to_stdout and fmt == "fit":
        raise InputError(
            FIELD, f"fit needs {ref('output')} FOLDER (one .fit file per session)", "e.g. workouts/"
        )
    if output is not None and not to_stdout:
        _check_shape(fmt, output)
    if fmt == "ics":
        tz = zone.system_zone() if tz is None else tz
        stamp = dt.datetime.now(dt.UTC) if stamp is None else stamp
    rendered = render(
        plan, fmt, time_of_day=time_of_day, tz=tz, owner=owner, stamp=stamp, catalogue=catalogue
    )
    if isinstance(rendered, dict):
        assert output is not None
        write_folder(output, rendered, force)
        return None
    if to_stdout or output is None:
        return rendered.decode("utf-8-sig")  # a terminal or a pipe wants no byte-order mark
    write_file(output, rendered, force)
    return None


def _check_shape(fmt: str, output: str) -> None:
    """Catch a folder given for a file (and vice versa) before any rendering work."""
    path = Path(output)
    if fmt == "fit" and path.exists() and not path.is_dir():
        raise InputError(FIELD, f"'{output}' is a file; give a folder for one file per session")
    if fmt != "fit" and path.is_dir():
        raise InputError(FIELD, f"'{output}' is a folder; give a file name")


def chart_format(output: str) -> str:
    """The chart's format from the file's extension: png or svg."""
    suffix = Path(output).suffix.lower()
    if suffix not in CHARTS:
        raise InputError(FIELD, f"'{output}' must end in .png or .svg")
    return suffix[1:]
