"""The validator stands alone: importing it loads no planner, no rules, nothing of the core."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import runstrong
from runstrong.core.loads import one_rm


def modules_after(code: str) -> list[str]:
    """The runstrong modules a fresh interpreter holds after running `code`."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"{code}\nimport json, sys\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('runstrong'))))",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return list(json.loads(done.stdout))


def test_importing_the_validator_loads_nothing_of_the_core() -> None:
    found = modules_after("import runstrong.validation")
    assert "runstrong.validation.validator" in found
    outside = [m for m in found if not m.startswith("runstrong.validation")]
    assert outside == ["runstrong", "runstrong.errors"]


def test_checking_a_plan_loads_nothing_of_the_core() -> None:
    plan = runstrong.plan_json(runstrong.build_plan(goal="strength", phase="off-season"))
    code = (
        "import json\nfrom runstrong.validation import check_plan\n"
        f"assert check_plan(json.loads({json.dumps(plan)!r})) == []"
    )
    found = modules_after(code)
    assert [m for m in found if m.startswith(("runstrong.core", "runstrong.app"))] == []


def test_the_root_package_loads_its_names_on_first_use() -> None:
    assert modules_after("import runstrong") == ["runstrong"]
    found = modules_after("import runstrong; runstrong.estimate_one_rm(100, 5)")
    assert "runstrong.core.loads" in found and "runstrong.core.planner" not in found


def test_every_public_name_resolves_and_is_listed() -> None:
    for name in runstrong.__all__:
        assert getattr(runstrong, name) is not None, name
        assert name in dir(runstrong)
    assert runstrong.estimate_one_rm is one_rm
    with pytest.raises(AttributeError, match="no attribute 'planner'"):
        _ = runstrong.planner
