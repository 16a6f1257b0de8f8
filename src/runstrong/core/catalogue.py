"""The exercise catalogue: parse and check TOML entries, merge a runner's own, look them up."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

from runstrong.core.model import (
    Category,
    Caution,
    Equipment,
    Exercise,
    Limitation,
    Loading,
    Pattern,
    Variation,
)
from runstrong.errors import InputError, NotFound

__all__ = [
    "BUILTIN_ORIGIN",
    "BUILTIN_SOURCE",
    "EFFECTS",
    "OWN_ORIGIN",
    "VARIATION_KINDS",
    "Catalogue",
    "load_catalogue",
    "normalize_name",
    "parse_catalogue",
    "parse_entry",
    "with_own",
]

BUILTIN_SOURCE = "runstrong/data/exercises.toml"
"""How errors in the packaged catalogue name their file."""

BUILTIN_ORIGIN = "catalogue"
"""The `Exercise.source` of packaged entries (runner entries carry their file name)."""

OWN_ORIGIN = "own"
"""The `Exercise.source` of a runner's own exercises kept in the logbook (not in a file)."""

VARIATION_KINDS = ("progression", "regression")
EFFECTS = ("avoid", "soften")

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_REQUIRED = (
    "name",
    "category",
    "equipment",
    "pattern",
    "unilateral",
    "complexity",
    "loading",
    "cues",
)
_OPTIONAL = ("aliases", "priority", "skill", "eccentric", "why", "variations", "cautions")
_VARIATION_REQUIRED = ("name", "kind")
_VARIATION_OPTIONAL = ("note", "exercise")
_CAUTION_REQUIRED = ("limitation", "effect")
_CAUTION_OPTIONAL = ("note",)
_COMPLEXITY = (1, 3)
_TOML_TYPES = {
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a float",
    list: "an array",
    dict: "a table",
}

_E = TypeVar("_E", bound=StrEnum)


def normalize_name(name: str) -> str:
    """One lookup key for ids, aliases and typed names: 'Runner's arms' finds runners-arms."""
    key = name.strip().lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[\s_]+", "-", key)


# --- checking one file --------------------------------------------------------------------------


def _type_name(value: object) -> str:
    """Names a TOML value's type the way a runner editing the file would."""
    for kind, label in _TOML_TYPES.items():
        if type(value) is kind:
            return label
    return f"a {type(value).__name__}"


def _wrong_type(where: str, expected: str, value: object) -> InputError:
    """The one wording for a value of the wrong type."""
    return InputError(where, f"must be {expected}, got {_type_name(value)}")


def _keys(
    table: Mapping[str, Any], required: tuple[str, ...], optional: tuple[str, ...], where: str
) -> None:
    """Unknown keys are typos more often than not, so they are refused before missing ones."""
    allowed = required + optional
    for key in table:
        if key not in allowed:
            raise InputError(f"{where}.{key}", f"unknown key; allowed: {', '.join(allowed)}")
    for key in required:
        if key not in table:
            raise InputError(f"{where}.{key}", "required key is missing")


def _text(value: object, where: str, *, empty: bool = False) -> str:
    """A one-line string, stripped; empty only where the field is free to be blank."""
    if not isinstance(value, str):
        raise _wrong_type(where, "a string", value)
    text = value.strip()
    if not text and not empty:
        raise InputError(where, "must not be empty")
    if "\n" in text:
        raise InputError(where, "must be a single line")
    return text


def _flag(value: object, where: str) -> bool:
    """A TOML boolean (true/false), not a string or a number."""
    if not isinstance(value, bool):
        raise _wrong_type(where, "true or false", value)
    return value


def _whole(value: object, where: str, low: int, high: int) -> int:
    """An integer within bounds; booleans are not integers here."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong_type(where, "an integer", value)
    if not low <= value <= high:
        raise InputError(where, f"{value} is out of range; allowed: {low}-{high}")
    return value


def _choice(cls: type[_E], value: object, where: str) -> _E:
    """A value from one of the model's closed lists, with the list in the message."""
    allowed = ", ".join(member.value for member in cls)
    if not isinstance(value, str):
        raise _wrong_type(where, f"one of: {allowed}", value)
    try:
        return cls(value)
    except ValueError:
        raise InputError(where, f"'{value}' is not allowed; allowed: {allowed}") from None


def _word(value: object, allowed: tuple[str, ...], where: str) -> str:
    """A string from a short fixed list (variation kinds, caution effects)."""
    if not isinstance(value, str):
        raise _wrong_type(where, f"one of: {', '.join(allowed)}", value)
    if value not in allowed:
        raise InputError(where, f"'{value}' is not allowed; allowed: {', '.join(allowed)}")
    return value


def _array(value: object, where: str) -> list[Any]:
    """A TOML array."""
    if not isinstance(value, list):
        raise _wrong_type(where, "an array", value)
    return value


def _texts(value: object, where: str, *, empty: bool) -> tuple[str, ...]:
    """An array of one-line strings, optionally required to hold at least one."""
    items = _array(value, where)
    if not items and not empty:
        raise InputError(where, "must list at least one entry")
    return tuple(_text(item, f"{where}[{i}]") for i, item in enumerate(items))


def _equipment(value: object, where: str) -> tuple[Equipment, ...]:
    """Everything the exercise needs; 'none' stands alone for bodyweight-only work."""
    items = _array(value, where)
    if not items:
        raise InputError(where, 'must list at least one entry; use ["none"] for no equipment')
    kit = tuple(_choice(Equipment, item, f"{where}[{i}]") for i, item in enumerate(items))
    if len(set(kit)) != len(kit):
        raise InputError(where, "lists the same equipment twice")
    if Equipment.NONE in kit and len(kit) > 1:
        raise InputError(where, "'none' cannot be combined with other equipment")
    return kit


def _variations(value: object, where: str) -> tuple[Variation, ...]:
    """Progressions and regressions; a reference to another entry is checked after merging."""
    found = []
    for i, item in enumerate(_array(value, where)):
        at = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise _wrong_type(at, "a table", item)
        _keys(item, _VARIATION_REQUIRED, _VARIATION_OPTIONAL, at)
        ref = None
        if "exercise" in item:
            ref = _text(item["exercise"], f"{at}.exercise")
            if not _ID.fullmatch(ref):
                raise InputError(f"{at}.exercise", f"'{ref}' is not an exercise id (kebab-case)")
        found.append(
            Variation(
                name=_text(item["name"], f"{at}.name"),
                kind=_word(item["kind"], VARIATION_KINDS, f"{at}.kind"),
                note=_text(item.get("note", ""), f"{at}.note", empty=True),
                exercise_id=ref,
            )
        )
    return tuple(found)


def _cautions(value: object, where: str) -> tuple[Caution, ...]:
    """Limitations that remove or soften the exercise; one entry per limitation."""
    found: list[Caution] = []
    for i, item in enumerate(_array(value, where)):
        at = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise _wrong_type(at, "a table", item)
        _keys(item, _CAUTION_REQUIRED, _CAUTION_OPTIONAL, at)
        limitation = _choice(Limitation, item["limitation"], f"{at}.limitation")
        if any(c.limitation is limitation for c in found):
            raise InputError(f"{at}.limitation", f"'{limitation}' has a caution already")
        found.append(
            Caution(
                limitation=limitation,
                effect=_word(item["effect"], EFFECTS, f"{at}.effect"),
                note=_text(item.get("note", ""), f"{at}.note", empty=True),
            )
        )
    return tuple(found)


def _entry(exercise_id: str, table: object, source: str, origin: str) -> Exercise:
    """Checks one table field by field and builds its Exercise."""
    where = f"{source}: [{exercise_id}]"
    if not _ID.fullmatch(exercise_id):
        raise InputError(
            where, "the id must be kebab-case: lowercase letters, digits and single hyphens"
        )
    if not isinstance(table, dict):
        raise _wrong_type(where, "a table", table)
    _keys(table, _REQUIRED, _OPTIONAL, where)
    return Exercise(
        id=exercise_id,
        name=_text(table["name"], f"{where}.name"),
        aliases=_texts(table.get("aliases", []), f"{where}.aliases", empty=True),
        category=_choice(Category, table["category"], f"{where}.category"),
        equipment=_equipment(table["equipment"], f"{where}.equipment"),
        pattern=_choice(Pattern, table["pattern"], f"{where}.pattern"),
        unilateral=_flag(table["unilateral"], f"{where}.unilateral"),
        complexity=_whole(table["complexity"], f"{where}.complexity", *_COMPLEXITY),
        loading=_choice(Loading, table["loading"], f"{where}.loading"),
        priority=_flag(table.get("priority", False), f"{where}.priority"),
        skill=_flag(table.get("skill", False), f"{where}.skill"),
        eccentric=_flag(table.get("eccentric", False), f"{where}.eccentric"),
        why=_text(table.get("why", ""), f"{where}.why", empty=True),
        cues=_texts(table["cues"], f"{where}.cues", empty=False),
        variations=_variations(table.get("variations", []), f"{where}.variations"),
        cautions=_cautions(table.get("cautions", []), f"{where}.cautions"),
        source=origin,
    )


def _label(exercise: Exercise) -> str:
    """The file an entry came from, as error messages name it."""
    return BUILTIN_SOURCE if exercise.source == BUILTIN_ORIGIN else exercise.source


def _index(exercises: Iterable[Exercise]) -> dict[str, str]:
    """Maps every id and alias key to its id; a later entry that reuses a key is the one blamed."""
    index: dict[str, str] = {}
    for exercise in exercises:
        where = f"{_label(exercise)}: [{exercise.id}]"
        owner = index.get(exercise.id)
        if owner is not None and owner != exercise.id:
            raise InputError(where, f"the id is already an alias of [{owner}]; pick a new id")
        index[exercise.id] = exercise.id
        for i, alias in enumerate(exercise.aliases):
            key = normalize_name(alias)
            owner = index.setdefault(key, exercise.id)
            if owner != exercise.id:
                raise InputError(f"{where}.aliases[{i}]", f"'{alias}' already names [{owner}]")
    return index


def parse_catalogue(text: str, source: str, *, origin: str | None = None) -> dict[str, Exercise]:
    """Parses one TOML file so every mistake is reported with its file, entry and field.

    `origin` is what the entries record as their `source` (default: `source`). Variation
    references to other entries are checked when the files are merged into a Catalogue.
    """
    import tomllib  # here: a catalogue read from a cache needs no parser

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(source, f"not valid TOML: {exc}") from None
    entries = {
        exercise_id: _entry(exercise_id, table, source, origin or source)
        for exercise_id, table in data.items()
    }
    _index(entries.values())
    return entries


def parse_entry(exercise_id: str, table: object, *, origin: str = OWN_ORIGIN) -> Exercise:
    """One entry checked field by field as a file's entries are (a runner's own, from a form
    or the API); errors name the field as `ORIGIN: [ID].FIELD`."""
    return _entry(exercise_id, table, origin, origin)


# --- the merged catalogue -----------------------------------------------------------------------


def _check_references(exercises: Mapping[str, Exercise]) -> None:
    """A variation that names another entry must name one that exists, so links never dangle."""
    for exercise in exercises.values():
        for i, variation in enumerate(exercise.variations):
            ref = variation.exercise_id
            if ref is None or (ref in exercises and ref != exercise.id):
                continue
            where = f"{_label(exercise)}: [{exercise.id}].variations[{i}].exercise"
            if ref == exercise.id:
                raise InputError(where, "a variation cannot point to its own entry")
            import difflib

            close = difflib.get_close_matches(ref, list(exercises), n=3)
            hint = f"did you mean {', '.join(close)}?" if close else None
            raise InputError(where, f"no exercise '{ref}' in the catalogue", hint)


def _where(exercise: Exercise, index: int) -> str:
    """The field of one variation link, as error messages name it."""
    return f"{_label(exercise)}: [{exercise.id}].variations[{index}].exercise"


def _progression_graph(exercises: Mapping[str, Exercise]) -> dict[str, frozenset[str]]:
    """For every id, the ids that are harder: its progressions, and theirs, transitively.

    A progression link (A lists B) and a regression link (B lists A) both say A is easier
    than B. Refused: two entries that each call the other the easier or the harder one, and
    any longer loop, since then an exercise would be easier than itself. The link blamed is a
    runner's own where the loop has one (the packaged file is checked by the tests).
    """
    edges: dict[str, dict[str, tuple[Exercise, int]]] = {key: {} for key in exercises}
    for exercise in exercises.values():
        for i, variation in enumerate(exercise.variations):
            ref = variation.exercise_id
            if ref is None:
                continue
            easy, hard = (
                (exercise.id, ref) if variation.kind == "progression" else (ref, exercise.id)
            )
            other = edges[hard].get(easy)
            if other is not None:
                owner, j = other
                raise InputError(
                    _where(exercise, i),
                    f"[{exercise.id}] lists '{ref}' as a {variation.kind}, but [{owner.id}] "
                    f"lists '{owner.variations[j].exercise_id}' as a {owner.variations[j].kind}: "
                    "each would be easier than the other; make one of them the regression",
                )
            edges[easy].setdefault(hard, (exercise, i))
    harder: dict[str, frozenset[str]] = {}
    on_path: list[str] = []
    for start in sorted(edges):
        if start not in harder:
            _close(start, edges, harder, on_path)
    return harder


def _close(
    node: str,
    edges: Mapping[str, Mapping[str, tuple[Exercise, int]]],
    harder: dict[str, frozenset[str]],
    on_path: list[str],
) -> None:
    """Depth-first: fills `harder[node]`, refusing a loop back into the current path."""
    on_path.append(node)
    found: set[str] = set()
    for nxt in sorted(edges[node]):
        if nxt in on_path:
            loop = [*on_path[on_path.index(nxt) :], nxt]
            steps = list(itertools.pairwise(loop))
            blamed = next(
                (s for s in steps if edges[s[0]][s[1]][0].source != BUILTIN_ORIGIN), steps[-1]
            )
            owner, i = edges[blamed[0]][blamed[1]]
            raise InputError(
                _where(owner, i),
                f"'{owner.variations[i].exercise_id}' closes a loop of variations "
                f"({' < '.join(loop)}, each easier than the next): "
                "no exercise can be easier than itself",
            )
        if nxt not in harder:
            _close(nxt, edges, harder, on_path)
        found |= harder[nxt] | {nxt}
    on_path.pop()
    harder[node] = frozenset(found)


def _as_choice(cls: type[_E], value: _E | str, field: str) -> _E:
    """Lets callers pass enum members or their strings, refusing anything else by name."""
    return value if isinstance(value, cls) else _choice(cls, value, field)


def _words(text: str) -> str:
    """Lower-case text with hyphens as spaces, so 'single leg' finds 'single-leg'."""
    return normalize_name(text).replace("-", " ")


class Catalogue:
    """A checked, read-only set of exercises with the lookups the planner and shells share."""

    __slots__ = ("_by_id", "_easier", "_harder", "_index", "_sorted")

    def __init__(self, exercises: Mapping[str, Exercise]) -> None:
        """Checks ids, aliases and variation links across all files before anything uses them."""
        for key, exercise in exercises.items():
            if key != exercise.id:
                raise InputError(
                    f"{_label(exercise)}: [{key}]",
                    f"keyed under '{key}' but its id is '{exercise.id}'",
                )
        self._index = MappingProxyType(_index(exercises.values()))
        _check_references(exercises)
        self._harder = MappingProxyType(_progression_graph(exercises))
        easier: dict[str, set[str]] = {key: set() for key in self._harder}
        for low, highs in self._harder.items():
            for high in highs:
                easier.setdefault(high, set()).add(low)
        self._easier = MappingProxyType({k: frozenset(v) for k, v in easier.items()})
        self._by_id = MappingProxyType(dict(exercises))
        self._sorted = tuple(self._by_id[key] for key in sorted(self._by_id))

    def __len__(self) -> int:
        """How many exercises there are."""
        return len(self._by_id)

    def __contains__(self, name: object) -> bool:
        """True for a known id or alias (case-insensitive)."""
        return isinstance(name, str) and normalize_name(name) in self._index

    def __repr__(self) -> str:
        """Short: the entries are too many to print."""
        return f"Catalogue({len(self)} exercises)"

    def __reduce__(self) -> tuple[type[Catalogue], tuple[dict[str, Exercise]]]:
        """Pickled as its entries in their files' order, checked again when loaded (a cache)."""
        return (Catalogue, (dict(self._by_id),))

    def get(self, id_or_alias: str) -> Exercise:
        """The exercise for an id or alias, or NotFound with the closest names as a hint."""
        key = self._index.get(normalize_name(id_or_alias))
        if key is None:
            raise NotFound("exercise", id_or_alias, hint=self._suggest(id_or_alias))
        return self._by_id[key]

    def resolve(self, name: str) -> str:
        """The id for an id or alias, so logs and plans always store ids."""
        return self.get(name).id

    def easier_than(self, easier: str, harder: str) -> bool:
        """True when `easier` is a regression of `harder`, directly or through other variations.

        The planner moves a season forwards through these links, never back to a regression.
        Ids are looked up first (the fast path); aliases work too.
        """
        a = easier if easier in self._harder else self.resolve(easier)
        b = harder if harder in self._harder else self.resolve(harder)
        return b in self._harder[a]

    def easier_of(self, exercise_id: str) -> frozenset[str]:
        """Every catalogue id easier than this exercise (its regressions, transitively)."""
        key = exercise_id if exercise_id in self._easier else self.resolve(exercise_id)
        return self._easier.get(key, frozenset())

    def harder_of(self, exercise_id: str) -> frozenset[str]:
        """Every catalogue id harder than this exercise (its progressions, transitively)."""
        key = exercise_id if exercise_id in self._harder else self.resolve(exercise_id)
        return self._harder.get(key, frozenset())

    def all(self) -> tuple[Exercise, ...]:
        """Every exercise, sorted by id for stable output."""
        return self._sorted

    def filter(
        self,
        category: Category | str | None = None,
        equipment: Iterable[Equipment | str] | None = None,
        pattern: Pattern | str | None = None,
        search: str | None = None,
    ) -> tuple[Exercise, ...]:
        """The exercises matching every given criterion; `equipment` is what the runner has."""
        found: Iterable[Exercise] = self._sorted
        if category is not None:
            wanted_category = _as_choice(Category, category, "category")
            found = [e for e in found if e.category is wanted_category]
        if pattern is not None:
            wanted_pattern = _as_choice(Pattern, pattern, "pattern")
            found = [e for e in found if e.pattern is wanted_pattern]
        if equipment is not None:
            items = (equipment,) if isinstance(equipment, str) else equipment
            has = frozenset(_as_choice(Equipment, item, "equipment") for item in items)
            found = [e for e in found if e.needs() <= has]
        if search is not None and search.strip():
            terms = _words(search).split()
            found = [e for e in found if all(term in self._haystack(e) for term in terms)]
        return tuple(found)

    def substitutes(
        self,
        exercise_id: str,
        equipment: Iterable[Equipment | str] | None = None,
        *,
        avoid: Iterable[Limitation] = (),
    ) -> tuple[Exercise, ...]:
        """Same-pattern swaps, closest first: same category and sides, then complexity, then id."""
        original = self.get(exercise_id)
        limitations = frozenset(avoid)
        candidates = self.filter(equipment=equipment, pattern=original.pattern)
        usable = [e for e in candidates if e.id != original.id and not e.avoided_by(limitations)]

        def rank(e: Exercise) -> tuple[int, int, str]:
            """Lower is closer to the original."""
            same = e.category is original.category and e.unilateral == original.unilateral
            return (0 if same else 1, abs(e.complexity - original.complexity), e.id)

        return tuple(sorted(usable, key=rank))

    def _haystack(self, exercise: Exercise) -> str:
        """The text a search looks through: id, name, aliases and cues."""
        parts = (exercise.id, exercise.name, *exercise.aliases, *exercise.cues)
        return " | ".join(_words(part) for part in parts)

    def _suggest(self, name: str) -> str | None:
        """A 'did you mean' hint from close spellings and ids containing what was typed."""
        import difflib  # only for a name not found: start-up need not pay for it

        key = normalize_name(name)
        ids: list[str] = []
        for match in difflib.get_close_matches(key, list(self._index), n=6, cutoff=0.6):
            if self._index[match] not in ids:
                ids.append(self._index[match])
        if key:
            ids += [i for i in self._by_id if key in i and i not in ids]
        return f"did you mean {', '.join(ids[:3])}?" if ids else None


# --- loading ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _builtin() -> Mapping[str, Exercise]:
    """The packaged catalogue, parsed once per process."""
    from importlib import resources

    text = (resources.files("runstrong") / "data" / "exercises.toml").read_text(encoding="utf-8")
    return MappingProxyType(parse_catalogue(text, BUILTIN_SOURCE, origin=BUILTIN_ORIGIN))


@functools.lru_cache(maxsize=1)
def _builtin_catalogue() -> Catalogue:
    """The packaged catalogue alone, shared because it is read-only."""
    return Catalogue(_builtin())


def load_catalogue(user_files: Iterable[tuple[str, str]] = ()) -> Catalogue:
    """The packaged catalogue plus the runner's own files, given as (source name, TOML text).

    A runner's entry must use a new id: changing a packaged exercise under the same id would
    silently change plans and logs that already refer to it.
    """
    files = tuple(user_files)
    if not files:
        return _builtin_catalogue()
    merged = dict(_builtin())
    for source, text in files:
        for exercise_id, exercise in parse_catalogue(text, source).items():
            if exercise_id in merged:
                raise InputError(
                    f"{source}: [{exercise_id}]",
                    f"the id '{exercise_id}' already exists in {_label(merged[exercise_id])}",
                    "pick a new id for your own exercise",
                )
            merged[exercise_id] = exercise
    return Catalogue(merged)


def with_own(base: Catalogue, own: Iterable[Exercise]) -> Catalogue:
    """`base` plus one runner's own exercises, checked as a whole (ids, aliases, variation
    links); an own id may not reuse a catalogue id, which plans and logs already mean."""
    merged = {exercise.id: exercise for exercise in base.all()}
    for exercise in own:
        if exercise.id in merged:
            raise InputError(
                f"{_label(exercise)}: [{exercise.id}]",
                f"the id '{exercise.id}' already exists in {_label(merged[exercise.id])}",
                "pick a new id for your own exercise",
            )
        merged[exercise.id] = exercise
    return Catalogue(merged)
