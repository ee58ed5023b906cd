"""Benchmark: a ``scorecard_transform`` run under Airflow's real scheduler vs a plain ``dbt build``.

    uv run python bench/transform.py [--runs 2]

In one process, on the same data (every bundled report loaded into a database of its own,
``scorecard_bench_transform``, dropped afterwards) and the same project:

1. **plain dbt build**: ``dbt build`` from the command line (a new process, as a data engineer
   types it), and ``scorecard transform`` in-process (``dbtRunner``, dbt already imported);
2. **scheduler**: the API server, scheduler, DAG processor and triggerer on free ports (the test
   kit's ``AirflowStack``), ``scorecard_transform`` triggered ``--runs`` times; for each run its
   duration as Airflow records it (run start to end), and the part up to ``publish_marts``
   (the dbt build, every model's and test's task, the swap) without ``publish_docs``.

Every build is incremental on warm marts (two builds first, so both copies of the marts exist).
Goal: the scheduler-driven transform takes at most 2x the plain command-line ``dbt build``.
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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "kit"))
BENCH_DB = "scorecard_bench_transform"
GOAL = 2.0


@dataclass(frozen=True)
class TransformTimes:
    cli_build: float
    inprocess_build: float
    dag_runs: list[float]
    dag_until_published: list[float]
    dag_tasks: int

    @property
    def ratio(self) -> float:
        return statistics.median(self.dag_runs) / self.cli_build

    def lines(self) -> list[str]:
        dag = statistics.median(self.dag_runs)
        published = statistics.median(self.dag_until_published)
        return [
            f"plain `dbt build` (command line)          {self.cli_build:7.1f} s",
            f"scorecard transform (in-process dbt)       {self.inprocess_build:7.1f} s",
            f"scorecard_transform under the scheduler    {dag:7.1f} s  ratio {self.ratio:5.2f}x"
            f"  (goal <= {GOAL:.0f}x; {self.dag_tasks} tasks; runs "
            + ", ".join(f"{s:.1f}" for s in self.dag_runs)
            + " s)",
            f"  of which up to the marts published       {published:7.1f} s  ratio "
            f"{published / self.cli_build:5.2f}x",
        ]


def _database(name: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    from scorecard.settings import get_settings, libpq_url

    admin = libpq_url(get_settings().warehouse_url.set(database="postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        ident = sql.Identifier(name)
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(ident))
        if not drop_only:
            conn.execute(sql.SQL("create database {}").format(ident))


def prepare_data(db_name: str) -> None:
    """A migrated database with every bundled report loaded, and warm marts (both copies)."""
    from dbtkit import load_truths

    from scorecard import transform, warehouse
    from scorecard.settings import apply_runtime_environment, get_settings
    from scorecard.warehouse.migrations import migrate

    os.environ["SCORECARD_DB_NAME"] = db_name
    for key in [k for k in os.environ if k.startswith("SCORECARD_DBT_")]:
        del os.environ[key]
    warehouse.ensure_running(get_settings())
    _database(db_name)
    settings = get_settings()
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


def scheduler_runs(
    db_name: str, runs: int, home: Path | None = None, timeout: float = 900
) -> tuple[list[float], list[float], int]:
    """Trigger ``scorecard_transform`` ``runs`` times under the real scheduler; time each run.

    The Airflow home is a temporary folder, or ``home`` (kept, with the task logs).
    """
    from airflowkit import AirflowStack

    totals: list[float] = []
    until_published: list[float] = []
    with (
        tempfile.TemporaryDirectory(prefix="scorecard-bench-transform-") as tmp,
        AirflowStack(home or Path(tmp) / "airflow", {"SCORECARD_DB_NAME": db_name}) as stack,
    ):
        stack.cli("dags", "unpause", "scorecard_transform")
        for number in range(runs):
            run_id = f"bench_{number}"
            stack.cli("dags", "trigger", "scorecard_transform", "--run-id", run_id)
            state, start, end = stack.wait_for(
                functools.partial(_finished, stack, run_id), f"run {run_id}", timeout, every=1
            )
            if state != "success":
                tasks = stack.tasks("scorecard_transform", run_id)
                raise AssertionError(f"{run_id} {state}: {tasks}")
            (published,) = stack.query(
                "select end_date from task_instance where dag_id = 'scorecard_transform'"
                " and run_id = ? and task_id = 'publish_marts'",
                run_id,
            )[0]
            totals.append(_seconds(start, end))
            until_published.append(_seconds(start, published))
        tasks = len(stack.tasks("scorecard_transform", f"bench_{runs - 1}"))
    return totals, until_published, tasks


def measure(runs: int = 2, db_name: str = BENCH_DB, home: Path | None = None) -> TransformTimes:
    """Prepare the data, then time the plain builds and the scheduler-driven runs."""
    from scorecard.backfill import ensure_manifest

    prepare_data(db_name)
    ensure_manifest()
    try:
        cli = cli_build()
        inprocess = inprocess_build()
        totals, published, tasks = scheduler_runs(db_name, runs, home)
    finally:
        _database(db_name, drop_only=True)
    return TransformTimes(cli, inprocess, totals, published, tasks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="scheduler runs to time (median)")
    parser.add_argument("--home", type=Path, help="keep the Airflow home (and task logs) here")
    args = parser.parse_args()
    times = measure(args.runs, home=args.home)
    print("\n".join(times.lines()))
    return 0 if times.ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
