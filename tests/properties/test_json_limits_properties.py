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
