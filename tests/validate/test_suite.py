"""The committed suite against the samples (pass) and doctored extractions (fail, named)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from samplekit import BASE_SAMPLE, DOCTORED_CASES, SAMPLES_DIR, doctor

from scorecard.settings import Settings
from scorecard.validate import ValidationFailed, validate_extraction
from scorecard.validate.gx_runner import data_docs_dir, read_suite, suite_path

SAMPLE_STEMS = sorted(path.stem for path in SAMPLES_DIR.glob("derby-scorecard-*.pdf"))


def test_suite_json_is_a_gx_suite(warehouse: Settings) -> None:
    import great_expectations as gx

    data = read_suite(suite_path(warehouse))
    suite = gx.ExpectationSuite(**data)
    assert suite.name == "scorecard_measures"
    assert len(suite.expectations) >= 40
    assert all(item.get("notes") for item in data["expectations"]), "every rule says why"


@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_each_sample_passes(
    stem: str, sample_extractions: dict[str, dict[str, Any]], warehouse: Settings
) -> None:
    summary = validate_extraction(
        sample_extractions[stem], source_uri=f"file:///samples/{stem}.pdf", record=False
    )
    assert summary.success, summary.describe()
    assert summary.unsuccessful == 0 and summary.evaluated == summary.successful
    assert summary.measure_count == len(sample_extractions[stem]["measures"])


@pytest.mark.parametrize("case", sorted(DOCTORED_CASES))
def test_doctored_extraction_fails_naming_the_problem(
    case: str, sample_extractions: dict[str, dict[str, Any]], warehouse: Settings
) -> None:
    base = sample_extractions[BASE_SAMPLE]
    with pytest.raises(ValidationFailed) as raised:
        validate_extraction(doctor(base, case), source_uri=f"file:///{case}.pdf", record=False)
    message = str(raised.value)
    assert f"file:///{case}.pdf" in message and "not loaded" in message
    for fragment in DOCTORED_CASES[case]:
        assert fragment in message, message
    if case in {"status_purple", "non_numeric_actual", "numeric_text_not_parsed"}:
        assert base["measures"][0]["measure_code"] in message
    if case == "duplicated_code":
        assert base["measures"][0]["measure_code"] in message
    assert raised.value.summary.unsuccessful >= 1


def test_results_and_data_docs_are_kept(
    sample_extractions: dict[str, dict[str, Any]], warehouse: Settings
) -> None:
    summary = validate_extraction(
        sample_extractions[BASE_SAMPLE], source_uri="file:///base.pdf", record=False
    )
    assert summary.result_path is not None
    result = json.loads(Path(summary.result_path).read_text())
    assert result["success"] is True
    assert result["suite_name"] == "scorecard_measures"
    assert (data_docs_dir(warehouse) / "index.html").exists()
    assert summary.data_docs_path and summary.data_docs_path.endswith(".html")


def test_a_validation_is_quick_once_gx_is_loaded(
    sample_extractions: dict[str, dict[str, Any]], warehouse: Settings
) -> None:
    extraction = sample_extractions[BASE_SAMPLE]
    validate_extraction(extraction, source_uri="file:///warm.pdf", record=False)
    started = time.process_time()  # CPU time: the machine is shared, wall time is not ours
    validate_extraction(extraction, source_uri="file:///timed.pdf", record=False)
    assert time.process_time() - started < 5
