"""Each command loads only what it uses (issue 11): checked in a fresh interpreter per command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from runstrong.cli import main
from runstrong.cli.commands import COMMANDS, LazyCommands

HEAVY = ("runstrong.core.planner", "runstrong.core.catalogue", "rich", "sqlalchemy", "alembic")
"""What a calculator or --help never needs: the planner, the catalogue, rich, the ORM."""

PLAN = ["plan", "--goal", "strength", "--phase", "off-season"]


def loaded(args: list[str], *, before: str = "") -> tuple[set[str], str]:
    """The modules a fresh interpreter holds after running `runstrong ARGS` (exit 0), and its
    output; `before` is code run first."""
    code = "\n".join(
        [
            "import io, json, sys",
            before,
            "from runstrong.cli.main import run",
            "out, sys.stdout = sys.stdout, io.StringIO()",
            f"code = run({args!r})",
            "text, sys.stdout = sys.stdout.getvalue(), out",
            "print(json.dumps([code, sorted(sys.modules), text]))",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    status, modules, text = json.loads(done.stdout)
    assert status == 0, done.stderr
    return set(modules), text


def heavy(modules: set[str], names: tuple[str, ...] = HEAVY) -> list[str]:
    """The modules of `names` (or inside them) that were loaded."""
    return sorted(m for m in modules if any(m == n or m.startswith(f"{n}.") for n in names))


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["estimate", "--weight", "100", "--reps", "5", "--format", "json"],
        ["load", "--one-rm", "140", "--percent", "80"],
        ["load", "--one-rm", "140", "--reps", "5", "--format", "json"],
    ],
)
def test_help_and_the_calculators_load_no_planner_catalogue_rich_or_orm(args: list[str]) -> None:
    modules, _ = loaded(args)
    assert heavy(modules) == []
    assert heavy(modules, ("runstrong.app", "runstrong.present", "runstrong.export")) == []


def test_help_loads_no_command_and_no_core() -> None:
    modules, _ = loaded(["--help"])
    assert sorted(m for m in modules if m.startswith("runstrong")) == [
        "runstrong",
        "runstrong.cli",
        "runstrong.cli.commands",
        "runstrong.cli.main",
        "runstrong.errors",
        "runstrong.version",
    ]


def test_estimate_as_text_draws_its_table_without_rich_or_the_domain_model() -> None:
    # Through a real pipe (UTF-8), as a runner's terminal or `| less` gets it.
    code = (
        "import json, sys\n"
        "from runstrong.cli.main import run\n"
        "code = run(['estimate', '--weight', '100', '--reps', '5'])\n"
        "print(json.dumps([code, sorted(sys.modules)]), file=sys.stderr)"
    )
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100"}
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TERM"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    status, modules = json.loads(done.stderr.splitlines()[-1])
    assert status == 0
    assert "┃ formula  ┃      1RM ┃" in done.stdout and "│ epley    │ 116.7 kg │" in done.stdout
    assert heavy(set(modules), (*HEAVY, "runstrong.core.model", "runstrong.settings")) == []


def _home(folder: Path, config: str | None = None) -> str:
    """Code making a runner with an empty home (no RUNSTRONG_* or XDG_* settings), whose
    default config folder holds `config` as config.toml when given."""
    lines = [
        "import os",
        "for k in [k for k in os.environ if k.startswith(('RUNSTRONG_', 'XDG_'))]:",
        "    del os.environ[k]",
        f"os.environ['HOME'] = {str(folder)!r}",
    ]
    if config is not None:
        (folder / ".config" / "runstrong").mkdir(parents=True)
        (folder / ".config" / "runstrong" / "config.toml").write_text(config, encoding="utf-8")
    return "\n".join(lines)


LOAD_SKIPS = (*HEAVY, "runstrong.core.model", "runstrong.cli.render", "tomllib", "pathlib")
"""What `load` with no config.toml never needs: the model beyond the kit, rich, TOML, pathlib."""


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (
            ["--percent", "80"],
            "112.5 kg (80% of 140 kg, barbell)\nplates per side: 25 + 20 + 1.25\n",
        ),
        (
            ["--reps", "5", "--units", "lb"],
            "120 lb (87% of 140 lb, barbell)\nplates per side: 35 + 2.5\n",
        ),
        (["--percent", "10"], "20 kg (10% of 140 kg, barbell)\nthe empty bar\n"),
        (["--percent", "30", "--equipment", "dumbbell"], "42.5 kg (30% of 140 kg, dumbbell)\n"),
    ],
)
def test_load_without_a_config_file_starts_without_the_model_rich_toml_or_pathlib(
    tmp_path: Path, args: list[str], shown: str
) -> None:
    modules, text = loaded(["load", "--one-rm", "140", *args], before=_home(tmp_path))
    assert text == shown
    assert heavy(modules, LOAD_SKIPS) == []
    modules, text = loaded(
        ["load", "--one-rm", "140", *args, "--format", "json"], before=_home(tmp_path)
    )
    assert text.startswith('{\n  "one_rm": 140.0,\n  "percent_1rm": ')
    assert heavy(modules, LOAD_SKIPS) == []


def test_load_reads_the_implements_of_a_config_file_in_the_default_folder(tmp_path: Path) -> None:
    config = "[implements.kg]\nbar = 15\nplates = [10, 5]\n"
    modules, text = loaded(
        ["load", "--one-rm", "140", "--percent", "80"], before=_home(tmp_path, config)
    )
    assert text == "115 kg (80% of 140 kg, barbell)\nplates per side: 10 + 10 + 10 + 10 + 10\n"
    assert "tomllib" in modules
    assert heavy(modules, (*HEAVY, "runstrong.core.model")) == []


def test_the_model_s_kit_is_the_kit_itself() -> None:
    # `load` imports core/kit.py alone; the rest of the code names the same classes via the model.
    from runstrong.core import kit, model

    assert all(
        getattr(model, name) is getattr(kit, name) for name in ("Equipment", "Units", "Implements")
    )


def test_plan_as_json_loads_no_rich_and_no_orm() -> None:
    modules, text = loaded([*PLAN, "--format", "json"])
    assert json.loads(text)["weeks"]
    assert heavy(modules, ("rich", "sqlalchemy", "alembic")) == []


def test_plan_reads_the_catalogue_from_the_cache_not_the_toml(tmp_path: Path) -> None:
    # The first run builds the cache; the second must not parse a catalogue file at all.
    cache = tmp_path / "cache"
    env = f"import os; os.environ['RUNSTRONG_CACHE_DIR'] = {str(cache)!r}"
    _, first = loaded([*PLAN, "--format", "json"], before=env)
    assert (cache / "catalogue.pickle").is_file()
    refuse = (
        "import runstrong.core.catalogue as c\n"
        "def refuse(*args, **kwargs): raise AssertionError('the catalogue was parsed again')\n"
        "c.parse_catalogue = refuse"
    )
    _, second = loaded([*PLAN, "--format", "json"], before=f"{env}\n{refuse}")
    assert second == first


def test_help_lists_every_command_with_its_own_short_help() -> None:
    # The table in cli/commands.py stands in for the commands in --help: it must say what they say.
    in_modules: set[str] = set()
    for module in {where.split(":")[0] for where, _ in COMMANDS.values()}:
        commands = __import__(f"runstrong.cli.{module}", fromlist=["COMMANDS"]).COMMANDS
        in_modules |= {command.name for command in commands}
    assert in_modules == set(COMMANDS)
    for name, (_, text) in COMMANDS.items():
        command = main.cli.commands[name]
        assert command.name == name
        for limit in (30, 45, 60, 80, 200):
            shown = click.Command(name, help=text).get_short_help_str(limit)
            assert shown == command.get_short_help_str(limit), name


def test_help_output_is_the_same_lazy_or_loaded() -> None:
    _, lazy = loaded(["--help"])
    before = (
        "import runstrong.cli.main as m\nfor name in list(m.cli.commands): m.cli.commands[name]"
    )
    modules, eager = loaded(["--help"], before=before)
    assert "runstrong.cli.plan" in modules  # the commands really were loaded the second time
    assert eager == lazy
    for name in COMMANDS:
        assert f"\n  {name} " in lazy


def test_a_mistyped_command_is_still_suggested(capsys: pytest.CaptureFixture[str]) -> None:
    assert main.run(["pla"]) == 2
    assert capsys.readouterr().err == (
        "runstrong: error: No such command 'pla'. (Did you mean one of: 'plan', 'plans'?)\n"
    )


def test_the_lazy_commands_behave_as_a_dict() -> None:
    commands = LazyCommands({"check": ("check:check_command", "Re-check.")})
    assert list(commands) == ["check"] and len(commands) == 1 and not commands.loaded
    assert commands["check"].name == "check" and "check" in commands.loaded
    with pytest.raises(KeyError):
        commands["plan"]
    commands["extra"] = click.Command("extra")
    assert list(commands) == ["check", "extra"]
    del commands["check"]
    assert list(commands) == ["extra"]
    with pytest.raises(KeyError):
        del commands["check"]
