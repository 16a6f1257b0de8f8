"""Settings and the Context: the one place the environment and the config folder are read.

Each shell builds one `Context` (the CLI in `main`, the web app in its lifespan) and passes it
to every use-case in `runstrong.app`; nothing below this layer reads the environment. The
runner's files live in the config folder (platformdirs; `RUNSTRONG_CONFIG_DIR` overrides it):
`config.toml` ([setups.NAME] equipment lists, [implements.kg] / [implements.lb]) and
`exercises.toml` (the runner's own exercises, same format as the catalogue), each read once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from runstrong.core import inputs, loads
from runstrong.core.kit import Equipment, Implements, Units
from runstrong.errors import InputError, worded

if TYPE_CHECKING:
    from pathlib import Path

    from runstrong.core.catalogue import Catalogue
    from runstrong.storage.db import Database

SETUP_KEYS = frozenset({"description", "equipment"})
MAX_SETUP_NAME = 40
"""A setup's name is stored with each athlete using it: at most the column's 40 characters."""
MAX_EXERCISE_ID = 80
"""An exercise id is stored with every logged set: at most the column's 80 characters."""


@dataclass(frozen=True)
class Setup:
    """A named equipment profile."""

    name: str
    description: str
    equipment: frozenset[Equipment]


def read_toml(path: str | Path, field: str | None = None) -> dict[str, Any]:
    """A TOML file as a dict, or an InputError naming the flag (or file) and the problem."""
    from pathlib import Path  # here, as each use of it: `load` with no config.toml needs none

    name = field or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:  # ValueError: undecodable text or a NUL in the name
        raise InputError(name, f"cannot read '{path}': {exc}") from None
    return parse_toml(text, str(path), name)


def parse_toml(text: str, shown: str, field: str) -> dict[str, Any]:
    """TOML text as a dict; bad TOML, a number of thousands of digits or nesting too deep for
    the parser is an InputError naming the field."""
    import tomllib  # here, not at the top: `runstrong load` without a config.toml reads no TOML

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(field, f"'{shown}' is not valid TOML: {exc}") from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise InputError(field, f"'{shown}' holds a value TOML cannot read: {exc}") from None
    except RecursionError:
        raise InputError(field, f"'{shown}' is nested too deeply") from None


ENV_CONFIG_DIR = "RUNSTRONG_CONFIG_DIR"
ENV_DATA_DIR = "RUNSTRONG_DATA_DIR"
ENV_DATABASE_URL = "RUNSTRONG_DATABASE_URL"
ENV_LOCK_TIMEOUT = "RUNSTRONG_DATABASE_TIMEOUT"
ENV_CONNECT_TIMEOUT = "RUNSTRONG_CONNECT_TIMEOUT"
ENV_WEB_THREADS = "RUNSTRONG_WEB_THREADS"
"""Requests each web worker runs at once (`runstrong serve --threads` sets it for them)."""
ENV_SECRET_KEY = "RUNSTRONG_SECRET_KEY"
ENV_JOBS = "RUNSTRONG_JOBS"
"""`on` (the default) or `off`: whether each web worker runs background jobs in a thread."""
DATABASE_FILE = "runstrong.db"
MAX_TIMEOUT_S = 3600


@dataclass(frozen=True)
class Settings:
    """Where the runner's files and logbook are, and how long to wait for the database.

    None means the default: the platform's config and data folders, the SQLite file, the
    storage layer's waits. Timeouts stay text until the database opens, so a bad one fails the
    commands that use the database only.
    """

    config_dir: Path | None = None
    data_dir: Path | None = None
    database_url: str | None = None
    connect_timeout: str | None = None
    lock_timeout: str | None = None
    secret_key: str | None = None
    """Signs the web app's pre-sign-in forms; servers behind one proxy must share it."""

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from the RUNSTRONG_* variables."""
        env = os.environ if environ is None else environ

        def text(name: str) -> str | None:
            return env.get(name, "").strip() or None

        config, data = text(ENV_CONFIG_DIR), text(ENV_DATA_DIR)
        return cls(
            config_dir=_path(config),
            data_dir=_path(data),
            database_url=text(ENV_DATABASE_URL),
            connect_timeout=text(ENV_CONNECT_TIMEOUT),
            lock_timeout=text(ENV_LOCK_TIMEOUT),
            secret_key=text(ENV_SECRET_KEY),
        )

    def config_folder(self) -> Path:
        """Where the runner's own files live."""
        return self.config_dir or _platform_dir("config")

    def data_folder(self) -> Path:
        """Where the logbook (SQLite) and the web app's key file live."""
        return self.data_dir or _platform_dir("data")

    def secret(self) -> bytes:
        """The key signing the web app's pre-sign-in forms: RUNSTRONG_SECRET_KEY, else a file
        made once in the data folder (`serve` makes it before its workers start, so they all
        share it; servers behind one proxy need the variable)."""
        if self.secret_key:
            return self.secret_key.encode()
        path = self.data_folder() / "web-secret"
        try:
            return path.read_bytes().strip()
        except FileNotFoundError:
            import secrets

            path.parent.mkdir(parents=True, exist_ok=True)
            key = secrets.token_hex(32).encode()
            path.touch(mode=0o600, exist_ok=True)
            path.write_bytes(key)
            return key

    def database(self, url: str | None = None) -> str:
        """The logbook's URL: `url`, else the configured one, else the SQLite file."""
        if url or self.database_url:
            return str(url or self.database_url)
        return f"sqlite:///{self.data_folder() / DATABASE_FILE}"

    def waits(self) -> tuple[int | None, int | None]:
        """Connect and lock timeouts in seconds (None: the default), each checked."""
        return (
            _seconds(self.connect_timeout, ENV_CONNECT_TIMEOUT),
            _seconds(self.lock_timeout, ENV_LOCK_TIMEOUT),
        )


def _path(text: str | None) -> Path | None:
    """A folder given as text, as a Path; None when not given."""
    if not text:
        return None
    from pathlib import Path

    return Path(text)


def _platform_dir(kind: str) -> Path:
    """The platform's folder for runstrong's config or data."""
    from pathlib import Path

    return Path(_platform_folder(kind))


def _platform_folder(kind: str) -> str:
    """The platform's folder for runstrong's config or data, as text: on Linux the XDG folders
    (what platformdirs answers there, without importing it on every start), else platformdirs."""
    if sys.platform.startswith("linux"):
        name, default = (
            ("XDG_CONFIG_HOME", ".config")
            if kind == "config"
            else (
                "XDG_DATA_HOME",
                ".local/share",
            )
        )
        # os.path, not pathlib: importing pathlib (and the urllib.parse and ipaddress it pulls in)
        # takes 2.6 ms beside 9.5 ms for `python -c pass` (python -X importtime, issue 11 part 9).
        base = os.environ.get(name, "").strip()
        absolute = base and os.path.isabs(base)  # noqa: PTH117
        root = base if absolute else os.path.join(_home(), default)  # noqa: PTH118
        return os.path.join(root, "runstrong")  # noqa: PTH118
    import platformdirs

    find = platformdirs.user_config_dir if kind == "config" else platformdirs.user_data_dir
    return find("runstrong")


def _home() -> str:
    """The home folder, as Path.home() finds it (and fails where it cannot)."""
    home = os.path.expanduser("~")  # noqa: PTH111 (see _platform_folder)
    if home.startswith("~"):
        raise RuntimeError("Could not determine home directory.")
    return home


def _seconds(raw: str | None, name: str) -> int | None:
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_TIMEOUT_S:
        shown = raw if len(raw) <= 20 else raw[:20] + "..."
        raise InputError(name, f"must be whole seconds 1-{MAX_TIMEOUT_S}; got '{shown}'")
    return int(raw)


@dataclass
class Context:
    """What every use-case needs, built once per shell: settings, the catalogue (built-in plus
    the runner's own, parsed once), set-ups, implements and the logbook's database (opened on
    first use). Each part loads lazily, so a command pays only for what it uses."""

    settings: Settings
    database_url: str | None = None
    _database: Database | None = field(default=None, repr=False)
    words: Callable[[str], str] = field(default=worded, repr=False)
    """The shell's wording of the fields and actions a warning marks (neutral by default)."""

    @classmethod
    def from_environment(cls, database_url: str | None = None) -> Context:
        """The CLI's context: settings from the environment."""
        return cls(Settings.from_environment(), database_url)

    @cached_property
    def config(self) -> dict[str, Any]:
        """The runner's config.toml, or nothing when there is none."""
        if _absent(self.settings, "config.toml"):  # `load` with no config.toml: no pathlib
            return {}
        path = self.settings.config_folder() / "config.toml"
        if not path.exists():
            return {}
        data = read_toml(path)
        unknown = set(data) - {"setups", "implements"}
        if unknown:
            raise InputError(
                f"{path}: [{sorted(unknown)[0]}]", "unknown table; allowed: setups, implements"
            )
        return data

    @cached_property
    def catalogue(self) -> Catalogue:
        """The packaged catalogue plus the runner's own exercises file, if any."""
        return _catalogue(self.settings.config_folder() / "exercises.toml")

    @cached_property
    def setups(self) -> dict[str, Setup]:
        """The packaged setups, with the runner's own added or redefined."""
        import tomllib  # here, not at the top: see parse_toml
        from pathlib import Path

        res = Path(__file__).parent / "data" / "setups.toml"  # a namespace package: no lookup
        found = _parse_setups(tomllib.loads(res.read_text(encoding="utf-8")), "setups.toml")
        where = str(self.settings.config_folder() / "config.toml")
        own = self.config.get("setups", {})
        if not isinstance(own, dict):
            raise InputError(f"{where}: [setups]", "must be a table of setups")
        found.update(_parse_setups(own, where))
        return found

    def setup(self, name: str, field: str = "setup") -> Setup:
        """One setup by name, or an InputError listing the known ones."""
        known = self.setups
        if name not in known:
            allowed = ", ".join(sorted(known))
            raise InputError(field, f"'{name}' is not allowed; allowed: {allowed}")
        return known[name]

    def implements(self, units: Units) -> Implements:
        """The runner's bar, plates, dumbbells and kettlebells in these units."""
        table = self.config.get("implements", {})
        own = table.get(units.value) if isinstance(table, dict) else None
        if own is None:
            return loads.default_implements(units)
        if not isinstance(own, dict):
            raise InputError(f"config.toml: [implements.{units.value}]", "must be a table")
        return loads.parse_implements(own, units, "config.toml")

    def use_database(self, url: str) -> None:
        """Point at another logbook (a shell's `--database`), closing one already open."""
        if url != self.database_url:
            self.close()
            self.database_url = url

    @property
    def db(self) -> Database:
        """The logbook, opened on first use (a read never creates it: storage/db.py)."""
        if self._database is None:
            from runstrong.storage.db import Timeouts, connect

            url = self.settings.database(self.database_url)
            connect_s, lock_s = self.settings.waits()
            default = Timeouts()
            waits = Timeouts(connect_s or default.connect, lock_s or default.lock)
            self._database = connect(url, create=False, limits=waits)
        return self._database

    def close(self) -> None:
        """Close the database, if it was opened."""
        if self._database is not None:
            self._database.close()
            self._database = None


def _parse_setups(data: dict[str, Any], source: str) -> dict[str, Setup]:
    """Validate setup tables: each needs an `equipment` list from the closed list."""
    setups = {}
    for name, table in data.items():
        field = f"{source}: [setups.{name}]" if source != "setups.toml" else f"{source}: [{name}]"
        if not 1 <= len(name) <= MAX_SETUP_NAME or not name.isprintable():
            raise InputError(
                f"{source}: [setups]",
                f"a setup name must be 1-{MAX_SETUP_NAME} printable characters; "
                f"got '{inputs.shown(name)}'",
            )
        if not isinstance(table, dict):
            raise InputError(field, "must be a table with an equipment list")
        unknown = set(table) - SETUP_KEYS
        if unknown:
            raise InputError(
                f"{field}.{sorted(unknown)[0]}", "unknown key; allowed: description, equipment"
            )
        items = table.get("equipment")
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise InputError(f"{field}.equipment", "must be a list of equipment names")
        kit = inputs.choices(Equipment, ",".join(items) or "none", f"{field}.equipment")
        description = str(table.get("description", ""))
        setups[name] = Setup(name, description, kit - {Equipment.NONE})
    return setups


def _absent(settings: Settings, name: str) -> bool:
    """True when the config folder surely has no file `name`, found without pathlib (issue 11,
    part 9); any other answer is left to Path.exists, which raises where it did."""
    folder = str(settings.config_dir) if settings.config_dir else _platform_folder("config")
    try:
        os.stat(os.path.join(folder, name))  # noqa: PTH116, PTH118 (see _platform_folder)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    return False


def _catalogue(path: Path) -> Catalogue:
    """The packaged catalogue, plus the exercises of `path` when the runner has that file."""
    from runstrong.catalogue_cache import default_folder, load_catalogue

    cache = default_folder(os.environ)  # parsed once, then read back from this folder

    if not path.exists():
        return load_catalogue(folder=cache)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read: {exc}") from None
    parse_toml(text, str(path), str(path))  # values the catalogue's parser would choke on
    found = load_catalogue([(str(path), text)], folder=cache)
    for exercise in found.all():
        if len(exercise.id) > MAX_EXERCISE_ID:
            raise InputError(
                f"{path}: [{inputs.shown(exercise.id)}]",
                f"an exercise id is at most {MAX_EXERCISE_ID} characters; got {len(exercise.id)}",
            )
    return found
