"""The athlete's kit: equipment, units and implements, apart from the rest of the model so
`runstrong load` starts without it (issue 11, part 9); core/model.py re-exports each name."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Equipment(StrEnum):
    """The closed list of equipment an exercise can need."""

    BARBELL = "barbell"
    DUMBBELL = "dumbbell"
    KETTLEBELL = "kettlebell"
    TRX = "trx"
    BAND = "band"
    STABILITY_BALL = "stability-ball"
    BOX = "box"
    BENCH = "bench"
    JUMP_ROPE = "jump-rope"
    WOBBLE_BOARD = "wobble-board"
    PULL_UP_BAR = "pull-up-bar"
    BATTLE_ROPES = "battle-ropes"
    SLED = "sled"
    HILL = "hill"
    NONE = "none"


class Units(StrEnum):
    """Units of load."""

    KG = "kg"
    LB = "lb"


@dataclass(frozen=True)
class Implements:
    """What the athlete's weights allow, in their units; loads are rounded to these."""

    units: Units
    bar: float
    plates: tuple[float, ...]  # plate sizes available, in pairs
    dumbbells: tuple[float, ...]  # dumbbell weights available
    kettlebells: tuple[float, ...]  # kettlebell sizes available
