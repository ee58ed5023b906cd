"""What a validation run returns or raises: a summary, and the failures an analyst can act on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from scorecard.errors import Refused

if TYPE_CHECKING:
    from scorecard.warehouse.audit import InputKind

SAMPLE_SIZE = 5
"""How many measure codes and unexpected values a failure message names."""


@dataclass(frozen=True)
class FailedExpectation:
    """One expectation that failed, with the measures involved and sample offending values."""

    expectation: str
    column: str | None
    condition: str | None
    unexpected_count: int
    measure_codes: tuple[str, ...]
    sample_values: tuple[Any, ...]
    observed: Any = None
    error: str | None = None
    expected: str | None = None

    def describe(self) -> str:
        """One line: which rule, on which column, which measures, which values."""
        rule = self.expectation + (f"({self.column})" if self.column else "")
        if self.condition:
            rule += f" where {self.condition}"
        if self.error:
            return f"{rule}: could not be evaluated: {self.error}"
        parts = [rule + ":"]
        if self.unexpected_count:
            parts.append(f"{self.unexpected_count} unexpected value(s)")
        if self.measure_codes:
            parts.append("in measures " + ", ".join(self.measure_codes[:SAMPLE_SIZE]))
            if len(self.measure_codes) > SAMPLE_SIZE:
                parts[-1] += f" (+{len(self.measure_codes) - SAMPLE_SIZE} more)"
        if self.sample_values:
            parts.append("e.g. " + ", ".join(repr(v) for v in self.sample_values[:SAMPLE_SIZE]))
        if self.observed is not None:
            parts.append(f"observed {self.observed!r}")
        if self.expected:
            parts.append(f"(expected {self.expected})")
        return " ".join(parts)


@dataclass(frozen=True)
class ValidationSummary:
    """The outcome of validating one report against the suite."""

    suite_name: str
    success: bool
    evaluated: int
    successful: int
    unsuccessful: int
    report_sha256: str | None
    period_end: str | None
    source_uri: str
    measure_count: int
    run_at: datetime
    seconds: float
    result_path: str | None = None
    data_docs_path: str | None = None
    audit_run_id: str | None = None
    failures: tuple[FailedExpectation, ...] = field(default=())
    extraction_sha256: str | None = None
    """sha256 of the validated extraction's content (what a load of it must match)."""
    input_kind: InputKind = "pdf"
    """``pdf`` (read from the report) or ``json-untrusted`` (a JSON nobody vouches for)."""

    def describe(self) -> str:
        """The summary line (and one line per failure) the CLI prints."""
        verdict = "passed" if self.success else "FAILED"
        head = (
            f"{self.source_uri}: {verdict} {self.successful}/{self.evaluated} expectations "
            f"of suite {self.suite_name} ({self.measure_count} measures, "
            f"period {self.period_end or '?'}, {self.seconds:.2f}s)"
        )
        lines = [head, *(f"  - {failure.describe()}" for failure in self.failures)]
        if self.result_path:
            lines.append(f"  result: {self.result_path}")
        if self.data_docs_path:
            lines.append(f"  data docs: {self.data_docs_path}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (an Airflow task returns this through XCom)."""
        return {
            "suite_name": self.suite_name,
            "success": self.success,
            "evaluated": self.evaluated,
            "successful": self.successful,
            "unsuccessful": self.unsuccessful,
            "report_sha256": self.report_sha256,
            "period_end": self.period_end,
            "source_uri": self.source_uri,
            "measure_count": self.measure_count,
            "run_at": self.run_at.isoformat(),
            "seconds": round(self.seconds, 3),
            "result_path": self.result_path,
            "data_docs_path": self.data_docs_path,
            "audit_run_id": self.audit_run_id,
            "extraction_sha256": self.extraction_sha256,
            "input_kind": self.input_kind,
            "failures": [failure.describe() for failure in self.failures],
        }


class ValidationFailed(Refused):
    """A report broke the expectation suite; the message lists every failed expectation with
    the measure codes involved and sample values. ``summary`` holds the full outcome."""

    def __init__(self, summary: ValidationSummary) -> None:
        self.summary = summary
        failures = "\n".join(f"  - {failure.describe()}" for failure in summary.failures)
        where = f" (results: {summary.result_path})" if summary.result_path else ""
        super().__init__(
            f"{summary.source_uri}: {summary.unsuccessful} of {summary.evaluated} expectations "
            f"of suite {summary.suite_name} failed; the report is not loaded{where}:\n{failures}"
        )


def failed_expectation(result: Mapping[str, Any]) -> FailedExpectation:
    """Condense one failed result (``ExpectationValidationResult.to_json_dict()``)."""
    config = result.get("expectation_config") or {}
    kwargs = config.get("kwargs") or {}
    details = result.get("result") or {}
    exception = result.get("exception_info") or {}
    codes, values = _unexpected(details, kwargs)
    return FailedExpectation(
        expectation=str(config.get("type", "?")),
        column=kwargs.get("column") or _pair(kwargs),
        condition=_condition(kwargs.get("row_condition")),
        unexpected_count=int(details.get("unexpected_count") or 0),
        measure_codes=codes,
        sample_values=values,
        observed=details.get("observed_value") if not codes else None,
        error=exception.get("exception_message") if exception.get("raised_exception") else None,
        expected=_expected(kwargs),
    )


_EXPECTED_KEYS = ("value_set", "regex", "type_list", "strftime_format", "column_set")


def _expected(kwargs: Mapping[str, Any]) -> str | None:
    """What the rule wanted, in a few words: a set, a pattern, a range."""
    for key in _EXPECTED_KEYS:
        if key in kwargs:
            value = kwargs[key]
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            return f"{key.replace('_', ' ')} {shown}"
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if low is not None or high is not None:
        return f"between {'-inf' if low is None else low} and {'inf' if high is None else high}"
    return None


def _pair(kwargs: Mapping[str, Any]) -> str | None:
    if "column_A" in kwargs:
        return f"{kwargs['column_A']}, {kwargs['column_B']}"
    return None


def _unexpected(
    details: Mapping[str, Any], kwargs: Mapping[str, Any]
) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """Measure codes (from the index column) and distinct sample values, in report order."""
    codes: list[str] = []
    values: list[Any] = []
    column = kwargs.get("column")
    for entry in details.get("unexpected_index_list") or []:
        if not isinstance(entry, Mapping):
            continue
        code = entry.get("measure_code")
        if code is not None and str(code) not in codes:
            codes.append(str(code))
        value = entry.get(column) if column else None
        if value is not None and value not in values:
            values.append(value)
    if not values:
        for value in details.get("partial_unexpected_list") or []:
            if value not in values:
                values.append(value)
    return tuple(codes), tuple(_plain(v) for v in values[:SAMPLE_SIZE])


def _plain(value: Any) -> Any:
    """Lists of pair values and numpy scalars as plain Python values for messages."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return tuple(_plain(v) for v in value)
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _condition(row_condition: Any) -> str | None:
    """A readable form of a GX row condition dict (``quarter == 4``, ``unit is null``)."""
    if not row_condition:
        return None
    if isinstance(row_condition, str):
        return row_condition
    if isinstance(row_condition, Mapping):
        column = (row_condition.get("column") or {}).get("name", "?")
        if row_condition.get("type") == "nullity":
            return f"{column} is {'null' if row_condition.get('is_null') else 'not null'}"
        if "operator" in row_condition:
            return f"{column} {row_condition['operator']} {row_condition.get('parameter')!r}"
    return str(row_condition)
