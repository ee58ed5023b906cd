"""What every task of the three DAGs shares: owner, retries, timeout and what happens on failure.

:func:`task_defaults` is each DAG's ``default_args``. A failed task calls every callable of
:data:`ON_FAILURE` with its context: today one line in the task's log naming the DAG, the task,
the quarter or run, and why (:func:`log_failure`), and a notice to the configured channels
through Airflow's notifier interface (:mod:`scorecard.orchestration.notify`: e-mail and a
Slack-compatible webhook, each optional). The ingest sensor's ``on_skipped_callback`` is
:func:`notify_not_available`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

log = logging.getLogger(__name__)

SINCE = datetime(2016, 4, 1, tzinfo=UTC)
"""``start_date`` of the asset-scheduled DAGs (a static date; they never run on the clock)."""

OWNER = "performance-data"
INGEST_DAG = "scorecard_ingest"
TRANSFORM_DAG = "scorecard_transform"
DOCS_DAG = "scorecard_docs"


def describe_failure(context: dict[str, Any]) -> str:
    """One line saying which task of which quarter failed and why."""
    from scorecard.orchestration.timetable import quarter_of_run

    ti = context.get("task_instance") or context.get("ti")
    error = context.get("exception")
    error = getattr(error, "__cause__", None) or error  # what task_outcome() wrapped
    reason = str(error).strip().splitlines()[0] if error else "unknown reason"
    dag_id = getattr(ti, "dag_id", "?")
    quarter = (
        quarter_of_run(context.get("params"), context.get("data_interval_end"))
        if dag_id == INGEST_DAG
        else None
    )
    scope = f"for {quarter.code}" if quarter else f"in run {getattr(ti, 'run_id', '?')}"
    kind = type(error).__name__ if error else "Error"
    return f"{dag_id}.{getattr(ti, 'task_id', '?')} failed {scope}: {kind}: {reason}"


def log_failure(context: dict[str, Any]) -> None:
    """Log :func:`describe_failure`'s line."""
    log.error("%s", describe_failure(context))


def _notify_failure(context: dict[str, Any]) -> None:
    """Tell the configured channels (e-mail, webhook) through Airflow's notifier interface."""
    from scorecard.orchestration.notify import ScorecardNotifier

    ScorecardNotifier("failed")(context)


def notify_not_available(context: dict[str, Any]) -> None:
    """The sensor's ``on_skipped_callback``: a skipped sensor is a quarter not available."""
    from scorecard.orchestration.notify import ScorecardNotifier

    ScorecardNotifier("not available")(context)


ON_FAILURE: list[Callable[[dict[str, Any]], None]] = [log_failure, _notify_failure]
"""Called, in order, when any task of the project's DAGs fails after its last try (see the
module docstring)."""


def task_defaults(*, retries: int, retry_delay: timedelta, timeout: timedelta) -> dict[str, Any]:
    """A DAG's ``default_args``: the project's owner, retries, timeout and failure callbacks."""
    return {
        "owner": OWNER,
        "retries": retries,
        "retry_delay": retry_delay,
        "execution_timeout": timeout,
        "on_failure_callback": list(ON_FAILURE),
    }
