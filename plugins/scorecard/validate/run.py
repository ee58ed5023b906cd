"""One validation run: the measures frame through the committed suite, summarised and recorded.

The run's result JSON and Data Docs are kept under the landing folder; the run is recorded in
``audit.validation_runs`` as the validator role, with the sha256 of the extraction's content (what
a load must match). A failure raises :class:`ValidationFailed` naming every failed expectation.
pandas and Great Expectations are imported on the first run, not with this module.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from scorecard.extract.model import as_dict
from scorecard.settings import Settings, get_settings
from scorecard.validate.results import ValidationFailed, ValidationSummary
from scorecard.warehouse.audit import InputKind, extraction_sha256


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
        summary = _record(summary, s)
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


def _record(summary: ValidationSummary, settings: Settings) -> ValidationSummary:
    """Write the audit row; return the summary with its ``audit_run_id``."""
    from dataclasses import fields, replace

    from scorecard.warehouse.audit import ValidationRun, record_validation_run

    shared = {
        f.name: getattr(summary, f.name) for f in fields(ValidationRun) if hasattr(summary, f.name)
    }
    run = ValidationRun(
        **{
            **shared,
            "period_end": _date_or_none(summary.period_end),
            "failed_expectations": tuple(f.describe() for f in summary.failures),
        }
    )
    return replace(summary, audit_run_id=record_validation_run(run, settings))


def _date_or_none(text: str | None) -> Any:
    """The period end as a date when it is one (a doctored report may carry any text)."""
    from datetime import date

    try:
        return date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None
