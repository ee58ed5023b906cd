"""Can the deployment start a task? The checks ``scorecard status`` makes before the quarters.

A quarter can sit in ``queued`` or ``running`` because it waits for its report (normal), or
because no task can start: the scheduler is down, the tasks cannot reach the execution API (the
API server moved and the tasks were not told), or, with the CeleryExecutor, the broker does not
answer or no worker listens on it. Each check asks the part itself, through its own public
interface (Airflow's health endpoints, Redis through kombu, Celery's ``ping``), and a failing one
is one line naming what fails and what to change; ``scorecard status`` then shows the quarters
held by it as **failing to start** instead of waiting or running.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from scorecard.orchestration.api import AirflowApi, AirflowUnreachable
from scorecard.settings import runtime_environment


@dataclass(frozen=True)
class Health:
    """What the checks found: the executor, its workers (Celery), and one line per problem."""

    executor: str
    workers: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems

    def line(self) -> str:
        """One line for the top of ``scorecard status``."""
        if self.problems:
            return "failing to start: " + "; ".join(self.problems)
        workers = f", {len(self.workers)} worker(s)" if self.executor == "CeleryExecutor" else ""
        return f"tasks can start: {self.executor}{workers}, execution API reachable"


def _components(api: AirflowApi) -> list[str]:
    """Airflow's components that do not report healthy (``/api/v2/monitor/health``)."""
    health = api.get("monitor/health")
    down = []
    for component in ("scheduler", "dag_processor", "triggerer"):
        part = health.get(component) or {}
        if part.get("status") != "healthy":
            beat = part.get(f"latest_{component}_heartbeat")
            since = f" (last heartbeat {beat})" if beat else ""
            down.append(f"the {component.replace('_', ' ')} is not running{since}")
    return down


def _execution_api() -> str | None:
    """A problem line when the tasks' execution API URL does not answer, else None."""
    url = runtime_environment()["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"]
    if not url:
        return None
    try:
        reply = httpx.get(url.rstrip("/") + "/health", timeout=30, trust_env=False)
    except httpx.HTTPError as error:
        return (
            f"tasks cannot reach the execution API at {url} ({type(error).__name__}): it follows "
            "SCORECARD_AIRFLOW_PORT / SCORECARD_AIRFLOW_URL (or Airflow's AIRFLOW__API__PORT and "
            "AIRFLOW__API__BASE_URL); restart the services after changing them"
        )
    if reply.status_code >= 400:
        return f"the execution API at {url} answered HTTP {reply.status_code}"
    return None


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL: its scheme only
        return url.split("://", 1)[0] + "://..."


def _celery() -> tuple[tuple[str, ...], list[str]]:
    """The Celery workers answering on the broker, and problem lines (no broker, no worker)."""
    from kombu import Connection

    broker = runtime_environment().get("AIRFLOW__CELERY__BROKER_URL", "")
    try:
        with Connection(broker, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as error:  # kombu raises the transport's own errors
        return (), [
            f"no broker: {_redacted(broker)} does not answer ({type(error).__name__}); "
            "`make airflow-celery` starts the embedded Redis, or set SCORECARD_CELERY_BROKER_URL"
        ]
    from airflow.providers.celery.executors.celery_executor import app

    replies: list[dict[str, Any]] = app.control.ping(timeout=2.0) or []
    workers = tuple(sorted(name for reply in replies for name in reply))
    if not workers:
        return (), [
            "no Celery worker answers on the broker: start them (`make airflow-celery`, or "
            "`airflow celery worker` on each machine)"
        ]
    return workers, []


def deployment_health(api: AirflowApi) -> Health:
    """Check the scheduler and friends, the execution API and, with Celery, broker and workers."""
    executor = runtime_environment()["AIRFLOW__CORE__EXECUTOR"]
    try:
        problems = _components(api)
    except AirflowUnreachable as error:
        return Health(executor, problems=(str(error),))
    execution = _execution_api()
    if execution:
        problems.append(execution)
    workers: tuple[str, ...] = ()
    if executor == "CeleryExecutor":
        workers, celery_problems = _celery()
        problems += celery_problems
    return Health(executor, workers, tuple(problems))
