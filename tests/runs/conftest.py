"""The runs tests run away from the developer's own runstrong files, like tests/app's."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(folder))
    monkeypatch.setenv("RUNSTRONG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("RUNSTRONG_DATABASE_URL", raising=False)
