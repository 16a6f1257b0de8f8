"""The coaching principles a plan is re-checked against (docs/rules.md, "Coaching principles").

The planner's rules keep a plan inside the article's numbers; these are what a running coach adds:
first exposure, skills dosed light, jumps when fresh, legs spared after the long run, the
sessions asked for kept, a taper that holds intensity, limitations that change the dose, work
that progresses inside a block, and nothing new in the race week. Independent of the planner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from runstrong.validation.race import check_race_window, race_ahead, race_days
from runstrong.validation.reading import Document, Exercise, Plan, Session, Week, day_name
from runstrong.validation.values import (
    BRIDGE_MAX_PERCENT,
    BRIDGE_MAX_SETS,
    BRIDGE_MIN_REPS,
    BRIDGE_MIN_RIR,
    COMPLEX_MAX_REPS,
    FAMILIAR_AFTER_DAYS,
    FAMILIAR_MAX_PERCENT,
    FAMILIAR_MIN_RIR,
    FAMILIAR_SETS,
    FAMILIARISATION_WEEKS,
    FINAL_DAYS,
    HEAVY_PERCENT,
    IN_SEASON_SHARE,
    JUMP_FLOOR,
    LEG_TIRING,
    LOWER_BODY,
    NEW_LIFT_AFTER_DAYS,
    NEW_LIFT_MIN_RIR,
    NOVICE_NEW_COMPLEXITY,
    NOVICE_SESSIONS,
    NOVICE_TWO_LEGGED,
    PLYO_DAYS,
    PLYO_SETS,
    SESSION_CONTACTS,
    SKILL_MAX_PERCENT,
    SKILL_MIN_RIR,
    SKILL_REPS,
    SOFT_JUMP_REPS,
    SOFT_MAX_PERCENT,
    SOFT_MIN_RIR,
    TAPER_VOLUME_DAYS,
    TAPER_VOLUME_SETS,
    fmt,
)
from runstrong.validation.violation import Violation

LOADING = ("off-season", "pre-season", "in-season")
ONE_DAY = dt.timedelta(days=1)


def familiar_weeks(plan: Plan, weeks: Sequence[Week]) -> frozenset[int]:
    """Indexes of a novice's familiarisation weeks: the first loading weeks of the plan."""
    count = FAMILIARISATION_WEEKS.get(plan.experience, 0)
    loading = [w.index for w in weeks if w.phase in LOADING]
    return frozenset(loading[:count])


def bridge_weeks(plan: Plan, weeks: Sequence[Week]) -> frozenset[int]:
    """Indexes of a novice's bridge (novice-ramp): the loading weeks after familiarisation up to
    the first lighter week, that week, and a taper whose last build week was one of them."""
    familiar = familiar_weeks(plan, weeks)
    found: set[int] = set()
    bridging = last_build = False
    for week in weeks:
        if week.index in familiar:
            bridging = True
        elif week.phase in LOADING:
            if bridging:
                found.add(week.index)
            if week.deload:
                bridging = False
            else:
                last_build = bridging
        else:
            bridging = False
            if week.phase == "taper" and last_build:
                found.add(week.index)
    return frozenset(found)


def tired_legs(day: dt.date, runs_on: dict[dt.date, str]) -> bool:
    """True when the day before held a long run or a race."""
    return runs_on.get(day - ONE_DAY) in LEG_TIRING


def run_calendar(weeks: Sequence[Week]) -> dict[dt.date, str]:
    """The run on each date the plan covers (a day not named is a rest day)."""
    runs: dict[dt.date, str] = {}
    for week in weeks:
        if week.start is None or week.runs is None:
            continue
        for offset in range(7):
            day = week.start + dt.timedelta(days=offset)
            runs[day] = week.runs[day_name(day)]
    if weeks and weeks[0].start is not None and weeks[0].runs is not None:
        before = weeks[0].start - ONE_DAY  # the week before repeats the first week's running
        runs.setdefault(before, weeks[0].runs[day_name(before)])
    return runs


def eased(
    ex: Exercise, session: Session, plan: Plan, runs_on: dict[dt.date, str], heavy: set[dt.date]
) -> bool:
    """A lift dosed lighter on purpose: softened for a limitation, or on tired legs."""
    softened = plan.avoid is not None and bool(set(ex.soften_for) & plan.avoid)
    tired = (
        session.date is not None
        and ex.pattern in LOWER_BODY
        and (tired_legs(session.date, runs_on) or session.date - ONE_DAY in heavy)
    )
    return softened or tired


def heavy_legs(session: Session) -> bool:
    """Heavy lower-body work: a hinge, squat, lunge or single-leg lift at >= 80% 1RM."""
    return any(
        ex.pattern in LOWER_BODY and (ex.percent_1rm or 0) >= HEAVY_PERCENT
        for ex in session.exercises
    )


def _sessions(weeks: Sequence[Week]) -> Iterator[tuple[Week, Session]]:
    for week in weeks:
        for session in week.sessions:
            yield week, session


def check_coaching(doc: Document, out: list[Violation]) -> None:
    """Every coaching principle on a read plan."""
    plan, weeks = doc.plan, doc.weeks
    runs_on = run_calendar(weeks)
    familiar = familiar_weeks(plan, weeks)
    for week, session in _sessions(weeks):
        _session_rules(session, week, plan, week.index in familiar, runs_on, out)
    _plyo_days(plan, weeks, runs_on, out)
    if plan.experience == "novice":
        for week in weeks:
            if week.session_count > NOVICE_SESSIONS:
                out.append(
                    Violation(
                        "novice-sessions",
                        week.where,
                        f"{week.session_count} sessions; a lifting novice takes at most "
                        f"{NOVICE_SESSIONS} a week",
                    )
                )
        bridge = bridge_weeks(plan, weeks)
        _learn_before_load(plan, weeks, familiar, bridge, out)
        _novice_ramp(weeks, bridge, out)
    _heavy_legs_spacing(weeks, out)
    _sessions_kept(doc, weeks, out)
    _progression_order(plan, weeks, out)
    _block_progression(plan, weeks, familiar, out)
    _new_lift_lighter(plan, weeks, out)
    check_race_window(weeks, plan.race, out)
    if plan.race is not None:
        _taper_rules(plan.race, weeks, plan.easier or {}, out)


def _session_rules(
    session: Session,
    week: Week,
    plan: Plan,
    familiar: bool,
    runs_on: dict[dt.date, str],
    out: list[Violation],
) -> None:
    """The per-exercise principles and those on a session's order and patterns."""
    seen_patterns: dict[str, str] = {}
    jumped_after_other = False
    other = False
    tired = session.date is not None and tired_legs(session.date, runs_on)
    for ex in session.exercises:
        where = ex.where
        if plan.experience == "novice" and ex.skill:
            out.append(
                Violation("novice-skills", where, "a skill lift; novices build the basics first")
            )
        if ex.skill and ex.loading in ("1rm", "bodyweight", "band"):
            _skill(ex, out)
        if ex.complexity == 3 and (ex.reps_max or 0) > COMPLEX_MAX_REPS:
            out.append(
                Violation(
                    "complex-reps",
                    where,
                    f"{ex.reps_max} reps of a complexity-3 lift; at most {COMPLEX_MAX_REPS}",
                )
            )
        if familiar:
            _first_exposure(ex, out)
        softened = plan.avoid is not None and set(ex.soften_for) & plan.avoid
        if softened and ex.loading in ("1rm", "bodyweight", "band"):
            _soft(ex, "soften-dose", f"softened for {', '.join(sorted(softened))}", out)
        if softened and ex.loading == "contacts":
            cap = SOFT_JUMP_REPS["per side" if ex.per_side else "both legs"]
            if (ex.reps_max or 0) > cap:
                out.append(
                    Violation(
                        "soften-dose",
                        where,
                        f"{ex.reps_max} landings a set of a drill softened for "
                        f"{', '.join(sorted(softened))}; at most {cap}"
                        + (" a side" if ex.per_side else ""),
                    )
                )
        if tired and ex.pattern in LOWER_BODY and ex.loading == "1rm":
            _soft(ex, "after-long-run", "the day after a long run or race", out)
        if ex.loading == "contacts":
            if ex.sets not in PLYO_SETS:
                out.append(
                    Violation(
                        "plyo-sets", where, f"{ex.sets} sets; a drill takes {PLYO_SETS.text()}"
                    )
                )
            jumped_after_other = jumped_after_other or other
        else:
            other = True
        if ex.pattern in seen_patterns and session.kind != "activation":
            out.append(
                Violation(
                    "pattern-once",
                    where,
                    f"a second {ex.pattern} exercise after {seen_patterns[ex.pattern]}; one "
                    "exercise a pattern a session",
                )
            )
        seen_patterns.setdefault(ex.pattern, ex.id)
    if jumped_after_other:
        out.append(Violation("plyo-first", session.where, "jumps after other work; jumps go first"))
    _session_contacts(session, week, plan, familiar, out)


def _skill(ex: Exercise, out: list[Violation]) -> None:
    """skill-dose: light and fast — few reps, reps in reserve, no heavy percentages."""
    problems = []
    if ex.percent_1rm is not None and ex.percent_1rm > SKILL_MAX_PERCENT:
        problems.append(f"{fmt(ex.percent_1rm)}% 1RM (at most {fmt(SKILL_MAX_PERCENT)}%)")
    if ex.rir is not None and ex.rir < SKILL_MIN_RIR:
        problems.append(f"RIR {ex.rir} (at least {SKILL_MIN_RIR})")
    if ex.reps_max is not None and ex.reps_max not in SKILL_REPS:
        problems.append(f"{ex.reps_max} reps (at most {fmt(SKILL_REPS.hi)})")
    if problems:
        out.append(
            Violation("skill-dose", ex.where, "a skill lift ground out: " + ", ".join(problems))
        )


def _first_exposure(ex: Exercise, out: list[Violation]) -> None:
    """first-exposure: a novice's first weeks are light, short and far from failure, no jumps."""
    problems = []
    if ex.loading == "contacts":
        problems.append("jumps")
    if ex.eccentric:
        problems.append("Nordic curls")
    if ex.percent_1rm is not None and ex.percent_1rm > FAMILIAR_MAX_PERCENT:
        problems.append(f"{fmt(ex.percent_1rm)}% 1RM (at most {fmt(FAMILIAR_MAX_PERCENT)}%)")
    if ex.loading in ("1rm", "bodyweight", "band"):
        if ex.sets not in FAMILIAR_SETS:
            problems.append(f"{ex.sets} sets (at most {fmt(FAMILIAR_SETS.hi)})")
        if ex.rir is not None and ex.rir < FAMILIAR_MIN_RIR:
            problems.append(f"RIR {ex.rir} (at least {FAMILIAR_MIN_RIR})")
    if problems:
        out.append(
            Violation(
                "first-exposure",
                ex.where,
                "in a novice's familiarisation weeks: " + ", ".join(problems),
            )
        )


def _soft(ex: Exercise, rule: str, why: str, out: list[Violation]) -> None:
    """soften-dose and after-long-run: at most 70% 1RM and 3 or more reps in reserve."""
    problems = []
    if ex.percent_1rm is not None and ex.percent_1rm > SOFT_MAX_PERCENT:
        problems.append(f"{fmt(ex.percent_1rm)}% 1RM (at most {fmt(SOFT_MAX_PERCENT)}%)")
    if ex.rir is None or ex.rir < SOFT_MIN_RIR:
        problems.append(f"RIR {ex.rir} (at least {SOFT_MIN_RIR})")
    if problems:
        out.append(Violation(rule, ex.where, f"{why}: " + ", ".join(problems)))


def _contact_range(plan: Plan, phase: str | None) -> tuple[float, float]:
    low, high = SESSION_CONTACTS.get(plan.experience, SESSION_CONTACTS["intermediate"])
    if phase != "pre-season":
        return round(low * IN_SEASON_SHARE), round(high * IN_SEASON_SHARE)
    return low, high


def _session_contacts(
    session: Session, week: Week, plan: Plan, familiar: bool, out: list[Violation]
) -> None:
    """plyo-contacts: a session's ground contacts inside the table for the runner and phase."""
    contacts = sum(ex.contacts or 0 for ex in session.exercises if ex.loading == "contacts")
    if not contacts or week.phase not in ("pre-season", "in-season"):
        return
    softened_jumps = plan.avoid is not None and any(
        set(ex.soften_for) & plan.avoid for ex in session.exercises if ex.loading == "contacts"
    )
    _, high = _contact_range(plan, week.phase)
    if contacts > high:
        out.append(
            Violation(
                "plyo-contacts",
                session.where,
                f"{contacts} ground contacts; {plan.experience} runners take at most {fmt(high)} "
                f"a session in {week.phase}",
            )
        )
    elif not week.light and not familiar and contacts < JUMP_FLOOR and not softened_jumps:
        out.append(
            Violation(
                "plyo-contacts",
                session.where,
                f"{contacts} ground contacts; a loading week's jump session takes at least "
                f"{JUMP_FLOOR}",
            )
        )


def _plyo_days(
    plan: Plan, weeks: Sequence[Week], runs_on: dict[dt.date, str], out: list[Violation]
) -> None:
    """plyo-days: 2-3 jump days a week, never two in a row, never on or after a long run."""
    allowed = PLYO_DAYS.get(plan.experience, 2)
    jump_dates: list[dt.date] = []
    for week in weeks:
        days = [s for s in week.sessions if any(ex.contacts for ex in s.exercises)]
        if len(days) > allowed:
            out.append(
                Violation(
                    "plyo-days",
                    week.where,
                    f"jumps on {len(days)} days; {plan.experience} runners jump on at most "
                    f"{allowed}",
                )
            )
        for session in days:
            if session.date is None:
                continue
            run = runs_on.get(session.date)
            if run in LEG_TIRING or tired_legs(session.date, runs_on):
                out.append(
                    Violation(
                        "plyo-days",
                        session.where,
                        "jumps on or the day after a long run or race; jumps want fresh legs",
                    )
                )
            if session.date - ONE_DAY in jump_dates:
                out.append(
                    Violation(
                        "plyo-days", session.where, "jumps two days running; 48 h between them"
                    )
                )
            jump_dates.append(session.date)


def _leg_lift(ex: Exercise) -> bool:
    """A hinge, squat, lunge or single-leg lift loaded from a 1RM."""
    return ex.loading == "1rm" and ex.pattern in LOWER_BODY


def _learn_before_load(
    plan: Plan,
    weeks: Sequence[Week],
    familiar: frozenset[int],
    bridge: frozenset[int],
    out: list[Violation],
) -> None:
    """learn-before-load: a novice loads heavy only the leg lifts learnt light, one two-legged
    lift a session."""
    easier = plan.easier or {}
    learnt: set[str] = set()  # the familiarisation weeks' exercises, and easier versions
    done: set[str] = set()  # every exercise of the weeks before
    first_block: int | None = None
    heavy_block: int | None = None  # the first block after the bridge (novice-ramp)
    for week in weeks:
        loading = week.phase in LOADING and not week.deload and week.index not in familiar
        if loading and first_block is None and familiar:
            first_block = week.block
        if loading and heavy_block is None and bridge and week.index > max(bridge):
            heavy_block = week.block  # it loads what was done before it, or easier versions
            learnt = done | {e for ex_id in done for e in easier.get(ex_id, ())}
        this_week: set[str] = set()
        for session in week.sessions:
            two_legged = [ex.id for ex in session.exercises if _leg_lift(ex) and not ex.unilateral]
            if len(two_legged) > NOVICE_TWO_LEGGED:
                out.append(
                    Violation(
                        "learn-before-load",
                        session.where,
                        f"{' and '.join(two_legged)} loaded in one session; a novice loads at "
                        f"most {NOVICE_TWO_LEGGED} two-legged lift a session, the rest single-leg",
                    )
                )
            for ex in session.exercises:
                this_week.add(ex.id)
                if not loading or not _leg_lift(ex):
                    continue
                if (week.block == first_block or week.index in bridge) and ex.id not in learnt:
                    out.append(
                        Violation(
                            "learn-before-load",
                            ex.where,
                            "new in the first loading block; it loads the lifts learnt in the "
                            "familiarisation weeks",
                        )
                    )
                elif week.block == heavy_block and ex.id not in learnt:
                    out.append(
                        Violation(
                            "learn-before-load",
                            ex.where,
                            "new in the first heavy block; it loads the lifts of the weeks "
                            "before it",
                        )
                    )
                elif ex.complexity >= NOVICE_NEW_COMPLEXITY and ex.id not in done:
                    out.append(
                        Violation(
                            "learn-before-load",
                            ex.where,
                            f"a complexity-{ex.complexity} lift new in a loading week; a novice "
                            "learns it light first",
                        )
                    )
        done |= this_week
        if week.index in familiar:
            learnt |= this_week
            for ex_id in this_week:
                learnt.update(easier.get(ex_id, ()))


def _novice_ramp(weeks: Sequence[Week], bridge: frozenset[int], out: list[Violation]) -> None:
    """novice-ramp: a novice's first weeks after familiarisation bridge to heavy work: no lift
    heavy, short or close to failure, nothing above 3 sets, no re-test."""
    for week in weeks:
        if week.index not in bridge:
            continue
        for session in week.sessions:
            if session.kind == "retest":
                out.append(
                    Violation(
                        "novice-ramp",
                        session.where,
                        "a re-test in a novice's first weeks after familiarisation; the first "
                        "comes after a block of heavy work",
                    )
                )
            for ex in session.exercises:
                problems = _bridge_problems(ex) if session.kind != "retest" else []
                if problems:
                    out.append(
                        Violation(
                            "novice-ramp",
                            ex.where,
                            "in a novice's first weeks after familiarisation: "
                            + ", ".join(problems),
                        )
                    )


def _bridge_problems(ex: Exercise) -> list[str]:
    """What makes a dose too heavy for the bridge (novice-ramp)."""
    problems = []
    if ex.loading in ("1rm", "bodyweight", "band") and ex.sets > BRIDGE_MAX_SETS:
        problems.append(f"{ex.sets} sets (at most {BRIDGE_MAX_SETS})")
    if ex.loading != "1rm":
        return problems
    if ex.percent_1rm is not None and ex.percent_1rm > BRIDGE_MAX_PERCENT:
        problems.append(f"{fmt(ex.percent_1rm)}% 1RM (at most {fmt(BRIDGE_MAX_PERCENT)}%)")
    if ex.reps is not None and ex.reps < BRIDGE_MIN_REPS:
        problems.append(f"{ex.reps} reps (at least {BRIDGE_MIN_REPS})")
    if ex.rir is not None and ex.rir < BRIDGE_MIN_RIR:
        problems.append(f"RIR {ex.rir} (at least {BRIDGE_MIN_RIR})")
    return problems


def _heavy_legs_spacing(weeks: Sequence[Week], out: list[Violation]) -> None:
    """heavy-legs-spacing: never heavy lower-body work on two days in a row."""
    heavy = {s.date: s for _, s in _sessions(weeks) if s.date is not None and heavy_legs(s)}
    for day, session in sorted(heavy.items()):
        if day - ONE_DAY in heavy:
            out.append(
                Violation(
                    "heavy-legs-spacing",
                    session.where,
                    "heavy legs the day after heavy legs; at least a day between them",
                )
            )


def _sessions_kept(doc: Document, weeks: Sequence[Week], out: list[Violation]) -> None:
    """sessions-kept: a block of weeks without a race keeps its sessions in every week."""
    if doc.plan.race is not None or len(weeks) < 2:
        return
    start = doc.raw.get("start")
    partial = (
        isinstance(start, str)
        and weeks[0].start is not None
        and (start != weeks[0].start.isoformat())
    )
    counted = list(weeks[1:]) if partial else list(weeks)
    if not counted:
        return
    most = max(w.session_count + len(w.own_strength) for w in weeks)
    for week in counted:
        held = week.session_count + len(week.own_strength)  # the runner's own strength counts
        if week.phase in LOADING and held < most:
            out.append(
                Violation(
                    "sessions-kept",
                    week.where,
                    f"{held} strength days; the plan's other weeks have {most}",
                )
            )


def _progression_order(plan: Plan, weeks: Sequence[Week], out: list[Violation]) -> None:
    """progression-order: never back from an exercise to one of its easier variations."""
    easier = plan.easier or {}
    done: dict[str, str] = {}  # easier id -> the harder exercise done before
    for week in weeks:
        if week.phase not in LOADING or week.deload:
            continue
        this_week = []
        for session in week.sessions:
            if session.kind != "strength":
                continue
            for ex in session.exercises:
                if ex.id in done:
                    out.append(
                        Violation(
                            "progression-order",
                            ex.where,
                            f"an easier version of {done[ex.id]}, done before; progress forwards",
                        )
                    )
                this_week.append(ex.id)
        for ex_id in this_week:
            for simpler in easier.get(ex_id, ()):
                done.setdefault(simpler, ex_id)


def _new_lift_lighter(plan: Plan, weeks: Sequence[Week], out: list[Violation]) -> None:
    """new-lift-lighter: in the week an exercise dosed by effort (no load from a 1RM) first
    appears, once the plan has two weeks behind it, it stops 3 or more reps short; an exercise
    done in an earlier week, or an easier version of one, is not new. Easy movements
    (complexity 1), skill lifts, eccentrics, holds and jumps have doses of their own."""
    easier = plan.easier or {}
    dates = [s.date for w in weeks for s in w.sessions if s.date is not None]
    first = min(dates) if dates else None
    done: set[str] = set()
    for week in weeks:
        for session in week.sessions:
            if session.kind != "strength" or session.date is None or first is None:
                continue
            if (session.date - first).days < NEW_LIFT_AFTER_DAYS:
                continue
            for ex in session.exercises:
                if (
                    ex.id not in done
                    and ex.load is None
                    and ex.loading in ("1rm", "bodyweight", "band")
                    and ex.complexity >= 2
                    and not ex.skill
                    and not ex.eccentric
                    and ex.rir is not None
                    and ex.rir < NEW_LIFT_MIN_RIR
                ):
                    out.append(
                        Violation(
                            "new-lift-lighter",
                            ex.where,
                            f"new to the runner and {ex.rir} reps in reserve; its first week "
                            f"stops {NEW_LIFT_MIN_RIR} or more short",
                        )
                    )
        for session in week.sessions:
            for ex in session.exercises:
                done.add(ex.id)
                done.update(easier.get(ex.id, ()))


def _work(ex: Exercise) -> float:
    """How much work a dose asks for, to compare the same exercise across weeks."""
    if ex.loading == "contacts":
        return float(ex.contacts or 0)
    size = ex.seconds if ex.loading == "time" else ex.reps_max
    work = float(ex.sets * (size or 0))
    if ex.loading == "1rm":
        work *= ex.percent_1rm or 0
    return work


def _week_work(week: Week, races: frozenset[dt.date]) -> dict[str, float]:
    """Each exercise's most work in the week; a pre-race primer (race-window) is not build work."""
    found: dict[str, float] = {}
    for session in week.sessions:
        if session.kind != "strength" or race_ahead(session, races) is not None:
            continue
        for ex in session.exercises:
            found[ex.id] = max(found.get(ex.id, 0.0), _work(ex))
    return found


def _block_progression(
    plan: Plan, weeks: Sequence[Week], familiar: frozenset[int], out: list[Violation]
) -> None:
    """block-progression: effort and timed work rise inside a block; a deload is lighter than
    its block's first week."""
    races = race_days(weeks, plan.race)
    blocks: dict[tuple[int, str | None], list[Week]] = {}
    for week in weeks:
        if week.phase not in LOADING or week.index in familiar or _cut(plan.race, week):
            continue
        blocks.setdefault((week.block, week.phase if not week.deload else None), []).append(week)
    for (block, phase), members in blocks.items():
        if phase is None:
            continue
        loading = [w for w in members if not w.deload]
        deloads = [w for (b, p), ws in blocks.items() if b == block and p is None for w in ws]
        if len(loading) >= 2:
            first, last = _week_work(loading[0], races), _week_work(loading[-1], races)
            for ex_id, work in last.items():
                kind = _loading_of(loading[-1], ex_id)
                if (
                    kind in ("bodyweight", "band", "time")
                    and ex_id in first
                    and not (work > first[ex_id])
                ):
                    out.append(
                        Violation(
                            "block-progression",
                            f"{loading[-1].where}, {ex_id}",
                            f"no more work than in {loading[0].where}; inside a block reps, time "
                            "or sets rise",
                        )
                    )
        for deload in deloads:
            first = _week_work(loading[0], races) if loading else {}
            for ex_id, work in _week_work(deload, races).items():
                if ex_id in first and work >= first[ex_id]:
                    out.append(
                        Violation(
                            "block-progression",
                            f"{deload.where}, {ex_id}",
                            f"a lighter week no lighter than {loading[0].where}",
                        )
                    )


def _loading_of(week: Week, ex_id: str) -> str:
    for session in week.sessions:
        for ex in session.exercises:
            if ex.id == ex_id:
                return "skill" if ex.skill else ex.loading
    return ""


def _cut(race: dt.date | None, week: Week) -> bool:
    """A week starting within 21 days of the race: volume comes down (taper-volume)."""
    return (
        race is not None
        and week.start is not None
        and ((race - week.start).days < TAPER_VOLUME_DAYS)
    )


def _taper_rules(
    race: dt.date, weeks: Sequence[Week], easier: dict[str, frozenset[str]], out: list[Violation]
) -> None:
    """taper-volume, taper-load and familiar-only."""
    last_build: dict[str, float] = {}
    seen: set[str] = set()
    dates = [s.date for w in weeks for s in w.sessions if s.date is not None]
    first = min(dates) if dates else None  # a plan begun days before the race has no past
    for week in weeks:
        if week.phase in LOADING and _cut(race, week):
            for session in week.sessions:
                for ex in session.exercises:
                    if (
                        ex.loading == "1rm"
                        and session.kind != "retest"
                        and not ex.skill
                        and (ex.sets > TAPER_VOLUME_SETS)
                    ):
                        out.append(
                            Violation(
                                "taper-volume",
                                ex.where,
                                f"{ex.sets} sets within {TAPER_VOLUME_DAYS} days of the race; at "
                                f"most {TAPER_VOLUME_SETS}",
                            )
                        )
        if week.phase in LOADING and not week.deload:
            last_build = {}
            for s in week.sessions:  # the week's rung: a lift eased on purpose (RIR 3+) is not it
                for ex in s.exercises:
                    if s.kind != "strength" or ex.loading != "1rm" or (ex.rir or 0) >= SOFT_MIN_RIR:
                        continue
                    top = ex.load if ex.load is not None else ex.percent_1rm or 0.0
                    last_build[ex.id] = max(last_build.get(ex.id, 0.0), top)
        if week.phase == "taper":
            for session in week.sessions:
                for ex in session.exercises:
                    value = ex.load if ex.load is not None else ex.percent_1rm
                    if (
                        ex.loading == "1rm"
                        and ex.id in last_build
                        and value is not None
                        and (value > last_build[ex.id] + 1e-9)
                    ):
                        out.append(
                            Violation(
                                "taper-load",
                                ex.where,
                                f"{fmt(value)} above the last build week's {fmt(last_build[ex.id])}"
                                "; a taper holds intensity and cuts volume",
                            )
                        )
        for session in week.sessions:
            late = session.date is not None and (
                0 < (race - session.date).days < FINAL_DAYS
                or (_cut(race, week) and session.date < race)  # the lead-up: nothing new
            )
            settled = (
                session.date is not None
                and first is not None
                and (session.date - first).days >= FAMILIAR_AFTER_DAYS
            )
            if (late or week.phase == "recovery") and seen and settled:
                for ex in session.exercises:
                    if ex.id not in seen:
                        out.append(
                            Violation(
                                "familiar-only",
                                ex.where,
                                "new this late in the season; the weeks from 21 days before "
                                "the race, race week and recovery use exercises done before",
                            )
                        )
        for session in week.sessions:
            for ex in session.exercises:  # an easier version of a movement done is not new
                seen.add(ex.id)
                seen.update(easier.get(ex.id, ()))
