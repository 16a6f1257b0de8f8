"""The CLI's one mapping of neutral fields and actions to its words (cli/wording.py)."""

from __future__ import annotations

import pytest

from runstrong.cli.main import cli
from runstrong.cli.wording import Wording, for_args
from runstrong.errors import InputError, NotFound, RuleViolation, action, ref

PLAN = for_args(cli, ["plan", "--goal", "strength"])
LOG = for_args(cli, ["log", "--athlete", "Ana", "--delete", "3"])
HISTORY = for_args(cli, ["history", "--athlete", "Ana"])


@pytest.mark.parametrize(
    ("field", "flag"),
    [
        ("weeks", "--weeks"),
        ("race_distance", "--race-distance"),
        ("lifts", "--lift"),  # the option's parameter name
        ("lift", "--lift"),  # and its long flag
        ("lifts[2]", "--lift"),
        ("runs.tue", "--runs (tue)"),
        ("output", "--output"),  # the parameter is output_file
        ("format", "--format"),  # the parameter is fmt
        ("time", "--time"),
        ("run_types", "--run-type"),
        ("equipment/avoid", "--equipment/--avoid"),
        ("--weeks", "--weeks"),  # a field already in CLI words stays as it is
        ("--runs.mon", "--runs (mon)"),
        ("config.toml: [setups]", "config.toml: [setups]"),
        ("runs.toml: default.tue", "runs.toml: default (tue)"),
        ("FILE", "FILE"),
        ("PLAN.json", "PLAN.json"),
        ("exercise", "exercise"),
        ("edit", "edit"),  # plan has no --edit
        ("plates/load", "plates/load"),
    ],
)
def test_plan_fields_as_flags(field: str, flag: str) -> None:
    assert PLAN.flag(field) == flag


def test_a_field_is_worded_by_the_command_that_ran() -> None:
    assert LOG.flag("edit/delete") == "--edit/--delete"
    assert LOG.flag("rpe") == "--rpe"  # the parameter is rpe_text
    assert LOG.flag("weeks") == "weeks"  # log has no --weeks
    assert for_args(cli, ["athlete", "create", "--name", "Ana"]).flag("name") == "--name"
    assert for_args(cli, ["frobnicate"]).flag("weeks") == "weeks"


def test_exercise_names_the_catalogue_entry_even_where_exercise_is_a_filter() -> None:
    assert HISTORY.flags["exercise"] == "--exercise"
    assert HISTORY.error(NotFound("exercise", "moon")) == "exercise: no such entry 'moon'"


def test_errors_and_texts_in_cli_words() -> None:
    error = InputError("race", f"is 60 weeks after {ref('start')}", f"leave {ref('weeks')} out")
    assert str(error) == "race: is 60 weeks after start (leave weeks out)"
    assert PLAN.error(error) == "--race: is 60 weeks after --start (leave --weeks out)"
    missing = NotFound("edit/delete", "9", hint=f"see `{action('history')}`")
    assert LOG.error(missing) == "--edit/--delete: no such entry '9' (see `runstrong history`)"
    rule = RuleViolation("sessions-per-week", f"{ref('sessions')}: in-season allows at most 2")
    assert PLAN.error(rule) == "--sessions: in-season allows at most 2 [rule: sessions-per-week]"
    assert PLAN.text(f"{ref('lifts')} rdl: needs a barbell") == "--lift rdl: needs a barbell"
    assert Wording.command("athlete create") == "runstrong athlete create"


def test_an_argument_is_worded_as_the_option_of_that_name() -> None:
    lift = for_args(cli, ["athlete", "lift", "back-squat=1500", "--athlete", "Ana"])
    assert lift.flag("lifts[0]") == "--lift"  # as `plan --lift` says it
    assert lift.flag("date") == "--date"  # its own option
    imported = for_args(cli, ["import", "--athlete", "Ana", "strong.csv"])
    assert imported.flag("date") == "date"  # a stored row's date, not `log --date`
    assert imported.flag("file") == "file"  # an argument no option is named after


def test_a_field_named_after_another_is_worded_inside_out() -> None:
    error = InputError(f"{ref('runs_file')} runs.toml: default.tue", "'jog' is not allowed")
    assert str(error) == "runs_file runs.toml: default.tue: 'jog' is not allowed"
    assert PLAN.error(error) == "--runs-file runs.toml: default (tue): 'jog' is not allowed"
