"""The embedded warehouse: a project-local PostgreSQL started on demand.

With no ``SCORECARD_WAREHOUSE_URL`` configured, the project runs its own PostgreSQL from the
binaries of the ``pgserver`` wheel (locked like every other dependency, so a fresh machine needs
no system packages). Its data directory lives under ``<home>/pgdata`` and survives restarts; it
listens on 127.0.0.1 only (TCP, because Cosmos needs a host name in the connection) on the port
chosen for this project home, with password (scram) logins, one secret per role.

Start, stop and the superuser's bootstrap run under a lock file in the home, so two processes
starting the warehouse at once both succeed with one server. PostgreSQL refuses to run as root,
so as root the server runs as an unprivileged system user (``pgserver``, created on first use),
exactly as pgserver itself does.
"""

from __future__ import annotations

import fcntl
import os
import pwd
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from scorecard.settings import EMBEDDED_ADMIN_USER, Settings, get_settings, libpq_url
from scorecard.settings.embedded import PORT_FILE, role_secret
from scorecard.settings.warehouse import PG_PORT
from scorecard.warehouse.binaries import (
    SERVER_USER,
    WarehouseError,
    as_root,
    prepare_permissions,
    psql_path,
    run_pg,
)
from scorecard.warehouse.bootstrap import bootstrap

__all__ = ["SERVER_USER", "Status", "WarehouseError", "psql_path", "start", "status", "stop"]

LOCK_FILE = "warehouse.lock"


@contextmanager
def _locked(home: Path) -> Iterator[None]:
    """Hold the home's warehouse lock (other processes wait) while starting or stopping."""
    home.mkdir(parents=True, exist_ok=True)
    with open(home / LOCK_FILE, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Status:
    running: bool
    embedded: bool
    url: str
    pgdata: Path | None
    pid: int | None = None

    def describe(self) -> str:
        if not self.embedded:
            return f"configured warehouse (not managed here): {self.url}"
        state = f"running (pid {self.pid})" if self.running else "stopped"
        return f"embedded PostgreSQL {state}; data in {self.pgdata}; url {self.url}"


def _initdb(pgdata: Path, password: str) -> None:
    """A new cluster: password (scram) logins over TCP, trust only on its private unix socket."""
    pgdata.mkdir(parents=True, exist_ok=True)
    pgdata.chmod(0o700)
    prepare_permissions(pgdata)
    pwfile = pgdata.parent / f".{pgdata.name}-initdb-password"
    pwfile.write_text(password + "\n")
    if as_root():
        entry = pwd.getpwnam(SERVER_USER)
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    try:
        run_pg(
            "initdb",
            [
                "-D",
                str(pgdata),
                "--auth-host=scram-sha-256",
                "--auth-local=trust",
                f"--pwfile={pwfile}",
                "--encoding=UTF8",
                "--locale=C",
                "-U",
                EMBEDDED_ADMIN_USER,
            ],
            timeout=180,
        )
    finally:
        pwfile.unlink(missing_ok=True)


def _postmaster_pid(pgdata: Path) -> int | None:
    """The server's pid if one is running on this data directory."""
    pid_file = pgdata / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().splitlines()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_ready(settings: Settings, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    dsn = libpq_url(settings.superuser_url.set(database="postgres"))
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(dsn, connect_timeout=2) as conn:
                conn.execute("select 1")
                return
        except psycopg.OperationalError as error:
            last_error = error
            time.sleep(0.2)
    reason = str(last_error).strip().splitlines()[-1] if last_error else "no answer"
    raise WarehouseError(f"embedded PostgreSQL did not accept connections: {reason}")


def start(settings: Settings | None = None) -> Status:
    """Start the embedded server (initialising its data directory the first time)."""
    s = settings or get_settings()
    if not s.embedded:
        return status(s)
    with _locked(s.home):
        if not (s.pgdata / "PG_VERSION").exists():
            _initdb(s.pgdata, role_secret(s.home, "superuser"))
        if _postmaster_pid(s.pgdata) is None:
            _check_port(s)
            prepare_permissions(s.pgdata)
            _pg_ctl_start(s)
        _ready(s)
    return status(s)


def _check_port(settings: Settings) -> None:
    if _port_in_use(settings.pg_port):
        chosen_by = (
            "SCORECARD_PG_PORT"
            if PG_PORT.raw()
            else f"{settings.home / PORT_FILE} (delete it to choose another)"
        )
        raise WarehouseError(
            f"port {settings.pg_port} on 127.0.0.1 is taken by another program; the port comes "
            f"from {chosen_by}; or set SCORECARD_PG_PORT to a free port"
        )


def _pg_ctl_start(settings: Settings) -> None:
    log_file = settings.pgdata / "server.log"
    run_pg(
        "pg_ctl",
        [
            "-D",
            str(settings.pgdata),
            "-w",
            "-t",
            "60",
            "-l",
            str(log_file),
            "-o",
            f"-h 127.0.0.1 -p {settings.pg_port} -k {settings.pgdata}",
            "start",
        ],
        timeout=90,
    )


def _ready(settings: Settings) -> None:
    """Wait for connections, then bootstrap the roles and the database (under the lock)."""
    _wait_ready(settings)
    try:
        bootstrap(settings)
    except psycopg.Error as error:
        raise WarehouseError(f"could not set up the embedded warehouse's roles: {error}") from error


def stop(settings: Settings | None = None) -> Status:
    """Stop the embedded server (its data is kept)."""
    s = settings or get_settings()
    if s.embedded:
        with _locked(s.home):
            if _postmaster_pid(s.pgdata) is not None:
                run_pg(
                    "pg_ctl",
                    ["-D", str(s.pgdata), "-w", "-t", "60", "-m", "fast", "stop"],
                    timeout=90,
                )
    return status(s)


def status(settings: Settings | None = None) -> Status:
    s = settings or get_settings()
    url = libpq_url(s.warehouse_url, hide_password=True)
    if not s.embedded:
        return Status(running=True, embedded=False, url=url, pgdata=None)
    pid = _postmaster_pid(s.pgdata)
    return Status(running=pid is not None, embedded=True, url=url, pgdata=s.pgdata, pid=pid)


def ensure_running(settings: Settings | None = None) -> Status:
    """Make the warehouse reachable: start the embedded one if needed; no-op for a real URL."""
    s = settings or get_settings()
    if not s.embedded:
        return status(s)
    current = status(s)
    if current.running:
        with _locked(s.home):
            _ready(s)
        return current
    return start(s)


def destroy(settings: Settings | None = None) -> None:
    """Stop the embedded server and delete its data directory (``make clean``)."""
    s = settings or get_settings()
    if not s.embedded:
        raise WarehouseError("refusing to destroy a configured (non-embedded) warehouse")
    stop(s)
    shutil.rmtree(s.pgdata, ignore_errors=True)
