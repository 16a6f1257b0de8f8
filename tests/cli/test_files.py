"""--output: files and folders, no overwrite without --force, clear errors, no half-written file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import runstrong
from runstrong.cli.files import export
from runstrong.errors import InputError
from runstrong.export import FORMATS


@pytest.fixture
def plan() -> dict[str, Any]:
    """The plan of the issue's command (as tests/export/conftest.py builds it)."""
    return runstrong.plan_json(
        runstrong.build_plan(
            goal="strength",
            phase="pre-season",
            setup="gym",
            lifts=["back-squat=100", "romanian-deadlift=80x6"],
            runs="mon=easy,tue=intervals,thu=tempo,sat=long",
            start="2027-01-04",
        )
    )


def refuse(plan: dict[str, Any], fmt: str, output: str, **kwargs: Any) -> InputError:
    with pytest.raises(InputError) as info:
        export(plan, fmt, output, **kwargs)
    assert info.value.field == "output"
    assert "\n" not in str(info.value)
    return info.value


@pytest.mark.parametrize("fmt", ["md", "csv", "ics", "pdf"])
def test_existing_file_is_kept_without_force(
    plan: dict[str, Any], tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"plan.{fmt}"
    target.write_text("mine")
    error = refuse(plan, fmt, str(target))
    assert str(error).endswith("' exists (add force to overwrite it)")
    assert target.read_text() == "mine"
    assert export(plan, fmt, str(target), force=True) is None
    assert target.read_bytes() != b"mine"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temp file left


def test_existing_fit_files_are_kept_without_force(plan: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "2027-01-07-strength.fit").write_text("mine")
    error = refuse(plan, "fit", str(tmp_path))
    assert "2027-01-07-strength.fit" in str(error)
    assert str(error).endswith(" (add force to overwrite them)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2027-01-07-strength.fit"]
    export(plan, "fit", str(tmp_path), force=True)
    assert (tmp_path / "2027-01-07-strength.fit").read_bytes()[8:12] == b".FIT"
    assert len(list(tmp_path.iterdir())) == 2


def test_a_folder_is_not_a_file_and_a_file_is_not_a_folder(
    plan: dict[str, Any], tmp_path: Path
) -> None:
    assert "is a folder" in str(refuse(plan, "pdf", str(tmp_path)))
    afile = tmp_path / "x.fit"
    afile.write_text("")
    assert "is a file" in str(refuse(plan, "fit", str(afile)))


def test_missing_folder_for_a_file(plan: dict[str, Any], tmp_path: Path) -> None:
    error = refuse(plan, "csv", str(tmp_path / "nowhere" / "plan.csv"))
    assert "does not exist" in str(error)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder(plan: dict[str, Any], tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert "cannot write" in str(refuse(plan, "md", str(locked / "plan.md")))
        assert "cannot" in str(refuse(plan, "fit", str(locked / "workouts")))
    finally:
        locked.chmod(0o700)


def test_unwritable_path_even_as_root(plan: dict[str, Any], tmp_path: Path) -> None:
    """A path under a regular file cannot be created by anyone."""
    afile = tmp_path / "file"
    afile.write_text("")
    assert "does not exist" in str(refuse(plan, "md", str(afile / "plan.md")))
    assert "cannot create folder" in str(refuse(plan, "fit", str(afile / "workouts")))


def test_written_files_get_ordinary_permissions(plan: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    export(plan, "md", str(target))
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_stdout_formats_return_text_and_file_formats_refuse(plan: dict[str, Any]) -> None:
    assert FORMATS == ("md", "csv", "ics", "fit", "pdf")
    for fmt in ("md", "csv", "ics"):
        assert export(plan, fmt, None)
        assert export(plan, fmt, "-")
    for fmt in ("fit", "pdf"):
        assert str(refuse(plan, fmt, "-")).startswith(f"output: {fmt} needs output ")


def test_unknown_format(plan: dict[str, Any]) -> None:
    with pytest.raises(InputError) as info:
        export(plan, "docx", None)
    assert info.value.field == "format"
