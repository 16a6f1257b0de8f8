"""storage.limits.depth's quick pass never lets through what its walk refuses: for any JSON-like
document, hostile values included, the answer (and the error's words) is the walk's."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from runstrong.storage import limits

atoms = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),  # control characters, NUL and DEL included
    st.sampled_from(["\ud800", "x" * 1200, "é" * 600, "a\\bc", "a\\fc", "\x7f", 10**18]),
)
keys = st.one_of(st.text(max_size=12), st.sampled_from(["k\x01", "x" * 1100, "\x7fk", "a\\fb"]))
documents = st.recursive(
    atoms,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=30,
)


def _answer(value: object, limit: int) -> str | None:
    try:
        limits.depth(value, "doc", limit)
    except Exception as exc:  # the answer compared is the error's words
        return f"{type(exc).__name__}: {exc}"
    return None


@settings(max_examples=400, deadline=None)
@given(document=documents, limit=st.integers(1, 6))
def test_the_quick_pass_answers_as_the_walk_does(document: object, limit: int) -> None:
    quick = _answer(document, limit)
    with mock.patch.object(limits, "_plainly_fine", return_value=False):
        assert _answer(document, limit) == quick


def _levels(value: object) -> int:
    """How deep a document nests as `limits.depth` counts: a scalar is one level below its
    container, an empty container is a level of its own."""
    inner = list(value.values()) if isinstance(value, dict) else value
    if not isinstance(inner, list) or not inner:
        return 1
    return 1 + max(_levels(x) for x in inner)


plain = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.sampled_from([1.5, -0.25, 1e-07, 2.5e16]),  # short: a long number goes to the walk
    st.sampled_from(["", "a]b", "{", "[]", "x: 1, y", "é,", "0"]),  # text that looks like JSON
)
plain_documents = st.recursive(
    plain,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["k", "}", "[,", "a:b"]), inner, max_size=3),
    ),
    max_leaves=40,
)


@settings(max_examples=600, deadline=None)
@given(document=plain_documents, step=st.integers(-1, 1))
def test_the_quick_pass_counts_levels_as_the_walk_does(document: object, step: int) -> None:
    """The quick pass reads nesting from the dumped text (strings, brackets in them included,
    replaced first); at the document's own depth and one either side it agrees with the walk."""
    limit = max(1, _levels(document) + step)
    assert limits._plainly_fine(document, limit) == (_levels(document) <= limit)
