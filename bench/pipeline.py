"""Benchmark the orchestration: DAG parse times, and a backfill broken down by stage.

    uv run python bench/pipeline.py

1. Parse time of each DAG file (goal: under 1 s each, Cosmos included), against a baseline
   measured in the same process: a trivial one-task DAG file (Airflow's own floor).
2. A backfill of the bundled quarters but the last on the embedded defaults (in a database of
   its own, ``scorecard_bench``, and a fresh landing area), then the last quarter on top of that
   history: wall time of each, and task time per stage (fetch, extract, validate, load, dbt)
   read from Airflow's task instances.
3. ``scorecard_transform`` under the real scheduler next to a plain ``dbt build`` of the same
   project on the same data, and their ratio (goal at most 2x): ``bench/transform.py``.
4. The catch-up of every bundled quarter through the real scheduler (``bench/scheduler.py``),
   against the ``dag.test()`` backfill of the same quarters timed in 2.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = "scorecard_bench"

TRIVIAL_DAG = """
from datetime import datetime, UTC
from airflow.sdk import dag, task

@dag(schedule=None, start_date=datetime(2016, 4, 1, tzinfo=UTC), tags=["bench"])
def trivial():
    @task
    def hello():
        return 1
    hello()

trivial()
"""


def parse_seconds(path: Path, repeat: int = 5) -> float:
    """Median seconds for Airflow's DagBag to parse one file (modules already imported)."""
    from airflow.dag_processing.dagbag import DagBag

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        bag = DagBag(dag_folder=str(path))
        times.append(time.perf_counter() - started)
        assert not bag.import_errors, bag.import_errors
    return statistics.median(times)


def stage_of(task_id: str) -> str:
    if task_id.startswith("dbt."):
        return "dbt"
    return {"wait_for_report": "fetch", "fetch": "fetch"}.get(task_id, task_id)


def task_seconds(since: datetime) -> dict[str, float]:
    """Task time per stage, from the task instances of runs started after ``since``."""
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session

    totals: dict[str, float] = defaultdict(float)
    with create_session() as session:
        rows = session.query(
            TaskInstance.task_id, TaskInstance.start_date, TaskInstance.end_date
        ).filter(TaskInstance.start_date >= since)
        for task_id, start, end in rows:
            if start and end:
                totals[stage_of(task_id)] += (end - start).total_seconds()
    return dict(totals)


def main() -> int:
    os.environ.setdefault("SCORECARD_DB_NAME", BENCH_DB)
    landing = tempfile.mkdtemp(prefix="scorecard-bench-landing-")
    os.environ["SCORECARD_LANDING_URL"] = f"file://{landing}"
    from scorecard.settings import apply_runtime_environment, get_settings

    apply_runtime_environment()
    settings = get_settings()
    from scorecard import warehouse

    warehouse.ensure_running(settings)
    _reset_database(settings)

    from scorecard.orchestration.backfill import backfill, bundled_range, prepare

    prepare(settings)
    print("== DAG parse time (median of 5; Airflow already imported) ==")
    with tempfile.TemporaryDirectory() as tmp:
        trivial = Path(tmp) / "trivial_dag.py"
        trivial.write_text(TRIVIAL_DAG)
        base = parse_seconds(trivial)
    print(f"baseline trivial DAG      {base * 1000:8.1f} ms")
    for name in ("scorecard_ingest.py", "scorecard_transform.py", "scorecard_docs.py"):
        seconds = parse_seconds(ROOT / "dags" / name)
        print(
            f"{name:<25} {seconds * 1000:8.1f} ms  ratio {seconds / base:5.2f}x  (goal < 1000 ms)"
        )

    first, last = bundled_range(settings)
    history_last = last.previous()
    backfill_seconds = 0.0
    for label, (a, b) in (
        (f"backfill {first.code}..{history_last.code}", (first, history_last)),
        (f"one new quarter {last.code} on top", (last, last)),
    ):
        since = datetime.now(UTC)
        started = time.perf_counter()
        result = backfill(a, b, settings=settings, transform="always")
        wall = time.perf_counter() - started
        backfill_seconds += wall
        stages = task_seconds(since)
        print(
            f"\n== {label}: {len(result.quarters)} quarter(s), wall {wall:.1f} s, ok={result.ok} =="
        )
        for stage in (
            "fetch",
            "extract",
            "validate",
            "load",
            "dbt",
            "publish_marts",
            "publish_docs",
        ):
            print(f"  {stage:<13} {stages.get(stage, 0.0):7.1f} s task time")
        print(
            "  orchestration " + ", ".join(f"{k} {v:.1f}s" for k, v in result.stage_seconds.items())
        )

    print("\n== scorecard_transform under the scheduler vs a plain dbt build (same data) ==")
    print("\n".join(_bench_module("transform").measure().lines()))

    print(f"\n== catch-up of {first.code}..{last.code} under the scheduler vs dag.test ==")
    catch_up = _bench_module("scheduler").scheduler_catch_up(
        first.code, last.code, "scorecard_bench_scheduler"
    )
    print(f"dag.test backfill (2. above)          {backfill_seconds:7.1f} s")
    print(
        f"scheduler catch-up of {catch_up.quarters} quarters      {catch_up.seconds:7.1f} s  "
        f"ratio {catch_up.seconds / backfill_seconds:5.2f}x  (ingest done at "
        f"{catch_up.ingest_seconds:.1f} s, {catch_up.transform_runs} transform run(s))"
    )
    return 0


def _bench_module(name: str):  # type: ignore[no-untyped-def]
    """``bench/<name>.py`` as a module (``bench/`` itself stays off ``sys.path``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _reset_database(settings) -> None:  # type: ignore[no-untyped-def]
    import psycopg
    from psycopg import sql

    from scorecard.settings import libpq_url

    admin = libpq_url(settings.warehouse_url.set(database="postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("drop database if exists {} with (force)").format(
                sql.Identifier(settings.db_name)
            )
        )
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(settings.db_name)))


if __name__ == "__main__":
    sys.exit(main())
