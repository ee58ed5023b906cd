"""The table Great Expectations validates: one row per measure, report fields repeated.

Columns are the measure fields of the extraction contract (in contract order), then the report
fields (``period_end``, ``quarter``, ... repeated on every row so that row-level rules can
compare them), then three derived columns: ``measure_ordinal`` (1-based position in the
report), ``first_page`` and ``last_page`` (min/max of ``pages``; GX has no expectation on list
elements). Values are *not* coerced: a string where a number belongs stays a string, so the
suite can name it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from scorecard.extract.model import MEASURE_FIELDS, REPORT_FIELDS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DERIVED_FIELDS", "MEASURE_FIELDS", "REPORT_FIELDS", "measures_frame"]

DERIVED_FIELDS: tuple[str, ...] = ("measure_ordinal", "first_page", "last_page")


def measures_frame(extraction: Mapping[str, Any]) -> pd.DataFrame:
    """Build the validation DataFrame of one extraction dict (see the module docstring)."""
    import pandas as pd

    report = extraction.get("report") or {}
    measures = list(extraction.get("measures") or [])
    records = [_record(measure, ordinal, report) for ordinal, measure in enumerate(measures, 1)]
    columns = _columns(measures)
    return pd.DataFrame.from_records(records, columns=columns) if records else _empty(columns)


def _record(measure: Mapping[str, Any], ordinal: int, report: Mapping[str, Any]) -> dict[str, Any]:
    """One row: the measure's own keys (missing keys stay missing), report fields, derived."""
    pages = measure.get("pages")
    numbers = [p for p in pages if isinstance(p, int)] if isinstance(pages, list) else []
    return {
        **dict(measure),
        **{name: report.get(name) for name in REPORT_FIELDS},
        "measure_ordinal": ordinal,
        "first_page": min(numbers) if numbers else None,
        "last_page": max(numbers) if numbers else None,
    }


def _columns(measures: list[Mapping[str, Any]]) -> list[str]:
    """Contract order for known fields, then any extra keys; a field no measure has is absent
    (so the column-set expectation names it). An empty report gets every contract column."""
    if not measures:
        return [*MEASURE_FIELDS, *REPORT_FIELDS, *DERIVED_FIELDS]
    present: dict[str, None] = {}
    for measure in measures:
        present.update(dict.fromkeys(measure))
    known = [name for name in MEASURE_FIELDS if name in present]
    extra = [name for name in present if name not in MEASURE_FIELDS]
    return [*known, *extra, *REPORT_FIELDS, *DERIVED_FIELDS]


def _empty(columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({name: pd.Series([], dtype=object) for name in columns})
