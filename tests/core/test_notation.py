"""The log notation: exact parses, refusals that name the token, and format/parse round trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runstrong.core.catalogue import load_catalogue
from runstrong.core.model import Units
from runstrong.core.notation import (
    MAX_SETS,
    LoggedExercise,
    LoggedSet,
    format_sets,
    parse_log,
    parse_sets,
)
from runstrong.errors import InputError, NotFound

KG, LB = Units.KG, Units.LB


def reps(
    n: int, load: float | None = None, units: Units = KG, rpe: float | None = None
) -> LoggedSet:
    return LoggedSet(reps=n, seconds=None, load=load, units=units, rpe=rpe)


def hold(seconds: int, load: float | None = None, rpe: float | None = None) -> LoggedSet:
    return LoggedSet(reps=None, seconds=seconds, load=load, units=KG, rpe=rpe)


GOOD = [
    ("3x5@85", (reps(5, 85.0),) * 3),
    ("3x5@85kg", (reps(5, 85.0),) * 3),
    ("3x5@187.5lb", (reps(5, 187.5, LB),) * 3),
    ("2x5@187.5lbs", (reps(5, 187.5, LB),) * 2),
    ("1x5@82.25", (reps(5, 82.25),)),
    ("3x12@bw", (reps(12),) * 3),
    ("3X12@BW", (reps(12),) * 3),
    ("3x12", (reps(12),) * 3),
    ("2x30s", (hold(30),) * 2),
    ("3x20s@10", (hold(20, 10.0),) * 3),
    ("3x5@85@rpe8", (reps(5, 85.0, rpe=8.0),) * 3),
    ("3x5@85kg@rpe8.5", (reps(5, 85.0, rpe=8.5),) * 3),
    ("3x8@rpe7", (reps(8, rpe=7.0),) * 3),
    ("2x45s@rpe6", (hold(45, rpe=6.0),) * 2),
    ("1x1@0", (reps(1, 0.0),)),
    ("20x100@1000", (reps(100, 1000.0),) * 20),
    ("1x600s", (hold(600),)),
    ("3×5@85", (reps(5, 85.0),) * 3),
    ("1x5@80 2x5@85", (reps(5, 80.0), reps(5, 85.0), reps(5, 85.0))),
    ("1x3@100lb 1x3@50kg", (reps(3, 100.0, LB), reps(3, 50.0))),
]


@pytest.mark.parametrize(("text", "expected"), GOOD)
def test_good_notation_parses_exactly(text: str, expected: tuple[LoggedSet, ...]) -> None:
    assert parse_sets(text, KG) == expected


@pytest.mark.parametrize(("text", "expected"), GOOD)
def test_good_notation_round_trips(text: str, expected: tuple[LoggedSet, ...]) -> None:
    assert parse_sets(format_sets(expected), KG) == expected


def test_a_load_without_units_takes_the_athletes_units() -> None:
    assert parse_sets("1x5@100", LB) == (reps(5, 100.0, LB),)


def test_the_entry_rpe_fills_sets_without_their_own() -> None:
    assert parse_sets("1x5@80 1x5@85@rpe9", KG, rpe=7) == (
        reps(5, 80.0, rpe=7.0),
        reps(5, 85.0, rpe=9.0),
    )


def test_load_in_converts_units() -> None:
    assert reps(5, 100.0, LB).load_in(KG) == pytest.approx(45.359237)
    assert reps(5).load_in(LB) is None


SYNTAX = "is not valid; write SETSxREPS[@LOAD[kg|lb]][@rpeRPE]"
BAD = [
    ("3x5@", SYNTAX),
    ("3x", SYNTAX),
    ("x5", SYNTAX),
    ("3x5@85st", SYNTAX),
    ("3x5@-10", SYNTAX),
    ("3x5@85.125", SYNTAX),
    ("3x5@@rpe8", SYNTAX),
    ("3x5@rpe", SYNTAX),
    ("3x5@85@rpe8@rpe9", SYNTAX),
    ("3x5s5", SYNTAX),
    ("3*5", SYNTAX),
    ("5", SYNTAX),
    ("0x5", "sets must be 1-20; got 0"),
    ("21x5", "sets must be 1-20; got 21"),
    ("3x0", "reps must be 1-100; got 0"),
    ("3x101", "reps must be 1-100; got 101"),
    ("3x0s", "seconds must be 1-600; got 0"),
    ("3x601s", "seconds must be 1-600; got 601"),
    ("3x5@1000.5", "load must be 0-1000; got 1000.5"),
    ("3x5@85@rpe11", "RPE must be 1-10 in half steps; got 11"),
    ("3x5@85@rpe0", "RPE must be 1-10 in half steps; got 0"),
    ("3x5@85@rpe8.3", "RPE must be 1-10 in half steps; got 8.3"),
    ("bw", "alone is not valid; write the sets done with bodyweight, e.g. 3x12@bw"),
    ("rpe8", "an RPE belongs to a group of sets"),
]


@pytest.mark.parametrize(("text", "problem"), BAD)
def test_bad_notation_names_the_token(text: str, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_sets(f"1x5@80 {text}", KG)
    assert caught.value.field == "SETS"
    assert f"'{text}'" in str(caught.value)
    assert problem in str(caught.value)


def test_empty_text_is_refused() -> None:
    with pytest.raises(InputError, match="no sets given"):
        parse_sets("  ", KG)


def test_entry_rpe_is_checked() -> None:
    with pytest.raises(InputError, match="half steps"):
        parse_sets("3x5", KG, rpe=7.2)


# --- whole log entries ------------------------------------------------------------------------

CATALOGUE = load_catalogue()


def test_parse_log_resolves_names_and_keeps_groups() -> None:
    logged = parse_log(
        ["Squat", "1x5@80", "3x5@85", "sl", "rdl", "3x8@20@rpe7", "plank", "2x30s"],
        CATALOGUE.resolve,
        KG,
    )
    assert logged == (
        LoggedExercise("back-squat", (reps(5, 80.0),) + (reps(5, 85.0),) * 3),
        LoggedExercise("single-leg-romanian-deadlift", (reps(8, 20.0, rpe=7.0),) * 3),
        LoggedExercise("plank", (hold(30),) * 2),
    )


def test_parse_log_splits_tokens_with_spaces() -> None:
    assert parse_log(["deadlift 3x5@120"], CATALOGUE.resolve, KG) == (
        LoggedExercise("deadlift", (reps(5, 120.0),) * 3),
    )


def test_parse_log_applies_the_entry_rpe() -> None:
    (entry,) = parse_log(["squat", "3x5@100"], CATALOGUE.resolve, KG, rpe=8)
    assert {s.rpe for s in entry.sets} == {8.0}


@pytest.mark.parametrize(
    ("tokens", "message"),
    [
        (["3x5@85", "squat"], "'3x5@85' comes before any exercise"),
        (["bw", "squat", "3x5"], "'bw' comes before any exercise"),
        (["squat"], "'squat' has no sets"),
        (["squat", "3x5@100", "deadlift"], "'deadlift' has no sets"),
        ([], "nothing to log"),
        (["squat", "3x5@"], "'3x5@' is not valid"),
    ],
)
def test_parse_log_refuses_entries_it_cannot_read(tokens: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_log(tokens, CATALOGUE.resolve, KG)


def test_unknown_names_raise_the_catalogues_not_found() -> None:
    with pytest.raises(NotFound, match="bench press"):
        parse_log(["bench", "press", "3x5@60"], CATALOGUE.resolve, KG)


# --- formatting ---------------------------------------------------------------------------------


def test_format_groups_equal_neighbours_and_writes_units() -> None:
    sets = parse_sets("1x5@80 1x5@85 1x5@85@rpe8 2x30s 1x5@85", KG)
    assert format_sets(sets) == "1x5@80kg 1x5@85kg 1x5@85kg@rpe8 2x30s 1x5@85kg"


def test_format_splits_groups_past_the_set_limit() -> None:
    sets = (reps(5, 50.0),) * (MAX_SETS + 3)
    assert format_sets(sets) == "20x5@50kg 3x5@50kg"
    assert parse_sets(format_sets(sets), KG) == sets


def test_format_refuses_a_set_with_neither_reps_nor_seconds() -> None:
    with pytest.raises(ValueError, match="reps or seconds"):
        format_sets([LoggedSet(None, None, 10.0, KG, None)])


loads = st.one_of(st.none(), st.integers(min_value=0, max_value=100_000).map(lambda n: n / 100))
rpes = st.one_of(st.none(), st.integers(min_value=2, max_value=20).map(lambda n: n / 2))
one_set = st.builds(
    lambda timed, n, load, units, rpe: LoggedSet(
        reps=None if timed else n,
        seconds=n if timed else None,
        load=load,
        units=units if load is not None else KG,
        rpe=rpe,
    ),
    st.booleans(),
    st.integers(min_value=1, max_value=100),
    loads,
    st.sampled_from(Units),
    rpes,
)


@given(st.lists(one_set, min_size=1, max_size=40))
def test_format_then_parse_gives_the_same_sets(sets: list[LoggedSet]) -> None:
    assert parse_sets(format_sets(sets), KG) == tuple(sets)
