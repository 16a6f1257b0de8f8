"""The exercise catalogue parsed and checked once, then read back from a cache by each process.

Parsing and checking `data/exercises.toml` took longer than the rest of `runstrong plan --format
json`. The checked catalogue is pickled to `catalogue.pickle` in the user's cache folder
(`RUNSTRONG_CACHE_DIR` overrides it), under a key made of the package version, Python's version,
the code of the classes pickled and the contents of every file read: a change to any of them
rebuilds it. A cache that cannot be read, is stale, or is corrupt is rebuilt; one that cannot be
written is skipped. Loading re-runs the checks across entries; only classes of the catalogue and
the model are unpickled.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from runstrong.core import catalogue as core_catalogue
from runstrong.core import model
from runstrong.core.catalogue import Catalogue
from runstrong.version import __version__

ENV_DIR = "RUNSTRONG_CACHE_DIR"
FILE_NAME = "catalogue.pickle"
LAYOUT = 1
"""The cached file's layout: bump it when what is pickled changes shape."""


def cache_dir() -> Path:
    """The user's cache folder for runstrong (XDG on Linux; platformdirs elsewhere, imported only
    there since it costs a tenth of a start-up)."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        root = Path(base) if Path(base).is_absolute() else Path.home() / ".cache"
        return root / "runstrong"
    import platformdirs

    return Path(platformdirs.user_cache_dir("runstrong", appauthor=False))


def load_catalogue(user_files: Iterable[tuple[str, str]] = ()) -> Catalogue:
    """`core.catalogue.load_catalogue(user_files)` (the packaged catalogue plus the runner's own
    files, as (source name, TOML text)), through the cache: the same catalogue, the same errors."""
    return _load(tuple(user_files))


@functools.lru_cache(maxsize=4)
def _load(user_files: tuple[tuple[str, str], ...]) -> Catalogue:
    """The catalogue for these files, parsed at most once per process and once per change."""
    try:
        key = _key(user_files)
        path = cache_dir() / FILE_NAME
    except (OSError, RuntimeError):  # a data file not on disk (a zipped install), no home folder
        return core_catalogue.load_catalogue(user_files)
    found = _read(path, key)
    if found is not None:
        return found
    built = core_catalogue.load_catalogue(user_files)
    _write(path, key, built)
    return built


def _key(user_files: tuple[tuple[str, str], ...]) -> bytes:
    """What the cached catalogue depends on: every byte of it (hashed), so no edit goes unseen."""
    digest = hashlib.sha256()
    data = Path(core_catalogue.__file__).parent.parent / "data" / "exercises.toml"
    code = (Path(core_catalogue.__file__), Path(model.__file__))
    parts = [
        f"{LAYOUT} {__version__} {sys.implementation.cache_tag} {pickle.HIGHEST_PROTOCOL}".encode(),
        *(path.read_bytes() for path in (data, *code)),
    ]
    for source, text in user_files:
        parts += [source.encode("utf-8", "surrogatepass"), text.encode("utf-8", "surrogatepass")]
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.digest()


def _read(path: Path, key: bytes) -> Catalogue | None:
    """The cached catalogue when it was stored under `key`; None when missing, stale or broken."""
    try:
        with path.open("rb") as file:
            if file.read(len(key)) != key:
                return None
            found = _Unpickler(file).load()
    except Exception:  # a truncated or foreign file, or entries the checks now refuse
        return None
    return found if isinstance(found, Catalogue) else None


def _write(path: Path, key: bytes, catalogue: Catalogue) -> None:
    """Store the catalogue under `key`, whole or not at all; a folder we cannot write is skipped."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as file:
            file.write(key)
            pickle.dump(catalogue, file, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


class _Unpickler(pickle.Unpickler):
    """Unpickles only the catalogue and the model's classes: a planted file runs no code."""

    def find_class(self, module_name: str, name: str) -> Any:
        """The class named, when it is the Catalogue or a class defined in the model."""
        if (module_name, name) == (Catalogue.__module__, "Catalogue"):
            return Catalogue
        found = getattr(model, name, None) if module_name == model.__name__ else None
        if isinstance(found, type) and found.__module__ == model.__name__:
            return found
        raise pickle.UnpicklingError(f"{module_name}.{name} is not allowed in the cache")
