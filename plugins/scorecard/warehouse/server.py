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
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from scorecard.errors import ConfigurationError
from scorecard.settings import EMBEDDED_ADMIN_USER, Settings, get_settings, libpq_url
from scorecard.settings.embedded import PORT_FILE, replace_secret, role_secret, secret_path
from scorecard.settings.warehouse import PG_PORT
from scorecard.warehouse.binaries import (
    SERVER_USER,
    WarehouseError,
    as_root,
    prepare_permissions,
    psql_path,
    run_pg,
)
from scorecard.warehouse.bootstrap import bootstrap, rekey

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


class PortMismatch(ConfigurationError):
    """The embedded server listens on another port than the one the home says: connections
    would go to whatever listens there. The message names the port file."""


@dataclass(frozen=True)
class Status:
    running: bool
    embedded: bool
    url: str
    pgdata: Path | None
    pid: int | None = None
    problem: str | None = None
    """Why a server that runs cannot be used (it listens on another port than the home says)."""

    def describe(self) -> str:
        if not self.embedded:
            return f"configured warehouse (not managed here): {self.url}"
        if self.problem:
            return f"embedded PostgreSQL (pid {self.pid}) cannot be used: {self.problem}"
        state = f"running (pid {self.pid})" if self.running else "stopped"
        return f"embedded PostgreSQL {state}; data in {self.pgdata}; url {self.url}"


def _initdb(pgdata: Path, password: str) -> None:
    """A new cluster: password (scram) logins over TCP, trust only on its private unix socket.

    The superuser's password reaches initdb through a file only the server's user can read, in
    a folder only it can enter, removed as soon as initdb is done."""
    pgdata.mkdir(parents=True, exist_ok=True)
    pgdata.chmod(0o700)
    prepare_permissions(pgdata)
    with tempfile.TemporaryDirectory(prefix=".initdb-", dir=pgdata.parent) as private:
        pwfile = Path(private) / "password"
        fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(password + "\n")
        if as_root():
            entry = pwd.getpwnam(SERVER_USER)
            os.chown(private, entry.pw_uid, entry.pw_gid)
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        _run_initdb(pgdata, pwfile)


def _run_initdb(pgdata: Path, pwfile: Path) -> None:
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


def _postmaster_port(pgdata: Path) -> int | None:
    """The port the server running on this data directory listens on (``postmaster.pid``)."""
    try:
        return int((pgdata / "postmaster.pid").read_text().splitlines()[3])
    except (OSError, ValueError, IndexError):
        return None


def _postmaster_pid(pgdata: Path) -> int | None:
    """The server's pid if one is running on this data directory."""
    pid_file = pgdata / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
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
    if "password authentication failed" in reason:
        raise ConfigurationError(
            f"{secret_path(settings.home, 'superuser')} does not hold the embedded server's "
            "superuser password (the server was initialised with another); restore the file"
        )
    raise WarehouseError(f"embedded PostgreSQL did not accept connections: {reason}")


def start(settings: Settings | None = None, *, ready: bool = True) -> Status:
    """Start the embedded server (initialising its data directory the first time); ``ready``:
    then bootstrap its roles and database."""
    s = settings or get_settings()
    if not s.embedded:
        return status(s)
    with _locked(s.home):
        if not (s.pgdata / "PG_VERSION").exists():
            _initdb(s.pgdata, role_secret(s.home, "superuser"))
        problem = status(s).problem
        if problem:
            raise PortMismatch(f"embedded PostgreSQL cannot be used: {problem}")
        if _postmaster_pid(s.pgdata) is None:
            _check_port(s)
            prepare_permissions(s.pgdata)
            _pg_ctl_start(s)
        if ready:
            _ready(s)
    return status(s)


def _check_port(settings: Settings) -> None:
    if _port_in_use(settings.pg_port):
        chosen_by = _port_source(settings)
        if not PG_PORT.raw():
            chosen_by += " (delete it to choose another)"
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


def rekey_role(role_key: str, settings: Settings | None = None) -> Status:
    """Give one role a new secret on purpose: a new secret file, and the role's password
    changed to it (embedded warehouse only; a configured one's passwords are its DBA's)."""
    s = settings or get_settings()
    if not s.embedded:
        raise ConfigurationError(
            "scorecard warehouse rekey manages the embedded warehouse's secrets; a configured "
            "warehouse's passwords are changed by its DBA (and the role URLs with them)"
        )
    start(s, ready=False)
    with _locked(s.home):
        _wait_ready(s)
        rekey(s, role_key, replace_secret(s.home, role_key))
        _ready(s)
    return status(s)


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
    """Whether the embedded server runs, and on the port this home's settings connect to."""
    s = settings or get_settings()
    url = libpq_url(s.warehouse_url, hide_password=True)
    if not s.embedded:
        return Status(running=True, embedded=False, url=url, pgdata=None)
    pid = _postmaster_pid(s.pgdata)
    listening = _postmaster_port(s.pgdata) if pid is not None else None
    problem = None
    if listening is not None and listening != s.pg_port:
        problem = (
            f"it listens on port {listening}, but the settings say {s.pg_port} "
            f"(from {_port_source(s)}), where another server may answer; restore the port, "
            "or stop it with `scorecard warehouse stop` and start it again"
        )
    return Status(
        running=pid is not None and problem is None,
        embedded=True,
        url=url,
        pgdata=s.pgdata,
        pid=pid,
        problem=problem,
    )


def _port_source(settings: Settings) -> str:
    return "SCORECARD_PG_PORT" if PG_PORT.raw() else str(settings.home / PORT_FILE)


def ensure_running(settings: Settings | None = None) -> Status:
    """Make the warehouse reachable: start the embedded one if needed; no-op for a real URL."""
    s = settings or get_settings()
    if not s.embedded:
        return status(s)
    current = status(s)
    if current.problem:
        raise PortMismatch(f"embedded PostgreSQL cannot be used: {current.problem}")
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
