"""Load arithmetic: published formula values, the NSCA and RTS tables, rounding, parsing."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runstrong.core.loads import (
    FORMULAS,
    KG_PER_LB,
    LOW_CONFIDENCE_REPS,
    NSCA_PERCENT,
    RoundedLoad,
    default_implements,
    estimate_all,
    load_for,
    one_rm,
    parse_implements,
    parse_lift,
    percent_for_reps,
    plate_breakdown,
    reps_for_percent,
    rir_to_rpe,
    round_load,
    rpe_percent,
    to_units,
)
from runstrong.core.model import Equipment, Implements, Units
from runstrong.errors import InputError

KG = default_implements(Units.KG)
LB = default_implements(Units.LB)
BARBELL, DUMBBELL, KETTLEBELL = Equipment.BARBELL, Equipment.DUMBBELL, Equipment.KETTLEBELL


# --- 1RM formulas -----------------------------------------------------------------------------


def test_formula_names_in_spec_order() -> None:
    assert list(FORMULAS) == [
        "epley",
        "brzycki",
        "lander",
        "lombardi",
        "mayhew",
        "oconner",
        "wathan",
    ]


def test_estimates_for_100_x_5_worked_by_hand() -> None:
    assert estimate_all(100, 5) == {
        "epley": 116.67,  # 100 * (1 + 5/30) = 116.667
        "brzycki": 112.5,  # 100 * 36 / 32
        "lander": 113.71,  # 10000 / (101.3 - 13.35615) = 10000 / 87.94385
        "lombardi": 117.46,  # 100 * 5^0.1 = 100 * 1.174619
        "mayhew": 119.01,  # 10000 / (52.2 + 41.9 * e^-0.275) = 10000 / (52.2 + 31.8261)
        "oconner": 112.5,  # 100 * (1 + 0.125)
        "wathan": 116.58,  # 10000 / (48.8 + 53.8 * e^-0.375) = 10000 / (48.8 + 36.9762)
    }


def test_estimates_for_100_x_10_worked_by_hand() -> None:
    assert estimate_all(100, 10) == {
        "epley": 133.33,  # 100 * (1 + 10/30); equals Brzycki at 10 reps
        "brzycki": 133.33,  # 100 * 36 / 27
        "lander": 134.07,  # 10000 / (101.3 - 26.7123) = 10000 / 74.5877
        "lombardi": 125.89,  # 100 * 10^0.1 = 100 * 1.258925
        "mayhew": 130.93,  # 10000 / (52.2 + 41.9 * e^-0.55) = 10000 / (52.2 + 24.1738)
        "oconner": 125.0,  # 100 * (1 + 0.25)
        "wathan": 134.75,  # 10000 / (48.8 + 53.8 * e^-0.75) = 10000 / (48.8 + 25.4133)
    }


def test_one_rm_defaults_to_epley() -> None:
    assert one_rm(100, 5) == pytest.approx(116.6667, abs=1e-4)
    assert one_rm(80, 6, "brzycki") == pytest.approx(80 * 36 / 31)


@pytest.mark.parametrize("formula", list(FORMULAS))
def test_a_single_rep_is_the_1rm_for_every_formula(formula: str) -> None:
    assert one_rm(142.5, 1, formula) == 142.5


def test_thirty_reps_is_allowed_and_low_confidence_starts_above_ten() -> None:
    assert LOW_CONFIDENCE_REPS == 10
    assert one_rm(50, 30) == pytest.approx(100.0)


def test_unknown_formula_lists_the_allowed_ones() -> None:
    with pytest.raises(InputError) as err:
        one_rm(100, 5, "magic")
    assert err.value.field == "formula"
    assert "allowed: epley, brzycki, lander, lombardi, mayhew, oconner, wathan" in str(err.value)


@pytest.mark.parametrize("reps", [0, -1, 31, 100])
def test_reps_outside_1_to_30_are_refused(reps: int) -> None:
    with pytest.raises(InputError) as err:
        one_rm(100, reps)
    assert err.value.field == "reps"
    assert str(err.value) == f"reps: must be 1-30; got {reps}"


@pytest.mark.parametrize("weight", [0, -5, math.nan, math.inf])
def test_weight_must_be_positive_and_finite(weight: float) -> None:
    with pytest.raises(InputError) as err:
        one_rm(weight, 5)
    assert err.value.field == "weight"


weights = st.floats(min_value=1, max_value=500, allow_nan=False)


@given(weights, st.integers(1, 9), st.sampled_from(list(FORMULAS)))
def test_every_formula_rises_with_reps(weight: float, reps: int, formula: str) -> None:
    assert one_rm(weight, reps + 1, formula) > one_rm(weight, reps, formula)


@given(weights, weights, st.integers(1, 10), st.sampled_from(list(FORMULAS)))
def test_every_formula_rises_with_weight(a: float, b: float, reps: int, formula: str) -> None:
    low, high = sorted((a, b))
    assert one_rm(low, reps, formula) <= one_rm(high, reps, formula)


# --- NSCA %1RM table --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reps", "percent"),
    [(1, 100), (2, 95), (3, 93), (5, 87), (6, 85), (8, 80), (10, 75), (11, 70), (12, 67), (15, 65)],
)
def test_nsca_table(reps: int, percent: float) -> None:
    assert NSCA_PERCENT[reps] == percent
    assert percent_for_reps(reps) == percent


def test_13_and_14_reps_are_filled_between_12_and_15() -> None:
    assert percent_for_reps(13) == 66.0
    assert percent_for_reps(14) == 65.5


def test_past_15_reps_the_epley_inverse_takes_over_without_rising() -> None:
    assert percent_for_reps(16) == 65.0  # Epley would say 65.2: clamped to the 15-rep value
    assert percent_for_reps(20) == 60.0  # 100 / (1 + 20/30)
    assert percent_for_reps(30) == 50.0  # 100 / 2


@pytest.mark.parametrize("reps", [0, -3, 31])
def test_percent_for_reps_refuses_bad_reps(reps: int) -> None:
    with pytest.raises(InputError) as err:
        percent_for_reps(reps)
    assert err.value.field == "reps"


@given(st.integers(1, 30), st.integers(1, 30))
def test_percent_for_reps_never_rises(a: int, b: int) -> None:
    fewer, more = sorted((a, b))
    assert percent_for_reps(fewer) >= percent_for_reps(more)


@pytest.mark.parametrize(
    ("percent", "reps"), [(100, 1), (96, 1), (95, 2), (85, 6), (84, 6), (80, 8), (66, 13), (50, 30)]
)
def test_reps_for_percent(percent: float, reps: int) -> None:
    assert reps_for_percent(percent) == reps


@pytest.mark.parametrize("percent", [0, -10, 100.5])
def test_reps_for_percent_refuses_bad_percent(percent: float) -> None:
    with pytest.raises(InputError) as err:
        reps_for_percent(percent)
    assert err.value.field == "percent"


# --- RTS chart --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reps", "rpe", "percent"),
    [
        (1, 10, 100.0),
        (1, 9.5, 97.8),
        (5, 8, 81.1),
        (3, 9.5, 90.7),
        (12, 6, 57.4),
        (12, 6.5, 58.6),
        (8, 7, 70.7),
        (10, 8.5, 69.4),
        (6, 7.5, 77.4),
        (11, 10, 70.7),
        (12, 10, 68.0),
    ],
)
def test_rts_chart_cells(reps: int, rpe: float, percent: float) -> None:
    assert rpe_percent(reps, rpe) == percent


@given(st.integers(1, 11), st.sampled_from([6.0, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0]))
def test_one_rpe_step_is_one_rep(reps: int, rpe: float) -> None:
    assert rpe_percent(reps, rpe) == rpe_percent(reps + 1, rpe + 1)


@pytest.mark.parametrize(("reps", "rpe", "field"), [(0, 8, "reps"), (13, 8, "reps")])
def test_rts_chart_refuses_reps_off_the_chart(reps: int, rpe: float, field: str) -> None:
    with pytest.raises(InputError) as err:
        rpe_percent(reps, rpe)
    assert err.value.field == field


@pytest.mark.parametrize("rpe", [5.5, 10.5, 8.25, math.nan])
def test_rts_chart_refuses_rpe_off_the_chart(rpe: float) -> None:
    with pytest.raises(InputError) as err:
        rpe_percent(5, rpe)
    assert err.value.field == "rpe"


def test_rir_is_ten_minus_rpe() -> None:
    assert rir_to_rpe(2) == 8
    assert rir_to_rpe(0.5) == 9.5
    assert rpe_percent(5, rir_to_rpe(2)) == 81.1


# --- Units ------------------------------------------------------------------------------------


def test_unit_conversion() -> None:
    assert KG_PER_LB == 0.45359237
    assert to_units(100, Units.KG, Units.LB) == pytest.approx(220.462, abs=1e-3)
    assert to_units(45, Units.LB, Units.KG) == pytest.approx(20.412, abs=1e-3)
    assert to_units(60, Units.KG, Units.KG) == 60


@given(st.floats(min_value=0.1, max_value=2000))
def test_unit_round_trip(value: float) -> None:
    there = to_units(value, Units.KG, Units.LB)
    assert to_units(there, Units.LB, Units.KG) == pytest.approx(value)


# --- Default implements -----------------------------------------------------------------------


def test_default_kg_implements() -> None:
    assert KG.units is Units.KG
    assert KG.bar == 20
    assert KG.plates == (25, 20, 15, 10, 5, 2.5, 1.25)
    assert KG.dumbbells[:11] == (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12.5)
    assert KG.dumbbells[-3:] == (45, 47.5, 50)
    assert len(KG.dumbbells) == 10 + 16
    assert KG.kettlebells == (4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 28, 32, 36, 40, 48)


def test_default_lb_implements() -> None:
    assert LB.units is Units.LB
    assert LB.bar == 45
    assert LB.plates == (45, 35, 25, 10, 5, 2.5)
    assert LB.dumbbells[:7] == (2, 3, 5, 8, 10, 12, 15)
    assert LB.dumbbells[-1] == 100
    assert len(LB.dumbbells) == 20 + 4
    assert LB.kettlebells[-7:] == (53, 62, 70, 80, 88, 97, 106)


def test_default_implements_are_floats() -> None:
    for implements in (KG, LB):
        sizes = (implements.bar, *implements.plates, *implements.dumbbells, *implements.kettlebells)
        assert all(type(size) is float for size in sizes)


# --- Barbell rounding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "load", "plates"),
    [
        (102, 102.5, (25, 15, 1.25)),  # 20 + 2 * 41.25
        (100, 100, (25, 15)),
        (101.25, 100, (25, 15)),  # halfway between 100 and 102.5: down
        (101.3, 102.5, (25, 15, 1.25)),
        (60, 60, (20,)),
        (140, 140, (25, 25, 10)),
        (57.3, 57.5, (15, 2.5, 1.25)),
        (20, 20, ()),
        (15, 20, ()),  # below the bar: the bar alone
        (21.25, 20, ()),  # halfway to the first pair of 1.25s: down
        (21.3, 22.5, (1.25,)),
    ],
)
def test_barbell_kg(target: float, load: float, plates: tuple[float, ...]) -> None:
    assert round_load(target, BARBELL, KG) == RoundedLoad(load, plates)


@pytest.mark.parametrize(
    ("target", "load", "plates"),
    [
        (135, 135, (45,)),
        (137.5, 135, (45,)),  # tie: down
        (138, 140, (45, 2.5)),
        (185, 185, (45, 25)),
        (155, 155, (45, 10)),
        (225, 225, (45, 45)),
        (100, 100, (25, 2.5)),
        (40, 45, ()),
    ],
)
def test_barbell_lb(target: float, load: float, plates: tuple[float, ...]) -> None:
    assert round_load(target, BARBELL, LB) == RoundedLoad(load, plates)


ODD_PLATES = Implements(Units.KG, 20.0, (25.0, 20.0, 15.0), (), ())


def test_barbell_finds_exact_breakdowns_greedy_misses() -> None:
    # 35 a side: greedy takes 25 and is stuck with 10; 20 + 15 makes it.
    assert round_load(90, BARBELL, ODD_PLATES) == RoundedLoad(90, (20, 15))
    assert plate_breakdown(90, ODD_PLATES) == (20, 15)
    # 17.5 a side lies halfway between 15 and 20: down.
    assert round_load(55, BARBELL, ODD_PLATES) == RoundedLoad(50, (15,))


def test_barbell_without_plates_is_the_bar() -> None:
    bare = Implements(Units.KG, 15.0, (), (), ())
    assert round_load(40, BARBELL, bare) == RoundedLoad(15, ())


def test_plate_breakdown() -> None:
    assert plate_breakdown(102.5, KG) == (25, 15, 1.25)
    assert plate_breakdown(20, KG) == ()
    assert plate_breakdown(315, LB) == (45, 45, 45)


@pytest.mark.parametrize("load", [101, 103.75, 10, 21])
def test_plate_breakdown_refuses_loads_it_cannot_make(load: float) -> None:
    with pytest.raises(InputError) as err:
        plate_breakdown(load, KG)
    assert err.value.field == "load"
    assert "cannot be made" in str(err.value)


@given(st.floats(min_value=1, max_value=600, allow_nan=False), st.sampled_from([KG, LB]))
def test_barbell_total_is_bar_plus_plates(target: float, implements: Implements) -> None:
    rounded = round_load(target, BARBELL, implements)
    assert rounded.plates is not None
    assert rounded.load == implements.bar + 2 * sum(rounded.plates)
    assert list(rounded.plates) == sorted(rounded.plates, reverse=True)
    assert set(rounded.plates) <= set(implements.plates)
    if target >= implements.bar:
        assert abs(rounded.load - target) <= min(implements.plates)  # half the smallest pair
    assert plate_breakdown(rounded.load, implements) == rounded.plates


@given(
    st.lists(st.integers(1, 30), min_size=1, max_size=4, unique=True),
    st.integers(5, 25),
    st.floats(min_value=1, max_value=200, allow_nan=False),
)
def test_barbell_picks_the_nearest_total_ties_down(
    plates: list[int], bar: int, target: float
) -> None:
    implements = Implements(Units.KG, float(bar), tuple(map(float, plates)), (), ())
    # Every per-side sum up to 120, by brute force.
    sums = {0}
    for _ in range(120):
        sums |= {s + p for s in sums for p in plates if s + p <= 120}
    totals = sorted(bar + 2 * s for s in sums)
    expected = bar if target <= bar else min(totals, key=lambda t: (abs(t - target), t))
    rounded = round_load(target, BARBELL, implements)
    assert rounded.load == expected
    assert rounded.plates is not None
    assert rounded.load == bar + 2 * sum(rounded.plates)


# --- Dumbbells, kettlebells, everything else --------------------------------------------------


@pytest.mark.parametrize(
    ("implements", "equipment", "target", "load"),
    [
        (KG, DUMBBELL, 11.25, 10),  # between 10 and 12.5: down
        (KG, DUMBBELL, 11.3, 12.5),
        (KG, DUMBBELL, 7.4, 7),
        (KG, DUMBBELL, 0.5, 1),
        (KG, DUMBBELL, 80, 50),  # past the rack: the heaviest
        (LB, DUMBBELL, 6.5, 5),  # between 5 and 8: down
        (LB, DUMBBELL, 7, 8),
        (LB, DUMBBELL, 150, 100),
        (KG, KETTLEBELL, 22, 20),  # between 20 and 24: down
        (KG, KETTLEBELL, 23, 24),
        (KG, KETTLEBELL, 44, 40),
        (KG, KETTLEBELL, 60, 48),
        (LB, KETTLEBELL, 57.5, 53),  # between 53 and 62: down
        (LB, KETTLEBELL, 58, 62),
    ],
)
def test_nearest_implement(
    implements: Implements, equipment: Equipment, target: float, load: float
) -> None:
    assert round_load(target, equipment, implements) == RoundedLoad(load, None)


def test_no_dumbbells_configured() -> None:
    with pytest.raises(InputError) as err:
        round_load(10, DUMBBELL, ODD_PLATES)
    assert err.value.field == "equipment"


@pytest.mark.parametrize(
    ("implements", "target", "load"),
    [(KG, 10.25, 10), (KG, 10.3, 10.5), (KG, 0.2, 0.5), (LB, 10.5, 10), (LB, 10.6, 11)],
)
def test_other_equipment_rounds_to_half_kg_or_one_lb(
    implements: Implements, target: float, load: float
) -> None:
    assert round_load(target, Equipment.SLED, implements) == RoundedLoad(load, None)


@pytest.mark.parametrize("target", [0, -10, math.nan, math.inf])
def test_round_load_refuses_bad_targets(target: float) -> None:
    with pytest.raises(InputError):
        round_load(target, BARBELL, KG)


def test_rounded_load_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        RoundedLoad(20, ()).load = 30  # type: ignore[misc]


def test_load_for() -> None:
    # 83% of 100 = 83: 31.5 a side lies between 31.25 and 32.5 -> 82.5
    assert load_for(100, 83, BARBELL, KG) == RoundedLoad(82.5, (25, 5, 1.25))
    assert load_for(100, 87, DUMBBELL, KG) == RoundedLoad(50, None)
    assert load_for(40, 60, KETTLEBELL, KG) == RoundedLoad(24, None)
    # 80% of 315 lb = 252: 103.5 a side lies between 102.5 and 105 -> 250
    assert load_for(315, 80, BARBELL, LB) == RoundedLoad(250, (45, 45, 10, 2.5))


@pytest.mark.parametrize(
    ("one_rm_", "percent", "field"),
    [(0, 80, "one_rm"), (-100, 80, "one_rm"), (100, 0, "percent"), (100, 101, "percent")],
)
def test_load_for_refuses_bad_input(one_rm_: float, percent: float, field: str) -> None:
    with pytest.raises(InputError) as err:
        load_for(one_rm_, percent, BARBELL, KG)
    assert err.value.field == field


# --- --lift -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("back-squat=100", ("back-squat", 100.0, 1)),
        ("romanian-deadlift=80x6", ("romanian-deadlift", 80.0, 6)),
        ("rdl=82.5X5", ("rdl", 82.5, 5)),
        ("Back-Squat=100", ("back-squat", 100.0, 1)),
        ("step-up-2=12.25x10", ("step-up-2", 12.25, 10)),
        ("squat=1000", ("squat", 1000.0, 1)),
        (" squat=60x1 ", ("squat", 60.0, 1)),
    ],
)
def test_parse_lift(text: str, parsed: tuple[str, float, int]) -> None:
    assert parse_lift(text) == parsed


MALFORMED = [
    "xyz",
    "",
    "back-squat",
    "=100",
    "back-squat=",
    "back-squat=100kg",
    "back-squat=-5",
    "back squat=100",
    "back_squat=100",
    "-squat=100",
    "squat-=100",
    "squat==100",
    "squat=1e3",
    "squat=nan",
    "squat=.5",
    "squat=100.",
    "squat=8,5",
    "rdl=80x",
    "rdl=x5",
    "rdl=80x5x3",
    "rdl=80*5",
    "rdl=80x5.5",
    "squat=\u0663",  # an Arabic-Indic digit
]


@pytest.mark.parametrize("text", MALFORMED)
def test_parse_lift_refuses_malformed_text(text: str) -> None:
    with pytest.raises(InputError) as err:
        parse_lift(text)
    assert str(err.value) == (
        f"lifts: expected ID=LOAD or ID=LOADxREPS, e.g. back-squat=100 or rdl=80x6; got {text!r}"
    )


@pytest.mark.parametrize(
    "text",
    ["squat=0", "squat=0.0", "squat=1000.5", "squat=5000", "rdl=80x0", "rdl=80x11", "rdl=80x31"],
)
def test_parse_lift_refuses_out_of_range_numbers(text: str) -> None:
    with pytest.raises(InputError) as err:
        parse_lift(text)
    assert err.value.field == "lifts"
    assert repr(text) in str(err.value)


# --- [implements] config ----------------------------------------------------------------------


def test_parse_implements_defaults_when_empty() -> None:
    assert parse_implements({}, Units.KG, "config.toml") == KG
    assert parse_implements({}, Units.LB, "config.toml") == LB


def test_parse_implements_overrides_and_sorts() -> None:
    home = parse_implements(
        {"bar": 15, "plates": [2.5, 20, 10, 5, 10], "kettlebells": [16, 8, 12]},
        Units.KG,
        "config.toml",
    )
    assert home == Implements(Units.KG, 15.0, (20, 10, 5, 2.5), KG.dumbbells, (8, 12, 16))
    assert type(home.bar) is float
    assert round_load(52, BARBELL, home) == RoundedLoad(50, (10, 5, 2.5))


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"barbell": 20}, "barbell"),
        ({"bar": 0}, "bar"),
        ({"bar": -20}, "bar"),
        ({"bar": "20"}, "bar"),
        ({"bar": True}, "bar"),
        ({"bar": math.inf}, "bar"),
        ({"plates": []}, "plates"),
        ({"plates": 20}, "plates"),
        ({"plates": [20, -5]}, "plates"),
        ({"dumbbells": ["10"]}, "dumbbells"),
        ({"kettlebells": [math.nan]}, "kettlebells"),
    ],
)
def test_parse_implements_names_the_bad_key(data: dict[str, object], key: str) -> None:
    with pytest.raises(InputError) as err:
        parse_implements(data, Units.LB, "/home/ana/.config/runstrong/config.toml")
    assert err.value.field == f"/home/ana/.config/runstrong/config.toml: [implements.lb].{key}"
