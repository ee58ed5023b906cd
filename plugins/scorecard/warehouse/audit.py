"""The audit trail of validation: one ``audit.validation_runs`` row per run, pass or fail.

Written as the validator role (which the loader does not hold) in its own short transaction, so
a failed report leaves a trace even though nothing of it reaches ``raw``. Each run records the
sha256 of the extraction's content (:func:`extraction_sha256`): a load needs a passing latest
validation of exactly the content it loads, and the database refuses any other.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import psycopg

from scorecard.settings import Settings, get_settings, libpq_url
from scorecard.warehouse.migrations import ensure_migrated
from scorecard.warehouse.roles import refuse_superuser

InputKind = Literal["pdf", "json-untrusted"]
"""Where an extraction's content came from: its report's PDF, or a JSON nobody vouches for."""


def extraction_sha256(extraction: Mapping[str, Any]) -> str:
    """sha256 of an extraction's content: canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(
        extraction, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ValidationRun:
    """The facts of one validation run, as stored in ``audit.validation_runs``."""

    report_sha256: str | None
    source_uri: str | None
    period_end: date | None
    suite_name: str
    success: bool
    evaluated: int
    successful: int
    unsuccessful: int
    run_at: datetime
    result_path: str | None
    failed_expectations: tuple[str, ...] = ()
    extraction_sha256: str | None = None
    input_kind: InputKind = "pdf"


def record_validation_run(run: ValidationRun, settings: Settings | None = None) -> str:
    """Insert one run (own transaction, validator role); return its ``run_id``."""
    s = settings or get_settings()
    ensure_migrated(s)
    with psycopg.connect(libpq_url(s.validator_url)) as conn:
        refuse_superuser(conn, "SCORECARD_VALIDATOR_URL")
        row = conn.execute(
            """
            insert into audit.validation_runs (
                report_sha256, source_uri, period_end, suite_name, success,
                evaluated_expectations, successful_expectations, unsuccessful_expectations,
                run_at, result_path, failed_expectations, extraction_sha256, input_kind
            ) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
            returning run_id
            """,
            (
                run.report_sha256,
                run.source_uri,
                run.period_end,
                run.suite_name,
                run.success,
                run.evaluated,
                run.successful,
                run.unsuccessful,
                run.run_at,
                run.result_path,
                list(run.failed_expectations),
                run.extraction_sha256,
                run.input_kind,
            ),
        ).fetchone()
    assert row is not None
    return str(row[0])
