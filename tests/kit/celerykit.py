"""Test kit: Airflow with its CeleryExecutor on this machine, as ``make airflow-celery`` runs it.

:class:`CeleryStack` is an :class:`~airflowkit.AirflowStack` (API server, scheduler, DAG
processor, triggerer on free 127.0.0.1 ports) plus Debian's ``redis-server`` as the broker and
``airflow celery worker`` processes, all started with the commands of
:mod:`scorecard.orchestration.celery_runtime`. Each worker has a name of its own
(``scorecard-worker-N``); :meth:`CeleryStack.ran_on` reads from the workers' own logs which of
them ran which task, and :meth:`CeleryStack.kill_worker` ends one with SIGKILL, the worker and
every process under it, as a machine that dies.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
from pathlib import Path

from airflowkit import AirflowStack, StackError, free_port
from airflowkit import _environ as _env

from scorecard.orchestration.celery_runtime import redis_command, wait_for_redis, worker_command
from scorecard.settings.celery import get_celery_settings

_WORKLOAD = re.compile(
    r"dag_id='(?P<dag>[^']+)'.*?run_id='(?P<run>[^']+)'.*?task_id='(?P<task>[^']+)'|"
    r"task_id='(?P<task2>[^']+)'.*?dag_id='(?P<dag2>[^']+)'.*?run_id='(?P<run2>[^']+)'"
)


class CeleryStack(AirflowStack):
    """The Airflow services, a Redis broker and ``workers`` Celery workers on one home."""

    def __init__(
        self, home: Path, overrides: dict[str, str] | None = None, workers: int = 2
    ) -> None:
        self.redis_port = free_port()
        api = free_port()
        celery = {
            # the API server moved with Airflow's own variables: the tasks must follow them
            "AIRFLOW__API__PORT": str(api),
            "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{api}",
            "SCORECARD_EXECUTOR": "CeleryExecutor",
            "SCORECARD_CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "SCORECARD_CELERY_CONCURRENCY": "1",
        }
        super().__init__(home, {**celery, **(overrides or {})})
        if overrides and "AIRFLOW__CORE__PARALLELISM" in overrides:  # the kit's own is 3
            self.env["AIRFLOW__CORE__PARALLELISM"] = overrides["AIRFLOW__CORE__PARALLELISM"]
        # the result backend is Airflow's metadata database, with the same lock timeout
        self.env["AIRFLOW__CELERY__RESULT_BACKEND"] = (
            f"db+{self.env['AIRFLOW__DATABASE__SQL_ALCHEMY_CONN']}"
        )
        self.workers = workers
        self.next_worker = 1

    def start(self, timeout: float = 240) -> None:
        with _env(self.env):
            celery = get_celery_settings()
        command = redis_command(celery, self.redis_port, self.home / "redis")
        self.procs["redis"] = self._spawn("redis", command)
        wait_for_redis(self.redis_port)
        super().start(timeout)
        for _ in range(self.workers):
            self.add_worker()

    def add_worker(self) -> str:
        """Start one more worker; its name (``worker-N``) keys :attr:`procs` and its log."""
        index = self.next_worker
        self.next_worker += 1
        with _env(self.env):
            command = worker_command(index, get_celery_settings())
        if index > 1 and "--skip-serve-logs" not in command:
            command.append("--skip-serve-logs")
        name = f"worker-{index}"
        self.procs[name] = self._spawn(name, command)
        self.wait_for(lambda: "ready." in self.tail(name, 200), f"{name} to be ready", 120, 0.5)
        return name

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen[bytes]:
        log = open(self.log_path(name), "ab")  # noqa: SIM115 - closed with the process
        try:
            return subprocess.Popen(
                command,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            log.close()

    def _healthy(self) -> bool:  # the services only: workers start after them
        services = {
            k: v
            for k, v in self.procs.items()
            if k in {"api-server", "scheduler", "dag-processor", "triggerer"}
        }
        saved, self.procs = self.procs, services
        try:
            return super()._healthy()
        finally:
            self.procs = {**saved, **self.procs}

    def ran_on(self) -> dict[tuple[str, str, str], set[str]]:
        """(dag_id, run_id, task_id) -> the workers whose logs show they ran it."""
        found: dict[tuple[str, str, str], set[str]] = {}
        for log in sorted(self.home.glob("worker-*.log")):  # killed workers' logs too
            name = log.stem
            for line in log.read_text(errors="replace").splitlines():
                if "Executing workload in Celery" not in line:
                    continue
                match = _WORKLOAD.search(line)
                if match:
                    dag = match["dag"] or match["dag2"]
                    run = match["run"] or match["run2"]
                    task = match["task"] or match["task2"]
                    found.setdefault((dag, run, task), set()).add(name)
        return found

    def worker_of_pid(self, pid: int) -> str | None:
        """The worker whose process tree holds ``pid`` (a task's process), or None."""
        roots = {proc.pid: name for name, proc in self.procs.items() if name.startswith("worker-")}
        while pid > 1:
            if pid in roots:
                return roots[pid]
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                return None
            pid = int(stat.rsplit(")", 1)[1].split()[1])
        return None

    def kill_worker(self, name: str) -> None:
        """SIGKILL a worker and every process under it (as a machine that dies)."""
        proc = self.procs[name]
        doomed = [proc.pid, *_descendants(proc.pid)]
        for pid in doomed:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.wait(timeout=30)
        del self.procs[name]
        (self.home / f"{name}.killed").write_text(" ".join(map(str, doomed)))

    def tail_all(self) -> str:
        return "\n".join(f"--- {name} ---\n{self.tail(name, 15)}" for name in self.procs)


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


__all__ = ["CeleryStack", "StackError"]
