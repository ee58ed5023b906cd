"""Benchmark the scale-out: a catch-up on Airflow's CeleryExecutor with one worker, then two.

    uv run python bench/scale.py [--quarters N] [--concurrency C]

Each run starts Airflow with its CeleryExecutor on this machine (the API server, scheduler, DAG
processor and triggerer, Debian's redis-server, ``airflow celery worker`` processes with ``C``
task slots each: the commands of ``make airflow-celery``) on a fresh Airflow home and a fresh
database, unpauses the ingest DAG with the schedule set to ``N`` of the bundled quarters (one
council: at most 12), and times from unpausing until every quarter's run has succeeded. The
one-worker run is the baseline of the same process. It prints:

- the throughput ratio (quarters per second with two workers over one);
- per quarter: the wall time with one worker, the extraction's own CPU time (pdfplumber on the
  same PDFs, measured in this process) and the rest: orchestration overhead (task start-up,
  the broker, the execution API, fetch, validation and load);
- the task time by stage, read from Airflow's task instances.

On a 2-core machine the ratio cannot pass 2 and is lower: both workers, the scheduler, the API
server, the DAG processor and PostgreSQL share the same two cores.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "kit"))
sys.path.insert(0, str(ROOT / "bench"))


@dataclass(frozen=True)
class Run:
    workers: int
    quarters: int
    seconds: float
    task_seconds: dict[str, float]
    """Task time summed by task id (fetch, extract, validate, load, ...)."""
    per_worker: dict[str, int]
    """Tasks each worker ran (from the workers' own logs)."""


def catch_up(workers: int, quarters: int, concurrency: int, db_name: str) -> Run:
    """The catch-up of the first ``quarters`` bundled quarters with ``workers`` Celery workers."""
    from celerykit import CeleryStack

    from scheduler import _drop_database, _fresh_database
    from scorecard.orchestration.backfill import bundled_range

    first, _ = bundled_range()
    last = first.shift(quarters - 1)
    _fresh_database(db_name)
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-scale-") as tmp:
        overrides = {
            "SCORECARD_DB_NAME": db_name,
            "SCORECARD_LANDING_URL": f"file://{tmp}/landing",
            "SCORECARD_FIRST_QUARTER": first.code,
            "SCORECARD_LAST_QUARTER": last.code,
            "SCORECARD_CELERY_CONCURRENCY": str(concurrency),
            "AIRFLOW__CORE__PARALLELISM": str(2 * workers * concurrency),
        }
        with CeleryStack(Path(tmp) / "airflow", overrides, workers=workers) as stack:
            started = time.perf_counter()
            stack.cli("dags", "unpause", "scorecard_ingest")

            def done() -> bool:
                states = list(stack.runs("scorecard_ingest").values())
                if "failed" in states:
                    raise AssertionError(f"an ingest run failed: {stack.runs('scorecard_ingest')}")
                return len(states) == quarters and set(states) == {"success"}

            stack.wait_for(done, f"{quarters} ingest runs", 3600, every=1)
            seconds = time.perf_counter() - started
            rows = stack.query(
                "select task_id, sum((julianday(end_date) - julianday(start_date)) * 86400)"
                " from task_instance where dag_id = 'scorecard_ingest' group by task_id"
            )
            per_worker: dict[str, int] = defaultdict(int)
            for names in stack.ran_on().values():
                for name in names:
                    per_worker[name] += 1
    _drop_database(db_name)
    return Run(workers, quarters, seconds, {t: float(s or 0) for t, s in rows}, dict(per_worker))


def extraction_cpu_seconds(quarters: int) -> float:
    """CPU seconds of extracting the first ``quarters`` bundled reports (every version)."""
    from scorecard.extract import extract_report
    from scorecard.orchestration.backfill import bundled_range
    from scorecard.quarters import quarter_range

    first, _ = bundled_range()
    ends = {q.period_end.isoformat() for q in quarter_range(first, first.shift(quarters - 1))}
    pdfs = [
        pdf
        for pdf in sorted((ROOT / "samples" / "reports").glob("derby-scorecard-*.pdf"))
        if pdf.stem.removeprefix("derby-scorecard-")[:10] in ends
    ]
    started = time.process_time()
    for pdf in pdfs:
        extract_report(pdf)
    return time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quarters", type=int, default=12, help="bundled quarters (1-12)")
    parser.add_argument("--concurrency", type=int, default=1, help="task slots per worker")
    args = parser.parse_args()
    import os

    from scorecard.settings import apply_runtime_environment

    landing = tempfile.TemporaryDirectory(prefix="scorecard-bench-landing-")
    os.environ["SCORECARD_LANDING_URL"] = f"file://{landing.name}"
    apply_runtime_environment()
    n = max(1, min(args.quarters, 12))
    cpu = extraction_cpu_seconds(n)
    one = catch_up(1, n, args.concurrency, "scorecard_bench_scale_1")
    two = catch_up(2, n, args.concurrency, "scorecard_bench_scale_2")
    landing.cleanup()
    print(f"catch-up of {n} quarters, {args.concurrency} task slot(s) per worker:")
    for run in (one, two):
        spread = ", ".join(f"{name} {count}" for name, count in sorted(run.per_worker.items()))
        print(
            f"  {run.workers} worker(s): {run.seconds:7.1f} s  ({n / run.seconds * 60:5.1f} quarters/min; tasks: {spread})"
        )
    print(f"  throughput ratio (2 workers / 1): {one.seconds / two.seconds:5.2f}x")
    per_quarter = one.seconds / n
    print(
        f"  per quarter, 1 worker: {per_quarter:5.1f} s wall = extraction CPU {cpu / n:5.1f} s"
        f" + {per_quarter - cpu / n:5.1f} s the rest ({(per_quarter - cpu / n) / per_quarter:4.0%})"
    )
    for run in (one, two):
        stages = ", ".join(
            f"{task} {seconds / n:4.1f}"
            for task, seconds in sorted(run.task_seconds.items(), key=lambda i: -i[1])
        )
        print(f"  task seconds per quarter, {run.workers} worker(s): {stages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
