"""The readiness rules, each with a case: what fires, what it changes, and never heavier."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from runstrong.core import loads
from runstrong.core import readiness as r
from runstrong.core.kit import Units
from runstrong.core.model import Equipment, Experience, Goal
from runstrong.errors import InputError
from runstrong.settings import Context
from runstrong.validation.lighter import check_lightened

DAY = dt.date(2027, 1, 12)
KIT = loads.default_implements(Units.KG)


def fine(**changes: Any) -> r.CheckIn:
    """A good morning, changed where the test says."""
    values: dict[str, Any] = {"sleep": 8, "soreness": 2, "stress": 2, "motivation": 8}
    values.update(changes)
    return r.CheckIn(day=values.pop("day", DAY), **values)


def week_before(**values: Any) -> list[r.CheckIn]:
    return [fine(day=DAY - dt.timedelta(days=d), **values) for d in range(1, 8)]


SESSION: dict[str, Any] = {
    "date": "2027-01-12",
    "kind": "strength",
    "minutes": 45,
    "contacts": 48,
    "exercises": [
        {"id": "leaping", "name": "Leaping", "category": "plyometric", "loading": "contacts",
         "sets": 3, "reps": 8, "reps_max": 8, "per_side": True, "contacts": 48, "rir": None,
         "percent_1rm": None, "load": None, "seconds": None, "equipment": ["none"]},
        {"id": "back-squat", "name": "Back squat", "category": "weights", "loading": "1rm",
         "sets": 3, "reps": 5, "reps_max": 6, "percent_1rm": 80.0, "load": 80.0,
         "one_rm": 100.0, "plates": [25.0, 5.0], "rir": 2, "contacts": None, "seconds": None,
         "equipment": ["barbell"],
         "warmup": [{"reps": 3, "percent_1rm": 60.0, "load": 60.0},
                    {"reps": 2, "percent_1rm": 70.0, "load": 70.0}]},
        {"id": "nordic-curl", "name": "Nordic curl", "category": "bodyweight",
         "loading": "bodyweight", "eccentric": True, "sets": 2, "reps": 5, "reps_max": 5,
         "rir": 2, "percent_1rm": None, "load": None, "contacts": None, "seconds": None,
         "equipment": ["none"]},
        {"id": "side-plank", "name": "Side plank", "category": "bodyweight", "loading": "time",
         "sets": 3, "reps": None, "reps_max": None, "seconds": 20, "rir": None,
         "percent_1rm": None, "load": None, "contacts": None, "equipment": ["none"]},
    ],
}  # fmt: skip


def rules_fired(verdict: r.Verdict) -> set[str]:
    return {f.rule for f in verdict.findings}


def by_id(session: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in session["exercises"]}


# --- the check-in ---------------------------------------------------------------------------------


def test_the_typed_check_in_is_read_with_its_scales() -> None:
    found = r.parse_readiness("sleep=5, Soreness=7,stress=6,motivation=9,rhr=52,hrv=61.5", DAY)
    assert found == r.CheckIn(DAY, 5, 7, 6, 9, 52, 61.5)
    assert r.parse_readiness("sleep=5,soreness=7,stress=6", DAY).motivation == r.MIDDLE
    # 10 = best for sleep and motivation, 10 = worst for soreness and stress
    assert fine(sleep=10, soreness=1, stress=1, motivation=10).wellness() == 10
    assert fine(sleep=1, soreness=10, stress=10, motivation=1).wellness() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "sleep=11,soreness=7,stress=6",
            "sleep must be a whole number 1-10 (10 = slept very well)",
        ),
        ("sleep=5,soreness=0,stress=6", "soreness must be a whole number 1-10 (10 = very sore)"),
        ("sleep=5,soreness=7,stress=six", "stress must be a whole number 1-10"),
        ("sleep=5,soreness=7", "stress is missing"),
        ("sleep=5,soreness=7,stress=6,mood=3", "unknown key 'mood'; allowed: sleep, soreness"),
        ("sleep=5,sleep=6,soreness=7,stress=6", "sleep is given twice"),
        ("sleep 5", "expected KEY=VALUE pairs"),
        ("sleep=5,soreness=7,stress=6,rhr=300", "rhr must be a whole number 25-150"),
        ("sleep=5,soreness=7,stress=6,hrv=nan", "hrv must be a number 1-300 (HRV as rMSSD in ms)"),
        ("sleep=5,soreness=7,stress=6,hrv=0", "hrv must be a number 1-300"),
    ],
)
def test_a_bad_check_in_names_the_key_and_its_range(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        r.parse_readiness(text, DAY)
    assert caught.value.field == "readiness"
    assert message in str(caught.value)


def test_a_form_check_in_names_the_item_itself() -> None:
    with pytest.raises(InputError) as caught:
        r.from_items({"sleep": "5", "soreness": "12", "stress": "3"}, DAY)
    assert caught.value.field == "soreness"
    assert str(caught.value).startswith("soreness: must be a whole number 1-10")


# --- each rule ------------------------------------------------------------------------------------


def test_a_good_morning_changes_nothing() -> None:
    verdict = r.assess(fine(), week_before())
    assert not verdict.lightens
    done = r.lighten(SESSION, verdict, KIT)
    assert done.session == SESSION and done.changes == ()


def test_soreness_drops_the_jumps_and_nordics_cuts_a_set_and_adds_a_rep_in_reserve() -> None:
    verdict = r.assess(fine(soreness=7))
    assert rules_fired(verdict) == {"readiness-soreness"}
    assert not r.assess(fine(soreness=6)).lightens  # the line: 7 of 10
    done = r.lighten(SESSION, verdict, KIT)
    kept = by_id(done.session)
    assert set(kept) == {"back-squat", "side-plank"}
    squat = kept["back-squat"]
    assert (squat["sets"], squat["rir"]) == (2, 3)
    # 6 reps + 2 in reserve = the NSCA's 8RM (80%); one more in reserve: the 9RM, 77%
    assert squat["percent_1rm"] == 77.0 and squat["load"] == 77.5
    assert kept["side-plank"]["sets"] == 2 and kept["side-plank"]["seconds"] == 20
    assert done.session["contacts"] is None
    dropped = {c.exercise for c in done.changes if c.what == "dropped today"}
    assert dropped == {"leaping", "nordic-curl"}
    assert {c.rule for c in done.changes} == {"readiness-soreness"}
    assert check_lightened(SESSION, done.session) == []


def test_poor_sleep_or_high_stress_cut_a_set_and_add_a_rep_in_reserve_but_keep_the_jumps() -> None:
    for morning in (fine(sleep=4), fine(stress=7)):
        verdict = r.assess(morning)
        assert rules_fired(verdict) == {"readiness-sleep-stress"}
        done = r.lighten(SESSION, verdict, KIT)
        kept = by_id(done.session)
        assert kept["leaping"]["sets"] == 2 and kept["leaping"]["contacts"] == 32
        assert kept["nordic-curl"]["sets"] == 1 and kept["nordic-curl"]["rir"] == 3
        assert done.session["contacts"] == 32
        assert check_lightened(SESSION, done.session) == []
    assert not r.assess(fine(sleep=5, stress=6)).lightens


def test_resting_hr_well_above_the_week_before_counts_as_poor_readiness() -> None:
    before = week_before(resting_hr=50)
    assert rules_fired(r.assess(fine(resting_hr=57), before)) == {"readiness-resting-hr"}
    assert not r.assess(fine(resting_hr=56), before).lightens  # 6 bpm: inside the noise
    # fewer than 3 readings in the week before: no baseline to read it against
    assert not r.assess(fine(resting_hr=70), before[:2]).lightens
    # readings older than the 7 days before do not count
    old = [fine(day=DAY - dt.timedelta(days=d), resting_hr=40) for d in range(8, 12)]
    assert not r.assess(fine(resting_hr=70), old).lightens


def test_hrv_below_the_smallest_worthwhile_change_is_amber_and_far_below_is_red() -> None:
    values = [60, 66, 63, 70, 58, 64, 61]
    before = [fine(day=DAY - dt.timedelta(days=i + 1), hrv=v) for i, v in enumerate(values)]
    logs = [math.log(v) for v in values]
    mean = sum(logs) / len(logs)
    sd = math.sqrt(sum((x - mean) ** 2 for x in logs) / len(logs))
    amber = math.exp(mean - 0.75 * sd)
    red = math.exp(mean - 1.5 * sd)
    inside = math.exp(mean - 0.25 * sd)
    found = r.assess(fine(hrv=round(amber, 2)), before)
    assert rules_fired(found) == {"readiness-hrv"} and found.cut_sets == 1 and not found.swap
    found = r.assess(fine(hrv=round(red, 2)), before)
    assert rules_fired(found) == {"readiness-hrv", "readiness-low"} and found.swap
    assert not r.assess(fine(hrv=round(inside, 2)), before).lightens
    assert not r.assess(fine(hrv=30.0), before[:2]).lightens  # too few readings


def test_a_running_load_spike_drops_the_jumps_only() -> None:
    verdict = r.assess(fine(), (), load_ratio=1.6)
    assert rules_fired(verdict) == {"readiness-load-spike"}
    done = r.lighten(SESSION, verdict, KIT)
    assert "leaping" not in by_id(done.session)
    assert by_id(done.session)["back-squat"] == SESSION["exercises"][1]
    assert not r.assess(fine(), (), load_ratio=1.5).lightens
    with pytest.raises(InputError):
        r.assess(fine(), (), load_ratio=float("nan"))


def test_very_poor_readiness_swaps_for_the_activation_session() -> None:
    assert r.assess(fine(sleep=3, soreness=8, stress=8, motivation=3)).swap  # wellness 2.25
    two = r.assess(fine(soreness=7), (), load_ratio=2.0)  # two ambers
    assert two.swap and "readiness-low" in rules_fired(two)
    catalogue = Context.from_environment().catalogue
    picks = r.activation_session(
        catalogue,
        goal=Goal.STRENGTH,
        equipment=[Equipment.BAND],
        avoid=[],
        familiar={"side-plank", "back-squat"},
        kit=KIT,
        experience=Experience.INTERMEDIATE,
    )
    assert len(picks) >= 3
    assert all(p.load is None and p.contacts is None and p.sets <= 3 for p in picks)
    from runstrong.core.serialize import prescription_dict

    done = r.lighten(SESSION, two, KIT, [prescription_dict(p) for p in picks], 12)
    assert done.session["kind"] == "activation" and done.session["minutes"] == 12
    assert [c.rule for c in done.changes] == ["readiness-low"]
    assert check_lightened(SESSION, done.session) == []


def test_a_swap_with_nothing_light_to_swap_in_trims_as_hard_as_it_may() -> None:
    verdict = r.assess(fine(sleep=1, soreness=10, stress=10, motivation=1))
    done = r.lighten(SESSION, verdict, KIT, [])
    assert set(by_id(done.session)) == {"back-squat", "side-plank"}
    assert check_lightened(SESSION, done.session) == []
    # an activation session (a taper's) is not swapped for another: it is trimmed
    light = {**SESSION, "kind": "activation"}
    swap = [{"id": "glute-bridge", "loading": "bodyweight", "sets": 1, "reps": 12}]
    done = r.lighten(light, verdict, KIT, swap)
    assert "glute-bridge" not in by_id(done.session) and done.session["kind"] == "activation"
    assert check_lightened(light, done.session) == []


def test_every_rule_has_a_source_and_every_finding_a_known_rule() -> None:
    for rule in r.RULES.values():
        assert rule.id.startswith("readiness-") and rule.source and rule.trigger and rule.action
    worst = r.assess(
        fine(sleep=1, soreness=10, stress=10, motivation=1, resting_hr=80, hrv=20.0),
        week_before(resting_hr=50, hrv=60.0),
        load_ratio=3.0,
    )
    assert rules_fired(worst) == set(r.RULES)


def test_checked_refuses_values_off_the_scales() -> None:
    with pytest.raises(InputError, match="motivation: must be a whole number 1-10"):
        r.checked(fine(motivation=0))
    with pytest.raises(InputError, match="rhr"):
        r.checked(fine(resting_hr=10))
    with pytest.raises(InputError, match="hrv"):
        r.checked(fine(hrv=float("inf")))
