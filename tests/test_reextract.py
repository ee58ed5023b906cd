"""Re-extraction when the extractor improves (the ingest DAG's re-extraction path, whose steps
``scorecard reextract`` runs), against the real embedded PostgreSQL and a landing area on disk.

Reports loaded by an older extractor are simulated by loading, under extractor version
"1.0.0", what such an extractor produced: the current extraction with a ligature left in a
title (changed data), the current extraction itself (same data), and a report the current
extractor refuses.
"""

from __future__ import annotations

import copy
import hashlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from samplekit import SAMPLES_DIR, dump_schema
from tests.extract.pdfs import measure, scorecard_pdf

from scorecard.cli import main
from scorecard.extract import EXTRACTOR_VERSION
from scorecard.load import load_extraction
from scorecard.load.provenance import reextraction_key
from scorecard.orchestration.reextract import find_outdated, reextract_quarters
from scorecard.quarters import Quarter
from scorecard.settings import Settings, libpq_url

OLD = "1.0.0"


def _land(pdf: Path, period_end: date) -> str:
    """Land a file for a quarter as the fetch stage does (file under its sha256, manifest)."""
    from scorecard.ingest.landing import (
        LandedReport,
        landing_root,
        load_manifest,
        save_manifest,
        store_report,
    )

    root = landing_root()
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    path = store_report(root, pdf, sha)
    manifest = load_manifest(root, period_end)
    manifest.versions.append(
        LandedReport(
            period_end, sha, str(path), f"https://example.org/{pdf.name}",
            len(manifest.versions) + 1, pdf.stat().st_size, datetime(2018, 6, 4, tzinfo=UTC),
        )
    )  # fmt: skip
    save_manifest(root, manifest)
    return sha


def _load_old(data: dict[str, Any]) -> None:
    """Load an extraction as the older extractor's output (validated in its day)."""
    load_extraction(
        data, source_uri="https://example.org/old.pdf", version=OLD, require_validated=False
    )


def _reports(settings: Settings) -> dict[str, tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(libpq_url(settings.loader_url)) as conn:
        rows = conn.execute(
            "select report_sha256, extractor_version, is_current, superseded_by, file_sha256"
            " from raw.reports"
        ).fetchall()
    return {row[0]: row[1:] for row in rows}


@pytest.mark.slow
def test_reextract_loads_only_what_changed(
    scratch_warehouse: Settings,
    sample_extractions: dict[str, dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCORECARD_LANDING_URL", f"file://{tmp_path / 'landing'}")
    changed = sample_extractions["derby-scorecard-2018-03-31"]
    same = sample_extractions["derby-scorecard-2017-12-31"]
    changed_sha = _land(SAMPLES_DIR / "derby-scorecard-2018-03-31.pdf", date(2018, 3, 31))
    same_sha = _land(SAMPLES_DIR / "derby-scorecard-2017-12-31.pdf", date(2017, 12, 31))
    bad_pdf = scorecard_pdf(
        tmp_path / "bad.pdf", [[measure("HR PM12b", "Staff")]] * 2, table_header=[False, True]
    )
    bad_sha = _land(bad_pdf, date(2017, 9, 30))

    old = copy.deepcopy(changed)
    fpa = next(m for m in old["measures"] if m["measure_code"] == "FPA PM22b")
    fpa["measure_title"] = fpa["measure_title"].replace("fi", "\ufb01")
    _load_old(old)
    _load_old(same)
    refused = copy.deepcopy(sample_extractions["derby-scorecard-2017-09-30"])
    refused["report"]["source_sha256"] = bad_sha
    _load_old(refused)
    before = dump_schema(scratch_warehouse, "raw")

    outdated = find_outdated("2018-03-31")
    assert [item["sha256"] for item in outdated] == [changed_sha]
    new_key = reextraction_key(changed_sha, EXTRACTOR_VERSION)
    assert outdated[0]["report_key"] == new_key and outdated[0]["loaded_by"] == OLD

    quarters = [Quarter.parse(q) for q in ("2017Q2", "2017Q3", "2017Q4")]
    outcomes = {r.file_sha256: r.outcome for r in reextract_quarters(quarters)}
    assert outcomes == {changed_sha: "reloaded", same_sha: "unchanged", bad_sha: "refused"}

    reports = _reports(scratch_warehouse)
    # the new version has a key of its own; both name the file they were read from
    assert reports[changed_sha] == (OLD, False, new_key, changed_sha)
    assert reports[new_key] == (EXTRACTOR_VERSION, True, None, changed_sha)
    assert reports[same_sha] == (OLD, True, None, same_sha)
    assert reports[bad_sha] == (OLD, True, None, bad_sha)
    assert find_outdated("2018-03-31") == []
    assert find_outdated("2017-12-31") == []  # read the same once: not read again every run
    after = dump_schema(scratch_warehouse, "raw")

    def untouched(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return [r for r in rows if new_key not in r and r[0] != changed_sha]

    for table in after:  # besides the new version and its predecessor, nothing changed
        assert untouched(after[table]) == untouched(before[table]), table
    titles = [row for row in after["measures"] if row[0] == new_key and row[1] == "FPA PM22b"]
    assert [row[5] for row in titles] == [fpa["measure_title"].replace("\ufb01", "fi")]

    result = CliRunner().invoke(main, ["reextract", "--from", "2017Q2", "--to", "2017Q4"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert any(line.startswith(f"current    2018-03-31 {changed_sha[:12]}") for line in lines)
    assert any(line.startswith(f"unchanged  2017-12-31 {same_sha[:12]}") for line in lines)
    assert any(line.startswith(f"refused    2017-09-30 {bad_sha[:12]}") for line in lines)
    assert dump_schema(scratch_warehouse, "raw") == after
