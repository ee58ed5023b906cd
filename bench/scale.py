"""Benchmark the scale-out: a catch-up on Airflow's CeleryExecutor with one worker, then two.

    uv run python bench/scale.py [--quarters N] [--councils 1|2] [--concurrency C]

Each run starts Airflow with its CeleryExecutor on this machine (the API server, scheduler, DAG
processor and triggerer, Debian's redis-server, ``airflow celery worker`` processes with ``C``
task slots each: the commands of ``make airflow-celery``) on a fresh Airflow home and a fresh
database, unpauses the ingest DAG with the schedule set to ``N`` of the bundled quarters (at
most 12) and a sources file of two councils (the bundled Derby samples and the made-up
Northfield's four quarters of 2017/18; its other quarters end at once as not available), and
times from unpausing until every quarter's run has succeeded. A unit of work is a
council-quarter with a report. The one-worker run is the baseline of the same process. It
prints:

- the throughput ratio (council-quarters per second with two workers over one);
- per council-quarter: the wall time with one worker, the extraction's own CPU time (pdfplumber on the
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


COUNCILS = {
    "Derby City Council": ROOT / "samples" / "reports" / "derby-scorecard-{period_end}.pdf",
    "Northfield Borough Council": (
        ROOT / "samples" / "councils" / "northfield" / "northfield-scorecard-{period_end}.pdf"
    ),
}


def sources_file(folder: Path, councils: int) -> Path:
    """A sources file of the first ``councils`` councils (see the module docstring)."""
    lines = ["version: 1", "councils:"]
    for name, template in list(COUNCILS.items())[:councils]:
        lines += [f"  - name: {name}", f"    template: {template}"]
    path = folder / "sources.yml"
    path.write_text("\n".join(lines) + "\n")
    return path


def report_files(quarters: int, councils: int) -> list[Path]:
    """The PDFs of the catch-up: every version of each council-quarter that has a report."""
    from scorecard.orchestration.backfill import bundled_range
    from scorecard.quarters import quarter_range

    first, _ = bundled_range()
    ends = {q.period_end.isoformat() for q in quarter_range(first, first.shift(quarters - 1))}
    found = []
    for template in list(COUNCILS.values())[:councils]:
        prefix = template.name.split("{")[0]
        for pdf in sorted(template.parent.glob(f"{prefix}*.pdf")):
            if pdf.stem.removeprefix(prefix)[:10] in ends:
                found.append(pdf)
    return found


def units(quarters: int, councils: int) -> int:
    """Council-quarters with a report (a re-issue is a second version, not a unit)."""
    return len(
        {
            pdf.stem[:-3] if pdf.stem.endswith("-v2") else pdf.stem
            for pdf in report_files(quarters, councils)
        }
    )


def catch_up(workers: int, quarters: int, concurrency: int, db_name: str, councils: int = 2) -> Run:
    """The catch-up of the first ``quarters`` bundled quarters with ``workers`` Celery workers."""
    from celerykit import CeleryStack

    from scheduler import _drop_database, _fresh_database
    from scorecard.orchestration.backfill import bundled_range

    first, _ = bundled_range()
    last = first.shift(quarters - 1)
    _fresh_database(db_name)
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-scale-") as tmp:
        overrides = {
            "SCORECARD_SOURCES": str(sources_file(Path(tmp), councils)),
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


def extraction_cpu_seconds(quarters: int, councils: int) -> float:
    """CPU seconds of extracting the catch-up's reports (every version)."""
    from scorecard.extract import extract_report

    started = time.process_time()
    for pdf in report_files(quarters, councils):
        extract_report(pdf)
    return time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quarters", type=int, default=12, help="bundled quarters (1-12)")
    parser.add_argument("--councils", type=int, default=2, choices=(1, 2), help="councils")
    parser.add_argument("--concurrency", type=int, default=1, help="task slots per worker")
    args = parser.parse_args()
    import os

    from scorecard.settings import apply_runtime_environment

    landing = tempfile.TemporaryDirectory(prefix="scorecard-bench-landing-")
    os.environ["SCORECARD_LANDING_URL"] = f"file://{landing.name}"
    apply_runtime_environment()
    q = max(1, min(args.quarters, 12))
    n = units(q, args.councils)
    cpu = extraction_cpu_seconds(q, args.councils)
    one = catch_up(1, q, args.concurrency, "scorecard_bench_scale_1", args.councils)
    two = catch_up(2, q, args.concurrency, "scorecard_bench_scale_2", args.councils)
    landing.cleanup()
    print(
        f"catch-up of {q} quarters x {args.councils} council(s) = {n} council-quarters with a"
        f" report, {args.concurrency} task slot(s) per worker:"
    )
    for run in (one, two):
        spread = ", ".join(f"{name} {count}" for name, count in sorted(run.per_worker.items()))
        print(
            f"  {run.workers} worker(s): {run.seconds:7.1f} s  ({n / run.seconds * 60:5.1f} council-quarters/min; tasks: {spread})"
        )
    print(f"  throughput ratio (2 workers / 1): {one.seconds / two.seconds:5.2f}x")
    per_quarter = one.seconds / n
    print(
        f"  per council-quarter, 1 worker: {per_quarter:5.1f} s wall = extraction CPU {cpu / n:5.1f} s"
        f" + {per_quarter - cpu / n:5.1f} s the rest ({(per_quarter - cpu / n) / per_quarter:4.0%})"
    )
    for run in (one, two):
        stages = ", ".join(
            f"{task} {seconds / n:4.1f}"
            for task, seconds in sorted(run.task_seconds.items(), key=lambda i: -i[1])
        )
        print(f"  task seconds per council-quarter, {run.workers} worker(s): {stages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
