"""`runstrong serve --forwarded-allow-ips` through the real entry point, into uvicorn's own Config
(its Server.run replaced, so nothing listens); without it, uvicorn's default stays."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from runstrong.cli.main import run


@pytest.fixture
def configs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    import uvicorn.server

    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("RUNSTRONG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RUNSTRONG_DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    found: list[Any] = []

    def record(self: Any, sockets: Any = None) -> None:
        found.append(self.config)
        self.started = True  # as a server that started and was stopped

    monkeypatch.setattr(uvicorn.server.Server, "run", record)
    return found


def test_the_option_reaches_uvicorns_config(configs: list[Any]) -> None:
    assert run(["serve", "--forwarded-allow-ips", "10.0.0.5,192.168.1.0/24"]) == 0
    (config,) = configs
    assert config.proxy_headers is True
    assert config.forwarded_allow_ips == "10.0.0.5,192.168.1.0/24"


def test_without_it_only_loopback_is_trusted(
    configs: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(["serve"]) == 0
    assert configs[0].forwarded_allow_ips == "127.0.0.1,::1"
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.9")  # uvicorn's own variable still works
    assert run(["serve"]) == 0
    assert configs[1].forwarded_allow_ips == "10.0.0.9"


def test_an_empty_value_is_refused_by_name(
    configs: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["serve", "--forwarded-allow-ips", " "]) == 2
    err = capsys.readouterr().err
    assert "--forwarded-allow-ips" in err and "comma separated" in err
    assert "Traceback" not in err
    assert configs == []


def test_threads_reach_the_workers_and_build_their_app(
    configs: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from runstrong.web import app as web

    monkeypatch.delenv("RUNSTRONG_WEB_THREADS", raising=False)
    assert run(["serve"]) == 0
    assert os.environ["RUNSTRONG_WEB_THREADS"] == str(web.THREADS)
    assert run(["serve", "--threads", "2"]) == 0
    assert os.environ["RUNSTRONG_WEB_THREADS"] == "2"
    made: list[int] = []
    real = web.create_app
    monkeypatch.setattr(
        web, "create_app", lambda *a, **k: made.append(k["threads"]) or real(*a, **k)
    )
    web.from_environment()  # what each worker runs
    assert made == [2]


def test_threads_out_of_range_are_refused_by_name(
    configs: list[Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from runstrong.errors import InputError
    from runstrong.web import app as web

    for bad in ("0", "17", "four"):
        assert run(["serve", "--threads", bad]) == 2
        err = capsys.readouterr().err
        assert "--threads" in err and "Traceback" not in err
    assert configs == []
    monkeypatch.setenv("RUNSTRONG_WEB_THREADS", "99")  # set by hand for a worker
    with pytest.raises(InputError, match="threads: must be a whole number 1-16; got '99'"):
        web.from_environment()
