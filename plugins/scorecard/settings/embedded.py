"""What the embedded warehouse remembers in the project home: one secret per role, and its port.

Each role of the embedded PostgreSQL (the bootstrap superuser, the owner, the loader, the
validator, the transformer and the BI reader) logs in with its own generated password, kept in
``<home>/secrets/<role>`` (mode 0600, folder 0700, never committed, never printed by default).
The server's port (and the embedded Celery broker's) is chosen once per project home (a free port, found from a preference derived
from the home's path) and kept in ``<home>/pg-port``, so two clones on one machine never share
one. Every file is written to a temporary name and linked into place, so two processes creating
it at once agree on one value and neither reads a half-written file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import socket
from collections.abc import Callable
from pathlib import Path

from scorecard.errors import Unreachable

SECRETS_DIR = "secrets"
PORT_FILE = "pg-port"
PORT_RANGE = (54330, 56330)
"""Where the embedded server's port is looked for (preference hashed from the home's path)."""


def _write_once(path: Path, make_value: Callable[[], str], mode: int) -> str:
    """The file's value; created with ``make_value()`` if missing, atomically, first one wins."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(make_value() + "\n")
        with contextlib.suppress(FileExistsError):  # another process was first: its value wins
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path.read_text().strip()


def role_secret(home: Path, role_key: str) -> str:
    """The password of one role (``superuser``, ``owner``, ``loader``, ...), made on first use."""
    folder = home / SECRETS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return _write_once(folder / role_key, lambda: secrets.token_urlsafe(24), 0o600)


def port_is_free(port: int) -> bool:
    """Nothing listens on 127.0.0.1:port and we may bind it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _preferred_port(home: Path) -> int:
    low, high = PORT_RANGE
    digest = hashlib.sha256(str(home.resolve()).encode()).digest()
    return low + int.from_bytes(digest[:4], "big") % (high - low)


def find_free_port(home: Path, port_range: tuple[int, int] = PORT_RANGE) -> int:
    """A free port in ``port_range``, trying the home's preferred one first."""
    low, high = port_range
    start = low + (_preferred_port(home) - PORT_RANGE[0]) % (high - low)
    for offset in range(high - low):
        port = low + (start - low + offset) % (high - low)
        if port_is_free(port):
            return port
    raise Unreachable(f"no free port between {low} and {high} on 127.0.0.1 for {home}")


def remembered_port(
    home: Path, file_name: str = PORT_FILE, port_range: tuple[int, int] = PORT_RANGE
) -> int:
    """A port of the home (the warehouse's by default): read from ``<home>/<file_name>``, chosen
    in ``port_range`` and written there the first time."""
    return int(_write_once(home / file_name, lambda: str(find_free_port(home, port_range)), 0o644))
