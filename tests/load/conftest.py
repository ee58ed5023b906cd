"""Load-test helpers: record a validation as the validator role, as the validate step would (a
passing one keeps the rows it saw), without running the suite (the loader is under test here)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from scorecard.settings import Settings
from scorecard.warehouse.audit import Staged, ValidationRun, record_validation_run
from scorecard.warehouse.rows import extraction_sha256, staged_rows

Attest = Callable[..., str]


@pytest.fixture
def attest(scratch_warehouse: Settings) -> Attest:
    """``attest(extraction, report_sha256=None, success=True, input_kind="pdf")``: a run in
    ``audit.validation_runs`` for exactly this content, written by the validator role."""

    def _attest(
        extraction: dict[str, Any],
        report_sha256: str | None = None,
        success: bool = True,
        input_kind: str = "pdf",
    ) -> str:
        sha = report_sha256 or extraction["report"]["source_sha256"]
        rows = staged_rows(
            extraction, source_uri="file:///attested.pdf", report_sha256=sha, input_kind=input_kind
        )
        return record_validation_run(
            ValidationRun(
                report_sha256=sha,
                source_uri="file:///attested.pdf",
                period_end=None,
                suite_name="attested-by-test",
                success=success,
                evaluated=1,
                successful=int(success),
                unsuccessful=int(not success),
                run_at=datetime.now(UTC),
                result_path=None,
                extraction_sha256=extraction_sha256(extraction),
                input_kind=input_kind,  # type: ignore[arg-type]
            ),
            scratch_warehouse,
            Staged(*rows, hours=1),
        )

    return _attest
