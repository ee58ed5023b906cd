"""The validation frame: contract columns, report fields repeated, derived page columns."""

from __future__ import annotations

from typing import Any

from scorecard.validate.frame import DERIVED_FIELDS, MEASURE_FIELDS, REPORT_FIELDS, measures_frame


def _extraction(**measure_overrides: Any) -> dict[str, Any]:
    measure = dict.fromkeys(MEASURE_FIELDS)
    measure.update(measure_code="GOV PM01", measure_title="Sickness", pages=[3, 4])
    measure.update(measure_overrides)
    report = dict.fromkeys(REPORT_FIELDS)
    report.update(period_end="2018-03-31", quarter=4)
    return {"report": report, "measures": [measure]}


def test_columns_are_contract_order_then_report_then_derived() -> None:
    frame = measures_frame(_extraction())
    assert list(frame.columns) == [*MEASURE_FIELDS, *REPORT_FIELDS, *DERIVED_FIELDS]
    row = frame.iloc[0]
    assert (row["period_end"], row["quarter"]) == ("2018-03-31", 4)
    assert (row["measure_ordinal"], row["first_page"], row["last_page"]) == (1, 3, 4)


def test_values_are_not_coerced() -> None:
    frame = measures_frame(_extraction(quarterly_actual="twelve"))
    assert frame.iloc[0]["quarterly_actual"] == "twelve"


def test_missing_field_is_a_missing_column() -> None:
    extraction = _extraction()
    del extraction["measures"][0]["unit"]
    assert "unit" not in measures_frame(extraction).columns


def test_empty_report_keeps_every_column() -> None:
    extraction = _extraction()
    extraction["measures"] = []
    frame = measures_frame(extraction)
    assert len(frame) == 0
    assert list(frame.columns) == [*MEASURE_FIELDS, *REPORT_FIELDS, *DERIVED_FIELDS]
