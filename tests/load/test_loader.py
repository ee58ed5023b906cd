"""Loading into raw: idempotent, atomic, re-issues kept as history, one quarter at a time.

Most tests here load with ``require_validated=False`` (as the owner) to exercise the loader
alone; the gate (validation before load) is tested end to end in ``test_load_gate.py`` and in the
first test, and the kill -9 test loads as the loader role through the validated path.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from samplekit import BASE_SAMPLE, SAMPLES_DIR, dump_schema
from sqlalchemy.engine import URL

from scorecard.load import Loader, LoadResult, load_extraction
from scorecard.settings import Settings
from scorecard.validate import validate_extraction
from scorecard.warehouse.rows import extractor_version

V1, V2 = "derby-scorecard-2018-09-30", "derby-scorecard-2018-09-30-v2"
Connect = Callable[[URL], psycopg.Connection[Any]]
Attest = Callable[..., str]


def _load(extraction: dict[str, Any], name: str, **kwargs: Any) -> LoadResult:
    return load_extraction(
        extraction, source_uri=f"file:///samples/{name}.pdf", require_validated=False, **kwargs
    )


def _scalar(connect: Connect, settings: Settings, query: str, *params: Any) -> Any:
    with connect(settings.warehouse_url) as conn:
        row = conn.execute(query, params).fetchone()
    return row[0] if row else None


def test_all_samples_validate_load_and_reload_identically(
    scratch_warehouse: Settings, sample_extractions: dict[str, dict[str, Any]], connect: Connect
) -> None:
    def load_all() -> list[LoadResult]:
        results = []
        for stem, extraction in sample_extractions.items():
            uri = f"file:///samples/{stem}.pdf"
            validate_extraction(extraction, source_uri=uri)
            results.append(
                load_extraction(extraction, source_uri=uri, pdf=SAMPLES_DIR / f"{stem}.pdf")
            )
        return results

    first = load_all()
    assert {r.outcome for r in first} <= {"inserted", "superseded", "older"}
    before = dump_schema(scratch_warehouse, "raw")
    second = load_all()
    assert {r.outcome for r in second} == {"unchanged"}
    assert dump_schema(scratch_warehouse, "raw") == before

    measures = sum(len(e["measures"]) for e in sample_extractions.values())
    periods = {e["report"]["period_end"] for e in sample_extractions.values()}
    assert len(before["reports"]) == len(sample_extractions)
    assert len(before["measures"]) == measures
    current = _scalar(
        connect, scratch_warehouse, "select count(*) from raw.reports where is_current"
    )
    assert current == len(periods)


def test_loaded_rows_carry_every_field(
    scratch_warehouse: Settings, sample_extractions: dict[str, dict[str, Any]], connect: Connect
) -> None:
    extraction = sample_extractions[BASE_SAMPLE]
    result = _load(extraction, BASE_SAMPLE, fetched_at=None)
    assert (result.outcome, result.rows, result.is_current) == (
        "inserted",
        len(extraction["measures"]),
        True,
    )
    with connect(scratch_warehouse.warehouse_url) as conn, conn.cursor() as cursor:
        cursor.execute("select * from raw.measures order by measure_ordinal")
        names = [c.name for c in cursor.description or []]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        report = conn.execute(
            "select measure_count, page_count, extractor_version, time_fetched::text"
            " from raw.reports"
        ).fetchone()
    assert report == (
        len(extraction["measures"]),
        extraction["report"]["page_count"],
        extractor_version(),
        extraction["report"]["time_fetched"].replace("T", " "),
    )
    for ordinal, (row, measure) in enumerate(zip(rows, extraction["measures"], strict=True), 1):
        assert row["measure_ordinal"] == ordinal
        for key, value in measure.items():
            stored = row[key]
            if key.endswith(("_target", "_actual")) and value is not None:
                stored = float(stored)
            assert stored == value, (measure["measure_code"], key)
        assert (row["first_page"], row["last_page"]) == (
            min(measure["pages"]),
            max(measure["pages"]),
        )


def test_reissue_supersedes_and_keeps_history(
    scratch_warehouse: Settings, sample_extractions: dict[str, dict[str, Any]], connect: Connect
) -> None:
    first = _load(sample_extractions[V1], V1)
    second = _load(sample_extractions[V2], V2)
    assert first.outcome == "inserted"
    assert second.outcome == "superseded" and second.superseded == (first.report_sha256,)
    with connect(scratch_warehouse.warehouse_url) as conn:
        reports = conn.execute(
            "select report_sha256, is_current, superseded_by from raw.reports order by time_fetched"
        ).fetchall()
        supersessions = conn.execute(
            "select period_end::text, superseded_sha256, superseding_sha256"
            " from raw.report_supersessions"
        ).fetchall()
        per_report = dict(
            conn.execute("select report_sha256, count(*) from raw.measures group by 1").fetchall()
        )
    assert reports == [
        (first.report_sha256, False, second.report_sha256),
        (second.report_sha256, True, None),
    ]
    assert supersessions == [("2018-09-30", first.report_sha256, second.report_sha256)]
    assert per_report == {first.report_sha256: first.rows, second.report_sha256: second.rows}


def test_reissue_loaded_before_the_original(
    scratch_warehouse: Settings, sample_extractions: dict[str, dict[str, Any]], connect: Connect
) -> None:
    later = _load(sample_extractions[V2], V2)
    earlier = _load(sample_extractions[V1], V1)
    assert later.outcome == "inserted" and earlier.outcome == "older"
    assert not earlier.is_current
    current = _scalar(
        connect, scratch_warehouse, "select report_sha256 from raw.reports where is_current"
    )
    assert current == later.report_sha256
    superseded_by = _scalar(
        connect,
        scratch_warehouse,
        "select superseded_by from raw.reports where report_sha256 = %s",
        earlier.report_sha256,
    )
    assert superseded_by == later.report_sha256


class Boom(RuntimeError):
    pass


def _explode_at_half(done: int, total: int) -> None:
    if done == total // 2:
        raise Boom(f"injected failure after {done} of {total} rows")


def test_exception_half_way_leaves_previous_state_and_next_load_works(
    scratch_warehouse: Settings, sample_extractions: dict[str, dict[str, Any]]
) -> None:
    _load(sample_extractions[V1], V1)
    before = dump_schema(scratch_warehouse, "raw")
    with pytest.raises(Boom):
        _load(sample_extractions[V2], V2, hook=_explode_at_half)
    assert dump_schema(scratch_warehouse, "raw") == before
    assert _load(sample_extractions[V2], V2).outcome == "superseded"


_KILLED_LOADER = """
import json, pathlib, sys, time
from scorecard.load import load_extraction

data = json.loads(pathlib.Path(sys.argv[1]).read_text())
marker = pathlib.Path(sys.argv[2])
pdf = pathlib.Path(sys.argv[3])

def pause_half_way(done, total):
    if done == total // 2:
        marker.write_text(str(done))
        time.sleep(600)

load_extraction(data, source_uri="file:///killed.pdf", pdf=pdf, hook=pause_half_way)
"""


def test_killed_process_mid_transaction_leaves_previous_state(
    scratch_warehouse: Settings,
    sample_extractions: dict[str, dict[str, Any]],
    tmp_path: Path,
    connect: Connect,
    attest: Attest,
) -> None:
    """As the loader role, through the validated path."""
    _load(sample_extractions[V1], V1)
    attest(sample_extractions[V2])
    before = dump_schema(scratch_warehouse, "raw")
    source = tmp_path / "v2.json"
    source.write_text(json.dumps(sample_extractions[V2]))
    marker = tmp_path / "paused"
    pdf = SAMPLES_DIR / f"{V2}.pdf"
    process = subprocess.Popen(
        [sys.executable, "-c", _KILLED_LOADER, str(source), str(marker), str(pdf)]
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, "the loader exited before pausing"
            assert time.monotonic() < deadline, "the loader never reached the pause"
            time.sleep(0.05)
        with connect(scratch_warehouse.loader_url) as conn:  # a role sees its own sessions
            row = conn.execute(
                "select count(*) from pg_stat_activity where datname = current_database()"
                " and usename = current_user and xact_start is not null"
                " and pid <> pg_backend_pid()"
            ).fetchone()
        in_transaction = row[0] if row else None
        assert in_transaction == 1, "the load should be paused inside its transaction"
    finally:
        process.kill()  # SIGKILL: no cleanup in the client at all
        process.wait()
    _wait_for_backend_gone(connect, scratch_warehouse)
    assert dump_schema(scratch_warehouse, "raw") == before
    assert _load(sample_extractions[V2], V2).outcome == "superseded"


def _wait_for_backend_gone(connect: Connect, settings: Settings) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        busy = _scalar(
            connect,
            settings,
            "select count(*) from pg_stat_activity where datname = current_database()"
            " and usename = %s",
            settings.loader_role,
        )
        if busy == 0:
            return
        time.sleep(0.1)
    raise AssertionError("the killed loader's backend did not go away")


def test_concurrent_loads_of_one_quarter_are_serialised(
    scratch_warehouse: Settings, sample_extractions: dict[str, dict[str, Any]], connect: Connect
) -> None:
    results: list[LoadResult] = []
    errors: list[BaseException] = []

    def run(stem: str) -> None:
        try:
            results.append(_load(sample_extractions[stem], stem))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(stem,)) for stem in (V1, V2, V1, V2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(r.outcome for r in results).count("unchanged") == 2
    with connect(scratch_warehouse.warehouse_url) as conn:
        rows = conn.execute(
            "select is_current, superseded_by is null from raw.reports order by time_fetched"
        ).fetchall()
        supersessions = conn.execute("select count(*) from raw.report_supersessions").fetchone()
    assert rows == [(False, False), (True, True)]
    assert supersessions == (1,)


def test_loader_connection_survives_a_failed_report(
    scratch_warehouse: Settings, sample_extractions: dict[str, dict[str, Any]]
) -> None:
    with Loader() as loader:
        with pytest.raises(Boom):
            loader.load(
                sample_extractions[V1],
                source_uri="file:///v1.pdf",
                require_validated=False,
                hook=_explode_at_half,
            )
        assert dump_schema(scratch_warehouse, "raw")["reports"] == []
        first = loader.load(
            sample_extractions[V1], source_uri="file:///v1.pdf", require_validated=False
        )
        second = loader.load(
            sample_extractions[V2], source_uri="file:///v2.pdf", require_validated=False
        )
    assert (first.outcome, second.outcome) == ("inserted", "superseded")
