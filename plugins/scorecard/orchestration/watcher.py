"""How the transform DAG's Cosmos watcher tasks run: one ``dbt build``, then a task per node.

Cosmos's watcher mode runs the whole project in one ``dbt build`` (the producer task) and
gives every model, seed and model's tests a task of its own that reports that node's result.
Three adjustments keep a run close to the cost of the build itself:

- :func:`start_after_build`: every node task starts when the build has finished and depends on
  nothing else, so all of them run at once (not one lineage level after another), and under
  the scheduler it starts in the triggerer (:class:`NodeResultTrigger`), not in a worker: a node
  that passed or was skipped ends there, without a worker process or a DAG-file parse each; a
  failed node resumes in a worker, where Cosmos fails it with dbt's message (and a retry runs
  the node alone). The lineage stays in each task's notes and in the dbt docs.
- :func:`prepare_build` (the producer's ``on_execute_callback``): the producer pushes to XCom
  only what a node task reads, once: a node's status and SQL, its final event if it did not
  pass, not four lifecycle events per node and test: ~50 writes instead of ~600.
- :func:`secure_cosmos_cache` (every dbt task's ``on_execute_callback``): Cosmos's cache
  (profiles, partial parse) stays private to the project home.
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from airflow.triggers.base import (
    BaseTrigger,
    StartTriggerArgs,
    TaskSkippedEvent,
    TaskSuccessEvent,
    TriggerEvent,
)

PRODUCER_SUFFIX = ".dbt_producer_watcher"
DONE_SUFFIX = ".dbt_producer_watcher_done"
READ_EVENTS = frozenset({"NodeFinished", "SkippingDetails", "LogSkipBecauseError"})
"""dbt events whose per-node XCom a node task reads (the last one pushed is what it logs)."""
PASSED = frozenset({"success", "pass", "warn"})
"""Node statuses whose event no task reads: a passed node's task ends in the triggerer."""


def secure_cosmos_cache(context: Any = None) -> Path:
    """Keep Cosmos's cache folder private: the folder 0700, everything in it 0700/0600.

    Cosmos writes its cached ``profiles.yml`` (the password stays in the environment, the file
    refers to it) and partial-parse files with the default umask; the DAG's dbt tasks call this
    before they run (``on_execute_callback``). Returns the folder.
    """
    from cosmos import settings as cosmos_settings

    cache = Path(cosmos_settings.cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    cache.chmod(0o700)
    for path in cache.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o700 if path.is_dir() else 0o600)
    return cache


def prepare_build(context: Any = None) -> None:
    """The producer's ``on_execute_callback``: private cache, and only the XComs that are read."""
    secure_cosmos_cache(context)
    quiet_node_events()


def quiet_node_events() -> None:
    """Make this process's Cosmos producer push to XCom only what a node task reads, once.

    Cosmos pushes an XCom for each of a node's lifecycle events (start, compiling, executing,
    finished) and for every single test, and pushes a node's status and compiled SQL twice
    (dbt reports a node's end in two events); each push is a write through the API server
    while dbt waits. A node task reads its node's status (its tests' aggregate) and, when it
    resumes in a worker because the node did not pass, the node's last event and SQL. So a
    passed node's event is not pushed, and nothing twice; errors still pass. Idempotent;
    a Cosmos without these internals is left as it is (the build is slower, not different).
    """
    from cosmos.operators._watcher import aggregation, base

    if not all(
        hasattr(module, name)
        for module, name in (
            (base, "_process_dbt_log_event"),
            (base, "_DBT_ERROR_EVENTS_TYPES"),
            (base, "safe_xcom_push"),
            (aggregation, "safe_xcom_push"),
        )
    ):
        return
    original = _unwrapped(base._process_dbt_log_event)

    def process(task_instance: Any, dbt_log: dict[str, Any]) -> None:
        name = dbt_log.get("info", {}).get("name")
        node = dbt_log.get("data", {}).get("node_info") or {}
        if name in base._DBT_ERROR_EVENTS_TYPES or (
            name in READ_EVENTS
            and node.get("resource_type") != "test"
            and node.get("node_status") not in PASSED
        ):
            original(task_instance, dbt_log)

    base._process_dbt_log_event = _wrapping(process, original)
    push = _push_once(_unwrapped(base.safe_xcom_push))
    base.safe_xcom_push = aggregation.safe_xcom_push = push


def _push_once(push: Callable[..., None]) -> Callable[..., None]:
    """``push`` (Cosmos's ``safe_xcom_push``), skipping a push of the value a key already has."""
    last: dict[str, str] = {}
    lock = threading.Lock()

    def once(*, task_instance: Any, key: str, value: Any) -> None:
        encoded = json.dumps(value, sort_keys=True, default=str)
        with lock:
            if last.get(key) == encoded:
                return
            last[key] = encoded
            push(task_instance=task_instance, key=key, value=value)

    return _wrapping(once, push)


def _wrapping(wrapper: Callable[..., Any], original: Callable[..., Any]) -> Callable[..., Any]:
    wrapper.__wrapped__ = original  # type: ignore[attr-defined]
    return wrapper


def _unwrapped(function: Callable[..., Any]) -> Callable[..., Any]:
    return getattr(function, "__wrapped__", function)


class NodeResultTrigger(BaseTrigger):
    """Read a dbt node's result from the build's XCom and end the node's task with it.

    Passed (or ``warn``) ends the task as success, skipped as skipped, both in the triggerer.
    Anything else (failed, or no result recorded) resumes the task in a worker (its ``execute``),
    where Cosmos decides: a failure with dbt's message, or on a retry a run of the node alone.
    """

    def __init__(self, unique_id: str, producer_task_id: str, tests: bool = False) -> None:
        super().__init__()
        self.unique_id = unique_id
        self.producer_task_id = producer_task_id
        self.tests = tests

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            f"{__name__}.{type(self).__name__}",
            {
                "unique_id": self.unique_id,
                "producer_task_id": self.producer_task_id,
                "tests": self.tests,
            },
        )

    async def _xcom(self, key: str) -> Any:
        from airflow.sdk.execution_time.xcom import XCom
        from asgiref.sync import sync_to_async

        ti = self.task_instance
        if ti is None:
            raise RuntimeError(f"{self.unique_id}: the trigger runs without its task instance")
        return await sync_to_async(XCom.get_one)(
            run_id=ti.run_id,
            key=key,
            task_id=self.producer_task_id,
            dag_id=ti.dag_id,
            map_index=ti.map_index,
        )

    async def run(self) -> AsyncIterator[TriggerEvent]:
        from cosmos.operators._watcher.aggregation import get_tests_status_xcom_key
        from cosmos.operators._watcher.state import (
            get_dbt_event_xcom_key,
            get_status_xcom_key,
            is_dbt_node_status_skipped,
            is_dbt_node_status_success,
        )

        if self.tests:
            status = await self._xcom(get_tests_status_xcom_key(self.unique_id))
            what = f"tests of {self.unique_id}"
        else:
            value = await self._xcom(get_status_xcom_key(self.unique_id))
            status = value.get("status") if isinstance(value, dict) else None
            what = self.unique_id
            event = await self._xcom(get_dbt_event_xcom_key(self.unique_id))
            if isinstance(event, dict):
                self.log.info(
                    "dbt ran %s from %s to %s",
                    what,
                    event.get("start_time"),
                    event.get("finish_time"),
                )
        self.log.info("%s: %s in the dbt build", what, status or "no result")
        if is_dbt_node_status_success(status):
            yield TaskSuccessEvent()
        elif is_dbt_node_status_skipped(status):
            yield TaskSkippedEvent()
        else:
            yield TriggerEvent({"status": status})


def start_after_build(group: Any) -> None:
    """Make every node task of a Cosmos watcher task group start once its build has finished.

    Cosmos chains the node tasks along dbt's lineage, so under the scheduler a run pays a
    scheduling round per lineage level after the build; under ``dag.test()`` (one task at a
    time) a node task that polled before the build would wait forever. Here each node task
    depends on the build alone, whatever its outcome (``all_done``): all start together, each
    reads its node's result at once and reflects it (a failed test's task fails, a skipped
    model's task is skipped). Each task's notes name its node's parents in dbt's lineage.
    Under the scheduler each starts in the triggerer (:class:`NodeResultTrigger`); ``dag.test()``
    runs it as the sensor it is.
    """
    from airflow.task.trigger_rule import TriggerRule

    tasks = {task.task_id: task for task in group}
    producer = producer_of(group)
    for task in tasks.values():
        if task is producer or task.task_id.endswith(DONE_SUFFIX):
            continue
        for tid in list(task.upstream_task_ids):
            tasks[tid].downstream_task_ids.discard(task.task_id)
        task.upstream_task_ids.clear()
        task.trigger_rule = TriggerRule.ALL_DONE
        producer >> task
        start_in_triggerer(task, producer.task_id)
        lineage = _lineage(task)
        task.doc_md = f"{task.doc_md}\n\n{lineage}" if task.doc_md else lineage


def producer_of(group: Any) -> Any:
    """The task of a Cosmos watcher task group that runs the one ``dbt build``."""
    return next(task for task in group if task.task_id.endswith(PRODUCER_SUFFIX))


def _lineage(task: Any) -> str:
    """The task's place in dbt's lineage, for its notes: what its node is built from."""
    node = getattr(task, "extra_context", {}).get("dbt_node_config", {})
    name = node.get("name", task.task_id)
    if getattr(task, "is_test_sensor", False):
        return f"dbt lineage: the tests of `{name}`"
    parents = sorted(
        f"source {'.'.join(parts[2:])}" if parts[0] == "source" else parts[-1]
        for parts in (unique_id.split(".") for unique_id in node.get("depends_on", []))
    )
    if not parents:
        return f"dbt lineage: `{name}` is built from nothing upstream"
    return f"dbt lineage: `{name}` is built from " + ", ".join(f"`{p}`" for p in parents)


def start_in_triggerer(task: Any, producer_task_id: str) -> None:
    """Have the scheduler start a Cosmos consumer task in the triggerer with its node's result."""
    timeout = task.execution_timeout or timedelta(minutes=30)
    task.start_trigger_args = StartTriggerArgs(
        trigger_cls=f"{NodeResultTrigger.__module__}.{NodeResultTrigger.__name__}",
        trigger_kwargs={
            "unique_id": task.model_unique_id,
            "producer_task_id": producer_task_id,
            "tests": bool(task.is_test_sensor),
        },
        next_method="execute",
        timeout=timeout,
    )
    task.start_from_trigger = True
