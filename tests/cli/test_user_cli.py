"""`runstrong user` and `runstrong token` through the real entry point: output, errors, exits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from runstrong.app import accounts
from runstrong.cli.main import cli, run
from runstrong.settings import Context


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "config").mkdir()
    monkeypatch.setenv("RUNSTRONG_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("RUNSTRONG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("RUNSTRONG_DATABASE_URL", raising=False)
    return tmp_path


def call(argv: list[str], capsys: pytest.CaptureFixture[str], code: int = 0) -> str:
    assert run(argv) == code, capsys.readouterr()
    captured = capsys.readouterr()
    return captured.out if code == 0 else captured.err


@pytest.fixture
def password(tmp_path: Path) -> str:
    path = tmp_path / "password.txt"
    path.write_text("correct horse battery\nignored second line\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def ana(capsys: pytest.CaptureFixture[str], password: str) -> None:
    call(["athlete", "create", "--name", "Ana"], capsys)
    out = call(
        [
            "user",
            "create",
            "--email",
            "Ana@Example.org",
            "--athlete",
            "ana",
            "--password-file",
            password,
        ],
        capsys,
    )
    assert out == "created user ana@example.org (owner, athlete Ana)\n"


def _ctx(tmp_path: Path) -> Context:
    return Context.from_environment(f"sqlite:///{tmp_path / 'data' / 'runstrong.db'}")


def test_user_create_reads_the_password_file_and_the_first_user_owns(
    ana: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], password: str
) -> None:
    out = call(
        ["user", "create", "--email", "cy@example.org", "--coach", "--password-file", password],
        capsys,
    )
    assert out == "created user cy@example.org (coach)\n"
    lines = call(["user", "list"], capsys).splitlines()
    assert [line.split("  ")[:3] for line in lines] == [
        ["ana@example.org", "owner", "Ana"],
        ["cy@example.org", "coach", "-"],
    ]
    ctx = _ctx(tmp_path)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    user = accounts.authenticate(
        ctx, email="ana@example.org", password="correct horse battery", address="::1", now=now
    )
    assert user.athlete == "Ana" and abs((now - user.created).total_seconds()) < 60
    ctx.close()


def test_user_create_asks_for_the_password_twice() -> None:
    result = CliRunner().invoke(
        cli,
        ["user", "create", "--email", "bo@example.org"],
        input="long enough phrase\nlong enough phrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert result.output.endswith("created user bo@example.org (owner)\n")
    assert "longenough" not in result.output  # hidden


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--email", "ana@example.org"], "--email: already has an account"),
        (
            ["--email", "bo@example.org", "--athlete", "Ana"],
            "--athlete: already has an account (one login per athlete)",
        ),
        (
            ["--email", "bo@example.org", "--athlete", "zed"],
            "--athlete: no such entry 'zed' (see `runstrong athlete list`)",
        ),
        (
            ["--email", "bo"],
            "--email: 'bo' is not an email address;"
            " give an address like ana@example.org, at most 254 characters",
        ),
    ],
)
def test_user_create_refusals_are_one_line_exit_2(
    ana: None, capsys: pytest.CaptureFixture[str], password: str, args: list[str], error: str
) -> None:
    err = call(["user", "create", *args, "--password-file", password], capsys, code=2)
    assert err == f"runstrong: error: {error}\n"


def test_a_short_or_missing_password_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    short = tmp_path / "short.txt"
    short.write_text("2short\n", encoding="utf-8")
    base = ["user", "create", "--email", "bo@example.org", "--password-file"]
    err = call([*base, str(short)], capsys, code=2)
    assert err == "runstrong: error: password: at least 15 characters; got 6\n"
    err = call([*base, str(tmp_path / "none.txt")], capsys, code=2)
    assert err == (
        f"runstrong: error: --password-file: cannot read '{tmp_path / 'none.txt'}':"
        " No such file or directory\n"
    )
    assert call(["user", "list"], capsys) == "no users yet (runstrong user create --email EMAIL)\n"


def test_reset_link_prints_a_one_time_link(
    ana: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = call(["user", "reset-link", "ANA@example.org"], capsys)
    assert out.startswith("http://127.0.0.1:8000/reset/") and out.endswith("\n")
    other = call(
        ["user", "reset-link", "ana@example.org", "--base-url", "https://rs.example.org/"], capsys
    )
    assert other.startswith("https://rs.example.org/reset/")
    raw = out.strip().rsplit("/", 1)[1]
    ctx = _ctx(tmp_path)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert accounts.reset_password(ctx, raw, "a new passphrase", now=now).email == "ana@example.org"
    ctx.close()
    err = call(["user", "reset-link", "zed@example.org"], capsys, code=2)
    missing = "--email: no such entry 'zed@example.org'"
    assert err == f"runstrong: error: {missing} (see `runstrong user list`)\n"


def test_tokens_are_printed_once_listed_and_revoked(
    ana: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(
            [
                "token",
                "create",
                "--user",
                "ana@example.org",
                "--scope",
                "read,write",
                "--name",
                "phone",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    raw = captured.out.strip()
    assert raw.startswith("rs_") and captured.err == "token 1 (read,write) for ana@example.org\n"
    listed = call(["token", "list", "--user", "ana@example.org"], capsys)
    assert listed == "1  phone  read,write  never used  live\n"
    ctx = _ctx(tmp_path)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    found = accounts.token_user(ctx, raw, now=now)
    assert found is not None and found[1] == ("read", "write")
    assert (
        call(["token", "revoke", "--user", "ana@example.org", "1"], capsys) == "revoked token 1\n"
    )
    assert accounts.token_user(ctx, raw, now=now) is None
    ctx.close()
    listed = call(["token", "list", "--user", "ana@example.org"], capsys)
    assert listed.startswith("1  phone  read,write  ") and "  revoked " in listed


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (
            ["token", "create", "--user", "zed@example.org"],
            "--user: no such entry 'zed@example.org' (see `runstrong user list`)",
        ),
        (
            ["token", "create", "--user", "ana@example.org", "--scope", "admin"],
            "--scope: 'admin' is not allowed; allowed: read, write",
        ),
        (
            ["token", "create", "--user", "ana@example.org", "--name", " "],
            "--name: must not be empty",
        ),
        (
            ["token", "list", "--user", "zed@example.org"],
            "--user: no such entry 'zed@example.org' (see `runstrong user list`)",
        ),
        (
            ["token", "revoke", "--user", "ana@example.org", "7"],
            "token: no such entry '7' (see `runstrong token list`)",
        ),
        (
            ["token", "revoke", "--user", "ana@example.org", "x"],
            "Invalid value for 'ID': 'x' is not a valid integer.",
        ),
    ],
)
def test_token_refusals_are_one_line_exit_2(
    ana: None, capsys: pytest.CaptureFixture[str], argv: list[str], error: str
) -> None:
    assert call(argv, capsys, code=2) == f"runstrong: error: {error}\n"


def test_user_delete_asks_then_removes_the_athlete_too(
    ana: None, capsys: pytest.CaptureFixture[str]
) -> None:
    result = CliRunner().invoke(cli, ["user", "delete", "ana@example.org"], input="n\n")
    assert result.exit_code == 0 and "nothing deleted" in result.output
    assert "ana@example.org" in call(["user", "list"], capsys)
    assert (
        call(["user", "delete", "ana@example.org", "--yes"], capsys)
        == "deleted user ana@example.org\n"
    )
    assert call(["user", "list"], capsys).startswith("no users yet")
    assert call(["athlete", "list"], capsys).startswith("no athletes yet")
    err = call(["user", "delete", "ana@example.org", "--yes"], capsys, code=2)
    missing = "--email: no such entry 'ana@example.org'"
    assert err == f"runstrong: error: {missing} (see `runstrong user list`)\n"


def test_user_delete_names_the_athletes_a_coach_manages(
    ana: None, capsys: pytest.CaptureFixture[str], password: str, isolated: Path
) -> None:
    from runstrong.app import coaching
    from runstrong.app.requests import AthleteRequest

    argv = ["user", "create", "--email", "cora@example.org", "--coach", "--password-file"]
    assert call([*argv, password], capsys) == "created user cora@example.org (coach)\n"
    ctx = _ctx(isolated)
    cora = accounts.user_by_email(ctx, "cora@example.org")
    coaching.create_managed(ctx, cora, AthleteRequest(name="Jo"), now=dt.datetime(2027, 1, 4))
    ctx.close()
    result = CliRunner().invoke(cli, ["user", "delete", "cora@example.org"], input="n\n")
    assert "Delete cora@example.org, and the athletes they manage as a coach (Jo)?" in (
        result.output
    )
    call(["user", "delete", "cora@example.org", "--yes"], capsys)
    assert call(["athlete", "list"], capsys).splitlines()[0].startswith("Ana")
    assert "Jo" not in call(["athlete", "list"], capsys)
