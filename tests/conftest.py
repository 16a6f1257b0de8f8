"""Every test runs away from the developer's own runstrong files: empty config, data, cache folders.

Set at start-up (before collection: some modules build plans at import); tests that need their own
folders override these with monkeypatch.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    home = Path(tempfile.mkdtemp(prefix="runstrong-tests-"))
    os.environ["RUNSTRONG_CONFIG_DIR"] = str(home / "config")
    os.environ["RUNSTRONG_DATA_DIR"] = str(home / "data")
    os.environ["RUNSTRONG_CACHE_DIR"] = str(home / "cache")
    os.environ.pop("RUNSTRONG_DATABASE_URL", None)
