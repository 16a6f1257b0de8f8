"""The plate search is bounded: a plate too small is refused in config.toml, and any load is
answered at once, whatever the plate set."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from runstrong.cli.main import run
from runstrong.core import loads
from runstrong.core.model import Equipment, Implements, Units
from runstrong.errors import InputError


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(folder))
    return folder


@pytest.mark.parametrize(
    ("table", "field"),
    [
        ("plates = [20, 0.0001]", "plates"),
        ("plates = [20, 0.05]", "plates"),
        ("plates = [20, 2.125]", "plates"),
        ("plates = [1e300]", "plates"),
        (f"plates = [{', '.join(str(i + 1) for i in range(21))}]", "plates"),
        ("bar = 0.5", "bar"),
        ("bar = 1e9", "bar"),
        ("dumbbells = [0.001]", "dumbbells"),
        ("kettlebells = [1e6]", "kettlebells"),
    ],
)
def test_config_refuses_implements_outside_the_limits(
    config_dir: Path, capsys: pytest.CaptureFixture[str], table: str, field: str
) -> None:
    (config_dir / "config.toml").write_text(f"[implements.kg]\n{table}\n", encoding="utf-8")
    started = time.monotonic()
    code = run(["load", "--one-rm", "1000", "--percent", "100"])
    err = capsys.readouterr().err
    assert time.monotonic() - started < 5
    assert code == 2, err
    assert f"[implements.kg].{field}" in err
    assert err.count("\n") == 1


def test_fine_but_allowed_plates_answer_at_once(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (config_dir / "config.toml").write_text(
        "[implements.kg]\nbar = 20\nplates = [100, 0.11, 0.1]\n", encoding="utf-8"
    )
    started = time.monotonic()
    code = run(["load", "--one-rm", "1000", "--percent", "100", "--format", "json"])
    out = capsys.readouterr().out
    assert time.monotonic() - started < 5
    assert code == 0
    assert '"load": 1000.0' in out


@pytest.mark.parametrize("plates", [(0.0001,), (20.0001, 0.0003), (25.0, 0.0001)])
def test_the_api_is_bounded_for_any_plate_set(plates: tuple[float, ...]) -> None:
    kit = Implements(Units.KG, 20.0, plates, (), ())
    started = time.monotonic()
    for target in (60.0, 1000.0, 1e9):
        with pytest.raises(InputError):
            loads.round_load(target, Equipment.BARBELL, kit)
    assert time.monotonic() - started < 2


def test_heavy_loads_use_the_largest_plates_and_stay_exact() -> None:
    kit = loads.default_implements(Units.KG)
    for target in (60.0, 222.5, 1000.0, 2500.0):
        rounded = loads.round_load(target, Equipment.BARBELL, kit)
        assert rounded.load == target
        assert rounded.plates is not None
        assert sum(rounded.plates) * 2 + kit.bar == target
        assert loads.plate_breakdown(target, kit) == rounded.plates
    with pytest.raises(InputError, match="200 plates"):
        loads.round_load(20 + 2 * 25 * 201, Equipment.BARBELL, kit)
