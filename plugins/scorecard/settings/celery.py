"""Which executor runs the tasks: Airflow's LocalExecutor on one machine, or its CeleryExecutor.

With ``SCORECARD_EXECUTOR=CeleryExecutor`` the scheduler queues tasks on a Redis broker and
``airflow celery worker`` processes, on this machine or others, run them; each task still talks
to the API server's execution API, and the Celery result backend is Airflow's own metadata
database (``db+`` its URL), as the Celery provider does by default. The embedded runtime
(``make airflow-celery``) runs Debian's ``redis-server`` on 127.0.0.1, on a free port chosen once
per project home and kept in ``<home>/redis-port``; compose's ``celery`` profile runs Redis and
the workers as services with the same settings (a test holds the two equal).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scorecard.settings.embedded import remembered_port
from scorecard.settings.env import SettingError, agreed, declare

_GROUP = "airflow"
EXECUTORS = ("LocalExecutor", "CeleryExecutor")
EXECUTOR = declare(
    "SCORECARD_EXECUTOR",
    "LocalExecutor",
    "Airflow's executor: `LocalExecutor` (one machine) or `CeleryExecutor` (a Redis broker and "
    "Celery workers: `make airflow-celery`, compose's `celery` profile)",
    group=_GROUP,
)
BROKER_URL = declare(
    "SCORECARD_CELERY_BROKER_URL",
    None,
    "the Celery broker (`redis://host:6379/0`)",
    group=_GROUP,
    shown="embedded: redis-server on 127.0.0.1, a free port kept in `.scorecard/redis-port`",
)
WORKERS = declare(
    "SCORECARD_CELERY_WORKERS",
    "2",
    "Celery workers `make airflow-celery` starts (compose: the worker service's replicas)",
    group=_GROUP,
)
CONCURRENCY = declare(
    "SCORECARD_CELERY_CONCURRENCY",
    "2",
    "tasks one Celery worker runs at once",
    group=_GROUP,
)

REDIS_SERVER = declare(
    "SCORECARD_REDIS_SERVER",
    None,
    "the `redis-server` binary of the embedded broker",
    group=_GROUP,
    shown="Debian's `redis-server` (installed by `make test` / `make airflow-celery` as root)",
)

VISIBILITY_TIMEOUT = "7200"
"""Seconds before the broker hands an unacknowledged task to another worker."""

REDIS_PORT_FILE = "redis-port"
REDIS_PORT_RANGE = (56400, 58400)
"""Where the embedded Redis's port is looked for (apart from the warehouse's range)."""


@dataclass(frozen=True)
class CelerySettings:
    """The executor and, for Celery, its broker and workers (see the module)."""

    executor: str
    configured_broker_url: str | None
    workers: int
    concurrency: int
    redis_server: str | None = None
    """The ``redis-server`` binary when set (else the one on ``PATH``)."""

    @property
    def celery(self) -> bool:
        return self.executor == "CeleryExecutor"

    def broker_url(self, home: Path) -> str:
        """The broker: the setting, else the embedded Redis of this home."""
        return self.configured_broker_url or f"redis://127.0.0.1:{embedded_redis_port(home)}/0"


def get_celery_settings() -> CelerySettings:
    """Read the executor settings now; a value that cannot be used names its variable."""
    name = agreed(EXECUTOR, "AIRFLOW__CORE__EXECUTOR") or EXECUTOR.text()
    if name not in EXECUTORS:
        raise SettingError(f"{EXECUTOR.name}={name!r}: expected one of {', '.join(EXECUTORS)}")
    workers, concurrency = WORKERS.integer(), CONCURRENCY.integer()
    if workers < 1 or concurrency < 1:
        raise SettingError(f"{WORKERS.name} and {CONCURRENCY.name} must be at least 1")
    broker = agreed(BROKER_URL, "AIRFLOW__CELERY__BROKER_URL")
    return CelerySettings(name, broker, workers, concurrency, REDIS_SERVER.raw())


def embedded_redis_port(home: Path) -> int:
    """The embedded Redis's port for this home, chosen once and kept (like the warehouse's)."""
    return remembered_port(home, REDIS_PORT_FILE, REDIS_PORT_RANGE)


def celery_environment(settings: CelerySettings, home: Path, metadata_url: str) -> dict[str, str]:
    """Airflow's executor settings; with Celery, its broker, result backend and concurrency."""
    env = {"AIRFLOW__CORE__EXECUTOR": settings.executor}
    if not settings.celery:
        return env
    return {
        **env,
        "AIRFLOW__CELERY__BROKER_URL": settings.broker_url(home),
        "AIRFLOW__CELERY__RESULT_BACKEND": f"db+{metadata_url}",
        "AIRFLOW__CELERY__WORKER_CONCURRENCY": str(settings.concurrency),
        # a task's message goes back to the queue if its worker is lost without acknowledging it:
        # after two hours, longer than any task may run (Airflow's heartbeat check retries a
        # lost task long before; a redelivered one already running is ignored by the provider)
        "AIRFLOW__CELERY_BROKER_TRANSPORT_OPTIONS__VISIBILITY_TIMEOUT": VISIBILITY_TIMEOUT,
    }
