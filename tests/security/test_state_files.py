"""The embedded warehouse's own files: secrets, the port, initdb's password. Each broken file is
refused with one line naming it; a secret that no longer matches never re-keys its role; the
superuser's password is never readable by others, not even while the server is made."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result

from scorecard import warehouse as wh
from scorecard.cli import main
from scorecard.settings import Settings, get_settings, libpq_url
from scorecard.settings.embedded import StateFileError
from scorecard.warehouse.bootstrap import SecretMismatch, login_role, password_matches


def _cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project home of its own (the running warehouse's is never touched)."""
    monkeypatch.setenv("SCORECARD_HOME", str(tmp_path))
    monkeypatch.delenv("SCORECARD_PG_PORT", raising=False)
    return tmp_path


@pytest.mark.parametrize("content", [b"garbage\n", b"80\n", b"\xff\xfe\x00", b""])
def test_a_broken_port_file_is_refused_naming_it(home: Path, content: bytes) -> None:
    (home / "pg-port").write_bytes(content)
    with pytest.raises(StateFileError, match=str(home / "pg-port")):
        get_settings()
    result = _cli("warehouse", "status")
    assert result.exit_code == 4
    assert str(home / "pg-port") in result.output and "\n" not in result.output.strip()


BROKEN_SECRETS = {
    "a folder": lambda path: path.mkdir(),
    "binary": lambda path: path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"),
    "empty": lambda path: path.write_bytes(b""),
}


@pytest.mark.parametrize("breaking", BROKEN_SECRETS.values(), ids=BROKEN_SECRETS.keys())
def test_a_broken_secret_file_is_refused_naming_it(home: Path, breaking: object) -> None:
    (home / "pg-port").write_text("54999\n")
    secret = home / "secrets" / "loader"
    secret.parent.mkdir()
    breaking(secret)  # type: ignore[operator]
    with pytest.raises(StateFileError, match=str(secret)):
        _ = get_settings().loader_url
    result = _cli("warehouse", "url", "--role", "loader", "--show-password")
    assert result.exit_code == 4
    assert str(secret) in result.output


@pytest.fixture
def probe_role(warehouse: Settings) -> Iterator[str]:
    """A login role of its own, with a password, dropped afterwards."""
    role = f"scorecard_probe_{os.getpid()}"
    with psycopg.connect(libpq_url(warehouse.superuser_url), autocommit=True) as conn:
        conn.execute(f"create role {role} login password 'the-right-one'")
    yield role
    with psycopg.connect(libpq_url(warehouse.superuser_url), autocommit=True) as conn:
        conn.execute(f"drop role {role}")


def test_a_secret_that_no_longer_matches_never_rekeys_its_role(
    warehouse: Settings, probe_role: str, tmp_path: Path
) -> None:
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "loader").write_text("a-wrong-one\n")
    probe = dataclasses.replace(warehouse, home=tmp_path, loader_role=probe_role)
    with psycopg.connect(libpq_url(warehouse.superuser_url), autocommit=True) as conn:
        with pytest.raises(SecretMismatch) as refused:
            login_role(conn, probe, "loader")
        assert str(tmp_path / "secrets" / "loader") in str(refused.value)
        assert "scorecard warehouse rekey loader" in str(refused.value)
        stored = conn.execute(
            "select rolpassword from pg_authid where rolname = %s", (probe_role,)
        ).fetchone()
        assert stored is not None and password_matches(stored[0], probe_role, "the-right-one")
        (tmp_path / "secrets" / "loader").write_text("the-right-one\n")
        login_role(conn, probe, "loader")  # the matching secret is accepted as it is


def test_the_embedded_server_on_another_port_is_not_said_to_be_running(
    warehouse: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A port setting that points away from the running server (where another server may
    answer, and receive the passwords) is refused, naming where the port came from."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        monkeypatch.setenv("SCORECARD_PG_PORT", str(other.getsockname()[1]))
        result = _cli("warehouse", "status")
        assert result.exit_code == 4
        assert "cannot be used" in result.output and "SCORECARD_PG_PORT" in result.output
        with pytest.raises(wh.server.PortMismatch):
            wh.ensure_running(get_settings())


def test_initdb_reads_the_superuser_password_from_a_private_file(tmp_path: Path) -> None:
    """Watched while a new cluster is made: the password file is 0600 in a 0700 folder, and
    gone afterwards."""
    seen: dict[str, int] = {}
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            for entry in tmp_path.glob(".initdb-*"):
                for path in (entry, *entry.glob("*")):
                    with contextlib.suppress(FileNotFoundError):
                        seen.setdefault(path.name, stat.S_IMODE(path.stat().st_mode))

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        wh.server._initdb(tmp_path / "pgdata", secrets.token_urlsafe(24))
    finally:
        done.set()
        watcher.join()
    folders = {name: mode for name, mode in seen.items() if name.startswith(".initdb-")}
    assert folders and set(folders.values()) == {0o700}
    assert seen.get("password") == 0o600
    assert list(tmp_path.glob(".initdb-*")) == []
