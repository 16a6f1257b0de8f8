"""Files written by `progress --output` and `backup --output`: atomic, never through a link,
never onto a device or pipe (even with --force), never left half-written on a full disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from runstrong import app as logbook
from runstrong.app.requests import AthleteRequest
from runstrong.cli.main import run
from runstrong.settings import Context


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(folder))
    found = f"sqlite:///{tmp_path / 'runstrong.db'}"
    database = Context.from_environment(found)
    logbook.create_athlete(database, AthleteRequest(name="Ana", setup="gym"))
    for day, load in (("2027-01-05", "60"), ("2027-01-12", "65")):
        logbook.log_session(database, "Ana", ["back-squat", f"3x5@{load}"], date=_day(day))
    database.close()
    return found


def _day(text: str) -> object:
    import datetime as dt

    return dt.date.fromisoformat(text)


def _commands(url: str, target: Path) -> list[list[str]]:
    base = ["--athlete", "Ana", "--database", url, "--output", str(target)]
    return [["progress", "--exercise", "back-squat", *base], ["backup", *base]]


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_link_is_never_followed_nor_replaced(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], force: list[str]
) -> None:
    victim = tmp_path / "victim.png"
    victim.write_bytes(b"keep me")
    for suffix in (".png", ".json"):
        link = tmp_path / f"link{suffix}"
        link.symlink_to(victim)
        dangling = tmp_path / f"dangling{suffix}"
        dangling.symlink_to(tmp_path / f"nowhere{suffix}")
        for target in (link, dangling):
            command = _commands(url, target)[0 if suffix == ".png" else 1]
            assert run([*command, *force]) == 2
            err = capsys.readouterr().err
            assert "--output" in err
            assert "symbolic link" in err if force else ("exists" in err or "link" in err)
            assert target.is_symlink()
    assert victim.read_bytes() == b"keep me"
    assert not (tmp_path / "nowhere.png").exists()
    assert not (tmp_path / "nowhere.json").exists()
    assert _leftovers(tmp_path) == []


def test_force_never_writes_to_a_pipe(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = ("pipe.png", "pipe.json")
    for command, name in zip(_commands(url, tmp_path / "x"), names, strict=True):
        pipe = tmp_path / name
        os.mkfifo(pipe)
        command[-1] = str(pipe)
        assert run([*command, "--force"]) == 2  # would block forever if the pipe were opened
        err = capsys.readouterr().err
        assert "pipe, not a regular file" in err
        assert Path(pipe).exists() and not Path(pipe).is_file()


def test_an_existing_file_is_replaced_whole_with_force(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command, name in zip(_commands(url, tmp_path / "x"), ("c.png", "b.json"), strict=True):
        target = tmp_path / name
        target.write_bytes(b"old")
        command[-1] = str(target)
        assert run(command) == 2
        assert "exists" in capsys.readouterr().err
        assert target.read_bytes() == b"old"
        assert run([*command, "--force"]) == 0
        data = target.read_bytes()
        assert data.startswith(b"\x89PNG") if name.endswith(".png") else data.startswith(b"{")
    assert _leftovers(tmp_path) == []


# A child whose output file may grow to 100 bytes only (set once the database has been read):
# writing past that fails as on a full disk (EFBIG).
FULL = """
import resource, signal, sys
from runstrong.cli.main import run
from runstrong.cli import files
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
temp = files._temp
def full(*args):
    resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))
    return temp(*args)
files._temp = full
sys.exit(run(sys.argv[1:]))
"""


def test_a_full_disk_leaves_the_old_file_whole(url: str, tmp_path: Path) -> None:
    for command, name in zip(_commands(url, tmp_path / "x"), ("c.png", "b.json"), strict=True):
        target = tmp_path / name
        target.write_bytes(b"old")
        command[-1] = str(target)
        done = subprocess.run(
            [sys.executable, "-c", FULL, *command, "--force"],
            capture_output=True,
            check=False,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2, done.stderr
        assert "--output" in done.stderr
        assert "Traceback" not in done.stderr
        assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []
