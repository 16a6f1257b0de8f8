"""Readiness: a day's check-in read against the runner's own recent days, and today's session
lightened by rules with ids (docs/readiness.md). A lightened session is never heavier.

Scales (1-10, each number means what its word says): sleep quality and motivation, 10 = best;
muscle soreness and stress, 10 = worst. Items from the Hooper index (Hooper & Mackinnon 1995,
*Sports Med* 20:321: sleep, stress, fatigue, muscle soreness) and McLean et al. 2010 (*Int J Sports
Physiol Perform* 5:367: sleep quality, soreness, stress, mood), on 1-10 instead of 1-5/1-7.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

from runstrong.core import loads
from runstrong.core.kit import Equipment, Implements
from runstrong.core.model import (
    Category,
    Experience,
    Goal,
    Limitation,
    Loading,
    Phase,
    Prescription,
)
from runstrong.errors import InputError

if TYPE_CHECKING:
    from runstrong.core.catalogue import Catalogue

# --- the check-in ---------------------------------------------------------------------------------

SCALE = (1, 10)
ITEMS: dict[str, str] = {  # each item and what its 10 means
    "sleep": "10 = slept very well",
    "soreness": "10 = very sore",
    "stress": "10 = very stressed",
    "motivation": "10 = very keen to train",
}
RESTING_HR = (25, 150)  # bpm: a typo guard; a resting heart rate outside it is not a resting one
HRV = (1.0, 300.0)  # rMSSD in ms: a typo guard around what wrist and chest straps report
OPTIONAL = {"rhr": "resting heart rate in bpm", "hrv": "HRV as rMSSD in ms"}


@dataclass(frozen=True)
class CheckIn:
    """One morning's answers; `resting_hr` and `hrv` only when the runner typed them."""

    day: dt.date
    sleep: int
    soreness: int
    stress: int
    motivation: int
    resting_hr: int | None = None
    hrv: float | None = None

    def wellness(self) -> float:
        """The four items on one scale, 10 = best (soreness and stress turned round)."""
        top = SCALE[1] + 1
        return (self.sleep + (top - self.soreness) + (top - self.stress) + self.motivation) / 4


def _whole(field: str, key: str, text: str, low: int, high: int, meaning: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 4 or not low <= int(text) <= high:
        shown = text if len(text) <= 20 else f"{text[:20]}..."
        name = f"{key} " if field != key else ""
        raise InputError(
            field, f"{name}must be a whole number {low}-{high} ({meaning}); got '{shown}'"
        )
    return int(text)


_DECIMAL = re.compile(r"\d{1,4}(\.\d{1,2})?", re.ASCII)


def parse_readiness(text: str, day: dt.date, field: str = "readiness") -> CheckIn:
    """`sleep=5,soreness=7,stress=6[,motivation=8,rhr=52,hrv=61.5]` as a CheckIn; an error names
    `field`, the key and what it allows. Motivation is the scale's middle when left out."""
    values: dict[str, str] = {}
    allowed = [*ITEMS, *OPTIONAL]
    for part in text.split(","):
        key, sep, value = (x.strip() for x in part.partition("="))
        key = key.lower()
        if not sep or not key:
            shown = part.strip()[:30]
            raise InputError(field, f"expected KEY=VALUE pairs such as sleep=5; got '{shown}'")
        if key not in allowed:
            raise InputError(field, f"unknown key '{key[:30]}'; allowed: {', '.join(allowed)}")
        if key in values:
            raise InputError(field, f"{key} is given twice")
        values[key] = value
    return from_items(values, day, field)


def from_items(values: Mapping[str, str], day: dt.date, field: str | None = None) -> CheckIn:
    """A CheckIn from each item's text (a form's fields); an error names `field`, or the item
    itself when `field` is None."""
    missing = [k for k in ("sleep", "soreness", "stress") if values.get(k) in (None, "")]
    if missing:
        raise InputError(
            field or missing[0], f"{missing[0]} is missing: sleep, soreness and stress are needed"
        )
    low, high = SCALE
    found = {
        k: _whole(field or k, k, values[k].strip(), low, high, meaning)
        for k, meaning in ITEMS.items()
        if values.get(k) not in (None, "")
    }
    rhr = hrv = None
    if values.get("rhr") not in (None, ""):
        rhr = _whole(field or "rhr", "rhr", values["rhr"].strip(), *RESTING_HR, OPTIONAL["rhr"])
    if values.get("hrv") not in (None, ""):
        raw = values["hrv"].strip()
        if not _DECIMAL.fullmatch(raw) or not HRV[0] <= float(raw) <= HRV[1]:
            name = "hrv " if field else ""
            raise InputError(
                field or "hrv",
                f"{name}must be a number {HRV[0]:g}-{HRV[1]:g} ({OPTIONAL['hrv']}); "
                f"got '{raw[:20]}'",
            )
        hrv = float(raw)
    return CheckIn(
        day=day,
        sleep=found["sleep"],
        soreness=found["soreness"],
        stress=found["stress"],
        motivation=found.get("motivation", MIDDLE),
        resting_hr=rhr,
        hrv=hrv,
    )


MIDDLE = 5  # motivation when the runner leaves it out: neither keen nor reluctant


def checked(checkin: CheckIn) -> CheckIn:
    """The same check-in, refused (InputError naming the item) when a value is off its scale."""
    low, high = SCALE
    for key, meaning in ITEMS.items():
        value = getattr(checkin, key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InputError(key, f"must be a whole number {low}-{high} ({meaning}); got {value}")
    rhr = checkin.resting_hr
    if rhr is not None and (isinstance(rhr, bool) or not RESTING_HR[0] <= rhr <= RESTING_HR[1]):
        raise InputError("rhr", f"must be {RESTING_HR[0]}-{RESTING_HR[1]} bpm; got {rhr}")
    hrv = checkin.hrv
    if hrv is not None and (not math.isfinite(hrv) or not HRV[0] <= hrv <= HRV[1]):
        raise InputError("hrv", f"must be {HRV[0]:g}-{HRV[1]:g} ms (rMSSD); got {hrv}")
    return checkin


# --- the rules ------------------------------------------------------------------------------------


class Level(Enum):
    """How far a finding lightens: amber trims the session, red swaps it for activation work."""

    AMBER = "amber"
    RED = "red"


@dataclass(frozen=True)
class Rule:
    """A readiness rule as docs/readiness.md lists it."""

    id: str
    trigger: str
    action: str
    source: str


SORE = 7  # soreness at or above: the worst 4 of 10, as "2 or less of 5" on McLean's 1-5 items
POOR_SLEEP = 4  # sleep quality at or below (10 = best): runstrong's convention
HIGH_STRESS = 7  # stress at or above: runstrong's convention, mirroring soreness
VERY_POOR = 3.0  # overall wellness (mean of the four, 10 = best) at or below: swap
RHR_RISE = 7  # bpm over the mean of the 7 days before: runstrong's convention
HRV_AMBER_SD = 0.5  # ln rMSSD under the 7-day mean by more than 0.5 SD (smallest worthwhile change)
HRV_RED_SD = 1.0  # ... by more than 1 SD (Kiviniemi et al. 2007's reference)
BASELINE_DAYS = 7
MIN_READINGS = 3  # readings in those days before a baseline is trusted (Plews et al. 2014)
LOAD_SPIKE = 1.5  # acute:chronic running-load ratio above this (Gabbett 2016's upper line)
RIR_PERCENT_STEP = 2.5  # %1RM taken off per rep in reserve added where the NSCA table is flat

RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "readiness-soreness",
            f"muscle soreness {SORE} or more of 10",
            "drop the jumps and the Nordic curls; a set less of each exercise; "
            "a rep more in reserve (a lower %1RM)",
            "research 9.2 (amber: soreness item in the worst 2 of 5, McLean et al. 2010); "
            "research 6 (skip the plyometric block when sore); the 1-10 line is runstrong's",
        ),
        Rule(
            "readiness-sleep-stress",
            f"sleep quality {POOR_SLEEP} or less, or stress {HIGH_STRESS} or more, of 10",
            "a set less of each exercise; a rep more in reserve",
            "Hooper & Mackinnon 1995 (sleep and stress track overreaching); research 9.2 "
            "(amber: sets cut, RIR +1-2); thresholds are runstrong's convention",
        ),
        Rule(
            "readiness-resting-hr",
            f"resting heart rate {RHR_RISE}+ bpm above the mean of the {BASELINE_DAYS} days "
            f"before ({MIN_READINGS}+ readings)",
            "as poor sleep: a set less, a rep more in reserve",
            "runstrong's convention (a rise beyond day-to-day noise of a few bpm; "
            "Buchheit 2014, Front Physiol 5:73 [unverified])",
        ),
        Rule(
            "readiness-hrv",
            f"ln rMSSD below the {BASELINE_DAYS}-day mean - {HRV_AMBER_SD} SD ({MIN_READINGS}+ "
            f"readings); red below mean - {HRV_RED_SD} SD",
            "amber: a set less, a rep more in reserve; red: the activation session",
            "Plews et al. 2013 (Sports Med 43:773, smallest worthwhile change); Vesterinen et al. "
            "2016; Kiviniemi et al. 2007 (mean - 1 SD); Plews et al. 2014 (3+ readings)",
        ),
        Rule(
            "readiness-load-spike",
            f"running load's acute:chronic ratio above {LOAD_SPIKE}",
            "drop the jumps",
            "Gabbett 2016 (1.5 and above); a flag, not a prediction (Impellizzeri et al. 2021)",
        ),
        Rule(
            "readiness-low",
            f"overall wellness {VERY_POOR:g} or less of 10, two amber findings, or a red HRV",
            "swap the session for the activation session (light, familiar, no load, no jumps)",
            "research 9.2 (red: two ambers or red HRV -> mobility or activation, never load); "
            "the wellness line is runstrong's convention",
        ),
    )
}


@dataclass(frozen=True)
class Finding:
    """One rule that fired today, and why, in numbers."""

    rule: str
    level: Level
    reason: str


@dataclass(frozen=True)
class Verdict:
    """What today's check-in asks of the session."""

    findings: tuple[Finding, ...] = ()
    swap: bool = False
    drop_jumps: bool = False
    drop_eccentric: bool = False
    cut_sets: int = 0
    add_rir: int = 0

    @property
    def lightens(self) -> bool:
        """True when anything changes."""
        return bool(self.findings)


def _baseline(values: Sequence[float]) -> tuple[float, float] | None:
    """Mean and SD, or None with too few readings to trust (Plews et al. 2014)."""
    if len(values) < MIN_READINGS:
        return None
    return statistics.fmean(values), statistics.pstdev(values)


def _window(history: Iterable[CheckIn], day: dt.date) -> list[CheckIn]:
    first = day - dt.timedelta(days=BASELINE_DAYS)
    return [c for c in history if first <= c.day < day]


def _resting_hr(today: CheckIn, before: list[CheckIn]) -> Finding | None:
    """readiness-resting-hr: today's resting HR against the 7 days before."""
    if today.resting_hr is None:
        return None
    base = _baseline([float(c.resting_hr) for c in before if c.resting_hr is not None])
    if base is None or today.resting_hr < base[0] + RHR_RISE:
        return None
    return Finding(
        "readiness-resting-hr",
        Level.AMBER,
        f"resting heart rate {today.resting_hr} bpm, {today.resting_hr - base[0]:.0f} above "
        f"your {BASELINE_DAYS}-day mean of {base[0]:.0f}",
    )


def _hrv(today: CheckIn, before: list[CheckIn]) -> Finding | None:
    """readiness-hrv: today's ln rMSSD against the band of the 7 days before."""
    if today.hrv is None:
        return None
    base = _baseline([math.log(c.hrv) for c in before if c.hrv is not None])
    if base is None:
        return None
    mean, sd = base
    now = math.log(today.hrv)
    if now >= mean - HRV_AMBER_SD * sd or now >= mean:
        return None
    level = Level.RED if sd > 0 and now < mean - HRV_RED_SD * sd else Level.AMBER
    band = f"mean - {HRV_RED_SD if level is Level.RED else HRV_AMBER_SD:g} SD"
    return Finding(
        "readiness-hrv",
        level,
        f"HRV {today.hrv:g} ms, below your {BASELINE_DAYS}-day band ({band}; mean "
        f"{math.exp(mean):.0f} ms)",
    )


def assess(
    today: CheckIn, history: Iterable[CheckIn] = (), load_ratio: float | None = None
) -> Verdict:
    """Today's findings from the check-in, the runner's days before it and, when the caller has
    it, the running load's acute:chronic ratio; and what they ask of the session."""
    before = _window(history, today.day)
    found: list[Finding] = []
    if today.soreness >= SORE:
        found.append(
            Finding("readiness-soreness", Level.AMBER, f"soreness {today.soreness}/10 ({SORE}+)")
        )
    tired = []
    if today.sleep <= POOR_SLEEP:
        tired.append(f"sleep {today.sleep}/10 ({POOR_SLEEP} or less)")
    if today.stress >= HIGH_STRESS:
        tired.append(f"stress {today.stress}/10 ({HIGH_STRESS}+)")
    if tired:
        found.append(Finding("readiness-sleep-stress", Level.AMBER, ", ".join(tired)))
    for check in (_resting_hr, _hrv):
        finding = check(today, before)
        if finding is not None:
            found.append(finding)
    if load_ratio is not None:
        if not math.isfinite(load_ratio) or load_ratio < 0:
            raise InputError("load_ratio", f"must be a number of 0 or more; got {load_ratio}")
        if load_ratio > LOAD_SPIKE:
            found.append(
                Finding(
                    "readiness-load-spike",
                    Level.AMBER,
                    f"running load {load_ratio:.2f} times your usual (acute:chronic, over "
                    f"{LOAD_SPIKE:g})",
                )
            )
    ambers = [f for f in found if f.level is Level.AMBER]
    reds = [f for f in found if f.level is Level.RED]
    wellness = today.wellness()
    low = []
    if wellness <= VERY_POOR:
        low.append(f"overall wellness {wellness:.1f}/10 ({VERY_POOR:g} or less)")
    if len(ambers) >= 2:
        low.append(f"{len(ambers)} amber findings")
    if reds:
        low.append("HRV far below your band")
    if low:
        found.append(Finding("readiness-low", Level.RED, "; ".join(low)))
    ids = {f.rule for f in found}
    trims = ids & {"readiness-soreness", "readiness-sleep-stress", "readiness-resting-hr"}
    trims |= {f.rule for f in ambers if f.rule == "readiness-hrv"}
    return Verdict(
        findings=tuple(found),
        swap=bool(low),
        drop_jumps=bool(ids & {"readiness-soreness", "readiness-load-spike"}),
        drop_eccentric="readiness-soreness" in ids,
        cut_sets=1 if trims else 0,
        add_rir=1 if trims else 0,
    )


# --- lightening a planned session -----------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One thing the rules changed, for the runner to read: never silent."""

    rule: str
    exercise: str | None  # None: the whole session
    what: str


def _rules_of(verdict: Verdict, *wanted: str) -> str:
    """The first of `wanted` that fired: the rule a change is reported under."""
    ids = [f.rule for f in verdict.findings]
    return next((w for w in wanted if w in ids), wanted[0])


_TRIMS = ("readiness-soreness", "readiness-sleep-stress", "readiness-resting-hr", "readiness-hrv")


def _lower_percent(percent: float, reps_max: int, rir: int, more: int) -> float:
    """%1RM with `more` reps in reserve at the same reps: the NSCA table's step, at least 2.5."""
    step = loads.percent_for_reps(reps_max + rir) - loads.percent_for_reps(reps_max + rir + more)
    return max(round(percent - max(step, RIR_PERCENT_STEP * more), 1), 1.0)


def _implement(item: Mapping[str, Any]) -> Equipment:
    kit = [str(e) for e in item.get("equipment") or []]
    for kind in (Equipment.BARBELL, Equipment.DUMBBELL, Equipment.KETTLEBELL):
        if kind.value in kit:
            return kind
    return Equipment(kit[0]) if kit else Equipment.NONE


def _trim(
    item: dict[str, Any], verdict: Verdict, kit: Implements
) -> tuple[dict[str, Any], list[Change]]:
    """One exercise with a set less and a rep more in reserve (its load lowered to match)."""
    rule = _rules_of(verdict, *_TRIMS)
    out = dict(item)
    changes: list[Change] = []
    ident = str(item.get("id"))
    sets = item.get("sets")
    if isinstance(sets, int) and sets > 1 and verdict.cut_sets:
        out["sets"] = max(1, sets - verdict.cut_sets)
        contacts = item.get("contacts")
        if isinstance(contacts, int):
            out["contacts"] = contacts * out["sets"] // sets
        changes.append(Change(rule, ident, f"{sets} -> {out['sets']} sets"))
    rir = item.get("rir")
    if verdict.add_rir and isinstance(rir, int | float):
        out["rir"] = rir + verdict.add_rir
        what = f"stop {out['rir']:g} reps short (was {rir:g})"
        percent, reps_max = item.get("percent_1rm"), item.get("reps_max") or item.get("reps")
        if isinstance(percent, int | float) and isinstance(reps_max, int):
            lower = _lower_percent(float(percent), reps_max, int(rir), verdict.add_rir)
            out["percent_1rm"] = lower
            what += f", {percent:g}% -> {lower:g}% 1RM"
            one_rm, load = item.get("one_rm"), item.get("load")
            if isinstance(one_rm, int | float) and isinstance(load, int | float) and one_rm > 0:
                rounded = loads.load_for(float(one_rm), lower, _implement(item), kit)
                if rounded.load < load:
                    out["load"] = rounded.load
                    out["plates"] = None if rounded.plates is None else list(rounded.plates)
                    what += f" ({load:g} -> {rounded.load:g} {kit.units.value})"
        out["warmup"] = [w for w in item.get("warmup") or [] if _lighter_warmup(w, out)]
        changes.append(Change(rule, ident, what))
    return out, changes


def _lighter_warmup(step: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
    """A ramp-up set is kept while it stays under the (lowered) working load."""
    load, work = step.get("load"), item.get("load")
    if isinstance(load, int | float) and isinstance(work, int | float):
        return load < work
    percent, working = step.get("percent_1rm"), item.get("percent_1rm")
    if isinstance(percent, int | float) and isinstance(working, int | float):
        return percent < working
    return True


def _dropped(item: Mapping[str, Any], verdict: Verdict) -> str | None:
    """The rule that drops this exercise today, if one does."""
    jumps = item.get("loading") == "contacts" or item.get("category") == "plyometric"
    if jumps and verdict.drop_jumps:
        return _rules_of(verdict, "readiness-soreness", "readiness-load-spike")
    if item.get("eccentric") and verdict.drop_eccentric:
        return "readiness-soreness"
    return None


@dataclass(frozen=True)
class Lightened:
    """Today's session as planned, as lightened, and every change with its rule."""

    original: dict[str, Any]
    session: dict[str, Any]
    verdict: Verdict
    changes: tuple[Change, ...]


def lighten(
    session: dict[str, Any],
    verdict: Verdict,
    kit: Implements,
    activation: list[dict[str, Any]] | None = None,
    activation_minutes: int = 0,
) -> Lightened:
    """The session trimmed by the verdict (or swapped for `activation`'s exercises when it asks
    for the swap and some are given); nothing is added, raised or made heavier."""
    if not verdict.lightens:
        return Lightened(session, session, verdict, ())
    if verdict.swap and activation and session.get("kind") != "activation":
        names = ", ".join(str(e.get("name", e.get("id"))).lower() for e in activation)
        swapped = {
            **session,
            "kind": "activation",
            "focus": "activation (readiness swap)",
            "exercises": activation,
            "contacts": None,
            "minutes": min(int(session.get("minutes") or 0), activation_minutes or 1),
        }
        change = Change("readiness-low", None, f"swapped for the activation session: {names}")
        return Lightened(session, swapped, verdict, (change,))
    if verdict.swap:  # already light, or nothing light to swap in: trim as hard as allowed
        verdict = replace(verdict, drop_jumps=True, drop_eccentric=True, cut_sets=1, add_rir=1)
    kept: list[dict[str, Any]] = []
    changes: list[Change] = []
    for item in session.get("exercises", []):
        rule = _dropped(item, verdict)
        if rule is not None:
            changes.append(Change(rule, str(item.get("id")), "dropped today"))
            continue
        trimmed, trimmed_changes = _trim(item, verdict, kit)
        kept.append(trimmed)
        changes += trimmed_changes
    if not changes:  # nothing in this session is touched by today's findings
        return Lightened(session, session, verdict, ())
    before = sum(int(e.get("sets") or 0) for e in session.get("exercises", []))
    after = sum(int(e.get("sets") or 0) for e in kept)
    minutes = session.get("minutes")
    out = {**session, "exercises": kept}
    if isinstance(minutes, int) and before:
        out["minutes"] = max(1, math.ceil(minutes * after / before)) if after else 0
    if session.get("contacts") is not None:
        out["contacts"] = sum(int(e.get("contacts") or 0) for e in kept) or None
    return Lightened(session, out, verdict, tuple(changes))


def activation_session(
    catalogue: Catalogue,
    *,
    goal: Goal,
    equipment: Iterable[Equipment],
    avoid: Iterable[Limitation],
    familiar: Iterable[str],
    kit: Implements,
    experience: Experience = Experience.INTERMEDIATE,
) -> list[Prescription]:
    """The light session a very poor day swaps in: the planner's own activation picks (familiar,
    unloaded, no jumps), dosed as an in-season light week."""
    from runstrong.core import dosing  # the planner's own: loaded only for a swap
    from runstrong.core.selection import pick_activation

    has = frozenset(equipment) | {Equipment.NONE}
    limits = frozenset(avoid)
    candidates = [e for e in catalogue.all() if e.needs() <= has and not e.avoided_by(limits)]
    known = set(familiar)
    for ident in list(known):
        known |= catalogue.easier_of(ident)
    picks = pick_activation(candidates, frozenset(known))
    ctx = dosing.Context(goal=goal, phase=Phase.IN_SEASON, light=True, experience=experience)
    return [
        dosing.prescribe(e, ctx, one_rm=None, implements=kit, avoid=limits, first_heavy=False)
        for e in picks
        if e.loading is not Loading.CONTACTS and e.category is not Category.PLYOMETRIC
    ]


__all__ = [
    "RULES",
    "CheckIn",
    "Finding",
    "Level",
    "Lightened",
    "Verdict",
    "activation_session",
    "assess",
    "checked",
    "from_items",
    "lighten",
    "parse_readiness",
]
