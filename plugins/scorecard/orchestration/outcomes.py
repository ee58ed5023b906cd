"""How each task of a run ended, as Airflow's listener interface reports it.

The project's plugin registers this module as a listener: the task runner calls it when a task
succeeds, is skipped or fails, in the process that ran the task. Inside :func:`recording`
(``scorecard backfill``, whose ``dag.test()`` runs every task in its own process) each call is
kept as a :class:`TaskOutcome`: the task's state, its return value and, for a failure, the
error's one-line message. Outside it (the scheduler's workers) the listener does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from airflow.listeners import hookimpl

_RECORDERS: list[Callable[[TaskOutcome], None]] = []


@dataclass(frozen=True)
class TaskOutcome:
    """One task instance's end."""

    dag_id: str
    run_id: str
    task_id: str
    state: str
    """``success``, ``skipped`` or ``failed`` (a try that is retried fails, then its retry
    ends again: the last outcome of a task is its end)."""
    value: Any = None
    """The task's return value (its XCom), for a success."""
    reason: str | None = None
    """The error's message on one line, for a failure."""
    seconds: float = 0.0
    """From the task's start to its end."""
    map_index: int = -1
    """Which council of a mapped step (``-1``: a step of the whole run)."""

    @property
    def key(self) -> str:
        """``task_id``, or ``task_id[map_index]`` for one council of a mapped step."""
        return self.task_id if self.map_index < 0 else f"{self.task_id}[{self.map_index}]"


@contextmanager
def recording() -> Iterator[list[TaskOutcome]]:
    """Keep the outcome of every task that ends in this process while inside the block."""
    outcomes: list[TaskOutcome] = []
    _RECORDERS.append(outcomes.append)
    try:
        yield outcomes
    finally:
        _RECORDERS.remove(outcomes.append)


def _record(task_instance: Any, state: str, value: Any = None, reason: str | None = None) -> None:
    start = getattr(task_instance, "start_date", None)
    seconds = (datetime.now(UTC) - start).total_seconds() if start else 0.0
    index = getattr(task_instance, "map_index", -1)
    outcome = TaskOutcome(
        task_instance.dag_id, task_instance.run_id, task_instance.task_id, state, value, reason,
        seconds, -1 if index is None else int(index),
    )  # fmt: skip
    for record in _RECORDERS:
        record(outcome)


@hookimpl
def on_task_instance_success(previous_state: Any, task_instance: Any) -> None:
    if _RECORDERS:
        _record(task_instance, "success", task_instance.xcom_pull(task_ids=task_instance.task_id))


@hookimpl
def on_task_instance_skipped(previous_state: Any, task_instance: Any) -> None:
    if _RECORDERS:
        _record(task_instance, "skipped")


@hookimpl
def on_task_instance_failed(previous_state: Any, task_instance: Any, error: Any) -> None:
    if not _RECORDERS:
        return
    cause = getattr(error, "__cause__", None) or error  # what task_outcome() wrapped
    lines = [line.strip() for line in str(cause or "").splitlines() if line.strip()]
    _record(task_instance, "failed", reason=lines[0] if lines else type(cause).__name__)
