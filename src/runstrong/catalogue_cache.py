"""The exercise catalogue parsed and checked once, then read back from a cache by each process.

Parsing and checking `data/exercises.toml` took longer than the rest of `runstrong plan --format
json`. The checked catalogue is pickled to `catalogue.pickle` in the user's cache folder
(`RUNSTRONG_CACHE_DIR` overrides it) after what it was built from: the package and Python
versions, the code of the classes pickled and the contents of every file read; a change to any
of them rebuilds it, as does a cache that cannot be read or is corrupt. One that cannot be
written is skipped. Loading re-runs the checks across entries; only the catalogue's and the
model's classes (core/model.py and core/kit.py) are unpickled. The caller names the folder
(`default_folder` finds the usual one).
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from runstrong.core import catalogue as core_catalogue
from runstrong.core import kit, model
from runstrong.core.catalogue import Catalogue
from runstrong.version import __version__

ENV_DIR = "RUNSTRONG_CACHE_DIR"
FILE_NAME = "catalogue.pickle"
LAYOUT = 1
"""The cached file's layout: bump it when what is pickled changes shape."""


def default_folder(environ: Mapping[str, str]) -> Path | None:
    """The user's cache folder for runstrong: `RUNSTRONG_CACHE_DIR`, else XDG's on Linux (no
    platformdirs to import: it costs a tenth of a start-up), else the platform's; None when
    there is no home folder to put it in."""
    override = environ.get(ENV_DIR, "").strip()
    if override:
        return Path(override)
    if sys.platform.startswith("linux"):
        base = environ.get("XDG_CACHE_HOME", "").strip()
        if Path(base).is_absolute():
            return Path(base) / "runstrong"
        home = environ.get("HOME", "").strip()
        return Path(home) / ".cache" / "runstrong" if Path(home).is_absolute() else None
    import platformdirs

    return Path(platformdirs.user_cache_dir("runstrong", appauthor=False))


def load_catalogue(user_files: Iterable[tuple[str, str]] = (), *, folder: Path | None) -> Catalogue:
    """`core.catalogue.load_catalogue(user_files)` (the packaged catalogue plus the runner's own
    files, as (source name, TOML text)) through the cache in `folder` (None: no cache): the same
    catalogue, the same errors."""
    return _load(tuple(user_files), folder)


@functools.lru_cache(maxsize=4)
def _load(user_files: tuple[tuple[str, str], ...], folder: Path | None) -> Catalogue:
    """The catalogue for these files, parsed at most once per process and once per change."""
    if folder is None:
        return core_catalogue.load_catalogue(user_files)
    try:
        built_from = _sources(user_files)
    except OSError:  # a data file not on disk (a zipped install): parse it, as without a cache
        return core_catalogue.load_catalogue(user_files)
    path = folder / FILE_NAME
    found = _read(path, built_from)
    if found is not None:
        return found
    built = core_catalogue.load_catalogue(user_files)
    _write(path, built_from, built)
    return built


def _sources(user_files: tuple[tuple[str, str], ...]) -> tuple[object, ...]:
    """Everything the catalogue is built from, byte for byte: compared whole (no hash to
    collide, nor hashlib to import), so no edit to the data or the code goes unseen."""
    data = Path(core_catalogue.__file__).parent.parent / "data" / "exercises.toml"
    code = (Path(core_catalogue.__file__), Path(model.__file__), Path(kit.__file__))
    return (
        LAYOUT,
        __version__,
        sys.implementation.cache_tag,
        *(path.read_bytes() for path in (data, *code)),
        user_files,
    )


def _read(path: Path, built_from: tuple[object, ...]) -> Catalogue | None:
    """The cached catalogue when it was built from these very sources; None when it is
    missing, stale or broken."""
    try:
        with path.open("rb") as file:
            unpickler = _Unpickler(file)
            if unpickler.load() != built_from:
                return None
            found = unpickler.load()
    except Exception:  # a truncated or foreign file, or entries the checks now refuse
        return None
    return found if isinstance(found, Catalogue) else None


def _write(path: Path, built_from: tuple[object, ...], catalogue: Catalogue) -> None:
    """Store the catalogue after its sources, whole or not at all; a folder we cannot write to
    is skipped."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # it may hold their exercises
        with temporary.open("wb") as file:
            pickler = pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.dump(built_from)
            pickler.dump(catalogue)
        temporary.replace(path)
    except (OSError, pickle.PickleError):
        with contextlib.suppress(OSError):
            temporary.unlink()


class _Unpickler(pickle.Unpickler):
    """Unpickles only the catalogue and the model's classes: a planted file runs no code."""

    def find_class(self, module_name: str, name: str) -> Any:
        """The class named, when it is the Catalogue or a class defined in the model (or in the
        kit, the part of the model `load` starts with)."""
        if (module_name, name) == (Catalogue.__module__, "Catalogue"):
            return Catalogue
        source = {model.__name__: model, kit.__name__: kit}.get(module_name)
        found = getattr(source, name, None)
        if isinstance(found, type) and found.__module__ == module_name:
            return found
        raise pickle.UnpicklingError(f"{module_name}.{name} is not allowed in the cache")
