"""The embedded warehouse starts, answers, stops and starts again with its data kept (as root too)."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from scorecard import warehouse
from scorecard.settings import Settings, get_settings, libpq_url


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """A warehouse of its own: fresh data directory, free port, never the shared server."""
    monkeypatch.delenv("SCORECARD_WAREHOUSE_URL", raising=False)
    monkeypatch.setenv("SCORECARD_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SCORECARD_PG_PORT", str(_free_port()))
    monkeypatch.setenv("SCORECARD_DB_NAME", "lifecycle")
    (tmp_path / "home").mkdir()
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


def test_roles_log_in_with_the_local_password_only(private_settings: Settings) -> None:
    warehouse.ensure_running(private_settings)
    for url in (private_settings.loader_url, private_settings.reader_url):
        with psycopg.connect(libpq_url(url)) as conn:
            assert conn.execute("select current_user").fetchone() == (url.username,)
    wrong = private_settings.reader_url.set(password="not-the-password")
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


def test_taken_port_gives_a_clear_error(private_settings: Settings) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", private_settings.pg_port))
        squatter.listen()
        with pytest.raises(warehouse.WarehouseError, match="SCORECARD_PG_PORT"):
            warehouse.start(private_settings)
