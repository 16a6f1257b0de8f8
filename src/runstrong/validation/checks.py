"""The rules on one week, one session and one exercise (docs/rules.md, "Sessions and exercises")."""

from __future__ import annotations

from runstrong.validation.dose import check_contacts, check_dose, check_retest
from runstrong.validation.loads import check_load
from runstrong.validation.reading import Exercise, Plan, Session, Week
from runstrong.validation.values import (
    COMPLEXITY_BUDGET,
    EPS,
    EXERCISES,
    KNEE_DOMINANT,
    LOWER_BODY,
    SESSIONS,
    TRUNK,
    fmt,
)
from runstrong.validation.violation import Violation


def check_week(week: Week, out: list[Violation]) -> None:
    """sessions-per-week and week-balance."""
    allowed = SESSIONS.get(week.phase or "")
    days = week.session_count + len(week.own_strength)  # the runner's own strength counts
    if allowed is not None and days not in allowed:
        out.append(
            Violation(
                "sessions-per-week",
                week.where,
                f"{days} strength days; {week.phase} weeks have {allowed.text()}",
            )
        )
    if week.complete and week.sessions:
        patterns = {ex.pattern for s in week.sessions for ex in s.exercises}
        missing = [
            name
            for name, wanted in (
                ("hinge", {"hinge"}),
                ("knee-dominant pattern (squat, lunge or single-leg)", KNEE_DOMINANT),
                ("trunk work (core or hip-stability)", TRUNK),
            )
            if not patterns & wanted
        ]
        if missing:
            out.append(
                Violation(
                    "week-balance",
                    week.where,
                    f"no {' and no '.join(missing)}; every week covers a hinge, a knee-dominant "
                    "pattern and trunk work",
                )
            )


def check_session(session: Session, plan: Plan, out: list[Violation]) -> None:
    """exercises-per-session, time-budget, no-repeat, complexity, lower body and contacts."""
    where = session.where
    count = session.exercise_count
    if count not in EXERCISES:
        out.append(
            Violation(
                "exercises-per-session",
                where,
                f"{count} exercises; a session has {EXERCISES.text()}",
            )
        )
    if (
        plan.minutes_ok
        and plan.minutes is not None
        and session.minutes is not None
        and session.minutes > plan.minutes + EPS
    ):
        out.append(
            Violation(
                "time-budget",
                where,
                f"estimated {fmt(session.minutes)} min; the budget is {fmt(plan.minutes)} min",
            )
        )
    seen: set[str] = set()
    for ex in session.exercises:
        if ex.id in seen:
            out.append(
                Violation(
                    "no-repeat-in-session",
                    ex.where,
                    "appears twice; an exercise appears once a session",
                )
            )
        seen.add(ex.id)
    if not session.complete:
        return  # the totals below need every exercise
    total = sum(ex.complexity for ex in session.exercises)
    if count > 3 and total > COMPLEXITY_BUDGET:
        out.append(
            Violation(
                "complexity-budget",
                where,
                f"complexity adds up to {total} over {count} exercises; at most "
                f"{COMPLEXITY_BUDGET} unless the session has only 3 exercises",
            )
        )
    if not any(ex.pattern in LOWER_BODY for ex in session.exercises):
        out.append(
            Violation(
                "lower-body-each-session",
                where,
                "no lower-body exercise; every session has a hinge, squat, lunge or single-leg one",
            )
        )
    contacts = sum(ex.contacts or 0 for ex in session.exercises if ex.loading == "contacts")
    if session.contacts is not None and session.contacts != contacts:
        out.append(
            Violation(
                "plyo-contacts",
                where,
                f"session contacts {session.contacts}, but its exercises add up to {contacts}",
            )
        )


def check_exercise(
    ex: Exercise,
    week: Week,
    plan: Plan,
    out: list[Violation],
    *,
    retest: bool = False,
    familiar: bool = False,
    eased: bool = False,
    bridge: bool = False,
) -> None:
    """equipment, avoid, why and per-side here; the dose and the load in their modules."""

    def add(rule: str, message: str) -> None:
        out.append(Violation(rule, ex.where, message))

    if plan.equipment is not None:
        lacking = [item for item in ex.equipment if item not in plan.equipment]
        if lacking:
            add(
                "equipment",
                f"needs {', '.join(lacking)}; the plan has {', '.join(sorted(plan.equipment))}",
            )
    if plan.avoid is not None:
        clash = sorted(set(ex.avoid_for) & plan.avoid)
        if clash:
            add("avoid", f"ruled out for {', '.join(clash)}; the plan protects {', '.join(clash)}")
    if ex.why is None or not ex.why.strip():
        add("why", "no `why`; every exercise says why it is there")
    if ex.unilateral and (ex.reps is not None or ex.seconds is not None) and not ex.per_side:
        add("per-side", "unilateral work must be written per side (`per_side` true)")
    if retest and ex.loading in ("1rm", "time"):
        check_retest(ex, add)
    else:
        check_dose(
            ex, plan.goal, add, light=week.light, familiar=familiar, eased=eased, bridge=bridge
        )
    check_contacts(ex, week.phase, add)
    check_load(ex, plan, add, week.block)
