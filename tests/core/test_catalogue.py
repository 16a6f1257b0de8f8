"""The exercise catalogue: the article's library is all there; bad entries are refused by name."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from runstrong.core.catalogue import (
    BUILTIN_ORIGIN,
    Catalogue,
    load_catalogue,
    normalize_name,
    parse_catalogue,
)
from runstrong.core.model import (
    Category,
    Equipment,
    Exercise,
    Limitation,
    Loading,
    Pattern,
)
from runstrong.errors import InputError, NotFound

# The article's library (SPEC "The exercise library of the article") and the run-specific work.
ARTICLE_IDS = [
    # with weights
    "romanian-deadlift",
    "single-leg-romanian-deadlift",
    "deadlift",
    "overhead-squat",
    "back-squat",
    "front-squat",
    "sumo-squat",
    "split-squat",
    "bulgarian-split-squat",
    "multi-directional-lunge",
    "overhead-walking-lunge",
    "sumo-deadlift-high-pull",
    "runners-arms",
    "jackknife",
    "single-leg-deadlift",
    "kettlebell-military-press",
    "kettlebell-windmill",
    "dumbbell-step-up",
    "crossover-step-up",
    "turkish-get-up",
    # no weights
    "glute-med-leg-raise",
    "kneeling-side-plank-leg-lift",
    "side-plank-hip-lift",
    "single-leg-bridge",
    "lateral-band-walk",
    "single-leg-balancing-stick",
    "trx-reverse-lunge-knee-drive-hop",
    "trx-knee-drive",
    "trx-knee-tuck",
    "trx-pike",
    "trx-hamstring-curl",
    "jump-rope",
    "single-leg-jump-rope",
    "wobble-board-balance",
    "single-leg-toe-touch",
    "pistol-squat",
    "step-up-and-over",
    "stability-ball-back-extension",
    "stability-ball-reverse-hip-extension",
    "backward-running",
    "knees-to-elbows",
    "pull-up",
    "inverted-row",
    "plank",
    "plank-rotation",
    # plyometrics
    "box-jump",
    "lateral-box-jump",
    "single-leg-hop",
    "leaping",
    "lateral-bound",
    "deep-squat-jump",
    # battle ropes and run-specific
    "battle-ropes",
    "hill-sprints",
    "sled-push",
    "sled-pull",
]

# The regressions and progressions a coach needs next to the article's list.
COACH_IDS = [
    "trx-assisted-pistol-squat",
    "box-single-leg-squat",
    "bodyweight-split-squat",
    "dumbbell-bulgarian-split-squat",
    "glute-bridge",
    "side-plank",
    "band-assisted-pull-up",
    "reverse-lunge",
    "pogo-hop",
    "kettlebell-single-leg-romanian-deadlift",
    "dumbbell-romanian-deadlift",
    "goblet-squat",
    "kettlebell-goblet-squat",
    "band-good-morning",
    "band-pull-through",
    "banded-squat",
    "band-row",
    "band-pallof-press",
]

# The gaps a runner's plan needs (issue 8): calves, Nordics, hip thrusts, holds, pushing,
# chin-ups, loaded lunges, box squat and trap-bar deadlift.
GAP_IDS = [
    "single-leg-calf-raise",
    "dumbbell-calf-raise",
    "bent-knee-calf-raise",
    "seated-soleus-raise",
    "nordic-hamstring-curl",
    "band-assisted-nordic-curl",
    "hip-thrust",
    "single-leg-hip-thrust",
    "split-squat-hold",
    "wall-sit",
    "spanish-squat",
    "push-up",
    "incline-push-up",
    "chin-up",
    "dumbbell-reverse-lunge",
    "dumbbell-walking-lunge",
    "box-squat",
    "trap-bar-deadlift",
]

KNEE = frozenset({Pattern.SQUAT, Pattern.LUNGE, Pattern.SINGLE_LEG})


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def entry(body: str, exercise_id: str = "my-drill") -> str:
    """A valid runner entry with `body` lines replacing or adding fields."""
    fields = {
        "name": '"My drill"',
        "category": '"bodyweight"',
        "equipment": '["none"]',
        "pattern": '"core"',
        "unilateral": "false",
        "complexity": "1",
        "loading": '"time"',
        "cues": '["Hold still", "Breathe"]',
    }
    extra: list[str] = []
    tables: list[str] = []  # sub-tables and their keys stay as written, after the fields
    for line in textwrap.dedent(body).strip().splitlines():
        key, _, value = line.partition("=")
        key = key.strip()
        if line.startswith("[") or tables:
            tables.append(line)
        elif key in fields:
            if value.strip() == "DROP":
                del fields[key]
            else:
                fields[key] = value.strip()
        else:
            extra.append(line)
    head = [f"[{exercise_id}]", *(f"{k} = {v}" for k, v in fields.items())]
    return "\n".join(head + extra + tables) + "\n"


# --- the packaged catalogue ---------------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", ARTICLE_IDS + COACH_IDS + GAP_IDS)
def test_every_article_and_coach_exercise_is_there(cat: Catalogue, exercise_id: str) -> None:
    assert cat.get(exercise_id).id == exercise_id


@pytest.mark.parametrize(
    ("app_name", "exercise_id"),
    [
        ("Calf Raise (Dumbbell)", "dumbbell-calf-raise"),
        ("calf raise", "single-leg-calf-raise"),
        ("soleus raise", "bent-knee-calf-raise"),
        ("Seated Calf Raise (Dumbbell)", "seated-soleus-raise"),
        ("Hip Thrust (Barbell)", "hip-thrust"),
        ("Chin Up", "chin-up"),
        ("Lunge (Dumbbell)", "dumbbell-walking-lunge"),
        ("Reverse Lunge (Dumbbell)", "dumbbell-reverse-lunge"),
        ("Box Squat (Barbell)", "box-squat"),
        ("Trap Bar Deadlift", "trap-bar-deadlift"),
        ("hex bar deadlift", "trap-bar-deadlift"),
        ("Nordic Hamstring Curl", "nordic-hamstring-curl"),
        ("Push Up", "push-up"),
        ("wall push-up", "incline-push-up"),
        ("Wall Sit", "wall-sit"),
    ],
)
def test_gap_exercises_are_found_by_their_app_names(
    cat: Catalogue, app_name: str, exercise_id: str
) -> None:
    assert exercise_id in GAP_IDS
    assert cat.resolve(app_name) == exercise_id


def test_gap_exercises_are_placed_and_dosed_sensibly(cat: Catalogue) -> None:
    calves = ["single-leg-calf-raise", "dumbbell-calf-raise", "bent-knee-calf-raise"]
    for exercise_id in [*calves, "seated-soleus-raise"]:
        e = cat.get(exercise_id)
        assert (e.pattern, e.unilateral, e.complexity) == (Pattern.CALF, True, 1), e.id
        assert e.softened_by(frozenset({Limitation.ANKLE})), e.id
    for exercise_id in ("split-squat-hold", "wall-sit", "spanish-squat"):
        e = cat.get(exercise_id)
        assert e.loading is Loading.TIME, e.id
        assert e.pattern in KNEE, e.id
        assert not any(v.exercise_id for v in e.variations), e.id  # holds are not regressions
    assert cat.get("spanish-squat").needs() == {Equipment.BAND}
    assert cat.get("hip-thrust").needs() == {Equipment.BARBELL, Equipment.BENCH}
    assert cat.get("box-squat").needs() == {Equipment.BARBELL, Equipment.BOX}
    for exercise_id in ("dumbbell-reverse-lunge", "dumbbell-walking-lunge", "dumbbell-calf-raise"):
        assert cat.get(exercise_id).loading is Loading.ONE_RM, exercise_id
    trap = cat.get("trap-bar-deadlift")
    assert trap.needs() == {Equipment.BARBELL}
    assert "trap (hex) bar" in trap.cues[0]
    assert "deadlift" in trap.cues[0]
    back = frozenset({Limitation.BACK})
    for exercise_id in ("trap-bar-deadlift", "box-squat"):
        assert cat.get(exercise_id).avoided_by(back), exercise_id
    nordic = cat.get("nordic-hamstring-curl")
    assert (nordic.pattern, nordic.complexity) == (Pattern.HINGE, 2)
    assert not any(cat.get(i).skill for i in GAP_IDS)


@pytest.mark.parametrize(
    ("easier", "harder"),
    [
        ("single-leg-calf-raise", "dumbbell-calf-raise"),
        ("band-assisted-nordic-curl", "nordic-hamstring-curl"),
        ("glute-bridge", "hip-thrust"),
        ("single-leg-bridge", "single-leg-hip-thrust"),
        ("incline-push-up", "push-up"),
        ("band-assisted-pull-up", "chin-up"),
        ("chin-up", "pull-up"),
        ("reverse-lunge", "dumbbell-reverse-lunge"),
        ("dumbbell-reverse-lunge", "dumbbell-walking-lunge"),
        ("dumbbell-walking-lunge", "overhead-walking-lunge"),
        ("goblet-squat", "box-squat"),
        ("box-squat", "back-squat"),
    ],
)
def test_gap_exercises_join_the_progression_graph(cat: Catalogue, easier: str, harder: str) -> None:
    assert cat.easier_than(easier, harder)


def test_size_and_sorting(cat: Catalogue) -> None:
    ids = [e.id for e in cat.all()]
    assert ids == sorted(ids)
    assert 90 <= len(ids) <= 110
    assert len(cat) == len(ids)


def test_packaged_entries_are_complete(cat: Catalogue) -> None:
    for e in cat.all():
        assert e.source == BUILTIN_ORIGIN
        assert e.why, e.id
        assert "\n" not in e.why
        assert 2 <= len(e.cues) <= 4, e.id
        assert 1 <= e.complexity <= 3


def test_squat_family_are_separate_barbell_or_dumbbell_lifts(cat: Catalogue) -> None:
    for exercise_id in ("back-squat", "front-squat", "sumo-squat", "goblet-squat"):
        e = cat.get(exercise_id)
        assert e.pattern is Pattern.SQUAT
        assert e.loading is Loading.ONE_RM


@pytest.mark.parametrize("exercise_id", ["hill-sprints", "sled-push", "sled-pull"])
def test_run_specific_entries(cat: Catalogue, exercise_id: str) -> None:
    e = cat.get(exercise_id)
    assert e.category is Category.RUN_SPECIFIC
    assert e.loading is Loading.TIME
    assert e.pattern is Pattern.CONDITIONING
    assert e.priority


def test_docs_table_lists_every_entry(cat: Catalogue) -> None:
    docs = Path(__file__).parents[2] / "docs" / "catalogue.md"
    table = docs.read_text(encoding="utf-8").split("## The entries", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    listed = [row.split("`")[1] for row in rows]
    assert listed == [e.id for e in cat.all()]


def test_conventions_for_loading(cat: Catalogue) -> None:
    for e in cat.all():
        if e.category is Category.PLYOMETRIC:
            assert e.pattern is Pattern.PLYOMETRIC, e.id
            assert e.loading is Loading.CONTACTS, e.id
        if e.pattern is Pattern.PLYOMETRIC:
            assert e.category is Category.PLYOMETRIC, e.id
        if Equipment.BARBELL in e.equipment:
            assert e.loading is Loading.ONE_RM, e.id
        if e.loading is Loading.ONE_RM:
            assert e.needs() & {Equipment.BARBELL, Equipment.DUMBBELL, Equipment.KETTLEBELL}, e.id
    for exercise_id in (
        "plank",
        "side-plank",
        "single-leg-balancing-stick",
        "wobble-board-balance",
    ):
        assert cat.get(exercise_id).loading is Loading.TIME
    for exercise_id in ("battle-ropes", "jump-rope"):
        assert cat.get(exercise_id).loading is Loading.TIME


def test_heaviest_and_most_technical_are_complexity_three(cat: Catalogue) -> None:
    for exercise_id in (
        "back-squat",
        "deadlift",
        "front-squat",
        "overhead-squat",
        "turkish-get-up",
        "sumo-deadlift-high-pull",
        "pistol-squat",
    ):
        assert cat.get(exercise_id).complexity == 3, exercise_id
    assert cat.get("lateral-band-walk").complexity == 1


SKILLS = {
    "overhead-squat",
    "sumo-deadlift-high-pull",
    "kettlebell-windmill",
    "turkish-get-up",
    "pistol-squat",
    "overhead-walking-lunge",
}


def test_technical_and_explosive_lifts_are_marked_skill(cat: Catalogue) -> None:
    # Research 5.3: complex lifts are dosed light and fast and kept from novices.
    assert {e.id for e in cat.all() if e.skill} == SKILLS
    for exercise_id in ("back-squat", "deadlift", "split-squat", "romanian-deadlift"):
        assert not cat.get(exercise_id).skill, exercise_id


def test_glute_med_work_is_the_priority(cat: Catalogue) -> None:
    assert cat.get("glute med").priority
    assert cat.get("glute med").pattern is Pattern.HIP_STABILITY
    assert not cat.get("back-squat").priority


def test_cautions_follow_the_article(cat: Catalogue) -> None:
    back = frozenset({Limitation.BACK})
    for exercise_id in ("stability-ball-back-extension", "stability-ball-reverse-hip-extension"):
        e = cat.get(exercise_id)
        assert not e.avoided_by(back)
        assert [c.limitation for c in e.softened_by(back)] == [Limitation.BACK]
    for exercise_id in ("back-squat", "deadlift", "good-morning"):
        assert cat.get(exercise_id).avoided_by(back)
    for e in cat.filter(category=Category.PLYOMETRIC):
        assert e.avoided_by(frozenset({Limitation.ANKLE})), e.id
    assert cat.get("overhead-squat").avoided_by(frozenset({Limitation.SHOULDER}))
    assert cat.get("plank").softened_by(frozenset({Limitation.WRIST}))
    assert cat.get("pistol-squat").avoided_by(frozenset({Limitation.KNEE}))


def test_variation_links_point_to_entries(cat: Catalogue) -> None:
    linked = 0
    for e in cat.all():
        for v in e.variations:
            assert v.kind in ("progression", "regression")
            if v.exercise_id is not None:
                assert v.exercise_id != e.id
                assert cat.get(v.exercise_id).id == v.exercise_id
                linked += 1
    assert linked > 40
    pistol_help = {v.exercise_id for v in cat.get("pistol-squat").variations}
    assert {"trx-assisted-pistol-squat", "box-single-leg-squat"} <= pistol_help
    progressions = {
        v.exercise_id for v in cat.get("glute-bridge").variations if v.kind == "progression"
    }
    assert progressions == {"single-leg-bridge", "hip-thrust"}


# --- the progression graph ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("easier", "harder"),
    [
        ("bodyweight-split-squat", "split-squat"),
        ("split-squat", "bulgarian-split-squat"),
        ("bulgarian-split-squat", "dumbbell-bulgarian-split-squat"),
        ("bodyweight-split-squat", "dumbbell-bulgarian-split-squat"),  # through the ladder
        ("band-assisted-pull-up", "pull-up"),
        ("inverted-row", "pull-up"),
        ("band-row", "pull-up"),  # band row < inverted row < pull-up
        ("goblet-squat", "back-squat"),
        ("bodyweight-squat", "front-squat"),  # through the goblet squat
        ("glute-bridge", "single-leg-bridge"),
        ("box-single-leg-squat", "pistol-squat"),
        ("dumbbell-romanian-deadlift", "deadlift"),  # through the barbell RDL
        ("glute-med-leg-raise", "side-plank-hip-lift"),
        ("pogo-hop", "single-leg-hop"),
    ],
)
def test_easier_than_known_pairs(cat: Catalogue, easier: str, harder: str) -> None:
    assert cat.easier_than(easier, harder)
    assert not cat.easier_than(harder, easier)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("back-squat", "front-squat"),  # alternatives, not a ladder
        ("goblet-squat", "kettlebell-goblet-squat"),  # the same squat with another implement
        ("romanian-deadlift", "single-leg-romanian-deadlift"),  # two lifts, both heavy work
        ("dumbbell-row", "single-leg-romanian-deadlift"),  # another pattern altogether
        ("side-plank", "side-plank-hip-lift"),  # core and hip work: separate slots
        ("pull-up", "pull-up"),
    ],
)
def test_unrelated_exercises_are_not_ordered(cat: Catalogue, a: str, b: str) -> None:
    assert not cat.easier_than(a, b)
    assert not cat.easier_than(b, a)


def test_easier_than_takes_aliases_and_refuses_unknown_names(cat: Catalogue) -> None:
    assert cat.easier_than("BSS", "db bss")
    with pytest.raises(NotFound):
        cat.easier_than("not-an-exercise", "pull-up")


def test_the_packaged_graph_is_an_order(cat: Catalogue) -> None:
    ids = [e.id for e in cat.all()]
    for a in ids:
        assert not cat.easier_than(a, a), a
        for b in ids:
            if cat.easier_than(a, b):
                assert not cat.easier_than(b, a), (a, b)
                for c in ids:
                    if cat.easier_than(b, c):
                        assert cat.easier_than(a, c), (a, b, c)


def test_packaged_links_are_reciprocal_and_stay_in_one_pattern(cat: Catalogue) -> None:
    opposite = {"progression": "regression", "regression": "progression"}
    for e in cat.all():
        for v in e.variations:
            if v.exercise_id is None:
                continue
            other = cat.get(v.exercise_id)
            assert other.pattern is e.pattern, (e.id, other.id)
            back = [w.kind for w in other.variations if w.exercise_id == e.id]
            assert back == [opposite[v.kind]], (e.id, v.exercise_id)


def _link(owner: str, kind: str, target: str) -> str:
    return f'[[{owner}.variations]]\nname = "{target}"\nkind = "{kind}"\nexercise = "{target}"'


def test_a_consistent_pair_of_runner_links_is_accepted() -> None:
    first = entry(_link("my-drill", "progression", "my-next"))
    second = entry(_link("my-next", "regression", "my-drill"), exercise_id="my-next")
    merged = load_catalogue([("mine.toml", first + second)])
    assert merged.easier_than("my-drill", "my-next")
    assert not merged.easier_than("my-next", "my-drill")


@pytest.mark.parametrize("kind", ["progression", "regression"])
def test_two_entries_calling_each_other_harder_are_refused(kind: str) -> None:
    first = entry(_link("my-drill", kind, "my-next"))
    second = entry(_link("my-next", kind, "my-drill"), exercise_id="my-next")
    with pytest.raises(InputError) as info:
        load_catalogue([("mine.toml", first + second)])
    assert info.value.field == "mine.toml: [my-next].variations[0].exercise"
    assert f"[my-drill] lists 'my-next' as a {kind}" in info.value.problem
    assert "each would be easier than the other" in info.value.problem


def test_a_loop_of_variations_is_refused() -> None:
    text = (
        entry(_link("my-a", "progression", "my-b"), exercise_id="my-a")
        + entry(_link("my-b", "progression", "my-c"), exercise_id="my-b")
        + entry(_link("my-c", "progression", "my-a"), exercise_id="my-c")
    )
    with pytest.raises(InputError) as info:
        load_catalogue([("mine.toml", text)])
    assert info.value.field.startswith("mine.toml: [my-")
    assert "my-a < my-b < my-c < my-a" in info.value.problem
    assert "easier than itself" in info.value.problem


def test_a_runner_loop_through_packaged_entries_blames_the_runner() -> None:
    # bodyweight split squat < split squat < ... < dumbbell Bulgarian split squat, packaged;
    # the runner's entry claims to sit above the top and below the bottom of that ladder.
    text = entry(
        _link("my-drill", "regression", "dumbbell-bulgarian-split-squat")
        + "\n"
        + _link("my-drill", "progression", "bodyweight-split-squat")
    )
    with pytest.raises(InputError) as info:
        load_catalogue([("/home/me/exercises.toml", text)])
    assert info.value.field.startswith("/home/me/exercises.toml: [my-drill].variations[")
    assert "closes a loop" in info.value.problem
    assert "bodyweight-split-squat" in info.value.problem


# --- pattern coverage for the planner -----------------------------------------------------------


def _by_pattern(cat: Catalogue, has: set[str], patterns: frozenset[Pattern]) -> list[Exercise]:
    return [e for e in cat.filter(equipment=frozenset(has)) if e.pattern in patterns]


GROUPS = {
    "hinge": frozenset({Pattern.HINGE}),
    "knee": KNEE,
    "hip-stability": frozenset({Pattern.HIP_STABILITY}),
    "core": frozenset({Pattern.CORE}),
    "plyometric": frozenset({Pattern.PLYOMETRIC}),
}


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_every_pattern_without_equipment(cat: Catalogue, group: str) -> None:
    found = _by_pattern(cat, {"none"}, GROUPS[group])
    assert found
    assert all(e.equipment == (Equipment.NONE,) for e in found)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_every_pattern_with_a_band(cat: Catalogue, group: str) -> None:
    assert _by_pattern(cat, {"band"}, GROUPS[group])


def test_band_only_runner_has_band_options(cat: Catalogue) -> None:
    band = frozenset({Equipment.BAND})
    with_band = {e.id for e in cat.filter(equipment=band) if Equipment.BAND in e.equipment}
    assert {
        "band-good-morning",
        "band-pull-through",
        "banded-squat",
        "lateral-band-walk",
    } <= with_band
    assert {"band-row", "band-pallof-press"} <= with_band
    assert {e.pattern for e in cat.filter(equipment=band)} >= {Pattern.PULL, Pattern.HINGE}


def test_pull_needs_bar_trx_or_band(cat: Catalogue) -> None:
    for kit in ({"pull-up-bar"}, {"trx"}, {"band"}):
        assert _by_pattern(cat, kit, frozenset({Pattern.PULL})), kit
    assert not _by_pattern(cat, {"none"}, frozenset({Pattern.PULL}))


def test_dumbbell_only_runner_has_loaded_hinge_and_knee_work(cat: Catalogue) -> None:
    has = frozenset({Equipment.DUMBBELL})
    loaded = {e.id for e in cat.filter(equipment=has) if Equipment.DUMBBELL in e.equipment}
    assert {"dumbbell-romanian-deadlift", "single-leg-romanian-deadlift"} <= loaded
    assert {"goblet-squat", "dumbbell-bulgarian-split-squat", "dumbbell-step-up"} <= loaded
    for group in ("hinge", "knee"):
        assert any(
            e.loading is Loading.ONE_RM for e in _by_pattern(cat, {"dumbbell"}, GROUPS[group])
        )


# --- lookups ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("rdl", "romanian-deadlift"),
        ("RDL", "romanian-deadlift"),
        ("  Romanian Deadlift ", "romanian-deadlift"),
        ("SL deadlift", "single-leg-deadlift"),
        ("tgu", "turkish-get-up"),
        ("Runner's arms", "runners-arms"),
        ("hill repeats", "hill-sprints"),
        ("pistol", "pistol-squat"),
        ("squat", "back-squat"),
        ("back_squat", "back-squat"),
    ],
)
def test_lookup_by_id_or_alias(cat: Catalogue, typed: str, expected: str) -> None:
    assert cat.get(typed).id == expected
    assert cat.resolve(typed) == expected
    assert typed in cat


def test_unknown_name_suggests_the_closest(cat: Catalogue) -> None:
    with pytest.raises(NotFound) as info:
        cat.get("romanain-deadlift")
    assert info.value.field == "exercise"
    assert info.value.name == "romanain-deadlift"
    assert "did you mean romanian-deadlift" in str(info.value)
    with pytest.raises(NotFound, match="did you mean"):
        cat.resolve("bulgarian")
    with pytest.raises(NotFound) as nothing:
        cat.get("zzzzqqq")
    assert "did you mean" not in str(nothing.value)
    assert "zzzzqqq" not in cat


def test_filter_by_category(cat: Catalogue) -> None:
    plyos = cat.filter(category=Category.PLYOMETRIC)
    assert {e.id for e in plyos} >= {"box-jump", "pogo-hop", "deep-squat-jump"}
    assert all(e.category is Category.PLYOMETRIC for e in plyos)
    assert cat.filter(category="run-specific") == cat.filter(category=Category.RUN_SPECIFIC)


def test_filter_by_equipment_keeps_only_what_can_be_done(cat: Catalogue) -> None:
    home = frozenset({Equipment.DUMBBELL, Equipment.BAND})
    found = cat.filter(equipment=home)
    assert all(e.needs() <= home for e in found)
    ids = {e.id for e in found}
    assert "goblet-squat" in ids
    assert "plank" in ids  # bodyweight work is always possible
    assert "back-squat" not in ids
    assert "band-assisted-pull-up" not in ids  # needs the bar too
    assert "band-assisted-pull-up" in {
        e.id for e in cat.filter(equipment={Equipment.BAND, Equipment.PULL_UP_BAR})
    }
    assert cat.filter(equipment=frozenset()) == cat.filter(equipment={Equipment.NONE})
    assert cat.filter(equipment="band") == cat.filter(equipment={Equipment.BAND})


def test_filter_by_pattern_and_search(cat: Catalogue) -> None:
    hinges = cat.filter(pattern=Pattern.HINGE)
    assert "romanian-deadlift" in {e.id for e in hinges}
    assert all(e.pattern is Pattern.HINGE for e in hinges)
    assert [e.id for e in cat.filter(search="TGU")] == ["turkish-get-up"]
    single = {e.id for e in cat.filter(search="single leg", pattern="hinge")}
    assert {"single-leg-romanian-deadlift", "single-leg-bridge"} <= single
    assert all(e.pattern is Pattern.HINGE for e in cat.filter(search="single leg", pattern="hinge"))
    by_cue = {e.id for e in cat.filter(search="car door")}
    assert by_cue == {"romanian-deadlift"}
    assert cat.filter(search="no-such-word-anywhere") == ()
    assert cat.filter() == cat.all()


def test_filter_refuses_unknown_values(cat: Catalogue) -> None:
    with pytest.raises(InputError) as info:
        cat.filter(pattern="hinj")
    assert info.value.field == "pattern"
    assert "hinge" in info.value.problem
    with pytest.raises(InputError, match="equipment"):
        cat.filter(equipment={"barbel"})


def test_substitutes_for_back_squat_with_dumbbells(cat: Catalogue) -> None:
    subs = cat.substitutes("back-squat", frozenset({Equipment.DUMBBELL}))
    assert subs[0].id in ("goblet-squat", "dumbbell-bulgarian-split-squat")
    assert subs[0].id == "goblet-squat"
    assert all(e.pattern is Pattern.SQUAT for e in subs)
    assert all(e.needs() <= {Equipment.DUMBBELL} for e in subs)
    assert "back-squat" not in {e.id for e in subs}
    # the same category and sidedness come before the bodyweight squat
    ids = [e.id for e in subs]
    assert ids.index("goblet-squat") < ids.index("bodyweight-squat")


def test_substitutes_ranking_and_options(cat: Catalogue) -> None:
    every = cat.substitutes("romanian-deadlift")
    assert "deadlift" in {e.id for e in every}
    first_sides = [e.unilateral for e in every if e.category is Category.WEIGHTS]
    assert first_sides[0] is False
    assert every[0].category is Category.WEIGHTS
    assert every[0].complexity == 2  # closest complexity among the bilateral lifts
    banded = cat.substitutes("rdl", {"band"})
    assert {e.id for e in banded} == {
        e.id for e in cat.filter(equipment={"band"}, pattern="hinge") if e.id != "romanian-deadlift"
    }
    no_back = cat.substitutes("romanian-deadlift", avoid={Limitation.BACK})
    assert "deadlift" not in {e.id for e in no_back}
    with pytest.raises(NotFound):
        cat.substitutes("not-an-exercise")


# --- parsing and validation ---------------------------------------------------------------------


def test_a_valid_runner_entry_parses() -> None:
    text = entry(
        """
        aliases = ["Drill"]
        priority = true
        skill = true
        why = "A line."
        [[my-drill.variations]]
        name = "Easier"
        kind = "regression"
        [[my-drill.cautions]]
        limitation = "wrist"
        effect = "soften"
        note = "On the forearms."
        """
    )
    parsed = parse_catalogue(text, "mine.toml")
    e = parsed["my-drill"]
    assert e.source == "mine.toml"
    assert e.equipment == (Equipment.NONE,)
    assert e.pattern is Pattern.CORE
    assert e.priority
    assert e.skill
    assert not parse_catalogue(entry(""), "mine.toml")["my-drill"].skill
    assert e.variations[0].note == ""
    assert e.cautions[0].limitation is Limitation.WRIST
    assert parse_catalogue(text, "x", origin="elsewhere")["my-drill"].source == "elsewhere"


BAD_ENTRIES = [
    ('pattern = "hinj"', "[my-drill].pattern", "'hinj' is not allowed; allowed: hinge, squat"),
    ('category = "cardio"', "[my-drill].category", "allowed: weights, bodyweight"),
    ('loading = "percent"', "[my-drill].loading", "allowed: 1rm, bodyweight"),
    ('equipment = ["barbel"]', "[my-drill].equipment[0]", "'barbel' is not allowed"),
    ("equipment = []", "[my-drill].equipment", "at least one"),
    ('equipment = ["none", "band"]', "[my-drill].equipment", "cannot be combined"),
    ('equipment = ["band", "band"]', "[my-drill].equipment", "twice"),
    ('equipment = "band"', "[my-drill].equipment", "must be an array, got a string"),
    ("complexity = 4", "[my-drill].complexity", "out of range; allowed: 1-3"),
    ("complexity = 0", "[my-drill].complexity", "out of range"),
    ('complexity = "2"', "[my-drill].complexity", "must be an integer, got a string"),
    ("complexity = true", "[my-drill].complexity", "must be an integer, got a boolean"),
    ('unilateral = "no"', "[my-drill].unilateral", "must be true or false"),
    ("priority = 1", "[my-drill].priority", "must be true or false"),
    ('skill = "yes"', "[my-drill].skill", "must be true or false, got a string"),
    ("cues = []", "[my-drill].cues", "at least one"),
    ('cues = ["ok", ""]', "[my-drill].cues[1]", "must not be empty"),
    ('name = "  "', "[my-drill].name", "must not be empty"),
    ("name = 3", "[my-drill].name", "must be a string, got an integer"),
    ("name = DROP", "[my-drill].name", "required key is missing"),
    ("cues = DROP", "[my-drill].cues", "required key is missing"),
    ('colour = "red"', "[my-drill].colour", "unknown key; allowed: name"),
    ('aliases = "drill"', "[my-drill].aliases", "must be an array"),
    ('why = """two\nlines"""', "[my-drill].why", "single line"),
    (
        '[[my-drill.variations]]\nname = "Harder"\nkind = "sideways"',
        "[my-drill].variations[0].kind",
        "'sideways' is not allowed; allowed: progression, regression",
    ),
    (
        '[[my-drill.variations]]\nname = "Harder"',
        "[my-drill].variations[0].kind",
        "required key is missing",
    ),
    (
        '[[my-drill.variations]]\nname = "Harder"\nkind = "progression"\nexercise = "Back Squat"',
        "[my-drill].variations[0].exercise",
        "not an exercise id",
    ),
    (
        '[[my-drill.variations]]\nname = "H"\nkind = "progression"\nlevel = 2',
        "[my-drill].variations[0].level",
        "unknown key",
    ),
    (
        '[[my-drill.cautions]]\nlimitation = "neck"\neffect = "avoid"',
        "[my-drill].cautions[0].limitation",
        "'neck' is not allowed; allowed: back, knee",
    ),
    (
        '[[my-drill.cautions]]\nlimitation = "back"\neffect = "ignore"',
        "[my-drill].cautions[0].effect",
        "allowed: avoid, soften",
    ),
    (
        '[[my-drill.cautions]]\nlimitation = "back"\neffect = "avoid"\n'
        '[[my-drill.cautions]]\nlimitation = "back"\neffect = "soften"',
        "[my-drill].cautions[1].limitation",
        "has a caution already",
    ),
    ("cautions = [1]", "[my-drill].cautions[0]", "must be a table"),
]


@pytest.mark.parametrize(("body", "field", "problem"), BAD_ENTRIES)
def test_malformed_entries_name_the_entry_and_field(body: str, field: str, problem: str) -> None:
    with pytest.raises(InputError) as info:
        parse_catalogue(entry(body), "mine.toml")
    assert info.value.field == f"mine.toml: {field}"
    assert problem in info.value.problem
    assert str(info.value).startswith(f"mine.toml: {field}: ")


@pytest.mark.parametrize(
    ("text", "field", "problem"),
    [
        (entry("", exercise_id="My_Drill"), "mine.toml: [My_Drill]", "kebab-case"),
        (entry("", exercise_id="drill-"), "mine.toml: [drill-]", "kebab-case"),
        ('my-drill = "hello"\n', "mine.toml: [my-drill]", "must be a table"),
        ("[my-drill\nname = 1\n", "mine.toml", "not valid TOML"),
        (entry("") + entry(""), "mine.toml", "not valid TOML"),  # the same id twice
        (
            entry('aliases = ["other"]') + entry("", exercise_id="other"),
            "mine.toml: [other]",
            "already an alias of [my-drill]",
        ),
        (
            entry('aliases = ["Shared one"]') + entry('aliases = ["shared-one"]', "second"),
            "mine.toml: [second].aliases[0]",
            "already names [my-drill]",
        ),
    ],
)
def test_malformed_files(text: str, field: str, problem: str) -> None:
    with pytest.raises(InputError) as info:
        parse_catalogue(text, "mine.toml")
    assert info.value.field == field
    assert problem in info.value.problem


def test_normalize_name() -> None:
    assert normalize_name("  Runner’s Arms ") == "runners-arms"
    assert normalize_name("single_leg  bridge") == "single-leg-bridge"


# --- merging a runner's own file ----------------------------------------------------------------


def test_runner_entries_are_added_with_their_source() -> None:
    text = entry(
        """
        aliases = ["copenhagen"]
        pattern = "hip-stability"
        [[my-drill.variations]]
        name = "Side plank"
        kind = "regression"
        exercise = "side-plank"
        """,
        exercise_id="copenhagen-plank",
    ).replace("my-drill", "copenhagen-plank")
    merged = load_catalogue([("/home/me/.config/runstrong/exercises.toml", text)])
    mine = merged.get("Copenhagen")
    assert mine.id == "copenhagen-plank"
    assert mine.source == "/home/me/.config/runstrong/exercises.toml"
    assert mine.variations[0].exercise_id == "side-plank"
    assert merged.get("rdl").source == BUILTIN_ORIGIN
    assert len(merged) == len(load_catalogue()) + 1
    assert "copenhagen-plank" not in load_catalogue()  # the shared packaged catalogue is untouched
    assert mine in merged.substitutes("lateral-band-walk")


def test_runner_entry_with_an_existing_id_is_refused() -> None:
    text = entry("", exercise_id="romanian-deadlift")
    with pytest.raises(InputError) as info:
        load_catalogue([("exercises.toml", text)])
    assert info.value.field == "exercises.toml: [romanian-deadlift]"
    assert "already exists" in info.value.problem
    assert info.value.hint is not None
    assert "new id" in info.value.hint


def test_the_same_new_id_in_two_runner_files_is_refused() -> None:
    text = entry("", exercise_id="my-drill")
    with pytest.raises(InputError) as info:
        load_catalogue([("a.toml", text), ("b.toml", text)])
    assert info.value.field == "b.toml: [my-drill]"
    assert "a.toml" in info.value.problem


def test_runner_alias_or_id_clashing_with_a_packaged_name_is_refused() -> None:
    with pytest.raises(InputError) as info:
        load_catalogue([("mine.toml", entry('aliases = ["RDL"]'))])
    assert info.value.field == "mine.toml: [my-drill].aliases[0]"
    assert "[romanian-deadlift]" in info.value.problem
    with pytest.raises(InputError) as again:
        load_catalogue([("mine.toml", entry("", exercise_id="tgu"))])
    assert again.value.field == "mine.toml: [tgu]"
    assert "alias of [turkish-get-up]" in again.value.problem


def test_variation_links_are_checked_after_merging() -> None:
    first = entry(
        '[[my-drill.variations]]\nname = "Next"\nkind = "progression"\nexercise = "my-next"'
    )
    second = entry("", exercise_id="my-next")
    merged = load_catalogue([("a.toml", first), ("b.toml", second)])
    assert merged.get("my-drill").variations[0].exercise_id == "my-next"
    with pytest.raises(InputError) as info:
        load_catalogue([("a.toml", first)])
    assert info.value.field == "a.toml: [my-drill].variations[0].exercise"
    assert "no exercise 'my-next'" in info.value.problem
    looping = entry(
        '[[my-drill.variations]]\nname = "Self"\nkind = "progression"\nexercise = "my-drill"'
    )
    with pytest.raises(InputError, match="its own entry"):
        load_catalogue([("a.toml", looping)])
    typo = entry(
        '[[my-drill.variations]]\nname = "X"\nkind = "progression"\nexercise = "side-plnk"'
    )
    with pytest.raises(InputError) as close:
        load_catalogue([("a.toml", typo)])
    assert "did you mean side-plank" in str(close.value)


def test_a_bad_runner_file_names_its_source() -> None:
    with pytest.raises(InputError) as info:
        load_catalogue([("/tmp/x/exercises.toml", entry('pattern = "hinj"'))])
    assert str(info.value).startswith("/tmp/x/exercises.toml: [my-drill].pattern: 'hinj'")


def test_the_packaged_catalogue_is_parsed_once() -> None:
    assert load_catalogue() is load_catalogue()
    assert load_catalogue(()) is load_catalogue()
