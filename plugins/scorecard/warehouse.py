"""The embedded warehouse: a project-local PostgreSQL started on demand.

With no ``SCORECARD_WAREHOUSE_URL`` configured, the project runs its own PostgreSQL from the
binaries of the ``pgserver`` wheel (locked like every other dependency, so a fresh machine needs
no system packages). Its data directory lives under ``.scorecard/pgdata`` and survives restarts;
it listens on 127.0.0.1 only (TCP, because Cosmos needs a host name in the connection), with
``trust`` authentication on loopback, which is fine for a single-user development machine and
never used in production (there the URL points at a real server and nothing is started here).

PostgreSQL refuses to run as root, so as root the server runs as an unprivileged system user
(``pgserver``, created on first use), exactly as pgserver itself does.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from scorecard.settings import (
    EMBEDDED_ADMIN_USER,
    Settings,
    embedded_password,
    get_settings,
    libpq_url,
)

SERVER_USER = "pgserver"
"""System user that owns and runs the embedded server when we are root."""


class WarehouseError(RuntimeError):
    """The embedded warehouse could not be started, stopped or reached."""


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


def _bin_dir() -> Path:
    """The PostgreSQL binaries inside the pgserver wheel (found without importing pgserver,
    whose import has side effects we do not need)."""
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.submodule_search_locations:
        raise WarehouseError("the pgserver package is not installed: run `uv sync`")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _as_root() -> bool:
    return os.geteuid() == 0


def _run_pg(command: str, args: list[str], *, timeout: float = 60) -> str:
    """Run a PostgreSQL binary, as the unprivileged server user when we are root."""
    argv = [str(_bin_dir() / command), *args]
    # as root: user, group and supplementary groups all switched; with root's group kept, a
    # folder's (empty) group bits would apply instead of its "others" bits
    as_server = _as_root()
    result = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
        user=SERVER_USER if as_server else None,
        group=SERVER_USER if as_server else None,
        extra_groups=[] if as_server else None,
        cwd="/" if as_server else None,
    )
    if result.returncode != 0:
        raise WarehouseError(
            f"{command} failed (exit {result.returncode}): {result.stderr.strip() or result.stdout.strip()}"
        )
    return result.stdout


def _prepare_permissions(pgdata: Path) -> None:
    """As root: create the server user and let it reach the binaries and its data folder."""
    if not _as_root():
        return
    try:
        entry = pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", SERVER_USER], check=True)
        entry = pwd.getpwnam(SERVER_USER)
    for path in (pgdata, _bin_dir()):
        _allow_traverse(path.parent)
    install = _bin_dir().parent
    for folder in (install / "bin", install / "lib", install / "share"):
        _make_world_readable(folder)
    os.chown(pgdata, entry.pw_uid, entry.pw_gid)


def _allow_traverse(path: Path) -> None:
    """Give others execute permission on every folder from / down to ``path``."""
    for folder in [path, *path.parents]:
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            folder.chmod(mode | stat.S_IXOTH)


def _make_world_readable(folder: Path) -> None:
    if not folder.exists():
        return
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            entry = Path(root) / name
            entry.chmod(entry.stat().st_mode | 0o055)
        for name in files:
            entry = Path(root) / name
            mode = entry.stat().st_mode
            extra = 0o044 | (0o011 if mode & stat.S_IXUSR else 0)
            if mode & extra != extra:
                entry.chmod(mode | extra)
    folder.chmod(folder.stat().st_mode | 0o055)


def _initdb(pgdata: Path, password: str) -> None:
    """A new cluster: password (scram) logins over TCP, trust only on its private unix socket."""
    pgdata.mkdir(parents=True, exist_ok=True)
    pgdata.chmod(0o700)
    _prepare_permissions(pgdata)
    pwfile = pgdata.parent / f".{pgdata.name}-initdb-password"
    pwfile.write_text(password + "\n")
    if _as_root():
        entry = pwd.getpwnam(SERVER_USER)
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    try:
        _run_pg(
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
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(_admin_dsn(settings, "postgres"), connect_timeout=2) as conn:
                conn.execute("select 1")
                return
        except psycopg.OperationalError as error:
            last_error = error
            time.sleep(0.2)
    raise WarehouseError(f"embedded PostgreSQL did not accept connections: {last_error}")


def _admin_dsn(settings: Settings, database: str | None = None) -> str:
    url = settings.warehouse_url
    if database is not None:
        url = url.set(database=database)
    return libpq_url(url)


def start(settings: Settings | None = None) -> Status:
    """Start the embedded server (initialising its data directory the first time)."""
    s = settings or get_settings()
    if not s.embedded:
        return status(s)
    if not (s.pgdata / "PG_VERSION").exists():
        _initdb(s.pgdata, embedded_password(s.home))
    if _postmaster_pid(s.pgdata) is None:
        if _port_in_use(s.pg_port):
            raise WarehouseError(
                f"port {s.pg_port} on 127.0.0.1 is taken by another program; "
                "set SCORECARD_PG_PORT to a free port"
            )
        _prepare_permissions(s.pgdata)
        log_file = s.pgdata / "server.log"
        _run_pg(
            "pg_ctl",
            [
                "-D",
                str(s.pgdata),
                "-w",
                "-t",
                "60",
                "-l",
                str(log_file),
                "-o",
                f"-h 127.0.0.1 -p {s.pg_port} -k {s.pgdata}",
                "start",
            ],
            timeout=90,
        )
    _wait_ready(s)
    _ensure_database(s)
    return status(s)


def _ensure_database(settings: Settings) -> None:
    """The project's database, and its three roles able to log in with the local password.

    The migrations create the roles where they are missing and grant them their privileges;
    creating them here first (embedded server only) gives them the password that the role URLs
    of :mod:`scorecard.settings` carry, which Cosmos's connection profile needs.
    """
    with psycopg.connect(_admin_dsn(settings, "postgres"), autocommit=True) as conn:
        exists = conn.execute(
            "select 1 from pg_database where datname = %s", (settings.db_name,)
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(settings.db_name)))
        password = embedded_password(settings.home)
        for role in (settings.loader_role, settings.transformer_role, settings.reader_role):
            found = conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone()
            verb = "alter" if found else "create"
            conn.execute(
                sql.SQL(verb + " role {} login password {}").format(
                    sql.Identifier(role), sql.Literal(password)
                )
            )


def stop(settings: Settings | None = None) -> Status:
    """Stop the embedded server (its data is kept)."""
    s = settings or get_settings()
    if s.embedded and _postmaster_pid(s.pgdata) is not None:
        _run_pg("pg_ctl", ["-D", str(s.pgdata), "-w", "-t", "60", "-m", "fast", "stop"], timeout=90)
    return status(s)


def status(settings: Settings | None = None) -> Status:
    s = settings or get_settings()
    url = libpq_url(s.warehouse_url)
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
        _wait_ready(s)
        _ensure_database(s)
        return current
    return start(s)


def destroy(settings: Settings | None = None) -> None:
    """Stop the embedded server and delete its data directory (``make clean``)."""
    s = settings or get_settings()
    if not s.embedded:
        raise WarehouseError("refusing to destroy a configured (non-embedded) warehouse")
    stop(s)
    shutil.rmtree(s.pgdata, ignore_errors=True)


def psql_path() -> Path:
    """The ``psql`` shipped with the embedded server (the machine may have none)."""
    return _bin_dir() / "psql"
