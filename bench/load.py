"""Benchmark of the validate and load stages: ``uv run python bench/load.py``.

Measures, against the embedded PostgreSQL, in throw-away databases (``<db>_bench_*``, dropped
at the end) and a temporary landing folder:

1. validation: the first call in a process (``import great_expectations`` + context), then one
   report warm, then every sample report;
2. load: one report, then every sample (each one transaction through the loader role);
3. throughput on a synthetic set 100x the samples (every sample copied 100 times with its own
   sha256 and a later ``time_fetched``, built in memory, never committed): the loader
   (``load_extraction``: lock, COPY via temp table, currency) against a plain ``executemany``
   insert of the same report and measure rows, one transaction per report, measured in the same
   run; and the bare insert methods (one COPY vs one ``executemany`` of all rows).

Extraction time is not included (see the extractor's own figures); inputs are the truth JSONs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import psycopg

from scorecard import warehouse as wh
from scorecard.settings import PROJECT_DIR, Settings, get_settings, libpq_url

sys.path.insert(0, str(PROJECT_DIR / "tests" / "kit"))

SAMPLES = PROJECT_DIR / "samples" / "reports"
ROUNDS = 3
"""Rounds of the throughput comparison (alternating methods, best of each kept)."""


def timed(function: Callable[[], Any]) -> float:
    """Wall seconds of one call."""
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def samples() -> dict[str, dict[str, Any]]:
    """The sample extractions (truth JSON), by file stem."""
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(SAMPLES.glob("derby-scorecard-*.json"))
    }


def synthetic(reports: dict[str, dict[str, Any]], copies: int) -> list[dict[str, Any]]:
    """``copies`` variants of every report: own sha256, time_fetched one minute later each."""
    out = []
    for copy in range(copies):
        for extraction in reports.values():
            data = json.loads(json.dumps(extraction))
            report = data["report"]
            report["source_sha256"] = hashlib.sha256(
                f"{copy}:{report['source_sha256']}".encode()
            ).hexdigest()
            fetched = datetime.fromisoformat(report["time_fetched"]) + timedelta(minutes=copy)
            report["time_fetched"] = fetched.isoformat()
            out.append(data)
    return out


@contextmanager
def bench_database(suffix: str) -> Iterator[Settings]:
    """A fresh migrated database for one measurement; dropped afterwards."""
    from dbtkit import drop_database, on_database, recreate_database

    from scorecard.warehouse.migrations import migrate

    base = get_settings()
    name = f"{base.db_name}_bench_{suffix}"
    recreate_database(base, name)
    try:
        with on_database(name) as settings:
            migrate(settings)
            yield settings
    finally:
        drop_database(base, name)


def bench_validation(reports: dict[str, dict[str, Any]], settings: Settings) -> dict[str, float]:
    """Cold first validation, one warm, all samples (audit rows recorded, as in production)."""
    from scorecard.validate import validate_extraction

    first = next(iter(reports.values()))

    def validate(extraction: dict[str, Any]) -> None:
        validate_extraction(extraction, source_uri="file:///bench.pdf", settings=settings)

    cold = timed(lambda: validate(first))
    warm = statistics.median(timed(lambda: validate(first)) for _ in range(3))

    def validate_all() -> None:
        for extraction in reports.values():
            validate(extraction)

    every = timed(validate_all)
    return {"validate_cold_s": cold, "validate_one_s": warm, "validate_all_s": every}


def bench_load(reports: dict[str, dict[str, Any]]) -> dict[str, float]:
    """One report, then all samples, each in a fresh database."""
    from scorecard.load import load_extraction

    first = next(iter(reports.values()))
    with bench_database("one") as settings:
        one = timed(
            lambda: load_extraction(
                first, source_uri="file:///b.pdf", settings=settings, require_validated=False
            )
        )
    with bench_database("all") as settings:
        every = timed(
            lambda: [
                load_extraction(
                    e, source_uri="file:///b.pdf", settings=settings, require_validated=False
                )
                for e in reports.values()
            ]
        )
    return {"load_one_s": one, "load_all_s": every}


def bench_throughput(reports: list[dict[str, Any]]) -> dict[str, float]:
    """Loader vs plain executemany on the same synthetic reports; bare COPY vs executemany."""
    from scorecard.load import Loader, load_extraction
    from scorecard.warehouse.rows import (
        MEASURE_COLUMNS,
        REPORT_COLUMNS,
        extractor_version,
        measure_rows,
        report_row,
    )

    version = extractor_version()
    rows = sum(len(r["measures"]) for r in reports)

    def with_loader(settings: Settings) -> None:
        with Loader(settings) as loader:
            for r in reports:
                loader.load(r, source_uri="file:///s.pdf", require_validated=False)

    measure_insert = (
        f"insert into raw.measures ({', '.join(MEASURE_COLUMNS)})"
        f" values ({', '.join(['%s'] * len(MEASURE_COLUMNS))})"
    )
    report_insert = (
        f"insert into raw.reports ({', '.join(REPORT_COLUMNS)})"
        f" values ({', '.join(['%s'] * len(REPORT_COLUMNS))})"
    )
    prepared = [
        (
            report_row(r, source_uri="file:///s.pdf", fetched_at=None, version=version),
            measure_rows(r),
        )
        for r in reports
    ]

    def executemany_per_report(settings: Settings) -> None:
        # as the owner, like the loads above without validation (the loader role needs one)
        with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
            for report, measures in prepared:
                with conn.transaction(), conn.cursor() as cursor:
                    cursor.execute(report_insert, report)
                    cursor.executemany(measure_insert, measures)

    def load_each(settings: Settings) -> None:
        for r in reports:
            load_extraction(
                r, source_uri="file:///s.pdf", settings=settings, require_validated=False
            )

    # alternate the methods and keep each one's best of ROUNDS: the machine is shared, so a
    # single sequential pass would credit one method with whatever else was running at the time
    best: dict[str, float] = {}
    methods: dict[str, Callable[[Settings], None]] = {
        "loader": with_loader,
        "executemany": executemany_per_report,
        "each": load_each,
    }
    for round_ in range(ROUNDS):
        for name, method in methods.items():
            if name == "each" and round_:
                continue  # slow and only illustrative: one round
            with bench_database(name) as settings:
                seconds = timed(partial(method, settings))
            best[name] = min(best.get(name, seconds), seconds)
    loader_s, executemany_s, each_s = best["loader"], best["executemany"], best["each"]

    all_rows = [row for _, measures in prepared for row in measures]
    with bench_database("bare") as settings:
        copy_s, many_s = bare_insert(settings, all_rows, MEASURE_COLUMNS)
    return {
        "synthetic_reports": len(reports),
        "synthetic_rows": rows,
        "loader_s": loader_s,
        "loader_rows_per_s": rows / loader_s,
        "loader_each_s": each_s,
        "loader_each_rows_per_s": rows / each_s,
        "executemany_s": executemany_s,
        "executemany_rows_per_s": rows / executemany_s,
        "bare_copy_rows_per_s": len(all_rows) / copy_s,
        "bare_executemany_rows_per_s": len(all_rows) / many_s,
    }


def bare_insert(
    settings: Settings, rows: list[tuple[Any, ...]], columns: tuple[str, ...]
) -> tuple[float, float]:
    """Seconds to put ``rows`` into an unconstrained table: one COPY, then one executemany."""
    names = ", ".join(columns)
    with psycopg.connect(libpq_url(settings.warehouse_url)) as conn:
        conn.execute("create table bench_copy (like raw.measures)")
        conn.execute("create table bench_many (like raw.measures)")
        conn.commit()

        def copy() -> None:
            with conn.cursor() as cursor, cursor.copy(f"copy bench_copy ({names}) from stdin") as c:
                for row in rows:
                    c.write_row(row)
            conn.commit()

        def many() -> None:
            with conn.cursor() as cursor:
                cursor.executemany(
                    f"insert into bench_many ({names}) values ({', '.join(['%s'] * len(columns))})",
                    rows,
                )
            conn.commit()

        return timed(copy), timed(many)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100, help="synthetic multiplier (100)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)

    reports = samples()
    if not reports:
        print(f"no samples in {SAMPLES}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as landing:
        os.environ["SCORECARD_LANDING_URL"] = f"file://{landing}"
        wh.ensure_running()
        figures: dict[str, float] = {"samples": len(reports)}
        with bench_database("validate") as settings:
            figures |= bench_validation(reports, settings)
        figures |= bench_load(reports)
        figures |= bench_throughput(synthetic(reports, args.copies))
    report(figures)
    if args.json:
        print(json.dumps(figures, indent=2))
    return 0


def report(f: dict[str, float]) -> None:
    """Print the figures and the ratios."""
    print(f"samples: {int(f['samples'])} reports")
    print(
        f"validate: first call {f['validate_cold_s']:.1f}s (GX import + context), "
        f"one report {f['validate_one_s']:.2f}s, all samples {f['validate_all_s']:.1f}s"
    )
    print(
        f"load: one report {f['load_one_s']:.3f}s (incl. migrations check), "
        f"all samples {f['load_all_s']:.2f}s"
    )
    print(f"synthetic: {int(f['synthetic_reports'])} reports, {int(f['synthetic_rows'])} rows")
    print(
        f"  Loader (lock + COPY via temp + currency, 1 tx/report, one shared connection): "
        f"{f['loader_rows_per_s']:,.0f} rows/s ({f['loader_s']:.1f}s)"
    )
    print(
        f"  load_extraction (same, one new connection per report): "
        f"{f['loader_each_rows_per_s']:,.0f} rows/s ({f['loader_each_s']:.1f}s)"
    )
    print(
        f"  plain executemany (1 tx/report, one shared connection): "
        f"{f['executemany_rows_per_s']:,.0f} rows/s ({f['executemany_s']:.1f}s)"
    )
    print(
        f"  ratio loader/executemany: {f['loader_rows_per_s'] / f['executemany_rows_per_s']:.2f}x"
    )
    print(
        f"  bare insert of all rows: COPY {f['bare_copy_rows_per_s']:,.0f} rows/s vs "
        f"executemany {f['bare_executemany_rows_per_s']:,.0f} rows/s "
        f"({f['bare_copy_rows_per_s'] / f['bare_executemany_rows_per_s']:.1f}x)"
    )


if __name__ == "__main__":
    sys.exit(main())
