"""Benchmark: every hostile case against the limit that stops it, beside a real report's baseline.

    uv run python bench/security.py [--cpu-seconds 10] [--deadline 5] [--publish-wait 5]
                                    [--only NAME ...]

Each case runs in a fresh worker process (so its peak memory is its own; an isolated
extraction's or pre-scan's child is counted too) and prints: what stopped it, the time it took
and its peak memory, each as a ratio to the limit that applies and to the baseline - a real
sample report through the same path (pre-scan, isolated extraction or HTTP fetch), run in the
same session. Bombs are built by ``tests/kit/bombkit.py``; HTTP goes to a local server on
127.0.0.1 only. The warehouse cases (``lock`` path) replay a BI reader's attempts to stall the
pipeline in a scratch database: the load or publish must complete, or a publish blocked by
another session must give up within its retry budget, naming it. Exit 1 if a hostile case was
not stopped by a typed error (or a stalled step did not complete), or ran past its time limit.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "kit"))

from bombkit import (  # noqa: E402
    GIB,
    form_bomb,
    glyph_bomb,
    gzip_bomb,
    hidden_page_bomb,
    lzw_page_bomb,
    many_pages,
    overlap_bomb,
    stream_bomb,
)

from scorecard.settings.limits import Limits  # noqa: E402

SAMPLE = ROOT / "samples" / "reports" / "derby-scorecard-2018-03-31.pdf"
PERIOD = date(2018, 3, 31)

# name -> (path, build, limit that should stop it; "" for a baseline)
CASES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "baseline: sample report": ("prescan", SAMPLE.read_bytes, ""),
    "stream bomb 8 GiB": ("prescan", lambda: stream_bomb(8 * GIB), "pdf_max_inflated_bytes"),
    "form fan-out 2^23": ("prescan", lambda: form_bomb(23), "pdf_max_xobject_uses"),
    "1M glyphs": ("prescan", glyph_bomb, "pdf_max_glyphs"),
    "1 0 obj ( x 160 KB": ("prescan", overlap_bomb, "pdf_max_reread"),
    "1 0 obj ( x 1.3 MB": ("prescan", lambda: overlap_bomb(1280 * 1024), "pdf_max_reread"),
    "/type /Page + /Image bomb": ("prescan", hidden_page_bomb, "pdf_max_inflated_bytes"),
    "20,000 /type /Page pages": ("prescan", many_pages, "pdf_max_pages"),
    "LZW table bomb 110 KB": ("prescan", lzw_page_bomb, "pdf_max_inflated_bytes"),
    "baseline: sample report ": ("isolated", SAMPLE.read_bytes, ""),
    "stream bomb 8 GiB ": ("isolated", lambda: stream_bomb(8 * GIB), "extract_memory_bytes"),
    "form fan-out 2^23 ": ("isolated", lambda: form_bomb(23), "extract_cpu_seconds"),
    "1M glyphs ": ("isolated", glyph_bomb, "extract_*"),
    "baseline: sample over HTTP": ("fetch", SAMPLE.read_bytes, ""),
    "gzip,gzip 10 GiB body": ("fetch", lambda: gzip_bomb(10 * GIB), "fetch_max_bytes"),
    "1 byte a second": ("fetch", SAMPLE.read_bytes, "fetch_deadline_seconds"),
    "redirect loop": ("fetch", SAMPLE.read_bytes, "max_redirects"),
    "redirect to metadata": ("fetch", SAMPLE.read_bytes, "public-address"),
    "1 0 obj ( x 160 KB ": ("fetch", overlap_bomb, "pdf_max_reread"),
    "/type /Page + /Image bomb ": ("fetch", hidden_page_bomb, "pdf_max_inflated_bytes"),
    "redirect to NAT64 metadata": ("fetch", SAMPLE.read_bytes, "public-address"),
    "baseline: a load": ("lock", SAMPLE.read_bytes, ""),
    "reader holds old keys: load": ("lock", SAMPLE.read_bytes, "completed"),
    "reader holds old keys: publish": ("lock", SAMPLE.read_bytes, "completed"),
    "BI read held open: publish": ("lock", SAMPLE.read_bytes, "completed"),
    "publish lock held: publish": ("lock", SAMPLE.read_bytes, "PublishBlocked"),
}


def _fetch(name: str, body: bytes, limits: Limits, tmp: Path) -> str:
    """Serve ``body`` (as the case wants) on 127.0.0.1 and fetch it; the outcome's name."""
    from fetchkit import Reply, ScriptedServer

    from scorecard.ingest.fetch import FetchOptions, fetch_report
    from scorecard.settings import get_settings

    server = ScriptedServer()
    path = "/report.pdf"
    if name.startswith("gzip"):
        server.script(path, Reply(200, body, {"Content-Encoding": "gzip, gzip"}))
    elif name.startswith("1 byte"):
        server.script(path, Reply(200, body, trickle=1.0))
    elif name == "redirect loop":
        server.redirect(path, "/again")
        server.redirect("/again", path)
    elif name == "redirect to NAT64 metadata":
        server.redirect(path, "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/")
    elif name.startswith("redirect to"):
        server.redirect(path, "http://169.254.169.254/latest/meta-data/")
    else:
        server.script(path, Reply(200, body))
    (tmp / "sources.yml").write_text(f"allow_http: true\ntemplate: {server.url(path)}\n")
    allowed = dataclasses.replace(limits, fetch_allow_addresses=("127.0.0.1",))
    settings = dataclasses.replace(
        get_settings(),
        landing_url=f"file://{tmp / 'landing'}",
        sources_file=tmp / "sources.yml",
        limits=allowed,
    )
    try:
        fetch_report(PERIOD, settings=settings, options=FetchOptions.from_limits(allowed))
        return "landed"
    finally:
        server.close()


def _warehouse(name: str) -> tuple[str, float]:
    """A BI reader's attempt to stall a load or a publish, in a scratch database: the step's
    outcome and seconds (the database is made and the locks are taken before it starts)."""
    import psycopg
    from dbtkit import drop_database, on_database, recreate_database
    from gatekit import attest, role_url
    from samplekit import cached_extraction

    from scorecard.errors import ScorecardError
    from scorecard.load import load_extraction
    from scorecard.settings import get_settings
    from scorecard.transform.publish import publish_marts
    from scorecard.warehouse import ensure_running
    from scorecard.warehouse.migrations import migrate

    base = get_settings()
    ensure_running(base)
    database = f"{base.db_name}_bench_locks"
    recreate_database(base, database)
    held: list[psycopg.Connection] = []  # type: ignore[type-arg]
    try:
        with on_database(database) as settings:
            migrate(settings)
            extraction = cached_extraction(SAMPLE)
            attest(settings, extraction)
            if "old keys" in name:
                held.append(psycopg.connect(role_url("reader"), autocommit=True))
                for key in ("7311004", "7311005", "7311005, 20180331"):
                    held[-1].execute(f"select pg_advisory_lock({key})")
            if "publish" in name:
                with psycopg.connect(role_url("transformer"), autocommit=True) as dbt:
                    dbt.execute("create schema marts_audit")
                    for schema in ("marts", "marts_audit"):
                        dbt.execute(f"create table {schema}.dim_measure as select 1 as id")
            if "BI read" in name:
                held.append(psycopg.connect(role_url("reader")))
                held[-1].execute("select count(*) from marts.dim_measure").fetchall()
            if "lock held" in name:
                held.append(psycopg.connect(role_url("transformer"), application_name="bench hog"))
                held[-1].execute("select from audit.publish_lock for update")
            start, outcome = time.perf_counter(), "completed"
            try:
                if "publish" in name:
                    publish_marts(settings)
                else:
                    load_extraction(extraction, source_uri=SAMPLE.as_uri(), pdf=SAMPLE)
            except ScorecardError as error:
                outcome = f"{type(error).__name__}: {str(error)[:200]}"
            return outcome, time.perf_counter() - start
    finally:
        for conn in held:
            conn.close()
        drop_database(base, database)


def worker(name: str, limits: Limits) -> dict[str, object]:
    """Run one case here; its outcome, seconds and peak memory (this process and children)."""
    from scorecard.errors import ScorecardError
    from scorecard.extract import ExtractionError
    from scorecard.ingest.fetch import FetchError
    from scorecard.pdf.isolation import extract_isolated
    from scorecard.pdf.scan import check

    path_kind, build, _ = CASES[name]
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-") as tmpdir:
        tmp = Path(tmpdir)
        if path_kind == "fetch":  # Airflow's start-up (for the landing area) is not the fetch's
            from scorecard.settings import apply_runtime_environment

            apply_runtime_environment()
            from airflow.sdk import ObjectStoragePath

            warm = ObjectStoragePath(f"file://{tmp}/warm.txt")
            warm.write_text("warm")
            warm.unlink()
        body = build()
        pdf = tmp / "case.pdf"
        pdf.write_bytes(body)
        start = time.perf_counter()
        try:
            if path_kind == "prescan":
                check(pdf, limits)
                outcome = "passed"
            elif path_kind == "isolated":
                extract_isolated(pdf, limits=limits, prescan=False)
                outcome = "extracted"
            elif path_kind == "lock":
                outcome, elapsed = _warehouse(name)
                start = time.perf_counter() - elapsed
            else:
                outcome = _fetch(name, body, limits, tmp)
        except (ExtractionError, FetchError, ScorecardError) as error:
            stopped = getattr(error, "limit", None) or getattr(error, "rule", None) or ""
            outcome = f"{type(error).__name__} {stopped}".strip()
            if isinstance(error, ScorecardError) and not stopped:
                outcome += f": {str(error)[:60]}"
        seconds = time.perf_counter() - start
    peak_kib = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return {"outcome": outcome, "seconds": seconds, "peak_mib": peak_kib / 1024}


def _time_limit(name: str, path_kind: str, limits: Limits) -> float:
    if path_kind == "lock":
        from scorecard.settings import get_settings

        sessions = get_settings().sessions
        return (
            sessions.publish_wait_seconds if "publish" in name else sessions.pipeline_lock_seconds
        )
    return limits.extract_wall_seconds if path_kind != "fetch" else limits.fetch_deadline_seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu-seconds", type=float, default=10.0, help="extraction CPU limit")
    parser.add_argument("--deadline", type=float, default=5.0, help="fetch deadline (s)")
    parser.add_argument("--publish-wait", type=float, default=5.0, help="publish retry budget (s)")
    parser.add_argument("--only", nargs="*", help="case names to run (default: all)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    limits = dataclasses.replace(
        Limits.from_env(),
        extract_cpu_seconds=args.cpu_seconds,
        extract_wall_seconds=max(3 * args.cpu_seconds, 30.0),
        fetch_deadline_seconds=args.deadline,
    )
    os.environ["SCORECARD_PUBLISH_WAIT_SECONDS"] = str(args.publish_wait)
    if args.worker:
        print(json.dumps(worker(args.worker, limits)))
        return 0
    print(
        f"limits: extraction {limits.extract_cpu_seconds:g} s CPU, "
        f"{limits.extract_wall_seconds:g} s wall, {limits.extract_memory_bytes >> 20} MiB; "
        f"fetch {limits.fetch_deadline_seconds:g} s, {limits.fetch_max_bytes >> 20} MiB"
    )
    header = f"{'case':28} {'path':8} {'stopped by':34} {'s':>7} {'/limit':>7} {'/base':>7}"
    print(header + f" {'MiB':>7} {'/limit':>7} {'/base':>7}")
    failures = 0
    baseline: dict[str, dict[str, float]] = {}
    for name, (path_kind, _, expected) in CASES.items():
        if args.only and name.strip() not in args.only and not name.startswith("baseline"):
            continue
        command = [sys.executable, __file__, "--worker", name]
        command += ["--cpu-seconds", str(args.cpu_seconds), "--deadline", str(args.deadline)]
        command += ["--publish-wait", str(args.publish_wait)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        lines = done.stdout.strip().splitlines()
        if done.returncode != 0 or not lines:
            print(f"{name:28} {path_kind:8} worker failed: {done.stderr.strip()[-200:]}")
            failures += 1
            continue
        result = json.loads(lines[-1])
        seconds, peak = float(result["seconds"]), float(result["peak_mib"])
        if not expected:
            baseline[path_kind] = {"seconds": seconds, "peak": peak}
        base = baseline.get(path_kind, {"seconds": seconds, "peak": peak})
        time_limit = _time_limit(name, path_kind, limits)
        memory_limit = limits.extract_memory_bytes / 2**20
        print(
            f"{name.strip():28} {path_kind:8} {str(result['outcome'])[:34]:34} "
            f"{seconds:7.2f} {seconds / time_limit:7.3f} {seconds / base['seconds']:7.1f} "
            f"{peak:7.0f} {peak / memory_limit:7.3f} {peak / base['peak']:7.2f}"
        )
        stopped = str(result["outcome"]) not in ("passed", "extracted", "landed")
        if path_kind == "lock":
            stopped = expected != "" and str(result["outcome"]).startswith(expected)
        if expected and (not stopped or seconds > 1.1 * time_limit + 1):
            failures += 1
    print(
        "s/limit: time over the path's time limit (extraction wall time, fetch deadline, the "
        "pipeline lock timeout for a load, the retry budget for a publish);"
    )
    print("MiB/limit: peak memory over the extraction memory limit; /base: over the baseline")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
