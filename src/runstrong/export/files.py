"""Writing files to disk: never half-written (temp + fsync + rename), never clobbered without
force, never through a link or onto a device, pipe or anything else that is not a regular file."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from runstrong.errors import InputError, ref

FIELD = "output"


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
