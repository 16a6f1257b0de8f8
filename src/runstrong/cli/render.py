"""Text output for people, with rich (imported here only, when text is asked for)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from runstrong.core.model import (
    WEEKDAYS,
    Exercise,
    Loading,
    Plan,
    Prescription,
    SessionKind,
    Week,
)

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def _console(file: io.StringIO | None = None) -> Console:
    from rich.console import Console

    if file is not None:
        return Console(file=file, width=110, color_system=None, soft_wrap=False)
    return Console(highlight=False)


def _print(*items: RenderableType) -> None:
    console = _console()
    for item in items:
        console.print(item)


def _number(value: float) -> str:
    return f"{value:g}"


def _json(p: Prescription) -> dict[str, Any]:
    """The prescription as the exports read it, so the terminal says what they say."""
    from runstrong.core.serialize import prescription_dict

    return prescription_dict(p)


def dose(p: Prescription) -> str:
    """The exports' dose ('4 × 4-5', '3 × 30 s each side', '3 × (max − 2)'), with the jumps'
    contacts: one phrasing everywhere (present/prescription.py)."""
    from runstrong.present import prescription as rx

    text = rx.dose(_json(p))
    return f"{text} ({p.contacts} contacts)" if p.contacts else text


def load_text(p: Prescription, units: str) -> str:
    """What to lift: the rounded load (one dumbbell or one in each hand) with plates, or by
    effort a weight you could lift so many times; how hard to go."""
    from runstrong.present import prescription as rx

    ex = _json(p)
    loading = p.exercise.loading
    if p.load is not None:
        text = f"{rx.weight(ex, units)} ({_number(p.percent_1rm or 0)}%)"
        if p.warmup:
            text += f"\nramp {rx.warmup_text(ex, units)}"
        if p.plates:
            text += f"\n{rx.plates(ex)}"
        elif p.plates == ():
            text += "\nempty bar"
        return text
    if loading is Loading.CONTACTS:
        return "quick, quiet landings"
    if rx.is_sled(ex):
        return f"{rx.effort(ex)}\nhard, walk back"
    if loading is Loading.TIME:
        if p.exercise.category.value == "run-specific":
            return "hard, walk back"
        what = rx.load(ex, units)
        return f"{what}, steady, good form" if what.startswith("light ") else "steady, good form"
    lines = [rx.load(ex, units), rx.effort(ex)]
    if p.warmup:
        lines.append(f"ramp {rx.warmup_text(ex, units)}")
    return "\n".join(x for x in lines if x)


def _rest(seconds: int) -> str:
    from runstrong.present import prescription as rx

    return rx.rest(seconds)


GOAL_DOSE = {
    "strength": "lifts 3-5 sets of 3-6 reps at 80-90% 1RM, 2-5 min rest",
    "hypertrophy": "lifts 3-5 sets of 6-12 reps at 65-85% 1RM, 30-90 s rest",
    "endurance": "lifts 2-5 sets of 12-20 reps under 67% 1RM, 30 s rest",
}
EFFORT_DOSE = {  # a week with no lift loaded from a 1RM: bodyweight and band work (docs/rules.md)
    "strength": "bodyweight and band work by effort: the hardest version you can do 6-12 times, "
    "2 reps spare, 30-90 s rest",
    "hypertrophy": "bodyweight and band work by effort: 6-12 reps, 2 reps spare, 30-90 s rest",
    "endurance": "bodyweight and band work by effort: 12-20 reps, 2 reps spare, 30 s rest",
}


LIGHT_DOSE = "short, light sessions: bodyweight and band work, stopped well short of failure"


def _week_dose(goal: str, label: str, lifts: bool | None = True) -> str:
    """The week's dose in one line: the goal's, or a novice's lighter first weeks; by effort when
    nothing in the week is loaded from a 1RM (a %1RM would describe no exercise in it); `lifts`
    None: a week of light sessions only (race week, recovery)."""
    from runstrong.core import rules
    from runstrong.core.season import FAMILIARISATION

    if lifts is None:
        return LIGHT_DOSE
    if label != FAMILIARISATION:
        return GOAL_DOSE[goal] if lifts else EFFORT_DOSE[goal]
    if not lifts:
        return (
            f"by effort, no weights: {rules.FAMILIARISATION_SETS} sets, each stopped "
            f"{rules.FAMILIARISATION_RIR} or more reps short, to learn the movements before the "
            "harder weeks"
        )
    low, high = rules.FAMILIARISATION_REPS
    return (
        f"{rules.FAMILIARISATION_SETS} sets of {low}-{high} reps at about "
        f"{rules.FAMILIARISATION_PERCENT:g}% 1RM, {rules.FAMILIARISATION_RIR} reps spare, "
        "to learn the lifts before the heavier weeks"
    )


def _bridge_dose(plan: Plan, week: Week) -> str | None:
    """A novice's bridge weeks (rule novice-ramp) in one line, read off the week's own lifts: the
    strength goal's heavy range would describe none of them. None for any other week."""
    from runstrong.core import rules
    from runstrong.core.model import Experience, Goal
    from runstrong.core.season import FAMILIARISATION

    a = plan.athlete
    novice_strength = a.experience is Experience.NOVICE and a.goal is Goal.STRENGTH
    if not novice_strength or week.label == FAMILIARISATION:
        return None
    lifts = [
        p
        for session in week.sessions
        for p in session.exercises
        if p.exercise.loading is Loading.ONE_RM and p.percent_1rm is not None
    ]
    if not lifts or max(p.percent_1rm or 0 for p in lifts) > rules.BRIDGE_PERCENT[1]:
        return None
    sets = sorted({p.sets for p in lifts})
    low = min(p.reps or 0 for p in lifts)
    high = max(p.reps_max or p.reps or 0 for p in lifts)
    percents = sorted({p.percent_1rm or 0 for p in lifts})
    spare = min(p.rir for p in lifts if p.rir is not None) if any(p.rir for p in lifts) else None
    shown_sets = f"{sets[0]}" if len(sets) == 1 else f"{sets[0]}-{sets[-1]}"
    shown_percent = (
        f"{percents[0]:g}%" if len(percents) == 1 else f"{percents[0]:g}-{percents[-1]:g}%"
    )
    rest = f", {spare} reps spare" if spare else ""
    return (
        f"lifts {shown_sets} sets of {low}-{high} reps at {shown_percent} 1RM{rest}: "
        "a bridge from the learning weeks to heavy work"
    )


def _easy_dose(week: Week) -> str:
    """The week's easy movements (complexity 1, by effort: bridges, calf raises, a squat with no
    weight) in words, read off the week: their high reps would contradict the goal's line."""
    from runstrong.core import rules

    easy = [
        p
        for session in week.sessions
        for p in session.exercises
        if p.exercise.complexity == 1
        and p.exercise.loading in (Loading.BODYWEIGHT, Loading.BAND)
        and not p.exercise.eccentric
        and p.reps is not None
    ]
    if not easy:
        return ""
    low = min(p.reps or 0 for p in easy)
    high = max(p.reps_max or p.reps or 0 for p in easy)
    reps = f"{low}" if low == high else f"{low}-{high}"
    return f"; easy movements {reps} reps, {rules.ACTIVATION_REST} s rest"


def _has_lifts(week: Week) -> bool | None:
    """True when some exercise of the week is loaded from a 1RM; None when the week holds only
    short, light sessions (activation: a race week, a recovery week)."""
    if week.sessions and all(s.kind is SessionKind.ACTIVATION for s in week.sessions):
        return None
    return any(
        p.exercise.loading is Loading.ONE_RM for session in week.sessions for p in session.exercises
    )


def _week_renderables(plan: Plan, week: Week) -> list[RenderableType]:
    from rich.table import Table
    from rich.text import Text

    a = plan.athlete
    units = a.implements.units.value
    runs = " · ".join(f"{d} {week.runs.on(i).value}" for i, d in enumerate(WEEKDAYS))
    repeated = ("", week.phase.value[:5], "recovery")
    from runstrong.core.season import FAMILIARISATION  # only when a plan is drawn

    shown = len(plan.weeks) > 1 or week.label == FAMILIARISATION
    label = f" ({week.label})" if shown and week.label not in repeated else ""
    head = Text.assemble(
        ("\n" if week.index > 1 else "", ""),
        (f"Week {week.index} · {week.phase.value}{label} · goal {a.goal.value}", "bold"),
        f" · from {week.start:%a %d %b %Y} · {len(week.sessions)} sessions\n",
        ("dose: ", "dim"),
        _bridge_dose(plan, week) or _week_dose(a.goal.value, week.label, _has_lifts(week)),
        "" if _has_lifts(week) is None else _easy_dose(week),
        ("\nrunning: ", "dim"),
        runs,
    )
    items: list[RenderableType] = [head]
    for session in week.sessions:
        title = Text.assemble(
            "\n",
            (f"{session.date:%a %d %b}", "bold cyan"),
            f" — {session.focus} · about {session.minutes} min\n",
            (session.placement, "dim"),
        )
        table = Table(show_lines=True, expand=True, pad_edge=False)
        table.add_column("exercise", ratio=5, min_width=22)
        table.add_column("dose", ratio=2)
        table.add_column("load", ratio=3)
        table.add_column("rest", no_wrap=True)
        for p in session.exercises:
            cell = Text(p.exercise.name, style="bold")
            if p.exercise.why:
                cell.append(f"\n{p.exercise.why}", style="dim")
            for note in p.notes:
                cell.append(f"\n! {note}", style="yellow")
            table.add_row(cell, dose(p), load_text(p, units), _rest(p.rest_seconds))
        items += [title, table]
    return items


def _plan_renderables(plan: Plan, week: int | None = None) -> list[RenderableType]:
    items: list[RenderableType] = []
    if plan.run_events and week is None:
        items.append(_run_events(plan))
    if len(plan.weeks) == 1 or week is not None:
        for w in plan.weeks if week is None else [plan.weeks[week - 1]]:
            items += _week_renderables(plan, w)
    else:
        items.append(_season(plan))
    if plan.one_rms:
        items.append(_one_rm_footer(plan, week))
    if any(p.percent_1rm for w in plan.weeks for s in w.sessions for p in s.exercises):
        items.append("[dim]Ramp up with 2-3 lighter sets before the first heavy lift.[/dim]")
    return items


def _one_rm_footer(plan: Plan, week: int | None) -> RenderableType:
    """The planning 1RMs the shown weeks' loads come from, and the lifts given but not used."""
    from rich.text import Text

    from runstrong.present import prescription as rx

    shown = plan.weeks if week is None else plan.weeks[week - 1 : week]
    weeks: list[dict[str, Any]] = [
        {"index": w.index, "sessions": [{"exercises": [_json(p) for p in s.exercises]}]}
        for w in shown
        for s in w.sessions
    ]
    data: dict[str, Any] = {"units": plan.athlete.implements.units.value, "weeks": weeks}
    data["one_rms"] = dict(plan.one_rms)
    one_week = week is not None and len(plan.weeks) > 1
    used, unused = rx.one_rms_used(data, weeks if one_week else None)
    lines = ["1RMs behind the loads:", *(f"  {u}" for u in used)] if used else []
    if unused:
        lines.append(
            f"Given but not used for any load in {'this week' if one_week else 'this plan'}:"
        )
        lines.append("  " + ", ".join(unused))
    return Text("\n" + "\n".join(lines), style="dim")


def _main_lifts(w: Week, units: str) -> str:
    """The week's loaded lifts with their dose, or its first exercises when none is loaded."""
    from runstrong.present import prescription as rx

    seen: dict[str, str] = {}
    for session in w.sessions:
        for p in session.exercises:
            if p.percent_1rm is not None and p.exercise.id not in seen:
                ex = _json(p)
                load = rx.weight(ex, units) if p.load is not None else rx.effort(ex)
                seen[p.exercise.id] = f"{p.exercise.name} {dose(p)}, {load}"
    if not seen:
        names = dict.fromkeys(p.exercise.name for s in w.sessions for p in s.exercises)
        return ", ".join(list(names)[:3])
    return "\n".join(seen.values())


def _season(plan: Plan) -> RenderableType:
    """The season at a glance: a row a week."""
    from rich.table import Table

    a = plan.athlete
    title = f"{len(plan.weeks)} weeks · goal {a.goal.value}"
    if plan.race is not None:
        distance = plan.distance.value if plan.distance else ""
        title += f" · {distance} race on {plan.race:%a %d %b %Y}"
    table = Table(title=title, title_justify="left", show_lines=True, expand=True)
    table.add_column("wk", justify="right", no_wrap=True)
    table.add_column("from", no_wrap=True)
    table.add_column("phase")
    table.add_column("sessions")
    table.add_column("main lifts", ratio=3)
    units = a.implements.units.value
    for w in plan.weeks:
        days = " ".join(
            f"{s.date:%a}" + ("*" if s.kind.value == "activation" else "") for s in w.sessions
        )
        phase = w.phase.value + (f"\n{w.label}" if w.label else "")
        table.add_row(str(w.index), f"{w.start:%d %b}", phase, days or "-", _main_lifts(w, units))
    return table


def _run_events(plan: Plan) -> RenderableType:
    """How each event of the runner's calendar was read: fix one with --run-type TEXT=TYPE."""
    from rich.table import Table

    table = Table(title="your running plan, as read", title_justify="left")
    for column in ("date", "title", "read as", "why"):
        table.add_column(column)
    for e in plan.run_events:
        read_as = f"{e.activity} (not a run)" if e.activity else e.type.value
        table.add_row(f"{e.date:%a %d %b}", e.title, read_as, e.reason)
    return table


def plan(p: Plan, week: int | None = None) -> None:
    """Print a plan for the terminal."""
    _print(*_plan_renderables(p, week))
    if len(p.weeks) > 1 and week is None:
        _print("[dim]* a short, light session. See a week in full with --week N.[/dim]")


def plan_text(p: Plan, week: int | None = None) -> str:
    """A plan as plain text, for a file."""
    buffer = io.StringIO()
    console = _console(buffer)
    for item in _plan_renderables(p, week):
        console.print(item)
    return buffer.getvalue()


def exercises(found: tuple[Exercise, ...]) -> None:
    """A table of exercises."""
    from rich.table import Table

    table = Table(title=f"{len(found)} exercises", title_justify="left")
    for column in ("id", "name", "category", "pattern", "equipment"):
        table.add_column(column)
    for e in found:
        star = " ★" if e.priority else ""
        table.add_row(
            e.id,
            e.name + star,
            e.category.value,
            e.pattern.value,
            ", ".join(x.value for x in e.equipment),
        )
    _print(table)
    if any(e.priority for e in found):
        _print("[dim]★ a favourite of the coach's article[/dim]")


def exercise(e: Exercise, substitutes: tuple[Exercise, ...]) -> None:
    """Everything about one exercise."""
    lines = [
        f"[bold]{e.name}[/bold]  ({e.id}){'  ★ coach favourite' if e.priority else ''}",
        f"[dim]{e.category.value} · {e.pattern.value} · "
        f"{'one side at a time' if e.unilateral else 'both sides'} · complexity {e.complexity} · "
        f"equipment: {', '.join(x.value for x in e.equipment)}[/dim]",
    ]
    if e.aliases:
        lines.append(f"also called: {', '.join(e.aliases)}")
    if e.why:
        lines.append(f"\n[bold]why[/bold]  {e.why}")
    lines.append("\n[bold]cues[/bold]")
    lines += [f"  • {c}" for c in e.cues]
    if e.variations:
        lines.append("\n[bold]variations[/bold]")
        for v in e.variations:
            arrow = "↑ harder" if v.kind == "progression" else "↓ easier"
            ref = f" [dim]({v.exercise_id})[/dim]" if v.exercise_id else ""
            lines.append(f"  {arrow}: {v.name}{ref} — {v.note}")
    if e.cautions:
        lines.append("\n[bold]cautions[/bold]")
        lines += [f"  {c.limitation.value} ({c.effect}): {c.note}" for c in e.cautions]
    if substitutes:
        lines.append("\n[bold]substitutes[/bold] (same pattern)")
        lines += [f"  {s.id} — {', '.join(x.value for x in s.equipment)}" for s in substitutes]
    _print(*lines)


def estimate(data: dict[str, Any]) -> None:
    """Estimated 1RM by formula."""
    from rich.table import Table

    table = Table(
        title=f"1RM from {_number(data['weight'])} {data['units']} × {data['reps']}",
        title_justify="left",
    )
    table.add_column("formula")
    table.add_column("1RM", justify="right")
    for name, value in data["one_rm"].items():
        table.add_row(name, f"{value:.1f} {data['units']}")
    _print(table)
