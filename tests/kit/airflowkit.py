"""Test kit: the real Airflow services (API server, scheduler, DAG processor, triggerer).

:class:`AirflowStack` runs them as child processes on free 127.0.0.1 ports with an isolated
``AIRFLOW_HOME`` (SQLite metadata, as ``make airflow`` uses), waits until the API server reports
every component healthy, runs ``airflow`` CLI commands against the same home, reads run and task
states from the metadata database, and always stops what it started (each service in its own
process group, terminated then killed).

    with AirflowStack(home, {"SCORECARD_DB_NAME": "..."}) as stack:
        stack.cli("dags", "unpause", "scorecard_ingest")
        stack.wait_for(lambda: stack.run_states("scorecard_ingest"), "runs to appear")
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

from cryptography.fernet import Fernet

from scorecard.orchestration.airflow_home import mark_migrated, mark_pooled, pool_arguments
from scorecard.settings import PROJECT_DIR, get_settings, runtime_environment

T = TypeVar("T")
SERVICES = ("api-server", "scheduler", "dag-processor", "triggerer")
AIRFLOW = str(Path(sys.executable).with_name("airflow"))
TEMPLATES = PROJECT_DIR / ".scorecard" / "test" / "airflow-templates"


class StackError(AssertionError):
    """The Airflow services did not start or a wait ran out; the message says which and why."""


def free_port() -> int:
    """A TCP port nobody listens on right now (127.0.0.1)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def stack_environment(home: Path, overrides: dict[str, str]) -> dict[str, str]:
    """The services' environment: this process's, minus its Airflow settings, plus ``overrides``.

    Airflow and dbt variables are derived again from the scorecard settings (database, ports,
    home), so a test's scratch warehouse is the one the tasks load into.
    """
    port = free_port()
    # the ports by the project's settings, unless the test moves them with Airflow's own
    ports = (
        {}
        if "AIRFLOW__API__PORT" in overrides
        else {
            "SCORECARD_AIRFLOW_PORT": str(port),
            "SCORECARD_AIRFLOW_URL": f"http://127.0.0.1:{port}",
        }
    )
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AIRFLOW", "SCORECARD_DBT_", "PYTEST_"))
    }
    base.update(
        {
            "AIRFLOW_HOME": str(home),
            **ports,
            "SCORECARD_WORKER_LOG_PORT": str(free_port()),
            "SCORECARD_TRIGGER_LOG_PORT": str(free_port()),
            **overrides,
        }
    )
    with _environ(base):
        from scorecard.settings import get_settings

        base.update(runtime_environment(get_settings()))
    # SQLite: a writer waits up to 90 s for another's lock (Python's default is 5 s), as four
    # services and a CLI command write the same file on a loaded machine
    base["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] += "?timeout=90"
    base.update(
        {
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__CORE__PARALLELISM": "3",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
            "AIRFLOW__API__WORKERS": "1",
            # one secret for every service (the API server checks the tasks' tokens with it)
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
            "AIRFLOW__CORE__FERNET_KEY": Fernet.generate_key().decode(),
        }
    )
    return base


def migrated_home(home: Path, env: dict[str, str]) -> None:
    """An Airflow home whose metadata database is migrated for the installed Airflow and holds
    the PDF-parsing pool: a copy of a template made once per version and pool (``db migrate``
    and ``pools set`` only to make the template)."""
    pool = pool_arguments(get_settings())
    template = TEMPLATES / f"airflow-{version('apache-airflow')}-pool{pool[3]}.db"
    home.mkdir(parents=True, exist_ok=True)
    if not template.exists():
        scratch = TEMPLATES / f"making-{os.getpid()}"
        scratch.mkdir(parents=True, exist_ok=True)
        for command in (["db", "migrate"], pool):
            subprocess.run(
                [AIRFLOW, *command],
                env={
                    **env,
                    "AIRFLOW_HOME": str(scratch),
                    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{scratch / 'airflow.db'}",
                },
                check=True,
                capture_output=True,
                timeout=300,
                stdin=subprocess.DEVNULL,
            )
        os.replace(scratch / "airflow.db", template)  # atomic: parallel sessions may race here
        shutil.rmtree(scratch, ignore_errors=True)
    if not (home / "airflow.db").exists():
        shutil.copyfile(template, home / "airflow.db")
    # a config file of its own, so the services started together do not each write one: their
    # shared secrets come from the environment (stack_environment)
    config = home / "airflow.cfg"
    if not config.exists():
        config.write_text("[core]\n")
    mark_migrated(home)  # `scorecard` commands on this home need not migrate again
    mark_pooled(home, pool)


class AirflowStack:
    """The four Airflow services on one isolated home; use as a context manager."""

    def __init__(self, home: Path, overrides: dict[str, str] | None = None) -> None:
        self.home = home
        self.home.mkdir(parents=True, exist_ok=True)
        self.overrides = overrides or {}
        self.env = stack_environment(home, self.overrides)
        self.port = int(self.env["AIRFLOW__API__PORT"])
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> AirflowStack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def start(self, timeout: float = 240) -> None:
        """Migrate the metadata database, start every service, wait until all are healthy.

        A freshly migrated database is kept per Airflow version and copied into each new home
        (no ``db migrate`` then: the copy is migrated for this very version).
        """
        migrated_home(self.home, self.env)
        for name in SERVICES:
            log = open(self.log_path(name), "ab")  # noqa: SIM115 - closed with the process
            self.procs[name] = subprocess.Popen(
                [AIRFLOW, name],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
            log.close()
        self.wait_for(self._healthy, "every Airflow component to report healthy", timeout, 0.5)

    def stop(self) -> None:
        """Terminate every service's process group; kill what is left after 5 s."""
        for proc in self.procs.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        for proc in self.procs.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(1.0, deadline - time.monotonic()))
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=10)
        self.procs.clear()

    def log_path(self, service: str) -> Path:
        return self.home / f"{service}.log"

    def _healthy(self) -> bool:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise StackError(
                    f"airflow {name} exited with {proc.returncode}:\n{self.tail(name)}"
                )
        try:
            health = self.get("/api/v2/monitor/health")
        except OSError:
            return False
        return all(
            isinstance(part, dict) and part.get("status") == "healthy"
            for key, part in health.items()
            if key in {"metadatabase", "scheduler", "triggerer", "dag_processor"}
        ) and {"metadatabase", "scheduler", "triggerer", "dag_processor"} <= set(health)

    # -- talking to Airflow ------------------------------------------------------------------
    def get(self, path: str) -> Any:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as reply:
            return json.loads(reply.read())

    def cli(self, *args: str, timeout: float = 180, check: bool = True) -> str:
        """Run ``airflow ARGS`` on the stack's home; its stdout (stderr joined on failure)."""
        result = subprocess.run(
            [AIRFLOW, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        if check and result.returncode != 0:
            raise StackError(
                f"airflow {' '.join(args)} exited with {result.returncode}:\n"
                + "\n".join((result.stderr or result.stdout).splitlines()[-20:])
            )
        return result.stdout

    def cli_all(self, *commands: list[str], timeout: float = 180) -> None:
        """Run several ``airflow`` commands at once (each a process); fail naming any that failed."""
        procs = [
            (
                command,
                subprocess.Popen(
                    [AIRFLOW, *command],
                    env=self.env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    stdin=subprocess.DEVNULL,
                ),
            )
            for command in commands
        ]
        failed = []
        for command, proc in procs:
            output, _ = proc.communicate(timeout=timeout)
            if proc.returncode != 0:
                tail = "\n".join(output.splitlines()[-20:])
                failed.append(f"airflow {' '.join(command)} exited with {proc.returncode}:\n{tail}")
        if failed:
            raise StackError("\n".join(failed))

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Rows from the metadata database (SQLite, read-only)."""
        uri = f"file:{self.home / 'airflow.db'}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=30)) as conn:
            return conn.execute(sql, params).fetchall()

    def runs(self, dag_id: str) -> dict[str, str]:
        """run_id -> state of every run of a DAG."""
        rows = self.query("select run_id, state from dag_run where dag_id = ?", dag_id)
        return {run_id: state for run_id, state in rows}

    def tasks(self, dag_id: str, run_id: str) -> dict[str, str]:
        """task_id -> state of one run's task instances."""
        rows = self.query(
            "select task_id, coalesce(state, 'none') from task_instance"
            " where dag_id = ? and run_id = ?",
            dag_id,
            run_id,
        )
        return {task_id: state for task_id, state in rows}

    def wait_for(
        self, probe: Callable[[], T], what: str, timeout: float = 300, every: float = 1.0
    ) -> T:
        """Poll ``probe`` until it returns something truthy; fail naming ``what`` and the logs."""
        deadline = time.monotonic() + timeout
        while True:
            value = probe()
            if value:
                return value
            if time.monotonic() > deadline:
                raise StackError(
                    f"timed out after {timeout:.0f} s waiting for {what}\n"
                    + "\n".join(f"--- {name} ---\n{self.tail(name, 15)}" for name in self.procs)
                )
            time.sleep(every)

    def tail(self, service: str, lines: int = 30) -> str:
        path = self.log_path(service)
        if not path.exists():
            return "(no log)"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def dags_test(
    folder: Path, source: str, dag_id: str, overrides: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """``airflow dags test DAG_ID`` of one DAG file (``source``), in a home and DAGs folder of
    its own under ``folder``: the task runner calls callbacks and listeners as a worker does."""
    dags = folder / "dags"
    dags.mkdir(parents=True)
    (dags / f"{dag_id}.py").write_text(source)
    home = folder / "airflow"
    env = stack_environment(home, overrides)
    env["AIRFLOW__CORE__DAGS_FOLDER"] = str(dags)
    migrated_home(home, env)
    return subprocess.run(
        [AIRFLOW, "dags", "test", dag_id],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def metadata_db() -> Path:
    """This process's Airflow metadata database (SQLite, from the runtime environment)."""
    url = os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    return Path(url.split("sqlite:///", 1)[1].split("?", 1)[0])


def read_metadata(sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of this process's metadata database, read-only (what the tests check afterwards)."""
    uri = f"file:{metadata_db()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=30)) as conn:
        return conn.execute(sql, params).fetchall()


def task_states(dag_id: str, run_id: str) -> dict[str, str]:
    """task_id -> state of one run's task instances, in this process's metadata database."""
    rows = read_metadata(
        "select task_id, coalesce(state, 'none') from task_instance where dag_id = ? and run_id = ?",
        dag_id,
        run_id,
    )
    return {task_id: state for task_id, state in rows}


def latest_tries(dag_id: str, task_id: str) -> int:
    """Attempts of a task in the DAG's latest run that ran it."""
    rows = read_metadata(
        "select try_number from task_instance where dag_id = ? and task_id = ?"
        " order by start_date desc limit 1",
        dag_id,
        task_id,
    )
    return int(rows[0][0])
