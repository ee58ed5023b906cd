"""A report that fails validation is not loaded; the failure is in audit, raw is untouched."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from samplekit import BASE_SAMPLE, DOCTORED_CASES, SAMPLES_DIR, doctor, dump_schema
from sqlalchemy.engine import URL

from scorecard.load import NotValidated, Provenance, load_extraction
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
