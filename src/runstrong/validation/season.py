"""Season rules on a plan's JSON: phase order, deloads, progression, taper, recovery, warm-ups.

Independent of the planner (docs/seasons.md holds the same rules in words); stdlib only, and it
never raises on a malformed document: what it cannot read it leaves to the structural checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from runstrong.validation.violation import Violation

PHASE_ORDER = ("off-season", "pre-season", "in-season", "taper", "recovery")
LOADING_PHASES = ("off-season", "pre-season", "in-season")
MAX_LOADING_WEEKS = 3  # 3:1 (Bell et al. 2023; research 3.6)
# Last heavy session before the race, in days (research 3.4): 7 before 5-10 km and the shorter
# track races, 10 before a half, a marathon or longer.
LAST_HEAVY = {
    "800m": 7,
    "1500m": 7,
    "mile": 7,
    "3000m": 7,
    "3000m-steeple": 7,
    "5k": 7,
    "10k": 7,
    "half": 10,
    "marathon": 10,
    "ultra": 10,
}
FAMILIARISATION_WEEKS = 2  # a novice's first weeks are not loading weeks (first-exposure)
EASED_RIR = 3  # lifts left 3+ reps short are eased on purpose, outside the ladder
FINAL_DAYS = 7  # the last 7 days: at most one short, light session
QUIET_AFTER = 2  # no strength in the 2 days after a race
# A week's ground contacts: the session table's top figure (advanced, 150 pre-season, about half in
# season) times the most jump days (3); per-runner figures are checked by plyo-contacts/plyo-days.
WEEKLY_CONTACTS = {"pre-season": 450, "in-season": 225}


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _num(value: object) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok else None  # type: ignore[arg-type]


def _dicts(value: object) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


def check_season(doc: dict[str, Any]) -> list[Violation]:
    """Every season rule; [] for plans these rules do not concern."""
    weeks = list(_dicts(doc.get("weeks")))
    out: list[Violation] = []
    _phase_order(weeks, out)
    novice = doc.get("experience") == "novice"
    _deload_cadence(weeks[FAMILIARISATION_WEEKS:] if novice else weeks, out)
    _progression(weeks, out)
    _weekly_contacts(weeks, out)
    _warmups(weeks, out)
    race = _date(doc.get("race"))
    if race is not None:
        distance = doc.get("race_distance")
        _taper(weeks, race, LAST_HEAVY.get(distance if isinstance(distance, str) else "", 10), out)
    return out


def _where(week: dict[str, Any], session: dict[str, Any] | None = None) -> str:
    text = f"week {week.get('index')}"
    if session is not None:
        text += f", {session.get('date')} ({session.get('day')})"
    return text


def _phase_order(weeks: list[dict[str, Any]], out: list[Violation]) -> None:
    """phase-order: off-season, pre-season, in-season, taper, recovery; never backwards."""
    highest = -1
    for week in weeks:
        phase = week.get("phase")
        if phase not in PHASE_ORDER:
            continue
        rank = PHASE_ORDER.index(phase)
        if rank < highest:
            out.append(
                Violation(
                    "phase-order",
                    _where(week),
                    f"{phase} after {PHASE_ORDER[highest]}; phases run off-season, pre-season, "
                    "in-season, taper, recovery",
                )
            )
        highest = max(highest, rank)


def _deload_cadence(weeks: list[dict[str, Any]], out: list[Violation]) -> None:
    """deload-cadence: at most three loading weeks in a row, then a lighter week."""
    run = 0
    for week in weeks:
        loading = week.get("phase") in LOADING_PHASES and week.get("deload") is False
        run = run + 1 if loading else 0
        if run > MAX_LOADING_WEEKS:
            out.append(
                Violation(
                    "deload-cadence",
                    _where(week),
                    f"{run} loading weeks in a row; a lighter week comes after {MAX_LOADING_WEEKS}",
                )
            )


def _lifts(week: dict[str, Any]) -> dict[str, float]:
    """The highest %1RM of each exercise in a week."""
    found: dict[str, float] = {}
    for session in _dicts(week.get("sessions")):
        for ex in _dicts(session.get("exercises")):
            percent = _num(ex.get("percent_1rm"))
            rir = _num(ex.get("rir"))
            if rir is not None and rir >= EASED_RIR:
                continue  # light on purpose (a limitation, tired legs, a skill): not a rung
            if isinstance(ex.get("id"), str) and percent is not None:
                found[ex["id"]] = max(found.get(ex["id"], 0.0), percent)
    return found


def _progression(weeks: list[dict[str, Any]], out: list[Violation]) -> None:
    """progression: inside a block, a lift's intensity never drops from week to week."""
    previous: dict[str, Any] | None = None
    for week in weeks:
        loading = week.get("phase") in LOADING_PHASES and week.get("deload") is False
        if not loading:
            previous = None
            continue
        same_block = previous is not None and previous.get("block") == week.get("block")
        if same_block and previous is not None and previous.get("phase") == week.get("phase"):
            before, now = _lifts(previous), _lifts(week)
            for lift, percent in now.items():
                if lift in before and percent < before[lift] - 1e-9:
                    out.append(
                        Violation(
                            "progression",
                            f"{_where(week)}, {lift}",
                            f"{percent:g}% after {before[lift]:g}% the week before; "
                            "inside a block the intensity rises or holds",
                        )
                    )
        previous = week


def _weekly_contacts(weeks: list[dict[str, Any]], out: list[Violation]) -> None:
    """plyo-weekly: a week's ground contacts stay inside the phase's weekly cap."""
    for week in weeks:
        total = 0.0
        for session in _dicts(week.get("sessions")):
            for ex in _dicts(session.get("exercises")):
                total += _num(ex.get("contacts")) or 0.0
        cap = WEEKLY_CONTACTS.get(str(week.get("phase")))
        if cap is not None and total > cap:
            out.append(
                Violation(
                    "plyo-weekly",
                    _where(week),
                    f"{total:g} ground contacts; {week.get('phase')} weeks allow {cap}",
                )
            )


def _warmups(weeks: list[dict[str, Any]], out: list[Violation]) -> None:
    """warmup: ramp-up sets climb and stay under the working intensity and load."""
    for week in weeks:
        for session in _dicts(week.get("sessions")):
            for ex in _dicts(session.get("exercises")):
                sets = list(_dicts(ex.get("warmup")))
                working = _num(ex.get("percent_1rm"))
                load = _num(ex.get("load"))
                percents = [_num(s.get("percent_1rm")) for s in sets]
                loads = [_num(s.get("load")) for s in sets]
                where = f"{_where(week, session)}, {ex.get('id')}"
                if not sets:
                    continue
                if working is None or any(p is None for p in percents):
                    out.append(Violation("warmup", where, "ramp-up sets need a working %1RM"))
                    continue
                climbing = all(
                    a is not None and b is not None and a < b for a, b in pairwise(percents)
                )
                under = all(p is not None and p < working for p in percents)
                lighter = load is None or all(x is None or x <= load for x in loads)
                if not (climbing and under and lighter):
                    out.append(
                        Violation(
                            "warmup",
                            where,
                            "ramp-up sets must climb and stay lighter than the working sets",
                        )
                    )


def _taper(
    weeks: list[dict[str, Any]], race: dt.date, last_heavy: int, out: list[Violation]
) -> None:
    """taper and recovery: nothing heavy late, one light session at most in the final days,
    none on race day or just after, and one light session at most in the recovery week."""
    final: list[str] = []
    for week in weeks:
        recovery = week.get("phase") == "recovery"
        sessions = list(_dicts(week.get("sessions")))
        if recovery and len(sessions) > 1:
            out.append(Violation("recovery", _where(week), f"{len(sessions)} sessions; at most 1"))
        for session in sessions:
            date = _date(session.get("date"))
            if date is None:
                continue
            where = _where(week, session)
            before = (race - date).days
            exercises = list(_dicts(session.get("exercises")))
            heavy = any(
                _num(ex.get("percent_1rm")) is not None or (_num(ex.get("contacts")) or 0) > 0
                for ex in exercises
            )
            if 0 < before < last_heavy and heavy:
                out.append(
                    Violation(
                        "taper",
                        where,
                        f"heavy or jumping work {before} days before the race; the last comes "
                        f"{last_heavy} or more days before",
                    )
                )
            if 0 < before < FINAL_DAYS:
                final.append(where)
                if session.get("kind") != "activation":
                    out.append(
                        Violation(
                            "taper", where, "the final days hold only a light activation session"
                        )
                    )
            if -QUIET_AFTER <= before < 0:
                out.append(
                    Violation(
                        "recovery",
                        where,
                        f"a session {-before} days after the race; none within {QUIET_AFTER}",
                    )
                )
            if recovery and session.get("kind") != "activation":
                out.append(Violation("recovery", where, "the recovery week is light work only"))
    if len(final) > 1:
        out.append(
            Violation(
                "taper",
                "; ".join(final),
                f"{len(final)} sessions in the last {FINAL_DAYS} days; at most one",
            )
        )
