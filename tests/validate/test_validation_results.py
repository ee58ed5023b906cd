"""Failure messages name the rule, the column, the measures and sample values; a recorded run
carries the hash of exactly the content it validated."""

from __future__ import annotations

import json
from typing import Any

from scorecard.validate.results import failed_expectation


def test_column_failure_names_measures_and_values() -> None:
    failure = failed_expectation(
        {
            "success": False,
            "expectation_config": {
                "type": "expect_column_values_to_be_in_set",
                "kwargs": {"column": "quarterly_status", "value_set": ["Red", "Amber"]},
            },
            "result": {
                "unexpected_count": 2,
                "unexpected_index_list": [
                    {"measure_code": "CP 08f", "quarterly_status": "Purple"},
                    {"measure_code": "GOV PM01", "quarterly_status": "Purple"},
                ],
            },
            "exception_info": {"raised_exception": False},
        }
    )
    text = failure.describe()
    assert text.startswith("expect_column_values_to_be_in_set(quarterly_status):")
    assert "measures CP 08f, GOV PM01" in text
    assert "'Purple'" in text
    assert "expected value set Red, Amber" in text


def test_conditional_table_and_error_failures() -> None:
    conditional = failed_expectation(
        {
            "expectation_config": {
                "type": "expect_column_values_to_match_regex",
                "kwargs": {
                    "column": "period_end",
                    "regex": "-03-31$",
                    "row_condition": {
                        "type": "comparison",
                        "column": {"name": "quarter"},
                        "operator": "==",
                        "parameter": 4,
                    },
                },
            },
            "result": {"unexpected_count": 1, "unexpected_index_list": []},
        }
    )
    assert "where quarter == 4" in conditional.describe()
    table = failed_expectation(
        {
            "expectation_config": {
                "type": "expect_table_row_count_to_be_between",
                "kwargs": {"min_value": 5, "max_value": 150},
            },
            "result": {"observed_value": 0},
        }
    )
    assert table.describe() == (
        "expect_table_row_count_to_be_between: observed 0 (expected between 5 and 150)"
    )
    broken = failed_expectation(
        {
            "expectation_config": {"type": "expect_column_values_to_be_between", "kwargs": {}},
            "exception_info": {"raised_exception": True, "exception_message": "boom"},
        }
    )
    assert "could not be evaluated: boom" in broken.describe()


def test_a_run_is_recorded_with_the_hash_of_exactly_its_content(
    scratch_warehouse: Any, sample_extractions: dict[str, dict[str, Any]], connect: Any
) -> None:
    """The validator role records the extraction's content hash: one changed character is
    another content, with no validation of its own."""
    from samplekit import BASE_SAMPLE

    from scorecard.load import extraction_sha256
    from scorecard.validate import validate_extraction

    data = sample_extractions[BASE_SAMPLE]
    summary = validate_extraction(data, source_uri="file:///hashed.pdf")
    edited = json.loads(json.dumps(data))
    edited["measures"][0]["context"] = (edited["measures"][0]["context"] or "") + "."
    assert extraction_sha256(edited) != extraction_sha256(data)
    assert extraction_sha256(json.loads(json.dumps(data))) == extraction_sha256(data)
    with connect(scratch_warehouse.warehouse_url) as conn:
        rows = conn.execute(
            "select extraction_sha256, input_kind, success, report_sha256"
            " from audit.validation_runs where run_id = %s",
            (summary.audit_run_id,),
        ).fetchall()
    assert rows == [(extraction_sha256(data), "pdf", True, data["report"]["source_sha256"])]
    assert summary.to_dict()["extraction_sha256"] == extraction_sha256(data)
