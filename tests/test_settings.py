"""Settings and the Context: the environment read once, each part loaded when first used."""

from __future__ import annotations

from pathlib import Path

import pytest

from runstrong.errors import InputError
from runstrong.settings import Context, Settings


def test_settings_come_from_the_environment_given(tmp_path: Path) -> None:
    env = {
        "RUNSTRONG_CONFIG_DIR": str(tmp_path / "c"),
        "RUNSTRONG_DATA_DIR": str(tmp_path / "d"),
        "RUNSTRONG_DATABASE_TIMEOUT": "7",
    }
    s = Settings.from_environment(env)
    assert s.config_folder() == tmp_path / "c"
    assert s.database() == f"sqlite:///{tmp_path / 'd' / 'runstrong.db'}"
    assert s.database("postgresql://x/y") == "postgresql://x/y"
    assert s.waits() == (None, 7)


def test_a_bad_timeout_fails_only_what_opens_the_database(tmp_path: Path) -> None:
    ctx = Context(Settings(data_dir=tmp_path, lock_timeout="soon"))
    assert ctx.catalogue.get("back-squat").id == "back-squat"  # planning still works
    with pytest.raises(InputError, match="RUNSTRONG_DATABASE_TIMEOUT: must be whole seconds"):
        _ = ctx.db


def test_the_runners_files_are_read_once(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[setups.shed]\nequipment = ["band"]\n')
    ctx = Context(Settings(config_dir=tmp_path))
    assert ctx.setup("shed").equipment
    (tmp_path / "config.toml").write_text("not toml [")  # not read again by this context
    assert "shed" in ctx.setups
    with pytest.raises(InputError, match=r"^setup: 'castle' is not allowed; allowed: "):
        ctx.setup("castle")


@pytest.mark.parametrize("xdg", [None, "/srv/xdg"])
def test_the_default_folders_are_platformdirs_own(
    xdg: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        if xdg is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, f"{xdg}/{name.lower()}")
    settings = Settings()
    assert settings.config_folder() == Path(platformdirs.user_config_dir("runstrong"))
    data = Path(platformdirs.user_data_dir("runstrong")) / "runstrong.db"
    assert settings.database() == f"sqlite:///{data}"
