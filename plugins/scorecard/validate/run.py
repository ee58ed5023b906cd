"""One validation run: the measures frame through the committed suite, summarised and recorded.

The run's result JSON and Data Docs are kept under the landing folder; the run is recorded in
``audit.validation_runs`` as the validator role, with the sha256 of the extraction's content, and
a passing run keeps the rows it validated for the load (``audit.validated_reports`` /
``validated_measures``): the load can only put those rows into ``raw``. Content the warehouse
cannot store (a NUL byte in a text) fails the run like an expectation. A failure raises
:class:`ValidationFailed` naming every failed expectation. pandas and Great Expectations are
imported on the first run, not with this module.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from scorecard.extract.model import as_dict
from scorecard.settings import Settings, get_settings
from scorecard.validate.results import ValidationFailed, ValidationSummary
from scorecard.warehouse.audit import InputKind
from scorecard.warehouse.rows import extraction_sha256


def validate_extraction(
    extraction: Any,
    *,
    source_uri: str,
    settings: Settings | None = None,
    record: bool = True,
    raise_on_failure: bool = True,
    report_sha256: str | None = None,
    input_kind: InputKind = "pdf",
) -> ValidationSummary:
    """Validate one report (an Extraction or its dict); return the summary or raise.

    ``record`` writes the run to ``audit.validation_runs`` (a load needs a passing latest run of
    exactly the same content). ``report_sha256`` is the file's identity when it is not the one
    the extraction claims (an untrusted JSON: its own sha256, with ``input_kind``
    ``"json-untrusted"``). ``raise_on_failure=False`` returns a failed summary instead.
    """
    from scorecard.validate.frame import measures_frame
    from scorecard.validate.gx_runner import get_runner

    s = settings or get_settings()
    _analytics_off()
    data = as_dict(extraction)
    content_sha = extraction_sha256(data)
    report = {**(data.get("report") or {})}
    if report_sha256 is not None:
        report["source_sha256"] = report_sha256
    started = time.perf_counter()
    run_at = datetime.now(UTC)
    runner = get_runner(s)
    frame = measures_frame(data)
    run_name = f"{report.get('period_end') or 'unknown'}_{str(report.get('source_sha256'))[:12]}"
    result, result_path, docs_url = runner.run(frame, run_name)
    summary = ValidationSummary(
        **_outcome(result),
        suite_name=runner.suite_name,
        report_sha256=report.get("source_sha256"),
        period_end=report.get("period_end"),
        source_uri=source_uri,
        measure_count=len(frame),
        run_at=run_at,
        seconds=time.perf_counter() - started,
        result_path=result_path,
        data_docs_path=docs_url,
        extraction_sha256=content_sha,
        input_kind=input_kind,
    )
    if record:
        summary = _record(summary, s, data)
    if raise_on_failure and not summary.success:
        raise ValidationFailed(summary)
    return summary


def _analytics_off() -> None:
    """Analytics off before GX is imported (the CLI and Airflow do this too)."""
    from scorecard.settings import switch_off_telemetry

    switch_off_telemetry()


def _outcome(result: Mapping[str, Any]) -> dict[str, Any]:
    """The verdict, counts and failures of a GX suite result dict."""
    from scorecard.validate.results import failed_expectation

    statistics = result.get("statistics") or {}
    return {
        "success": bool(result.get("success")),
        "evaluated": int(statistics.get("evaluated_expectations") or 0),
        "successful": int(statistics.get("successful_expectations") or 0),
        "unsuccessful": int(statistics.get("unsuccessful_expectations") or 0),
        "failures": tuple(
            failed_expectation(item) for item in result.get("results") or [] if not item["success"]
        ),
    }


def _record(
    summary: ValidationSummary, settings: Settings, data: Mapping[str, Any]
) -> ValidationSummary:
    """Write the audit row (and, for a pass, the rows it validated); return the summary with its
    ``audit_run_id``. Rows the warehouse cannot store turn the run into a failure."""
    from dataclasses import replace

    from scorecard.warehouse.audit import Unstorable, record_validation_run

    staged = _staged(summary, settings, data) if summary.success else None
    try:
        if isinstance(staged, Unstorable):
            raise staged
        run_id = record_validation_run(_run(summary), settings, staged)
    except Unstorable as error:
        summary = _unstorable(summary, str(error))
        run_id = record_validation_run(_run(summary), settings)
    return replace(summary, audit_run_id=run_id)


def _run(summary: ValidationSummary) -> Any:
    """The audit row of a summary."""
    from dataclasses import fields

    from scorecard.warehouse.audit import ValidationRun

    shared = {
        f.name: getattr(summary, f.name) for f in fields(ValidationRun) if hasattr(summary, f.name)
    }
    return ValidationRun(
        **{
            **shared,
            "period_end": _date_or_none(summary.period_end),
            "failed_expectations": tuple(f.describe() for f in summary.failures),
        }
    )


def _staged(summary: ValidationSummary, settings: Settings, data: Mapping[str, Any]) -> Any:
    """The rows a passing run keeps for the load, or why they cannot be kept."""
    from scorecard.warehouse.audit import Staged, Unstorable
    from scorecard.warehouse.rows import staged_rows

    try:
        report, measures = staged_rows(
            data,
            source_uri=summary.source_uri,
            report_sha256=str(summary.report_sha256),
            input_kind=summary.input_kind,
        )
    except (KeyError, TypeError, ValueError) as error:
        return Unstorable(f"{summary.source_uri}: its rows cannot be formed ({error!r})")
    return Staged(report, measures, settings.sessions.validation_hours)


def _unstorable(summary: ValidationSummary, reason: str) -> ValidationSummary:
    """The summary as a failure: the warehouse could not keep what the suite passed."""
    from dataclasses import replace

    from scorecard.validate.results import FailedExpectation

    failure = FailedExpectation(
        expectation="storable_in_the_warehouse",
        column=None,
        condition=None,
        unexpected_count=0,
        measure_codes=(),
        sample_values=(),
        error=reason.split(": ", 1)[-1],
    )
    return replace(
        summary,
        success=False,
        evaluated=summary.evaluated + 1,
        unsuccessful=summary.unsuccessful + 1,
        failures=(*summary.failures, failure),
    )


def _date_or_none(text: str | None) -> Any:
    """The period end as a date when it is one (a doctored report may carry any text)."""
    from datetime import date

    try:
        return date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None
