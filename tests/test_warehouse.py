"""The embedded warehouse starts, answers, stops and starts again with its data kept (as root
too); two processes starting it at once get one server; each project home has its own port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from scorecard import warehouse
from scorecard.settings import PROJECT_DIR, Settings, embedded, get_settings, libpq_url


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def homes() -> Iterator[Path]:
    """A folder for project homes of servers started here. Not under pytest's temporary root:
    that folder is made 0700 again by any pytest session starting on the machine, and the
    server (as root, an unprivileged user) must traverse to its data."""
    root = PROJECT_DIR / ".scorecard" / "test" / "homes"
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=root))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def private_settings(homes: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """A warehouse of its own: fresh data directory, free port, never the shared server."""
    monkeypatch.delenv("SCORECARD_WAREHOUSE_URL", raising=False)
    monkeypatch.setenv("SCORECARD_HOME", str(homes / "home"))
    monkeypatch.setenv("SCORECARD_PG_PORT", str(_free_port()))
    monkeypatch.setenv("SCORECARD_DB_NAME", "lifecycle")
    (homes / "home").mkdir()
    settings = get_settings()
    yield settings
    warehouse.stop(settings)


def test_start_query_stop_start_keeps_data(private_settings: Settings) -> None:
    status = warehouse.start(private_settings)
    assert status.running and status.embedded
    dsn = libpq_url(private_settings.warehouse_url)
    with psycopg.connect(dsn, autocommit=True) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
        conn.execute("create table kept (note text)")
        conn.execute("insert into kept values ('survives a restart')")

    assert not warehouse.stop(private_settings).running
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(dsn, connect_timeout=2)

    assert warehouse.start(private_settings).running
    with psycopg.connect(dsn) as conn:
        assert conn.execute("select note from kept").fetchall() == [("survives a restart",)]


def test_roles_log_in_with_their_own_secret_only(private_settings: Settings) -> None:
    warehouse.ensure_running(private_settings)
    keys = ("owner", "loader", "validator", "transformer", "reader")
    urls = [private_settings.role_url(key) for key in keys]
    for url in urls:
        with psycopg.connect(libpq_url(url)) as conn:
            assert conn.execute(
                "select current_user, rolsuper from pg_roles where rolname = current_user"
            ).fetchone() == (url.username, False)
    assert len({url.password for url in urls}) == len(urls)
    secrets = private_settings.home / embedded.SECRETS_DIR
    assert oct(secrets.stat().st_mode & 0o777) == "0o700"
    assert {oct(f.stat().st_mode & 0o777) for f in secrets.iterdir()} == {"0o600"}
    wrong = private_settings.reader_url.set(password=private_settings.loader_url.password)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(libpq_url(wrong))


def test_psql_accepts_the_printed_url(private_settings: Settings) -> None:
    warehouse.ensure_running(private_settings)
    out = subprocess.run(
        [
            str(warehouse.psql_path()),
            libpq_url(private_settings.warehouse_url),
            "-Atc",
            "select 40 + 2",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "42"


def test_ensure_running_is_idempotent(private_settings: Settings) -> None:
    first = warehouse.ensure_running(private_settings)
    second = warehouse.ensure_running(private_settings)
    assert first.pid == second.pid


def test_configured_url_starts_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCORECARD_HOME", str(tmp_path))
    monkeypatch.setenv("SCORECARD_WAREHOUSE_URL", "postgresql://someone@db.invalid:5432/council")
    status = warehouse.ensure_running()
    assert not status.embedded
    assert not (tmp_path / "pgdata").exists()
    with pytest.raises(warehouse.WarehouseError):
        warehouse.destroy()


def test_taken_port_gives_one_line_and_the_documented_exit_code(
    private_settings: Settings,
) -> None:
    from scorecard.cli import exits

    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", private_settings.pg_port))
        squatter.listen()
        with pytest.raises(warehouse.WarehouseError, match="SCORECARD_PG_PORT"):
            warehouse.start(private_settings)
        result = subprocess.run(
            [str(Path(sys.executable).parent / "scorecard"), "warehouse", "start"],
            capture_output=True,
            text=True,
            check=False,
        )
    assert result.returncode == exits.CONFIGURATION
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SCORECARD_PG_PORT" in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout


_START = "from scorecard import warehouse; print(warehouse.start().pid)"


def test_two_first_starts_at_once_give_one_server_and_homes_get_their_own_ports(
    homes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SCORECARD_PG_PORT",)}
    env.pop("SCORECARD_WAREHOUSE_URL", None)
    first, second = homes / "clone-a", homes / "clone-b"
    env["SCORECARD_HOME"] = str(first)
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", _START], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=240) for process in starts]
    monkeypatch.delenv("SCORECARD_PG_PORT", raising=False)
    monkeypatch.delenv("SCORECARD_WAREHOUSE_URL", raising=False)
    monkeypatch.setenv("SCORECARD_HOME", str(first))
    settings_a = get_settings()
    try:
        assert [p.returncode for p in starts] == [0, 0], [err.decode() for _, err in outputs]
        assert len({out.strip() for out, _ in outputs}) == 1  # one server, one pid
        assert (first / embedded.PORT_FILE).read_text().strip() == str(settings_a.pg_port)
        # the second clone prefers the first one's (busy) port: it is given another one
        monkeypatch.setattr(embedded, "_preferred_port", lambda home: settings_a.pg_port)
        monkeypatch.setenv("SCORECARD_HOME", str(second))
        settings_b = get_settings()
        assert settings_b.pg_port != settings_a.pg_port
        warehouse.start(settings_b)
        for settings in (settings_a, settings_b):
            with psycopg.connect(libpq_url(settings.reader_url)) as conn:
                assert conn.execute("select current_setting('port')::int").fetchone() == (
                    settings.pg_port,
                )
    finally:
        warehouse.stop(settings_a)
        monkeypatch.setenv("SCORECARD_HOME", str(second))
        warehouse.stop(get_settings())


def test_a_database_of_the_single_password_layout_is_adopted(
    private_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A checkout from before per-role secrets: ``raw``/``audit`` made by the superuser. The
    bootstrap hands them to the owner, whose migrations then run."""
    import dataclasses

    from scorecard.warehouse import migrations

    warehouse.start(private_settings)
    superuser = private_settings.superuser_url
    with psycopg.connect(libpq_url(superuser.set(database="postgres")), autocommit=True) as conn:
        conn.execute("create database legacy")
    old_files = tmp_path / "sql"
    old_files.mkdir()
    for source in sorted(migrations.SQL_DIR.glob("00[1-5]_*.sql")):
        (old_files / source.name).write_text(source.read_text())
    as_superuser = dataclasses.replace(
        private_settings, configured_warehouse_url=libpq_url(superuser.set(database="legacy"))
    )
    with monkeypatch.context() as patch:
        patch.setattr(migrations.discover, "__defaults__", (old_files,))
        assert len(migrations.migrate(as_superuser)) == 5
    monkeypatch.setenv("SCORECARD_DB_NAME", "legacy")
    settings = get_settings()
    warehouse.ensure_running(settings)
    later = [m.name for m in migrations.discover() if m.name > "006"]
    assert migrations.migrate(settings) == later and later[0] == "006_least_privilege"
    with psycopg.connect(libpq_url(settings.owner_url)) as conn:
        owners = conn.execute(
            "select distinct pg_get_userbyid(relowner) from pg_class c join pg_namespace n"
            " on n.oid = c.relnamespace where nspname in ('raw', 'audit') and relkind = 'r'"
        ).fetchall()
    assert owners == [(settings.owner_role,)]
