"""The embedded CeleryExecutor on one machine: Debian's ``redis-server`` as the broker and
``airflow celery worker`` processes, all under the project home (``make airflow-celery``).

Everything here is Airflow's and Celery's own: the broker is a stock Redis listening on
127.0.0.1 only (a port kept per home, no persistence: the scheduler re-queues what a lost broker
dropped), the workers are the Celery provider's ``airflow celery worker``. This module only
says how to start them; ``scorecard airflow-celery`` and the tests run the commands.
"""

from __future__ import annotations

import shutil
import socket
import sys
import time
from pathlib import Path

from scorecard.errors import ConfigurationError, Unreachable
from scorecard.settings import Settings
from scorecard.settings.celery import CelerySettings, embedded_redis_port

AIRFLOW = str(Path(sys.executable).with_name("airflow"))


class RedisMissing(ConfigurationError):
    """No ``redis-server`` to run the embedded broker with; the message says how to get one."""


class BrokerUnreachable(Unreachable):
    """The Celery broker did not answer."""


def redis_binary(celery: CelerySettings) -> str:
    """The ``redis-server`` to run: the setting, else the one on ``PATH`` (Debian's)."""
    found = celery.redis_server or shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(found).exists():
        raise RedisMissing(
            "redis-server is not installed: `apt-get install -y redis-server` as root (Debian), "
            "or set SCORECARD_REDIS_SERVER to the binary; `make airflow-celery` installs it"
        )
    return found


def embedded_broker(settings: Settings, celery: CelerySettings) -> int | None:
    """The port of the embedded Redis to start, or None when the broker is configured
    elsewhere (``SCORECARD_CELERY_BROKER_URL``: nothing to start)."""
    return None if celery.configured_broker_url else embedded_redis_port(settings.home)


def redis_command(celery: CelerySettings, port: int, folder: Path) -> list[str]:
    """``redis-server`` in the foreground on 127.0.0.1:port, its files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        redis_binary(celery),
        *("--port", str(port), "--bind", "127.0.0.1", "--protected-mode", "yes"),
        *("--save", "", "--appendonly", "no", "--dir", str(folder)),
    ]


def worker_command(index: int, celery: CelerySettings) -> list[str]:
    """``airflow celery worker`` number ``index`` (from 1). All workers of a machine write task
    logs to the same folder; the first serves them (one log-server port per machine)."""
    command = [
        *(AIRFLOW, "celery", "worker"),
        *("--concurrency", str(celery.concurrency)),
        *("--celery-hostname", f"scorecard-worker-{index}@%h"),
    ]
    return command if index == 1 else [*command, "--skip-serve-logs"]


def wait_for_redis(port: int, timeout: float = 30.0) -> None:
    """Return once Redis on 127.0.0.1:port answers PING; raise after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise BrokerUnreachable(
                f"redis-server on 127.0.0.1:{port} did not answer in {timeout:.0f} s"
            )
        time.sleep(0.1)
