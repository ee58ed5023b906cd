"""Benchmark: a ``scorecard_transform`` run under Airflow's real scheduler vs a plain ``dbt build``.

    uv run python bench/transform.py [--runs 3] [--home DIR]

In one process, on the same data (every bundled report loaded into a database of its own,
``scorecard_bench_transform``, dropped afterwards) and the same project:

1. **plain dbt build**: ``dbt build`` from the command line (a new process, as a data engineer
   types it), just before each timed scheduler run so that both see the same load on a shared
   machine (the median is the baseline), and ``scorecard transform`` in-process (``dbtRunner``,
   dbt already imported);
2. **scheduler**: the API server, scheduler, DAG processor and triggerer on free ports (the test
   kit's ``AirflowStack``), ``scorecard_transform`` triggered once to warm up (the first run
   after the services start, reported apart) and then ``--runs`` times; for each run its
   duration as Airflow records it (run start to end: the marts swapped in by ``publish_marts``),
   with the dbt part (run start to the end of the last dbt task) and the swap after it.

Every build is incremental on warm marts (two builds first, so both copies of the marts exist).
Goal: the scheduler-driven transform takes at most 2x the plain command-line ``dbt build``.
:func:`measure` is the measurement alone (``bench/pipeline.py`` prints it too).
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "kit"))
BENCH_DB = "scorecard_bench_transform"
GOAL = 2.0


@dataclass(frozen=True)
class RunTimes:
    """One scheduler-driven run, in seconds (Airflow's records)."""

    total: float
    """The run's start to its end."""
    build: float
    """The run's start to the end of its last dbt task."""
    publish: float
    """The build's end to the end of ``publish_marts`` (the marts swapped in)."""


@dataclass(frozen=True)
class TransformTimes:
    cli_builds: list[float]
    inprocess_build: float
    first_run: RunTimes
    runs: list[RunTimes]
    dag_tasks: int

    @property
    def cli_build(self) -> float:
        return statistics.median(self.cli_builds)

    @property
    def ratio(self) -> float:
        return statistics.median(r.total for r in self.runs) / self.cli_build

    def lines(self) -> list[str]:
        def median(field: str) -> float:
            return statistics.median(getattr(r, field) for r in self.runs)

        dag = median("total")
        builds = ", ".join(f"{s:.1f}" for s in self.cli_builds)
        return [
            f"plain `dbt build` (command line)            {self.cli_build:7.1f} s  (runs {builds} s)",
            f"scorecard transform (in-process dbt)        {self.inprocess_build:7.1f} s",
            f"scorecard_transform under the scheduler     {dag:7.1f} s  ratio {self.ratio:5.2f}x"
            f"  (goal <= {GOAL:.0f}x; {self.dag_tasks} tasks; runs "
            + ", ".join(f"{r.total:.1f}" for r in self.runs)
            + " s)",
            f"  dbt done after {median('build'):.1f} s; publish_marts {median('publish'):.1f} s"
            " later",
            f"  first run after the services start        {self.first_run.total:7.1f} s  ratio "
            f"{self.first_run.total / self.cli_build:5.2f}x (build task {self.first_run.build:.1f} s)",
        ]


def _database(name: str, *, drop_only: bool = False) -> None:
    from dbtkit import drop_database

    from scorecard.settings import get_settings

    drop_database(get_settings(), name, create=not drop_only)


def prepare_data(db_name: str) -> None:
    """A migrated database with every bundled report loaded, and warm marts (both copies)."""
    from dbtkit import load_truths, point_at

    from scorecard import transform, warehouse
    from scorecard.settings import apply_runtime_environment
    from scorecard.warehouse.migrations import migrate

    settings = point_at(db_name)
    warehouse.ensure_running(settings)
    _database(db_name)
    apply_runtime_environment(settings)
    migrate(settings)
    load_truths(settings, sorted(settings.samples_dir.glob("derby-scorecard-*.json")))
    transform.parse(settings)
    for _ in range(2):
        transform.build(settings)


def cli_build() -> float:
    """Seconds of ``dbt build`` in a new process, as typed in ``dbt_project/``."""
    from scorecard.settings import get_settings, runtime_environment

    project = get_settings().dbt_project_dir
    dbt = Path(sys.executable).with_name("dbt")
    env = {**os.environ, **runtime_environment()}
    started = time.perf_counter()
    subprocess.run(
        [str(dbt), "build", "--project-dir", str(project), "--profiles-dir", str(project)],
        env=env,
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        cwd=project,
    )
    return time.perf_counter() - started


def inprocess_build() -> float:
    from scorecard import transform

    started = time.perf_counter()
    transform.build()
    return time.perf_counter() - started


def _seconds(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def _finished(stack: Any, run_id: str) -> tuple[str, str, str] | None:
    """(state, start, end) of a finished run, else None."""
    rows = stack.query(
        "select state, start_date, end_date from dag_run"
        " where dag_id = 'scorecard_transform' and run_id = ?",
        run_id,
    )
    return rows[0] if rows and rows[0][0] in {"success", "failed"} else None


def _run_times(stack: Any, run_id: str, start: str, end: str) -> RunTimes:
    rows = stack.query(
        "select task_id, end_date from task_instance"
        " where dag_id = 'scorecard_transform' and run_id = ?",
        run_id,
    )
    ends = {task_id: _seconds(start, when) for task_id, when in rows}
    published = ends.pop("publish_marts")
    build = max(ends.values())
    return RunTimes(_seconds(start, end), build, published - build)


def scheduler_runs(
    db_name: str,
    runs: int,
    home: Path | None = None,
    timeout: float = 900,
    between: Callable[[], object] = lambda: None,
) -> tuple[RunTimes, list[RunTimes], int]:
    """Trigger ``scorecard_transform`` once to warm up, then ``runs`` times; time each run.

    Under the real scheduler (``scorecard_docs`` stays paused: only the transform is timed).
    ``between`` is called before each timed run (the baseline, timed under the same load).
    The Airflow home is a temporary folder, or ``home`` (kept, with the task logs).
    """
    from airflowkit import AirflowStack

    times: list[RunTimes] = []
    with (
        tempfile.TemporaryDirectory(prefix="scorecard-bench-transform-") as tmp,
        AirflowStack(home or Path(tmp) / "airflow", {"SCORECARD_DB_NAME": db_name}) as stack,
    ):
        stack.cli("dags", "unpause", "scorecard_transform")
        for number in range(runs + 1):
            run_id = f"bench_{number}"
            if number:
                between()
            stack.cli("dags", "trigger", "scorecard_transform", "--run-id", run_id)
            state, start, end = stack.wait_for(
                functools.partial(_finished, stack, run_id), f"run {run_id}", timeout, every=0.5
            )
            if state != "success":
                tasks = stack.tasks("scorecard_transform", run_id)
                raise AssertionError(f"{run_id} {state}: {tasks}")
            times.append(_run_times(stack, run_id, start, end))
        tasks = len(stack.tasks("scorecard_transform", f"bench_{runs}"))
    return times[0], times[1:], tasks


def measure(runs: int = 3, db_name: str = BENCH_DB, home: Path | None = None) -> TransformTimes:
    """Prepare the data, then time the plain builds and the scheduler-driven runs."""
    prepare_data(db_name)
    try:
        inprocess = inprocess_build()
        # the plain build just before each timed run: both see the same load on a shared machine
        cli: list[float] = []
        first, timed, tasks = scheduler_runs(
            db_name, runs, home, between=lambda: cli.append(cli_build())
        )
    finally:
        _database(db_name, drop_only=True)
    return TransformTimes(cli, inprocess, first, timed, tasks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="scheduler runs to time (median)")
    parser.add_argument("--home", type=Path, help="keep the Airflow home (and task logs) here")
    args = parser.parse_args()
    times = measure(args.runs, home=args.home)
    print("\n".join(times.lines()))
    return 0 if times.ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
