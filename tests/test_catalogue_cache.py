"""The catalogue cache: the same catalogue as parsing, rebuilt when stale or broken, never fatal."""

from __future__ import annotations

import dataclasses
import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from runstrong import catalogue_cache
from runstrong.core import catalogue as core_catalogue
from runstrong.core.catalogue import Catalogue
from runstrong.errors import InputError
from runstrong.settings import Context

OWN = """
[hill-bounds]
name = "Hill bounds"
category = "plyometric"
equipment = ["hill"]
pattern = "plyometric"
unilateral = false
complexity = 3
loading = "contacts"
cues = ["Tall hips"]
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test's own (the shells' too), and no catalogue kept in
    memory from an earlier test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(catalogue_cache.ENV_DIR, str(folder))
    catalogue_cache._load.cache_clear()
    yield folder
    catalogue_cache._load.cache_clear()


def fresh(user_files: tuple[tuple[str, str], ...] = (), folder: Path | None = None) -> Catalogue:
    """The catalogue as a new process would get it (nothing kept in memory)."""
    catalogue_cache._load.cache_clear()
    where = folder or catalogue_cache.default_folder(os.environ)
    return catalogue_cache.load_catalogue(user_files, folder=where)


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, parsing a catalogue file fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the catalogue was parsed")

    monkeypatch.setattr(core_catalogue, "load_catalogue", refuse)


def same(a: Catalogue, b: Catalogue) -> bool:
    """Same entries, in the same order (the order 'did you mean' hints follow)."""
    return a.all() == b.all() and [e.id for e in a.__reduce__()[1][0].values()] == [
        e.id for e in b.__reduce__()[1][0].values()
    ]


def test_the_cache_gives_the_parsed_catalogue_without_parsing(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = core_catalogue.load_catalogue()
    assert same(fresh(), parsed)
    assert (cache / catalogue_cache.FILE_NAME).is_file()
    no_parsing(monkeypatch)
    cached = fresh()
    assert same(cached, parsed) and len(cached) == len(parsed)
    assert cached.get("rdl").id == parsed.get("rdl").id  # the alias index is rebuilt


def test_a_runners_own_file_is_cached_with_it_and_a_change_is_seen(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = (("exercises.toml", OWN),)
    assert "hill-bounds" in fresh(own)
    assert "hill-bounds" not in fresh()  # another set of files: rebuilt, not the cached one
    edited = (("exercises.toml", OWN.replace("hill-bounds", "hill-skips")),)
    found = fresh(edited)
    assert "hill-skips" in found and "hill-bounds" not in found
    no_parsing(monkeypatch)
    assert "hill-skips" in fresh(edited)


def test_a_mistake_in_a_runners_file_is_the_same_error_and_is_not_cached(cache: Path) -> None:
    bad = (("exercises.toml", OWN.replace('"plyometric"\nequipment', '"yoga"\nequipment')),)
    with pytest.raises(InputError) as cached_error:
        fresh(bad)
    with pytest.raises(InputError) as parsed_error:
        core_catalogue.load_catalogue(bad)
    assert str(cached_error.value) == str(parsed_error.value)
    assert not (cache / catalogue_cache.FILE_NAME).exists()


def test_a_stale_cache_is_rebuilt(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh()
    real = catalogue_cache._sources
    # The packaged data or the code changed since the cache was written.
    monkeypatch.setattr(catalogue_cache, "_sources", lambda files: (*real(files), b"edited"))
    calls: list[object] = []
    parse = core_catalogue.load_catalogue
    monkeypatch.setattr(core_catalogue, "load_catalogue", lambda f=(): calls.append(f) or parse(f))
    assert len(fresh()) == len(parse())
    assert calls == [()]
    assert len(fresh()) == len(parse()) and calls == [()]  # rewritten: read back this time


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", b"\x80\x05K\x01.", b"half" * 10],
    ids=["empty", "garbage", "another-pickle", "text"],
)
def test_a_corrupt_cache_is_rebuilt(cache: Path, content: bytes) -> None:
    fresh()
    path = cache / catalogue_cache.FILE_NAME
    whole = path.read_bytes()
    for broken in (content, whole[: len(whole) // 2], whole[:-1]):
        path.write_bytes(broken)
        assert same(fresh(), core_catalogue.load_catalogue())
        assert path.read_bytes() == whole


class _Planted:
    """A pickle that would run a shell command when loaded by an unrestricted unpickler."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.system, ("touch planted",))


def test_a_planted_cache_runs_nothing(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cache.mkdir()
    with (cache / catalogue_cache.FILE_NAME).open("wb") as file:
        pickle.dump(catalogue_cache._sources(()), file)
        pickle.dump(_Planted(), file)
    assert len(fresh()) == len(core_catalogue.load_catalogue())
    assert not (tmp_path / "planted").exists()


class _Unchecked:
    """A cached catalogue whose entries would not pass the checks (a dangling variation)."""

    def __init__(self, exercises: dict[str, object]) -> None:
        self.exercises = exercises

    def __reduce__(self) -> tuple[object, tuple[dict[str, object]]]:
        return (Catalogue, (self.exercises,))


def test_cached_entries_are_checked_again(cache: Path) -> None:
    entries = dict(core_catalogue.load_catalogue().__reduce__()[1][0])
    squat = entries["back-squat"]
    gone = dataclasses.replace(squat.variations[0], exercise_id="no-such-exercise")
    entries["back-squat"] = dataclasses.replace(squat, variations=(gone,))
    cache.mkdir()
    with (cache / catalogue_cache.FILE_NAME).open("wb") as file:
        pickle.dump(catalogue_cache._sources(()), file)
        pickle.dump(_Unchecked(entries), file)
    found = fresh()
    assert "no-such-exercise" not in {v.exercise_id for v in found.get("back-squat").variations}


def test_a_cache_that_cannot_be_written_fails_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert len(fresh(folder=blocker / "cache")) == len(core_catalogue.load_catalogue())
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    catalogue_cache._load.cache_clear()


def test_without_a_folder_nothing_is_cached(cache: Path) -> None:
    catalogue_cache._load.cache_clear()
    assert len(catalogue_cache.load_catalogue(folder=None)) == len(core_catalogue.load_catalogue())
    assert not cache.exists()


def test_the_cache_folder_follows_xdg_on_linux(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    folder = catalogue_cache.default_folder
    assert (
        folder({"RUNSTRONG_CACHE_DIR": str(tmp_path / "mine"), "HOME": "/h"}) == tmp_path / "mine"
    )
    assert folder({"XDG_CACHE_HOME": "/xdg", "HOME": "/h"}) == Path("/xdg/runstrong")
    assert folder({"XDG_CACHE_HOME": "relative", "HOME": "/h"}) == Path("/h/.cache/runstrong")
    assert folder({"RUNSTRONG_CACHE_DIR": " ", "HOME": "/h"}) == Path("/h/.cache/runstrong")
    assert folder({}) is None  # no home folder: no cache, the catalogue is parsed


def test_the_context_reads_the_catalogue_through_the_cache(cache: Path) -> None:
    catalogue = Context.from_environment().catalogue
    assert len(catalogue) == len(core_catalogue.load_catalogue())
    assert (cache / catalogue_cache.FILE_NAME).is_file()
