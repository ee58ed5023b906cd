"""Benchmark the orchestration: DAG parse times, and a backfill broken down by stage.

    uv run python bench/pipeline.py

1. Parse time of each DAG file (goal: under 1 s each, Cosmos included), against a baseline
   measured in the same process: a trivial one-task DAG file (Airflow's own floor).
2. A backfill of the bundled quarters but the last on the embedded defaults (in a database of
   its own, ``scorecard_bench``, and a fresh landing area), then the last quarter on top of that
   history, then all of them again with nothing new to load: wall time of each, task time per
   stage (fetch, extract, validate, load) as the tasks report it (Airflow's listener), and per
   quarter the orchestration's overhead (the run's wall time less its tasks' own) against the
   stages' own time.
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


STAGES = {
    "wait_for_report": "fetch",
    "fetch": "fetch",
    "find_outdated": "fetch",
    "extract": "extract",
    "reextract": "extract",
    "validate": "validate",
    "revalidate": "validate",
    "load": "load",
    "reload": "load",
}


def report(label: str, result, wall: float) -> None:  # type: ignore[no-untyped-def]
    """Stage time, and per quarter the orchestration's overhead against the stages' own time."""
    stages: dict[str, float] = defaultdict(float)
    own = overhead = 0.0
    for quarter in result.quarters:
        tasks = sum(task.seconds for task in quarter.tasks.values())
        for task in quarter.tasks.values():
            stages[STAGES.get(task.task_id, task.task_id)] += task.seconds
        own += tasks
        overhead += quarter.seconds - tasks
    n = max(len(result.quarters), 1)
    print(f"\n== {label}: {len(result.quarters)} quarter(s), wall {wall:.1f} s, ok={result.ok} ==")
    for stage in ("fetch", "extract", "validate", "load"):
        print(f"  {stage:<13} {stages.get(stage, 0.0):7.1f} s task time")
    print(
        f"  per quarter: stages' own time {own / n:5.2f} s, orchestration overhead "
        f"{overhead / n:5.2f} s (ratio {overhead / max(own, 1e-9):5.2f}x; the first run of a "
        "process also starts Airflow's in-process execution API)"
    )
    print("  orchestration " + ", ".join(f"{k} {v:.1f}s" for k, v in result.stage_seconds.items()))


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
        (f"all of {first.code}..{last.code} again, nothing new", (first, last)),
    ):
        started = time.perf_counter()
        result = backfill(a, b, settings=settings, transform="auto")
        wall = time.perf_counter() - started
        if "again" not in label:
            backfill_seconds += wall
        report(label, result, wall)

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
        f"{catch_up.ingest_seconds:.1f} s, {catch_up.transform_runs} transform run(s) taking "
        f"{catch_up.transform_seconds:.1f} s in all, the last ending {catch_up.tail_seconds:.1f} s "
        "after the last load)"
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
