"""What the embedded warehouse remembers in the project home: one secret per role, and its port.

Each role of the embedded PostgreSQL (the bootstrap superuser, the owner, the loader, the
validator, the transformer and the BI reader) logs in with its own generated password, kept in
``<home>/secrets/<role>`` (mode 0600, folder 0700, never committed, never printed by default).
The server's port (and the embedded Celery broker's) is chosen once per project home (a free port, found from a preference derived
from the home's path) and kept in ``<home>/pg-port``, so two clones on one machine never share
one. Every file is written to a temporary name and linked into place, so two processes creating
it at once agree on one value and neither reads a half-written file. A file that is not what it
should be (a folder, binary, empty, a port that is not one) is refused with an error naming it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import socket
from collections.abc import Callable
from pathlib import Path

from scorecard.errors import ConfigurationError, Unreachable

SECRETS_DIR = "secrets"
PORT_FILE = "pg-port"
PORT_RANGE = (54330, 56330)
"""Where the embedded server's port is looked for (preference hashed from the home's path)."""


class StateFileError(ConfigurationError):
    """A secret or port file in the project home cannot be used; the message names it."""


def _read_value(path: Path, what: str) -> str | None:
    """The file's one-line value; ``None`` if there is no file; a typed error if it is unusable."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StateFileError(f"{path}: expected {what} in a file, found a folder") from None
    except OSError as error:
        raise StateFileError(f"{path}: cannot read {what} ({error.strerror})") from None
    try:
        value = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise StateFileError(f"{path}: expected {what} as text, found binary data") from None
    if not value or "\n" in value:
        raise StateFileError(f"{path}: expected {what} on one line, found {len(data)} bytes")
    return value


def _folder(path: Path) -> Path:
    """``path`` as a folder (made if missing); a file in its place is refused, naming it."""
    if path.exists() and not path.is_dir():
        raise StateFileError(f"{path}: expected a folder, found a file")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write_once(path: Path, make_value: Callable[[], str], mode: int, what: str) -> str:
    """The file's value; created with ``make_value()`` if missing, atomically, first one wins."""
    found = _read_value(path, what)
    if found is not None:
        return found
    _folder(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(make_value() + "\n")
        with contextlib.suppress(FileExistsError):  # another process was first: its value wins
            os.link(temporary, path)
    except OSError as error:
        raise StateFileError(f"{path}: cannot write {what} ({error.strerror})") from None
    finally:
        temporary.unlink(missing_ok=True)
    value = _read_value(path, what)
    assert value is not None
    return value


def secret_path(home: Path, role_key: str) -> Path:
    """Where one role's secret is kept."""
    return home / SECRETS_DIR / role_key


def replace_secret(home: Path, role_key: str) -> str:
    """A new secret for one role, written in place of the old one (``scorecard warehouse
    rekey``); the role's password must then be changed to it."""
    path = secret_path(home, role_key)
    if path.is_dir():
        raise StateFileError(f"{path}: expected a secret in a file, found a folder; remove it")
    _folder(path.parent).chmod(0o700)
    value = secrets.token_urlsafe(24)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    os.replace(temporary, path)
    return value


def role_secret(home: Path, role_key: str) -> str:
    """The password of one role (``superuser``, ``owner``, ``loader``, ...), made on first use."""
    folder = _folder(home / SECRETS_DIR)
    folder.chmod(0o700)
    what = f"the {role_key} role's password"
    return _write_once(folder / role_key, lambda: secrets.token_urlsafe(24), 0o600, what)


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


def _port_number(path: Path, text: str) -> int:
    if not text.isdigit() or not 1024 <= int(text) <= 65535:
        raise StateFileError(
            f"{path}: expected a TCP port number (1024-65535), found {text[:20]!r}; delete the "
            "file to choose a free port"
        )
    return int(text)


def kept_port(home: Path, file_name: str = PORT_FILE) -> int | None:
    """The port already kept in ``<home>/<file_name>``, checked; None when there is none yet
    (reading it opens no socket and writes nothing: settings read it at once)."""
    path = home / file_name
    text = _read_value(path, "a TCP port number")
    return None if text is None else _port_number(path, text)


def remembered_port(
    home: Path, file_name: str = PORT_FILE, port_range: tuple[int, int] = PORT_RANGE
) -> int:
    """A port of the home (the warehouse's by default): read from ``<home>/<file_name>``, chosen
    in ``port_range`` and written there the first time."""
    path = home / file_name
    chosen = _write_once(
        path, lambda: str(find_free_port(home, port_range)), 0o644, "a TCP port number"
    )
    return _port_number(path, chosen)
