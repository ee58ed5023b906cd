"""``scorecard airflow-celery``: Airflow with its CeleryExecutor on this machine.

``make airflow-celery`` runs it with ``SCORECARD_EXECUTOR=CeleryExecutor``: the embedded Redis
(Debian's ``redis-server`` on 127.0.0.1, a port kept per home), Airflow's API server, scheduler,
DAG processor and triggerer, and ``SCORECARD_CELERY_WORKERS`` ``airflow celery worker``
processes, every log under ``<home>/logs/``. Ctrl-C stops them all. ``airflow standalone``
cannot do this: it always runs the LocalExecutor.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import click

from scorecard.settings import airflow_ports_environment, get_settings
from scorecard.settings.celery import get_celery_settings

SERVICES = ("api-server", "scheduler", "dag-processor", "triggerer")


def _start(name: str, command: list[str], logs: Path) -> subprocess.Popen[bytes]:
    log = open(logs / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
    try:
        return subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    finally:
        log.close()


def _stop(procs: dict[str, subprocess.Popen[bytes]]) -> None:
    for proc in reversed(list(procs.values())):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for proc in procs.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


@click.command("airflow-celery")
def airflow_celery() -> None:
    """Airflow with the CeleryExecutor: Redis, the four services and the Celery workers."""
    from scorecard import warehouse
    from scorecard.orchestration.airflow_home import ensure_airflow_db
    from scorecard.orchestration.celery_runtime import (
        AIRFLOW,
        embedded_broker,
        redis_command,
        wait_for_redis,
        worker_command,
    )

    celery = get_celery_settings()
    if not celery.celery:
        raise click.ClickException(
            f"the executor is {celery.executor}: set SCORECARD_EXECUTOR=CeleryExecutor "
            "(`make airflow-celery` does)"
        )
    settings = get_settings()
    warehouse.ensure_running(settings)
    ensure_airflow_db(settings)
    logs = settings.home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    procs: dict[str, subprocess.Popen[bytes]] = {}
    try:
        port = embedded_broker(settings, celery)
        if port is not None:
            procs["redis"] = _start(
                "redis", redis_command(celery, port, settings.home / "redis"), logs
            )
            wait_for_redis(port)
        for name in SERVICES:
            procs[name] = _start(name, [AIRFLOW, name], logs)
        for index in range(1, celery.workers + 1):
            procs[f"worker-{index}"] = _start(
                f"celery-worker-{index}", worker_command(index, celery), logs
            )
        url = airflow_ports_environment()["AIRFLOW__API__BASE_URL"]
        click.echo(
            f"Airflow (CeleryExecutor, {celery.workers} workers) on {url}; logs in {logs}; "
            f"login: {settings.airflow_home / 'simple_auth_manager_passwords.json.generated'}. "
            "Ctrl-C stops everything."
        )
        while all(proc.poll() is None for proc in procs.values()):
            time.sleep(1)
        ended = next(name for name, proc in procs.items() if proc.poll() is not None)
        raise click.ClickException(f"{ended} exited with {procs[ended].returncode}: see {logs}")
    except KeyboardInterrupt:
        click.echo("stopping...")
    finally:
        _stop(procs)
