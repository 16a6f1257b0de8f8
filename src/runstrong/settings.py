"""The runner's configuration on disk: setups, implements and their own exercises.

Files live in the runstrong config directory (platformdirs; `RUNSTRONG_CONFIG_DIR` overrides it):
`config.toml` ([setups.NAME] equipment lists, [implements.kg] / [implements.lb]) and
`exercises.toml` (the runner's own exercises, same format as the catalogue).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from runstrong.core import inputs, loads
from runstrong.core.catalogue import Catalogue, load_catalogue
from runstrong.core.model import Equipment, Implements, Units
from runstrong.errors import InputError

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


def config_dir() -> Path:
    """Where the runner's own files live."""
    override = os.environ.get("RUNSTRONG_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("runstrong"))


def read_toml(path: str | Path, field: str | None = None) -> dict[str, Any]:
    """A TOML file as a dict, or an InputError naming the flag (or file) and the problem."""
    name = field or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:  # ValueError: undecodable text or a NUL in the name
        raise InputError(name, f"cannot read '{path}': {exc}") from None
    return parse_toml(text, str(path), name)


def parse_toml(text: str, shown: str, field: str) -> dict[str, Any]:
    """TOML text as a dict; bad TOML, a number of thousands of digits or nesting too deep for
    the parser is an InputError naming the field."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(field, f"'{shown}' is not valid TOML: {exc}") from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise InputError(field, f"'{shown}' holds a value TOML cannot read: {exc}") from None
    except RecursionError:
        raise InputError(field, f"'{shown}' is nested too deeply") from None


@lru_cache(maxsize=4)
def _user_config(directory: Path) -> dict[str, Any]:
    """The runner's config.toml, or nothing when there is none."""
    path = directory / "config.toml"
    if not path.exists():
        return {}
    data = read_toml(path)
    unknown = set(data) - {"setups", "implements"}
    if unknown:
        raise InputError(
            f"{path}: [{sorted(unknown)[0]}]", "unknown table; allowed: setups, implements"
        )
    return data


def user_config() -> dict[str, Any]:
    """The runner's config.toml (cached per directory)."""
    return _user_config(config_dir())


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


def setups() -> dict[str, Setup]:
    """The packaged setups, with the runner's own added or redefined."""
    text = resources.files("runstrong.data").joinpath("setups.toml").read_text(encoding="utf-8")
    found = _parse_setups(tomllib.loads(text), "setups.toml")
    config = user_config()
    own = config.get("setups", {})
    if not isinstance(own, dict):
        raise InputError(f"{config_dir() / 'config.toml'}: [setups]", "must be a table of setups")
    found.update(_parse_setups(own, str(config_dir() / "config.toml")))
    return found


def setup(name: str) -> Setup:
    """One setup by name, or an InputError listing the known ones."""
    known = setups()
    if name not in known:
        raise InputError("--setup", f"'{name}' is not allowed; allowed: {', '.join(sorted(known))}")
    return known[name]


def implements(units: Units) -> Implements:
    """The runner's bar, plates, dumbbells and kettlebells in these units."""
    table = user_config().get("implements", {})
    own = table.get(units.value) if isinstance(table, dict) else None
    if own is None:
        return loads.default_implements(units)
    if not isinstance(own, dict):
        raise InputError(f"config.toml: [implements.{units.value}]", "must be a table")
    return loads.parse_implements(own, units, "config.toml")


def catalogue() -> Catalogue:
    """The packaged catalogue plus the runner's own exercises file, if any."""
    path = config_dir() / "exercises.toml"
    if not path.exists():
        return load_catalogue()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read: {exc}") from None
    parse_toml(text, str(path), str(path))  # values the catalogue's parser would choke on
    found = load_catalogue([(str(path), text)])
    for exercise in found.all():
        if len(exercise.id) > MAX_EXERCISE_ID:
            raise InputError(
                f"{path}: [{inputs.shown(exercise.id)}]",
                f"an exercise id is at most {MAX_EXERCISE_ID} characters; got {len(exercise.id)}",
            )
    return found
