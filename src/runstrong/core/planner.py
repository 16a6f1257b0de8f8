"""The planner: a week or a season of strength sessions, placed around the runs, from plain data."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from runstrong.core import dosing, rules, selection
from runstrong.core.catalogue import Catalogue
from runstrong.core.lifts import resolve_one_rms, usable_lifts
from runstrong.core.model import (
    Athlete,
    Category,
    Distance,
    Exercise,
    Experience,
    Goal,
    Loading,
    Pattern,
    Phase,
    Plan,
    Prescription,
    RunType,
    RunWeek,
    Session,
    SessionKind,
    Week,
)
from runstrong.core.scheduling import (
    Slot,
    after_long,
    allowed_days,
    choose_days,
    describe_light_day,
)
from runstrong.core.season import FAMILIARISATION, NORMAL, WeekShape, monday, season_phases, shape
from runstrong.errors import InputError, RuleViolation, RunstrongError, ref


def session_count(athlete: Athlete, phase: Phase, *, strict: bool = True) -> int:
    """Sessions for a week of this phase: refused when asked beyond the phase's cap (strict),
    or held to the cap when the phase comes from a race date."""
    cap = rules.MAX_SESSIONS[phase]
    count = rules.DEFAULT_SESSIONS[phase] if athlete.sessions is None else athlete.sessions
    if count < 1:
        raise InputError("sessions", f"must be at least 1; got {count}")
    novice_cap = rules.NOVICE_MAX_SESSIONS
    if athlete.experience is Experience.NOVICE and count > novice_cap:
        if strict:
            raise RuleViolation(
                "novice-sessions",
                f"{ref('sessions')}: a lifting novice takes at most {novice_cap} a week; "
                f"got {count}",
            )
        cap = min(cap, novice_cap)
    if count > cap and strict:
        raise RuleViolation(
            "sessions-per-week",
            f"{ref('sessions')}: {phase.value} allows at most {cap}; got {count}",
        )
    return min(count, cap)


@dataclass
class _Season:
    """What the planner carries from week to week."""

    athlete: Athlete
    catalogue: Catalogue
    one_rms: dict[str, float]
    seed: int
    race: dt.date | None
    distance: Distance
    strict: bool
    retests: bool = False
    block: int = 0
    picks: list[list[Exercise]] = field(default_factory=list)
    memory: selection.Memory = field(default_factory=selection.Memory)
    used: set[str] = field(default_factory=set)
    grown_blocks: set[int] = field(default_factory=set)
    final_day: dt.date | None = None
    start: dt.date | None = None  # the first day given: earlier days of week 1 are closed
    pools: dict[Phase, tuple[Exercise, ...]] = field(default_factory=dict)
    weeks_total: int = 1
    runs_now: RunWeek = field(default_factory=RunWeek)
    prev_runs: RunWeek | None = None
    next_runs: RunWeek | None = None
    session_dates: list[dt.date] = field(default_factory=list)
    jump_dates: list[dt.date] = field(default_factory=list)
    heavy_legs: set[dt.date] = field(default_factory=set)
    mastered: set[str] = field(default_factory=set)  # done in loading weeks: no going back
    jump: Exercise | None = None  # the block's jump drill
    last_step: int = 1  # the last loading week's rung: the taper holds its intensity
    last_familiar: bool = False  # ... or a novice's familiarisation: then the taper stays light
    last_bridge: bool = False  # ... or a novice's bridge: then the taper holds its rung
    familiar_block: bool = False  # the block before was a novice's familiarisation
    first_block: int = 0  # a novice's first loading block: the familiarisation's lifts
    heavy_block: int = 0  # ... and the first block after the bridge (novice-ramp): lifts done
    learnt: frozenset[str] = frozenset()  # ... before it, and easier versions
    bridge_block: bool = False  # the block before was a novice's bridge (novice-ramp)
    squeezed: set[int] = field(default_factory=set)  # blocks squeezed into --minutes
    last_count: int = 0  # sessions in the week before
    own: frozenset[int] = frozenset()  # weekdays of strength the runner already does this week
    next_own: frozenset[int] = frozenset()  # ... and the week after


def build_plan(
    athlete: Athlete,
    catalogue: Catalogue,
    start: dt.date,
    seed: int = 0,
    *,
    weeks: int | None = None,
    race: dt.date | None = None,
    distance: Distance | None = None,
    runs: Sequence[RunWeek] | None = None,
    retests: bool = False,
    strength_days: Sequence[frozenset[int]] | None = None,
) -> Plan:
    """A plan from `start` (any day; weeks run Monday to Sunday): one week, a block of `weeks`,
    or a season to `race`.

    `runs` gives each week's running when it differs by week (else the athlete's week repeats);
    `retests` turns the first session of each lighter week into a re-test of the main lifts.
    A `--minutes` refusal names a time that builds: it is retried at the time it names until a
    plan fits (a longer budget can pick longer exercises, so one retry may not be enough).
    """
    trying = athlete
    while True:
        try:
            plan = _build_plan(
                trying, catalogue, start, seed, weeks, race, distance, runs, retests, strength_days
            )
        except _TooShort as short:
            if short.minimum > MAX_MINUTES or short.minimum <= (trying.minutes or 0):
                raise _TooShort(athlete, short.minimum) from None
            trying = replace(trying, minutes=short.minimum)
            continue
        except RunstrongError:
            if trying is athlete:
                raise
            assert trying.minutes is not None
            raise _TooShort(athlete, trying.minutes) from None
        if trying is not athlete:
            assert trying.minutes is not None
            raise _TooShort(athlete, trying.minutes)
        return plan


MAX_MINUTES = 240
"""The longest session `--minutes` takes (the CLI's bound)."""


class _TooShort(InputError):
    """The `--minutes` refusal, carrying the time it names so the planner can try it."""

    def __init__(self, athlete: Athlete, minimum: int) -> None:
        self.minimum = minimum
        super().__init__(
            "minutes",
            f"the shortest session for this goal takes about {minimum} minutes; "
            f"got {athlete.minutes}",
            "allow more minutes"
            + (f" or choose {ref('goal')} endurance" if athlete.goal is not Goal.ENDURANCE else ""),
        )


def _build_plan(
    athlete: Athlete,
    catalogue: Catalogue,
    start: dt.date,
    seed: int,
    weeks: int | None,
    race: dt.date | None,
    distance: Distance | None,
    runs: Sequence[RunWeek] | None,
    retests: bool,
    strength_days: Sequence[frozenset[int]] | None = None,
) -> Plan:
    """One attempt at the plan, with the athlete's inputs as given."""
    distance = distance or rules.DEFAULT_DISTANCE
    one_rms, warnings = usable_lifts(athlete, catalogue, resolve_one_rms(athlete, catalogue))
    phases = season_phases(start, phase=athlete.phase, weeks=weeks, race=race, distance=distance)
    shapes = shape(start, phases, rules.FAMILIARISATION_WEEKS[athlete.experience])
    week_runs = _week_runs(athlete, shapes, runs, race)
    season = _Season(
        athlete, catalogue, one_rms, seed, race, distance, strict=race is None, retests=retests
    )
    season.start = start
    season.final_day = _final_day(start, race, week_runs)
    season.weeks_total = len(shapes)
    built = []
    for i, week in enumerate(shapes):
        season.prev_runs = week_runs[i - 1] if i > 0 else None
        season.next_runs = week_runs[i + 1] if i + 1 < len(week_runs) else week_runs[i]
        season.own, season.next_own = _own_days(strength_days, i), _own_days(strength_days, i + 1)
        following = week_runs[i + 1].on(0) if i + 1 < len(shapes) else week_runs[i].on(0)
        try:
            built.append(_build_week(season, week, week_runs[i], following))
        except RuleViolation:
            if i > 0 or not _start_closed(start, week, week_runs[0], following):
                raise
            raise InputError(
                "start",
                f"{start} is a {start:%A}: no day left in its week is free for strength "
                "around the runs",
                f"start on {week.start + dt.timedelta(weeks=1)}, the next Monday",
            ) from None
    warnings += _first_week_note(athlete, start, built[0])
    easier = tuple((done, tuple(sorted(catalogue.easier_of(done)))) for done in sorted(season.used))
    return Plan(
        athlete,
        tuple(sorted(one_rms.items())),
        seed,
        tuple(built),
        race,
        distance,
        easier=tuple((k, v) for k, v in easier if v),
        start=start,
        warnings=tuple(warnings),
    )


def _own_days(strength_days: Sequence[frozenset[int]] | None, i: int) -> frozenset[int]:
    """The weekdays of week `i` that hold the runner's own strength (their calendar)."""
    return strength_days[i] if strength_days is not None and i < len(strength_days) else frozenset()


def _start_closed(start: dt.date, week: WeekShape, runs: RunWeek, following: RunType) -> bool:
    """True when a mid-week start closed the days of week 1 that strength could have used."""
    if start == week.start or week.phase not in NORMAL:
        return False
    return any(day < start.weekday() for day in allowed_days(runs, following))


def _first_week_note(athlete: Athlete, start: dt.date, first: Week) -> list[str]:
    """A line on a first week cut short by a mid-week start; later weeks keep the count."""
    if start == first.start or first.phase not in NORMAL:
        return []
    asked = session_count(athlete, first.phase, strict=False)
    if len(first.sessions) >= asked:
        return []
    return [
        f"{ref('start')} {start} is a {start:%A}: week 1 has room for {len(first.sessions)} of the "
        f"{asked} sessions a week (days before the start are closed); the weeks after keep {asked}"
    ]


def _week_runs(
    athlete: Athlete, shapes: list[WeekShape], runs: Sequence[RunWeek] | None, race: dt.date | None
) -> list[RunWeek]:
    """Each week's running, with the race marked on its day."""
    if runs is not None and len(runs) < len(shapes):
        raise InputError(
            "runs_file", f"gives {len(runs)} weeks of running; the plan has {len(shapes)} weeks"
        )
    weeks = [athlete.runs if runs is None else runs[i] for i in range(len(shapes))]
    if race is not None:
        i = (monday(race) - shapes[0].start).days // 7
        days = list(weeks[i].days)
        days[race.weekday()] = RunType.RACE
        weeks[i] = RunWeek(tuple(days))
    return weeks


def _build_week(season: _Season, week: WeekShape, runs: RunWeek, following: RunType) -> Week:
    """One week: normal, deload, taper or recovery."""
    athlete = season.athlete
    season.runs_now = runs
    if week.phase not in season.pools:
        season.pools[week.phase] = selection.pool(athlete, season.catalogue, week.phase)
    candidates = season.pools[week.phase]
    blocked = _blocked_days(season, week)
    if week.phase in NORMAL:
        count = session_count(athlete, week.phase, strict=season.strict) - len(season.own)
        slots = _place(season, week, runs, following, count, blocked) if count > 0 else []
        if week.block != season.block:
            _new_block(season, week, candidates)
        jumps = _jump_days(season, week, runs, slots)
        sessions = [
            _strength_session(season, week, slot, n, candidates, jump=slot.weekday in jumps)
            for n, slot in enumerate(slots)
        ]
        if season.retests and week.deload and not week.bridge:  # novice-ramp: nothing heavy
            fresh = [  # a test wants fresh legs: not the day after a long run or heavy legs
                n
                for n, slot in enumerate(slots)
                if _tired_legs(season, week.start + dt.timedelta(days=slot.weekday)) is None
                and not _race_soon(
                    season, week.start + dt.timedelta(days=slot.weekday), rules.RACE_WINDOW_DAYS
                )
            ]
            if fresh:
                sessions[fresh[0]] = _retest(season, week, slots[fresh[0]], candidates)
        if not week.deload:
            season.last_step = max(week.step, 1)
            season.last_familiar = week.label == FAMILIARISATION
            season.last_bridge = week.bridge
    elif week.phase is Phase.TAPER:
        sessions = _taper_week(season, week, runs, following, blocked, candidates)
    else:
        sessions = _recovery_week(season, week, runs, following, blocked, candidates)
    sessions.sort(key=lambda s: s.date)
    if sessions:
        _check_balance([p.exercise for s in sessions for p in s.exercises])
    _remember(season, week, sessions)
    own = tuple(sorted(week.start + dt.timedelta(days=d) for d in season.own))
    season.session_dates = sorted([*season.session_dates, *own])
    season.heavy_legs.update(own)  # the runner's own strength: legs dosed lighter the day after
    season.last_count = len(sessions) + len(own)
    return Week(
        week.index,
        week.start,
        week.phase,
        week.deload,
        runs,
        tuple(sessions),
        week.block,
        week.label,
        own,
    )


def _remember(season: _Season, week: WeekShape, sessions: list[Session]) -> None:
    """What later weeks must know: days used, jumps, heavy legs, and exercises moved past."""
    for s in sessions:
        season.used.update(p.exercise.id for p in s.exercises)
        season.session_dates.append(s.date)
        if any(p.contacts for p in s.exercises):
            season.jump_dates.append(s.date)
        if week.phase in NORMAL and not week.deload and s.kind is SessionKind.STRENGTH:
            season.mastered.update(p.exercise.id for p in s.exercises)


def _jump_days(season: _Season, week: WeekShape, runs: RunWeek, slots: list[Slot]) -> set[int]:
    """plyo-days: which sessions carry jumps — at most 2-3 days, never two days running, never on
    or the day after a long run or a race, never in a novice's familiarisation weeks; and never
    in the 2 days before a race (race-window)."""
    if week.phase not in rules.PLYO_PHASES or week.label == FAMILIARISATION:
        return set()
    sunday = runs.on(6) if season.prev_runs is None else season.prev_runs.on(6)
    chosen: set[int] = set()
    taken = list(season.jump_dates)
    for slot in slots:
        date = week.start + dt.timedelta(days=slot.weekday)
        if len(chosen) >= rules.PLYO_DAYS[season.athlete.experience]:
            break
        if runs.on(slot.weekday) in rules.LEG_TIRING_RUNS or after_long(runs, slot.weekday, sunday):
            continue
        if _race_soon(season, date, rules.RACE_WINDOW_DAYS):  # race-window: no jumps
            continue
        if any(abs((date - d).days) <= 1 for d in taken):
            continue
        chosen.add(slot.weekday)
        taken.append(date)
    return chosen


def _race_soon(season: _Season, date: dt.date, days: int) -> bool:
    """True when a race comes within `days` days after `date` (this week or the next)."""
    for ahead in range(1, days + 1):
        day = date + dt.timedelta(days=ahead)
        runs = season.runs_now if day.weekday() > date.weekday() else season.next_runs
        if runs is not None and runs.on(day.weekday()) is RunType.RACE:
            return True
    return False


def _tired_legs(season: _Season, date: dt.date) -> str | None:
    """Why the legs are not fresh on this date, if they are not (soften-dose)."""
    runs = season.runs_now
    day = date.weekday()
    before = runs.on(day - 1) if day > 0 else (season.prev_runs or runs).on(6)
    if before in rules.LEG_TIRING_RUNS:
        return f"the day after the {before.value}" + (" run" if before is RunType.LONG else "")
    if date - dt.timedelta(days=1) in season.heavy_legs:
        return "heavy legs yesterday"
    return None


def _blocked_days(season: _Season, week: WeekShape) -> set[int]:
    """Weekdays closed by a mid-week start or by the race (spacing from last week's sessions is
    `_place`'s job)."""
    blocked = set(season.own)  # the runner's own strength days are taken
    for day in range(7):
        date = week.start + dt.timedelta(days=day)
        if season.start is not None and date < season.start:
            blocked.add(day)  # before a mid-week start
        if season.race is not None:
            before = (season.race - date).days
            if 0 <= before < rules.FINAL_DAYS or -rules.RECOVERY_DAYS_AFTER < before < 0:
                blocked.add(day)
            heavy_too_late = 0 <= before < rules.LAST_HEAVY_DAYS[season.distance]
            if week.phase in NORMAL and heavy_too_late:
                blocked.add(day)  # a mid-week race reaches back into the last build week
    return blocked


def _place(
    season: _Season,
    week: WeekShape,
    runs: RunWeek,
    following: RunType,
    count: int,
    blocked: set[int],
) -> list[Slot]:
    """Days for `count` sessions, spaced from last week's; the count is kept (sessions-kept) or
    refused — only days closed by the race itself may take sessions away."""
    before = tuple(
        offset
        for offset in ((d - week.start).days for d in season.session_dates[-3:])
        if -3 <= offset < 0
    )
    before = (*before, *(d + 7 for d in season.next_own))  # next week's own strength days
    sunday = runs.on(6) if season.prev_runs is None else season.prev_runs.on(6)
    tries = (True, False) if season.weeks_total > 1 else (False,)
    for cyclic in tries:
        try:
            return choose_days(
                runs,
                count,
                following,
                blocked,
                before=before,
                cyclic=cyclic,
                previous_sunday=sunday,
                before_count=season.last_count,
                fixed=tuple(season.own),
            )
        except RuleViolation:
            continue
    try:
        choose_days(
            runs, count, following, blocked, previous_sunday=sunday, fixed=tuple(season.own)
        )
    except RuleViolation:
        cut_short = season.start is not None and season.start > week.start  # a mid-week start
        if not blocked or (season.strict and not cut_short):
            raise
    else:
        raise RuleViolation(
            "sessions-kept",
            f"{ref('sessions')}: week {week.index} ({week.start}) cannot hold {count} sessions "
            "spaced from the week before's; ask for fewer sessions or change the running week",
        )
    for fewer in range(count - 1, 0, -1):  # a race closes some of this week's days
        try:
            return choose_days(
                runs,
                fewer,
                following,
                blocked,
                before=before,
                previous_sunday=sunday,
                before_count=season.last_count,
                fixed=tuple(season.own),
            )
        except RuleViolation:
            continue
    if week.phase in NORMAL:
        raise RuleViolation(
            "day-before-key-run",
            f"week {week.index} ({week.start}): no day is free for strength around its runs",
        )
    return []


def _new_block(season: _Season, week: WeekShape, candidates: Sequence[Exercise]) -> None:
    """A new block: fresh picks, the block before remembered for rotation and progressions."""
    previous = frozenset(e.id for session in season.picks for e in session)
    after_familiar = season.familiar_block
    after_bridge = season.bridge_block  # into the first heavy block, or the bridge's next phase
    if after_bridge:  # the leg lifts stay for their first heavy weeks; the rest rotates
        previous -= {
            e.id
            for session in season.picks
            for e in session
            if e.loading is Loading.ONE_RM and e.pattern in rules.LOWER_BODY
        }
    season.block = week.block
    season.picks = []
    season.familiar_block = week.label == FAMILIARISATION
    season.bridge_block = week.bridge
    if after_familiar:  # learn-before-load: the lifts just learnt are the ones loaded
        season.first_block, season.learnt = week.block, _familiar(season)
    if after_bridge and not week.bridge:  # ... and the first heavy block the lifts built up
        season.heavy_block, season.learnt = week.block, _familiar(season)
    season.memory = selection.Memory(
        last_block=frozenset() if after_familiar else previous,
        progressions=selection.progressions_of(previous, season.catalogue),
    )
    if week.phase in (Phase.OFF_SEASON, Phase.PRE_SEASON) and previous and not after_familiar:
        season.grown_blocks.add(week.block)
    rng = random.Random(season.seed * 7919 + week.block * 31 + 17)
    jump_memory = selection.Memory(
        last_block=frozenset({season.jump.id}) if season.jump else frozenset()
    )
    season.jump = selection.pick_jump(
        season.athlete,
        week.phase,
        candidates,
        jump_memory,
        rng,
        excluded=_excluded(season) | _late_new(season, week, candidates),
    )


def _context(season: _Season, week: WeekShape, *, light: bool = False) -> dosing.Context:
    """The dosing context of a week; planning 1RMs grow 2.5% with each build block passed."""
    scale = (1 + rules.BLOCK_INCREASE) ** sum(1 for b in season.grown_blocks if b <= week.block)
    cut = (
        season.race is not None
        and week.phase in NORMAL
        and (season.race - week.start).days < rules.TAPER_VOLUME_DAYS
    )
    return dosing.Context(
        season.athlete.goal,
        week.phase,
        week.step,
        light or week.deload,
        scale=round(scale, 4),
        experience=season.athlete.experience,
        familiar=week.label == FAMILIARISATION,
        cut=cut,
        bridge=week.bridge,
    )


def _unlearnt(season: _Season, week: WeekShape, candidates: Sequence[Exercise]) -> frozenset[str]:
    """learn-before-load: lifts a novice has not learnt light, kept out of a loading week — in the
    bridge after familiarisation (novice-ramp; a phase change may split it in two blocks) and the
    first heavy block after it every new lower-body lift from a 1RM, later the complex ones."""
    if season.athlete.experience is not Experience.NOVICE:
        return frozenset()
    first = week.bridge or week.block in (season.first_block, season.heavy_block)
    return frozenset(
        e.id
        for e in candidates
        if e.loading is Loading.ONE_RM
        and e.pattern in rules.LOWER_BODY
        and (
            e.id not in season.learnt
            if first
            else e.complexity >= rules.NOVICE_NEW_COMPLEXITY and e.id not in season.used
        )
    )


def _eccentrics(season: _Season) -> frozenset[str]:
    """Nordic curls wait for the end of a novice's familiarisation (first-exposure)."""
    return frozenset(e.id for e in season.catalogue.all() if e.eccentric)


def _chain(season: _Season, exercise_id: str) -> frozenset[str]:
    """The easier and harder versions of an exercise (the catalogue's progression graph)."""
    catalogue = season.catalogue
    return catalogue.easier_of(exercise_id) | catalogue.harder_of(exercise_id)


def _excluded(season: _Season) -> frozenset[str]:
    """progression-order: easier versions of what the runner has moved past are not planned,
    nor other steps of a chain the block has already picked from."""
    catalogue = season.catalogue
    out: set[str] = set()
    for done in season.mastered:
        out |= catalogue.easier_of(done)
    for session in season.picks:
        for e in session:
            out |= _chain(season, e.id)
    return frozenset(out)


def _strength_session(
    season: _Season,
    week: WeekShape,
    slot: Slot,
    number: int,
    candidates: Sequence[Exercise],
    *,
    jump: bool,
) -> Session:
    """A strength session of the block's picks, dosed for this week, with jumps first if it
    is one of the week's jump days and there is room."""
    ctx = _context(season, week)
    heaviest = replace(ctx, step=2, light=False, familiar=False)  # the longest rung
    drill = season.jump if jump else None
    while len(season.picks) <= number:
        rng = random.Random(season.seed * 7919 + week.block * 31 + len(season.picks))
        reserved = [drill] if drill is not None and len(season.picks) == number else []
        picks = selection.pick_session(
            season.athlete,
            week.phase,
            candidates,
            season.one_rms,
            season.memory,
            len(season.picks),
            rng,
            lambda chosen: _too_long(season.athlete, chosen, heaviest),
            excluded=_excluded(season)
            | _late_new(season, week, candidates)
            | (_eccentrics(season) if ctx.familiar else _unlearnt(season, week, candidates)),
            chain=lambda exercise_id: _chain(season, exercise_id),
            reserved=reserved,
        )
        season.picks.append(picks)
        for e in picks:
            season.memory.week[e.id] = season.memory.week.get(e.id, 0) + 1
    picks = list(season.picks[number])
    if drill is not None and _room_for(season, picks, drill, heaviest):
        picks.insert(0, drill)
    return _session(season, week, slot, picks, ctx, SessionKind.STRENGTH)


def _room_for(season: _Season, picks: list[Exercise], drill: Exercise, ctx: dosing.Context) -> bool:
    """True when a jump drill fits the session's exercise, complexity and time budgets."""
    with_drill = [drill, *picks]
    return (
        len(with_drill) <= rules.EXERCISES_PER_SESSION.high
        and (
            len(with_drill) <= rules.EXERCISES_PER_SESSION.low
            or sum(e.complexity for e in with_drill) <= rules.COMPLEXITY_BUDGET
        )
        and not _too_long(season.athlete, with_drill, ctx)
    )


def _taper_week(
    season: _Season,
    week: WeekShape,
    runs: RunWeek,
    following: RunType,
    blocked: set[int],
    candidates: Sequence[Exercise],
) -> list[Session]:
    """Taper: the block's lifts at half the sets, none heavy in the last days, one short
    activation session in the final week, nothing on or after race day."""
    assert season.race is not None
    final = None
    if season.final_day is not None and 0 <= (season.final_day - week.start).days < 7:
        final = season.final_day.weekday()
    if final is not None and any(abs(final - d) <= 1 for d in season.own):
        final = None  # the runner's own strength that week is the race week's light session
    count = session_count(season.athlete, Phase.IN_SEASON, strict=False)
    count = min(count, rules.MAX_SESSIONS[Phase.TAPER]) - len(season.own)
    closed = set(blocked)
    if final is not None:
        count -= 1
        closed |= {final - 1, final, final + 1}
    closed |= {d for d in range(7) if week.start + dt.timedelta(days=d) > season.race}
    slots = _place(season, week, runs, following, count, closed) if count > 0 else []
    sessions = []
    for n, slot in enumerate(slots):
        date = week.start + dt.timedelta(days=slot.weekday)
        heavy_ok = (season.race - date).days >= rules.LAST_HEAVY_DAYS[season.distance]
        if heavy_ok and season.picks and not season.last_familiar:
            sessions.append(_taper_session(season, week, slot, n, candidates))
        else:
            sessions.append(_activation(season, week, slot, candidates, "taper"))
    if final is not None and count >= 0:
        days = (season.race - (week.start + dt.timedelta(days=final))).days
        why = f"{days} days before the race: short and light, to feel sharp, not tired"
        sessions.append(_activation(season, week, Slot(final, why), candidates, "race week"))
    return sessions


def _final_day(start: dt.date, race: dt.date | None, week_runs: list[RunWeek]) -> dt.date | None:
    """The date of the one light session of the race's final days, if any day suits."""
    if race is None:
        return None
    for before in rules.ACTIVATION_DAYS_BEFORE:
        date = race - dt.timedelta(days=before)
        i = (monday(date) - monday(start)).days // 7
        if date < start or i >= len(week_runs):
            continue
        following = week_runs[i + 1].on(0) if i + 1 < len(week_runs) else week_runs[i].on(0)
        if date.weekday() in allowed_days(week_runs[i], following):
            return date
    return None


def _recovery_week(
    season: _Season,
    week: WeekShape,
    runs: RunWeek,
    following: RunType,
    blocked: set[int],
    candidates: Sequence[Exercise],
) -> list[Session]:
    """After the race: one light session once the legs have had a few days (none when the runner
    already does strength twice that week)."""
    if len(season.own) >= rules.MAX_SESSIONS[Phase.RECOVERY]:
        return []
    slots = _place(season, week, runs, following, 1, blocked)
    return [_activation(season, week, slot, candidates, "recovery") for slot in slots]


def _taper_session(
    season: _Season, week: WeekShape, slot: Slot, number: int, candidates: Sequence[Exercise]
) -> Session:
    """The block's lifts without the jumps, at half the sets and the same intensity."""
    picks = [
        e
        for e in season.picks[number % len(season.picks)]
        if e.loading is not Loading.CONTACTS and e.category is not Category.RUN_SPECIFIC
    ]
    picks = _top_up(season, picks, candidates)
    ctx = replace(
        _context(season, week, light=True), step=season.last_step, bridge=season.last_bridge
    )
    return _session(season, week, slot, picks, ctx, SessionKind.STRENGTH)


def _activation(
    season: _Season, week: WeekShape, slot: Slot, candidates: Sequence[Exercise], why: str
) -> Session:
    """A short, light session of familiar movements: nothing heavy, no jumps."""
    picks = selection.pick_activation(candidates, _familiar(season))
    if len(picks) < rules.EXERCISES_PER_SESSION.low:
        raise RuleViolation(
            "exercises-per-session",
            f"{ref('equipment')}/{ref('avoid')}: too few light exercises for a taper or recovery "
            "session",
        )
    ctx = _context(season, week, light=True)
    placement = slot.placement if why == "race week" else f"{why}: {describe_light_day(slot.run)}"
    return _session(season, week, Slot(slot.weekday, placement), picks, ctx, SessionKind.ACTIVATION)


def _retest(
    season: _Season, week: WeekShape, slot: Slot, candidates: Sequence[Exercise]
) -> Session:
    """A re-test at the end of a block, fresh from the lighter week: a 3-5RM of the block's main
    hinge and knee lifts (a new 1RM from the best set) and a longest side-plank hold."""
    lifts: list[Exercise] = []
    block = [  # never a skill lift (light and fast) or one a limitation softens, at a 3-5RM
        e
        for session in season.picks
        for e in session
        if e.loading is Loading.ONE_RM and not e.skill and not e.softened_by(season.athlete.avoid)
    ]
    novice = season.athlete.experience is Experience.NOVICE
    for patterns in (frozenset({Pattern.HINGE}), rules.KNEE):
        fits = [e for e in block if e.pattern in patterns and e not in lifts]
        if novice and any(rules.bilateral_lift(e) for e in lifts):  # learn-before-load
            fits = [e for e in fits if not rules.bilateral_lift(e)]
        if fits:  # the lifts you gave first, then the plainest: a test should be simple to run
            lifts.append(min(fits, key=lambda e: (e.id not in season.one_rms, e.complexity)))
    holds = [e for e in candidates if e.id == rules.RETEST_HOLD]
    picks = _top_up(season, [*lifts, *holds], candidates, holds=False)
    tested = ", ".join(e.name.lower() for e in picks[: len(lifts) + len(holds)])
    placement = f"end of block {week.block}, fresh from the lighter week: {slot.placement}"
    ctx = _context(season, week, light=True)
    return _session(
        season,
        week,
        Slot(slot.weekday, placement),
        picks,
        ctx,
        SessionKind.RETEST,
        focus=f"re-test: {tested}",
    )


def _late_new(season: _Season, week: WeekShape, candidates: Sequence[Exercise]) -> frozenset[str]:
    """familiar-only: in a week that starts within 21 days of the race (the taper's cut), no
    exercise comes new; the block picks among what the runner has done (research 3.4: avoid
    anything new in the lead-up, Spilsbury)."""
    if (
        season.race is None
        or not season.used
        or (season.race - week.start).days >= rules.TAPER_VOLUME_DAYS
    ):
        return frozenset()
    known = _familiar(season)
    return frozenset(e.id for e in candidates if e.id not in known)


def _new_to_the_runner(season: _Season, exercise: Exercise, date: dt.date, p: Prescription) -> bool:
    """new-lift-lighter: a lift or bodyweight exercise dosed by effort that the runner has not
    done in the plan's earlier weeks (nor a harder version of it), brought in once the plan has
    two weeks behind it: its first week stops one more rep short. Easy movements, skill lifts,
    eccentrics and jumps have doses of their own; a load from a known 1RM has its own yardstick."""
    return (
        p.rir is not None
        and p.rir < rules.NEW_LIFT_RIR
        and p.load is None
        and exercise.loading in (Loading.ONE_RM, Loading.BODYWEIGHT, Loading.BAND)
        and exercise.complexity >= 2
        and not exercise.skill
        and not exercise.eccentric
        and bool(season.session_dates)
        and (date - season.session_dates[0]).days >= rules.NEW_LIFT_AFTER_DAYS
        and exercise.id not in _familiar(season)
    )


def _familiar(season: _Season) -> frozenset[str]:
    """What the runner has done, and the easier versions of it: nothing new late in a season."""
    catalogue = season.catalogue
    found = set(season.used)
    for done in season.used:
        found |= catalogue.easier_of(done)
    return frozenset(found)


def _top_up(
    season: _Season, picks: list[Exercise], candidates: Sequence[Exercise], *, holds: bool = True
) -> list[Exercise]:
    """Light, familiar movements added until the session has its three exercises, one a pattern
    (pattern-once); no timed hold in a re-test, where a hold is a test of its own."""
    picks = list(picks)
    for extra in selection.pick_activation(candidates, _familiar(season)):
        if len(picks) >= rules.EXERCISES_PER_SESSION.low:
            break
        if extra in picks or extra.pattern in {e.pattern for e in picks}:
            continue
        if holds or extra.loading is not Loading.TIME:
            picks.append(extra)
    return picks


def _too_long(athlete: Athlete, picks: list[Exercise], ctx: dosing.Context) -> bool:
    """True when the session would overrun the runner's time budget."""
    if athlete.minutes is None:
        return False
    doses = [dosing.dose(e, ctx) for e in picks]
    return dosing.minutes(doses, athlete.goal) > athlete.minutes


def _fit_minutes(
    athlete: Athlete,
    picks: list[Exercise],
    ctx: dosing.Context,
    probes: Sequence[dosing.Context] = (),
) -> dosing.Context:
    """The context that fits `--minutes`: as planned, or squeezed; refused if even that fails.

    `probes` are the block's loading weeks: if one is squeezed, the whole block is, so its
    work still rises from week to week (block-progression).
    """
    if not any(_too_long(athlete, picks, c) for c in (ctx, *probes)):
        return ctx
    short = replace(ctx, short=True)
    if _too_long(athlete, picks, short):
        shortest = dosing.minutes([dosing.dose(e, short) for e in picks], athlete.goal)
        raise _TooShort(athlete, shortest)
    return short


def _session(
    season: _Season,
    week: WeekShape,
    slot: Slot,
    picks: list[Exercise],
    ctx: dosing.Context,
    kind: SessionKind,
    focus: str | None = None,
) -> Session:
    """A dated session from the chosen exercises, with its focus and estimated length."""
    athlete = season.athlete
    date = week.start + dt.timedelta(days=slot.weekday)
    if kind is not SessionKind.RETEST and _race_soon(season, date, rules.RACE_WINDOW_DAYS):
        picks = _primer(season, week, picks)
        ctx = replace(ctx, primer=True)
        slot = Slot(slot.weekday, f"{slot.placement}; {PRIMER_NOTE}", slot.run)
    tired = _tired_legs(season, date) if kind is SessionKind.STRENGTH else None
    if tired is not None:
        ctx = replace(ctx, tired_legs=tired)
    probes: list[dosing.Context] = []
    if (
        athlete.minutes
        and kind is SessionKind.STRENGTH
        and week.phase in NORMAL
        and not ctx.familiar
    ):
        probes = [
            replace(ctx, step=step, light=False, cut=False)
            for step in range(1, rules.LOADING_WEEKS + 1)
        ]
    if week.deload and week.block in season.squeezed:
        ctx = replace(ctx, short=True)  # lighter than the squeezed weeks before it
    ctx = _fit_minutes(athlete, picks, ctx, probes)
    if ctx.short and week.phase in NORMAL:
        season.squeezed.add(week.block)
    prescriptions = []
    first = True
    for exercise in picks:
        one_rm = season.one_rms.get(exercise.id)
        p = None
        if kind is SessionKind.RETEST:
            p = dosing.retest(
                exercise, ctx, one_rm=one_rm, implements=athlete.implements, first=first
            )
        if p is None:
            p = dosing.prescribe(
                exercise,
                ctx,
                one_rm=one_rm,
                implements=athlete.implements,
                avoid=athlete.avoid,
                first_heavy=first and kind is not SessionKind.RETEST,
            )
        if kind is SessionKind.STRENGTH and _new_to_the_runner(season, exercise, date, p):
            p = replace(p, rir=rules.NEW_LIFT_RIR)  # new-lift-lighter
        first = first and not p.warmup
        prescriptions.append(p)
    if focus is None:
        lower = [e.pattern.value for e in picks if e.pattern in rules.LOWER_BODY]
        extras = [e.pattern.value for e in picks if e.pattern not in rules.LOWER_BODY]
        focus = " + ".join(dict.fromkeys(lower)) + (
            f"; {', '.join(dict.fromkeys(extras))}" if extras else ""
        )
        if kind is SessionKind.ACTIVATION:
            focus = f"activation: {focus}"
    if kind is not SessionKind.ACTIVATION and any(
        p.exercise.pattern in rules.LOWER_BODY and (p.percent_1rm or 0) >= rules.HEAVY_PERCENT
        for p in prescriptions
    ):
        season.heavy_legs.add(date)  # the next day's legs are dosed lighter (heavy-legs-spacing)
    return Session(
        date=date,
        minutes=dosing.minutes(prescriptions, athlete.goal),
        focus=focus,
        placement=slot.placement,
        exercises=tuple(prescriptions),
        kind=kind,
    )


PRIMER_NOTE = "a race within 2 days: a short primer, no jumps, no sled or sprints, legs light"


def primer_safe(exercise: Exercise) -> bool:
    """race-window: what a session may hold in the 2 days before a race — no jumps, no sled
    pushes or hill sprints, no Nordic curls (their lifts are dosed light in `dosing.prime`)."""
    return (
        exercise.loading is not Loading.CONTACTS
        and exercise.category is not Category.RUN_SPECIFIC
        and not exercise.eccentric
    )


def _primer(season: _Season, week: WeekShape, picks: list[Exercise]) -> list[Exercise]:
    """The session's own exercises that suit the days before a race, topped up with light,
    familiar movements to its three: never an easier version of a lift the runner has moved
    past (progression-order)."""
    past = _excluded(season)
    safe = [e for e in season.pools[week.phase] if primer_safe(e) and e.id not in past]
    return _top_up(season, [e for e in picks if primer_safe(e)], safe)


def _check_balance(week: list[Exercise]) -> None:
    """Refuse a week the equipment and limitations leave without a hinge, knee or trunk exercise."""
    patterns = {e.pattern for e in week}
    for name, wanted in (("hinge", {Pattern.HINGE}), ("knee", rules.KNEE), ("trunk", rules.TRUNK)):
        if not patterns & wanted:
            raise RuleViolation(
                "week-balance",
                f"{ref('equipment')}/{ref('avoid')}: nothing left for the {name} work every week "
                "needs; "
                "add equipment or avoid fewer areas",
            )


__all__ = ["build_plan", "resolve_one_rms", "session_count"]
