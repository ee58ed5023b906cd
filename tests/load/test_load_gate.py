"""The gate: a report that fails validation is not loaded (the failure is in audit, raw is
untouched), and a load is keyed on the landed file and the validated content, never on what a
JSON claims."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from samplekit import BASE_SAMPLE, DOCTORED_CASES, SAMPLES_DIR, doctor, dump_schema
from sqlalchemy.engine import URL

from scorecard.load import (
    ContentMismatch,
    NotValidated,
    Provenance,
    extraction_sha256,
    load_extraction,
)
from scorecard.settings import Settings
from scorecard.validate import ValidationFailed, validate_extraction

Connect = Callable[[URL], psycopg.Connection[Any]]


@pytest.fixture
def loaded_base(
    scratch_warehouse: Settings, sample_extractions: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """The scratch warehouse with the base sample validated and loaded."""
    base = sample_extractions[BASE_SAMPLE]
    validate_extraction(base, source_uri="file:///base.pdf")
    load_extraction(base, source_uri="file:///base.pdf", pdf=SAMPLES_DIR / f"{BASE_SAMPLE}.pdf")
    return base


@pytest.mark.parametrize("case", sorted(DOCTORED_CASES))
def test_doctored_report_is_refused_and_audited(
    case: str,
    loaded_base: dict[str, Any],
    scratch_warehouse: Settings,
    connect: Connect,
) -> None:
    doctored = doctor(loaded_base, case)
    uri = f"file:///landing/{case}.pdf"
    before = dump_schema(scratch_warehouse, "raw")
    with pytest.raises(ValidationFailed) as raised:
        validate_extraction(doctored, source_uri=uri)
    for fragment in DOCTORED_CASES[case]:
        assert fragment in str(raised.value)
    with pytest.raises(NotValidated, match="latest validation failed"):
        load_extraction(
            doctored, source_uri=uri, provenance=Provenance(doctored["report"]["source_sha256"])
        )
    assert dump_schema(scratch_warehouse, "raw") == before
    with connect(scratch_warehouse.warehouse_url) as conn:
        run = conn.execute(
            "select success, source_uri, suite_name, unsuccessful_expectations,"
            " evaluated_expectations, result_path, failed_expectations"
            " from audit.validation_runs where report_sha256 = %s",
            (doctored["report"]["source_sha256"],),
        ).fetchall()
    assert len(run) == 1
    success, source, suite, failed, evaluated, result_path, failures = run[0]
    assert (success, source, suite) == (False, uri, "scorecard_measures")
    assert 1 <= failed <= evaluated
    assert result_path == raised.value.summary.result_path
    assert any(DOCTORED_CASES[case][0] in line for line in failures)


def test_unvalidated_report_is_not_loaded(
    scratch_warehouse: Settings, sample_extractions: dict[str, dict[str, Any]]
) -> None:
    with pytest.raises(NotValidated, match="not validated yet"):
        load_extraction(
            sample_extractions[BASE_SAMPLE],
            source_uri="file:///x.pdf",
            pdf=SAMPLES_DIR / f"{BASE_SAMPLE}.pdf",
        )
    assert dump_schema(scratch_warehouse, "raw") == {
        "measures": [],
        "report_supersessions": [],
        "reports": [],
    }


def _cli(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from scorecard.cli import main

    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_forged_json_claiming_the_pdf_never_passes_for_it(
    scratch_warehouse: Settings,
    sample_extractions: dict[str, dict[str, Any]],
    tmp_path: Path,
    connect: Connect,
) -> None:
    """Reds turned Green in a JSON that claims the genuine PDF's sha256: refused on its own and
    beside the PDF; with --from-json it goes in as untrusted under its own sha256, and the
    genuine PDF then loads as itself (not skipped as unchanged)."""
    genuine = sample_extractions[BASE_SAMPLE]
    forged = json.loads(json.dumps(genuine))
    turned = 0
    for measure in forged["measures"]:
        if measure["quarterly_status"] == "Red":
            measure["quarterly_status"] = "Green"
            turned += 1
    assert turned
    alone = tmp_path / "alone" / "report.json"
    alone.parent.mkdir()
    alone.write_text(json.dumps(forged))
    code, output = _cli("load", str(alone))
    assert code == 2 and "--from-json" in output
    beside = tmp_path / "beside"
    beside.mkdir()
    (beside / "report.json").write_text(json.dumps(forged))
    shutil.copy(SAMPLES_DIR / f"{BASE_SAMPLE}.pdf", beside / "report.pdf")
    code, output = _cli("load", str(beside / "report.json"))
    assert code == 1 and "not what report.pdf extracts to" in output
    assert dump_schema(scratch_warehouse, "raw")["reports"] == []

    code, output = _cli("load", "--from-json", str(alone))
    assert code == 0, output
    validate_extraction(genuine, source_uri="file:///genuine.pdf")
    result = load_extraction(
        genuine, source_uri="file:///genuine.pdf", pdf=SAMPLES_DIR / f"{BASE_SAMPLE}.pdf"
    )
    assert result.outcome != "unchanged"
    with connect(scratch_warehouse.warehouse_url) as conn:
        rows = conn.execute(
            "select report_sha256, input_kind, extraction_sha256 from raw.reports"
        ).fetchall()
    untrusted_sha = hashlib.sha256(alone.read_bytes()).hexdigest()
    assert sorted(rows) == sorted(
        [
            (untrusted_sha, "json-untrusted", extraction_sha256(forged)),
            (genuine["report"]["source_sha256"], "pdf", extraction_sha256(genuine)),
        ]
    )


def test_the_landed_file_is_hashed_not_the_claim(
    scratch_warehouse: Settings, sample_extractions: dict[str, dict[str, Any]]
) -> None:
    """An extraction offered with another file than the one it names is refused unloaded."""
    other = SAMPLES_DIR / "derby-scorecard-2018-09-30.pdf"
    with pytest.raises(ContentMismatch, match="the file itself is"):
        load_extraction(sample_extractions[BASE_SAMPLE], source_uri="file:///x.pdf", pdf=other)
    assert dump_schema(scratch_warehouse, "raw")["reports"] == []
