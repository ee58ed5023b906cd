"""Benchmark the catch-up of the bundled quarters through Airflow's real scheduler.

    uv run python bench/scheduler.py [--no-baseline]

Starts the API server, scheduler, DAG processor and triggerer (free ports, a fresh Airflow home,
a database of its own), unpauses both DAGs with the schedule set to the bundled quarters, and
times the catch-up: from unpausing until every quarter is loaded and the transform that follows
the last load has finished. It counts the transform runs the loads' ``scorecard_raw`` events
scheduled (one at a time, events folded into the next run) and what they add: their summed
duration, and the tail from the last load to the end of the last transform. The baseline, in
the same process, is ``scorecard backfill`` of the same quarters (``dag.test()``, no
scheduler) into another fresh database.

:func:`scheduler_catch_up` is the measurement alone, for other benchmark scripts to call.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "kit"))


@dataclass(frozen=True)
class CatchUp:
    quarters: int
    seconds: float
    """Unpause to the end of the transform run that followed the last load."""
    ingest_seconds: float
    """Unpause to the end of the last ingest run."""
    transform_runs: int
    transform_seconds: float
    """The transform runs' durations, summed."""
    tail_seconds: float
    """From the end of the last load to the end of the last transform."""


def _drop_database(name: str) -> None:
    import psycopg
    from psycopg import sql

    from scorecard.settings import get_settings, libpq_url

    admin = libpq_url(get_settings().warehouse_url.set(database="postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
        )


def _fresh_database(name: str) -> None:
    """An empty, migrated warehouse database ``name`` (the embedded server creates it)."""
    import os

    from scorecard import warehouse
    from scorecard.settings import apply_runtime_environment, get_settings
    from scorecard.warehouse.migrations import migrate

    _drop_database(name)
    os.environ["SCORECARD_DB_NAME"] = name
    for derived in ("AIRFLOW_CONN_SCORECARD_WAREHOUSE", "SCORECARD_DBT_DBNAME"):
        os.environ.pop(derived, None)  # dbt follows the new database too
    settings = get_settings()
    apply_runtime_environment(settings)
    warehouse.ensure_running(settings)
    migrate(settings)


def scheduler_catch_up(first: str, last: str, db_name: str, timeout: float = 3600) -> CatchUp:
    """Catch up quarters ``first``..``last`` (codes) through the scheduler into ``db_name``."""
    from airflowkit import AirflowStack

    from scorecard.quarters import Quarter, quarter_range

    _fresh_database(db_name)
    expected = len(list(quarter_range(Quarter.parse(first), Quarter.parse(last))))
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-scheduler-") as tmp:
        overrides = {
            "SCORECARD_DB_NAME": db_name,
            "SCORECARD_LANDING_URL": f"file://{tmp}/landing",
            "SCORECARD_FIRST_QUARTER": first,
            "SCORECARD_LAST_QUARTER": last,
        }
        with AirflowStack(Path(tmp) / "airflow", overrides) as stack:
            started = time.perf_counter()
            for dag_id in ("scorecard_transform", "scorecard_ingest"):
                stack.cli("dags", "unpause", dag_id)

            def ingest_done() -> bool:
                states = list(stack.runs("scorecard_ingest").values())
                if "failed" in states:
                    raise AssertionError(f"an ingest run failed: {stack.runs('scorecard_ingest')}")
                return len(states) == expected and set(states) == {"success"}

            stack.wait_for(ingest_done, f"{expected} ingest runs to succeed", timeout, every=2)
            ingest_seconds = time.perf_counter() - started
            (last_load,) = stack.query(
                "select max(end_date) from task_instance"
                " where dag_id = 'scorecard_ingest' and task_id = 'load'"
            )[0]

            def transformed() -> bool:
                rows = stack.query(
                    "select state from dag_run where dag_id = 'scorecard_transform'"
                    " and queued_at >= ? order by queued_at",
                    last_load,
                )
                return bool(rows) and all(state in {"success", "failed"} for (state,) in rows)

            stack.wait_for(transformed, "the transform after the last load", timeout, every=2)
            seconds = time.perf_counter() - started
            runs = stack.query(
                "select (julianday(end_date) - julianday(start_date)) * 86400,"
                " (julianday(end_date) - julianday(?)) * 86400"
                " from dag_run where dag_id = 'scorecard_transform'",
                last_load,
            )
    _drop_database(db_name)
    return CatchUp(
        expected,
        seconds,
        ingest_seconds,
        len(runs),
        sum(duration for duration, _ in runs),
        max(tail for _, tail in runs),
    )


def baseline_backfill(first: str, last: str, db_name: str) -> float:
    """Seconds of ``scorecard backfill`` (dag.test, no scheduler) of the same quarters."""
    from scorecard.orchestration.backfill import backfill
    from scorecard.quarters import Quarter

    _fresh_database(db_name)
    started = time.perf_counter()
    result = backfill(Quarter.parse(first), Quarter.parse(last), transform="always")
    seconds = time.perf_counter() - started
    _drop_database(db_name)
    if not result.ok:
        raise AssertionError("the baseline backfill failed")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-baseline", action="store_true", help="skip the dag.test baseline")
    args = parser.parse_args()
    import os

    from scorecard.orchestration.backfill import bundled_range
    from scorecard.settings import apply_runtime_environment

    landing = tempfile.TemporaryDirectory(prefix="scorecard-bench-landing-")
    os.environ["SCORECARD_LANDING_URL"] = f"file://{landing.name}"
    apply_runtime_environment()
    first, last = (q.code for q in bundled_range())
    base = None
    if not args.no_baseline:
        base = baseline_backfill(first, last, "scorecard_bench_dagtest")
        print(f"baseline: scorecard backfill {first}..{last} (dag.test)   {base:7.1f} s")
    catch_up = scheduler_catch_up(first, last, "scorecard_bench_scheduler")
    ratio = f"  ratio {catch_up.seconds / base:5.2f}x" if base else ""
    print(
        f"scheduler catch-up of {catch_up.quarters} quarters        "
        f"{catch_up.seconds:7.1f} s{ratio}  (ingest done at {catch_up.ingest_seconds:.1f} s, "
        f"{catch_up.transform_runs} transform run(s) taking {catch_up.transform_seconds:.1f} s "
        f"in all, the last ending {catch_up.tail_seconds:.1f} s after the last load)"
    )
    landing.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
