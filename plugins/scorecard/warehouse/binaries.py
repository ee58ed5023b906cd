"""The PostgreSQL binaries of the ``pgserver`` wheel, run as an unprivileged user when root.

PostgreSQL refuses to run as root, so as root every binary runs as the system user
``pgserver`` (created on first use), which is given what it needs: traverse rights down to its
data folder and read rights on the wheel's binaries, libraries and share files.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import stat
import subprocess
from pathlib import Path

from scorecard.errors import Unreachable

SERVER_USER = "pgserver"
"""System user that owns and runs the embedded server when we are root."""


class WarehouseError(Unreachable):
    """The embedded warehouse could not be started, stopped or reached."""


def bin_dir() -> Path:
    """The PostgreSQL binaries inside the pgserver wheel (found without importing pgserver,
    whose import has side effects we do not need)."""
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.submodule_search_locations:
        raise WarehouseError("the pgserver package is not installed: run `uv sync`")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def as_root() -> bool:
    return os.geteuid() == 0


def run_pg(command: str, args: list[str], *, timeout: float = 60) -> str:
    """Run a PostgreSQL binary, as the unprivileged server user when we are root."""
    argv = [str(bin_dir() / command), *args]
    # as root: user, group and supplementary groups all switched; with root's group kept, a
    # folder's (empty) group bits would apply instead of its "others" bits
    as_server = as_root()
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


def prepare_permissions(pgdata: Path) -> None:
    """As root: create the server user and let it reach the binaries and its data folder."""
    if not as_root():
        return
    try:
        entry = pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", SERVER_USER], check=True)
        entry = pwd.getpwnam(SERVER_USER)
    for path in (pgdata, bin_dir()):
        _allow_traverse(path.parent)
    install = bin_dir().parent
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


def psql_path() -> Path:
    """The ``psql`` shipped with the embedded server (the machine may have none)."""
    return bin_dir() / "psql"
